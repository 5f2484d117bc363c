'use strict';
// node:async_hooks — AsyncLocalStorage and AsyncResource over the async
// context (internal/async_context: V8 carries it through promises, the
// runtime through ticks, microtasks, timers, immediates and op callbacks),
// plus async ids and hooks for AsyncResource instances.
//
// Not in Nodus: hooks for the runtime's own resources. `createHook` hooks
// see the resources programs make with AsyncResource (init, before, after,
// destroy); timers, promises and I/O do not report to them, and
// executionAsyncId() names only AsyncResource scopes (else the main
// script's id, 1).

const { validateFunction, validateString } = require('internal/validators');
const {
  codes: { ERR_ASYNC_CALLBACK, ERR_ASYNC_TYPE, ERR_INVALID_ASYNC_ID },
} = require('internal/errors');
const asyncContext = require('internal/async_context');
const { deprecate } = require('internal/util');

// --- async ids ----------------------------------------------------------------

// 1 is the main script's id, as in Node; resources count on from there.
let lastAsyncId = 1;
let executionId = 1;
let triggerId = 0;
let executionResource = {};

function executionAsyncId() {
  return executionId;
}

function triggerAsyncId() {
  return triggerId;
}

function executionAsyncResource() {
  return executionResource;
}

// --- hooks --------------------------------------------------------------------

const kInit = Symbol('init');
const kBefore = Symbol('before');
const kAfter = Symbol('after');
const kDestroy = Symbol('destroy');
const kPromiseResolve = Symbol('promiseResolve');
const activeHooks = new Set();

class AsyncHook {
  constructor({ init, before, after, destroy, promiseResolve }) {
    for (const [name, fn] of [['init', init], ['before', before], ['after', after], ['destroy', destroy],
      ['promiseResolve', promiseResolve]]) {
      if (fn !== undefined && typeof fn !== 'function') throw new ERR_ASYNC_CALLBACK(`hook.${name}`);
    }
    this[kInit] = init;
    this[kBefore] = before;
    this[kAfter] = after;
    this[kDestroy] = destroy;
    this[kPromiseResolve] = promiseResolve;
  }

  enable() {
    activeHooks.add(this);
    return this;
  }

  disable() {
    activeHooks.delete(this);
    return this;
  }
}

function createHook(fns) {
  return new AsyncHook(fns);
}

function emit(kind, ...args) {
  for (const hook of [...activeHooks]) {
    const fn = hook[kind];
    if (fn !== undefined) Reflect.apply(fn, hook, args);
  }
}

// --- AsyncResource --------------------------------------------------------------

const kAsyncId = Symbol('asyncId');
const kTriggerId = Symbol('triggerAsyncId');
const kFrame = Symbol('kFrame');

class AsyncResource {
  constructor(type, opts = {}) {
    validateString(type, 'type');
    let triggerAsyncId = opts;
    let requireManualDestroy = false;
    if (typeof opts !== 'number') {
      triggerAsyncId = opts.triggerAsyncId === undefined ? executionId : opts.triggerAsyncId;
      requireManualDestroy = !!opts.requireManualDestroy;
    }
    if (!Number.isSafeInteger(triggerAsyncId) || triggerAsyncId < -1) {
      throw new ERR_INVALID_ASYNC_ID('triggerAsyncId', triggerAsyncId);
    }
    if (type.length === 0) throw new ERR_ASYNC_TYPE(type);
    this[kFrame] = asyncContext.current();
    this[kAsyncId] = ++lastAsyncId;
    this[kTriggerId] = triggerAsyncId;
    if (activeHooks.size > 0) emit(kInit, this[kAsyncId], type, triggerAsyncId, this);
    if (!requireManualDestroy && activeHooks.size > 0) {
      destroyRegistry().register(this, this[kAsyncId]);
    }
  }

  runInAsyncScope(fn, thisArg, ...args) {
    const outer = [executionId, triggerId, executionResource];
    executionId = this[kAsyncId];
    triggerId = this[kTriggerId];
    executionResource = this;
    if (activeHooks.size > 0) emit(kBefore, this[kAsyncId]);
    try {
      return asyncContext.runInFrame(this[kFrame], fn, thisArg, args);
    } finally {
      if (activeHooks.size > 0) emit(kAfter, this[kAsyncId]);
      [executionId, triggerId, executionResource] = outer;
    }
  }

  emitDestroy() {
    if (activeHooks.size > 0) emit(kDestroy, this[kAsyncId]);
    return this;
  }

  asyncId() {
    return this[kAsyncId];
  }

  triggerAsyncId() {
    return this[kTriggerId];
  }

