'use strict';
// TransformStream and TransformStreamDefaultController, following
// https://streams.spec.whatwg.org/#ts-model step by step, and the two
// queuing strategies.

const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE, ERR_INVALID_THIS, ERR_MISSING_OPTION,
    ERR_INVALID_ARG_TYPE },
} = require('internal/errors');
const {
  kState, customInspect, newPromise, react, uponPromise, promiseCall, promiseCallAdopting,
  PromiseResolve, PromiseReject,
  convertStrategy, extractHighWaterMark, extractSizeAlgorithm, callbackMember, convertDictionary, convertObjectArgument,
  customInspectObject, enumerableMembers,
} = require('internal/webstreams/util');
const {
  createReadableStream, readableStreamDefaultControllerClose, readableStreamDefaultControllerEnqueue,
  readableStreamDefaultControllerError, readableStreamDefaultControllerGetDesiredSize,
  readableStreamDefaultControllerHasBackpressure, readableStreamDefaultControllerCanCloseOrEnqueue,
} = require('internal/webstreams/readable');
const {
  createWritableStream, writableStreamDefaultControllerErrorIfNeeded,
} = require('internal/webstreams/writable');

const kInternal = Symbol('kInternal');

function isTransformStream(value) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === 'TransformStream';
}
function isTransformStreamDefaultController(value) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === 'TransformStreamDefaultController';
}

class TransformStream {
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const writableStrategyDict = convertStrategy(writableStrategy, 'writableStrategy');
    const readableStrategyDict = convertStrategy(readableStrategy, 'readableStrategy');
    const { object, dict } = convertObjectArgument(transformer, 'transformer');
    const cancel = callbackMember(dict, 'cancel', 'transformer');
    const flush = callbackMember(dict, 'flush', 'transformer');
    const readableType = dict.readableType;
    const start = callbackMember(dict, 'start', 'transformer');
    const transform = callbackMember(dict, 'transform', 'transformer');
    const writableType = dict.writableType;
    if (readableType !== undefined) throw new ERR_INVALID_ARG_VALUE.RangeError('transformer.readableType', readableType);
    if (writableType !== undefined) throw new ERR_INVALID_ARG_VALUE.RangeError('transformer.writableType', writableType);
    const readableHighWaterMark = extractHighWaterMark(readableStrategyDict, 0);
    const readableSizeAlgorithm = extractSizeAlgorithm(readableStrategyDict);
    const writableHighWaterMark = extractHighWaterMark(writableStrategyDict, 1);
    const writableSizeAlgorithm = extractSizeAlgorithm(writableStrategyDict);
    const startPromise = newPromise();
    initializeTransformStream(this, startPromise.promise, writableHighWaterMark, writableSizeAlgorithm,
      readableHighWaterMark, readableSizeAlgorithm);
    const controller = new TransformStreamDefaultController(kInternal);
    setUpTransformStreamDefaultController(this, controller,
      transform === undefined ? (chunk) => {
        try {
          transformStreamDefaultControllerEnqueue(controller, chunk);
          return PromiseResolve();
        } catch (error) {
          return PromiseReject(error);
        }
      } : (chunk) => promiseCall(transform, object, [chunk, controller]),
      flush === undefined ? () => PromiseResolve() : () => promiseCallAdopting(flush, object, [controller]),
      cancel === undefined ? () => PromiseResolve() : (reason) => promiseCallAdopting(cancel, object, [reason]));
    if (start !== undefined) startPromise.resolve(Reflect.apply(start, object, [controller]));
    else startPromise.resolve();
  }

  get readable() {
    if (!isTransformStream(this)) throw new ERR_INVALID_THIS('TransformStream');
    return this[kState].readable;
  }

  get writable() {
    if (!isTransformStream(this)) throw new ERR_INVALID_THIS('TransformStream');
    return this[kState].writable;
  }

  [customInspect](depth, options) {
    const t = this[kState];
    return customInspectObject(this, 'TransformStream', depth, options, {
      readable: t.readable,
      writable: t.writable,
      backpressure: t.backpressure,
    });
  }
}

Object.defineProperty(TransformStream.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'TransformStream', configurable: true,
});

class TransformStreamDefaultController {
  constructor(key = undefined) {
    if (key !== kInternal) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kState] = {
      kind: 'TransformStreamDefaultController',
      cancelAlgorithm: undefined,
      finishPromise: undefined,
      flushAlgorithm: undefined,
      stream: undefined,
      transformAlgorithm: undefined,
    };
  }

  get desiredSize() {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS('TransformStreamDefaultController');
    const readableController = this[kState].stream[kState].readable[kState].controller;
    return readableStreamDefaultControllerGetDesiredSize(readableController);
  }

  enqueue(chunk = undefined) {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS('TransformStreamDefaultController');
    transformStreamDefaultControllerEnqueue(this, chunk);
  }

  error(reason = undefined) {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS('TransformStreamDefaultController');
    transformStreamError(this[kState].stream, reason);
  }

  terminate() {
    if (!isTransformStreamDefaultController(this)) throw new ERR_INVALID_THIS('TransformStreamDefaultController');
    transformStreamDefaultControllerTerminate(this);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'TransformStreamDefaultController', depth, options, {
      stream: this[kState].stream,
    });
  }
}

