'use strict';

// node:util

const {
  codes: {
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
  },
  exceptionWithHostPort,
  uvException,
} = require('internal/errors');
const {
  inspect,
  format,
  formatWithOptions,
  stripVTControlCharacters,
} = require('internal/util/inspect');
const types = require('internal/util/types');
const { isDeepStrictEqual } = require('internal/util/comparisons');
const { shouldColorize } = require('internal/util/colors');
const {
  callbackify,
  deprecate,
  promisify,
} = require('internal/util');
const { validateString, validateFunction } = require('internal/validators');
const { parseArgs } = require('internal/util/parse_args');
const { getSystemErrorMap, uvErrmapGet } = require('internal/uv_errors');

// `getCallSites(frameCount = 10, options)`: the caller's frames, newest
// first, read from V8's structured stack trace.
function getCallSites(frameCount = 10, options) {
  if (frameCount !== null && typeof frameCount === 'object') {
    options = frameCount;
    frameCount = 10;
  }
  if (typeof frameCount !== 'number' || !Number.isInteger(frameCount) || frameCount < 1 || frameCount > 200) {
    throw new (require('internal/errors').codes.ERR_OUT_OF_RANGE)('frameCount', '>= 1 && <= 200', frameCount);
  }
  const holder = {};
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_, frames) => frames;
  Error.stackTraceLimit = frameCount;
  Error.captureStackTrace(holder, getCallSites);
  const frames = holder.stack;
  Error.prepareStackTrace = prepare;
  Error.stackTraceLimit = limit;
  if (!Array.isArray(frames)) return [];
  return frames.map((f) => ({
    functionName: f.getFunctionName() ?? '',
    scriptId: String(typeof f.getScriptId === 'function' ? f.getScriptId() : 0),
    scriptName: f.getFileName() ?? '',
    lineNumber: f.getLineNumber() ?? 0,
    columnNumber: f.getColumnNumber() ?? 0,
    column: f.getColumnNumber() ?? 0,
  }));
}

function getSystemErrorName(err) {
  if (typeof err !== 'number') throw new ERR_INVALID_ARG_TYPE('err', 'number', err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    const { codes: { ERR_OUT_OF_RANGE } } = require('internal/errors');
    throw new ERR_OUT_OF_RANGE('err', 'a negative integer', err);
  }
  const entry = uvErrmapGet(err);
  return entry ? entry[0] : `Unknown system error ${err}`;
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) {
    throw new ERR_INVALID_ARG_TYPE('ctor', 'Function', ctor);
  }
  if (superCtor === undefined || superCtor === null) {
    throw new ERR_INVALID_ARG_TYPE('superCtor', 'Function', superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw new ERR_INVALID_ARG_TYPE('superCtor.prototype', 'Object', superCtor.prototype);
  }
  Object.defineProperty(ctor, 'super_', {
    __proto__: null, value: superCtor, writable: true, configurable: true,
  });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  validateString(text, 'text');
  // Node 24 lists the aliases (`grey`, `faint`, …) too.
  const names = Object.getOwnPropertyNames(inspect.colors);
  const check = (key) => {
    if (!Object.prototype.hasOwnProperty.call(inspect.colors, key)) {
      throw new ERR_INVALID_ARG_VALUE('format', key,
        `must be one of: ${names.map((n) => `'${n}'`).join(', ')}`);
    }
  };
  // One format or an array of them; either follows the stream (Node 24).
  const formats = Array.isArray(format) ? format : [format];
  for (const key of formats) check(key);
  if (validateStream) {
    if (stream === null || typeof stream !== 'object' ||
        (typeof stream.write !== 'function' && typeof stream.getReader !== 'function')) {
      throw new ERR_INVALID_ARG_TYPE('stream', ['ReadableStream', 'WritableStream', 'Stream'], stream);
    }
    if (!shouldColorize(stream)) return text;
  }
  let left = '';
  let right = '';
  for (const key of formats) {
    const code = inspect.colors[key];
    left += `\u001b[${code[0]}m`;
    right = `\u001b[${code[1]}m${right}`;
  }
  return `${left}${text}${right}`;
}

