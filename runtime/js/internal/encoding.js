'use strict';
// TextEncoder and TextDecoder (WHATWG Encoding): UTF-8 through the core
// ops, UTF-16LE and Latin-1 in JS.

const {
  op_core_decode_utf8_sync: decodeUtf8,
  op_core_encode_utf8_sync: encodeUtf8,
  op_core_encode_into_sync: encodeInto,
} = internalBinding('core');

const labels = new Map([
  ['utf-8', 'utf-8'], ['utf8', 'utf-8'], ['unicode-1-1-utf-8', 'utf-8'],
  ['utf-16le', 'utf-16le'], ['utf-16', 'utf-16le'], ['ucs-2', 'utf-16le'],
  ['latin1', 'windows-1252'], ['iso-8859-1', 'windows-1252'], ['ascii', 'windows-1252'],
  ['us-ascii', 'windows-1252'], ['windows-1252', 'windows-1252'],
]);

class TextEncoder {
  get encoding() { return 'utf-8'; }

  encode(input = '') {
    return encodeUtf8(`${input}`);
  }

  encodeInto(source, destination) {
    const [read, written] = encodeInto(`${source}`, destination);
    return { read, written };
  }
}

// Bytes at the end of `bytes` that start an unfinished UTF-8 sequence.
function incompleteTail(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xC0) === 0x80) continue; // continuation byte
    let need = 0;
    if ((b & 0xE0) === 0xC0) need = 2;
    else if ((b & 0xF0) === 0xE0) need = 3;
    else if ((b & 0xF8) === 0xF0) need = 4;
    return need > back ? back : 0;
  }
  return 0;
}

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)) {
    return new Uint8Array(input);
  }
  // Node checks this in C++: the code is not in the message's header.
  throw require('internal/errors').nativeErrorWithCode(TypeError, 'ERR_INVALID_ARG_TYPE',
    'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null;
  #bomSeen = false;

  constructor(encoding = 'utf-8', options = {}) {
    const key = `${encoding}`.trim().toLowerCase();
    const resolved = labels.get(key);
    if (resolved === undefined) {
      throw new (require('internal/errors').codes.ERR_ENCODING_NOT_SUPPORTED)(encoding);
    }
    this.#encoding = resolved;
    this.#fatal = !!(options && options.fatal);
    this.#ignoreBOM = !!(options && options.ignoreBOM);
  }

  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input, options = {}) {
    let bytes = toBytes(input);
    const stream = !!(options && options.stream);
    if (this.#pending !== null) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    let text;
    if (this.#encoding === 'utf-8') {
      if (stream) {
        const keep = incompleteTail(bytes);
        if (keep > 0) {
          this.#pending = bytes.slice(bytes.length - keep);
          bytes = bytes.subarray(0, bytes.length - keep);
        }
      }
      text = decodeUtf8(bytes, this.#fatal);
    } else if (this.#encoding === 'utf-16le') {
      let end = bytes.length;
      if (end % 2 === 1) {
        if (stream) {
          this.#pending = bytes.slice(end - 1);
        }
        end--;
      }
      let out = '';
      for (let i = 0; i < end; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      if (!stream && bytes.length % 2 === 1) out += '\ufffd';
      text = out;
    } else {
      let out = '';
      for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
      text = out;
    }
    if (!this.#ignoreBOM && !this.#bomSeen && text.length > 0) {
      if (text.charCodeAt(0) === 0xFEFF && this.#encoding !== 'windows-1252') text = text.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) this.#bomSeen = false;
    return text;
  }
}

Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { __proto__: null, value: 'TextEncoder', configurable: true });
Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { __proto__: null, value: 'TextDecoder', configurable: true });

module.exports = { TextEncoder, TextDecoder };
