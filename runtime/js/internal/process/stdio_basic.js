'use strict';
// Stream-like stdout, stderr and stdin for builds without lib/stream.js;
// internal/process/stdio uses them as a fallback. Writes are synchronous
// (as Node's are on Linux for files, pipes and terminals). These are small
// stream-like objects until lib/stream.js lands; then they become
// Writable/Readable streams over the same ops.

const io = internalBinding('io');
const core = internalBinding('core');

function createWritable(fd, EventEmitter) {
  const stream = new EventEmitter();
  const isTTY = io.op_io_isatty_sync(fd);
  stream.fd = fd;
  stream._type = isTTY ? 'tty' : 'pipe';
  stream._isStdio = true;
  stream.writable = true;
  stream.destroyed = false;
  stream.writableLength = 0;
  stream.writableHighWaterMark = 16384;
  stream.writableEnded = false;
  stream.writableFinished = false;
  stream.writableObjectMode = false;
  stream.writableCorked = 0;
  stream.writableNeedDrain = false;
  if (isTTY) {
    stream.isTTY = true;
    Object.defineProperty(stream, 'columns', { __proto__: null, enumerable: true, configurable: true, get() { const s = io.op_io_window_size_sync(fd); return s ? s[0] : 80; } });
    Object.defineProperty(stream, 'rows', { __proto__: null, enumerable: true, configurable: true, get() { const s = io.op_io_window_size_sync(fd); return s ? s[1] : 24; } });
    stream.getWindowSize = () => io.op_io_window_size_sync(fd) || [80, 24];
    stream.hasColors = (count = 16) => count <= 256;
    stream.getColorDepth = () => 8;
  }
  stream.write = function write(chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      const err = new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array.' +
        ` Received ${chunk === null ? 'null' : typeof chunk}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    try {
      io.op_io_write_sync(fd, chunk);
    } catch (err) {
      if (err.code === 'EPIPE') {
        stream.destroyed = true;
        process.nextTick(() => stream.emit('error', err));
        return false;
      }
      throw err;
    }
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
  stream.end = function end(chunk, encoding, callback) {
    if (typeof chunk === 'function') {
      callback = chunk;
      chunk = undefined;
    }
    if (chunk !== undefined && chunk !== null) stream.write(chunk, encoding);
    if (typeof callback === 'function') process.nextTick(callback);
    return stream;
  };
  stream.cork = () => {};
  stream.uncork = () => {};
  stream.setDefaultEncoding = () => stream;
  stream.destroySoon = stream.destroy = () => stream;
  stream._destroy = (err, cb) => cb(err);
  return stream;
}

function createReadable(fd, EventEmitter) {
  const stream = new EventEmitter();
  stream.fd = fd;
  stream.isTTY = io.op_io_isatty_sync(fd) || undefined;
  stream.readable = true;
  stream.readableEncoding = null;
  stream.readableFlowing = null;
  stream.readableEnded = false;
  let handle = null;
  let decoder = null;
  let flowing = false;
  let buffered = [];
  let ended = false;

  function deliver(chunk) {
    if (decoder) chunk = decoder.decode(chunk, { stream: true });
    stream.emit('data', chunk);
  }

  function onChunk(chunk, error) {
    if (error !== undefined) {
      const err = new Error(error);
      stream.emit('error', err);
      return;
    }
    if (chunk === null) {
      ended = true;
      handle = null;
      if (flowing && buffered.length === 0) finish();
      return;
    }
    if (flowing) deliver(chunk);
    else buffered.push(chunk);
  }

  function finish() {
    if (decoder) {
      const rest = decoder.decode();
      if (rest) stream.emit('data', rest);
    }
    stream.readableEnded = true;
    stream.emit('end');
    stream.emit('close');
  }

  stream.setEncoding = function setEncoding(encoding = 'utf8') {
    decoder = new TextDecoder(encoding === 'utf-8' ? 'utf8' : encoding);
    stream.readableEncoding = encoding;
    return stream;
  };
  stream.resume = function resume() {
    flowing = true;
    stream.readableFlowing = true;
    if (handle === null && !ended) handle = io.op_io_read_start_async(fd, onChunk);
    else if (handle !== null) core.op_core_handle_ref_sync(handle, true);
    process.nextTick(() => {
      while (flowing && buffered.length > 0) deliver(buffered.shift());
      if (flowing && ended && buffered.length === 0 && !stream.readableEnded) finish();
    });
    return stream;
  };
  stream.pause = function pause() {
    flowing = false;
    stream.readableFlowing = false;
    if (handle !== null) core.op_core_handle_ref_sync(handle, false);
    return stream;
  };
  stream.isPaused = () => !flowing;
  stream.read = function read() {
    if (handle === null && !ended) {
      handle = io.op_io_read_start_async(fd, onChunk);
    }
    if (buffered.length === 0) return null;
    let chunk = buffered.shift();
    if (decoder) chunk = decoder.decode(chunk, { stream: true });
    return chunk;
  };
  stream.unref = () => { if (handle !== null) core.op_core_handle_ref_sync(handle, false); return stream; };
  stream.ref = () => { if (handle !== null) core.op_core_handle_ref_sync(handle, true); return stream; };
  stream.destroy = () => {
    if (handle !== null) core.op_core_handle_close_sync(handle);
    handle = null;
    return stream;
  };
  stream.on('newListener', (type) => {
    if (type === 'data' && stream.readableFlowing !== false) stream.resume();
  });
  stream[Symbol.asyncIterator] = async function* iterate() {
    const chunks = [];
    let done = false;
    let wake = null;
    stream.on('data', (c) => { chunks.push(c); if (wake) wake(); });
    stream.on('end', () => { done = true; if (wake) wake(); });
    while (true) {
      if (chunks.length > 0) {
        yield chunks.shift();
      } else if (done) {
        return;
      } else {
        await new Promise((resolve) => { wake = resolve; });
        wake = null;
      }
    }
  };
  return stream;
}

module.exports = { createWritable, createReadable };
