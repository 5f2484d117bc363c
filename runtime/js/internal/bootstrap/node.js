'use strict';
// Sets up the globals and `process`, then returns the bootstrap object the
// Rust side calls (see src/bootstrap.rs for the list). Runs while the
// snapshot is built: no op is called here; facts of the run arrive later
// through startRuntime(info).

const realm = require('internal/bootstrap/realm_state');
const taskQueues = require('internal/process/task_queues');
const timers = require('internal/timers');
const promises = require('internal/process/promises');
const execution = require('internal/process/execution');
const warning = require('internal/process/warning');
const pathUtil = require('internal/modules/path');
const cjs = require('internal/modules/cjs/loader');
const esmLoader = require('internal/modules/esm/loader');
const stdio = require('internal/process/stdio');

const processBinding = internalBinding('process');
const coreBinding = internalBinding('core');

const EventEmitter = require('events');
const validators = require('internal/validators');
const { codes, errnoException } = require('internal/errors');
const info = realm.buildInfo;

// --- process -------------------------------------------------------------

// Named `process`, as Node's constructor is (stack frames read
// `process.<anonymous>`).
const Process = { process: function() {} }.process;
Object.setPrototypeOf(Process.prototype, EventEmitter.prototype);
Object.defineProperty(Process.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'process', writable: false, enumerable: false, configurable: true,
});
const process = new Process();
EventEmitter.call(process);
realm.process = process;

const version = `v${info.nodeCompatVersion}`;
process.version = version;
process.versions = {
  node: version.slice(1),
  nodus: info.nodusVersion,
  v8: info.v8Version,
  modules: info.modulesAbi,
  // The crypto API nodus implements is OpenSSL 3's as Node 24 exposes it
  // (built on RustCrypto, not OpenSSL). Packages and Node's own tests
  // decide "crypto is present" from this key, as they do on Deno and Bun,
  // which also report an OpenSSL-compatible version.
  openssl: '3.5.4',
};
// `name` is 'node', as Deno and Bun report it: packages tell Node-like
// runtimes by it (dart-sass's CLI refuses to run otherwise). The Nodus
// version and LTS codename are its own (process.versions.nodus too).
process.release = {
  name: 'node',
  version: `v${info.nodusVersion}`,
  lts: info.lts,
};
process.arch = 'x64';
process.platform = 'linux';
let title = 'nodus';
Object.defineProperty(process, 'title', {
  __proto__: null,
  enumerable: true,
  configurable: true,
  get() { return title; },
  set(value) {
    title = `${value}`;
    processBinding.op_process_set_title_sync(title);
  },
});
process.argv = [];
process.execArgv = [];
process.argv0 = 'nodus';
process.execPath = '';
process.pid = 0;
process.ppid = 0;
process.env = {};
// process.exitCode: an integer, an integer string, or undefined/null (Node 20).
let exitCode;
function validateExitCode(code) {
  if (code === null || code === undefined) return;
  // A numeric string is checked as its number ('2.5' → "Received 2.5").
  const numeric = typeof code === 'string' && code !== '' && !Number.isNaN(+code);
  require('internal/validators').validateInteger(numeric ? +code : code, 'code');
}
Object.defineProperty(process, 'exitCode', {
  __proto__: null,
  enumerable: true,
  configurable: false,
  get() { return exitCode; },
  set(code) {
    validateExitCode(code);
    exitCode = code;
  },
});
process._exiting = false;
// The build's configuration, frozen as Node 24's is (its keys in Node 24's
// order). Nodus is not built by gyp: only the facts that hold for it are
// there.
process.config = deepFreeze({
  variables: {
    host_arch: 'x64',
    target_arch: 'x64',
    node_module_version: Number(info.modulesAbi) || 0,
    v8_enable_i18n_support: 1,
    node_shared: false,
  },
  target_defaults: { cflags: [], default_configuration: 'Release', defines: [], include_dirs: [], libraries: [] },
});
function deepFreeze(object) {
  for (const value of Object.values(object)) {
    if (value !== null && typeof value === 'object') deepFreeze(value);
  }
  return Object.freeze(object);
}
// Node 24's feature keys; what Nodus lacks (inspector, libuv, OCSP
// stapling, QUIC, TypeScript type stripping) is false. TLS is rustls.
process.features = {
  inspector: false,
  debug: false,
  uv: false,
  ipv6: true,
  tls_alpn: true,
  tls_sni: true,
  tls_ocsp: false,
  tls: true,
  openssl_is_boringssl: false,
  get cached_builtins() { return true; },
  get require_module() { return requireModuleFeature; },
  get quic() { return false; },
  get typescript() { return false; },
};
let requireModuleFeature = false;
process.domain = null;
process.debugPort = 9229;
process._preload_modules = [];
let sourceMapsEnabled = false;
Object.defineProperty(process, 'sourceMapsEnabled', {
  __proto__: null, enumerable: true, configurable: true, get() { return sourceMapsEnabled; },
});
// Source maps are not supported (runtime/README.md): the setting is kept.
process.setSourceMapsEnabled = function setSourceMapsEnabled(value) {
  validators.validateBoolean(value, 'enabled');
  sourceMapsEnabled = value;
};

