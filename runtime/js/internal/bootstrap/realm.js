'use strict';
// The realm: the internal module system, run once by the build script.
//
// Compiled as a function of (modules, bindings, buildInfo), unlike every
// other file: `modules` maps each internal module id to its compiled
// function of (exports, require, module, internalBinding); `bindings` maps
// each op area to its object of op functions (src/ops/table.rs);
// `buildInfo` holds facts known at build time (versions, the list of public
// core modules).
//
// Returns the bootstrap object: the functions the Rust side calls
// (see src/bootstrap.rs), kept in the snapshot as context data 0.

const ObjectCreate = Object.create;
const ReflectApply = Reflect.apply;

// internalBinding(area): the native ops of one area. Calling an op while the
// snapshot is built fails the build: module top-level code only defines.
function internalBinding(area) {
  const binding = bindings[area];
  if (binding === undefined) {
    throw new Error(`No such binding: ${area}`);
  }
  return binding;
}

const cache = ObjectCreate(null);
const loading = ObjectCreate(null);

function requireInternal(id) {
  if (typeof id === 'string' && id.startsWith('node:')) id = id.slice(5);
  const cached = cache[id];
  if (cached !== undefined) return cached.exports;
  const fn = modules[id];
  if (fn === undefined) {
    const err = new Error(`No such built-in module: ${id}`);
    err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
    throw err;
  }
  const module = { id, exports: {}, loaded: false };
  cache[id] = module;
  loading[id] = true;
  // try/finally, not catch and rethrow: a rethrow would move the error's
  // reported position here.
  let threw = true;
  try {
    ReflectApply(fn, undefined, [module.exports, requireInternal, module, internalBinding]);
    threw = false;
  } finally {
    delete loading[id];
    if (threw) delete cache[id];
  }
  module.loaded = true;
  return module.exports;
}

function builtinExists(id) {
  return modules[id] !== undefined && !id.startsWith('internal/');
}

// Node's names for the engine checks of `util` and `types`, next to the op
// names, so code ported from Node reads them as Node does.
function camelToSnake(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
for (const area of ['util', 'types']) {
  const binding = bindings[area];
  for (const op of Object.keys(binding)) {
    const match = /^op_[a-z]+_(\w+)_sync$/.exec(op);
    if (match === null) continue;
    const camel = match[1].replace(/_([a-z])/g, (_, c) => c.toUpperCase());
    if (camelToSnake(camel) === match[1]) binding[camel] = binding[op];
  }
}
bindings.util.constants = {
  kPending: 0, kFulfilled: 1, kRejected: 2, ALL_PROPERTIES: 0, ONLY_ENUMERABLE: 2,
};

const realm = requireInternal('internal/bootstrap/realm_state');
realm.buildInfo = buildInfo;
realm.bindings = bindings;
realm.requireBuiltin = requireInternal;
realm.builtinExists = builtinExists;
realm.builtinIds = buildInfo.builtinIds;
realm.moduleIds = Object.keys(modules);

const bootstrap = requireInternal('internal/bootstrap/node');

// Every module is evaluated now, into the snapshot, so `require` of a core
// module at run time costs nothing. One that cannot load yet (it calls an
// op at top level, or needs a module that does not exist) stays unloaded
// and is loaded, or fails, when first required; `realm.deferred` lists them.
// Modules whose top-level code does something for the process that
// requires them (the deprecation warning of a deprecated module) are left
// out on purpose: they must run in that process, on first require. So is
// cluster, whose side (primary or worker) and scheduling policy come from
// the environment of the process.
const kFirstRequireOnly = ['sys', 'punycode', 'cluster', 'internal/cluster/primary', 'internal/cluster/child'];
realm.deferred = [];
for (const id of Object.keys(modules)) {
  if (cache[id] !== undefined) continue;
  if (kFirstRequireOnly.includes(id)) continue;
  try {
    requireInternal(id);
  } catch {
    realm.deferred.push(id);
  }
}

// The build script reports these (cargo warning); nothing else reads it.
bootstrap.deferredModules = realm.deferred;

return bootstrap;
