'use strict';
// KeyObject: secret keys (createSecretKey, KeyObject.from of an HMAC or
// PBKDF2/HKDF CryptoKey, export as bytes or JWK) and asymmetric keys
// (createPrivateKey, createPublicKey, generateKeyPair(Sync), export as
// PEM, DER or JWK), over the keys ops (runtime/src/ops/keys.rs). An
// asymmetric key keeps its canonical DER: PKCS#8 if private, SPKI if
// public.

const { Buffer } = require('buffer');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const {
  codes: {
    ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE,
    ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS, ERR_CRYPTO_INVALID_CURVE, ERR_OUT_OF_RANGE,
  },
} = require('internal/errors');
const { validateObject, validateString, validateFunction, validateUint32 } = require('internal/validators');

const binding = internalBinding('keys');

const kKeyType = Symbol('kKeyType');
const kKeyData = Symbol('kKeyData');
const kHandleToken = Symbol('kHandleToken');

class KeyObject {
  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw new ERR_INVALID_ARG_VALUE('type', type);
    }
    if (typeof handle !== 'object' || handle === null || handle[kHandleToken] !== true) {
      throw new ERR_INVALID_ARG_TYPE('handle', 'object', handle);
    }
    // Hidden, as Node 24 keeps it in a private field.
    Object.defineProperty(this, kKeyType, { __proto__: null, value: type, enumerable: false });
    Object.defineProperty(this, kKeyData, { __proto__: null, value: handle.bytes, enumerable: false });
  }

  get type() {
    return this[kKeyType];
  }

  static from(key) {
    const { CryptoKey, keyBytesOf } = require('internal/crypto/webcrypto');
    if (!(key instanceof CryptoKey)) throw new ERR_INVALID_ARG_TYPE('key', 'CryptoKey', key);
    return new SecretKeyObject({ [kHandleToken]: true, bytes: keyBytesOf(key) });
  }

  equals(otherKeyObject) {
    if (!(otherKeyObject instanceof KeyObject)) {
      throw new ERR_INVALID_ARG_TYPE('otherKeyObject', 'KeyObject', otherKeyObject);
    }
    return otherKeyObject.type === this.type && Buffer.from(this[kKeyData]).equals(Buffer.from(otherKeyObject[kKeyData]));
  }
}

class SecretKeyObject extends KeyObject {
  constructor(handle) {
    super('secret', handle);
  }

  get symmetricKeySize() {
    return this[kKeyData].byteLength;
  }

  export(options) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new ERR_INVALID_ARG_TYPE('options', 'object', options);
    }
    if (options && options.format === 'jwk') {
      return { kty: 'oct', k: Buffer.from(this[kKeyData]).toString('base64url') };
    }
    if (options && options.format !== undefined && options.format !== 'buffer') {
      throw new ERR_INVALID_ARG_VALUE('options.format', options.format);
    }
    return Buffer.from(this[kKeyData]);
  }
}
Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'KeyObject', configurable: true,
});

function createSecretKey(key, encoding) {
  let bytes;
  if (typeof key === 'string') {
    bytes = Buffer.from(key, encoding);
  } else if (isArrayBufferView(key)) {
    bytes = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  } else if (isAnyArrayBuffer(key)) {
    bytes = Buffer.from(key);
  } else {
    throw new ERR_INVALID_ARG_TYPE('key', ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], key);
  }
  return new SecretKeyObject({ [kHandleToken]: true, bytes: new Uint8Array(bytes) });
}

// The bytes of a secret key, for HMACs and key derivation.
function secretKeyBytes(key) {
  return key[kKeyData];
}

// ---- Asymmetric keys -------------------------------------------------------------

const kAsymmetricType = Symbol('kAsymmetricType');
const kDetails = Symbol('kDetails');

