'use strict';
// TextEncoderStream, TextDecoderStream (WHATWG Encoding) and
// CompressionStream, DecompressionStream (WHATWG Compression), each a
// readable/writable pair around a TransformStream. Compression runs on
// node:zlib's streams.

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_THIS, ERR_STREAM_NULL_VALUES },
} = require('internal/errors');
const { customInspect, customInspectObject, isArrayBufferView, enumerableMembers } = require('internal/webstreams/util');
const { TransformStream } = require('internal/webstreams/transform');

function isBufferSource(value) {
  return isArrayBufferView(value) || value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer);
}

function isShared(chunk) {
  const buffer = isArrayBufferView(chunk) ? chunk.buffer : chunk;
  return typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
}

function asBytes(chunk) {
  if (isArrayBufferView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return new Uint8Array(chunk);
}

// The classes keep their parts in private fields, as Node 24's do: a getter
// called on another object throws V8's "Cannot read private member".

class TextEncoderStream {
  #transform;

  constructor() {
    const { TextEncoder } = require('internal/encoding');
    const encoder = new TextEncoder();
    let pendingHighSurrogate = null;
    this.#transform = new TransformStream({
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
  }

  get encoding() {
    void this.#transform; // the brand check: throws on other objects
    return 'utf-8';
  }

  get readable() {
    return this.#transform.readable;
  }

  get writable() {
    return this.#transform.writable;
  }

  [customInspect](depth, options) {
    if (this === null || typeof this !== 'object' || !(#transform in this)) {
      throw new ERR_INVALID_THIS('TextEncoderStream');
    }
    return customInspectObject(this, 'TextEncoderStream', depth, options, {
      encoding: 'utf-8',
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

class TextDecoderStream {
  #transform;
  #decoder;

  constructor(label = 'utf-8', options = {}) {
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw new ERR_INVALID_ARG_TYPE('options', 'object', options);
    }
    const { TextDecoder } = require('internal/encoding');
    const decoder = new TextDecoder(label, options ?? {});
    this.#decoder = decoder;
    this.#transform = new TransformStream({
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
  }

  get encoding() {
    return this.#decoder.encoding;
  }

  get fatal() {
    return this.#decoder.fatal;
  }

  get ignoreBOM() {
    return this.#decoder.ignoreBOM;
  }

  get readable() {
    return this.#transform.readable;
  }

  get writable() {
    return this.#transform.writable;
  }

  [customInspect](depth, options) {
    if (this === null || typeof this !== 'object' || !(#transform in this)) {
      throw new ERR_INVALID_THIS('TextDecoderStream');
    }
    return customInspectObject(this, 'TextDecoderStream', depth, options, {
      encoding: this.#decoder.encoding,
      fatal: this.#decoder.fatal,
      ignoreBOM: this.#decoder.ignoreBOM,
      readable: this.#transform.readable,
      writable: this.#transform.writable,
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
      // What Node 24 takes: strings (as UTF-8, zlib's way) and bytes not
      // in shared memory.
      if (chunk === null) throw new ERR_STREAM_NULL_VALUES();
      if (typeof chunk !== 'string' && (!isBufferSource(chunk) || isShared(chunk))) {
        throw new ERR_INVALID_ARG_TYPE('chunk', ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], chunk);
      }
      if (failure !== null) throw failure;
      return new Promise((resolve, reject) => {
        handle.write(typeof chunk === 'string' ? chunk : asBytes(chunk), (error) => {
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
  #transform;

  constructor(format) {
    format = validateFormat(format);
    const zlib = require('zlib');
    const handle = format === 'deflate' ? zlib.createDeflate() :
      format === 'deflate-raw' ? zlib.createDeflateRaw() :
        format === 'gzip' ? zlib.createGzip() : zlib.createBrotliCompress();
    this.#transform = zlibTransform(handle);
  }

  get readable() {
    return this.#transform.readable;
  }

  get writable() {
    return this.#transform.writable;
  }

  [customInspect](depth, options) {
    if (this === null || typeof this !== 'object' || !(#transform in this)) {
      throw new ERR_INVALID_THIS('CompressionStream');
    }
    return customInspectObject(this, 'CompressionStream', depth, options, {
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

class DecompressionStream {
  #transform;

  constructor(format) {
    format = validateFormat(format);
    const zlib = require('zlib');
    const handle = format === 'deflate' ? zlib.createInflate() :
      format === 'deflate-raw' ? zlib.createInflateRaw() :
        format === 'gzip' ? zlib.createGunzip() : zlib.createBrotliDecompress();
    this.#transform = zlibTransform(handle);
  }

  get readable() {
    return this.#transform.readable;
  }

  get writable() {
    return this.#transform.writable;
  }

  [customInspect](depth, options) {
    if (this === null || typeof this !== 'object' || !(#transform in this)) {
      throw new ERR_INVALID_THIS('DecompressionStream');
    }
    return customInspectObject(this, 'DecompressionStream', depth, options, {
      readable: this.#transform.readable,
      writable: this.#transform.writable,
    });
  }
}

for (const ctor of [TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream]) {
  Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
    __proto__: null, value: ctor.name, configurable: true,
  });
  enumerableMembers(ctor);
}

module.exports = { TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream };
