'use strict';
// node:fs over the fs ops (src/ops/fs.rs): the synchronous API, the
// callback API (each call runs on tokio's blocking pool and calls back in
// the poll phase), Stats, Dirent, constants, and file streams. The promise
// API is lib/fs/promises.js.

const binding = internalBinding('fs');
const { codes, nodeErrorWithMessage, nativeErrorWithCode } = require('internal/errors');
const { Buffer } = require('buffer');
const { Readable, Writable } = require('stream');
const pathModule = require('path');
const { Dir, opendir, opendirSync, kFsInternals } = require('internal/fs/dir');
const watchers = require('internal/fs/watchers');

const constants = Object.freeze({
  __proto__: null,
  UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
  UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3,
  UV_DIRENT_FIFO: 4, UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000, S_IFCHR: 0o020000,
  S_IFBLK: 0o060000, S_IFIFO: 0o010000, S_IFLNK: 0o120000, S_IFSOCK: 0o140000,
  O_CREAT: 0o100, O_EXCL: 0o200, UV_FS_O_FILEMAP: 0,
  UV_FS_O_TEMPORARY: 0, UV_FS_O_SHORT_LIVED: 0, UV_FS_O_SEQUENTIAL: 0, UV_FS_O_RANDOM: 0,
  O_NOCTTY: 0o400, O_TRUNC: 0o1000,
  O_APPEND: 0o2000, O_DIRECTORY: 0o200000, O_NOATIME: 0o1000000, O_NOFOLLOW: 0o400000,
  O_SYNC: 0o4010000, O_DSYNC: 0o10000, O_DIRECT: 0o40000, O_NONBLOCK: 0o4000,
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IRWXG: 0o70, S_IRGRP: 0o40, S_IWGRP: 0o20, S_IXGRP: 0o10,
  S_IRWXO: 0o7, S_IROTH: 0o4, S_IWOTH: 0o2, S_IXOTH: 0o1,
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1,
  UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2, UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
});
const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC, S_IFMT } = constants;

// --- Argument checks -------------------------------------------------------

function describe(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    return value.constructor && value.constructor.name ?
      ` Received an instance of ${value.constructor.name}` : ` Received ${require('util').inspect(value, { depth: -1 })}`;
  }
  let shown = require('util').inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, expected, value) {
  return nodeErrorWithMessage('ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}.${describe(value)}`);
}

function invalidArgValue(name, value, reason = 'is invalid') {
  return new codes.ERR_INVALID_ARG_VALUE(name, value, reason);
}

// A path: a string, a Buffer/Uint8Array, or a file: URL.
function toPath(path, name = 'path') {
  if (typeof path === 'string') {
    if (path.includes('\u0000')) throw invalidArgValue(name, path, 'must be a string, Uint8Array, or URL without null bytes');
    return path;
  }
  if (path instanceof Uint8Array) return path;
  if (path !== null && typeof path === 'object' && typeof path.href === 'string' && path.protocol !== undefined) {
    return require('url').fileURLToPath(path);
  }
  throw invalidArgType(name, 'of type string or an instance of Buffer or URL', path);
}

// Node 20 checks fds of reads and writes in JS (`RangeError [ERR_…]: …`)
// and the others in C++ (a plain `RangeError: …` with a code): `checkedInJs`.
function toFd(fd, checkedInJs = false) {
  if (!Number.isInteger(fd)) {
    const err = invalidArgType('fd', 'of type number', fd);
    if (checkedInJs) throw err;
    throw nativeErrorWithCode(TypeError, err.code, err.message, toFd);
  }
  if (fd < 0 || fd > 2147483647) {
    const err = new codes.ERR_OUT_OF_RANGE('fd', '>= 0 && <= 2147483647', fd);
    if (checkedInJs) throw err;
    throw nativeErrorWithCode(RangeError, err.code, err.message, toFd);
  }
  return fd;
}

// readSync and writeSync check their fd natively in Node 24, after the
// buffer: errors without the code in their stack header, and a
// non-integer number is out of range.
function toFdChecked(fd) {
  if (typeof fd !== 'number') {
    const err = invalidArgType('fd', 'of type number', fd);
    throw nativeErrorWithCode(TypeError, err.code, err.message, toFdChecked);
  }
  if (!Number.isInteger(fd)) {
    const err = new codes.ERR_OUT_OF_RANGE('fd', 'an integer', fd);
    throw nativeErrorWithCode(RangeError, err.code, err.message, toFdChecked);
  }
  return toFd(fd);
}

function isFd(value) {
  return Number.isInteger(value) && value >= 0;
}

function stringToFlags(flags, name = 'flags') {
  if (typeof flags === 'number') return flags;
  if (flags == null) return O_RDONLY;
  switch (flags) {
    case 'r': return O_RDONLY;
    case 'rs': case 'sr': return O_RDONLY | O_SYNC;
    case 'r+': return O_RDWR;
    case 'rs+': case 'sr+': return O_RDWR | O_SYNC;
    case 'w': return O_TRUNC | O_CREAT | O_WRONLY;
    case 'wx': case 'xw': return O_TRUNC | O_CREAT | O_WRONLY | O_EXCL;
    case 'w+': return O_TRUNC | O_CREAT | O_RDWR;
    case 'wx+': case 'xw+': return O_TRUNC | O_CREAT | O_RDWR | O_EXCL;
    case 'a': return O_APPEND | O_CREAT | O_WRONLY;
    case 'ax': case 'xa': return O_APPEND | O_CREAT | O_WRONLY | O_EXCL;
    case 'as': case 'sa': return O_APPEND | O_CREAT | O_WRONLY | O_SYNC;
    case 'a+': return O_APPEND | O_CREAT | O_RDWR;
    case 'ax+': case 'xa+': return O_APPEND | O_CREAT | O_RDWR | O_EXCL;
    case 'as+': case 'sa+': return O_APPEND | O_CREAT | O_RDWR | O_SYNC;
    default: throw invalidArgValue(name, flags);
  }
}

function parseMode(mode, def) {
  if (mode === undefined || mode === null) return def;
  if (typeof mode === 'string') {
    if (!/^[0-7]+$/.test(mode)) throw invalidArgValue('mode', mode, 'must be a 32-bit unsigned integer or an octal string');
    return parseInt(mode, 8);
  }
  if (!Number.isInteger(mode)) throw invalidArgType('mode', 'of type number', mode);
  return mode;
}

function getOptions(options, defaults = {}) {
  if (options === undefined || options === null || typeof options === 'function') return { ...defaults };
  if (typeof options === 'string') return { ...defaults, encoding: options };
  if (typeof options !== 'object') throw invalidArgType('options', 'one of type string or an instance of Object', options);
  return { ...defaults, ...options };
}

function maybeCallback(cb) {
  if (typeof cb !== 'function') throw invalidArgType('cb', 'of type function', cb);
  return cb;
}

function encodeResult(bytes, encoding) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding && encoding !== 'buffer' ? buffer.toString(encoding) : buffer;
}

