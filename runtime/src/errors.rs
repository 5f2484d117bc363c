//! Uncaught exceptions: where they happened and who handles them.
//!
//! Every call from Rust into JS goes through [`make_callback`]. An exception
//! that escapes is "uncaught": its arrow (file:line, the source line and a
//! caret under the position, as Node prints it) is taken from V8's message
//! and handed with the error to the JS `onUncaughtException`, which emits
//! `uncaughtException` or prints the error and returns the exit code.

use crate::state::State;

/// Name of the private property that carries an arrow computed where an
/// error was first thrown (syntax errors of compiled modules), so a later
/// rethrow does not move it.
const ARROW_KEY: &str = "nodus:arrow";

/// The arrow of a V8 message: `file:line\nsource line\n   ^^^\n`.
pub(crate) fn arrow_of(scope: &mut v8::PinScope, message: v8::Local<v8::Message>) -> Option<String> {
    // Code without a name (eval, new Function) is Node's `<anonymous_script>`.
    let name = match message.get_script_resource_name(scope) {
        Some(name) if !name.is_undefined() && !name.is_null() => name.to_rust_string_lossy(scope),
        _ => "<anonymous_script>".to_owned(),
    };
    let line = message.get_line_number(scope)?;
    let source = message.get_source_line(scope)?.to_rust_string_lossy(scope);
    let start = message.get_start_column();
    let end = message.get_end_column();
    let mut underline = String::new();
    for (i, c) in source.chars().enumerate() {
        if i >= start {
            break;
        }
        underline.push(if c == '\t' { '\t' } else { ' ' });
    }
    for _ in start..end {
        underline.push('^');
    }
    Some(format!("{name}:{line}\n{source}\n{underline}\n"))
}

/// Remembers `arrow` on `error` (an object) so later reports use it.
pub(crate) fn decorate(scope: &mut v8::PinScope, error: v8::Local<v8::Value>, arrow: &str) {
    let Ok(object) = v8::Local::<v8::Object>::try_from(error) else { return };
    let Some(key) = v8::String::new(scope, ARROW_KEY) else { return };
    let private = v8::Private::for_api(scope, Some(key));
    if object.has_private(scope, private) == Some(true) {
        return;
    }
    if let Some(value) = v8::String::new(scope, arrow) {
        object.set_private(scope, private, value.into());
    }
}

/// Name of the private flag of an error whose `stack` already starts with
/// its arrow ([`decorate_stack`]): reports print the stack alone.
const DECORATED_KEY: &str = "nodus:decorated";

/// Node's `DecorateErrorStack` (code run with `displayErrors`, as `-e` is):
/// an object gets `arrow` as its arrow; one whose `stack` is a string gets
/// `arrow`, an empty line and the old stack as its new `stack`, and is
/// reported by that stack alone.
pub(crate) fn decorate_stack(scope: &mut v8::PinScope, error: v8::Local<v8::Value>, arrow: &str) {
    let Ok(object) = v8::Local::<v8::Object>::try_from(error) else { return };
    if is_stack_decorated(scope, error) {
        return;
    }
    // An arrow attached earlier (a syntax error of a required file) wins.
    decorate(scope, error, arrow);
    let Some(arrow) = decorated_arrow(scope, error) else { return };
    v8::tc_scope!(let tc, scope);
    let Some(key) = v8::String::new(tc, "stack") else { return };
    let Some(stack) = object.get(tc, key.into()) else { return };
    if !stack.is_string() {
        return;
    }
    let text = format!("{arrow}\n{}", stack.to_rust_string_lossy(tc));
    let Some(value) = v8::String::new(tc, &text) else { return };
    if object.set(tc, key.into(), value.into()) != Some(true) {
        return;
    }
    let Some(flag) = v8::String::new(tc, DECORATED_KEY) else { return };
    let private = v8::Private::for_api(tc, Some(flag));
    let yes = v8::Boolean::new(tc, true);
    object.set_private(tc, private, yes.into());
}

fn is_stack_decorated(scope: &mut v8::PinScope, error: v8::Local<v8::Value>) -> bool {
    let Ok(object) = v8::Local::<v8::Object>::try_from(error) else { return false };
    let Some(flag) = v8::String::new(scope, DECORATED_KEY) else { return false };
    let private = v8::Private::for_api(scope, Some(flag));
    object.get_private(scope, private).is_some_and(|v| v.is_true())
}

fn decorated_arrow(scope: &mut v8::PinScope, error: v8::Local<v8::Value>) -> Option<String> {
    let object = v8::Local::<v8::Object>::try_from(error).ok()?;
    let key = v8::String::new(scope, ARROW_KEY)?;
    let private = v8::Private::for_api(scope, Some(key));
    let value = object.get_private(scope, private)?;
    value.is_string().then(|| value.to_rust_string_lossy(scope))
}

