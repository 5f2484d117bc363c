'use strict';
// ReadableStream with its readers (default and BYOB), controllers (default
// and byte), ReadableStreamBYOBRequest, tee, pipeTo/pipeThrough, async
// iteration and ReadableStream.from, following the abstract operations of
// https://streams.spec.whatwg.org/#rs-model step by step. Each object's
// internal slots live in one record at `object[kState]`.

const {
  codes: {
    ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS,
    ERR_ARG_NOT_ITERABLE, ERR_OUT_OF_RANGE,
  },
} = require('internal/errors');
const {
  kState, customInspect, newPromise, noop, setHandled, react, uponPromise, promiseCall, promiseCallAdopting,
  PromiseResolve, PromiseReject,
  resetQueue, enqueueValueWithSize, dequeueValue, convertStrategy, extractHighWaterMark, extractSizeAlgorithm,
  callbackMember, convertDictionary, convertObjectArgument, enforceRangeULL, isDetachedBuffer, arrayBufferByteLength,
  canTransferArrayBuffer, transferArrayBuffer, isArrayBufferView, viewInfo, cloneAsUint8Array, copyDataBlockBytes,
  customInspectObject, enumerableMembers, endPromise, settleEnd, queueInternalMicrotask,
} = require('internal/webstreams/util');
const {
  isWritableStream, isWritableStreamLocked, acquireWritableStreamDefaultWriter, writableStreamAbort,
  writableStreamCloseQueuedOrInFlight, writableStreamDefaultWriterCloseWithErrorPropagation,
  writableStreamDefaultWriterRelease, writableStreamDefaultWriterWrite,
} = require('internal/webstreams/writable');

const kInternal = Symbol('kInternal');
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

function brand(value, kind) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === kind;
}
function isReadableStream(value) {
  return brand(value, 'ReadableStream');
}
function isReadableStreamDefaultReader(value) {
  return brand(value, 'ReadableStreamDefaultReader');
}
function isReadableStreamBYOBReader(value) {
  return brand(value, 'ReadableStreamBYOBReader');
}
function isReadableStreamDefaultController(value) {
  return brand(value, 'ReadableStreamDefaultController');
}
function isReadableByteStreamController(value) {
  return brand(value, 'ReadableByteStreamController');
}
function isReadableStreamBYOBRequest(value) {
  return brand(value, 'ReadableStreamBYOBRequest');
}

function lockedError() {
  return new ERR_INVALID_STATE.TypeError('ReadableStream is locked');
}
function releasedReaderError() {
  return new ERR_INVALID_STATE.TypeError('The reader is not attached to a stream');
}

function isAbortSignal(value) {
  const { AbortSignal } = require('internal/abort_controller');
  return value instanceof AbortSignal;
}

// --- ReadableStream -----------------------------------------------------------

class ReadableStream {
  constructor(underlyingSource = undefined, strategy = undefined) {
    const strategyDict = convertStrategy(strategy, 'strategy');
    const { object: source, dict } = convertObjectArgument(underlyingSource, 'source');
    let autoAllocateChunkSize = dict.autoAllocateChunkSize;
    if (autoAllocateChunkSize !== undefined) {
      autoAllocateChunkSize = enforceRangeULL(autoAllocateChunkSize, 'source.autoAllocateChunkSize');
    }
    const cancel = callbackMember(dict, 'cancel', 'source');
    const pull = callbackMember(dict, 'pull', 'source');
    const start = callbackMember(dict, 'start', 'source');
    let type = dict.type;
    if (type !== undefined) {
      type = `${type}`;
      if (type !== 'bytes') throw new ERR_INVALID_ARG_VALUE('source.type', type);
    }
    initializeReadableStream(this);
    if (type === 'bytes') {
      if (strategyDict.size !== undefined) {
        throw new ERR_INVALID_ARG_VALUE.RangeError('strategy.size', strategyDict.size,
          'cannot be used with a byte source');
      }
      const highWaterMark = extractHighWaterMark(strategyDict, 0);
      if (autoAllocateChunkSize === 0) {
        throw new ERR_INVALID_ARG_VALUE('source.autoAllocateChunkSize', 0, 'must be greater than 0');
      }
      const controller = new ReadableByteStreamController(kInternal);
      setUpReadableByteStreamController(this, controller,
        () => (start === undefined ? undefined : Reflect.apply(start, source, [controller])),
        pull === undefined ? () => PromiseResolve() : () => promiseCall(pull, source, [controller]),
        cancel === undefined ? () => PromiseResolve() : (reason) => promiseCallAdopting(cancel, source, [reason]),
        highWaterMark, autoAllocateChunkSize);
    } else {
      const sizeAlgorithm = extractSizeAlgorithm(strategyDict);
      const highWaterMark = extractHighWaterMark(strategyDict, 1);
      const controller = new ReadableStreamDefaultController(kInternal);
      setUpReadableStreamDefaultController(this, controller,
        () => (start === undefined ? undefined : Reflect.apply(start, source, [controller])),
        pull === undefined ? () => PromiseResolve() : () => promiseCall(pull, source, [controller]),
        cancel === undefined ? () => PromiseResolve() : (reason) => promiseCallAdopting(cancel, source, [reason]),
        highWaterMark, sizeAlgorithm);
    }
  }

  static from(asyncIterable) {
    return readableStreamFromIterable(asyncIterable);
  }

  get locked() {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS('ReadableStream');
    return isReadableStreamLocked(this);
  }

  cancel(reason = undefined) {
    if (!isReadableStream(this)) return PromiseReject(new ERR_INVALID_THIS('ReadableStream'));
    if (isReadableStreamLocked(this)) return PromiseReject(lockedError());
    return readableStreamCancel(this, reason);
  }

  getReader(options = undefined) {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS('ReadableStream');
    const dict = convertDictionary(options, 'options');
    let mode = dict.mode;
    if (mode !== undefined) {
      mode = `${mode}`;
      if (mode !== 'byob') throw new ERR_INVALID_ARG_VALUE('options.mode', mode);
      return new ReadableStreamBYOBReader(this);
    }
    return new ReadableStreamDefaultReader(this);
  }

  pipeThrough(transform, options = undefined) {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS('ReadableStream');
    if (transform === null || (typeof transform !== 'object' && typeof transform !== 'function')) {
      throw new ERR_INVALID_ARG_TYPE('transform', 'Object', transform);
    }
    const readable = transform.readable;
    if (!isReadableStream(readable)) throw new ERR_INVALID_ARG_TYPE('transform.readable', 'ReadableStream', readable);
    const writable = transform.writable;
    if (!isWritableStream(writable)) throw new ERR_INVALID_ARG_TYPE('transform.writable', 'WritableStream', writable);
    const { preventAbort, preventCancel, preventClose, signal } = convertPipeOptions(options);
    if (isReadableStreamLocked(this)) throw lockedError();
    if (isWritableStreamLocked(writable)) throw new ERR_INVALID_STATE.TypeError('The WritableStream is locked');
    const promise = readableStreamPipeTo(this, writable, preventClose, preventAbort, preventCancel, signal);
    setHandled(promise);
    return readable;
  }

  pipeTo(destination, options = undefined) {
    try {
      if (!isReadableStream(this)) throw new ERR_INVALID_THIS('ReadableStream');
      // Node names the argument as pipeThrough's.
      if (!isWritableStream(destination)) {
        throw new ERR_INVALID_ARG_TYPE('transform.writable', 'WritableStream', destination);
      }
      const { preventAbort, preventCancel, preventClose, signal } = convertPipeOptions(options);
      if (isReadableStreamLocked(this)) throw new ERR_INVALID_STATE.TypeError('The ReadableStream is locked');
      if (isWritableStreamLocked(destination)) throw new ERR_INVALID_STATE.TypeError('The WritableStream is locked');
      return readableStreamPipeTo(this, destination, preventClose, preventAbort, preventCancel, signal);
    } catch (error) {
      return PromiseReject(error);
    }
  }

  tee() {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS('ReadableStream');
    return readableStreamTee(this, false);
  }

  values(options = undefined) {
    if (!isReadableStream(this)) throw new ERR_INVALID_THIS('ReadableStream');
    const dict = convertDictionary(options, 'options');
    const preventCancel = !!dict.preventCancel;
    return createAsyncIterator(this, preventCancel);
  }

  [customInspect](depth, options) {
    const s = this[kState];
    return customInspectObject(this, 'ReadableStream', depth, options, {
      locked: isReadableStreamLocked(this),
      state: s.state,
      supportsBYOB: isReadableByteStreamController(s.controller),
    });
  }
}

Object.defineProperty(ReadableStream.prototype, Symbol.asyncIterator, {
  __proto__: null, value: ReadableStream.prototype.values, writable: true, configurable: true,
});
Object.defineProperty(ReadableStream.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ReadableStream', configurable: true,
});