process.nextTick = taskQueues.nextTick;

process.exit = function exit(code) {
  // An explicit exit is not an unsettled top-level await.
  process.off('exit', esmLoader.handleProcessExit);
  // An explicit `process.exit(undefined)` clears process.exitCode; only
  // `process.exit()` keeps it (Node 20).
  if (arguments.length !== 0) process.exitCode = code;
  if (!process._exiting) {
    process._exiting = true;
    process.emit('exit', execution.exitCodeOf(process.exitCode));
  }
  processBinding.op_process_exit_sync(execution.exitCodeOf(process.exitCode));
};
process.reallyExit = function reallyExit(code) {
  processBinding.op_process_exit_sync(execution.exitCodeOf(code));
};
process.abort = function abort() {
  processBinding.op_process_kill_sync(process.pid, 6);
};

process.cwd = function cwd() {
  return processBinding.op_process_cwd_sync();
};
process.chdir = function chdir(directory) {
  validators.validateString(directory, 'directory');
  processBinding.op_process_chdir_sync(directory);
};
pathUtil.setCwd(() => process.cwd());

const NS_PER_SEC = 1000000000n;
function hrtime(time) {
  const now = processBinding.op_process_hrtime_sync();
  const sec = Number(now / NS_PER_SEC);
  const nsec = Number(now % NS_PER_SEC);
  if (time !== undefined) {
    validators.validateArray(time, 'time');
    if (time.length !== 2) throw new codes.ERR_OUT_OF_RANGE('time', 2, time.length);
    let s = sec - time[0];
    let n = nsec - time[1];
    if (n < 0) {
      s -= 1;
      n += 1e9;
    }
    return [s, n];
  }
  return [sec, nsec];
}
hrtime.bigint = function bigint() {
  return processBinding.op_process_hrtime_sync();
};
process.hrtime = hrtime;
process.uptime = function uptime() { return processBinding.op_process_uptime_sync(); };
function memoryUsage() { return processBinding.op_process_memory_usage_sync(); }
memoryUsage.rss = function rss() { return processBinding.op_process_rss_sync(); };
process.memoryUsage = memoryUsage;
// A previous cpuUsage() value: numbers from 0 to MAX_SAFE_INTEGER.
function validPreviousValue(n) {
  return typeof n === 'number' && n <= Number.MAX_SAFE_INTEGER && n >= 0;
}
process.cpuUsage = function cpuUsage(prevValue) {
  if (prevValue) {
    if (!validPreviousValue(prevValue.user)) {
      validators.validateObject(prevValue, 'prevValue');
      validators.validateNumber(prevValue.user, 'prevValue.user');
      throw new codes.ERR_INVALID_ARG_VALUE.RangeError('prevValue.user', prevValue.user);
    }
    if (!validPreviousValue(prevValue.system)) {
      validators.validateNumber(prevValue.system, 'prevValue.system');
      throw new codes.ERR_INVALID_ARG_VALUE.RangeError('prevValue.system', prevValue.system);
    }
  }
  const [user, system] = processBinding.op_process_cpu_usage_sync();
  if (prevValue) return { user: user - prevValue.user, system: system - prevValue.system };
  return { user, system };
};
const resourceUsageFields = ['userCPUTime', 'systemCPUTime', 'maxRSS', 'sharedMemorySize', 'unsharedDataSize',
  'unsharedStackSize', 'minorPageFault', 'majorPageFault', 'swappedOut', 'fsRead', 'fsWrite', 'ipcSent',
  'ipcReceived', 'signalsCount', 'voluntaryContextSwitches', 'involuntaryContextSwitches'];
