'use strict';
// node:tty — `isatty`, and the stream classes of a terminal:
// `ReadStream` (raw mode) and `WriteStream` (size, colour depth, cursor
// control). process.stdin/stdout/stderr are instances of these when they
// are terminals.
//
// Node's classes extend net.Socket; these extend stream.Readable and
// stream.Writable over the same fd ops as the other stdio streams
// (internal/process/stdio), with the same writes (synchronous) and reads.

const { Readable, Writable } = require('stream');
const { codes: { ERR_TTY_INIT_FAILED } } = require('internal/errors');
const { getColorDepth, hasColors } = require('internal/tty');
const { uvErrmapGet } = require('internal/uv_errors');
const stdio = require('internal/process/stdio');

const io = internalBinding('io');

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && io.op_io_isatty_sync(fd);
}

// libuv's uv_tty_init accepts terminals, pipes and sockets; a file or a
// closed fd fails with EINVAL.
function checkTtyFd(fd) {
  const type = io.op_io_guess_handle_type_sync(fd);
  if (type === 'FILE' || type === 'UNKNOWN') {
    const [code, message] = uvErrmapGet(-22);
    throw new ERR_TTY_INIT_FAILED({ errno: -22, code, message, syscall: 'uv_tty_init' });
  }
}

class ReadStream extends Readable {
  constructor(fd, options) {
    checkTtyFd(fd);
    const source = stdio.fdSource(fd);
    super({ highWaterMark: 64 * 1024, ...options, read: source.read, destroy: source.destroy });
    source.attach(this);
    this.fd = fd;
    this.isRaw = false;
    this.isTTY = true;
  }

  setRawMode(flag) {
    flag = !!flag;
    io.op_io_set_raw_mode_sync(this.fd, flag);
    this.isRaw = flag;
    return this;
  }
}

class WriteStream extends Writable {
  constructor(fd) {
    checkTtyFd(fd);
    super(stdio.fdSinkOptions(fd));
    this.fd = fd;
    this._type = 'tty';
    // The fd stays open: destroying the stream does not close it.
    this._destroy = (err, callback) => callback(err);
    this.destroySoon = this.destroy;
    const size = io.op_io_window_size_sync(fd);
    if (size) {
      this.columns = size[0];
      this.rows = size[1];
    }
  }

  // Re-reads the size; Node calls this on SIGWINCH and emits 'resize'.
  _refreshSize() {
    const oldCols = this.columns;
    const oldRows = this.rows;
    const size = io.op_io_window_size_sync(this.fd);
    if (!size) return;
    this.columns = size[0];
    this.rows = size[1];
    if (oldCols !== this.columns || oldRows !== this.rows) this.emit('resize');
  }

  getWindowSize() {
    return [this.columns, this.rows];
  }

  getColorDepth(env) {
    return getColorDepth(env);
  }

  hasColors(count, env) {
    return hasColors(count, env);
  }

  cursorTo(x, y, callback) {
    return require('readline').cursorTo(this, x, y, callback);
  }

  moveCursor(dx, dy, callback) {
    return require('readline').moveCursor(this, dx, dy, callback);
  }

  clearLine(dir, callback) {
    return require('readline').clearLine(this, dir, callback);
  }

  clearScreenDown(callback) {
    return require('readline').clearScreenDown(this, callback);
  }
}

WriteStream.prototype.isTTY = true;

module.exports = { isatty, ReadStream, WriteStream };
