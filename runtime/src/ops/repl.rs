//! REPL ops: compiling and running each input as a script in the main
//! context (`lib/repl.js`), and the terminal line editor (`crate::repl`).
//!
//! Every input runs as its own classic script named `REPL<n>`, so top-level
//! `let`, `const` and `class` declarations land in the context's shared
//! script scope and persist from one input to the next, as in Node's REPL.

use crate::ops::args::arg;
use std::rc::Rc;

use crate::errors;
use crate::handles::{Entry, Kind};
use crate::ops::{js_string, throw_error};
use crate::repl::{Editor, Event, HistoryOptions};
use crate::state::{Deliver, State};

/// The REPL's state in an isolate (an area of `State::areas`).
#[derive(Default)]
pub(crate) struct ReplState {
    /// The terminal line editor, while one is open.
    pub editor: std::cell::RefCell<Option<Rc<crate::repl::Editor>>>,
    /// Stops a running input on Ctrl+C, once the REPL watches SIGINT.
    pub interrupt: std::cell::RefCell<Option<std::sync::Arc<crate::repl::Interrupt>>>,
}

/// `op_repl_compile_sync(source, filename)`: undefined when `source`
/// compiles as a script, else `[error, startPosition, endPosition,
/// lineNumber, sourceLine, startColumn, endColumn]` of the syntax error
/// (positions are UTF-16 offsets into `source`). Nothing runs.
pub(crate) fn op_repl_compile_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(source) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "source must be a string");
        return;
    };
    let name = args.get(1);
    let origin = v8::ScriptOrigin::new(scope, name, 0, 0, false, 0, None, false, false, false, None);
    v8::tc_scope!(let tc, scope);
    if v8::Script::compile(tc, source, Some(&origin)).is_some() {
        return;
    }
    let Some(exception) = tc.exception() else { return };
    let Some(message) = tc.message() else { return };
    let start = v8::Integer::new(tc, message.get_start_position()).into();
    let end = v8::Integer::new(tc, message.get_end_position()).into();
    let line = v8::Integer::new(tc, message.get_line_number(tc).unwrap_or(1) as i32).into();
    let source_line = match message.get_source_line(tc) {
        Some(s) => s.into(),
        None => v8::String::empty(tc).into(),
    };
    let start_column = v8::Integer::new(tc, message.get_start_column() as i32).into();
    let end_column = v8::Integer::new(tc, message.get_end_column() as i32).into();
    let result =
        v8::Array::new_with_elements(tc, &[exception, start, end, line, source_line, start_column, end_column]);
    tc.reset();
    rv.set(result.into());
}

/// `op_repl_run_sync(source, filename)`: compiles and runs `source` as a
/// script in the main context; returns its completion value or throws
/// what it threw (a syntax error too). A run stopped by Ctrl+C (see
/// `crate::repl::watch_sigint`) throws `ERR_SCRIPT_EXECUTION_INTERRUPTED`.
pub(crate) fn op_repl_run_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Ok(source) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "source must be a string");
        return;
    };
    let name = args.get(1);
    let origin = v8::ScriptOrigin::new(scope, name, 0, 0, false, 0, None, false, false, false, None);
    let state = State::get(scope);
    let interrupted = {
        v8::tc_scope!(let tc, scope);
        let Some(script) = v8::Script::compile(tc, source, Some(&origin)) else {
            if let (Some(exception), Some(message)) = (tc.exception(), tc.message()) {
                if let Some(arrow) = errors::arrow_of(tc, message) {
                    errors::decorate(tc, exception, &arrow);
                }
            }
            tc.rethrow();
            return;
        };
        let interrupt = state.areas.get::<ReplState>().interrupt.borrow().clone();
        if let Some(interrupt) = &interrupt {
            interrupt.begin();
        }
        let result = script.run(tc);
        let terminated = tc.has_terminated();
        if let Some(interrupt) = &interrupt {
            interrupt.end();
        }
        match result {
            Some(value) => {
                rv.set(value);
                false
            }
            None if terminated => true,
            None => {
                if tc.has_caught() {
                    tc.rethrow();
                }
                false
            }
        }
    };
    if interrupted {
        scope.cancel_terminate_execution();
        if state.exiting.get().is_some() {
            return;
        }
        throw_error(scope, "ERR_SCRIPT_EXECUTION_INTERRUPTED", "Script execution was interrupted by `SIGINT`");
    }
}

/// `op_repl_write_file_sync(path, text)`: writes `text` to `path` (`.save`).
pub(crate) fn op_repl_write_file_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let path = args.get(0).to_rust_string_lossy(scope);
    let text = args.get(1).to_rust_string_lossy(scope);
    if let Err(err) = std::fs::write(&path, text) {
        crate::ops::throw_system_error(scope, &err, "open", Some(&path));
    }
}

