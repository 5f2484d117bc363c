'use strict';
// net.BlockList and net.SocketAddress, in JS: addresses are kept as
// BigInts (32 bits for IPv4, 128 for IPv6); an IPv4 rule also matches the
// IPv4-mapped IPv6 form (::ffff:a.b.c.d) and the reverse, as Node's do.

const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_INVALID_ADDRESS },
} = require('internal/errors');
const { validateInt32, validateString, validateUint32, validateObject } = require('internal/validators');
const { isIPv4, isIPv6, validatePort } = require('internal/dns/utils');

const kInspect = Symbol.for('nodejs.util.inspect.custom');
const kAddress = Symbol('kAddress');
const kRules = Symbol('kRules');

function parseIPv4(text) {
  let n = 0n;
  for (const part of text.split('.')) n = (n << 8n) | BigInt(Number(part));
  return n;
}

function parseIPv6(text) {
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  let groups;
  const halves = text.split('::');
  const parseGroups = (s) => {
    if (s === '') return [];
    const out = [];
    for (const g of s.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIPv4(g);
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  if (halves.length === 2) {
    const head = parseGroups(halves[0]);
    const tail = parseGroups(halves[1]);
    groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    groups = parseGroups(text);
  }
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

const MAPPED_PREFIX = 0xffffn << 32n;

// { family: 4|6, value } for a valid address text of `family`, or null.
function parse(address, family) {
  if (family === 'ipv4') return isIPv4(address) ? { family: 4, value: parseIPv4(address) } : null;
  return isIPv6(address) ? { family: 6, value: parseIPv6(address) } : null;
}

class SocketAddress {
  static isSocketAddress(value) {
    return value?.[kAddress] !== undefined;
  }

  static parse(input) {
    validateString(input, 'input');
    let address;
    let port = 0;
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(input);
    if (bracket) {
      address = bracket[1];
      if (bracket[2] !== undefined) port = Number(bracket[2]);
    } else {
      const colon = input.lastIndexOf(':');
      if (colon !== -1 && input.indexOf(':') === colon) {
        address = input.slice(0, colon);
        port = Number(input.slice(colon + 1));
      } else {
        address = input;
      }
    }
    try {
      return new SocketAddress({ address, port, family: isIPv6(address) ? 'ipv6' : 'ipv4' });
    } catch {
      return undefined;
    }
  }

  constructor(options = {}) {
    validateObject(options, 'options');
    let { family = 'ipv4' } = options;
    const {
      address = family === 'ipv4' || family === 'IPv4' ? '127.0.0.1' : '::',
      port = 0,
      flowlabel = 0,
    } = options;
    validateString(family, 'options.family');
    const lower = family.toLowerCase();
    if (lower !== 'ipv4' && lower !== 'ipv6') throw new ERR_INVALID_ARG_VALUE('options.family', options.family);
    family = lower;
    validateString(address, 'options.address');
    validatePort(port, 'options.port');
    validateUint32(flowlabel, 'options.flowlabel', false);
    const parsed = parse(address, family);
    if (parsed === null) throw new ERR_INVALID_ADDRESS();
    this[kAddress] = { address, port: port | 0, family, flowlabel, parsed };
  }

  get address() { return this[kAddress].address; }
  get port() { return this[kAddress].port; }
  get family() { return this[kAddress].family; }
  get flowlabel() { return this[kAddress].flowlabel; }

  toJSON() {
    return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel };
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return this;
    return `SocketAddress ${inspect(this.toJSON(), { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
}

// The address a rule compares with: `value` of `family`, seen as `as`.
function inFamily(parsed, as) {
  if (parsed.family === as) return parsed.value;
  if (as === 6) return MAPPED_PREFIX | parsed.value;
  // An IPv6 address against an IPv4 rule: only the mapped form matches.
  if ((parsed.value >> 32n) === 0xffffn) return parsed.value & 0xffffffffn;
  return null;
}

function familyName(n) {
  return n === 4 ? 'IPv4' : 'IPv6';
}

class BlockList {
  static isBlockList(value) {
    return value?.[kRules] !== undefined;
  }

  constructor() {
    this[kRules] = { addresses: [], subnets: [], ranges: [] };
  }

  [kInspect](depth, options, inspect) {
    if (depth < 0) return this;
    return `BlockList ${inspect({ rules: this.rules }, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }

  addAddress(address, family = 'ipv4') {
    const parsed = toAddress(address, family, 'address');
    this[kRules].addresses.unshift({ parsed, text: `Address: ${familyName(parsed.family)} ${displayOf(address)}` });
  }

  addRange(start, end, family = 'ipv4') {
    const from = toAddress(start, family, 'start');
    const to = toAddress(end, family, 'end');
    if (from.value > to.value) {
      throw new ERR_INVALID_ARG_VALUE('start', asSocketAddress(start, family), 'must come before end');
    }
    this[kRules].ranges.unshift({
      from, to, text: `Range: ${familyName(from.family)} ${displayOf(start)}-${displayOf(end)}`,
    });
  }

  addSubnet(network, prefix, family = 'ipv4') {
    const parsed = toAddress(network, family, 'network');
    const bits = parsed.family === 4 ? 32 : 128;
    validateInt32(prefix, 'prefix', 0, bits);
    this[kRules].subnets.unshift({
      parsed, prefix, bits, text: `Subnet: ${familyName(parsed.family)} ${displayOf(network)}/${prefix}`,
    });
  }

  check(address, family = 'ipv4') {
    let parsed;
    if (SocketAddress.isSocketAddress(address)) {
      parsed = address[kAddress].parsed;
    } else {
      validateString(address, 'address');
      validateString(family, 'family');
      parsed = parse(address, family.toLowerCase());
      if (parsed === null) return false;
    }
    const rules = this[kRules];
    for (const rule of rules.addresses) {
      const value = inFamily(parsed, rule.parsed.family);
      if (value !== null && value === rule.parsed.value) return true;
    }
    for (const rule of rules.subnets) {
      const value = inFamily(parsed, rule.parsed.family);
      if (value === null) continue;
      const shift = BigInt(rule.bits - rule.prefix);
      if ((value >> shift) === (rule.parsed.value >> shift)) return true;
    }
    for (const rule of rules.ranges) {
      const value = inFamily(parsed, rule.from.family);
      if (value !== null && value >= rule.from.value && value <= rule.to.value) return true;
    }
    return false;
  }

  get rules() {
    const { addresses, subnets, ranges } = this[kRules];
    return [...addresses, ...subnets, ...ranges].map((rule) => rule.text);
  }

  toJSON() {
    return this.rules;
  }
}
function displayOf(address) {
  return SocketAddress.isSocketAddress(address) ? address.address : address;
}

function asSocketAddress(address, family) {
  if (SocketAddress.isSocketAddress(address)) return address;
  return new SocketAddress({ address, family });
}

function toAddress(address, family, name) {
  if (SocketAddress.isSocketAddress(address)) return address[kAddress].parsed;
  validateString(address, name);
  validateString(family, 'family');
  return asSocketAddress(address, family)[kAddress].parsed;
}

module.exports = { BlockList, SocketAddress };
