'use strict';

// assert.CallTracker (deprecated, DEP0173, still in Node 24): wraps
// functions and checks they were called an exact number of times.

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE },
} = require('internal/errors');
const AssertionError = require('internal/assert/assertion_error');
const { validateFunction } = require('internal/validators');

let warned = false;

class CallTracker {
  #tracked = new WeakMap();
  #records = new Set();

  constructor() {
    if (!warned) {
      warned = true;
      process.emitWarning('assert.CallTracker is deprecated.', 'DeprecationWarning', 'DEP0173');
    }
  }

  calls(fn, expected = 1) {
    if (typeof fn === 'number') {
      expected = fn;
      fn = undefined;
    }
    // The default is a nameless no-op, reported as `calls`.
    if (fn === undefined) fn = [function() {}][0];
    validateFunction(fn, 'fn');
    if (typeof expected !== 'number') throw new ERR_INVALID_ARG_TYPE('expected', 'number', expected);
    if (!Number.isInteger(expected) || expected < 1 || expected > 2 ** 32 - 1) {
      throw new ERR_OUT_OF_RANGE('expected', '>= 1 && <= 4294967295', expected);
    }
    const record = { name: fn.name || 'calls', expected, calls: [], stack: new Error() };
    this.#records.add(record);
    const wrapped = new Proxy(fn, {
      apply(target, thisArg, args) {
        record.calls.push(Object.freeze({ thisArg, arguments: Object.freeze(args) }));
        return Reflect.apply(target, thisArg, args);
      },
    });
    this.#tracked.set(wrapped, record);
    return wrapped;
  }

  #record(fn) {
    const record = this.#tracked.get(fn);
    if (record === undefined) throw new ERR_INVALID_ARG_VALUE('tracked', fn, 'is not a tracked function');
    return record;
  }

  getCalls(fn) {
    return Object.freeze(this.#record(fn).calls.slice());
  }

  reset(fn) {
    if (fn === undefined) {
      for (const r of this.#records) r.calls = [];
      return;
    }
    this.#record(fn).calls = [];
  }

  report() {
    const out = [];
    for (const r of this.#records) {
      if (r.calls.length === r.expected) continue;
      out.push({
        message: `Expected the ${r.name} function to be executed ${r.expected} time(s) but was executed ${r.calls.length} time(s).`,
        actual: r.calls.length,
        expected: r.expected,
        operator: r.name,
        stack: r.stack,
      });
    }
    return out;
  }

  verify() {
    const failures = this.report();
    if (failures.length === 0) return;
    const message = failures.length === 1 ? failures[0].message : 'Functions were not called the expected number of times';
    throw new AssertionError({ message, details: failures });
  }
}

module.exports = CallTracker;
