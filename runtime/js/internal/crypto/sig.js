'use strict';
// Signatures and the other asymmetric operations of node:crypto: sign,
// verify, createSign/Sign, createVerify/Verify, publicEncrypt,
// privateDecrypt and diffieHellman, over the keys ops
// (runtime/src/ops/keys.rs).

const { Buffer } = require('buffer');
const { Writable } = require('stream');
const { isArrayBufferView } = require('internal/util/types');
const { validateString, validateFunction, validateObject } = require('internal/validators');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_CRYPTO_INVALID_DIGEST, ERR_CRYPTO_SIGN_KEY_REQUIRED, ERR_CRYPTO_INCOMPATIBLE_KEY,
    ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE,
  },
} = require('internal/errors');
const keys = require('internal/crypto/keys');

const binding = internalBinding('keys');
const cryptoBinding = internalBinding('crypto');

const dataTypes = ['string', 'Buffer', 'TypedArray', 'DataView'];

function toData(value, name, encoding) {
  if (typeof value === 'string') return Buffer.from(value, encoding === undefined ? 'utf8' : encoding);
  if (isArrayBufferView(value)) return value;
  throw new ERR_INVALID_ARG_TYPE(name, dataTypes, value);
}

// The padding, salt length and DSA encoding given with a key object.
function keyOptions(key) {
  if (typeof key !== 'object' || key === null || isArrayBufferView(key) || key instanceof keys.KeyObject) return {};
  const { padding, saltLength, dsaEncoding } = key;
  if (dsaEncoding !== undefined && dsaEncoding !== 'der' && dsaEncoding !== 'ieee-p1363') {
    throw new (require('internal/errors').codes.ERR_INVALID_ARG_VALUE)('options.dsaEncoding', dsaEncoding);
  }
  return { padding, saltLength, dsaEncoding };
}

// The digest an operation uses: the one named, or SHA-256 for RSA and EC
// keys when none is (OpenSSL's default); none for Ed25519.
function digestFor(algorithm, key) {
  if (algorithm === null || algorithm === undefined) {
    return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec' ? 'sha256' : undefined;
  }
  return algorithm;
}

