'use strict';

// `mock` of node:test: function, method, getter and setter mocks that
// record their calls and can be restored.

const { codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE } } = require('internal/errors');

const ReflectApply = Reflect.apply;
const ReflectConstruct = Reflect.construct;

class MockFunctionContext {
  #calls = [];
  #impl;
  #original;
  #onces = new Map();
  #restore;
  #times;

  constructor(impl, original, restore, times) {
    this.#impl = impl;
    this.#original = original;
    this.#restore = restore;
    this.#times = times;
  }

  get calls() { return this.#calls.slice(); }

  callCount() { return this.#calls.length; }

  mockImplementation(impl) {
    if (typeof impl !== 'function') throw new ERR_INVALID_ARG_TYPE('implementation', 'function', impl);
    this.#impl = impl;
  }

  mockImplementationOnce(impl, onCall) {
    if (typeof impl !== 'function') throw new ERR_INVALID_ARG_TYPE('implementation', 'function', impl);
    const call = onCall === undefined ? this.#calls.length : onCall;
    if (!Number.isInteger(call) || call < 0) {
      throw new ERR_INVALID_ARG_VALUE('onCall', onCall);
    }
    this.#onces.set(call, impl);
  }

  resetCalls() { this.#calls = []; }

  restore() {
    if (this.#restore !== undefined) {
      this.#restore();
      this.#restore = undefined;
    }
    this.#impl = this.#original;
  }

  // Internal: the implementation for the next call.
  nextImpl() {
    const n = this.#calls.length;
    const once = this.#onces.get(n);
    if (once !== undefined) {
      this.#onces.delete(n);
      return once;
    }
    if (this.#times !== undefined && n >= this.#times) return this.#original;
    return this.#impl;
  }

  record(call) { this.#calls.push(call); }
}

function makeMock(original, impl, restore, times) {
  const ctx = new MockFunctionContext(impl, original, restore, times);
  const fn = original ?? function() {};
  function mocked(...args) {
    const target = new.target;
    const use = ctx.nextImpl();
    const stack = new Error();
    const call = { arguments: args, error: undefined, result: undefined, stack, target: target === mocked ? fn : target, this: target === undefined ? this : undefined };
    try {
      let result;
      if (target !== undefined) {
        result = ReflectConstruct(use, args, target);
        call.this = result;
      } else {
        result = ReflectApply(use, this, args);
      }
      call.result = result;
      ctx.record(call);
      return result;
    } catch (err) {
      call.error = err;
      ctx.record(call);
      throw err;
    }
  }
  Object.defineProperty(mocked, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(mocked, 'length', { value: fn.length, configurable: true });
  Object.defineProperty(mocked, 'mock', { value: ctx, enumerable: false, configurable: false });
  if (fn.prototype !== undefined) mocked.prototype = fn.prototype;
  return mocked;
}

class MockTracker {
  #mocks = [];

  fn(original = function() {}, implementation = original, options = {}) {
    if (original !== null && typeof original === 'object') {
      options = original;
      original = function() {};
      implementation = original;
    } else if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = original;
    }
    if (typeof original !== 'function') throw new ERR_INVALID_ARG_TYPE('original', 'function', original);
    if (typeof implementation !== 'function') throw new ERR_INVALID_ARG_TYPE('implementation', 'function', implementation);
    const m = makeMock(original, implementation, undefined, options.times);
    this.#mocks.push(m.mock);
    return m;
  }

  method(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object' && typeof implementation !== 'function') {
      options = implementation;
      implementation = undefined;
    }
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
      throw new ERR_INVALID_ARG_TYPE('object', 'Object', object);
    }
    const { getter = false, setter = false } = options;
    if (getter && setter) throw new ERR_INVALID_ARG_VALUE('options.setter', setter, "cannot be used with 'options.getter'");
    let owner = object;
    let desc;
    while (owner !== null) {
      desc = Object.getOwnPropertyDescriptor(owner, methodName);
      if (desc !== undefined) break;
      owner = Object.getPrototypeOf(owner);
    }
    if (desc === undefined) throw new ERR_INVALID_ARG_VALUE('methodName', methodName, 'must be a method');
    const kind = getter ? 'get' : setter ? 'set' : 'value';
    const original = desc[kind];
    if (typeof original !== 'function') {
      throw new ERR_INVALID_ARG_VALUE('methodName', original, getter ? 'must be a getter' : setter ? 'must be a setter' : 'must be a method');
    }
    const ownDesc = Object.getOwnPropertyDescriptor(object, methodName);
    const restore = () => {
      if (ownDesc === undefined) delete object[methodName];
      else Object.defineProperty(object, methodName, ownDesc);
    };
    const m = makeMock(original, implementation ?? original, restore, options.times);
    const next = { ...desc, configurable: true };
    next[kind] = m;
    Object.defineProperty(object, methodName, next);
    this.#mocks.push(m.mock);
    return m;
  }

  getter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object') { options = implementation; implementation = undefined; }
    return this.method(object, methodName, implementation, { ...options, getter: true });
  }

  setter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object') { options = implementation; implementation = undefined; }
    return this.method(object, methodName, implementation, { ...options, setter: true });
  }

  reset() {
    this.restoreAll();
    this.#mocks = [];
  }

  restoreAll() {
    for (const m of this.#mocks) m.restore();
  }
}

module.exports = { MockTracker, MockFunctionContext };
