'use strict';
// Web Crypto: `Crypto` (globalThis.crypto, crypto.webcrypto), `SubtleCrypto`
// and `CryptoKey`.
//
// SubtleCrypto covers the algorithms the crypto ops implement: `digest`
// (SHA-1, SHA-256, SHA-384, SHA-512), HMAC keys (`generateKey`,
// `importKey`/`exportKey` as raw bytes, `sign`, `verify`) and bit
// derivation with PBKDF2 and HKDF (`importKey` raw, `deriveBits`,
// `deriveKey` into an HMAC key). Any other algorithm (AES, RSA, ECDSA,
// Ed25519, …) rejects with NotSupportedError.

const { inspect } = require('internal/util/inspect');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const { DOMException } = require('internal/dom_exception');
const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_ARG_TYPE, ERR_INVALID_THIS, ERR_MISSING_ARGS },
} = require('internal/errors');
const random = require('internal/crypto/random');

const binding = internalBinding('crypto');
const kConstruct = Symbol('kConstruct');
const kKeyData = Symbol('kKeyData');
const kType = Symbol('kType');
const kExtractable = Symbol('kExtractable');
const kAlgorithm = Symbol('kAlgorithm');
const kUsages = Symbol('kUsages');

const digestNames = { 'sha-1': 'SHA-1', 'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512' };
// The op's name and the block size in bits (HMAC's default key length).
const digestInfo = {
  'SHA-1': ['sha1', 512],
  'SHA-256': ['sha256', 512],
  'SHA-384': ['sha384', 1024],
  'SHA-512': ['sha512', 1024],
};
const keyAlgorithms = { hmac: 'HMAC', pbkdf2: 'PBKDF2', hkdf: 'HKDF' };

function notSupported() {
  return new DOMException('Unrecognized algorithm name', 'NotSupportedError');
}

// The algorithm's canonical name from a string or `{ name }`.
function algorithmName(algorithm) {
  const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
  if (typeof name !== 'string') {
    throw new TypeError("Failed to normalize algorithm: 'name' is required in 'Algorithm'");
  }
  return name.toLowerCase();
}

function normalizeHash(hash) {
  const name = digestNames[algorithmName(hash)];
  if (name === undefined) throw notSupported();
  return name;
}

