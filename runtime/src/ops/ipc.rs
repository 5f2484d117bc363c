//! The IPC channel between a parent and a child it forked
//! (`internalBinding('ipc')`): Node's `Pipe` in IPC mode, one end of a
//! Unix socket pair.
//!
//! The parent makes the pair when it spawns (`op_child_spawn_async` with
//! `ipc`: the child gets its end as that fd, named by `NODE_CHANNEL_FD`);
//! each side opens its end as a handle (`op_ipc_open_sync`) that reads
//! through tokio's reactor and writes at once when the socket has room, in
//! order otherwise (`op_ipc_write_async`). The bytes are Node's: JSON lines
//! for `serialization: 'json'`, and for `'advanced'` V8 serializer payloads
//! each after its length as a big-endian u32, with array buffer views
//! written as Node's `ChildProcessSerializer` writes them (a host object:
//! tag 0, the view's type index, its byte length and its bytes), so a
//! nodus parent talks to a node child and the other way round
//! (`op_ipc_serialize_sync`, `op_ipc_deserialize_sync`).

use std::cell::Cell;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::rc::Rc;

use tokio::io::unix::AsyncFd;
use v8::{ValueDeserializerHelper, ValueSerializerHelper};

use crate::handles::{Entry, Kind};
use crate::ops::args::arg;
use crate::ops::io::bytes_to_js;
use crate::state::State;

/// The V8 wire format version written in the header: Node 24's V8 reads
/// up to 15, and what version 16 changed (lengths of buffers past 4 GiB)
/// does not change the bytes of smaller values.
const WIRE_VERSION: u8 = 15;

/// An open channel end, the resource of its handle.
struct Channel {
    socket: Rc<AsyncFd<OwnedFd>>,
    /// Writes waiting for room (count, bytes); while any waits, new writes
    /// queue behind it.
    waiting: Rc<Cell<(usize, usize)>>,
    /// Keeps queued writes in order (tokio's mutex is first come, first served).
    order: Rc<tokio::sync::Mutex<()>>,
    /// Ends the writes still waiting when the channel closes.
    cancel: Rc<crate::ops::udp::Cancel>,
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

/// `op_ipc_open_sync(fd, callback)`: takes `fd` (one end of a socket
/// pair, closed with the handle) as a channel handle, not refed, reading
/// at once: `callback(bytes)` per chunk, `callback(null)` at the end, or
/// `callback(null, errno)` when reading fails (the end too).
pub(crate) fn op_ipc_open_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 1, "callback") else { return };
    // SAFETY: F_GETFL/F_SETFL/F_SETFD on an fd the caller hands over.
    let ok = unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        flags >= 0
            && libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) == 0
            && libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) == 0
    };
    if !ok {
        crate::ops::throw_system_error(scope, &std::io::Error::last_os_error(), "uv_pipe_open", None);
        return;
    }
    // SAFETY: the fd is handed over to this handle, which closes it.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: the AsyncFd owns the fd for as long as it is registered.
    let socket = match unsafe {
        AsyncFd::register_with_interest(owned, tokio::io::Interest::READABLE | tokio::io::Interest::WRITABLE)
    } {
        Ok(socket) => Rc::new(socket),
        Err(err) => {
            crate::ops::throw_system_error(scope, &std::io::Error::from(err), "uv_pipe_open", None);
            return;
        }
    };
    let channel =
        Channel { socket: socket.clone(), waiting: Rc::default(), order: Rc::default(), cancel: Rc::default() };
    let callback = v8::Global::new(scope, callback);
    let entry = Entry::with_callback(scope, Kind::Pipe, callback, false).with_resource(channel);
    let id = State::get(scope).open(entry, move |events| async move {
        let mut scratch = vec![0u8; crate::ops::io::CHUNK];
        loop {
            let Ok(mut ready) = socket.readable().await else { break };
            // SAFETY: reading into a buffer of its own length.
            let n = unsafe { libc::read(socket.get_ref().as_raw_fd(), scratch.as_mut_ptr().cast(), scratch.len()) };
            if n > 0 {
                let chunk = scratch[..n as usize].to_vec();
                events.send(Box::new(move |scope| vec![bytes_to_js(scope, chunk).into()]));
                tokio::task::yield_now().await;
                continue;
            }
            let err = if n == 0 { 0 } else { errno() };
            if err == libc::EAGAIN || err == libc::EINTR {
                ready.clear_ready();
                continue;
            }
            events.finish(Box::new(move |scope| {
                let end = v8::null(scope).into();
                if err == 0 { vec![end] } else { vec![end, v8::Integer::new(scope, -err).into()] }
            }));
            break;
        }
    });
    rv.set_uint32(id);
}

/// `op_ipc_close_sync(id)`: closes the channel end now, as `uv_close`
/// does, so the other side reads its end at once; the handle goes too
/// (see `op_udp_close_sync` for why the fd is pointed at /dev/null).
pub(crate) fn op_ipc_close_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    if let Some(channel) = state.handles.resource::<Channel>(id) {
        channel.cancel.cancel();
        crate::ops::udp::release_now(channel.socket.get_ref().as_raw_fd());
    }
    state.handles.close(id);
}

