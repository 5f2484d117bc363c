'use strict';

// node:buffer — Buffer as a Uint8Array subclass with Node's encodings
// (utf8, utf16le/ucs2, latin1/binary, ascii, base64, base64url, hex),
// numeric reads and writes, search, comparison and inspection.
//
// Natives: internalBinding('encoding') converts between bytes and strings
// in every encoding (runtime/src/ops/encoding.rs): slices read the buffer in
// place, writes go straight into it. The numbers below name the encodings
// for those ops.

const {
  codes: {
    ERR_BUFFER_OUT_OF_BOUNDS,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_BUFFER_SIZE,
    ERR_OUT_OF_RANGE,
    ERR_MISSING_ARGS,
    ERR_UNKNOWN_ENCODING,
  },
  hideStackFrames,
  nativeErrorWithCode,
} = require('internal/errors');
const { validateArray, validateNumber, validateString } = require('internal/validators');

const {
  op_encoding_slice_sync: sliceNative,
  op_encoding_write_sync: writeNative,
  op_encoding_utf8_length_sync: utf8Length,
  op_encoding_alloc_unsafe_sync: allocUnsafeArrayBuffer,
  op_encoding_is_utf8_sync: isUtf8Native,
  op_encoding_is_ascii_sync: isAsciiNative,
  op_encoding_btoa_sync: btoaNative,
  op_encoding_atob_sync: atobNative,
  op_encoding_transcode_sync: transcodeNative,
} = internalBinding('encoding');

const kUtf8 = 0;
const kUcs2 = 1;
const kLatin1 = 2;
const kAscii = 3;
const kBase64 = 4;
const kBase64Url = 5;
const kHex = 6;

// Node 24 (V8 13+) allows typed arrays up to 2^53 - 1 bytes on 64-bit machines.
const kMaxLength = Number.MAX_SAFE_INTEGER;
const kStringMaxLength = (1 << 29) - 24;
const constants = { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength };
let INSPECT_MAX_BYTES = 50;

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
const typedArrayLength = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
function isUint8Array(value) {
  return Reflect.apply(typedArrayTag, value, []) === 'Uint8Array';
}
function isAnyArrayBuffer(value) {
  return value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) ||
    Object.prototype.toString.call(value) === '[object ArrayBuffer]' ||
    Object.prototype.toString.call(value) === '[object SharedArrayBuffer]';
}

class FastBuffer extends Uint8Array {
  // eslint-disable-next-line no-useless-constructor
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

// ---- Encodings ----------------------------------------------------------------

function utf8Slice(buf, start, end) {
  return sliceNative(buf, start, end, kUtf8);
}

function base64ByteLength(str, bytes) {
  // Padding at the end does not count.
  if (str.charCodeAt(bytes - 1) === 0x3D) bytes--;
  if (bytes > 1 && str.charCodeAt(bytes - 1) === 0x3D) bytes--;
  return (bytes * 3) >>> 2;
}

// One entry per encoding: its native number, the byte length of a string
// (exact, or an upper bound for base64), slicing, writing and a string's
// bytes as a new buffer.
function makeEncodingOps(encoding, code, byteLength) {
  return {
    encoding,
    code,
    byteLength,
    slice: (buf, start, end) => sliceNative(buf, start, end, code),
    write: (buf, string, offset, length) => writeNative(buf, string, offset, length, code),
    bytes(string) {
      const max = byteLength(string);
      const buf = new FastBuffer(max);
      const actual = writeNative(buf, string, 0, max, code);
      return actual === max ? buf : new FastBuffer(buf.buffer, 0, actual);
    },
  };
}

const encodingOps = {
  utf8: makeEncodingOps('utf8', kUtf8, utf8Length),
  ucs2: makeEncodingOps('utf16le', kUcs2, (s) => s.length * 2),
  latin1: makeEncodingOps('latin1', kLatin1, (s) => s.length),
  ascii: makeEncodingOps('ascii', kAscii, (s) => s.length),
  base64: makeEncodingOps('base64', kBase64, (s) => base64ByteLength(s, s.length)),
  base64url: makeEncodingOps('base64url', kBase64Url, (s) => base64ByteLength(s, s.length)),
  hex: makeEncodingOps('hex', kHex, (s) => s.length >>> 1),
};

function getEncodingOps(encoding) {
  encoding = `${encoding}`;
  switch (encoding.length) {
    case 4:
      if (encoding === 'utf8') return encodingOps.utf8;
      if (encoding === 'ucs2') return encodingOps.ucs2;
      encoding = encoding.toLowerCase();
      if (encoding === 'utf8') return encodingOps.utf8;
      if (encoding === 'ucs2') return encodingOps.ucs2;
      break;
    case 5:
      if (encoding === 'utf-8') return encodingOps.utf8;
      if (encoding === 'ascii') return encodingOps.ascii;
      if (encoding === 'ucs-2') return encodingOps.ucs2;
      encoding = encoding.toLowerCase();
      if (encoding === 'utf-8') return encodingOps.utf8;
      if (encoding === 'ascii') return encodingOps.ascii;
      if (encoding === 'ucs-2') return encodingOps.ucs2;
      break;
    case 7:
      if (encoding === 'utf16le' || encoding.toLowerCase() === 'utf16le') return encodingOps.ucs2;
      break;
    case 8:
      if (encoding === 'utf-16le' || encoding.toLowerCase() === 'utf-16le') return encodingOps.ucs2;
      break;
    case 6:
      if (encoding === 'latin1' || encoding === 'binary') return encodingOps.latin1;
      if (encoding === 'base64') return encodingOps.base64;
      encoding = encoding.toLowerCase();
      if (encoding === 'latin1' || encoding === 'binary') return encodingOps.latin1;
      if (encoding === 'base64') return encodingOps.base64;
      break;
    case 3:
      if (encoding === 'hex' || encoding.toLowerCase() === 'hex') return encodingOps.hex;
      break;
    case 9:
      if (encoding === 'base64url' || encoding.toLowerCase() === 'base64url') return encodingOps.base64url;
      break;
    default:
      break;
  }
  return undefined;
}

function normalizeEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8') return 'utf8';
  const ops = getEncodingOps(enc);
  return ops === undefined ? undefined : ops.encoding;
}

