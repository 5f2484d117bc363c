'use strict';
// node:worker_threads — Worker (a thread with its own isolate and event
// loop, see runtime/src/worker.rs), parentPort and workerData in a worker,
// MessageChannel/MessagePort (within a thread and across threads),
// environment data, receiveMessageOnPort.
//
// Values are copied with V8's structured clone; SharedArrayBuffers are
// shared and MessagePorts in a transferList move with the message. Not in
// Nodus: a transferList copies ArrayBuffers instead of moving them, BroadcastChannel,
// postMessageToThread, resourceLimits (reported, not enforced), the
// worker's stdin/stdout/stderr options (a worker writes to the process's
// own stdout and stderr directly), SHARE_ENV (the worker gets a copy).

const EventEmitter = require('events');
const pathModule = require('path');
const { validateObject } = require('internal/validators');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_WORKER_PATH, ERR_WORKER_NOT_RUNNING },
} = require('internal/errors');

const binding = internalBinding('worker');
const {
  op_core_serialize_sync: serializeValue,
  op_core_deserialize_sync: deserialize,
  op_core_handle_ref_sync: refHandle,
} = internalBinding('core');

// Structured clone for messages: SharedArrayBuffers are shared, what
// cannot be cloned is a DataCloneError DOMException.
function dataCloneError(message) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, 'DataCloneError');
}

function closeHandle(handle) {
  internalBinding('core').op_core_handle_close_sync(handle);
}
function serialize(value) {
  require('internal/url').markUncloneable();
  return serializeValue(value, dataCloneError);
}

const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');
const kHandle = Symbol('kHandle');
const kClosed = Symbol('kClosed');
const kRefed = Symbol('kRefed');
const kExitCode = Symbol('kExitCode');
const kThreadId = Symbol('kThreadId');
const kLimits = Symbol('kLimits');


// --- MessagePort ----------------------------------------------------------------

// A port is one end of a native channel (src/ops/worker.rs): any thread can
// post to it, read it synchronously (receiveMessageOnPort) or listen on it
// (a handle of this thread's loop; a listening port keeps the loop alive
// unless unrefed). Listed in a transferList, a port moves with the message
// to whoever receives it.
const kId = Symbol('kId');
const kCreate = Symbol('kCreate');
const kDetached = Symbol('kDetached');
const kDetach = Symbol('kDetach');
const PORT_MARK = '\u0000nodus:MessagePort';

class MessagePort extends EventEmitter {
  constructor(key = undefined, id = null) {
    if (key !== kCreate) {
      const err = new TypeError('Illegal constructor');
      err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
      throw err;
    }
    super();
    this[kId] = id;
    this[kHandle] = null;
    this[kClosed] = false;
    this[kRefed] = true;
    this[kDetached] = false;
    this.on('newListener', (event) => {
      if (event === 'message') {
        this.start();
        if (this[kHandle] !== null && this[kRefed]) refHandle(this[kHandle], true);
      }
    });
    this.on('removeListener', (event) => {
      if (event === 'message' && this.listenerCount('message') === 0 && this[kHandle] !== null) {
        refHandle(this[kHandle], false);
      }
    });
  }

