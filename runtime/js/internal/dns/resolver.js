'use strict';
// The Resolver classes of node:dns and node:dns/promises. A query goes to
// the resolver's servers (or /etc/resolv.conf's) through
// op_dns_query_async (hickory-resolver, src/ops/dns.rs); its answers come
// back shaped as resolveAny's and are cut to each method's shape here.

const { op_dns_query_async, op_dns_system_servers_sync } = internalBinding('dns');
const { op_core_handle_close_sync } = internalBinding('core');
const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_INVALID_IP_ADDRESS },
  nativeErrorWithCode,
} = require('internal/errors');
const {
  validateArray,
  validateFunction,
  validateInt32,
  validateString,
  validateUint32,
} = require('internal/validators');
const { dnsException, isIP } = require('internal/dns/utils');

// Method name -> [c-ares binding name (the error's syscall), query type].
const methods = {
  __proto__: null,
  resolveAny: ['queryAny', 'ANY'],
  resolve4: ['queryA', 'A'],
  resolve6: ['queryAaaa', 'AAAA'],
  resolveCaa: ['queryCaa', 'CAA'],
  resolveCname: ['queryCname', 'CNAME'],
  resolveMx: ['queryMx', 'MX'],
  resolveNs: ['queryNs', 'NS'],
  resolveTlsa: ['queryTlsa', 'TLSA'],
  resolveTxt: ['queryTxt', 'TXT'],
  resolveSrv: ['querySrv', 'SRV'],
  resolvePtr: ['queryPtr', 'PTR'],
  resolveNaptr: ['queryNaptr', 'NAPTR'],
  resolveSoa: ['querySoa', 'SOA'],
};

// rrtype (as dns.resolve takes it) -> method.
const rrtypes = {
  __proto__: null,
  A: 'resolve4',
  AAAA: 'resolve6',
  ANY: 'resolveAny',
  CAA: 'resolveCaa',
  CNAME: 'resolveCname',
  MX: 'resolveMx',
  NAPTR: 'resolveNaptr',
  NS: 'resolveNs',
  PTR: 'resolvePtr',
  SOA: 'resolveSoa',
  SRV: 'resolveSrv',
  TLSA: 'resolveTlsa',
  TXT: 'resolveTxt',
};

// The order node lists resolveAny's answers in, by type.
const anyOrder = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'NAPTR', 'SOA', 'CAA', 'TLSA'];

// Answers (resolveAny's shape) -> the shape of `type`'s method. node keeps
// `type` on MX, SRV and CAA answers, and drops it elsewhere.
function shape(type, answers, ttl) {
  if (type === 'ANY') {
    return answers.slice().sort((a, b) => anyOrder.indexOf(a.type) - anyOrder.indexOf(b.type));
  }
  const strip = (a) => {
    const copy = { ...a };
    delete copy.type;
    return copy;
  };
  switch (type) {
    case 'A':
    case 'AAAA':
      return answers.map((a) => (ttl ? { address: a.address, ttl: a.ttl } : a.address));
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return answers.map((a) => a.value);
    case 'TXT':
      return answers.map((a) => a.entries);
    case 'SOA':
      return strip(answers[0]);
    case 'NAPTR':
    case 'TLSA':
      return answers.map(strip);
    default:
      return answers;
  }
}

const IANA_DNS_PORT = 53;

// 'ip', 'ip:port', '[ipv6]:port' or 'ipv6' -> [family, ip, port].
function parseServer(server) {
  const family = isIP(server);
  if (family !== 0) return [family, server, IANA_DNS_PORT];
  const bracketed = /^\[([^[\]]*)\](?::(\d+))?$/.exec(server);
  if (bracketed && isIP(bracketed[1]) !== 0) {
    return [isIP(bracketed[1]), bracketed[1], Number.parseInt(bracketed[2]) || IANA_DNS_PORT];
  }
  const split = /^(.+?)(?::(\d+))?$/.exec(server);
  if (split && isIP(split[1]) !== 0) {
    return [isIP(split[1]), split[1], split[2] ? Number.parseInt(split[2]) : IANA_DNS_PORT];
  }
  throw new ERR_INVALID_IP_ADDRESS(server);
}