function encodeString(value, encoding) {
  if (encoding === 'buffer') return Buffer.from(value);
  return value;
}

function dataBytes(data, encoding) {
  if (typeof data === 'string') {
    return !encoding || encoding === 'utf8' || encoding === 'utf-8' ? data : Buffer.from(data, encoding);
  }
  if (ArrayBuffer.isView(data)) return data;
  throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

function toSeconds(time, name) {
  if (typeof time === 'number') return time;
  if (typeof time === 'bigint') return Number(time);
  if (time instanceof Date) return time.getTime() / 1000;
  if (typeof time === 'string' && time !== '' && !Number.isNaN(+time)) return +time;
  throw invalidArgType(name, 'of type number or an instance of Date', time);
}

// --- Stats and Dirent --------------------------------------------------------

function dateOf(ms) {
  return new Date(Math.round(ms));
}

class StatsBase {
  isFile() { return this._checkModeProperty(constants.S_IFREG); }
  isDirectory() { return this._checkModeProperty(constants.S_IFDIR); }
  isSymbolicLink() { return this._checkModeProperty(constants.S_IFLNK); }
  isBlockDevice() { return this._checkModeProperty(constants.S_IFBLK); }
  isCharacterDevice() { return this._checkModeProperty(constants.S_IFCHR); }
  isFIFO() { return this._checkModeProperty(constants.S_IFIFO); }
  isSocket() { return this._checkModeProperty(constants.S_IFSOCK); }
}

class Stats extends StatsBase {
  constructor(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
    super();
    this.dev = dev;
    this.mode = mode;
    this.nlink = nlink;
    this.uid = uid;
    this.gid = gid;
    this.rdev = rdev;
    this.blksize = blksize;
    this.ino = ino;
    this.size = size;
    this.blocks = blocks;
    this.atimeMs = atimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = ctimeMs;
    this.birthtimeMs = birthtimeMs;
    this.atime = dateOf(atimeMs);
    this.mtime = dateOf(mtimeMs);
    this.ctime = dateOf(ctimeMs);
    this.birthtime = dateOf(birthtimeMs);
  }

  _checkModeProperty(property) {
    return (this.mode & S_IFMT) === property;
  }
}

class BigIntStats extends StatsBase {
  constructor(values) {
    super();
    const names = ['dev', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'blksize', 'ino', 'size', 'blocks'];
    names.forEach((name, i) => { this[name] = BigInt(Math.trunc(values[i])); });
    const times = ['atime', 'mtime', 'ctime', 'birthtime'];
    times.forEach((name, i) => {
      const ms = values[10 + i];
      this[`${name}Ms`] = BigInt(Math.trunc(ms));
      this[`${name}Ns`] = BigInt(Math.round(ms * 1e6));
    });
    times.forEach((name, i) => { this[name] = dateOf(values[10 + i]); });
  }

  _checkModeProperty(property) {
    return (this.mode & BigInt(S_IFMT)) === BigInt(property);
  }
}

function makeStats(values, bigint) {
  if (values === undefined) return undefined;
  if (bigint) return new BigIntStats(values);
  return new Stats(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
    values[7], values[8], values[9], values[10], values[11], values[12], values[13]);
}

const kType = Symbol('type');

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }

  isDirectory() { return this[kType] === constants.UV_DIRENT_DIR; }
  isFile() { return this[kType] === constants.UV_DIRENT_FILE; }
  isBlockDevice() { return this[kType] === constants.UV_DIRENT_BLOCK; }
  isCharacterDevice() { return this[kType] === constants.UV_DIRENT_CHAR; }
  isSymbolicLink() { return this[kType] === constants.UV_DIRENT_LINK; }
  isFIFO() { return this[kType] === constants.UV_DIRENT_FIFO; }
  isSocket() { return this[kType] === constants.UV_DIRENT_SOCKET; }
}