// StreamPipeOptions: members in lexicographic order.
function convertPipeOptions(options) {
  const dict = convertDictionary(options, 'options');
  const preventAbort = !!dict.preventAbort;
  const preventCancel = !!dict.preventCancel;
  const preventClose = !!dict.preventClose;
  const signal = dict.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new ERR_INVALID_ARG_TYPE('options.signal', 'AbortSignal', signal);
  }
  return { preventAbort, preventCancel, preventClose, signal };
}

// --- async iteration ---------------------------------------------------------------

const ReadableStreamAsyncIteratorPrototype = Object.create(AsyncIteratorPrototype, {
  next: {
    __proto__: null,
    writable: true,
    configurable: true,
    enumerable: true,
    value: { next() {
      const it = this?.[kState];
      if (it?.kind !== 'ReadableStreamAsyncIterator') {
        return PromiseReject(new ERR_INVALID_THIS('ReadableStreamAsyncIterator'));
      }
      const nextSteps = () => {
        if (it.isFinished) return PromiseResolve({ value: undefined, done: true });
        return react(asyncIteratorGetNext(it), (result) => {
          it.ongoingPromise = undefined;
          if (result.done) it.isFinished = true;
          return result;
        }, (reason) => {
          it.ongoingPromise = undefined;
          it.isFinished = true;
          throw reason;
        });
      };
      it.ongoingPromise = it.ongoingPromise === undefined ? nextSteps() : react(it.ongoingPromise, nextSteps, nextSteps);
      return it.ongoingPromise;
    } }.next,
  },
  return: {
    __proto__: null,
    writable: true,
    configurable: true,
    enumerable: true,
    value: { return(value) {
      const it = this?.[kState];
      if (it?.kind !== 'ReadableStreamAsyncIterator') {
        return PromiseReject(new ERR_INVALID_THIS('ReadableStreamAsyncIterator'));
      }
      const returnSteps = () => {
        if (it.isFinished) return PromiseResolve({ value, done: true });
        it.isFinished = true;
        return asyncIteratorReturn(it, value);
      };
      it.ongoingPromise = it.ongoingPromise === undefined ?
        returnSteps() : react(it.ongoingPromise, returnSteps, returnSteps);
      return react(it.ongoingPromise, () => ({ value, done: true }));
    } }.return,
  },
  [Symbol.toStringTag]: { __proto__: null, configurable: true, value: 'ReadableStream AsyncIterator' },
});

function createAsyncIterator(stream, preventCancel) {
  const reader = acquireReadableStreamDefaultReader(stream);
  const iterator = Object.create(ReadableStreamAsyncIteratorPrototype);
  iterator[kState] = {
    kind: 'ReadableStreamAsyncIterator',
    reader,
    preventCancel,
    ongoingPromise: undefined,
    isFinished: false,
  };
  return iterator;
}

function asyncIteratorGetNext(it) {
  const reader = it.reader;
  const promise = newPromise();
  readableStreamDefaultReaderRead(reader, {
    chunkSteps(chunk) {
      promise.resolve({ value: chunk, done: false });
    },
    closeSteps() {
      readableStreamDefaultReaderRelease(reader);
      promise.resolve({ value: undefined, done: true });
    },
    errorSteps(e) {
      readableStreamDefaultReaderRelease(reader);
      promise.reject(e);
    },
  });
  return promise.promise;
}

function asyncIteratorReturn(it, arg) {
  const reader = it.reader;
  if (reader[kState].stream === undefined) return PromiseResolve({ value: arg, done: true });
  if (!it.preventCancel) {
    const result = readableStreamReaderGenericCancel(reader, arg);
    readableStreamDefaultReaderRelease(reader);
    return result;
  }
  readableStreamDefaultReaderRelease(reader);
  return PromiseResolve();
}

// --- ReadableStream.from --------------------------------------------------------------

function getAsyncIterator(value) {
  if (value === null || value === undefined) throw new ERR_ARG_NOT_ITERABLE('asyncIterable');
  let method = value[Symbol.asyncIterator];
  if (method === undefined || method === null) {
    const syncMethod = value[Symbol.iterator];
    if (syncMethod === undefined || syncMethod === null) throw new ERR_ARG_NOT_ITERABLE('asyncIterable');
    if (typeof syncMethod !== 'function') throw new ERR_INVALID_ARG_TYPE('asyncIterable', 'Iterable', value);
    const syncIterator = Reflect.apply(syncMethod, value, []);
    if (syncIterator === null || (typeof syncIterator !== 'object' && typeof syncIterator !== 'function')) {
      throw new ERR_INVALID_STATE.TypeError('The iterator is not an object');
    }
    return asyncFromSyncIterator(syncIterator, syncIterator.next);
  }
  if (typeof method !== 'function') throw new ERR_INVALID_ARG_TYPE('asyncIterable', 'AsyncIterable', value);
  const iterator = Reflect.apply(method, value, []);
  if (iterator === null || (typeof iterator !== 'object' && typeof iterator !== 'function')) {
    throw new ERR_INVALID_STATE.TypeError('The iterator is not an object');
  }
  return { iterator, nextMethod: iterator.next };
}

// CreateAsyncFromSyncIterator: values (possibly promises) are awaited.
function asyncFromSyncIterator(syncIterator, syncNext) {
  function continuation(result) {
    if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
      throw new ERR_INVALID_STATE.TypeError('The iterator result is not an object');
    }
    const done = !!result.done;
    return react(Promise.resolve(result.value), (value) => ({ value, done }));
  }
  const iterator = {
    next(value) {
      try {
        return continuation(Reflect.apply(syncNext, syncIterator, [value]));
      } catch (error) {
        return PromiseReject(error);
      }
    },
    return(value) {
      try {
        const method = syncIterator.return;
        if (method === undefined || method === null) return PromiseResolve({ value, done: true });
        return continuation(Reflect.apply(method, syncIterator, [value]));
      } catch (error) {
        return PromiseReject(error);
      }
    },
  };
  return { iterator, nextMethod: iterator.next };
}

function readableStreamFromIterable(asyncIterable) {
  const record = getAsyncIterator(asyncIterable);
  let stream;
  const startAlgorithm = () => undefined;
  const pullAlgorithm = () => {
    let nextResult;
    try {
      nextResult = Reflect.apply(record.nextMethod, record.iterator, []);
    } catch (error) {
      return PromiseReject(error);
    }
    return react(PromiseResolve(nextResult), (iterResult) => {
      if (iterResult === null || (typeof iterResult !== 'object' && typeof iterResult !== 'function')) {
        throw new ERR_INVALID_STATE.TypeError('The promise returned by the iterator.next() method must fulfill ' +
          'with an object');
      }
      if (iterResult.done) {
        readableStreamDefaultControllerClose(stream[kState].controller);
      } else {
        readableStreamDefaultControllerEnqueue(stream[kState].controller, iterResult.value);
      }
    });
  };
  const cancelAlgorithm = (reason) => {
    const iterator = record.iterator;
    let returnMethod;
    try {
      returnMethod = iterator.return;
    } catch (error) {
      return PromiseReject(error);
    }
    if (returnMethod === undefined || returnMethod === null) return PromiseResolve();
    if (typeof returnMethod !== 'function') {
      return PromiseReject(new ERR_INVALID_ARG_TYPE('iterator.return', 'Function', returnMethod));
    }
    let returnResult;
    try {
      returnResult = Reflect.apply(returnMethod, iterator, [reason]);
    } catch (error) {
      return PromiseReject(error);
    }
    return react(PromiseResolve(returnResult), (result) => {
      if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
        throw new ERR_INVALID_STATE.TypeError('The promise returned by the iterator.return() method must ' +
          'fulfill with an object');
      }
    });
  };
  stream = createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

// --- readers ---------------------------------------------------------------------------

class ReadableStreamDefaultReader {
  constructor(stream) {
    if (!isReadableStream(stream)) throw new ERR_INVALID_ARG_TYPE('stream', 'ReadableStream', stream);
    this[kState] = {
      kind: 'ReadableStreamDefaultReader',
      stream: undefined,
      closedPromise: undefined,
      readRequests: [],
    };
    setUpReadableStreamDefaultReader(this, stream);
  }

  get closed() {
    if (!isReadableStreamDefaultReader(this)) {
      return PromiseReject(new ERR_INVALID_THIS('ReadableStreamDefaultReader'));
    }
    return this[kState].closedPromise.promise;
  }

  cancel(reason = undefined) {
    if (!isReadableStreamDefaultReader(this)) {
      return PromiseReject(new ERR_INVALID_THIS('ReadableStreamDefaultReader'));
    }
    if (this[kState].stream === undefined) return PromiseReject(releasedReaderError());
    return readableStreamReaderGenericCancel(this, reason);
  }

  read() {
    if (!isReadableStreamDefaultReader(this)) {
      return PromiseReject(new ERR_INVALID_THIS('ReadableStreamDefaultReader'));
    }
    if (this[kState].stream === undefined) return PromiseReject(releasedReaderError());
    const promise = newPromise();
    // Node 24 answers a read the queue already holds with `{ done, value }`
    // (its fast path), a read that had to wait with `{ value, done }`; the
    // key order shows when the result is printed, so it is kept.
    let fromQueue = true;
    readableStreamDefaultReaderRead(this, {
      chunkSteps(chunk) {
        promise.resolve(fromQueue ? { done: false, value: chunk } : { value: chunk, done: false });
      },
      closeSteps() {
        promise.resolve({ value: undefined, done: true });
      },
      errorSteps(e) {
        promise.reject(e);
      },
    });
    fromQueue = false;
    return promise.promise;
  }

  releaseLock() {
    if (!isReadableStreamDefaultReader(this)) throw new ERR_INVALID_THIS('ReadableStreamDefaultReader');
    if (this[kState].stream === undefined) return;
    readableStreamDefaultReaderRelease(this);
  }

  [customInspect](depth, options) {
    const r = this[kState];
    return customInspectObject(this, 'ReadableStreamDefaultReader', depth, options, {
      stream: r.stream,
      readRequests: r.readRequests.length,
      close: r.closedPromise.promise,
    });
  }
}

Object.defineProperty(ReadableStreamDefaultReader.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ReadableStreamDefaultReader', configurable: true,
});

class ReadableStreamBYOBReader {
  constructor(stream) {
    if (!isReadableStream(stream)) throw new ERR_INVALID_ARG_TYPE('stream', 'ReadableStream', stream);
    this[kState] = {
      kind: 'ReadableStreamBYOBReader',
      stream: undefined,
      closedPromise: undefined,
      readIntoRequests: [],
    };
    setUpReadableStreamBYOBReader(this, stream);
  }

  get closed() {
    if (!isReadableStreamBYOBReader(this)) return PromiseReject(new ERR_INVALID_THIS('ReadableStreamBYOBReader'));
    return this[kState].closedPromise.promise;
  }

  cancel(reason = undefined) {
    if (!isReadableStreamBYOBReader(this)) return PromiseReject(new ERR_INVALID_THIS('ReadableStreamBYOBReader'));
    if (this[kState].stream === undefined) return PromiseReject(releasedReaderError());
    return readableStreamReaderGenericCancel(this, reason);
  }

  read(view, options = undefined) {
    if (!isReadableStreamBYOBReader(this)) return PromiseReject(new ERR_INVALID_THIS('ReadableStreamBYOBReader'));
    // Node 24's checks, in its order (stricter than WebIDL's conversion
    // of `min`: a non-number is refused, not converted).
    if (!isArrayBufferView(view)) {
      return PromiseReject(new ERR_INVALID_ARG_TYPE('view', ['Buffer', 'TypedArray', 'DataView'], view));
    }
    if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
      return PromiseReject(new ERR_INVALID_ARG_TYPE('options', 'Object', options));
    }
    if (!(view.buffer instanceof ArrayBuffer)) {
      return PromiseReject(new ERR_INVALID_ARG_VALUE('view', view, 'must not be backed by a SharedArrayBuffer'));
    }
    if (view.byteLength === 0 || arrayBufferByteLength(view.buffer) === 0 || isDetachedBuffer(view.buffer)) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('View or Viewed ArrayBuffer is zero-length or detached'));
    }
    const min = options?.min ?? 1;
    if (typeof min !== 'number') return PromiseReject(new ERR_INVALID_ARG_TYPE('options.min', 'number', min));
    if (!Number.isInteger(min)) {
      return PromiseReject(new ERR_INVALID_ARG_VALUE('options.min', min, 'must be an integer'));
    }
    if (min <= 0) return PromiseReject(new ERR_INVALID_ARG_VALUE('options.min', min, 'must be greater than 0'));
    if (viewInfo(view).ctor !== DataView) {
      if (min > view.length) return PromiseReject(new ERR_OUT_OF_RANGE('options.min', '<= view.length', min));
    } else if (min > view.byteLength) {
      return PromiseReject(new ERR_OUT_OF_RANGE('options.min', '<= view.byteLength', min));
    }
    if (this[kState].stream === undefined) return PromiseReject(releasedReaderError());
    const promise = newPromise();
    readableStreamBYOBReaderRead(this, view, min, {
      chunkSteps(chunk) {
        promise.resolve({ value: chunk, done: false });
      },
      closeSteps(chunk) {
        promise.resolve({ value: chunk, done: true });
      },
      errorSteps(e) {
        promise.reject(e);
      },
    });
    return promise.promise;
  }

  releaseLock() {
    if (!isReadableStreamBYOBReader(this)) throw new ERR_INVALID_THIS('ReadableStreamBYOBReader');
    if (this[kState].stream === undefined) return;
    readableStreamBYOBReaderRelease(this);
  }

  [customInspect](depth, options) {
    const r = this[kState];
    return customInspectObject(this, 'ReadableStreamBYOBReader', depth, options, {
      stream: r.stream,
      readIntoRequests: r.readIntoRequests.length,
      close: r.closedPromise.promise,
    });
  }
}

Object.defineProperty(ReadableStreamBYOBReader.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ReadableStreamBYOBReader', configurable: true,
});

// --- controllers ---------------------------------------------------------------------------

class ReadableStreamDefaultController {
  constructor(key = undefined) {
    if (key !== kInternal) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kState] = {
      kind: 'ReadableStreamDefaultController',
      cancelAlgorithm: undefined,
      closeRequested: false,
      pullAgain: false,
      pullAlgorithm: undefined,
      pulling: false,
      queue: [],
      queueTotalSize: 0,
      started: false,
      strategyHWM: 0,
      strategySizeAlgorithm: undefined,
      stream: undefined,
    };
  }

  get desiredSize() {
    if (!isReadableStreamDefaultController(this)) throw new ERR_INVALID_THIS('ReadableStreamDefaultController');
    return readableStreamDefaultControllerGetDesiredSize(this);
  }

  close() {
    if (!isReadableStreamDefaultController(this)) throw new ERR_INVALID_THIS('ReadableStreamDefaultController');
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(this)) {
      throw new ERR_INVALID_STATE.TypeError('Controller is already closed');
    }
    readableStreamDefaultControllerClose(this);
  }

  enqueue(chunk = undefined) {
    if (!isReadableStreamDefaultController(this)) throw new ERR_INVALID_THIS('ReadableStreamDefaultController');
    if (!readableStreamDefaultControllerCanCloseOrEnqueue(this)) {
      throw new ERR_INVALID_STATE.TypeError('Controller is already closed');
    }
    readableStreamDefaultControllerEnqueue(this, chunk);
  }

  error(e = undefined) {
    if (!isReadableStreamDefaultController(this)) throw new ERR_INVALID_THIS('ReadableStreamDefaultController');
    readableStreamDefaultControllerError(this, e);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'ReadableStreamDefaultController', depth, options, {});
  }
}

Object.defineProperty(ReadableStreamDefaultController.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ReadableStreamDefaultController', configurable: true,
});

class ReadableByteStreamController {
  constructor(key = undefined) {
    if (key !== kInternal) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kState] = {
      kind: 'ReadableByteStreamController',
      autoAllocateChunkSize: undefined,
      byobRequest: null,
      cancelAlgorithm: undefined,
      closeRequested: false,
      pullAgain: false,
      pullAlgorithm: undefined,
      pulling: false,
      pendingPullIntos: [],
      queue: [],
      queueTotalSize: 0,
      started: false,
      strategyHWM: 0,
      stream: undefined,
    };
  }

  get byobRequest() {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS('ReadableByteStreamController');
    return readableByteStreamControllerGetBYOBRequest(this);
  }

  get desiredSize() {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS('ReadableByteStreamController');
    return readableByteStreamControllerGetDesiredSize(this);
  }

  close() {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS('ReadableByteStreamController');
    const c = this[kState];
    if (c.closeRequested) throw new ERR_INVALID_STATE.TypeError('Controller is already closed');
    if (c.stream[kState].state !== 'readable') {
      throw new ERR_INVALID_STATE.TypeError('ReadableStream is already closed');
    }
    readableByteStreamControllerClose(this);
  }

  enqueue(chunk) {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS('ReadableByteStreamController');
    if (!isArrayBufferView(chunk)) {
      throw new ERR_INVALID_ARG_TYPE('chunk', ['Buffer', 'TypedArray', 'DataView'], chunk);
    }
    if (chunk.byteLength === 0) throw new ERR_INVALID_STATE.TypeError('chunk must have a non-zero byteLength');
    if (arrayBufferByteLength(chunk.buffer) === 0) {
      throw new ERR_INVALID_STATE.TypeError('chunk\'s buffer must have a non-zero byteLength');
    }
    const c = this[kState];
    if (c.closeRequested) throw new ERR_INVALID_STATE.TypeError('Controller is already closed');
    if (c.stream[kState].state !== 'readable') {
      throw new ERR_INVALID_STATE.TypeError('ReadableStream is already closed');
    }
    readableByteStreamControllerEnqueue(this, chunk);
  }

  error(e = undefined) {
    if (!isReadableByteStreamController(this)) throw new ERR_INVALID_THIS('ReadableByteStreamController');
    readableByteStreamControllerError(this, e);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'ReadableByteStreamController', depth, options, {});
  }
}

