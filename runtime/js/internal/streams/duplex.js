'use strict';

// stream.Duplex: one object with a Readable side and a Writable side;
// `allowHalfOpen: false` ends the writable side when the readable ends.

const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  Readable.call(this, options);
  Writable.call(this, options);
  if (options) {
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (options.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }
    if (options.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
  } else {
    this.allowHalfOpen = true;
  }
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);

// The Writable methods and accessors, except what Readable already defines
// (pipe, destroy, errored, closed, …) and writableAborted, which Node's
// Duplex does not have.
for (const key of Object.getOwnPropertyNames(Writable.prototype)) {
  if (key === 'writableAborted') continue;
  if (!(key in Duplex.prototype)) {
    Object.defineProperty(Duplex.prototype, key, Object.getOwnPropertyDescriptor(Writable.prototype, key));
  }
}
Duplex.prototype.destroy = Writable.prototype.destroy;

Object.defineProperties(Duplex.prototype, {
  destroyed: {
    get() {
      if (this._readableState === undefined || this._writableState === undefined) return false;
      return this._readableState.destroyed && this._writableState.destroyed;
    },
    set(value) {
      if (this._readableState && this._writableState) {
        this._readableState.destroyed = value;
        this._writableState.destroyed = value;
      }
    },
  },
});

// Duplex.from(stream | iterable | async generator function | promise)
Duplex.from = function(body) {
  if (body instanceof Duplex) return body;
  const { isReadableNodeStream, isWritableNodeStream, isIterable } = require('internal/streams/utils');
  if (isReadableNodeStream(body) || isWritableNodeStream(body)) return body;
  if (typeof body === 'function') {
    const { PassThrough } = { PassThrough: require('internal/streams/passthrough') };
    const input = new PassThrough({ objectMode: true });
    const output = body(input);
    if (isIterable(output)) {
      const readable = Readable.from(output);
      return new Duplex({
        objectMode: true,
        write(chunk, enc, cb) { input.write(chunk, enc, cb); },
        final(cb) { input.end(); cb(); },
        read() {
          readable.once('readable', () => this._read());
          let chunk;
          while ((chunk = readable.read()) !== null) {
            if (!this.push(chunk)) return;
          }
          if (readable.readableEnded) this.push(null);
        },
      });
    }
  }
  if (isIterable(body)) return Readable.from(body);
  const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
  throw new ERR_INVALID_ARG_TYPE('body',
    ['Blob', 'ReadableStream', 'WritableStream', 'Stream', 'Iterable', 'AsyncIterable', 'Function',
      '{ readable, writable } pair', 'Promise'], body);
};

module.exports = Duplex;
