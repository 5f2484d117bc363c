'use strict';
// User timing and event-loop metrics: the `performance` global (a
// `Performance`), `PerformanceEntry`/`PerformanceMark`/`PerformanceMeasure`,
// `PerformanceObserver`, `timerify` and `eventLoopUtilization`, on the
// monotonic clock (ms since the process started). `node:perf_hooks`
// re-exports these with the histograms.

const { inspect } = require('internal/util/inspect');
const { DOMException } = require('internal/dom_exception');
const { EventTarget } = require('internal/event_target');
const { validateFunction, validateObject } = require('internal/validators');
const {
  codes: {
    ERR_ILLEGAL_CONSTRUCTOR,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_ARG_VALUE,
    ERR_INVALID_THIS,
    ERR_MISSING_ARGS,
    ERR_PERFORMANCE_INVALID_TIMESTAMP,
  },
} = require('internal/errors');

const { op_process_hrtime_sync: hrtime, op_process_uptime_sync: uptime } = internalBinding('process');
const { op_timers_loop_metrics_sync: loopMetrics } = internalBinding('timers');

let originNs = null;
let originWall = 0;

// The clock starts when the process does; the snapshot holds no time.
function origin() {
  if (originNs === null) {
    const sinceStart = uptime();
    originNs = hrtime() - BigInt(Math.round(sinceStart * 1e9));
    originWall = Date.now() - sinceStart * 1000;
  }
  return originNs;
}

function now() {
  return Number(hrtime() - origin()) / 1e6;
}

// --- entries ----------------------------------------------------------------

const kName = Symbol('kName');
const kType = Symbol('kType');
const kStart = Symbol('kStart');
const kDuration = Symbol('kDuration');
const kDetail = Symbol('kDetail');
const kConstruct = Symbol('kConstruct');