Object.defineProperty(ReadableByteStreamController.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ReadableByteStreamController', configurable: true,
});

class ReadableStreamBYOBRequest {
  constructor(key = undefined) {
    if (key !== kInternal) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kState] = { kind: 'ReadableStreamBYOBRequest', controller: undefined, view: null };
  }

  get view() {
    if (!isReadableStreamBYOBRequest(this)) throw new ERR_INVALID_THIS('ReadableStreamBYOBRequest');
    return this[kState].view;
  }

  respond(bytesWritten) {
    if (!isReadableStreamBYOBRequest(this)) throw new ERR_INVALID_THIS('ReadableStreamBYOBRequest');
    bytesWritten = enforceRangeULL(bytesWritten, 'bytesWritten');
    const r = this[kState];
    if (r.controller === undefined) throw new ERR_INVALID_STATE.TypeError('This BYOB request has been invalidated');
    if (isDetachedBuffer(r.view.buffer)) throw new ERR_INVALID_STATE.TypeError('The view\'s buffer is detached');
    readableByteStreamControllerRespond(r.controller, bytesWritten);
  }

  respondWithNewView(view) {
    if (!isReadableStreamBYOBRequest(this)) throw new ERR_INVALID_THIS('ReadableStreamBYOBRequest');
    if (!isArrayBufferView(view)) throw new ERR_INVALID_ARG_TYPE('view', ['Buffer', 'TypedArray', 'DataView'], view);
    const r = this[kState];
    if (r.controller === undefined) throw new ERR_INVALID_STATE.TypeError('This BYOB request has been invalidated');
    if (isDetachedBuffer(view.buffer)) throw new ERR_INVALID_STATE.TypeError('The view\'s buffer is detached');
    readableByteStreamControllerRespondWithNewView(r.controller, view);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'ReadableStreamBYOBRequest', depth, options, {
      view: this[kState].view,
      controller: this[kState].controller,
    });
  }
}

Object.defineProperty(ReadableStreamBYOBRequest.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ReadableStreamBYOBRequest', configurable: true,
});

// --- ReadableStream abstract operations -----------------------------------------------------

function initializeReadableStream(stream) {
  stream[kState] = {
    kind: 'ReadableStream',
    state: 'readable',
    reader: undefined,
    storedError: undefined,
    disturbed: false,
    controller: undefined,
  };
}

function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1,
  sizeAlgorithm = () => 1) {
  const stream = Object.create(ReadableStream.prototype);
  initializeReadableStream(stream);
  const controller = new ReadableStreamDefaultController(kInternal);
  setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
    highWaterMark, sizeAlgorithm);
  return stream;
}

function createReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) {
  const stream = Object.create(ReadableStream.prototype);
  initializeReadableStream(stream);
  const controller = new ReadableByteStreamController(kInternal);
  setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, 0, undefined);
  return stream;
}

function isReadableStreamLocked(stream) {
  return stream[kState].reader !== undefined;
}

function acquireReadableStreamDefaultReader(stream) {
  return new ReadableStreamDefaultReader(stream);
}

function acquireReadableStreamBYOBReader(stream) {
  return new ReadableStreamBYOBReader(stream);
}

function readableStreamAddReadRequest(stream, readRequest) {
  stream[kState].reader[kState].readRequests.push(readRequest);
}

function readableStreamAddReadIntoRequest(stream, readIntoRequest) {
  stream[kState].reader[kState].readIntoRequests.push(readIntoRequest);
}

function readableStreamCancel(stream, reason) {
  const s = stream[kState];
  s.disturbed = true;
  if (s.state === 'closed') return PromiseResolve();
  if (s.state === 'errored') return PromiseReject(s.storedError);
  readableStreamClose(stream);
  const reader = s.reader;
  if (reader !== undefined && isReadableStreamBYOBReader(reader)) {
    const readIntoRequests = reader[kState].readIntoRequests;
    reader[kState].readIntoRequests = [];
    for (const request of readIntoRequests) request.closeSteps(undefined);
  }
  const controller = s.controller;
  const sourceCancelPromise = isReadableByteStreamController(controller) ?
    readableByteStreamControllerCancelSteps(controller, reason) :
    readableStreamDefaultControllerCancelSteps(controller, reason);
  return react(sourceCancelPromise, () => undefined);
}

function readableStreamClose(stream) {
  const s = stream[kState];
  s.state = 'closed';
  settleEnd(s, undefined, false);
  const reader = s.reader;
  if (reader === undefined) return;
  reader[kState].closedPromise.resolve();
  if (isReadableStreamDefaultReader(reader)) {
    const readRequests = reader[kState].readRequests;
    reader[kState].readRequests = [];
    for (const request of readRequests) request.closeSteps();
  }
}

function readableStreamError(stream, e) {
  const s = stream[kState];
  s.state = 'errored';
  s.storedError = e;
  settleEnd(s, e, true);
  const reader = s.reader;
  if (reader === undefined) return;
  const closed = reader[kState].closedPromise;
  closed.reject(e);
  setHandled(closed.promise);
  if (isReadableStreamDefaultReader(reader)) readableStreamDefaultReaderErrorReadRequests(reader, e);
  else readableStreamBYOBReaderErrorReadIntoRequests(reader, e);
}

function readableStreamFulfillReadIntoRequest(stream, chunk, done) {
  const reader = stream[kState].reader;
  const readIntoRequest = reader[kState].readIntoRequests.shift();
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

function readableStreamFulfillReadRequest(stream, chunk, done) {
  const reader = stream[kState].reader;
  const readRequest = reader[kState].readRequests.shift();
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

function readableStreamGetNumReadIntoRequests(stream) {
  return stream[kState].reader[kState].readIntoRequests.length;
}

function readableStreamGetNumReadRequests(stream) {
  return stream[kState].reader[kState].readRequests.length;
}

function readableStreamHasBYOBReader(stream) {
  const reader = stream[kState].reader;
  return reader !== undefined && isReadableStreamBYOBReader(reader);
}

function readableStreamHasDefaultReader(stream) {
  const reader = stream[kState].reader;
  return reader !== undefined && isReadableStreamDefaultReader(reader);
}

// --- reader abstract operations --------------------------------------------------------------

function readableStreamReaderGenericCancel(reader, reason) {
  return readableStreamCancel(reader[kState].stream, reason);
}

function readableStreamReaderGenericInitialize(reader, stream) {
  const r = reader[kState];
  const s = stream[kState];
  r.stream = stream;
  s.reader = reader;
  r.closedPromise = newPromise();
  if (s.state === 'closed') {
    r.closedPromise.resolve();
  } else if (s.state === 'errored') {
    r.closedPromise.reject(s.storedError);
    setHandled(r.closedPromise.promise);
  }
}

function readableStreamReaderGenericRelease(reader) {
  const r = reader[kState];
  const stream = r.stream;
  const s = stream[kState];
  const error = new ERR_INVALID_STATE.TypeError('Reader released');
  if (s.state === 'readable' && !r.closedPromise.settled) {
    r.closedPromise.reject(error);
  } else {
    r.closedPromise = newPromise();
    r.closedPromise.reject(error);
  }
  setHandled(r.closedPromise.promise);
  const controller = s.controller;
  if (isReadableByteStreamController(controller)) readableByteStreamControllerReleaseSteps(controller);
  s.reader = undefined;
  r.stream = undefined;
}

function readableStreamBYOBReaderErrorReadIntoRequests(reader, e) {
  const readIntoRequests = reader[kState].readIntoRequests;
  reader[kState].readIntoRequests = [];
  for (const request of readIntoRequests) request.errorSteps(e);
}

function readableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  const stream = reader[kState].stream;
  const s = stream[kState];
  s.disturbed = true;
  if (s.state === 'errored') readIntoRequest.errorSteps(s.storedError);
  else readableByteStreamControllerPullInto(s.controller, view, min, readIntoRequest);
}

function readableStreamBYOBReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamBYOBReaderErrorReadIntoRequests(reader, new ERR_INVALID_STATE.TypeError('Reader released'));
}

