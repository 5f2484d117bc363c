'use strict';
// tls.createSecureContext and SecureContext: the options checked and
// joined in JS, the key, chain, roots, versions and suites held by a native
// context (src/ops/tls/mod.rs) that connections share. Contexts are freed
// when their SecureContext is collected.

const {
  op_tls_context_create_sync,
  op_tls_default_roots_sync,
} = internalBinding('tls');
const { op_core_handle_close_sync } = internalBinding('core');
const { Buffer } = require('buffer');
const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_FEATURE_UNAVAILABLE_ON_PLATFORM,
    ERR_TLS_INVALID_PROTOCOL_VERSION,
  },
} = require('internal/errors');
const { validateObject, kValidateObjectAllowNullable } = require('internal/validators');

const DEFAULT_MIN_VERSION = 'TLSv1.2';
const DEFAULT_MAX_VERSION = 'TLSv1.3';
// The suites rustls offers, in its order of preference, in OpenSSL's names.
const DEFAULT_CIPHERS = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:' +
  'ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:' +
  'ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256';

const kVersions = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

let registry = null;
let defaultsLoaded = false;

class SecureContext {
  constructor(id, ca) {
    // Node keeps the native context under `.context`.
    this.context = { id };
    this._ca = ca;
    if (registry === null) registry = new FinalizationRegistry((handle) => op_core_handle_close_sync(handle));
    registry.register(this, id);
  }
}

function isBytes(value) {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

// A key/cert/ca value (string, Buffer, or an array of them) as one Buffer
// of PEM text; `null` when absent.
function joinPem(value, name, allowObjects = false) {
  if (value === undefined || value === null) return null;
  const parts = [];
  const add = (item, itemName) => {
    if (typeof item === 'string') parts.push(Buffer.from(item));
    else if (isBytes(item)) parts.push(Buffer.from(item.buffer ?? item, item.byteOffset ?? 0, item.byteLength));
    else if (allowObjects && item !== null && typeof item === 'object' && item.pem !== undefined) add(item.pem, itemName);
    else {
      throw new ERR_INVALID_ARG_TYPE(itemName, ['string', 'Buffer', 'TypedArray', 'DataView'], item);
    }
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      add(item, name);
      parts.push(Buffer.from('\n'));
    }
  } else {
    add(value, name);
  }
  return Buffer.concat(parts);
}

function keyPassphrase(key, passphrase) {
  if (Array.isArray(key)) {
    for (const item of key) {
      if (item !== null && typeof item === 'object' && !isBytes(item) && item.passphrase !== undefined) {
        return String(item.passphrase);
      }
    }
  }
  return passphrase === undefined || passphrase === null ? null : String(passphrase);
}

function checkVersion(value, which) {
  if (value === undefined) return which === 'minimum' ? module.exports.defaults.min : module.exports.defaults.max;
  if (typeof value !== 'string' || !kVersions.includes(value)) {
    throw new ERR_TLS_INVALID_PROTOCOL_VERSION(value, which);
  }
  return value;
}

function createSecureContext(options) {
  if (options === undefined) options = {};
  validateObject(options, 'options', kValidateObjectAllowNullable);
  if (options === null) options = {};
  const { key, cert, ca, passphrase, pfx, ciphers, secureProtocol } = options;
  if (pfx !== undefined && pfx !== null) {
    throw new ERR_FEATURE_UNAVAILABLE_ON_PLATFORM('tls.createSecureContext({ pfx }) (PKCS#12)');
  }
  if (ciphers !== undefined && typeof ciphers !== 'string') {
    throw new ERR_INVALID_ARG_TYPE('options.ciphers', 'string', ciphers);
  }
  let minVersion = checkVersion(options.minVersion, 'minimum');
  let maxVersion = checkVersion(options.maxVersion, 'maximum');
  if (typeof secureProtocol === 'string') {
    // Node's method names pin one version (TLSv1_2_method) or none.
    const m = /^TLSv1_([23])_(?:client_|server_)?method$/.exec(secureProtocol);
    if (m) minVersion = maxVersion = `TLSv1.${m[1]}`;
  }
  const keyPem = joinPem(key, 'options.key', true);
  const certPem = joinPem(cert, 'options.cert');
  const caPem = joinPem(ca, 'options.ca');
  if (caPem === null && !defaultsLoaded) {
    defaultsLoaded = true;
    const warning = op_tls_default_roots_sync();
    if (warning) process.emitWarning(warning);
  }
  const id = op_tls_context_create_sync(keyPem, keyPassphrase(key, passphrase), certPem, caPem,
                                        minVersion, maxVersion, ciphers ?? null);
  return new SecureContext(id, caPem);
}

module.exports = {
  SecureContext,
  createSecureContext,
  DEFAULT_CIPHERS,
  DEFAULT_MIN_VERSION,
  DEFAULT_MAX_VERSION,
  // tls.DEFAULT_MIN_VERSION/MAX_VERSION are writable in Node and change
  // what later contexts default to.
  defaults: { min: DEFAULT_MIN_VERSION, max: DEFAULT_MAX_VERSION },
};
