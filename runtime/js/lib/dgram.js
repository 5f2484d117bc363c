'use strict';
// node:dgram — UDP sockets over the native handle of src/ops/udp.rs
// (Node's UDPWrap). The handle answers like libuv (0 or a negative errno);
// this module keeps Node's states (bind, connect, the queue of calls made
// while a bind or lookup is pending) and turns statuses into Node's errors.

const {
  op_udp_open_sync: openHandle,
  op_udp_bind_sync: bindHandle,
  op_udp_recv_sync: recvHandle,
  op_udp_connect_sync: connectHandle,
  op_udp_address_sync: addressOf,
  op_udp_send_async: sendHandle,
  op_udp_queue_sync: queueOf,
  op_udp_set_sync: setOption,
  op_udp_membership_sync: membership,
  op_udp_buffer_size_sync: bufferSizeHandle,
  op_udp_close_sync: closeUdp,
} = internalBinding('udp');
const {
  op_core_handle_ref_sync: refHandle,
  op_core_handle_owner_sync: setHandleOwner,
} = internalBinding('core');
const { Buffer } = require('buffer');
const EventEmitter = require('events');
const {
  codes: {
    ERR_BUFFER_OUT_OF_BOUNDS, ERR_INVALID_ARG_TYPE, ERR_MISSING_ARGS, ERR_SOCKET_ALREADY_BOUND,
    ERR_SOCKET_BAD_BUFFER_SIZE, ERR_SOCKET_BAD_TYPE, ERR_SOCKET_BUFFER_SIZE, ERR_SOCKET_DGRAM_IS_CONNECTED,
    ERR_SOCKET_DGRAM_NOT_CONNECTED, ERR_SOCKET_DGRAM_NOT_RUNNING,
  },
  errnoException,
  exceptionWithHostPort,
} = require('internal/errors');
const { validateAbortSignal, validateFunction, validateNumber, validateString, validateUint32 } =
  require('internal/validators');
const { validatePort } = require('internal/dns/utils');
const { uvErrmapGet } = require('internal/uv_errors');

const BIND_STATE_UNBOUND = 0;
const BIND_STATE_BINDING = 1;
const BIND_STATE_BOUND = 2;

const CONNECT_STATE_DISCONNECTED = 0;
const CONNECT_STATE_CONNECTING = 1;
const CONNECT_STATE_CONNECTED = 2;

// The handle's bind flags (libuv's UV_UDP_* values).
const UV_UDP_IPV6ONLY = 1;
const UV_UDP_REUSEADDR = 4;
const UV_UDP_REUSEPORT = 8;

const kStateSymbol = Symbol('state symbol');

function hostPortError(errno, syscall, address, port) {
  const entry = uvErrmapGet(errno);
  return exceptionWithHostPort(errno, entry ? entry[0] : `Unknown system error ${errno}`, syscall, address, port);
}

// The native handle and what Node keeps on it: the lookup for the
// socket's family (an empty address means the loopback one) and whether
// it is refed.
class UDP {
  constructor(type, lookup, owner) {
    const family = type === 'udp4' ? 4 : 6;
    const loopback = family === 4 ? '127.0.0.1' : '::1';
    this.lookup = (address, callback) => lookup(address || loopback, family, callback);
    this.refed = true;
    this.receiving = false;
    this.id = openHandle(family === 6, (status, bytes, address, addressFamily, port) => {
      if (status < 0) {
        owner.emit('error', errnoException(status, 'recvmsg'));
        return;
      }
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      owner.emit('message', buffer, { address, family: addressFamily, port, size: buffer.length });
    });
    setHandleOwner(this.id, owner);
  }

  // A handle keeps the loop alive while it receives, unless unrefed.
  updateRef() {
    refHandle(this.id, this.receiving && this.refed);
  }

  recvStart() {
    const err = recvHandle(this.id, true);
    if (err === 0) {
      this.receiving = true;
      this.updateRef();
    }
    return err;
  }

  recvStop() {
    recvHandle(this.id, false);
    this.receiving = false;
    this.updateRef();
  }

  close() {
    closeUdp(this.id);
  }
}

