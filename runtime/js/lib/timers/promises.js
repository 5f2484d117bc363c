'use strict';
// node:timers/promises — promise forms of setTimeout, setImmediate and
// setInterval, with `ref` and `signal` options.

const timers = require('internal/timers');

const { AbortError } = require('internal/errors');

function abortError(signal) {
  return new AbortError(undefined, { cause: signal && signal.reason });
}

function validateOptions(options) {
  require('internal/validators').validateObject(options, 'options');
}

// A promise of `value` once the timer `start(callback)` makes fires;
// `cancel(timer)` stops it when `options.signal` aborts first.
function settleAfter(start, cancel, value, options) {
  try {
    validateOptions(options);
  } catch (err) {
    return Promise.reject(err);
  }
  const { signal, ref = true } = options;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const timer = start(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (!ref) timer.unref();
    function onAbort() {
      cancel(timer);
      reject(abortError(signal));
    }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

function setTimeout(after, value, options = {}) {
  return settleAfter((callback) => timers.setTimeout(callback, after), timers.clearTimeout, value, options);
}

function setImmediate(value, options = {}) {
  return settleAfter(timers.setImmediate, timers.clearImmediate, value, options);
}

async function* setInterval(after, value, options = {}) {
  validateOptions(options);
  const { signal, ref = true } = options;
  if (signal && signal.aborted) throw abortError(signal);
  let pending = 0;
  let wake = null;
  const interval = timers.setInterval(() => {
    pending++;
    if (wake) {
      wake();
      wake = null;
    }
  }, after);
  if (!ref) interval.unref();
  try {
    while (true) {
      if (pending === 0) {
        await new Promise((resolve, reject) => {
          wake = resolve;
          if (signal) signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
        });
      }
      pending--;
      yield value;
    }
  } finally {
    timers.clearInterval(interval);
  }
}

module.exports = {
  setTimeout,
  setImmediate,
  setInterval,
  scheduler: {
    wait: (delay, options) => setTimeout(delay, undefined, options),
    yield: () => setImmediate(),
  },
};
