//! Worker thread ops (`internalBinding('worker')`), over `worker.rs`.
//!
//! Parent side: `op_worker_spawn_async` starts a worker (a handle whose
//! callback gets `('online')`, `('message', bytes)`, `('error', bytes |
//! text)`, `('exit', code)`), `op_worker_post_sync` and
//! `op_worker_terminate_sync` talk to it. Worker side: `op_worker_info_sync`
//! (thread id, `workerData`), `op_worker_port_start_async` (the handle of
//! `parentPort`), `op_worker_port_post_sync`, `op_worker_report_error_sync`.
//! Values travel serialized (`op_core_serialize_sync`).

use crate::cli::Entry;
use crate::handles::{Entry as Handle, Kind};
use crate::ops::args::{Bytes, arg};
use crate::ops::{js_string, set_value, throw_error, throw_type_error};
use crate::state::{Deliver, State};
use crate::worker::WorkerState;
use crate::worker::{ToParent, ToWorker, WorkerSpec};

fn strings(scope: &mut v8::PinScope, value: Option<v8::Local<v8::Value>>) -> Vec<String> {
    let Some(Ok(array)) = value.map(v8::Local::<v8::Array>::try_from) else { return Vec::new() };
    (0..array.length()).filter_map(|i| array.get_index(scope, i)).map(|v| v.to_rust_string_lossy(scope)).collect()
}

fn get<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    key: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let k = v8::String::new(scope, key)?;
    object.get(scope, k.into()).filter(|v| !v.is_null_or_undefined())
}

/// `op_worker_spawn_async(options, callback)`: starts a worker running
/// `options.filename` (an absolute path) or `options.source` (eval code),
/// with `argv`, `env` (`["K=V"]`), `data` (serialized `workerData`) and
/// `name`. Returns `{ threadId, handle }`.
pub(crate) fn op_worker_spawn_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(options) = v8::Local::<v8::Object>::try_from(args.get(0)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "The \"options\" argument must be of type object.");
        return;
    };
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(1)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let entry = match (get(scope, options, "filename"), get(scope, options, "source")) {
        (_, Some(source)) => Entry::Eval { source: source.to_rust_string_lossy(scope), print: false },
        (Some(file), None) => Entry::File(file.to_rust_string_lossy(scope)),
        (None, None) => {
            throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "a worker needs a filename or code");
            return;
        }
    };
    let argv = get(scope, options, "argv");
    let argv = strings(scope, argv);
    let env = get(scope, options, "env");
    let env = strings(scope, env);
    let data = get(scope, options, "data").and_then(crate::ops::core::bytes_of).unwrap_or_default();
    let name = get(scope, options, "name").map(|v| v.to_rust_string_lossy(scope)).unwrap_or_default();
    let state = State::get(scope);
    let Some(parent_options) = state.areas.get::<crate::isolate::RunOptions>().0.borrow().clone() else {
        throw_error(scope, "ERR_WORKER_INIT_FAILED", "Worker initialization failure: no runtime options");
        return;
    };
    let spec = WorkerSpec { entry, argv, env, data, options: parent_options, name };
    let (thread_id, control, mut events) = match crate::worker::spawn(spec) {
        Ok(started) => started,
        Err(err) => {
            throw_error(scope, "ERR_WORKER_INIT_FAILED", &format!("Worker initialization failure: {err}"));
            return;
        }
    };
    state.areas.get::<WorkerState>().workers.borrow_mut().insert(thread_id, control);
    let callback = v8::Global::new(scope, callback);
    let entry = Handle::with_callback(scope, Kind::MessagePort, callback, true);
    let id = state.open(entry, move |sink| async move {
        let mut exited = false;
        while let Some(event) = events.recv().await {
            let last = matches!(event, ToParent::Exit(_));
            let deliver: Deliver = Box::new(move |scope| match event {
                ToParent::Online => vec![js_string(scope, "online").into()],
                ToParent::Message(bytes) => {
                    vec![js_string(scope, "message").into(), crate::ops::io::bytes_to_js(scope, bytes).into()]
                }
                ToParent::Error(Ok(bytes)) => {
                    vec![js_string(scope, "error").into(), crate::ops::io::bytes_to_js(scope, bytes).into()]
                }
                ToParent::Error(Err(text)) => vec![js_string(scope, "error").into(), js_string(scope, &text).into()],
                ToParent::Exit(code) => vec![js_string(scope, "exit").into(), v8::Integer::new(scope, code).into()],
            });
            if last {
                sink.finish(deliver);
                exited = true;
                break;
            }
            sink.send(deliver);
        }
        if !exited {
            // The thread ended without a word (it panicked).
            sink.finish(Box::new(|scope| vec![js_string(scope, "exit").into(), v8::Integer::new(scope, 1).into()]));
        }
    });
    let result = v8::Object::new(scope);
    let tid = v8::Integer::new_from_unsigned(scope, thread_id).into();
    set_value(scope, result, "threadId", tid);
    let handle = v8::Integer::new_from_unsigned(scope, id).into();
    set_value(scope, result, "handle", handle);
    rv.set(result.into());
}

