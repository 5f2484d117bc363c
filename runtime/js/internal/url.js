'use strict';

// URL and URLSearchParams per the WHATWG URL Standard: the basic URL
// parser as a state machine (with state overrides for the setters), host
// parsing (domains with IDNA/punycode, IPv4, IPv6, opaque hosts), and
// serialization.

const {
  codes: {
    ERR_ARG_NOT_ITERABLE,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_THIS,
    ERR_INVALID_TUPLE,
    ERR_INVALID_URL,
    ERR_MISSING_ARGS,
  },
} = require('internal/errors');

// The URL parser's failure, as Node's C++ parser throws it: a plain
// TypeError "Invalid URL" with code, input (and base) properties.
function invalidURL(input, base) {
  const err = require('internal/errors').nativeErrorWithCode(TypeError, 'ERR_INVALID_URL', 'Invalid URL', invalidURL);
  err.input = input;
  if (base != null) err.base = base;
  return err;
}

const customInspect = Symbol.for('nodejs.util.inspect.custom');

// ---- Percent-encoding --------------------------------------------------------

const hex = '0123456789ABCDEF';
function percentEncodeByte(b) {
  return `%${hex[b >> 4]}${hex[b & 15]}`;
}

const C0 = (c) => c < 0x20 || c > 0x7e;
const FRAGMENT = (c) => C0(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
const QUERY = (c) => C0(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
const SPECIAL_QUERY = (c) => QUERY(c) || c === 0x27;
const PATH = (c) => QUERY(c) || c === 0x3f || c === 0x5e || c === 0x60 || c === 0x7b || c === 0x7d;
const USERINFO = (c) => PATH(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 ||
  (c >= 0x5b && c <= 0x5d) || c === 0x7c;
const COMPONENT = (c) => USERINFO(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c;
const FORM = (c) => COMPONENT(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e;

function utf8Bytes(str) {
  const out = [];
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd;
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

// Percent-encode the code points of `str` that are in `set`.
function percentEncode(str, set, spaceAsPlus = false) {
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (spaceAsPlus && c === 0x20) {
      out += '+';
    } else if (c < 0x80) {
      out += set(c) ? percentEncodeByte(c) : str[i];
    } else {
      let ch = str[i];
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        const d = str.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          ch += str[i + 1];
          i++;
        }
      }
      for (const b of utf8Bytes(ch)) out += percentEncodeByte(b);
    }
  }
  return out;
}

function isHexDigit(c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// Percent-decode into bytes.
function percentDecodeBytes(bytes) {
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return out;
}

function utf8Decode(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let cp = 0xfffd;
    let n = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xdf && i + 1 < bytes.length && (bytes[i + 1] & 0xc0) === 0x80) {
      cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 63);
      n = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      if (i + 1 < bytes.length && bytes[i + 1] >= lo && bytes[i + 1] <= hi) {
        if (i + 2 < bytes.length && (bytes[i + 2] & 0xc0) === 0x80) {
          cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
          n = 3;
        } else {
          n = 2;
        }
      }
    } else if (b >= 0xf0 && b <= 0xf4) {
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (i + 1 < bytes.length && bytes[i + 1] >= lo && bytes[i + 1] <= hi) {
        if (i + 2 < bytes.length && (bytes[i + 2] & 0xc0) === 0x80) {
          if (i + 3 < bytes.length && (bytes[i + 3] & 0xc0) === 0x80) {
            cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
            n = 4;
          } else {
            n = 3;
          }
        } else {
          n = 2;
        }
      }
    }
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

function percentDecodeString(str) {
  return utf8Decode(percentDecodeBytes(utf8Bytes(str)));
}

// ---- Punycode (RFC 3492) -------------------------------------------------------

const base = 36;
const tMin = 1;
const tMax = 26;
const skew = 38;
const damp = 700;
const initialBias = 72;
const initialN = 128;

function adapt(delta, numPoints, firstTime) {
  let k = 0;
  delta = firstTime ? Math.floor(delta / damp) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
  return Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
}

function digitToBasic(digit) {
  return digit + 22 + 75 * (digit < 26);
}

function punycodeEncode(input) {
  const codePoints = Array.from(input, (c) => c.codePointAt(0));
  let output = '';
  for (const c of codePoints) if (c < 0x80) output += String.fromCharCode(c);
  const basicLength = output.length;
  let handled = basicLength;
  if (basicLength) output += '-';
  let n = initialN;
  let delta = 0;
  let bias = initialBias;
  while (handled < codePoints.length) {
    let m = 0x7fffffff;
    for (const c of codePoints) if (c >= n && c < m) m = c;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of codePoints) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = base; ; k += base) {
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (q < t) break;
          output += String.fromCharCode(digitToBasic(t + ((q - t) % (base - t))));
          q = Math.floor((q - t) / (base - t));
        }
        output += String.fromCharCode(digitToBasic(q));
        bias = adapt(delta, handled + 1, handled === basicLength);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

function punycodeDecode(input) {
  const output = [];
  let basic = input.lastIndexOf('-');
  if (basic < 0) basic = 0;
  for (let j = 0; j < basic; j++) {
    if (input.charCodeAt(j) >= 0x80) return null;
    output.push(input.charCodeAt(j));
  }
  let i = 0;
  let n = initialN;
  let bias = initialBias;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    for (let w = 1, k = base; ; k += base) {
      if (index >= input.length) return null;
      const cp = input.charCodeAt(index++);
      const digit = cp - 48 < 10 ? cp - 22 : cp - 65 < 26 ? cp - 65 : cp - 97 < 26 ? cp - 97 : base;
      if (digit >= base) return null;
      i += digit * w;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    const out = output.length + 1;
    bias = adapt(i - oldi, out, oldi === 0);
    n += Math.floor(i / out);
    i %= out;
    if (n > 0x10ffff) return null;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

// ---- Hosts -----------------------------------------------------------------------

const forbiddenHost = new Set([0x00, 0x09, 0x0a, 0x0d, 0x20, 0x23, 0x2f, 0x3a, 0x3c, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x7c]);
function isForbiddenHost(c) {
  return forbiddenHost.has(c);
}
function isForbiddenDomain(c) {
  return isForbiddenHost(c) || (c >= 0x00 && c <= 0x1f) || c === 0x25 || c === 0x7f;
}

// UTS #46 processing, reduced to what JavaScript offers: case folding by
// lowercasing, NFC normalization, the dot variants, then punycode labels.
function domainToASCII(domain, beStrict = false) {
  let mapped = domain.replace(/[\u3002\uff0e\uff61]/g, '.');
  mapped = mapped.replace(/[\u00ad\u200b\u2060\ufeff\u034f\u180b-\u180d\ufe00-\ufe0f]/g, '');
  mapped = mapped.toLowerCase().normalize('NFC');
  const labels = mapped.split('.');
  const out = [];
  for (const label of labels) {
    if (label.startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      if (decoded === null || decoded === '' || /^[\x00-\x7f]*$/.test(decoded)) return null;
      out.push(label);
    } else if (/[^\x00-\x7f]/.test(label)) {
      out.push(`xn--${punycodeEncode(label)}`);
    } else {
      out.push(label);
    }
  }
  const result = out.join('.');
  if (beStrict && (result.length > 253 || out.some((l) => l.length > 63))) return null;
  return result;
}

function domainToUnicode(domain) {
  return domain.split('.').map((label) => {
    if (label.toLowerCase().startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      return decoded === null ? label : decoded;
    }
    return label.toLowerCase();
  }).join('.');
}

function parseIPv4Number(input) {
  if (input === '') return NaN;
  let radix = 10;
  if (input.length >= 2 && (input.startsWith('0x') || input.startsWith('0X'))) {
    input = input.slice(2);
    radix = 16;
  } else if (input.length >= 2 && input[0] === '0') {
    input = input.slice(1);
    radix = 8;
  }
  if (input === '') return 0;
  const valid = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  if (!valid.test(input)) return NaN;
  return parseInt(input, radix);
}

function endsInANumber(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  if (last !== '' && /^[0-9]+$/.test(last)) return true;
  return !Number.isNaN(parseIPv4Number(last));
}

const FAILURE = Symbol('failure');

function parseIPv4(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  if (parts.length > 4) return FAILURE;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (Number.isNaN(n)) return FAILURE;
    numbers.push(n);
  }
  for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return FAILURE;
  if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return FAILURE;
  let ipv4 = numbers[numbers.length - 1];
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return ipv4;
}

function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = null;
  let pointer = 0;
  const at = (p) => input.charCodeAt(p);
  if (at(pointer) === 0x3a) {
    if (at(pointer + 1) !== 0x3a) return FAILURE;
    pointer += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (pointer < input.length) {
    if (pieceIndex === 8) return FAILURE;
    if (at(pointer) === 0x3a) {
      if (compress !== null) return FAILURE;
      pointer++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && pointer < input.length && isHexDigit(at(pointer))) {
      value = value * 0x10 + parseInt(input[pointer], 16);
      pointer++;
      length++;
    }
    if (at(pointer) === 0x2e) {
      if (length === 0) return FAILURE;
      pointer -= length;
      if (pieceIndex > 6) return FAILURE;
      let numbersSeen = 0;
      while (pointer < input.length) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (at(pointer) === 0x2e && numbersSeen < 4) pointer++;
          else return FAILURE;
        }
        if (!(at(pointer) >= 0x30 && at(pointer) <= 0x39)) return FAILURE;
        while (at(pointer) >= 0x30 && at(pointer) <= 0x39) {
          const number = at(pointer) - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return FAILURE;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return FAILURE;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return FAILURE;
      break;
    } else if (at(pointer) === 0x3a) {
      pointer++;
      if (pointer >= input.length) return FAILURE;
    } else if (pointer < input.length) {
      return FAILURE;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const tmp = address[compress + swaps - 1];
      address[compress + swaps - 1] = address[pieceIndex];
      address[pieceIndex] = tmp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return FAILURE;
  }
  return address;
}

function serializeIPv6(address) {
  // The longest run (two or more) of zero pieces is compressed to '::'.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (bestStart === i) {
      out += i === 0 ? '::' : ':';
      ignore0 = true;
      continue;
    }
    out += address[i].toString(16);
    if (i !== 7) out += ':';
  }
  return out;
}

function serializeIPv4(n) {
  const parts = [];
  for (let i = 0; i < 4; i++) {
    parts.unshift(String(n % 256));
    n = Math.floor(n / 256);
  }
  return parts.join('.');
}

function parseOpaqueHost(input) {
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (isForbiddenHost(c)) return FAILURE;
  }
  return percentEncode(input, C0);
}

// A host string (serialized) or FAILURE.
function parseHost(input, isNotSpecial) {
  if (input.startsWith('[')) {
    if (!input.endsWith(']')) return FAILURE;
    const address = parseIPv6(input.slice(1, -1));
    return address === FAILURE ? FAILURE : `[${serializeIPv6(address)}]`;
  }
  if (isNotSpecial) return parseOpaqueHost(input);
  const domain = percentDecodeString(input);
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === null || asciiDomain === '') return FAILURE;
  for (let i = 0; i < asciiDomain.length; i++) {
    if (isForbiddenDomain(asciiDomain.charCodeAt(i))) return FAILURE;
  }
  if (endsInANumber(asciiDomain)) {
    const ipv4 = parseIPv4(asciiDomain);
    return ipv4 === FAILURE ? FAILURE : serializeIPv4(ipv4);
  }
  return asciiDomain;
}

// ---- The basic URL parser ------------------------------------------------------------

const specialSchemes = { 'ftp': 21, 'file': null, 'http': 80, 'https': 443, 'ws': 80, 'wss': 443 };
const isSpecialScheme = (s) => Object.prototype.hasOwnProperty.call(specialSchemes, s);

const S = {
  SCHEME_START: 1, SCHEME: 2, NO_SCHEME: 3, SPECIAL_RELATIVE_OR_AUTHORITY: 4, PATH_OR_AUTHORITY: 5,
  RELATIVE: 6, RELATIVE_SLASH: 7, SPECIAL_AUTHORITY_SLASHES: 8, SPECIAL_AUTHORITY_IGNORE_SLASHES: 9,
  AUTHORITY: 10, HOST: 11, HOSTNAME: 12, PORT: 13, FILE: 14, FILE_SLASH: 15, FILE_HOST: 16,
  PATH_START: 17, PATH: 18, OPAQUE_PATH: 19, QUERY: 20, FRAGMENT: 21,
};

const isAlpha = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c) => c >= 0x30 && c <= 0x39;