function readableStreamDefaultReaderErrorReadRequests(reader, e) {
  const readRequests = reader[kState].readRequests;
  reader[kState].readRequests = [];
  for (const request of readRequests) request.errorSteps(e);
}

function readableStreamDefaultReaderRead(reader, readRequest) {
  const stream = reader[kState].stream;
  const s = stream[kState];
  s.disturbed = true;
  if (s.state === 'closed') {
    readRequest.closeSteps();
  } else if (s.state === 'errored') {
    readRequest.errorSteps(s.storedError);
  } else {
    const controller = s.controller;
    if (isReadableByteStreamController(controller)) readableByteStreamControllerPullSteps(controller, readRequest);
    else readableStreamDefaultControllerPullSteps(controller, readRequest);
  }
}

function readableStreamDefaultReaderRelease(reader) {
  readableStreamReaderGenericRelease(reader);
  readableStreamDefaultReaderErrorReadRequests(reader, new ERR_INVALID_STATE.TypeError('Reader released'));
}

function setUpReadableStreamBYOBReader(reader, stream) {
  if (isReadableStreamLocked(stream)) throw lockedError();
  if (!isReadableByteStreamController(stream[kState].controller)) {
    throw new ERR_INVALID_ARG_VALUE('stream', stream, 'must be a byte stream');
  }
  readableStreamReaderGenericInitialize(reader, stream);
  reader[kState].readIntoRequests = [];
}

function setUpReadableStreamDefaultReader(reader, stream) {
  if (isReadableStreamLocked(stream)) throw lockedError();
  readableStreamReaderGenericInitialize(reader, stream);
  reader[kState].readRequests = [];
}

// --- default controller abstract operations ------------------------------------------------------

function readableStreamDefaultControllerCancelSteps(controller, reason) {
  const c = controller[kState];
  resetQueue(c);
  const result = c.cancelAlgorithm(reason);
  readableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

function readableStreamDefaultControllerPullSteps(controller, readRequest) {
  const c = controller[kState];
  const stream = c.stream;
  if (c.queue.length > 0) {
    const chunk = dequeueValue(c);
    if (c.closeRequested && c.queue.length === 0) {
      readableStreamDefaultControllerClearAlgorithms(controller);
      readableStreamClose(stream);
    } else {
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    }
    readRequest.chunkSteps(chunk);
  } else {
    readableStreamAddReadRequest(stream, readRequest);
    readableStreamDefaultControllerCallPullIfNeeded(controller);
  }
}

function readableStreamDefaultControllerCallPullIfNeeded(controller) {
  const c = controller[kState];
  if (!readableStreamDefaultControllerShouldCallPull(controller)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  const pullPromise = c.pullAlgorithm();
  uponPromise(pullPromise, () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      readableStreamDefaultControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    readableStreamDefaultControllerError(controller, e);
  });
}

function readableStreamDefaultControllerShouldCallPull(controller) {
  const c = controller[kState];
  const stream = c.stream;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  if (!c.started) return false;
  if (isReadableStreamLocked(stream) && readableStreamHasDefaultReader(stream) &&
      readableStreamGetNumReadRequests(stream) > 0) {
    return true;
  }
  const desiredSize = readableStreamDefaultControllerGetDesiredSize(controller);
  return desiredSize > 0;
}

function readableStreamDefaultControllerClearAlgorithms(controller) {
  const c = controller[kState];
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function readableStreamDefaultControllerClose(controller) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const c = controller[kState];
  c.closeRequested = true;
  if (c.queue.length === 0) {
    readableStreamDefaultControllerClearAlgorithms(controller);
    readableStreamClose(c.stream);
  }
}

function readableStreamDefaultControllerEnqueue(controller, chunk) {
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  const c = controller[kState];
  const stream = c.stream;
  if (isReadableStreamLocked(stream) && readableStreamGetNumReadRequests(stream) > 0) {
    readableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    let chunkSize;
    try {
      chunkSize = c.strategySizeAlgorithm(chunk);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
    try {
      enqueueValueWithSize(c, chunk, chunkSize);
    } catch (error) {
      readableStreamDefaultControllerError(controller, error);
      throw error;
    }
  }
  readableStreamDefaultControllerCallPullIfNeeded(controller);
}

function readableStreamDefaultControllerError(controller, e) {
  const c = controller[kState];
  const stream = c.stream;
  if (stream[kState].state !== 'readable') return;
  resetQueue(c);
  readableStreamDefaultControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

function readableStreamDefaultControllerGetDesiredSize(controller) {
  const c = controller[kState];
  const state = c.stream[kState].state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function readableStreamDefaultControllerHasBackpressure(controller) {
  return !readableStreamDefaultControllerShouldCallPull(controller);
}

function readableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  const c = controller[kState];
  return !c.closeRequested && c.stream[kState].state === 'readable';
}

function setUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark, sizeAlgorithm) {
  const c = controller[kState];
  c.stream = stream;
  resetQueue(c);
  c.started = false;
  c.closeRequested = false;
  c.pullAgain = false;
  c.pulling = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  stream[kState].controller = controller;
  const startResult = startAlgorithm();
  uponPromise(PromiseResolve(startResult), () => {
    c.started = true;
    readableStreamDefaultControllerCallPullIfNeeded(controller);
  }, (r) => {
    readableStreamDefaultControllerError(controller, r);
  });
}

// --- byte controller abstract operations ---------------------------------------------------------

function readableByteStreamControllerCancelSteps(controller, reason) {
  const c = controller[kState];
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(c);
  const result = c.cancelAlgorithm(reason);
  readableByteStreamControllerClearAlgorithms(controller);
  return result;
}

function readableByteStreamControllerPullSteps(controller, readRequest) {
  const c = controller[kState];
  const stream = c.stream;
  if (c.queueTotalSize > 0) {
    readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
    return;
  }
  const autoAllocateChunkSize = c.autoAllocateChunkSize;
  if (autoAllocateChunkSize !== undefined) {
    let buffer;
    try {
      buffer = new ArrayBuffer(autoAllocateChunkSize);
    } catch (error) {
      readRequest.errorSteps(error);
      return;
    }
    c.pendingPullIntos.push({
      buffer,
      bufferByteLength: autoAllocateChunkSize,
      byteOffset: 0,
      byteLength: autoAllocateChunkSize,
      bytesFilled: 0,
      minimumFill: 1,
      elementSize: 1,
      viewConstructor: Uint8Array,
      readerType: 'default',
    });
  }
  readableStreamAddReadRequest(stream, readRequest);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerReleaseSteps(controller) {
  const c = controller[kState];
  if (c.pendingPullIntos.length > 0) {
    const firstPendingPullInto = c.pendingPullIntos[0];
    firstPendingPullInto.readerType = 'none';
    c.pendingPullIntos = [firstPendingPullInto];
  }
}

function readableByteStreamControllerCallPullIfNeeded(controller) {
  const c = controller[kState];
  if (!readableByteStreamControllerShouldCallPull(controller)) return;
  if (c.pulling) {
    c.pullAgain = true;
    return;
  }
  c.pulling = true;
  const pullPromise = c.pullAlgorithm();
  uponPromise(pullPromise, () => {
    c.pulling = false;
    if (c.pullAgain) {
      c.pullAgain = false;
      readableByteStreamControllerCallPullIfNeeded(controller);
    }
  }, (e) => {
    readableByteStreamControllerError(controller, e);
  });
}

function readableByteStreamControllerClearAlgorithms(controller) {
  const c = controller[kState];
  c.pullAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function readableByteStreamControllerClearPendingPullIntos(controller) {
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  controller[kState].pendingPullIntos = [];
}

function readableByteStreamControllerClose(controller) {
  const c = controller[kState];
  const stream = c.stream;
  if (c.closeRequested || stream[kState].state !== 'readable') return;
  if (c.queueTotalSize > 0) {
    c.closeRequested = true;
    return;
  }
  if (c.pendingPullIntos.length > 0) {
    const firstPendingPullInto = c.pendingPullIntos[0];
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new ERR_INVALID_STATE.TypeError('Insufficient bytes to fill elements in the given buffer');
      readableByteStreamControllerError(controller, e);
      throw e;
    }
  }
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamClose(stream);
}

function readableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor) {
  let done = false;
  if (stream[kState].state === 'closed') done = true;
  const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === 'default') readableStreamFulfillReadRequest(stream, filledView, done);
  else readableStreamFulfillReadIntoRequest(stream, filledView, done);
}

function readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  const { bytesFilled, elementSize } = pullIntoDescriptor;
  const buffer = transferArrayBuffer(pullIntoDescriptor.buffer);
  const Ctor = pullIntoDescriptor.viewConstructor;
  return new Ctor(buffer, pullIntoDescriptor.byteOffset, bytesFilled / elementSize);
}

