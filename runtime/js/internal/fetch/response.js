'use strict';

// The Fetch standard's Response (https://fetch.spec.whatwg.org/#response-class).

const { HeaderList, headersFromList, fillHeaders, getGuard } = require('internal/fetch/headers');
const { extractBody, cloneBody, bodyUnusable, mixinBody } = require('internal/fetch/body');
const { customInspect, customInspectObject } = require('internal/webstreams/util');
const { codes: { ERR_INVALID_THIS } } = require('internal/errors');

const kInner = Symbol('response');
const nullBodyStatus = new Set([101, 103, 204, 205, 304]);
const redirectStatus = new Set([301, 302, 303, 307, 308]);
const reasonPhraseRe = /^[\t\x20-\x7e\x80-\xff]*$/;

function inner(self) {
  const s = self?.[kInner];
  if (s === undefined) throw new ERR_INVALID_THIS('Response');
  return s;
}

function makeState(status = 200, statusText = '', type = 'default') {
  const headerList = new HeaderList();
  return {
    type, status, statusText, headerList, headers: headersFromList(headerList, 'response'),
    body: null, urlList: [], aborted: false, error: null,
  };
}

function fromState(s) {
  const response = Object.create(Response.prototype);
  response[kInner] = s;
  return response;
}

// The standard's "initialize a response".
function initialize(s, init, body) {
  const status = init.status === undefined ? 200 : Number(init.status);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  const statusText = init.statusText === undefined ? '' : String(init.statusText);
  if (!reasonPhraseRe.test(statusText)) throw new TypeError('Invalid statusText');
  s.status = status;
  s.statusText = statusText;
  if (init.headers !== undefined) fillHeaders(s.headers, init.headers);
  if (body !== null) {
    if (nullBodyStatus.has(status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${status}`);
    }
    s.body = body.body;
    if (body.type !== null && !s.headerList.has('content-type')) s.headerList.append('content-type', body.type);
  }
}

function checkInit(init) {
  if (init !== undefined && init !== null && typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError(`undefined: Expected ${String(init)} to be one of: Null, Undefined, Object.`);
  }
  return init ?? {};
}

class Response {
  constructor(body = null, init = undefined) {
    init = checkInit(init);
    const s = makeState();
    this[kInner] = s;
    initialize(s, init, body === null || body === undefined ? null : extractBody(body));
  }

  static error() {
    const s = makeState(0, '', 'error');
    s.headers = headersFromList(s.headerList, 'immutable');
    return fromState(s);
  }

  static json(data, init = undefined) {
    init = checkInit(init);
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    const body = extractBody(text);
    body.type = 'application/json';
    const s = makeState();
    initialize(s, init, body);
    return fromState(s);
  }

  static redirect(url, status = 302) {
    let parsed;
    try {
      parsed = new URL(String(url));
    } catch (error) {
      throw new TypeError(`Failed to parse URL from ${url}`, { cause: error });
    }
    status = Number(status);
    if (!redirectStatus.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const s = makeState(status);
    s.headerList.set('location', parsed.href);
    s.headers = headersFromList(s.headerList, 'immutable');
    return fromState(s);
  }

  get type() { return inner(this).type; }
  get url() {
    const list = inner(this).urlList;
    if (list.length === 0) return '';
    const url = new URL(list[list.length - 1].href);
    url.hash = '';
    return url.href;
  }
  get redirected() { return inner(this).urlList.length > 1; }
  get status() { return inner(this).status; }
  get ok() {
    const { status } = inner(this);
    return status >= 200 && status <= 299;
  }
  get statusText() { return inner(this).statusText; }
  get headers() { return inner(this).headers; }

  clone() {
    const s = inner(this);
    if (bodyUnusable(s.body)) throw new TypeError('Response.clone: Body has already been consumed.');
    const c = { ...s, headerList: s.headerList.clone(), urlList: s.urlList.slice() };
    c.headers = headersFromList(c.headerList, getGuard(s.headers));
    c.body = s.body === null ? null : cloneBody(s.body);
    return fromState(c);
  }

  [customInspect](depth, options) {
    return customInspectObject(this, 'Response', depth, options, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: this.redirected,
      type: this.type,
      url: this.url,
    });
  }
}

mixinBody(Response, inner, 'Response');
for (const name of ['type', 'url', 'redirected', 'status', 'ok', 'statusText', 'headers', 'clone']) {
  Object.defineProperty(Response.prototype, name, { __proto__: null, enumerable: true });
}
for (const name of ['error', 'json', 'redirect']) {
  Object.defineProperty(Response, name, { __proto__: null, enumerable: true });
}
Object.defineProperty(Response.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Response', configurable: true,
});

module.exports = { Response, makeResponseState: makeState, responseFromState: fromState };