/// The arrow for `error`: one it was decorated with, else `message`'s, else
/// (for errors reported from promises) the place the error was created.
pub(crate) fn arrow_for(
    scope: &mut v8::PinScope,
    error: v8::Local<v8::Value>,
    message: Option<v8::Local<v8::Message>>,
) -> Option<String> {
    if is_stack_decorated(scope, error) {
        return None;
    }
    if let Some(arrow) = decorated_arrow(scope, error) {
        return Some(arrow);
    }
    let message = match message {
        Some(m) => m,
        None => v8::Exception::create_message(scope, error),
    };
    arrow_of(scope, message)
}

/// Reports an uncaught exception to JS; ends the process unless a
/// `uncaughtException` listener handled it.
pub(crate) fn report_uncaught(
    scope: &mut v8::PinScope,
    error: v8::Local<v8::Value>,
    message: Option<v8::Local<v8::Message>>,
    from_promise: bool,
) {
    let arrow = arrow_for(scope, error, message);
    // Node prints an arrow attached before the report (by `-e`'s
    // displayErrors, or a compile error) like a native error's.
    let attached = decorated_arrow(scope, error).is_some();
    let state = State::get(scope);
    if state.exiting.get().is_some() {
        return;
    }
    let handler = v8::Local::new(scope, &state.bootstrap().on_uncaught);
    let arrow_value: v8::Local<v8::Value> = match &arrow {
        Some(a) => v8::String::new(scope, a).map_or_else(|| v8::undefined(scope).into(), Into::into),
        None => v8::undefined(scope).into(),
    };
    let from_promise = v8::Boolean::new(scope, from_promise).into();
    let undefined = v8::undefined(scope).into();
    let outcome = {
        v8::tc_scope!(let tc, scope);
        let in_handler = v8::Boolean::new(tc, false).into();
        let attached = v8::Boolean::new(tc, attached).into();
        match handler.call(tc, undefined, &[error, arrow_value, from_promise, in_handler, attached]) {
            Some(result) if result.is_true() => Ok(()),
            Some(result) => Err(result.int32_value(tc).unwrap_or(1)),
            None => match tc.exception() {
                // The `uncaughtException` listener threw: Node prints the new
                // error and exits with 7.
                Some(thrown) => {
                    let arrow = tc.message().and_then(|m| arrow_of(tc, m));
                    let arrow_value: v8::Local<v8::Value> = match &arrow {
                        Some(a) => v8::String::new(tc, a).map_or_else(|| v8::undefined(tc).into(), Into::into),
                        None => v8::undefined(tc).into(),
                    };
                    let in_handler = v8::Boolean::new(tc, true).into();
                    let no = v8::Boolean::new(tc, false).into();
                    tc.reset();
                    let _ = handler.call(tc, undefined, &[thrown, arrow_value, no, in_handler]);
                    Err(7)
                }
                None => Err(1),
            },
        }
    };
    if let Err(code) = outcome {
        exit(&state, code);
    }
}

/// Ends the process with `code` (output is written unbuffered, so nothing
/// is lost). In a worker thread it ends the worker instead: the running
/// JavaScript is stopped and the worker's loop ends with `code`.
pub(crate) fn exit(state: &State, code: i32) {
    state.exiting.set(Some(code));
    if let Some(link) = state.areas.get::<crate::worker::WorkerState>().link.borrow().as_ref() {
        link.isolate.terminate_execution();
        state.wake.notify_one();
        return;
    }
    crate::ops::io::reset_terminals();
    std::process::exit(code)
}

/// Calls `f` as a macrotask, the way Node's `MakeCallback` does: an
/// exception goes to [`report_uncaught`]; then the `process.nextTick` queue
/// and the microtasks are drained. `read` turns the result into Rust.
pub(crate) fn make_callback<R>(
    scope: &mut v8::PinScope,
    f: v8::Local<v8::Function>,
    recv: v8::Local<v8::Value>,
    args: &[v8::Local<v8::Value>],
    read: impl FnOnce(&mut v8::PinScope, v8::Local<v8::Value>) -> R,
) -> Option<R> {
    let result = {
        v8::tc_scope!(let tc, scope);
        match f.call(tc, recv, args) {
            Some(value) => Some(read(tc, value)),
            None => {
                if let Some(exception) = tc.exception() {
                    let message = tc.message();
                    if tc.has_terminated() {
                        return None;
                    }
                    report_uncaught(tc, exception, message, false);
                }
                None
            }
        }
    };
    drain_ticks(scope);
    result
}

/// Node's `InternalCallbackScope::Close`: run the microtasks unless ticks
/// wait, then the tick callback while ticks or rejections wait.
pub(crate) fn drain_ticks(scope: &mut v8::PinScope) {
    let state = State::get(scope);
    if state.exiting.get().is_some() {
        return;
    }
    if !state.has_tick_work() {
        scope.perform_microtask_checkpoint();
    }
    while state.has_tick_work() && state.exiting.get().is_none() {
        let tick = v8::Local::new(scope, &state.bootstrap().tick_callback);
        let undefined = v8::undefined(scope).into();
        v8::tc_scope!(let tc, scope);
        if tick.call(tc, undefined, &[]).is_none() {
            if let Some(exception) = tc.exception() {
                let message = tc.message();
                report_uncaught(tc, exception, message, false);
            }
        }
    }
}
