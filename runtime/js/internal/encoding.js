'use strict';
// TextEncoder and TextDecoder (WHATWG Encoding): the bytes are converted by
// the encoding ops (runtime/src/ops/encoding.rs); streaming, the BOM and
// labels are handled here.

const {
  op_encoding_decoder_open_sync: openLegacyDecoder,
  op_encoding_decoder_decode_sync: decodeLegacy,
  op_encoding_decode_sync: decodeNative,
  op_encoding_encode_utf8_sync: encodeUtf8,
  op_encoding_encode_into_sync: encodeIntoNative,
} = internalBinding('encoding');

// What encodeInto read and wrote, filled in by the op (no array per call).
const encodeIntoResult = new Uint32Array(2);
const kDecodeUtf8 = 0;
const kDecodeUtf16le = 1;
const kDecodeWindows1252 = 2;
const kDecodeUtf16be = 3;
const kDecodeLegacy = 4;

// A legacy decoder's native state goes when its TextDecoder does.
let decoderRegistry;
function closeWithDecoder(decoder, id) {
  decoderRegistry ??= new FinalizationRegistry((handle) => {
    internalBinding('core').op_core_handle_close_sync(handle);
  });
  decoderRegistry.register(decoder, id);
}

// WHATWG's labels for the encodings TextDecoder knows.
const labels = new Map();
for (const [name, names] of [
  ['utf-8', ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']],
  ['utf-16le', ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le']],
  ['utf-16be', ['unicodefffe', 'utf-16be']],
  ['windows-1252', ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1',
    'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii',
    'windows-1252', 'x-cp1252']],
]) {
  for (const label of names) labels.set(label, name);
}

class TextEncoder {
  get encoding() { return 'utf-8'; }

  encode(input = '') {
    return encodeUtf8(`${input}`);
  }

  encodeInto(source, destination) {
    encodeIntoNative(`${source}`, destination, encodeIntoResult);
    return { read: encodeIntoResult[0], written: encodeIntoResult[1] };
  }
}

// How many bytes at the end of `bytes` are an unfinished UTF-8 character
// that more bytes could still complete: a lead byte C2–F4 and the
// continuation bytes after it, the first within the range its lead allows
// (A0–BF after E0, 80–9F after ED, 90–BF after F0, 80–8F after F4). Bytes
// that can never become a character are not held back, so decoding in
// chunks gives what decoding the whole input gives.
function utf8IncompleteTail(bytes) {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xC0) === 0x80) continue; // continuation byte
    let need;
    if (b >= 0xC2 && b <= 0xDF) need = 2;
    else if (b >= 0xE0 && b <= 0xEF) need = 3;
    else if (b >= 0xF0 && b <= 0xF4) need = 4;
    else return 0;
    if (need <= back) return 0;
    if (back >= 2) {
      const c = bytes[n - back + 1];
      const lo = b === 0xE0 ? 0xA0 : b === 0xF0 ? 0x90 : 0x80;
      const hi = b === 0xED ? 0x9F : b === 0xF4 ? 0x8F : 0xBF;
      if (c < lo || c > hi) return 0;
    }
    return back;
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

const kindOf = {
  'utf-8': kDecodeUtf8, 'utf-16le': kDecodeUtf16le, 'utf-16be': kDecodeUtf16be, 'windows-1252': kDecodeWindows1252,
};

function isAnyArrayBuffer(value) {
  return value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer);
}

class TextDecoder {
  #encoding;
  #kind;
  #legacy;
  #fatal;
  #ignoreBOM;
  #pending = null;
  #bomSeen = false;

  constructor(encoding = 'utf-8', options = {}) {
    // Only ASCII whitespace is trimmed (not U+00A0, U+2028, …).
    const key = `${encoding}`.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
    let resolved = labels.get(key);
    if (resolved === undefined) {
      // The other WHATWG encodings (shift_jis, gbk, iso-8859-2, …) decode
      // through a native streaming decoder.
      const legacy = key === '' ? undefined : openLegacyDecoder(key);
      if (legacy === undefined) {
        throw new (require('internal/errors').codes.ERR_ENCODING_NOT_SUPPORTED)(encoding);
      }
      [this.#legacy, resolved] = legacy;
      closeWithDecoder(this, this.#legacy);
    }
    this.#encoding = resolved;
    this.#kind = this.#legacy === undefined ? kindOf[resolved] : kDecodeLegacy;
    this.#fatal = !!(options && options.fatal);
    this.#ignoreBOM = !!(options && options.ignoreBOM);
  }

  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input, options = {}) {
    const stream = !!(options && options.stream);
    if (this.#kind === kDecodeLegacy) {
      // The native decoder keeps unfinished characters between calls.
      return decodeLegacy(this.#legacy, toBytes(input), !stream, this.#fatal);
    }
    if (this.#pending === null && !stream && (ArrayBuffer.isView(input) || isAnyArrayBuffer(input))) {
      // One whole input: the op reads it where it is.
      return this.#dropBOM(decodeNative(input, this.#kind, this.#fatal), false);
    }
    let bytes = toBytes(input);
    if (this.#pending !== null) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = null;
    }
    let text;
    if (this.#kind === kDecodeUtf8) {
      if (stream) {
        const keep = utf8IncompleteTail(bytes);
        if (keep > 0) {
          this.#pending = bytes.slice(bytes.length - keep);
          bytes = bytes.subarray(0, bytes.length - keep);
        }
      }
      text = decodeNative(bytes, kDecodeUtf8, this.#fatal);
    } else if (this.#kind === kDecodeUtf16le || this.#kind === kDecodeUtf16be) {
      if (stream) {
        // An odd byte, and a lead surrogate, wait for what completes them.
        let keep = bytes.length % 2;
        const last = bytes.length - keep - 2;
        const high = this.#kind === kDecodeUtf16le ? bytes[last + 1] : bytes[last];
        if (last >= 0 && (high & 0xFC) === 0xD8) keep += 2;
        if (keep > 0) {
          this.#pending = bytes.slice(bytes.length - keep);
          bytes = bytes.subarray(0, bytes.length - keep);
        }
      }
      text = decodeNative(bytes, this.#kind, this.#fatal);
    } else {
      text = decodeNative(bytes, kDecodeWindows1252, false);
    }
    return this.#dropBOM(text, stream);
  }

  // Drops a byte order mark at the start of a stream (not for
  // windows-1252, which has none), unless ignoreBOM.
  #dropBOM(text, stream) {
    if (!this.#ignoreBOM && !this.#bomSeen && text.length > 0) {
      if (text.charCodeAt(0) === 0xFEFF && this.#kind !== kDecodeWindows1252) text = text.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) this.#bomSeen = false;
    return text;
  }
}

Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { __proto__: null, value: 'TextEncoder', configurable: true });
Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { __proto__: null, value: 'TextDecoder', configurable: true });

module.exports = { TextEncoder, TextDecoder, utf8IncompleteTail };
