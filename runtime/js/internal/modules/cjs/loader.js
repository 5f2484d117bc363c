'use strict';
// The CommonJS loader: Node's `Module` (the object `require('module')`
// returns). Resolution (extensions, directories, package.json `main`,
// `exports`, `imports`, self-reference, node_modules lookup) is done by the
// Rust side (src/modules/resolve.rs), which the ES module loader shares;
// this file keeps Node's JS surface so packages that patch
// `Module._resolveFilename`, `Module._extensions` or `Module.prototype._compile`
// keep working.

const realm = require('internal/bootstrap/realm_state');
const modulesBinding = internalBinding('modules');
const fsBinding = internalBinding('fs');
const pathUtil = require('internal/modules/path');

const {
  op_modules_resolve_require_sync: resolveRequireOp,
  op_modules_node_module_paths_sync: nodeModulePaths,
  op_modules_package_type_sync: packageType,
  op_modules_compile_function_sync: compileFunction,
} = modulesBinding;
const { op_fs_read_file_utf8_sync: readFileUtf8 } = fsBinding;

const kParent = Symbol('kParent');
const kIsMainSymbol = Symbol('kIsMainSymbol');
// Set on a module the ES module loader put in the cache (to learn its
// exports) before anything loaded it: the first `_load` loads it.
const kIsCachedByESMLoader = Symbol('kIsCachedByESMLoader');

// Builtins that exist only with the `node:` scheme.
const schemeOnly = new Set(['test', 'test/reporters', 'sea', 'sqlite']);

let options = { conditions: [], preserveSymlinks: false, exposeInternals: false };
let process = null;
let onRequireEsm = null;
let onEsmSyntax = null;
let onRequireModule = null;

function setup(p, opts) {
  process = p;
  options = opts;
}

function setEsmHook(hook) { onRequireEsm = hook; }

// `hook(module, filename, source)` loads an ES module for require() and
// sets `module.exports` (Node 20.19+'s require(esm), on unless
// --no-experimental-require-module).
function setRequireModuleHook(hook) { onRequireModule = hook; }

function requireModuleEnabled() {
  return options.requireModule !== false && onRequireModule !== null;
}

// `hook(module, content, filename, error)` is called when a module fails to
// compile as CommonJS; it returns true when it ran the file as an ES module
// instead (a main script with ES module syntax and no package "type").
function setEsmSyntaxHook(hook) { onEsmSyntax = hook; }

// Node 24's builtinModules lists the scheme-only ones last, with `node:`.
function builtinIds() {
  const plain = realm.builtinIds.filter((id) => !schemeOnly.has(id));
  const prefixed = [...schemeOnly].filter((id) => realm.builtinExists(id)).map((id) => `node:${id}`);
  return [...plain, ...prefixed];
}

function canBeRequiredWithoutScheme(id) {
  if (options.exposeInternals && typeof id === 'string' && id.startsWith('internal/')) {
    return realm.moduleIds.includes(id);
  }
  return realm.builtinExists(id) && !schemeOnly.has(id);
}

function isBuiltin(id) {
  if (typeof id !== 'string') return false;
  if (id.startsWith('node:')) return realm.builtinExists(id.slice(5));
  return canBeRequiredWithoutScheme(id);
}

function loadBuiltin(id) {
  return realm.requireBuiltin(id);
}

function updateChildren(parent, child, scan) {
  const children = parent && parent.children;
  if (children && !(scan && children.includes(child))) children.push(child);
}

function Module(id = '', parent) {
  this.id = id;
  this.path = pathUtil.dirname(id);
  Object.defineProperty(this, 'exports', { __proto__: null, value: {}, writable: true, enumerable: true, configurable: true });
  this[kParent] = parent;
  updateChildren(parent, this, false);
  this.filename = null;
  this.loaded = false;
  this.children = [];
}

Object.defineProperty(Module.prototype, 'parent', {
  __proto__: null,
  get() { return this[kParent]; },
  set(value) { this[kParent] = value; },
  enumerable: false,
  configurable: true,
});

Module._cache = Object.create(null);
Module._pathCache = Object.create(null);
Module._extensions = Object.create(null);
Module.globalPaths = [];
Module.Module = Module;
Module.isBuiltin = isBuiltin;
Object.defineProperty(Module, 'builtinModules', {
  __proto__: null,
  get() { return builtinIds(); },
  enumerable: true,
  configurable: true,
});

Module.wrapper = [
  '(function (exports, require, module, __filename, __dirname) { ',
  '\n});',
];
Module.wrap = function wrap(script) {
  return Module.wrapper[0] + script + Module.wrapper[1];
};

Module._nodeModulePaths = function _nodeModulePaths(from) {
  return nodeModulePaths(pathUtil.resolve(from));
};

