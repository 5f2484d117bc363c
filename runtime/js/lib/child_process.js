'use strict';
// node:child_process — the synchronous family (spawnSync, execSync,
// execFileSync) over op_child_spawn_sync, and the asynchronous one
// (ChildProcess, spawn, exec, execFile) over op_child_spawn_async: one
// native handle per child delivers its output, the ends of its pipes and
// its exit; stdin writes go through op_child_write_async.
//
// fork() and an 'ipc' stdio entry add the IPC channel
// (internal/child_process/channel). Not in Nodus: stdio entries past the
// third other than 'ipc', sending handles over the channel.

const {
  op_child_spawn_sync: spawnNative,
  op_child_spawn_async: spawnAsyncNative,
  op_child_write_async: writeStdin,
  op_child_stdin_close_sync: closeStdin,
  op_child_read_sync: readPipe,
} = internalBinding('child');
const { op_core_handle_ref_sync: refHandle, op_core_handle_owner_sync: setHandleOwner } = internalBinding('core');
const { Buffer } = require('buffer');
const EventEmitter = require('events');
const { Readable, Writable } = require('stream');
const { promisify } = require('internal/util');
const {
  codes: {
    ERR_CHILD_PROCESS_IPC_REQUIRED, ERR_CHILD_PROCESS_STDIO_MAXBUFFER, ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE,
    ERR_INVALID_SYNC_FORK_INPUT, ERR_IPC_ONE_PIPE, ERR_IPC_SYNC_FORK, ERR_OUT_OF_RANGE, ERR_UNKNOWN_SIGNAL,
  },
  AbortError,
} = require('internal/errors');

const signals = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
};

function invalidArgType(name, expected, value) {
  return new ERR_INVALID_ARG_TYPE(name, expected, value);
}

function normalizeArgs(file, args, options) {
  if (typeof file !== 'string') throw invalidArgType('file', 'string', file);
  if (file.length === 0) {
    const err = new TypeError("The argument 'file' cannot be empty. Received ''");
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args == null) {
    args = [];
  } else if (typeof args === 'object') {
    options = args;
    args = [];
  } else {
    throw invalidArgType('args', 'object', args);
  }
  options = options === undefined ? {} : { ...options };
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'object', options);
  let spawnFile = file;
  let spawnArgs;
  if (options.shell) {
    const command = [file, ...args].join(' ');
    spawnFile = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    spawnArgs = [spawnFile, '-c', command];
  } else {
    spawnArgs = [file, ...args];
  }
  if (typeof options.argv0 === 'string') spawnArgs[0] = options.argv0;
  return { file: spawnFile, args: spawnArgs, options, userArgs: args, userFile: file };
}

function stdioList(stdio, inheritStderr) {
  let list;
  if (stdio === undefined) list = ['pipe', 'pipe', inheritStderr ? 'inherit' : 'pipe'];
  else if (typeof stdio === 'string') list = [stdio, stdio, stdio];
  else list = [0, 1, 2].map((i) => {
    const s = stdio[i];
    if (s === undefined || s === null || s === 'pipe' || s === 'overlapped') return 'pipe';
    if (s === 'inherit' || s === i) return 'inherit';
    return s === 'ignore' ? 'ignore' : 'pipe';
  });
  return list.map((s) => (s === 'overlapped' ? 'pipe' : s));
}

