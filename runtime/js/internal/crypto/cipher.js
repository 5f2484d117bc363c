'use strict';
// Cipheriv and Decipheriv (Transform streams made lazily), getCiphers,
// getCipherInfo, scrypt and scryptSync, over the cipher ops
// (runtime/src/ops/cipher.rs). The ops report failures as short kinds;
// this module turns them into Node's errors.

const { Buffer } = require('buffer');
const { StringDecoder } = require('string_decoder');
const LazyTransform = require('internal/streams/lazy_transform');
const { toBytes } = require('internal/crypto/util');
const { isArrayBufferView, isAnyArrayBuffer } = require('internal/util/types');
const {
  validateString, validateObject, validateFunction, validateInt32, validateUint32, validateNumber,
} = require('internal/validators');
const {
  codes: {
    ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INCOMPATIBLE_OPTION_PAIR,
    ERR_OUT_OF_RANGE,
  },
} = require('internal/errors');

const binding = internalBinding('cipher');

const kHandle = Symbol('kHandle');
const kState = Symbol('kState');

// Node's errors for the failures the ops report.
function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  Object.defineProperty(err, 'code', { __proto__: null, value: code, enumerable: true, writable: true, configurable: true });
  // `Error [CODE]: message` in the stack header, as Node's ERR_* errors.
  const stack = err.stack;
  if (typeof stack === 'string') {
    err.stack = stack.replace(`${err.name}: ${message}`, `${err.name} [${code}]: ${message}`);
  }
  return err;
}

// OpenSSL's errors as Node 24 reports them (the provider's reason code).
function opensslError(reasonCode, reason) {
  const message = `error:${reasonCode}:Provider routines::${reason}`;
  const err = new Error(message);
  err.opensslErrorStack = [message];
  err.library = 'Provider routines';
  err.reason = reason;
  err.code = `ERR_OSSL_${reason.toUpperCase().replace(/ /g, '_')}`;
  return err;
}

