'use strict';
// node:crypto — hashes and HMACs (createHash, createHmac, hash, getHashes),
// key derivation (pbkdf2, hkdf), random data (randomBytes, randomFill,
// randomInt, randomUUID, getRandomValues), timingSafeEqual, constants, and
// Web Crypto (webcrypto, subtle).
//
// KeyObject covers secret keys (createSecretKey, KeyObject.from).
// Not in Nodus: ciphers, public-key cryptography (createPublicKey and
// createPrivateKey throw; sign/verify, Diffie-Hellman, ECDH), scrypt,
// prime generation, X509 certificates; their names are absent.

const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH },
} = require('internal/errors');
const { Hash, Hmac, hash, getHashes } = require('internal/crypto/hash');
const random = require('internal/crypto/random');
const { pbkdf2, pbkdf2Sync, hkdf, hkdfSync } = require('internal/crypto/derive');
const webcrypto = require('internal/crypto/webcrypto');
const keys = require('internal/crypto/keys');
const cipher = require('internal/crypto/cipher');
const sig = require('internal/crypto/sig');

const binding = internalBinding('crypto');

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

function timingSafeEqual(buf1, buf2) {
  for (const [name, buf] of [['buf1', buf1], ['buf2', buf2]]) {
    if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
      const err = new ERR_INVALID_ARG_TYPE(name, ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'], buf);
      // Node's check is native and names no received value.
      err.message = err.message.replace(/ Received .*$/s, '');
      throw err;
    }
  }
  if (buf1.byteLength !== buf2.byteLength) throw new ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH();
  return binding.op_crypto_timing_safe_equal_sync(buf1, buf2);
}

// The numbers of Node's crypto.constants (OpenSSL's), for programs that
// pass them on; OPENSSL_VERSION_NUMBER is left out: there is no OpenSSL.
const constants = Object.freeze({
  __proto__: null,
  SSL_OP_ALL: 2147485776,
  SSL_OP_ALLOW_NO_DHE_KEX: 1024,
  SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 262144,
  SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
  SSL_OP_CISCO_ANYCONNECT: 32768,
  SSL_OP_COOKIE_EXCHANGE: 8192,
  SSL_OP_CRYPTOPRO_TLSEXT_BUG: 2147483648,
  SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 2048,
  SSL_OP_LEGACY_SERVER_CONNECT: 4,
  SSL_OP_NO_COMPRESSION: 131072,
  SSL_OP_NO_ENCRYPT_THEN_MAC: 524288,
  SSL_OP_NO_QUERY_MTU: 4096,
  SSL_OP_NO_RENEGOTIATION: 1073741824,
  SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 65536,
  SSL_OP_NO_SSLv2: 0,
  SSL_OP_NO_SSLv3: 33554432,
  SSL_OP_NO_TICKET: 16384,
  SSL_OP_NO_TLSv1: 67108864,
  SSL_OP_NO_TLSv1_1: 268435456,
  SSL_OP_NO_TLSv1_2: 134217728,
  SSL_OP_NO_TLSv1_3: 536870912,
  SSL_OP_PRIORITIZE_CHACHA: 2097152,
  SSL_OP_TLS_ROLLBACK_BUG: 8388608,
  ENGINE_METHOD_RSA: 1,
  ENGINE_METHOD_DSA: 2,
  ENGINE_METHOD_DH: 4,
  ENGINE_METHOD_RAND: 8,
  ENGINE_METHOD_EC: 2048,
  ENGINE_METHOD_CIPHERS: 64,
  ENGINE_METHOD_DIGESTS: 128,
  ENGINE_METHOD_PKEY_METHS: 512,
  ENGINE_METHOD_PKEY_ASN1_METHS: 1024,
  ENGINE_METHOD_ALL: 65535,
  ENGINE_METHOD_NONE: 0,
  DH_CHECK_P_NOT_SAFE_PRIME: 2,
  DH_CHECK_P_NOT_PRIME: 1,
  DH_UNABLE_TO_CHECK_GENERATOR: 4,
  DH_NOT_SUITABLE_GENERATOR: 8,
  RSA_PKCS1_PADDING: 1,
  RSA_SSLV23_PADDING: 2,
  RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5,
  RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2,
  RSA_PSS_SALTLEN_AUTO: -2,
  TLS1_VERSION: 769,
  TLS1_1_VERSION: 770,
  TLS1_2_VERSION: 771,
  TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2,
  POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
});

module.exports = {
  createCipheriv: cipher.createCipheriv,
  createDecipheriv: cipher.createDecipheriv,
  Cipheriv: cipher.Cipheriv,
  Decipheriv: cipher.Decipheriv,
  getCiphers: cipher.getCiphers,
  getCipherInfo: cipher.getCipherInfo,
  scrypt: cipher.scrypt,
  scryptSync: cipher.scryptSync,
  createHash,
  createHmac,
  getHashes,
  hkdf,
  hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  randomBytes: random.randomBytes,
  randomFill: random.randomFill,
  randomFillSync: random.randomFillSync,
  randomInt: random.randomInt,
  randomUUID: random.randomUUID,
  timingSafeEqual,
  createSecretKey: keys.createSecretKey,
  createPublicKey: keys.createPublicKey,
  createPrivateKey: keys.createPrivateKey,
  generateKeyPair: keys.generateKeyPair,
  generateKeyPairSync: keys.generateKeyPairSync,
  sign: sig.sign,
  verify: sig.verify,
  createSign: sig.createSign,
  createVerify: sig.createVerify,
  Sign: sig.Sign,
  Verify: sig.Verify,
  publicEncrypt: sig.publicEncrypt,
  privateDecrypt: sig.privateDecrypt,
  diffieHellman: sig.diffieHellman,
  KeyObject: keys.KeyObject,
  getFips() {
    return 0;
  },
  hash,
  // Calling the constructors directly is deprecated in Node 24 (DEP0179,
  // DEP0181); createHash and createHmac are the way.
  Hash: require('internal/util').deprecate(Hash, 'crypto.Hash constructor is deprecated.', 'DEP0179'),
  Hmac: require('internal/util').deprecate(Hmac, 'crypto.Hmac constructor is deprecated.', 'DEP0181'),
  constants,
  webcrypto: webcrypto.crypto,
  subtle: webcrypto.subtle,
  getRandomValues: (array) => webcrypto.crypto.getRandomValues(array),
};
