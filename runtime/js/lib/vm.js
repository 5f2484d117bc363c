'use strict';
// node:vm — scripts in this context or in new contexts that forward their
// global to a sandbox object (src/ops/vm.rs). Not supported: `timeout`,
// `breakOnSigint`, `microtaskMode`, cached data (accepted and ignored,
// `cachedDataRejected` stays undefined), vm.Module.

const {
  op_vm_create_context_sync: createContextNative,
  op_vm_run_sync: runNative,
  op_vm_compile_sync: compileNative,
  op_vm_compile_function_sync: compileFunctionNative,
} = internalBinding('vm');

const contexts = new WeakMap();
const kDefaultFilename = 'evalmachine.<anonymous>';

function invalidArgType(name, expected, actual) {
  let received;
  if (actual == null) received = ` Received ${actual}`;
  else if (typeof actual === 'object') received = ` Received an instance of ${actual.constructor && actual.constructor.name || 'Object'}`;
  else received = ` Received type ${typeof actual} (${typeof actual === 'string' ? `'${actual}'` : String(actual)})`;
  const err = new TypeError(`The "${name}" argument must be ${expected}.${received}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function scriptOptions(options) {
  if (typeof options === 'string') return { filename: options, lineOffset: 0, columnOffset: 0 };
  if (options === undefined || options === null) return { filename: kDefaultFilename, lineOffset: 0, columnOffset: 0 };
  if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  return {
    filename: options.filename === undefined ? kDefaultFilename : `${options.filename}`,
    lineOffset: options.lineOffset | 0,
    columnOffset: options.columnOffset | 0,
  };
}

function isContext(object) {
  if (object === null || typeof object !== 'object') throw invalidArgType('object', 'of type object', object);
  return contexts.has(object);
}

function createContext(contextObject = {}, options) {
  if (contextObject !== null && typeof contextObject === 'object' && contexts.has(contextObject)) {
    return contextObject;
  }
  if (contextObject === null || typeof contextObject !== 'object') {
    throw invalidArgType('contextObject', 'of type object', contextObject);
  }
  contexts.set(contextObject, createContextNative(contextObject));
  return contextObject;
}

function contextId(contextifiedObject) {
  const id = contextifiedObject !== null && typeof contextifiedObject === 'object' ?
    contexts.get(contextifiedObject) : undefined;
  if (id === undefined) throw invalidArgType('contextifiedObject', 'an vm.Context', contextifiedObject);
  return id;
}

class Script {
  #code;
  #options;

  constructor(code, options) {
    code = `${code}`;
    this.#options = scriptOptions(options);
    this.#code = code;
    // Compile now, so a syntax error is thrown here, as Node does (V8's
    // compilation cache makes the run's compile cheap).
    const { filename, lineOffset, columnOffset } = this.#options;
    compileNative(code, filename, lineOffset, columnOffset);
  }

  runInThisContext() {
    const { filename, lineOffset, columnOffset } = this.#options;
    return runNative(undefined, this.#code, filename, lineOffset, columnOffset);
  }

  runInContext(contextifiedObject) {
    const id = contextId(contextifiedObject);
    const { filename, lineOffset, columnOffset } = this.#options;
    return runNative(id, this.#code, filename, lineOffset, columnOffset);
  }

  runInNewContext(contextObject, options) {
    return this.runInContext(createContext(contextObject, options));
  }

  createCachedData() {
    const { Buffer } = require('buffer');
    return Buffer.alloc(0);
  }
}

function runInThisContext(code, options) {
  return new Script(code, options).runInThisContext(options);
}

function runInContext(code, contextifiedObject, options) {
  contextId(contextifiedObject);
  return new Script(code, options).runInContext(contextifiedObject, options);
}

function runInNewContext(code, contextObject, options) {
  return new Script(code, options).runInNewContext(contextObject, options);
}

function compileFunction(code, params = [], options = {}) {
  if (typeof code !== 'string') throw invalidArgType('code', 'of type string', code);
  if (!Array.isArray(params)) throw invalidArgType('params', 'an instance of Array', params);
  const { filename, lineOffset, columnOffset } = scriptOptions(options);
  const parsing = options.parsingContext === undefined ? undefined : contextId(options.parsingContext);
  const extensions = options.contextExtensions === undefined ? [] : options.contextExtensions;
  return compileFunctionNative(code, filename, params, parsing, extensions, lineOffset, columnOffset);
}

module.exports = {
  Script,
  createContext,
  isContext,
  runInContext,
  runInNewContext,
  runInThisContext,
  compileFunction,
};
