'use strict';

// node:string_decoder — decodes Buffers into strings across chunk
// boundaries: bytes of an unfinished character wait for the next write().

const { Buffer } = require('buffer');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS, ERR_UNKNOWN_ENCODING },
} = require('internal/errors');

const kPending = Symbol('kPending');

function normalize(enc) {
  const lower = enc == null ? 'utf8' : `${enc}`.toLowerCase();
  switch (lower) {
    case 'utf8': case 'utf-8': case '': return 'utf8';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': case 'base64url': case 'hex': case 'ascii': return lower;
    default: return undefined;
  }
}

// How many bytes at the end of `bytes` begin a UTF-8 character by their
// bit patterns, as Node's decoder holds them back (it does not check that
// more bytes could still make the character valid; end() decodes whatever
// is held, so the replacement characters match decoding all at once).
function utf8IncompleteTail(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue;
    let need = 0;
    if ((b & 0xe0) === 0xc0) need = 2;
    else if ((b & 0xf0) === 0xe0) need = 3;
    else if ((b & 0xf8) === 0xf0) need = 4;
    return need > back ? back : 0;
  }
  return 0;
}

function StringDecoder(encoding) {
  const normalized = normalize(encoding);
  if (normalized === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
  this.encoding = normalized;
  this[kPending] = Buffer.alloc(0);
}

function toBuffer(buf) {
  if (Buffer.isBuffer(buf)) return buf;
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) {
    throw new ERR_INVALID_ARG_TYPE('buf', ['Buffer', 'TypedArray', 'DataView'], buf);
  }
  if (!this[kPending]) throw new ERR_INVALID_THIS('StringDecoder');
  let bytes = toBuffer(buf);
  let prefix = '';
  if (this.encoding === 'utf16le' && this[kPending].length) {
    // Complete the buffered character first, as Node's decoder does: an
    // odd byte needs one more, a lead surrogate two; until then, nothing.
    const pending = this[kPending];
    const need = pending.length % 2 === 1 ? 1 : 2;
    if (bytes.length < need) {
      this[kPending] = Buffer.concat([pending, bytes]);
      return '';
    }
    const char = Buffer.concat([pending, bytes.subarray(0, need)]);
    bytes = bytes.subarray(need);
    this[kPending] = Buffer.alloc(0);
    if (char.length === 2 && (char[1] & 0xfc) === 0xd8) {
      // The completed unit is itself a lead surrogate: wait for its pair.
      this[kPending] = char;
      return this.write(bytes);
    }
    prefix = char.toString('utf16le');
  } else if (this[kPending].length) {
    bytes = Buffer.concat([this[kPending], bytes]);
  }
  let keep = 0;
  switch (this.encoding) {
    case 'utf8':
      keep = utf8IncompleteTail(bytes);
      break;
    case 'utf16le': {
      keep = bytes.length % 2;
      // A high surrogate at the end of an even-length input waits for its pair.
      const end = bytes.length;
      if (keep === 0 && end >= 2 && (bytes[end - 1] & 0xfc) === 0xd8) keep += 2;
      break;
    }
    case 'base64':
    case 'base64url':
      keep = bytes.length % 3;
      break;
    default:
      keep = 0;
  }
  this[kPending] = Buffer.from(bytes.subarray(bytes.length - keep));
  return prefix + bytes.toString(this.encoding, 0, bytes.length - keep);
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  const pending = this[kPending];
  if (pending.length) {
    this[kPending] = Buffer.alloc(0);
    if (this.encoding === 'utf8') ret += pending.toString('utf8');
    else if (this.encoding === 'utf16le') ret += pending.toString('utf16le', 0, pending.length - (pending.length % 2));
    else ret += pending.toString(this.encoding);
  }
  return ret;
};

StringDecoder.prototype.text = function text(buf, offset) {
  this[kPending] = Buffer.alloc(0);
  return this.write(buf.subarray(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true,
    enumerable: true,
    get() {
      const out = Buffer.alloc(4);
      out.set(this[kPending].subarray(0, 4));
      return out;
    },
  },
  lastNeed: {
    configurable: true,
    enumerable: true,
    get() {
      const pending = this[kPending];
      if (!pending.length) return 0;
      if (this.encoding === 'utf8') {
        const b = pending[0];
        const total = (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : 4;
        return total - pending.length;
      }
      if (this.encoding === 'utf16le') return pending.length % 2 ? 1 : 2;
      if (this.encoding === 'base64' || this.encoding === 'base64url') return 3 - pending.length;
      return 0;
    },
  },
  lastTotal: {
    configurable: true,
    enumerable: true,
    get() {
      return this.lastNeed + this[kPending].length;
    },
  },
});

module.exports = { StringDecoder };