// The bytes of a BufferSource argument, copied (the caller may change
// them while the promise is pending).
function bufferSource(value, method, position) {
  if (isArrayBufferView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  }
  if (isAnyArrayBuffer(value)) return new Uint8Array(value).slice();
  const ordinal = ['1st', '2nd', '3rd', '4th'][position - 1];
  const err = new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${ordinal} argument is not instance ` +
    'of ArrayBuffer, Buffer, TypedArray, or DataView.');
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function arrayBufferOf(bytes) {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ?
    bytes.buffer : bytes.slice().buffer;
}

function requireArgs(args, count, method) {
  if (args.length < count) {
    throw new TypeError(`Failed to execute '${method}' on 'SubtleCrypto': ${count} arguments required, but only ` +
      `${args.length} present.`);
  }
}

// Runs `work` as an async operation: a promise that settles with its
// result or rejects with what it threw.
function operation(work) {
  return new Promise((resolve) => resolve(work()));
}

class CryptoKey {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  get type() {
    checkKey(this);
    return this[kType];
  }

  get extractable() {
    checkKey(this);
    return this[kExtractable];
  }

  get algorithm() {
    checkKey(this);
    return this[kAlgorithm];
  }

  get usages() {
    checkKey(this);
    return this[kUsages];
  }

  [inspect.custom](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `CryptoKey ${inspect({
      type: this.type, extractable: this.extractable, algorithm: this.algorithm, usages: this.usages,
    }, opts)}`;
  }
}
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'CryptoKey', configurable: true,
});

function checkKey(key) {
  if (typeof key !== 'object' || key === null || !(kType in key)) throw new ERR_INVALID_THIS('CryptoKey');
}

function makeKey(bytes, algorithm, extractable, usages) {
  const key = new CryptoKey(kConstruct);
  key[kKeyData] = bytes;
  key[kType] = 'secret';
  key[kExtractable] = extractable;
  key[kAlgorithm] = algorithm;
  key[kUsages] = usages;
  return key;
}

const keyUsages = {
  HMAC: ['sign', 'verify'],
  PBKDF2: ['deriveBits', 'deriveKey'],
  HKDF: ['deriveBits', 'deriveKey'],
};

function checkUsages(name, usages) {
  if (!Array.isArray(usages) && (usages == null || typeof usages[Symbol.iterator] !== 'function')) {
    throw new TypeError("Failed to execute on 'SubtleCrypto': usages is not iterable");
  }
  const list = [...usages];
  for (const usage of list) {
    if (!keyUsages[name].includes(usage)) {
      throw new DOMException(`Unsupported key usage for ${name === 'HMAC' ? 'HMAC' : `a ${name}`} key`, 'SyntaxError');
    }
  }
  return list;
}

function hmacKey(bytes, algorithm, extractable, usages) {
  const hash = normalizeHash(algorithm.hash);
  let length = bytes.byteLength * 8;
  if (algorithm.length !== undefined) {
    if (algorithm.length === 0 || algorithm.length > length || algorithm.length <= length - 8) {
      throw new DOMException('Invalid key length', 'DataError');
    }
    length = algorithm.length;
  }
  const list = checkUsages('HMAC', usages);
  if (list.length === 0) throw new DOMException('Usages cannot be empty when creating a key.', 'SyntaxError');
  return makeKey(bytes, { name: 'HMAC', length, hash: { name: hash } }, !!extractable, list);
}

function hmacSign(key, data) {
  const [op] = digestInfo[key[kAlgorithm].hash.name];
  const id = binding.op_crypto_hash_create_sync(op, key[kKeyData]);
  binding.op_crypto_hash_update_sync(id, data);
  return binding.op_crypto_hash_digest_sync(id);
}

function checkKeyFor(key, name, usage, verb) {
  if (!(key instanceof CryptoKey)) {
    throw new ERR_INVALID_ARG_TYPE('key', 'CryptoKey', key);
  }
  // Node 24's checks: deriving looks at the usage first, signing and
  // verifying at the algorithm first.
  if (usage === 'deriveBits' && !key[kUsages].includes(usage)) {
    throw new DOMException('baseKey does not have deriveBits usage', 'InvalidAccessError');
  }
  if (key[kAlgorithm].name !== name) throw new DOMException('Key algorithm mismatch', 'InvalidAccessError');
  if (!key[kUsages].includes(usage)) {
    throw new DOMException(`Unable to use this key to ${verb}`, 'InvalidAccessError');
  }
}

function deriveBitsOf(algorithm, baseKey, length) {
  const name = keyAlgorithms[algorithmName(algorithm)];
  if (name !== 'PBKDF2' && name !== 'HKDF') throw notSupported();
  checkKeyFor(baseKey, name, 'deriveBits', 'deriveBits');
  const hash = normalizeHash(algorithm.hash);
  const [op] = digestInfo[hash];
  if (length === null || length === undefined || length % 8 !== 0) {
    throw new DOMException('length must be a multiple of 8', 'OperationError');
  }
  const bytes = length / 8;
  if (name === 'PBKDF2') {
    const salt = bufferSource(algorithm.salt, 'deriveBits', 1);
    if (salt instanceof Error) throw salt;
    const iterations = algorithm.iterations;
    if (!(iterations > 0)) throw new DOMException('iterations cannot be zero', 'OperationError');
    return arrayBufferOf(binding.op_crypto_pbkdf2_sync(baseKey[kKeyData], salt, iterations, bytes, op));
  }
  const salt = bufferSource(algorithm.salt, 'deriveBits', 1);
  if (salt instanceof Error) throw salt;
  const info = bufferSource(algorithm.info, 'deriveBits', 1);
  if (info instanceof Error) throw info;
  const out = binding.op_crypto_hkdf_sync(op, baseKey[kKeyData], salt, info, bytes);
  if (out === null) throw new DOMException('The operation failed for an operation-specific reason', 'OperationError');
  return arrayBufferOf(out);
}

class SubtleCrypto {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  digest(algorithm, data) {
    if (!(this instanceof SubtleCrypto)) return Promise.reject(new ERR_INVALID_THIS('SubtleCrypto'));
    return operation(() => {
      requireArgs(arguments, 2, 'digest');
      const name = digestNames[algorithmName(algorithm)];
      if (name === undefined) throw notSupported();
      const bytes = bufferSource(data, 'digest', 2);
      if (bytes instanceof Error) throw bytes;
      return arrayBufferOf(binding.op_crypto_hash_once_sync(digestInfo[name][0], bytes));
    });
  }

  generateKey(algorithm, extractable, keyUsages) {
    return operation(() => {
      requireArgs(arguments, 3, 'generateKey');
      if (keyAlgorithms[algorithmName(algorithm)] !== 'HMAC') throw notSupported();
      const hash = normalizeHash(algorithm.hash);
      const length = algorithm.length === undefined ? digestInfo[hash][1] : algorithm.length;
      if (!(length > 0)) throw new DOMException('Zero-length key is not supported', 'OperationError');
      const bytes = new Uint8Array(Math.ceil(length / 8));
      random.randomFillSync(bytes);
      const key = hmacKey(bytes, { ...algorithm, length: undefined }, extractable, keyUsages);
      key[kAlgorithm] = { name: 'HMAC', length, hash: { name: hash } };
      return key;
    });
  }

  importKey(format, keyData, algorithm, extractable, keyUsages) {
    return operation(() => {
      requireArgs(arguments, 5, 'importKey');
      const name = keyAlgorithms[algorithmName(algorithm)];
      if (name === undefined) throw notSupported();
      if (format !== 'raw') {
        throw new DOMException(`Unable to import ${name} key with format ${format}`, 'NotSupportedError');
      }
      const bytes = bufferSource(keyData, 'importKey', 2);
      if (bytes instanceof Error) throw bytes;
      if (name === 'HMAC') return hmacKey(bytes, algorithm, extractable, keyUsages);
      if (extractable) throw new DOMException(`${name} keys are not extractable`, 'SyntaxError');
      const list = checkUsages(name, keyUsages);
      return makeKey(bytes, { name }, false, list);
    });
  }

  exportKey(format, key) {
    return operation(() => {
      requireArgs(arguments, 2, 'exportKey');
      if (!(key instanceof CryptoKey)) throw new ERR_INVALID_ARG_TYPE('key', 'CryptoKey', key);
      if (!key[kExtractable]) throw new DOMException('key is not extractable', 'InvalidAccessError');
      if (format !== 'raw') throw new DOMException(`Unable to export a raw ${key[kAlgorithm].name} key`, 'NotSupportedError');
      return arrayBufferOf(key[kKeyData]);
    });
  }

  sign(algorithm, key, data) {
    return operation(() => {
      requireArgs(arguments, 3, 'sign');
      if (keyAlgorithms[algorithmName(algorithm)] !== 'HMAC') throw notSupported();
      const bytes = bufferSource(data, 'sign', 3);
      if (bytes instanceof Error) throw bytes;
      checkKeyFor(key, 'HMAC', 'sign', 'sign');
      return arrayBufferOf(hmacSign(key, bytes));
    });
  }

  verify(algorithm, key, signature, data) {
    return operation(() => {
      requireArgs(arguments, 4, 'verify');
      if (keyAlgorithms[algorithmName(algorithm)] !== 'HMAC') throw notSupported();
      const sig = bufferSource(signature, 'verify', 3);
      if (sig instanceof Error) throw sig;
      const bytes = bufferSource(data, 'verify', 4);
      if (bytes instanceof Error) throw bytes;
      checkKeyFor(key, 'HMAC', 'verify', 'verify');
      const expected = hmacSign(key, bytes);
      return expected.byteLength === sig.byteLength && binding.op_crypto_timing_safe_equal_sync(expected, sig);
    });
  }

  deriveBits(algorithm, baseKey, length) {
    return operation(() => {
      requireArgs(arguments, 2, 'deriveBits');
      return deriveBitsOf(algorithm, baseKey, length);
    });
  }

  deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    return operation(() => {
      requireArgs(arguments, 5, 'deriveKey');
      if (keyAlgorithms[algorithmName(derivedKeyAlgorithm)] !== 'HMAC') throw notSupported();
      const hash = normalizeHash(derivedKeyAlgorithm.hash);
      const length = derivedKeyAlgorithm.length === undefined ? digestInfo[hash][1] : derivedKeyAlgorithm.length;
      const name = keyAlgorithms[algorithmName(algorithm)];
      if (name === undefined) throw notSupported();
      if (baseKey instanceof CryptoKey && !baseKey[kUsages].includes('deriveKey')) {
        throw new DOMException('baseKey does not have deriveKey usage', 'InvalidAccessError');
      }
      const usages = baseKey[kUsages];
      baseKey[kUsages] = [...usages, 'deriveBits'];
      let bits;
      try {
        bits = deriveBitsOf(algorithm, baseKey, length);
      } finally {
        baseKey[kUsages] = usages;
      }
      return hmacKey(new Uint8Array(bits), { name: 'HMAC', length, hash }, extractable, keyUsages);
    });
  }
}

for (const method of ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']) {
  Object.defineProperty(SubtleCrypto.prototype, method, {
    __proto__: null,
    writable: true,
    configurable: true,
    value: {
      // A method of Node's surface for algorithms Nodus does not have.
      [method]() {
        return Promise.reject(notSupported());
      },
    }[method],
  });
}
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'SubtleCrypto', configurable: true,
});

const subtle = new SubtleCrypto(kConstruct);

class Crypto {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  get subtle() {
    if (!(this instanceof Crypto)) throw new ERR_INVALID_THIS('Crypto');
    return subtle;
  }

  getRandomValues(array) {
    if (!(this instanceof Crypto)) throw new ERR_INVALID_THIS('Crypto');
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('typedArray');
    return random.getRandomValues(array);
  }

  randomUUID() {
    if (!(this instanceof Crypto)) throw new ERR_INVALID_THIS('Crypto');
    return random.randomUUID();
  }
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Crypto', configurable: true,
});

const crypto = new Crypto(kConstruct);


// The bytes of a secret CryptoKey (for KeyObject.from).
function keyBytesOf(key) {
  return key[kKeyData];
}

module.exports = { Crypto, CryptoKey, SubtleCrypto, crypto, subtle, keyBytesOf };