// --- Synchronous API ---------------------------------------------------------

let existsSyncWarned = false;

function existsSync(path) {
  try {
    path = toPath(path);
  } catch (err) {
    // DEP0187 (Node 24): a path of the wrong type is deprecated; it still
    // answers false. Warned once.
    if (err?.code === 'ERR_INVALID_ARG_TYPE' && !existsSyncWarned) {
      existsSyncWarned = true;
      process.emitWarning('Passing invalid argument types to fs.existsSync is deprecated', 'DeprecationWarning', 'DEP0187');
    }
    return false;
  }
  return binding.op_fs_exists_sync(path);
}

function accessSync(path, mode = constants.F_OK) {
  binding.op_fs_access_sync(toPath(path), mode);
}

function statSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  const values = binding.op_fs_stat_sync(toPath(path), true, options.throwIfNoEntry !== false);
  return makeStats(values, options.bigint);
}

function lstatSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  const values = binding.op_fs_stat_sync(toPath(path), false, options.throwIfNoEntry !== false);
  return makeStats(values, options.bigint);
}

function fstatSync(fd, options = { bigint: false }) {
  return makeStats(binding.op_fs_fstat_sync(toFd(fd)), options.bigint);
}

function readFileSync(path, options) {
  options = getOptions(options, { flag: 'r' });
  const target = isFd(path) ? path : toPath(path);
  return encodeResult(binding.op_fs_read_file_sync(target, stringToFlags(options.flag)), options.encoding);
}

function writeFileSync(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
  const target = isFd(path) ? path : toPath(path);
  binding.op_fs_write_file_sync(target, dataBytes(data, options.encoding), stringToFlags(options.flag), parseMode(options.mode, 0o666));
}

function appendFileSync(path, data, options) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  writeFileSync(path, data, options);
}

function readdirEntries(path, options, list) {
  const withTypes = !!options.withFileTypes;
  if (options.recursive) return readdirSyncRecursive(path, options, list);
  const result = list(path, withTypes);
  if (!withTypes) return result.map((name) => encodeString(name, options.encoding));
  const [names, types] = result;
  return names.map((name, i) => new Dirent(encodeString(name, options.encoding), types[i], path));
}

// Node 24's recursive listing: breadth-first, each folder's entries in
// order. Paths are relative to `basePath`; Dirents name their own folder.
// A symlink to a folder is entered (stat), with or without withFileTypes.
function readdirSyncRecursive(basePath, options, list) {
  const withTypes = !!options.withFileTypes;
  const results = [];
  const queue = [basePath];
  for (let q = 0; q < queue.length; q++) {
    const dir = queue[q];
    const [names, types] = list(dir, true);
    for (let i = 0; i < names.length; i++) {
      const full = pathModule.join(dir, names[i]);
      if (withTypes) {
        const dirent = new Dirent(encodeString(names[i], options.encoding), types[i], dir);
        results.push(dirent);
        if (dirent.isDirectory() || (dirent.isSymbolicLink() && binding.op_fs_stat_kind_sync(full) === 1)) {
          queue.push(full);
        }
      } else {
        results.push(encodeString(pathModule.relative(basePath, full), options.encoding));
        if (binding.op_fs_stat_kind_sync(full) === 1) queue.push(full);
      }
    }
  }
  return results;
}

function readdirSync(path, options) {
  options = getOptions(options, { encoding: 'utf8', withFileTypes: false });
  path = toPath(path);
  return readdirEntries(path, options, (dir, withTypes) => binding.op_fs_readdir_sync(dir, withTypes));
}

function mkdirSync(path, options) {
  let recursive = false;
  let mode = 0o777;
  if (typeof options === 'number' || typeof options === 'string') {
    mode = parseMode(options, 0o777);
  } else if (options) {
    recursive = !!options.recursive;
    mode = parseMode(options.mode, 0o777);
  }
  return binding.op_fs_mkdir_sync(toPath(path), recursive, mode);
}

function rmSync(path, options = {}) {
  binding.op_fs_rm_sync(toPath(path), !!options.recursive, !!options.force);
}

function rmdirSync(path, options = {}) {
  if (options.recursive) {
    binding.op_fs_rm_sync(toPath(path), true, false);
    return;
  }
  binding.op_fs_rmdir_sync(toPath(path));
}

function unlinkSync(path) { binding.op_fs_unlink_sync(toPath(path)); }
function renameSync(oldPath, newPath) { binding.op_fs_rename_sync(toPath(oldPath, 'oldPath'), toPath(newPath, 'newPath')); }
function copyFileSync(src, dest, mode = 0) { binding.op_fs_copy_file_sync(toPath(src, 'src'), toPath(dest, 'dest'), mode); }
function linkSync(existingPath, newPath) { binding.op_fs_link_sync(toPath(existingPath, 'existingPath'), toPath(newPath, 'newPath')); }
function symlinkSync(target, path) { binding.op_fs_symlink_sync(toPath(target, 'target'), toPath(path)); }

