'use strict';
// fs.watch (FSWatcher over inotify, op_fs_watch_start_async), fs.watchFile
// and fs.unwatchFile (StatWatcher: polling stat, as libuv's fs_poll), and
// fs.promises.watch (an async iterator of { eventType, filename }).

const EventEmitter = require('events');
const { Buffer } = require('buffer');
const pathModule = require('path');
const { validateFunction, validateObject, validateBoolean, validateAbortSignal } = require('internal/validators');
const { AbortError, codes: { ERR_INVALID_ARG_VALUE } } = require('internal/errors');

const binding = internalBinding('fs');
const {
  op_core_handle_close_sync: closeHandle,
  op_core_handle_ref_sync: refHandle,
  op_core_handle_owner_sync: setHandleOwner,
} = internalBinding('core');

const kHandle = Symbol('kHandle');
const kFsInternals = () => require('internal/fs/dir').kFsInternals;

function fsInternals() {
  return require('fs')[kFsInternals()];
}

function encodeName(name, encoding) {
  return encoding === 'buffer' ? Buffer.from(name) : name;
}

class FSWatcher extends EventEmitter {
  constructor() {
    super();
    this._handle = null;
    this[kHandle] = null;
  }

  start(filename, persistent, recursive, encoding) {
    const id = binding.op_fs_watch_start_async(filename, (eventType, name) => {
      this.emit('change', eventType, encodeName(name, encoding));
    });
    this[kHandle] = id;
    setHandleOwner(id, this);
    this._handle = { id };
    if (!persistent) refHandle(id, false);
  }

  close() {
    if (this[kHandle] === null) return;
    closeHandle(this[kHandle]);
    this[kHandle] = null;
    this._handle = null;
    process.nextTick(() => this.emit('close'));
  }

  ref() {
    if (this[kHandle] !== null) refHandle(this[kHandle], true);
    return this;
  }

  unref() {
    if (this[kHandle] !== null) refHandle(this[kHandle], false);
    return this;
  }
}

function watchOptions(options) {
  if (typeof options === 'string') options = { encoding: options };
  if (options === undefined || options === null || typeof options === 'function') options = {};
  validateObject(options, 'options');
  const { persistent = true, recursive = false, encoding = 'utf8', signal } = options;
  validateBoolean(persistent, 'options.persistent');
  validateBoolean(recursive, 'options.recursive');
  if (encoding !== 'buffer' && !Buffer.isEncoding(encoding)) {
    throw new ERR_INVALID_ARG_VALUE('encoding', encoding, 'is invalid encoding');
  }
  if (signal !== undefined) validateAbortSignal(signal, 'options.signal');
  return { persistent, recursive, encoding, signal };
}

// recursive on Linux, as Node 24 builds it: one watcher per folder under
// the root, whose events for its entries are reported as they come
// (names relative to the root). A folder that appears is watched too, and
// what it already holds is reported as 'rename'; a folder that goes is no
// longer watched. A root that is a file has its own watcher.
class RecursiveWatcher extends EventEmitter {
  constructor(persistent, encoding) {
    super();
    this._persistent = persistent;
    this._encoding = encoding;
    this._watchers = new Map();
    this._root = '';
    this._closed = false;
    this._watchingFile = false;
  }

  start(filename) {
    const { statSync } = require('fs');
    const root = pathModule.resolve(`${filename}`);
    const stats = statSync(root);
    this._root = root;
    if (stats.isDirectory()) {
      this.watchFolder(root, false);
    } else {
      this._watchingFile = true;
      this.watchPath(root);
    }
  }

  report(eventType, file) {
    const name = file === this._root && this._watchingFile ? pathModule.basename(file) : pathModule.relative(this._root, file);
    this.emit('change', eventType, encodeName(name, this._encoding));
  }

  // Watches `folder` and the folders in it; `announce` reports the entries
  // found as 'rename' (the folder has just appeared).
  watchFolder(folder, announce) {
    if (this._closed || this._watchers.has(folder)) return;
    const { readdirSync } = require('fs');
    this.watchPath(folder);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      // A folder that appeared may be gone already.
      if (!announce) this.emit('error', error);
      return;
    }
    for (const entry of entries) {
      if (this._closed) break;
      const file = pathModule.join(folder, entry.name);
      if (announce) this.report('rename', file);
      if (entry.isDirectory()) this.watchFolder(file, announce);
    }
  }

  watchPath(path) {
    if (this._closed || this._watchers.has(path)) return;
    const watcher = new FSWatcher();
    try {
      watcher.start(path, this._persistent, false, 'utf8');
    } catch {
      return;
    }
    watcher.on('change', (eventType, name) => {
      if (this._closed) return;
      if (this._watchingFile || name === null || name === undefined) {
        this.report(eventType, path);
        return;
      }
      const file = pathModule.join(path, `${name}`);
      if (eventType !== 'rename') {
        this.report(eventType, file);
        return;
      }
      const { existsSync, lstatSync } = require('fs');
      let stats;
      try {
        stats = lstatSync(file);
      } catch {
        // Gone.
      }
      // The watched folder itself went (libuv names it by its own name):
      // its parent's watcher reports that.
      if (stats === undefined && `${name}` === pathModule.basename(path) && !existsSync(path)) {
        this.unwatch(path);
        return;
      }
      this.report(eventType, file);
      if (stats === undefined) this.unwatch(file);
      else if (stats.isDirectory()) this.watchFolder(file, true);
    });
    this._watchers.set(path, watcher);
  }

  unwatch(file) {
    for (const [path, watcher] of this._watchers) {
      if (path === file || path.startsWith(`${file}${pathModule.sep}`)) {
        watcher.close();
        this._watchers.delete(path);
      }
    }
  }

  close() {
    if (this._closed) return;
    this._closed = true;
    for (const watcher of this._watchers.values()) watcher.close();
    this._watchers.clear();
    process.nextTick(() => this.emit('close'));
  }

  ref() {
    for (const watcher of this._watchers.values()) watcher.ref();
    return this;
  }

  unref() {
    for (const watcher of this._watchers.values()) watcher.unref();
    return this;
  }
}

