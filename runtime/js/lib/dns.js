'use strict';
// node:dns. lookup/lookupService ask the C library on the thread pool
// (src/ops/dns.rs); resolve*, reverse and Resolver query DNS servers
// (internal/dns/resolver); internal/dns/utils has what both APIs share.

const { op_dns_getaddrinfo_async, op_dns_getnameinfo_async } = internalBinding('dns');
const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_MISSING_ARGS },
} = require('internal/errors');
const { validateFunction, validateString } = require('internal/validators');
const {
  ADDRCONFIG,
  ALL,
  V4MAPPED,
  checkOptionsType,
  dnsException,
  emitInvalidHostnameWarning,
  getDefaultResultOrder,
  isIP,
  lookupOptions,
  setDefaultResultOrder,
  validateHostname,
  validatePort,
} = require('internal/dns/utils');
const {
  Resolver,
  bindDefaults,
  getDefaultResolver,
  resolverMethods,
  setDefaultServers,
} = require('internal/dns/resolver');

// The request objects Node returns and calls back on.
class GetAddrInfoReqWrap {}
class GetNameInfoReqWrap {}

function lookup(hostname, options, callback) {
  validateHostname(hostname);
  let opts;
  if (typeof options === 'function') {
    callback = options;
    opts = lookupOptions(undefined);
  } else {
    if (typeof options === 'number') {
      validateFunction(callback, 'callback');
    } else if (options !== undefined && typeof options !== 'object') {
      validateFunction(arguments.length === 2 ? options : callback, 'callback');
      checkOptionsType(options);
    } else {
      validateFunction(callback, 'callback');
    }
    opts = lookupOptions(options);
  }
  const { family, hints, all, order } = opts;

  if (!hostname) {
    emitInvalidHostnameWarning(hostname);
    if (all) process.nextTick(callback, null, []);
    else process.nextTick(callback, null, null, family === 6 ? 6 : 4);
    return {};
  }

  const literal = isIP(hostname);
  if (literal) {
    if (all) process.nextTick(callback, null, [{ address: hostname, family: literal }]);
    else process.nextTick(callback, null, hostname, literal);
    return {};
  }

  const req = new GetAddrInfoReqWrap();
  req.callback = callback;
  req.family = family;
  req.hostname = hostname;
  op_dns_getaddrinfo_async(hostname, family, hints, order, (err, addresses) => {
    if (err) {
      callback.call(req, dnsException(err, 'getaddrinfo', hostname));
      return;
    }
    if (all) {
      const list = [];
      for (const address of addresses) {
        list.push({ address, family: isIP(address) || family });
      }
      callback.call(req, null, list);
    } else if (addresses.length === 0) {
      callback.call(req, dnsException(-3008, 'getaddrinfo', hostname));
    } else {
      callback.call(req, null, addresses[0], isIP(addresses[0]) || family);
    }
  });
  return req;
}

Object.defineProperty(lookup, Symbol.for('nodejs.util.promisify.custom'), {
  __proto__: null,
  configurable: true,
  enumerable: false,
  get() { return require('dns/promises').lookup; },
});

function lookupService(address, port, callback) {
  if (arguments.length !== 3) throw new ERR_MISSING_ARGS('address', 'port', 'callback');
  validateString(address, 'address');
  if (isIP(address) === 0) throw new ERR_INVALID_ARG_VALUE('address', address);
  validatePort(port);
  validateFunction(callback, 'callback');
  port = +port;
  const req = new GetNameInfoReqWrap();
  req.callback = callback;
  req.hostname = address;
  req.port = port;
  op_dns_getnameinfo_async(address, port, (err, hostname, service) => {
    if (err) {
      callback.call(req, dnsException(err, 'getnameinfo', address));
      return;
    }
    callback.call(req, null, hostname, service);
  });
  return req;
}

Object.defineProperty(lookupService, Symbol.for('nodejs.util.promisify.custom'), {
  __proto__: null,
  configurable: true,
  enumerable: false,
  get() { return require('dns/promises').lookupService; },
});

// c-ares' error codes, as node:dns exports them.
const errorCodes = {
  NODATA: 'ENODATA',
  FORMERR: 'EFORMERR',
  SERVFAIL: 'ESERVFAIL',
  NOTFOUND: 'ENOTFOUND',
  NOTIMP: 'ENOTIMP',
  REFUSED: 'EREFUSED',
  BADQUERY: 'EBADQUERY',
  BADNAME: 'EBADNAME',
  BADFAMILY: 'EBADFAMILY',
  BADRESP: 'EBADRESP',
  CONNREFUSED: 'ECONNREFUSED',
  TIMEOUT: 'ETIMEOUT',
  EOF: 'EOF',
  FILE: 'EFILE',
  NOMEM: 'ENOMEM',
  DESTRUCTION: 'EDESTRUCTION',
  BADSTR: 'EBADSTR',
  BADFLAGS: 'EBADFLAGS',
  NONAME: 'ENONAME',
  BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED',
  LOADIPHLPAPI: 'ELOADIPHLPAPI',
  ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS',
  CANCELLED: 'ECANCELLED',
};

function setServers(servers) {
  setDefaultServers(servers);
}

module.exports = {
  lookup,
  lookupService,
  Resolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers,
  ADDRCONFIG,
  ALL,
  V4MAPPED,
  ...errorCodes,
  ...bindDefaults(getDefaultResolver, resolverMethods),
};

Object.defineProperty(module.exports, 'promises', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() { return require('dns/promises'); },
});