function readlinkSync(path, options) {
  options = getOptions(options, { encoding: 'utf8' });
  return encodeString(binding.op_fs_readlink_sync(toPath(path)), options.encoding);
}

function realpathSync(path, options) {
  options = getOptions(options, { encoding: 'utf8' });
  return encodeString(binding.op_fs_realpath_sync(toPath(path)), options.encoding);
}
realpathSync.native = realpathSync;

function chmodSync(path, mode) { binding.op_fs_chmod_sync(toPath(path), parseMode(mode)); }
function chownSync(path, uid, gid) { binding.op_fs_chown_sync(toPath(path), uid, gid); }
function utimesSync(path, atime, mtime) {
  binding.op_fs_utimes_sync(toPath(path), toSeconds(atime, 'atime'), toSeconds(mtime, 'mtime'));
}
function futimesSync(fd, atime, mtime) {
  binding.op_fs_futimes_sync(toFd(fd), toSeconds(atime, 'atime'), toSeconds(mtime, 'mtime'));
}
function lutimesSync(path, atime, mtime) {
  binding.op_fs_lutimes_sync(toPath(path), toSeconds(atime, 'atime'), toSeconds(mtime, 'mtime'));
}
function fchmodSync(fd, mode) { binding.op_fs_fchmod_sync(toFd(fd), parseMode(mode)); }
function fchownSync(fd, uid, gid) { binding.op_fs_fchown_sync(toFd(fd), uid, gid); }
function lchownSync(path, uid, gid) { binding.op_fs_lchown_sync(toPath(path), uid, gid); }

// fs.statfs's result (numbers, or bigints with `bigint`).
class StatFs {
  constructor(values, bigint) {
    const convert = bigint ? BigInt : Number;
    this.type = convert(values[0]);
    this.bsize = convert(values[1]);
    this.frsize = convert(values[7]);
    this.blocks = convert(values[2]);
    this.bfree = convert(values[3]);
    this.bavail = convert(values[4]);
    this.files = convert(values[5]);
    this.ffree = convert(values[6]);
  }
}
function statfsSync(path, options = { bigint: false }) {
  return new StatFs(binding.op_fs_statfs_sync(toPath(path)), options.bigint);
}

// readv/writev: one read or write of all the buffers together.
function checkBuffers(buffers) {
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw invalidArgType('buffers', 'an instance of ArrayBufferView[]', buffers);
  }
  return buffers;
}
function scatter(buffers, source, count) {
  let offset = 0;
  for (const b of buffers) {
    if (offset >= count) break;
    const view = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    const n = Math.min(view.byteLength, count - offset);
    view.set(source.subarray(offset, offset + n));
    offset += n;
  }
}
function gather(buffers) {
  return Buffer.concat(buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
}
function readvSync(fd, buffers, position = null) {
  checkBuffers(buffers);
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const tmp = Buffer.alloc(total);
  const n = readSync(fd, tmp, 0, total, typeof position === 'number' ? position : null);
  scatter(buffers, tmp, n);
  return n;
}
function writevSync(fd, buffers, position = null) {
  checkBuffers(buffers);
  return writeSync(fd, gather(buffers), 0, undefined, typeof position === 'number' ? position : null);
}

function truncateSync(path, len = 0) {
  if (isFd(path)) return ftruncateSync(path, len);
  binding.op_fs_truncate_sync(toPath(path), len);
}
function ftruncateSync(fd, len = 0) { binding.op_fs_ftruncate_sync(toFd(fd), len); }
function fsyncSync(fd) { binding.op_fs_fsync_sync(toFd(fd)); }

function mkdtempSync(prefix, options) {
  options = getOptions(options, { encoding: 'utf8' });
  return encodeString(binding.op_fs_mkdtemp_sync(toPath(prefix, 'prefix')), options.encoding);
}

function openSync(path, flags, mode) {
  return binding.op_fs_open_sync(toPath(path), stringToFlags(flags), parseMode(mode, 0o666));
}

function closeSync(fd) { binding.op_fs_close_sync(toFd(fd)); }

function readArgs(buffer, offsetOrOptions, length, position) {
  if (!ArrayBuffer.isView(buffer)) throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
  let offset = offsetOrOptions;
  if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') {
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  }
  if (offset === undefined || offset === null) offset = 0;
  if (length === undefined) length = buffer.byteLength - offset;
  if (position === undefined || position === null || position === -1) position = -1;
  return { offset, length, position: typeof position === 'bigint' ? Number(position) : position };
}

function readSync(fd, buffer, offsetOrOptions, length, position) {
  const args = readArgs(buffer, offsetOrOptions, length, position);
  fd = toFdChecked(fd);
  return binding.op_fs_read_sync(fd, buffer, args.offset, args.length, args.position);
}