function isWindowsDriveLetter(str, normalizedOnly = false) {
  return str.length === 2 && isAlpha(str.charCodeAt(0)) &&
    (str[1] === ':' || (!normalizedOnly && str[1] === '|'));
}

// `cps` is the input as an array of code points.
function startsWithWindowsDriveLetter(cps, pointer) {
  if (cps.length - pointer < 2) return false;
  if (!isAlpha(cps[pointer].codePointAt(0)) || (cps[pointer + 1] !== ':' && cps[pointer + 1] !== '|')) return false;
  if (cps.length - pointer === 2) return true;
  const c = cps[pointer + 2];
  return c === '/' || c === '\\' || c === '?' || c === '#';
}

function isSingleDot(s) {
  return s === '.' || s.toLowerCase() === '%2e';
}

function isDoubleDot(s) {
  const l = s.toLowerCase();
  return l === '..' || l === '.%2e' || l === '%2e.' || l === '%2e%2e';
}

function shortenPath(url) {
  const { path } = url;
  if (url.scheme === 'file' && path.length === 1 && isWindowsDriveLetter(path[0], true)) return;
  path.pop();
}

function newRecord() {
  return {
    scheme: '', username: '', password: '', host: null, port: null,
    path: [], opaquePath: null, query: null, fragment: null,
  };
}

