'use strict';

// URL and URLSearchParams per the WHATWG URL Standard. The URL parser is
// native (the `url` op area: Ada, the parser Node calls): a URL is its
// normalized href plus the offsets of its parts, which the getters slice
// and the setters hand back to the parser. URLSearchParams (the
// application/x-www-form-urlencoded parser and serializer) is JavaScript,
// as in Node.

const {
  codes: {
    ERR_ARG_NOT_ITERABLE,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_THIS,
    ERR_INVALID_TUPLE,
    ERR_INVALID_URL,
    ERR_MISSING_ARGS,
  },
} = require('internal/errors');
const {
  op_url_components_sync: componentsBuffer,
  op_url_parse_sync: parseURL,
  op_url_can_parse_sync: canParseURL,
  op_url_update_sync: updateURL,
  op_url_domain_to_ascii_sync: opDomainToASCII,
  op_url_domain_to_unicode_sync: opDomainToUnicode,
} = internalBinding('url');

// The parser's failure, as Node's C++ parser throws it: a plain TypeError
// "Invalid URL" with code, input (and base) properties, the strings as the
// parser read them (lone surrogates replaced).
function invalidURL(input, base) {
  const err = require('internal/errors').nativeErrorWithCode(TypeError, 'ERR_INVALID_URL', 'Invalid URL', invalidURL);
  err.input = input.toWellFormed();
  if (base !== undefined) err.base = base.toWellFormed();
  return err;
}

const customInspect = Symbol.for('nodejs.util.inspect.custom');

// ---- Percent-encoding (application/x-www-form-urlencoded) ----------------------

const hex = '0123456789ABCDEF';
function percentEncodeByte(b) {
  return `%${hex[b >> 4]}${hex[b & 15]}`;
}

// The ASCII the urlencoded serializer leaves as it is: alphanumerics and
// `*-._`; everything else is percent-encoded (a space becomes `+`).
const formSafe = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._') formSafe[c.charCodeAt(0)] = 1;

function utf8Bytes(str) {
  const out = [];
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd;
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

// Serialize `str` for a urlencoded list: safe ASCII as it is, a space as
// `+`, everything else as the percent-encoded bytes of its UTF-8.
function formEncode(str) {
  let out = '';
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80 && formSafe[c] === 1) continue;
    if (i > last) out += str.slice(last, i);
    if (c === 0x20) {
      out += '+';
    } else if (c < 0x80) {
      out += percentEncodeByte(c);
    } else {
      let ch = str[i];
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        const d = str.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          ch += str[i + 1];
          i++;
        }
      }
      for (const b of utf8Bytes(ch)) out += percentEncodeByte(b);
    }
    last = i + 1;
  }
  return last === 0 ? str : out + str.slice(last);
}

function isHexDigit(c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// Percent-decode into bytes.
function percentDecodeBytes(bytes) {
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return out;
}

function utf8Decode(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let cp = 0xfffd;
    let n = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xdf && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 63);
      n = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      if (i + 1 < bytes.length && bytes[i + 1] >= lo && bytes[i + 1] <= hi) {
        if (i + 2 < bytes.length && (bytes[i + 2] & 0xc0) === 0x80) {
          cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
          n = 3;
        } else {
          n = 2;
        }
      }
    } else if (b >= 0xf0 && b <= 0xf4) {
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (i + 1 < bytes.length && bytes[i + 1] >= lo && bytes[i + 1] <= hi) {
        if (i + 2 < bytes.length && (bytes[i + 2] & 0xc0) === 0x80) {
          if (i + 3 < bytes.length && (bytes[i + 3] & 0xc0) === 0x80) {
            cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
            n = 4;
          } else {
            n = 3;
          }
        } else {
          n = 2;
        }
      }
    }
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

function percentDecodeString(str) {
  return utf8Decode(percentDecodeBytes(utf8Bytes(str)));
}

// ---- URLSearchParams -----------------------------------------------------------------