function writeArgs(buffer, offsetOrOptions, length, position) {
  if (typeof buffer === 'string') {
    // (fd, string[, position[, encoding]])
    const encoding = typeof length === 'string' ? length : 'utf8';
    const pos = typeof offsetOrOptions === 'number' ? offsetOrOptions : -1;
    return { data: dataBytes(buffer, encoding), position: pos };
  }
  if (!ArrayBuffer.isView(buffer)) {
    throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
  }
  let offset = offsetOrOptions;
  if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') {
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
  }
  offset = offset || 0;
  if (length === undefined || length === null) length = buffer.byteLength - offset;
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
  return { data: bytes, position: typeof position === 'number' ? position : -1 };
}

function writeSync(fd, buffer, offsetOrOptions, length, position) {
  const args = writeArgs(buffer, offsetOrOptions, length, position);
  return binding.op_fs_write_sync(toFdChecked(fd), args.data, args.position);
}

// --- Callback API -------------------------------------------------------------

// Runs an async op; `map` turns its result into what the callback gets.
function callAsync(op, args, callback, map = (value) => value) {
  maybeCallback(callback);
  op(...args, (err, value) => {
    if (err) {
      callback(err);
      return;
    }
    let mapped;
    try {
      mapped = map(value);
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, mapped);
  });
}

// Argument errors reach the callback asynchronously, as Node's do for
// errors found while preparing (not for type errors of the arguments).
function lastCallback(args) {
  const cb = args[args.length - 1];
  return maybeCallback(cb);
}

function access(path, mode, callback) {
  if (typeof mode === 'function') { callback = mode; mode = constants.F_OK; }
  callAsync(binding.op_fs_access_async, [toPath(path), mode], callback, () => undefined);
}

function exists(path, callback) {
  maybeCallback(callback);
  let p;
  try {
    p = toPath(path);
  } catch {
    process.nextTick(callback, false);
    return;
  }
  binding.op_fs_access_async(p, constants.F_OK, (err) => callback(!err));
}

function stat(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  callAsync(binding.op_fs_stat_async, [toPath(path), true, true], callback, (v) => makeStats(v, options && options.bigint));
}

function lstat(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  callAsync(binding.op_fs_stat_async, [toPath(path), false, true], callback, (v) => makeStats(v, options && options.bigint));
}

function fstat(fd, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  callAsync(binding.op_fs_fstat_async, [toFd(fd)], callback, (v) => makeStats(v, options && options.bigint));
}

// readFile and writeFile go step by step as Node's do, each step its own
// request on the thread pool queued by the last one's callback (open,
// fstat, reads, close; open, writes, close): a request made before them
// completes first, and a file's callback comes no sooner than its fourth
// poll phase, after the first few setImmediate callbacks.
const kReadFileBufferLength = 512 * 1024;
const kReadFileUnknownBufferLength = 64 * 1024;
// The largest Buffer a file is read into (2 GiB - 1).
const kIoMaxLength = 2 ** 31 - 1;

function readFile(path, options, callback) {
  callback = lastCallback([options, callback].filter((a) => a !== undefined));
  options = getOptions(typeof options === 'function' ? undefined : options, { flag: 'r' });
  const userFd = isFd(path);
  const target = userFd ? path : toPath(path);
  const flags = stringToFlags(options.flag);
  let fd;
  // A regular file's size from fstat (read that much); 0: read to the end.
  let size = 0;
  let pos = 0;
  const chunks = [];

  function done(err) {
    if (err) {
      callback(err);
      return;
    }
    let result;
    try {
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, pos);
      result = encodeResult(bytes, options.encoding);
    } catch (error) {
      callback(error);
      return;
    }
    callback(null, result);
  }
  function close(err) {
    if (userFd) process.nextTick(done, err);
    else binding.op_fs_close_async(fd, (closeErr) => done(err || closeErr));
  }
  function read() {
    const length = size === 0 ? kReadFileUnknownBufferLength : Math.min(kReadFileBufferLength, size - pos);
    binding.op_fs_read_async(fd, length, -1, afterRead);
  }
  function afterRead(err, bytes) {
    if (err) {
      close(err);
      return;
    }
    pos += bytes.length;
    if (bytes.length > 0) chunks.push(bytes);
    if (pos === size || bytes.length === 0) close();
    else read();
  }
  function afterStat(err, stats) {
    if (err) {
      close(err);
      return;
    }
    size = (stats[1] & S_IFMT) === constants.S_IFREG ? stats[8] : 0;
    if (size > kIoMaxLength) {
      close(new codes.ERR_FS_FILE_TOO_LARGE(size));
      return;
    }
    read();
  }
  function afterOpen(err, openedFd) {
    if (err) {
      callback(err);
      return;
    }
    fd = openedFd;
    binding.op_fs_fstat_async(fd, afterStat);
  }
  if (userFd) process.nextTick(afterOpen, null, target);
  else binding.op_fs_open_async(target, flags, 0o666, afterOpen);
}