function signOneShot(algorithm, data, key) {
  if (key === undefined || key === null) throw new ERR_CRYPTO_SIGN_KEY_REQUIRED();
  const privateKey = keys.preparePrivateKey(key);
  const { padding, saltLength, dsaEncoding } = keyOptions(key);
  const digest = digestFor(algorithm, privateKey);
  const sig = keys.unwrap(binding.op_keys_sign_sync(privateKey[keys.kKeyData], data, digest, padding, saltLength, dsaEncoding));
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

function verifyOneShot(algorithm, data, key, signature) {
  const publicKey = keys.preparePublicOrPrivateKey(key);
  const { padding, saltLength, dsaEncoding } = keyOptions(key);
  const digest = digestFor(algorithm, publicKey);
  return keys.unwrap(binding.op_keys_verify_sync(publicKey.type, publicKey[keys.kKeyData], data, signature,
                                                 digest, padding, saltLength, dsaEncoding));
}

function checkAlgorithm(algorithm) {
  if (algorithm === null || algorithm === undefined) return;
  validateString(algorithm, 'algorithm');
  if (cryptoBinding.op_crypto_hash_info_sync(algorithm) === undefined) throw new ERR_CRYPTO_INVALID_DIGEST(algorithm);
}

function sign(algorithm, data, key, callback) {
  checkAlgorithm(algorithm);
  if (callback !== undefined) validateFunction(callback, 'callback');
  data = toData(data, 'data');
  if (!callback) return signOneShot(algorithm, data, key);
  let result;
  try {
    result = signOneShot(algorithm, data, key);
  } catch (err) {
    process.nextTick(callback, err);
    return;
  }
  process.nextTick(callback, null, result);
}

function verify(algorithm, data, key, signature, callback) {
  checkAlgorithm(algorithm);
  if (callback !== undefined) validateFunction(callback, 'callback');
  data = toData(data, 'data');
  signature = toData(signature, 'signature');
  if (!callback) return verifyOneShot(algorithm, data, key, signature);
  let result;
  try {
    result = verifyOneShot(algorithm, data, key, signature);
  } catch (err) {
    process.nextTick(callback, err);
    return;
  }
  process.nextTick(callback, null, result);
}

// ---- Sign and Verify: Writable streams collecting the data --------------------

const kAlgorithm = Symbol('kAlgorithm');
const kChunks = Symbol('kChunks');

function initDigest(self, algorithm, options) {
  validateString(algorithm, 'algorithm');
  if (cryptoBinding.op_crypto_hash_info_sync(algorithm) === undefined) {
    const err = new ERR_CRYPTO_INVALID_DIGEST(algorithm);
    err.message = 'Invalid digest';
    err.stack = err.stack.replace(/Invalid digest: [^\n]*/, 'Invalid digest');
    throw err;
  }
  self[kAlgorithm] = algorithm;
  self[kChunks] = [];
  Writable.call(self, options);
}

function update(data, encoding) {
  if (this[kChunks] === null) {
    throw new (require('internal/errors').codes.ERR_CRYPTO_INVALID_STATE)('update');
  }
  this[kChunks].push(Buffer.from(toData(data, 'data', encoding)));
  return this;
}

function write(chunk, encoding, callback) {
  this.update(chunk, encoding);
  callback();
}

function takeData(self) {
  if (self[kChunks] === null) {
    const err = new Error('Not initialised');
    err.code = 'ERR_CRYPTO_INVALID_STATE';
    throw err;
  }
  const data = Buffer.concat(self[kChunks]);
  self[kChunks] = null;
  return data;
}

function Sign(algorithm, options) {
  if (!new.target) return new Sign(algorithm, options);
  initDigest(this, algorithm, options);
}
Object.setPrototypeOf(Sign.prototype, Writable.prototype);
Object.setPrototypeOf(Sign, Writable);
Sign.prototype._write = write;
Sign.prototype.update = update;
Sign.prototype.sign = function(privateKey, encoding) {
  if (privateKey === undefined || privateKey === null) throw new ERR_CRYPTO_SIGN_KEY_REQUIRED();
  const sig = signOneShot(this[kAlgorithm], takeData(this), privateKey);
  return typeof encoding === 'string' && encoding !== 'buffer' && Buffer.isEncoding(encoding) ? sig.toString(encoding) : sig;
};

function Verify(algorithm, options) {
  if (!new.target) return new Verify(algorithm, options);
  initDigest(this, algorithm, options);
}
Object.setPrototypeOf(Verify.prototype, Writable.prototype);
Object.setPrototypeOf(Verify, Writable);
Verify.prototype._write = write;
Verify.prototype.update = update;
Verify.prototype.verify = function(object, signature, sigEncoding) {
  const sig = toData(signature, 'signature', sigEncoding);
  return verifyOneShot(this[kAlgorithm], takeData(this), object, sig);
};

function createSign(algorithm, options) {
  return new Sign(algorithm, options);
}

function createVerify(algorithm, options) {
  return new Verify(algorithm, options);
}

// ---- RSA encryption --------------------------------------------------------------

const RSA_PKCS1_PADDING = 1;
const RSA_PKCS1_OAEP_PADDING = 4;

function rsaCrypt(key, buffer, decrypt, defaultPadding) {
  const prepared = decrypt ? keys.preparePrivateKey(key) : keys.preparePublicOrPrivateKey(key);
  let padding = defaultPadding;
  let oaepHash;
  let oaepLabel;
  if (typeof key === 'object' && key !== null && !isArrayBufferView(key) && !(key instanceof keys.KeyObject)) {
    if (key.padding !== undefined) padding = key.padding;
    if (key.oaepHash !== undefined) {
      validateString(key.oaepHash, 'key.oaepHash');
      oaepHash = key.oaepHash;
    }
    if (key.oaepLabel !== undefined) oaepLabel = toData(key.oaepLabel, 'key.oaepLabel');
  }
  if (decrypt && padding === RSA_PKCS1_PADDING) {
    // PKCS#1 v1.5 decryption leaks timing (the Marvin attack) in the RSA
    // implementation nodus uses; Node 20 refused it too (CVE-2023-46809),
    // before OpenSSL's implicit rejection let Node 24 allow it again.
    const err = new TypeError('RSA_PKCS1_PADDING is no longer supported for private decryption');
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  const out = keys.unwrap(binding.op_keys_rsa_crypt_sync(prepared.type, prepared[keys.kKeyData], toData(buffer, 'buffer'),
                                                         padding, oaepHash, oaepLabel, decrypt));
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

function publicEncrypt(key, buffer) {
  return rsaCrypt(key, buffer, false, RSA_PKCS1_OAEP_PADDING);
}

function privateDecrypt(key, buffer) {
  return rsaCrypt(key, buffer, true, RSA_PKCS1_OAEP_PADDING);
}

// ---- diffieHellman -----------------------------------------------------------------

function diffieHellman(options) {
  validateObject(options, 'options');
  const { privateKey, publicKey } = options;
  if (!(privateKey instanceof keys.KeyObject)) {
    throw new ERR_INVALID_ARG_TYPE('options.privateKey', 'KeyObject', privateKey);
  }
  if (!(publicKey instanceof keys.KeyObject)) {
    throw new ERR_INVALID_ARG_TYPE('options.publicKey', 'KeyObject', publicKey);
  }
  if (privateKey.type !== 'private') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(privateKey.type, 'private');
  if (publicKey.type === 'secret') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(publicKey.type, 'private or public');
  const a = privateKey.asymmetricKeyType;
  const b = publicKey.asymmetricKeyType;
  const curveOf = (k) => k.asymmetricKeyDetails.namedCurve;
  if (a !== b || !['ec', 'x25519'].includes(a) || (a === 'ec' && curveOf(privateKey) !== curveOf(publicKey))) {
    throw new ERR_CRYPTO_INCOMPATIBLE_KEY('key types for Diffie-Hellman', `${a} and ${b}`);
  }
  const secret = keys.unwrap(binding.op_keys_dh_sync(privateKey[keys.kKeyData], publicKey.type, publicKey[keys.kKeyData]));
  return Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength);
}

module.exports = {
  Sign,
  Verify,
  createSign,
  createVerify,
  sign,
  verify,
  publicEncrypt,
  privateDecrypt,
  diffieHellman,
};
