'use strict';
// What the WHATWG Streams classes share: promise helpers named after the
// spec's wording, queue-with-sizes, queuing strategy extraction, buffer
// transfer, dictionary conversion and inspection.
// https://streams.spec.whatwg.org

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE },
} = require('internal/errors');

const PromiseCtor = Promise;
// WebIDL's "a promise resolved with x" always makes a new promise: a
// promise (or thenable) given as x is adopted, which takes its own ticks,
// unlike Promise.resolve, which would return the same promise.
function PromiseResolve(value) {
  return new PromiseCtor((resolve) => resolve(value));
}
const PromiseReject = Promise.reject.bind(Promise);
const NativePromiseResolve = Promise.resolve.bind(Promise);
const PromiseThen = Function.prototype.call.bind(Promise.prototype.then);
const ReflectApply = Reflect.apply;
// ArrayBuffer.prototype.transfer and .detached (ES2024). The test harness
// that loads these files into node 20 (tests/runtime/js) has neither; there
// a structured clone transfers, and an empty buffer counts as detached.
const arrayBufferTransfer = ArrayBuffer.prototype.transfer;
const detachedGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'detached')?.get;
const byteLengthGetter = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayNameGetter = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const customInspect = Symbol.for('nodejs.util.inspect.custom');
const kState = Symbol('kState');

// A promise with its resolving functions kept next to it, and whether it
// has settled (the spec asks "if promise.[[PromiseState]] is pending").
// resolve/reject are methods, so a record costs no closures of its own.
const PromiseWithResolvers = Promise.withResolvers?.bind(Promise) ?? (() => {
  // node 20 (the tests/runtime/js harness) has no Promise.withResolvers.
  let resolve;
  let reject;
  const promise = new PromiseCtor((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
});

class Deferred {
  constructor() {
    const { promise, resolve, reject } = PromiseWithResolvers();
    this.promise = promise;
    this.settled = false;
    this.resolveFn = resolve;
    this.rejectFn = reject;
  }

  resolve(value) {
    this.settled = true;
    this.resolveFn(value);
  }

  reject(reason) {
    this.settled = true;
    this.rejectFn(reason);
  }
}

function newPromise() {
  return new Deferred();
}

function noop() {}

// One microtask for the streams' own steps (tee's and pipeTo's "queue a
// microtask"): a reaction on a settled promise, which V8 runs as cheaply as
// it can, without queueMicrotask's wrapper for user callbacks.
const resolvedPromise = PromiseCtor.resolve();
function queueInternalMicrotask(fn) {
  PromiseThen(resolvedPromise, fn);
}

// "Set promise.[[PromiseIsHandled]] to true".
function setHandled(promise) {
  PromiseThen(promise, undefined, noop);
}

// "React to promise" with a fulfillment and a rejection step.
function react(promise, onFulfilled, onRejected) {
  return PromiseThen(promise, onFulfilled, onRejected);
}

// "Upon fulfillment/rejection": the steps never throw, so with a
// rejection step (noop when none is given) the derived promise never
// rejects and needs no handler of its own.
function uponPromise(promise, onFulfilled, onRejected = noop) {
  PromiseThen(promise, onFulfilled, onRejected);
}

// "Promise-calling" a method of a dictionary member: a thrown error
// becomes a rejected promise.
// Calls an underlying source's, sink's or transformer's method and gives
// a promise of its result; a throw becomes a rejection. As in Node 24, the
// per-chunk methods (pull, write, transform) have their own promise used
// as it is (Promise.resolve), while the others (cancel, close, abort,
// flush) get WebIDL's new promise that adopts it, which takes two more
// microtasks when the method returned a promise.
function promiseCall(fn, thisArg, args) {
  try {
    return NativePromiseResolve(ReflectApply(fn, thisArg, args));
  } catch (error) {
    return PromiseReject(error);
  }
}

function promiseCallAdopting(fn, thisArg, args) {
  try {
    return PromiseResolve(ReflectApply(fn, thisArg, args));
  } catch (error) {
    return PromiseReject(error);
  }
}

// The `underlyingSource`/`underlyingSink`/`transformer` argument: WebIDL's
// `optional object`, then a dictionary.
function convertObjectArgument(value, name) {
  if (value === undefined) return { object: null, dict: {} };
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
  return { object: value, dict: value };
}

// A promise of the end of a stream, for node:stream's finished(): it
// fulfills when the stream closes and rejects with the stored error when
// it errors. Made when first asked for (`state.endWaiter`), settled by the
// stream's close and error steps through settleEnd.
function endPromise(state, closedState) {
  if (state.state === closedState) return PromiseResolve();
  if (state.state === 'errored') {
    const rejected = PromiseReject(state.storedError);
    setHandled(rejected);
    return rejected;
  }
  state.endWaiter ??= newPromise();
  setHandled(state.endWaiter.promise);
  return state.endWaiter.promise;
}

function settleEnd(state, error, errored) {
  const waiter = state.endWaiter;
  if (waiter === undefined) return;
  state.endWaiter = undefined;
  if (errored) waiter.reject(error);
  else waiter.resolve();
}

// --- queue with sizes ---------------------------------------------------

function resetQueue(container) {
  container.queue = [];
  container.queueTotalSize = 0;
}

function enqueueValueWithSize(container, value, size) {
  if (typeof size !== 'number' || size !== size || size < 0 || size === Infinity) {
    throw new RangeError('The chunk size must be a finite, non-negative number');
  }
  container.queue.push({ value, size });
  container.queueTotalSize += size;
}

function dequeueValue(container) {
  const pair = container.queue.shift();
  container.queueTotalSize -= pair.size;
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  return pair.value;
}

function peekQueueValue(container) {
  return container.queue[0].value;
}

// --- queuing strategies ---------------------------------------------------

// The QueuingStrategy dictionary: members read in lexicographic order.
function convertStrategy(strategy, name) {
  if (strategy === undefined || strategy === null) return { highWaterMark: undefined, size: undefined };
  if (typeof strategy !== 'object' && typeof strategy !== 'function') {
    throw new ERR_INVALID_ARG_TYPE(name, 'Object', strategy);
  }
  let highWaterMark = strategy.highWaterMark;
  if (highWaterMark !== undefined) highWaterMark = +highWaterMark;
  const size = strategy.size;
  if (size !== undefined && typeof size !== 'function') {
    throw new ERR_INVALID_ARG_TYPE(`${name}.size`, 'Function', size);
  }
  return { highWaterMark, size };
}

function extractHighWaterMark(strategy, defaultHWM) {
  const { highWaterMark } = strategy;
  if (highWaterMark === undefined) return defaultHWM;
  if (highWaterMark !== highWaterMark || highWaterMark < 0) {
    throw new ERR_INVALID_ARG_VALUE.RangeError('strategy.highWaterMark', highWaterMark);
  }
  return highWaterMark;
}

function defaultSize() {
  return 1;
}

function extractSizeAlgorithm(strategy) {
  const { size } = strategy;
  if (size === undefined) return defaultSize;
  return (chunk) => size(chunk);
}

// A dictionary member that must be a function when present.
function callbackMember(dict, key, name) {
  const value = dict[key];
  if (value !== undefined && typeof value !== 'function') {
    throw new ERR_INVALID_ARG_TYPE(`${name}.${key}`, 'Function', value);
  }
  return value;
}

function convertDictionary(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new ERR_INVALID_ARG_TYPE(name, 'Object', value);
  }
  return value;
}

// WebIDL [EnforceRange] unsigned long long.
function enforceRangeULL(value, name) {
  const x = +value;
  if (!Number.isFinite(x)) throw new ERR_INVALID_ARG_VALUE(name, value, 'must be a finite number');
  const n = Math.trunc(x);
  if (n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new ERR_INVALID_ARG_VALUE(name, value, 'is out of range');
  }
  return n === 0 ? 0 : n;
}

// --- buffers ------------------------------------------------------------------

function isDetachedBuffer(buffer) {
  if (detachedGetter === undefined) return buffer instanceof ArrayBuffer && buffer.byteLength === 0;
  try {
    return ReflectApply(detachedGetter, buffer, []);
  } catch {
    return false; // a SharedArrayBuffer is never detached
  }
}

function arrayBufferByteLength(buffer) {
  try {
    return ReflectApply(byteLengthGetter, buffer, []);
  } catch {
    return buffer.byteLength;
  }
}

function canTransferArrayBuffer(buffer) {
  if (!(buffer instanceof ArrayBuffer)) return false;
  return !isDetachedBuffer(buffer);
}

// TransferArrayBuffer: the bytes move to a new ArrayBuffer, the old one is
// detached. A SharedArrayBuffer cannot be transferred (TypeError).
function transferArrayBuffer(buffer) {
  if (isDetachedBuffer(buffer)) throw new ERR_INVALID_STATE.TypeError('The ArrayBuffer is detached');
  if (arrayBufferTransfer === undefined) return structuredClone(buffer, { transfer: [buffer] });
  return ReflectApply(arrayBufferTransfer, buffer, []);
}

function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
}

