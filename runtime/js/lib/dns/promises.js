'use strict';
// node:dns/promises: node:dns's calls returning promises.

const { op_dns_getaddrinfo_async, op_dns_getnameinfo_async } = internalBinding('dns');
const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_MISSING_ARGS },
} = require('internal/errors');
const { validateString } = require('internal/validators');
const {
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
  PromiseResolver,
  bindDefaults,
  getDefaultPromiseResolver,
  resolverMethods,
  setDefaultServers,
} = require('internal/dns/resolver');

function lookup(hostname, options) {
  validateHostname(hostname);
  checkOptionsType(options);
  const { family, hints, all, order } = lookupOptions(options);

  if (!hostname) {
    emitInvalidHostnameWarning(hostname);
    return Promise.resolve(all ? [] : { address: null, family: family === 6 ? 6 : 4 });
  }
  const literal = isIP(hostname);
  if (literal) {
    const result = { address: hostname, family: literal };
    return Promise.resolve(all ? [result] : result);
  }
  return new Promise((resolve, reject) => {
    op_dns_getaddrinfo_async(hostname, family, hints, order, (err, addresses) => {
      if (err) {
        reject(dnsException(err, 'getaddrinfo', hostname));
        return;
      }
      const list = addresses.map((address) => ({ address, family: isIP(address) || family }));
      if (all) resolve(list);
      else if (list.length === 0) reject(dnsException(-3008, 'getaddrinfo', hostname));
      else resolve(list[0]);
    });
  });
}

function lookupService(address, port) {
  if (arguments.length !== 2) throw new ERR_MISSING_ARGS('address', 'port');
  validateString(address, 'address');
  if (isIP(address) === 0) throw new ERR_INVALID_ARG_VALUE('address', address);
  validatePort(port);
  port = +port;
  return new Promise((resolve, reject) => {
    op_dns_getnameinfo_async(address, port, (err, hostname, service) => {
      if (err) {
        reject(dnsException(err, 'getnameinfo', address));
        return;
      }
      resolve({ hostname, service });
    });
  });
}

const dns = require('dns');
const errorCodes = {};
for (const key of Object.keys(dns)) {
  if (/^[A-Z]+$/.test(key) && typeof dns[key] === 'string') errorCodes[key] = dns[key];
}

function setServers(servers) {
  setDefaultServers(servers);
}

module.exports = {
  lookup,
  lookupService,
  Resolver: PromiseResolver,
  getDefaultResultOrder,
  setDefaultResultOrder,
  setServers,
  ...errorCodes,
  ...bindDefaults(getDefaultPromiseResolver, resolverMethods),
};