function Socket(type, listener) {
  EventEmitter.call(this);
  let lookup;
  let recvBufferSize;
  let sendBufferSize;
  let options;
  if (type !== null && typeof type === 'object') {
    options = type;
    type = options.type;
    lookup = options.lookup;
    recvBufferSize = options.recvBufferSize;
    if (recvBufferSize) validateUint32(recvBufferSize, 'options.recvBufferSize');
    sendBufferSize = options.sendBufferSize;
    if (sendBufferSize) validateUint32(sendBufferSize, 'options.sendBufferSize');
  }
  if (type !== 'udp4' && type !== 'udp6') throw new ERR_SOCKET_BAD_TYPE();
  if (lookup === undefined) lookup = require('dns').lookup;
  else validateFunction(lookup, 'lookup');

  this.type = type;
  if (typeof listener === 'function') this.on('message', listener);
  this[kStateSymbol] = {
    handle: new UDP(type, lookup, this),
    receiving: false,
    bindState: BIND_STATE_UNBOUND,
    connectState: CONNECT_STATE_DISCONNECTED,
    queue: undefined,
    reuseAddr: options && options.reuseAddr,
    reusePort: options && options.reusePort,
    ipv6Only: options && options.ipv6Only,
    recvBufferSize,
    sendBufferSize,
  };

  if (options && options.signal !== undefined) {
    const { signal } = options;
    validateAbortSignal(signal, 'options.signal');
    const onAborted = () => {
      if (this[kStateSymbol].handle) this.close();
    };
    if (signal.aborted) {
      onAborted();
    } else {
      signal.addEventListener('abort', onAborted, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAborted));
    }
  }
}
Object.setPrototypeOf(Socket.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Socket, EventEmitter);

function createSocket(type, listener) {
  return new Socket(type, listener);
}

function healthCheck(socket) {
  if (!socket[kStateSymbol].handle) throw new ERR_SOCKET_DGRAM_NOT_RUNNING();
}

function startListening(socket) {
  const state = socket[kStateSymbol];
  state.handle.recvStart();
  state.receiving = true;
  state.bindState = BIND_STATE_BOUND;
  if (state.recvBufferSize) bufferSize(socket, state.recvBufferSize, true);
  if (state.sendBufferSize) bufferSize(socket, state.sendBufferSize, false);
  socket.emit('listening');
}

function stopReceiving(socket) {
  const state = socket[kStateSymbol];
  if (!state.receiving) return;
  state.handle.recvStop();
  state.receiving = false;
}

Socket.prototype.bind = function bind(port_, address_ /* , callback */) {
  let port = port_;
  healthCheck(this);
  const state = this[kStateSymbol];
  if (state.bindState !== BIND_STATE_UNBOUND) throw new ERR_SOCKET_ALREADY_BOUND();
  state.bindState = BIND_STATE_BINDING;

  const cb = arguments.length && arguments[arguments.length - 1];
  if (typeof cb === 'function') {
    function removeListeners() {
      this.removeListener('error', removeListeners);
      this.removeListener('listening', onListening);
    }
    function onListening() {
      removeListeners.call(this);
      cb.call(this);
    }
    this.on('error', removeListeners);
    this.on('listening', onListening);
  }

  let address;
  let exclusive = false;
  if (port !== null && typeof port === 'object') {
    exclusive = !!port.exclusive;
    if (Number.isInteger(port.fd) && port.fd > 0) {
      const err = new Error('dgram: binding to an existing file descriptor is not supported in Nodus');
      err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
      throw err;
    }
    address = port.address || '';
    port = port.port;
  } else {
    address = typeof address_ === 'function' ? '' : address_;
  }
  if (!address) address = this.type === 'udp4' ? '0.0.0.0' : '::';

  state.handle.lookup(address, (err, ip) => {
    if (!state.handle) return; // closed in the meantime
    if (err) {
      state.bindState = BIND_STATE_UNBOUND;
      this.emit('error', err);
      return;
    }
    let flags = 0;
    if (state.reuseAddr) flags |= UV_UDP_REUSEADDR;
    if (state.ipv6Only) flags |= UV_UDP_IPV6ONLY;
    if (state.reusePort) flags |= UV_UDP_REUSEPORT;
    // In a cluster worker Node binds through the primary, which shares one
    // socket among the workers; Nodus cannot pass it, so workers bind a
    // fixed port each with SO_REUSEPORT (port 0: a port of their own).
    const cluster = exclusive ? undefined : require('cluster');
    const inWorker = cluster !== undefined && cluster.isWorker;
    if (inWorker && (port >>> 0)) flags |= UV_UDP_REUSEPORT;
    const status = bindHandle(state.handle.id, ip, (port >>> 0) || 0, flags);
    if (status) {
      const ex = hostPortError(status, 'bind', ip, port);
      state.bindState = BIND_STATE_UNBOUND;
      this.emit('error', ex);
      return;
    }
    if (inWorker) {
      cluster._registerOwnServer(this, { address: ip, port: this.address().port, addressType: this.type, fd: -1 });
    }
    startListening(this);
  });
  return this;
};

