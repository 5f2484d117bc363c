'use strict';

// The XMLHttpRequest standard's FormData
// (https://xhr.spec.whatwg.org/#interface-formdata): an ordered list of
// entries whose values are strings or Files (Blobs become Files named
// "blob"), and its multipart/form-data encoding for bodies.

const { Blob, File, isBlob } = require('internal/blob');
const { customInspect, customInspectObject } = require('internal/webstreams/util');
const { codes: { ERR_INVALID_THIS } } = require('internal/errors');
const { createIteratorFactory } = require('internal/fetch/iterator');

const kEntries = Symbol('form data entries');

function isFormData(value) {
  return typeof value === 'object' && value !== null && Array.isArray(value[kEntries]);
}

function check(self) {
  if (!isFormData(self)) throw new ERR_INVALID_THIS('FormData');
}

function toUSV(value) {
  return `${value}`.toWellFormed();
}

function makeEntry(name, value, filename) {
  name = toUSV(name);
  if (isBlob(value)) {
    if (!(value instanceof File) || filename !== undefined) {
      const fileName = filename !== undefined ? toUSV(filename) : (value instanceof File ? value.name : 'blob');
      value = new File([value], fileName, { type: value.type, lastModified: value.lastModified });
    }
  } else {
    value = toUSV(value);
  }
  return { name, value };
}

function notBlob(method, value) {
  const shown = typeof value === 'string' ? `"${value}"` :
    (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  return new TypeError(`FormData.${method}: Expected value ("${shown}") to be an instance of Blob.`);
}

function argCount(method, got, need) {
  if (got < need) {
    throw new TypeError(`FormData.${method}: ${need} argument${need === 1 ? '' : 's'} required, ` +
      `but${got ? ' only' : ''} ${got} found.`);
  }
}

class FormData {
  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError("FormData constructor: Argument 1 could not be converted to: undefined.");
    }
    this[kEntries] = [];
  }

  append(name, value, filename = undefined) {
    check(this);
    argCount('append', arguments.length, 2);
    if (arguments.length === 3 && !isBlob(value)) {
      throw notBlob('append', value);
    }
    this[kEntries].push(makeEntry(name, value, filename));
  }

  delete(name) {
    check(this);
    argCount('delete', arguments.length, 1);
    name = toUSV(name);
    this[kEntries] = this[kEntries].filter((e) => e.name !== name);
  }

  get(name) {
    check(this);
    argCount('get', arguments.length, 1);
    name = toUSV(name);
    const entry = this[kEntries].find((e) => e.name === name);
    return entry === undefined ? null : entry.value;
  }

  getAll(name) {
    check(this);
    argCount('getAll', arguments.length, 1);
    name = toUSV(name);
    return this[kEntries].filter((e) => e.name === name).map((e) => e.value);
  }

  has(name) {
    check(this);
    argCount('has', arguments.length, 1);
    name = toUSV(name);
    return this[kEntries].some((e) => e.name === name);
  }

  set(name, value, filename = undefined) {
    check(this);
    argCount('set', arguments.length, 2);
    if (arguments.length === 3 && !isBlob(value)) {
      throw notBlob('set', value);
    }
    const entry = makeEntry(name, value, filename);
    const entries = this[kEntries];
    const first = entries.findIndex((e) => e.name === entry.name);
    if (first === -1) {
      entries.push(entry);
    } else {
      this[kEntries] = [...entries.slice(0, first), entry,
        ...entries.slice(first + 1).filter((e) => e.name !== entry.name)];
    }
  }

  forEach(callback, thisArg = undefined) {
    check(this);
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    const entries = this[kEntries];
    for (let i = 0; i < entries.length; i++) callback.call(thisArg, entries[i].value, entries[i].name, this);
  }

  entries() {
    check(this);
    return makeIterator(this, 'key+value');
  }

  keys() {
    check(this);
    return makeIterator(this, 'key');
  }

  values() {
    check(this);
    return makeIterator(this, 'value');
  }

  [customInspect](depth, options) {
    const values = {};
    for (const e of this[kEntries]) {
      if (Object.hasOwn(values, e.name)) {
        const prev = values[e.name];
        values[e.name] = Array.isArray(prev) ? [...prev, e.value] : [prev, e.value];
      } else {
        values[e.name] = e.value;
      }
    }
    return customInspectObject(this, 'FormData', depth, options, values);
  }
}

Object.defineProperty(FormData.prototype, Symbol.iterator, {
  __proto__: null, value: FormData.prototype.entries, writable: true, configurable: true,
});
Object.defineProperty(FormData.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'FormData', configurable: true,
});

const makeIterator = createIteratorFactory('FormData',
  (fd) => fd[kEntries].map((e) => [e.name, e.value]));

function escapeMultipartName(name) {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

// multipart/form-data (RFC 7578) as a Blob and the boundary it uses.
function multipart(fd) {
  let digits = '';
  for (let i = 0; i < 11; i++) digits += Math.floor(Math.random() * 10);
  const boundary = `----formdata-nodus-0${digits}`;
  const parts = [];
  const normalize = (s) => s.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n');
  for (const e of fd[kEntries]) {
    const name = escapeMultipartName(normalize(e.name));
    if (typeof e.value === 'string') {
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${normalize(e.value)}\r\n`);
    } else {
      const filename = escapeMultipartName(e.value.name);
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
        `Content-Type: ${e.value.type || 'application/octet-stream'}\r\n\r\n`, e.value, '\r\n');
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return { blob: new Blob(parts), boundary };
}

module.exports = { FormData, isFormData, multipart };