  bind(fn, thisArg) {
    validateFunction(fn, 'fn');
    let bound;
    if (thisArg === undefined) {
      const resource = this;
      bound = function(...args) {
        args.unshift(fn, this);
        return Reflect.apply(resource.runInAsyncScope, resource, args);
      };
    } else {
      bound = this.runInAsyncScope.bind(this, fn, thisArg);
    }
    let self = this;
    Object.defineProperties(bound, {
      length: { __proto__: null, configurable: true, enumerable: false, value: fn.length, writable: false },
      asyncResource: {
        __proto__: null,
        configurable: true,
        enumerable: true,
        get: deprecate(function() {
          return self;
        }, 'The asyncResource property on bound functions is deprecated', 'DEP0172'),
        set: deprecate(function(value) {
          self = value;
        }, 'The asyncResource property on bound functions is deprecated', 'DEP0172'),
      },
    });
    return bound;
  }

  static bind(fn, type, thisArg) {
    type = type || fn.name || 'bound-anonymous-fn';
    return new AsyncResource(type).bind(fn, thisArg);
  }
}

let registry = null;
function destroyRegistry() {
  if (registry === null) {
    registry = new FinalizationRegistry((id) => {
      if (activeHooks.size > 0) emit(kDestroy, id);
    });
  }
  return registry;
}

// --- AsyncLocalStorage -------------------------------------------------------------

const kEnabled = Symbol('kEnabled');

class AsyncLocalStorage {
  constructor() {
    this[kEnabled] = true;
  }

  static bind(fn) {
    return AsyncResource.bind(fn);
  }

  static snapshot() {
    return AsyncResource.bind((cb, ...args) => cb(...args), 'AsyncLocalStorageSnapshot');
  }

  disable() {
    this[kEnabled] = false;
    asyncContext.enter(asyncContext.frameWithout(asyncContext.current(), this));
  }

  _enable() {
    this[kEnabled] = true;
  }

  enterWith(store) {
    this[kEnabled] = true;
    asyncContext.enter(asyncContext.frameWith(asyncContext.current(), this, store));
  }

  run(store, callback, ...args) {
    this[kEnabled] = true;
    const frame = asyncContext.frameWith(asyncContext.current(), this, store);
    return asyncContext.runInFrame(frame, callback, undefined, args);
  }

  exit(callback, ...args) {
    if (!this[kEnabled]) return Reflect.apply(callback, undefined, args);
    const frame = asyncContext.frameWithout(asyncContext.current(), this);
    return asyncContext.runInFrame(frame, callback, undefined, args);
  }

  getStore() {
    if (!this[kEnabled]) return undefined;
    const frame = asyncContext.current();
    return frame === undefined ? undefined : frame.get(this);
  }
}

const asyncWrapProviders = Object.freeze({
  __proto__: null,
  NONE: 0, DIRHANDLE: 1, DNSCHANNEL: 2, ELDHISTOGRAM: 3, FILEHANDLE: 4, FILEHANDLECLOSEREQ: 5,
  BLOBREADER: 6, FSEVENTWRAP: 7, FSREQCALLBACK: 8, FSREQPROMISE: 9, GETADDRINFOREQWRAP: 10,
  GETNAMEINFOREQWRAP: 11, HEAPSNAPSHOT: 12, HTTP2SESSION: 13, HTTP2STREAM: 14, HTTP2PING: 15,
  HTTP2SETTINGS: 16, HTTPINCOMINGMESSAGE: 17, HTTPCLIENTREQUEST: 18, LOCKS: 19, JSSTREAM: 20,
  JSUDPWRAP: 21, MESSAGEPORT: 22, PIPECONNECTWRAP: 23, PIPESERVERWRAP: 24, PIPEWRAP: 25,
  PROCESSWRAP: 26, PROMISE: 27, QUERYWRAP: 28, QUIC_ENDPOINT: 29, QUIC_LOGSTREAM: 30,
  QUIC_SESSION: 31, QUIC_STREAM: 32, QUIC_UDP: 33, SHUTDOWNWRAP: 34, SIGNALWRAP: 35,
  STATWATCHER: 36, STREAMPIPE: 37, TCPCONNECTWRAP: 38, TCPSERVERWRAP: 39, TCPWRAP: 40, TTYWRAP: 41,
  UDPSENDWRAP: 42, UDPWRAP: 43, SIGINTWATCHDOG: 44, WORKER: 45, WORKERCPUPROFILE: 46,
  WORKERCPUUSAGE: 47, WORKERHEAPPROFILE: 48, WORKERHEAPSNAPSHOT: 49, WORKERHEAPSTATISTICS: 50,
  WRITEWRAP: 51, ZLIB: 52, CHECKPRIMEREQUEST: 53, PBKDF2REQUEST: 54, KEYPAIRGENREQUEST: 55,
  KEYGENREQUEST: 56, KEYEXPORTREQUEST: 57, ARGON2REQUEST: 58, CIPHERREQUEST: 59,
  DERIVEBITSREQUEST: 60, HASHREQUEST: 61, RANDOMBYTESREQUEST: 62, RANDOMPRIMEREQUEST: 63,
  SCRYPTREQUEST: 64, SIGNREQUEST: 65, TLSWRAP: 66, VERIFYREQUEST: 67,
});

module.exports = {
  AsyncLocalStorage,
  createHook,
  executionAsyncId,
  triggerAsyncId,
  executionAsyncResource,
  asyncWrapProviders,
  AsyncResource,
};
