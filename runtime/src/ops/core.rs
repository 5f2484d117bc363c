//! Core ops: microtasks, the uncaught-exception path, handle control.

use crate::ops::args::arg;
use v8::{ValueDeserializerHelper, ValueSerializerHelper};

use crate::errors;
use crate::state::State;

/// `op_core_run_microtasks_sync()`: V8's microtask checkpoint.
pub(crate) fn op_core_run_microtasks_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    scope.perform_microtask_checkpoint();
}

/// `op_core_enqueue_microtask_sync(fn)`: queues `fn` as a microtask.
pub(crate) fn op_core_enqueue_microtask_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    if let Ok(f) = v8::Local::<v8::Function>::try_from(args.get(0)) {
        scope.enqueue_microtask(f);
    }
}

/// `op_core_trigger_uncaught_sync(error, fromPromise)`: reports `error` as
/// uncaught (the arrow is where it was created); returns only if an
/// `uncaughtException` listener handled it.
pub(crate) fn op_core_trigger_uncaught_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let error = args.get(0);
    let from_promise = args.get(1).is_true();
    errors::report_uncaught(scope, error, None, from_promise);
}

/// `op_core_handle_close_sync(id, onClose?)`: stops a handle or async op
/// (its callback will not run again); `onClose` runs in the close phase of
/// this loop iteration, as libuv's close callbacks do.
pub(crate) fn op_core_handle_close_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    state.handles.close(id);
    if let Ok(on_close) = v8::Local::<v8::Function>::try_from(args.get(1)) {
        let on_close = v8::Global::new(scope, on_close);
        state.close_callbacks.borrow_mut().push_back(on_close);
    }
}

/// `op_core_handle_ref_sync(id, refed)`: whether a handle keeps the loop alive.
pub(crate) fn op_core_handle_ref_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let refed = args.get(1).is_true();
    State::get(scope).handles.set_ref(id, refed);
}

/// `op_core_active_resources_sync(requestsOnly)`: Node's names of the
/// requests and handles that keep the loop alive, requests first
/// (`process.getActiveResourcesInfo()` adds timers and immediates), or of
/// the requests alone.
pub(crate) fn op_core_active_resources_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let names = State::get(scope).handles.active_names(args.get(0).is_true());
    let names: Vec<v8::Local<v8::Value>> = names.into_iter().map(|n| crate::ops::js_string(scope, n).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &names).into());
}

/// `op_core_active_handles_sync()`: the JS objects of the handles that keep
/// the loop alive, oldest first (`process._getActiveHandles()`).
pub(crate) fn op_core_active_handles_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let owners = State::get(scope).handles.active_owners();
    let owners: Vec<v8::Local<v8::Value>> = owners.into_iter().map(|o| v8::Local::new(scope, o).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &owners).into());
}

/// `op_core_handle_owner_sync(id, object)`: the JS object that stands for a
/// handle, listed by `process._getActiveHandles()`.
pub(crate) fn op_core_handle_owner_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    if let Ok(owner) = v8::Local::<v8::Object>::try_from(args.get(1)) {
        let owner = v8::Global::new(scope, owner);
        State::get(scope).handles.set_owner(id, owner);
    }
}

/// `op_core_serialize_sync(value, makeError?)`: V8's structured
/// serialization, as a Uint8Array. Without `makeError` (`v8.serialize`) a
/// value that cannot be cloned throws a plain `Error`, as Node's does, and
/// a SharedArrayBuffer cannot be cloned. With it (messages between
/// threads) `makeError(message)` makes the error thrown (a `DataCloneError`
/// DOMException) and a SharedArrayBuffer is written as a reference to its
/// memory, which `op_core_deserialize_sync` maps again on any thread.
pub(crate) fn op_core_serialize_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let make_error = v8::Local::<v8::Function>::try_from(args.get(1)).ok().map(|f| v8::Global::new(scope, f));
    let cross_thread = make_error.is_some();
    let delegate = CloneDelegate { make_error, cross_thread, ..CloneDelegate::default() };
    let serializer = v8::ValueSerializer::new(scope, Box::new(delegate));
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
pub(crate) fn op_core_deserialize_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else { return };
    let mut data = vec![0u8; view.byte_length()];
    view.copy_contents(&mut data);
    let delegate = CloneDelegate { cross_thread: true, ..CloneDelegate::default() };
    let deserializer = v8::ValueDeserializer::new(scope, Box::new(delegate), &data);
    let context = scope.get_current_context();
    if deserializer.read_header(context) != Some(true) {
        return;
    }
    if let Some(value) = deserializer.read_value(context) {
        rv.set(value);
    }
}

