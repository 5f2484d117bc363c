'use strict';
// node:child_process — the synchronous family (spawnSync, execSync,
// execFileSync) over op_child_spawn_sync. The asynchronous one (spawn,
// exec, execFile, fork) is not in nodus yet.

const { op_child_spawn_sync: spawnNative } = internalBinding('child');
const { Buffer } = require('buffer');

const signals = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
};

function invalidArgType(name, expected, value) {
  const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${value === null ? 'null' : typeof value}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function normalizeArgs(file, args, options) {
  if (typeof file !== 'string') throw invalidArgType('file', 'of type string', file);
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
    throw invalidArgType('args', 'an instance of Array', args);
  }
  options = options === undefined ? {} : { ...options };
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
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
  const source = o.env === undefined ? process.env : o.env;
  const env = Object.keys(source).filter((k) => source[k] !== undefined).map((k) => `${k}=${source[k]}`);
  let input = o.input;
  if (input !== undefined && typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw invalidArgType('options.input', 'of type string or an instance of Buffer, TypedArray, or DataView', input);
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

module.exports = { spawnSync, execSync, execFileSync };
