'use strict';
// The IPC channel of child_process.fork (Node's setupChannel): `send`,
// `'message'`, `disconnect`, `connected` and `channel` on a ChildProcess
// (the parent) or on `process` (a forked child), over one end of a socket
// pair opened as a native handle (src/ops/ipc.rs). The bytes are Node's,
// so either side may be node: newline-delimited JSON for 'json', and for
// 'advanced' V8 serializer payloads each after a big-endian u32 length.

const {
  op_ipc_open_sync: openChannel,
  op_ipc_write_async: writeChannel,
  op_ipc_close_sync: closeChannel,
  op_ipc_pending_sync: pendingBytes,
  op_ipc_serialize_sync: serializeMessage,
  op_ipc_deserialize_sync: deserializeMessage,
} = internalBinding('ipc');
const { op_core_handle_ref_sync: refHandle } = internalBinding('core');
const EventEmitter = require('events');
const { Buffer } = require('buffer');
const { StringDecoder } = require('string_decoder');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_HANDLE_TYPE, ERR_IPC_CHANNEL_CLOSED, ERR_IPC_DISCONNECTED, ERR_MISSING_ARGS },
  errnoException,
} = require('internal/errors');
const { validateObject } = require('internal/validators');

// The native end of the channel: reads every chunk into `onread`.
class Pipe {
  constructor(fd, onread) {
    this.id = openChannel(fd, (chunk, errno) => onread(chunk, errno));
    this.closed = false;
  }

  ref() {
    if (!this.closed) refHandle(this.id, true);
  }

  unref() {
    if (!this.closed) refHandle(this.id, false);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    closeChannel(this.id);
  }

  get writeQueueSize() {
    return this.closed ? 0 : pendingBytes(this.id);
  }
}

// `child.channel` / `process.channel`: ref()/unref() set by the user win
// over the counting done for 'message' listeners and pending writes.
class Control extends EventEmitter {
  #channel = null;
  #refs = 0;
  #refExplicitlySet = false;

  constructor(channel) {
    super();
    this.#channel = channel;
  }