// The application/x-www-form-urlencoded parser: name/value pairs split at
// '&' and the first '=', '+' read as a space, percent-escapes decoded.
function parseUrlencoded(input) {
  const out = [];
  const length = input.length;
  let start = 0;
  let eq = -1;
  // Whether the name or the value has a '+' or '%' to decode.
  let encodedName = false;
  let encodedValue = false;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? input.charCodeAt(i) : 0x26;
    if (c === 0x26 /* & */) {
      if (i > start) {
        let name = input.slice(start, eq === -1 ? i : eq);
        let value = eq === -1 ? '' : input.slice(eq + 1, i);
        if (encodedName) name = decodeFormComponent(name);
        if (encodedValue) value = decodeFormComponent(value);
        out.push([name, value]);
      }
      start = i + 1;
      eq = -1;
      encodedName = false;
      encodedValue = false;
    } else if (c === 0x3d /* = */ && eq === -1) {
      eq = i;
    } else if (c === 0x2b /* + */ || c === 0x25 /* % */) {
      if (eq === -1) encodedName = true;
      else encodedValue = true;
    }
  }
  return out;
}

function decodeFormComponent(text) {
  if (text.includes('+')) text = text.replace(/\+/g, ' ');
  if (text.includes('%')) text = percentDecodeString(text);
  return text;
}

