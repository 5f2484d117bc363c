'use strict';
// node:net: Server and Socket over the native TCP and Unix socket handles
// of internal/net/handles (src/ops/net.rs). A Socket is a stream.Duplex:
// reading starts when the readable side asks (`_read`) and stops when its
// buffer is full (push() returns false), so a slow consumer leaves data in
// the kernel; writes go to the handle, which calls back once the kernel
// has taken them.

const EventEmitter = require('events');
const stream = require('stream');
const { Buffer } = require('buffer');
const { StreamHandle, ServerHandle, kWriteQueued } = require('internal/net/handles');
const {
  codes: {
    ERR_INVALID_ADDRESS_FAMILY,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_FD_TYPE,
    ERR_INVALID_HANDLE_TYPE,
    ERR_INVALID_IP_ADDRESS,
    ERR_IP_BLOCKED,
    ERR_MISSING_ARGS,
    ERR_SERVER_ALREADY_LISTEN,
    ERR_SERVER_NOT_RUNNING,
    ERR_SOCKET_CLOSED,
    ERR_SOCKET_CLOSED_BEFORE_CONNECTION,
    ERR_SOCKET_CONNECTION_TIMEOUT,
  },
  errnoException,
  genericNodeError,
} = require('internal/errors');
const { uvErrmapGet } = require('internal/uv_errors');
const {
  validateAbortSignal,
  validateBoolean,
  validateFunction,
  validateInt32,
  validateNumber,
  validateObject,
  validateString,
} = require('internal/validators');
const { isIP, isIPv4, isIPv6, validatePort } = require('internal/dns/utils');
const { BlockList, SocketAddress } = require('internal/net/blocklist');

let dns;
function lazyDns() {
  if (dns === undefined) dns = require('dns');
  return dns;
}

const kTimeout = Symbol('timeout');
const kTimeoutMs = Symbol('kTimeoutMs');
const kBytesRead = Symbol('kBytesRead');
const kBytesWritten = Symbol('kBytesWritten');
const kSetNoDelay = Symbol('kSetNoDelay');
const kSetKeepAlive = Symbol('kSetKeepAlive');
const kSetKeepAliveInitialDelay = Symbol('kSetKeepAliveInitialDelay');
const kNormalizedArgs = Symbol('normalizedArgs');
const kReset = Symbol('kReset');
const owner_symbol = Symbol('owner_symbol');

const DEFAULT_IPV4_ADDR = '0.0.0.0';
// libuv's UV_TCP_IPV6ONLY and UV_TCP_REUSEPORT: the listen flags.
const TCP_IPV6ONLY = 1;
const TCP_REUSEPORT = 2;
const DEFAULT_IPV6_ADDR = '::';
const UV_EADDRINUSE = -98;
const UV_EINVAL = -22;
const UV_ENOTCONN = -107;
const TIMEOUT_MAX = 2 ** 31 - 1;

let autoSelectFamilyDefault = true;
let autoSelectFamilyAttemptTimeoutDefault = 250;

function noop() {}

// `listen EADDRINUSE: address already in use :::8080`, with errno, code,
// syscall, address and port (Node's UVExceptionWithHostPort).
function uvExceptionWithHostPort(err, syscall, address, port) {
  const entry = uvErrmapGet(err) || ['UNKNOWN', 'unknown error'];
  let details = '';
  if (port && port > 0) details = ` ${address}:${port}`;
  else if (address) details = ` ${address}`;
  const ex = new Error(`${syscall} ${entry[0]}: ${entry[1]}${details}`);
  ex.code = entry[0];
  ex.errno = err;
  ex.syscall = syscall;
  ex.address = address;
  if (port) ex.port = port;
  Error.captureStackTrace(ex, uvExceptionWithHostPort);
  return ex;
}

// `connect ECONNREFUSED 127.0.0.1:1`, with errno, code, syscall, address
// and port (Node's ExceptionWithHostPort).
function exceptionWithHostPort(err, syscall, address, port, additional) {
  const entry = uvErrmapGet(err);
  const code = entry ? entry[0] : `Unknown system error ${err}`;
  let details = '';
  if (port && port > 0) details = ` ${address}:${port}`;
  else if (address) details = ` ${address}`;
  if (additional) details += ` - Local (${additional})`;
  const ex = new Error(`${syscall} ${code}${details}`);
  ex.errno = err;
  ex.code = code;
  ex.syscall = syscall;
  ex.address = address;
  if (port) ex.port = port;
  Error.captureStackTrace(ex, exceptionWithHostPort);
  return ex;
}

function toNumber(x) {
  return (x = Number(x)) >= 0 ? x : false;
}

function isPipeName(s) {
  return typeof s === 'string' && toNumber(s) === false;
}