// ---- Construction ---------------------------------------------------------------

let deprecationWarned = false;

/** Buffer(arg, encodingOrOffset, length): deprecated; use Buffer.from/alloc. */
function Buffer(arg, encodingOrOffset, length) {
  if (!deprecationWarned && !isInsideNodeModules()) {
    deprecationWarned = true;
    process.emitWarning(
      'Buffer() is deprecated due to security and usability issues. Please use the ' +
      'Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.',
      'DeprecationWarning', 'DEP0005');
  }
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') {
      throw new ERR_INVALID_ARG_TYPE('string', 'string', arg);
    }
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

function isInsideNodeModules() {
  const stack = new Error().stack || '';
  return /[\\/]node_modules[\\/]/.test(stack.split('\n').slice(3).join('\n'));
}

Object.defineProperty(Buffer, Symbol.species, {
  enumerable: false, configurable: true, get() { return FastBuffer; },
});

Buffer.prototype = FastBuffer.prototype;
Object.defineProperty(FastBuffer.prototype, 'constructor', {
  value: Buffer, enumerable: false, writable: true, configurable: true,
});
Object.setPrototypeOf(Buffer, Uint8Array);

Buffer.poolSize = 8 * 1024;

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value &&
        (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }
    const b = fromObject(value);
    if (b) return b;
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }
  throw new ERR_INVALID_ARG_TYPE('first argument',
    ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'], value);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!ArrayBuffer.isView(view) || view instanceof DataView) {
    throw new ERR_INVALID_ARG_TYPE('view', ['TypedArray'], view);
  }
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = view.subarray(offset, end);
  }
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return fromArrayLike(bytes);
};

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
}

Buffer.of = function of(...items) {
  const buf = new FastBuffer(items.length);
  for (let i = 0; i < items.length; i++) buf[i] = items[i];
  return buf;
};

const assertSize = hideStackFrames((size) => {
  validateNumber(size, 'size', 0, kMaxLength);
});

Buffer.alloc = function alloc(size, fill, encoding) {
  assertSize(size);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buf = new FastBuffer(size);
    return _fill(buf, fill, 0, buf.length, encoding);
  }
  return new FastBuffer(size);
};