// OpenSSL-shaped errors, as Node 24 reports key decoding failures: the
// packed error code, the library and reason, and Node's ERR_OSSL_* code
// (the library's short name, when OpenSSL has one, then the reason).
function opensslError(packed, library, reason, prefix = '', stack = true) {
  const message = `error:${packed}:${library}::${reason}`;
  const err = new Error(message);
  if (stack) err.opensslErrorStack = [message];
  err.library = library;
  err.reason = reason;
  err.code = `ERR_OSSL_${prefix}${reason.toUpperCase().replace(/[ -]/g, '_')}`;
  return err;
}

// The Error for a failure the keys ops report (a short message).
function keysFailure(message) {
  switch (message) {
    case 'unsupported':
    case 'no PEM':
      return opensslError('1E08010C', 'DECODER routines', 'unsupported');
    case 'bad decrypt':
      return opensslError('1C800064', 'Provider routines', 'bad decrypt');
    case 'passphrase required':
      return opensslError('07880109', 'common libcrypto routines', 'interrupted or cancelled', 'CRYPTO_');
    case 'operation not supported for this keytype':
      return opensslError('03000096', 'digital envelope routines', 'operation not supported for this keytype',
                          'EVP_', false);
    case 'digest not allowed':
    case 'invalid digest':
      return opensslError('1C80007A', 'Provider routines', 'invalid digest', '', false);
    case 'oaep decoding error':
      return opensslError('02000079', 'rsa routines', 'oaep decoding error', 'RSA_');
    default:
      if (/^(bad PEM|ASN\.1|unexpected|incorrect|DER)/i.test(message) || /tag/i.test(message)) {
        return opensslError('068000A8', 'asn1 encoding routines', 'wrong tag', 'ASN1_');
      }
      return new Error(message);
  }
}

// The result of a keys op: the value, or its `{ error }` thrown as Node's.
function unwrap(result) {
  if (result !== null && typeof result === 'object' && !Array.isArray(result) && typeof result.error === 'string' &&
      !isArrayBufferView(result)) {
    throw keysFailure(result.error);
  }
  return result;
}

function fromDescription(description) {
  const [type, asymmetricType, der, a, b] = description;
  let details;
  if (asymmetricType === 'rsa') details = { modulusLength: a, publicExponent: BigInt(`0x${b}`) };
  else if (asymmetricType === 'ec') details = { namedCurve: a };
  else details = {};
  const handle = { [kHandleToken]: true, bytes: der };
  const key = type === 'private' ? new PrivateKeyObject(handle) : new PublicKeyObject(handle);
  key[kAsymmetricType] = asymmetricType;
  key[kDetails] = details;
  return key;
}

const kEncodingTypes = { __proto__: null, private: ['pkcs8', 'pkcs1', 'sec1'], public: ['spki', 'pkcs1'] };

function exportAsymmetric(key, options) {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new ERR_INVALID_ARG_TYPE('options', 'object', options);
  }
  const kind = key.type;
  const { format, type, cipher, passphrase } = options;
  if (format === 'jwk') {
    const jwk = unwrap(binding.op_keys_jwk_export_sync(kind, key[kKeyData]));
    return { ...jwk };
  }
  if (format !== 'pem' && format !== 'der') {
    throw new ERR_INVALID_ARG_VALUE('options.format', format);
  }
  if (!kEncodingTypes[kind].includes(type)) {
    throw new ERR_INVALID_ARG_VALUE('options.type', type);
  }
  if (type === 'pkcs1' && key.asymmetricKeyType !== 'rsa') {
    throw new ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS(type, 'can only be used for RSA keys');
  }
  if (type === 'sec1' && key.asymmetricKeyType !== 'ec') {
    throw new ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS(type, 'can only be used for EC keys');
  }
  let pass;
  if (cipher !== undefined) {
    validateString(cipher, 'options.cipher');
    if (typeof passphrase === 'string') pass = Buffer.from(passphrase);
    else if (isArrayBufferView(passphrase)) pass = passphrase;
    else throw new ERR_INVALID_ARG_TYPE('options.passphrase', ['string', 'Buffer', 'TypedArray', 'DataView'], passphrase);
  }
  const out = unwrap(binding.op_keys_export_sync(kind, key[kKeyData], format, type, cipher, pass));
  return typeof out === 'string' ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

