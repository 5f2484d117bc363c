'use strict';
// process.stdout, process.stderr and process.stdin, made on first use.
//
// stdout/stderr are Writable streams over op_io_write_sync: writes are
// synchronous, as Node's are on Linux for files, pipes and terminals.
// stdin is a Readable fed by op_io_read_start_async (a handle that reads
// on its own thread); pausing unrefs it so a paused stdin does not keep
// the process alive.

const io = internalBinding('io');
const core = internalBinding('core');

function ttyMethods(stream, fd) {
  stream.isTTY = true;
  Object.defineProperty(stream, 'columns', {
    __proto__: null, enumerable: true, configurable: true,
    get() { const s = io.op_io_window_size_sync(fd); return s ? s[0] : 80; },
  });
  Object.defineProperty(stream, 'rows', {
    __proto__: null, enumerable: true, configurable: true,
    get() { const s = io.op_io_window_size_sync(fd); return s ? s[1] : 24; },
  });
  stream.getWindowSize = () => io.op_io_window_size_sync(fd) || [80, 24];
  stream.hasColors = (count = 16) => {
    if (typeof count === 'object') count = 16;
    return count <= 2 ** stream.getColorDepth();
  };
  stream.getColorDepth = (env = process.env) => {
    if (env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return 1;
    if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 24;
    if (env.TERM && /256/.test(env.TERM)) return 8;
    return 4;
  };
  const csi = (s) => stream.write(`\x1b[${s}`);
  stream.clearLine = (dir = 0, cb) => { csi(dir < 0 ? '1K' : dir > 0 ? '0K' : '2K'); if (cb) process.nextTick(cb); return true; };
  stream.clearScreenDown = (cb) => { csi('0J'); if (cb) process.nextTick(cb); return true; };
  stream.cursorTo = (x, y, cb) => {
    if (typeof y === 'function') { cb = y; y = undefined; }
    csi(typeof y === 'number' ? `${y + 1};${x + 1}H` : `${x + 1}G`);
    if (cb) process.nextTick(cb);
    return true;
  };
  stream.moveCursor = (dx, dy, cb) => {
    let s = '';
    if (dx < 0) s += `\x1b[${-dx}D`; else if (dx > 0) s += `\x1b[${dx}C`;
    if (dy < 0) s += `\x1b[${-dy}A`; else if (dy > 0) s += `\x1b[${dy}B`;
    if (s) stream.write(s);
    if (cb) process.nextTick(cb);
    return true;
  };
}

// A failed write to a pipe or terminal is reported as Node's sockets
// report it (`write EPIPE`, from errnoException); files keep the fs error.
function writeError(stream, err) {
  if (stream._type === 'fs' || typeof err.errno !== 'number') return err;
  const e = new Error(`${err.syscall || 'write'} ${err.code}`);
  e.errno = err.errno;
  e.code = err.code;
  e.syscall = err.syscall || 'write';
  return e;
}

// Node's stdio streams never close their fd: destroy() reports the error
// and 'close', then the stream is usable again (so every later failed
// write is reported again, as in Node).
function dummyDestroy(err, callback) {
  callback(err);
  this._undestroy();
  if (!this._writableState.emitClose) {
    process.nextTick(() => this.emit('close'));
  }
}

// The class names of Node's stdio streams, which its messages show
// ("Emitted 'error' event on Socket instance").
const streamClasses = new Map();
function writableClass(name) {
  if (!streamClasses.has(name)) {
    const { Writable } = require('stream');
    streamClasses.set(name, { [name]: class extends Writable {} }[name]);
  }
  return streamClasses.get(name);
}

function createWritable(fd) {
  const { Buffer } = require('buffer');
  // Node's stdio kinds: a tty.WriteStream, a file's SyncWriteStream
  // (`fs`), or a socket (`pipe`, `tcp`).
  const kind = io.op_io_guess_handle_type_sync(fd);
  const className = kind === 'TTY' ? 'WriteStream' : kind === 'FILE' ? 'SyncWriteStream' : 'Socket';
  const Stream = writableClass(className);
  const stream = new Stream({
    decodeStrings: false,
    emitClose: false,
    write(chunk, encoding, callback) {
      try {
        if (typeof chunk === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' && encoding !== 'buffer') {
          chunk = Buffer.from(chunk, encoding);
        }
        io.op_io_write_sync(fd, chunk);
      } catch (err) {
        callback(writeError(stream, err));
        return;
      }
      callback();
    },
    writev(chunks, callback) {
      try {
        for (const { chunk, encoding } of chunks) {
          io.op_io_write_sync(fd, typeof chunk === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' ?
            Buffer.from(chunk, encoding) : chunk);
        }
      } catch (err) {
        callback(writeError(stream, err));
        return;
      }
      callback();
    },
  });
  stream.fd = fd;
  stream._isStdio = true;
  stream._destroy = dummyDestroy;
  stream.destroySoon = stream.destroy;
  if (kind === 'TTY') {
    stream._type = 'tty';
    ttyMethods(stream, fd);
  } else {
    stream._type = kind === 'FILE' ? 'fs' : kind === 'TCP' ? 'tcp' : 'pipe';
  }
  return stream;
}

function createReadable(fd) {
  const { Readable } = require('stream');
  const { Buffer } = require('buffer');
  let handle = null;
  let ended = false;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (ended) return;
      if (handle === null) {
        handle = io.op_io_read_start_async(fd, onChunk);
      } else {
        core.op_core_handle_ref_sync(handle, true);
      }
    },
    destroy(err, callback) {
      if (handle === null) {
        callback(err);
        return;
      }
      // The stream finishes destroying in the close phase, as Node's
      // handles do.
      core.op_core_handle_close_sync(handle, () => callback(err));
      handle = null;
    },
  });
  function onChunk(chunk, error) {
    if (error !== undefined) {
      stream.destroy(new Error(error));
      return;
    }
    if (chunk === null) {
      ended = true;
      handle = null;
      stream.push(null);
      return;
    }
    if (!stream.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)) && handle !== null) {
      // Full: stop keeping the loop alive until the reader asks again.
      core.op_core_handle_ref_sync(handle, false);
    }
  }
  stream.fd = fd;
  stream.on('pause', () => {
    if (handle !== null) core.op_core_handle_ref_sync(handle, false);
  });
  stream.on('resume', () => {
    if (handle !== null) core.op_core_handle_ref_sync(handle, true);
  });
  if (io.op_io_isatty_sync(fd)) {
    stream.isTTY = true;
    stream.isRaw = false;
    stream.setRawMode = (mode) => {
      io.op_io_set_raw_mode_sync(fd, !!mode);
      stream.isRaw = !!mode;
      return stream;
    };
  }
  return stream;
}

module.exports = { createWritable, createReadable };