/// `op_repl_editor_open_async(historySetting, historySize, callback)`:
/// starts the terminal line editor (`crate::repl`) and the SIGINT watcher;
/// returns `[id, warning]` (`warning`: Node's text when the history file
/// cannot be used). `callback(kind, a, b)` gets `('line', text, ended)`,
/// `('eof')`, `('interrupt', hadText)`, `('complete', id, textBeforeCursor)`,
/// `('sigint')`, `('error', message)`. Closed with `op_repl_editor_close_sync`.
pub(crate) fn op_repl_editor_open_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let setting = args.get(0).is_string().then(|| args.get(0).to_rust_string_lossy(scope));
    let Some(size) = arg::<Option<u32>>(scope, &args, 1, "historySize") else { return };
    let size = size.unwrap_or(1000) as usize;
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(2)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let state = State::get(scope);
    if state.areas.get::<ReplState>().editor.borrow().is_some() {
        throw_error(scope, "ERR_INVALID_STATE", "Invalid state: the terminal already has a line editor");
        return;
    }
    // Bounded: the editor and SIGINT threads wait when the loop is behind.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Event>(64);
    let (editor, warning) = match Editor::start(HistoryOptions::new(setting.as_deref(), size), tx.clone()) {
        Ok(started) => started,
        Err(message) => {
            throw_error(scope, "ERR_TTY_INIT_FAILED", &message);
            return;
        }
    };
    match crate::repl::watch_sigint(scope.thread_safe_handle(), tx) {
        Ok(interrupt) => *state.areas.get::<ReplState>().interrupt.borrow_mut() = Some(interrupt),
        Err(message) => {
            throw_error(scope, "ERR_CANNOT_WATCH_SIGINT", &message);
            return;
        }
    }
    *state.areas.get::<ReplState>().editor.borrow_mut() = Some(Rc::new(editor));

    let callback = v8::Global::new(scope, callback);
    let entry = Entry::with_callback(scope, Kind::Repl, callback, true);
    let id = state.open(entry, move |events| async move {
        while let Some(event) = rx.recv().await {
            let deliver: Deliver = Box::new(move |scope| deliver_event(scope, event));
            events.send(deliver);
        }
    });
    let id_value = v8::Integer::new_from_unsigned(scope, id).into();
    let warning_value = match warning {
        Some(text) => js_string(scope, &text).into(),
        None => v8::undefined(scope).into(),
    };
    rv.set(v8::Array::new_with_elements(scope, &[id_value, warning_value]).into());
}

fn deliver_event<'s>(scope: &mut v8::PinScope<'s, '_>, event: Event) -> Vec<v8::Local<'s, v8::Value>> {
    let kind = |scope: &mut v8::PinScope<'s, '_>, k: &str| -> v8::Local<'s, v8::Value> { js_string(scope, k).into() };
    match event {
        Event::Line(text, ended) => {
            let k = kind(scope, "line");
            let text = js_string(scope, &text).into();
            let ended = v8::Boolean::new(scope, ended).into();
            vec![k, text, ended]
        }
        Event::Eof => vec![kind(scope, "eof")],
        Event::Interrupt(had_text) => {
            let k = kind(scope, "interrupt");
            vec![k, v8::Boolean::new(scope, had_text).into()]
        }
        Event::Complete(id, before) => {
            let k = kind(scope, "complete");
            let id = v8::Integer::new_from_unsigned(scope, id).into();
            let before = js_string(scope, &before).into();
            vec![k, id, before]
        }
        Event::Sigint => vec![kind(scope, "sigint")],
        Event::Error(message) => {
            let k = kind(scope, "error");
            vec![k, js_string(scope, &message).into()]
        }
    }
}

/// `op_repl_editor_read_sync(prompt, initial, editorMode)`: reads the next
/// line behind `prompt`, the line starting as `initial`.
pub(crate) fn op_repl_editor_read_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let prompt = args.get(0).to_rust_string_lossy(scope);
    let initial = if args.get(1).is_string() { args.get(1).to_rust_string_lossy(scope) } else { String::new() };
    let editor_mode = args.get(2).is_true();
    let editor = State::get(scope).areas.get::<ReplState>().editor.borrow().clone();
    if let Some(editor) = editor {
        editor.read(prompt, initial, editor_mode);
    }
}

/// `op_repl_editor_complete_sync(id, completeOn, candidates)`: the answer to
/// completion request `id`: the candidates replace `completeOn`, the text
/// just before the cursor.
pub(crate) fn op_repl_editor_complete_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let replaced = if args.get(1).is_string() { args.get(1).to_rust_string_lossy(scope).len() } else { 0 };
    let mut candidates = Vec::new();
    if let Ok(list) = v8::Local::<v8::Array>::try_from(args.get(2)) {
        for i in 0..list.length() {
            if let Some(item) = list.get_index(scope, i).filter(|v| v.is_string()) {
                let item = item.to_rust_string_lossy(scope);
                if !item.is_empty() && !candidates.contains(&item) {
                    candidates.push(item);
                }
            }
        }
    }
    let editor = State::get(scope).areas.get::<ReplState>().editor.borrow().clone();
    if let Some(editor) = editor {
        editor.complete(id, replaced, candidates);
    }
}

/// `op_repl_editor_close_sync(id)`: closes the editor's handle; the terminal
/// goes back to plain writes.
pub(crate) fn op_repl_editor_close_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    state.areas.get::<ReplState>().editor.borrow_mut().take();
    state.handles.close(id);
}

/// `op_repl_editor_signals_sync(on)`: whether Ctrl+C raises SIGINT (on
/// while the REPL awaits an input's promise).
pub(crate) fn op_repl_editor_signals_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let on = args.get(0).is_true();
    if State::get(scope).areas.get::<ReplState>().editor.borrow().is_some() {
        crate::repl::terminal_mode(on, false);
    }
}
