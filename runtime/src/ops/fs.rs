//! File-system ops the module loaders need (the full `fs` module comes later).

use crate::ops::{js_string, throw_system_error};

/// `op_fs_read_file_utf8_sync(path)`: the file's text (a BOM is kept; the
/// loaders strip it).
pub(crate) fn op_fs_read_file_utf8_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let path = args.get(0).to_rust_string_lossy(scope);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            match v8::String::new_from_utf8(scope, text.as_bytes(), v8::NewStringType::Normal) {
                Some(s) => rv.set(s.into()),
                None => crate::ops::throw_error(scope, "ERR_STRING_TOO_LONG", "Cannot create a string longer than 0x1fffffe8 characters"),
            }
        }
        Err(err) => throw_system_error(scope, &err, "open", Some(&path)),
    }
}

/// `op_fs_stat_kind_sync(path)`: 0 for a file, 1 for a directory, -2 when
/// missing (Node's `internalModuleStat`).
pub(crate) fn op_fs_stat_kind_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let path = args.get(0).to_rust_string_lossy(scope);
    rv.set_int32(match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => 1,
        Ok(_) => 0,
        Err(_) => -2,
    });
}

/// `op_fs_realpath_sync(path)`.
pub(crate) fn op_fs_realpath_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let path = args.get(0).to_rust_string_lossy(scope);
    match std::fs::canonicalize(&path) {
        Ok(real) => rv.set(js_string(scope, &real.to_string_lossy()).into()),
        Err(err) => throw_system_error(scope, &err, "realpath", Some(&path)),
    }
}
