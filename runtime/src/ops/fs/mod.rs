//! File-system ops (`internalBinding('fs')`).
//!
//! Each operation is one plain Rust function doing the work with `std::fs`
//! or libc, wrapped twice by [`fs_op!`]:
//!
//! - `op_fs_<verb>_sync(...args)` runs it now and returns the result or
//!   throws Node's system error (`ENOENT: no such file or directory, open
//!   '/x'` with `errno`, `code`, `syscall`, `path`, `dest`);
//! - `op_fs_<verb>_async(...args, callback)` runs it on the thread pool
//!   (`pool.rs`, libuv's) and calls `callback(err)` or `callback(null, result)` in the poll
//!   phase of the event loop.
//!
//! Paths are strings or byte arrays (Buffer paths). Results: numbers,
//! strings, Uint8Arrays, arrays of names, or for `stat` a Float64Array
//! `[dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks,
//! atimeMs, mtimeMs, ctimeMs, birthtimeMs]`. Open flags and modes are
//! Linux's numbers (the JS layer turns `'r+'` into them). `readdir` with
//! types returns `[names, types]`, types as libuv's dirent codes (1 file,
//! 2 directory, 3 link, 4 fifo, 5 socket, 6 char, 7 block, 0 unknown).

use std::ffi::{CString, OsStr};
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::handles::{Entry, Kind};
use crate::ops::args::arg;
use crate::ops::system_error::SystemError;
use crate::ops::{js_string, throw_system_error};
use crate::state::State;

/// An open directory stream (`fs.opendir`), read on the thread pool.
type DirStream = std::sync::Arc<std::sync::Mutex<std::fs::ReadDir>>;

/// What an fs operation returns, before it becomes a JS value.
enum Out {
    Undefined,
    Number(f64),
    Str(String),
    Bytes(Vec<u8>),
    Names(Vec<String>),
    Dirents(Vec<String>, Vec<u8>),
    Stats([f64; 14]),
    /// Numbers handed to JS as a Float64Array (`statfs`).
    Floats(Vec<f64>),
    /// An open directory stream, registered in `State::dirs` on the main
    /// thread; JS gets its id.
    Dir(std::fs::ReadDir),
    /// No more entries (a directory stream at its end).
    Null,
}

/// A failed fs operation, as Node reports it.
struct FsError {
    err: std::io::Error,
    syscall: &'static str,
    path: Option<String>,
    dest: Option<String>,
}

type FsResult = Result<Out, FsError>;
type Job = Box<dyn FnOnce() -> FsResult + Send + 'static>;

fn fail<'a>(syscall: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> FsError + 'a {
    move |err| FsError { err, syscall, path: Some(path.to_string_lossy().into_owned()), dest: None }
}

fn fail2<'a>(syscall: &'static str, path: &'a Path, dest: &'a Path) -> impl FnOnce(std::io::Error) -> FsError + 'a {
    move |err| FsError {
        err,
        syscall,
        path: Some(path.to_string_lossy().into_owned()),
        dest: Some(dest.to_string_lossy().into_owned()),
    }
}

fn fail_fd(syscall: &'static str) -> impl FnOnce(std::io::Error) -> FsError {
    move |err| FsError { err, syscall, path: None, dest: None }
}

fn last_error() -> std::io::Error {
    std::io::Error::last_os_error()
}

// ---------------------------------------------------------------------------
// Turning arguments into Rust and results into JS
// ---------------------------------------------------------------------------

/// A path argument: a string, or the bytes of a Buffer.
fn path_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<PathBuf> {
    if let Some(bytes) = crate::ops::core::bytes_of(value) {
        return Some(PathBuf::from(OsStr::from_bytes(&bytes)));
    }
    if value.is_string() {
        return Some(PathBuf::from(value.to_rust_string_lossy(scope)));
    }
    crate::ops::throw_type_error(
        scope,
        "ERR_INVALID_ARG_TYPE",
        "The \"path\" argument must be of type string or an instance of Buffer or URL.",
    );
    None
}

/// Data to write: a string (UTF-8) or the bytes of an ArrayBufferView.
fn data_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Vec<u8> {
    crate::ops::core::bytes_of(value).unwrap_or_else(|| value.to_rust_string_lossy(scope).into_bytes())
}

fn int_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>, default: i64) -> i64 {
    if value.is_null_or_undefined() {
        return default;
    }
    value.integer_value(scope).unwrap_or(default)
}

fn c_path(path: &Path, syscall: &'static str) -> Result<CString, FsError> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| FsError {
        err: std::io::Error::from_raw_os_error(libc::EINVAL),
        syscall,
        path: Some(path.to_string_lossy().into_owned()),
        dest: None,
    })
}

