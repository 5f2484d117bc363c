'use strict';
// process.stdout, process.stderr and process.stdin, made on first use.
//
// stdout/stderr are Writable streams over op_io_write_sync: writes are
// synchronous, as Node's are on Linux for files, pipes and terminals.
// stdin is a Readable fed by op_io_read_start_async (a handle read through
// the loop's reactor); pausing stops reading, so a paused stdin neither
// reads nor keeps the process alive.

const io = internalBinding('io');
const core = internalBinding('core');

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

// The options of a Writable that writes to `fd` synchronously (`this` is
// the stream in write and writev).
function fdSinkOptions(fd) {
  const { Buffer } = require('buffer');
  return {
    decodeStrings: false,
    write(chunk, encoding, callback) {
      try {
        if (typeof chunk === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' && encoding !== 'buffer') {
          chunk = Buffer.from(chunk, encoding);
        }
        io.op_io_write_sync(fd, chunk);
      } catch (err) {
        callback(writeError(this, err));
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
        callback(writeError(this, err));
        return;
      }
      callback();
    },
  };
}

function createWritable(fd) {
  // Node's stdio kinds: a tty.WriteStream, a file's SyncWriteStream
  // (`fs`), or a socket (`pipe`, `tcp`).
  const kind = io.op_io_guess_handle_type_sync(fd);
  let stream;
  if (kind === 'TTY') {
    const { WriteStream } = require('tty');
    stream = new WriteStream(fd);
    stream._writableState.emitClose = false;
    // Node refreshes the size of stdout/stderr on SIGWINCH (unrefed).
    process.on('SIGWINCH', () => stream._refreshSize());
  } else {
    const Stream = writableClass(kind === 'FILE' ? 'SyncWriteStream' : 'Socket');
    stream = new Stream({ ...fdSinkOptions(fd), emitClose: false });
    stream.fd = fd;
    stream._type = kind === 'FILE' ? 'fs' : kind === 'TCP' ? 'tcp' : 'pipe';
  }
  stream._isStdio = true;
  stream._destroy = dummyDestroy;
  stream.destroySoon = stream.destroy;
  return stream;
}

// What a Readable over `fd` needs: `read` and `destroy` for its options,
// and `attach(stream)` once the stream exists. Reading happens on a handle
// (op_io_read_start_async) started at the first read. As Node's stream
// handles do, it reads only while the stream wants data (readStart and
// readStop): a full buffer or a pause stops reading at the fd, so the
// writer waits, and a handle that is not reading does not keep the
// process alive.
function fdSource(fd) {
  const { Buffer } = require('buffer');
  let stream = null;
  let handle = null;
  let reading = false;
  let ended = false;
  function readStop() {
    if (handle === null || !reading) return;
    reading = false;
    io.op_io_read_stop_sync(handle);
    core.op_core_handle_ref_sync(handle, false);
  }
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
    if (!stream.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      // Full: read again when the reader asks (`_read`).
      readStop();
    }
  }
  // Node's stdin: a pause stops reading once the stream has settled (a
  // tick later), unless it flows again by then.
  function onPause() {
    if (handle === null || !reading || stream.readableFlowing) return;
    stream._readableState.reading = false;
    readStop();
  }
  return {
    read() {
      if (ended) return;
      if (handle === null) {
        handle = io.op_io_read_start_async(fd, onChunk);
        core.op_core_handle_owner_sync(handle, stream);
        reading = true;
      } else if (!reading) {
        reading = true;
        io.op_io_read_resume_sync(handle);
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
    attach(s) {
      stream = s;
      s.on('pause', () => process.nextTick(onPause));
    },
  };
}

function createReadable(fd) {
  if (io.op_io_isatty_sync(fd)) {
    const { ReadStream } = require('tty');
    return new ReadStream(fd);
  }
  const { Readable } = require('stream');
  const source = fdSource(fd);
  const stream = new Readable({ highWaterMark: 64 * 1024, read: source.read, destroy: source.destroy });
  source.attach(stream);
  stream.fd = fd;
  return stream;
}

module.exports = { createWritable, createReadable, fdSinkOptions, fdSource };