/// Writes as much of `data` as the socket takes now: the count, or an errno.
fn write_some(fd: RawFd, data: &[u8]) -> Result<usize, i32> {
    loop {
        // SAFETY: sending from a slice of its own length; MSG_NOSIGNAL: EPIPE, not SIGPIPE.
        let n = unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), libc::MSG_NOSIGNAL | libc::MSG_DONTWAIT) };
        if n >= 0 {
            return Ok(n as usize);
        }
        match errno() {
            libc::EINTR => continue,
            libc::EAGAIN => return Ok(0),
            other => return Err(other),
        }
    }
}

/// `op_ipc_write_async(id, bytes, callback)`: writes `bytes` after the
/// writes before it. Returns 1 when all went at once, a negative errno
/// when writing failed at once, or 0 when the rest waits for room: then
/// `callback(status)` runs when it is written (0) or failed (a negative
/// errno).
pub(crate) fn op_ipc_write_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(crate::ops::args::Bytes(data)) = arg(scope, &args, 1, "bytes") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 2, "callback") else { return };
    let state = State::get(scope);
    let Some(channel) = state.handles.resource::<Channel>(id) else {
        rv.set_int32(-libc::EBADF);
        return;
    };
    let fd = channel.socket.get_ref().as_raw_fd();
    let mut offset = 0;
    if channel.waiting.get().0 == 0 {
        match write_some(fd, &data) {
            Ok(n) if n == data.len() => {
                rv.set_int32(1);
                return;
            }
            Ok(n) => offset = n,
            Err(err) => {
                rv.set_int32(-err);
                return;
            }
        }
    }
    let (count, bytes) = channel.waiting.get();
    let queued = data.len() - offset;
    channel.waiting.set((count + 1, bytes + queued));
    let waiting = channel.waiting.clone();
    let socket = channel.socket.clone();
    let order = channel.order.clone();
    let cancel = channel.cancel.clone();
    let callback = v8::Global::new(scope, callback);
    state.spawn_op(scope, Kind::Write, callback, async move {
        let status = tokio::select! {
            status = async {
                let _turn = order.lock().await;
                loop {
                    if offset == data.len() {
                        break 0;
                    }
                    let Ok(mut ready) = socket.writable().await else { break -libc::EBADF };
                    match write_some(fd, &data[offset..]) {
                        Ok(0) => ready.clear_ready(),
                        Ok(n) => offset += n,
                        Err(err) => break -err,
                    }
                }
            } => status,
            () = cancel.wait() => -libc::ECANCELED,
        };
        let (count, bytes) = waiting.get();
        waiting.set((count.saturating_sub(1), bytes.saturating_sub(queued)));
        let deliver: crate::state::Deliver = Box::new(move |scope| vec![v8::Integer::new(scope, status).into()]);
        deliver
    });
    rv.set_int32(0);
}

/// `op_ipc_pending_sync(id)`: the bytes of the writes waiting for room
/// (Node's `writeQueueSize`).
pub(crate) fn op_ipc_pending_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let waiting = State::get(scope).handles.resource::<Channel>(id).map_or(0, |c| c.waiting.get().1);
    rv.set_double(waiting as f64);
}

/// Node's index of each array buffer view type in its serializer
/// (`lib/v8.js`): Int8Array 0 … DataView 9, Buffer 10, BigInt64Array 11,
/// BigUint64Array 12.
fn view_index(
    scope: &mut v8::PinScope,
    view: v8::Local<v8::Object>,
    buffer_proto: v8::Local<v8::Value>,
) -> Option<u32> {
    let value: v8::Local<v8::Value> = view.into();
    Some(if value.is_int8_array() {
        0
    } else if value.is_uint8_array() {
        if view.get_prototype(scope).is_some_and(|p| p.strict_equals(buffer_proto)) { 10 } else { 1 }
    } else if value.is_uint8_clamped_array() {
        2
    } else if value.is_int16_array() {
        3
    } else if value.is_uint16_array() {
        4
    } else if value.is_int32_array() {
        5
    } else if value.is_uint32_array() {
        6
    } else if value.is_float32_array() {
        7
    } else if value.is_float64_array() {
        8
    } else if value.is_data_view() {
        9
    } else if value.is_big_int64_array() {
        11
    } else if value.is_big_uint64_array() {
        12
    } else {
        return None;
    })
}

/// The serializer's host side for IPC: views as Node's
/// `ChildProcessSerializer` writes them.
struct IpcSerializer {
    buffer_proto: v8::Global<v8::Value>,
}

