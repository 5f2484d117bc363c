'use strict';
// WritableStream, WritableStreamDefaultWriter and
// WritableStreamDefaultController, following the abstract operations of
// https://streams.spec.whatwg.org/#ws-model step by step. Each object's
// internal slots live in one record at `object[kState]`.

const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS },
} = require('internal/errors');
const {
  kState, customInspect, newPromise, setHandled, uponPromise, promiseCall, promiseCallAdopting,
  PromiseResolve, PromiseReject,
  resetQueue, enqueueValueWithSize, dequeueValue, peekQueueValue, convertStrategy, extractHighWaterMark,
  extractSizeAlgorithm, callbackMember, convertDictionary, convertObjectArgument, customInspectObject,
  enumerableMembers, endPromise, settleEnd,
} = require('internal/webstreams/util');

const kCloseSentinel = Symbol('close sentinel');
const kInternal = Symbol('kInternal');

function lazyAbortController() {
  return new (require('internal/abort_controller').AbortController)();
}

function isWritableStream(value) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === 'WritableStream';
}
function isWritableStreamDefaultWriter(value) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === 'WritableStreamDefaultWriter';
}
function isWritableStreamDefaultController(value) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === 'WritableStreamDefaultController';
}

class WritableStream {
  constructor(underlyingSink = undefined, strategy = undefined) {
    const strategyDict = convertStrategy(strategy, 'strategy');
    const { object: sink, dict: sinkDict } = convertObjectArgument(underlyingSink, 'sink');
    const abort = callbackMember(sinkDict, 'abort', 'sink');
    const close = callbackMember(sinkDict, 'close', 'sink');
    const start = callbackMember(sinkDict, 'start', 'sink');
    const type = sinkDict.type;
    const write = callbackMember(sinkDict, 'write', 'sink');
    if (type !== undefined) throw new ERR_INVALID_ARG_VALUE.RangeError('type', type);
    initializeWritableStream(this);
    const sizeAlgorithm = extractSizeAlgorithm(strategyDict);
    const highWaterMark = extractHighWaterMark(strategyDict, 1);
    const controller = new WritableStreamDefaultController(kInternal);
    setUpWritableStreamDefaultController(this, controller,
      () => (start === undefined ? undefined : Reflect.apply(start, sink, [controller])),
      write === undefined ? () => PromiseResolve() : (chunk) => promiseCall(write, sink, [chunk, controller]),
      close === undefined ? () => PromiseResolve() : () => promiseCallAdopting(close, sink, []),
      abort === undefined ? () => PromiseResolve() : (reason) => promiseCallAdopting(abort, sink, [reason]),
      highWaterMark, sizeAlgorithm);
  }

  get locked() {
    if (!isWritableStream(this)) throw new ERR_INVALID_THIS('WritableStream');
    return isWritableStreamLocked(this);
  }

  abort(reason = undefined) {
    if (!isWritableStream(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStream'));
    if (isWritableStreamLocked(this)) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('WritableStream is locked'));
    }
    return writableStreamAbort(this, reason);
  }

  close() {
    if (!isWritableStream(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStream'));
    if (isWritableStreamLocked(this)) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('WritableStream is locked'));
    }
    if (writableStreamCloseQueuedOrInFlight(this)) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('Failure closing WritableStream'));
    }
    return writableStreamClose(this);
  }

  getWriter() {
    if (!isWritableStream(this)) throw new ERR_INVALID_THIS('WritableStream');
    return new WritableStreamDefaultWriter(this);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'WritableStream', depth, options, {
      locked: this.locked,
      state: this[kState].state,
    });
  }
}

Object.defineProperty(WritableStream.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'WritableStream', configurable: true,
});

