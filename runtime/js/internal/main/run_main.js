'use strict';
// Runs what the command line names: the -r preloads, then the script file,
// the -e/-p code, the script read from standard input, or the REPL (no
// script on a terminal, or -i).

const pathUtil = require('internal/modules/path');
const esmLoader = require('internal/modules/esm/loader');
const { addBuiltinLibsToObject } = require('internal/modules/helpers');
const { op_modules_run_script_sync: runScript } = internalBinding('modules');
const { op_io_read_sync: readFd } = internalBinding('io');

function run(process, info, { Module, cjs, inspect }) {
  for (const request of info.requires) {
    const parent = new Module('internal/preload', null);
    parent.paths = Module._nodeModulePaths(process.cwd());
    Module._load(request, parent, false);
  }
  const entry = info.entry;
  switch (entry.kind) {
    case 'file': {
      if (info.check) {
        checkSyntax(Module, process.argv[1]);
        break;
      }
      const mainPath = resolveMainPath(Module, process.argv[1]);
      if (isEsmEntry(mainPath)) {
        esmLoader.runMain(mainPath);
      } else {
        Module.runMain(process.argv[1]);
      }
      break;
    }
    case 'eval':
      // -e/-p code, script or module, sees the core modules as globals
      // (`fs`, `util`, …), as in Node; code from standard input does not.
      addBuiltinLibsToObject(globalThis, Module.builtinModules.filter((id) => !id.startsWith('_')));
      if (info.interactive) {
        // `-i -e code`: the REPL starts, then the code runs in its context.
        require('internal/main/repl').start(process, info);
      }
      if (isModuleInput(info, entry.source, '[eval]')) {
        esmLoader.evalModule(entry.source, entry.print);
      } else {
        evalScript(process, Module, cjs, '[eval]', entry.source, entry.print, inspect);
      }
      break;
    case 'worker-eval':
      // `new Worker(code, { eval: true })`: a script named [worker eval].
      if (isModuleInput(info, entry.source, '[worker eval]')) {
        esmLoader.evalModule(entry.source, false);
      } else {
        evalScript(process, Module, cjs, '[worker eval]', entry.source, false, inspect);
      }
      break;
    case 'repl':
      if (info.stdinIsTTY || info.interactive) {
        require('internal/main/repl').start(process, info);
        break;
      }
    // Falls through: no terminal, so standard input is the script.
    case 'stdin': {
      const bytes = readFd(0);
      const source = new TextDecoder().decode(bytes);
      if (isModuleInput(info, source, '[stdin]')) {
        esmLoader.evalModule(source, entry.print);
      } else {
        evalScript(process, Module, cjs, '[stdin]', source, entry.print, inspect);
      }
      break;
    }
    default:
      break;
  }
}

const { op_modules_package_type_sync: packageType } = internalBinding('modules');
const { op_fs_stat_kind_sync: statKind } = internalBinding('fs');

// -e code and stdin are an ES module with --input-type=module, or when
// they have module syntax and no --input-type was given.
function isModuleInput(info, source, name) {
  if (info.inputType !== '') return info.inputType === 'module';
  return esmLoader.containsModuleSyntax(source, name, false);
}

// Node's resolveMainPath: the main script as `require` finds it (with
// the CommonJS extensions), or undefined.
function resolveMainPath(Module, main) {
  const found = Module._findPath(pathUtil.resolve(main), null, true);
  return found === false ? undefined : found;
}

// Node's shouldUseESMLoader: `.mjs`, or anything but `.cjs` in a
// `"type": "module"` package scope.
function isEsmEntry(file) {
  if (!file || file.endsWith('.cjs')) return false;
  if (file.endsWith('.mjs')) return true;
  return statKind(file) === 0 && packageType(file) === 'module';
}

// -c / --check: compile the entry as Node would (an ES module as a
// module), run nothing.
function checkSyntax(Module, file) {
  const { op_modules_compile_function_sync: compileFunction } = internalBinding('modules');
  const { op_fs_read_file_utf8_sync: readFile } = internalBinding('fs');
  const filename = Module._resolveFilename(file, null, true);
  let source = readFile(filename);
  if (source.charCodeAt(0) === 0xFEFF) source = source.slice(1);
  if (isEsmEntry(filename) ||
      (packageType(filename) === 'none' && esmLoader.containsModuleSyntax(source, filename))) {
    esmLoader.checkSyntax(source, filename);
    return;
  }
  if (source.startsWith('#!')) source = '//' + source.slice(2);
  compileFunction(source, filename, ['exports', 'require', 'module', '__filename', '__dirname']);
}

// -e, -p and stdin code runs as a script in the global scope, with
// `module`, `exports`, `require`, `__filename` and `__dirname` as globals.
function evalScript(process, Module, cjs, name, body, print, inspect) {
  const cwd = process.cwd();
  const module = new Module(name);
  module.filename = pathUtil.join(cwd, name);
  module.paths = Module._nodeModulePaths(cwd);
  const require = cjs.makeRequireFunction(module);
  globalThis.__filename = name;
  globalThis.module = module;
  globalThis.exports = module.exports;
  globalThis.__dirname = '.';
  globalThis.require = require;
  // Node 24 prints the result when the process exits (after the loop has
  // run, before the listeners the code itself added), if the code ran.
  let ran = false;
  let result;
  if (print) {
    process.on('exit', () => {
      if (ran) globalThis.console.log(result);
    });
  }
  result = runScript(body, name);
  ran = true;
}

module.exports = { run };
