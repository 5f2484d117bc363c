'use strict';
// Translators: turn what a URL names into a V8 module record for the ES
// module loader (internal/modules/esm/loader). Source text modules are
// compiled by the loader itself; here are the synthetic facades:
//
// - CommonJS: `default` is `module.exports`; the named exports are what
//   the native lexer finds in the source (cjs-module-lexer's grammar),
//   including the names of re-exported modules. The module is put in
//   `Module._cache` when the graph is loaded and runs, through the
//   CommonJS loader, when the graph is evaluated.
// - JSON: `default` is the parsed value (shared with `require`'s cache).
// - core modules: `default` is the module's exports object, the named
//   exports are its own keys at first import; `syncBuiltinESMExports()`
//   updates them.

const esm = internalBinding('esm');
const { op_fs_read_file_utf8_sync: readFileUtf8 } = internalBinding('fs');
const realm = require('internal/bootstrap/realm_state');
const cjsLoader = require('internal/modules/cjs/loader');
const pathUtil = require('internal/modules/path');

const {
  op_esm_synthetic_sync: createSynthetic,
  op_esm_set_export_sync: setExport,
  op_esm_lex_cjs_sync: lexCommonJs,
} = esm;

const ObjectKeys = Object.keys;
const ObjectPrototypeHasOwnProperty = Object.prototype.hasOwnProperty;
const JSONParse = JSON.parse;

let process = null;
let hooks = null;

function setup(p, h) {
  process = p;
  hooks = h;
}

function codes() {
  return require('internal/errors').codes;
}

function stripBOM(text) {
  return text.charCodeAt(0) === 0xFEFF ? text.slice(1) : text;
}

const dataURLPattern = /^[^/]+\/[^,;]+(?:[^,]*?)(;base64)?,([\s\S]*)$/;

// The source text at `url` (file: or data:).
function readSource(url) {
  if (url.startsWith('data:')) {
    const match = dataURLPattern.exec(url.slice(5));
    if (match === null) throw new (codes().ERR_INVALID_URL)(url);
    const { Buffer } = require('buffer');
    const body = decodeURIComponent(match[2]);
    return stripBOM(Buffer.from(body, match[1] ? 'base64' : 'utf8').toString('utf8'));
  }
  return stripBOM(readFileUtf8(hooks.urlToPath(url)));
}

// --- CommonJS ------------------------------------------------------------

// The export names found for each CommonJS module object.
const exportNamesOf = new WeakMap();

// Node's cjsPreparseModuleExports: the module object (put in the cache,
// not loaded, when nothing required it yet) and its export names.
function preparse(filename, source) {
  const { Module, kIsCachedByESMLoader } = cjsLoader;
  let module = Module._cache[filename];
  if (module !== undefined && exportNamesOf.has(module)) {
    return { module, exportNames: exportNamesOf.get(module) };
  }
  if (module === undefined) {
    module = new Module(filename);
    module.filename = filename;
    module.paths = Module._nodeModulePaths(module.path);
    module[kIsCachedByESMLoader] = true;
    Module._cache[filename] = module;
  }
  let exports;
  let reexports;
  try {
    [exports, reexports] = lexCommonJs(source || '');
  } catch {
    exports = [];
    reexports = [];
  }
  const exportNames = new Set(exports);
  // Set first, for cycles of re-exports.
  exportNamesOf.set(module, exportNames);
  if (reexports.length > 0) {
    module.filename = filename;
    module.paths = Module._nodeModulePaths(module.path);
    for (const reexport of reexports) {
      let resolved;
      try {
        resolved = Module._resolveFilename(reexport, module);
      } catch {
        continue;
      }
      const base = pathUtil.basename(resolved);
      const dot = base.lastIndexOf('.');
      const ext = dot > 0 ? base.slice(dot) : '';
      if ((ext === '.js' || ext === '.cjs' || !Module._extensions[ext]) && pathUtil.isAbsolute(resolved)) {
        const { exportNames: names } = preparse(resolved, readFileUtf8(resolved));
        for (const name of names) exportNames.add(name);
      }
    }
  }
  return { module, exportNames };
}

// The facade of the CommonJS module at `url`; returns its record id.
function commonjs(url, isMain) {
  const { Module } = cjsLoader;
  const filename = hooks.urlToPath(url);
  let source;
  try {
    source = readFileUtf8(filename);
  } catch {
    source = '';
  }
  const { module, exportNames } = preparse(filename, source);
  const names = exportNames.has('default') ? [...exportNames] : ['default', ...exportNames];
  // Node 23+: the namespace also has `module.exports` itself under that name.
  if (!exportNames.has('module.exports')) names.push('module.exports');
  if (isMain) process.mainModule = module;
  const id = createSynthetic(url, names, function evaluateCommonJs() {
    if (!module.loaded) Module._load(filename, undefined, isMain);
    const exports = module.exports;
    for (const name of exportNames) {
      if (!ObjectPrototypeHasOwnProperty.call(exports, name) || name === 'default' || name === 'module.exports') {
        continue;
      }
      // A getter may throw: the export is then undefined.
      let value;
      try {
        value = exports[name];
      } catch {
        // Left undefined.
      }
      setExport(id, name, value);
    }
    setExport(id, 'default', exports);
    setExport(id, 'module.exports', exports);
  });
  return id;
}

// --- JSON -------------------------------------------------------------------

function json(url) {
  const { Module } = cjsLoader;
  const pathname = url.startsWith('file:') ? hooks.urlToPath(url) : null;
  // Only plain file URLs share the CommonJS cache.
  const shared = pathname !== null && !url.includes('?') && !url.includes('#');
  if (shared) {
    const cached = Module._cache[pathname];
    if (cached !== undefined && cached.loaded) return jsonFacade(url, cached.exports);
  }
  const source = readSource(url);
  let exports;
  try {
    exports = JSONParse(source);
  } catch (err) {
    const before = err.message;
    err.message = `${pathname ?? url}: ${before}`;
    if (typeof err.stack === 'string') err.stack = err.stack.replace(before, err.message);
    throw err;
  }
  if (shared) Module._cache[pathname] = { exports, loaded: true };
  return jsonFacade(url, exports);
}

function jsonFacade(url, exports) {
  const id = createSynthetic(url, ['default'], function evaluateJson() {
    setExport(id, 'default', exports);
  });
  return id;
}

// --- core modules -------------------------------------------------------------

// id → { moduleId, exports, names }
const builtinFacades = new Map();

function builtin(url) {
  const id = url.slice(5);
  if (!url.startsWith('node:') || !realm.builtinExists(id)) {
    throw new (codes().ERR_UNKNOWN_BUILTIN_MODULE)(url);
  }
  let facade = builtinFacades.get(id);
  if (facade === undefined) {
    const exports = realm.requireBuiltin(id);
    const names = ObjectKeys(exports);
    facade = { moduleId: -1, exports, names, evaluated: false };
    const moduleId = createSynthetic(url, [...names, 'default'], function evaluateBuiltin() {
      facade.evaluated = true;
      syncFacade(facade);
      setExport(moduleId, 'default', exports);
    });
    facade.moduleId = moduleId;
    builtinFacades.set(id, facade);
  }
  return facade.moduleId;
}

function syncFacade({ moduleId, exports, names }) {
  for (const name of names) {
    if (name === 'default') continue;
    setExport(moduleId, name, exports[name]);
  }
}

function syncBuiltinExports() {
  for (const facade of builtinFacades.values()) {
    if (facade.evaluated) syncFacade(facade);
  }
}

module.exports = { setup, readSource, commonjs, json, builtin, syncBuiltinExports };
