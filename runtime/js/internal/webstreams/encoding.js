'use strict';
// TextEncoderStream, TextDecoderStream (WHATWG Encoding) and
// CompressionStream, DecompressionStream (WHATWG Compression), each a
// readable/writable pair around a TransformStream. Compression runs on
// node:zlib's streams.

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_THIS },
} = require('internal/errors');
const { kState, customInspect, customInspectObject, isArrayBufferView } = require('internal/webstreams/util');
const { TransformStream } = require('internal/webstreams/transform');

function isBufferSource(value) {
  return isArrayBufferView(value) || value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);
}

function asBytes(chunk) {
  if (isArrayBufferView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return new Uint8Array(chunk);
}

function check(self, kind) {
  if (self?.[kState]?.kind !== kind) throw new ERR_INVALID_THIS(kind);
  return self[kState];
}

class TextEncoderStream {
  constructor() {
    const { TextEncoder } = require('internal/encoding');
    const encoder = new TextEncoder();
    let pendingHighSurrogate = null;
    const transform = new TransformStream({
      transform(chunk, controller) {
        let input = `${chunk}`;
        if (pendingHighSurrogate !== null) {
          input = pendingHighSurrogate + input;
          pendingHighSurrogate = null;
        }
        if (input.length === 0) return;
        const last = input.charCodeAt(input.length - 1);
        if (last >= 0xD800 && last <= 0xDBFF) {
          pendingHighSurrogate = input[input.length - 1];
          input = input.slice(0, -1);
        }
        if (input.length > 0) controller.enqueue(encoder.encode(input));
      },
      flush(controller) {
        if (pendingHighSurrogate !== null) controller.enqueue(new Uint8Array([0xEF, 0xBF, 0xBD]));
      },
    });
    this[kState] = { kind: 'TextEncoderStream', transform };
  }

  get encoding() {
    check(this, 'TextEncoderStream');
    return 'utf-8';
  }

  get readable() {
    return check(this, 'TextEncoderStream').transform.readable;
  }

  get writable() {
    return check(this, 'TextEncoderStream').transform.writable;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'TextEncoderStream', depth, options, {
      encoding: 'utf-8',
      readable: this.readable,
      writable: this.writable,
    });
  }
}

class TextDecoderStream {
  constructor(label = 'utf-8', options = {}) {
    const { TextDecoder } = require('internal/encoding');
    const decoder = new TextDecoder(label, options);
    const transform = new TransformStream({
      transform(chunk, controller) {
        if (!isBufferSource(chunk)) {
          throw new ERR_INVALID_ARG_TYPE('chunk', ['ArrayBuffer', 'ArrayBufferView'], chunk);
        }
        const value = decoder.decode(chunk, { stream: true });
        if (value !== '') controller.enqueue(value);
      },
      flush(controller) {
        const value = decoder.decode();
        if (value !== '') controller.enqueue(value);
      },
    });
    this[kState] = { kind: 'TextDecoderStream', transform, decoder };
  }

  get encoding() {
    return check(this, 'TextDecoderStream').decoder.encoding;
  }

  get fatal() {
    return check(this, 'TextDecoderStream').decoder.fatal;
  }

  get ignoreBOM() {
    return check(this, 'TextDecoderStream').decoder.ignoreBOM;
  }

  get readable() {
    return check(this, 'TextDecoderStream').transform.readable;
  }

  get writable() {
    return check(this, 'TextDecoderStream').transform.writable;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'TextDecoderStream', depth, options, {
      encoding: this.encoding,
      fatal: this.fatal,
      ignoreBOM: this.ignoreBOM,
      readable: this.readable,
      writable: this.writable,
    });
  }
}

// A TransformStream over one node:zlib stream: each written chunk goes to
// zlib, whatever zlib produces is enqueued, and closing ends zlib and
// waits for its last output.
// Node 24 reports zlib's data errors to web streams as a TypeError with
// no message, zlib's code, and zlib's error as the cause.
function webZlibError(error) {
  if (typeof error?.code !== 'string' || !error.code.startsWith('Z_')) return error;
  const typeError = new TypeError(undefined, { cause: error });
  typeError.code = error.code;
  return typeError;
}

function zlibTransform(handle) {
  let controllerRef;
  let failure = null;
  handle.on('data', (chunk) => {
    try {
      controllerRef.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      // the readable side was canceled or errored: drop the output
    }
  });
  handle.on('error', (error) => {
    error = webZlibError(error);
    failure = error;
    try {
      controllerRef.error(error);
    } catch {
      // already errored or closed
    }
  });
  return new TransformStream({
    start(controller) {
      controllerRef = controller;
    },
    transform(chunk) {
      if (!isBufferSource(chunk)) {
        throw new ERR_INVALID_ARG_TYPE('chunk', ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], chunk);
      }
      if (failure !== null) throw failure;
      return new Promise((resolve, reject) => {
        handle.write(asBytes(chunk), (error) => {
          if (error) reject(webZlibError(error));
          else if (failure !== null) reject(failure);
          else resolve();
        });
      });
    },
    flush() {
      if (failure !== null) throw failure;
      return new Promise((resolve, reject) => {
        handle.once('end', resolve);
        handle.once('error', (error) => reject(webZlibError(error)));
        handle.end();
      });
    },
    cancel() {
      handle.destroy();
    },
  });
}

const compressionFormats = ['deflate', 'deflate-raw', 'gzip', 'brotli'];

function validateFormat(format) {
  format = `${format}`;
  if (!compressionFormats.includes(format)) {
    throw new ERR_INVALID_ARG_VALUE('format', format);
  }
  return format;
}

class CompressionStream {
  constructor(format) {
    format = validateFormat(format);
    const zlib = require('zlib');
    const handle = format === 'deflate' ? zlib.createDeflate() :
      format === 'deflate-raw' ? zlib.createDeflateRaw() :
        format === 'gzip' ? zlib.createGzip() : zlib.createBrotliCompress();
    this[kState] = { kind: 'CompressionStream', transform: zlibTransform(handle) };
  }

  get readable() {
    return check(this, 'CompressionStream').transform.readable;
  }

  get writable() {
    return check(this, 'CompressionStream').transform.writable;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'CompressionStream', depth, options, {
      readable: this.readable,
      writable: this.writable,
    });
  }
}

class DecompressionStream {
  constructor(format) {
    format = validateFormat(format);
    const zlib = require('zlib');
    const handle = format === 'deflate' ? zlib.createInflate() :
      format === 'deflate-raw' ? zlib.createInflateRaw() :
        format === 'gzip' ? zlib.createGunzip() : zlib.createBrotliDecompress();
    this[kState] = { kind: 'DecompressionStream', transform: zlibTransform(handle) };
  }

  get readable() {
    return check(this, 'DecompressionStream').transform.readable;
  }

  get writable() {
    return check(this, 'DecompressionStream').transform.writable;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'DecompressionStream', depth, options, {
      readable: this.readable,
      writable: this.writable,
    });
  }
}

for (const ctor of [TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream]) {
  Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
    __proto__: null, value: ctor.name, configurable: true,
  });
}

module.exports = { TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream };
