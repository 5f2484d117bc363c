'use strict';
// What node:dns and node:dns/promises share: argument checks, the
// default result order, the IP-literal test and Node's DNS errors.
// `lookup` and `lookupService` go through getaddrinfo/getnameinfo on the
// blocking pool (src/ops/dns.rs).

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_SOCKET_BAD_PORT,
  },
} = require('internal/errors');
const {
  validateBoolean,
  validateNumber,
  validateOneOf,
  validateString,
} = require('internal/validators');

// getaddrinfo's AI_* flags on Linux, as Node exports them.
const ADDRCONFIG = 32;
const V4MAPPED = 8;
const ALL = 16;

const validFamilies = [0, 4, 6];
const validDnsOrders = ['verbatim', 'ipv4first', 'ipv6first'];
const orderNumber = { __proto__: null, verbatim: 0, ipv4first: 1, ipv6first: 2 };

let defaultResultOrder = 'verbatim';

function getDefaultResultOrder() {
  return defaultResultOrder;
}

function setDefaultResultOrder(order) {
  validateOneOf(order, 'dnsOrder', validDnsOrders);
  defaultResultOrder = order;
}

const v4Seg = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
const IPv4Reg = new RegExp(`^${v4Str}$`);
const v6Seg = '(?:[0-9a-fA-F]{1,4})';
const IPv6Reg = new RegExp('^(?:' +
  `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
  `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
  `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
  `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
  `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
  `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
  `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
  `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
')(?:%[0-9a-zA-Z-.:]{1,})?$');

function isIPv4(s) {
  return IPv4Reg.test(`${s}`);
}

function isIPv6(s) {
  return IPv6Reg.test(`${s}`);
}

function isIP(s) {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}

function validatePort(port, name = 'Port', allowZero = true) {
  if ((typeof port !== 'number' && typeof port !== 'string') ||
      (typeof port === 'string' && port.trim().length === 0) ||
      +port !== (+port >>> 0) ||
      port > 0xFFFF ||
      (port === 0 && !allowZero)) {
    throw new ERR_SOCKET_BAD_PORT(name, port, allowZero);
  }
  return port | 0;
}

function validateHints(hints) {
  if ((hints & ~(ADDRCONFIG | ALL | V4MAPPED)) !== 0) {
    throw new ERR_INVALID_ARG_VALUE('hints', hints);
  }
}

// libuv's EAI_NODATA and EAI_NONAME both read as ENOTFOUND.
const UV_EAI_NODATA = -3007;
const UV_EAI_NONAME = -3008;

// `<syscall> <CODE> <hostname>`, with errno (for libuv numbers), code,
// syscall and hostname.
function dnsException(code, syscall, hostname) {
  let errno;
  if (typeof code === 'number') {
    errno = code;
    if (code === UV_EAI_NODATA || code === UV_EAI_NONAME) {
      code = 'ENOTFOUND';
    } else {
      const entry = require('internal/uv_errors').uvErrmapGet(code);
      code = entry ? entry[0] : `Unknown system error ${code}`;
    }
  }
  const message = `${syscall} ${code}${hostname ? ` ${hostname}` : ''}`;
  const ex = new Error(message);
  ex.errno = errno;
  ex.code = code;
  ex.syscall = syscall;
  if (hostname) ex.hostname = hostname;
  Error.captureStackTrace(ex, dnsException);
  return ex;
}

let invalidHostnameWarned = false;
function emitInvalidHostnameWarning(hostname) {
  if (invalidHostnameWarned) return;
  invalidHostnameWarned = true;
  process.emitWarning(
    `The provided hostname "${String(hostname)}" is not a valid hostname, and is supported in the dns module ` +
    'solely for compatibility.', 'DeprecationWarning', 'DEP0118');
}

// The options of lookup(): `{ family, hints, all, order }`. `options` is
// a family number or an object (already known not to be a function).
function lookupOptions(options) {
  let family = 0;
  let hints = 0;
  let all = false;
  let order = defaultResultOrder;
  if (typeof options === 'number') {
    validateOneOf(options, 'family', validFamilies);
    family = options;
  } else if (options !== undefined && options !== null) {
    if (options.hints != null) {
      validateNumber(options.hints, 'options.hints');
      hints = options.hints >>> 0;
      validateHints(hints);
    }
    if (options.family != null) {
      if (options.family === 'IPv4') family = 4;
      else if (options.family === 'IPv6') family = 6;
      else {
        validateOneOf(options.family, 'options.family', validFamilies);
        family = options.family;
      }
    }
    if (options.all != null) {
      validateBoolean(options.all, 'options.all');
      all = options.all;
    }
    if (options.verbatim != null) {
      validateBoolean(options.verbatim, 'options.verbatim');
      order = options.verbatim ? 'verbatim' : 'ipv4first';
    }
    if (options.order != null) {
      validateOneOf(options.order, 'options.order', validDnsOrders);
      order = options.order;
    }
  }
  return { family, hints, all, order: orderNumber[order] };
}

function checkOptionsType(options) {
  if (options !== undefined && typeof options !== 'object' && typeof options !== 'number') {
    throw new ERR_INVALID_ARG_TYPE('options', ['integer', 'object'], options);
  }
}

function validateHostname(hostname) {
  if (hostname) validateString(hostname, 'hostname');
}

module.exports = {
  ADDRCONFIG,
  ALL,
  V4MAPPED,
  checkOptionsType,
  dnsException,
  emitInvalidHostnameWarning,
  getDefaultResultOrder,
  isIP,
  isIPv4,
  isIPv6,
  lookupOptions,
  setDefaultResultOrder,
  validateHints,
  validateHostname,
  validatePort,
};