Socket.prototype.connect = function connect(port, address, callback) {
  port = validatePort(port, 'Port', false);
  if (typeof address === 'function') {
    callback = address;
    address = '';
  } else if (address === undefined) {
    address = '';
  }
  validateString(address, 'address');
  const state = this[kStateSymbol];
  if (state.connectState !== CONNECT_STATE_DISCONNECTED) throw new ERR_SOCKET_DGRAM_IS_CONNECTED();
  state.connectState = CONNECT_STATE_CONNECTING;
  if (state.bindState === BIND_STATE_UNBOUND) this.bind({ port: 0, exclusive: true }, null);
  if (state.bindState !== BIND_STATE_BOUND) {
    enqueue(this, () => doLookupConnect(this, port, address, callback));
    return;
  }
  doLookupConnect(this, port, address, callback);
};

function doLookupConnect(self, port, address, callback) {
  const state = self[kStateSymbol];
  if (callback) self.once('connect', callback);
  state.handle.lookup(address, (ex, ip) => {
    if (!state.handle) return;
    if (!ex) {
      const err = connectHandle(state.handle.id, ip, port);
      if (err) ex = hostPortError(err, 'connect', address, port);
    }
    if (ex) {
      state.connectState = CONNECT_STATE_DISCONNECTED;
      process.nextTick(() => {
        if (callback) {
          self.removeListener('connect', callback);
          callback(ex);
        } else {
          self.emit('error', ex);
        }
      });
      return;
    }
    state.connectState = CONNECT_STATE_CONNECTED;
    process.nextTick(() => self.emit('connect'));
  });
}

Socket.prototype.disconnect = function disconnect() {
  const state = this[kStateSymbol];
  if (state.connectState !== CONNECT_STATE_CONNECTED) throw new ERR_SOCKET_DGRAM_NOT_CONNECTED();
  const err = connectHandle(state.handle.id, undefined, 0);
  if (err) throw errnoException(err, 'connect');
  state.connectState = CONNECT_STATE_DISCONNECTED;
};

// Calls made while the socket binds run once it listens; a failed bind
// drops them.
function enqueue(self, toEnqueue) {
  const state = self[kStateSymbol];
  if (state.queue === undefined) {
    state.queue = [];
    self.once(EventEmitter.errorMonitor, onListenError);
    self.once('listening', onListenSuccess);
  }
  state.queue.push(toEnqueue);
}

function onListenSuccess() {
  this.removeListener(EventEmitter.errorMonitor, onListenError);
  const state = this[kStateSymbol];
  const queue = state.queue;
  state.queue = undefined;
  for (const entry of queue) entry();
}

function onListenError() {
  this.removeListener('listening', onListenSuccess);
  this[kStateSymbol].queue = undefined;
}

function isView(value) {
  return ArrayBuffer.isView(value);
}

function sliceBuffer(buffer, offset, length) {
  if (typeof buffer === 'string') {
    buffer = Buffer.from(buffer);
  } else if (!isView(buffer)) {
    throw new ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView', 'string'], buffer);
  }
  offset >>>= 0;
  length >>>= 0;
  if (offset > buffer.byteLength) throw new ERR_BUFFER_OUT_OF_BOUNDS('offset');
  if (offset + length > buffer.byteLength) throw new ERR_BUFFER_OUT_OF_BOUNDS('length');
  return Buffer.from(buffer.buffer, buffer.byteOffset + offset, length);
}

function fixBufferList(list) {
  const out = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (typeof buf === 'string') out[i] = Buffer.from(buf);
    else if (!isView(buf)) return null;
    else out[i] = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return out;
}