function watch(filename, options, listener) {
  if (typeof options === 'function') {
    listener = options;
    options = undefined;
  }
  const path = fsInternals().toPath(filename, 'filename');
  const { persistent, recursive, encoding, signal } = watchOptions(options);
  const watcher = recursive ? new RecursiveWatcher(persistent, encoding) : new FSWatcher();
  if (recursive) watcher.start(path);
  else watcher.start(path, persistent, false, encoding);
  if (listener) watcher.addListener('change', listener);
  if (signal) {
    if (signal.aborted) {
      process.nextTick(() => watcher.close());
    } else {
      const onAbort = () => watcher.close();
      signal.addEventListener('abort', onAbort, { once: true });
      watcher.once('close', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return watcher;
}

// fs.promises.watch: changes as an async iterator until the signal aborts
// (then it rejects with an AbortError, as Node's does).
async function* watchPromise(filename, options = {}) {
  const path = fsInternals().toPath(filename, 'filename');
  const { persistent, recursive, encoding, signal } = watchOptions(options);
  if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const queue = [];
  let wake = null;
  let aborted = false;
  const watcher = recursive ? new RecursiveWatcher(persistent, encoding) : new FSWatcher();
  if (recursive) watcher.start(path);
  else watcher.start(path, persistent, false, encoding);
  watcher.on('change', (eventType, name) => {
    queue.push({ __proto__: null, eventType, filename: name });
    if (wake) wake();
  });
  const onAbort = () => {
    aborted = true;
    if (wake) wake();
  };
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift();
      if (aborted) throw new AbortError(undefined, { cause: signal.reason });
      await new Promise((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    watcher.close();
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

// --- watchFile ----------------------------------------------------------------------

const statWatchers = new Map();

// The fields libuv's fs_poll compares to tell a change.
function sameStats(a, b) {
  return a.ctimeMs === b.ctimeMs && a.mtimeMs === b.mtimeMs && a.birthtimeMs === b.birthtimeMs && a.size === b.size &&
    a.mode === b.mode && a.uid === b.uid && a.gid === b.gid && a.ino === b.ino && a.dev === b.dev;
}

class StatWatcher extends EventEmitter {
  constructor(bigint) {
    super();
    this._bigint = bigint;
    this._timer = null;
    this._prev = null;
    this._failed = false;
    this._busy = false;
  }

  start(filename, persistent, interval) {
    const { statValues, makeStats } = fsInternals();
    const zero = () => makeStats(new Float64Array(14), this._bigint);
    const poll = () => {
      if (this._busy) return;
      this._busy = true;
      statValues(filename, (err, values) => {
        this._busy = false;
        if (this._timer === null) return;
        if (err) {
          // A missing file reports zeroed stats, once per failure.
          if (!this._failed) {
            this._failed = true;
            const prev = this._prev || zero();
            this._prev = zero();
            this.emit('change', zero(), prev);
          }
          return;
        }
        this._failed = false;
        const curr = makeStats(values, this._bigint);
        if (this._prev === null) {
          this._prev = curr;
          return;
        }
        if (!sameStats(curr, this._prev)) {
          const prev = this._prev;
          this._prev = curr;
          this.emit('change', curr, prev);
        }
      });
    };
    this._timer = setInterval(poll, interval);
    if (!persistent) this._timer.unref();
    poll();
  }

  stop() {
    if (this._timer === null) return;
    clearInterval(this._timer);
    this._timer = null;
    process.nextTick(() => this.emit('stop'));
  }

  ref() {
    if (this._timer !== null) this._timer.ref();
    return this;
  }

  unref() {
    if (this._timer !== null) this._timer.unref();
    return this;
  }
}

function watchFile(filename, options, listener) {
  const path = pathModule.resolve(`${fsInternals().toPath(filename, 'filename')}`);
  if (typeof options === 'function') {
    listener = options;
    options = {};
  }
  options = { interval: 5007, persistent: true, ...options };
  validateFunction(listener, 'listener');
  let watcher = statWatchers.get(path);
  if (watcher === undefined) {
    watcher = new StatWatcher(!!options.bigint);
    watcher.start(path, options.persistent, options.interval);
    statWatchers.set(path, watcher);
  }
  watcher.addListener('change', listener);
  return watcher;
}

function unwatchFile(filename, listener) {
  const path = pathModule.resolve(`${fsInternals().toPath(filename, 'filename')}`);
  const watcher = statWatchers.get(path);
  if (watcher === undefined) return;
  if (typeof listener === 'function') watcher.removeListener('change', listener);
  else watcher.removeAllListeners('change');
  if (watcher.listenerCount('change') === 0) {
    watcher.stop();
    statWatchers.delete(path);
  }
}

module.exports = { FSWatcher, StatWatcher, watch, watchPromise, watchFile, unwatchFile };