// Parses `input` (relative to `baseRecord`) into a URL record, or returns
// FAILURE. With `url` and `stateOverride`, updates `url` in place as the
// setters need; returns FAILURE or undefined.
function basicParse(input, baseRecord, url, stateOverride) {
  if (!url) {
    url = newRecord();
    input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  }
  input = input.replace(/[\t\n\r]/g, '');
  let state = stateOverride || S.SCHEME_START;
  let buffer = '';
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  const cps = Array.from(input);
  let pointer = 0;
  for (; pointer <= cps.length; pointer++) {
    const ch = cps[pointer];
    const c = ch === undefined ? -1 : ch.codePointAt(0);
    switch (state) {
      case S.SCHEME_START:
        if (c !== -1 && isAlpha(c)) {
          buffer += ch.toLowerCase();
          state = S.SCHEME;
        } else if (!stateOverride) {
          state = S.NO_SCHEME;
          pointer--;
        } else {
          return FAILURE;
        }
        break;
      case S.SCHEME:
        if (c !== -1 && (isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e)) {
          buffer += ch.toLowerCase();
        } else if (c === 0x3a) {
          if (stateOverride) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return undefined;
            if ((url.username !== '' || url.password !== '' || url.port !== null) && buffer === 'file') return undefined;
            if (url.scheme === 'file' && url.host === '') return undefined;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === specialSchemes[url.scheme]) url.port = null;
            return undefined;
          }
          buffer = '';
          if (url.scheme === 'file') {
            state = S.FILE;
          } else if (isSpecialScheme(url.scheme) && baseRecord && baseRecord.scheme === url.scheme) {
            state = S.SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (isSpecialScheme(url.scheme)) {
            state = S.SPECIAL_AUTHORITY_SLASHES;
          } else if (cps[pointer + 1] === '/') {
            state = S.PATH_OR_AUTHORITY;
            pointer++;
          } else {
            url.opaquePath = '';
            state = S.OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = '';
          state = S.NO_SCHEME;
          pointer = -1;
        } else {
          return FAILURE;
        }
        break;
      case S.NO_SCHEME:
        if (!baseRecord || (baseRecord.opaquePath !== null && c !== 0x23)) return FAILURE;
        if (baseRecord.opaquePath !== null && c === 0x23) {
          url.scheme = baseRecord.scheme;
          url.path = baseRecord.path.slice();
          url.opaquePath = baseRecord.opaquePath;
          url.query = baseRecord.query;
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (baseRecord.scheme !== 'file') {
          state = S.RELATIVE;
          pointer--;
        } else {
          state = S.FILE;
          pointer--;
        }
        break;
      case S.SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === 0x2f && cps[pointer + 1] === '/') {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.RELATIVE;
          pointer--;
        }
        break;
      case S.PATH_OR_AUTHORITY:
        if (c === 0x2f) {
          state = S.AUTHORITY;
        } else {
          state = S.PATH;
          pointer--;
        }
        break;
      case S.RELATIVE:
        url.scheme = baseRecord.scheme;
        if (c === 0x2f) {
          state = S.RELATIVE_SLASH;
        } else if (isSpecialScheme(url.scheme) && c === 0x5c) {
          state = S.RELATIVE_SLASH;
        } else {
          url.username = baseRecord.username;
          url.password = baseRecord.password;
          url.host = baseRecord.host;
          url.port = baseRecord.port;
          url.path = baseRecord.path.slice();
          url.query = baseRecord.query;
          if (c === 0x3f) {
            url.query = '';
            state = S.QUERY;
          } else if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== -1) {
            url.query = null;
            shortenPath(url);
            state = S.PATH;
            pointer--;
          }
        }
        break;
      case S.RELATIVE_SLASH:
        if (isSpecialScheme(url.scheme) && (c === 0x2f || c === 0x5c)) {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === 0x2f) {
          state = S.AUTHORITY;
        } else {
          url.username = baseRecord.username;
          url.password = baseRecord.password;
          url.host = baseRecord.host;
          url.port = baseRecord.port;
          state = S.PATH;
          pointer--;
        }
        break;
      case S.SPECIAL_AUTHORITY_SLASHES:
        if (c === 0x2f && cps[pointer + 1] === '/') {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer++;
        } else {
          state = S.SPECIAL_AUTHORITY_IGNORE_SLASHES;
          pointer--;
        }
        break;
      case S.SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== 0x2f && c !== 0x5c) {
          state = S.AUTHORITY;
          pointer--;
        }
        break;
      case S.AUTHORITY:
        if (c === 0x40) {
          if (atSignSeen) buffer = `%40${buffer}`;
          atSignSeen = true;
          for (const cp of Array.from(buffer)) {
            if (cp === ':' && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = percentEncode(cp, USERINFO);
            if (passwordTokenSeen) url.password += encoded;
            else url.username += encoded;
          }
          buffer = '';
        } else if (c === -1 || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          if (atSignSeen && buffer === '') return FAILURE;
          pointer -= Array.from(buffer).length + 1;
          buffer = '';
          state = S.HOST;
        } else {
          buffer += ch;
        }
        break;
      case S.HOST:
      case S.HOSTNAME:
        if (stateOverride && url.scheme === 'file') {
          pointer--;
          state = S.FILE_HOST;
        } else if (c === 0x3a && !insideBrackets) {
          if (buffer === '') return FAILURE;
          if (stateOverride === S.HOSTNAME) return FAILURE;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === FAILURE) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PORT;
        } else if (c === -1 || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          pointer--;
          if (isSpecialScheme(url.scheme) && buffer === '') return FAILURE;
          if (stateOverride && buffer === '' && (url.username !== '' || url.password !== '' || url.port !== null)) {
            return undefined;
          }
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === FAILURE) return FAILURE;
          url.host = host;
          buffer = '';
          state = S.PATH_START;
          if (stateOverride) return undefined;
        } else {
          if (c === 0x5b) insideBrackets = true;
          if (c === 0x5d) insideBrackets = false;
          buffer += ch;
        }
        break;
      case S.PORT:
        if (c !== -1 && isDigit(c)) {
          buffer += ch;
        } else if (c === -1 || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c) ||
                   stateOverride) {
          if (buffer !== '') {
            const port = parseInt(buffer, 10);
            if (port > 65535) return FAILURE;
            url.port = port === specialSchemes[url.scheme] ? null : port;
            buffer = '';
          }
          if (stateOverride) return undefined;
          state = S.PATH_START;
          pointer--;
        } else {
          return FAILURE;
        }
        break;
      case S.FILE:
        url.scheme = 'file';
        url.host = '';
        if (c === 0x2f || c === 0x5c) {
          state = S.FILE_SLASH;
        } else if (baseRecord && baseRecord.scheme === 'file') {
          url.host = baseRecord.host;
          url.path = baseRecord.path.slice();
          url.query = baseRecord.query;
          if (c === 0x3f) {
            url.query = '';
            state = S.QUERY;
          } else if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          } else if (c !== -1) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, pointer)) shortenPath(url);
            else url.path = [];
            state = S.PATH;
            pointer--;
          }
        } else {
          state = S.PATH;
          pointer--;
        }
        break;
      case S.FILE_SLASH:
        if (c === 0x2f || c === 0x5c) {
          state = S.FILE_HOST;
        } else {
          if (baseRecord && baseRecord.scheme === 'file') {
            url.host = baseRecord.host;
            if (!startsWithWindowsDriveLetter(cps, pointer) &&
                baseRecord.path.length > 0 && isWindowsDriveLetter(baseRecord.path[0], true)) {
              url.path.push(baseRecord.path[0]);
            }
          }
          state = S.PATH;
          pointer--;
        }
        break;
      case S.FILE_HOST:
        if (c === -1 || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            state = S.PATH;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride) return undefined;
            state = S.PATH_START;
          } else {
            let host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === FAILURE) return FAILURE;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride) return undefined;
            buffer = '';
            state = S.PATH_START;
          }
        } else {
          buffer += ch;
        }
        break;
      case S.PATH_START:
        if (isSpecialScheme(url.scheme)) {
          state = S.PATH;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = '';
          state = S.QUERY;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== -1) {
          state = S.PATH;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride && url.host === null) {
          url.path.push('');
        }
        break;
      case S.PATH:
        if (c === -1 || c === 0x2f || (isSpecialScheme(url.scheme) && c === 0x5c) ||
            (!stateOverride && (c === 0x3f || c === 0x23))) {
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (c !== 0x2f && !(isSpecialScheme(url.scheme) && c === 0x5c)) url.path.push('');
          } else if (isSingleDot(buffer) && c !== 0x2f && !(isSpecialScheme(url.scheme) && c === 0x5c)) {
            url.path.push('');
          } else if (!isSingleDot(buffer)) {
            if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer)) {
              buffer = `${buffer[0]}:`;
            }
            url.path.push(buffer);
          }
          buffer = '';
          if (c === 0x3f) {
            url.query = '';
            state = S.QUERY;
          }
          if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else {
          buffer += percentEncode(ch, PATH);
        }
        break;
      case S.OPAQUE_PATH:
        if (c === 0x3f) {
          url.query = '';
          state = S.QUERY;
        } else if (c === 0x23) {
          url.fragment = '';
          state = S.FRAGMENT;
        } else if (c !== -1) {
          url.opaquePath += percentEncode(ch, C0);
        }
        break;
      case S.QUERY:
        if ((!stateOverride && c === 0x23) || c === -1) {
          const set = isSpecialScheme(url.scheme) ? SPECIAL_QUERY : QUERY;
          url.query += percentEncode(buffer, set);
          buffer = '';
          if (c === 0x23) {
            url.fragment = '';
            state = S.FRAGMENT;
          }
        } else if (c !== -1) {
          buffer += ch;
        }
        break;
      case S.FRAGMENT:
        if (c !== -1) url.fragment += percentEncode(ch, FRAGMENT);
        break;
      default:
        break;
    }
  }
  return stateOverride ? undefined : url;
}

