'use strict';
// Blob and File (W3C File API) as Node 24 has them: the bytes are copied
// into one Uint8Array when the Blob is made, and slices share it (a Blob
// never changes).

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_THIS, ERR_MISSING_ARGS },
} = require('internal/errors');
const { kState, customInspect, customInspectObject } = require('internal/webstreams/util');

const disallowedTypeCharacters = /[^\u0020-\u007E]/u;
let encoder;

function isBlob(value) {
  return typeof value === 'object' && value !== null && value[kState]?.kind === 'Blob';
}

function checkBlob(self) {
  if (!isBlob(self)) throw new ERR_INVALID_THIS('Blob');
  return self[kState];
}

function normalizeType(type) {
  type = `${type}`;
  return disallowedTypeCharacters.test(type) ? '' : type.toLowerCase();
}

function partBytes(part, endings) {
  if (part instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && part instanceof SharedArrayBuffer)) {
    return new Uint8Array(part.slice(0));
  }
  if (ArrayBuffer.isView(part)) {
    return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  }
  if (isBlob(part)) {
    const { bytes, start, end } = part[kState];
    return bytes.subarray(start, end);
  }
  let text = `${part}`;
  if (endings === 'native') text = text.replace(/\r\n|\r|\n/g, require('os').EOL);
  encoder ??= new (require('internal/encoding').TextEncoder)();
  return encoder.encode(text);
}

class Blob {
  constructor(sources = [], options = undefined) {
    if (sources === null || typeof sources !== 'object' || typeof sources[Symbol.iterator] !== 'function') {
      // Node 24's WebIDL layer: a plain TypeError with the code as a property.
      const error = new TypeError('Value cannot be converted to sequence.');
      error.code = 'ERR_INVALID_ARG_TYPE';
      throw error;
    }
    if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
      throw new ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    let endings = options?.endings ?? 'transparent';
    endings = `${endings}`;
    if (endings !== 'transparent' && endings !== 'native') {
      throw new ERR_INVALID_ARG_VALUE('options.endings', endings);
    }
    const type = options?.type;
    const parts = [];
    let length = 0;
    for (const source of sources) {
      const bytes = partBytes(source, endings);
      parts.push(bytes);
      length += bytes.byteLength;
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    this[kState] = {
      kind: 'Blob',
      bytes,
      start: 0,
      end: length,
      type: type === undefined ? '' : normalizeType(type),
    };
  }

  get type() {
    return checkBlob(this).type;
  }

  get size() {
    const b = checkBlob(this);
    return b.end - b.start;
  }

  slice(start = 0, end = undefined, contentType = '') {
    const b = checkBlob(this);
    const size = b.end - b.start;
    const relative = (value, fallback) => {
      if (value === undefined) return fallback;
      let n = Math.trunc(+value) || 0;
      if (n < 0) n = Math.max(size + n, 0);
      return Math.min(n, size);
    };
    const from = relative(start, 0);
    const to = relative(end, size);
    const span = Math.max(to - from, 0);
    const blob = Object.create(Blob.prototype);
    blob[kState] = {
      kind: 'Blob',
      bytes: b.bytes,
      start: b.start + from,
      end: b.start + from + span,
      type: normalizeType(contentType),
    };
    return blob;
  }

  arrayBuffer() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS('Blob'));
    const { bytes, start, end } = this[kState];
    return Promise.resolve(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + end));
  }

  bytes() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS('Blob'));
    const { bytes, start, end } = this[kState];
    return Promise.resolve(bytes.slice(start, end));
  }

  text() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS('Blob'));
    const { bytes, start, end } = this[kState];
    const { TextDecoder } = require('internal/encoding');
    return Promise.resolve(new TextDecoder().decode(bytes.subarray(start, end)));
  }

  // A byte stream of the contents, read into the reader's buffers when it
  // brings its own.
  stream() {
    const b = checkBlob(this);
    const { ReadableStream } = require('internal/webstreams/readable');
    const bytes = b.bytes;
    let position = b.start;
    const end = b.end;
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        if (position >= end) {
          controller.close();
          const request = controller.byobRequest;
          if (request !== null) request.respond(0);
          return;
        }
        const request = controller.byobRequest;
        if (request !== null) {
          const view = request.view;
          const count = Math.min(view.byteLength, end - position);
          new Uint8Array(view.buffer, view.byteOffset, count).set(bytes.subarray(position, position + count));
          position += count;
          request.respond(count);
        } else {
          controller.enqueue(bytes.slice(position, end));
          position = end;
        }
        if (position >= end) {
          controller.close();
          const pending = controller.byobRequest;
          if (pending !== null) pending.respond(0);
        }
      },
    });
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'Blob', depth, options, { size: this.size, type: this.type });
  }
}

Object.defineProperty(Blob.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Blob', configurable: true,
});

class File extends Blob {
  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('fileBits', 'fileName');
    super(fileBits, options);
    let lastModified;
    if (options?.lastModified !== undefined) {
      lastModified = +options.lastModified;
      if (Number.isNaN(lastModified)) lastModified = 0;
      lastModified = Math.trunc(lastModified);
    } else {
      lastModified = Date.now();
    }
    this[kState].name = `${fileName}`;
    this[kState].lastModified = lastModified;
    this[kState].isFile = true;
  }

  get name() {
    if (!isBlob(this) || this[kState].isFile !== true) throw new ERR_INVALID_THIS('File');
    return this[kState].name;
  }

  get lastModified() {
    if (!isBlob(this) || this[kState].isFile !== true) throw new ERR_INVALID_THIS('File');
    return this[kState].lastModified;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'File', depth, options, {
      size: this.size, type: this.type, name: this.name, lastModified: this.lastModified,
    });
  }
}

Object.defineProperty(File.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'File', configurable: true,
});

module.exports = { Blob, File, isBlob };
