'use strict';
// Between node:stream and the WHATWG streams: Readable.toWeb/fromWeb,
// Writable.toWeb/fromWeb and Duplex.toWeb/fromWeb, with Node 24's
// strategies, chunk conversions and error mapping (a premature close
// becomes an AbortError whose cause is the ERR_STREAM_PREMATURE_CLOSE).

const {
  AbortError,
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE },
} = require('internal/errors');
const { ReadableStream, isReadableStream } = require('internal/webstreams/readable');
const { WritableStream, isWritableStream } = require('internal/webstreams/writable');
const { CountQueuingStrategy, ByteLengthQueuingStrategy } = require('internal/webstreams/transform');
const { newPromise, setHandled } = require('internal/webstreams/util');
const {
  isDestroyed, isReadable, isWritable, isWritableEnded,
} = require('internal/streams/utils');

function lazyStreams() {
  return {
    Readable: require('internal/streams/readable'),
    Writable: require('internal/streams/writable'),
    Duplex: require('internal/streams/duplex'),
    finished: require('internal/streams/end-of-stream'),
    destroy: require('internal/streams/destroy').destroyer,
  };
}

// Node 24's mapping of node:stream errors for the web side: a premature
// close is an AbortError, zlib's and brotli's data errors a TypeError
// carrying their code, each with the original as the cause.
const zlibFailures = new Set(['Z_NEED_DICT', 'Z_STREAM_END', 'Z_DATA_ERROR', 'Z_MEM_ERROR', 'Z_BUF_ERROR',
  'Z_VERSION_ERROR', 'Z_STREAM_ERROR', 'Z_ERRNO']);
function webStreamError(cause) {
  const code = cause?.code;
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') return new AbortError(undefined, { cause });
  if (zlibFailures.has(code) || (typeof code === 'string' && code.startsWith('ERR__ERROR_'))) {
    const error = new TypeError(undefined, { cause });
    error.code = code;
    return error;
  }
  return cause;
}

function isBuffer(chunk) {
  return require('buffer').Buffer.isBuffer(chunk);
}

function validateOptions(options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  return options ?? {};
}

// Readable.toWeb(streamReadable, { strategy, type })
function newReadableStreamFromStreamReadable(streamReadable, options = undefined) {
  // Any stream with readable state: a Duplex made not readable gives a
  // stream that is already closed.
  if (typeof streamReadable?._readableState !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('streamReadable', 'stream.Readable', streamReadable);
  }
  const { strategy, type } = validateOptions(options);
  if (type !== undefined && type !== 'bytes') throw new ERR_INVALID_ARG_VALUE('options.type', type);
  const isBYOB = type === 'bytes';
  const { finished, destroy } = lazyStreams();
  let controller;
  let wasCanceled = false;
  const source = {
    type: isBYOB ? 'bytes' : undefined,
    start(c) {
      controller = c;
    },
    cancel(reason) {
      wasCanceled = true;
      destroy(streamReadable, reason);
    },
  };
  const readable = isReadable(streamReadable);
  const objectMode = streamReadable.readableObjectMode;
  let chosen;
  if (readable) {
    source.pull = () => {
      streamReadable.resume();
    };
    const highWaterMark = streamReadable.readableHighWaterMark;
    chosen = isBYOB ? { highWaterMark } : strategy ?? (objectMode ? new CountQueuingStrategy({ highWaterMark }) :
      new ByteLengthQueuingStrategy({ highWaterMark }));
  }
  const readableStream = new ReadableStream(source, chosen);
  let settledSync = false;
  let cleanup = null;
  cleanup = finished(streamReadable, { writable: false }, (error) => {
    error = webStreamError(error);
    if (cleanup !== null) cleanup();
    else settledSync = true;
    // Legacy streams may emit 'error' again after finishing.
    streamReadable.on('error', () => {});
    if (wasCanceled) return;
    wasCanceled = true;
    if (error) {
      controller.error(error);
      return;
    }
    controller.close();
    if (isBYOB) controller.byobRequest?.respond(0);
  });
  if (settledSync) {
    cleanup();
  } else if (readable) {
    streamReadable.pause();
    streamReadable.on('data', (chunk) => {
      if (wasCanceled) return;
      // A copy: Buffers may share a pool.
      if (!objectMode && isBuffer(chunk)) chunk = new Uint8Array(chunk);
      controller.enqueue(chunk);
      if (controller.desiredSize <= 0) streamReadable.pause();
    });
  }
  return readableStream;
}

// Readable.fromWeb(readableStream, { highWaterMark, encoding, objectMode, signal })
function newStreamReadableFromReadableStream(readableStream, options = undefined) {
  if (!isReadableStream(readableStream)) {
    throw new ERR_INVALID_ARG_TYPE('readableStream', 'ReadableStream', readableStream);
  }
  const { highWaterMark, encoding, objectMode = false, signal } = validateOptions(options);
  if (encoding !== undefined && !require('buffer').Buffer.isEncoding(encoding)) {
    throw new ERR_INVALID_ARG_VALUE('options.encoding', encoding);
  }
  if (typeof objectMode !== 'boolean') throw new ERR_INVALID_ARG_TYPE('options.objectMode', 'boolean', objectMode);
  const { Readable, destroy } = lazyStreams();
  const reader = readableStream.getReader();
  let closed = false;
  const readable = new Readable({
    objectMode,
    highWaterMark,
    encoding,
    signal,
    read() {
      reader.read().then((chunk) => {
        if (chunk.done) readable.push(null);
        else readable.push(chunk.value);
      }, (error) => destroy(readable, error));
    },
    destroy(error, callback) {
      function done() {
        try {
          callback(error);
        } catch (err) {
          process.nextTick(() => { throw err; });
        }
      }
      if (!closed) {
        reader.cancel(error).then(done, done);
        return;
      }
      done();
    },
  });
  reader.closed.then(() => {
    closed = true;
  }, (error) => {
    closed = true;
    destroy(readable, error);
  });
  return readable;
}

// Writable.toWeb(streamWritable)
function newWritableStreamFromStreamWritable(streamWritable) {
  // Anything that writes like a Writable (http.OutgoingMessage too); a
  // Duplex made not writable gives a stream that is already closed.
  if (!streamWritable || typeof streamWritable.write !== 'function' || typeof streamWritable.on !== 'function') {
    throw new ERR_INVALID_ARG_TYPE('streamWritable', 'stream.Writable', streamWritable);
  }
  if (isDestroyed(streamWritable) || !isWritable(streamWritable)) {
    const writable = new WritableStream();
    writable.close();
    return writable;
  }
  const { finished, destroy } = lazyStreams();
  const highWaterMark = streamWritable.writableHighWaterMark;
  const strategy = streamWritable.writableObjectMode ? new CountQueuingStrategy({ highWaterMark }) : {
    highWaterMark,
    size(chunk) {
      return chunk?.byteLength ?? chunk?.length ?? 1;
    },
  };
  let controller;
  let backpressurePromise;
  let closed;
  function onDrain() {
    if (backpressurePromise !== undefined) backpressurePromise.resolve();
  }
  const cleanup = finished(streamWritable, (error) => {
    error = webStreamError(error);
    cleanup();
    streamWritable.on('error', () => {});
    if (error != null) {
      if (backpressurePromise !== undefined) backpressurePromise.reject(error);
      if (closed !== undefined) {
        closed.reject(error);
        closed = undefined;
      }
      controller?.error(error);
      controller = undefined;
      return;
    }
    if (closed !== undefined) {
      closed.resolve();
      closed = undefined;
      return;
    }
    controller?.error(new AbortError());
    controller = undefined;
  });
  streamWritable.on('drain', onDrain);
  return new WritableStream({
    start(c) {
      controller = c;
    },
    write(chunk) {
      if (!streamWritable.writableObjectMode && (chunk instanceof ArrayBuffer ||
          (typeof SharedArrayBuffer === 'function' && chunk instanceof SharedArrayBuffer))) {
        chunk = new Uint8Array(chunk);
      }
      if (streamWritable.writableNeedDrain || !streamWritable.write(chunk)) {
        // Wait for 'drain' only when the stream asks for it; a write that
        // failed shows as the stream's error instead.
        backpressurePromise = newPromise();
        setHandled(backpressurePromise.promise);
        if (!streamWritable.writableNeedDrain) backpressurePromise.resolve();
        return backpressurePromise.promise.finally(() => {
          backpressurePromise = undefined;
        });
      }
      return undefined;
    },
    abort(reason) {
      destroy(streamWritable, reason);
    },
    close() {
      if (closed === undefined && !isWritableEnded(streamWritable)) {
        closed = newPromise();
        streamWritable.end();
        return closed.promise;
      }
      controller = undefined;
      return undefined;
    },
  }, strategy);
}

function toBytes(chunk, encoding) {
  const { Buffer } = require('buffer');
  const buffer = Buffer.from(chunk, encoding);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

// Writable.fromWeb(writableStream, { highWaterMark, decodeStrings, objectMode, signal })
function newStreamWritableFromWritableStream(writableStream, options = undefined) {
  if (!isWritableStream(writableStream)) {
    throw new ERR_INVALID_ARG_TYPE('writableStream', 'WritableStream', writableStream);
  }
  const { highWaterMark, decodeStrings = true, objectMode = false, signal } = validateOptions(options);
  if (typeof objectMode !== 'boolean') throw new ERR_INVALID_ARG_TYPE('options.objectMode', 'boolean', objectMode);
  if (typeof decodeStrings !== 'boolean') {
    throw new ERR_INVALID_ARG_TYPE('options.decodeStrings', 'boolean', decodeStrings);
  }
  const { Writable, destroy } = lazyStreams();
  const writer = writableStream.getWriter();
  let closed = false;
  const writable = new Writable({
    highWaterMark,
    objectMode,
    decodeStrings,
    signal,
    write(chunk, encoding, callback) {
      if (typeof chunk === 'string' && decodeStrings && !objectMode) chunk = toBytes(chunk, encoding);
      function done(error) {
        try {
          callback(error);
        } catch (err) {
          destroy(writable, err);
        }
      }
      writer.ready.then(() => writer.write(chunk).then(() => done(), done), done);
    },
    destroy(error, callback) {
      function done() {
        try {
          callback(error);
        } catch (err) {
          process.nextTick(() => { throw err; });
        }
      }
      if (!closed) {
        if (error != null) writer.abort(error).then(done, done);
        else writer.close().then(done, done);
        return;
      }
      done();
    },
    final(callback) {
      function done(error) {
        try {
          callback(error);
        } catch (err) {
          process.nextTick(() => destroy(writable, err));
        }
      }
      if (!closed) writer.close().then(() => done(), done);
    },
  });
  writer.closed.then(() => {
    closed = true;
  }, (error) => {
    closed = true;
    destroy(writable, error);
  });
  return writable;
}

// Duplex.toWeb(duplex, { readableType }): { readable, writable }
function newReadableWritablePairFromDuplex(duplex, options = undefined) {
  if (typeof duplex?._writableState !== 'object' || typeof duplex?._readableState !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('duplex', 'stream.Duplex', duplex);
  }
  const { readableType, type } = validateOptions(options);
  const readableOptions = { type: readableType ?? type };
  if (isDestroyed(duplex)) {
    const writable = new WritableStream();
    const readable = new ReadableStream({ type: readableOptions.type });
    writable.close();
    readable.cancel();
    return { readable, writable };
  }
  let writable;
  if (isWritable(duplex)) {
    writable = newWritableStreamFromStreamWritable(duplex);
  } else {
    writable = new WritableStream();
    writable.close();
  }
  let readable;
  if (isReadable(duplex)) {
    readable = newReadableStreamFromStreamReadable(duplex, readableOptions);
  } else {
    readable = new ReadableStream({ type: readableOptions.type });
    readable.cancel();
  }
  return { readable, writable };
}

// Duplex.fromWeb({ readable, writable }, { allowHalfOpen, decodeStrings, encoding, objectMode, signal })
function newStreamDuplexFromReadableWritablePair(pair, options = undefined) {
  if (pair === null || typeof pair !== 'object') throw new ERR_INVALID_ARG_TYPE('pair', 'Object', pair);
  const { readable: readableStream, writable: writableStream } = pair;
  if (!isReadableStream(readableStream)) {
    throw new ERR_INVALID_ARG_TYPE('pair.readable', 'ReadableStream', readableStream);
  }
  if (!isWritableStream(writableStream)) {
    throw new ERR_INVALID_ARG_TYPE('pair.writable', 'WritableStream', writableStream);
  }
  const {
    allowHalfOpen = false, objectMode = false, encoding, decodeStrings = true, highWaterMark, signal,
  } = validateOptions(options);
  if (encoding !== undefined && !require('buffer').Buffer.isEncoding(encoding)) {
    throw new ERR_INVALID_ARG_VALUE('options.encoding', encoding);
  }
  const { Duplex, destroy } = lazyStreams();
  const writer = writableStream.getWriter();
  const reader = readableStream.getReader();
  let writableClosed = false;
  let readableClosed = false;
  const duplex = new Duplex({
    allowHalfOpen,
    highWaterMark,
    objectMode,
    encoding,
    decodeStrings,
    signal,
    write(chunk, enc, callback) {
      if (typeof chunk === 'string' && decodeStrings && !objectMode) chunk = toBytes(chunk, enc);
      function done(error) {
        try {
          callback(error);
        } catch (err) {
          destroy(duplex, err);
        }
      }
      writer.ready.then(() => writer.write(chunk).then(() => done(), done), done);
    },
    final(callback) {
      function done(error) {
        try {
          callback(error);
        } catch (err) {
          process.nextTick(() => destroy(duplex, err));
        }
      }
      if (!writableClosed) writer.close().then(() => done(), done);
    },
    read() {
      reader.read().then((chunk) => {
        if (chunk.done) duplex.push(null);
        else duplex.push(chunk.value);
      }, (error) => destroy(duplex, error));
    },
    destroy(error, callback) {
      function done() {
        try {
          callback(error);
        } catch (err) {
          process.nextTick(() => { throw err; });
        }
      }
      async function closeWriter() {
        if (!writableClosed) await writer.abort(error);
      }
      async function closeReader() {
        if (!readableClosed) await reader.cancel(error);
      }
      if (!writableClosed || !readableClosed) {
        Promise.all([closeWriter(), closeReader()]).then(done, done);
        return;
      }
      done();
    },
  });
  writer.closed.then(() => {
    writableClosed = true;
  }, (error) => {
    writableClosed = true;
    readableClosed = true;
    destroy(duplex, error);
  });
  reader.closed.then(() => {
    readableClosed = true;
  }, (error) => {
    writableClosed = true;
    readableClosed = true;
    destroy(duplex, error);
  });
  return duplex;
}

module.exports = {
  newReadableStreamFromStreamReadable,
  newStreamReadableFromReadableStream,
  newWritableStreamFromStreamWritable,
  newStreamWritableFromWritableStream,
  newReadableWritablePairFromDuplex,
  newStreamDuplexFromReadableWritablePair,
};
