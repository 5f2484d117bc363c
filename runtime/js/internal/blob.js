'use strict';
// Blob and File (W3C File API) as Node 24 has them: each part's bytes are
// copied once when the Blob is made; slices and Blobs made of Blobs share
// them (a Blob never changes). stream() gives one chunk per part, as
// Node's does.

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_THIS, ERR_MISSING_ARGS },
} = require('internal/errors');
const { kState, customInspect, customInspectObject, enumerableMembers } = require('internal/webstreams/util');

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

// The parts one source adds (a Blob adds its own parts).
function partsOf(part, endings) {
  if (part instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && part instanceof SharedArrayBuffer)) {
    return [new Uint8Array(part.slice(0))];
  }
  if (ArrayBuffer.isView(part)) {
    return [new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength))];
  }
  if (isBlob(part)) return part[kState].parts;
  let text = `${part}`;
  if (endings === 'native') text = text.replace(/\r\n|\r|\n/g, require('os').EOL);
  encoder ??= new (require('internal/encoding').TextEncoder)();
  return [encoder.encode(text)];
}

function concatParts(parts, size) {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function makeBlob(parts, size, type) {
  const blob = Object.create(Blob.prototype);
  blob[kState] = { kind: 'Blob', parts, size, type };
  return blob;
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
    let size = 0;
    for (const source of sources) {
      for (const part of partsOf(source, endings)) {
        if (part.byteLength === 0) continue;
        parts.push(part);
        size += part.byteLength;
      }
    }
    this[kState] = { kind: 'Blob', parts, size, type: type === undefined ? '' : normalizeType(type) };
  }

  get type() {
    return checkBlob(this).type;
  }

  get size() {
    return checkBlob(this).size;
  }

  slice(start = 0, end = undefined, contentType = '') {
    const b = checkBlob(this);
    const size = b.size;
    const relative = (value, fallback) => {
      if (value === undefined) return fallback;
      let n = Math.trunc(+value) || 0;
      if (n < 0) n = Math.max(size + n, 0);
      return Math.min(n, size);
    };
    const from = relative(start, 0);
    const to = Math.max(relative(end, size), from);
    const parts = [];
    let offset = 0;
    for (const part of b.parts) {
      const partEnd = offset + part.byteLength;
      if (partEnd > from && offset < to) {
        parts.push(part.subarray(Math.max(from - offset, 0), Math.min(to, partEnd) - offset));
      }
      offset = partEnd;
    }
    return makeBlob(parts, to - from, normalizeType(contentType));
  }

  arrayBuffer() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS('Blob'));
    const { parts, size } = this[kState];
    return Promise.resolve(concatParts(parts, size).buffer);
  }

  bytes() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS('Blob'));
    const { parts, size } = this[kState];
    return Promise.resolve(concatParts(parts, size));
  }

  text() {
    if (!isBlob(this)) return Promise.reject(new ERR_INVALID_THIS('Blob'));
    const { parts, size } = this[kState];
    const { TextDecoder } = require('internal/encoding');
    return Promise.resolve(new TextDecoder().decode(concatParts(parts, size)));
  }

  // A byte stream of the contents: a default reader gets one chunk per
  // part; a BYOB reader's buffer is filled from as many parts as fit.
  stream() {
    const b = checkBlob(this);
    const { ReadableStream } = require('internal/webstreams/readable');
    const parts = b.parts;
    let index = 0;
    let offset = 0;
    const finish = (controller) => {
      controller.close();
      const pending = controller.byobRequest;
      if (pending !== null) pending.respond(0);
    };
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        if (index >= parts.length) {
          finish(controller);
          return;
        }
        const request = controller.byobRequest;
        if (request !== null) {
          const view = request.view;
          const target = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
          let written = 0;
          while (written < target.byteLength && index < parts.length) {
            const part = parts[index];
            const count = Math.min(target.byteLength - written, part.byteLength - offset);
            target.set(part.subarray(offset, offset + count), written);
            written += count;
            offset += count;
            if (offset === part.byteLength) {
              index++;
              offset = 0;
            }
          }
          request.respond(written);
        } else {
          controller.enqueue(parts[index].slice(offset));
          index++;
          offset = 0;
        }
        if (index >= parts.length) finish(controller);
      },
    });
  }

  // Node 24's: the contents decoded as UTF-8, as a stream of strings.
  textStream() {
    checkBlob(this);
    const { TextDecoderStream } = require('internal/webstreams/encoding');
    return this.stream().pipeThrough(new TextDecoderStream());
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
    let lastModified = options?.lastModified;
    if (lastModified !== undefined) {
      lastModified = +lastModified;
      if (Number.isNaN(lastModified)) lastModified = 0;
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

// blob: URLs (URL.createObjectURL): each names a copy of the Blob that
// shares its bytes, until revoked.
const objectURLs = new Map();

function registerObjectURL(blob) {
  const id = require('crypto').randomUUID();
  const { parts, size, type } = blob[kState];
  objectURLs.set(id, { parts, size, type });
  return `blob:nodedata:${id}`;
}

function objectURLId(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const split = parsed.pathname.split(':');
  if (split.length !== 2) return undefined;
  return split;
}

function revokeObjectURL(url) {
  const split = objectURLId(url);
  if (split !== undefined) objectURLs.delete(split[1]);
}

// buffer.resolveObjectURL(url): a Blob with the registered contents, or
// undefined.
function resolveObjectURL(url) {
  const split = objectURLId(`${url}`);
  if (split === undefined || split[0] !== 'nodedata') return undefined;
  const entry = objectURLs.get(split[1]);
  if (entry === undefined) return undefined;
  return makeBlob(entry.parts, entry.size, entry.type);
}

enumerableMembers(Blob);
enumerableMembers(File);

module.exports = { Blob, File, isBlob, registerObjectURL, revokeObjectURL, resolveObjectURL };
