'use strict';

// The Fetch standard's bodies (https://fetch.spec.whatwg.org/#bodies):
// "extract a body" from what a Request or Response is given, and the Body
// mixin's readers. A body is a record { stream, source, length }: the
// ReadableStream, the bytes/Blob/FormData it was made from (for
// re-sending on a redirect) and its length when known.

const { Blob, isBlob } = require('internal/blob');
const { kState } = require('internal/webstreams/util');
const { ReadableStream, isReadableStream } = require('internal/webstreams/readable');
const { isFormData, multipart, FormData } = require('internal/fetch/form_data');
const { isAnyArrayBuffer, isArrayBufferView } = require('internal/util/types');

const utf8Encoder = new TextEncoder();

function bytesStream(bytes) {
  return new ReadableStream({
    type: 'bytes',
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
      controller.close();
    },
  });
}

// → { body, type } with type the Content-Type to default to, or null.
function extractBody(object) {
  let source = null;
  let type = null;
  let stream = null;
  let length = null;
  if (typeof object === 'string') {
    source = utf8Encoder.encode(object);
    type = 'text/plain;charset=UTF-8';
  } else if (object instanceof URLSearchParams) {
    source = utf8Encoder.encode(object.toString());
    type = 'application/x-www-form-urlencoded;charset=UTF-8';
  } else if (isAnyArrayBuffer(object)) {
    source = new Uint8Array(object.slice(0));
  } else if (isArrayBufferView(object)) {
    source = new Uint8Array(object.buffer.slice(object.byteOffset, object.byteOffset + object.byteLength));
  } else if (isBlob(object)) {
    source = object;
    length = object.size;
    if (object.type) type = object.type;
    stream = object.stream();
  } else if (isFormData(object)) {
    const { blob, boundary } = multipart(object);
    source = blob;
    length = blob.size;
    type = `multipart/form-data; boundary=${boundary}`;
    stream = blob.stream();
  } else if (isReadableStream(object)) {
    if (object.locked || object[kState].disturbed) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    stream = object;
  } else if (object !== null && typeof object === 'object' && typeof object[Symbol.asyncIterator] === 'function') {
    stream = ReadableStream.from(object);
  } else {
    source = utf8Encoder.encode(String(object));
    type = 'text/plain;charset=UTF-8';
  }
  if (source instanceof Uint8Array) {
    length = source.byteLength;
    stream = bytesStream(source);
  }
  return { body: { stream, source, length }, type };
}

function cloneBody(body) {
  const [a, b] = body.stream.tee();
  body.stream = a;
  return { stream: b, source: body.source, length: body.length };
}

function bodyUnusable(body) {
  return body !== null && (body.stream.locked || body.stream[kState].disturbed);
}

async function readAllBytes(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    chunks.push(value);
    total += value.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

// The standard's "consume body": fails when the body was read or locked.
function consumeBytes(inner) {
  if (bodyUnusable(inner.body)) {
    return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
  }
  if (inner.body === null) return Promise.resolve(new Uint8Array(0));
  return readAllBytes(inner.body.stream);
}

function decodeUtf8(bytes) {
  return new TextDecoder().decode(bytes);
}

function parseUrlencoded(text) {
  const fd = new FormData();
  for (const [k, v] of new URLSearchParams(text)) fd.append(k, v);
  return fd;
}

function boundaryOf(contentType) {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

function indexOfBytes(haystack, needle, from) {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

function parseMultipart(bytes, boundary) {
  const { File } = require('internal/blob');
  const fd = new FormData();
  const delimiter = utf8Encoder.encode(`--${boundary}`);
  let pos = indexOfBytes(bytes, delimiter, 0);
  if (pos === -1) throw new TypeError('Failed to parse body as FormData.');
  for (;;) {
    pos += delimiter.length;
    if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) return fd;
    if (bytes[pos] !== 0x0d || bytes[pos + 1] !== 0x0a) throw new TypeError('Failed to parse body as FormData.');
    pos += 2;
    const headerEnd = indexOfBytes(bytes, utf8Encoder.encode('\r\n\r\n'), pos);
    if (headerEnd === -1) throw new TypeError('Failed to parse body as FormData.');
    const headerText = new TextDecoder('latin1').decode(bytes.subarray(pos, headerEnd));
    const next = indexOfBytes(bytes, utf8Encoder.encode(`\r\n--${boundary}`), headerEnd + 4);
    if (next === -1) throw new TypeError('Failed to parse body as FormData.');
    const content = bytes.subarray(headerEnd + 4, next);
    let name = null;
    let filename = null;
    let type = '';
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        const n = /;\s*name="([^"]*)"/i.exec(value);
        const f = /;\s*filename="([^"]*)"/i.exec(value);
        if (n) name = n[1];
        if (f) filename = f[1];
      } else if (key === 'content-type') {
        type = value;
      }
    }
    if (name === null) throw new TypeError('Failed to parse body as FormData.');
    if (filename !== null) fd.append(name, new File([content], filename, { type }));
    else fd.append(name, decodeUtf8(content));
    pos = next + 2;
  }
}

// The Body mixin's methods, installed on Request and Response. `inner`
// gives an object's internal record ({ body, headers }); `check` throws on
// a foreign receiver.
function mixinBody(Class, inner, name) {
  const methods = {
    get body() {
      const s = inner(this, 'body');
      return s.body === null ? null : s.body.stream;
    },
    get bodyUsed() {
      const s = inner(this, 'bodyUsed');
      return s.body !== null && s.body.stream[kState].disturbed;
    },
    arrayBuffer() {
      let s;
      try { s = inner(this, 'arrayBuffer'); } catch (e) { return Promise.reject(e); }
      return consumeBytes(s).then((b) => b.buffer);
    },
    blob() {
      let s;
      try { s = inner(this, 'blob'); } catch (e) { return Promise.reject(e); }
      return consumeBytes(s).then((b) => new Blob([b], { type: s.headerList.get('content-type') ?? '' }));
    },
    bytes() {
      let s;
      try { s = inner(this, 'bytes'); } catch (e) { return Promise.reject(e); }
      return consumeBytes(s);
    },
    formData() {
      let s;
      try { s = inner(this, 'formData'); } catch (e) { return Promise.reject(e); }
      return consumeBytes(s).then((bytes) => {
        const type = s.headerList.get('content-type') ?? '';
        const essence = type.split(';')[0].trim().toLowerCase();
        if (essence === 'application/x-www-form-urlencoded') return parseUrlencoded(decodeUtf8(bytes));
        if (essence === 'multipart/form-data') {
          const boundary = boundaryOf(type);
          if (boundary === null) throw new TypeError('Failed to parse body as FormData.');
          return parseMultipart(bytes, boundary);
        }
        throw new TypeError(
          'Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
      });
    },
    json() {
      let s;
      try { s = inner(this, 'json'); } catch (e) { return Promise.reject(e); }
      return consumeBytes(s).then((b) => JSON.parse(decodeUtf8(b)));
    },
    text() {
      let s;
      try { s = inner(this, 'text'); } catch (e) { return Promise.reject(e); }
      return consumeBytes(s).then(decodeUtf8);
    },
  };
  for (const key of Object.keys(methods)) {
    const desc = Object.getOwnPropertyDescriptor(methods, key);
    desc.enumerable = true;
    Object.defineProperty(Class.prototype, key, desc);
  }
}

module.exports = { extractBody, cloneBody, bodyUnusable, mixinBody };
