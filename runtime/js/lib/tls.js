'use strict';
// node:tls on rustls (src/ops/tls/): createSecureContext
// (internal/tls/context), TLSSocket over any Duplex (internal/tls/socket),
// connect and Server over node:net, checkServerIdentity
// (internal/tls/identity), the root certificates.
//
// tls.Server extends net.Server and wraps each connection in a
// TLSSocket; tls.connect opens a net.Socket (or takes `socket:`, any
// Duplex) and wraps it.

const { op_tls_ca_certificates_sync, op_tls_ciphers_sync } = internalBinding('tls');
const net = require('net');
const { Buffer } = require('buffer');
const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE },
} = require('internal/errors');
const { validateFunction, validateObject, validateString, kValidateObjectAllowNullable } = require('internal/validators');
const context = require('internal/tls/context');
const { SecureContext, createSecureContext } = context;
const { TLSSocket, alpnList } = require('internal/tls/socket');
const { checkServerIdentity } = require('internal/tls/identity');

const ServerBase = net.Server;

// ---- certificates and constants ------------------------------------------

let rootCertificates;
const caCertificates = { __proto__: null };

function getCACertificates(type = 'default') {
  validateString(type, 'type');
  if (type === 'default') {
    if (caCertificates.default === undefined) {
      caCertificates.default = Object.freeze([
        ...getCACertificates('bundled'), ...getCACertificates('system'), ...getCACertificates('extra'),
      ]);
    }
    return caCertificates.default;
  }
  if (type !== 'bundled' && type !== 'system' && type !== 'extra') {
    throw new ERR_INVALID_ARG_VALUE('type', type);
  }
  if (caCertificates[type] === undefined) caCertificates[type] = Object.freeze(op_tls_ca_certificates_sync(type));
  return caCertificates[type];
}

function getCiphers() {
  return op_tls_ciphers_sync().map((name) => name.toLowerCase());
}

function convertALPNProtocols(protocols, out) {
  const names = alpnList(protocols);
  const parts = [];
  for (const name of names) {
    const bytes = Buffer.from(name);
    if (bytes.length > 255) {
      throw new ERR_INVALID_ARG_VALUE('protocols', protocols);
    }
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  out.ALPNProtocols = Buffer.concat(parts);
}

// ---- tls.connect ----------------------------------------------------------

function normalizeConnectArgs(args) {
  let options = {};
  let callback;
  let i = 0;
  if (args[i] !== null && typeof args[i] === 'object') {
    options = { ...args[i++] };
  } else {
    if (typeof args[i] === 'string' && !/^\d+$/.test(args[i])) options.path = args[i++];
    else if (args[i] !== undefined && typeof args[i] !== 'function') options.port = args[i++];
    if (typeof args[i] === 'string') options.host = args[i++];
    if (args[i] !== null && typeof args[i] === 'object') options = { ...args[i++], ...options };
  }
  if (typeof args[i] === 'function') callback = args[i];
  return [options, callback];
}

let warnedRejectUnauthorized = false;

function defaultRejectUnauthorized() {
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    if (!warnedRejectUnauthorized) {
      warnedRejectUnauthorized = true;
      process.emitWarning("Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS " +
        'connections and HTTPS requests insecure by disabling certificate verification.');
    }
    return false;
  }
  return true;
}

function onConnectSecure() {
  const options = this._connectOptions;
  let error = this._verifyError();
  if (!error && !this.isSessionReused()) {
    const hostname = options.servername || options.host || 'localhost';
    const cert = this.getPeerCertificate(true);
    error = options.checkServerIdentity(hostname, cert);
  }
  if (error) {
    this.authorized = false;
    this.authorizationError = error.code || error.message;
    if (options.rejectUnauthorized) {
      this.destroy(error);
      return;
    }
  } else {
    this.authorized = true;
  }
  this.emit('secureConnect');
}

function connect(...args) {
  let [options, callback] = normalizeConnectArgs(args);
  options = {
    rejectUnauthorized: defaultRejectUnauthorized(),
    checkServerIdentity,
    ...options,
  };
  if (options.rejectUnauthorized === undefined) options.rejectUnauthorized = defaultRejectUnauthorized();
  if (options.checkServerIdentity === undefined) options.checkServerIdentity = checkServerIdentity;
  validateFunction(options.checkServerIdentity, 'options.checkServerIdentity');
  // As in Node, SNI is sent only for an explicit servername (https sets it
  // from the host); the host name is still checked against the certificate.
  if (options.servername !== undefined && options.servername !== null) {
    validateString(options.servername, 'options.servername');
  }
  if (options.session !== undefined && options.session !== null &&
      typeof options.session !== 'string' && !ArrayBuffer.isView(options.session)) {
    throw new ERR_INVALID_ARG_TYPE('options.session', ['Buffer', 'TypedArray', 'DataView'], options.session);
  }
  const secureContext = options.secureContext ?? createSecureContext(options);
  let transport = options.socket;
  if (!transport) {
    transport = net.connect({
      port: options.port,
      host: options.host,
      path: options.path,
      localAddress: options.localAddress,
      localPort: options.localPort,
      family: options.family,
      lookup: options.lookup,
      timeout: options.timeout,
      autoSelectFamily: options.autoSelectFamily,
    });
  }
  const socket = new TLSSocket(transport, {
    ...options,
    isServer: false,
    secureContext,
    servername: options.servername,
  });
  socket._connectOptions = options;
  socket.once('secure', onConnectSecure);
  if (callback) socket.once('secureConnect', callback);
  if (options.timeout) socket.setTimeout(options.timeout);
  return socket;
}