function inspectEntry(entry, depth, options, fields) {
  if (depth < 0) return entry;
  const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${entry.constructor.name} ${inspect(fields, opts)}`;
}

class PerformanceEntry {
  constructor(key = undefined, name, type, start, duration) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kName] = name;
    this[kType] = type;
    this[kStart] = start;
    this[kDuration] = duration;
  }

  get name() {
    checkEntry(this);
    return this[kName];
  }

  get entryType() {
    checkEntry(this);
    return this[kType];
  }

  get startTime() {
    checkEntry(this);
    return this[kStart];
  }

  get duration() {
    checkEntry(this);
    return this[kDuration];
  }

  [inspect.custom](depth, options) {
    return inspectEntry(this, depth, options, this.toJSON());
  }

  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration };
  }
}

function checkEntry(entry) {
  if (typeof entry !== 'object' || entry === null || !(kName in entry)) {
    throw new ERR_INVALID_THIS('PerformanceEntry');
  }
}

function checkTime(value, name) {
  if (typeof value !== 'number') throw new ERR_INVALID_ARG_TYPE(name, 'number', value);
  if (value < 0) throw new ERR_PERFORMANCE_INVALID_TIMESTAMP(value);
}

class PerformanceMark extends PerformanceEntry {
  constructor(name, options = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('name');
    name = `${name}`;
    if (options !== undefined) validateObject(options, 'options', 1);
    const startTime = options === undefined || options === null || options.startTime === undefined ?
      now() : options.startTime;
    checkTime(startTime, 'options.startTime');
    let detail = options === undefined || options === null ? null : options.detail;
    detail = detail === undefined ? null : structuredClone(detail);
    super(kConstruct, name, 'mark', startTime, 0);
    this[kDetail] = detail;
  }

  get detail() {
    checkEntry(this);
    return this[kDetail];
  }

  toJSON() {
    return { ...super.toJSON(), detail: this.detail };
  }
}

class PerformanceMeasure extends PerformanceEntry {
  constructor(key = undefined, name, start, duration, detail) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super(kConstruct, name, 'measure', start, duration);
    this[kDetail] = detail;
  }

  get detail() {
    checkEntry(this);
    return this[kDetail];
  }

  toJSON() {
    return { ...super.toJSON(), detail: this.detail };
  }
}

// Resource timing entries are never made in Nodus (no fetch or http).
class PerformanceResourceTiming extends PerformanceEntry {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super(kConstruct, '', 'resource', 0, 0);
  }
}

for (const C of [PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceResourceTiming]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { __proto__: null, value: C.name, configurable: true });
}

// The marks and measures of the timeline, in insertion order; lists
// handed out are sorted by start time (a stable sort), as Node's are.
const buffer = [];

function byStartTime(list) {
  return list.sort((a, b) => a[kStart] - b[kStart]);
}

// --- observers ----------------------------------------------------------------

const supportedEntryTypes = Object.freeze(['function', 'mark', 'measure']);
const observers = new Set();
const kCallback = Symbol('kCallback');
const kTypes = Symbol('kTypes');
const kPending = Symbol('kPending');
const kScheduled = Symbol('kScheduled');

class PerformanceObserverEntryList {
  constructor(key = undefined, entries) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    this[kPending] = entries;
  }

  getEntries() {
    return this[kPending].slice();
  }

  getEntriesByType(type) {
    type = `${type}`;
    return this[kPending].filter((e) => e.entryType === type);
  }

  getEntriesByName(name, type = undefined) {
    name = `${name}`;
    return this[kPending].filter((e) => e.name === name && (type === undefined || e.entryType === `${type}`));
  }

  [inspect.custom](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `PerformanceObserverEntryList ${inspect(this[kPending], opts)}`;
  }
}

class PerformanceObserver {
  constructor(callback) {
    validateFunction(callback, 'callback');
    this[kCallback] = callback;
    this[kTypes] = new Set();
    this[kPending] = [];
    this[kScheduled] = false;
  }

  static get supportedEntryTypes() {
    return supportedEntryTypes;
  }

  observe(options = {}) {
    validateObject(options, 'options');
    const { entryTypes, type, buffered } = options;
    if (entryTypes === undefined && type === undefined) throw new ERR_MISSING_ARGS('options.entryTypes', 'options.type');
    if (entryTypes !== undefined && type !== undefined) {
      throw new ERR_INVALID_ARG_VALUE('options.entryTypes', entryTypes, 'options.entryTypes can not set with options.type together');
    }
    this[kTypes].clear();
    if (entryTypes !== undefined) {
      if (!Array.isArray(entryTypes)) throw new ERR_INVALID_ARG_TYPE('options.entryTypes', 'string[]', entryTypes);
      for (const t of entryTypes) {
        if (supportedEntryTypes.includes(t)) this[kTypes].add(t);
      }
    } else if (supportedEntryTypes.includes(type)) {
      this[kTypes].add(type);
      if (buffered) {
        for (const entry of buffer) {
          if (entry.entryType === type) this.enqueue(entry);
        }
      }
    }
    if (this[kTypes].size > 0) observers.add(this);
    else observers.delete(this);
  }

  disconnect() {
    observers.delete(this);
    this[kPending] = [];
  }

  takeRecords() {
    const list = this[kPending];
    this[kPending] = [];
    return list;
  }

  // Queues an entry; the callback runs once per batch, after the current
  // operation (Node delivers on a later tick too).
  enqueue(entry) {
    this[kPending].push(entry);
    if (this[kScheduled]) return;
    this[kScheduled] = true;
    setImmediate(() => {
      this[kScheduled] = false;
      const list = byStartTime(this.takeRecords());
      if (list.length === 0) return;
      this[kCallback](new PerformanceObserverEntryList(kConstruct, list), this);
    }).unref();
  }

  [inspect.custom](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `PerformanceObserver ${inspect({
      connected: observers.has(this), pending: this[kPending].length > 0,
      entryTypes: [...this[kTypes]], buffer: this[kPending],
    }, opts)}`;
  }
}

function enqueue(entry) {
  for (const observer of observers) {
    if (observer[kTypes].has(entry.entryType)) observer.enqueue(entry);
  }
}

// --- Performance --------------------------------------------------------------

function markTime(name) {
  if (name === undefined) return undefined;
  if (typeof name === 'number') {
    checkTime(name, 'name');
    return name;
  }
  name = `${name}`;
  for (let i = buffer.length - 1; i >= 0; i--) {
    if (buffer[i].entryType === 'mark' && buffer[i][kName] === name) return buffer[i][kStart];
  }
  throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
}

function eventLoopUtilization(util1, util2) {
  const [loopStart, idleTotal] = loopMetrics();
  if (loopStart < 0) return { idle: 0, active: 0, utilization: 0 };
  if (util2) {
    const idle = util1.idle - util2.idle;
    const active = util1.active - util2.active;
    return { idle, active, utilization: active / (idle + active) };
  }
  const idle = idleTotal;
  const active = now() - loopStart - idle;
  if (!util1) return { idle, active, utilization: active / (idle + active) };
  const idleDelta = idle - util1.idle;
  const activeDelta = active - util1.active;
  return { idle: idleDelta, active: activeDelta, utilization: activeDelta / (idleDelta + activeDelta) };
}

function timerify(fn, options = {}) {
  validateFunction(fn, 'fn');
  validateObject(options, 'options');
  function timerified(...args) {
    const start = now();
    const result = new.target ? Reflect.construct(fn, args, fn) : Reflect.apply(fn, this, args);
    const record = () => {
      const entry = new PerformanceEntry(kConstruct, fn.name, 'function', start, now() - start);
      enqueue(entry);
      if (options.histogram) options.histogram.record(Math.max(1, Math.ceil((now() - start) * 1e6)));
    };
    if (result !== null && typeof result === 'object' && typeof result.finally === 'function') {
      return result.finally(record);
    }
    record();
    return result;
  }
  Object.defineProperties(timerified, {
    length: { __proto__: null, configurable: false, enumerable: true, value: fn.length },
    name: { __proto__: null, configurable: false, enumerable: true, value: `timerified ${fn.name}` },
  });
  return timerified;
}

class Performance extends EventTarget {
  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super();
  }

  now() {
    return now();
  }

  get timeOrigin() {
    origin();
    return originWall;
  }

  mark(name, options = undefined) {
    const entry = new PerformanceMark(name, options);
    buffer.push(entry);
    enqueue(entry);
    return entry;
  }

  measure(name, startOrOptions = undefined, endMark = undefined) {
    name = `${name}`;
    let start;
    let end;
    let detail = null;
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      const { start: s, end: e, duration, detail: d } = startOrOptions;
      if (s !== undefined && e !== undefined && duration !== undefined) {
        throw new ERR_INVALID_ARG_VALUE('options', startOrOptions, 'must not have start, end and duration all set');
      }
      if (endMark !== undefined) {
        throw new ERR_INVALID_ARG_VALUE('endMark', endMark, 'must not be specified with an options object');
      }
      end = e !== undefined ? markTime(e) : undefined;
      start = s !== undefined ? markTime(s) : undefined;
      if (duration !== undefined) {
        if (start !== undefined) end = start + duration;
        else if (end !== undefined) start = end - duration;
      }
      detail = d === undefined ? null : structuredClone(d);
    } else {
      start = markTime(startOrOptions);
      end = markTime(endMark);
    }
    if (end === undefined) end = now();
    if (start === undefined) start = 0;
    const entry = new PerformanceMeasure(kConstruct, name, start, end - start, detail);
    buffer.push(entry);
    enqueue(entry);
    return entry;
  }

  clearMarks(name = undefined) {
    remove('mark', name);
  }

  clearMeasures(name = undefined) {
    remove('measure', name);
  }

  clearResourceTimings() {}

  getEntries() {
    return byStartTime(buffer.slice());
  }

  getEntriesByName(name, type = undefined) {
    name = `${name}`;
    return byStartTime(buffer.filter((e) => e[kName] === name && (type === undefined || e[kType] === `${type}`)));
  }

  getEntriesByType(type) {
    type = `${type}`;
    return byStartTime(buffer.filter((e) => e[kType] === type));
  }

  eventLoopUtilization(util1, util2) {
    return eventLoopUtilization(util1, util2);
  }

  timerify(fn, options) {
    return timerify(fn, options);
  }

  toJSON() {
    return { timeOrigin: this.timeOrigin, eventLoopUtilization: this.eventLoopUtilization() };
  }

  [inspect.custom](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `Performance ${inspect({ timeOrigin: this.timeOrigin }, opts)}`;
  }
}
Object.defineProperty(Performance.prototype, Symbol.toStringTag, {
  __proto__: null, value: 'Performance', configurable: true,
});

function remove(type, name) {
  for (let i = buffer.length - 1; i >= 0; i--) {
    if (buffer[i][kType] === type && (name === undefined || buffer[i][kName] === `${name}`)) buffer.splice(i, 1);
  }
}

const performance = new Performance(kConstruct);

module.exports = {
  performance,
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  PerformanceResourceTiming,
  now,
};
