'use strict';
// Timers and immediates, kept in JS as Node keeps them; one native timer
// (op_timers_schedule_sync) wakes the loop for the earliest due timer.
//
// Timers run in order of due time, then of creation. `processTimers(now)`
// is the loop's timers phase; it returns 0 when no timer is left, else the
// next due time, negated when no refed timer is left. `processImmediates()`
// is the check phase. immediateInfo is shared with the Rust side:
// [0] count, [1] refCount.

const binding = internalBinding('timers');
const { op_timers_schedule_sync: scheduleTimer, op_timers_toggle_ref_sync: toggleTimerRef,
  op_timers_now_sync: getLibuvNow } = binding;
const { runNextTicks } = require('internal/process/task_queues');

const TIMEOUT_MAX = 2 ** 31 - 1;
const kCount = 0;
const kRefCount = 1;
const immediateInfo = new Int32Array(2);

const kRefed = Symbol('refed');
const kHasPrimitive = Symbol('kHasPrimitive');
const asyncIdSymbol = Symbol('asyncId');
const kAsyncContext = Symbol('kAsyncContext');
const asyncContext = require('internal/async_context');

let emitWarning = (msg, type) => {};
function setup(hooks) { emitWarning = hooks.emitWarning; }

// --- The timer heap (by due time, then sequence) --------------------------

const heap = [];
let seq = 0;
let refCount = 0;
let nextExpiry = Infinity;
let timerId = 0;
const knownTimersById = Object.create(null);

function before(a, b) {
  return a._expiry < b._expiry || (a._expiry === b._expiry && a._seq < b._seq);
}

function heapPush(t) {
  t._heapIndex = heap.length;
  heap.push(t);
  siftUp(t._heapIndex);
}

function heapRemove(t) {
  const i = t._heapIndex;
  if (i < 0 || heap[i] !== t) return;
  const last = heap.pop();
  t._heapIndex = -1;
  if (i < heap.length) {
    heap[i] = last;
    last._heapIndex = i;
    siftUp(i);
    siftDown(last._heapIndex);
  }
}

function siftUp(i) {
  const t = heap[i];
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(t, heap[p])) break;
    heap[i] = heap[p];
    heap[i]._heapIndex = i;
    i = p;
  }
  heap[i] = t;
  t._heapIndex = i;
}

function siftDown(i) {
  const n = heap.length;
  const t = heap[i];
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && before(heap[c + 1], heap[c])) c++;
    if (!before(heap[c], t)) break;
    heap[i] = heap[c];
    heap[i]._heapIndex = i;
    i = c;
  }
  heap[i] = t;
  t._heapIndex = i;
}

function incRefCount() {
  if (refCount++ === 0) toggleTimerRef(true);
}

function decRefCount() {
  if (--refCount === 0) toggleTimerRef(false);
}

// --- Timeout ---------------------------------------------------------------

// Node links a timer into a list per duration; here the heap orders timers
// and a TimersList per duration only stands where Node's would (so a timer
// inspects the same way).
class TimersList {
  constructor(msecs) {
    this.msecs = msecs;
  }
}
const listsByDuration = new Map();
function listFor(msecs) {
  let list = listsByDuration.get(msecs);
  if (list === undefined) {
    list = new TimersList(msecs);
    listsByDuration.set(msecs, list);
  }
  return list;
}

// The heap's own bookkeeping stays out of util.inspect's view.
function hideBookkeeping(object, keys) {
  for (const key of keys) {
    Object.defineProperty(object, key, { __proto__: null, value: object[key], writable: true, enumerable: false, configurable: true });
  }
}

const warned = { negative: false, nan: false };