// allocUnsafe takes small sizes from the shared pool and larger ones as
// memory that is not zeroed, as Node does (its contents are whatever was
// there: write before reading).
Buffer.allocUnsafe = function allocUnsafe(size) {
  assertSize(size);
  return allocate(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  assertSize(size);
  return createUnsafeBuffer(size);
};

function SlowBuffer(length) {
  assertSize(length);
  return createUnsafeBuffer(length);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

// Small strings are written into a shared pool, as Node does: one
// ArrayBuffer serves many small Buffers.
const poolSize = 64 * 1024; // Node 24's (8 KiB before)
let allocPool;
let poolView;
// Full until first used: the pool is made at run time (its memory comes
// from an op, which the startup snapshot cannot call).
let poolOffset = poolSize;
// `--zero-fill-buffers`: the memory allocUnsafe hands out is zeroed (set
// once by the bootstrap from the command line, before user code runs).
let zeroFill = false;
function setZeroFill(on) {
  zeroFill = on;
  // A pool made before the flag was read may hold old bytes: start anew.
  poolOffset = poolSize;
}

require('internal/buffer_options').setZeroFill = setZeroFill;

function createPool() {
  // Not zeroed, as Node's pool: every byte is written before it is shown
  // (zeroed under --zero-fill-buffers).
  allocPool = zeroFill ? new ArrayBuffer(poolSize) : allocUnsafeArrayBuffer(poolSize);
  poolView = new Uint8Array(allocPool);
  poolOffset = 0;
}

// Keeps the next pooled Buffer 8-byte aligned, as Node's pool does.
function alignPool() {
  if (poolOffset & 7) poolOffset = (poolOffset | 7) + 1;
}

function createUnsafeBuffer(size) {
  if (size === 0) return new FastBuffer();
  return new FastBuffer(zeroFill ? new ArrayBuffer(size) : allocUnsafeArrayBuffer(size));
}

function allocate(size) {
  if (size <= 0) return new FastBuffer();
  if (size < poolSize >>> 1) {
    if (size > poolSize - poolOffset) createPool();
    const buf = new FastBuffer(allocPool, poolOffset, size);
    poolOffset += size;
    alignPool();
    return buf;
  }
  return createUnsafeBuffer(size);
}

function fromString(string, encoding) {
  let ops;
  if (typeof encoding !== 'string' || encoding.length === 0) {
    if (string.length === 0) return new FastBuffer();
    ops = encodingOps.utf8;
  } else {
    ops = getEncodingOps(encoding);
    if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
    if (string.length === 0) return new FastBuffer();
  }
  const maxLength = poolSize >>> 1;
  let length = string.length;
  if (length >= maxLength) return ops.bytes(string);
  length *= 4; // at most 4 bytes per UTF-16 unit in any encoding
  if (length >= maxLength) length = ops.byteLength(string);
  if (length >= maxLength) return ops.bytes(string);
  if (length > poolSize - poolOffset) createPool();
  const actual = writeNative(poolView, string, poolOffset, length, ops.code);
  const buf = new FastBuffer(allocPool, poolOffset, actual);
  poolOffset += actual;
  alignPool();
  return buf;
}

function fromArrayBuffer(obj, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = obj.byteLength - byteOffset;
  if (maxLength < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw new ERR_BUFFER_OUT_OF_BOUNDS('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(obj, byteOffset, length);
}

function fromArrayLike(obj) {
  if (obj.length <= 0) return new FastBuffer();
  const buf = new FastBuffer(obj.length);
  if (isUint8Array(obj)) {
    buf.set(obj, 0);
  } else {
    for (let i = 0; i < obj.length; i++) buf[i] = obj[i];
  }
  return buf;
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    if (typeof obj.length !== 'number') return new FastBuffer();
    return fromArrayLike(obj);
  }
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  return undefined;
}

// ---- Static helpers -------------------------------------------------------------

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw new ERR_INVALID_ARG_TYPE('buf1', ['Buffer', 'Uint8Array'], buf1);
  if (!isUint8Array(buf2)) throw new ERR_INVALID_ARG_TYPE('buf2', ['Buffer', 'Uint8Array'], buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
};

function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const len = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < len; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 &&
    normalizeEncoding(encoding) !== undefined;
};
Buffer[Symbol.for('kIsEncodingSymbol')] = Buffer.isEncoding;

Buffer.concat = function concat(list, length) {
  validateArray(list, 'list');
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      // The real length of a Uint8Array, not a (spoofable) own property.
      const n = isUint8Array(list[i]) ? Reflect.apply(typedArrayLength, list[i], []) : list[i].length;
      if (n) length += n;
    }
  } else {
    validateOffset(length, 'length');
  }
  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf)) {
      throw new ERR_INVALID_ARG_TYPE(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
    }
    const size = Reflect.apply(typedArrayLength, buf, []);
    const n = Math.min(size, length - pos);
    if (n > 0) {
      buffer.set(n === size ? buf : buf.subarray(0, n), pos);
      pos += n;
    }
  }
  // Zero the rest when the requested length is longer.
  if (pos < length) buffer.fill(0, pos, length);
  return buffer;
};