process.resourceUsage = function resourceUsage() {
  const values = processBinding.op_process_resource_usage_sync();
  const usage = {};
  resourceUsageFields.forEach((name, i) => { usage[name] = values[i]; });
  return usage;
};
const osBinding = internalBinding('os');
process.getuid = function getuid() { return osBinding.op_os_ids_sync()[0]; };
process.getgid = function getgid() { return osBinding.op_os_ids_sync()[1]; };
process.geteuid = function geteuid() { return osBinding.op_os_ids_sync()[2]; };
process.getegid = function getegid() { return osBinding.op_os_ids_sync()[3]; };
process.getgroups = function getgroups() { return osBinding.op_os_groups_sync(); };
process.umask = function umask(mask) {
  if (mask === undefined) return processBinding.op_process_umask_sync();
  // Node's parseFileMode: a 32-bit unsigned integer or an octal string.
  if (typeof mask === 'string') {
    if (!/^[0-7]+$/.test(mask)) {
      throw new codes.ERR_INVALID_ARG_VALUE('mask', mask, 'must be a 32-bit unsigned integer or an octal string');
    }
    mask = parseInt(mask, 8);
  }
  validators.validateUint32(mask, 'mask');
  return processBinding.op_process_umask_sync(mask);
};
process.emitWarning = warning.emitWarning;

// What keeps the loop alive, by kind, as Node lists it: requests, handles
// (from the handle table), then timers and immediates.
process.getActiveResourcesInfo = function getActiveResourcesInfo() {
  const out = coreBinding.op_core_active_resources_sync(false);
  for (let i = timers.refedTimerCount(); i > 0; i--) out.push('Timeout');
  for (let i = timers.immediateInfo[1]; i > 0; i--) out.push('Immediate');
  return out;
};

// The JS objects of the handles that keep the loop alive (a ChildProcess,
// an FSWatcher, stdin's stream, a Worker), oldest first.
process._getActiveHandles = function _getActiveHandles() {
  return coreBinding.op_core_active_handles_sync();
};

// The requests in flight, as objects named like Node's (FSReqCallback, …).
const requestClasses = { __proto__: null };
process._getActiveRequests = function _getActiveRequests() {
  return coreBinding.op_core_active_resources_sync(true).map((name) => {
    requestClasses[name] ??= ({ [name]: class {} })[name];
    return new requestClasses[name]();
  });
};

// libuv's uv_get_constrained_memory: the cgroup's memory limit (v2, then
// v1); UINT64_MAX when the cgroup sets none, undefined without cgroups.
process.constrainedMemory = function constrainedMemory() {
  const { op_fs_read_file_utf8_sync: read } = internalBinding('fs');
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    let text;
    try {
      text = read(file).trim();
    } catch {
      continue;
    }
    return text === 'max' ? 18446744073709551615 : Number(text);
  }
  return undefined;
};
// libuv's uv_get_available_memory: free memory, capped by what the cgroup
// still allows.
process.availableMemory = function availableMemory() {
  const free = require('os').freemem();
  const limit = process.constrainedMemory();
  if (limit === undefined || limit >= 18446744073709551615) return free;
  return Math.min(free, Math.max(0, limit - process.memoryUsage.rss()));
};

