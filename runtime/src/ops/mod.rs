//! The op layer: native functions JS reaches through `internalBinding(area)`.
//!
//! One module per area (`ops/<area>.rs`), listed in `ops/table.rs`. Every
//! op is named `op_<area>_<verb>_sync` (returns its result, or throws) or
//! `op_<area>_<verb>_async` (takes a callback as its last argument, returns
//! an id; the work runs on tokio and the callback runs in the poll phase of
//! the event loop, see `State::spawn_op`).
//!
//! The build script creates one V8 function per op on the area's binding
//! object and saves them in the snapshot; at startup V8 links them to the
//! real functions through [`external_references`] (`ops/table.rs` is the
//! one list both sides read, so the positions match). A call
//! flows: JS `binding.op_fs_read_sync(path)` → V8 → the `extern "C"`
//! trampoline made by `v8::MapFnTo` → the op (`&mut PinScope`, arguments,
//! return value) → back to JS with the return value or a thrown error.

pub(crate) mod args;
pub(crate) mod child;
pub(crate) mod cipher;
pub(crate) mod core;
pub(crate) mod crypto;
pub(crate) mod dns;
pub(crate) mod encoding;
pub(crate) mod engine;
pub(crate) mod esm;
pub(crate) mod fs;
pub(crate) mod io;
pub(crate) mod ipc;
pub(crate) mod keys;
pub(crate) mod modules;
pub(crate) mod net;
pub(crate) mod os;
pub(crate) mod process;
pub(crate) mod repl;
pub(crate) mod system_error;
pub(crate) mod timers;
pub(crate) mod tls;
pub(crate) mod types;
pub(crate) mod udp;
pub(crate) mod url;
pub(crate) mod util;
pub(crate) mod vm;
pub(crate) mod worker;
pub(crate) mod zlib;

/// One native op (its JS name is the function's, see `ops/table.rs`).
pub(crate) struct Op {
    /// The V8 callback.
    pub callback: v8::FunctionCallback,
}

/// Defines [`areas`] from the op table (`ops/table.rs`).
macro_rules! ops_table {
    ($($area:ident: [$($op:ident),* $(,)?]),* $(,)?) => {
        /// Every area with its ops, in the table's order.
        pub(crate) fn areas() -> Vec<(&'static str, Vec<Op>)> {
            vec![$((stringify!($area), vec![$(Op {
                callback: v8::MapFnTo::map_fn_to($area::$op),
            }),*])),*]
        }
    };
}
include!("table.rs");

/// The ops as V8 external references, in the table's order (the snapshot
/// refers to them by position).
pub(crate) fn external_references() -> Vec<v8::ExternalReference> {
    areas().into_iter().flat_map(|(_, ops)| ops).map(|op| v8::ExternalReference { function: op.callback }).collect()
}

// ---------------------------------------------------------------------------
// Helpers for ops
// ---------------------------------------------------------------------------

/// Throws `new TypeError(message)` with `code`.
pub(crate) fn throw_type_error(scope: &mut v8::PinScope, code: &str, message: &str) {
    let text = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let error = v8::Exception::type_error(scope, text);
    set_code(scope, error, code);
    scope.throw_exception(error);
}

/// Throws `new Error(message)` with `code`.
pub(crate) fn throw_error(scope: &mut v8::PinScope, code: &str, message: &str) {
    let text = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let error = v8::Exception::error(scope, text);
    set_code(scope, error, code);
    scope.throw_exception(error);
}

fn set_code(scope: &mut v8::PinScope, error: v8::Local<v8::Value>, code: &str) {
    if code.is_empty() {
        return;
    }
    if let (Ok(object), Some(key), Some(value)) =
        (v8::Local::<v8::Object>::try_from(error), v8::String::new(scope, "code"), v8::String::new(scope, code))
    {
        object.set(scope, key.into(), value.into());
    }
}

/// Sets `object[key] = value` for a string value.
pub(crate) fn set_str(scope: &mut v8::PinScope, object: v8::Local<v8::Object>, key: &str, value: &str) {
    if let (Some(k), Some(v)) = (v8::String::new(scope, key), v8::String::new(scope, value)) {
        object.set(scope, k.into(), v.into());
    }
}

/// Sets `object[key] = value`.
pub(crate) fn set_value(
    scope: &mut v8::PinScope,
    object: v8::Local<v8::Object>,
    key: &str,
    value: v8::Local<v8::Value>,
) {
    if let Some(k) = v8::String::new(scope, key) {
        object.set(scope, k.into(), value);
    }
}

/// A JS string from Rust, or the empty string when V8 refuses it (too long).
pub(crate) fn js_string<'s>(scope: &mut v8::PinScope<'s, '_>, s: &str) -> v8::Local<'s, v8::String> {
    v8::String::new(scope, s).unwrap_or_else(|| v8::String::empty(scope))
}

/// Node's code and text for an OS error (libuv's names and messages).
pub(crate) fn errno_name(err: &std::io::Error) -> (&'static str, &'static str) {
    system_error::uv_error(err.raw_os_error().unwrap_or(libc::EIO))
}

/// Throws Node's system error in libuv's wording: `ENOENT: no such file or
/// directory, open '/x'` with `errno`, `code`, `syscall` and `path`.
pub(crate) fn throw_system_error(scope: &mut v8::PinScope, err: &std::io::Error, syscall: &str, path: Option<&str>) {
    let error = system_error::SystemError::uv(err, syscall);
    match path {
        Some(path) => error.path(path).throw(scope),
        None => error.throw(scope),
    }
}
