'use strict';
// process.nextTick, queueMicrotask and the tick callback the event loop
// runs after every macrotask (Node's processTicksAndRejections).
//
// tickInfo is shared with the Rust side (State::tick_info):
// [0] hasTickScheduled, [1] hasRejectionToWarn.

const core = internalBinding('core');
const { op_core_run_microtasks_sync: runMicrotasks, op_core_enqueue_microtask_sync: enqueueMicrotask,
  op_core_trigger_uncaught_sync: triggerUncaughtException } = core;

const asyncContext = require('internal/async_context');

const kHasTickScheduled = 0;
const kHasRejectionToWarn = 1;
const tickInfo = new Int32Array(2);

// A queue of { callback, args } with O(1) push and shift.
const queue = [];
let head = 0;

function hasTickScheduled() { return tickInfo[kHasTickScheduled] === 1; }
function setHasTickScheduled(value) { tickInfo[kHasTickScheduled] = value ? 1 : 0; }
function hasRejectionToWarn() { return tickInfo[kHasRejectionToWarn] === 1; }
function setHasRejectionToWarn(value) { tickInfo[kHasRejectionToWarn] = value ? 1 : 0; }

let processPromiseRejections = () => false;
let isExiting = () => false;
let validateFunction = (fn, name) => require('internal/validators').validateFunction(fn, name);

function setup(hooks) {
  processPromiseRejections = hooks.processPromiseRejections;
  isExiting = hooks.isExiting;
  if (hooks.validateFunction) validateFunction = hooks.validateFunction;
}

function nextTick(callback, ...args) {
  validateFunction(callback, 'callback');
  if (isExiting()) return;
  if (queue.length - head === 0) setHasTickScheduled(true);
  queue.push({ callback, args: args.length === 0 ? undefined : args, context: asyncContext.current() });
}

function shift() {
  if (head === queue.length) return null;
  const tock = queue[head];
  queue[head++] = undefined;
  if (head === queue.length) {
    queue.length = 0;
    head = 0;
  } else if (head > 1024 && head * 2 > queue.length) {
    queue.splice(0, head);
    head = 0;
  }
  return tock;
}

function isEmpty() { return head === queue.length; }

// Drains the nextTick queue, running microtasks after it, until neither
// ticks nor unhandled rejections are left. A throwing callback leaves the
// rest queued: the caller reports the error and calls again.
function processTicksAndRejections() {
  let tock;
  do {
    while ((tock = shift()) !== null) {
      const { callback, args } = tock;
      // Each tick runs in the async context it was queued in.
      if (asyncContext.state.active) {
        asyncContext.runInFrame(tock.context, callback, undefined, args === undefined ? [] : args);
      } else if (args === undefined) {
        callback();
      } else {
        switch (args.length) {
          case 1: callback(args[0]); break;
          case 2: callback(args[0], args[1]); break;
          case 3: callback(args[0], args[1], args[2]); break;
          default: callback(...args);
        }
      }
    }
    runMicrotasks();
  } while (!isEmpty() || processPromiseRejections());
  setHasTickScheduled(false);
  setHasRejectionToWarn(false);
}

// Between two timers or two immediates, as Node does.
function runNextTicks() {
  if (!hasTickScheduled() && !hasRejectionToWarn()) runMicrotasks();
  if (!hasTickScheduled() && !hasRejectionToWarn()) return;
  processTicksAndRejections();
}

function queueMicrotask(callback) {
  validateFunction(callback, 'callback');
  const context = asyncContext.current();
  enqueueMicrotask(() => {
    try {
      if (context === undefined && !asyncContext.state.active) callback();
      else asyncContext.runInFrame(context, callback, undefined, []);
    } catch (error) {
      triggerUncaughtException(error, false);
    }
  });
}

module.exports = {
  tickInfo,
  setup,
  nextTick,
  queueMicrotask,
  runNextTicks,
  runMicrotasks,
  processTicksAndRejections,
  hasTickScheduled,
  setHasTickScheduled,
  hasRejectionToWarn,
  setHasRejectionToWarn,
};