function writeFile(path, data, options, callback) {
  callback = lastCallback([options, callback].filter((a) => a !== undefined));
  options = getOptions(typeof options === 'function' ? undefined : options, { encoding: 'utf8', mode: 0o666, flag: 'w' });
  const userFd = isFd(path);
  const target = userFd ? path : toPath(path);
  const given = dataBytes(data, options.encoding);
  const bytes = typeof given === 'string' ?
    Buffer.from(given, 'utf8') : new Uint8Array(given.buffer, given.byteOffset, given.byteLength);

  function writeAll(fd, offset) {
    const rest = offset === 0 ? bytes : bytes.subarray(offset);
    binding.op_fs_write_async(fd, rest, null, (err, written) => {
      if (err) {
        if (userFd) callback(err);
        else binding.op_fs_close_async(fd, (closeErr) => callback(err || closeErr));
      } else if (offset + written >= bytes.byteLength) {
        if (userFd) callback(null);
        else binding.op_fs_close_async(fd, (closeErr) => callback(closeErr || null));
      } else {
        writeAll(fd, offset + written);
      }
    });
  }
  if (userFd) {
    writeAll(target, 0);
    return;
  }
  binding.op_fs_open_async(target, stringToFlags(options.flag), parseMode(options.mode, 0o666), (err, fd) => {
    if (err) callback(err);
    else writeAll(fd, 0);
  });
}

function appendFile(path, data, options, callback) {
  callback = lastCallback([options, callback].filter((a) => a !== undefined));
  options = getOptions(typeof options === 'function' ? undefined : options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  writeFile(path, data, options, callback);
}

function readdir(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  options = getOptions(options, { encoding: 'utf8', withFileTypes: false });
  maybeCallback(callback);
  const p = toPath(path);
  if (options.recursive) {
    // One synchronous walk; the callback gets its result or error later,
    // as Node 24's does.
    let result;
    try {
      result = readdirSync(p, options);
    } catch (err) {
      process.nextTick(callback, err);
      return;
    }
    process.nextTick(callback, null, result);
    return;
  }
  callAsync(binding.op_fs_readdir_async, [p, !!options.withFileTypes], callback, (result) => {
    if (!options.withFileTypes) return result.map((name) => encodeString(name, options.encoding));
    const [names, types] = result;
    return names.map((name, i) => new Dirent(encodeString(name, options.encoding), types[i], p));
  });
}

function mkdir(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  let recursive = false;
  let mode = 0o777;
  if (typeof options === 'number' || typeof options === 'string') {
    mode = parseMode(options, 0o777);
  } else if (options) {
    recursive = !!options.recursive;
    mode = parseMode(options.mode, 0o777);
  }
  callAsync(binding.op_fs_mkdir_async, [toPath(path), recursive, mode], callback);
}

function rm(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  options = options || {};
  callAsync(binding.op_fs_rm_async, [toPath(path), !!options.recursive, !!options.force], callback, () => undefined);
}

function rmdir(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (options && options.recursive) {
    callAsync(binding.op_fs_rm_async, [toPath(path), true, false], callback, () => undefined);
    return;
  }
  callAsync(binding.op_fs_rmdir_async, [toPath(path)], callback, () => undefined);
}

function simple(op, ...names) {
  return function simpleAsync(...args) {
    const callback = args.pop();
    const converted = names.map((name, i) => (name === 'fd' ? toFd(args[i]) : name === '-' ? args[i] : toPath(args[i], name)));
    callAsync(op, converted, callback, () => undefined);
  };
}

const unlink = simple(binding.op_fs_unlink_async, 'path');
const rename = simple(binding.op_fs_rename_async, 'oldPath', 'newPath');
const link = simple(binding.op_fs_link_async, 'existingPath', 'newPath');
const fsync = simple(binding.op_fs_fsync_async, 'fd');

function symlink(target, path, type, callback) {
  if (typeof type === 'function') callback = type;
  callAsync(binding.op_fs_symlink_async, [toPath(target, 'target'), toPath(path)], callback, () => undefined);
}

function copyFile(src, dest, mode, callback) {
  if (typeof mode === 'function') { callback = mode; mode = 0; }
  callAsync(binding.op_fs_copy_file_async, [toPath(src, 'src'), toPath(dest, 'dest'), mode], callback, () => undefined);
}

function readlink(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  options = getOptions(options, { encoding: 'utf8' });
  callAsync(binding.op_fs_readlink_async, [toPath(path)], callback, (v) => encodeString(v, options.encoding));
}

function realpath(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  options = getOptions(options, { encoding: 'utf8' });
  callAsync(binding.op_fs_realpath_async, [toPath(path)], callback, (v) => encodeString(v, options.encoding));
}
realpath.native = realpath;

function chmod(path, mode, callback) {
  callAsync(binding.op_fs_chmod_async, [toPath(path), parseMode(mode)], callback, () => undefined);
}

function chown(path, uid, gid, callback) {
  callAsync(binding.op_fs_chown_async, [toPath(path), uid, gid], callback, () => undefined);
}

function utimes(path, atime, mtime, callback) {
  callAsync(binding.op_fs_utimes_async, [toPath(path), toSeconds(atime, 'atime'), toSeconds(mtime, 'mtime')], callback, () => undefined);
}

function futimes(fd, atime, mtime, callback) {
  callAsync(binding.op_fs_futimes_async, [toFd(fd), toSeconds(atime, 'atime'), toSeconds(mtime, 'mtime')], callback, () => undefined);
}

function lutimes(path, atime, mtime, callback) {
  callAsync(binding.op_fs_lutimes_async, [toPath(path), toSeconds(atime, 'atime'), toSeconds(mtime, 'mtime')], callback, () => undefined);
}
function fchmod(fd, mode, callback) {
  callAsync(binding.op_fs_fchmod_async, [toFd(fd), parseMode(mode)], callback, () => undefined);
}
function fchown(fd, uid, gid, callback) {
  callAsync(binding.op_fs_fchown_async, [toFd(fd), uid, gid], callback, () => undefined);
}
function lchown(path, uid, gid, callback) {
  callAsync(binding.op_fs_lchown_async, [toPath(path), uid, gid], callback, () => undefined);
}
function statfs(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = { bigint: false }; }
  const bigint = !!(options && options.bigint);
  callAsync(binding.op_fs_statfs_async, [toPath(path)], callback, (values) => new StatFs(values, bigint));
}
function readv(fd, buffers, position, callback) {
  if (typeof position === 'function') { callback = position; position = null; }
  maybeCallback(callback);
  checkBuffers(buffers);
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const tmp = Buffer.alloc(total);
  read(fd, tmp, 0, total, typeof position === 'number' ? position : null, (err, n) => {
    if (err) { callback(err); return; }
    scatter(buffers, tmp, n);
    callback(null, n, buffers);
  });
}
function writev(fd, buffers, position, callback) {
  if (typeof position === 'function') { callback = position; position = null; }
  maybeCallback(callback);
  checkBuffers(buffers);
  const data = gather(buffers);
  write(fd, data, 0, data.length, typeof position === 'number' ? position : null, (err, n) => {
    if (err) callback(err);
    else callback(null, n, buffers);
  });
}