function serializePath(url) {
  if (url.opaquePath !== null) return url.opaquePath;
  let out = '';
  for (const segment of url.path) out += `/${segment}`;
  return out;
}

function serializeURL(url, excludeFragment = false) {
  let out = `${url.scheme}:`;
  if (url.host !== null) {
    out += '//';
    if (url.username !== '' || url.password !== '') {
      out += url.username;
      if (url.password !== '') out += `:${url.password}`;
      out += '@';
    }
    out += url.host;
    if (url.port !== null) out += `:${url.port}`;
  }
  if (url.host === null && url.opaquePath === null && url.path.length > 1 && url.path[0] === '') out += '/.';
  out += serializePath(url);
  if (url.query !== null) out += `?${url.query}`;
  if (!excludeFragment && url.fragment !== null) out += `#${url.fragment}`;
  return out;
}

function serializeOrigin(url) {
  switch (url.scheme) {
    case 'blob': {
      const pathURL = basicParse(serializePath(url));
      if (pathURL !== FAILURE && (pathURL.scheme === 'http' || pathURL.scheme === 'https')) {
        return serializeOrigin(pathURL);
      }
      return 'null';
    }
    case 'ftp': case 'http': case 'https': case 'ws': case 'wss':
      return `${url.scheme}://${url.host}${url.port !== null ? `:${url.port}` : ''}`;
    default:
      return 'null';
  }
}