  refCounted() {
    if (++this.#refs === 1 && !this.#refExplicitlySet) this.#channel.ref();
  }

  unrefCounted() {
    if (--this.#refs === 0 && !this.#refExplicitlySet) {
      this.#channel.unref();
      this.emit('unref');
    }
  }

  ref() {
    this.#refExplicitlySet = true;
    this.#channel.ref();
  }

  unref() {
    this.#refExplicitlySet = true;
    this.#channel.unref();
  }

  get fd() {
    return undefined;
  }
}

const json = {
  init(state) {
    state.text = '';
    state.decoder = new StringDecoder('utf8');
  },
  *parse(state, chunk) {
    const lines = state.decoder.write(chunk).split('\n');
    const last = lines.length - 1;
    if (last === 0) {
      state.text += lines[0];
    } else {
      lines[0] = state.text + lines[0];
      for (let i = 0; i < last; i++) yield JSON.parse(lines[i]);
      state.text = lines[last];
    }
    state.buffering = state.text.length !== 0;
  },
  encode(message) {
    return Buffer.from(`${JSON.stringify(message)}\n`, 'utf8');
  },
};

const advanced = {
  init(state) {
    state.chunks = [];
    state.size = 0;
  },
  *parse(state, chunk) {
    state.chunks.push(chunk);
    state.size += chunk.length;
    while (state.size >= 4) {
      let head = state.chunks[0];
      if (head.length < 4) {
        head = Buffer.concat(state.chunks, state.size);
        state.chunks = [head];
      }
      const total = head.readUInt32BE(0) + 4;
      if (state.size < total) break;
      const all = state.chunks.length === 1 ? head : Buffer.concat(state.chunks, state.size);
      const rest = all.subarray(total);
      state.chunks = rest.length === 0 ? [] : [rest];
      state.size = rest.length;
      yield deserializeMessage(all.subarray(4, total), Buffer.prototype);
    }
    state.buffering = state.size > 0;
  },
  encode(message) {
    const bytes = serializeMessage(message, Buffer.prototype);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
};

function isInternal(message) {
  return message !== null && typeof message === 'object' && typeof message.cmd === 'string' &&
    message.cmd.length > 4 && message.cmd.startsWith('NODE_');
}

// Adds the channel to `target` (a ChildProcess or `process`) over `fd`.
// Returns its Control.
function setupChannel(target, fd, serializationMode) {
  const format = serializationMode === 'advanced' ? advanced : json;
  const state = { buffering: false };
  format.init(state);
  const channel = new Pipe(fd, (chunk, errno) => {
    if (chunk !== null) {
      try {
        for (const message of format.parse(state, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
          if (!target.channel) return;
          const event = isInternal(message) ? 'internalMessage' : 'message';
          process.nextTick(() => target.emit(event, message, undefined));
        }
      } catch (err) {
        process.nextTick(() => target.emit('error', err));
      }
      return;
    }
    // The other side closed its end (or reading failed): disconnected.
    state.buffering = false;
    state.endedByPeer = true;
    if (target.connected) target.disconnect();
    else channel.close();
  });
  const control = new Control(channel);
  target.channel = control;
  target.connected = true;
  // The old name (DEP0129).
  const { deprecate } = require('internal/util');
  Object.defineProperty(target, '_channel', {
    __proto__: null,
    get: deprecate(function() { return this.channel; }, '_channel is deprecated. Use ChildProcess.channel instead.', 'DEP0129'),
    set: deprecate(function(value) { this.channel = value; }, '_channel is deprecated. Use ChildProcess.channel instead.', 'DEP0129'),
    configurable: true,
    enumerable: false,
  });

  target.send = function send(message, handle, options, callback) {
    if (typeof handle === 'function') {
      callback = handle;
      handle = undefined;
      options = undefined;
    } else if (typeof options === 'function') {
      callback = options;
      options = undefined;
    } else if (options !== undefined) {
      validateObject(options, 'options');
    }
    options = { swallowErrors: false, ...options };
    if (this.connected) return this._send(message, handle, options, callback);
    const ex = new ERR_IPC_CHANNEL_CLOSED();
    if (typeof callback === 'function') process.nextTick(callback, ex);
    else process.nextTick(() => this.emit('error', ex));
    return false;
  };

  target._send = function _send(message, handle, options, callback) {
    if (message === undefined) throw new ERR_MISSING_ARGS('message');
    if (typeof message !== 'string' && typeof message !== 'object' && typeof message !== 'number' &&
        typeof message !== 'boolean') {
      throw new ERR_INVALID_ARG_TYPE('message', ['string', 'object', 'number', 'boolean'], message);
    }
    if (typeof options === 'boolean') options = { swallowErrors: options };
    if (handle) {
      // Node sends net servers and sockets and dgram sockets; Nodus does
      // not pass handles yet. Anything else is Node's ERR_INVALID_HANDLE_TYPE.
      const name = handle.constructor && handle.constructor.name;
      if (name !== 'Server' && name !== 'Socket') throw new ERR_INVALID_HANDLE_TYPE();
      const err = new TypeError(`Sending a handle (a net or dgram ${name}) over the IPC channel is not ` +
        'supported in Nodus yet');
      err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
      throw err;
    }
    const bytes = format.encode(message);
    // A write that waited reports no error, as Node's (its oncomplete
    // ignores the status: a channel closed meanwhile cancels it quietly).
    const status = writeChannel(channel.id, bytes, () => {
      control.unrefCounted();
      if (typeof callback === 'function') callback(null);
    });
    if (status === 0) {
      control.refCounted();
    } else if (status > 0) {
      if (typeof callback === 'function') process.nextTick(callback, null);
    } else if (!options.swallowErrors) {
      const ex = errnoException(status, 'write');
      if (typeof callback === 'function') process.nextTick(callback, ex);
      else process.nextTick(() => this.emit('error', ex));
    }
    // Node asks senders to stop when more than two reads are waiting.
    return channel.writeQueueSize < 65536 * 2;
  };

  target.disconnect = function disconnect() {
    if (!this.connected) {
      this.emit('error', new ERR_IPC_DISCONNECTED());
      return;
    }
    this.connected = false;
    this._disconnect();
  };

  target._disconnect = function _disconnect() {
    if (!this.channel) return;
    this.channel = null;
    let fired = false;
    const finish = () => {
      if (fired) return;
      fired = true;
      channel.close();
      target.emit('disconnect');
      // A ChildProcess counts the channel among what must close before
      // 'close'; as in Node, only a channel the child ended counts (after
      // the parent's disconnect() Node never emits 'close').
      if (state.endedByPeer && typeof target._channelClosed === 'function') target._channelClosed();
    };
    // A message being read completes first.
    if (state.buffering) {
      this.once('message', finish);
      this.once('internalMessage', finish);
      return;
    }
    process.nextTick(finish);
  };

  return { control, channel };
}

// In a forked child (NODE_CHANNEL_FD set): the channel on `process`,
// keeping the process alive only while it has 'message' or 'disconnect'
// listeners (or writes wait), as Node's.
function setupChildChannel() {
  const fd = Number.parseInt(process.env.NODE_CHANNEL_FD, 10);
  if (!(fd >= 0)) return;
  delete process.env.NODE_CHANNEL_FD;
  const serializationMode = process.env.NODE_CHANNEL_SERIALIZATION_MODE || 'json';
  delete process.env.NODE_CHANNEL_SERIALIZATION_MODE;
  let setup;
  try {
    setup = setupChannel(process, fd, serializationMode);
  } catch (err) {
    // Node runs on with a channel that cannot work; say why there is none.
    process.emitWarning(`NODE_CHANNEL_FD=${fd} is no open socket (${err.code}): no IPC channel`);
    return;
  }
  const { control, channel } = setup;
  channel.unref();
  process.on('newListener', (name) => {
    if (name === 'message' || name === 'disconnect') control.refCounted();
  });
  process.on('removeListener', (name) => {
    if (name === 'message' || name === 'disconnect') control.unrefCounted();
  });
}

module.exports = { setupChannel, setupChildChannel };