/// `op_worker_post_sync(threadId, bytes)`: a message for a worker; false
/// when it has ended.
pub(crate) fn op_worker_post_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(thread_id) = arg::<u32>(scope, &args, 0, "threadId") else { return };
    let Some(Bytes(bytes)) = arg::<Bytes>(scope, &args, 1, "message") else { return };
    let state = State::get(scope);
    let sent = state
        .areas
        .get::<WorkerState>()
        .workers
        .borrow()
        .get(&thread_id)
        .is_some_and(|w| w.to_worker.send(ToWorker::Message(bytes)).is_ok());
    rv.set_bool(sent);
}

/// `op_worker_terminate_sync(threadId)`: stops a worker's JavaScript at
/// once and ends its loop (exit code 1).
pub(crate) fn op_worker_terminate_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(thread_id) = arg::<u32>(scope, &args, 0, "threadId") else { return };
    let state = State::get(scope);
    let Some(control) = state.areas.get::<WorkerState>().workers.borrow_mut().remove(&thread_id) else { return };
    control.terminated.store(true, std::sync::atomic::Ordering::SeqCst);
    if let Some(isolate) = control.isolate.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
        isolate.terminate_execution();
    }
    let _ = control.to_worker.send(ToWorker::Terminate);
}

/// `op_worker_info_sync()`: in a worker `{ threadId, name, data }` (`data`
/// the serialized `workerData`, absent when none was given; `name` the
/// `name` option, empty when none); undefined on the main thread.
pub(crate) fn op_worker_info_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(link) = State::get(scope).areas.get::<WorkerState>().link.borrow().clone() else { return };
    let info = v8::Object::new(scope);
    let tid = v8::Integer::new_from_unsigned(scope, link.thread_id).into();
    set_value(scope, info, "threadId", tid);
    let name = v8::String::new(scope, &link.name).map_or_else(|| v8::undefined(scope).into(), Into::into);
    set_value(scope, info, "name", name);
    if !link.data.is_empty() {
        let data = crate::ops::io::bytes_to_js(scope, link.data.clone()).into();
        set_value(scope, info, "data", data);
    }
    rv.set(info.into());
}

/// `op_worker_port_start_async(callback)`: in a worker, the handle of
/// `parentPort`: `callback(bytes)` for each message from the parent
/// (those that came before included).
pub(crate) fn op_worker_port_start_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(0)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let state = State::get(scope);
    let Some(link) = state.areas.get::<WorkerState>().link.borrow().clone() else { return };
    let callback = v8::Global::new(scope, callback);
    // Messages arrive through the worker's own loop task (`worker.rs`),
    // which delivers them to this handle.
    let id = state.handles.insert(Handle::with_callback(scope, Kind::MessagePort, callback, true));
    *link.port.borrow_mut() = Some(id);
    link.deliver(&state);
    rv.set_uint32(id);
}

/// `op_worker_port_post_sync(bytes)`: in a worker, a message for the parent.
pub(crate) fn op_worker_port_post_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(Bytes(bytes)) = arg::<Bytes>(scope, &args, 0, "message") else { return };
    if let Some(link) = State::get(scope).areas.get::<WorkerState>().link.borrow().as_ref() {
        let _ = link.to_parent.send(ToParent::Message(bytes));
    }
}

/// `op_worker_report_error_sync(error)`: in a worker, an uncaught error for
/// the parent's 'error' event: serialized bytes, or a string when the
/// value could not be serialized.
pub(crate) fn op_worker_report_error_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let value = args.get(0);
    let error = match crate::ops::core::bytes_of(value) {
        Some(bytes) => Ok(bytes),
        None => Err(value.to_rust_string_lossy(scope)),
    };
    if let Some(link) = State::get(scope).areas.get::<WorkerState>().link.borrow().as_ref() {
        let _ = link.to_parent.send(ToParent::Error(error));
    }
}

// ---------------------------------------------------------------------------
// MessagePorts: pairs of inboxes any thread can post to, read from
// synchronously (`receiveMessageOnPort`) or listen on (a handle of the
// listening thread's loop). A port moves to another thread by id.
// ---------------------------------------------------------------------------

/// One end of a MessageChannel.
struct Port {
    /// Messages posted to this end, not read yet.
    inbox: std::sync::Mutex<std::collections::VecDeque<Vec<u8>>>,
    /// The other end's id.
    peer: u32,
    /// Wakes the thread listening on this end, if one is. One pending
    /// wake is enough (the listener drains the whole inbox), so the
    /// channel holds one.
    listener: std::sync::Mutex<Option<tokio::sync::mpsc::Sender<()>>>,
    /// Set when either end closed.
    closed: std::sync::atomic::AtomicBool,
}

type Ports = std::collections::HashMap<u32, std::sync::Arc<Port>>;