function failure(kind, authTagLength) {
  switch (kind) {
    case 'unknown-cipher': return codeError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
    case 'key-length': return codeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
    case 'iv': return codeError(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector');
    case 'tag-length':
      return codeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${authTagLength}`);
    case 'bad-decrypt': return opensslError('1C800064', 'bad decrypt');
    case 'wrong-final-block-length': return opensslError('1C80006B', 'wrong final block length');
    case 'auth': return new Error('Unsupported state or unable to authenticate data');
    default: return new Error(`cipher failure: ${kind}`);
  }
}

function invalidState(operation) {
  return codeError(Error, 'ERR_CRYPTO_INVALID_STATE',
                   operation === undefined ? 'Invalid state' : `Invalid state for operation ${operation}`);
}

// Frees the native cipher of an object collected before it was finished.
let registry = null;
function track(object, id) {
  if (registry === null) registry = new FinalizationRegistry((handle) => binding.op_cipher_free_sync(handle));
  registry.register(object, id, object);
}

const keyTypes = ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'KeyObject', 'CryptoKey'];

function keyBytes(key, encoding) {
  const keys = require('internal/crypto/keys');
  if (key instanceof keys.KeyObject) {
    if (key.type !== 'secret') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'secret');
    return keys.secretKeyBytes(key);
  }
  const { CryptoKey, keyBytesOf } = require('internal/crypto/webcrypto');
  if (key instanceof CryptoKey) return keyBytesOf(key);
  if (typeof key === 'string') return Buffer.from(key, encoding === 'buffer' ? 'utf8' : encoding);
  return toBytes(key, 'key', undefined, keyTypes);
}

function ivBytes(iv) {
  if (iv === null) return null;
  if (typeof iv === 'string') return Buffer.from(iv);
  if (isArrayBufferView(iv) || isAnyArrayBuffer(iv)) return iv;
  throw new ERR_INVALID_ARG_TYPE('iv', ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], iv);
}

function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding !== 'buffer' && Buffer.isEncoding(encoding);
}

function output(self, bytes, encoding) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isEncoding(encoding)) return buf;
  // One decoder across update() and final(), so a character split between
  // two outputs comes out whole (Node keeps one per cipher).
  const state = self[kState];
  if (state.decoder === null || state.decoderEncoding !== encoding) {
    state.decoder = new StringDecoder(encoding);
    state.decoderEncoding = encoding;
  }
  return state.decoder.write(buf);
}

function createCipherBase(self, cipher, key, iv, options, encrypt) {
  validateString(cipher, 'cipher');
  if (options !== undefined) validateObject(options, 'options');
  const encoding = options && options.encoding;
  const bytes = keyBytes(key, encoding);
  const ivValue = ivBytes(iv);
  let authTagLength;
  if (options && options.authTagLength !== undefined) {
    authTagLength = options.authTagLength;
    validateInt32(authTagLength, 'options.authTagLength', 0);
  }
  const id = binding.op_cipher_create_sync(cipher, bytes, ivValue, encrypt, authTagLength);
  if (typeof id === 'string') throw failure(id, authTagLength);
  self[kHandle] = id;
  self[kState] = { finalized: false, started: false, encrypt, decoder: null, decoderEncoding: undefined };
  track(self, id);
  LazyTransform.call(self, options);
}

const dataTypes = ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'];

function update(data, inputEncoding, outputEncoding) {
  const state = this[kState];
  if (state.finalized) throw new Error('Trying to add data in unsupported state');
  if (typeof data === 'string') {
    if (isEncoding(inputEncoding) && inputEncoding.toLowerCase() === 'hex' && data.length % 2 !== 0) {
      throw new ERR_INVALID_ARG_VALUE('encoding', inputEncoding, `is invalid for data of length ${data.length}`);
    }
    data = Buffer.from(data, isEncoding(inputEncoding) ? inputEncoding : 'utf8');
  } else if (!isArrayBufferView(data)) {
    throw new ERR_INVALID_ARG_TYPE('data', dataTypes, data);
  }
  state.started = true;
  return output(this, binding.op_cipher_update_sync(this[kHandle], data), outputEncoding);
}

function final(outputEncoding) {
  const state = this[kState];
  if (state.finalized) throw invalidState();
  state.finalized = true;
  const result = binding.op_cipher_final_sync(this[kHandle]);
  if (typeof result === 'string') throw failure(result);
  const out = output(this, result, outputEncoding);
  if (isEncoding(outputEncoding)) return out + state.decoder.end();
  return out;
}

function setAutoPadding(ap) {
  if (this[kState].finalized) throw invalidState('setAutoPadding');
  binding.op_cipher_set_auto_padding_sync(this[kHandle], ap === undefined ? true : !!ap);
  return this;
}

function setAAD(aadbuf, options) {
  if (!isArrayBufferView(aadbuf)) throw new ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView'], aadbuf);
  if (options !== undefined) validateObject(options, 'options');
  if (this[kState].finalized || !binding.op_cipher_set_aad_sync(this[kHandle], aadbuf)) {
    throw invalidState('setAAD');
  }
  return this;
}

function transform(chunk, encoding, callback) {
  this.push(this.update(chunk, encoding));
  callback();
}

function flush(callback) {
  try {
    this.push(this.final());
  } catch (err) {
    callback(err);
    return;
  }
  callback();
}

function Cipheriv(cipher, key, iv, options) {
  if (!new.target) return new Cipheriv(cipher, key, iv, options);
  createCipherBase(this, cipher, key, iv, options, true);
}
Object.setPrototypeOf(Cipheriv.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Cipheriv, LazyTransform);
Cipheriv.prototype._transform = transform;
Cipheriv.prototype._flush = flush;
Cipheriv.prototype.update = update;
Cipheriv.prototype.final = final;
Cipheriv.prototype.setAutoPadding = setAutoPadding;
Cipheriv.prototype.setAAD = setAAD;
Cipheriv.prototype.getAuthTag = function getAuthTag() {
  const tag = this[kState].finalized ? binding.op_cipher_get_auth_tag_sync(this[kHandle]) : undefined;
  if (tag === undefined) throw invalidState('getAuthTag');
  return Buffer.from(tag.buffer, tag.byteOffset, tag.byteLength);
};

function Decipheriv(cipher, key, iv, options) {
  if (!new.target) return new Decipheriv(cipher, key, iv, options);
  createCipherBase(this, cipher, key, iv, options, false);
}
Object.setPrototypeOf(Decipheriv.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Decipheriv, LazyTransform);
Decipheriv.prototype._transform = transform;
Decipheriv.prototype._flush = flush;
Decipheriv.prototype.update = update;
Decipheriv.prototype.final = final;
Decipheriv.prototype.setAutoPadding = setAutoPadding;
Decipheriv.prototype.setAAD = setAAD;
Decipheriv.prototype.setAuthTag = function setAuthTag(tagbuf, encoding) {
  const tag = toBytes(tagbuf, 'buffer', encoding, ['string', 'Buffer', 'TypedArray', 'DataView']);
  const bytes = typeof tag === 'string' ? Buffer.from(tag) : tag;
  const length = bytes.byteLength;
  // GCM takes 4, 8 and 12–16 bytes; ChaCha20-Poly1305 1–16.
  if (length === 0 || length > 16) {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG', `Invalid authentication tag length: ${length}`);
  }
  if (this[kState].finalized || !binding.op_cipher_set_auth_tag_sync(this[kHandle], bytes)) {
    throw invalidState('setAuthTag');
  }
  return this;
};

function createCipheriv(cipher, key, iv, options) {
  return new Cipheriv(cipher, key, iv, options);
}

function createDecipheriv(cipher, key, iv, options) {
  return new Decipheriv(cipher, key, iv, options);
}

let cipherList;
function getCiphers() {
  if (cipherList === undefined) cipherList = binding.op_cipher_names_sync();
  return cipherList.slice();
}

function getCipherInfo(nameOrNid, options) {
  if (typeof nameOrNid !== 'string' && typeof nameOrNid !== 'number') {
    throw new ERR_INVALID_ARG_TYPE('nameOrNid', ['string', 'number'], nameOrNid);
  }
  if (typeof nameOrNid === 'number') validateInt32(nameOrNid, 'nameOrNid');
  let keyLength;
  let ivLength;
  if (options !== undefined) {
    validateObject(options, 'options');
    ({ keyLength, ivLength } = options);
    if (keyLength !== undefined) validateInt32(keyLength, 'options.keyLength');
    if (ivLength !== undefined) validateInt32(ivLength, 'options.ivLength');
  }
  const info = binding.op_cipher_info_sync(nameOrNid);
  if (info === undefined) return undefined;
  const [name, nid, mode, keyLen, ivLen, blockSize] = info;
  if (keyLength !== undefined && keyLength !== keyLen) return undefined;
  if (ivLength !== undefined && ivLength !== ivLen &&
      !(mode === 'gcm' && ivLength > 0)) {
    return undefined;
  }
  const result = { mode, name, nid };
  // Stream ciphers (ChaCha20) report no block size, ECB no IV length.
  if (mode !== 'stream') result.blockSize = blockSize;
  if (ivLen !== 0) result.ivLength = ivLength !== undefined ? ivLength : ivLen;
  result.keyLength = keyLen;
  return result;
}

// ---- scrypt -------------------------------------------------------------------

const scryptDefaults = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function scryptParams(password, salt, keylen, options) {
  const asBuffer = (v) => (typeof v === 'string' ? Buffer.from(v) : v);
  const pw = asBuffer(toBytes(password, 'password', undefined));
  const s = asBuffer(toBytes(salt, 'salt', undefined));
  validateNumber(keylen, 'keylen', 0, 2147483647);
  if (!Number.isInteger(keylen)) {
    throw new ERR_OUT_OF_RANGE('keylen', 'an integer', keylen);
  }
  let { N, r, p, maxmem } = scryptDefaults;
  if (options && options !== scryptDefaults) {
    validateObject(options, 'options');
    const pick = (name, alias, fallback) => {
      const has = options[name] !== undefined;
      const hasAlias = options[alias] !== undefined;
      if (has && hasAlias) throw new ERR_INCOMPATIBLE_OPTION_PAIR(name, alias);
      const value = has ? options[name] : hasAlias ? options[alias] : undefined;
      if (value === undefined) return fallback;
      validateUint32(value, has ? name : alias);
      return value;
    };
    N = pick('N', 'cost', N);
    r = pick('r', 'blockSize', r);
    p = pick('p', 'parallelization', p);
    if (options.maxmem !== undefined) {
      maxmem = options.maxmem;
      validateNumber(maxmem, 'maxmem', 0);
    }
  }
  const invalid = (detail) => {
    const message = detail === undefined ? 'Invalid scrypt params' : `Invalid scrypt params: ${detail}`;
    return codeError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', message);
  };
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1) throw invalid();
  // OpenSSL's memory rule: the B array (128·r·p bytes) and V (128·r·(N+2)).
  if (128 * r * p + 128 * r * (N + 2) > maxmem) {
    throw invalid('error:030000AC:digital envelope routines::memory limit exceeded');
  }
  return [pw, s, N, r, p, keylen];
}

function toBuffer(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function scryptSync(password, salt, keylen, options = scryptDefaults) {
  const params = scryptParams(password, salt, keylen, options);
  const key = binding.op_cipher_scrypt_sync(...params);
  if (key === undefined) throw codeError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params');
  return toBuffer(key);
}

function scrypt(password, salt, keylen, options, callback = options) {
  if (callback === options) options = scryptDefaults;
  const params = scryptParams(password, salt, keylen, options);
  validateFunction(callback, 'callback');
  binding.op_cipher_scrypt_async(...params, (err, key) => {
    if (err) callback(err);
    else callback(null, toBuffer(key));
  });
}

module.exports = {
  Cipheriv,
  Decipheriv,
  createCipheriv,
  createDecipheriv,
  getCiphers,
  getCipherInfo,
  scrypt,
  scryptSync,
};