process.getBuiltinModule = function getBuiltinModule(id) {
  validators.validateString(id, 'id');
  const { Module } = cjs;
  const name = id.startsWith('node:') ? id.slice(5) : id;
  if (!Module.isBuiltin(id)) return undefined;
  return Module._load(id.startsWith('node:') ? id : name, null, false);
};

process.loadEnvFile = function loadEnvFile(path = undefined) {
  if (path !== undefined) {
    path = require('internal/url').isURL?.(path) ? require('url').fileURLToPath(path) : path;
    if (typeof path !== 'string' && !(path instanceof Uint8Array)) {
      throw new codes.ERR_INVALID_ARG_TYPE('path', ['string', 'Buffer', 'URL'], path);
    }
    path = `${path}`;
  }
  const set = processBinding.op_process_load_env_file_sync(path ?? '.env');
  for (let i = 0; i < set.length; i += 2) process.env[set[i]] = set[i + 1];
};

// Native addons are not supported (runtime/README.md).
process.dlopen = function dlopen(module, filename) {
  const err = new Error(`Cannot load native addon ${filename}: native addons are not supported by nodus yet`);
  err.code = 'ERR_DLOPEN_FAILED';
  throw err;
};

// Writes straight to stderr, bypassing process.stderr (for debugging).
process._rawDebug = function _rawDebug(...args) {
  internalBinding('io').op_io_write_sync(2, `${require('util').format(...args)}\n`);
};

process.openStdin = function openStdin() {
  process.stdin.resume();
  return process.stdin;
};
process.setUncaughtExceptionCaptureCallback = execution.setUncaughtExceptionCaptureCallback;
process.hasUncaughtExceptionCaptureCallback = execution.hasUncaughtExceptionCaptureCallback;

const signals = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7,
  SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14,
  SIGTERM: 15, SIGCHLD: 17, SIGSTKFLT: 16, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21,
  SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGIO: 29, SIGPOLL: 29, SIGPWR: 30, SIGSYS: 31,
};

process.kill = function kill(pid, sig) {
  // eslint-disable-next-line eqeqeq
  if (pid != (pid | 0)) throw new codes.ERR_INVALID_ARG_TYPE('pid', 'number', pid);
  let signo;
  if (sig === (sig | 0)) {
    // An integer, 0 (the null signal) included, is used as it is.
    signo = sig;
  } else {
    sig = sig || 'SIGTERM';
    signo = signals[sig];
    if (signo === undefined) throw new codes.ERR_UNKNOWN_SIGNAL(sig);
  }
  const err = processBinding.op_process_kill_sync(pid, signo);
  if (err) throw errnoException(err, 'kill');
  return true;
};

// Signal events: the first listener starts a native (unrefed) handle.
const signalHandles = new Map();
// The 'multipleResolves' event is deprecated (DEP0160): said once, at its
// first listener. (It never fires: V8 15 no longer reports promises
// resolved twice.)
let multipleResolvesWarned = false;
process.on('newListener', (type) => {
  if (type === 'multipleResolves' && !multipleResolvesWarned) {
    multipleResolvesWarned = true;
    process.emitWarning('The multipleResolves event has been deprecated.', 'DeprecationWarning', 'DEP0160');
  }
  if (typeof type !== 'string' || signals[type] === undefined || signalHandles.has(type)) return;
  if (type === 'SIGKILL' || type === 'SIGSTOP') {
    const err = new Error(`uv_signal_start EINVAL`);
    err.code = 'EINVAL';
    err.errno = -22;
    err.syscall = 'uv_signal_start';
    throw err;
  }
  const id = processBinding.op_process_signal_start_async(signals[type], () => {
    process.emit(type, type, signals[type]);
  });
  signalHandles.set(type, id);
});
process.on('removeListener', (type) => {
  if (!signalHandles.has(type) || process.listenerCount(type) > 0) return;
  coreBinding.op_core_handle_close_sync(signalHandles.get(type));
  signalHandles.delete(type);
  processBinding.op_process_signal_reset_sync(signals[type]);
});

