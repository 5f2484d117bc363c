'use strict';
// The native socket handles of node:net (src/ops/net.rs) as objects with
// the surface Node's TCP/Pipe wraps have, so net.Socket and net.Server (and
// layers above them: tls, http) drive any stream the same way:
//
//   handle.onread = (chunk) => …   // Buffer, null at the end, or a negative errno
//   handle.readStart() / handle.readStop()
//   handle.write(buffers, cb)      // the bytes written at once (cb is not
//                                  // called), a negative errno, or
//                                  // kWriteQueued: cb(status) once flushed
//   handle.shutdown(cb)            // cb(status) after queued writes
//   handle.close(cb)               // cb in the close phase
//   handle.ref() / handle.unref() / handle.getsockname(out) / getpeername(out)
//
// A server handle calls `onconnection(status, clientHandle)`.
//
// Every stream event comes through one dispatcher (`dispatch`), registered
// with the op layer on first use, which finds the handle by id.

const {
  op_net_init_sync,
  op_net_tcp_listen_sync,
  op_net_pipe_listen_sync,
  op_net_listen_fd_sync,
  op_net_tcp_connect_sync,
  op_net_pipe_connect_sync,
  op_net_read_start_sync,
  op_net_read_stop_sync,
  op_net_write_sync,
  op_net_shutdown_sync,
  op_net_set_nodelay_sync,
  op_net_set_keepalive_sync,
  op_net_address_sync,
  op_net_reset_sync,
  op_net_fd_sync,
  op_net_write_queue_size_sync,
} = internalBinding('net');
const {
  op_core_handle_close_sync,
  op_core_handle_ref_sync,
  op_core_handle_owner_sync,
} = internalBinding('core');
const { Buffer } = require('buffer');

const EV_READ = 0;
const EV_CONNECT = 1;
const EV_WRITE = 2;
const EV_SHUTDOWN = 3;

// A write that had to wait for the kernel (`write()` returned this).
const kWriteQueued = -0x10000;

const streams = new Map();
let initialized = false;