// Turns the arguments of connect() and listen() into [options, cb]:
// (options[, cb]), (path[, cb]) or (port[, host][, cb]).
function normalizeArgs(args) {
  let arr;
  if (args.length === 0) {
    arr = [{}, null];
    arr[kNormalizedArgs] = true;
    return arr;
  }
  const arg0 = args[0];
  let options = {};
  if (typeof arg0 === 'object' && arg0 !== null) {
    options = arg0;
  } else if (isPipeName(arg0)) {
    options.path = arg0;
  } else {
    options.port = arg0;
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const cb = args[args.length - 1];
  arr = typeof cb === 'function' ? [options, cb] : [options, null];
  arr[kNormalizedArgs] = true;
  return arr;
}

function getTimerDuration(msecs, name) {
  validateNumber(msecs, name);
  if (msecs < 0 || !Number.isFinite(msecs)) {
    throw new (require('internal/errors').codes.ERR_OUT_OF_RANGE)(name, 'a non-negative finite number', msecs);
  }
  return msecs > TIMEOUT_MAX ? TIMEOUT_MAX : msecs;
}

// ---------------------------------------------------------------------------
// Socket
// ---------------------------------------------------------------------------

function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  if (options?.objectMode) {
    throw new ERR_INVALID_ARG_VALUE('options.objectMode', options.objectMode, 'is not supported');
  } else if (options?.readableObjectMode || options?.writableObjectMode) {
    throw new ERR_INVALID_ARG_VALUE(
      `options.${options.readableObjectMode ? 'readableObjectMode' : 'writableObjectMode'}`,
      options.readableObjectMode || options.writableObjectMode, 'is not supported');
  }
  if (typeof options?.keepAliveInitialDelay !== 'undefined') {
    validateNumber(options.keepAliveInitialDelay, 'options.keepAliveInitialDelay');
    if (options.keepAliveInitialDelay < 0) options.keepAliveInitialDelay = 0;
  }

  this.connecting = false;
  this._hadError = false;
  this._parent = null;
  this._host = null;
  this[kTimeout] = null;
  this[kTimeoutMs] = 0;
  this[kBytesRead] = 0;
  this[kBytesWritten] = 0;
  this._pendingData = null;
  this._pendingEncoding = '';
  this._peername = null;
  this._sockname = null;
  this.server = null;
  this._server = null;
  this.autoSelectFamilyAttemptedAddresses = undefined;

  if (typeof options === 'number') {
    options = { fd: options };
  } else {
    options = { ...options };
  }
  options.allowHalfOpen = Boolean(options.allowHalfOpen);
  // 'close' comes from the handle's close callback, with hadError.
  options.emitClose = false;
  options.autoDestroy = true;
  options.decodeStrings = false;
  stream.Duplex.call(this, options);

  this._handle = null;
  if (options.handle) {
    this._handle = options.handle;
  } else if (options.fd !== undefined) {
    throw new ERR_INVALID_FD_TYPE('fd');
  }
  if (this._handle) initSocketHandle(this);

  this[kSetNoDelay] = Boolean(options.noDelay);
  this[kSetKeepAlive] = Boolean(options.keepAlive);
  this[kSetKeepAliveInitialDelay] = ~~((options.keepAliveInitialDelay || 0) / 1000);

  this.on('end', onReadableStreamEnd);

  if (this._handle && options.readable !== false) {
    if (options.pauseOnCreate) {
      this._handle.reading = false;
      this._handle.readStop();
      this.readableFlowing = false;
    } else if (!options.manualStart) {
      this.read(0);
    }
  }

  if (options.blockList) {
    if (!BlockList.isBlockList(options.blockList)) {
      throw new ERR_INVALID_ARG_TYPE('options.blockList', 'net.BlockList', options.blockList);
    }
    this.blockList = options.blockList;
  }

  if (options.signal) addClientAbortSignalOption(this, options);
}

// Whether `blockList` forbids the address.
function blocked(blockList, address, addressType) {
  return blockList !== undefined && (addressType === 4 || addressType === 6) &&
    blockList.check(address, `ipv${addressType}`);
}
Object.setPrototypeOf(Socket.prototype, stream.Duplex.prototype);
Object.setPrototypeOf(Socket, stream.Duplex);

function addClientAbortSignalOption(self, options) {
  validateAbortSignal(options.signal, 'options.signal');
  const { signal } = options;
  function onAbort() {
    signal.removeEventListener('abort', onAbort);
    self._aborted = true;
    const { AbortError } = require('internal/errors');
    self.destroy(new AbortError(undefined, { cause: signal.reason }));
  }
  if (signal.aborted) {
    process.nextTick(onAbort);
  } else {
    signal.addEventListener('abort', onAbort);
    self.once('close', () => signal.removeEventListener('abort', onAbort));
  }
}

function initSocketHandle(self) {
  self._undestroy();
  self._sockname = null;
  self._handle[owner_symbol] = self;
  self._handle.onread = onStreamRead;
  if (typeof self._handle.setOwner === 'function') self._handle.setOwner(self);
}

// Data, the end (null) or an error (a negative errno) from the handle.
function onStreamRead(chunk) {
  const self = this[owner_symbol];
  if (self === undefined || self.destroyed) return;
  if (typeof chunk === 'object' && chunk !== null) {
    self[kBytesRead] += chunk.length;
    self._unrefTimer();
    if (!self.push(chunk) && self._handle) {
      self._handle.reading = false;
      self._handle.readStop();
    }
    return;
  }
  if (chunk === null) {
    // The end: the readable side ends once its buffer is read.
    self.push(null);
    self.read(0);
    return;
  }
  self.destroy(errnoException(chunk, 'read'));
}

// Called when the readable side has ended (the peer sent FIN).
function onReadableStreamEnd() {
  if (!this.allowHalfOpen) {
    this.write = writeAfterFIN;
  }
}

function writeAfterFIN(chunk, encoding, cb) {
  if (!this.writableEnded) {
    return stream.Duplex.prototype.write.call(this, chunk, encoding, cb);
  }
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  const er = genericNodeError('This socket has been ended by the other party', { code: 'EPIPE' });
  if (typeof cb === 'function') process.nextTick(cb, er);
  this.destroy(er);
  return false;
}

function tryReadStart(socket) {
  socket._handle.reading = true;
  const err = socket._handle.readStart();
  if (err) socket.destroy(errnoException(err, 'read'));
}

Socket.prototype._read = function(n) {
  if (this.connecting || !this._handle) {
    this.once('connect', () => this._read(n));
  } else if (!this._handle.reading) {
    tryReadStart(this);
  }
};

Socket.prototype.setTimeout = function setTimeout(msecs, callback) {
  if (this.destroyed) return this;
  this.timeout = msecs;
  msecs = getTimerDuration(msecs, 'msecs');
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (this[kTimeout]) clearTimeout(this[kTimeout]);
  this[kTimeout] = null;
  this[kTimeoutMs] = msecs;
  if (msecs === 0) {
    if (callback !== undefined) this.removeListener('timeout', callback);
  } else {
    armTimeout(this);
    if (callback !== undefined) this.once('timeout', callback);
  }
  return this;
};