process.binding = function binding(name) {
  const err = new Error(`No such module: ${name}`);
  err.code = 'ERR_INVALID_MODULE';
  throw err;
};

// stdout, stderr, stdin: made on first use.
for (const [name, fd] of [['stdout', 1], ['stderr', 2]]) {
  let stream;
  Object.defineProperty(process, name, {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      if (stream === undefined) stream = stdio.createWritable(fd);
      return stream;
    },
  });
}
let stdin;
Object.defineProperty(process, 'stdin', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get() {
    if (stdin === undefined) stdin = stdio.createReadable(0);
    return stdin;
  },
});

const writeErr = (text) => process.stderr.write(text);

// --- inspect and console -------------------------------------------------

function inspect(value) {
  return require('internal/util/inspect').inspect(value);
}

// --- errors and warnings ---------------------------------------------------

function errors() {
  return require('internal/errors');
}

warning.setup(process, writeErr);
process.on('warning', warning.onWarning);
execution.setup(process, writeErr, inspect);
promises.setup({ process, emitWarning: (w, type) => process.emitWarning(w, type), inspect, errors });
taskQueues.setup({
  processPromiseRejections: promises.processPromiseRejections,
  isExiting: () => process._exiting,
});
timers.setup({ emitWarning: (msg, type) => process.emitWarning(msg, type) });

// --- globals ---------------------------------------------------------------

// structuredClone(value, { transfer }), with Node 24's argument errors (its
// WebIDL conversions); what cannot be cloned or transferred throws a
// DataCloneError DOMException.
function structuredClone(value, options) {
  if (arguments.length === 0) {
    // Node 24 words it so (the message is passed where a name is expected).
    throw nativeTypeError('ERR_MISSING_ARGS', 'The "The value argument must be specified" argument must be specified');
  }
  const webidl = (message) => nativeTypeError('ERR_INVALID_ARG_TYPE', `Failed to execute 'structuredClone': ${message}`);
  const transfer = [];
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object' && typeof options !== 'function') {
      throw webidl('Options cannot be converted to a dictionary');
    }
    const list = options.transfer;
    if (list !== undefined) {
      if (list === null || (typeof list !== 'object' && typeof list !== 'function') ||
          typeof list[Symbol.iterator] !== 'function') {
        throw webidl('transfer in Options cannot be converted to sequence.');
      }
      let i = 0;
      for (const item of list) {
        if (item === null || (typeof item !== 'object' && typeof item !== 'function')) {
          throw webidl(`transfer in Options[${i}] is not an object.`);
        }
        if (!(item instanceof ArrayBuffer) || Object.prototype.toString.call(item) !== '[object ArrayBuffer]') {
          throw dataCloneError('Found invalid value in transferList.');
        }
        if (transfer.includes(item)) throw dataCloneError('Transfer list contains duplicate ArrayBuffer');
        if (item.detached) throw dataCloneError('Cannot transfer object of unsupported type.');
        transfer.push(item);
        i++;
      }
    }
  }
  require('internal/url').markUncloneable();
  return coreBinding.op_core_structured_clone_sync(value, transfer, dataCloneError);
}

// An error as Node's C++ throws them: the code is a property, not in the
// stack's first line; the stack starts at the caller.
function nativeTypeError(code, message) {
  const err = new TypeError(message);
  err.code = code;
  Error.captureStackTrace(err, structuredClone);
  return err;
}

function dataCloneError(message) {
  const { DOMException } = require('internal/dom_exception');
  return new DOMException(message, 'DataCloneError');
}

function defineGlobal(name, value, enumerable = false) {
  Object.defineProperty(globalThis, name, {
    __proto__: null, value, writable: true, enumerable, configurable: true,
  });
}

