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

pub(crate) mod child;
pub(crate) mod core;
pub(crate) mod crypto;
pub(crate) mod engine;
pub(crate) mod esm;
pub(crate) mod fs;
pub(crate) mod io;
pub(crate) mod modules;
pub(crate) mod os;
pub(crate) mod process;
pub(crate) mod repl;
pub(crate) mod timers;
pub(crate) mod types;
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

/// libuv's names and messages by errno (Linux), as Node's system errors
/// show them (the same table as `js/internal/uv_errors.js`).
const UV_ERRORS: &[(i32, &str, &str)] = &[
    (1, "EPERM", "operation not permitted"),
    (2, "ENOENT", "no such file or directory"),
    (3, "ESRCH", "no such process"),
    (4, "EINTR", "interrupted system call"),
    (5, "EIO", "i/o error"),
    (6, "ENXIO", "no such device or address"),
    (7, "E2BIG", "argument list too long"),
    (9, "EBADF", "bad file descriptor"),
    (11, "EAGAIN", "resource temporarily unavailable"),
    (12, "ENOMEM", "not enough memory"),
    (13, "EACCES", "permission denied"),
    (14, "EFAULT", "bad address in system call argument"),
    (16, "EBUSY", "resource busy or locked"),
    (17, "EEXIST", "file already exists"),
    (18, "EXDEV", "cross-device link not permitted"),
    (19, "ENODEV", "no such device"),
    (20, "ENOTDIR", "not a directory"),
    (21, "EISDIR", "illegal operation on a directory"),
    (22, "EINVAL", "invalid argument"),
    (23, "ENFILE", "file table overflow"),
    (24, "EMFILE", "too many open files"),
    (25, "ENOTTY", "inappropriate ioctl for device"),
    (26, "ETXTBSY", "text file is busy"),
    (27, "EFBIG", "file too large"),
    (28, "ENOSPC", "no space left on device"),
    (29, "ESPIPE", "invalid seek"),
    (30, "EROFS", "read-only file system"),
    (31, "EMLINK", "too many links"),
    (32, "EPIPE", "broken pipe"),
    (34, "ERANGE", "result too large"),
    (36, "ENAMETOOLONG", "name too long"),
    (38, "ENOSYS", "function not implemented"),
    (39, "ENOTEMPTY", "directory not empty"),
    (40, "ELOOP", "too many symbolic links encountered"),
    (49, "EUNATCH", "protocol driver not attached"),
    (61, "ENODATA", "no data available"),
    (64, "ENONET", "machine is not on the network"),
    (71, "EPROTO", "protocol error"),
    (75, "EOVERFLOW", "value too large for defined data type"),
    (84, "EILSEQ", "illegal byte sequence"),
    (88, "ENOTSOCK", "socket operation on non-socket"),
    (89, "EDESTADDRREQ", "destination address required"),
    (90, "EMSGSIZE", "message too long"),
    (91, "EPROTOTYPE", "protocol wrong type for socket"),
    (92, "ENOPROTOOPT", "protocol not available"),
    (93, "EPROTONOSUPPORT", "protocol not supported"),
    (94, "ESOCKTNOSUPPORT", "socket type not supported"),
    (95, "ENOTSUP", "operation not supported on socket"),
    (97, "EAFNOSUPPORT", "address family not supported"),
    (98, "EADDRINUSE", "address already in use"),
    (99, "EADDRNOTAVAIL", "address not available"),
    (100, "ENETDOWN", "network is down"),
    (101, "ENETUNREACH", "network is unreachable"),
    (103, "ECONNABORTED", "software caused connection abort"),
    (104, "ECONNRESET", "connection reset by peer"),
    (105, "ENOBUFS", "no buffer space available"),
    (106, "EISCONN", "socket is already connected"),
    (107, "ENOTCONN", "socket is not connected"),
    (108, "ESHUTDOWN", "cannot send after transport endpoint shutdown"),
    (110, "ETIMEDOUT", "connection timed out"),
    (111, "ECONNREFUSED", "connection refused"),
    (112, "EHOSTDOWN", "host is down"),
    (113, "EHOSTUNREACH", "host is unreachable"),
    (114, "EALREADY", "connection already in progress"),
    (121, "EREMOTEIO", "remote I/O error"),
    (125, "ECANCELED", "operation canceled"),
];

/// Node's code and text for an OS error (libuv's names and messages).
pub(crate) fn errno_name(err: &std::io::Error) -> (&'static str, String) {
    let code = err.raw_os_error().unwrap_or(libc::EIO);
    match UV_ERRORS.iter().find(|(n, _, _)| *n == code) {
        Some((_, name, text)) => (name, (*text).to_owned()),
        None => ("UNKNOWN", "unknown error".to_owned()),
    }
}

/// Throws Node's system error: `ENOENT: no such file or directory, open '/x'`
/// with `errno`, `code`, `syscall` and `path`.
pub(crate) fn throw_system_error(scope: &mut v8::PinScope, err: &std::io::Error, syscall: &str, path: Option<&str>) {
    let (code, text) = errno_name(err);
    let message = match path {
        Some(p) => format!("{code}: {text}, {syscall} '{p}'"),
        None => format!("{code}: {text}, {syscall}"),
    };
    let message = js_string(scope, &message);
    let error = v8::Exception::error(scope, message);
    if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
        let errno = v8::Integer::new(scope, -err.raw_os_error().unwrap_or(5)).into();
        set_value(scope, object, "errno", errno);
        set_str(scope, object, "code", code);
        set_str(scope, object, "syscall", syscall);
        if let Some(p) = path {
            set_str(scope, object, "path", p);
        }
    }
    scope.throw_exception(error);
}