function armTimeout(socket) {
  socket[kTimeout] = globalThis.setTimeout(() => socket._onTimeout(), socket[kTimeoutMs]);
  socket[kTimeout].unref();
}

Socket.prototype._onTimeout = function() {
  // Activity after this arms the timer again (_unrefTimer).
  this[kTimeout] = null;
  this.emit('timeout');
};

// Activity pushes the idle timer back.
Socket.prototype._unrefTimer = function _unrefTimer() {
  for (let s = this; s !== null; s = s._parent) {
    if (s[kTimeout]) s[kTimeout].refresh();
    else if (s[kTimeoutMs] && !s.destroyed) armTimeout(s);
  }
};

Socket.prototype.setNoDelay = function(enable) {
  const newValue = enable === undefined ? true : !!enable;
  if (!this._handle) {
    this[kSetNoDelay] = newValue;
    return this;
  }
  if (this._handle.setNoDelay && newValue !== this[kSetNoDelay]) {
    this[kSetNoDelay] = newValue;
    if (this._handle.type !== 'pipe') this._handle.setNoDelay(newValue);
  }
  return this;
};

Socket.prototype.setKeepAlive = function(enable, initialDelayMsecs) {
  enable = Boolean(enable);
  const initialDelay = ~~(initialDelayMsecs / 1000);
  if (!this._handle) {
    this[kSetKeepAlive] = enable;
    this[kSetKeepAliveInitialDelay] = initialDelay;
    return this;
  }
  if (this._handle.setKeepAlive && this._handle.type !== 'pipe' &&
      (enable !== this[kSetKeepAlive] || (enable && this[kSetKeepAliveInitialDelay] !== initialDelay))) {
    this[kSetKeepAlive] = enable;
    this[kSetKeepAliveInitialDelay] = initialDelay;
    this._handle.setKeepAlive(enable, initialDelay);
  }
  return this;
};

Socket.prototype.address = function() {
  return this._getsockname();
};

Object.defineProperty(Socket.prototype, '_connecting', {
  __proto__: null,
  get() { return this.connecting; },
});

Object.defineProperty(Socket.prototype, 'pending', {
  __proto__: null,
  get() { return !this._handle || this.connecting; },
  configurable: true,
});

Object.defineProperty(Socket.prototype, 'readyState', {
  __proto__: null,
  get() {
    if (this.connecting) return 'opening';
    if (this.readable && this.writable) return 'open';
    if (this.readable && !this.writable) return 'readOnly';
    if (!this.readable && this.writable) return 'writeOnly';
    return 'closed';
  },
});

Object.defineProperty(Socket.prototype, 'bufferSize', {
  __proto__: null,
  get() {
    if (this._handle) return this.writableLength;
    return undefined;
  },
});

Object.defineProperty(Socket.prototype, 'bytesRead', {
  __proto__: null,
  get() { return this[kBytesRead]; },
});

Object.defineProperty(Socket.prototype, 'bytesWritten', {
  __proto__: null,
  get() {
    let bytes = this[kBytesWritten];
    const data = this._pendingData;
    const encoding = this._pendingEncoding;
    const writableBuffer = this.writableBuffer;
    if (!writableBuffer) return undefined;
    for (const el of writableBuffer) {
      bytes += el.chunk instanceof Buffer ? el.chunk.length : Buffer.byteLength(el.chunk, el.encoding);
    }
    if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) {
        const chunk = data[i];
        if (data.allBuffers || chunk instanceof Buffer) bytes += chunk.length;
        else bytes += Buffer.byteLength(chunk.chunk, chunk.encoding);
      }
    } else if (data) {
      if (typeof data !== 'string') bytes += data.length;
      else bytes += Buffer.byteLength(data, encoding);
    }
    return bytes;
  },
});

Socket.prototype._getpeername = function() {
  if (!this._handle || !this._handle.getpeername || this.connecting) {
    return this._peername || {};
  } else if (!this._peername) {
    const out = {};
    const err = this._handle.getpeername(out);
    if (err) return out;
    this._peername = out;
  }
  return this._peername;
};

Socket.prototype._getsockname = function() {
  if (!this._handle || !this._handle.getsockname) {
    return {};
  } else if (!this._sockname) {
    const out = {};
    const err = this._handle.getsockname(out);
    if (err) return out;
    this._sockname = out;
  }
  return this._sockname;
};

function protoGetter(name, getter) {
  Object.defineProperty(Socket.prototype, name, {
    __proto__: null,
    configurable: false,
    enumerable: true,
    get: getter,
  });
}

protoGetter('remoteAddress', function() { return this._getpeername().address; });
protoGetter('remoteFamily', function() { return this._getpeername().family; });
protoGetter('remotePort', function() { return this._getpeername().port; });
protoGetter('localAddress', function() { return this._getsockname().address; });
protoGetter('localPort', function() { return this._getsockname().port; });
protoGetter('localFamily', function() { return this._getsockname().family; });

Socket.prototype[kReset] = function() {
  this.resetAndClosing = true;
  return this.destroy();
};

Socket.prototype.resetAndDestroy = function() {
  if (this._handle) {
    if (this._handle.type !== 'tcp') throw new ERR_INVALID_HANDLE_TYPE();
    if (this.connecting) {
      this.once('connect', () => this[kReset]());
    } else {
      this[kReset]();
    }
  } else {
    this.destroy(new ERR_SOCKET_CLOSED());
  }
  return this;
};

Socket.prototype.pause = function() {
  return stream.Duplex.prototype.pause.call(this);
};

Socket.prototype.resume = function() {
  return stream.Duplex.prototype.resume.call(this);
};