Module._initPaths = function _initPaths() {
  const home = process.env.HOME;
  const paths = [];
  if (home) {
    paths.push(pathUtil.resolve(home, '.node_modules'), pathUtil.resolve(home, '.node_libraries'));
  }
  const nodePath = process.env.NODE_PATH;
  const extra = nodePath ? nodePath.split(':').filter(Boolean) : [];
  Module.globalPaths = [...extra, ...paths];
};

Module._resolveLookupPaths = function _resolveLookupPaths(request, parent) {
  if (isBuiltin(request)) return null;
  if (request[0] !== '.' ||
      (request.length > 1 && request[1] !== '.' && request[1] !== '/')) {
    let paths;
    if (parent && parent.paths && parent.paths.length) {
      paths = [...parent.paths, ...Module.globalPaths];
    } else {
      paths = [...Module.globalPaths];
    }
    return paths.length > 0 ? paths : null;
  }
  if (!parent || !parent.id || !parent.filename) {
    return ['.'];
  }
  return [pathUtil.dirname(parent.filename)];
};

function parentDir(parent) {
  if (!parent) return process.cwd();
  if (parent.filename) return pathUtil.dirname(parent.filename);
  return process.cwd();
}

// The resolution op; a package whose `main` names nothing (its `index` was
// taken) gets Node's DEP0128 warning, once per package.json.
const invalidMainWarned = new Set();
function resolveRequire(...args) {
  const found = resolveRequireOp(...args);
  if (!Array.isArray(found)) return found;
  const [filename, jsonPath, main] = found;
  if (!invalidMainWarned.has(jsonPath)) {
    invalidMainWarned.add(jsonPath);
    process.emitWarning(`Invalid 'main' field in '${jsonPath}' of '${main}'. ` +
      'Please either fix that or report it to the module author', 'DeprecationWarning', 'DEP0128');
  }
  return filename;
}

function extensionsList() {
  return Object.keys(Module._extensions);
}

Module._findPath = function _findPath(request, paths, isMain) {
  const found = resolveRequire(request, pathUtil.isAbsolute(request) ? '/' : process.cwd(),
    paths || [], extensionsList(), options.conditions, options.preserveSymlinks);
  return found === undefined ? false : found;
};

Module._resolveFilename = function _resolveFilename(request, parent, isMain, opts) {
  if (typeof request !== 'string') {
    throw invalidArgType('id', 'string', request);
  }
  if (request.startsWith('node:') ? realm.builtinExists(request.slice(5)) : canBeRequiredWithoutScheme(request)) {
    return request;
  }
  let paths;
  let base = parentDir(parent);
  if (typeof opts === 'object' && opts !== null) {
    if (Array.isArray(opts.paths)) {
      const isRelative = request.startsWith('./') || request.startsWith('../') ||
        request === '.' || request === '..';
      if (isRelative) {
        paths = opts.paths.map((p) => pathUtil.resolve(p));
      } else {
        const fakeParent = new Module('', null);
        paths = [];
        for (const p of opts.paths) {
          fakeParent.paths = Module._nodeModulePaths(p);
          const lookup = Module._resolveLookupPaths(request, fakeParent) || [];
          for (const dir of lookup) if (!paths.includes(dir)) paths.push(dir);
        }
      }
    } else if (opts.paths === undefined) {
      paths = Module._resolveLookupPaths(request, parent);
    } else {
      throw invalidArgValue('options.paths', opts.paths);
    }
  } else {
    paths = Module._resolveLookupPaths(request, parent);
  }
  const filename = resolveRequire(request, base, paths || [], extensionsList(),
    options.conditions, options.preserveSymlinks, parent && parent.filename ? parent.filename : undefined);
  if (filename !== undefined) return filename;

  const requireStack = [];
  for (let cursor = parent; cursor; cursor = cursor[kParent]) {
    requireStack.push(cursor.filename || cursor.id);
  }
  let message = `Cannot find module '${request}'`;
  if (requireStack.length > 0) {
    message = message + '\nRequire stack:\n- ' + requireStack.join('\n- ');
  }
  const err = new Error(message);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = requireStack;
  throw err;
};

// A module required again while it is still loading (a cycle) hands out
// its unfinished exports; when they are a plain object, reading a property
// not set yet warns, as Node does. The proxy sits in the prototype chain
// only until the module has loaded.
function emitCircularRequireWarning(prop) {
  process.emitWarning(`Accessing non-existent property '${String(prop)}' of module exports inside circular dependency`);
}

const CircularRequirePrototypeWarningProxy = new Proxy({}, {
  __proto__: null,
  get(target, prop, receiver) {
    // `__esModule` is probed by libraries to tell ES modules apart.
    if (prop in target || prop === '__esModule') return Reflect.get(target, prop, receiver);
    emitCircularRequireWarning(prop);
    return undefined;
  },
  getOwnPropertyDescriptor(target, prop) {
    if (Object.prototype.hasOwnProperty.call(target, prop) || prop === '__esModule') {
      return Object.getOwnPropertyDescriptor(target, prop);
    }
    emitCircularRequireWarning(prop);
    return undefined;
  },
});