  postMessage(value, transferList) {
    if (arguments.length === 0) {
      const err = new TypeError('Not enough arguments to MessagePort.postMessage');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    const bytes = encode(value, transferList);
    if (this[kClosed] || this[kDetached]) return;
    binding.op_worker_channel_post_sync(this[kId], bytes);
  }

  start() {
    if (this[kHandle] !== null || this[kClosed] || this[kDetached]) return;
    this[kHandle] = binding.op_worker_channel_listen_async(this[kId], (kind, bytes) => {
      if (kind === 'message') {
        this.emit('message', decode(bytes));
        return;
      }
      this[kHandle] = null;
      this[kClosed] = true;
      this.emit('close');
    });
    if (!this[kRefed] || this.listenerCount('message') === 0) refHandle(this[kHandle], false);
  }

  close() {
    if (this[kClosed] || this[kDetached]) return;
    this[kClosed] = true;
    const listening = this[kHandle] !== null;
    binding.op_worker_channel_close_sync(this[kId]);
    // Without a listener, 'close' comes on a later turn if something else
    // keeps the loop running (Node's closed ports are unrefed).
    if (!listening) setImmediate(() => this.emit('close')).unref();
  }

  ref() {
    this[kRefed] = true;
    if (this[kHandle] !== null && this.listenerCount('message') > 0) refHandle(this[kHandle], true);
    return this;
  }

  unref() {
    this[kRefed] = false;
    if (this[kHandle] !== null) refHandle(this[kHandle], false);
    return this;
  }

  hasRef() {
    return this[kHandle] !== null && this[kRefed] && this.listenerCount('message') > 0;
  }

  // Leaves this thread with a message: stops listening here.
  [kDetach]() {
    if (this[kHandle] !== null) {
      binding.op_worker_channel_unlisten_sync(this[kId]);
      closeHandle(this[kHandle]);
      this[kHandle] = null;
    }
    this[kDetached] = true;
  }

  get onmessage() {
    return this._onmessage || null;
  }

  set onmessage(fn) {
    if (this._onmessage) this.off('message', this._onmessage);
    this._onmessage = typeof fn === 'function' ? (data) => fn.call(this, { data, target: this, type: 'message' }) : null;
    if (this._onmessage) this.on('message', this._onmessage);
  }
}

class MessageChannel {
  constructor() {
    const [a, b] = binding.op_worker_channel_new_sync();
    this.port1 = new MessagePort(kCreate, a);
    this.port2 = new MessagePort(kCreate, b);
  }
}

function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort) || port[kId] === null) {
    throw new ERR_INVALID_ARG_TYPE('port', 'MessagePort', port);
  }
  const bytes = binding.op_worker_channel_receive_sync(port[kId]);
  if (bytes === undefined) return undefined;
  return { message: decode(bytes) };
}