Object.defineProperty(TransformStreamDefaultController.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'TransformStreamDefaultController', configurable: true,
});

function initializeTransformStream(stream, startPromise, writableHighWaterMark, writableSizeAlgorithm,
  readableHighWaterMark, readableSizeAlgorithm) {
  stream[kState] = {
    kind: 'TransformStream',
    backpressure: undefined,
    backpressureChangePromise: undefined,
    controller: undefined,
    readable: undefined,
    writable: undefined,
  };
  const startAlgorithm = () => startPromise;
  stream[kState].writable = createWritableStream(startAlgorithm,
    (chunk) => transformStreamDefaultSinkWriteAlgorithm(stream, chunk),
    () => transformStreamDefaultSinkCloseAlgorithm(stream),
    (reason) => transformStreamDefaultSinkAbortAlgorithm(stream, reason),
    writableHighWaterMark, writableSizeAlgorithm);
  stream[kState].readable = createReadableStream(startAlgorithm,
    () => transformStreamDefaultSourcePullAlgorithm(stream),
    (reason) => transformStreamDefaultSourceCancelAlgorithm(stream, reason),
    readableHighWaterMark, readableSizeAlgorithm);
  stream[kState].backpressure = undefined;
  stream[kState].backpressureChangePromise = undefined;
  transformStreamSetBackpressure(stream, true);
}

function transformStreamError(stream, e) {
  readableStreamDefaultControllerError(stream[kState].readable[kState].controller, e);
  transformStreamErrorWritableAndUnblockWrite(stream, e);
}

function transformStreamErrorWritableAndUnblockWrite(stream, e) {
  transformStreamDefaultControllerClearAlgorithms(stream[kState].controller);
  writableStreamDefaultControllerErrorIfNeeded(stream[kState].writable[kState].controller, e);
  transformStreamUnblockWrite(stream);
}

function transformStreamSetBackpressure(stream, backpressure) {
  const t = stream[kState];
  if (t.backpressureChangePromise !== undefined) t.backpressureChangePromise.resolve();
  t.backpressureChangePromise = newPromise();
  t.backpressure = backpressure;
}

function transformStreamUnblockWrite(stream) {
  if (stream[kState].backpressure) transformStreamSetBackpressure(stream, false);
}

function setUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm,
  cancelAlgorithm) {
  const c = controller[kState];
  c.stream = stream;
  stream[kState].controller = controller;
  c.transformAlgorithm = transformAlgorithm;
  c.flushAlgorithm = flushAlgorithm;
  c.cancelAlgorithm = cancelAlgorithm;
}

function transformStreamDefaultControllerClearAlgorithms(controller) {
  const c = controller[kState];
  c.transformAlgorithm = undefined;
  c.flushAlgorithm = undefined;
  c.cancelAlgorithm = undefined;
}

function transformStreamDefaultControllerEnqueue(controller, chunk) {
  const stream = controller[kState].stream;
  const readable = stream[kState].readable;
  const readableController = readable[kState].controller;
  if (!readableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new ERR_INVALID_STATE.TypeError('Unable to enqueue');
  }
  try {
    readableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    transformStreamErrorWritableAndUnblockWrite(stream, error);
    throw readable[kState].storedError;
  }
  const backpressure = readableStreamDefaultControllerHasBackpressure(readableController);
  if (backpressure !== stream[kState].backpressure) transformStreamSetBackpressure(stream, true);
}

function transformStreamDefaultControllerPerformTransform(controller, chunk) {
  const transformPromise = controller[kState].transformAlgorithm(chunk);
  return react(transformPromise, undefined, (r) => {
    transformStreamError(controller[kState].stream, r);
    throw r;
  });
}

function transformStreamDefaultControllerTerminate(controller) {
  const stream = controller[kState].stream;
  readableStreamDefaultControllerClose(stream[kState].readable[kState].controller);
  const error = new ERR_INVALID_STATE.TypeError('TransformStream terminated');
  transformStreamErrorWritableAndUnblockWrite(stream, error);
}

function transformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  const t = stream[kState];
  const controller = t.controller;
  if (t.backpressure) {
    return react(t.backpressureChangePromise.promise, () => {
      const writable = t.writable;
      if (writable[kState].state === 'erroring') throw writable[kState].storedError;
      return transformStreamDefaultControllerPerformTransform(controller, chunk);
    });
  }
  return transformStreamDefaultControllerPerformTransform(controller, chunk);
}

function transformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  const controller = stream[kState].controller;
  const c = controller[kState];
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = stream[kState].readable;
  c.finishPromise = newPromise();
  const finish = c.finishPromise;
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (readable[kState].state === 'errored') {
      finish.reject(readable[kState].storedError);
    } else {
      readableStreamDefaultControllerError(readable[kState].controller, reason);
      finish.resolve();
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable[kState].controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSinkCloseAlgorithm(stream) {
  const controller = stream[kState].controller;
  const c = controller[kState];
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const readable = stream[kState].readable;
  c.finishPromise = newPromise();
  const finish = c.finishPromise;
  const flushPromise = c.flushAlgorithm();
  transformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(flushPromise, () => {
    if (readable[kState].state === 'errored') {
      finish.reject(readable[kState].storedError);
    } else {
      readableStreamDefaultControllerClose(readable[kState].controller);
      finish.resolve();
    }
  }, (r) => {
    readableStreamDefaultControllerError(readable[kState].controller, r);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  const controller = stream[kState].controller;
  const c = controller[kState];
  if (c.finishPromise !== undefined) return c.finishPromise.promise;
  const writable = stream[kState].writable;
  c.finishPromise = newPromise();
  const finish = c.finishPromise;
  const cancelPromise = c.cancelAlgorithm(reason);
  transformStreamDefaultControllerClearAlgorithms(controller);
  uponPromise(cancelPromise, () => {
    if (writable[kState].state === 'errored') {
      finish.reject(writable[kState].storedError);
    } else {
      writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, reason);
      transformStreamUnblockWrite(stream);
      finish.resolve();
    }
  }, (r) => {
    writableStreamDefaultControllerErrorIfNeeded(writable[kState].controller, r);
    transformStreamUnblockWrite(stream);
    finish.reject(r);
  });
  return finish.promise;
}

function transformStreamDefaultSourcePullAlgorithm(stream) {
  transformStreamSetBackpressure(stream, false);
  return stream[kState].backpressureChangePromise.promise;
}

// --- queuing strategies ---------------------------------------------------------------

function strategyHighWaterMark(init) {
  if (init === null || typeof init !== 'object') throw new ERR_INVALID_ARG_TYPE('init', 'object', init);
  const value = init.highWaterMark;
  if (value === undefined) throw new ERR_MISSING_OPTION('init.highWaterMark');
  return +value;
}

// The size functions are one object per realm, named `size`, as the spec asks.
const byteLengthSize = {
  size(chunk) {
    return chunk.byteLength;
  },
}.size;
const countSize = {
  size() {
    return 1;
  },
}.size;

class ByteLengthQueuingStrategy {
  constructor(init) {
    this[kState] = { kind: 'ByteLengthQueuingStrategy', highWaterMark: strategyHighWaterMark(init) };
  }

  get highWaterMark() {
    if (this?.[kState]?.kind !== 'ByteLengthQueuingStrategy') throw new ERR_INVALID_THIS('ByteLengthQueuingStrategy');
    return this[kState].highWaterMark;
  }

  get size() {
    if (this?.[kState]?.kind !== 'ByteLengthQueuingStrategy') throw new ERR_INVALID_THIS('ByteLengthQueuingStrategy');
    return byteLengthSize;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'ByteLengthQueuingStrategy', depth, options, {
      highWaterMark: this[kState].highWaterMark,
    });
  }
}

Object.defineProperty(ByteLengthQueuingStrategy.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'ByteLengthQueuingStrategy', configurable: true,
});

class CountQueuingStrategy {
  constructor(init) {
    this[kState] = { kind: 'CountQueuingStrategy', highWaterMark: strategyHighWaterMark(init) };
  }

  get highWaterMark() {
    if (this?.[kState]?.kind !== 'CountQueuingStrategy') throw new ERR_INVALID_THIS('CountQueuingStrategy');
    return this[kState].highWaterMark;
  }

  get size() {
    if (this?.[kState]?.kind !== 'CountQueuingStrategy') throw new ERR_INVALID_THIS('CountQueuingStrategy');
    return countSize;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'CountQueuingStrategy', depth, options, {
      highWaterMark: this[kState].highWaterMark,
    });
  }
}

Object.defineProperty(CountQueuingStrategy.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'CountQueuingStrategy', configurable: true,
});

for (const ctor of [TransformStream, TransformStreamDefaultController, ByteLengthQueuingStrategy,
  CountQueuingStrategy]) {
  enumerableMembers(ctor);
}

module.exports = {
  TransformStream,
  TransformStreamDefaultController,
  ByteLengthQueuingStrategy,
  CountQueuingStrategy,
  isTransformStream,
};
