'use strict';
// The async context: an immutable Map from AsyncLocalStorage instances to
// their stores, kept in V8's continuation-preserved embedder data. V8
// carries it into promise jobs (then callbacks, await continuations); the
// runtime carries it into process.nextTick and queueMicrotask callbacks,
// timers and immediates (captured when they are made) and native op
// callbacks (captured in Rust when the op starts, `Pending::context`).
//
// Until a non-empty frame is first set, nothing is captured or restored
// (`state.active` stays false), so programs that never use it pay nothing.

const { op_core_get_async_context_sync: getFrame, op_core_set_async_context_sync: setFrame } =
  internalBinding('core');

const state = { active: false };

function current() {
  return state.active ? getFrame() : undefined;
}

function enter(frame) {
  if (!state.active) {
    if (frame === undefined) return;
    state.active = true;
  }
  setFrame(frame);
}

// Calls fn in `frame`, then restores the frame that was current.
function runInFrame(frame, fn, thisArg, args) {
  if (!state.active && frame === undefined) return Reflect.apply(fn, thisArg, args);
  const outer = current();
  enter(frame);
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    setFrame(outer);
  }
}

// A copy of `frame` with `key` set to `value`.
function frameWith(frame, key, value) {
  const next = new Map(frame);
  next.set(key, value);
  return next;
}

// A copy of `frame` without `key` (undefined when it becomes empty).
function frameWithout(frame, key) {
  if (frame === undefined || !frame.has(key)) return frame;
  const next = new Map(frame);
  next.delete(key);
  return next.size === 0 ? undefined : next;
}

module.exports = { state, current, enter, getFrame, setFrame, runInFrame, frameWith, frameWithout };