function isProxy(value) {
  return require('internal/util/types').isProxy(value);
}

function getExportsForCircularRequire(module) {
  const exports = module.exports;
  if (exports && !isProxy(exports) && Object.getPrototypeOf(exports) === Object.prototype && !exports.__esModule) {
    Object.setPrototypeOf(exports, CircularRequirePrototypeWarningProxy);
  }
  return exports;
}

Module._load = function _load(request, parent, isMain) {
  if (typeof request === 'string' && request.startsWith('node:')) {
    const id = request.slice(5);
    if (!realm.builtinExists(id)) throw new (require('internal/errors').codes.ERR_UNKNOWN_BUILTIN_MODULE)(request);
    return loadBuiltin(id);
  }
  const filename = Module._resolveFilename(request, parent, isMain);
  const cached = Module._cache[filename];
  if (cached !== undefined) {
    updateChildren(parent, cached, true);
    if (cached.loaded) return cached.exports;
    if (!cached[kIsCachedByESMLoader]) return getExportsForCircularRequire(cached);
    cached[kIsCachedByESMLoader] = false;
  }
  if (cached === undefined && canBeRequiredWithoutScheme(filename)) {
    return loadBuiltin(filename);
  }
  const module = cached ?? new Module(filename, parent);
  if (cached === undefined) {
    if (isMain) {
      module[kIsMainSymbol] = true;
      process.mainModule = module;
      module.id = '.';
    }
    Module._cache[filename] = module;
  }
  let threw = true;
  try {
    module.load(filename);
    threw = false;
  } finally {
    if (threw) {
      delete Module._cache[filename];
      if (parent !== undefined && parent !== null && parent.children) {
        const i = parent.children.indexOf(module);
        if (i !== -1) parent.children.splice(i, 1);
      }
    } else if (module.exports && !isProxy(module.exports) &&
               Object.getPrototypeOf(module.exports) === CircularRequirePrototypeWarningProxy) {
      Object.setPrototypeOf(module.exports, Object.prototype);
    }
  }
  return module.exports;
};

function findLongestRegisteredExtension(filename) {
  const name = pathUtil.basename(filename);
  let currentExtension;
  let index;
  let startIndex = 0;
  while ((index = name.indexOf('.', startIndex)) !== -1) {
    startIndex = index + 1;
    if (index === 0) continue;
    currentExtension = name.slice(index);
    if (Module._extensions[currentExtension]) return currentExtension;
  }
  return '.js';
}

Module.prototype.load = function load(filename) {
  this.filename = filename;
  this.paths = Module._nodeModulePaths(pathUtil.dirname(filename));
  const extension = findLongestRegisteredExtension(filename);
  if (filename.endsWith('.mjs') && !Module._extensions['.mjs']) {
    if (!requireModuleEnabled()) throw requireEsmError(filename, this[kParent]);
    onRequireModule(this, filename, undefined);
    this.loaded = true;
    return;
  }
  Module._extensions[extension](this, filename);
  this.loaded = true;
};

Module.prototype.require = function require(id) {
  if (typeof id !== 'string') throw invalidArgType('id', 'string', id);
  if (id === '') throw invalidArgValue('id', id, 'must be a non-empty string');
  return Module._load(id, this, false);
};

// A `#!` line is kept as a comment so line numbers stay right.
function stripShebang(content) {
  if (content.charCodeAt(0) === 35 /* # */ && content.charCodeAt(1) === 33 /* ! */) {
    return '//' + content.slice(2);
  }
  return content;
}

function stripBOM(content) {
  return content.charCodeAt(0) === 0xFEFF ? content.slice(1) : content;
}

const wrapperParams = ['exports', 'require', 'module', '__filename', '__dirname'];

Module.prototype._compile = function _compile(content, filename) {
  let compiled;
  try {
    compiled = compileFunction(stripShebang(content), filename, wrapperParams);
  } catch (err) {
    if (onEsmSyntax !== null && onEsmSyntax(this, content, filename, err)) return undefined;
    throw err;
  }
  const dirname = pathUtil.dirname(filename);
  const require = makeRequireFunction(this);
  const exports = this.exports;
  return Reflect.apply(compiled, exports, [exports, require, this, filename, dirname]);
};

Module._extensions['.js'] = function loadJs(module, filename) {
  if (filename.endsWith('.js')) {
    if (packageType(filename) === 'module') {
      if (!requireModuleEnabled()) throw requireEsmError(filename, module[kParent]);
      onRequireModule(module, filename, undefined);
      return;
    }
  }
  // A byte order mark stays (V8 reads it as white space, so columns count
  // it, and `#!` after it is a syntax error, as in Node).
  const content = readFileUtf8(filename);
  module._compile(content, filename);
};

