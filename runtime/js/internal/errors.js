'use strict';

// Node's error machinery: one class per `ERR_*` code, each a subclass of the
// built-in error it extends (TypeError, RangeError, …) with an enumerable
// `code` property and a stack whose first line reads `TypeError [ERR_X]: …`.

const {
  Error: ErrorCtor,
  TypeError: TypeErrorCtor,
  RangeError: RangeErrorCtor,
  SyntaxError: SyntaxErrorCtor,
  URIError: URIErrorCtor,
  ObjectDefineProperty,
  ArrayIsArray,
  NumberIsInteger,
  JSONStringify,
  SymbolFor,
} = {
  Error, TypeError, RangeError, SyntaxError, URIError,
  ObjectDefineProperty: Object.defineProperty,
  ArrayIsArray: Array.isArray,
  NumberIsInteger: Number.isInteger,
  JSONStringify: JSON.stringify,
  SymbolFor: Symbol.for,
};

const kIsNodeError = Symbol('kIsNodeError');
const kNoOverride = Symbol('kNoOverride');

const messages = new Map();
const codes = {};

let inspectModule;
function lazyInspect() {
  if (inspectModule === undefined) inspectModule = require('internal/util/inspect');
  return inspectModule;
}
function inspect(value, opts) {
  return lazyInspect().inspect(value, opts);
}

// Format a template message: `%s`, `%d`, `%i`, `%j` and `%%` as in util.format.
function formatTemplate(template, args) {
  let i = 0;
  let out = '';
  let last = 0;
  for (let p = 0; p < template.length - 1; p++) {
    if (template[p] !== '%') continue;
    const c = template[p + 1];
    let piece;
    if (c === '%') piece = '%';
    else if (i < args.length && (c === 's' || c === 'd' || c === 'i' || c === 'j')) {
      const a = args[i++];
      if (c === 's') piece = typeof a === 'string' ? a : (typeof a === 'object' && a !== null ? inspect(a, { depth: 0, colors: false }) : String(a));
      else if (c === 'd') piece = typeof a === 'bigint' ? `${a}n` : String(Number(a));
      else if (c === 'i') piece = typeof a === 'bigint' ? `${a}n` : String(parseInt(a));
      else piece = JSONStringify(a);
    } else continue;
    out += template.slice(last, p) + piece;
    last = p + 2;
    p++;
  }
  return out + template.slice(last);
}

function countPlaceholders(template) {
  let n = 0;
  for (let p = 0; p < template.length - 1; p++) {
    if (template[p] === '%') {
      const c = template[p + 1];
      if (c === '%') { p++; continue; }
      if (c === 's' || c === 'd' || c === 'i' || c === 'j') n++;
    }
  }
  return n;
}

function getMessage(key, args, self) {
  const msg = messages.get(key);
  if (typeof msg === 'function') {
    return Reflect.apply(msg, self, args);
  }
  const expected = countPlaceholders(msg);
  if (args.length !== expected) {
    throw new ErrorCtor(`Code: ${key}; The provided arguments length (${args.length}) ` +
      `does not match the required ones (${expected}).`);
  }
  if (args.length === 0) return msg;
  return formatTemplate(msg, args);
}

// Make `stack` start with `Name [CODE]: message`. V8 15 fixes the header
// from the message the error was constructed with (V8 11 formats it when
// `stack` is first read), so the stack comes from a stand-in error made with
// the final message and the temporary name, captured here; frames from
// `ctor` inward (the error machinery) are left out.
function captureStackWithCode(err, code, ctor) {
  const standIn = new ErrorCtor(err.message);
  ObjectDefineProperty(standIn, 'name', {
    value: `${err.name} [${code}]`, enumerable: false, writable: true, configurable: true,
  });
  if (typeof ErrorCtor.captureStackTrace === 'function') ErrorCtor.captureStackTrace(standIn, ctor);
  ObjectDefineProperty(err, 'stack', {
    value: standIn.stack, enumerable: false, writable: true, configurable: true,
  });
}

function makeNodeErrorWithCode(Base, key) {
  function NodeError(...args) {
    const limit = ErrorCtor.stackTraceLimit;
    const error = new Base();
    ObjectDefineProperty(error, 'code', {
      value: key, enumerable: true, writable: true, configurable: true,
    });
    // Message functions may add properties (errno, host, …) after `code`.
    const message = getMessage(key, args, error);
    ObjectDefineProperty(error, 'message', {
      value: message, enumerable: false, writable: true, configurable: true,
    });
    Object.setPrototypeOf(error, new.target ? new.target.prototype : NodeError.prototype);
    void limit;
    captureStackWithCode(error, key, new.target || NodeError);
    return error;
  }
  NodeError.prototype = Object.create(Base.prototype, {
    constructor: { value: Base, enumerable: false, writable: true, configurable: true },
    toString: {
      value() { return `${this.name} [${key}]: ${this.message}`; },
      enumerable: false, writable: true, configurable: true,
    },
    [kIsNodeError]: { value: true, enumerable: false, writable: false, configurable: true },
  });
  Object.setPrototypeOf(NodeError, Base);
  return NodeError;
}