Socket.prototype.read = function(n) {
  return stream.Duplex.prototype.read.call(this, n);
};

Socket.prototype.end = function(data, encoding, callback) {
  stream.Duplex.prototype.end.call(this, data, encoding, callback);
  return this;
};

Socket.prototype.destroySoon = function() {
  if (this.writable) this.end();
  if (this.writableFinished) this.destroy();
  else this.once('finish', this.destroy);
};

Socket.prototype._final = function(cb) {
  if (this.pending) {
    return this.once('connect', () => this._final(cb));
  }
  if (!this._handle) return cb();
  this._handle.shutdown(() => cb());
};

Socket.prototype._writeGeneric = function(writev, data, encoding, cb) {
  if (this.connecting) {
    this._pendingData = data;
    this._pendingEncoding = encoding;
    const onClose = () => cb(new ERR_SOCKET_CLOSED_BEFORE_CONNECTION());
    this.once('connect', function connect() {
      this.off('close', onClose);
      this._writeGeneric(writev, data, encoding, cb);
    });
    this.once('close', onClose);
    return;
  }
  this._pendingData = null;
  this._pendingEncoding = '';
  if (!this._handle) {
    cb(new ERR_SOCKET_CLOSED());
    return false;
  }
  this._unrefTimer();
  let buffers;
  let bytes = 0;
  if (writev) {
    buffers = new Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const { chunk, encoding: enc } = data[i];
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, enc) : chunk;
      buffers[i] = buf;
      bytes += buf.byteLength;
    }
  } else {
    buffers = typeof data === 'string' ? Buffer.from(data, encoding) : data;
    bytes = buffers.byteLength;
  }
  const handle = this._handle;
  const result = handle.write(buffers, (status) => {
    if (status < 0) {
      cb(errnoException(status, 'write'));
      return;
    }
    this._unrefTimer();
    cb(null);
  });
  if (result === kWriteQueued) {
    this[kBytesWritten] += bytes;
    return;
  }
  if (result < 0) {
    cb(errnoException(result, 'write'));
    return;
  }
  this[kBytesWritten] += bytes;
  cb(null);
};

Socket.prototype._writev = function(chunks, cb) {
  this._writeGeneric(true, chunks, '', cb);
};

Socket.prototype._write = function(data, encoding, cb) {
  this._writeGeneric(false, data, encoding, cb);
};

Socket.prototype._destroy = function(exception, cb) {
  this.connecting = false;
  for (let s = this; s !== null; s = s._parent) {
    if (s[kTimeout]) clearTimeout(s[kTimeout]);
    s[kTimeout] = null;
    s[kTimeoutMs] = 0;
  }
  if (this._handle) {
    const isException = exception ? true : false;
    const handle = this._handle;
    this._handle = null;
    this._sockname = null;
    handle.onread = noop;
    const onClose = () => this.emit('close', isException);
    if (this.resetAndClosing) {
      this.resetAndClosing = false;
      handle.reset(onClose);
    } else {
      handle.close(onClose);
    }
    cb(exception);
  } else {
    cb(exception);
    process.nextTick(() => this.emit('close'));
  }
  if (this._server) {
    this._server._connections--;
    if (this._server._emitCloseIfDrained) this._server._emitCloseIfDrained();
  }
};

Socket.prototype.ref = function() {
  if (!this._handle) {
    this.once('connect', this.ref);
    return this;
  }
  if (typeof this._handle.ref === 'function') this._handle.ref();
  return this;
};

Socket.prototype.unref = function() {
  if (!this._handle) {
    this.once('connect', this.unref);
    return this;
  }
  if (typeof this._handle.unref === 'function') this._handle.unref();
  return this;
};

// connect(options[, cb]), connect(path[, cb]), connect(port[, host][, cb]).
Socket.prototype.connect = function(...args) {
  let normalized;
  if (Array.isArray(args[0]) && args[0][kNormalizedArgs]) {
    normalized = args[0];
  } else {
    normalized = normalizeArgs(args);
  }
  const options = normalized[0];
  const cb = normalized[1];
  if (cb !== null && typeof cb !== 'function') validateFunction(cb, 'cb');

  if (options.port === undefined && options.path == null) {
    throw new ERR_MISSING_ARGS(['options', 'port', 'path']);
  }
  if (this.write !== Socket.prototype.write) this.write = Socket.prototype.write;

  if (this.destroyed) {
    this._handle = null;
    this._peername = null;
    this._sockname = null;
    this._undestroy();
  }

  const { path } = options;
  const pipe = !!path;
  if (!this._handle) {
    // A new connection counts its bytes from zero.
    this[kBytesRead] = 0;
    this[kBytesWritten] = 0;
    this._handle = new StreamHandle(pipe ? 'pipe' : 'tcp');
    initSocketHandle(this);
  }
  if (cb !== null) this.once('connect', cb);
  this._unrefTimer();
  this.connecting = true;

  if (pipe) {
    validateString(path, 'options.path');
    internalConnect(this, path);
  } else {
    lookupAndConnect(this, options);
  }
  return this;
};

Socket.prototype.write = stream.Duplex.prototype.write;

function socketToDnsFamily(family) {
  switch (family) {
    case 'IPv4': return 4;
    case 'IPv6': return 6;
  }
  return family;
}