function spawnSyncInternal(file, args, options, inheritStderr) {
  const opts = normalizeArgs(file, args, options);
  const o = opts.options;
  if (Array.isArray(o.stdio) && o.stdio.includes('ipc')) throw new ERR_IPC_SYNC_FORK();
  const source = o.env === undefined ? process.env : o.env;
  const env = Object.keys(source).filter((k) => source[k] !== undefined).map((k) => `${k}=${source[k]}`);
  let input = o.input;
  if (input !== undefined && typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw invalidArgType('options.input', ['string', 'Buffer', 'TypedArray', 'DataView'], input);
  }
  if (typeof input === 'string' && o.encoding && o.encoding !== 'buffer') input = Buffer.from(input, o.encoding);
  const killSignal = typeof o.killSignal === 'number' ? o.killSignal : signals[o.killSignal || 'SIGTERM'];
  const result = spawnNative(opts.file, opts.args, {
    cwd: o.cwd === undefined ? undefined : `${o.cwd}`,
    env,
    input,
    stdio: stdioList(o.stdio, inheritStderr),
    timeout: o.timeout,
    killSignal,
    maxBuffer: o.maxBuffer === undefined ? 1024 * 1024 : o.maxBuffer,
  });
  const encode = (bytes) => {
    if (bytes === null || bytes === undefined) return null;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return o.encoding && o.encoding !== 'buffer' ? buffer.toString(o.encoding) : buffer;
  };
  const out = {
    status: result.status === undefined ? null : result.status,
    signal: result.signal === undefined ? null : result.signal,
    output: [null, encode(result.stdout), encode(result.stderr)],
    pid: result.pid === undefined ? 0 : result.pid,
    stdout: encode(result.stdout),
    stderr: encode(result.stderr),
  };
  if (result.error) {
    const syscall = `spawnSync ${opts.file}`;
    const err = new Error(`${syscall} ${result.error.code}`);
    err.errno = result.error.errno;
    err.code = result.error.code;
    err.syscall = syscall;
    err.path = opts.file;
    err.spawnargs = opts.args.slice(1);
    out.error = err;
  }
  return { out, opts };
}

function spawnSync(file, args, options) {
  return spawnSyncInternal(file, args, options, false).out;
}

function checkExecSyncError(ret, command) {
  let err;
  if (ret.error) {
    err = ret.error;
    Object.assign(err, ret);
    delete err.error;
  } else if (ret.status !== 0) {
    let msg = `Command failed: ${command}`;
    if (ret.stderr && ret.stderr.length > 0) msg += `\n${ret.stderr.toString()}`;
    err = new Error(msg);
    Object.assign(err, ret);
  }
  return err;
}

function writeInheritedStderr(ret, stdio) {
  if (stdio === undefined && ret.stderr && ret.stderr.length > 0) process.stderr.write(ret.stderr);
}

function execFileSync(file, args, options) {
  const { out, opts } = spawnSyncInternal(file, args, options, false);
  writeInheritedStderr(out, opts.options.stdio);
  const err = checkExecSyncError(out, [opts.userFile, ...opts.userArgs].join(' '));
  if (err) throw err;
  return out.stdout;
}

function execSync(command, options) {
  const opts = { ...(options || {}), shell: (options && options.shell) || true };
  const { out } = spawnSyncInternal(command, [], opts, true);
  const err = checkExecSyncError(out, command);
  if (err) throw err;
  return out.stdout;
}

// --- the asynchronous API ---------------------------------------------------

function envPairs(env) {
  const source = env === undefined || env === null ? process.env : env;
  return Object.keys(source).filter((k) => source[k] !== undefined).map((k) => `${k}=${source[k]}`);
}

function signalNumber(signal, name = 'signal') {
  if (signal === undefined || signal === null) return signals.SIGTERM;
  if (typeof signal === 'number') return signal;
  const n = signals[signal] !== undefined ? signals[signal] : require('os').constants.signals[signal];
  if (n === undefined) throw new ERR_UNKNOWN_SIGNAL(signal);
  return n;
}

// The three stdio entries of an asynchronous child: 'pipe', 'inherit',
// 'ignore', or an fd (a number, or a stream that has one).
function asyncStdio(stdio) {
  if (stdio === undefined || stdio === null) return ['pipe', 'pipe', 'pipe'];
  if (typeof stdio === 'string') stdio = [stdio, stdio, stdio];
  if (!Array.isArray(stdio)) throw new ERR_INVALID_ARG_VALUE('stdio', stdio);
  return [0, 1, 2].map((i) => {
    const s = stdio[i];
    if (s === undefined || s === null || s === 'pipe' || s === 'overlapped') return 'pipe';
    if (s === 'inherit') return i;
    if (s === 'ignore') return 'ignore';
    if (typeof s === 'number') return s;
    if (typeof s === 'object' && typeof s.fd === 'number') return s.fd;
    // The channel's end replaces this fd in the child (see ipcIndex).
    if (s === 'ipc') return 'ignore';
    // Node's message for strings and bytes (sync-only inputs).
    if (typeof s === 'string' || ArrayBuffer.isView(s)) throw new ERR_INVALID_SYNC_FORK_INPUT(require('util').inspect(s));
    throw new ERR_INVALID_ARG_VALUE('stdio', s);
  });
}