function validateOffset(value, name, min = 0, max = kMaxLength) {
  if (typeof value !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (!Number.isInteger(value)) throw new ERR_OUT_OF_RANGE(name, 'an integer', value);
  if (value < min || value > max) throw new ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
}

function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw new ERR_INVALID_ARG_TYPE('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }
  const len = string.length;
  if (len === 0) return 0;
  if (encoding) {
    const ops = getEncodingOps(encoding);
    if (ops) return ops.byteLength(string);
  }
  return utf8Length(string);
}
Buffer.byteLength = byteLength;
Buffer.poolSize = poolSize;

// ---- Prototype ------------------------------------------------------------------

const proto = Buffer.prototype;

Object.defineProperty(proto, 'parent', {
  enumerable: true,
  configurable: true,
  get() {
    if (!(this instanceof Buffer)) return undefined;
    return this.buffer;
  },
});
Object.defineProperty(proto, 'offset', {
  enumerable: true,
  configurable: true,
  get() {
    if (!(this instanceof Buffer)) return undefined;
    return this.byteOffset;
  },
});

// Node's C++ ParseArrayIndex: undefined is the default, anything else its
// integer value (NaN is 0), and a negative index is out of range.
function arrayIndex(value, defaultValue) {
  if (value === undefined) return defaultValue;
  const n = Math.trunc(Number(value));
  if (n < 0) throw nativeErrorWithCode(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
  return Number.isNaN(n) ? 0 : n;
}

// buf.<encoding>Slice(start, end) and buf.<encoding>Write(string, offset,
// length), with Node 24's argument checks: utf8, latin1 and ascii writes
// check offset and length in JS first (ERR_BUFFER_OUT_OF_BOUNDS), then
// every write checks as Node's C++ does (a string; offset within the
// buffer; length clamped to it).
for (const [name, ops, checksBounds] of [['utf8', encodingOps.utf8, true], ['ucs2', encodingOps.ucs2, false],
  ['latin1', encodingOps.latin1, true], ['ascii', encodingOps.ascii, true], ['base64', encodingOps.base64, false],
  ['base64url', encodingOps.base64url, false], ['hex', encodingOps.hex, false]]) {
  const code = ops.code;
  proto[`${name}Slice`] = function(start, end) {
    const length = this.byteLength;
    start = arrayIndex(start, 0);
    end = arrayIndex(end, length);
    if (end < start) end = start;
    if (end > length) throw nativeErrorWithCode(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
    return sliceNative(this, start, end, code);
  };
  proto[`${name}Write`] = function(string, offset, length) {
    const size = this.byteLength;
    if (checksBounds) {
      // Each argument is converted once (a valueOf runs once).
      offset = offset === undefined ? 0 : +offset;
      length = length === undefined ? size - offset : +length;
      if (offset < 0 || offset > size) throw new ERR_BUFFER_OUT_OF_BOUNDS('offset');
      if (length < 0 || length > size - offset) throw new ERR_BUFFER_OUT_OF_BOUNDS('length');
    }
    checkWriteString(string);
    offset = arrayIndex(offset, 0);
    if (offset > size) throw new ERR_BUFFER_OUT_OF_BOUNDS('offset');
    length = arrayIndex(length, size - offset);
    return writeNative(this, string, offset, Math.min(length, size - offset), code);
  };
}

proto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return utf8Slice(this, 0, this.length);
  const len = this.length;
  if (start <= 0) start = 0;
  else if (start >= len) return '';
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > len) end = len;
  else end = Math.trunc(end) || 0;
  if (end <= start) return '';
  if (encoding === undefined) return utf8Slice(this, start, end);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
  return ops.slice(this, start, end);
};

proto.toLocaleString = proto.toString;

proto.equals = function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer)) {
    throw new ERR_INVALID_ARG_TYPE('otherBuffer', ['Buffer', 'Uint8Array'], otherBuffer);
  }
  if (this === otherBuffer) return true;
  if (this.byteLength !== otherBuffer.byteLength) return false;
  return this.byteLength === 0 || compareBytes(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
};

proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!isUint8Array(target)) throw new ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
  if (arguments.length === 1) return compareBytes(this, 0, this.length, target, 0, target.length);
  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');
  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);
  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');
  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
};

function _copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart) sourceEnd = sourceStart + target.length - targetStart;
  let nb = sourceEnd - sourceStart;
  const sourceLen = source.length - sourceStart;
  if (nb > sourceLen) nb = sourceLen;
  if (sourceStart !== 0 || sourceEnd < source.length) {
    source = new Uint8Array(source.buffer, source.byteOffset + sourceStart, nb);
  }
  target.set(source, targetStart);
  return nb;
}

proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  if (!ArrayBuffer.isView(target)) {
    throw new ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
  }
  const targetBytes = target instanceof Uint8Array ? target :
    new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = toInteger(targetStart, 0);
    if (targetStart < 0) throw new ERR_OUT_OF_RANGE('targetStart', '>= 0', targetStart);
  }
  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > this.length) {
      throw new ERR_OUT_OF_RANGE('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
    }
  }
  if (sourceEnd === undefined) {
    sourceEnd = this.length;
  } else {
    sourceEnd = toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw new ERR_OUT_OF_RANGE('sourceEnd', '>= 0', sourceEnd);
  }
  if (targetStart >= targetBytes.length || sourceStart >= sourceEnd) return 0;
  return _copyActual(this, targetBytes, targetStart, sourceStart, sourceEnd);
};

function toInteger(n, defaultVal) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return ((n % 1) === 0 ? n : Math.floor(n));
  }
  return defaultVal;
}

proto.fill = function fill(value, offset, end, encoding) {
  return _fill(this, value, offset, end, encoding);
};

function _fill(buf, value, offset, end, encoding) {
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    const normalized = normalizeEncoding(encoding);
    if (normalized === undefined) {
      validateString(encoding, 'encoding');
      throw new ERR_UNKNOWN_ENCODING(encoding);
    }
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      if (normalized === 'utf8') {
        const code = value.charCodeAt(0);
        if (code < 128) value = code;
      } else if (normalized === 'latin1') {
        value = value.charCodeAt(0);
      }
    }
    encoding = normalized;
  } else {
    encoding = undefined;
  }
  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    if (end === undefined) {
      end = buf.length;
    } else {
      validateOffset(end, 'end', 0, buf.length);
    }
    if (offset >= end) return buf;
  }
  if (typeof value === 'number') {
    const byte = value & 255;
    Uint8Array.prototype.fill.call(buf, byte, offset, end);
    return buf;
  }
  let bytes;
  if (typeof value === 'string') {
    bytes = getEncodingOps(encoding).bytes(value);
    if (bytes.length === 0) {
      throw new ERR_INVALID_ARG_VALUE('value', value);
    }
  } else if (typeof value === 'boolean') {
    Uint8Array.prototype.fill.call(buf, +value, offset, end);
    return buf;
  } else if (ArrayBuffer.isView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (bytes.length === 0) throw new ERR_INVALID_ARG_VALUE('value', value);
  } else {
    Uint8Array.prototype.fill.call(buf, Number(value) & 255, offset, end);
    return buf;
  }
  for (let i = offset, j = 0; i < end; i++, j++) {
    if (j === bytes.length) j = 0;
    buf[i] = bytes[j];
  }
  return buf;
}

function writeEncoded(buf, string, offset, length, ops) {
  return writeNative(buf, string, offset, length, ops.code);
}

// Node checks the string in C++ after the offsets, with this message.
function checkWriteString(string) {
  if (typeof string !== 'string') {
    const err = new TypeError('argument must be a string');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

proto.write = function write(string, offset, length, encoding) {
  if (offset === undefined) {
    checkWriteString(string);
    return writeEncoded(this, string, 0, this.length, encodingOps.utf8);
  }
  if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  if (!encoding || encoding === 'utf8') {
    checkWriteString(string);
    return writeEncoded(this, string, offset, length, encodingOps.utf8);
  }
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
  checkWriteString(string);
  return writeEncoded(this, string, offset, length, ops);
};

proto.toJSON = function toJSON() {
  if (this.length > 0) {
    const data = new Array(this.length);
    for (let i = 0; i < this.length; ++i) data[i] = this[i];
    return { type: 'Buffer', data };
  }
  return { type: 'Buffer', data: [] };
};

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0 || Number.isNaN(offset)) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  if (offset < length) return offset;
  return length;
}

proto.subarray = function subarray(start, end) {
  const srcLength = this.length;
  start = adjustOffset(start, srcLength);
  end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
  const newLength = end > start ? end - start : 0;
  return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
};
proto.slice = proto.subarray;

function swap(b, n, m) {
  const i = b[n];
  b[n] = b[m];
  b[m] = i;
}

proto.swap16 = function swap16() {
  const len = this.length;
  if (len % 2 !== 0) throw new ERR_INVALID_BUFFER_SIZE('16-bits');
  for (let i = 0; i < len; i += 2) swap(this, i, i + 1);
  return this;
};

proto.swap32 = function swap32() {
  const len = this.length;
  if (len % 4 !== 0) throw new ERR_INVALID_BUFFER_SIZE('32-bits');
  for (let i = 0; i < len; i += 4) {
    swap(this, i, i + 3);
    swap(this, i + 1, i + 2);
  }
  return this;
};