function lookupAndConnect(self, options) {
  const { localAddress, localPort } = options;
  const host = options.host || 'localhost';
  let { port, autoSelectFamilyAttemptTimeout, autoSelectFamily } = options;
  validateString(host, 'options.host');
  if (host.includes('\u0000')) {
    throw new ERR_INVALID_ARG_VALUE('options.host', host, 'must be a string without null bytes');
  }

  if (localAddress && !isIP(localAddress)) {
    throw new ERR_INVALID_IP_ADDRESS(localAddress);
  }
  if (localPort) validateNumber(localPort, 'options.localPort');
  if (typeof port !== 'undefined') {
    if (typeof port !== 'number' && typeof port !== 'string') {
      throw new ERR_INVALID_ARG_TYPE('options.port', ['number', 'string'], port);
    }
    validatePort(port);
  }
  port |= 0;

  if (autoSelectFamily != null) validateBoolean(autoSelectFamily, 'options.autoSelectFamily');
  else autoSelectFamily = autoSelectFamilyDefault;
  if (autoSelectFamilyAttemptTimeout != null) {
    validateInt32(autoSelectFamilyAttemptTimeout, 'options.autoSelectFamilyAttemptTimeout', 1);
    if (autoSelectFamilyAttemptTimeout < 10) autoSelectFamilyAttemptTimeout = 10;
  } else {
    autoSelectFamilyAttemptTimeout = autoSelectFamilyAttemptTimeoutDefault;
  }

  // An IP literal needs no lookup.
  const addressType = isIP(host);
  if (addressType) {
    process.nextTick(() => {
      if (self.connecting) internalConnect(self, host, port, addressType, localAddress, localPort);
    });
    return;
  }

  if (options.lookup != null) validateFunction(options.lookup, 'options.lookup');
  const dnsopts = {
    family: socketToDnsFamily(options.family),
    hints: options.hints || 0,
  };
  if (dnsopts.family !== 4 && dnsopts.family !== 6 && dnsopts.hints === 0) {
    dnsopts.hints = lazyDns().ADDRCONFIG;
  }
  self._host = host;
  const lookup = options.lookup || lazyDns().lookup;

  if (dnsopts.family !== 4 && dnsopts.family !== 6 && !localAddress && autoSelectFamily) {
    dnsopts.all = true;
    lookupAndConnectMultiple(self, lookup, host, options, dnsopts, port, localAddress, localPort,
                             autoSelectFamilyAttemptTimeout);
    return;
  }

  lookup(host, dnsopts, function emitLookup(err, ip, addressType) {
    self.emit('lookup', err, ip, addressType, host);
    if (!self.connecting) return;
    if (err) {
      process.nextTick(connectErrorNT, self, err);
    } else if (!isIP(ip)) {
      process.nextTick(connectErrorNT, self, new ERR_INVALID_IP_ADDRESS(ip));
    } else if (addressType !== 4 && addressType !== 6) {
      process.nextTick(connectErrorNT, self,
                       new ERR_INVALID_ADDRESS_FAMILY(addressType, options.host, options.port));
    } else {
      self._unrefTimer();
      internalConnect(self, ip, port, addressType, localAddress, localPort);
    }
  });
}

// Happy eyeballs (RFC 8305, as Node does it): every address of the name,
// the families interleaved starting with the first one's; each attempt gets
// `timeout` ms before the next starts, and the first to connect wins.
function lookupAndConnectMultiple(self, lookup, host, options, dnsopts, port, localAddress, localPort,
                                  timeout) {
  lookup(host, dnsopts, function emitLookup(err, addresses) {
    if (!self.connecting) return;
    if (err) {
      self.emit('lookup', err, undefined, undefined, host);
      process.nextTick(connectErrorNT, self, err);
      return;
    }
    const validAddresses = [[], []];
    const validIps = [[], []];
    let destinations;
    for (let i = 0, l = addresses.length; i < l; i++) {
      const address = addresses[i];
      const { address: ip, family: addressType } = address;
      self.emit('lookup', err, ip, addressType, host);
      if (!self.connecting) return;
      if (isIP(ip) && (addressType === 4 || addressType === 6)) {
        destinations ||= addressType === 6 ? { 6: 0, 4: 1 } : { 4: 0, 6: 1 };
        const destination = destinations[addressType];
        if (!validIps[destination].includes(ip)) {
          validAddresses[destination].push(address);
          validIps[destination].push(ip);
        }
      }
    }
    if (!validAddresses[0].length && !validAddresses[1].length) {
      const { address: firstIp, family: firstAddressType } = addresses[0] || {};
      if (!isIP(firstIp)) {
        process.nextTick(connectErrorNT, self, new ERR_INVALID_IP_ADDRESS(firstIp));
      } else if (firstAddressType !== 4 && firstAddressType !== 6) {
        process.nextTick(connectErrorNT, self,
                         new ERR_INVALID_ADDRESS_FAMILY(firstAddressType, options.host, options.port));
      }
      return;
    }
    // One address: a plain connect.
    if (validAddresses[0].length + validAddresses[1].length === 1) {
      const { address: ip, family: addressType } = validAddresses[0].length ?
        validAddresses[0][0] : validAddresses[1][0];
      self._unrefTimer();
      internalConnect(self, ip, port, addressType, localAddress, localPort);
      return;
    }
    const toAttempt = [];
    for (let i = 0, l = Math.max(validAddresses[0].length, validAddresses[1].length); i < l; i++) {
      if (i in validAddresses[0]) toAttempt.push(validAddresses[0][i]);
      if (i in validAddresses[1]) toAttempt.push(validAddresses[1][i]);
    }
    self.autoSelectFamilyAttemptedAddresses = [];
    const context = { socket: self, addresses: toAttempt, current: 0, port, localPort, timeout, errors: [] };
    self._unrefTimer();
    internalConnectMultiple(context);
  });
}