// util.debuglog(section): logs to stderr when NODE_DEBUG names the section
// (comma-separated, `*` wildcards), as `SECTION <pid>: message`.
let debugPattern;
function debugEnabled(section) {
  if (debugPattern === undefined) {
    const value = process.env.NODE_DEBUG || '';
    const escaped = value.replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*').replace(/,/g, '$|^');
    debugPattern = value === '' ? null : new RegExp(`^${escaped}$`, 'i');
  }
  return debugPattern !== null && debugPattern.test(section);
}

function debuglog(set, cb) {
  const section = set.toUpperCase();
  let enabled;
  let impl;
  const resolve = () => {
    if (impl === undefined) {
      enabled = debugEnabled(section);
      impl = enabled ?
        (...args) => process.stderr.write(`${section} ${process.pid}: ${format(...args)}\n`) :
        () => {};
      if (typeof cb === 'function') cb(impl);
    }
    return impl;
  };
  const logger = (...args) => Reflect.apply(resolve(), undefined, args);
  Object.defineProperty(logger, 'enabled', {
    get() {
      resolve();
      return enabled;
    },
    configurable: true,
    enumerable: true,
  });
  return logger;
}

function pad(n) {
  return n.toString().padStart(2, '0');
}
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function log(...args) {
  const d = new Date();
  const time = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())].join(':');
  process.stdout.write(`${d.getDate()} ${months[d.getMonth()]} ${time} - ${format(...args)}\n`);
}

function toUSVString(input) {
  return String(input).toWellFormed();
}

function isError(e) {
  return types.isNativeError(e) || e instanceof Error;
}

function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = Object.keys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

async function aborted(signal, resource) {
  if (signal === undefined) throw new ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal);
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    throw new ERR_INVALID_ARG_TYPE('resource', 'Object', resource);
  }
  if (signal.aborted) return;
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
}

// Node 20 only documents the deprecation of the util.is* helpers, _extend
// and log: they do not warn at run time.
module.exports = {
  _errnoException: uvException,
  _exceptionWithHostPort: exceptionWithHostPort,
  _extend,
  callbackify,
  debug: debuglog,
  debuglog,
  deprecate,
  format,
  getSystemErrorMap,
  getCallSites,
  getSystemErrorName,
  styleText,
  formatWithOptions,
  inherits,
  inspect,
  isArray: Array.isArray,
  isBoolean: (arg) => typeof arg === 'boolean',
  isBuffer: (arg) => types.isUint8Array(arg) && typeof arg.readUInt8 === 'function',
  isDeepStrictEqual,
  isNull: (arg) => arg === null,
  isNullOrUndefined: (arg) => arg === null || arg === undefined,
  isNumber: (arg) => typeof arg === 'number',
  isString: (arg) => typeof arg === 'string',
  isSymbol: (arg) => typeof arg === 'symbol',
  isUndefined: (arg) => arg === undefined,
  isRegExp: types.isRegExp,
  isObject: (arg) => arg !== null && typeof arg === 'object',
  isDate: types.isDate,
  isError: isError,
  isFunction: (arg) => typeof arg === 'function',
  isPrimitive: (arg) => arg === null || (typeof arg !== 'object' && typeof arg !== 'function'),
  log,
  parseArgs,
  promisify,
  stripVTControlCharacters,
  toUSVString,
  aborted,
  types,
};

// TextEncoder/TextDecoder: the globals of the runtime, read on access (the
// bootstrap defines them after this module is evaluated), as Node's lazy
// accessors do.
for (const name of ['TextEncoder', 'TextDecoder']) {
  let override;
  Object.defineProperty(module.exports, name, {
    __proto__: null,
    get() { return override ?? globalThis[name]; },
    set(value) { override = value; },
    enumerable: true,
    configurable: true,
  });
}
void validateFunction;