proto.swap64 = function swap64() {
  const len = this.length;
  if (len % 8 !== 0) throw new ERR_INVALID_BUFFER_SIZE('64-bits');
  for (let i = 0; i < len; i += 8) {
    swap(this, i, i + 7);
    swap(this, i + 1, i + 6);
    swap(this, i + 2, i + 5);
    swap(this, i + 3, i + 4);
  }
  return this;
};

// ---- Search -----------------------------------------------------------------------

function bidirectionalIndexOf(buffer, val, byteOffset, encoding, dir) {
  if (!isUint8Array(buffer)) throw new ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'Uint8Array'], buffer);
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = dir ? 0 : (buffer.length || buffer.byteLength);
  let needle;
  if (typeof val === 'number') {
    needle = new Uint8Array([val >>> 0 & 0xff]);
  } else if (typeof val === 'string') {
    let ops;
    if (encoding === undefined) {
      ops = encodingOps.utf8;
    } else {
      ops = getEncodingOps(encoding);
      if (ops === undefined) throw new ERR_UNKNOWN_ENCODING(encoding);
    }
    needle = ops.bytes(val);
  } else if (isUint8Array(val)) {
    needle = val;
  } else {
    throw new ERR_INVALID_ARG_TYPE('value', ['number', 'string', 'Buffer', 'Uint8Array'], val);
  }
  return searchBytes(buffer, needle, byteOffset, dir);
}

