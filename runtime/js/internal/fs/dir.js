'use strict';
// fs.Dir, fs.opendir/opendirSync and fs.promises.opendir: a directory read
// in batches of `bufferSize` entries, in the order the system gives them
// (op_fs_opendir_*, op_fs_dir_read_*, op_fs_dir_close_*). With `recursive`
// each sub-directory's entries follow it, as Node 20's do.

const { Buffer } = require('buffer');
const pathModule = require('path');
const { validateFunction, validateObject, validateUint32 } = require('internal/validators');
const {
  codes: { ERR_DIR_CLOSED, ERR_DIR_CONCURRENT_OPERATION, ERR_MISSING_ARGS },
} = require('internal/errors');

const binding = internalBinding('fs');

const kHandle = Symbol('kDirHandle');
const kBuffered = Symbol('kDirBufferedEntries');
const kPath = Symbol('kDirPath');
const kClosed = Symbol('kDirClosed');
const kQueue = Symbol('kDirOperationQueue');
const kOptions = Symbol('kDirOptions');

// Closes a Dir the program dropped without closing it.
let registry = null;
function track(dir, handle) {
  if (registry === null) {
    registry = new FinalizationRegistry((id) => binding.op_fs_dir_close_sync(id));
  }
  registry.register(dir, handle, dir);
}

function fsModule() {
  return require('fs');
}

class Dir {
  constructor(handle, path, options) {
    if (handle == null) throw new ERR_MISSING_ARGS('handle');
    this[kHandle] = handle;
    this[kBuffered] = [];
    this[kPath] = path;
    this[kClosed] = false;
    this[kQueue] = null;
    this[kOptions] = { bufferSize: 32, ...options };
    track(this, handle);
  }

  get path() {
    return this[kPath];
  }

  // Turns one batch `[names, types]` of folder `path` into Dirents.
  addEntries(path, [names, types]) {
    const { Dirent } = fsModule();
    const encoding = this[kOptions].encoding;
    for (let i = 0; i < names.length; i++) {
      const name = encoding === 'buffer' ? Buffer.from(names[i]) : names[i];
      this[kBuffered].push(new Dirent(name, types[i], path));
    }
  }

  // With `recursive`, a folder's entries join the end of the buffer when
  // the folder is handed out (read at once, as Node 20 reads them).
  next() {
    const dirent = this[kBuffered].shift();
    if (this[kOptions].recursive && dirent.isDirectory()) {
      const path = pathModule.join(dirent.parentPath, `${dirent.name}`);
      const handle = binding.op_fs_opendir_sync(path);
      try {
        for (;;) {
          const batch = binding.op_fs_dir_read_sync(handle, this[kOptions].bufferSize);
          if (batch === null) break;
          this.addEntries(path, batch);
        }
      } finally {
        binding.op_fs_dir_close_sync(handle);
      }
    }
    return dirent;
  }

  readSync() {
    if (this[kClosed]) throw new ERR_DIR_CLOSED();
    if (this[kQueue] !== null) throw new ERR_DIR_CONCURRENT_OPERATION();
    if (this[kBuffered].length > 0) return this.next();
    const batch = binding.op_fs_dir_read_sync(this[kHandle], this[kOptions].bufferSize);
    if (batch === null) return null;
    this.addEntries(this[kPath], batch);
    return this.next();
  }

  read(callback) {
    if (callback === undefined) {
      return new Promise((resolve, reject) => {
        this.read((err, dirent) => (err ? reject(err) : resolve(dirent)));
      });
    }
    validateFunction(callback, 'callback');
    if (this[kClosed]) {
      process.nextTick(callback, new ERR_DIR_CLOSED());
      return;
    }
    if (this[kQueue] !== null) {
      this[kQueue].push(() => this.read(callback));
      return;
    }
    if (this[kBuffered].length > 0) {
      let dirent;
      try {
        dirent = this.next();
      } catch (err) {
        process.nextTick(callback, err);
        return;
      }
      process.nextTick(callback, null, dirent);
      return;
    }
    this[kQueue] = [];
    binding.op_fs_dir_read_async(this[kHandle], this[kOptions].bufferSize, (err, batch) => {
      const queue = this[kQueue];
      this[kQueue] = null;
      let dirent = null;
      if (!err && batch !== null) {
        try {
          this.addEntries(this[kPath], batch);
          dirent = this.next();
        } catch (error) {
          err = error;
        }
      }
      // Later requests run in order once this one is answered.
      for (const op of queue) op();
      if (err) callback(err);
      else callback(null, dirent);
    });
  }

  closeSync() {
    if (this[kClosed]) throw new ERR_DIR_CLOSED();
    if (this[kQueue] !== null) throw new ERR_DIR_CONCURRENT_OPERATION();
    this[kClosed] = true;
    registry.unregister(this);
    binding.op_fs_dir_close_sync(this[kHandle]);
  }

  close(callback) {
    if (callback === undefined) {
      return new Promise((resolve, reject) => {
        this.close((err) => (err ? reject(err) : resolve()));
      });
    }
    validateFunction(callback, 'callback');
    if (this[kClosed]) {
      process.nextTick(callback, new ERR_DIR_CLOSED());
      return;
    }
    if (this[kQueue] !== null) {
      this[kQueue].push(() => this.close(callback));
      return;
    }
    this[kClosed] = true;
    registry.unregister(this);
    binding.op_fs_dir_close_async(this[kHandle], (err) => callback(err || null));
  }

  async* entries() {
    try {
      for (;;) {
        const dirent = await this.read();
        if (dirent === null) break;
        yield dirent;
      }
    } finally {
      if (!this[kClosed]) await this.close();
    }
  }

  [Symbol.asyncIterator]() {
    return this.entries();
  }
}

function dirOptions(options) {
  if (typeof options === 'string') options = { encoding: options };
  if (options === undefined || options === null) options = {};
  validateObject(options, 'options');
  const { bufferSize = 32, encoding = 'utf8', recursive = false } = options;
  validateUint32(bufferSize, 'options.bufferSize', true);
  return { bufferSize, encoding, recursive: !!recursive };
}

// fs.js hands its path check over under this key.
const kFsInternals = Symbol('kFsInternals');

function toPath(path) {
  return fsModule()[kFsInternals].toPath(path);
}

function opendirSync(path, options) {
  path = toPath(path);
  options = dirOptions(options);
  let handle;
  try {
    handle = binding.op_fs_opendir_sync(path);
  } catch (err) {
    // Node's synchronous opendir names no path in its error.
    if (err.syscall !== 'opendir' || err.path === undefined) throw err;
    const short = new Error(err.message.slice(0, err.message.lastIndexOf(" '")));
    Error.captureStackTrace(short, opendirSync);
    short.errno = err.errno;
    short.code = err.code;
    short.syscall = err.syscall;
    throw short;
  }
  return new Dir(handle, `${path}`, options);
}

function opendir(path, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  path = toPath(path);
  options = dirOptions(options);
  binding.op_fs_opendir_async(path, (err, handle) => {
    if (err) callback(err);
    else callback(null, new Dir(handle, `${path}`, options));
  });
}

function opendirPromise(path, options) {
  return new Promise((resolve, reject) => {
    opendir(path, options, (err, dir) => (err ? reject(err) : resolve(dir)));
  });
}

module.exports = { Dir, opendir, opendirSync, opendirPromise, kFsInternals };