function dispatch(id, event, a, b) {
  const handle = streams.get(id);
  if (handle === undefined) return;
  switch (event) {
    case EV_READ:
      if (a !== null && typeof a === 'object') {
        handle.bytesRead += a.byteLength;
        handle.onread(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      } else {
        handle.reading = false;
        handle._readingNative = false;
        handle._updateRef();
        handle.onread(a);
      }
      break;
    case EV_CONNECT: {
      const cb = handle._onconnect;
      handle._onconnect = null;
      handle._updateRef();
      if (a === 0) handle._applyPending();
      if (cb) cb(a);
      break;
    }
    case EV_WRITE: {
      const cb = handle._writes.get(a);
      handle._writes.delete(a);
      handle._updateRef();
      if (cb) cb(b);
      break;
    }
    case EV_SHUTDOWN: {
      const cb = handle._onshutdown;
      handle._onshutdown = null;
      handle._updateRef();
      if (cb) cb(a);
      break;
    }
  }
}

function ensureInit() {
  if (!initialized) {
    op_net_init_sync(dispatch);
    initialized = true;
  }
}

function noop() {}

// A stream socket: `tcp` or `pipe`. Made without an id (a socket that will
// connect) or around the id of an accepted connection. As a libuv stream, it
// keeps the loop alive (when refed) only while it connects, reads, or has
// writes or a shutdown waiting: an idle or paused socket does not.
class StreamHandle {
  constructor(type, id = 0) {
    this.type = type;
    this.id = 0;
    this.reading = false;
    this.bytesRead = 0;
    this.onread = noop;
    this._onconnect = null;
    this._onshutdown = null;
    this._writes = new Map();
    this._token = 0;
    this._refed = true;
    this._readingNative = false;
    this._loopRef = true;
    this._noDelay = undefined;
    this._keepAlive = undefined;
    this._owner = null;
    if (id) this._attach(id);
  }

  _attach(id) {
    this.id = id;
    streams.set(id, this);
    // The native entry starts refed.
    this._loopRef = true;
    this._updateRef();
    if (this._owner) op_core_handle_owner_sync(id, this._owner);
  }

  _updateRef() {
    if (!this.id) return;
    const want = this._refed && (this._readingNative || this._onconnect !== null ||
                                 this._writes.size > 0 || this._onshutdown !== null);
    if (want !== this._loopRef) {
      this._loopRef = want;
      op_core_handle_ref_sync(this.id, want);
    }
  }

  _applyPending() {
    if (this._noDelay !== undefined) op_net_set_nodelay_sync(this.id, this._noDelay);
    if (this._keepAlive !== undefined) {
      op_net_set_keepalive_sync(this.id, this._keepAlive[0], this._keepAlive[1]);
    }
  }

  // The JS object process._getActiveHandles() shows for this handle.
  setOwner(owner) {
    this._owner = owner;
    if (this.id) op_core_handle_owner_sync(this.id, owner);
  }

  // Connects to ip:port (tcp) or a path (pipe); `oncomplete(status)` once
  // done. Returns 0 or a negative errno.
  connect(oncomplete, address, port, localAddress, localPort) {
    ensureInit();
    const id = this.type === 'pipe' ?
      op_net_pipe_connect_sync(address) :
      op_net_tcp_connect_sync(address, port, localAddress, localPort);
    if (id < 0) return id;
    this._onconnect = oncomplete;
    this._attach(id);
    return 0;
  }

  readStart() {
    this.reading = true;
    if (this.id) {
      this._readingNative = true;
      op_net_read_start_sync(this.id);
      this._updateRef();
    }
    return 0;
  }

  readStop() {
    this.reading = false;
    if (this.id) {
      this._readingNative = false;
      op_net_read_stop_sync(this.id);
      this._updateRef();
    }
    return 0;
  }

  // Writes a Buffer or an array of Buffers. Returns the bytes written when
  // the kernel took them all (`cb` is not called), a negative errno, or
  // kWriteQueued when `cb(status)` follows once the rest is flushed.
  write(data, cb) {
    const token = this._token = (this._token + 1) >>> 0;
    const result = op_net_write_sync(this.id, data, token);
    if (result === null) {
      this._writes.set(token, cb);
      this._updateRef();
      return kWriteQueued;
    }
    return result;
  }

  get writeQueueSize() {
    return this.id ? op_net_write_queue_size_sync(this.id) : 0;
  }

  shutdown(cb) {
    this._onshutdown = cb;
    op_net_shutdown_sync(this.id);
    this._updateRef();
    return 0;
  }

  close(cb) {
    const id = this.id;
    this.onread = noop;
    if (id) {
      streams.delete(id);
      this.id = 0;
      op_core_handle_close_sync(id, typeof cb === 'function' ? cb : undefined);
    } else if (typeof cb === 'function') {
      setImmediate(cb);
    }
  }

  // Closes with a reset: the peer gets RST instead of FIN.
  reset(cb) {
    if (this.id) op_net_reset_sync(this.id);
    this.close(cb);
    return 0;
  }

  ref() {
    this._refed = true;
    this._updateRef();
  }

  unref() {
    this._refed = false;
    this._updateRef();
  }

  hasRef() {
    return this._refed;
  }

  setNoDelay(enable) {
    this._noDelay = enable;
    return this.id ? op_net_set_nodelay_sync(this.id, enable) : 0;
  }

  setKeepAlive(enable, delaySeconds) {
    this._keepAlive = [enable, delaySeconds >>> 0];
    return this.id ? op_net_set_keepalive_sync(this.id, enable, delaySeconds >>> 0) : 0;
  }

  // Node's Pipe handles have no addresses (remoteAddress is undefined).
  getsockname(out) {
    return this.type === 'pipe' ? -22 : fillAddress(this.id, false, out);
  }

  getpeername(out) {
    return this.type === 'pipe' ? -22 : fillAddress(this.id, true, out);
  }

  get fd() {
    return this.id ? op_net_fd_sync(this.id) : -1;
  }
}

function fillAddress(id, peer, out) {
  if (!id) return -9; // EBADF
  const result = op_net_address_sync(id, peer);
  if (typeof result === 'number') return result;
  if (typeof result === 'string') {
    out.address = result;
    return 0;
  }
  out.address = result.address;
  out.family = result.family;
  out.port = result.port;
  return 0;
}

// A listening socket: calls `onconnection(status, clientHandle)`.
class ServerHandle {
  constructor(type) {
    this.type = type;
    this.id = 0;
    this.onconnection = noop;
    this._refed = true;
  }

  _callback() {
    return (status, clientId) => {
      if (status < 0) {
        this.onconnection(status);
        return;
      }
      this.onconnection(0, new StreamHandle(this.type, clientId));
    };
  }

  _opened(id) {
    if (id < 0) return id;
    this.id = id;
    if (!this._refed) op_core_handle_ref_sync(id, false);
    return 0;
  }

  // Binds and listens; 0 or a negative errno.
  // `flags`: 1 IPv6 only, 2 SO_REUSEPORT (libuv's UV_TCP_* bits).
  listenTcp(address, port, backlog, flags) {
    ensureInit();
    return this._opened(op_net_tcp_listen_sync(address, port, backlog, flags >>> 0, this._callback()));
  }

  listenPipe(path, backlog) {
    ensureInit();
    return this._opened(op_net_pipe_listen_sync(path, backlog, this._callback()));
  }

  listenFd(fd, backlog) {
    ensureInit();
    return this._opened(op_net_listen_fd_sync(fd, backlog, this._callback()));
  }

  setOwner(owner) {
    if (this.id) op_core_handle_owner_sync(this.id, owner);
  }

  close(cb) {
    const id = this.id;
    this.id = 0;
    if (id) op_core_handle_close_sync(id, typeof cb === 'function' ? cb : undefined);
    else if (typeof cb === 'function') setImmediate(cb);
  }

  ref() {
    this._refed = true;
    if (this.id) op_core_handle_ref_sync(this.id, true);
  }

  unref() {
    this._refed = false;
    if (this.id) op_core_handle_ref_sync(this.id, false);
  }

  hasRef() {
    return this._refed;
  }

  getsockname(out) {
    return fillAddress(this.id, false, out);
  }

  get fd() {
    return this.id ? op_net_fd_sync(this.id) : -1;
  }
}

module.exports = {
  StreamHandle,
  ServerHandle,
  kWriteQueued,
};