// Where a search starts, as Node clamps it (negative counts from the end).
function searchStart(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (forward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  if (forward) return -1;
  return length - 1;
}

function searchBytes(haystack, needle, offset, forward) {
  const len = haystack.length;
  const n = needle.length;
  const start = searchStart(len, Math.trunc(offset), n, forward);
  if (n === 0) return start;
  if (len === 0 || start <= -1 || n > len) return -1;
  if (forward) {
    outer: for (let i = start; i <= len - n; i++) {
      for (let j = 0; j < n; j++) if (haystack[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  outer: for (let i = Math.min(start, len - n); i >= 0; i--) {
    for (let j = 0; j < n; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

proto.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};

proto.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};

proto.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

// ---- Numbers ----------------------------------------------------------------------

let float32;
let float64;
let floatBytes4;
let floatBytes8;
function floatScratch() {
  if (float32 === undefined) {
    float32 = new Float32Array(1);
    float64 = new Float64Array(1);
    floatBytes4 = new Uint8Array(float32.buffer);
    floatBytes8 = new Uint8Array(float64.buffer);
  }
}
// The host's byte order (the scratch arrays use it).
const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkOffset(buf, offset, byteLength) {
  if (offset === undefined) offset = 0;
  if (typeof offset !== 'number') throw new ERR_INVALID_ARG_TYPE('offset', 'number', offset);
  // Infinity counts as an integer here (Node's test is Math.floor(x) === x),
  // so it gets the range message.
  if (Math.floor(offset) !== offset) throw new ERR_OUT_OF_RANGE('offset', 'an integer', offset);
  const last = buf.length - byteLength;
  if (last < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS();
  if (offset < 0 || offset > last) throw new ERR_OUT_OF_RANGE('offset', `>= 0 and <= ${last}`, offset);
  return offset;
}

function checkByteLength(byteLength) {
  if (typeof byteLength !== 'number') throw new ERR_INVALID_ARG_TYPE('byteLength', 'number', byteLength);
  if (Math.floor(byteLength) !== byteLength) throw new ERR_OUT_OF_RANGE('byteLength', 'an integer', byteLength);
  if (byteLength < 1 || byteLength > 6) throw new ERR_OUT_OF_RANGE('byteLength', '>= 1 and <= 6', byteLength);
}

function rangeText(min, max, byteLength, bigint) {
  if (bigint) {
    const n = byteLength * 8;
    return min === 0n ? `>= 0n and < 2n ** ${n}n` : `>= -(2n ** ${n - 1}n) and < 2n ** ${n - 1}n`;
  }
  if (byteLength > 4) {
    const n = byteLength * 8;
    return min === 0 ? `>= 0 and < 2 ** ${n}` : `>= -(2 ** ${n - 1}) and < 2 ** ${n - 1}`;
  }
  return `>= ${min} and <= ${max}`;
}

// Only the range is checked, as Node does: other values are coerced (or,
// for BigInt writes, fail in the BigInt arithmetic).
function checkValue(value, min, max, byteLength, bigint = false) {
  if (value > max || value < min) {
    throw new ERR_OUT_OF_RANGE('value', rangeText(min, max, byteLength, bigint), value);
  }
}

// Unsigned integer of `bytes` bytes at `offset`.
function readUnsigned(buf, offset, bytes, little) {
  let v = 0;
  if (little) {
    for (let i = bytes - 1; i >= 0; i--) v = v * 256 + buf[offset + i];
  } else {
    for (let i = 0; i < bytes; i++) v = v * 256 + buf[offset + i];
  }
  return v;
}

function writeUnsigned(buf, offset, bytes, little, v) {
  for (let i = 0; i < bytes; i++) {
    const b = v % 256;
    buf[little ? offset + i : offset + bytes - 1 - i] = b;
    v = (v - b) / 256;
  }
}

function define(name, fn) {
  Object.defineProperty(fn, 'name', { value: name });
  proto[name] = fn;
}

const fixed = [
  // name, bytes, signed
  ['UInt8', 1, false], ['Int8', 1, true], ['UInt16', 2, false], ['Int16', 2, true],
  ['UInt32', 4, false], ['Int32', 4, true],
];

for (const [name, bytes, signed] of fixed) {
  const bits = bytes * 8;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const endians = bytes === 1 ? [''] : ['LE', 'BE'];
  for (const endian of endians) {
    const little = endian !== 'BE';
    const read = function(offset = 0) {
      offset = checkOffset(this, offset, bytes);
      const v = readUnsigned(this, offset, bytes, little);
      return signed && v > max ? v - 2 ** bits : v;
    };
    const write = function(value, offset = 0) {
      checkValue(value, min, max, bytes);
      offset = checkOffset(this, offset, bytes);
      // Coerce as a typed array store would (NaN and fractions included).
      let v = Math.trunc(+value) || 0;
      if (v < 0) v += 2 ** bits;
      writeUnsigned(this, offset, bytes, little, v);
      return offset + bytes;
    };
    define(`read${name}${endian}`, read);
    define(`write${name}${endian}`, write);
    if (name.startsWith('UInt')) {
      define(`readUint${name.slice(4)}${endian}`, read);
      define(`writeUint${name.slice(4)}${endian}`, write);
    }
  }
}

for (const endian of ['LE', 'BE']) {
  const little = endian === 'LE';
  for (const [name, bytes] of [['Float', 4], ['Double', 8]]) {
    define(`read${name}${endian}`, function(offset = 0) {
      offset = checkOffset(this, offset, bytes);
      floatScratch();
      const scratch = bytes === 4 ? floatBytes4 : floatBytes8;
      for (let i = 0; i < bytes; i++) {
        scratch[little === hostLittle ? i : bytes - 1 - i] = this[offset + i];
      }
      return bytes === 4 ? float32[0] : float64[0];
    });
    define(`write${name}${endian}`, function(value, offset = 0) {
      value = +value;
      offset = checkOffset(this, offset, bytes);
      floatScratch();
      let scratch;
      if (bytes === 4) {
        float32[0] = value;
        scratch = floatBytes4;
      } else {
        float64[0] = value;
        scratch = floatBytes8;
      }
      for (let i = 0; i < bytes; i++) {
        this[offset + i] = scratch[little === hostLittle ? i : bytes - 1 - i];
      }
      return offset + bytes;
    });
  }
  for (const [name, signed] of [['BigUInt64', false], ['BigInt64', true]]) {
    const min = signed ? -(2n ** 63n) : 0n;
    const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    const read = function(offset = 0) {
      offset = checkOffset(this, offset, 8);
      const lo = readUnsigned(this, little ? offset : offset + 4, 4, little);
      const hi = readUnsigned(this, little ? offset + 4 : offset, 4, little);
      const v = (BigInt(hi) << 32n) | BigInt(lo);
      return signed ? BigInt.asIntN(64, v) : v;
    };
    const write = function(value, offset = 0) {
      checkValue(value, min, max, 8, true);
      offset = checkOffset(this, offset, 8);
      // BigInt arithmetic: a Number value throws "Cannot mix BigInt…".
      const v = value & 0xffffffffffffffffn;
      const lo = Number(v & 0xffffffffn);
      const hi = Number(v >> 32n);
      writeUnsigned(this, little ? offset : offset + 4, 4, little, lo);
      writeUnsigned(this, little ? offset + 4 : offset, 4, little, hi);
      return offset + 8;
    };
    define(`read${name}${endian}`, read);
    define(`write${name}${endian}`, write);
    if (name === 'BigUInt64') {
      define(`readBigUint64${endian}`, read);
      define(`writeBigUint64${endian}`, write);
    }
  }
  // Variable width (1 to 6 bytes) integers.
  for (const signed of [false, true]) {
    const base = signed ? 'Int' : 'UInt';
    const read = function(offset, byteLength) {
      if (offset === undefined) throw new ERR_INVALID_ARG_TYPE('offset', 'number', offset);
      checkByteLength(byteLength);
      offset = checkOffset(this, offset, byteLength);
      const v = readUnsigned(this, offset, byteLength, little);
      const range = 2 ** (byteLength * 8);
      return signed && v >= range / 2 ? v - range : v;
    };
    const write = function(value, offset, byteLength) {
      checkByteLength(byteLength);
      const bits = byteLength * 8;
      const min = signed ? -(2 ** (bits - 1)) : 0;
      const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      checkValue(value, min, max, byteLength);
      offset = checkOffset(this, offset, byteLength);
      let v = Math.trunc(+value) || 0;
      if (v < 0) v += 2 ** bits;
      writeUnsigned(this, offset, byteLength, little, v);
      return offset + byteLength;
    };
    define(`read${base}${endian}`, read);
    define(`write${base}${endian}`, write);
    if (!signed) {
      define(`readUint${endian}`, read);
      define(`writeUint${endian}`, write);
    }
  }
}

// ---- Inspection ---------------------------------------------------------------------

const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
proto[customInspectSymbol] = function inspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const actualMax = Math.min(max, this.length);
  const remaining = this.length - max;
  let str = sliceNative(this, 0, actualMax, kHex).replace(/(.{2})/g, '$1 ').trim();
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    const { getOwnNonIndexProperties } = internalBinding('util');
    const filter = ctx.showHidden ? 0 : 2;
    const obj = { __proto__: null };
    let extras = false;
    for (const key of getOwnNonIndexProperties(this, filter)) {
      extras = true;
      obj[key] = this[key];
    }
    if (extras) {
      if (this.length !== 0) str += ', ';
      // Strip the `[Object: null prototype] {` … ` }` around the entries.
      const { inspect: utilInspect } = require('internal/util/inspect');
      str += utilInspect(obj, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
};
proto.inspect = proto[customInspectSymbol];

// ---- atob / btoa and checks ----------------------------------------------------------

function btoa(input) {
  if (arguments.length === 0) throw new ERR_MISSING_ARGS('input');
  const encoded = btoaNative(`${input}`);
  if (encoded === undefined) throw invalidCharacterError('Invalid character');
  return encoded;
}

function atob(input) {
  if (arguments.length === 0) throw new ERR_MISSING_ARGS('input');
  const decoded = atobNative(`${input}`);
  if (typeof decoded === 'string') return decoded;
  if (decoded === 2) throw invalidCharacterError('The string to be decoded is not correctly encoded.');
  throw invalidCharacterError('Invalid character');
}

function invalidCharacterError(message) {
  if (typeof DOMException === 'function') return new DOMException(message, 'InvalidCharacterError');
  const err = new Error(message);
  err.name = 'InvalidCharacterError';
  return err;
}

function checkBytesInput(input) {
  // TypedArrays (the tag getter answers undefined for anything else) and
  // ArrayBuffers; not DataViews.
  if (Reflect.apply(typedArrayTag, input, []) === undefined && !isAnyArrayBuffer(input)) {
    throw new ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
  }
}

function isUtf8(input) {
  checkBytesInput(input);
  return isUtf8Native(input);
}

function isAscii(input) {
  checkBytesInput(input);
  return isAsciiNative(input);
}

// buffer.transcode(source, fromEnc, toEnc) between utf8, ucs2/utf16le,
// latin1/binary and ascii; characters the target lacks become '?'.
function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) {
    throw new ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  }
  if (source.length === 0) return Buffer.alloc(0);
  const from = getEncodingOps(fromEncoding || 'buffer');
  const to = getEncodingOps(toEncoding || 'buffer');
  const bytes = from && to ? transcodeNative(source, from.code, to.code) : undefined;
  if (bytes === undefined) {
    const err = new Error('Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]');
    err.code = 'U_ILLEGAL_ARGUMENT_ERROR';
    err.errno = 1;
    throw err;
  }
  return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
}

// In Node 24's order (Object.keys(require('buffer'))).
module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
  constants,
};

Object.defineProperty(module.exports, 'INSPECT_MAX_BYTES', {
  configurable: true,
  enumerable: true,
  get() { return INSPECT_MAX_BYTES; },
  set(val) {
    validateNumber(val, 'INSPECT_MAX_BYTES', 0);
    INSPECT_MAX_BYTES = val;
  },
});

// Blob and File live in internal/blob (they need the web streams).
const blobs = require('internal/blob');
module.exports.Blob = blobs.Blob;
module.exports.resolveObjectURL = blobs.resolveObjectURL;
module.exports.File = blobs.File;

