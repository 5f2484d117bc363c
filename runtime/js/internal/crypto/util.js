'use strict';
// Shared argument handling of node:crypto.

const { Buffer } = require('buffer');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');
const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');

// Bytes for the ops from a string (in `encoding`), an ArrayBuffer or an
// ArrayBufferView; anything else is Node's ERR_INVALID_ARG_TYPE naming
// `name` and the accepted `types`.
function toBytes(value, name, encoding, types = ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView']) {
  if (typeof value === 'string') {
    if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' || encoding === 'buffer' ||
        !Buffer.isEncoding(encoding)) {
      return value;
    }
    return Buffer.from(value, encoding);
  }
  if (isArrayBufferView(value) || isAnyArrayBuffer(value)) return value;
  throw new ERR_INVALID_ARG_TYPE(name, types, value);
}

// Encodes a digest as Node does: a Buffer without an encoding (or with
// 'buffer' or one Buffer does not know), a string otherwise.
function encodeDigest(bytes, encoding) {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (typeof encoding === 'string' && encoding !== 'buffer' && Buffer.isEncoding(encoding)) {
    return buf.toString(encoding);
  }
  return buf;
}

module.exports = { toBytes, encodeDigest };