class WritableStreamDefaultWriter {
  constructor(stream) {
    if (!isWritableStream(stream)) {
      throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)('stream', 'WritableStream', stream);
    }
    this[kState] = {
      kind: 'WritableStreamDefaultWriter',
      stream: undefined,
      closedPromise: undefined,
      readyPromise: undefined,
    };
    setUpWritableStreamDefaultWriter(this, stream);
  }

  get closed() {
    if (!isWritableStreamDefaultWriter(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStreamDefaultWriter'));
    return this[kState].closedPromise.promise;
  }

  get desiredSize() {
    if (!isWritableStreamDefaultWriter(this)) throw new ERR_INVALID_THIS('WritableStreamDefaultWriter');
    if (this[kState].stream === undefined) {
      throw new ERR_INVALID_STATE.TypeError('Writer is not bound to a WritableStream');
    }
    return writableStreamDefaultWriterGetDesiredSize(this);
  }

  get ready() {
    if (!isWritableStreamDefaultWriter(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStreamDefaultWriter'));
    return this[kState].readyPromise.promise;
  }

  abort(reason = undefined) {
    if (!isWritableStreamDefaultWriter(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStreamDefaultWriter'));
    if (this[kState].stream === undefined) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('Writer is not bound to a WritableStream'));
    }
    return writableStreamAbort(this[kState].stream, reason);
  }

  close() {
    if (!isWritableStreamDefaultWriter(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStreamDefaultWriter'));
    const stream = this[kState].stream;
    if (stream === undefined) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('Writer is not bound to a WritableStream'));
    }
    if (writableStreamCloseQueuedOrInFlight(stream)) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('Failure to close WritableStream'));
    }
    return writableStreamClose(stream);
  }

  releaseLock() {
    if (!isWritableStreamDefaultWriter(this)) throw new ERR_INVALID_THIS('WritableStreamDefaultWriter');
    if (this[kState].stream === undefined) return;
    writableStreamDefaultWriterRelease(this);
  }

  write(chunk = undefined) {
    if (!isWritableStreamDefaultWriter(this)) return PromiseReject(new ERR_INVALID_THIS('WritableStreamDefaultWriter'));
    if (this[kState].stream === undefined) {
      return PromiseReject(new ERR_INVALID_STATE.TypeError('Writer is not bound to a WritableStream'));
    }
    return writableStreamDefaultWriterWrite(this, chunk);
  }

  [customInspect](depth, options) {
    const state = this[kState];
    return customInspectObject(this, 'WritableStreamDefaultWriter', depth, options, {
      stream: state.stream,
      close: state.closedPromise.promise,
      ready: state.readyPromise.promise,
      desiredSize: state.stream === undefined ? undefined : writableStreamDefaultWriterGetDesiredSize(this),
    });
  }
}

Object.defineProperty(WritableStreamDefaultWriter.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'WritableStreamDefaultWriter', configurable: true,
});

class WritableStreamDefaultController {
  constructor(key = undefined) {
    if (key !== kInternal) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kState] = {
      kind: 'WritableStreamDefaultController',
      abortAlgorithm: undefined,
      closeAlgorithm: undefined,
      abortController: undefined,
      queue: [],
      queueTotalSize: 0,
      started: false,
      strategyHWM: 0,
      strategySizeAlgorithm: undefined,
      stream: undefined,
      writeAlgorithm: undefined,
    };
  }

  get signal() {
    if (!isWritableStreamDefaultController(this)) throw new ERR_INVALID_THIS('WritableStreamDefaultController');
    return this[kState].abortController.signal;
  }

  error(e = undefined) {
    if (!isWritableStreamDefaultController(this)) throw new ERR_INVALID_THIS('WritableStreamDefaultController');
    const state = this[kState].stream[kState].state;
    if (state !== 'writable') return;
    writableStreamDefaultControllerError(this, e);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'WritableStreamDefaultController', depth, options, {
      stream: this[kState].stream,
    });
  }
}

Object.defineProperty(WritableStreamDefaultController.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'WritableStreamDefaultController', configurable: true,
});

