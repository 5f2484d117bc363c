'use strict';

// The Fetch standard's Request (https://fetch.spec.whatwg.org/#request-class).

const { setGuard, fillHeaders, HeaderList, headersFromList } = require('internal/fetch/headers');
const { extractBody, cloneBody, bodyUnusable, mixinBody } = require('internal/fetch/body');
const { customInspect, customInspectObject } = require('internal/webstreams/util');
const { isReadableStream } = require('internal/webstreams/readable');
const { codes: { ERR_INVALID_THIS } } = require('internal/errors');

const kInner = Symbol('request');

const normalizedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK']);
let patchWarned = false;
const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const enums = {
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'manual', 'error'],
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
    'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
  duplex: ['half'],
};

function checkEnum(key, value) {
  value = String(value);
  if (!enums[key].includes(value)) {
    // undici's words, its missing context ("undefined") included.
    throw new TypeError(`undefined: ${value} is not an accepted type. Expected one of ${enums[key].join(', ')}.`);
  }
  return value;
}

function inner(self, member) {
  const s = self?.[kInner];
  if (s === undefined) throw new ERR_INVALID_THIS('Request');
  return s;
}

function parseUrl(input) {
  try {
    return new URL(String(input));
  } catch (error) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause: error });
  }
}

class Request {
  constructor(input, init = undefined) {
    if (arguments.length < 1) {
      throw new TypeError('Request constructor: 1 argument required, but 0 found.');
    }
    if (init !== undefined && init !== null && typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError(`undefined: Expected ${String(init)} to be one of: Null, Undefined, Object.`);
    }
    init ??= {};
    let base;
    if (input instanceof Request) {
      base = input[kInner];
    } else {
      const url = parseUrl(input);
      if (url.username || url.password) {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
      }
      base = {
        method: 'GET', url, headerList: new HeaderList(), body: null,
        mode: 'cors', credentials: 'same-origin', cache: 'default', redirect: 'follow',
        referrer: 'about:client', referrerPolicy: '', integrity: '', keepalive: false,
        signal: null, duplex: 'half',
      };
    }
    const s = {
      method: base.method, url: base.url, headerList: base.headerList.clone(), body: base.body,
      mode: base.mode, credentials: base.credentials, cache: base.cache, redirect: base.redirect,
      referrer: base.referrer, referrerPolicy: base.referrerPolicy, integrity: base.integrity,
      keepalive: base.keepalive, duplex: base.duplex, signal: null, headers: null,
    };
    if (init.mode !== undefined) {
      s.mode = checkEnum('mode', init.mode);
      if (s.mode === 'navigate') throw new TypeError("Request constructor: invalid request mode navigate.");
    }
    if (init.credentials !== undefined) s.credentials = checkEnum('credentials', init.credentials);
    if (init.cache !== undefined) s.cache = checkEnum('cache', init.cache);
    if (init.redirect !== undefined) s.redirect = checkEnum('redirect', init.redirect);
    if (init.referrerPolicy !== undefined) s.referrerPolicy = checkEnum('referrerPolicy', init.referrerPolicy);
    if (init.integrity !== undefined) s.integrity = String(init.integrity);
    if (init.keepalive !== undefined) s.keepalive = Boolean(init.keepalive);
    if (init.referrer !== undefined) {
      const referrer = String(init.referrer);
      if (referrer === '') s.referrer = 'no-referrer';
      else {
        const parsed = parseUrl(referrer);
        s.referrer = parsed.protocol === 'about:' && parsed.pathname === 'client' ? 'about:client' : parsed.href;
      }
    }
    if (init.method !== undefined) {
      let method = String(init.method);
      if (!tokenRe.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
      const upper = method.toUpperCase();
      if (forbiddenMethods.has(upper)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
      if (normalizedMethods.has(upper)) method = upper;
      else if (upper === 'PATCH' && method !== 'PATCH' && !patchWarned) {
        patchWarned = true;
        process.emitWarning('Using `patch` is highly likely to result in a `405 Method Not Allowed`. ' +
          '`PATCH` is much more likely to succeed.', { code: 'UNDICI-FETCH-patch' });
      }
      s.method = method;
    }
    // The signal follows the given one (or the input Request's).
    const controller = new AbortController();
    s.controller = controller;
    s.signal = controller.signal;
    const followed = init.signal !== undefined ? init.signal : (input instanceof Request ? input.signal : null);
    if (followed != null) {
      if (typeof followed !== 'object' || !(followed instanceof AbortSignal)) {
        const shown = typeof followed === 'object' ? JSON.stringify(followed) : String(followed);
        throw new TypeError(`RequestInit: Expected signal ("${shown}") to be an instance of AbortSignal.`);
      }
      if (followed.aborted) controller.abort(followed.reason);
      else followSignal(followed, controller);
    }
    s.headers = headersFromList(s.headerList, 'request');
    if (init.headers !== undefined) {
      s.headerList = new HeaderList();
      s.headers = headersFromList(s.headerList, 'request');
      fillHeaders(s.headers, init.headers);
    }
    if (s.mode === 'no-cors') setGuard(s.headers, 'request-no-cors');
    const inputBody = input instanceof Request ? input[kInner].body : null;
    if ((init.body != null || inputBody !== null) && (s.method === 'GET' || s.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    let body = inputBody;
    if (init.body != null) {
      const extracted = extractBody(init.body);
      body = extracted.body;
      if (extracted.type !== null && !s.headerList.has('content-type')) {
        s.headerList.append('content-type', extracted.type);
      }
      if (isReadableStream(init.body) || body.source === null) {
        if (init.duplex === undefined) {
          throw new TypeError('RequestInit: duplex option is required when sending a body.');
        }
      }
    }
    if (init.duplex !== undefined) s.duplex = checkEnum('duplex', init.duplex);
    if (body === inputBody && inputBody !== null) {
      if (bodyUnusable(inputBody)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      // The input's body moves to the new Request through an identity
      // transform, which marks the input as used.
      const ts = new TransformStream();
      inputBody.stream.pipeThrough(ts);
      body = { stream: ts.readable, source: inputBody.source, length: inputBody.length };
    }
    s.body = body;
    this[kInner] = s;
  }

  get method() { return inner(this).method; }
  get url() { return inner(this).url.href; }
  get headers() { return inner(this).headers; }
  get destination() { inner(this); return ''; }
  get referrer() {
    const r = inner(this).referrer;
    return r === 'no-referrer' ? '' : r;
  }
  get referrerPolicy() { return inner(this).referrerPolicy; }
  get mode() { return inner(this).mode; }
  get credentials() { return inner(this).credentials; }
  get cache() { return inner(this).cache; }
  get redirect() { return inner(this).redirect; }
  get integrity() { return inner(this).integrity; }
  get keepalive() { return inner(this).keepalive; }
  get isReloadNavigation() { inner(this); return false; }
  get isHistoryNavigation() { inner(this); return false; }
  get signal() { return inner(this).signal; }
  get duplex() { inner(this); return 'half'; }

  clone() {
    const s = inner(this);
    if (bodyUnusable(s.body)) throw new TypeError('unusable');
    const copy = Object.create(Request.prototype);
    const c = { ...s, headerList: s.headerList.clone() };
    c.headers = headersFromList(c.headerList, 'request');
    c.body = s.body === null ? null : cloneBody(s.body);
    c.controller = new AbortController();
    c.signal = c.controller.signal;
    if (s.signal.aborted) c.controller.abort(s.signal.reason);
    else followSignal(s.signal, c.controller);
    copy[kInner] = c;
    return copy;
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'Request', depth, options, {
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: this.isReloadNavigation,
      isHistoryNavigation: this.isHistoryNavigation,
      signal: this.signal,
    });
  }
}

mixinBody(Request, inner, 'Request');
for (const name of ['method', 'url', 'headers', 'destination', 'referrer', 'referrerPolicy', 'mode',
  'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'isReloadNavigation',
  'isHistoryNavigation', 'signal', 'duplex', 'clone']) {
  Object.defineProperty(Request.prototype, name, { __proto__: null, enumerable: true });
}
Object.defineProperty(Request.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Request', configurable: true,
});

// A Request's signal follows the given one. Like undici, the listener
// holds the controller weakly (one long-lived signal may serve many
// requests) and the signal's listener limit is raised to 1500 so reusing
// it does not warn.
function followSignal(signal, controller) {
  const events = require('events');
  if (events.getMaxListeners(signal) === events.defaultMaxListeners) events.setMaxListeners(1500, signal);
  const ref = new WeakRef(controller);
  const onAbort = () => ref.deref()?.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  followers ??= new FinalizationRegistry(({ signal: followed, onAbort: listener }) => {
    followed.removeEventListener('abort', listener);
  });
  followers.register(controller, { signal, onAbort });
}

// Made on first use, not in the startup snapshot.
let followers;

function requestState(request) {
  return request[kInner];
}

module.exports = { Request, requestState };
