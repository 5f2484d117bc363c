//! REPL ops: compiling and running each input as a script in the main
//! context (`lib/repl.js`), and the terminal line editor (`crate::repl`).
//!
//! Every input runs as its own classic script named `REPL<n>`, so top-level
//! `let`, `const` and `class` declarations land in the context's shared
//! script scope and persist from one input to the next, as in Node's REPL.

use crate::errors;
use crate::ops::throw_error;
use crate::state::State;

/// `op_repl_compile_sync(source, filename)`: undefined when `source`
/// compiles as a script, else `[error, startPosition, endPosition,
/// lineNumber, sourceLine, startColumn, endColumn]` of the syntax error
/// (positions are UTF-16 offsets into `source`). Nothing runs.
pub(crate) fn op_repl_compile_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
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
    let result = v8::Array::new_with_elements(tc, &[exception, start, end, line, source_line, start_column, end_column]);
    tc.reset();
    rv.set(result.into());
}

/// `op_repl_run_sync(source, filename)`: compiles and runs `source` as a
/// script in the main context; returns its completion value or throws
/// what it threw (a syntax error too). A run stopped by Ctrl+C (see
/// `crate::repl::sigint`) throws `ERR_SCRIPT_EXECUTION_INTERRUPTED`.
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
        state.repl_evaluating.set(true);
        let result = script.run(tc);
        state.repl_evaluating.set(false);
        match result {
            Some(value) => {
                rv.set(value);
                false
            }
            None if tc.has_terminated() => true,
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
pub(crate) fn op_repl_write_file_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let path = args.get(0).to_rust_string_lossy(scope);
    let text = args.get(1).to_rust_string_lossy(scope);
    if let Err(err) = std::fs::write(&path, text) {
        crate::ops::throw_system_error(scope, &err, "open", Some(&path));
    }
}