function defineLazyGlobal(name, get) {
  Object.defineProperty(globalThis, name, {
    __proto__: null,
    configurable: true,
    enumerable: false,
    get() {
      const value = get();
      defineGlobal(name, value);
      return value;
    },
    set(value) {
      defineGlobal(name, value);
    },
  });
}

// In Node's order, with Node's enumerability (Object.keys(globalThis)
// lists global, the timers, queueMicrotask, structuredClone, atob, btoa,
// performance and crypto). `console` keeps the place V8 gave it.
// Web and Node globals written in runtime/js are defined when present.
function globalsFrom(id, names, enumerable = false) {
  if (!realm.builtinExists(id) && !internalExists(id)) return;
  const mod = require(id);
  for (const name of names) {
    if (mod[name] !== undefined) defineGlobal(name, mod[name], enumerable);
  }
}
function internalExists(id) {
  return realm.moduleIds.includes(id);
}
// `require('console')` is the global console, as in Node; it looks up
// process.stdout/stderr when it writes, so it lives in the snapshot.
defineGlobal('console', require('console'));
defineGlobal('process', process);
defineGlobal('global', globalThis, true);
globalsFrom('buffer', ['Buffer']);
defineGlobal('clearImmediate', timers.clearImmediate, true);
defineGlobal('setImmediate', timers.setImmediate, true);
globalsFrom('internal/url', ['URL', 'URLSearchParams']);
globalsFrom('internal/dom_exception', ['DOMException']);
globalsFrom('internal/abort_controller', ['AbortController', 'AbortSignal']);
globalsFrom('internal/event_target', ['Event', 'EventTarget']);
const encoding = require('internal/encoding');
defineGlobal('TextEncoder', encoding.TextEncoder);
defineGlobal('TextDecoder', encoding.TextDecoder);
defineGlobal('clearInterval', timers.clearInterval, true);
defineGlobal('clearTimeout', timers.clearTimeout, true);
defineGlobal('setInterval', timers.setInterval, true);
defineGlobal('setTimeout', timers.setTimeout, true);
defineGlobal('queueMicrotask', taskQueues.queueMicrotask, true);
defineGlobal('structuredClone', structuredClone, true);
globalsFrom('buffer', ['atob', 'btoa'], true);
defineGlobal('performance', require('internal/perf').performance, true);
globalsFrom('internal/crypto/webcrypto', ['Crypto', 'CryptoKey', 'SubtleCrypto']);
// Node 20's globalThis.crypto is an enumerable getter without a setter.
Object.defineProperty(globalThis, 'crypto', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get: function crypto() {
    return require('internal/crypto/webcrypto').crypto;
  },
});
// Node 24's navigator, an enumerable getter like crypto.
Object.defineProperty(globalThis, 'navigator', {
  __proto__: null,
  configurable: true,
  enumerable: true,
  get: function navigator() {
    return require('internal/navigator').getNavigator();
  },
});
globalsFrom('internal/navigator', ['Navigator']);
globalsFrom('internal/event_target', ['CustomEvent']);
// The WHATWG streams, in Node 24's order.
globalsFrom('internal/webstreams/transform', ['TransformStream', 'TransformStreamDefaultController']);
globalsFrom('internal/webstreams/writable', ['WritableStream', 'WritableStreamDefaultController',
  'WritableStreamDefaultWriter']);
globalsFrom('internal/webstreams/readable', ['ReadableStream', 'ReadableStreamDefaultReader',
  'ReadableStreamBYOBReader', 'ReadableStreamBYOBRequest', 'ReadableByteStreamController',
  'ReadableStreamDefaultController']);
globalsFrom('internal/webstreams/transform', ['ByteLengthQueuingStrategy', 'CountQueuingStrategy']);
globalsFrom('internal/webstreams/encoding', ['TextEncoderStream', 'TextDecoderStream', 'CompressionStream',
  'DecompressionStream']);
