'use strict';

// The Fetch standard's Headers (https://fetch.spec.whatwg.org/#headers-class).
// A header list is a Map from the lowercased name to the name as first
// given and the combined value; `set-cookie` values stay apart for
// getSetCookie. Iteration sorts the names and yields each set-cookie value
// on its own, as the standard's "sort and combine" says.

const { customInspect, customInspectObject } = require('internal/webstreams/util');
const { codes: { ERR_INVALID_THIS } } = require('internal/errors');
const { createIteratorFactory } = require('internal/fetch/iterator');

const kList = Symbol('headers list');
const kGuard = Symbol('headers guard');


const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A value may hold no NUL, CR or LF once leading and trailing HTTP
// whitespace is removed.
const invalidValueRe = /[\0\r\n]/;

// WebIDL's ByteString: a string whose code units all fit in a byte.
function byteString(value) {
  value = `${value}`; // ToString: throws for a Symbol, as WebIDL does
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 255) {
      throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} ` +
        `has a value of ${code} which is greater than 255.`);
    }
  }
  return value;
}

function normalizeValue(value) {
  return byteString(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

function checkName(name) {
  if (!tokenRe.test(name)) throw new TypeError(`Headers.append: "${name}" is an invalid header name.`);
}

function checkValue(name, value, verb) {
  if (invalidValueRe.test(value)) {
    throw new TypeError(`Headers.${verb}: "${value}" is an invalid header value.`);
  }
}

class HeaderList {
  constructor() {
    this.map = new Map(); // lower → { name, value }
    this.cookies = [];
  }
  append(name, value) {
    const lower = name.toLowerCase();
    const entry = this.map.get(lower);
    if (entry) entry.value += (lower === 'cookie' ? '; ' : ', ') + value;
    else this.map.set(lower, { name, value });
    if (lower === 'set-cookie') this.cookies.push(value);
  }
  set(name, value) {
    const lower = name.toLowerCase();
    const entry = this.map.get(lower);
    if (entry) entry.value = value;
    else this.map.set(lower, { name, value });
    if (lower === 'set-cookie') this.cookies = [value];
  }
  delete(name) {
    const lower = name.toLowerCase();
    this.map.delete(lower);
    if (lower === 'set-cookie') this.cookies = [];
  }
  get(name) {
    const entry = this.map.get(name.toLowerCase());
    return entry === undefined ? null : entry.value;
  }
  has(name) {
    return this.map.has(name.toLowerCase());
  }
  clone() {
    const copy = new HeaderList();
    for (const [k, v] of this.map) copy.map.set(k, { name: v.name, value: v.value });
    copy.cookies = this.cookies.slice();
    return copy;
  }
  // The standard's "sort and combine".
  sorted() {
    const names = [...this.map.keys()].sort();
    const out = [];
    for (const name of names) {
      if (name === 'set-cookie') {
        for (const c of this.cookies) out.push([name, c]);
      } else {
        out.push([name, this.map.get(name).value]);
      }
    }
    return out;
  }
}

function isHeaders(value) {
  return typeof value === 'object' && value !== null && value[kList] instanceof HeaderList;
}

function check(self) {
  if (!isHeaders(self)) throw new ERR_INVALID_THIS('Headers');
}

function checkMutable(self) {
  const guard = self[kGuard];
  if (guard === 'immutable') throw new TypeError('immutable');
  return guard;
}

function appendChecked(self, name, value) {
  name = `${name}`;
  value = normalizeValue(value);
  checkName(name);
  checkValue(name, value, 'append');
  checkMutable(self);
  self[kList].append(name, value);
}

const notConvertible = 'Headers constructor: Argument 1 could not be converted to one of: ' +
  'sequence<sequence<ByteString>>, record<ByteString, ByteString>.';

// WebIDL's argument count check, in undici's words.
function argCount(method, got, need) {
  if (got < need) {
    throw new TypeError(`Headers.${method}: ${need} argument${need === 1 ? '' : 's'} required, ` +
      `but${got ? ' only' : ''} ${got} found.`);
  }
}

function fill(self, init) {
  if (init === undefined || init === null) {
    if (init === null) throw new TypeError(notConvertible);
    return;
  }
  if (typeof init !== 'object' && typeof init !== 'function') throw new TypeError(notConvertible);
  if (isHeaders(init)) {
    const list = init[kList];
    for (const [lower, entry] of list.map) {
      if (lower === 'set-cookie') for (const c of list.cookies) appendChecked(self, entry.name, c);
      else appendChecked(self, entry.name, entry.value);
    }
    return;
  }
  const iter = init[Symbol.iterator];
  if (typeof iter === 'function') {
    for (const pair of init) {
      const items = typeof pair === 'string' ? null : [...pair];
      if (items === null || items.length !== 2) {
        throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' +
          (items === null ? pair.length : items.length) + '.');
      }
      appendChecked(self, items[0], items[1]);
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    appendChecked(self, key, init[key]);
  }
}

class Headers {
  constructor(init = undefined) {
    this[kList] = new HeaderList();
    this[kGuard] = 'none';
    fill(this, init);
  }

  append(name, value) {
    check(this);
    argCount('append', arguments.length, 2);
    appendChecked(this, name, value);
  }

  delete(name) {
    check(this);
    argCount('delete', arguments.length, 1);
    name = `${name}`;
    if (!tokenRe.test(name)) throw new TypeError(`Headers.delete: "${name}" is an invalid header name.`);
    checkMutable(this);
    this[kList].delete(name);
  }

  get(name) {
    check(this);
    argCount('get', arguments.length, 1);
    name = `${name}`;
    if (!tokenRe.test(name)) throw new TypeError(`Headers.get: "${name}" is an invalid header name.`);
    return this[kList].get(name);
  }

  getSetCookie() {
    check(this);
    return this[kList].cookies.slice();
  }

  has(name) {
    check(this);
    argCount('has', arguments.length, 1);
    name = `${name}`;
    if (!tokenRe.test(name)) throw new TypeError(`Headers.has: "${name}" is an invalid header name.`);
    return this[kList].has(name);
  }

  set(name, value) {
    check(this);
    argCount('set', arguments.length, 2);
    name = `${name}`;
    value = normalizeValue(value);
    if (!tokenRe.test(name)) throw new TypeError(`Headers.set: "${name}" is an invalid header name.`);
    checkValue(name, value, 'set');
    checkMutable(this);
    this[kList].set(name, value);
  }

  forEach(callback, thisArg = undefined) {
    check(this);
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (const [name, value] of this[kList].sorted()) {
      callback.call(thisArg, value, name, this);
    }
  }

  keys() { check(this); return makeIterator(this, 'key'); }
  values() { check(this); return makeIterator(this, 'value'); }
  entries() { check(this); return makeIterator(this, 'key+value'); }

  [customInspect](depth, options) {
    const values = {};
    for (const entry of this[kList].map.values()) values[entry.name] = entry.value;
    return customInspectObject(this, 'Headers', depth, options, values);
  }
}

// WebIDL's iterable: @@iterator is the same function as entries.
Object.defineProperty(Headers.prototype, Symbol.iterator, {
  __proto__: null, value: Headers.prototype.entries, writable: true, configurable: true,
});
Object.defineProperty(Headers.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Headers', configurable: true,
});
for (const name of ['append', 'delete', 'get', 'getSetCookie', 'has', 'set', 'forEach', 'keys', 'values', 'entries']) {
  Object.defineProperty(Headers.prototype, name, { __proto__: null, enumerable: true });
}

// The list is sorted again on each step (see internal/fetch/iterator).
const makeIterator = createIteratorFactory('Headers', (headers) => headers[kList].sorted());

function getGuard(headers) {
  return headers[kGuard];
}

function setGuard(headers, guard) {
  headers[kGuard] = guard;
}

// A Headers object over an existing list (responses from the network).
function headersFromList(list, guard) {
  const headers = new Headers();
  headers[kList] = list;
  headers[kGuard] = guard;
  return headers;
}

module.exports = {
  Headers,
  HeaderList,
  isHeaders,
  setGuard,
  getGuard,
  headersFromList,
  fillHeaders: fill,
};
