'use strict';
// tls.TLSSocket: TLS over any Duplex. The native connection
// (src/ops/tls/mod.rs) is a state machine: what the transport reads is fed
// to it, the ciphertext it gives back is written to the transport, and the
// plaintext it gives back is pushed to this stream's readers. The
// transport is a net.Socket (tls.connect, tls.Server) or any stream given
// by the user (an in-memory pair, a socket upgraded by STARTTLS).
//
// As in Node, TLSSocket extends net.Socket; it has no handle of its own
// (`_handle` stays null) and overrides the stream methods and the address
// getters, which read the transport (`_parent`).

const {
  op_tls_conn_create_sync,
  op_tls_conn_accept_sync,
  op_tls_conn_cycle_sync,
  op_tls_conn_write_sync,
  op_tls_conn_shutdown_sync,
  op_tls_conn_info_sync,
  op_tls_conn_sessions_sync,
  op_tls_cert_parse_sync,
} = internalBinding('tls');
const { op_core_handle_close_sync } = internalBinding('core');
const net = require('net');
const { Buffer } = require('buffer');
const {
  codes: { ERR_TLS_INVALID_CONTEXT, ERR_TLS_INVALID_STATE, ERR_INVALID_ARG_TYPE, ERR_TLS_HANDSHAKE_TIMEOUT },
} = require('internal/errors');
const { SecureContext, createSecureContext } = require('internal/tls/context');

const SocketBase = net.Socket;

// Event bits of op_tls_conn_cycle_sync.
const HELLO = 1;
const HANDSHAKE_DONE = 2;
const PEER_CLOSED = 4;
const NEW_SESSION = 8;
const ABRUPT_EOF = 16;

const kConn = Symbol('kConn');
const kTransport = Symbol('kTransport');
const kQueue = Symbol('kQueue');
const kBusy = Symbol('kBusy');
const kEnded = Symbol('kEnded');
const kPausedTransport = Symbol('kPausedTransport');
const kContext = Symbol('kContext');
const kInfo = Symbol('kInfo');
const kSession = Symbol('kSession');
const kListeners = Symbol('kListeners');
const kHandshakeTimer = Symbol('kHandshakeTimer');
const kEndTransport = Symbol('kEndTransport');

// ALPNProtocols as a list of names: an array of strings or Buffers, or
// one Buffer in the wire format (length-prefixed names).
function alpnList(protocols) {
  if (protocols === undefined || protocols === null) return [];
  if (Array.isArray(protocols)) return protocols.map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('latin1')));
  if (ArrayBuffer.isView(protocols)) {
    const bytes = Buffer.from(protocols.buffer, protocols.byteOffset, protocols.byteLength);
    const names = [];
    for (let i = 0; i < bytes.length;) {
      const len = bytes[i];
      names.push(bytes.toString('latin1', i + 1, i + 1 + len));
      i += 1 + len;
    }
    return names;
  }
  throw new ERR_INVALID_ARG_TYPE('options.ALPNProtocols', ['Array', 'Buffer', 'TypedArray', 'DataView'], protocols);
}

// PEM text → DER certificates, for completing a detailed chain with the
// trusted CA that signed it.
function pemCerts(pem) {
  if (!pem) return [];
  const text = pem.toString('latin1');
  const out = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  let m;
  while ((m = re.exec(text)) !== null) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  return out;
}

function sameName(a, b) {
  if (!a || !b) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => String(a[k]) === String(b[k]));
}

// Node's key order for a certificate object.
const kCertKeys = ['subject', 'issuer', 'subjectaltname', 'infoAccess', 'ca', 'modulus', 'exponent', 'pubkey',
                   'bits', 'valid_from', 'valid_to', 'fingerprint', 'fingerprint256', 'fingerprint512',
                   'ext_key_usage', 'serialNumber', 'raw', 'asn1Curve', 'nistCurve'];

function certObject(der) {
  const parsed = op_tls_cert_parse_sync(der);
  if (parsed === undefined) return undefined;
  const cert = {};
  for (const key of kCertKeys) {
    if (key === 'raw') cert.raw = Buffer.from(parsed.raw.buffer, parsed.raw.byteOffset, parsed.raw.byteLength);
    else if (key === 'pubkey' && parsed.pubkey) cert.pubkey = Buffer.from(parsed.pubkey.buffer, parsed.pubkey.byteOffset, parsed.pubkey.byteLength);
    else if (key in parsed || key === 'infoAccess' || key === 'asn1Curve' || key === 'nistCurve') cert[key] = parsed[key];
  }
  return cert;
}

function verifyError(info) {
  if (!info || !info.verifyError) return null;
  const err = new Error(info.verifyMessage);
  err.code = info.verifyError;
  return err;
}

