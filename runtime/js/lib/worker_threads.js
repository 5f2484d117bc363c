'use strict';
// node:worker_threads — Worker (a thread with its own isolate and event
// loop, see runtime/src/worker.rs), parentPort and workerData in a worker,
// MessageChannel/MessagePort between objects of one thread, environment
// data, receiveMessageOnPort.
//
// Values are copied with V8's structured clone. Not in Nodus: transferring
// (transferList copies ArrayBuffers instead of moving them; MessagePorts
// cannot cross threads; SharedArrayBuffers are shared), BroadcastChannel,
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
function serialize(value) {
  return serializeValue(value, dataCloneError);
}
const { op_esm_next_turn_async: nextTurn } = internalBinding('esm');

const SHARE_ENV = Symbol.for('nodejs.worker_threads.SHARE_ENV');
const kHandle = Symbol('kHandle');
const kPeer = Symbol('kPeer');
const kQueue = Symbol('kQueue');
const kClosed = Symbol('kClosed');
const kRefed = Symbol('kRefed');
const kScheduled = Symbol('kScheduled');
const kStarted = Symbol('kStarted');
const kExitCode = Symbol('kExitCode');
const kOnMessage = Symbol('kOnMessage');
const kThreadId = Symbol('kThreadId');
const kLimits = Symbol('kLimits');

// The V8 serializer's copy of `value` (Node's structured clone).
function clone(value) {
  return deserialize(serialize(value));
}

// --- MessagePort between objects of one thread ----------------------------------

// Messages to a port arrive in the poll phase of a later loop turn (as
// Node's do), in order, once the port listens or is started.
class MessagePort extends EventEmitter {
  constructor(key = undefined) {
    if (key !== kPeer) {
      const err = new TypeError('Illegal constructor');
      err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
      throw err;
    }
    super();
    this[kPeer] = null;
    this[kQueue] = [];
    this[kClosed] = false;
    this[kRefed] = true;
    this[kScheduled] = false;
    this[kStarted] = false;
    this.on('newListener', (event) => {
      if (event === 'message') {
        this[kStarted] = true;
        process.nextTick(() => this[kOnMessage]());
      }
    });
  }

  postMessage(value, transferList) {
    if (arguments.length === 0) {
      const err = new TypeError('Not enough arguments to MessagePort.postMessage');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    void transferList;
    const copy = clone(value);
    const peer = this[kPeer];
    if (this[kClosed] || peer === null || peer[kClosed]) return;
    peer[kQueue].push(copy);
    peer[kOnMessage]();
  }

  [kOnMessage]() {
    if (!this[kStarted] || this[kScheduled] || this[kQueue].length === 0 || this[kClosed]) return;
    this[kScheduled] = true;
    nextTurn(() => {
      this[kScheduled] = false;
      while (this[kQueue].length > 0 && !this[kClosed] && this[kStarted]) {
        this.emit('message', this[kQueue].shift());
      }
    });
  }

  start() {
    this[kStarted] = true;
    this[kOnMessage]();
  }

  close() {
    if (this[kClosed]) return;
    const peer = this[kPeer];
    // Both sides hear of it on a later turn, if something else keeps the
    // loop running (Node's ports are unrefed once closed).
    for (const port of [this, peer]) {
      if (port === null || port[kClosed]) continue;
      port[kClosed] = true;
      setImmediate(() => port.emit('close')).unref();
    }
  }

  ref() {
    this[kRefed] = true;
    return this;
  }

  unref() {
    this[kRefed] = false;
    return this;
  }

  hasRef() {
    return this[kRefed] && !this[kClosed];
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
    this.port1 = new MessagePort(kPeer);
    this.port2 = new MessagePort(kPeer);
    this.port1[kPeer] = this.port2;
    this.port2[kPeer] = this.port1;
  }
}

function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    throw new ERR_INVALID_ARG_TYPE('port', 'MessagePort', port);
  }
  if (port[kQueue].length === 0) return undefined;
  return { message: port[kQueue].shift() };
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
    const data = serialize([options.workerData, environmentData]);
    const started = binding.op_worker_spawn_async(
      { filename: file, source, argv, env, data, name: options.name === undefined ? '' : `${options.name}` },
      (kind, value) => this._onEvent(kind, value));
    this[kThreadId] = started.threadId;
    this[kHandle] = started.handle;
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
        this.emit('message', deserialize(value));
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
    void transferList;
    const bytes = serialize(value);
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
    super(kPeer);
    this[kHandle] = null;
    this.on('newListener', (event) => {
      if (event !== 'message') return;
      if (this[kHandle] === null && !this[kClosed]) {
        this[kHandle] = binding.op_worker_port_start_async((bytes) => this.emit('message', deserialize(bytes)));
      } else if (this[kHandle] !== null) {
        refHandle(this[kHandle], true);
      }
    });
    this.on('removeListener', (event) => {
      if (event === 'message' && this.listenerCount('message') === 0 && this[kHandle] !== null) {
        refHandle(this[kHandle], false);
      }
    });
  }

  postMessage(value, transferList) {
    void transferList;
    if (this[kClosed]) return;
    binding.op_worker_port_post_sync(serialize(value));
  }

  [kOnMessage]() {}

  start() {}

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
  const [workerData, envData] = info.data === undefined ? [undefined, new Map()] : deserialize(info.data);
  for (const [k, v] of envData) environmentData.set(k, v);
  Object.assign(module.exports, {
    isMainThread: false,
    threadId: info.threadId,
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

function moveMessagePortToContext(port) {
  return port;
}

module.exports = {
  isMainThread: true,
  MessagePort,
  MessageChannel,
  markAsUntransferable,
  moveMessagePortToContext,
  receiveMessageOnPort,
  resourceLimits: {},
  threadId: 0,
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
