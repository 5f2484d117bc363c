'use strict';
// KeyObject for secret keys: createSecretKey, KeyObject.from (of an HMAC
// or PBKDF2/HKDF CryptoKey), export (bytes or JWK), equals. Asymmetric
// keys (createPublicKey, createPrivateKey, generateKeyPair*) are not in
// Nodus: those throw ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.

const { Buffer } = require('buffer');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_FEATURE_UNAVAILABLE_ON_PLATFORM },
} = require('internal/errors');

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

function unavailable(name) {
  return function() {
    throw new ERR_FEATURE_UNAVAILABLE_ON_PLATFORM(`crypto.${name} (asymmetric keys)`);
  };
}

module.exports = {
  KeyObject,
  SecretKeyObject,
  createSecretKey,
  secretKeyBytes,
  createPublicKey: unavailable('createPublicKey'),
  createPrivateKey: unavailable('createPrivateKey'),
};