function readableByteStreamControllerEnqueue(controller, chunk) {
  const c = controller[kState];
  const stream = c.stream;
  if (c.closeRequested || stream[kState].state !== 'readable') return;
  const buffer = chunk.buffer;
  const byteOffset = chunk.byteOffset;
  const byteLength = chunk.byteLength;
  if (isDetachedBuffer(buffer)) throw new ERR_INVALID_STATE.TypeError('chunk\'s buffer is detached');
  if (!(buffer instanceof ArrayBuffer)) {
    throw new ERR_INVALID_STATE.TypeError('chunk\'s buffer cannot be transferred');
  }
  const transferredBuffer = transferArrayBuffer(buffer);
  if (c.pendingPullIntos.length > 0) {
    const firstPendingPullInto = c.pendingPullIntos[0];
    if (isDetachedBuffer(firstPendingPullInto.buffer)) {
      throw new ERR_INVALID_STATE.TypeError('The BYOB request\'s buffer has been detached');
    }
    readableByteStreamControllerInvalidateBYOBRequest(controller);
    firstPendingPullInto.buffer = transferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === 'none') {
      readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, firstPendingPullInto);
    }
  }
  if (readableStreamHasDefaultReader(stream)) {
    readableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (readableStreamGetNumReadRequests(stream) === 0) {
      readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    } else {
      if (c.pendingPullIntos.length > 0) readableByteStreamControllerShiftPendingPullInto(controller);
      const transferredView = new Uint8Array(transferredBuffer, byteOffset, byteLength);
      readableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (readableStreamHasBYOBReader(stream)) {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (const filledPullInto of filledPullIntos) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullInto);
    }
  } else {
    readableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset, byteLength) {
  const c = controller[kState];
  c.queue.push({ buffer, byteOffset, byteLength });
  c.queueTotalSize += byteLength;
}

function readableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer, byteOffset, byteLength) {
  let cloneResult;
  try {
    cloneResult = buffer.slice(byteOffset, byteOffset + byteLength);
  } catch (error) {
    readableByteStreamControllerError(controller, error);
    throw error;
  }
  readableByteStreamControllerEnqueueChunkToQueue(controller, cloneResult, 0, byteLength);
}

function readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor) {
  if (pullIntoDescriptor.bytesFilled > 0) {
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer,
      pullIntoDescriptor.byteOffset, pullIntoDescriptor.bytesFilled);
  }
  readableByteStreamControllerShiftPendingPullInto(controller);
}

function readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor) {
  const c = controller[kState];
  const maxBytesToCopy = Math.min(c.queueTotalSize, pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  const remainderBytes = maxBytesFilled % pullIntoDescriptor.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  const queue = c.queue;
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = queue[0];
    const bytesToCopy = Math.min(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    copyDataBlockBytes(pullIntoDescriptor.buffer, destStart, headOfQueue.buffer, headOfQueue.byteOffset, bytesToCopy);
    if (headOfQueue.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    c.queueTotalSize -= bytesToCopy;
    readableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesToCopy, pullIntoDescriptor);
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  return ready;
}

function readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  const c = controller[kState];
  const entry = c.queue.shift();
  c.queueTotalSize -= entry.byteLength;
  readableByteStreamControllerHandleQueueDrain(controller);
  const view = new Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

function readableByteStreamControllerGetBYOBRequest(controller) {
  const c = controller[kState];
  if (c.byobRequest === null && c.pendingPullIntos.length > 0) {
    const firstDescriptor = c.pendingPullIntos[0];
    const view = new Uint8Array(firstDescriptor.buffer, firstDescriptor.byteOffset + firstDescriptor.bytesFilled,
      firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const byobRequest = new ReadableStreamBYOBRequest(kInternal);
    byobRequest[kState].controller = controller;
    byobRequest[kState].view = view;
    c.byobRequest = byobRequest;
  }
  return c.byobRequest;
}

function readableByteStreamControllerGetDesiredSize(controller) {
  const c = controller[kState];
  const state = c.stream[kState].state;
  if (state === 'errored') return null;
  if (state === 'closed') return 0;
  return c.strategyHWM - c.queueTotalSize;
}

function readableByteStreamControllerHandleQueueDrain(controller) {
  const c = controller[kState];
  if (c.queueTotalSize === 0 && c.closeRequested) {
    readableByteStreamControllerClearAlgorithms(controller);
    readableStreamClose(c.stream);
  } else {
    readableByteStreamControllerCallPullIfNeeded(controller);
  }
}

function readableByteStreamControllerInvalidateBYOBRequest(controller) {
  const c = controller[kState];
  if (c.byobRequest === null) return;
  c.byobRequest[kState].controller = undefined;
  c.byobRequest[kState].view = null;
  c.byobRequest = null;
}

function readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  const c = controller[kState];
  const filledPullIntos = [];
  while (c.pendingPullIntos.length > 0) {
    if (c.queueTotalSize === 0) break;
    const pullIntoDescriptor = c.pendingPullIntos[0];
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      readableByteStreamControllerShiftPendingPullInto(controller);
      filledPullIntos.push(pullIntoDescriptor);
    }
  }
  return filledPullIntos;
}

function readableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  const c = controller[kState];
  const reader = c.stream[kState].reader;
  while (reader[kState].readRequests.length > 0) {
    if (c.queueTotalSize === 0) return;
    const readRequest = reader[kState].readRequests.shift();
    readableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
  }
}

function readableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  const c = controller[kState];
  const stream = c.stream;
  const { elementSize, ctor } = viewInfo(view);
  const minimumFill = min * elementSize;
  const byteOffset = view.byteOffset;
  const byteLength = view.byteLength;
  let buffer;
  try {
    if (!(view.buffer instanceof ArrayBuffer)) {
      throw new ERR_INVALID_STATE.TypeError('The view\'s buffer cannot be transferred');
    }
    buffer = transferArrayBuffer(view.buffer);
  } catch (error) {
    readIntoRequest.errorSteps(error);
    return;
  }
  const pullIntoDescriptor = {
    buffer,
    bufferByteLength: buffer.byteLength,
    byteOffset,
    byteLength,
    bytesFilled: 0,
    minimumFill,
    elementSize,
    viewConstructor: ctor,
    readerType: 'byob',
  };
  if (c.pendingPullIntos.length > 0) {
    c.pendingPullIntos.push(pullIntoDescriptor);
    readableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  if (stream[kState].state === 'closed') {
    const emptyView = new ctor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  if (c.queueTotalSize > 0) {
    if (readableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      const filledView = readableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
      readableByteStreamControllerHandleQueueDrain(controller);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    if (c.closeRequested) {
      const e = new ERR_INVALID_STATE.TypeError('Insufficient bytes to fill elements in the given buffer');
      readableByteStreamControllerError(controller, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  c.pendingPullIntos.push(pullIntoDescriptor);
  readableStreamAddReadIntoRequest(stream, readIntoRequest);
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespond(controller, bytesWritten) {
  const c = controller[kState];
  const firstDescriptor = c.pendingPullIntos[0];
  const state = c.stream[kState].state;
  if (state === 'closed') {
    if (bytesWritten !== 0) {
      throw new ERR_INVALID_ARG_VALUE('bytesWritten', bytesWritten, 'must be 0 when the stream is closed');
    }
  } else {
    if (bytesWritten === 0) {
      throw new ERR_INVALID_ARG_VALUE('bytesWritten', bytesWritten, 'must be greater than 0');
    }
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) {
      throw new ERR_INVALID_ARG_VALUE.RangeError('bytesWritten', bytesWritten, 'is out of range');
    }
  }
  firstDescriptor.buffer = transferArrayBuffer(firstDescriptor.buffer);
  readableByteStreamControllerRespondInternal(controller, bytesWritten);
}

function readableByteStreamControllerRespondInClosedState(controller, firstDescriptor) {
  const c = controller[kState];
  if (firstDescriptor.readerType === 'none') readableByteStreamControllerShiftPendingPullInto(controller);
  const stream = c.stream;
  if (readableStreamHasBYOBReader(stream)) {
    const filledPullIntos = [];
    while (filledPullIntos.length < readableStreamGetNumReadIntoRequests(stream)) {
      filledPullIntos.push(readableByteStreamControllerShiftPendingPullInto(controller));
    }
    for (const filledPullInto of filledPullIntos) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullInto);
    }
  }
}

function readableByteStreamControllerRespondInReadableState(controller, bytesWritten, pullIntoDescriptor) {
  const stream = controller[kState].stream;
  readableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesWritten, pullIntoDescriptor);
  if (pullIntoDescriptor.readerType === 'none') {
    readableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor);
    const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (const filledPullInto of filledPullIntos) {
      readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullInto);
    }
    return;
  }
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  readableByteStreamControllerShiftPendingPullInto(controller);
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    readableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer,
      end - remainderSize, remainderSize);
  }
  pullIntoDescriptor.bytesFilled -= remainderSize;
  const filledPullIntos = readableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  readableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor);
  for (const filledPullInto of filledPullIntos) {
    readableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullInto);
  }
}

