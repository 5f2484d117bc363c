'use strict';

// The `fetch` global (https://fetch.spec.whatwg.org/#fetch-method) over
// `data:` and `blob:` URLs and an HTTP/1.1 client of its own on
// `net.connect` (`tls.connect` for https: when node:tls exists). Each
// request uses a new connection, closed after its response
// (`connection: close`): there is no pool and no keep-alive.

const { Request, requestState } = require('internal/fetch/request');
const { makeResponseState, responseFromState } = require('internal/fetch/response');
const { HeaderList, headersFromList } = require('internal/fetch/headers');
const { extractBody } = require('internal/fetch/body');
const { ReadableStream } = require('internal/webstreams/readable');
const { isBlob } = require('internal/blob');

const redirectStatus = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 20;
// The Fetch standard's "bad port" list: fetch refuses them.
const badPorts = new Set([1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79,
  87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
  389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665,
  6666, 6667, 6668, 6669, 6679, 6697, 10080]);

// The causes undici gives: the socket closed early, or the response is
// not HTTP/1.1.
class SocketError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SocketError';
    this.code = 'UND_ERR_SOCKET';
  }
}

class HTTPParserError extends Error {
  constructor(message) {
    super(message);
    this.name = 'HTTPParserError';
  }
}

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

function fetch(input, init = undefined) {
  let request;
  try {
    request = new Request(input, init);
  } catch (error) {
    return Promise.reject(error);
  }
  const s = requestState(request);
  if (s.signal.aborted) return Promise.reject(s.signal.reason);
  return mainFetch(s);
}

// Follows redirects as the request's `redirect` says.
async function mainFetch(s) {
  const signal = s.signal;
  const urlList = [s.url];
  let url = s.url;
  let method = s.method;
  let body = s.body;
  let headerList = s.headerList.clone();
  for (let redirects = 0; ; redirects++) {
    const response = await schemeFetch(url, method, headerList, body, signal);
    const rs = response.state;
    rs.urlList = urlList.slice();
    const location = rs.headerList.get('location');
    if (!redirectStatus.has(rs.status) || location === null || s.redirect === 'manual') {
      return responseFromState(rs);
    }
    response.discard();
    if (s.redirect === 'error') throw fetchFailed(new Error('unexpected redirect'));
    let next;
    try {
      next = new URL(location, url);
    } catch (error) {
      throw fetchFailed(error);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw fetchFailed(new Error('URL scheme must be a HTTP(S) scheme'));
    }
    if (redirects + 1 > maxRedirects) throw fetchFailed(new Error('redirect count exceeded'));
    if (next.username || next.password) {
      throw fetchFailed(new Error('URL cannot contain credentials'));
    }
    if ((rs.status === 303 && method !== 'GET' && method !== 'HEAD') ||
        ((rs.status === 301 || rs.status === 302) && method === 'POST')) {
      method = 'GET';
      body = null;
      for (const name of ['content-encoding', 'content-language', 'content-location', 'content-type',
        'content-length']) {
        headerList.delete(name);
      }
    }
    if (body !== null) {
      if (body.source === null) throw fetchFailed(new Error('Cannot follow redirect with a streamed body'));
      body = extractBody(body.source).body;
    }
    if (next.origin !== url.origin) {
      for (const name of ['authorization', 'proxy-authorization', 'cookie', 'host']) headerList.delete(name);
    }
    url = next;
    urlList.push(url);
  }
}

function schemeFetch(url, method, headerList, body, signal) {
  switch (url.protocol) {
    case 'data:':
      return dataFetch(url);
    case 'blob:':
      return blobFetch(url, method);
    case 'http:':
    case 'https:':
      if (badPorts.has(Number(url.port))) return Promise.reject(fetchFailed(new Error('bad port')));
      return httpFetch(url, method, headerList, body, signal);
    default:
      return Promise.reject(fetchFailed(new Error('not implemented... yet...')));
  }
}