static PORTS: std::sync::Mutex<Option<Ports>> = std::sync::Mutex::new(None);
static NEXT_PORT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

fn port(id: u32) -> Option<std::sync::Arc<Port>> {
    PORTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref().and_then(|ports| ports.get(&id).cloned())
}

fn wake(port: &Port) {
    if let Some(tx) = port.listener.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
        // Full: a wake is pending already.
        let _ = tx.try_send(());
    }
}

/// `op_worker_channel_new_sync()`: a new pair of connected ports, `[id1, id2]`.
pub(crate) fn op_worker_channel_new_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let a = NEXT_PORT.fetch_add(2, std::sync::atomic::Ordering::Relaxed);
    let b = a + 1;
    let make = |peer| {
        std::sync::Arc::new(Port {
            inbox: std::sync::Mutex::new(std::collections::VecDeque::new()),
            peer,
            listener: std::sync::Mutex::new(None),
            closed: std::sync::atomic::AtomicBool::new(false),
        })
    };
    {
        let mut ports = PORTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let ports = ports.get_or_insert_with(std::collections::HashMap::new);
        ports.insert(a, make(b));
        ports.insert(b, make(a));
    }
    let first = v8::Integer::new_from_unsigned(scope, a).into();
    let second = v8::Integer::new_from_unsigned(scope, b).into();
    rv.set(v8::Array::new_with_elements(scope, &[first, second]).into());
}

/// `op_worker_channel_post_sync(id, bytes)`: puts a message in the inbox of
/// the other end; false when the channel is closed.
pub(crate) fn op_worker_channel_post_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(Bytes(bytes)) = arg::<Bytes>(scope, &args, 1, "message") else { return };
    let Some(sender) = port(id) else {
        rv.set_bool(false);
        return;
    };
    let Some(peer) = port(sender.peer) else {
        rv.set_bool(false);
        return;
    };
    if sender.closed.load(std::sync::atomic::Ordering::SeqCst) {
        rv.set_bool(false);
        return;
    }
    peer.inbox.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push_back(bytes);
    wake(&peer);
    rv.set_bool(true);
}

/// `op_worker_channel_receive_sync(id)`: the oldest message in the port's
/// inbox, or undefined (`receiveMessageOnPort`).
pub(crate) fn op_worker_channel_receive_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(port) = port(id) else { return };
    let message = port.inbox.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
    match message {
        Some(bytes) => rv.set(crate::ops::io::bytes_to_js(scope, bytes).into()),
        None => forget_if_done(id),
    }
}

/// `op_worker_channel_listen_async(id, callback)`: this thread listens on the
/// port: `callback('message', bytes)` for each message (those waiting
/// first), `callback('close')` when the channel closes. Returns the handle.
pub(crate) fn op_worker_channel_listen_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(1)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let Some(port) = port(id) else { return };
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let _ = tx.try_send(());
    *port.listener.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(tx);
    let state = State::get(scope);
    let callback = v8::Global::new(scope, callback);
    let entry = Handle::with_callback(scope, Kind::MessagePort, callback, true);
    let handle = state.open(entry, move |sink| async move {
        while rx.recv().await.is_some() {
            loop {
                let next = port.inbox.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
                let Some(bytes) = next else { break };
                let deliver: Deliver = Box::new(move |scope| {
                    vec![js_string(scope, "message").into(), crate::ops::io::bytes_to_js(scope, bytes).into()]
                });
                sink.send(deliver);
            }
            if port.closed.load(std::sync::atomic::Ordering::SeqCst) {
                sink.finish(Box::new(|scope| vec![js_string(scope, "close").into()]));
                *port.listener.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
                forget_if_done(id);
                break;
            }
        }
    });
    rv.set_uint32(handle);
}

/// `op_worker_channel_unlisten_sync(id)`: this thread stops listening (the
/// port moves to another thread, or is dropped); messages wait in its inbox.
pub(crate) fn op_worker_channel_unlisten_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    if let Some(port) = port(id) {
        *port.listener.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

/// `op_worker_channel_close_sync(id)`: closes the channel; both ends' listeners
/// get `'close'`.
pub(crate) fn op_worker_channel_close_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(this) = port(id) else { return };
    let peer = port(this.peer);
    for end in std::iter::once(this.clone()).chain(peer) {
        end.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        wake(&end);
    }
    // An end is forgotten once nothing can read it any more: now when it has
    // no listener and no messages, else when they have been taken.
    for end_id in [id, this.peer] {
        forget_if_done(end_id);
    }
}

/// Drops a closed port from the registry once its inbox is empty and no
/// thread listens on it.
fn forget_if_done(id: u32) {
    let mut ports = PORTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(map) = ports.as_mut() else { return };
    let done = map.get(&id).is_some_and(|port| {
        port.closed.load(std::sync::atomic::Ordering::SeqCst)
            && port.inbox.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_empty()
            && port.listener.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_none()
    });
    if done {
        map.remove(&id);
    }
}