function isPlain(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

// A copy of `value` with the ports in `ids` replaced by markers (plain
// objects and arrays are walked; a port not in the transfer list cannot go).
function replacePorts(value, ids, seen) {
  if (value instanceof MessagePort) {
    if (!ids.has(value)) {
      throw dataCloneError('Object that needs transfer was found in message but not listed in transferList');
    }
    return { [PORT_MARK]: ids.get(value) };
  }
  if (!isPlain(value)) return value;
  if (seen.has(value)) return seen.get(value);
  const copy = Array.isArray(value) ? [] : Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = replacePorts(value[key], ids, seen);
  return copy;
}

function revivePorts(value, ports, seen) {
  if (!isPlain(value) || seen.has(value)) return value;
  seen.add(value);
  if (!Array.isArray(value) && typeof value[PORT_MARK] === 'number') return ports.get(value[PORT_MARK]);
  for (const key of Object.keys(value)) value[key] = revivePorts(value[key], ports, seen);
  return value;
}

// A message's bytes: `[transferred port ids | null, value]`.
function encode(value, transferList) {
  const ports = [];
  if (transferList !== undefined && transferList !== null) {
    if (typeof transferList[Symbol.iterator] !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('transferList', 'Array', transferList);
    }
    for (const item of transferList) {
      if (!(item instanceof MessagePort)) continue;
      if (item[kDetached] || item[kId] === null) throw dataCloneError('MessagePort in transfer list is already detached');
      ports.push(item);
    }
  }
  const ids = new Map(ports.map((port) => [port, port[kId]]));
  if (ports.length === 0) {
    try {
      return serialize([null, value]);
    } catch (err) {
      // A port that was not listed cannot be cloned: Node's own message.
      replacePorts(value, ids, new Map());
      throw err;
    }
  }
  const bytes = serialize([ports.map((port) => port[kId]), replacePorts(value, ids, new Map())]);
  for (const port of ports) port[kDetach]();
  return bytes;
}

function decode(bytes) {
  const [ids, value] = deserialize(bytes);
  if (ids === null) return value;
  const ports = new Map(ids.map((id) => [id, new MessagePort(kCreate, id)]));
  return revivePorts(value, ports, new Set());
}

// --- environment data -------------------------------------------------------------

const environmentData = new Map();

function setEnvironmentData(key, value) {
  if (value === undefined) environmentData.delete(key);
  else environmentData.set(key, value);
}

function getEnvironmentData(key) {
  return environmentData.get(key);
}

// --- Worker (the parent's side) -----------------------------------------------------

class Worker extends EventEmitter {
  constructor(filename, options = {}) {
    super();
    validateObject(options, 'options');
    let file;
    let source;
    if (options.eval) {
      if (typeof filename !== 'string') {
        throw new ERR_INVALID_ARG_VALUE('options.eval', options.eval,
          'must be false when \'filename\' is not a string');
      }
      source = filename;
    } else if (typeof filename === 'string' && filename.startsWith('file:') ||
               (filename !== null && typeof filename === 'object' && typeof filename.href === 'string')) {
      file = require('url').fileURLToPath(filename);
    } else if (typeof filename === 'string') {
      if (!pathModule.isAbsolute(filename) && !/^\.\.?[\\/]/.test(filename)) throw new ERR_WORKER_PATH(filename);
      file = pathModule.resolve(filename);
    } else {
      throw new ERR_INVALID_ARG_TYPE('filename', ['string', 'URL'], filename);
    }
    let argv = [];
    if (options.argv !== undefined) {
      if (!Array.isArray(options.argv)) throw new ERR_INVALID_ARG_TYPE('options.argv', 'Array', options.argv);
      argv = options.argv.map((a) => `${a}`);
    }
    const envSource = options.env === undefined || options.env === null || options.env === SHARE_ENV ?
      process.env : options.env;
    if (typeof envSource !== 'object') throw new ERR_INVALID_ARG_TYPE('options.env', 'object', options.env);
    const env = Object.keys(envSource).filter((k) => envSource[k] !== undefined).map((k) => `${k}=${envSource[k]}`);
    // workerData and a copy of the environment data travel together.
    const data = encode([options.workerData, environmentData], options.transferList);
    const started = binding.op_worker_spawn_async(
      { filename: file, source, argv, env, data, name: options.name === undefined ? '' : `${options.name}` },
      (kind, value) => this._onEvent(kind, value));
    this[kThreadId] = started.threadId;
    this[kHandle] = started.handle;
    internalBinding('core').op_core_handle_owner_sync(started.handle, this);
    this[kExitCode] = undefined;
    this[kLimits] = { ...(options.resourceLimits || {}) };
  }

  get threadId() {
    return this[kThreadId];
  }

  get resourceLimits() {
    return this[kThreadId] === -1 ? {} : this[kLimits];
  }

  get stdin() {
    return null;
  }

  get stdout() {
    return null;
  }

  get stderr() {
    return null;
  }

  _onEvent(kind, value) {
    switch (kind) {
      case 'online':
        this.emit('online');
        break;
      case 'message':
        this.emit('message', decode(value));
        break;
      case 'error': {
        const error = typeof value === 'string' ? value : deserialize(value);
        this.emit('error', error);
        break;
      }
      case 'exit':
        this[kExitCode] = value;
        this[kThreadId] = -1;
        this[kHandle] = null;
        this.emit('exit', value);
        break;
    }
  }

  postMessage(value, transferList) {
    if (arguments.length === 0) {
      const err = new TypeError('Not enough arguments to Worker.postMessage');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    const bytes = encode(value, transferList);
    if (this.threadId === -1) return;
    binding.op_worker_post_sync(this.threadId, bytes);
  }

  terminate(callback) {
    if (typeof callback === 'function') {
      process.emitWarning('Passing a callback to worker.terminate() is deprecated. It returns a Promise instead.',
        'DeprecationWarning', 'DEP0132');
      this.once('exit', (code) => callback(null, code));
    }
    if (this[kThreadId] === -1) return Promise.resolve(this[kExitCode]);
    return new Promise((resolve) => {
      this.once('exit', resolve);
      binding.op_worker_terminate_sync(this.threadId);
    });
  }

  ref() {
    if (this[kHandle] !== null) refHandle(this[kHandle], true);
  }

  unref() {
    if (this[kHandle] !== null) refHandle(this[kHandle], false);
  }

  getHeapSnapshot() {
    return Promise.reject(new ERR_WORKER_NOT_RUNNING());
  }
}

// --- the worker's side ------------------------------------------------------------------

// parentPort: messages from the parent; it keeps the worker alive while
// it has 'message' listeners, as Node's does.
class ParentPort extends MessagePort {
  constructor() {
    super(kCreate, null);
  }

  start() {
    if (this[kHandle] !== null || this[kClosed]) return;
    this[kHandle] = binding.op_worker_port_start_async((bytes) => this.emit('message', decode(bytes)));
    if (!this[kRefed] || this.listenerCount('message') === 0) refHandle(this[kHandle], false);
  }

  postMessage(value, transferList) {
    const bytes = encode(value, transferList);
    if (this[kClosed]) return;
    binding.op_worker_port_post_sync(bytes);
  }

  close() {
    if (this[kClosed]) return;
    this[kClosed] = true;
    if (this[kHandle] !== null) refHandle(this[kHandle], false);
    process.nextTick(() => this.emit('close'));
  }
}

// Called once at startup (internal/bootstrap/node.js) on a worker thread.
function setupWorkerThread() {
  const info = binding.op_worker_info_sync();
  if (info === undefined) return;
  const [workerData, envData] = info.data === undefined ? [undefined, new Map()] : decode(info.data);
  for (const [k, v] of envData) environmentData.set(k, v);
  Object.assign(module.exports, {
    isMainThread: false,
    threadId: info.threadId,
    // Node 24 names an unnamed worker `WorkerThread`.
    threadName: info.name || 'WorkerThread',
    parentPort: new ParentPort(),
    workerData,
    resourceLimits: {
      maxYoungGenerationSizeMb: 48,
      maxOldGenerationSizeMb: 4096,
      codeRangeSizeMb: 0,
      stackSizeMb: 4,
    },
  });
}

// Sends an uncaught error of a worker to the parent's 'error' event.
function reportWorkerError(error) {
  let payload;
  try {
    payload = serialize(error);
  } catch {
    payload = `${error}`;
  }
  binding.op_worker_report_error_sync(payload);
}

function markAsUntransferable() {}

// Structured clones and messages refuse `object` (a DataCloneError).
function markAsUncloneable(object) {
  if ((typeof object !== 'object' && typeof object !== 'function') || object === null) return;
  internalBinding('core').op_core_mark_uncloneable_sync(object);
}

function moveMessagePortToContext(port) {
  return port;
}

module.exports = {
  // No thread of nodus's own runs user code (Node's loader hooks thread).
  isInternalThread: false,
  isMainThread: true,
  MessagePort,
  MessageChannel,
  markAsUncloneable,
  markAsUntransferable,
  moveMessagePortToContext,
  receiveMessageOnPort,
  resourceLimits: {},
  threadId: 0,
  threadName: '',
  SHARE_ENV,
  Worker,
  parentPort: null,
  workerData: null,
  setEnvironmentData,
  getEnvironmentData,
};

const hooks = require('internal/worker/hooks');
hooks.setupWorkerThread = setupWorkerThread;
hooks.reportWorkerError = reportWorkerError;