globalsFrom('internal/blob', ['Blob', 'File']);
// The Fetch standard's globals (Node 24 has them from undici).
globalsFrom('internal/fetch/fetch', ['fetch'], true);
globalsFrom('internal/fetch/form_data', ['FormData']);
globalsFrom('internal/fetch/headers', ['Headers']);
globalsFrom('internal/fetch/request', ['Request']);
globalsFrom('internal/fetch/response', ['Response']);
globalsFrom('internal/perf', ['Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure',
  'PerformanceObserver', 'PerformanceObserverEntryList', 'PerformanceResourceTiming']);

const { Module } = cjs;

// --- the bootstrap object ----------------------------------------------------

let runInfo = null;

function startRuntime(facts) {
  runInfo = facts;
  process.execPath = facts.execPath;
  process.argv0 = facts.argv0;
  process.execArgv = facts.execArgv;
  process.pid = facts.pid;
  process.ppid = facts.ppid;
  process.platform = facts.platform;
  process.arch = facts.arch;
  // A worker's environment is its own copy (the real one is the process's).
  process.env = createEnv(facts.env, facts.worker === undefined);
  // Node's documented flags appear on process only when given; the
  // others are kept out of sight (non-enumerable), as Node keeps them in
  // its option parser.
  if (facts.noDeprecation) process.noDeprecation = true;
  if (facts.throwDeprecation) process.throwDeprecation = true;
  if (facts.traceDeprecation) process.traceDeprecation = true;
  if (facts.zeroFillBuffers) {
    require('buffer');
    require('internal/buffer_options').setZeroFill(true);
  }
  for (const [name, value] of [['traceProcessWarnings', facts.traceWarnings],
    ['noProcessWarnings', facts.noWarnings], ['traceUncaught', facts.traceUncaught]]) {
    Object.defineProperty(process, name, { __proto__: null, value, writable: true, configurable: true, enumerable: false });
  }
  process._preload_modules = [...facts.requires];
  process.allowedNodeEnvironmentFlags = createEnvironmentFlagsSet(facts.allowedNodeEnvironmentFlags);
  promises.setMode(facts.unhandledRejections);
  cjs.setup(process, {
    conditions: facts.conditions,
    preserveSymlinks: facts.preserveSymlinks,
    exposeInternals: facts.exposeInternals,
    requireModule: facts.requireModule,
  });
  esmLoader.setup(process, {
    conditions: facts.conditions, preserveSymlinks: facts.preserveSymlinks, inputType: facts.inputType,
    requireModule: facts.requireModule,
  });
  requireModuleFeature = facts.requireModule;
  Module._initPaths();
  const entry = facts.entry;
  if (entry.kind === 'file') {
    process.argv = [facts.execPath, pathUtil.resolve(entry.file), ...facts.args];
  } else if (entry.kind === 'worker-eval') {
    process.argv = [facts.execPath, '[worker eval]', ...facts.args];
  } else {
    process.argv = [facts.execPath, ...facts.args];
  }
  if (facts.worker !== undefined) setupWorker();
  freezeFacts();
}

// The facts of the process are read-only, as in Node: assigning to
// process.version or process.versions.node changes nothing.
function freezeFacts() {
  for (const name of ['version', 'versions', 'platform', 'arch', 'release', 'pid', 'config']) {
    Object.defineProperty(process, name, { __proto__: null, writable: false });
  }
  Object.defineProperty(process, 'argv0', { __proto__: null, writable: false, configurable: false });
  Object.defineProperty(process, 'features', { __proto__: null, configurable: false });
  for (const object of [process.versions, process.release]) {
    for (const key of Object.keys(object)) Object.defineProperty(object, key, { __proto__: null, writable: false });
  }
}

// A worker thread: node:worker_threads learns its thread id and data;
// process.chdir() is the main thread's only.
function setupWorker() {
  process.execArgv = [];
  require('worker_threads');
  require('internal/worker/hooks').setupWorkerThread();
  process.chdir = function chdir() {
    throw new (require('internal/errors').codes.ERR_WORKER_UNSUPPORTED_OPERATION)('process.chdir()');
  };
}

