'use strict';

// node:stream — Readable, Writable, Duplex, Transform, PassThrough,
// pipeline, finished, addAbortSignal and helpers. Buffers come from
// node:buffer and string decoding from node:string_decoder.

const { Stream } = require('internal/streams/legacy');
const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const Duplex = require('internal/streams/duplex');
const Transform = require('internal/streams/transform');
const PassThrough = require('internal/streams/passthrough');
const eos = require('internal/streams/end-of-stream');
const { pipeline, pipelineImpl } = require('internal/streams/pipeline');
const { addAbortSignal } = require('internal/streams/add-abort-signal');
const destroyImpl = require('internal/streams/destroy');
const utils = require('internal/streams/utils');
const { getDefaultHighWaterMark, setDefaultHighWaterMark } = require('internal/streams/state');
const { kCustomPromisifiedSymbol } = require('internal/util');
const { validateObject } = require('internal/validators');

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.duplexPair = require('internal/streams/duplexpair');
Stream.finished = eos;
Stream.destroy = destroyImpl.destroyer;
Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;

// A WritableStream or TransformStream ends a pipeline; it is not options.
function isWebStream(value) {
  return require('internal/webstreams/writable').isWritableStream(value) ||
    require('internal/webstreams/transform').isTransformStream(value) ||
    require('internal/webstreams/readable').isReadableStream(value);
}

// The WHATWG streams adapters, loaded when first used.
function lazyAdapters() {
  return require('internal/webstreams/adapters');
}
Object.assign(Readable, {
  toWeb(streamReadable, options) {
    return lazyAdapters().newReadableStreamFromStreamReadable(streamReadable, options);
  },
  fromWeb(readableStream, options) {
    return lazyAdapters().newStreamReadableFromReadableStream(readableStream, options);
  },
});
Object.assign(Writable, {
  toWeb(streamWritable) {
    return lazyAdapters().newWritableStreamFromStreamWritable(streamWritable);
  },
  fromWeb(writableStream, options) {
    return lazyAdapters().newStreamWritableFromWritableStream(writableStream, options);
  },
});
Object.assign(Duplex, {
  toWeb(duplex, options) {
    return lazyAdapters().newReadableWritablePairFromDuplex(duplex, options);
  },
  fromWeb(pair, options) {
    return lazyAdapters().newStreamDuplexFromReadableWritablePair(pair, options);
  },
});
Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;

const promises = {
  finished: eos.promise,
  pipeline(...streams) {
    return new Promise((resolve, reject) => {
      let signal;
      let end;
      const lastArg = streams[streams.length - 1];
      if (lastArg && typeof lastArg === 'object' && !utils.isNodeStream(lastArg) && !utils.isIterable(lastArg) &&
          !isWebStream(lastArg)) {
        const options = streams.pop();
        validateObject(options, 'options');
        signal = options.signal;
        end = options.end;
      }
      pipelineImpl(streams, (err, value) => {
        if (err) reject(err);
        else resolve(value);
      }, { signal, end });
    });
  },
};

Object.defineProperty(Stream, 'promises', {
  configurable: true,
  enumerable: true,
  get() { return promises; },
});
Object.defineProperty(pipeline, kCustomPromisifiedSymbol, {
  enumerable: true,
  get() { return promises.pipeline; },
});
Object.defineProperty(eos, kCustomPromisifiedSymbol, {
  enumerable: true,
  get() { return promises.finished; },
});

Stream.Stream = Stream;
Stream._isArrayBufferView = ArrayBuffer.isView;
Stream._isUint8Array = (value) => value instanceof Uint8Array;
Stream._uint8ArrayToBuffer = (chunk) => {
  const { Buffer } = require('buffer');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
};

module.exports = Stream;