class Timeout {
  constructor(callback, after, args, isRepeat, isRefed) {
    const given = after;
    after *= 1;
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      if (after > TIMEOUT_MAX) {
        emitWarning(`${after} does not fit into a 32-bit signed integer.` +
          '\nTimeout duration was set to 1.', 'TimeoutOverflowWarning');
      } else if (after < 0 && !warned.negative) {
        // Node 24 warns of a negative or NaN delay once per process (a
        // missing delay is no NaN to warn of).
        warned.negative = true;
        emitWarning(`${after} is a negative number.` +
          '\nTimeout duration was set to 1.', 'TimeoutNegativeWarning');
      } else if (after !== after && given !== undefined && !warned.nan) {
        warned.nan = true;
        emitWarning(`${after} is not a number.` +
          '\nTimeout duration was set to 1.', 'TimeoutNaNWarning');
      }
      after = 1;
    }
    this._idleTimeout = after;
    this._idlePrev = null;
    this._idleNext = null;
    this._idleStart = null;
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? after : null;
    this._destroyed = false;
    this[kRefed] = isRefed;
    this[kHasPrimitive] = false;
    this[asyncIdSymbol] = ++timerId;
    this[kAsyncContext] = asyncContext.current();
    this._expiry = 0;
    this._seq = 0;
    this._heapIndex = -1;
    hideBookkeeping(this, ['_expiry', '_seq', '_heapIndex']);
    if (isRefed) incRefCount();
  }

  refresh() {
    if (this._heapIndex >= 0) {
      heapRemove(this);
      insert(this, this._idleTimeout);
    }
    return this;
  }

  unref() {
    if (this[kRefed]) {
      this[kRefed] = false;
      if (!this._destroyed) decRefCount();
    }
    return this;
  }

  ref() {
    if (!this[kRefed]) {
      this[kRefed] = true;
      if (!this._destroyed) incRefCount();
    }
    return this;
  }

  hasRef() {
    return this[kRefed];
  }

  close() {
    clearTimeout(this);
    return this;
  }

  // Shown one level deep, as Node shows timers.
  [Symbol.for('nodejs.util.inspect.custom')](_, options) {
    return require('internal/util/inspect').inspect(this, { ...options, depth: 0, customInspect: false });
  }

  [Symbol.toPrimitive]() {
    const id = this[asyncIdSymbol];
    if (!this[kHasPrimitive]) {
      this[kHasPrimitive] = true;
      knownTimersById[id] = this;
    }
    return id;
  }
}

function insert(timer, msecs, start = getLibuvNow()) {
  timer._idleStart = start;
  timer._idlePrev = timer._idleNext = listFor(msecs);
  timer._expiry = start + msecs;
  timer._seq = seq++;
  heapPush(timer);
  if (timer._expiry < nextExpiry) {
    scheduleTimer(msecs);
    nextExpiry = timer._expiry;
  }
}

function unenroll(timer) {
  if (timer._destroyed) return;
  timer._destroyed = true;
  timer._idlePrev = timer._idleNext = null;
  if (timer[kHasPrimitive]) delete knownTimersById[timer[asyncIdSymbol]];
  if (timer[kRefed]) decRefCount();
  heapRemove(timer);
}

function setTimeout(callback, after, ...args) {
  validateCallback(callback);
  const timeout = new Timeout(callback, after, args.length ? args : undefined, false, true);
  insert(timeout, timeout._idleTimeout);
  return timeout;
}

function setInterval(callback, repeat, ...args) {
  validateCallback(callback);
  const timeout = new Timeout(callback, repeat, args.length ? args : undefined, true, true);
  insert(timeout, timeout._idleTimeout);
  return timeout;
}

function clearTimeout(timer) {
  if (timer && timer._onTimeout) {
    timer._onTimeout = null;
    unenroll(timer);
    return;
  }
  if (typeof timer === 'number' || typeof timer === 'string') {
    const timerInstance = knownTimersById[timer];
    if (timerInstance !== undefined) {
      timerInstance._onTimeout = null;
      unenroll(timerInstance);
    }
  }
}

const clearInterval = clearTimeout;

// The timers phase.
function processTimers(now) {
  nextExpiry = Infinity;
  let ranAtLeastOne = false;
  while (heap.length > 0) {
    const timer = heap[0];
    if (timer._expiry > now) {
      nextExpiry = timer._expiry;
      return refCount > 0 ? nextExpiry : -nextExpiry;
    }
    if (ranAtLeastOne) runNextTicks();
    else ranAtLeastOne = true;
    heapRemove(timer);
    if (timer._destroyed) continue;
    timer._idlePrev = timer._idleNext = null;
    let start;
    if (timer._repeat) start = getLibuvNow();
    try {
      const args = timer._timerArgs;
      if (asyncContext.state.active) asyncContext.runInFrame(timer[kAsyncContext], timer._onTimeout, timer, args || []);
      else if (args === undefined) timer._onTimeout();
      else timer._onTimeout(...args);
    } finally {
      if (timer._repeat && timer._idleTimeout !== -1 && !timer._destroyed && timer._onTimeout) {
        timer._idleTimeout = timer._repeat;
        insert(timer, timer._idleTimeout, start);
      } else if (!timer._destroyed) {
        timer._destroyed = true;
        if (timer[kRefed]) decRefCount();
        if (timer[kHasPrimitive]) delete knownTimersById[timer[asyncIdSymbol]];
      }
    }
  }
  return 0;
}