function serializeUrlencoded(list) {
  return list.map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`).join('&');
}

function toUSVString(v) {
  return `${v}`.toWellFormed();
}

const kList = Symbol('query');
const kURL = Symbol('context');

class URLSearchParams {
  constructor(init = undefined) {
    this[kList] = [];
    this[kURL] = null;
    if (init === undefined) {
      // Empty.
    } else if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
      const method = init[Symbol.iterator];
      if (method === this[Symbol.iterator] && init instanceof URLSearchParams) {
        this[kList] = init[kList].map((pair) => pair.slice());
      } else if (method != null) {
        if (typeof method !== 'function') throw new ERR_ARG_NOT_ITERABLE('Query pairs');
        for (const pair of init) {
          if (pair == null || (typeof pair !== 'object' && typeof pair !== 'function') ||
              typeof pair[Symbol.iterator] !== 'function') {
            throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
          }
          const items = Array.from(pair);
          if (items.length !== 2) throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
          this[kList].push([toUSVString(items[0]), toUSVString(items[1])]);
        }
      } else {
        for (const key of Reflect.ownKeys(init)) {
          // A symbol key throws when it is made a string, as in Node.
          if (Object.prototype.propertyIsEnumerable.call(init, key)) {
            this[kList].push([toUSVString(key), toUSVString(init[key])]);
          }
        }
      }
    } else {
      let str = toUSVString(init);
      if (str[0] === '?') str = str.slice(1);
      this[kList] = parseUrlencoded(str);
    }
  }

  get size() {
    checkParams(this);
    return this[kList].length;
  }

  append(name, value) {
    checkParams(this);
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
    this[kList].push([toUSVString(name), toUSVString(value)]);
    update(this);
  }

  delete(name, value = undefined) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      this[kList] = this[kList].filter(([n, v]) => !(n === name && v === value));
    } else {
      this[kList] = this[kList].filter(([n]) => n !== name);
    }
    update(this);
  }

  get(name) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    const list = this[kList];
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] === name) return list[i][1];
    }
    return null;
  }

  getAll(name) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    return this[kList].filter(([n]) => n === name).map(([, v]) => v);
  }

  has(name, value = undefined) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      return this[kList].some(([n, v]) => n === name && v === value);
    }
    return this[kList].some(([n]) => n === name);
  }

  set(name, value) {
    checkParams(this);
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
    name = toUSVString(name);
    value = toUSVString(value);
    const list = this[kList];
    const index = list.findIndex(([n]) => n === name);
    if (index === -1) {
      list.push([name, value]);
    } else {
      list[index][1] = value;
      this[kList] = list.filter(([n], i) => n !== name || i <= index);
    }
    update(this);
  }

  sort() {
    checkParams(this);
    // Stable sort by UTF-16 code units of the names.
    this[kList] = this[kList]
      .map((pair, i) => [pair, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
      .map(([pair]) => pair);
    update(this);
  }

  entries() {
    checkParams(this);
    return createIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    checkParams(this);
    if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    for (let i = 0; i < this[kList].length; i++) {
      const [name, value] = this[kList][i];
      Reflect.apply(callback, thisArg, [value, name, this]);
    }
  }

  keys() {
    checkParams(this);
    return createIterator(this, 'key');
  }

  values() {
    checkParams(this);
    return createIterator(this, 'value');
  }

  toString() {
    checkParams(this);
    return serializeUrlencoded(this[kList]);
  }

  [customInspect](recurseTimes, ctx) {
    checkParams(this);
    if (typeof recurseTimes === 'number' && recurseTimes < 0) return ctx.stylize('[Object]', 'special');
    const { inspect } = require('internal/util/inspect');
    const separator = ', ';
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const innerInspect = (v) => inspect(v, innerOpts);
    const list = this[kList];
    const output = list.map(([k, v]) => `${innerInspect(k)} => ${innerInspect(v)}`);
    const length = output.reduce((prev, cur) => prev + cur.length + separator.length, -separator.length);
    if (length > ctx.breakLength) {
      return `${this.constructor.name} {\n  ${output.join(',\n  ')} }`;
    } else if (output.length) {
      return `${this.constructor.name} { ${output.join(separator)} }`;
    }
    return `${this.constructor.name} {}`;
  }
}

Object.defineProperties(URLSearchParams.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: 'URLSearchParams' },
  [Symbol.iterator]: { value: URLSearchParams.prototype.entries, writable: true, configurable: true, enumerable: false },
  size: { enumerable: true },
  append: { enumerable: true },
  delete: { enumerable: true },
  get: { enumerable: true },
  getAll: { enumerable: true },
  has: { enumerable: true },
  set: { enumerable: true },
  sort: { enumerable: true },
  entries: { enumerable: true },
  forEach: { enumerable: true },
  keys: { enumerable: true },
  values: { enumerable: true },
  toString: { enumerable: true },
});

function checkParams(self) {
  if (self == null || !(kList in self)) throw new ERR_INVALID_THIS('URLSearchParams');
}

// A change to the list of a URL's searchParams: the URL's query becomes
// the serialized list (none when it is empty).
function update(params) {
  const url = params[kURL];
  if (!url) return;
  setSearchFromParams(url, serializeUrlencoded(params[kList]));
}

const kIteration = Symbol('iteration');

const URLSearchParamsIteratorPrototype = Object.create(
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
    next: {
      value() {
        const state = this?.[kIteration];
        if (state === undefined) throw new ERR_INVALID_THIS('URLSearchParamsIterator');
        const { target, kind, index } = state;
        const list = target[kList];
        if (index >= list.length) return { value: undefined, done: true };
        state.index = index + 1;
        const [name, value] = list[index];
        return { value: kind === 'key' ? name : kind === 'value' ? value : [name, value], done: false };
      },
      writable: true, configurable: true, enumerable: true,
    },
    [Symbol.toStringTag]: { value: 'URLSearchParams Iterator', configurable: true },
    // `URLSearchParams Iterator { 'a', 'b' }`: the items still to come.
    [customInspect]: {
      value(recurseTimes, ctx) {
        const state = this?.[kIteration];
        if (state === undefined) throw new ERR_INVALID_THIS('URLSearchParamsIterator');
        if (typeof recurseTimes === 'number' && recurseTimes < 0) return ctx.stylize('[Object]', 'special');
        const { inspect } = require('internal/util/inspect');
        const innerOpts = { ...ctx };
        if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
        const { target, kind, index } = state;
        const output = target[kList].slice(index).map(([name, value]) =>
          inspect(kind === 'key' ? name : kind === 'value' ? value : [name, value], innerOpts));
        const length = output.reduce((prev, cur) => prev + cur.length + 2, -2);
        const body = length > ctx.breakLength ? `\n  ${output.join(',\n  ')} ` : ` ${output.join(', ')} `;
        return `URLSearchParams Iterator {${body}}`;
      },
      writable: true, configurable: true,
    },
  });

function createIterator(target, kind) {
  const it = Object.create(URLSearchParamsIteratorPrototype);
  it[kIteration] = { target, kind, index: 0 };
  return it;
}

// ---- URL ----------------------------------------------------------------------------------

// The parser leaves the offsets of the URL it returns here (see
// runtime/src/ops/url.rs): protocol_end, username_end, host_start, host_end,
// port, pathname_start, search_start, hash_start; -1 when the URL has no
// port, query or fragment. The view is made on first use, at run time (the
// op area's buffer does not exist when the startup snapshot is made).
let components;

// The setters of op_url_update_sync.
const kHref = 0;
const kProtocol = 1;
const kUsername = 2;
const kPassword = 3;
const kHost = 4;
const kHostname = 5;
const kPort = 6;
const kPathname = 7;
const kSearch = 8;
const kHash = 9;

// Reach into URL's private state from URLSearchParams and node:url.
let isURLThis;
let takeUpdate;
let fileURLWithHost;
let setSearchFromParams;

// Ada's scheme types, as Node's URL context shows them (inspect with
// showHidden).
const schemeTypes = { 'http:': 0, 'https:': 2, 'ws:': 3, 'ftp:': 4, 'wss:': 5, 'file:': 6 };
class URLContext {}

class URL {
  // The normalized href; the offsets of its parts follow.
  #context = '';
  #protocolEnd = 0;
  #usernameEnd = 0;
  #hostStart = 0;
  #hostEnd = 0;
  #port = -1;
  #pathnameStart = 0;
  #searchStart = -1;
  #hashStart = -1;
  #searchParams = undefined;

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    input = `${input}`;
    if (base !== undefined) base = `${base}`;
    if (components === undefined) components = componentsBuffer();
    const href = parseURL(input, base);
    if (href === undefined) throw invalidURL(input, base);
    this.#take(href === true ? input : href);
  }

  static parse(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    // Converted first: a value that cannot be a string throws, as in Node.
    input = `${input}`;
    if (base !== undefined) base = `${base}`;
    try {
      return new URL(input, base);
    } catch {
      return null;
    }
  }

  static canParse(url, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    url = `${url}`;
    if (base !== undefined) base = `${base}`;
    return canParseURL(url, base);
  }

  // blob:nodedata:<uuid> URLs for Blobs (the registry is in internal/blob;
  // buffer.resolveObjectURL reads it).
  static createObjectURL(obj) {
    const blobs = require('internal/blob');
    if (!blobs.isBlob(obj)) throw new ERR_INVALID_ARG_TYPE('obj', 'Blob', obj);
    return blobs.registerObjectURL(obj);
  }

  static revokeObjectURL(url) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    require('internal/blob').revokeObjectURL(`${url}`);
  }

  static {
    isURLThis = (self) => self != null && typeof self === 'object' && #context in self;
    // The parser's answer to a setter: the new href (and offsets in
    // `components`), or false when it refused the value.
    takeUpdate = (url, href, syncParams) => {
      if (href === false) return false;
      url.#take(href);
      if (syncParams && url.#searchParams !== undefined) url.#searchParams[kList] = parseUrlencoded(url.#query());
      return true;
    };
    fileURLWithHost = (href, hostname) => {
      const url = new URL(href);
      if (!takeUpdate(url, updateURL(url.#context, kHostname, hostname), false)) {
        throw invalidURL(href, undefined);
      }
      return url;
    };
    setSearchFromParams = (url, serialized) => takeUpdate(url, updateURL(url.#context, kSearch, serialized));
  }

  // Take the parser's href and the offsets it left in `components`.
  #take(href) {
    this.#context = href;
    this.#protocolEnd = components[0];
    this.#usernameEnd = components[1];
    this.#hostStart = components[2];
    this.#hostEnd = components[3];
    this.#port = components[4];
    this.#pathnameStart = components[5];
    this.#searchStart = components[6];
    this.#hashStart = components[7];
  }

  // The query without its '?' ('' when there is none).
  #query() {
    const start = this.#searchStart;
    if (start === -1) return '';
    const end = this.#hashStart === -1 ? this.#context.length : this.#hashStart;
    return this.#context.slice(start + 1, end);
  }

  // The brand check of toString, toJSON and the href and search getters:
  // another receiver gets V8's "Receiver must be an instance of class URL"
  // there, and "Cannot read private member #context" where a method reads
  // the field first, as in Node. (A private method, not a private getter:
  // V8 inlines the check of a method but calls into the runtime for a
  // getter.)
  #check() {}

  toString() {
    this.#check();
    return this.#context;
  }

  get href() {
    this.#check();
    return this.#context;
  }

  set href(value) {
    const href = this.#context;
    value = `${value}`;
    if (!takeUpdate(this, updateURL(href, kHref, value), true)) throw new ERR_INVALID_URL(value);
  }

  get origin() {
    const protocol = this.#context.slice(0, this.#protocolEnd);
    switch (protocol) {
      case 'http:':
      case 'https:':
      case 'ftp:':
      case 'ws:':
      case 'wss:':
        return `${protocol}//${this.host}`;
      case 'blob:': {
        // The origin of the URL in the path, for http(s) only.
        const inner = URL.parse(this.pathname);
        if (inner !== null && (inner.protocol === 'http:' || inner.protocol === 'https:')) return inner.origin;
        return 'null';
      }
      default:
        return 'null';
    }
  }

  get protocol() {
    return this.#context.slice(0, this.#protocolEnd);
  }

  set protocol(value) {
    takeUpdate(this, updateURL(this.#context, kProtocol, `${value}`), false);
  }

  get username() {
    const href = this.#context;
    const start = this.#protocolEnd + 2;
    return start < this.#usernameEnd ? href.slice(start, this.#usernameEnd) : '';
  }

  set username(value) {
    takeUpdate(this, updateURL(this.#context, kUsername, `${value}`), false);
  }

  get password() {
    const href = this.#context;
    return this.#hostStart > this.#usernameEnd ? href.slice(this.#usernameEnd + 1, this.#hostStart) : '';
  }

  set password(value) {
    takeUpdate(this, updateURL(this.#context, kPassword, `${value}`), false);
  }

  get host() {
    const href = this.#context;
    let start = this.#hostStart;
    if (this.#hostEnd > start && href.charCodeAt(start) === 0x40 /* @ */) start++;
    if (start === this.#hostEnd) return '';
    return href.slice(start, this.#pathnameStart);
  }

  set host(value) {
    takeUpdate(this, updateURL(this.#context, kHost, `${value}`), false);
  }

  get hostname() {
    const href = this.#context;
    let start = this.#hostStart;
    if (this.#hostEnd > start && href.charCodeAt(start) === 0x40 /* @ */) start++;
    return href.slice(start, this.#hostEnd);
  }

  set hostname(value) {
    takeUpdate(this, updateURL(this.#context, kHostname, `${value}`), false);
  }

  get port() {
    this.#context;
    return this.#port === -1 ? '' : `${this.#port}`;
  }

  set port(value) {
    takeUpdate(this, updateURL(this.#context, kPort, `${value}`), false);
  }

  get pathname() {
    const href = this.#context;
    let end = this.#searchStart;
    if (end === -1) end = this.#hashStart;
    if (end === -1) end = href.length;
    return href.slice(this.#pathnameStart, end);
  }

  set pathname(value) {
    takeUpdate(this, updateURL(this.#context, kPathname, `${value}`), false);
  }

  get search() {
    this.#check();
    const href = this.#context;
    const start = this.#searchStart;
    if (start === -1) return '';
    const end = this.#hashStart === -1 ? href.length : this.#hashStart;
    return end - start <= 1 ? '' : href.slice(start, end);
  }

  set search(value) {
    takeUpdate(this, updateURL(this.#context, kSearch, `${value}`), true);
  }

  get searchParams() {
    if (this.#searchParams === undefined) {
      const params = new URLSearchParams();
      params[kList] = parseUrlencoded(this.#query());
      params[kURL] = this;
      this.#searchParams = params;
    }
    return this.#searchParams;
  }

  get hash() {
    const href = this.#context;
    const start = this.#hashStart;
    return start === -1 || href.length - start <= 1 ? '' : href.slice(start);
  }

  set hash(value) {
    takeUpdate(this, updateURL(this.#context, kHash, `${value}`), false);
  }

  toJSON() {
    this.#check();
    return this.#context;
  }

  [customInspect](depth, opts) {
    if (typeof depth === 'number' && depth < 0) return this;
    const { inspect } = require('internal/util/inspect');
    const obj = {
      __proto__: { constructor: URL },
      href: this.href,
      origin: this.origin,
      protocol: this.protocol,
      username: this.username,
      password: this.password,
      host: this.host,
      hostname: this.hostname,
      port: this.port,
      pathname: this.pathname,
      search: this.search,
      searchParams: this.searchParams,
      hash: this.hash,
    };
    if (opts.showHidden) obj[Symbol('context')] = this.#describeContext();
    return `${this.constructor.name} ${inspect(obj, opts)}`;
  }

  // The parser's view of the URL, the way Node shows its URLContext.
  #describeContext() {
    const omitted = (n) => (n === -1 ? 0xffffffff : n);
    const context = {
      __proto__: URLContext.prototype,
      href: this.#context,
      protocol_end: this.#protocolEnd,
      username_end: this.#usernameEnd,
      host_start: this.#hostStart,
      host_end: this.#hostEnd,
      pathname_start: this.#pathnameStart,
      search_start: omitted(this.#searchStart),
      hash_start: omitted(this.#hashStart),
      port: omitted(this.#port),
      scheme_type: schemeTypes[this.protocol] ?? 1,
    };
    const flags = { hasPort: this.#port !== -1, hasSearch: this.#searchStart !== -1, hasHash: this.#hashStart !== -1 };
    for (const [name, value] of Object.entries(flags)) {
      Object.defineProperty(context, name, { get: () => value, enumerable: false, configurable: true });
    }
    return context;
  }
}

const urlKeys = ['toString', 'href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
  'pathname', 'search', 'searchParams', 'hash', 'toJSON'];
for (const key of urlKeys) {
  const desc = Object.getOwnPropertyDescriptor(URL.prototype, key);
  Object.defineProperty(URL.prototype, key, { ...desc, enumerable: true });
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { configurable: true, value: 'URL' });
Object.defineProperty(URL, 'parse', { enumerable: true });
Object.defineProperty(URL, 'canParse', { enumerable: true });
Object.defineProperty(URL, 'createObjectURL', { enumerable: true });
Object.defineProperty(URL, 'revokeObjectURL', { enumerable: true });

// The host `domain` makes in a special URL, punycoded ('' when invalid).
function domainToASCII(domain) {
  if (arguments.length < 1) throw new ERR_MISSING_ARGS('domain');
  return opDomainToASCII(`${domain}`);
}

// The same host with its punycode labels decoded.
function domainToUnicode(domain) {
  if (arguments.length < 1) throw new ERR_MISSING_ARGS('domain');
  return opDomainToUnicode(`${domain}`);
}

// URL and URLSearchParams keep their state in private fields, which a
// structured clone would lose: Node 24 refuses to clone them (a
// DataCloneError), and so does nodus. The mark is an op, so it is made
// before the first clone or serialization rather than in the snapshot.
let uncloneableMarked = false;
function markUncloneable() {
  if (uncloneableMarked) return;
  uncloneableMarked = true;
  const { op_core_mark_uncloneable_sync: mark } = internalBinding('core');
  mark(URL.prototype);
  mark(URLSearchParams.prototype);
}

module.exports = {
  markUncloneable,
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  // `href` (a file URL) with its host set to `hostname` as the hostname
  // setter reads it; ERR_INVALID_URL when the setter refuses it.
  fileURLWithHost: (href, hostname) => fileURLWithHost(href, hostname),
  isURL(self) {
    return isURLThis(self);
  },
};
