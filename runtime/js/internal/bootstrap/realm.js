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
  try {
    ReflectApply(fn, undefined, [module.exports, requireInternal, module, internalBinding]);
  } catch (err) {
    delete cache[id];
    throw err;
  } finally {
    delete loading[id];
  }
  module.loaded = true;
  return module.exports;
}

function builtinExists(id) {
  return modules[id] !== undefined && !id.startsWith('internal/');
}

const realm = requireInternal('internal/bootstrap/realm_state');
realm.buildInfo = buildInfo;
realm.bindings = bindings;
realm.requireBuiltin = requireInternal;
realm.builtinExists = builtinExists;
realm.builtinIds = buildInfo.builtinIds;

return requireInternal('internal/bootstrap/node');
