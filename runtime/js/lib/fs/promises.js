'use strict';
// node:fs/promises — the callback API of node:fs as promises, and
// FileHandle for open().

const fs = require('fs');

function promisify(fn) {
  return (...args) => new Promise((resolve, reject) => {
    fn(...args, (err, value) => (err ? reject(err) : resolve(value)));
  });
}

const kFd = Symbol('kFd');

class FileHandle {
  constructor(fd) {
    this[kFd] = fd;
  }

  get fd() {
    return this[kFd];
  }

  async read(buffer, offset, length, position) {
    if (buffer === undefined || (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer))) {
      const options = buffer || {};
      buffer = options.buffer || require('buffer').Buffer.alloc(16384);
      offset = options.offset || 0;
      length = options.length === undefined ? buffer.byteLength - offset : options.length;
      position = options.position === undefined ? null : options.position;
    }
    return new Promise((resolve, reject) => {
      fs.read(this[kFd], buffer, offset || 0, length === undefined ? buffer.byteLength - (offset || 0) : length,
        position === undefined ? null : position,
        (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead, buffer })));
    });
  }

  async write(data, offsetOrPosition, lengthOrEncoding, position) {
    return new Promise((resolve, reject) => {
      const done = (err, bytesWritten) => (err ? reject(err) : resolve({ bytesWritten, buffer: data }));
      if (typeof data === 'string') fs.write(this[kFd], data, offsetOrPosition, lengthOrEncoding, done);
      else fs.write(this[kFd], data, offsetOrPosition, lengthOrEncoding, position, done);
    });
  }

  readFile(options) { return promisify(fs.readFile)(this[kFd], options); }
  writeFile(data, options) { return promisify(fs.writeFile)(this[kFd], data, options); }
  appendFile(data, options) { return promisify(fs.writeFile)(this[kFd], data, options); }
  stat(options) { return promisify(fs.fstat)(this[kFd], options || {}); }
  truncate(len = 0) { return promisify(fs.ftruncate)(this[kFd], len); }
  sync() { return promisify(fs.fsync)(this[kFd]); }
  datasync() { return promisify(fs.fsync)(this[kFd]); }
  utimes(atime, mtime) { return promisify(fs.futimes)(this[kFd], atime, mtime); }
  chmod(mode) { return promisify(fs.fchmod)(this[kFd], mode); }
  chown(uid, gid) { return promisify(fs.fchown)(this[kFd], uid, gid); }
  readv(buffers, position) {
    return new Promise((resolve, reject) => {
      fs.readv(this[kFd], buffers, position, (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead, buffers })));
    });
  }
  writev(buffers, position) {
    return new Promise((resolve, reject) => {
      fs.writev(this[kFd], buffers, position, (err, bytesWritten) => (err ? reject(err) : resolve({ bytesWritten, buffers })));
    });
  }

  async close() {
    if (this[kFd] === -1) return;
    const fd = this[kFd];
    this[kFd] = -1;
    await promisify(fs.close)(fd);
  }

  createReadStream(options = {}) { return fs.createReadStream(null, { ...options, fd: this[kFd] }); }
  createWriteStream(options = {}) { return fs.createWriteStream(null, { ...options, fd: this[kFd] }); }

  async [Symbol.asyncDispose]() {
    await this.close();
  }
}

async function open(path, flags, mode) {
  const fd = await promisify(fs.open)(path, flags === undefined ? 'r' : flags, mode === undefined ? 0o666 : mode);
  return new FileHandle(fd);
}

function withHandle(fn) {
  return (file, ...args) => (file instanceof FileHandle ? fn(file.fd, ...args) : fn(file, ...args));
}

// Node 20's promise readdir: one folder at a time; recursive listings
// take the most recently found folder next (a stack, not Node's sync
// breadth-first order). Without withFileTypes a symlink to a folder is
// followed, with it only real folders are entered.
async function readdir(path, options) {
  const list = promisify(fs.readdir);
  if (typeof options === 'string' || options == null || !options.recursive) return list(path, options);
  const withFileTypes = !!options.withFileTypes;
  const each = { ...options, recursive: false };
  const { op_fs_stat_kind_sync: statKind } = internalBinding('fs');
  const pathModule = require('path');
  const base = typeof path === 'string' ? path : require('url').fileURLToPath(path);
  const result = [];
  const stack = [[base, await list(base, each)]];
  while (stack.length > 0) {
    const [dir, entries] = stack.pop();
    for (const entry of entries) {
      if (withFileTypes) {
        result.push(entry);
        if (entry.isDirectory()) {
          const full = pathModule.join(dir, entry.name);
          stack.push([full, await list(full, each)]);
        }
      } else {
        const full = pathModule.join(dir, `${entry}`);
        result.push(pathModule.relative(base, full));
        if (statKind(full) === 1) stack.push([full, await list(full, each)]);
      }
    }
  }
  return result;
}

module.exports = {
  constants: fs.constants,
  access: promisify(fs.access),
  appendFile: withHandle(promisify(fs.appendFile)),
  chmod: promisify(fs.chmod),
  chown: promisify(fs.chown),
  copyFile: promisify(fs.copyFile),
  link: promisify(fs.link),
  lstat: promisify(fs.lstat),
  mkdir: promisify(fs.mkdir),
  mkdtemp: promisify(fs.mkdtemp),
  open,
  readdir,
  readFile: withHandle(promisify(fs.readFile)),
  readlink: promisify(fs.readlink),
  realpath: promisify(fs.realpath),
  rename: promisify(fs.rename),
  rm: promisify(fs.rm),
  rmdir: promisify(fs.rmdir),
  stat: promisify(fs.stat),
  symlink: promisify(fs.symlink),
  truncate: promisify(fs.truncate),
  unlink: promisify(fs.unlink),
  utimes: promisify(fs.utimes),
  lutimes: promisify(fs.lutimes),
  lchown: promisify(fs.lchown),
  lchmod: undefined,
  statfs: promisify(fs.statfs),
  opendir: require('internal/fs/dir').opendirPromise,
  watch: require('internal/fs/watchers').watchPromise,
  writeFile: withHandle(promisify(fs.writeFile)),
  FileHandle,
};
