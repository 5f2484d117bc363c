'use strict';
// Runs what the command line names: the -r preloads, then the script file,
// the -e/-p code, the script read from standard input, or the REPL (no
// script on a terminal, or -i).

const pathUtil = require('internal/modules/path');
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
    case 'file':
      if (info.check) {
        checkSyntax(Module, process.argv[1]);
        break;
      }
      if (isEsmEntry(process.argv[1])) {
        throw esmNotYet(process.argv[1]);
      }
      Module.runMain(process.argv[1]);
      break;
    case 'eval':
      if (info.interactive) {
        // `-i -e code`: the REPL starts, then the code runs in its context.
        require('internal/main/repl').start(process, info);
      }
      if (info.inputType === 'module') throw esmNotYet('[eval]');
      evalScript(process, Module, cjs, '[eval]', entry.source, entry.print, inspect);
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
      evalScript(process, Module, cjs, '[stdin]', source, false, inspect);
      break;
    }
    default:
      break;
  }
}

const { op_modules_package_type_sync: packageType } = internalBinding('modules');
const { op_fs_stat_kind_sync: statKind } = internalBinding('fs');

function isEsmEntry(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  return statKind(file) === 0 && (file.endsWith('.js') || !file.includes('.', file.lastIndexOf('/'))) &&
    packageType(file) === 'module';
}

// -c / --check: compile the entry as Node would, run nothing.
function checkSyntax(Module, file) {
  const { op_modules_compile_function_sync: compileFunction } = internalBinding('modules');
  const { op_fs_read_file_utf8_sync: readFile } = internalBinding('fs');
  const filename = Module._resolveFilename(file, null, true);
  if (isEsmEntry(filename)) throw esmNotYet(filename);
  let source = readFile(filename);
  if (source.charCodeAt(0) === 0xFEFF) source = source.slice(1);
  if (source.startsWith('#!')) source = '//' + source.slice(2);
  compileFunction(source, filename, ['exports', 'require', 'module', '__filename', '__dirname']);
}

function esmNotYet(what) {
  const err = new Error(`Cannot run ${what}: ES modules are not supported by this nodus build yet`);
  err.code = 'ERR_NODUS_ESM_UNSUPPORTED';
  return err;
}

// -e, -p and stdin code runs as a script in the global scope, with
// `module`, `exports`, `require`, `__filename` and `__dirname` as globals.
function evalScript(process, Module, cjs, name, body, print, inspect) {
  const cwd = process.cwd();
  const module = new Module(name);
  module.filename = pathUtil.join(cwd, name);
  module.paths = Module._nodeModulePaths(cwd);
  const require = cjs.makeRequireFunction(module);
  globalThis.module = module;
  globalThis.exports = module.exports;
  globalThis.__filename = name;
  globalThis.__dirname = '.';
  globalThis.require = require;
  const result = runScript(body, name);
  if (print) {
    process.on('exit', () => {
      globalThis.console.log(result);
    });
  }
}

module.exports = { run };