function completed(status, statusText, headerList, bodyInit) {
  const rs = makeResponseState(status, statusText, 'basic');
  for (const [lower, entry] of headerList.map) {
    if (lower === 'set-cookie') for (const c of headerList.cookies) rs.headerList.append(entry.name, c);
    else rs.headerList.append(entry.name, entry.value);
  }
  rs.headers = headersFromList(rs.headerList, 'immutable');
  rs.body = bodyInit === null ? null : extractBody(bodyInit).body;
  return { state: rs, discard() {} };
}

// https://fetch.spec.whatwg.org/#data-urls
function percentDecode(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      for (const b of new TextEncoder().encode(text[i])) bytes.push(b);
    }
  }
  return new Uint8Array(bytes);
}

function dataFetch(url) {
  const href = url.href.slice(5).replace(/#.*$/, '');
  const comma = href.indexOf(',');
  if (comma === -1) return Promise.reject(fetchFailed(new TypeError('invalid data: URL')));
  let mime = href.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  let bytes = percentDecode(href.slice(comma + 1));
  const base64 = /;[\x20]*base64$/i.exec(mime);
  if (base64) {
    mime = mime.slice(0, base64.index);
    bytes = forgivingBase64(String.fromCharCode(...bytes));
    if (bytes === null) return Promise.reject(fetchFailed(new TypeError('invalid data: URL')));
  }
  if (mime.startsWith(';')) mime = `text/plain${mime}`;
  const headers = new HeaderList();
  headers.append('content-type', parseMime(mime) ?? 'text/plain;charset=US-ASCII');
  return Promise.resolve(completed(200, 'OK', headers, bytes));
}

// https://infra.spec.whatwg.org/#forgiving-base64-decode
function forgivingBase64(text) {
  text = text.replace(/[\t\n\f\r ]/g, '');
  if (text.length % 4 === 0) text = text.replace(/={1,2}$/, '');
  if (text.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(text)) return null;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

const tokenRe = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const quotedTokenRe = /^[\t\x20-\x7e\x80-\xff]*$/;
const httpWhitespace = /[\t\n\r ]/;

// https://mimesniff.spec.whatwg.org/#parse-a-mime-type, serialized; null
// on failure.
function parseMime(input) {
  input = input.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  let pos = 0;
  const collect = (stop) => {
    const from = pos;
    while (pos < input.length && !stop.includes(input[pos])) pos++;
    return input.slice(from, pos);
  };
  const type = collect('/');
  if (type === '' || !tokenRe.test(type) || pos >= input.length) return null;
  pos++;
  const subtype = collect(';').replace(/[\t\n\r ]+$/, '');
  if (subtype === '' || !tokenRe.test(subtype)) return null;
  const params = new Map();
  while (pos < input.length) {
    pos++; // ';'
    while (pos < input.length && httpWhitespace.test(input[pos])) pos++;
    const name = collect(';=').toLowerCase();
    if (pos < input.length && input[pos] === ';') continue;
    if (pos >= input.length) break;
    pos++; // '='
    let value;
    if (input[pos] === '"') {
      value = '';
      pos++;
      for (;;) {
        value += collect('"\\');
        if (pos >= input.length) break;
        const c = input[pos++];
        if (c === '\\') {
          if (pos >= input.length) {
            value += '\\';
            break;
          }
          value += input[pos++];
        } else {
          break;
        }
      }
      collect(';');
    } else {
      value = collect(';').replace(/[\t\n\r ]+$/, '');
      if (value === '') continue;
    }
    if (name !== '' && tokenRe.test(name) && quotedTokenRe.test(value) && !params.has(name)) {
      params.set(name, value);
    }
  }
  let out = `${type}/${subtype}`.toLowerCase();
  for (const [name, value] of params) {
    const shown = value !== '' && tokenRe.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
    out += `;${name}=${shown}`;
  }
  return out;
}

function blobFetch(url, method) {
  const { resolveObjectURL } = require('internal/blob');
  const blob = method === 'GET' ? resolveObjectURL(url.href) : undefined;
  if (blob === undefined || !isBlob(blob)) return Promise.reject(fetchFailed(new TypeError('invalid method')));
  const headers = new HeaderList();
  headers.append('content-length', String(blob.size));
  headers.append('content-type', blob.type);
  return Promise.resolve(completed(200, 'OK', headers, blob));
}

// --- HTTP/1.1 ----------------------------------------------------------------

function connectTo(url) {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (url.protocol === 'https:') {
    let tls;
    try {
      tls = require('tls');
    } catch {
      const reason = 'https: URLs need node:tls, which this nodus does not have yet';
      throw new TypeError(`fetch failed: ${reason}`, { cause: new Error(`${reason} (${url.href})`) });
    }
    // No SNI for an IP address (TLS forbids it).
    const servername = require('net').isIP(host) ? undefined : host;
    return tls.connect({ host, port: Number(url.port || 443), servername, ALPNProtocols: ['http/1.1'] });
  }
  return require('net').connect({ host, port: Number(url.port || 80) });
}

function requestHead(url, method, headerList, body) {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`];
  const seen = new Set();
  const add = (name, value) => {
    seen.add(name.toLowerCase());
    lines.push(`${name}: ${value}`);
  };
  if (!headerList.has('host')) add('host', url.host);
  add('connection', 'close');
  for (const [lower, entry] of headerList.map) {
    if (lower === 'connection' || lower === 'transfer-encoding' || lower === 'content-length' ||
        lower === 'keep-alive' || lower === 'upgrade') continue;
    if (lower === 'set-cookie') for (const c of headerList.cookies) add(entry.name, c);
    else add(entry.name, entry.value);
  }
  for (const [name, value] of [['accept', '*/*'], ['accept-language', '*'], ['sec-fetch-mode', 'cors'],
    ['user-agent', 'node'], ['accept-encoding', url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate']]) {
    if (!seen.has(name)) add(name, value);
  }
  let chunked = false;
  if (body !== null && body.length !== null) add('content-length', String(body.length));
  else if (body === null && (method === 'POST' || method === 'PUT')) add('content-length', '0');
  else if (body !== null) {
    add('transfer-encoding', 'chunked');
    chunked = true;
  }
  return { head: `${lines.join('\r\n')}\r\n\r\n`, chunked };
}

function waitDrain(socket) {
  return new Promise((resolve, reject) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

async function writeBody(socket, body, chunked) {
  if (body === null) return;
  const source = body.source;
  if (source instanceof Uint8Array) {
    socket.write(source);
    return;
  }
  if (isBlob(source)) {
    socket.write(new Uint8Array(await source.arrayBuffer()));
    return;
  }
  const reader = body.stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (socket.destroyed) {
      reader.cancel().catch(() => {});
      return;
    }
    let bytes = value;
    if (typeof bytes === 'string') bytes = new TextEncoder().encode(bytes);
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    if (bytes.byteLength === 0) continue;
    const ok = chunked ?
      socket.write(`${bytes.byteLength.toString(16)}\r\n`) && socket.write(bytes) && socket.write('\r\n') :
      socket.write(bytes);
    if (!ok) await waitDrain(socket);
  }
  if (chunked) socket.write('0\r\n\r\n');
}

function indexOfCrlfCrlf(buf) {
  for (let i = 0; i + 3 < buf.length; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) return i;
  }
  return -1;
}

function parseHead(text) {
  const lines = text.split('\r\n');
  if (!lines[0].startsWith('HTTP/')) {
    throw new HTTPParserError('Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)');
  }
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (m === null) throw new HTTPParserError(`Invalid HTTP response status line: ${JSON.stringify(lines[0])}`);
  const headerList = new HeaderList();
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) throw new HTTPParserError(`Invalid HTTP response header: ${JSON.stringify(lines[i])}`);
    // Names from the wire are kept lowercased, as undici keeps them.
    headerList.append(lines[i].slice(0, colon).trim().toLowerCase(), lines[i].slice(colon + 1).trim());
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headerList };
}

// Chunked transfer coding decoder: feed(bytes) returns the data bytes and
// whether the last chunk was seen.
class ChunkedDecoder {
  constructor() {
    this.pending = Buffer.alloc(0);
    this.remaining = -1; // -1: expecting a size line; -2: CRLF after data
    this.done = false;
  }
  feed(bytes) {
    let buf = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    const out = [];
    let pos = 0;
    while (pos < buf.length && !this.done) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, buf.length - pos);
        out.push(buf.subarray(pos, pos + take));
        pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.remaining = -2;
      } else if (this.remaining === -2) {
        if (buf.length - pos < 2) break;
        if (buf[pos] !== 13 || buf[pos + 1] !== 10) throw new Error('invalid chunked encoding');
        pos += 2;
        this.remaining = -1;
      } else {
        const eol = buf.indexOf('\r\n', pos);
        if (eol === -1) break;
        const sizeText = buf.toString('latin1', pos, eol).split(';')[0].trim();
        if (!/^[0-9A-Fa-f]+$/.test(sizeText)) throw new Error('invalid chunk size');
        const size = parseInt(sizeText, 16);
        pos = eol + 2;
        if (size === 0) {
          // The trailer section ends with an empty line; trailers are dropped.
          this.done = true;
        } else {
          this.remaining = size;
        }
      }
    }
    this.pending = this.done ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    return { chunks: out, done: this.done };
  }
}

function decoderFor(headerList) {
  const coding = headerList.get('content-encoding');
  if (coding === null) return null;
  const zlib = require('zlib');
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const codings = coding.toLowerCase().split(',').map((c) => c.trim()).filter(Boolean).reverse();
  const stages = [];
  for (const c of codings) {
    if (c === 'gzip' || c === 'x-gzip') stages.push(zlib.createGunzip(lenient));
    else if (c === 'deflate') stages.push(zlib.createInflate(lenient));
    else if (c === 'br') {
      const flush = zlib.constants.BROTLI_OPERATION_FLUSH;
      stages.push(zlib.createBrotliDecompress({ flush, finishFlush: flush }));
    }
    else return null; // An unknown coding: the body is given as it came.
  }
  if (stages.length === 0) return null;
  for (let i = 0; i + 1 < stages.length; i++) stages[i].pipe(stages[i + 1]);
  return { first: stages[0], last: stages[stages.length - 1], all: stages };
}

function httpFetch(url, method, headerList, body, signal) {
  return new Promise((resolve, reject) => {
    let socket;
    try {
      socket = connectTo(url);
    } catch (error) {
      reject(error);
      return;
    }
    let settled = false;
    let controller = null; // the body stream's, once the head is in
    let finished = false;
    let bodyDone = false; // every body byte has come off the socket
    let head = Buffer.alloc(0);
    let mode = null; // 'length' | 'chunked' | 'close' | 'none'
    let remaining = 0;
    let chunkedDecoder = null;
    let decoder = null;

    const onAbort = () => {
      const reason = signal.reason;
      if (!settled) {
        settled = true;
        reject(reason);
      } else if (controller !== null && !finished) {
        finished = true;
        try { controller.error(reason); } catch { /* already closed */ }
      }
      socket.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => signal.removeEventListener('abort', onAbort);

    let failed = false;
    const fail = (error) => {
      if (failed || finished) return;
      failed = true;
      cleanup();
      if (!settled) {
        settled = true;
        reject(fetchFailed(error));
      } else if (controller !== null) {
        finished = true;
        try { controller.error(new TypeError('terminated', { cause: error })); } catch { /* closed */ }
      }
      socket.destroy();
    };

    const enqueue = (bytes) => {
      if (finished || bytes.length === 0) return;
      // A copy: the socket's buffers may share memory a byte stream would detach.
      controller.enqueue(new Uint8Array(bytes));
      if (controller.desiredSize <= 0) socket.pause();
    };

    const finish = () => {
      if (finished || bodyDone) return;
      bodyDone = true;
      if (decoder !== null) {
        // The decoder's 'end' closes the stream once it has flushed.
        decoder.first.end();
        socket.destroy();
        return;
      }
      finished = true;
      cleanup();
      controller.close();
      socket.destroy();
    };

    const deliver = (bytes) => {
      if (decoder !== null) decoder.first.write(bytes);
      else enqueue(bytes);
    };

    const onBody = (bytes) => {
      if (mode === 'length') {
        const take = bytes.subarray(0, Math.min(remaining, bytes.length));
        remaining -= take.length;
        deliver(take);
        if (remaining === 0) finish();
      } else if (mode === 'chunked') {
        const { chunks, done } = chunkedDecoder.feed(bytes);
        for (const c of chunks) deliver(c);
        if (done) finish();
      } else if (mode === 'close') {
        deliver(bytes);
      }
    };

    const onHead = (info, rest) => {
      settled = true;
      const noBody = method === 'HEAD' || info.status === 204 || info.status === 205 || info.status === 304;
      const te = info.headerList.get('transfer-encoding');
      const cl = info.headerList.get('content-length');
      if (noBody) mode = 'none';
      else if (te !== null && /(^|,)\s*chunked\s*$/i.test(te)) {
        mode = 'chunked';
        chunkedDecoder = new ChunkedDecoder();
      } else if (cl !== null) {
        if (!/^\d+$/.test(cl.split(',')[0].trim())) {
          settled = false;
          fail(new Error(`invalid content-length header: ${cl}`));
          return;
        }
        mode = 'length';
        remaining = Number(cl.split(',')[0].trim());
      } else {
        mode = 'close';
      }
      if (!noBody) decoder = decoderFor(info.headerList);
      const rs = makeResponseState(info.status, info.statusText, 'basic');
      rs.headerList = info.headerList;
      rs.headers = headersFromList(rs.headerList, 'immutable');
      const stream = new ReadableStream({
        type: 'bytes',
        start(c) {
          controller = c;
        },
        pull() {
          if (socket.isPaused()) socket.resume();
        },
        cancel() {
          finished = true;
          cleanup();
          socket.destroy();
        },
      });
      rs.body = { stream, source: null, length: null };
      if (decoder !== null) {
        decoder.last.on('data', enqueue);
        decoder.last.on('end', () => {
          if (finished) return;
          finished = true;
          cleanup();
          controller.close();
          socket.destroy();
        });
        for (const stage of decoder.all) stage.on('error', (error) => fail(error));
      }
      resolve({
        state: rs,
        discard() {
          finished = true;
          cleanup();
          socket.destroy();
        },
      });
      if (mode === 'none') {
        // HEAD and null-body statuses give a Response whose body is null.
        rs.body = null;
        finish();
      } else if (mode === 'length' && remaining === 0) {
        decoder = null;
        finish();
      } else if (rest.length > 0) {
        onBody(rest);
      }
    };

    socket.on('data', (chunk) => {
      if (finished) return;
      if (mode !== null) {
        try {
          onBody(chunk);
        } catch (error) {
          fail(error);
        }
        return;
      }
      head = Buffer.concat([head, chunk]);
      for (;;) {
        const end = indexOfCrlfCrlf(head);
        if (end === -1) {
          if (head.length > 64 * 1024) fail(new Error('response headers too large'));
          return;
        }
        let info;
        try {
          info = parseHead(head.toString('latin1', 0, end));
        } catch (error) {
          fail(error);
          return;
        }
        const rest = head.subarray(end + 4);
        if (info.status >= 100 && info.status < 200 && info.status !== 101) {
          // An interim response (100 Continue, 103 Early Hints): skipped.
          head = Buffer.from(rest);
          continue;
        }
        head = null;
        try {
          onHead(info, rest);
        } catch (error) {
          fail(error);
        }
        return;
      }
    });
    socket.on('end', () => {
      if (finished || bodyDone) return;
      if (mode === 'close') finish();
      else fail(new SocketError('other side closed'));
    });
    socket.on('error', (error) => fail(error));
    socket.on('close', () => {
      if (!finished && !bodyDone) {
        fail(new SocketError('other side closed'));
      }
    });
    socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const { head: text, chunked } = requestHead(url, method, headerList, body);
      socket.write(text);
      writeBody(socket, body, chunked).catch((error) => fail(error));
    });
  });
}

module.exports = { fetch };