function readableByteStreamControllerRespondInternal(controller, bytesWritten) {
  const c = controller[kState];
  const firstDescriptor = c.pendingPullIntos[0];
  readableByteStreamControllerInvalidateBYOBRequest(controller);
  const state = c.stream[kState].state;
  if (state === 'closed') {
    readableByteStreamControllerRespondInClosedState(controller, firstDescriptor);
  } else {
    readableByteStreamControllerRespondInReadableState(controller, bytesWritten, firstDescriptor);
  }
  readableByteStreamControllerCallPullIfNeeded(controller);
}

function readableByteStreamControllerRespondWithNewView(controller, view) {
  const c = controller[kState];
  const firstDescriptor = c.pendingPullIntos[0];
  const state = c.stream[kState].state;
  if (state === 'closed') {
    if (view.byteLength !== 0) {
      throw new ERR_INVALID_STATE.TypeError('The view\'s length must be 0 when the stream is closed');
    }
  } else if (view.byteLength === 0) {
    throw new ERR_INVALID_STATE.TypeError('The view\'s length must be greater than 0');
  }
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== view.byteOffset) {
    throw new ERR_INVALID_ARG_VALUE.RangeError('view', view, 'has an invalid byteOffset');
  }
  if (firstDescriptor.bufferByteLength !== arrayBufferByteLength(view.buffer)) {
    throw new ERR_INVALID_ARG_VALUE.RangeError('view', view, 'has an invalid buffer byteLength');
  }
  if (firstDescriptor.bytesFilled + view.byteLength > firstDescriptor.byteLength) {
    throw new ERR_INVALID_ARG_VALUE.RangeError('view', view, 'has an invalid byteLength');
  }
  const viewByteLength = view.byteLength;
  firstDescriptor.buffer = transferArrayBuffer(view.buffer);
  readableByteStreamControllerRespondInternal(controller, viewByteLength);
}

function readableByteStreamControllerShiftPendingPullInto(controller) {
  return controller[kState].pendingPullIntos.shift();
}

function readableByteStreamControllerShouldCallPull(controller) {
  const c = controller[kState];
  const stream = c.stream;
  if (stream[kState].state !== 'readable') return false;
  if (c.closeRequested) return false;
  if (!c.started) return false;
  if (readableStreamHasDefaultReader(stream) && readableStreamGetNumReadRequests(stream) > 0) return true;
  if (readableStreamHasBYOBReader(stream) && readableStreamGetNumReadIntoRequests(stream) > 0) return true;
  return readableByteStreamControllerGetDesiredSize(controller) > 0;
}

function readableByteStreamControllerError(controller, e) {
  const c = controller[kState];
  const stream = c.stream;
  if (stream[kState].state !== 'readable') return;
  readableByteStreamControllerClearPendingPullIntos(controller);
  resetQueue(c);
  readableByteStreamControllerClearAlgorithms(controller);
  readableStreamError(stream, e);
}

function readableByteStreamControllerFillHeadPullIntoDescriptor(controller, size, pullIntoDescriptor) {
  pullIntoDescriptor.bytesFilled += size;
}

function setUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm,
  highWaterMark, autoAllocateChunkSize) {
  const c = controller[kState];
  c.stream = stream;
  c.pullAgain = false;
  c.pulling = false;
  c.byobRequest = null;
  resetQueue(c);
  c.closeRequested = false;
  c.started = false;
  c.strategyHWM = highWaterMark;
  c.pullAlgorithm = pullAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
  c.autoAllocateChunkSize = autoAllocateChunkSize;
  c.pendingPullIntos = [];
  stream[kState].controller = controller;
  const startResult = startAlgorithm();
  uponPromise(PromiseResolve(startResult), () => {
    c.started = true;
    readableByteStreamControllerCallPullIfNeeded(controller);
  }, (r) => {
    readableByteStreamControllerError(controller, r);
  });
}

// --- tee ---------------------------------------------------------------------------------------

function readableStreamTee(stream, cloneForBranch2) {
  if (isReadableByteStreamController(stream[kState].controller)) return readableByteStreamTee(stream);
  return readableStreamDefaultTee(stream, cloneForBranch2);
}

function readableStreamDefaultTee(stream, cloneForBranch2) {
  const reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newPromise();
  const pullAlgorithm = () => {
    if (reading) {
      readAgain = true;
      return PromiseResolve();
    }
    reading = true;
    readableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) {
        queueInternalMicrotask(() => {
          readAgain = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled2 && cloneForBranch2) {
            try {
              chunk2 = structuredClone(chunk2);
            } catch (error) {
              readableStreamDefaultControllerError(branch1[kState].controller, error);
              readableStreamDefaultControllerError(branch2[kState].controller, error);
              cancelPromise.resolve(readableStreamCancel(stream, error));
              return;
            }
          }
          if (!canceled1) readableStreamDefaultControllerEnqueue(branch1[kState].controller, chunk1);
          if (!canceled2) readableStreamDefaultControllerEnqueue(branch2[kState].controller, chunk2);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) readableStreamDefaultControllerClose(branch1[kState].controller);
        if (!canceled2) readableStreamDefaultControllerClose(branch2[kState].controller);
        if (!canceled1 || !canceled2) cancelPromise.resolve();
      },
      errorSteps() {
        reading = false;
      },
    });
    return PromiseResolve();
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const startAlgorithm = () => undefined;
  branch1 = createReadableStream(startAlgorithm, pullAlgorithm, cancel1Algorithm);
  branch2 = createReadableStream(startAlgorithm, pullAlgorithm, cancel2Algorithm);
  uponPromise(reader[kState].closedPromise.promise, undefined, (r) => {
    readableStreamDefaultControllerError(branch1[kState].controller, r);
    readableStreamDefaultControllerError(branch2[kState].controller, r);
    if (!canceled1 || !canceled2) cancelPromise.resolve();
  });
  return [branch1, branch2];
}