class TLSSocket extends SocketBase {
  constructor(socket, opts) {
    const options = { ...opts };
    super({ allowHalfOpen: socket?.allowHalfOpen ?? options.allowHalfOpen ?? false });
    let context = options.secureContext;
    if (context === undefined) context = createSecureContext(options);
    else if (!(context instanceof SecureContext)) throw new ERR_TLS_INVALID_CONTEXT('context');
    this._tlsOptions = options;
    this._secureEstablished = false;
    this._securePending = false;
    this._newSessionPending = false;
    this._controlReleased = false;
    this.secureConnecting = true;
    this._SNICallback = null;
    this.servername = null;
    this.alpnProtocol = null;
    this.authorized = false;
    this.authorizationError = null;
    this.encrypted = true;
    this.server = options.server ?? null;
    this[kContext] = context;
    this[kQueue] = [];
    this[kBusy] = false;
    this[kEnded] = false;
    this[kPausedTransport] = false;
    this[kInfo] = null;
    this[kSession] = undefined;
    this[kHandshakeTimer] = null;
    this[kEndTransport] = false;
    const isServer = !!options.isServer;
    this._isServer = isServer;
    this._requestCert = isServer ? !!options.requestCert : true;
    this._rejectUnauthorized = options.rejectUnauthorized !== false;
    const alpn = alpnList(options.ALPNProtocols);
    const servername = !isServer && typeof options.servername === 'string' ? options.servername : null;
    if (servername) this.servername = servername;
    let session = options.session;
    if (typeof session === 'string') session = Buffer.from(session, 'latin1');
    if (session) this[kSession] = session;
    this[kConn] = op_tls_conn_create_sync(context.context.id, isServer, servername, alpn,
                                          session ?? null, this._requestCert && isServer,
                                          this._rejectUnauthorized);
    if (isServer && typeof options.SNICallback === 'function') this._SNICallback = options.SNICallback;
    // Without a socket, an unconnected net.Socket: `connect()` opens it.
    if (socket === undefined || socket === null) socket = new net.Socket();
    this[kTransport] = socket;
    this._parent = socket;
    this._wrap(socket);
    if (!isServer) {
      // The client speaks first, after the caller has attached listeners.
      process.nextTick(() => this._feed(null, false));
    }
  }

  get ssl() {
    return this[kConn] === null ? null : { id: this[kConn] };
  }

  get pending() {
    return this[kTransport]?.pending ?? false;
  }

  get connecting() {
    return this[kTransport]?.connecting ?? false;
  }

  set connecting(value) {}

  // What net.Socket would answer, read from the transport.
  get remoteAddress() { return this[kTransport]?.remoteAddress; }
  get remotePort() { return this[kTransport]?.remotePort; }
  get remoteFamily() { return this[kTransport]?.remoteFamily; }
  get localAddress() { return this[kTransport]?.localAddress; }
  get localPort() { return this[kTransport]?.localPort; }
  address() { return this[kTransport]?.address?.() ?? {}; }
  // Connects the transport (a TLSSocket made without a socket).
  connect(...args) {
    this[kTransport].connect(...args);
    return this;
  }

  setNoDelay(noDelay) { this[kTransport]?.setNoDelay?.(noDelay); return this; }
  setKeepAlive(enable, delay) { this[kTransport]?.setKeepAlive?.(enable, delay); return this; }
  ref() { this[kTransport]?.ref?.(); return this; }
  unref() { this[kTransport]?.unref?.(); return this; }