// --- Immediate -------------------------------------------------------------

let immediateHead = null;
let immediateTail = null;
// Bumped when the check phase detaches the queue: an immediate whose
// generation is current is still in the live queue.
let generation = 0;

class Immediate {
  constructor(callback, args) {
    this._idleNext = null;
    this._idlePrev = null;
    this._onImmediate = callback;
    this._argv = args;
    this[kAsyncContext] = asyncContext.current();
    this._destroyed = false;
    this[kRefed] = false;
    this._generation = generation;
    hideBookkeeping(this, ['_generation']);
    this.ref();
    this[asyncIdSymbol] = ++timerId;
    immediateInfo[kCount]++;
    this._idlePrev = immediateTail;
    if (immediateTail !== null) immediateTail._idleNext = this;
    else immediateHead = this;
    immediateTail = this;
  }

  ref() {
    if (this[kRefed] === false) {
      this[kRefed] = true;
      immediateInfo[kRefCount]++;
    }
    return this;
  }

  unref() {
    if (this[kRefed] === true) {
      this[kRefed] = false;
      immediateInfo[kRefCount]--;
    }
    return this;
  }

  hasRef() {
    return !!this[kRefed];
  }
}

function setImmediate(callback, ...args) {
  validateCallback(callback);
  return new Immediate(callback, args.length ? args : undefined);
}

function clearImmediate(immediate) {
  if (!immediate || immediate._destroyed) return;
  immediateInfo[kCount]--;
  immediate._destroyed = true;
  if (immediate[kRefed]) immediateInfo[kRefCount]--;
  immediate[kRefed] = null;
  immediate._onImmediate = null;
  // In the live queue it is unlinked now; in a queue the check phase is
  // running it stays linked and is skipped there.
  if (immediate._generation === generation) {
    if (immediate._idlePrev !== null) immediate._idlePrev._idleNext = immediate._idleNext;
    else if (immediateHead === immediate) immediateHead = immediate._idleNext;
    if (immediate._idleNext !== null) immediate._idleNext._idlePrev = immediate._idlePrev;
    else if (immediateTail === immediate) immediateTail = immediate._idlePrev;
    immediate._idleNext = immediate._idlePrev = null;
  }
}

// The check phase: runs the immediates queued before it started; ones
// queued meanwhile wait for the next iteration. If one throws, the rest
// stay queued for the next check phase.
let outstanding = null;
function processImmediates() {
  let immediate;
  if (outstanding !== null) {
    immediate = outstanding;
  } else {
    immediate = immediateHead;
    // Detach the current queue; new ones start a fresh list.
    immediateHead = immediateTail = null;
    generation++;
  }
  let ranAtLeastOne = false;
  while (immediate !== null) {
    if (ranAtLeastOne) runNextTicks();
    else ranAtLeastOne = true;
    const next = immediate._idleNext;
    if (immediate._destroyed) {
      immediate = next;
      continue;
    }
    immediate._destroyed = true;
    immediateInfo[kCount]--;
    if (immediate[kRefed]) immediateInfo[kRefCount]--;
    immediate[kRefed] = null;
    outstanding = next;
    const callback = immediate._onImmediate;
    const argv = immediate._argv;
    immediate._onImmediate = null;
    immediate._idleNext = immediate._idlePrev = null;
    if (asyncContext.state.active) asyncContext.runInFrame(immediate[kAsyncContext], callback, immediate, argv || []);
    else if (argv === undefined) callback.call(immediate);
    else callback.call(immediate, ...argv);
    immediate = next;
  }
  outstanding = null;
}

function validateCallback(callback) {
  require('internal/validators').validateFunction(callback, 'callback');
}

module.exports = {
  setup,
  Timeout,
  Immediate,
  setTimeout,
  setInterval,
  clearTimeout,
  clearInterval,
  setImmediate,
  clearImmediate,
  processTimers,
  processImmediates,
  immediateInfo,
  TIMEOUT_MAX,
  kRefed,
  // The active timers that keep the loop alive (getActiveResourcesInfo).
  refedTimerCount: () => refCount,
};
