'use strict';
// Hash and Hmac (streams made lazily), crypto.hash() and getHashes(), over
// the running hashes of the crypto ops (runtime/src/ops/crypto.rs).

const LazyTransform = require('internal/streams/lazy_transform');
const { toBytes, encodeDigest } = require('internal/crypto/util');
const { validateString, validateObject } = require('internal/validators');
const {
  codes: { ERR_CRYPTO_HASH_FINALIZED, ERR_CRYPTO_INVALID_DIGEST, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE },
} = require('internal/errors');

const binding = internalBinding('crypto');

const kHandle = Symbol('kHandle');
const kState = Symbol('kState');
const kFinalized = Symbol('kFinalized');

// Frees the native hash of an object collected before its digest.
let registry = null;
function track(object, id) {
  if (registry === null) registry = new FinalizationRegistry((handle) => binding.op_crypto_hash_free_sync(handle));
  registry.register(object, id, object);
}
function untrack(object) {
  if (registry !== null) registry.unregister(object);
}

const dataTypes = ['string', 'Buffer', 'TypedArray', 'DataView'];

function update(self, data, encoding) {
  if (self[kState][kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
  if (typeof data === 'string') {
    if (typeof encoding === 'string' && encoding.toLowerCase() === 'hex' && data.length % 2 !== 0) {
      throw new ERR_INVALID_ARG_VALUE('encoding', encoding, `is invalid for data of length ${data.length}`);
    }
  } else if (!ArrayBuffer.isView(data)) {
    throw new ERR_INVALID_ARG_TYPE('data', dataTypes, data);
  }
  binding.op_crypto_hash_update_sync(self[kHandle], toBytes(data, 'data', encoding, dataTypes));
  return self;
}

function digest(self, encoding) {
  if (self[kState][kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
  self[kState][kFinalized] = true;
  untrack(self);
  return encodeDigest(binding.op_crypto_hash_digest_sync(self[kHandle]), encoding);
}

function Hash(algorithm, options) {
  if (!new.target) return new Hash(algorithm, options);
  const copyFrom = algorithm instanceof Hash ? algorithm : null;
  if (copyFrom === null) validateString(algorithm, 'algorithm');
  if (options !== undefined) validateObject(options, 'options');
  let id;
  if (copyFrom !== null) {
    if (copyFrom[kState][kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
    id = binding.op_crypto_hash_copy_sync(copyFrom[kHandle]);
  } else {
    id = binding.op_crypto_hash_create_sync(algorithm);
    if (id === undefined) throw new Error('Digest method not supported');
  }
  this[kHandle] = id;
  this[kState] = { [kFinalized]: false };
  track(this, id);
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hash.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hash, LazyTransform);

Hash.prototype.copy = function copy(options) {
  if (this[kState][kFinalized]) throw new ERR_CRYPTO_HASH_FINALIZED();
  return new Hash(this, options);
};
Hash.prototype._transform = function _transform(chunk, encoding, callback) {
  update(this, chunk, encoding);
  callback();
};
Hash.prototype._flush = function _flush(callback) {
  this.push(digest(this));
  callback();
};
Hash.prototype.update = function(data, encoding) {
  return update(this, data, encoding);
};
Hash.prototype.digest = function(outputEncoding) {
  return digest(this, outputEncoding);
};

// An HMAC key: a string, bytes, a secret KeyObject or a CryptoKey.
function hmacKeyBytes(key, encoding) {
  const keys = require('internal/crypto/keys');
  if (key instanceof keys.KeyObject) {
    if (key.type !== 'secret') {
      throw new (require('internal/errors').codes.ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE)(key.type, 'secret');
    }
    return keys.secretKeyBytes(key);
  }
  const { CryptoKey, keyBytesOf } = require('internal/crypto/webcrypto');
  if (key instanceof CryptoKey) return keyBytesOf(key);
  return toBytes(key, 'key', encoding,
    ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'KeyObject', 'CryptoKey']);
}

function Hmac(hmac, key, options) {
  if (!new.target) return new Hmac(hmac, key, options);
  validateString(hmac, 'hmac');
  const bytes = hmacKeyBytes(key, options && options.encoding);
  const id = binding.op_crypto_hash_create_sync(hmac, bytes);
  if (id === undefined) throw new ERR_CRYPTO_INVALID_DIGEST(hmac);
  this[kHandle] = id;
  this[kState] = { [kFinalized]: false };
  track(this, id);
  LazyTransform.call(this, options);
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hmac, LazyTransform);

Hmac.prototype.update = Hash.prototype.update;
Hmac.prototype.digest = function(outputEncoding) {
  // A second digest() of an Hmac gives an empty result, as Node's does.
  if (this[kState][kFinalized]) return encodeDigest(new Uint8Array(0), outputEncoding);
  return digest(this, outputEncoding);
};
Hmac.prototype._flush = Hash.prototype._flush;
Hmac.prototype._transform = Hash.prototype._transform;

// crypto.hash(algorithm, data[, outputEncoding = 'hex']): one-shot digest.
function hash(algorithm, input, outputEncoding = 'hex') {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw new ERR_INVALID_ARG_TYPE('input', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
  }
  if (outputEncoding !== undefined) validateString(outputEncoding, 'outputEncoding');
  const out = binding.op_crypto_hash_once_sync(algorithm, input);
  if (out === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  return encodeDigest(out, outputEncoding);
}

let hashNames = null;
function getHashes() {
  if (hashNames === null) hashNames = binding.op_crypto_hash_names_sync();
  return hashNames.slice();
}

module.exports = { Hash, Hmac, hash, getHashes };