function truncate(path, len, callback) {
  if (typeof len === 'function') { callback = len; len = 0; }
  if (isFd(path)) {
    ftruncate(path, len, callback);
    return;
  }
  callAsync(binding.op_fs_truncate_async, [toPath(path), len || 0], callback, () => undefined);
}

function ftruncate(fd, len, callback) {
  if (typeof len === 'function') { callback = len; len = 0; }
  callAsync(binding.op_fs_ftruncate_async, [toFd(fd), len || 0], callback, () => undefined);
}

function mkdtemp(prefix, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  options = getOptions(options, { encoding: 'utf8' });
  callAsync(binding.op_fs_mkdtemp_async, [toPath(prefix, 'prefix')], callback, (v) => encodeString(v, options.encoding));
}

function open(path, flags, mode, callback) {
  if (typeof flags === 'function') { callback = flags; flags = 'r'; mode = 0o666; }
  else if (typeof mode === 'function') { callback = mode; mode = 0o666; }
  callAsync(binding.op_fs_open_async, [toPath(path), stringToFlags(flags), parseMode(mode, 0o666)], callback);
}

function close(fd, callback = () => {}) {
  callAsync(binding.op_fs_close_async, [toFd(fd)], callback, () => undefined);
}

function read(fd, buffer, offsetOrOptions, length, position, callback) {
  if (typeof buffer === 'function') {
    callback = buffer;
    buffer = Buffer.alloc(16384);
    offsetOrOptions = 0;
  } else if (typeof offsetOrOptions === 'function') {
    callback = offsetOrOptions;
    offsetOrOptions = undefined;
  } else if (typeof length === 'function') {
    callback = length;
    length = undefined;
  }
  const args = readArgs(buffer, offsetOrOptions, length, position);
  callAsync(binding.op_fs_read_async, [toFd(fd, true), args.length, args.position], (err, bytes) => {
    if (err) {
      callback(err);
      return;
    }
    new Uint8Array(buffer.buffer, buffer.byteOffset + args.offset, bytes.length).set(bytes);
    callback(null, bytes.length, buffer);
  });
}

function write(fd, buffer, offsetOrOptions, length, position, callback) {
  const all = [buffer, offsetOrOptions, length, position, callback];
  const cbIndex = all.findIndex((a) => typeof a === 'function');
  callback = all[cbIndex];
  for (let i = cbIndex; i < all.length; i++) all[i] = undefined;
  const args = writeArgs(all[0], all[1], all[2], all[3]);
  callAsync(binding.op_fs_write_async, [toFd(fd, true), args.data, args.position], (err, written) => {
    if (err) callback(err);
    else callback(null, written, buffer);
  });
}

// --- Streams -------------------------------------------------------------------

// What ReadStream and WriteStream share: opening `path` unless given an fd
// ('open' then 'ready'), and closing the fd on destroy when `autoClose`.
function openStreamFile(stream, callback) {
  if (stream.fd !== null) {
    callback();
    return;
  }
  open(stream.path, stream.flags, stream.mode, (err, fd) => {
    if (err) {
      callback(err);
      return;
    }
    stream.fd = fd;
    stream.emit('open', fd);
    stream.emit('ready');
    callback();
  });
}

function closeStreamFile(stream, err, callback) {
  if (stream.fd !== null && stream.autoClose) {
    const fd = stream.fd;
    stream.fd = null;
    binding.op_fs_close_async(fd, () => callback(err));
    return;
  }
  callback(err);
}

