'use strict';
// Random data for node:crypto: randomBytes, randomFill(Sync), randomInt,
// randomUUID, getRandomValues; bytes come from the OS (getrandom(2)).

const { Buffer, kMaxLength } = require('buffer');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const { validateFunction, validateNumber, validateObject, validateBoolean } = require('internal/validators');
const { codes: { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } } = require('internal/errors');
const { DOMException } = require('internal/dom_exception');

const binding = internalBinding('crypto');
const kMaxInt32 = 2 ** 31 - 1;
const kMaxPossibleLength = Math.min(kMaxLength, kMaxInt32);

function assertSize(size, elementSize, offset, length) {
  validateNumber(size, 'size');
  size *= elementSize;
  if (Number.isNaN(size) || size > kMaxPossibleLength || size < 0) {
    throw new ERR_OUT_OF_RANGE('size', `>= 0 && <= ${kMaxPossibleLength}`, size);
  }
  if (size + offset > length) {
    throw new ERR_OUT_OF_RANGE('size + offset', `<= ${length}`, size + offset);
  }
  return size >>> 0;
}

function assertOffset(offset, elementSize, length) {
  validateNumber(offset, 'offset');
  offset *= elementSize;
  const maxLength = Math.min(length, kMaxPossibleLength);
  if (Number.isNaN(offset) || offset > maxLength || offset < 0) {
    throw new ERR_OUT_OF_RANGE('offset', `>= 0 && <= ${maxLength}`, offset);
  }
  return offset >>> 0;
}

// A Uint8Array over `size` bytes of `buf` from byte `offset`.
function byteView(buf, offset, size) {
  if (isAnyArrayBuffer(buf)) return new Uint8Array(buf, offset, size);
  return new Uint8Array(buf.buffer, buf.byteOffset + offset, size);
}

function randomBytes(size, callback) {
  validateNumber(size, 'size', 0, kMaxPossibleLength);
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (callback === undefined) {
    const buf = Buffer.alloc(size);
    binding.op_crypto_random_fill_sync(buf);
    return buf;
  }
  binding.op_crypto_random_bytes_async(size, (err, bytes) => {
    if (err) {
      callback(err);
      return;
    }
    callback(null, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

function checkBuffer(buf) {
  if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
    throw new ERR_INVALID_ARG_TYPE('buf', ['ArrayBuffer', 'ArrayBufferView'], buf);
  }
}

function randomFillSync(buf, offset = 0, size) {
  checkBuffer(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  if (size === undefined) size = buf.byteLength - offset;
  else size = assertSize(size, elementSize, offset, buf.byteLength);
  if (size > 0) binding.op_crypto_random_fill_sync(byteView(buf, offset, size));
  return buf;
}

function randomFill(buf, offset, size, callback) {
  checkBuffer(buf);
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = buf.byteLength;
  } else if (typeof size === 'function') {
    callback = size;
    size = undefined;
  }
  validateFunction(callback, 'callback');
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  if (size === undefined) size = buf.byteLength - offset;
  else size = assertSize(size, elementSize, offset, buf.byteLength);
  binding.op_crypto_random_bytes_async(size, (err, bytes) => {
    if (err) {
      callback(err);
      return;
    }
    byteView(buf, offset, size).set(bytes);
    callback(null, buf);
  });
}

// randomInt: uniform in [min, max) by rejection sampling over 48-bit
// random values, as Node does (at most 2^48 - 1 apart).
const RAND_MAX = 0xFFFFFFFFFFFF;
const randomCache = new Uint8Array(6 * 1024);
let randomCacheOffset = randomCache.length;

function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === 'undefined' || typeof max === 'function';
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = typeof callback === 'undefined';
  if (!isSync) validateFunction(callback, 'callback');
  if (!Number.isSafeInteger(min)) throw new ERR_INVALID_ARG_TYPE('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw new ERR_INVALID_ARG_TYPE('max', 'a safe integer', max);
  if (max <= min) {
    throw new ERR_OUT_OF_RANGE('max', `greater than the value of "min" (${min})`, max);
  }
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw new ERR_OUT_OF_RANGE(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  // The largest multiple of range not above RAND_MAX: values from there on
  // would favour the low results.
  const randLimit = RAND_MAX - (RAND_MAX % range);
  for (;;) {
    if (randomCacheOffset === randomCache.length) {
      binding.op_crypto_random_fill_sync(randomCache);
      randomCacheOffset = 0;
    }
    const c = randomCache;
    const o = randomCacheOffset;
    const x = c[o] * 2 ** 40 + c[o + 1] * 2 ** 32 + c[o + 2] * 2 ** 24 + c[o + 3] * 2 ** 16 + c[o + 4] * 2 ** 8 + c[o + 5];
    randomCacheOffset += 6;
    if (x < randLimit) {
      const n = (x % range) + min;
      if (isSync) return n;
      process.nextTick(callback, undefined, n);
      return;
    }
  }
}

// randomUUID: a version 4 UUID; random bytes come from a cache of 128
// UUIDs' worth unless disableEntropyCache is set.
const hex = [];
for (let i = 0; i < 256; i++) hex.push((i + 0x100).toString(16).slice(1));
const uuidCache = new Uint8Array(16 * 128);
let uuidCacheOffset = uuidCache.length;

function formatUUID(b, o) {
  b[o + 6] = (b[o + 6] & 0x0f) | 0x40;
  b[o + 8] = (b[o + 8] & 0x3f) | 0x80;
  return hex[b[o]] + hex[b[o + 1]] + hex[b[o + 2]] + hex[b[o + 3]] + '-' +
    hex[b[o + 4]] + hex[b[o + 5]] + '-' + hex[b[o + 6]] + hex[b[o + 7]] + '-' +
    hex[b[o + 8]] + hex[b[o + 9]] + '-' + hex[b[o + 10]] + hex[b[o + 11]] +
    hex[b[o + 12]] + hex[b[o + 13]] + hex[b[o + 14]] + hex[b[o + 15]];
}

function randomUUID(options) {
  if (options !== undefined) validateObject(options, 'options');
  const { disableEntropyCache = false } = options || {};
  validateBoolean(disableEntropyCache, 'options.disableEntropyCache');
  if (disableEntropyCache) {
    const bytes = new Uint8Array(16);
    binding.op_crypto_random_fill_sync(bytes);
    return formatUUID(bytes, 0);
  }
  if (uuidCacheOffset === uuidCache.length) {
    binding.op_crypto_random_fill_sync(uuidCache);
    uuidCacheOffset = 0;
  }
  const uuid = formatUUID(uuidCache, uuidCacheOffset);
  uuidCacheOffset += 16;
  return uuid;
}

// Web Crypto's getRandomValues: integer typed arrays of at most 64 KiB.
function getRandomValues(data) {
  if (!isArrayBufferView(data) || data instanceof DataView || data instanceof Float32Array ||
      data instanceof Float64Array || (typeof Float16Array === 'function' && data instanceof Float16Array)) {
    throw new DOMException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  }
  if (data.byteLength > 65536) {
    throw new DOMException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  if (data.byteLength > 0) binding.op_crypto_random_fill_sync(data);
  return data;
}

module.exports = { randomBytes, randomFill, randomFillSync, randomInt, randomUUID, getRandomValues };