// The fd of the 'ipc' entry of a stdio array, if any.
function ipcIndex(stdio) {
  if (!Array.isArray(stdio)) return undefined;
  let index;
  for (let i = 0; i < stdio.length; i++) {
    if (stdio[i] !== 'ipc') continue;
    if (index !== undefined) throw new ERR_IPC_ONE_PIPE();
    index = i;
  }
  return index;
}

// A child's stdout or stderr. Its pipe is read while the stream wants
// data: a full buffer stops reading (readStop) until `_read` asks again
// (readStart), so a child writing faster than we read waits.
class ChildReadable extends Readable {
  constructor(index) {
    super();
    this._child = null;
    this._index = index;
    this._stopped = false;
  }

  _read() {
    if (!this._stopped) return;
    this._stopped = false;
    if (this._child !== null) this._child._setReading(this._index, true);
  }

  _pushChunk(chunk) {
    if (!this.push(chunk) && !this._stopped) {
      this._stopped = true;
      if (this._child !== null) this._child._setReading(this._index, false);
    }
  }
}

// A child's stdin: each write goes to the pipe in order; end() closes it.
class ChildWritable extends Writable {
  constructor(handle) {
    super({ decodeStrings: true });
    this._handle = handle;
  }

  _write(chunk, encoding, callback) {
    writeStdin(this._handle, chunk, (err) => callback(err || null));
  }

  _final(callback) {
    closeStdin(this._handle);
    callback();
  }

  _destroy(err, callback) {
    closeStdin(this._handle);
    callback(err);
  }
}

function spawnError(code, errno, file, args) {
  const syscall = `spawn ${file}`;
  const err = new Error(`${syscall} ${code}`);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  err.path = file;
  err.spawnargs = args;
  return err;
}

class ChildProcess extends EventEmitter {
  constructor() {
    super();
    this._closesNeeded = 1;
    this._closesGot = 0;
    this.connected = false;
    this.signalCode = null;
    this.exitCode = null;
    this.killed = false;
    this.spawnfile = null;
    this._handle = null;
  }

  spawn(options) {
    const stdio = asyncStdio(options.stdio);
    const ipc = ipcIndex(options.stdio);
    require('internal/validators').validateOneOf(options.serialization, 'options.serialization',
      [undefined, 'json', 'advanced']);
    const serialization = options.serialization || 'json';
    let envPairs = options.envPairs;
    if (ipc !== undefined) {
      // The child finds its end of the channel by these (as Node's does).
      envPairs = [...envPairs, `NODE_CHANNEL_FD=${ipc}`, `NODE_CHANNEL_SERIALIZATION_MODE=${serialization}`];
    }
    this.spawnfile = options.file;
    this.spawnargs = options.args;
    const result = spawnAsyncNative(options.file, options.args, {
      cwd: options.cwd === undefined || options.cwd === null ? undefined : `${options.cwd}`,
      env: envPairs,
      stdio,
      detached: !!options.detached,
      uid: options.uid,
      gid: options.gid,
      ipc,
    }, (kind, a, b) => this._onEvent(kind, a, b));
    this.stdin = null;
    this.stdout = stdio[1] === 'pipe' ? new ChildReadable(1) : null;
    this.stderr = stdio[2] === 'pipe' ? new ChildReadable(2) : null;
    if (result.error) {
      // Node reports a failed spawn like an exit with the negative errno,
      // after the pipes it made have closed: 'error', then 'close'.
      if (stdio[0] === 'pipe') this.stdin = new Writable({ write(c, e, cb) { cb(); } });
      this.stdio = [this.stdin, this.stdout, this.stderr];
      this._watchCloses();
      const err = spawnError(result.error.code, result.error.errno, this.spawnfile, this.spawnargs.slice(1));
      process.nextTick(() => {
        this.exitCode = result.error.errno;
        for (const stream of [this.stdout, this.stderr]) {
          if (stream !== null) stream.push(null);
        }
        this.emit('error', err);
        this._maybeClose();
      });
      return;
    }
    this._handle = result.handle;
    setHandleOwner(this._handle, this);
    for (const stream of [this.stdout, this.stderr]) {
      if (stream !== null) stream._child = this;
    }
    this.pid = result.pid;
    if (stdio[0] === 'pipe') this.stdin = new ChildWritable(this._handle);
    this.stdio = [this.stdin, this.stdout, this.stderr];
    // Entries past fd 2 (the 'ipc' one among them) have no stream.
    if (Array.isArray(options.stdio)) while (this.stdio.length < options.stdio.length) this.stdio.push(null);
    this._watchCloses();
    if (result.ipc !== undefined) {
      // The channel closes after 'disconnect'; 'close' waits for it too.
      this._closesNeeded++;
      this._channelClosed = () => this._maybeClose();
      const { channel } = require('internal/child_process/channel').setupChannel(this, result.ipc, serialization);
      channel.ref();
    }
    process.nextTick(() => this.emit('spawn'));
  }