function readableByteStreamTee(stream) {
  let reader = acquireReadableStreamDefaultReader(stream);
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1;
  let reason2;
  let branch1;
  let branch2;
  const cancelPromise = newPromise();
  const controllerOf = (branch) => branch[kState].controller;
  const forwardReaderError = (thisReader) => {
    uponPromise(thisReader[kState].closedPromise.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      readableByteStreamControllerError(controllerOf(branch1), r);
      readableByteStreamControllerError(controllerOf(branch2), r);
      if (!canceled1 || !canceled2) cancelPromise.resolve();
    });
  };
  const pullWithDefaultReader = () => {
    if (isReadableStreamBYOBReader(reader)) {
      readableStreamBYOBReaderRelease(reader);
      reader = acquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    readableStreamDefaultReaderRead(reader, {
      chunkSteps(chunk) {
        queueInternalMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const chunk1 = chunk;
          let chunk2 = chunk;
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = cloneAsUint8Array(chunk);
            } catch (error) {
              readableByteStreamControllerError(controllerOf(branch1), error);
              readableByteStreamControllerError(controllerOf(branch2), error);
              cancelPromise.resolve(readableStreamCancel(stream, error));
              return;
            }
          }
          if (!canceled1) readableByteStreamControllerEnqueue(controllerOf(branch1), chunk1);
          if (!canceled2) readableByteStreamControllerEnqueue(controllerOf(branch2), chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) readableByteStreamControllerClose(controllerOf(branch1));
        if (!canceled2) readableByteStreamControllerClose(controllerOf(branch2));
        if (controllerOf(branch1)[kState].pendingPullIntos.length > 0) {
          readableByteStreamControllerRespond(controllerOf(branch1), 0);
        }
        if (controllerOf(branch2)[kState].pendingPullIntos.length > 0) {
          readableByteStreamControllerRespond(controllerOf(branch2), 0);
        }
        if (!canceled1 || !canceled2) cancelPromise.resolve();
      },
      errorSteps() {
        reading = false;
      },
    });
  };
  const pullWithBYOBReader = (view, forBranch2) => {
    if (isReadableStreamDefaultReader(reader)) {
      readableStreamDefaultReaderRelease(reader);
      reader = acquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    readableStreamBYOBReaderRead(reader, view, 1, {
      chunkSteps(chunk) {
        queueInternalMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = cloneAsUint8Array(chunk);
            } catch (error) {
              readableByteStreamControllerError(controllerOf(byobBranch), error);
              readableByteStreamControllerError(controllerOf(otherBranch), error);
              cancelPromise.resolve(readableStreamCancel(stream, error));
              return;
            }
            if (!byobCanceled) readableByteStreamControllerRespondWithNewView(controllerOf(byobBranch), chunk);
            readableByteStreamControllerEnqueue(controllerOf(otherBranch), clonedChunk);
          } else if (!byobCanceled) {
            readableByteStreamControllerRespondWithNewView(controllerOf(byobBranch), chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) readableByteStreamControllerClose(controllerOf(byobBranch));
        if (!otherCanceled) readableByteStreamControllerClose(controllerOf(otherBranch));
        if (chunk !== undefined) {
          if (!byobCanceled) readableByteStreamControllerRespondWithNewView(controllerOf(byobBranch), chunk);
          if (!otherCanceled && controllerOf(otherBranch)[kState].pendingPullIntos.length > 0) {
            readableByteStreamControllerRespond(controllerOf(otherBranch), 0);
          }
        }
        if (!byobCanceled || !otherCanceled) cancelPromise.resolve();
      },
      errorSteps() {
        reading = false;
      },
    });
  };
  const pull1Algorithm = () => {
    if (reading) {
      readAgainForBranch1 = true;
      return PromiseResolve();
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(controllerOf(branch1));
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest[kState].view, false);
    return PromiseResolve();
  };
  const pull2Algorithm = () => {
    if (reading) {
      readAgainForBranch2 = true;
      return PromiseResolve();
    }
    reading = true;
    const byobRequest = readableByteStreamControllerGetBYOBRequest(controllerOf(branch2));
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest[kState].view, true);
    return PromiseResolve();
  };
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const startAlgorithm = () => undefined;
  branch1 = createReadableByteStream(startAlgorithm, pull1Algorithm, cancel1Algorithm);
  branch2 = createReadableByteStream(startAlgorithm, pull2Algorithm, cancel2Algorithm);
  forwardReaderError(reader);
  return [branch1, branch2];
}

// --- pipeTo ------------------------------------------------------------------------------------

function readableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal) {
  const reader = acquireReadableStreamDefaultReader(source);
  const writer = acquireWritableStreamDefaultWriter(dest);
  source[kState].disturbed = true;
  let shuttingDown = false;
  let currentWrite = PromiseResolve();
  const promise = newPromise();
  let abortAlgorithm;

  const destState = () => dest[kState];
  const sourceState = () => source[kState];

  function waitForWritesToFinish() {
    const oldCurrentWrite = currentWrite;
    return react(currentWrite, () => (oldCurrentWrite !== currentWrite ? waitForWritesToFinish() : undefined));
  }

  function finalize(isError, error) {
    writableStreamDefaultWriterRelease(writer);
    readableStreamDefaultReaderRelease(reader);
    if (signal !== undefined) signal.removeEventListener('abort', abortAlgorithm);
    if (isError) promise.reject(error);
    else promise.resolve();
  }

  function shutdownWithAnAction(action, originalIsError, originalError) {
    if (shuttingDown) return;
    shuttingDown = true;
    const doTheRest = () => {
      uponPromise(action(), () => finalize(originalIsError, originalError), (newError) => finalize(true, newError));
    };
    if (destState().state === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponPromise(waitForWritesToFinish(), doTheRest);
    } else {
      doTheRest();
    }
  }

  function shutdown(isError, error) {
    if (shuttingDown) return;
    shuttingDown = true;
    if (destState().state === 'writable' && !writableStreamCloseQueuedOrInFlight(dest)) {
      uponPromise(waitForWritesToFinish(), () => finalize(isError, error));
    } else {
      finalize(isError, error);
    }
  }

  if (signal !== undefined) {
    abortAlgorithm = () => {
      const error = signal.reason;
      const actions = [];
      if (!preventAbort) {
        actions.push(() => (destState().state === 'writable' ? writableStreamAbort(dest, error) : PromiseResolve()));
      }
      if (!preventCancel) {
        actions.push(() => (sourceState().state === 'readable' ? readableStreamCancel(source, error) :
          PromiseResolve()));
      }
      shutdownWithAnAction(() => Promise.all(actions.map((action) => action())), true, error);
    };
    if (signal.aborted) {
      abortAlgorithm();
      return promise.promise;
    }
    signal.addEventListener('abort', abortAlgorithm, { once: true });
  }

  // The loop: wait until the writer is ready, read a chunk, write it in a
  // microtask (enqueue() must not run the sink's write algorithm
  // synchronously; currentWrite covers the chunk already, so a shutdown
  // waits for it too), and go on. One read request serves every chunk.
  // Closing and errors end the loop through the watchers below.
  function pump() {
    if (shuttingDown) return;
    react(writer[kState].readyPromise.promise, readNext, noop);
  }

  function readNext() {
    if (shuttingDown) return;
    readableStreamDefaultReaderRead(reader, readRequest);
  }

  const readRequest = {
    chunkSteps(chunk) {
      const written = newPromise();
      currentWrite = written.promise;
      queueInternalMicrotask(() => {
        written.resolve(react(writableStreamDefaultWriterWrite(writer, chunk), undefined, noop));
        pump();
      });
    },
    closeSteps() {},
    errorSteps() {},
  };

  // Errors must be propagated forward.
  if (sourceState().state === 'errored') {
    const storedError = sourceState().storedError;
    if (!preventAbort) shutdownWithAnAction(() => writableStreamAbort(dest, storedError), true, storedError);
    else shutdown(true, storedError);
  } else {
    uponPromise(reader[kState].closedPromise.promise, undefined, (storedError) => {
      if (!preventAbort) shutdownWithAnAction(() => writableStreamAbort(dest, storedError), true, storedError);
      else shutdown(true, storedError);
    });
  }
  // Errors must be propagated backward.
  if (destState().state === 'errored') {
    const storedError = destState().storedError;
    if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, storedError), true, storedError);
    else shutdown(true, storedError);
  } else {
    uponPromise(writer[kState].closedPromise.promise, undefined, (storedError) => {
      if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, storedError), true, storedError);
      else shutdown(true, storedError);
    });
  }
  // Closing must be propagated forward.
  if (sourceState().state === 'closed') {
    if (!preventClose) shutdownWithAnAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
    else shutdown();
  } else {
    uponPromise(reader[kState].closedPromise.promise, () => {
      if (!preventClose) shutdownWithAnAction(() => writableStreamDefaultWriterCloseWithErrorPropagation(writer));
      else shutdown();
    });
  }
  // Closing must be propagated backward.
  if (writableStreamCloseQueuedOrInFlight(dest) || destState().state === 'closed') {
    const destClosed = new ERR_INVALID_STATE.TypeError('Destination WritableStream is closed');
    if (!preventCancel) shutdownWithAnAction(() => readableStreamCancel(source, destClosed), true, destClosed);
    else shutdown(true, destClosed);
  }
  pump();
  return promise.promise;
}

enumerableMembers(ReadableStream, ['from']);
for (const ctor of [ReadableStreamDefaultReader, ReadableStreamBYOBReader, ReadableStreamDefaultController,
  ReadableByteStreamController, ReadableStreamBYOBRequest]) {
  enumerableMembers(ctor);
}

// For node:stream's finished() and addAbortSignal() on a ReadableStream.
function readableStreamEnd(stream) {
  return endPromise(stream[kState], 'closed');
}

function readableStreamErrorFromNode(stream, error) {
  const controller = stream[kState].controller;
  if (isReadableByteStreamController(controller)) readableByteStreamControllerError(controller, error);
  else readableStreamDefaultControllerError(controller, error);
}

module.exports = {
  readableStreamEnd,
  readableStreamErrorFromNode,
  ReadableStream,
  ReadableStreamDefaultReader,
  ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest,
  ReadableByteStreamController,
  ReadableStreamDefaultController,
  isReadableStream,
  isReadableStreamLocked,
  createReadableStream,
  createReadableByteStream,
  readableStreamTee,
  readableStreamCancel,
  readableStreamDefaultControllerClose,
  readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError,
  readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure,
  readableStreamDefaultControllerCanCloseOrEnqueue,
  readableByteStreamControllerClose,
  readableByteStreamControllerEnqueue,
  readableByteStreamControllerError,
  readableByteStreamControllerGetBYOBRequest,
  readableByteStreamControllerRespond,
  acquireReadableStreamDefaultReader,
};