// A NodeError of class `code` (any registered code) whose message is given
// as it is, for callers that phrase Node's message themselves: the same
// class, enumerable `code` and `Name [CODE]: message` stack header.
function nodeErrorWithMessage(code, message, ctor = nodeErrorWithMessage) {
  const NodeError = codes[code];
  const Base = Object.getPrototypeOf(NodeError);
  const error = new Base(message);
  ObjectDefineProperty(error, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  Object.setPrototypeOf(error, NodeError.prototype);
  captureStackWithCode(error, code, ctor);
  return error;
}

// An error as Node's C++ throws it: the plain built-in error with a `code`
// property, which the stack's first line does not show.
function nativeErrorWithCode(Base, code, message, ctor = nativeErrorWithCode) {
  const error = new Base(message);
  error.code = code;
  ErrorCtor.captureStackTrace(error, ctor);
  return error;
}

// Errors whose stack header is produced before the message exists: the
// message is filled in place, then the stack formatted.
function hideInternalStackFrames(error) {
  return error;
}

const kTypes = [
  'string', 'function', 'number', 'object',
  // Accept 'Function' and 'Object' as alternative to the lower cased version.
  'Function', 'Object', 'boolean', 'bigint', 'symbol',
];
const classRegExp = /^([A-Z][a-z0-9]*)+$/;

function joinList(items, word) {
  if (items.length > 2) return `${items.slice(0, -1).join(', ')}, ${word} ${items[items.length - 1]}`;
  if (items.length === 2) return `${items[0]} ${word} ${items[1]}`;
  return `${items[0]}`;
}

function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) {
    res = `_${val.slice(i - 3, i)}${res}`;
  }
  return `${val.slice(0, i)}${res}`;
}

// "type string ('abc')", "an instance of Foo", "function bar", "null", …
function determineSpecificType(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  const type = typeof value;
  if (type === 'function') return `function ${value.name}`;
  if (type === 'object') {
    const ctor = value.constructor;
    if (ctor && ctor.name) return `an instance of ${ctor.name}`;
    return `${inspect(value, { depth: -1 })}`;
  }
  let inspected;
  if (type === 'string') {
    inspected = inspect(value.length > 28 ? `${value.slice(0, 25)}...` : value, { colors: false });
  } else {
    inspected = inspect(value, { colors: false });
    if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
  }
  return `type ${type} (${inspected})`;
}

function E(sym, val, def, ...otherClasses) {
  messages.set(sym, val);
  const NodeError = makeNodeErrorWithCode(def, sym);
  for (const clazz of otherClasses) {
    NodeError[clazz.name] = makeNodeErrorWithCode(clazz, sym);
  }
  codes[sym] = NodeError;
}

// ---- SystemError ---------------------------------------------------------

