'use strict';
// Key derivation: PBKDF2 (sync, and async on the blocking pool) and HKDF.

const { Buffer } = require('buffer');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const { validateFunction, validateInt32, validateString, validateInteger } = require('internal/validators');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_CRYPTO_INVALID_DIGEST, ERR_CRYPTO_INVALID_KEYLEN, ERR_OUT_OF_RANGE },
} = require('internal/errors');

const binding = internalBinding('crypto');

function bytesArg(value, name, types = ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView']) {
  if (typeof value === 'string' || isArrayBufferView(value) || isAnyArrayBuffer(value)) return value;
  throw new ERR_INVALID_ARG_TYPE(name, types, value);
}

function pbkdf2Args(password, salt, iterations, keylen, digest) {
  password = bytesArg(password, 'password');
  salt = bytesArg(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  validateString(digest, 'digest');
  return [password, salt, iterations, keylen, digest];
}

// Node 24's OpenSSL refuses to derive a key of no bytes; Node reports it
// as a plain Error without a code.
function derivingFailed() {
  return new Error('Deriving bits failed');
}

function toBuffer(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const args = pbkdf2Args(password, salt, iterations, keylen, digest);
  const key = binding.op_crypto_pbkdf2_sync(...args);
  if (key === undefined) throw new ERR_CRYPTO_INVALID_DIGEST(digest);
  if (keylen === 0) throw derivingFailed();
  return toBuffer(key);
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const args = pbkdf2Args(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  const started = binding.op_crypto_pbkdf2_async(...args, (err, key) => {
    if (err) callback(err);
    else if (keylen === 0) callback(derivingFailed());
    else callback(null, toBuffer(key));
  });
  if (started === false) throw new ERR_CRYPTO_INVALID_DIGEST(digest);
}

const ikmTypes = ['string', 'SecretKeyObject', 'ArrayBuffer', 'TypedArray', 'DataView', 'Buffer'];

function hkdfArgs(digest, ikm, salt, info, keylen) {
  validateString(digest, 'digest');
  const keys = require('internal/crypto/keys');
  ikm = ikm instanceof keys.KeyObject && ikm.type === 'secret' ? keys.secretKeyBytes(ikm) : bytesArg(ikm, 'ikm', ikmTypes);
  salt = bytesArg(salt, 'salt');
  info = bytesArg(info, 'info');
  validateInteger(keylen, 'length', 0, 2 ** 32);
  const infoLength = typeof info === 'string' ? Buffer.byteLength(info) : info.byteLength;
  if (infoLength > 1024) {
    throw new ERR_OUT_OF_RANGE('info', 'must not contain more than 1024 bytes', infoLength);
  }
  return [digest, ikm, salt, info, keylen];
}

function hkdfDerive(args) {
  const key = binding.op_crypto_hkdf_sync(...args);
  if (key === undefined) throw new ERR_CRYPTO_INVALID_DIGEST(args[0]);
  if (key === null) throw new ERR_CRYPTO_INVALID_KEYLEN();
  if (args[4] === 0) throw derivingFailed();
  // A fresh buffer of exactly the key (the op's may be pooled).
  return key.buffer.byteLength === key.byteLength ? key.buffer : key.slice().buffer;
}

function hkdfSync(digest, ikm, salt, info, keylen) {
  return hkdfDerive(hkdfArgs(digest, ikm, salt, info, keylen));
}

function hkdf(digest, ikm, salt, info, keylen, callback) {
  const args = hkdfArgs(digest, ikm, salt, info, keylen);
  validateFunction(callback, 'callback');
  let result;
  try {
    result = hkdfDerive(args);
  } catch (err) {
    if (err instanceof ERR_CRYPTO_INVALID_KEYLEN || args[4] === 0) {
      process.nextTick(callback, err);
      return;
    }
    throw err;
  }
  process.nextTick(callback, null, result);
}

module.exports = { pbkdf2, pbkdf2Sync, hkdf, hkdfSync };