function internalConnectMultiple(context, canceled) {
  const self = context.socket;
  if (self.destroyed) return;
  if (context.current === context.addresses.length) {
    const error = context.errors.length === 1 ? context.errors[0] : new AggregateError(context.errors);
    if (context.errors.length > 1) error.code = context.errors[0].code;
    self.destroy(error);
    return;
  }
  if (canceled) return;
  const current = context.current++;
  const { address, family: addressType } = context.addresses[current];
  self.autoSelectFamilyAttemptedAddresses.push(`${address}:${context.port}`);
  if (blocked(self.blockList, address, addressType)) {
    context.errors.push(new ERR_IP_BLOCKED(address));
    internalConnectMultiple(context);
    return;
  }
  // Each attempt is a handle of its own; the winner becomes the socket's.
  const handle = new StreamHandle('tcp');
  let timer = null;
  const err = handle.connect((status) => {
    if (timer) clearTimeout(timer);
    if (self.destroyed || context.winner) {
      handle.close();
      return;
    }
    if (status === 0) {
      context.winner = handle;
      if (self._handle && self._handle !== handle) self._handle.close();
      self._handle = handle;
      initSocketHandle(self);
      afterConnect(self, 0, address, context.port);
      return;
    }
    handle.close();
    context.errors.push(exceptionWithHostPort(status, 'connect', address, context.port));
    internalConnectMultiple(context);
  }, address, context.port);
  if (err) {
    handle.close();
    context.errors.push(exceptionWithHostPort(err, 'connect', address, context.port));
    internalConnectMultiple(context);
    return;
  }
  if (current < context.addresses.length - 1) {
    timer = setTimeout(() => {
      if (context.winner || self.destroyed) return;
      handle.close();
      context.errors.push(new ERR_SOCKET_CONNECTION_TIMEOUT());
      self.emit('connectionAttemptTimeout', address, context.port, addressType);
      internalConnectMultiple(context);
    }, context.timeout);
    timer.unref?.();
  }
  self.emit('connectionAttempt', address, context.port, addressType);
}

function connectErrorNT(self, err) {
  self.destroy(err);
}

function internalConnect(self, address, port, addressType, localAddress, localPort) {
  if (!self.connecting) return;
  if (blocked(self.blockList, address, addressType)) {
    self.destroy(new ERR_IP_BLOCKED(address));
    return;
  }
  if (addressType === 6 || addressType === 4) {
    if (localAddress && isIP(localAddress) !== addressType) {
      localAddress = addressType === 4 ? '0.0.0.0' : '::';
    }
  }
  const err = self._handle.connect((status) => {
    afterConnect(self, status, address, port, localAddress, localPort);
  }, address, port, localAddress || undefined, localPort || undefined);
  if (err) {
    let details;
    if (localAddress && localPort) details = `${localAddress}:${localPort}`;
    self.destroy(exceptionWithHostPort(err, 'connect', address, port, details));
  }
}

function afterConnect(self, status, address, port, localAddress, localPort) {
  if (self.destroyed) return;
  self.connecting = false;
  self._sockname = null;
  if (status === 0) {
    self._unrefTimer();
    if (self[kSetNoDelay] && self._handle.type !== 'pipe') self._handle.setNoDelay(true);
    if (self[kSetKeepAlive] && self._handle.type !== 'pipe') {
      self._handle.setKeepAlive(true, self[kSetKeepAliveInitialDelay]);
    }
    self.emit('connect');
    self.emit('ready');
    if (!self.isPaused() && self.readable) self.read(0);
  } else {
    let details;
    if (localAddress && localPort) details = `${localAddress}:${localPort}`;
    const ex = exceptionWithHostPort(status, 'connect', address, port, details);
    if (details) {
      ex.localAddress = localAddress;
      ex.localPort = localPort;
    }
    self.destroy(ex);
  }
}

function connect(...args) {
  const normalized = normalizeArgs(args);
  const options = normalized[0];
  const socket = new Socket(options);
  if (options.timeout) socket.setTimeout(options.timeout);
  return socket.connect(normalized);
}

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

function Server(options, connectionListener) {
  if (!(this instanceof Server)) return new Server(options, connectionListener);
  EventEmitter.call(this);
  if (typeof options === 'function') {
    connectionListener = options;
    options = {};
    this.on('connection', connectionListener);
  } else if (options == null || typeof options === 'object') {
    options = { ...options };
    if (typeof connectionListener === 'function') this.on('connection', connectionListener);
  } else {
    throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
  }
  if (options.keepAliveInitialDelay !== undefined) {
    validateNumber(options.keepAliveInitialDelay, 'options.keepAliveInitialDelay');
    if (options.keepAliveInitialDelay < 0) options.keepAliveInitialDelay = 0;
  }
  if (options.highWaterMark !== undefined) {
    validateNumber(options.highWaterMark, 'options.highWaterMark');
    if (options.highWaterMark < 0) options.highWaterMark = require('stream').getDefaultHighWaterMark();
  }
  this._connections = 0;
  this._handle = null;
  this._usingWorkers = false;
  this._workers = [];
  this._unref = false;
  this._listeningId = 1;
  this.allowHalfOpen = options.allowHalfOpen || false;
  this.pauseOnConnect = !!options.pauseOnConnect;
  this.noDelay = Boolean(options.noDelay);
  this.keepAlive = Boolean(options.keepAlive);
  this.keepAliveInitialDelay = ~~((options.keepAliveInitialDelay || 0) / 1000);
  this.highWaterMark = options.highWaterMark ?? require('stream').getDefaultHighWaterMark();
  if (options.blockList) {
    if (!BlockList.isBlockList(options.blockList)) {
      throw new ERR_INVALID_ARG_TYPE('options.blockList', 'net.BlockList', options.blockList);
    }
    this.blockList = options.blockList;
  }
}
Object.setPrototypeOf(Server.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Server, EventEmitter);

function createServer(options, connectionListener) {
  return new Server(options, connectionListener);
}

// A listening handle, or the negative errno that stopped it.
function createServerHandle(address, port, addressType, fd, flags, backlog) {
  if (typeof fd === 'number' && fd >= 0) {
    const handle = new ServerHandle('tcp');
    const err = handle.listenFd(fd, backlog || 511);
    return err || handle;
  }
  if (port === -1 && addressType === -1) {
    const handle = new ServerHandle('pipe');
    const err = handle.listenPipe(address, backlog || 511);
    return err || handle;
  }
  if (!address) {
    address = addressType === 6 ? DEFAULT_IPV6_ADDR : DEFAULT_IPV4_ADDR;
  }
  const handle = new ServerHandle('tcp');
  const err = handle.listenTcp(address, port, backlog || 511, flags);
  return err || handle;
}