// Called unbound, as Node's primordial: a failure's frame reads `at parse`.
const JSONParse = JSON.parse;

Module._extensions['.json'] = function loadJson(module, filename) {
  const content = readFileUtf8(filename);
  try {
    module.exports = JSONParse(stripBOM(content));
  } catch (err) {
    // The stack's first line was written when V8 made the error: change
    // it too, so the report names the file as Node's does.
    const before = err.message;
    err.message = filename + ': ' + before;
    if (typeof err.stack === 'string') err.stack = err.stack.replace(before, err.message);
    throw err;
  }
};

Module._extensions['.node'] = function loadNative(module, filename) {
  const err = new Error(`Cannot load native addon ${filename}: native addons are not supported by nodus yet`);
  err.code = 'ERR_DLOPEN_FAILED';
  throw err;
};

function requireEsmError(filename, parent) {
  if (onRequireEsm) {
    const handled = onRequireEsm(filename, parent);
    if (handled) return handled;
  }
  const parentPath = parent && parent.filename;
  let msg = `require() of ES Module ${filename}${parentPath ? ` from ${parentPath}` : ''} not supported.`;
  if (parentPath) {
    const basename = pathUtil.basename(filename) === pathUtil.basename(parentPath) ?
      filename : pathUtil.basename(filename);
    if (filename.endsWith('.mjs')) {
      msg += `\nInstead change the require of ${filename} to a dynamic import() which is available in all CommonJS modules.`;
    } else {
      msg += `\n${basename} is treated as an ES module file as it is a .js file whose nearest ` +
        'parent package.json contains "type": "module" which declares all .js files in that package scope as ES modules.' +
        `\nInstead either rename ${basename} to end in .cjs, change the requiring code to use ` +
        'dynamic import() which is available in all CommonJS modules, or change "type": "module" to ' +
        '"type": "commonjs" in the nearest package.json to treat all .js files as CommonJS (using .mjs for all ES modules instead).\n';
    }
  }
  const err = new Error(msg);
  err.code = 'ERR_REQUIRE_ESM';
  return err;
}

function makeRequireFunction(mod) {
  const require = function require(path) {
    return mod.require(path);
  };
  function resolve(request, opts) {
    if (typeof request !== 'string') throw invalidArgType('request', 'string', request);
    return Module._resolveFilename(request, mod, false, opts);
  }
  require.resolve = resolve;
  function paths(request) {
    if (typeof request !== 'string') throw invalidArgType('request', 'string', request);
    return Module._resolveLookupPaths(request, mod);
  }
  resolve.paths = paths;
  Object.defineProperty(require, 'main', {
    __proto__: null,
    get() { return process.mainModule; },
    set(value) { Object.defineProperty(require, 'main', { value, writable: true, configurable: true, enumerable: true }); },
    enumerable: true,
    configurable: true,
  });
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

Module.createRequire = function createRequire(filename) {
  let filepath = filename;
  if (typeof filename === 'object' && filename !== null && typeof filename.href === 'string') {
    filename = filename.href;
  }
  if (typeof filename === 'string' && filename.startsWith('file://')) {
    filepath = decodeURIComponent(filename.slice(7));
  } else if (typeof filename !== 'string' || !pathUtil.isAbsolute(filename)) {
    throw invalidArgValue('filename', filename, 'must be a file URL object, file URL string, or absolute path string');
  }
  const trailingSlash = filepath.endsWith('/');
  const proxyPath = trailingSlash ? pathUtil.join(filepath, 'noop.js') : filepath;
  const m = new Module(proxyPath);
  m.filename = proxyPath;
  m.paths = Module._nodeModulePaths(m.path);
  return makeRequireFunction(m);
};

Module.syncBuiltinESMExports = function syncBuiltinESMExports() {
  require('internal/modules/esm/loader').syncBuiltinESMExports();
};
Module.findSourceMap = function findSourceMap() { return undefined; };
Module.register = function register() {
  const err = new Error('Module.register() is not supported by nodus yet');
  err.code = 'ERR_NOT_SUPPORTED';
  throw err;
};

// Runs the main script (argv[1]).
Module.runMain = function runMain(main = process.argv[1]) {
  Module._load(main, null, true);
};

function invalidArgType(name, expected, actual) {
  return new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)(name, expected, actual);
}

function invalidArgValue(name, value, reason) {
  return new (require('internal/errors').codes.ERR_INVALID_ARG_VALUE)(name, value, reason);
}

module.exports = {
  Module, setup, setEsmHook, setEsmSyntaxHook, setRequireModuleHook, requireModuleEnabled, kParent, makeRequireFunction, isBuiltin, kIsMainSymbol, kIsCachedByESMLoader,
};