class AsymmetricKeyObject extends KeyObject {
  get asymmetricKeyType() {
    return this[kAsymmetricType];
  }

  get asymmetricKeyDetails() {
    return { ...this[kDetails] };
  }

  export(options) {
    return exportAsymmetric(this, options);
  }
}

class PublicKeyObject extends AsymmetricKeyObject {
  constructor(handle) {
    super('public', handle);
  }
}

class PrivateKeyObject extends AsymmetricKeyObject {
  constructor(handle) {
    super('private', handle);
  }
}

// Reads the `key` argument of createPrivateKey/createPublicKey and of the
// sign/verify/encrypt functions: a PEM string or buffer, or
// `{ key, format, type, passphrase, encoding }`, or a JWK object.
function parseKeyInput(input, wantPrivate, name = 'key') {
  let data = input;
  let format = 'pem';
  let type;
  let passphrase;
  let encoding;
  if (typeof input === 'object' && input !== null && !isArrayBufferView(input) && !isAnyArrayBuffer(input)) {
    ({ key: data, format = 'pem', type, passphrase, encoding } = input);
    if (format === 'jwk') {
      validateObject(data, `${name}.key`);
      return fromDescription(unwrap(binding.op_keys_jwk_import_sync(data, wantPrivate)));
    }
    if (format !== 'pem' && format !== 'der') throw new ERR_INVALID_ARG_VALUE(`${name}.format`, format);
    if (format === 'der' && !['pkcs8', 'spki', 'pkcs1', 'sec1'].includes(type)) {
      throw new ERR_INVALID_ARG_VALUE(`${name}.type`, type);
    }
  }
  let bytes;
  if (typeof data === 'string') bytes = Buffer.from(data, encoding === undefined ? 'utf8' : encoding);
  else if (isArrayBufferView(data)) bytes = data;
  else if (isAnyArrayBuffer(data)) bytes = new Uint8Array(data);
  else {
    throw new ERR_INVALID_ARG_TYPE(name, ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  let pass;
  if (passphrase !== undefined && passphrase !== null) {
    pass = typeof passphrase === 'string' ? Buffer.from(passphrase) : passphrase;
  }
  return fromDescription(unwrap(binding.op_keys_import_sync(bytes, format, type, pass, wantPrivate)));
}

function createPrivateKey(key) {
  if (key instanceof KeyObject) throw new ERR_INVALID_ARG_TYPE('key', ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'object'], key);
  return parseKeyInput(key, true);
}

function createPublicKey(key) {
  if (key instanceof KeyObject) {
    if (key.type !== 'private') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'private');
    return fromDescription(unwrap(binding.op_keys_public_sync(key[kKeyData])));
  }
  if (typeof key === 'object' && key !== null && key.key instanceof KeyObject) return createPublicKey(key.key);
  return parseKeyInput(key, false);
}

// The private key a sign/decrypt function was given (a KeyObject, or what
// createPrivateKey takes); `options` are the extra properties of an object.
function preparePrivateKey(key) {
  if (key instanceof KeyObject) {
    if (key.type !== 'private') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'private');
    return key;
  }
  if (typeof key === 'object' && key !== null && key.key instanceof KeyObject) return preparePrivateKey(key.key);
  return parseKeyInput(key, true);
}

// The key a verify/encrypt function was given: public, or private (whose
// public half is used).
function preparePublicOrPrivateKey(key) {
  if (key instanceof KeyObject) {
    if (key.type === 'secret') throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, 'public or private');
    return key;
  }
  if (typeof key === 'object' && key !== null && key.key instanceof KeyObject) return preparePublicOrPrivateKey(key.key);
  try {
    return parseKeyInput(key, false);
  } catch (err) {
    // A PEM private key is fine here too.
    try {
      return parseKeyInput(key, true);
    } catch {
      throw err;
    }
  }
}