  _wrap(socket) {
    const listeners = {
      data: (chunk) => this._feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, false),
      end: () => this._feed(null, true),
      error: (err) => this.destroy(err),
      connect: () => this.emit('connect'),
      // A transport torn down (not ended) takes this socket down: quietly
      // on the client side, as ECONNRESET on a server side still in its
      // handshake (the server's 'tlsClientError'), as in Node.
      close: () => {
        if (this.destroyed) return;
        if (this._isServer && !this._secureEstablished) {
          const err = new Error('socket hang up');
          err.code = 'ECONNRESET';
          this.destroy(err);
          return;
        }
        this.destroy();
      },
    };
    this[kListeners] = listeners;
    socket.on('data', listeners.data);
    socket.on('end', listeners.end);
    socket.on('error', listeners.error);
    socket.on('close', listeners.close);
    socket.on('connect', listeners.connect);
    if (typeof socket.resume === 'function' && socket.isPaused?.()) socket.resume();
  }

  // Runs the state machine over one input (null: just flush), in order even
  // when a transport answers synchronously from inside a write.
  _feed(chunk, eof) {
    this[kQueue].push(chunk, eof);
    if (this[kBusy]) return;
    this[kBusy] = true;
    try {
      while (this[kQueue].length > 0 && this[kConn] !== null) {
        const input = this[kQueue].shift();
        const end = this[kQueue].shift();
        this._step(input, end);
      }
    } finally {
      this[kBusy] = false;
      if (this[kConn] === null) this[kQueue].length = 0;
    }
    if (this[kEndTransport]) this._endTransport();
  }

  // Ends the transport once what is queued has been written to it.
  _endTransport() {
    if (this[kBusy]) {
      this[kEndTransport] = true;
      return;
    }
    this[kEndTransport] = false;
    const transport = this[kTransport];
    if (transport && !transport.writableEnded && typeof transport.end === 'function') transport.end();
  }

  _step(input, eof) {
    const { 0: out, 1: plain, 2: flags, 3: error } = op_tls_conn_cycle_sync(this[kConn], input, eof);
    if (flags & HELLO) this._onHello();
    // The handshake's end is seen before its last flight is sent: a client
    // that rejects the server's certificate sends nothing more, as Node's.
    if (flags & HANDSHAKE_DONE) this._onHandshakeDone();
    if (out !== undefined) this._send(out);
    if (this[kConn] === null) return;
    if (flags & NEW_SESSION) this._onSessions();
    if (plain !== undefined && !this[kEnded]) {
      const buffer = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
      if (!this.push(buffer) && this[kTransport]?.pause && !this[kPausedTransport]) {
        this[kPausedTransport] = true;
        this[kTransport].pause();
      }
    }
    if (error !== undefined) {
      this._tlsError(error);
      return;
    }
    if (flags & PEER_CLOSED && !this[kEnded]) {
      if (!this._secureEstablished && flags & ABRUPT_EOF) {
        const err = new Error('Client network socket disconnected before secure TLS connection was established');
        err.code = 'ECONNRESET';
        err.host = this._tlsOptions.host;
        err.port = this._tlsOptions.port;
        err.localAddress = undefined;
        this._tlsError(err);
        return;
      }
      this[kEnded] = true;
      this.push(null);
    }
  }

  _send(out) {
    const transport = this[kTransport];
    if (transport && !transport.destroyed && !transport.writableEnded) {
      transport.write(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
    }
  }

  _tlsError(err) {
    this.destroy(err);
  }

  _onHello() {
    const info = op_tls_conn_info_sync(this[kConn]);
    this.servername = info.servername ?? false;
    const accept = (context) => {
      if (this[kConn] === null) return;
      op_tls_conn_accept_sync(this[kConn], (context ?? this[kContext]).context.id);
      if (context) this[kContext] = context;
      this._feed(null, false);
    };
    const sni = this._SNICallback;
    if (sni && info.servername) {
      let called = false;
      sni(info.servername, (err, context) => {
        if (called) return;
        called = true;
        if (err) {
          this.destroy(err);
          return;
        }
        if (context !== undefined && context !== null && !(context instanceof SecureContext)) {
          this.destroy(new ERR_TLS_INVALID_CONTEXT('context'));
          return;
        }
        accept(context);
      });
      return;
    }
    accept(null);
  }

  _onHandshakeDone() {
    const info = op_tls_conn_info_sync(this[kConn]);
    this[kInfo] = info;
    this._secureEstablished = true;
    this.secureConnecting = false;
    this.alpnProtocol = info.alpn ?? false;
    if (this.servername === null) this.servername = false;
    if (this[kHandshakeTimer]) {
      clearTimeout(this[kHandshakeTimer]);
      this[kHandshakeTimer] = null;
    }
    this.emit('secure');
  }

  _onSessions() {
    const tokens = op_tls_conn_sessions_sync(this[kConn]);
    for (const token of tokens) {
      const session = Buffer.from(token.buffer, token.byteOffset, token.byteLength);
      this[kSession] = session;
      this.emit('session', session);
    }
  }

  _verifyError() {
    const info = this[kInfo] ?? (this[kConn] === null ? null : op_tls_conn_info_sync(this[kConn]));
    if (info && !info.peer && this._isServer && this._requestCert) {
      // OpenSSL's verify result when the client sent no certificate.
      return verifyError({ verifyError: 'UNABLE_TO_GET_ISSUER_CERT', verifyMessage: 'unable to get issuer certificate' });
    }
    return verifyError(info);
  }

  _read() {
    if (this[kPausedTransport]) {
      this[kPausedTransport] = false;
      this[kTransport]?.resume?.();
    }
  }

  _write(chunk, encoding, callback) {
    if (this[kConn] === null) {
      callback(new ERR_TLS_INVALID_STATE());
      return;
    }
    op_tls_conn_write_sync(this[kConn], typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    this._feed(null, false);
    const transport = this[kTransport];
    // Backpressure from the transport: wait for it to drain only once it
    // holds more than its high-water mark of ciphertext not yet sent.
    if (transport && transport.writableNeedDrain && transport.writableLength > transport.writableHighWaterMark) {
      transport.once('drain', () => callback());
    } else {
      callback();
    }
  }

  _writev(chunks, callback) {
    const buffers = chunks.map(({ chunk, encoding }) => (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk));
    this._write(Buffer.concat(buffers), 'buffer', callback);
  }

  _final(callback) {
    if (this[kConn] !== null) {
      op_tls_conn_shutdown_sync(this[kConn]);
      this._feed(null, false);
    }
    this._endTransport();
    callback();
  }

  _destroy(err, callback) {
    if (this[kHandshakeTimer]) {
      clearTimeout(this[kHandshakeTimer]);
      this[kHandshakeTimer] = null;
    }
    if (this[kConn] !== null) {
      op_core_handle_close_sync(this[kConn]);
      this[kConn] = null;
    }
    const transport = this[kTransport];
    if (transport) {
      const listeners = this[kListeners];
      transport.removeListener('data', listeners.data);
      transport.removeListener('end', listeners.end);
      transport.removeListener('close', listeners.close);
      transport.removeListener('connect', listeners.connect);
      // Errors of a transport destroyed with us are ours already.
      transport.removeListener('error', listeners.error);
      transport.on('error', () => {});
      if (!transport.destroyed) transport.destroy();
    }
    callback(err);
    // net.Socket leaves 'close' to its handle; this socket has none.
    process.nextTick(() => this.emit('close', !!err));
  }

  setTimeout(msecs, callback) {
    if (this[kTransport]?.setTimeout) {
      this[kTransport].setTimeout(msecs, callback ? () => callback.call(this) : undefined);
      if (!callback) this[kTransport].once('timeout', () => this.emit('timeout'));
    }
    return this;
  }

  _handshakeTimeout(ms) {
    if (!(ms > 0)) return;
    this[kHandshakeTimer] = setTimeout(() => {
      this[kHandshakeTimer] = null;
      this.destroy(new ERR_TLS_HANDSHAKE_TIMEOUT());
    }, ms);
    this[kHandshakeTimer].unref?.();
  }

  getPeerCertificate(detailed) {
    if (this[kConn] === null && this[kInfo] === null) return null;
    const info = this[kInfo] ?? op_tls_conn_info_sync(this[kConn]);
    if (!info.peer || info.peer.length === 0) return {};
    const certs = info.peer.map(certObject);
    if (!detailed) return certs[0];
    for (let i = 0; i + 1 < certs.length; i++) certs[i].issuerCertificate = certs[i + 1];
    // Complete the chain with the trusted CA, as OpenSSL's verified chain.
    let last = certs[certs.length - 1];
    const cas = pemCerts(this[kContext]._ca).map(certObject).filter(Boolean);
    while (last && !sameName(last.subject, last.issuer)) {
      const issuer = cas.find((ca) => sameName(ca.subject, last.issuer) && ca.fingerprint256 !== last.fingerprint256);
      if (!issuer) break;
      last.issuerCertificate = issuer;
      last = issuer;
    }
    if (last && sameName(last.subject, last.issuer)) last.issuerCertificate = last;
    return certs[0];
  }

  getCertificate() {
    return null;
  }

  getProtocol() {
    const info = this[kInfo] ?? (this[kConn] === null ? null : op_tls_conn_info_sync(this[kConn]));
    return info?.protocol ?? null;
  }

  getCipher() {
    const info = this[kInfo] ?? (this[kConn] === null ? null : op_tls_conn_info_sync(this[kConn]));
    if (!info?.cipher) return undefined;
    return {
      name: info.cipher,
      standardName: info.standardName,
      version: info.standardName.startsWith('TLS_AES') || info.standardName.startsWith('TLS_CHACHA20') ? 'TLSv1.3' : 'TLSv1.2',
    };
  }

  getSharedSigalgs() {
    return [];
  }

  getEphemeralKeyInfo() {
    return this._isServer ? null : {};
  }

  isSessionReused() {
    const info = this[kInfo] ?? (this[kConn] === null ? null : op_tls_conn_info_sync(this[kConn]));
    return !!info?.reused;
  }

  getSession() {
    return this[kSession];
  }

  getTLSTicket() {
    return undefined;
  }

  getFinished() {
    return undefined;
  }

  getPeerFinished() {
    return undefined;
  }

  setServername(name) {
    if (this._isServer) {
      const { codes: { ERR_TLS_SNI_FROM_SERVER } } = require('internal/errors');
      throw new ERR_TLS_SNI_FROM_SERVER();
    }
    this.servername = name;
  }

  setMaxSendFragment() {
    return true;
  }

  disableRenegotiation() {}

  renegotiate(options, callback) {
    // rustls does not renegotiate (TLS 1.3 has no renegotiation at all).
    if (typeof callback === 'function') {
      process.nextTick(callback, new Error('TLS session renegotiation disabled for this socket'));
    }
    return false;
  }

  enableTrace() {}
}

module.exports = { TLSSocket, alpnList, SocketBase };