fn out_to_js<'s>(scope: &mut v8::PinScope<'s, '_>, out: Out) -> v8::Local<'s, v8::Value> {
    match out {
        Out::Undefined => v8::undefined(scope).into(),
        Out::Number(n) => v8::Number::new(scope, n).into(),
        Out::Str(s) => js_string(scope, &s).into(),
        Out::Bytes(bytes) => crate::ops::io::bytes_to_js(scope, bytes).into(),
        Out::Names(names) => {
            let items: Vec<v8::Local<v8::Value>> = names.iter().map(|n| js_string(scope, n).into()).collect();
            v8::Array::new_with_elements(scope, &items).into()
        }
        Out::Dirents(names, types) => {
            let names: Vec<v8::Local<v8::Value>> = names.iter().map(|n| js_string(scope, n).into()).collect();
            let types: Vec<v8::Local<v8::Value>> =
                types.iter().map(|t| v8::Integer::new(scope, i32::from(*t)).into()).collect();
            let names = v8::Array::new_with_elements(scope, &names).into();
            let types = v8::Array::new_with_elements(scope, &types).into();
            v8::Array::new_with_elements(scope, &[names, types]).into()
        }
        Out::Floats(values) => {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
            let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
            let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
            v8::Float64Array::new(scope, buffer, 0, values.len())
                .map_or_else(|| v8::undefined(scope).into(), Into::into)
        }
        Out::Dir(dir) => {
            let stream: DirStream = std::sync::Arc::new(std::sync::Mutex::new(dir));
            let id = State::get(scope).handles.insert(Entry::resource(Kind::Dir, stream));
            v8::Integer::new_from_unsigned(scope, id).into()
        }
        Out::Null => v8::null(scope).into(),
        Out::Stats(values) => {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
            let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
            let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
            v8::Float64Array::new(scope, buffer, 0, values.len())
                .map_or_else(|| v8::undefined(scope).into(), Into::into)
        }
    }
}

/// Node's system error object for `e`.
fn error_to_js<'s>(scope: &mut v8::PinScope<'s, '_>, e: &FsError) -> v8::Local<'s, v8::Value> {
    let mut error = SystemError::uv(&e.err, e.syscall);
    if let Some(path) = &e.path {
        error = error.path(path.as_str());
    }
    if let Some(dest) = &e.dest {
        error = error.dest(dest.as_str());
    }
    error.to_js(scope)
}

fn run_sync(scope: &mut v8::PinScope, rv: &mut v8::ReturnValue, job: Job) {
    match job() {
        Ok(out) => {
            let value = out_to_js(scope, out);
            rv.set(value);
        }
        Err(e) => {
            let error = error_to_js(scope, &e);
            scope.throw_exception(error);
        }
    }
}

fn run_async(scope: &mut v8::PinScope, rv: &mut v8::ReturnValue, callback: v8::Global<v8::Function>, job: Job) {
    let state = State::get(scope);
    // The job is queued on the pool now, as libuv queues work when it is
    // asked (not when the loop next polls): its result can be ready in the
    // first poll phase. The pool is libuv's size and takes jobs in order
    // (`pool.rs`); results reach the poll phase in the order jobs finish.
    let id = state.spawn_pool_op(scope, Kind::FsRequest, callback, "the file-system job", move || {
        let result = job();
        Box::new(move |scope| match result {
            Ok(out) => vec![v8::null(scope).into(), out_to_js(scope, out)],
            Err(e) => vec![error_to_js(scope, &e)],
        })
    });
    rv.set_uint32(id);
}

/// The callback of an async op: its last argument.
fn callback_arg(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments) -> Option<v8::Global<v8::Function>> {
    let last = args.get(args.length() - 1);
    match v8::Local::<v8::Function>::try_from(last) {
        Ok(f) => Some(v8::Global::new(scope, f)),
        Err(_) => {
            crate::ops::throw_type_error(
                scope,
                "ERR_INVALID_ARG_TYPE",
                "The \"cb\" argument must be of type function.",
            );
            None
        }
    }
}

/// Defines `$sync` and `$async` from one block that reads the arguments
/// and returns the job (or `None` after throwing for a bad argument).
macro_rules! fs_op {
    ($(#[$doc:meta])* $sync:ident, $async:ident, |$scope:ident, $args:ident| $prepare:block) => {
        $(#[$doc])*
        // The preparation runs in a closure so that `?` can end it.
        #[allow(clippy::redundant_closure_call)]
        pub(crate) fn $sync($scope: &mut v8::PinScope, $args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
            // A closure, so that `?` can end the preparation (an argument
            // of the wrong type has thrown).
            let job: Option<Job> = (|| -> Option<Job> { $prepare })();
            if let Some(job) = job {
                run_sync($scope, &mut rv, job);
            }
        }

        $(#[$doc])*
        /// (Async form: the callback is the last argument.)
        #[allow(clippy::redundant_closure_call)]
        pub(crate) fn $async($scope: &mut v8::PinScope, $args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
            let Some(callback) = callback_arg($scope, &$args) else { return };
            let job: Option<Job> = (|| -> Option<Job> { $prepare })();
            if let Some(job) = job {
                run_async($scope, &mut rv, callback, job);
            }
        }
    };
}

mod files;
mod watch;

pub(crate) use files::*;
pub(crate) use watch::*;