impl v8::ValueSerializerImpl for IpcSerializer {
    fn throw_data_clone_error<'s>(&self, scope: &mut v8::PinScope<'s, '_>, message: v8::Local<'s, v8::String>) {
        let error = v8::Exception::error(scope, message);
        scope.throw_exception(error);
    }

    fn write_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        object: v8::Local<'s, v8::Object>,
        serializer: &dyn v8::ValueSerializerHelper,
    ) -> Option<bool> {
        let buffer_proto = v8::Local::new(scope, &self.buffer_proto);
        let index = v8::Local::<v8::ArrayBufferView>::try_from(object)
            .ok()
            .and_then(|_| view_index(scope, object, buffer_proto));
        let Some(index) = index else {
            let name = object.get_constructor_name().to_rust_string_lossy(scope);
            let message = crate::ops::js_string(scope, &format!("Unserializable host object: {name}"));
            self.throw_data_clone_error(scope, message);
            return None;
        };
        let view = v8::Local::<v8::ArrayBufferView>::try_from(object).ok()?;
        let mut bytes = vec![0u8; view.byte_length()];
        view.copy_contents(&mut bytes);
        serializer.write_uint32(0);
        serializer.write_uint32(index);
        serializer.write_uint32(bytes.len() as u32);
        serializer.write_raw_bytes(&bytes);
        Some(true)
    }
}

/// The deserializer's host side: views back from Node's format.
struct IpcDeserializer {
    buffer_proto: v8::Global<v8::Value>,
}

impl v8::ValueDeserializerImpl for IpcDeserializer {
    fn read_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        deserializer: &dyn v8::ValueDeserializerHelper,
    ) -> Option<v8::Local<'s, v8::Object>> {
        let mut tag = 0;
        let mut index = 0;
        let mut length = 0;
        if !deserializer.read_uint32(&mut tag) {
            return None;
        }
        if tag == 1 {
            // A host object that was no view: sent as a plain object.
            let context = scope.get_current_context();
            return deserializer.read_value(context).and_then(|v| v8::Local::<v8::Object>::try_from(v).ok());
        }
        if tag != 0 || !deserializer.read_uint32(&mut index) || !deserializer.read_uint32(&mut length) {
            return None;
        }
        let bytes = deserializer.read_raw_bytes(length as usize)?.to_vec();
        let len = bytes.len();
        let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
        let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
        let element = |size: usize| (len % size == 0).then_some(len / size);
        let view: v8::Local<v8::Object> = match index {
            0 => v8::Int8Array::new(scope, buffer, 0, len)?.into(),
            1 | 10 => {
                let array = v8::Uint8Array::new(scope, buffer, 0, len)?;
                if index == 10 {
                    let proto = v8::Local::new(scope, &self.buffer_proto);
                    array.set_prototype(scope, proto);
                }
                array.into()
            }
            2 => v8::Uint8ClampedArray::new(scope, buffer, 0, len)?.into(),
            3 => v8::Int16Array::new(scope, buffer, 0, element(2)?)?.into(),
            4 => v8::Uint16Array::new(scope, buffer, 0, element(2)?)?.into(),
            5 => v8::Int32Array::new(scope, buffer, 0, element(4)?)?.into(),
            6 => v8::Uint32Array::new(scope, buffer, 0, element(4)?)?.into(),
            7 => v8::Float32Array::new(scope, buffer, 0, element(4)?)?.into(),
            8 => v8::Float64Array::new(scope, buffer, 0, element(8)?)?.into(),
            9 => v8::DataView::new(scope, buffer, 0, len).into(),
            11 => v8::BigInt64Array::new(scope, buffer, 0, element(8)?)?.into(),
            12 => v8::BigUint64Array::new(scope, buffer, 0, element(8)?)?.into(),
            _ => return None,
        };
        Some(view)
    }
}

/// `op_ipc_serialize_sync(value, bufferPrototype)`: one message of the
/// `advanced` channel: its length (big-endian u32), V8's header and the
/// value. Throws what V8 throws for a value it cannot clone.
pub(crate) fn op_ipc_serialize_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let buffer_proto = v8::Global::new(scope, args.get(1));
    let serializer = v8::ValueSerializer::new(scope, Box::new(IpcSerializer { buffer_proto }));
    serializer.set_treat_array_buffer_views_as_host_objects(true);
    serializer.write_raw_bytes(&[0, 0, 0, 0, 0xFF, WIRE_VERSION]);
    let context = scope.get_current_context();
    if serializer.write_value(context, args.get(0)) != Some(true) {
        return;
    }
    let mut bytes = serializer.release();
    let Ok(length) = u32::try_from(bytes.len() - 4) else {
        crate::ops::throw_error(scope, "ERR_OUT_OF_RANGE", "The message is too large to send");
        return;
    };
    bytes[..4].copy_from_slice(&length.to_be_bytes());
    rv.set(bytes_to_js(scope, bytes).into());
}

/// `op_ipc_deserialize_sync(bytes, bufferPrototype)`: the value of one
/// `advanced` message (without its length).
pub(crate) fn op_ipc_deserialize_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(crate::ops::args::Bytes(data)) = arg(scope, &args, 0, "bytes") else { return };
    let buffer_proto = v8::Global::new(scope, args.get(1));
    let deserializer = v8::ValueDeserializer::new(scope, Box::new(IpcDeserializer { buffer_proto }), &data);
    let context = scope.get_current_context();
    if deserializer.read_header(context) != Some(true) {
        return;
    }
    // On None V8 has thrown its deserialization error.
    if let Some(value) = deserializer.read_value(context) {
        rv.set(value);
    }
}