// ---- URLSearchParams -----------------------------------------------------------------

function parseUrlencoded(input) {
  const out = [];
  for (const sequence of input.split('&')) {
    if (sequence === '') continue;
    const eq = sequence.indexOf('=');
    let name = eq === -1 ? sequence : sequence.slice(0, eq);
    let value = eq === -1 ? '' : sequence.slice(eq + 1);
    name = percentDecodeString(name.replace(/\+/g, ' '));
    value = percentDecodeString(value.replace(/\+/g, ' '));
    out.push([name, value]);
  }
  return out;
}

function serializeUrlencoded(list) {
  return list.map(([name, value]) => `${percentEncode(name, FORM, true)}=${percentEncode(value, FORM, true)}`).join('&');
}

function toUSVString(v) {
  return `${v}`.toWellFormed();
}

const kList = Symbol('query');
const kURL = Symbol('context');

class URLSearchParams {
  constructor(init = undefined) {
    this[kList] = [];
    this[kURL] = null;
    if (init === undefined || init === null) {
      // Empty.
    } else if (typeof init === 'object' || typeof init === 'function') {
      const method = init[Symbol.iterator];
      if (method === this[Symbol.iterator] && init instanceof URLSearchParams) {
        this[kList] = init[kList].map((pair) => pair.slice());
      } else if (method != null) {
        if (typeof method !== 'function') throw new ERR_ARG_NOT_ITERABLE('Query pairs');
        for (const pair of init) {
          if (pair == null || (typeof pair !== 'object' && typeof pair !== 'function') ||
              typeof pair[Symbol.iterator] !== 'function') {
            throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
          }
          const items = Array.from(pair);
          if (items.length !== 2) throw new ERR_INVALID_TUPLE('Each query pair', '[name, value]');
          this[kList].push([toUSVString(items[0]), toUSVString(items[1])]);
        }
      } else {
        for (const key of Reflect.ownKeys(init)) {
          if (typeof key === 'string' && Object.prototype.propertyIsEnumerable.call(init, key)) {
            this[kList].push([toUSVString(key), toUSVString(init[key])]);
          }
        }
      }
    } else {
      let str = toUSVString(init);
      if (str[0] === '?') str = str.slice(1);
      this[kList] = parseUrlencoded(str);
    }
  }

