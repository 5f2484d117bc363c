//! `fs.watch`: watchers on the loop's one inotify instance.

use super::*;

// ---------------------------------------------------------------------------
// fs.watch: the loop's one inotify instance (`inotify.rs`)
// ---------------------------------------------------------------------------

/// `op_fs_watch_start_async(path, callback)`: watches a file or folder
/// (not the folders under it; `recursive` is built on this in JS, as
/// Node does on Linux): `callback(eventType, filename)` per change,
/// `'rename'` or `'change'` as libuv reports them (a watched file's own
/// name, or the name of the entry that changed in a watched folder).
/// Throws Node's `watch` error when the path cannot be watched. Returns
/// the handle (close it with `op_core_handle_close_sync`).
pub(crate) fn op_fs_watch_start_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(path) = path_arg(scope, args.get(0)) else { return };
    let Some(callback) = callback_arg(scope, &args) else { return };
    let entry = Entry::with_callback(scope, Kind::FsEvent, callback, true);
    match crate::inotify::watch(&State::get(scope), &path, entry) {
        Ok(id) => rv.set_uint32(id),
        Err(err) => {
            let error = error_to_js(scope, &fail("watch", &path)(err));
            scope.throw_exception(error);
        }
    }
}