Server.prototype._listen2 = function setupListenHandle(address, port, addressType, backlog, fd, flags) {
  if (!this._handle) {
    let rval = null;
    // No address: `::` (dual-stack) when the machine has IPv6, else 0.0.0.0.
    if (!address && typeof fd !== 'number') {
      rval = createServerHandle(DEFAULT_IPV6_ADDR, port, 6, fd, flags, backlog);
      if (typeof rval === 'number' && rval !== UV_EADDRINUSE) {
        rval = null;
        address = DEFAULT_IPV4_ADDR;
        addressType = 4;
      } else {
        address = DEFAULT_IPV6_ADDR;
        addressType = 6;
      }
    }
    if (rval === null) rval = createServerHandle(address, port, addressType, fd, flags, backlog);
    if (typeof rval === 'number') {
      const error = uvExceptionWithHostPort(rval, 'listen', address, port);
      process.nextTick(emitErrorNT, this, error);
      return;
    }
    this._handle = rval;
  }
  this._handle.onconnection = onconnection;
  this._handle[owner_symbol] = this;
  this._handle.setOwner(this);
  this._connectionKey = addressType + ':' + address + ':' + port;
  if (this._unref) this.unref();
  process.nextTick(emitListeningNT, this);
};

function emitErrorNT(self, err) {
  self.emit('error', err);
}

function emitListeningNT(self) {
  if (self._handle) self.emit('listening');
}

// In a cluster worker a TCP server asks the primary which port to use
// (the one the other workers got for the same address and port) and binds
// it itself with SO_REUSEPORT; Nodus cannot pass the primary's handle as
// Node does (see internal/cluster/child.js).
let cluster;
function listenInCluster(server, address, port, addressType, backlog, fd, exclusive, flags) {
  if (cluster === undefined) cluster = require('cluster');
  // A server with reusePort binds by itself in a worker too (Node 24).
  if (cluster.isPrimary || exclusive || (flags & TCP_REUSEPORT) || server._handle) {
    server._listen2(address, port, addressType, backlog, fd, flags);
    return;
  }
  // A Unix socket or an fd: the worker's own (Node shares the primary's).
  if (typeof fd === 'number' || (port === -1 && addressType === -1)) {
    server._listen2(address, port, addressType, backlog, fd, flags);
    if (server._handle) cluster._registerOwnServer(server, { address, port, addressType, fd });
    return;
  }
  const serverQuery = { address, port, addressType, fd, flags, backlog };
  const listeningId = server._listeningId;
  cluster._getServer(server, serverQuery, function listenOnSharedPort(err, sharedPort) {
    // Closed (or listening again) while the primary answered.
    if (listeningId !== server._listeningId) return;
    if (err) {
      server.emit('error', exceptionWithHostPort(err, 'bind', address, port));
      return;
    }
    server._listen2(address, sharedPort, addressType, backlog, fd, (flags | 0) | TCP_REUSEPORT);
  });
}

Server.prototype.listen = function(...args) {
  const normalized = normalizeArgs(args);
  let options = normalized[0];
  const cb = normalized[1];
  if (this._handle) throw new ERR_SERVER_ALREADY_LISTEN();
  if (cb !== null) this.once('listening', cb);
  const backlogFromArgs = toNumber(args.length > 1 && args[1]) || toNumber(args.length > 2 && args[2]);
  options = options._handle || options.handle || options;
  const flags = (options.ipv6Only ? TCP_IPV6ONLY : 0) | (options.reusePort ? TCP_REUSEPORT : 0);

  // An existing handle (a net.Server's or a socket handle).
  if (options instanceof ServerHandle) {
    this._handle = options;
    listenInCluster(this, null, -1, -1, backlogFromArgs);
    return this;
  }
  addServerAbortSignalOption(this, options);
  if (typeof options.fd === 'number' && options.fd >= 0) {
    listenInCluster(this, null, null, null, backlogFromArgs, options.fd);
    return this;
  }
  // listen(), listen(null), listen(cb), listen({ port: undefined }): any port.
  if (args.length === 0 || typeof args[0] === 'function' ||
      (typeof options.port === 'undefined' && 'port' in options) ||
      options.port === null) {
    options.port = 0;
  }
  let backlog;
  if (typeof options.port === 'number' || typeof options.port === 'string') {
    validatePort(options.port, 'options.port');
    backlog = options.backlog || backlogFromArgs;
    if (options.host) {
      lookupAndListen(this, options.port | 0, options.host, backlog, options.exclusive, flags);
    } else {
      listenInCluster(this, null, options.port | 0, 4, backlog, undefined, options.exclusive, flags);
    }
    return this;
  }
  if (options.path && isPipeName(options.path)) {
    const pipeName = this._pipeName = options.path;
    backlog = options.backlog || backlogFromArgs;
    listenInCluster(this, pipeName, -1, -1, backlog, undefined, options.exclusive);
    if (!this._handle) return this;
    if (options.readableAll || options.writableAll) {
      let mode = 0;
      if (options.readableAll) mode |= 0o444;
      if (options.writableAll) mode |= 0o222;
      try {
        require('fs').chmodSync(pipeName, mode | 0o600);
      } catch (err) {
        this._handle.close();
        this._handle = null;
        throw err;
      }
    }
    return this;
  }
  if (!('port' in options || 'path' in options)) {
    throw new ERR_INVALID_ARG_VALUE('options', options, 'must have the property "port" or "path"');
  }
  throw new ERR_INVALID_ARG_VALUE('options', options);
};