class ReadStream extends Readable {
  constructor(path, options) {
    options = getOptions(options, {});
    super({ highWaterMark: options.highWaterMark || 64 * 1024, encoding: options.encoding, emitClose: options.emitClose !== false, autoDestroy: options.autoDestroy !== false });
    this.path = options.fd === undefined ? toPath(path) : undefined;
    this.fd = options.fd === undefined ? null : options.fd;
    this.flags = options.flags === undefined ? 'r' : options.flags;
    this.mode = options.mode === undefined ? 0o666 : options.mode;
    this.start = options.start;
    this.end = options.end === undefined ? Infinity : options.end;
    this.pos = this.start;
    this.bytesRead = 0;
    this.autoClose = options.autoClose !== false;
  }

  _construct(callback) {
    openStreamFile(this, callback);
  }

  _read(size) {
    const remaining = this.end - (this.pos === undefined ? this.bytesRead : this.pos) + 1;
    const toRead = Math.min(size, remaining);
    if (toRead <= 0) {
      this.push(null);
      return;
    }
    const position = this.pos === undefined ? -1 : this.pos;
    binding.op_fs_read_async(this.fd, toRead, position, (err, bytes) => {
      if (err) {
        this.destroy(err);
        return;
      }
      if (this.pos !== undefined) this.pos += bytes.length;
      this.bytesRead += bytes.length;
      this.push(bytes.length === 0 ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  }

  _destroy(err, callback) {
    closeStreamFile(this, err, callback);
  }

  close(callback) {
    if (typeof callback === 'function') this.once('close', callback);
    this.destroy();
  }

  get pending() { return this.fd === null; }
}

class WriteStream extends Writable {
  constructor(path, options) {
    options = getOptions(options, {});
    super({ highWaterMark: options.highWaterMark, decodeStrings: true, emitClose: options.emitClose !== false, autoDestroy: options.autoDestroy !== false });
    this.path = options.fd === undefined ? toPath(path) : undefined;
    this.fd = options.fd === undefined ? null : options.fd;
    this.flags = options.flags === undefined ? 'w' : options.flags;
    this.mode = options.mode === undefined ? 0o666 : options.mode;
    this.start = options.start;
    this.pos = this.start;
    this.bytesWritten = 0;
    this.autoClose = options.autoClose !== false;
    if (options.encoding) this.setDefaultEncoding(options.encoding);
  }

  _construct(callback) {
    openStreamFile(this, callback);
  }

  _write(chunk, encoding, callback) {
    const position = this.pos === undefined ? -1 : this.pos;
    binding.op_fs_write_async(this.fd, chunk, position, (err, written) => {
      if (err) {
        callback(err);
        return;
      }
      this.bytesWritten += written;
      if (this.pos !== undefined) this.pos += written;
      callback();
    });
  }

  _destroy(err, callback) {
    closeStreamFile(this, err, callback);
  }

  close(callback) {
    if (typeof callback === 'function') this.once('close', callback);
    if (!this.writableEnded) this.end();
    else this.destroy();
  }

  get pending() { return this.fd === null; }
}

function createReadStream(path, options) {
  return new ReadStream(path, options);
}

function createWriteStream(path, options) {
  return new WriteStream(path, options);
}

module.exports = {
  constants,
  F_OK: constants.F_OK, R_OK: constants.R_OK, W_OK: constants.W_OK, X_OK: constants.X_OK,
  Stats, Dirent, ReadStream, WriteStream, createReadStream, createWriteStream,
  existsSync, accessSync, statSync, lstatSync, fstatSync, readFileSync, writeFileSync, appendFileSync,
  readdirSync, mkdirSync, rmSync, rmdirSync, unlinkSync, renameSync, copyFileSync, linkSync, symlinkSync,
  readlinkSync, realpathSync, chmodSync, chownSync, utimesSync, futimesSync, truncateSync, ftruncateSync,
  fsyncSync, fdatasyncSync: fsyncSync, mkdtempSync, openSync, closeSync, readSync, writeSync,
  access, exists, stat, lstat, fstat, readFile, writeFile, appendFile, readdir, mkdir, rm, rmdir, unlink,
  rename, link, symlink, copyFile, readlink, realpath, chmod, chown, utimes, futimes, truncate, ftruncate,
  fsync, fdatasync: fsync, mkdtemp, open, close, read, write,
  lutimes, lutimesSync, fchmod, fchmodSync, fchown, fchownSync, lchown, lchownSync,
  // lchmod exists on macOS only; Node's keys list it as undefined elsewhere.
  lchmod: undefined, lchmodSync: undefined,
  statfs, statfsSync, readv, readvSync, writev, writevSync,
  Dir, opendir, opendirSync,
  watch: watchers.watch, watchFile: watchers.watchFile, unwatchFile: watchers.unwatchFile,
  // The legacy names of the file stream classes.
  FileReadStream: ReadStream, FileWriteStream: WriteStream,
  _toUnixTimestamp: toSeconds,
  get promises() {
    return require('fs/promises');
  },
};
// What the other fs modules share: path checks, stat values and Stats.
function statValues(path, callback) {
  binding.op_fs_stat_async(path, true, true, callback);
}
Object.defineProperty(module.exports, kFsInternals, { __proto__: null, value: { toPath, statValues, makeStats } });