// A libuv-style failure: `A system error occurred: <syscall> returned <code>
// (<message>) <path> => <dest>` with the context under `info`.
class SystemError extends ErrorCtor {
  constructor(key, context) {
    super();
    let message = `${messages.get(key)}: ${context.syscall} returned ` +
      `${context.code} (${context.message})`;
    if (context.path !== undefined) message += ` ${context.path}`;
    if (context.dest !== undefined) message += ` => ${context.dest}`;
    ObjectDefineProperty(this, 'message', {
      value: message, enumerable: false, writable: true, configurable: true,
    });
    captureStackWithCode(this, key, new.target);
    this.code = key;
    ObjectDefineProperty(this, 'info', {
      value: context, enumerable: true, configurable: true, writable: false,
    });
    const accessor = (prop, toBuffer) => ({
      get() { return context[prop]; },
      set(value) { context[prop] = value; },
      enumerable: true, configurable: true,
    });
    ObjectDefineProperty(this, 'errno', accessor('errno'));
    ObjectDefineProperty(this, 'syscall', accessor('syscall'));
    if (context.path !== undefined) ObjectDefineProperty(this, 'path', accessor('path'));
    if (context.dest !== undefined) ObjectDefineProperty(this, 'dest', accessor('dest'));
  }

  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
ObjectDefineProperty(SystemError.prototype, 'name', {
  value: 'SystemError', enumerable: false, writable: true, configurable: true,
});

function makeSystemErrorWithCode(key) {
  return class NodeError extends SystemError {
    constructor(ctx) {
      super(key, ctx);
    }
  };
}

function ES(sym, val) {
  messages.set(sym, val);
  codes[sym] = makeSystemErrorWithCode(sym);
}

// ---- Errors without an ERR_ code class ----------------------------------

class AbortError extends ErrorCtor {
  constructor(message = 'The operation was aborted', options = undefined) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new codes.ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}

// The error Node throws for a rejection whose reason is not an Error.
// V8's side-effect-free string of a value (`#<Object>`), as Node's.
function noSideEffectsToString(value) {
  return internalBinding('util').noSideEffectsToString(value);
}

class UnhandledPromiseRejection extends ErrorCtor {
  constructor(reason) {
    super('This error originated either by throwing inside of an async ' +
      'function without a catch block, or by rejecting a promise which was ' +
      `not handled with .catch(). The promise rejected with the reason "${
        noSideEffectsToString(reason)}".`);
    this.code = 'ERR_UNHANDLED_REJECTION';
  }
}
ObjectDefineProperty(UnhandledPromiseRejection.prototype, 'name', {
  value: 'UnhandledPromiseRejection', enumerable: false, writable: true, configurable: true,
});

// Node's ErrnoException: `<syscall> <CODE>` (then `original`), with errno
// (negative), code and syscall, for calls that are not about a file
// (`kill ESRCH`, `write EPIPE`).
function errnoException(errno, syscall, original) {
  const entry = require('internal/uv_errors').uvErrmapGet(errno);
  const code = entry ? entry[0] : `Unknown system error ${errno}`;
  const err = new Error(original ? `${syscall} ${code} ${original}` : `${syscall} ${code}`);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  Error.captureStackTrace(err, errnoException);
  return err;
}

// Errors from a failed system call: `ENOENT: no such file or directory,
// open '/x'` with errno, code, syscall, path and dest properties. `ctx`
// holds errno (negative, libuv style) and syscall, optionally path, dest,
// and a code/message overriding the ones libuv gives the errno.
function uvException(ctx) {
  const entry = require('internal/uv_errors').uvErrmapGet(ctx.errno);
  const code = ctx.code || (entry ? entry[0] : 'UNKNOWN');
  const uvmsg = entry ? entry[1] : 'unknown error';
  let message = `${code}: ${ctx.message || uvmsg}, ${ctx.syscall}`;
  let path;
  let dest;
  if (ctx.path !== undefined) {
    path = String(ctx.path);
    message += ` '${path}'`;
  }
  if (ctx.dest !== undefined) {
    dest = String(ctx.dest);
    message += ` -> '${dest}'`;
  }
  const err = new ErrorCtor(message);
  // errno, code, syscall first, in Node's order; then anything else given.
  err.errno = ctx.errno;
  err.code = code;
  err.syscall = ctx.syscall;
  for (const prop of Object.keys(ctx)) {
    if (prop === 'message' || prop === 'path' || prop === 'dest' || prop === 'errno' ||
        prop === 'code' || prop === 'syscall') {
      continue;
    }
    err[prop] = ctx[prop];
  }
  if (path) err.path = path;
  if (dest) err.dest = dest;
  return err;
}

// `connect ECONNREFUSED 127.0.0.1:80`, with errno, code, syscall, address, port.
function exceptionWithHostPort(errno, code, syscall, address, port, additional) {
  let details = '';
  if (port && port > 0) details = ` ${address}:${port}`;
  else if (address) details = ` ${address}`;
  if (additional) details += ` - Local (${additional})`;
  const ex = new ErrorCtor(`${syscall} ${code}${details}`);
  ex.errno = errno;
  ex.code = code;
  ex.syscall = syscall;
  ex.address = address;
  if (port) ex.port = port;
  return ex;
}

function hideStackFrames(fn) {
  return fn;
}

// Returns `innerError` if `outerError` is null, otherwise an AggregateError
// holding both, as Node does when destroy() and a callback both fail.
function aggregateTwoErrors(innerError, outerError) {
  if (innerError && outerError && innerError !== outerError) {
    if (ArrayIsArray(outerError.errors)) {
      outerError.errors.push(innerError);
      return outerError;
    }
    // eslint-disable-next-line no-undef
    const err = new AggregateError([outerError, innerError], outerError.message);
    err.code = outerError.code;
    return err;
  }
  return innerError || outerError;
}

function genericNodeError(message, errorProperties) {
  const err = new ErrorCtor(message);
  Object.assign(err, errorProperties);
  return err;
}

function isErrorStackTraceLimitWritable() {
  const desc = Object.getOwnPropertyDescriptor(ErrorCtor, 'stackTraceLimit');
  if (desc === undefined) return Object.isExtensible(ErrorCtor);
  return desc.writable === true || desc.set !== undefined;
}

// ---- The codes -----------------------------------------------------------

E('ERR_ACCESS_DENIED', '%s', ErrorCtor);
E('ERR_AMBIGUOUS_ARGUMENT', 'The "%s" argument is ambiguous. %s', TypeErrorCtor);
E('ERR_ARG_NOT_ITERABLE', '%s must be iterable', TypeErrorCtor);
E('ERR_ASSERTION', '%s', ErrorCtor);
E('ERR_ASYNC_CALLBACK', '%s must be a function', TypeErrorCtor);
E('ERR_ASYNC_TYPE', 'Invalid name for async "type": %s', TypeErrorCtor);
E('ERR_BROTLI_INVALID_PARAM', '%s is not a valid Brotli parameter', RangeErrorCtor);
E('ERR_BUFFER_OUT_OF_BOUNDS', function(name = undefined) {
  if (name) return `"${name}" is outside of buffer bounds`;
  return 'Attempt to access memory outside buffer bounds';
}, RangeErrorCtor);
E('ERR_BUFFER_TOO_LARGE', 'Cannot create a Buffer larger than %s bytes', RangeErrorCtor);
E('ERR_CANNOT_WATCH_SIGINT', 'Cannot watch for SIGINT signals', ErrorCtor);
E('ERR_CHILD_CLOSED_BEFORE_REPLY', 'Child closed before reply received', ErrorCtor);
E('ERR_CHILD_PROCESS_IPC_REQUIRED', "Forked processes must have an IPC channel, missing value 'ipc' in %s", ErrorCtor);
E('ERR_CHILD_PROCESS_STDIO_MAXBUFFER', '%s maxBuffer length exceeded', RangeErrorCtor);
E('ERR_CONSOLE_WRITABLE_STREAM', 'Console expects a writable stream instance for %s', TypeErrorCtor);
E('ERR_CONTEXT_NOT_INITIALIZED', 'context used is not initialized', ErrorCtor);
E('ERR_CRYPTO_HASH_FINALIZED', 'Digest already called', ErrorCtor);
E('ERR_CRYPTO_HASH_UPDATE_FAILED', 'Hash update failed', ErrorCtor);
E('ERR_CRYPTO_INVALID_DIGEST', 'Invalid digest: %s', TypeErrorCtor);
E('ERR_CRYPTO_INCOMPATIBLE_KEY', 'Incompatible %s: %s', ErrorCtor);
E('ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', 'The selected key encoding %s %s.', ErrorCtor);
E('ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name', TypeErrorCtor);
E('ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'Invalid key object type %s, expected %s.', TypeErrorCtor);
E('ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length', RangeErrorCtor);
E('ERR_CRYPTO_OPERATION_FAILED', '%s', ErrorCtor);
E('ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation %s', ErrorCtor);
E('ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign', ErrorCtor);
E('ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length', RangeErrorCtor);
E('ERR_DIR_CLOSED', 'Directory handle was closed', ErrorCtor);
E('ERR_DIR_CONCURRENT_OPERATION', 'Cannot do synchronous work on directory handle with concurrent asynchronous operations', ErrorCtor);
E('ERR_ENCODING_INVALID_ENCODED_DATA', function(encoding, ret) {
  this.errno = ret;
  return `The encoded data was not valid for encoding ${encoding}`;
}, TypeErrorCtor);
E('ERR_ENCODING_NOT_SUPPORTED', 'The "%s" encoding is not supported', RangeErrorCtor);
E('ERR_EVAL_ESM_CANNOT_PRINT', '--print cannot be used with ESM input', ErrorCtor);
E('ERR_EVENT_RECURSION', 'The event "%s" is already being dispatched', ErrorCtor);
E('ERR_FALSY_VALUE_REJECTION', function(reason) {
  this.reason = reason;
  return 'Promise was rejected with falsy value';
}, ErrorCtor);
E('ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'The feature %s is unavailable on the current platform, which is being used to run Node.js', TypeErrorCtor);
E('ERR_FS_FILE_TOO_LARGE', 'File size (%s) is greater than 2 GiB', RangeErrorCtor);
E('ERR_FS_INVALID_SYMLINK_TYPE', 'Symlink type must be one of "dir", "file", or "junction". Received "%s"', ErrorCtor);
E('ERR_HTTP_HEADERS_SENT', 'Cannot %s headers after they are sent to the client', ErrorCtor);
E('ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "%s" for header "%s"', TypeErrorCtor);
E('ERR_HTTP_INVALID_STATUS_CODE', 'Invalid status code: %s', RangeErrorCtor);
E('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor', TypeErrorCtor);
E('ERR_IP_BLOCKED', function(ip) {
  return `IP(${ip}) is blocked by net.BlockList`;
}, ErrorCtor);
E('ERR_IMPORT_ATTRIBUTE_MISSING', 'Module "%s" needs an import attribute of "%s: %s"', TypeErrorCtor);
E('ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE', 'Module "%s" is not of type "%s"', TypeErrorCtor);
E('ERR_IMPORT_ATTRIBUTE_UNSUPPORTED', 'Import attribute "%s" with value "%s" is not supported in %s', TypeErrorCtor);
E('ERR_INCOMPATIBLE_OPTION_PAIR', 'Option "%s" cannot be used in combination with option "%s"', TypeErrorCtor);
E('ERR_INPUT_TYPE_NOT_ALLOWED', '--input-type can only be used with string input via --eval, --print, or STDIN', ErrorCtor);
E('ERR_INTERNAL_ASSERTION', function(message) {
  const suffix = 'This is caused by either a bug in Node.js ' +
    'or incorrect usage of Node.js internals.\n' +
    'Please open an issue with this stack trace at ' +
    'https://github.com/nodejs/node/issues\n';
  return message === undefined ? suffix : `${message}\n${suffix}`;
}, ErrorCtor);
E('ERR_INVALID_ADDRESS', 'Invalid socket address', ErrorCtor);
E('ERR_INVALID_ADDRESS_FAMILY', function(addressType, host, port) {
  this.host = host;
  this.port = port;
  return `Invalid address family: ${addressType} ${host}:${port}`;
}, RangeErrorCtor);
E('ERR_INVALID_ARG_TYPE', function(name, expected, actual) {
  if (!ArrayIsArray(expected)) expected = [expected];
  let msg = 'The ';
  if (name.endsWith(' argument')) {
    msg += `${name} `;
  } else {
    msg += `"${name}" ${name.includes('.') ? 'property' : 'argument'} `;
  }
  msg += 'must be ';
  const types = [];
  const instances = [];
  const other = [];
  for (const value of expected) {
    if (kTypes.includes(value)) types.push(value.toLowerCase());
    else if (classRegExp.test(value)) instances.push(value);
    else other.push(value);
  }
  // An `object` next to class names reads better as "an instance of Object".
  if (instances.length > 0) {
    const pos = types.indexOf('object');
    if (pos !== -1) {
      types.splice(pos, 1);
      instances.push('Object');
    }
  }
  if (types.length > 0) {
    msg += types.length > 1 ? `one of type ${joinList(types, 'or')}` : `of type ${types[0]}`;
    if (instances.length > 0 || other.length > 0) msg += ' or ';
  }
  if (instances.length > 0) {
    msg += `an instance of ${joinList(instances, 'or')}`;
    if (other.length > 0) msg += ' or ';
  }
  if (other.length > 0) {
    if (other.length > 1) {
      msg += `one of ${joinList(other, 'or')}`;
    } else {
      if (other[0].toLowerCase() !== other[0]) msg += 'an ';
      msg += `${other[0]}`;
    }
  }
  msg += `. Received ${determineSpecificType(actual)}`;
  return msg;
}, TypeErrorCtor);
E('ERR_INVALID_ARG_VALUE', function(name, value, reason = 'is invalid') {
  let inspected = inspect(value);
  if (inspected.length > 128) inspected = `${inspected.slice(0, 128)}...`;
  const type = name.includes('.') ? 'property' : 'argument';
  return `The ${type} '${name}' ${reason}. Received ${inspected}`;
}, TypeErrorCtor, RangeErrorCtor);
E('ERR_INVALID_ASYNC_ID', 'Invalid %s value: %s', RangeErrorCtor);
E('ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of %s', RangeErrorCtor);
E('ERR_INVALID_CHAR', function(name, field = undefined) {
  let msg = `Invalid character in ${name}`;
  if (field !== undefined) msg += ` ["${field}"]`;
  return msg;
}, TypeErrorCtor);
E('ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column', TypeErrorCtor);
E('ERR_INVALID_FD', '"fd" must be a positive integer: %s', RangeErrorCtor);
E('ERR_INVALID_FD_TYPE', 'Unsupported fd type: %s', TypeErrorCtor);
E('ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on %s', TypeErrorCtor);
// Node 24 keeps the URL that was refused as `input`.
E('ERR_INVALID_FILE_URL_PATH', function(path, input) {
  this.input = input;
  return `File URL path ${path}`;
}, TypeErrorCtor);
E('ERR_INVALID_HANDLE_TYPE', 'This handle type cannot be sent', TypeErrorCtor);
E('ERR_INVALID_HTTP_TOKEN', '%s must be a valid HTTP token ["%s"]', TypeErrorCtor);
E('ERR_INVALID_IP_ADDRESS', 'Invalid IP address: %s', TypeErrorCtor);
E('ERR_INVALID_MODULE_SPECIFIER', function(request, reason, base = undefined) {
  return `Invalid module "${request}" ${reason}${base ? ` imported from ${base}` : ''}`;
}, TypeErrorCtor);
E('ERR_INVALID_OBJECT_DEFINE_PROPERTY', (name, reason) => `'${name}' ${reason}`, TypeErrorCtor);
E('ERR_INVALID_PACKAGE_CONFIG', function(path, base, message) {
  return `Invalid package config ${path}${base ? ` while importing ${base}` : ''}${message ? `. ${message}` : ''}`;
}, ErrorCtor);
E('ERR_INVALID_PACKAGE_TARGET', function(pkgPath, key, target, isImport = false, base = undefined) {
  const relatedError = typeof target === 'string' && !isImport &&
    target.length > 0 && !target.startsWith('./');
  if (key === '.') {
    return `Invalid "exports" main target ${JSONStringify(target)} defined ` +
      `in the package config ${pkgPath}package.json${base ? ` imported from ${base}` : ''}${
        relatedError ? '; targets must start with "./"' : ''}`;
  }
  return `Invalid "${isImport ? 'imports' : 'exports'}" target ${JSONStringify(target)} defined for '${key}' in the package config ${pkgPath}package.json${
    base ? ` imported from ${base}` : ''}${relatedError ? '; targets must start with "./"' : ''}`;
}, ErrorCtor);
E('ERR_INVALID_PROTOCOL', 'Protocol "%s" not supported. Expected "%s"', TypeErrorCtor);
E('ERR_INVALID_REPL_EVAL_CONFIG', 'Cannot specify both "breakEvalOnSigint" and "eval" for REPL', TypeErrorCtor);
E('ERR_INVALID_REPL_INPUT', '%s', TypeErrorCtor);
E('ERR_INVALID_RETURN_PROPERTY', function(input, name, prop, value) {
  return `Expected a valid ${input} to be returned for the "${prop}" from the "${name}" hook but got ${determineSpecificType(value)}.`;
}, TypeErrorCtor);
E('ERR_INVALID_RETURN_PROPERTY_VALUE', function(input, name, prop, value) {
  return `Expected ${input} to be returned for the "${prop}" from the "${name}" hook but got ${determineSpecificType(value)}.`;
}, TypeErrorCtor);
E('ERR_INVALID_RETURN_VALUE', function(input, name, value) {
  return `Expected ${input} to be returned from the "${name}" function but got ${determineSpecificType(value)}.`;
}, TypeErrorCtor, RangeErrorCtor);
E('ERR_INVALID_STATE', 'Invalid state: %s', ErrorCtor, TypeErrorCtor, RangeErrorCtor);
E('ERR_INVALID_SYNC_FORK_INPUT', 'Asynchronous forks do not support Buffer, TypedArray, DataView or string input: %s', TypeErrorCtor);
E('ERR_INVALID_THIS', 'Value of "this" must be of type %s', TypeErrorCtor);
E('ERR_INVALID_TUPLE', '%s must be an iterable %s tuple', TypeErrorCtor);
E('ERR_INVALID_URI', 'URI malformed', URIErrorCtor);
E('ERR_INVALID_URL', function(input, base = null) {
  this.input = input;
  if (base != null) this.base = base;
  return 'Invalid URL';
}, TypeErrorCtor);
E('ERR_INVALID_URL_SCHEME', function(expected) {
  if (typeof expected === 'string') expected = [expected];
  const res = expected.length === 2 ? `one of scheme ${expected[0]} or ${expected[1]}` : `of scheme ${expected[0]}`;
  return `The URL must be ${res}`;
}, TypeErrorCtor);
E('ERR_IPC_CHANNEL_CLOSED', 'Channel closed', ErrorCtor);
E('ERR_IPC_DISCONNECTED', 'IPC channel is already disconnected', ErrorCtor);
E('ERR_IPC_ONE_PIPE', 'Child process can have only one IPC pipe', ErrorCtor);
E('ERR_IPC_SYNC_FORK', 'IPC cannot be used with synchronous forks', ErrorCtor);
E('ERR_METHOD_NOT_IMPLEMENTED', 'The %s method is not implemented', ErrorCtor);
E('ERR_MISSING_ARGS', function(...args) {
  let msg = 'The ';
  const len = args.length;
  const wrap = (a) => `"${a}"`;
  args = args.map((a) => (ArrayIsArray(a) ? a.map(wrap).join(' or ') : wrap(a)));
  switch (len) {
    case 1: msg += `${args[0]} argument`; break;
    case 2: msg += `${args[0]} and ${args[1]} arguments`; break;
    default:
      msg += `${args.slice(0, len - 1).join(', ')}, and ${args[len - 1]} arguments`;
      break;
  }
  return `${msg} must be specified`;
}, TypeErrorCtor);
E('ERR_MISSING_OPTION', '%s is required', TypeErrorCtor);
E('ERR_MODULE_NOT_FOUND', function(path, base, exactUrl) {
  if (exactUrl) this.url = `${exactUrl}`;
  return `Cannot find ${exactUrl ? 'module' : 'package'} '${path}' imported from ${base}`;
}, ErrorCtor);
E('ERR_MULTIPLE_CALLBACK', 'Callback called multiple times', ErrorCtor);
E('ERR_NO_CRYPTO', 'Node.js is not compiled with OpenSSL crypto support', ErrorCtor);
E('ERR_NO_ICU', '%s is not supported on Node.js compiled without ICU', TypeErrorCtor);
E('ERR_OPERATION_FAILED', 'Operation failed: %s', ErrorCtor, TypeErrorCtor);
E('ERR_OUT_OF_RANGE', function(str, range, input, replaceDefaultBoolean = false) {
  let msg = replaceDefaultBoolean ? str : `The value of "${str}" is out of range.`;
  let received;
  if (NumberIsInteger(input) && Math.abs(input) > 2 ** 32) {
    received = addNumericalSeparator(String(input));
  } else if (typeof input === 'bigint') {
    received = String(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
    received += 'n';
  } else {
    received = inspect(input);
  }
  msg += ` It must be ${range}. Received ${received}`;
  return msg;
}, RangeErrorCtor);
E('ERR_PERFORMANCE_INVALID_TIMESTAMP', '%d is not a valid timestamp', TypeErrorCtor);
E('ERR_PACKAGE_IMPORT_NOT_DEFINED', function(specifier, packagePath, base) {
  return `Package import specifier "${specifier}" is not defined${packagePath ? ` in package ${packagePath}package.json` : ''} imported from ${base}`;
}, TypeErrorCtor);
E('ERR_PACKAGE_PATH_NOT_EXPORTED', function(pkgPath, subpath, base = undefined) {
  if (subpath === '.') {
    return `No "exports" main defined in ${pkgPath}package.json${base ? ` imported from ${base}` : ''}`;
  }
  return `Package subpath '${subpath}' is not defined by "exports" in ${pkgPath}package.json${base ? ` imported from ${base}` : ''}`;
}, ErrorCtor);
E('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', '%s', TypeErrorCtor);
E('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', "Unexpected argument '%s'. This command does not take positional arguments", TypeErrorCtor);
E('ERR_PARSE_ARGS_UNKNOWN_OPTION', function(option, allowPositionals) {
  const suggestDashDash = allowPositionals ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSONStringify(option)}` : '';
  return `Unknown option '${option}'${suggestDashDash}`;
}, TypeErrorCtor);
E('ERR_REQUIRE_ASYNC_MODULE', function(filename, parentFilename) {
  let message = 'require() cannot be used on an ESM graph with top-level await. Use import() instead. To see where ' +
    'the top-level await comes from, use --experimental-print-required-tla.';
  if (parentFilename) message += `\n  From ${parentFilename} `;
  if (filename) message += `\n  Requiring ${filename} `;
  return message;
}, ErrorCtor);
E('ERR_REQUIRE_CYCLE_MODULE', '%s', ErrorCtor);
// `packageJsonPath` is the package.json that made a `.js` file an ES
// module; `hasEsmSyntax` whether its source uses ES module syntax.
E('ERR_REQUIRE_ESM', function(filename, hasEsmSyntax, parentPath = null, packageJsonPath = null) {
  let msg = `require() of ES Module ${filename}${parentPath ? ` from ${parentPath}` : ''} not supported.`;
  if (!packageJsonPath) {
    if (filename.endsWith('.mjs')) {
      msg += `\nInstead change the require of ${filename} to a dynamic import() which is available in all CommonJS modules.`;
    }
    return msg;
  }
  const base = (p) => p.slice(p.lastIndexOf('/') + 1);
  const basename = parentPath && base(filename) === base(parentPath) ? filename : base(filename);
  if (hasEsmSyntax) {
    msg += `\nInstead change the require of ${basename} in ${parentPath} to a dynamic import() which is available in all CommonJS modules.`;
    return msg;
  }
  msg += `\n${basename} is treated as an ES module file as it is a .js file whose nearest parent package.json ` +
    'contains "type": "module" which declares all .js files in that package scope as ES modules.' +
    `\nInstead either rename ${basename} to end in .cjs, change the requiring code to use dynamic import() ` +
    'which is available in all CommonJS modules, or change "type": "module" to "type": "commonjs" in ' +
    `${packageJsonPath} to treat all .js files as CommonJS (using .mjs for all ES modules instead).\n`;
  return msg;
}, ErrorCtor);
E('ERR_SCRIPT_EXECUTION_INTERRUPTED', 'Script execution was interrupted by `SIGINT`', ErrorCtor);
E('ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.', ErrorCtor);
E('ERR_SERVER_NOT_RUNNING', 'Server is not running.', ErrorCtor);
E('ERR_SOCKET_ALREADY_BOUND', 'Socket is already bound', ErrorCtor);
E('ERR_SOCKET_BAD_BUFFER_SIZE', 'Buffer size must be a positive integer', TypeErrorCtor);
E('ERR_SOCKET_BAD_PORT', function(name, port, allowZero = true) {
  const operator = allowZero ? '>=' : '>';
  return `${name} should be ${operator} 0 and < 65536. Received ${determineSpecificType(port)}.`;
}, RangeErrorCtor);
E('ERR_SOCKET_CLOSED', 'Socket is closed', ErrorCtor);
E('ERR_SOCKET_CLOSED_BEFORE_CONNECTION', 'Socket closed before the connection was established', ErrorCtor);
E('ERR_SOCKET_CONNECTION_TIMEOUT', 'Socket connection timeout', ErrorCtor);
E('ERR_SOCKET_BAD_TYPE', 'Bad socket type specified. Valid types are: udp4, udp6', TypeErrorCtor);
E('ERR_SOCKET_DGRAM_IS_CONNECTED', 'Already connected', ErrorCtor);
E('ERR_SOCKET_DGRAM_NOT_CONNECTED', 'Not connected', ErrorCtor);
E('ERR_SOCKET_DGRAM_NOT_RUNNING', 'Not running', ErrorCtor);
E('ERR_TLS_CERT_ALTNAME_FORMAT', 'Invalid subject alternative name string', SyntaxErrorCtor);
E('ERR_TLS_CERT_ALTNAME_INVALID', function(reason, host, cert) {
  this.reason = reason;
  this.host = host;
  this.cert = cert;
  return `Hostname/IP does not match certificate's altnames: ${reason}`;
}, ErrorCtor);
E('ERR_TLS_HANDSHAKE_TIMEOUT', 'TLS handshake timeout', ErrorCtor);
E('ERR_TLS_INVALID_CONTEXT', '%s must be a SecureContext', TypeErrorCtor);
E('ERR_TLS_INVALID_PROTOCOL_VERSION', '%j is not a valid %s TLS protocol version', TypeErrorCtor);
E('ERR_TLS_INVALID_STATE', 'TLS socket connection must be securely established', ErrorCtor);
E('ERR_TLS_PROTOCOL_VERSION_CONFLICT', 'TLS protocol version %j conflicts with secureProtocol %j', TypeErrorCtor);
E('ERR_TLS_SNI_FROM_SERVER', 'Cannot issue SNI from a TLS server-side socket', ErrorCtor);
E('ERR_STREAM_ALREADY_FINISHED', 'Cannot call %s after a stream was finished', ErrorCtor);
E('ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable', ErrorCtor);
E('ERR_STREAM_DESTROYED', 'Cannot call %s after a stream was destroyed', ErrorCtor);
E('ERR_STREAM_NULL_VALUES', 'May not write null values to stream', TypeErrorCtor);
E('ERR_STREAM_PREMATURE_CLOSE', 'Premature close', ErrorCtor);
E('ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF', ErrorCtor);
E('ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event', ErrorCtor);
E('ERR_STREAM_WRAP', 'Stream has StringDecoder set or is in objectMode', ErrorCtor);
E('ERR_STREAM_WRITE_AFTER_END', 'write after end', ErrorCtor);
E('ERR_SYNTHETIC', 'JavaScript Callstack', ErrorCtor);
E('ERR_UNAVAILABLE_DURING_EXIT', 'Cannot call function in process exit handler', ErrorCtor);
E('ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET', '`process.setupUncaughtExceptionCapture()` was called while a capture callback was already active', ErrorCtor);
E('ERR_UNESCAPED_CHARACTERS', '%s contains unescaped characters', TypeErrorCtor);
E('ERR_UNHANDLED_ERROR', function(err = undefined) {
  const msg = 'Unhandled error.';
  if (err === undefined) return msg;
  // EventEmitter passes the inspected value; anything else is stringified.
  return `${msg} (${err})`;
}, ErrorCtor);
E('ERR_UNKNOWN_BUILTIN_MODULE', 'No such built-in module: %s', ErrorCtor);
E('ERR_UNKNOWN_CREDENTIAL', '%s identifier does not exist: %s', ErrorCtor);
E('ERR_UNKNOWN_ENCODING', 'Unknown encoding: %s', TypeErrorCtor);
E('ERR_UNKNOWN_FILE_EXTENSION', 'Unknown file extension "%s" for %s', TypeErrorCtor);
E('ERR_UNKNOWN_MODULE_FORMAT', 'Unknown module format: %s for URL %s', RangeErrorCtor);
E('ERR_UNKNOWN_SIGNAL', 'Unknown signal: %s', TypeErrorCtor);
E('ERR_UNSUPPORTED_DIR_IMPORT', function(path, base, exactUrl) {
  this.url = exactUrl;
  return `Directory import '${path}' is not supported resolving ES modules imported from ${base}`;
}, ErrorCtor);
E('ERR_UNSUPPORTED_ESM_URL_SCHEME', function(url, supported) {
  let msg = `Only URLs with a scheme in: ${joinList(supported, 'and')} are supported by the default ESM loader`;
  if (process.platform === 'win32' && url.protocol.length === 2) {
    msg += '. On Windows, absolute paths must be valid file:// URLs';
  }
  msg += `. Received protocol '${url.protocol}'`;
  return msg;
}, ErrorCtor);
E('ERR_UNSUPPORTED_RESOLVE_REQUEST', 'Failed to resolve module specifier "%s" from "%s": Invalid relative URL or base scheme is not hierarchical.', TypeErrorCtor);
E('ERR_USE_AFTER_CLOSE', '%s was closed', ErrorCtor);
E('ERR_WORKER_INIT_FAILED', 'Worker initialization failure: %s', ErrorCtor);
E('ERR_WORKER_NOT_RUNNING', 'Worker instance not running', ErrorCtor);
E('ERR_WORKER_PATH', function(filename) {
  return 'The worker script or module filename must be an absolute path or a relative path starting with ' +
    `'./' or '../'.${filename.startsWith('file://') ? ' Wrap file:// URLs with `new URL`.' : ''}` +
    `${filename.startsWith('data:text/javascript') ? ' Wrap data: URLs with `new URL`.' : ''} Received "${filename}"`;
}, TypeErrorCtor);
E('ERR_WORKER_UNSUPPORTED_OPERATION', '%s is not supported in workers', TypeErrorCtor);
E('ERR_ZLIB_INITIALIZATION_FAILED', 'Initialization failed', ErrorCtor);

ES('ERR_SYSTEM_ERROR', 'A system error occurred');
ES('ERR_TTY_INIT_FAILED', 'TTY initialization failed');
ES('ERR_FS_EISDIR', 'Path is a directory');
ES('ERR_SOCKET_BUFFER_SIZE', 'Could not get or set buffer size');

module.exports = {
  codes,
  AbortError,
  SystemError,
  UnhandledPromiseRejection,
  noSideEffectsToString,
  errnoException,
  nodeErrorWithMessage,
  nativeErrorWithCode,
  aggregateTwoErrors,
  determineSpecificType,
  exceptionWithHostPort,
  genericNodeError,
  hideInternalStackFrames,
  hideStackFrames,
  isErrorStackTraceLimitWritable,
  kIsNodeError,
  kNoOverride,
  addNumericalSeparator,
  uvException,
};