// [[AbortSteps]] and [[ErrorSteps]] of the controller.
function controllerAbortSteps(controller, reason) {
  const result = controller[kState].abortAlgorithm(reason);
  writableStreamDefaultControllerClearAlgorithms(controller);
  return result;
}

function controllerErrorSteps(controller) {
  resetQueue(controller[kState]);
}

// --- WritableStream abstract operations -----------------------------------------

function initializeWritableStream(stream) {
  stream[kState] = {
    kind: 'WritableStream',
    state: 'writable',
    storedError: undefined,
    writer: undefined,
    controller: undefined,
    inFlightWriteRequest: undefined,
    closeRequest: undefined,
    inFlightCloseRequest: undefined,
    pendingAbortRequest: undefined,
    writeRequests: [],
    backpressure: false,
  };
}

// CreateWritableStream, for TransformStream and the adapters.
function createWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm,
  highWaterMark = 1, sizeAlgorithm = () => 1) {
  const stream = Object.create(WritableStream.prototype);
  initializeWritableStream(stream);
  const controller = new WritableStreamDefaultController(kInternal);
  setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm,
    abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

function isWritableStreamLocked(stream) {
  return stream[kState].writer !== undefined;
}

function writableStreamAbort(stream, reason) {
  const s = stream[kState];
  if (s.state === 'closed' || s.state === 'errored') return PromiseResolve();
  s.controller[kState].abortController.abort(reason);
  const state = s.state;
  if (state === 'closed' || state === 'errored') return PromiseResolve();
  if (s.pendingAbortRequest !== undefined) return s.pendingAbortRequest.promise.promise;
  let wasAlreadyErroring = false;
  if (state === 'erroring') {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  const promise = newPromise();
  s.pendingAbortRequest = { promise, reason, wasAlreadyErroring };
  if (!wasAlreadyErroring) writableStreamStartErroring(stream, reason);
  return promise.promise;
}

function writableStreamClose(stream) {
  const s = stream[kState];
  const state = s.state;
  if (state === 'closed' || state === 'errored') {
    return PromiseReject(new ERR_INVALID_STATE.TypeError(`WritableStream is ${state}`));
  }
  const promise = newPromise();
  s.closeRequest = promise;
  const writer = s.writer;
  if (writer !== undefined && s.backpressure && state === 'writable') writer[kState].readyPromise.resolve();
  writableStreamDefaultControllerClose(s.controller);
  return promise.promise;
}

function writableStreamAddWriteRequest(stream) {
  const promise = newPromise();
  stream[kState].writeRequests.push(promise);
  return promise.promise;
}

function writableStreamDealWithRejection(stream, error) {
  if (stream[kState].state === 'writable') {
    writableStreamStartErroring(stream, error);
    return;
  }
  writableStreamFinishErroring(stream);
}

function writableStreamFinishErroring(stream) {
  const s = stream[kState];
  s.state = 'errored';
  settleEnd(s, s.storedError, true);
  controllerErrorSteps(s.controller);
  const storedError = s.storedError;
  for (const request of s.writeRequests) request.reject(storedError);
  s.writeRequests = [];
  if (s.pendingAbortRequest === undefined) {
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const abortRequest = s.pendingAbortRequest;
  s.pendingAbortRequest = undefined;
  if (abortRequest.wasAlreadyErroring) {
    abortRequest.promise.reject(storedError);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  const promise = controllerAbortSteps(s.controller, abortRequest.reason);
  uponPromise(promise, () => {
    abortRequest.promise.resolve();
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    abortRequest.promise.reject(reason);
    writableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

function writableStreamFinishInFlightClose(stream) {
  const s = stream[kState];
  s.inFlightCloseRequest.resolve();
  s.inFlightCloseRequest = undefined;
  if (s.state === 'erroring') {
    s.storedError = undefined;
    if (s.pendingAbortRequest !== undefined) {
      s.pendingAbortRequest.promise.resolve();
      s.pendingAbortRequest = undefined;
    }
  }
  s.state = 'closed';
  settleEnd(s, undefined, false);
  const writer = s.writer;
  if (writer !== undefined) writer[kState].closedPromise.resolve();
}

function writableStreamFinishInFlightCloseWithError(stream, error) {
  const s = stream[kState];
  s.inFlightCloseRequest.reject(error);
  s.inFlightCloseRequest = undefined;
  if (s.pendingAbortRequest !== undefined) {
    s.pendingAbortRequest.promise.reject(error);
    s.pendingAbortRequest = undefined;
  }
  writableStreamDealWithRejection(stream, error);
}

function writableStreamFinishInFlightWrite(stream) {
  const s = stream[kState];
  s.inFlightWriteRequest.resolve();
  s.inFlightWriteRequest = undefined;
}

function writableStreamFinishInFlightWriteWithError(stream, error) {
  const s = stream[kState];
  s.inFlightWriteRequest.reject(error);
  s.inFlightWriteRequest = undefined;
  writableStreamDealWithRejection(stream, error);
}

function writableStreamHasOperationMarkedInFlight(stream) {
  const s = stream[kState];
  return s.inFlightWriteRequest !== undefined || s.inFlightCloseRequest !== undefined;
}

function writableStreamCloseQueuedOrInFlight(stream) {
  const s = stream[kState];
  return s.closeRequest !== undefined || s.inFlightCloseRequest !== undefined;
}

function writableStreamMarkCloseRequestInFlight(stream) {
  const s = stream[kState];
  s.inFlightCloseRequest = s.closeRequest;
  s.closeRequest = undefined;
}

function writableStreamMarkFirstWriteRequestInFlight(stream) {
  const s = stream[kState];
  s.inFlightWriteRequest = s.writeRequests.shift();
}

function writableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  const s = stream[kState];
  if (s.closeRequest !== undefined) {
    s.closeRequest.reject(s.storedError);
    s.closeRequest = undefined;
  }
  const writer = s.writer;
  if (writer !== undefined) {
    const closed = writer[kState].closedPromise;
    closed.reject(s.storedError);
    setHandled(closed.promise);
  }
}

function writableStreamStartErroring(stream, reason) {
  const s = stream[kState];
  const controller = s.controller;
  s.state = 'erroring';
  s.storedError = reason;
  const writer = s.writer;
  if (writer !== undefined) writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  if (!writableStreamHasOperationMarkedInFlight(stream) && controller[kState].started) {
    writableStreamFinishErroring(stream);
  }
}

function writableStreamUpdateBackpressure(stream, backpressure) {
  const s = stream[kState];
  const writer = s.writer;
  if (writer !== undefined && backpressure !== s.backpressure) {
    if (backpressure) writer[kState].readyPromise = newPromise();
    else writer[kState].readyPromise.resolve();
  }
  s.backpressure = backpressure;
}

// --- writer abstract operations ---------------------------------------------------

function resolvedRecord() {
  const record = newPromise();
  record.resolve();
  return record;
}

function rejectedRecord(reason) {
  const record = newPromise();
  record.reject(reason);
  setHandled(record.promise);
  return record;
}

function acquireWritableStreamDefaultWriter(stream) {
  return new WritableStreamDefaultWriter(stream);
}

function setUpWritableStreamDefaultWriter(writer, stream) {
  if (isWritableStreamLocked(stream)) throw new ERR_INVALID_STATE.TypeError('WritableStream is locked');
  const w = writer[kState];
  const s = stream[kState];
  w.stream = stream;
  s.writer = writer;
  const state = s.state;
  if (state === 'writable') {
    if (!writableStreamCloseQueuedOrInFlight(stream) && s.backpressure) w.readyPromise = newPromise();
    else w.readyPromise = resolvedRecord();
    w.closedPromise = newPromise();
  } else if (state === 'erroring') {
    w.readyPromise = rejectedRecord(s.storedError);
    w.closedPromise = newPromise();
  } else if (state === 'closed') {
    w.readyPromise = resolvedRecord();
    w.closedPromise = resolvedRecord();
  } else {
    w.readyPromise = rejectedRecord(s.storedError);
    w.closedPromise = rejectedRecord(s.storedError);
  }
}

function writableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  const stream = writer[kState].stream;
  const s = stream[kState];
  const state = s.state;
  if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') return PromiseResolve();
  if (state === 'errored') return PromiseReject(s.storedError);
  return writableStreamClose(stream);
}

// Rejects a pending promise, or replaces a settled one with a rejected one.
function ensureRejected(w, key, error) {
  const record = w[key];
  if (!record.settled) {
    record.reject(error);
    setHandled(record.promise);
    return;
  }
  w[key] = rejectedRecord(error);
}

function writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  ensureRejected(writer[kState], 'closedPromise', error);
}

function writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  ensureRejected(writer[kState], 'readyPromise', error);
}

function writableStreamDefaultWriterGetDesiredSize(writer) {
  const stream = writer[kState].stream;
  const state = stream[kState].state;
  if (state === 'errored' || state === 'erroring') return null;
  if (state === 'closed') return 0;
  return writableStreamDefaultControllerGetDesiredSize(stream[kState].controller);
}

function writableStreamDefaultWriterRelease(writer) {
  const stream = writer[kState].stream;
  const releasedError = new ERR_INVALID_STATE.TypeError('Writer was released');
  writableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  writableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  stream[kState].writer = undefined;
  writer[kState].stream = undefined;
}

function writableStreamDefaultWriterWrite(writer, chunk) {
  const stream = writer[kState].stream;
  const s = stream[kState];
  const controller = s.controller;
  const chunkSize = writableStreamDefaultControllerGetChunkSize(controller, chunk);
  if (stream !== writer[kState].stream) {
    return PromiseReject(new ERR_INVALID_STATE.TypeError('Writer is not bound to this WritableStream'));
  }
  const state = s.state;
  if (state === 'errored') return PromiseReject(s.storedError);
  if (writableStreamCloseQueuedOrInFlight(stream) || state === 'closed') {
    return PromiseReject(new ERR_INVALID_STATE.TypeError('WritableStream is closed'));
  }
  if (state === 'erroring') return PromiseReject(s.storedError);
  const promise = writableStreamAddWriteRequest(stream);
  writableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise;
}

// --- controller abstract operations ----------------------------------------------------

function setUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm,
  closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  const c = controller[kState];
  c.stream = stream;
  stream[kState].controller = controller;
  resetQueue(c);
  c.abortController = lazyAbortController();
  c.started = false;
  c.strategySizeAlgorithm = sizeAlgorithm;
  c.strategyHWM = highWaterMark;
  c.writeAlgorithm = writeAlgorithm;
  c.closeAlgorithm = closeAlgorithm;
  c.abortAlgorithm = abortAlgorithm;
  const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
  writableStreamUpdateBackpressure(stream, backpressure);
  const startResult = startAlgorithm();
  const startPromise = PromiseResolve(startResult);
  uponPromise(startPromise, () => {
    c.started = true;
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (r) => {
    c.started = true;
    writableStreamDealWithRejection(stream, r);
  });
}

function writableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  const c = controller[kState];
  const stream = c.stream;
  if (!c.started) return;
  if (stream[kState].inFlightWriteRequest !== undefined) return;
  const state = stream[kState].state;
  if (state === 'erroring') {
    writableStreamFinishErroring(stream);
    return;
  }
  if (c.queue.length === 0) return;
  const value = peekQueueValue(c);
  if (value === kCloseSentinel) writableStreamDefaultControllerProcessClose(controller);
  else writableStreamDefaultControllerProcessWrite(controller, value);
}

function writableStreamDefaultControllerClearAlgorithms(controller) {
  const c = controller[kState];
  c.writeAlgorithm = undefined;
  c.closeAlgorithm = undefined;
  c.abortAlgorithm = undefined;
  c.strategySizeAlgorithm = undefined;
}

function writableStreamDefaultControllerClose(controller) {
  enqueueValueWithSize(controller[kState], kCloseSentinel, 0);
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

function writableStreamDefaultControllerError(controller, error) {
  const stream = controller[kState].stream;
  writableStreamDefaultControllerClearAlgorithms(controller);
  writableStreamStartErroring(stream, error);
}

function writableStreamDefaultControllerErrorIfNeeded(controller, error) {
  if (controller[kState].stream[kState].state === 'writable') writableStreamDefaultControllerError(controller, error);
}

function writableStreamDefaultControllerGetBackpressure(controller) {
  return writableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

function writableStreamDefaultControllerGetChunkSize(controller, chunk) {
  const c = controller[kState];
  if (c.strategySizeAlgorithm === undefined) return 1;
  try {
    return c.strategySizeAlgorithm(chunk);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return 1;
  }
}

function writableStreamDefaultControllerGetDesiredSize(controller) {
  const c = controller[kState];
  return c.strategyHWM - c.queueTotalSize;
}

function writableStreamDefaultControllerProcessClose(controller) {
  const c = controller[kState];
  const stream = c.stream;
  writableStreamMarkCloseRequestInFlight(stream);
  dequeueValue(c);
  const sinkClosePromise = c.closeAlgorithm();
  writableStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(sinkClosePromise, () => {
    writableStreamFinishInFlightClose(stream);
  }, (reason) => {
    writableStreamFinishInFlightCloseWithError(stream, reason);
  });
}

function writableStreamDefaultControllerProcessWrite(controller, chunk) {
  const c = controller[kState];
  const stream = c.stream;
  writableStreamMarkFirstWriteRequestInFlight(stream);
  const sinkWritePromise = c.writeAlgorithm(chunk);
  uponPromise(sinkWritePromise, () => {
    writableStreamFinishInFlightWrite(stream);
    const state = stream[kState].state;
    dequeueValue(c);
    if (!writableStreamCloseQueuedOrInFlight(stream) && state === 'writable') {
      const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
      writableStreamUpdateBackpressure(stream, backpressure);
    }
    writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
  }, (reason) => {
    if (stream[kState].state === 'writable') writableStreamDefaultControllerClearAlgorithms(controller);
    writableStreamFinishInFlightWriteWithError(stream, reason);
  });
}

function writableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  const c = controller[kState];
  try {
    enqueueValueWithSize(c, chunk, chunkSize);
  } catch (error) {
    writableStreamDefaultControllerErrorIfNeeded(controller, error);
    return;
  }
  const stream = c.stream;
  if (!writableStreamCloseQueuedOrInFlight(stream) && stream[kState].state === 'writable') {
    const backpressure = writableStreamDefaultControllerGetBackpressure(controller);
    writableStreamUpdateBackpressure(stream, backpressure);
  }
  writableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

for (const ctor of [WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController]) {
  enumerableMembers(ctor);
}

// For node:stream's finished() and addAbortSignal() on a WritableStream.
function writableStreamEnd(stream) {
  return endPromise(stream[kState], 'closed');
}

function writableStreamErrorFromNode(stream, error) {
  writableStreamDefaultControllerErrorIfNeeded(stream[kState].controller, error);
}

module.exports = {
  writableStreamEnd,
  writableStreamErrorFromNode,
  WritableStream,
  WritableStreamDefaultWriter,
  WritableStreamDefaultController,
  isWritableStream,
  isWritableStreamLocked,
  createWritableStream,
  acquireWritableStreamDefaultWriter,
  writableStreamAbort,
  writableStreamClose,
  writableStreamCloseQueuedOrInFlight,
  writableStreamDefaultWriterCloseWithErrorPropagation,
  writableStreamDefaultWriterRelease,
  writableStreamDefaultWriterWrite,
  writableStreamDefaultControllerErrorIfNeeded,
  writableStreamDefaultControllerClose,
};