function formatServer([family, ip, port]) {
  if (port === IANA_DNS_PORT) return ip;
  return family === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

let systemServers;
function defaultServers() {
  if (systemServers === undefined) {
    systemServers = op_dns_system_servers_sync().map(([ip, port]) => [isIP(ip), ip, port]);
  }
  return systemServers;
}

const kServers = Symbol('kServers');
const kPending = Symbol('kPending');
const kOptions = Symbol('kOptions');
const kLocal = Symbol('kLocal');

class QueryReqWrap {}

// A resolver's state (node's c-ares channel), its fields hidden from
// inspection as the native ones are.
class ChannelWrap {
  constructor(timeout, tries, maxTimeout) {
    const hidden = (key, value) => Object.defineProperty(this, key, { __proto__: null, value, writable: true });
    hidden(kOptions, { timeout, tries, maxTimeout });
    hidden(kServers, null);
    hidden(kPending, new Set());
    hidden(kLocal, '');
  }
}


class ResolverBase {
  constructor(options = undefined) {
    let timeout = -1;
    let tries = 4;
    let maxTimeout = 0;
    if (options !== undefined && options !== null) {
      if (options.timeout !== undefined) {
        validateInt32(options.timeout, 'options.timeout', -1);
        timeout = options.timeout;
      }
      if (options.tries !== undefined) {
        validateInt32(options.tries, 'options.tries', 1);
        tries = options.tries;
      }
      if (options.maxTimeout !== undefined) {
        validateUint32(options.maxTimeout, 'options.maxTimeout');
        maxTimeout = options.maxTimeout;
      }
    }
    this._handle = new ChannelWrap(timeout, tries, maxTimeout);
  }

  getServers() {
    return (this._handle[kServers] || defaultServers()).map(formatServer);
  }

  setServers(servers) {
    validateArray(servers, 'servers');
    const parsed = [];
    servers.forEach((server, index) => {
      validateString(server, `servers[${index}]`);
      parsed.push(parseServer(server));
    });
    this._handle[kServers] = parsed;
  }

  // Like node's binding: each address may be of either family, but not
  // two of the same.
  setLocalAddress(ipv4, ipv6) {
    validateString(ipv4, 'ipv4');
    if (ipv6 !== undefined) validateString(ipv6, 'ipv6');
    const invalid = (message) => nativeErrorWithCode(TypeError, 'ERR_INVALID_ARG_VALUE', message);
    const first = isIP(ipv4);
    if (first === 0) throw invalid('Invalid IP address.');
    let local = ipv4;
    if (ipv6 !== undefined) {
      const second = isIP(ipv6);
      if (second === 0) throw invalid('Invalid IP address.');
      if (second === first) throw invalid(`Cannot specify two IPv${first} addresses.`);
      local = `${ipv4},${ipv6}`;
    }
    this._handle[kLocal] = local;
  }

  cancel() {
    const pending = [...this._handle[kPending]];
    this._handle[kPending].clear();
    for (const request of pending) {
      op_core_handle_close_sync(request.id);
      const error = dnsException('ECANCELLED', request.syscall, request.hostname);
      process.nextTick(request.done, error);
    }
  }

  // Sends one query; `done(err, answers)` runs once.
  _query(syscall, type, hostname, done) {
    const servers = this._handle[kServers] === null ? '' :
      this._handle[kServers].map(([family, ip, port]) => (family === 6 ? `[${ip}]:${port}` : `${ip}:${port}`)).join(',');
    if (this._handle[kServers] !== null && this._handle[kServers].length === 0) {
      // c-ares' ENOSERVER, which node 24 has no name for.
      process.nextTick(done, dnsException('UNKNOWN_ARES_ERROR', syscall, hostname));
      return;
    }
    const { timeout, tries, maxTimeout } = this._handle[kOptions];
    const request = { id: 0, syscall, hostname, done };
    this._handle[kPending].add(request);
    const oncomplete = (code, answers) => {
      this._handle[kPending].delete(request);
      if (code) {
        done(dnsException(code, syscall, hostname));
        return;
      }
      if (answers.length === 0 && type !== 'ANY') {
        done(dnsException('ENODATA', syscall, hostname));
        return;
      }
      done(null, answers);
    };
    request.id = op_dns_query_async(servers, this._handle[kLocal], hostname, type, timeout > 0 ? timeout : 0,
                                    maxTimeout, tries, oncomplete);
  }
}

// IP -> its in-addr.arpa / ip6.arpa name, or undefined.
function reverseName(ip) {
  const family = isIP(ip);
  if (family === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  if (family !== 6) return undefined;
  let [head, tail = ''] = ip.split('%')[0].split('::');
  const part = (s) => (s === '' ? [] : s.split(':'));
  let groups = part(head);
  let rest = part(tail);
  if (groups.length && groups[groups.length - 1].includes('.')) return undefined;
  const last = rest.length ? rest[rest.length - 1] : undefined;
  if (last && last.includes('.')) {
    const o = last.split('.').map(Number);
    rest = rest.slice(0, -1).concat([((o[0] << 8) | o[1]).toString(16), ((o[2] << 8) | o[3]).toString(16)]);
  }
  const fill = ip.includes('::') ? 8 - groups.length - rest.length : 0;
  groups = groups.concat(new Array(fill).fill('0'), rest);
  const nibbles = groups.map((g) => g.padStart(4, '0')).join('').split('');
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

// The names /etc/hosts gives `ip`, as c-ares' gethostbyaddr reports them
// to node: every name on the lines for that address but the first (the
// canonical name; node returns only the aliases). `undefined` when the
// file has no line for it, and the query goes to the servers.
function hostsAliases(ip) {
  let text;
  try {
    text = require('fs').readFileSync('/etc/hosts', 'latin1');
  } catch {
    return undefined;
  }
  const wanted = ip.toLowerCase();
  let names;
  for (const raw of text.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length < 2 || fields[0].toLowerCase() !== wanted) continue;
    names = (names || []).concat(fields.slice(1));
  }
  return names === undefined ? undefined : names.slice(1);
}

// reverse(): /etc/hosts first, then a PTR query; `done(err, names)`.
function reverseLookup(resolver, ip, done) {
  const name = reverseName(ip);
  if (name === undefined) throw dnsException('EINVAL', 'getHostByAddr', ip);
  const aliases = hostsAliases(ip);
  if (aliases !== undefined) {
    process.nextTick(done, null, aliases);
    return;
  }
  resolver._query('getHostByAddr', 'PTR', name, (err, answers) => {
    // c-ares' gethostbyaddr reports every failed lookup as ENOTFOUND
    // (a refused or failing server too); only a cancel stays itself.
    if (err) done(dnsException(err.code === 'ECANCELLED' ? err.code : 'ENOTFOUND', 'getHostByAddr', ip));
    else done(null, answers.map((a) => a.value));
  });
}

// The callback API (node:dns's Resolver).
class Resolver extends ResolverBase {
  resolve(hostname, rrtype, callback) {
    let method;
    if (typeof rrtype === 'string') {
      method = rrtypes[rrtype];
      if (method === undefined) throw new ERR_INVALID_ARG_VALUE('rrtype', rrtype);
    } else if (typeof rrtype === 'function') {
      method = 'resolve4';
      callback = rrtype;
    } else {
      const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
      throw new ERR_INVALID_ARG_TYPE('rrtype', 'string', rrtype);
    }
    return this[method](hostname, callback);
  }

  reverse(ip, callback) {
    validateString(ip, 'name');
    validateFunction(callback, 'callback');
    const req = new QueryReqWrap();
    req.callback = callback;
    req.hostname = ip;
    reverseLookup(this, ip, (err, names) => {
      if (err) callback.call(req, err);
      else callback.call(req, null, names);
    });
    return req;
  }
}

// The promise API (node:dns/promises' Resolver).
const PromiseResolver = class Resolver extends ResolverBase {
  resolve(hostname, rrtype) {
    let method;
    if (rrtype !== undefined) {
      validateString(rrtype, 'rrtype');
      method = rrtypes[rrtype];
      if (method === undefined) throw new ERR_INVALID_ARG_VALUE('rrtype', rrtype);
    } else {
      method = 'resolve4';
    }
    return this[method](hostname);
  }

  reverse(ip) {
    validateString(ip, 'name');
    return new Promise((resolve, reject) => {
      reverseLookup(this, ip, (err, names) => {
        if (err) reject(err);
        else resolve(names);
      });
    });
  }
};

for (const method of Object.keys(methods)) {
  const [syscall, type] = methods[method];
  Resolver.prototype[method] = {
    [method](name, options, callback) {
      if (arguments.length > 2) {
        callback = arguments[2];
      } else {
        callback = options;
        options = undefined;
      }
      validateString(name, 'name');
      validateFunction(callback, 'callback');
      const req = new QueryReqWrap();
      req.bindingName = syscall;
      req.callback = callback;
      req.hostname = name;
      req.ttl = !!(options && options.ttl);
      this._query(syscall, type, name, (err, answers) => {
        if (err) callback.call(req, err);
        else callback.call(req, null, shape(type, answers, req.ttl));
      });
      return req;
    },
  }[method];
  PromiseResolver.prototype[method] = {
    [method](name, options) {
      validateString(name, 'name');
      const ttl = !!(options && options.ttl);
      return new Promise((resolve, reject) => {
        this._query(syscall, type, name, (err, answers) => {
          if (err) reject(err);
          else resolve(shape(type, answers, ttl));
        });
      });
    },
  }[method];
}

// node assigns reverse and resolve after the query methods.
for (const Class of [Resolver, PromiseResolver]) {
  for (const name of ['reverse', 'resolve']) {
    const method = Class.prototype[name];
    delete Class.prototype[name];
    Class.prototype[name] = method;
  }
}

let defaultResolver;
function getDefaultResolver() {
  if (defaultResolver === undefined) defaultResolver = new Resolver();
  return defaultResolver;
}

let defaultPromiseResolver;
function getDefaultPromiseResolver() {
  if (defaultPromiseResolver === undefined) {
    defaultPromiseResolver = new PromiseResolver();
    // One set of default servers for both APIs, as in node.
    defaultPromiseResolver._handle[kServers] = getDefaultResolver()._handle[kServers];
  }
  return defaultPromiseResolver;
}

// dns.setServers and dns.promises.setServers: one set for both APIs.
function setDefaultServers(servers) {
  const resolver = getDefaultResolver();
  resolver.setServers(servers);
  if (defaultPromiseResolver !== undefined) defaultPromiseResolver._handle[kServers] = resolver._handle[kServers];
}

// The default resolver's methods, bound, as node:dns exports them.
function bindDefaults(getResolver, names) {
  const out = {};
  for (const name of names) {
    out[name] = { [name](...args) { return getResolver()[name](...args); } }[name];
  }
  return out;
}

const resolverMethods = [
  'getServers', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname',
  'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTlsa',
  'resolveTxt', 'reverse',
];

module.exports = {
  PromiseResolver,
  Resolver,
  bindDefaults,
  getDefaultPromiseResolver,
  getDefaultResolver,
  resolverMethods,
  setDefaultServers,
};