/// `op_core_structured_clone_sync(value, transfer, makeError)`: the HTML
/// structured clone of `value` (`structuredClone`). `transfer` is an array
/// of distinct ArrayBuffers (checked by the caller) whose contents move to
/// the clone, the originals left detached; SharedArrayBuffers are shared;
/// `makeError(message)` makes the error thrown for what cannot be cloned
/// (a `DataCloneError` DOMException).
pub(crate) fn op_core_structured_clone_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let value = args.get(0);
    let mut transfer = Vec::new();
    if let Ok(list) = v8::Local::<v8::Array>::try_from(args.get(1)) {
        for i in 0..list.length() {
            let Some(item) = list.get_index(scope, i) else { return };
            let Ok(buffer) = v8::Local::<v8::ArrayBuffer>::try_from(item) else { return };
            transfer.push(buffer);
        }
    }
    let make_error = v8::Local::<v8::Function>::try_from(args.get(2)).ok().map(|f| v8::Global::new(scope, f));
    let shared = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let delegate = CloneDelegate { make_error: make_error.clone(), shared: shared.clone(), cross_thread: false };
    let serializer = v8::ValueSerializer::new(scope, Box::new(delegate));
    serializer.write_header();
    for (id, buffer) in transfer.iter().enumerate() {
        if !buffer.is_detachable() {
            let message = v8::String::new(scope, "An ArrayBuffer is not detachable and could not be cloned.");
            if let Some(message) = message {
                let delegate =
                    CloneDelegate { make_error: make_error.clone(), shared: shared.clone(), cross_thread: false };
                v8::ValueSerializerImpl::throw_data_clone_error(&delegate, scope, message);
            }
            return;
        }
        serializer.transfer_array_buffer(id as u32, *buffer);
    }
    let context = scope.get_current_context();
    if serializer.write_value(context, value) != Some(true) {
        return;
    }
    let bytes = serializer.release();
    // The transferred contents leave their buffers for the clone's.
    let stores: Vec<_> = transfer
        .iter()
        .map(|buffer| {
            let store = buffer.get_backing_store();
            buffer.detach(None);
            store
        })
        .collect();
    let delegate = CloneDelegate { make_error, shared, cross_thread: false };
    let deserializer = v8::ValueDeserializer::new(scope, Box::new(delegate), &bytes);
    if deserializer.read_header(context) != Some(true) {
        return;
    }
    for (id, store) in stores.iter().enumerate() {
        let buffer = v8::ArrayBuffer::with_backing_store(scope, store);
        deserializer.transfer_array_buffer(id as u32, buffer);
    }
    if let Some(clone) = deserializer.read_value(context) {
        rv.set(clone);
    }
}

/// The private key marking objects that cannot be cloned
/// (`op_core_mark_uncloneable_sync`).
const UNCLONEABLE_KEY: &str = "nodus:uncloneable";

/// `op_core_mark_uncloneable_sync(object)`: structured clone and
/// serialization refuse `object`, and every object that inherits from it,
/// with a DataCloneError (`worker_threads.markAsUncloneable`, and the
/// prototypes of classes whose state cannot be cloned, such as `URL`).
pub(crate) fn op_core_mark_uncloneable_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Ok(object) = v8::Local::<v8::Object>::try_from(args.get(0)) else { return };
    let Some(key) = v8::String::new(scope, UNCLONEABLE_KEY) else { return };
    let private = v8::Private::for_api(scope, Some(key));
    let mark = v8::Boolean::new(scope, true);
    object.set_private(scope, private, mark.into());
}

/// Whether `object` or an object it inherits from is marked uncloneable.
fn is_uncloneable(scope: &mut v8::PinScope, object: v8::Local<v8::Object>) -> bool {
    let Some(key) = v8::String::new(scope, UNCLONEABLE_KEY) else { return false };
    let private = v8::Private::for_api(scope, Some(key));
    let mut current = Some(object);
    while let Some(object) = current {
        if object.has_private(scope, private) == Some(true) {
            return true;
        }
        current = object.get_prototype(scope).and_then(|p| v8::Local::<v8::Object>::try_from(p).ok());
    }
    false
}

/// The serializer's host side: the error for what cannot be cloned, and
/// the SharedArrayBuffers met (shared by id between the two halves of a
/// structured clone).
#[derive(Default)]
struct CloneDelegate {
    make_error: Option<v8::Global<v8::Function>>,
    shared: std::rc::Rc<std::cell::RefCell<Vec<v8::SharedRef<v8::BackingStore>>>>,
    /// SharedArrayBuffers go through the process-wide [`SHARED_MEMORY`]
    /// (the bytes are read on another thread, by a worker or its parent).
    cross_thread: bool,
}