  _watchCloses() {
    for (const stream of [this.stdout, this.stderr]) {
      if (stream === null) continue;
      this._closesNeeded++;
      stream.on('close', () => this._maybeClose());
      // Reading a pipe of a finished child may fail; Node ignores that too.
      stream.on('error', () => {});
      // Nobody reads it: drop the data rather than keep it buffered.
      if (stream.listenerCount('data') === 0) {
        process.nextTick(() => {
          if (stream.listenerCount('data') === 0 && stream.listenerCount('readable') === 0 && !stream.readableFlowing) {
            stream.resume();
          }
        });
      }
    }
  }

  _onEvent(kind, a, b) {
    switch (kind) {
      case 'data': {
        const stream = a === 1 ? this.stdout : this.stderr;
        if (stream !== null && !stream.destroyed) stream._pushChunk(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
        break;
      }
      case 'end': {
        const stream = a === 1 ? this.stdout : this.stderr;
        if (stream !== null && !stream.destroyed) stream.push(null);
        break;
      }
      case 'exit':
        if (b !== null) this.signalCode = b;
        else this.exitCode = a;
        this._exited = true;
        this._updateRef();
        if (this.stdin !== null && !this.stdin.destroyed) this.stdin.destroy();
        this.emit('exit', this.exitCode, this.signalCode);
        this._maybeClose();
        break;
      case 'done':
        this._handle = null;
        break;
    }
  }

  _maybeClose() {
    this._closesGot++;
    if (this._closesGot === this._closesNeeded) this.emit('close', this.exitCode, this.signalCode);
  }

  kill(sig) {
    const signal = sig === 0 ? 0 : signalNumber(sig);
    if (this.pid === undefined || this.exitCode !== null || this.signalCode !== null) return false;
    try {
      process.kill(this.pid, signal);
    } catch (err) {
      if (err.code === 'ESRCH') return false;
      throw err;
    }
    this.killed = true;
    return true;
  }

  // readStart/readStop on the pipe of stdout (1) or stderr (2).
  _setReading(index, on) {
    if (this._handle === null) return;
    readPipe(this._handle, index, on);
    this._updateRef();
  }

  // Once the child has exited, only a pipe being read keeps the loop
  // alive, as in Node (the process handle is done, a stopped pipe is
  // inactive).
  _updateRef() {
    if (this._handle === null || !this._exited || this._unrefed) return;
    const open = [this.stdout, this.stderr].filter((s) => s !== null && !s.destroyed && !s._readableState.ended);
    refHandle(this._handle, open.length === 0 || open.some((s) => !s._stopped));
  }

  ref() {
    this._unrefed = false;
    if (this._handle !== null) refHandle(this._handle, true);
  }

  unref() {
    this._unrefed = true;
    if (this._handle !== null) refHandle(this._handle, false);
  }

  get [Symbol.toStringTag]() {
    return 'ChildProcess';
  }
}

function spawn(file, args, options) {
  const opts = normalizeArgs(file, args, options);
  const o = opts.options;
  if (o.timeout !== undefined && (!Number.isInteger(o.timeout) || o.timeout < 0)) {
    throw new ERR_OUT_OF_RANGE('timeout', 'an unsigned integer', o.timeout);
  }
  const killSignal = signalNumber(o.killSignal, 'options.killSignal');
  const child = new ChildProcess();
  child.spawn({
    file: opts.file,
    args: opts.args,
    cwd: o.cwd,
    envPairs: envPairs(o.env),
    stdio: o.stdio,
    detached: o.detached,
    uid: o.uid,
    gid: o.gid,
    serialization: o.serialization,
  });
  if (o.timeout > 0) {
    let timer = setTimeout(() => {
      if (timer) {
        try {
          child.kill(killSignal);
        } catch (err) {
          child.emit('error', err);
        }
        timer = null;
      }
    }, o.timeout);
    child.once('exit', () => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
    });
  }
  if (o.signal) {
    const signal = o.signal;
    const onAbort = () => {
      if (child.kill(killSignal)) child.emit('error', new AbortError(undefined, { cause: signal.reason }));
    };
    if (signal.aborted) {
      process.nextTick(onAbort);
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
      child.once('exit', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return child;
}

function stdioStringToArray(stdio, channel) {
  if (stdio !== 'ignore' && stdio !== 'pipe' && stdio !== 'inherit' && stdio !== 'overlapped') {
    throw new ERR_INVALID_ARG_VALUE('stdio', stdio);
  }
  const list = [stdio, stdio, stdio];
  if (channel) list.push(channel);
  return list;
}

// The parent's options without its `-e`/`-p` code: a forked child runs
// its module, not the parent's code again (Node drops process._eval).
function withoutEval(execArgv) {
  const out = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (['-e', '--eval', '-p', '--print', '-pe', '-ep'].includes(arg)) {
      i++;
      continue;
    }
    if (/^--(eval|print)=/.test(arg)) continue;
    out.push(arg);
  }
  return out;
}

// fork(modulePath[, args][, options]): `execPath` running `modulePath`
// with an IPC channel on fd 3 (or where `stdio` puts 'ipc').
function fork(modulePath, args, options) {
  if (modulePath instanceof require('url').URL) modulePath = require('url').fileURLToPath(modulePath);
  else if (Buffer.isBuffer(modulePath)) modulePath = modulePath.toString();
  if (typeof modulePath !== 'string') throw invalidArgType('modulePath', ['string', 'Buffer', 'URL'], modulePath);
  if (args == null) {
    args = [];
  } else if (typeof args === 'object' && !Array.isArray(args)) {
    options = args;
    args = [];
  } else if (!Array.isArray(args)) {
    throw invalidArgType('args', 'Array', args);
  }
  if (options != null && (typeof options !== 'object' || Array.isArray(options))) {
    throw invalidArgType('options', 'Object', options);
  }
  options = { ...options, shell: false };
  options.execPath = options.execPath || process.execPath;
  let execArgv = options.execArgv || process.execArgv;
  if (execArgv === process.execArgv) execArgv = withoutEval(execArgv);
  args = [...execArgv, modulePath, ...args];
  if (typeof options.stdio === 'string') {
    options.stdio = stdioStringToArray(options.stdio, 'ipc');
  } else if (!Array.isArray(options.stdio)) {
    // Inherit stdin, stdout and stderr unless silent; the channel on fd 3.
    options.stdio = stdioStringToArray(options.silent ? 'pipe' : 'inherit', 'ipc');
  } else if (!options.stdio.includes('ipc')) {
    throw new ERR_CHILD_PROCESS_IPC_REQUIRED('options.stdio');
  }
  return spawn(options.execPath, args, options);
}

function execFile(file, args, options, callback) {
  if (typeof args === 'function') {
    callback = args;
    args = [];
    options = undefined;
  } else if (args != null && typeof args === 'object' && !Array.isArray(args)) {
    callback = options;
    options = args;
    args = [];
  } else if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  if (args == null) args = [];
  options = {
    encoding: 'utf8',
    timeout: 0,
    maxBuffer: 1024 * 1024,
    killSignal: 'SIGTERM',
    cwd: null,
    env: null,
    shell: false,
    ...options,
  };
  const child = spawn(file, args, {
    cwd: options.cwd === null ? undefined : options.cwd,
    env: options.env === null ? undefined : options.env,
    gid: options.gid,
    shell: options.shell,
    signal: options.signal,
    uid: options.uid,
  });
  const encoding = options.encoding && Buffer.isEncoding(options.encoding) ? options.encoding : null;
  const chunks = { stdout: [], stderr: [] };
  const lengths = { stdout: 0, stderr: 0 };
  let killed = false;
  let exited = false;
  let ex = null;
  let timer = null;

  let cmd = file;
  if (args.length !== 0) cmd += ` ${args.join(' ')}`;

  function output(name) {
    if (!child[name]) return encoding ? '' : Buffer.alloc(0);
    const all = Buffer.concat(chunks[name]);
    return encoding ? all.toString(encoding) : all;
  }

  function exithandler(code, signal) {
    if (exited) return;
    exited = true;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!callback) return;
    const stdout = output('stdout');
    const stderr = output('stderr');
    if (!ex && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    if (!ex) {
      ex = new Error(`Command failed: ${cmd}\n${stderr}`);
      ex.code = code < 0 ? require('util').getSystemErrorName(code) : code;
      ex.killed = child.killed || killed;
      ex.signal = signal;
    }
    ex.cmd = cmd;
    callback(ex, stdout, stderr);
  }

  function errorhandler(e) {
    ex = e;
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    exithandler();
  }

  function kill() {
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    killed = true;
    try {
      child.kill(options.killSignal);
    } catch (e) {
      ex = e;
      exithandler();
    }
  }

  if (options.timeout > 0) {
    timer = setTimeout(() => {
      kill();
      timer = null;
    }, options.timeout);
  }
  for (const name of ['stdout', 'stderr']) {
    const stream = child[name];
    if (!stream) continue;
    stream.on('data', (chunk) => {
      const room = options.maxBuffer - lengths[name];
      if (chunk.length > room) {
        chunks[name].push(chunk.subarray(0, Math.max(room, 0)));
        lengths[name] += Math.max(room, 0);
        ex = new ERR_CHILD_PROCESS_STDIO_MAXBUFFER(name);
        kill();
        return;
      }
      chunks[name].push(chunk);
      lengths[name] += chunk.length;
    });
  }
  child.addListener('close', exithandler);
  child.addListener('error', errorhandler);
  return child;
}

function normalizeExecArgs(command, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  options = { ...options };
  options.shell = typeof options.shell === 'string' ? options.shell : true;
  return { file: command, options, callback };
}

function exec(command, options, callback) {
  const opts = normalizeExecArgs(command, options, callback);
  return execFile(opts.file, opts.options, opts.callback);
}

// util.promisify(exec/execFile) resolves { stdout, stderr } and puts the
// child on the promise, as Node's do.
function promisified(fn) {
  return (...args) => {
    let child;
    const promise = new Promise((resolve, reject) => {
      child = fn(...args, (err, stdout, stderr) => {
        if (err !== null) {
          err.stdout = stdout;
          err.stderr = stderr;
          reject(err);
        } else {
          resolve({ stdout, stderr });
        }
      });
    });
    promise.child = child;
    return promise;
  };
}
Object.defineProperty(exec, promisify.custom, { __proto__: null, enumerable: false, value: promisified(exec) });
Object.defineProperty(execFile, promisify.custom, { __proto__: null, enumerable: false, value: promisified(execFile) });

module.exports = { ChildProcess, fork, spawn, exec, execFile, spawnSync, execSync, execFileSync };