Socket.prototype.send = function send(buffer, offset, length, port, address, callback) {
  let list;
  const state = this[kStateSymbol];
  const connected = state.connectState === CONNECT_STATE_CONNECTED;
  if (!connected) {
    if (address || (port && typeof port !== 'function')) {
      buffer = sliceBuffer(buffer, offset, length);
    } else {
      callback = port;
      port = offset;
      address = length;
    }
  } else {
    if (typeof length === 'number') {
      buffer = sliceBuffer(buffer, offset, length);
      if (typeof port === 'function') {
        callback = port;
        port = null;
      }
    } else {
      callback = offset;
    }
    if (port || address) throw new ERR_SOCKET_DGRAM_IS_CONNECTED();
  }

  if (!Array.isArray(buffer)) {
    if (typeof buffer === 'string') list = [Buffer.from(buffer)];
    else if (!isView(buffer)) {
      throw new ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView', 'string'], buffer);
    } else list = [buffer];
  } else if (!(list = fixBufferList(buffer))) {
    throw new ERR_INVALID_ARG_TYPE('buffer list arguments', ['Buffer', 'TypedArray', 'DataView', 'string'], buffer);
  }

  if (!connected) port = validatePort(port, 'Port', false);
  if (typeof callback !== 'function') callback = undefined;
  if (typeof address === 'function') {
    callback = address;
    address = undefined;
  } else if (address != null) {
    validateString(address, 'address');
  }

  healthCheck(this);
  if (state.bindState === BIND_STATE_UNBOUND) this.bind({ port: 0, exclusive: true }, null);
  if (list.length === 0) list.push(Buffer.alloc(0));
  if (state.bindState !== BIND_STATE_BOUND) {
    enqueue(this, () => this.send(list, port, address, callback));
    return;
  }
  const afterDns = (ex, ip) => doSend(ex, this, ip, list, address, port, callback);
  if (!connected) state.handle.lookup(address, afterDns);
  else afterDns(null, null);
};

function doSend(ex, self, ip, list, address, port, callback) {
  const state = self[kStateSymbol];
  if (ex) {
    if (typeof callback === 'function') {
      process.nextTick(callback, ex);
      return;
    }
    process.nextTick(() => self.emit('error', ex));
    return;
  } else if (!state.handle) {
    return;
  }
  const onDone = (status, sent) => {
    if (!callback) return;
    if (status < 0) callback(hostPortError(status, 'send', address, port), sent);
    else callback(null, sent);
  };
  const status = port ? sendHandle(state.handle.id, list, port, ip, onDone) :
    sendHandle(state.handle.id, list, undefined, undefined, onDone);
  if (status >= 1) {
    // Sent at once: the result is the length plus one.
    if (callback) process.nextTick(callback, null, status - 1);
    return;
  }
  if (status && callback) {
    const err = hostPortError(status, 'send', address, port);
    process.nextTick(callback, err);
  }
}

// The legacy form of send (dgram_legacy.js): every argument required.
Socket.prototype.sendto = function sendto(buffer, offset, length, port, address, callback) {
  validateNumber(offset, 'offset');
  validateNumber(length, 'length');
  validateNumber(port, 'port');
  validateString(address, 'address');
  this.send(buffer, offset, length, port, address, callback);
};

Socket.prototype.close = function close(callback) {
  const state = this[kStateSymbol];
  const queue = state.queue;
  if (typeof callback === 'function') this.on('close', callback);
  if (queue !== undefined) {
    queue.push(() => this.close());
    return this;
  }
  healthCheck(this);
  stopReceiving(this);
  state.handle.close();
  state.handle = null;
  process.nextTick(() => this.emit('close'));
  return this;
};

Socket.prototype[Symbol.asyncDispose] = async function asyncDispose() {
  if (!this[kStateSymbol].handle) return;
  await new Promise((resolve, reject) => {
    this.close((err) => (err ? reject(err) : resolve()));
  });
};

Socket.prototype.address = function address() {
  healthCheck(this);
  const out = addressOf(this[kStateSymbol].handle.id, false);
  if (typeof out === 'number') throw errnoException(out, 'getsockname');
  return out;
};

Socket.prototype.remoteAddress = function remoteAddress() {
  healthCheck(this);
  const state = this[kStateSymbol];
  if (state.connectState !== CONNECT_STATE_CONNECTED) throw new ERR_SOCKET_DGRAM_NOT_CONNECTED();
  const out = addressOf(state.handle.id, true);
  if (typeof out === 'number') throw errnoException(out, 'getpeername');
  return out;
};

function set(socket, option, value, syscall) {
  const err = setOption(socket[kStateSymbol].handle.id, option, value);
  if (err) throw errnoException(err, syscall);
}

Socket.prototype.setBroadcast = function setBroadcast(arg) {
  set(this, 'broadcast', !!arg, 'setBroadcast');
};

Socket.prototype.setTTL = function setTTL(ttl) {
  validateNumber(ttl, 'ttl');
  set(this, 'ttl', ttl, 'setTTL');
  return ttl;
};

Socket.prototype.setMulticastTTL = function setMulticastTTL(ttl) {
  validateNumber(ttl, 'ttl');
  set(this, 'multicastTTL', ttl, 'setMulticastTTL');
  return ttl;
};

Socket.prototype.setMulticastLoopback = function setMulticastLoopback(arg) {
  set(this, 'multicastLoopback', !!arg, 'setMulticastLoopback');
  return arg;
};