function addServerAbortSignalOption(self, options) {
  if (options?.signal === undefined) return;
  validateAbortSignal(options.signal, 'options.signal');
  const { signal } = options;
  const onAborted = () => self.close();
  if (signal.aborted) {
    process.nextTick(onAborted);
  } else {
    signal.addEventListener('abort', onAborted);
    self.once('close', () => signal.removeEventListener('abort', onAborted));
  }
}

function lookupAndListen(self, port, address, backlog, exclusive, flags) {
  const listeningId = self._listeningId;
  lazyDns().lookup(address, function doListen(err, ip, addressType) {
    // Closed (or listening again) while the name was looked up.
    if (listeningId !== self._listeningId) return;
    if (err) {
      self.emit('error', err);
    } else {
      addressType = ip ? addressType : 4;
      listenInCluster(self, ip, port, addressType, backlog, undefined, exclusive, flags);
    }
  });
}

Object.defineProperty(Server.prototype, 'listening', {
  __proto__: null,
  get() { return !!this._handle; },
  configurable: true,
  enumerable: true,
});

Server.prototype.address = function() {
  if (this._handle && this._handle.getsockname) {
    const out = {};
    const err = this._handle.getsockname(out);
    if (err) throw errnoException(err, 'address');
    if (this._handle.type === 'pipe') return out.address;
    return out;
  } else if (this._pipeName) {
    return this._pipeName;
  }
  return null;
};

function onconnection(err, clientHandle) {
  const self = this[owner_symbol];
  if (err) {
    self.emit('error', errnoException(err, 'accept'));
    return;
  }
  if (self.blockList && clientHandle.type === 'tcp') {
    const remote = {};
    clientHandle.getpeername(remote);
    if (blocked(self.blockList, remote.address, isIP(remote.address))) {
      clientHandle.close();
      return;
    }
  }
  if (self.maxConnections != null && self._connections >= self.maxConnections) {
    if (self.listenerCount('drop') > 0) {
      const local = {};
      const remote = {};
      clientHandle.getsockname(local);
      clientHandle.getpeername(remote);
      self.emit('drop', {
        localAddress: local.address,
        localPort: local.port,
        localFamily: local.family,
        remoteAddress: remote.address,
        remotePort: remote.port,
        remoteFamily: remote.family,
      });
    }
    clientHandle.close();
    return;
  }
  const socket = new Socket({
    handle: clientHandle,
    allowHalfOpen: self.allowHalfOpen,
    pauseOnCreate: self.pauseOnConnect,
    readable: true,
    writable: true,
    keepAlive: self.keepAlive,
    keepAliveInitialDelay: self.keepAliveInitialDelay * 1000,
    highWaterMark: self.highWaterMark,
  });
  if (self.noDelay && clientHandle.type !== 'pipe') {
    socket[kSetNoDelay] = true;
    clientHandle.setNoDelay(true);
  }
  if (self.keepAlive && clientHandle.type !== 'pipe') {
    socket[kSetKeepAlive] = true;
    socket[kSetKeepAliveInitialDelay] = self.keepAliveInitialDelay;
    clientHandle.setKeepAlive(true, self.keepAliveInitialDelay);
  }
  self._connections++;
  socket.server = self;
  socket._server = self;
  self.emit('connection', socket);
}

Server.prototype.getConnections = function(cb) {
  process.nextTick(cb, null, this._connections);
  return this;
};

Server.prototype.close = function(cb) {
  if (typeof cb === 'function') {
    if (!this._handle) {
      this.once('close', function close() {
        cb(new ERR_SERVER_NOT_RUNNING());
      });
    } else {
      this.once('close', cb);
    }
  }
  if (this._handle) {
    this._handle.close();
    this._handle = null;
  }
  this._listeningId++;
  this._emitCloseIfDrained();
  return this;
};

Server.prototype[Symbol.asyncDispose] = async function() {
  if (!this._handle) return;
  await new Promise((resolve, reject) => this.close((err) => (err ? reject(err) : resolve())));
};

Server.prototype._emitCloseIfDrained = function() {
  if (this._handle || this._connections) return;
  process.nextTick(emitCloseNT, this);
};

function emitCloseNT(self) {
  self.emit('close');
}

Server.prototype.ref = function() {
  this._unref = false;
  if (this._handle) this._handle.ref();
  return this;
};

Server.prototype.unref = function() {
  this._unref = true;
  if (this._handle) this._handle.unref();
  return this;
};

Server.prototype[EventEmitter.captureRejectionSymbol] = function(err, event, sock) {
  switch (event) {
    case 'connection':
      sock.destroy(err);
      break;
    default:
      this.emit('error', err);
  }
};

// ---------------------------------------------------------------------------
// Family auto-selection defaults
// ---------------------------------------------------------------------------

function getDefaultAutoSelectFamily() {
  return autoSelectFamilyDefault;
}

function setDefaultAutoSelectFamily(value) {
  validateBoolean(value, 'value');
  autoSelectFamilyDefault = value;
}

function getDefaultAutoSelectFamilyAttemptTimeout() {
  return autoSelectFamilyAttemptTimeoutDefault;
}

function setDefaultAutoSelectFamilyAttemptTimeout(value) {
  validateInt32(value, 'value', 1);
  if (value < 10) value = 10;
  autoSelectFamilyAttemptTimeoutDefault = value;
}

module.exports = {
  _createServerHandle: createServerHandle,
  _normalizeArgs: normalizeArgs,
  _setSimultaneousAccepts: noop,
  BlockList,
  SocketAddress,
  connect,
  createConnection: connect,
  createServer,
  isIP,
  isIPv4,
  isIPv6,
  Server,
  Socket,
  Stream: Socket,
  getDefaultAutoSelectFamily,
  setDefaultAutoSelectFamily,
  getDefaultAutoSelectFamilyAttemptTimeout,
  setDefaultAutoSelectFamilyAttemptTimeout,
};