function typedArrayName(view) {
  return ReflectApply(typedArrayNameGetter, view, []);
}

// The element size and constructor of a view (DataView counts as bytes).
function viewInfo(view) {
  const name = typedArrayName(view);
  if (name === undefined) return { elementSize: 1, ctor: DataView };
  const ctor = globalThis[name];
  return { elementSize: ctor.BYTES_PER_ELEMENT, ctor };
}

function cloneAsUint8Array(view) {
  const copy = new Uint8Array(view.byteLength);
  copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return copy;
}

function copyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  new Uint8Array(toBuffer, toIndex, count).set(new Uint8Array(fromBuffer, fromIndex, count));
}

// WebIDL makes a class's attributes and operations enumerable (class
// syntax does not), as Node 24 does for these classes; statics too.
function enumerableMembers(ctor, statics = []) {
  for (const key of Object.getOwnPropertyNames(ctor.prototype)) {
    if (key === 'constructor') continue;
    Object.defineProperty(ctor.prototype, key, { __proto__: null, enumerable: true });
  }
  for (const key of statics) Object.defineProperty(ctor, key, { __proto__: null, enumerable: true });
}

// --- inspection ---------------------------------------------------------------

// `Name { key: value, … }` as Node prints the stream classes.
function customInspectObject(self, name, depth, options, values) {
  if (depth < 0) return self;
  const { inspect } = require('internal/util/inspect');
  const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${name} ${inspect(values, opts)}`;
}

module.exports = {
  kState,
  customInspect,
  newPromise,
  noop,
  queueInternalMicrotask,
  setHandled,
  react,
  uponPromise,
  promiseCall,
  promiseCallAdopting,
  PromiseResolve,
  PromiseReject,
  resetQueue,
  enqueueValueWithSize,
  dequeueValue,
  peekQueueValue,
  convertStrategy,
  extractHighWaterMark,
  extractSizeAlgorithm,
  callbackMember,
  convertDictionary,
  convertObjectArgument,
  enforceRangeULL,
  isDetachedBuffer,
  arrayBufferByteLength,
  canTransferArrayBuffer,
  transferArrayBuffer,
  isArrayBufferView,
  viewInfo,
  cloneAsUint8Array,
  copyDataBlockBytes,
  customInspectObject,
  enumerableMembers,
  endPromise,
  settleEnd,
};