Socket.prototype.setMulticastInterface = function setMulticastInterface(interfaceAddress) {
  healthCheck(this);
  validateString(interfaceAddress, 'interfaceAddress');
  set(this, 'multicastInterface', interfaceAddress, 'setMulticastInterface');
};

Socket.prototype.addMembership = function addMembership(multicastAddress, interfaceAddress) {
  healthCheck(this);
  if (!multicastAddress) throw new ERR_MISSING_ARGS('multicastAddress');
  const err = membership(this[kStateSymbol].handle.id, `${multicastAddress}`,
    interfaceAddress == null ? undefined : `${interfaceAddress}`, undefined, true);
  if (err) throw errnoException(err, 'addMembership');
};

Socket.prototype.dropMembership = function dropMembership(multicastAddress, interfaceAddress) {
  healthCheck(this);
  if (!multicastAddress) throw new ERR_MISSING_ARGS('multicastAddress');
  const err = membership(this[kStateSymbol].handle.id, `${multicastAddress}`,
    interfaceAddress == null ? undefined : `${interfaceAddress}`, undefined, false);
  if (err) throw errnoException(err, 'dropMembership');
};

Socket.prototype.addSourceSpecificMembership = function addSourceSpecificMembership(
  sourceAddress, groupAddress, interfaceAddress) {
  healthCheck(this);
  validateString(sourceAddress, 'sourceAddress');
  validateString(groupAddress, 'groupAddress');
  const err = membership(this[kStateSymbol].handle.id, groupAddress,
    interfaceAddress == null ? undefined : `${interfaceAddress}`, sourceAddress, true);
  if (err) throw errnoException(err, 'addSourceSpecificMembership');
};

Socket.prototype.dropSourceSpecificMembership = function dropSourceSpecificMembership(
  sourceAddress, groupAddress, interfaceAddress) {
  healthCheck(this);
  validateString(sourceAddress, 'sourceAddress');
  validateString(groupAddress, 'groupAddress');
  const err = membership(this[kStateSymbol].handle.id, groupAddress,
    interfaceAddress == null ? undefined : `${interfaceAddress}`, sourceAddress, false);
  if (err) throw errnoException(err, 'dropSourceSpecificMembership');
};

const kUvMessages = { EBADF: 'bad file descriptor', EINVAL: 'invalid argument', ENOBUFS: 'no buffer space available' };

// Sets (size > 0) or reads the receive or send buffer size.
function bufferSize(self, size, recv) {
  if (size >>> 0 !== size) throw new ERR_SOCKET_BAD_BUFFER_SIZE();
  const result = bufferSizeHandle(self[kStateSymbol].handle.id, size, recv);
  if (result < 0) {
    const entry = uvErrmapGet(result);
    const code = entry ? entry[0] : 'UNKNOWN';
    throw new ERR_SOCKET_BUFFER_SIZE({
      errno: result,
      code,
      message: entry ? entry[1] : kUvMessages[code] || 'unknown error',
      syscall: recv ? 'uv_recv_buffer_size' : 'uv_send_buffer_size',
    });
  }
  return result;
}

Socket.prototype.setRecvBufferSize = function setRecvBufferSize(size) {
  bufferSize(this, size, true);
};

Socket.prototype.setSendBufferSize = function setSendBufferSize(size) {
  bufferSize(this, size, false);
};

Socket.prototype.getRecvBufferSize = function getRecvBufferSize() {
  return bufferSize(this, 0, true);
};

Socket.prototype.getSendBufferSize = function getSendBufferSize() {
  return bufferSize(this, 0, false);
};

Socket.prototype.getSendQueueSize = function getSendQueueSize() {
  const handle = this[kStateSymbol].handle;
  // Node reads it from the handle, which a closed socket no longer has.
  if (handle === null) throw new TypeError("Cannot read properties of null (reading 'getSendQueueSize')");
  return queueOf(handle.id)[0];
};

Socket.prototype.getSendQueueCount = function getSendQueueCount() {
  const handle = this[kStateSymbol].handle;
  // Node reads it from the handle, which a closed socket no longer has.
  if (handle === null) throw new TypeError("Cannot read properties of null (reading 'getSendQueueCount')");
  return queueOf(handle.id)[1];
};

Socket.prototype.ref = function ref() {
  const handle = this[kStateSymbol].handle;
  if (handle) {
    handle.refed = true;
    handle.updateRef();
  }
  return this;
};

Socket.prototype.unref = function unref() {
  const handle = this[kStateSymbol].handle;
  if (handle) {
    handle.refed = false;
    handle.updateRef();
  }
  return this;
};

module.exports = { createSocket, Socket };