// process.allowedNodeEnvironmentFlags: a read-only Set of the options
// NODE_OPTIONS may hold; has() accepts `_` for `-`, a `=value`, and names
// without their dashes, as Node's does.
function createEnvironmentFlagsSet(flags) {
  const list = [...flags];
  class NodeEnvironmentFlagsSet extends Set {
    add() { return this; }
    delete() { return false; }
    clear() {}
    has(key) {
      if (typeof key !== 'string') return false;
      key = key.replace(/_/g, '-');
      if (/^--?/.test(key)) return list.includes(key.replace(/=.*$/, ''));
      return list.includes(`-${key}`) || list.includes(`--${key}`);
    }
  }
  const set = new NodeEnvironmentFlagsSet();
  for (const flag of list) Set.prototype.add.call(set, flag);
  return Object.freeze(set);
}

// process.env: strings only, changes reach the real environment (child
// processes see them).
function createEnv(initial, shared = true) {
  // Own properties are the variables; Object.prototype's methods are
  // inherited (`process.env.hasOwnProperty('PATH')` works), as in Node.
  const store = Object.assign(Object.create(Object.create(Object.prototype)), initial);
  const setReal = (key, text) => {
    if (shared) processBinding.op_process_env_set_sync(key, text);
  };
  const deleteReal = (key) => {
    if (shared) processBinding.op_process_env_delete_sync(key);
  };
  return new Proxy(store, {
    __proto__: null,
    set(target, key, value) {
      if (typeof key === 'symbol') {
        const err = new TypeError('Cannot convert a Symbol value to a string');
        throw err;
      }
      const text = `${value}`;
      target[key] = text;
      setReal(key, text);
      return true;
    },
    defineProperty(target, key, descriptor) {
      if ('get' in descriptor || 'set' in descriptor) {
        throw new codes.ERR_INVALID_OBJECT_DEFINE_PROPERTY('process.env',
          'does not accept an accessor(getter/setter) descriptor');
      }
      if (!descriptor.configurable || !descriptor.writable || !descriptor.enumerable) {
        throw new codes.ERR_INVALID_OBJECT_DEFINE_PROPERTY('process.env',
          'only accepts a configurable, writable, and enumerable data descriptor');
      }
      const text = `${descriptor.value}`;
      target[key] = text;
      setReal(key, text);
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') {
        delete target[key];
        deleteReal(key);
      }
      return true;
    },
  });
}

function runMain() {
  // A child forked with an IPC channel (Node's setupChildProcessIpcChannel).
  if (runInfo.worker === undefined && process.env.NODE_CHANNEL_FD) {
    require('internal/child_process/channel').setupChildChannel();
  }
  // A cluster worker (Node's initializeClusterWorker): reports 'online'.
  if (runInfo.worker === undefined && process.env.NODE_UNIQUE_ID) {
    require('cluster')._setupWorker();
    delete process.env.NODE_UNIQUE_ID;
  }
  require('internal/main/run_main').run(process, runInfo, { Module, cjs, inspect });
}

{
  module.exports = {
    startRuntime,
    runMain,
    processTimers: timers.processTimers,
    processImmediates: timers.processImmediates,
    processTicksAndRejections: taskQueues.processTicksAndRejections,
    promiseRejectHandler: promises.promiseRejectHandler,
    onUncaughtException: execution.onUncaughtException,
    emitBeforeExit: execution.emitBeforeExit,
    emitExit() {
      // An unsettled top-level await sets exit code 13 before 'exit' is
      // emitted, so the listeners see it as their argument (Node 24).
      if (!process._exiting) esmLoader.handleProcessExit();
      const code = execution.emitExit();
      esmLoader.warnUnsettledTopLevelAwait();
      return code;
    },
    importModuleDynamically: esmLoader.importModuleDynamically,
    initializeImportMeta: esmLoader.initializeImportMeta,
    tickInfo: taskQueues.tickInfo,
    immediateInfo: timers.immediateInfo,
  };
}