// ---- tls.Server -----------------------------------------------------------

function wildcardPattern(servername) {
  const escaped = servername.replace(/([.^$+?\-\\[\]{}])/g, '\\$1').replace(/\*/g, '[^.]*');
  return new RegExp(`^${escaped}$`, 'i');
}

function onServerSocketSecure() {
  if (this._requestCert) {
    const error = this._verifyError();
    if (error) {
      this.authorizationError = error.code;
      if (this._rejectUnauthorized) {
        this.destroy();
        return;
      }
    } else if (this._tlsOptions && this.getPeerCertificate() && Object.keys(this.getPeerCertificate()).length) {
      this.authorized = true;
    }
  }
  if (!this.destroyed) {
    this.removeListener('error', this._tlsClientErrorListener);
    this.server.emit('secureConnection', this);
  }
}

function tlsConnectionListener(rawSocket) {
  const server = this;
  const socket = new TLSSocket(rawSocket, {
    secureContext: server._sharedCreds,
    isServer: true,
    server,
    requestCert: server.requestCert,
    rejectUnauthorized: server.rejectUnauthorized,
    ALPNProtocols: server.ALPNProtocols,
    SNICallback: server.SNICallback ?? ((name, cb) => server._defaultSNI(name, cb)),
    allowHalfOpen: server.allowHalfOpen,
  });
  socket._tlsClientErrorListener = (err) => {
    if (server.listenerCount('tlsClientError') > 0) server.emit('tlsClientError', err, socket);
  };
  socket.on('error', socket._tlsClientErrorListener);
  socket.on('secure', onServerSocketSecure);
  socket._handshakeTimeout(server.handshakeTimeout);
}

class TLSServer extends ServerBase {
  constructor(options, listener) {
    if (typeof options === 'function') {
      listener = options;
      options = {};
    } else if (options === undefined || options === null) {
      options = {};
    } else {
      validateObject(options, 'options', kValidateObjectAllowNullable);
    }
    super({ allowHalfOpen: options.allowHalfOpen, pauseOnConnect: options.pauseOnConnect,
            noDelay: options.noDelay, keepAlive: options.keepAlive,
            keepAliveInitialDelay: options.keepAliveInitialDelay, highWaterMark: options.highWaterMark });
    this._contexts = [];
    this.requestCert = options.requestCert === true;
    this.rejectUnauthorized = options.rejectUnauthorized !== false;
    this.handshakeTimeout = options.handshakeTimeout ?? 120000;
    this.allowHalfOpen = options.allowHalfOpen === true;
    if (options.SNICallback !== undefined) validateFunction(options.SNICallback, 'options.SNICallback');
    this.SNICallback = options.SNICallback;
    if (options.ALPNProtocols !== undefined) this.ALPNProtocols = alpnList(options.ALPNProtocols);
    this.setSecureContext(options);
    this.on('connection', tlsConnectionListener);
    if (listener) this.on('secureConnection', listener);
  }

  setSecureContext(options) {
    validateObject(options, 'options');
    this._options = options;
    // Like Node's, a server builds its context from the options (a
    // `secureContext` option is not used).
    this._sharedCreds = createSecureContext(options);
  }

  addContext(servername, ctx) {
    validateString(servername, 'servername');
    const secureContext = ctx instanceof SecureContext ? ctx : createSecureContext(ctx);
    this._contexts.push([wildcardPattern(servername), secureContext]);
  }

  _defaultSNI(servername, callback) {
    for (let i = this._contexts.length - 1; i >= 0; i--) {
      if (this._contexts[i][0].test(servername)) {
        callback(null, this._contexts[i][1]);
        return;
      }
    }
    callback(null, undefined);
  }

  setTicketKeys() {}

  getTicketKeys() {
    return Buffer.alloc(48);
  }

}

// Like Node's, tls.Server works with and without `new` (and subclasses).
function Server(options, listener) {
  return Reflect.construct(TLSServer, [options, listener], new.target ?? Server);
}
Server.prototype = TLSServer.prototype;
Object.defineProperty(Server.prototype, 'constructor', { value: Server, writable: true, configurable: true });
Object.setPrototypeOf(Server, ServerBase);

function createServer(options, listener) {
  return new Server(options, listener);
}

module.exports = {
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_CIPHERS: context.DEFAULT_CIPHERS,
  DEFAULT_ECDH_CURVE: 'auto',
  getCiphers,
  getCACertificates,
  convertALPNProtocols,
  checkServerIdentity,
  createSecureContext,
  SecureContext,
  TLSSocket,
  Server,
  createServer,
  connect,
};

Object.defineProperty(module.exports, 'DEFAULT_MIN_VERSION', {
  get: () => context.defaults.min,
  set: (v) => { context.defaults.min = v; },
  enumerable: true,
  configurable: true,
});
Object.defineProperty(module.exports, 'DEFAULT_MAX_VERSION', {
  get: () => context.defaults.max,
  set: (v) => { context.defaults.max = v; },
  enumerable: true,
  configurable: true,
});
Object.defineProperty(module.exports, 'rootCertificates', {
  get: () => {
    if (rootCertificates === undefined) rootCertificates = getCACertificates('bundled');
    return rootCertificates;
  },
  enumerable: true,
  configurable: false,
});
