//! Core ops: microtasks, the uncaught-exception path, handle control.

use v8::{ValueDeserializerHelper, ValueSerializerHelper};

use crate::errors;
use crate::state::State;

/// `op_core_run_microtasks_sync()`: V8's microtask checkpoint.
pub(crate) fn op_core_run_microtasks_sync(scope: &mut v8::PinScope, _args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    scope.perform_microtask_checkpoint();
}

/// `op_core_enqueue_microtask_sync(fn)`: queues `fn` as a microtask.
pub(crate) fn op_core_enqueue_microtask_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    if let Ok(f) = v8::Local::<v8::Function>::try_from(args.get(0)) {
        scope.enqueue_microtask(f);
    }
}

/// `op_core_trigger_uncaught_sync(error, fromPromise)`: reports `error` as
/// uncaught (the arrow is where it was created); returns only if an
/// `uncaughtException` listener handled it.
pub(crate) fn op_core_trigger_uncaught_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let error = args.get(0);
    let from_promise = args.get(1).is_true();
    errors::report_uncaught(scope, error, None, from_promise);
}

/// `op_core_handle_close_sync(id)`: stops a handle or async op; its
/// callback will not run again.
pub(crate) fn op_core_handle_close_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let id = args.get(0).uint32_value(scope).unwrap_or(0);
    let state = State::get(scope);
    let pending = state.pending.borrow_mut().remove(&id);
    if let Some(abort) = pending.and_then(|p| p.abort) {
        abort.abort();
    }
}

/// `op_core_handle_ref_sync(id, refed)`: whether a handle keeps the loop alive.
pub(crate) fn op_core_handle_ref_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let id = args.get(0).uint32_value(scope).unwrap_or(0);
    let refed = args.get(1).is_true();
    let state = State::get(scope);
    if let Some(p) = state.pending.borrow_mut().get_mut(&id) {
        p.refed = refed;
    }
}

/// `op_core_serialize_sync(value)`: V8's structured serialization (for
/// `structuredClone`), as a Uint8Array; throws `DataCloneError` text.
pub(crate) fn op_core_serialize_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let serializer = v8::ValueSerializer::new(scope, Box::new(CloneDelegate));
    serializer.write_header();
    let context = scope.get_current_context();
    if serializer.write_value(context, args.get(0)) != Some(true) {
        return;
    }
    let bytes = serializer.release();
    let len = bytes.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    if let Some(array) = v8::Uint8Array::new(scope, buffer, 0, len) {
        rv.set(array.into());
    }
}

/// `op_core_deserialize_sync(bytes)`: the value `op_core_serialize_sync` wrote.
pub(crate) fn op_core_deserialize_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else { return };
    let mut data = vec![0u8; view.byte_length()];
    view.copy_contents(&mut data);
    let deserializer = v8::ValueDeserializer::new(scope, Box::new(CloneDelegate), &data);
    let context = scope.get_current_context();
    if deserializer.read_header(context) != Some(true) {
        return;
    }
    if let Some(value) = deserializer.read_value(context) {
        rv.set(value);
    }
}

struct CloneDelegate;

impl v8::ValueSerializerImpl for CloneDelegate {
    fn throw_data_clone_error<'s>(&self, scope: &mut v8::PinScope<'s, '_>, message: v8::Local<'s, v8::String>) {
        let error = v8::Exception::error(scope, message);
        if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
            crate::ops::set_str(scope, object, "name", "DataCloneError");
            let code = v8::Integer::new(scope, 25).into();
            crate::ops::set_value(scope, object, "code", code);
        }
        scope.throw_exception(error);
    }
}

impl v8::ValueDeserializerImpl for CloneDelegate {}