/// The memory of SharedArrayBuffers in serialized messages not read yet,
/// by the id written in their place; the reading side takes it out.
static SHARED_MEMORY: std::sync::Mutex<SharedMemory> = std::sync::Mutex::new((0, Vec::new()));

/// The last id given out, and the memory waiting under each id.
type SharedMemory = (u32, Vec<(u32, v8::SharedRef<v8::BackingStore>)>);

impl v8::ValueSerializerImpl for CloneDelegate {
    fn throw_data_clone_error<'s>(&self, scope: &mut v8::PinScope<'s, '_>, message: v8::Local<'s, v8::String>) {
        if let Some(make_error) = &self.make_error {
            let make_error = v8::Local::new(scope, make_error);
            let undefined = v8::undefined(scope).into();
            // An exception thrown by makeError itself propagates as it is.
            if let Some(error) = make_error.call(scope, undefined, &[message.into()]) {
                scope.throw_exception(error);
            }
            return;
        }
        let error = v8::Exception::error(scope, message);
        scope.throw_exception(error);
    }

    // Every object is asked about, so that a structured clone or a message
    // refuses the ones marked uncloneable (`v8.serialize` does not, as in
    // Node); API objects are host objects, as before.
    fn has_custom_host_object(&self, _isolate: &v8::Isolate) -> bool {
        true
    }

    fn is_host_object<'s>(&self, scope: &mut v8::PinScope<'s, '_>, object: v8::Local<'s, v8::Object>) -> Option<bool> {
        Some(object.internal_field_count() > 0 || (self.make_error.is_some() && is_uncloneable(scope, object)))
    }

    fn write_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        _object: v8::Local<'s, v8::Object>,
        _value_serializer: &dyn v8::ValueSerializerHelper,
    ) -> Option<bool> {
        let message = v8::String::new(scope, "Cannot clone object of unsupported type.")?;
        self.throw_data_clone_error(scope, message);
        None
    }

    fn get_shared_array_buffer_id<'s>(
        &self,
        _scope: &mut v8::PinScope<'s, '_>,
        buffer: v8::Local<'s, v8::SharedArrayBuffer>,
    ) -> Option<u32> {
        // Only a structured clone (with its error maker) shares memory.
        self.make_error.as_ref()?;
        if self.cross_thread {
            let mut table = SHARED_MEMORY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            table.0 = table.0.wrapping_add(1);
            let id = table.0;
            table.1.push((id, buffer.get_backing_store()));
            return Some(id);
        }
        let mut shared = self.shared.borrow_mut();
        shared.push(buffer.get_backing_store());
        Some((shared.len() - 1) as u32)
    }
}

impl v8::ValueDeserializerImpl for CloneDelegate {
    fn get_shared_array_buffer_from_id<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        id: u32,
    ) -> Option<v8::Local<'s, v8::SharedArrayBuffer>> {
        let store = if self.cross_thread {
            let mut table = SHARED_MEMORY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let at = table.1.iter().position(|(key, _)| *key == id)?;
            table.1.swap_remove(at).1
        } else {
            self.shared.borrow().get(id as usize).cloned()?
        };
        Some(v8::SharedArrayBuffer::with_backing_store(scope, &store))
    }
}

/// The bytes of an ArrayBufferView or ArrayBuffer.
pub(crate) fn bytes_of(value: v8::Local<v8::Value>) -> Option<Vec<u8>> {
    if let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(value) {
        let mut data = vec![0u8; view.byte_length()];
        view.copy_contents(&mut data);
        return Some(data);
    }
    if let Ok(buffer) = v8::Local::<v8::ArrayBuffer>::try_from(value) {
        let len = buffer.byte_length();
        let Some(ptr) = buffer.data() else { return Some(Vec::new()) };
        // SAFETY: the buffer is alive for this call and `len` bytes long.
        return Some(unsafe { std::slice::from_raw_parts(ptr.as_ptr().cast::<u8>(), len) }.to_vec());
    }
    None
}

/// `op_core_get_async_context_sync()`: the current async context (V8's
/// continuation-preserved embedder data, which promise jobs carry over);
/// undefined when empty.
pub(crate) fn op_core_get_async_context_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    rv.set(scope.get_continuation_preserved_embedder_data());
}

/// `op_core_set_async_context_sync(frame)`: makes `frame` the current async
/// context.
pub(crate) fn op_core_set_async_context_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    scope.set_continuation_preserved_embedder_data(args.get(0));
}
