//! Timer ops: the one native timer behind all JS timers
//! (`js/internal/timers.js` keeps the lists, as Node does).

use crate::ops::args::arg;
use crate::state::State;

/// `op_timers_schedule_sync(ms)`: the native timer fires `ms` after the
/// loop's current time (at least 1 ms).
pub(crate) fn op_timers_schedule_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(ms) = arg::<f64>(scope, &args, 0, "ms") else { return };
    let ms = ms.max(1.0);
    let state = State::get(scope);
    state.timer_due.set(Some(state.loop_now.get() + ms));
}

/// `op_timers_toggle_ref_sync(refed)`: whether the native timer keeps the
/// loop alive.
pub(crate) fn op_timers_toggle_ref_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let refed = args.get(0).is_true();
    State::get(scope).timer_refed.set(refed);
}

/// `op_timers_now_sync()`: the loop time in ms, refreshed first (Node's
/// `getLibuvNow` updates libuv's cached time before reading it).
pub(crate) fn op_timers_now_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let state = State::get(scope);
    state.update_loop_time();
    rv.set_double(state.loop_now.get());
}

/// `op_timers_loop_metrics_sync()`: `[loopStart, idle]` in ms: when the
/// event loop started (-1 while the main script runs) and how long its poll
/// phase has waited for events.
pub(crate) fn op_timers_loop_metrics_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let state = State::get(scope);
    let start = v8::Number::new(scope, state.loop_started.get().unwrap_or(-1.0)).into();
    let idle = v8::Number::new(scope, state.loop_idle_ms.get()).into();
    rv.set(v8::Array::new_with_elements(scope, &[start, idle]).into());
}