// ---- generateKeyPair -------------------------------------------------------------

function keyPairOptions(type, options) {
  validateString(type, 'type');
  if (options !== undefined) validateObject(options, 'options');
  const opts = options || {};
  let bits = 0;
  let exponent = 65537;
  let curve;
  switch (type) {
    case 'rsa':
      if (typeof opts.modulusLength !== 'number') {
        throw new ERR_INVALID_ARG_TYPE('options.modulusLength', 'number', opts.modulusLength);
      }
      validateUint32(opts.modulusLength, 'options.modulusLength');
      bits = opts.modulusLength;
      if (opts.publicExponent !== undefined) {
        validateUint32(opts.publicExponent, 'options.publicExponent');
        exponent = opts.publicExponent;
      }
      break;
    case 'ec':
      validateString(opts.namedCurve, 'options.namedCurve');
      if (!['prime256v1', 'P-256', 'secp256r1', 'secp384r1', 'P-384', 'secp521r1', 'P-521'].includes(opts.namedCurve)) {
        throw new ERR_CRYPTO_INVALID_CURVE();
      }
      curve = opts.namedCurve;
      break;
    case 'ed25519':
    case 'x25519':
      break;
    default:
      throw new ERR_INVALID_ARG_VALUE('type', type, "must be a supported key type");
  }
  const encodings = {};
  for (const which of ['publicKeyEncoding', 'privateKeyEncoding']) {
    const enc = opts[which];
    if (enc === undefined) continue;
    validateObject(enc, `options.${which}`);
    encodings[which] = enc;
  }
  return { args: [type, bits, exponent, curve], encodings };
}

function encodePair(privateKey, publicKey, encodings) {
  const pub = encodings.publicKeyEncoding;
  const priv = encodings.privateKeyEncoding;
  return {
    publicKey: pub === undefined ? publicKey : exportEncoded(publicKey, pub, 'publicKeyEncoding'),
    privateKey: priv === undefined ? privateKey : exportEncoded(privateKey, priv, 'privateKeyEncoding'),
  };
}

function exportEncoded(key, encoding, name) {
  if (encoding.format === 'jwk') return key.export({ format: 'jwk' });
  if (!kEncodingTypes[key.type].includes(encoding.type)) {
    throw new ERR_INVALID_ARG_VALUE(`options.${name}.type`, encoding.type);
  }
  return key.export(encoding);
}

function generateKeyPairSync(type, options) {
  const { args, encodings } = keyPairOptions(type, options);
  const [priv, pub] = unwrap(binding.op_keys_generate_sync(...args)).map(fromDescription);
  return encodePair(priv, pub, encodings);
}

function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const { args, encodings } = keyPairOptions(type, options);
  binding.op_keys_generate_async(...args, (err, pkcs8) => {
    if (err) {
      callback(keysFailure(err.message));
      return;
    }
    let pair;
    try {
      const priv = fromDescription(unwrap(binding.op_keys_import_sync(pkcs8, 'der', 'pkcs8', undefined, true)));
      const pub = fromDescription(unwrap(binding.op_keys_public_sync(priv[kKeyData])));
      pair = encodePair(priv, pub, encodings);
    } catch (e) {
      callback(e);
      return;
    }
    callback(null, pair.publicKey, pair.privateKey);
  });
}

module.exports = {
  KeyObject,
  SecretKeyObject,
  PublicKeyObject,
  PrivateKeyObject,
  createSecretKey,
  secretKeyBytes,
  createPublicKey,
  createPrivateKey,
  generateKeyPair,
  generateKeyPairSync,
  preparePrivateKey,
  preparePublicOrPrivateKey,
  keysFailure,
  unwrap,
  kKeyData,
};
