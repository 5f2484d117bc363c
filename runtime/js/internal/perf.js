'use strict';
// The `performance` global: now(), timeOrigin, mark/measure entries and
// toJSON, on the monotonic clock (ms since the process started).

const { op_process_hrtime_sync: hrtime, op_process_uptime_sync: uptime } = internalBinding('process');

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

class PerformanceEntry {
  constructor(name, entryType, startTime, duration, detail) {
    this.name = name;
    this.entryType = entryType;
    this.startTime = startTime;
    this.duration = duration;
    if (detail !== undefined) this.detail = detail;
  }

  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration, detail: this.detail };
  }
}

const entries = [];

const performance = {
  now,
  get timeOrigin() {
    origin();
    return originWall;
  },
  mark(name, options = {}) {
    const entry = new PerformanceEntry(`${name}`, 'mark', options.startTime ?? now(), 0, options.detail ?? null);
    entries.push(entry);
    return entry;
  },
  measure(name, start, end) {
    const find = (mark) => {
      if (mark === undefined) return undefined;
      if (typeof mark === 'number') return mark;
      const found = entries.findLast((e) => e.entryType === 'mark' && e.name === mark);
      if (found === undefined) {
        const err = new SyntaxError(`The "${mark}" performance mark has not been set`);
        err.name = 'SyntaxError';
        throw err;
      }
      return found.startTime;
    };
    let startTime;
    let endTime;
    let detail = null;
    if (start !== null && typeof start === 'object') {
      startTime = find(start.start) ?? 0;
      endTime = find(start.end) ?? (start.duration !== undefined ? startTime + start.duration : now());
      detail = start.detail ?? null;
    } else {
      startTime = find(start) ?? 0;
      endTime = find(end) ?? now();
    }
    const entry = new PerformanceEntry(`${name}`, 'measure', startTime, endTime - startTime, detail);
    entries.push(entry);
    return entry;
  },
  getEntries() { return entries.slice(); },
  getEntriesByName(name, type) { return entries.filter((e) => e.name === name && (type === undefined || e.entryType === type)); },
  getEntriesByType(type) { return entries.filter((e) => e.entryType === type); },
  clearMarks(name) { remove('mark', name); },
  clearMeasures(name) { remove('measure', name); },
  toJSON() { return { timeOrigin: this.timeOrigin }; },
};

function remove(type, name) {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === type && (name === undefined || entries[i].name === name)) entries.splice(i, 1);
  }
}

Object.defineProperty(performance, Symbol.toStringTag, { __proto__: null, value: 'Performance', configurable: true });

module.exports = { performance, PerformanceEntry };