  get size() {
    checkParams(this);
    return this[kList].length;
  }

  append(name, value) {
    checkParams(this);
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
    this[kList].push([toUSVString(name), toUSVString(value)]);
    update(this);
  }

  delete(name, value = undefined) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      this[kList] = this[kList].filter(([n, v]) => !(n === name && v === value));
    } else {
      this[kList] = this[kList].filter(([n]) => n !== name);
    }
    update(this);
  }

  get(name) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    const pair = this[kList].find(([n]) => n === name);
    return pair ? pair[1] : null;
  }

  getAll(name) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    return this[kList].filter(([n]) => n === name).map(([, v]) => v);
  }

  has(name, value = undefined) {
    checkParams(this);
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      return this[kList].some(([n, v]) => n === name && v === value);
    }
    return this[kList].some(([n]) => n === name);
  }

  set(name, value) {
    checkParams(this);
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('name', 'value');
    name = toUSVString(name);
    value = toUSVString(value);
    const list = this[kList];
    const index = list.findIndex(([n]) => n === name);
    if (index === -1) {
      list.push([name, value]);
    } else {
      list[index][1] = value;
      this[kList] = list.filter(([n], i) => n !== name || i <= index);
    }
    update(this);
  }

  sort() {
    checkParams(this);
    // Stable sort by UTF-16 code units of the names.
    this[kList] = this[kList]
      .map((pair, i) => [pair, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
      .map(([pair]) => pair);
    update(this);
  }

  forEach(callback, thisArg = undefined) {
    checkParams(this);
    if (typeof callback !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    for (let i = 0; i < this[kList].length; i++) {
      const [name, value] = this[kList][i];
      Reflect.apply(callback, thisArg, [value, name, this]);
    }
  }

  entries() {
    checkParams(this);
    return createIterator(this, 'key+value');
  }

  keys() {
    checkParams(this);
    return createIterator(this, 'key');
  }

  values() {
    checkParams(this);
    return createIterator(this, 'value');
  }

  toString() {
    checkParams(this);
    return serializeUrlencoded(this[kList]);
  }

  [customInspect](recurseTimes, ctx) {
    checkParams(this);
    if (typeof recurseTimes === 'number' && recurseTimes < 0) return ctx.stylize('[Object]', 'special');
    const { inspect } = require('internal/util/inspect');
    const separator = ', ';
    const innerOpts = { ...ctx };
    if (recurseTimes !== null) innerOpts.depth = recurseTimes - 1;
    const innerInspect = (v) => inspect(v, innerOpts);
    const list = this[kList];
    const output = list.map(([k, v]) => `${innerInspect(k)} => ${innerInspect(v)}`);
    const length = output.reduce((prev, cur) => prev + cur.length + separator.length, -separator.length);
    if (length > ctx.breakLength) {
      return `${this.constructor.name} {\n  ${output.join(',\n  ')} }`;
    } else if (output.length) {
      return `${this.constructor.name} { ${output.join(separator)} }`;
    }
    return `${this.constructor.name} {}`;
  }
}

URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
Object.defineProperties(URLSearchParams.prototype, {
  [Symbol.toStringTag]: { configurable: true, value: 'URLSearchParams' },
  size: { enumerable: true },
  append: { enumerable: true },
  delete: { enumerable: true },
  get: { enumerable: true },
  getAll: { enumerable: true },
  has: { enumerable: true },
  set: { enumerable: true },
  sort: { enumerable: true },
  entries: { enumerable: true },
  forEach: { enumerable: true },
  keys: { enumerable: true },
  values: { enumerable: true },
  toString: { enumerable: true },
});

function checkParams(self) {
  if (self == null || !(kList in self)) throw new ERR_INVALID_THIS('URLSearchParams');
}

function update(params) {
  const url = params[kURL];
  if (!url) return;
  const serialized = serializeUrlencoded(params[kList]);
  url[kRecord].query = serialized === '' ? null : serialized;
}

const URLSearchParamsIteratorPrototype = Object.create(
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
    next: {
      value() {
        const { target, kind, index } = this;
        const list = target[kList];
        if (index >= list.length) return { value: undefined, done: true };
        this.index = index + 1;
        const [name, value] = list[index];
        return { value: kind === 'key' ? name : kind === 'value' ? value : [name, value], done: false };
      },
      writable: true, configurable: true, enumerable: true,
    },
    [Symbol.toStringTag]: { value: 'URLSearchParams Iterator', configurable: true },
  });

function createIterator(target, kind) {
  const it = Object.create(URLSearchParamsIteratorPrototype);
  it.target = target;
  it.kind = kind;
  it.index = 0;
  return it;
}

// ---- URL ----------------------------------------------------------------------------------

const kRecord = Symbol('record');
const kSearchParams = Symbol('searchParams');

function parseOrThrow(input, base) {
  let baseRecord = null;
  if (base !== undefined) {
    baseRecord = basicParse(`${base}`);
    if (baseRecord === FAILURE) throw invalidURL(`${input}`, `${base}`);
  }
  const record = basicParse(`${input}`, baseRecord);
  if (record === FAILURE) throw invalidURL(`${input}`, base !== undefined ? `${base}` : null);
  return record;
}

function isURLThis(self) {
  return self != null && self[kRecord] !== undefined;
}

class URL {
  constructor(input, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    input = toUSVString(input);
    if (base !== undefined) base = toUSVString(base);
    this[kRecord] = parseOrThrow(input, base);
    this[kSearchParams] = undefined;
  }

  static canParse(url, base = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('url');
    try {
      parseOrThrow(toUSVString(url), base !== undefined ? toUSVString(base) : undefined);
      return true;
    } catch {
      return false;
    }
  }

  get href() {
    checkURL(this);
    return serializeURL(this[kRecord]);
  }

  set href(value) {
    checkURL(this);
    const record = parseOrThrow(toUSVString(value));
    this[kRecord] = record;
    syncSearchParams(this);
  }

  get origin() {
    checkURL(this);
    return serializeOrigin(this[kRecord]);
  }

  get protocol() {
    checkURL(this);
    return `${this[kRecord].scheme}:`;
  }

  set protocol(value) {
    checkURL(this);
    basicParse(`${toUSVString(value)}:`, null, this[kRecord], S.SCHEME_START);
  }

  get username() {
    checkURL(this);
    return this[kRecord].username;
  }

  set username(value) {
    checkURL(this);
    const url = this[kRecord];
    if (cannotHaveCredentialsOrPort(url)) return;
    url.username = percentEncode(toUSVString(value), USERINFO);
  }

  get password() {
    checkURL(this);
    return this[kRecord].password;
  }

  set password(value) {
    checkURL(this);
    const url = this[kRecord];
    if (cannotHaveCredentialsOrPort(url)) return;
    url.password = percentEncode(toUSVString(value), USERINFO);
  }

  get host() {
    checkURL(this);
    const url = this[kRecord];
    if (url.host === null) return '';
    return url.port === null ? url.host : `${url.host}:${url.port}`;
  }

  set host(value) {
    checkURL(this);
    const url = this[kRecord];
    if (url.opaquePath !== null) return;
    // Per the standard the parser updates the record as it goes: a valid
    // host with an invalid port still changes the host.
    basicParse(toUSVString(value), null, url, S.HOST);
  }

  get hostname() {
    checkURL(this);
    return this[kRecord].host ?? '';
  }

  set hostname(value) {
    checkURL(this);
    const url = this[kRecord];
    if (url.opaquePath !== null) return;
    basicParse(toUSVString(value), null, url, S.HOSTNAME);
  }

  get port() {
    checkURL(this);
    const { port } = this[kRecord];
    return port === null ? '' : String(port);
  }

  set port(value) {
    checkURL(this);
    const url = this[kRecord];
    if (cannotHaveCredentialsOrPort(url)) return;
    value = toUSVString(value);
    if (value === '') {
      url.port = null;
    } else {
      basicParse(value, null, url, S.PORT);
    }
  }

  get pathname() {
    checkURL(this);
    return serializePath(this[kRecord]);
  }

  set pathname(value) {
    checkURL(this);
    const url = this[kRecord];
    if (url.opaquePath !== null) return;
    url.path = [];
    basicParse(toUSVString(value), null, url, S.PATH_START);
  }

  get search() {
    checkURL(this);
    const { query } = this[kRecord];
    return query === null || query === '' ? '' : `?${query}`;
  }

  set search(value) {
    checkURL(this);
    const url = this[kRecord];
    value = toUSVString(value);
    if (value === '') {
      url.query = null;
    } else {
      const input = value[0] === '?' ? value.slice(1) : value;
      url.query = '';
      basicParse(input, null, url, S.QUERY);
    }
    syncSearchParams(this);
  }

  get searchParams() {
    checkURL(this);
    if (this[kSearchParams] === undefined) {
      const params = new URLSearchParams(this[kRecord].query ?? '');
      params[kURL] = this;
      this[kSearchParams] = params;
    }
    return this[kSearchParams];
  }

  get hash() {
    checkURL(this);
    const { fragment } = this[kRecord];
    return fragment === null || fragment === '' ? '' : `#${fragment}`;
  }

  set hash(value) {
    checkURL(this);
    const url = this[kRecord];
    value = toUSVString(value);
    if (value === '') {
      url.fragment = null;
      return;
    }
    const input = value[0] === '#' ? value.slice(1) : value;
    url.fragment = '';
    basicParse(input, null, url, S.FRAGMENT);
  }

  toString() {
    checkURL(this);
    return this.href;
  }

  toJSON() {
    checkURL(this);
    return this.href;
  }

  [customInspect](depth, opts) {
    if (typeof depth === 'number' && depth < 0) return this;
    const { inspect } = require('internal/util/inspect');
    const obj = {
      __proto__: { constructor: URL },
      href: this.href,
      origin: this.origin,
      protocol: this.protocol,
      username: this.username,
      password: this.password,
      host: this.host,
      hostname: this.hostname,
      port: this.port,
      pathname: this.pathname,
      search: this.search,
      searchParams: this.searchParams,
      hash: this.hash,
    };
    if (opts.showHidden) obj[kRecord] = this[kRecord];
    return `${this.constructor.name} ${inspect(obj, opts)}`;
  }
}

function checkURL(self) {
  if (!isURLThis(self)) throw new ERR_INVALID_THIS('URL');
}

function cannotHaveCredentialsOrPort(url) {
  return url.host === null || url.host === '' || url.scheme === 'file';
}

function syncSearchParams(url) {
  const params = url[kSearchParams];
  if (params) params[kList] = parseUrlencoded(url[kRecord].query ?? '');
}

const urlKeys = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname',
  'search', 'searchParams', 'hash', 'toString', 'toJSON'];
for (const key of urlKeys) {
  const desc = Object.getOwnPropertyDescriptor(URL.prototype, key);
  Object.defineProperty(URL.prototype, key, { ...desc, enumerable: true });
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { configurable: true, value: 'URL' });
Object.defineProperty(URL, 'canParse', { enumerable: true });

module.exports = {
  URL,
  URLSearchParams,
  domainToASCII: (domain) => {
    const r = parseHost(`${domain}`, false);
    return r === FAILURE ? '' : r;
  },
  domainToUnicode: (domain) => {
    const r = parseHost(`${domain}`, false);
    return r === FAILURE ? '' : domainToUnicode(r);
  },
  isURL(self) {
    return isURLThis(self);
  },
  punycode: { encode: punycodeEncode, decode: punycodeDecode },
  percentEncodeForPath: (s) => percentEncode(s, PATH),
  kRecord,
};
