//! UDP sockets (`internalBinding('udp')`), the native half of `node:dgram`
//! (Node's `UDPWrap`).
//!
//! A socket is one handle (`op_udp_open_sync`) whose callback receives
//! datagrams while reading is on (`op_udp_recv_sync`, libuv's
//! `uv_udp_recv_start`/`recv_stop`), read when tokio's reactor says the
//! socket is readable. As in libuv, the fd is made on the first bind
//! (`op_udp_bind_sync`), so options set before it fail with `EBADF`.
//! Calls that libuv answers with a status return it the same way: 0 or a
//! negative errno, which `lib/dgram.js` turns into Node's errors
//! (`bind EADDRINUSE 0.0.0.0:41234`). A send is tried at once
//! (`op_udp_send_async` returns the bytes sent plus one, as UDPWrap's
//! `send` does) and waits for the socket to be writable only when the
//! kernel's buffer is full.

use std::cell::{Cell, RefCell};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::rc::Rc;

use tokio::io::unix::AsyncFd;

use crate::handles::{Entry, Kind};
use crate::ops::args::arg;
use crate::ops::io::{ReadSwitch, bytes_to_js};
use crate::ops::{js_string, set_str, set_value};
use crate::state::State;

/// The largest datagram one read takes (libuv reads UDP into 64 KiB).
const RECV_SIZE: usize = 64 * 1024;

/// One UDP socket, the resource of its handle.
#[derive(Default)]
struct Udp {
    /// The socket, made by the first bind.
    socket: RefCell<Option<Rc<AsyncFd<OwnedFd>>>>,
    /// Whether it is an IPv6 socket (`udp6`).
    ipv6: Cell<bool>,
    /// Whether datagrams are read now.
    reading: ReadSwitch,
    /// Sends waiting for room in the kernel's buffer: bytes and count.
    queued: Cell<(usize, usize)>,
    /// Ends the sends still waiting when the socket closes.
    cancel: Cancel,
}

/// Set when a socket closes: its writes still waiting for room end with
/// `ECANCELED`, as libuv cancels the requests of a closed handle (the
/// socket they wait on is gone, so they would wait forever).
#[derive(Default)]
pub(crate) struct Cancel {
    done: Cell<bool>,
    notify: tokio::sync::Notify,
}

impl Cancel {
    /// Cancels every write waiting now or later.
    pub(crate) fn cancel(&self) {
        self.done.set(true);
        self.notify.notify_waiters();
    }

    /// Whether it was cancelled.
    pub(crate) fn is_done(&self) -> bool {
        self.done.get()
    }

    /// Waits until it is cancelled.
    pub(crate) async fn wait(&self) {
        if !self.done.get() {
            self.notify.notified().await;
        }
    }
}

impl Udp {
    fn fd(&self) -> Result<Rc<AsyncFd<OwnedFd>>, i32> {
        self.socket.borrow().clone().ok_or(-libc::EBADF)
    }
}

fn udp_of(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments) -> Option<Rc<Udp>> {
    let id = arg::<u32>(scope, args, 0, "id")?;
    let udp = State::get(scope).handles.resource::<Rc<Udp>>(id).map(|u| (*u).clone());
    if udp.is_none() {
        crate::ops::throw_error(scope, "ERR_INVALID_HANDLE", "The UDP handle is closed");
    }
    udp
}

fn last_errno() -> i32 {
    -std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO)
}

/// An IP address as `dns.lookup` gives it, with an optional `%scope`
/// (interface name or index) for IPv6.
fn parse_ip(text: &str) -> Option<(IpAddr, u32)> {
    let (ip, scope) = match text.split_once('%') {
        Some((ip, scope)) => (ip, Some(scope)),
        None => (text, None),
    };
    let ip: IpAddr = ip.parse().ok()?;
    let scope_id = match scope {
        None => 0,
        Some(s) => match s.parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                let name = std::ffi::CString::new(s).ok()?;
                // SAFETY: a NUL-terminated interface name.
                unsafe { libc::if_nametoindex(name.as_ptr()) }
            }
        },
    };
    Some((ip, scope_id))
}

/// A socket address as the kernel takes it.
fn sockaddr(ip: IpAddr, port: u16, scope_id: u32) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match ip {
        IpAddr::V4(v4) => {
            // SAFETY: sockaddr_storage is large enough and aligned for sockaddr_in.
            let sin = unsafe { &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = port.to_be();
            sin.sin_addr = libc::in_addr { s_addr: u32::from_ne_bytes(v4.octets()) };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        IpAddr::V6(v6) => {
            // SAFETY: as above, for sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = port.to_be();
            sin6.sin6_addr = libc::in6_addr { s6_addr: v6.octets() };
            sin6.sin6_scope_id = scope_id;
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// The address in a sockaddr the kernel filled, as Node prints it (IPv6
/// with `%scope` when it has one).
fn from_sockaddr(storage: &libc::sockaddr_storage) -> Option<(String, &'static str, u16)> {
    match i32::from(storage.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says it is a sockaddr_in.
            let sin = unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
            Some((ip.to_string(), "IPv4", u16::from_be(sin.sin_port)))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says it is a sockaddr_in6.
            let sin6 = unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
            let mut text = ip.to_string();
            if sin6.sin6_scope_id != 0 {
                let mut name = [0 as libc::c_char; libc::IF_NAMESIZE];
                // SAFETY: the buffer is IF_NAMESIZE long.
                let found = unsafe { libc::if_indextoname(sin6.sin6_scope_id, name.as_mut_ptr()) };
                if found.is_null() {
                    text.push_str(&format!("%{}", sin6.sin6_scope_id));
                } else {
                    // SAFETY: if_indextoname wrote a NUL-terminated name.
                    let name = unsafe { std::ffi::CStr::from_ptr(name.as_ptr()) };
                    text.push_str(&format!("%{}", name.to_string_lossy()));
                }
            }
            Some((text, "IPv6", u16::from_be(sin6.sin6_port)))
        }
        _ => None,
    }
}

fn set_int_option(fd: RawFd, level: i32, name: i32, value: i32) -> i32 {
    // SAFETY: an int option of the given size.
    let rc = unsafe {
        libc::setsockopt(fd, level, name, (&value as *const i32).cast(), std::mem::size_of::<i32>() as libc::socklen_t)
    };
    if rc == 0 { 0 } else { last_errno() }
}

fn get_int_option(fd: RawFd, level: i32, name: i32) -> Result<i32, i32> {
    let mut value: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: an int option of the given size.
    let rc = unsafe { libc::getsockopt(fd, level, name, (&mut value as *mut i32).cast(), &mut len) };
    if rc == 0 { Ok(value) } else { Err(last_errno()) }
}

/// `op_udp_open_sync(ipv6, callback)`: a UDP handle of that family (no
/// socket until bound), not refed. `callback(status, bytes, address, family, port)` gets each
/// datagram while reading is on (`status` 0), or a receive error
/// (`status` a negative errno).
pub(crate) fn op_udp_open_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(ipv6) = arg::<bool>(scope, &args, 0, "ipv6") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 1, "callback") else { return };
    let callback = v8::Global::new(scope, callback);
    let udp = Rc::new(Udp::default());
    udp.ipv6.set(ipv6);
    let reader = udp.clone();
    let entry = Entry::with_callback(scope, Kind::Udp, callback, false).with_resource(udp);
    let id = State::get(scope).open(entry, move |events| async move {
        let mut scratch = vec![0u8; RECV_SIZE];
        loop {
            reader.reading.wait_on().await;
            let Ok(socket) = reader.fd() else {
                reader.reading.set(false);
                continue;
            };
            // An error queued on the socket (an ICMP port unreachable for a
            // connected socket) is read as libuv reads it: recvmsg fails.
            let Ok(mut ready) = socket.ready(tokio::io::Interest::READABLE | tokio::io::Interest::ERROR).await else {
                break;
            };
            if !reader.reading.is_on() {
                continue;
            }
            // SAFETY: an all-zero sockaddr_storage is a valid value.
            let mut from: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let mut from_len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: reading into a buffer of its own length; `from` is large enough.
            let n = unsafe {
                libc::recvfrom(
                    socket.get_ref().as_raw_fd(),
                    scratch.as_mut_ptr().cast(),
                    scratch.len(),
                    0,
                    (&mut from as *mut libc::sockaddr_storage).cast(),
                    &mut from_len,
                )
            };
            if n < 0 {
                let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
                if errno == libc::EAGAIN || errno == libc::EINTR {
                    ready.clear_ready();
                    continue;
                }
                events.send(Box::new(move |scope| vec![v8::Integer::new(scope, -errno).into()]));
            } else {
                let data = scratch[..n as usize].to_vec();
                let peer = from_sockaddr(&from);
                events.send(Box::new(move |scope| {
                    let (address, family, port) = peer.unwrap_or_default();
                    vec![
                        v8::Integer::new(scope, 0).into(),
                        bytes_to_js(scope, data).into(),
                        js_string(scope, &address).into(),
                        js_string(scope, family).into(),
                        v8::Integer::new(scope, i32::from(port)).into(),
                    ]
                }));
            }
            // Let the callback run (it may stop reading or close) first.
            tokio::task::yield_now().await;
        }
    });
    rv.set_uint32(id);
}

/// Bind flags of `op_udp_bind_sync` (libuv's `UV_UDP_*` meaning).
const BIND_IPV6_ONLY: u32 = 1;
const BIND_REUSE_ADDR: u32 = 4;
const BIND_REUSE_PORT: u32 = 8;

/// Makes the socket of `udp`, if it has none yet.
fn ensure_socket(udp: &Udp, flags: u32) -> Result<Rc<AsyncFd<OwnedFd>>, i32> {
    if let Ok(socket) = udp.fd() {
        return Ok(socket);
    }
    let ipv6 = udp.ipv6.get();
    let domain = if ipv6 { libc::AF_INET6 } else { libc::AF_INET };
    // SAFETY: plain socket creation.
    let raw = unsafe { libc::socket(domain, libc::SOCK_DGRAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, 0) };
    if raw < 0 {
        return Err(last_errno());
    }
    // SAFETY: a fresh fd we own.
    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
    if ipv6 && flags & BIND_IPV6_ONLY != 0 {
        let err = set_int_option(raw, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, 1);
        if err != 0 {
            return Err(err);
        }
    }
    if flags & BIND_REUSE_ADDR != 0 {
        let err = set_int_option(raw, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1);
        if err != 0 {
            return Err(err);
        }
    }
    if flags & BIND_REUSE_PORT != 0 {
        let err = set_int_option(raw, libc::SOL_SOCKET, libc::SO_REUSEPORT, 1);
        if err != 0 {
            return Err(err);
        }
    }
    // SAFETY: the fd is ours (`owned`) and stays open as long as the AsyncFd.
    let socket = unsafe {
        AsyncFd::register_with_interest(owned, tokio::io::Interest::READABLE | tokio::io::Interest::WRITABLE)
    }
    .map_err(|e| -std::io::Error::from(e).raw_os_error().unwrap_or(libc::EIO))?;
    let socket = Rc::new(socket);
    *udp.socket.borrow_mut() = Some(socket.clone());
    Ok(socket)
}

/// The socket, bound to the any address and port 0 when it had none
/// (libuv's `uv__udp_maybe_deferred_bind`).
fn deferred_bind(udp: &Udp) -> Result<Rc<AsyncFd<OwnedFd>>, i32> {
    if let Ok(socket) = udp.fd() {
        return Ok(socket);
    }
    let socket = ensure_socket(udp, BIND_REUSE_ADDR)?;
    let any = if udp.ipv6.get() { IpAddr::V6(Ipv6Addr::UNSPECIFIED) } else { IpAddr::V4(Ipv4Addr::UNSPECIFIED) };
    let (addr, len) = sockaddr(any, 0, 0);
    // SAFETY: a sockaddr of the given length.
    let rc = unsafe { libc::bind(socket.get_ref().as_raw_fd(), (&addr as *const libc::sockaddr_storage).cast(), len) };
    if rc != 0 {
        let errno = last_errno();
        udp.socket.borrow_mut().take();
        return Err(errno);
    }
    Ok(socket)
}

/// `op_udp_bind_sync(id, ip, port, flags)`: binds to `ip:port` (flags: 1
/// IPv6 only, 4 reuse address, 8 reuse port); 0 or a negative errno.
pub(crate) fn op_udp_bind_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(ip) = arg::<String>(scope, &args, 1, "ip") else { return };
    let Some(port) = arg::<u32>(scope, &args, 2, "port") else { return };
    let Some(flags) = arg::<u32>(scope, &args, 3, "flags") else { return };
    // An address of the other family is EINVAL, as libuv's uv_ip4_addr /
    // uv_ip6_addr make it.
    let Some((ip, scope_id)) = parse_ip(&ip).filter(|(ip, _)| port <= 0xFFFF && ip.is_ipv6() == udp.ipv6.get()) else {
        rv.set_int32(-libc::EINVAL);
        return;
    };
    let fresh = udp.fd().is_err();
    let socket = match ensure_socket(&udp, flags) {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    let (addr, len) = sockaddr(ip, port as u16, scope_id);
    // SAFETY: a sockaddr of the given length.
    let rc = unsafe { libc::bind(socket.get_ref().as_raw_fd(), (&addr as *const libc::sockaddr_storage).cast(), len) };
    if rc != 0 {
        let errno = last_errno();
        if fresh {
            // A failed first bind leaves the handle without a socket, so
            // a later bind may pick another family.
            udp.socket.borrow_mut().take();
        }
        rv.set_int32(errno);
        return;
    }
    rv.set_int32(0);
}

/// `op_udp_recv_sync(id, on)`: starts or stops reading datagrams; 0, or
/// `EBADF` when the socket is not bound.
pub(crate) fn op_udp_recv_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(on) = arg::<bool>(scope, &args, 1, "on") else { return };
    if on && udp.fd().is_err() {
        rv.set_int32(-libc::EBADF);
        return;
    }
    udp.reading.set(on);
    rv.set_int32(0);
}

/// `op_udp_connect_sync(id, ip, port)`: connects the socket to `ip:port`
/// (with `ip` undefined: disconnects it); 0 or a negative errno.
pub(crate) fn op_udp_connect_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(ip) = arg::<Option<String>>(scope, &args, 1, "ip") else { return };
    let Some(port) = arg::<u32>(scope, &args, 2, "port") else { return };
    let socket = match udp.fd() {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    let fd = socket.get_ref().as_raw_fd();
    let rc = match ip {
        Some(ip) => {
            let Some((ip, scope_id)) = parse_ip(&ip).filter(|(ip, _)| port <= 0xFFFF && ip.is_ipv6() == udp.ipv6.get())
            else {
                rv.set_int32(-libc::EINVAL);
                return;
            };
            let (addr, len) = sockaddr(ip, port as u16, scope_id);
            // SAFETY: a sockaddr of the given length.
            unsafe { libc::connect(fd, (&addr as *const libc::sockaddr_storage).cast(), len) }
        }
        None => {
            // SAFETY: an all-zero sockaddr with AF_UNSPEC dissolves the association.
            let mut addr: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            addr.ss_family = libc::AF_UNSPEC as libc::sa_family_t;
            let len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: as above.
            let rc = unsafe { libc::connect(fd, (&addr as *const libc::sockaddr_storage).cast(), len) };
            // Linux reports EAFNOSUPPORT after disconnecting; libuv ignores it.
            if rc != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EAFNOSUPPORT) { 0 } else { rc }
        }
    };
    rv.set_int32(if rc == 0 { 0 } else { last_errno() });
}

/// `op_udp_address_sync(id, peer)`: `{ address, family, port }` of the
/// socket (or of its peer), or a negative errno.
pub(crate) fn op_udp_address_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let peer = args.get(1).is_true();
    let socket = match udp.fd() {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut addr: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let fd = socket.get_ref().as_raw_fd();
    let target = (&mut addr as *mut libc::sockaddr_storage).cast();
    // SAFETY: the kernel fills at most `len` bytes.
    let rc =
        unsafe { if peer { libc::getpeername(fd, target, &mut len) } else { libc::getsockname(fd, target, &mut len) } };
    if rc != 0 {
        rv.set_int32(last_errno());
        return;
    }
    let Some((address, family, port)) = from_sockaddr(&addr) else {
        rv.set_int32(-libc::EINVAL);
        return;
    };
    let out = v8::Object::new(scope);
    set_str(scope, out, "address", &address);
    set_str(scope, out, "family", family);
    let port = v8::Integer::new(scope, i32::from(port)).into();
    set_value(scope, out, "port", port);
    rv.set(out.into());
}

/// The datagram's bytes: one view, or the concatenation of an array of them.
fn datagram(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Vec<u8>> {
    if let Ok(list) = v8::Local::<v8::Array>::try_from(value) {
        let mut data = Vec::new();
        for i in 0..list.length() {
            let item = list.get_index(scope, i)?;
            data.extend_from_slice(&crate::ops::core::bytes_of(item)?);
        }
        return Some(data);
    }
    crate::ops::core::bytes_of(value)
}

fn send_now(fd: RawFd, data: &[u8], to: Option<&(libc::sockaddr_storage, libc::socklen_t)>) -> Result<usize, i32> {
    loop {
        // SAFETY: sending from a slice of its own length to a sockaddr of the given length.
        let n = unsafe {
            match to {
                Some((addr, len)) => libc::sendto(
                    fd,
                    data.as_ptr().cast(),
                    data.len(),
                    0,
                    (addr as *const libc::sockaddr_storage).cast(),
                    *len,
                ),
                None => libc::send(fd, data.as_ptr().cast(), data.len(), 0),
            }
        };
        if n >= 0 {
            return Ok(n as usize);
        }
        let errno = last_errno();
        if errno != -libc::EINTR {
            return Err(errno);
        }
    }
}

/// `op_udp_send_async(id, data, port, ip, callback)`: sends one datagram
/// (`data` a view or an array of views, sent as one) to `ip:port`, or to
/// the connected peer when `ip` is undefined. Returns the bytes sent plus
/// one when it went at once, a negative errno when it failed at once, or
/// 0 when it waits for room: then `callback(status, sent)` runs when done.
pub(crate) fn op_udp_send_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(data) = datagram(scope, args.get(1)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"data\" argument must be a Buffer or an array of Buffers",
        );
        return;
    };
    let Some(port) = arg::<Option<u32>>(scope, &args, 2, "port") else { return };
    let Some(ip) = arg::<Option<String>>(scope, &args, 3, "ip") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 4, "callback") else { return };
    let socket = match udp.fd() {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    let to = match ip {
        Some(ip) => {
            let Some((ip, scope_id)) = parse_ip(&ip).filter(|(ip, _)| ip.is_ipv6() == udp.ipv6.get()) else {
                rv.set_int32(-libc::EINVAL);
                return;
            };
            Some(sockaddr(ip, port.unwrap_or(0).min(0xFFFF) as u16, scope_id))
        }
        None => None,
    };
    let fd = socket.get_ref().as_raw_fd();
    match send_now(fd, &data, to.as_ref()) {
        Ok(n) => {
            rv.set_double(n as f64 + 1.0);
            return;
        }
        Err(errno) if errno != -libc::EAGAIN => {
            rv.set_int32(errno);
            return;
        }
        Err(_) => {}
    }
    let (bytes, count) = udp.queued.get();
    udp.queued.set((bytes + data.len(), count + 1));
    let callback = v8::Global::new(scope, callback);
    State::get(scope).spawn_op(scope, Kind::UdpSend, callback, async move {
        let result = loop {
            if udp.cancel.is_done() {
                break Err(-libc::ECANCELED);
            }
            tokio::select! {
                ready = socket.writable() => {
                    let Ok(mut ready) = ready else { break Err(-libc::EBADF) };
                    match send_now(fd, &data, to.as_ref()) {
                        Err(errno) if errno == -libc::EAGAIN => ready.clear_ready(),
                        other => break other,
                    }
                }
                () = udp.cancel.wait() => break Err(-libc::ECANCELED),
            }
        };
        let (bytes, count) = udp.queued.get();
        udp.queued.set((bytes.saturating_sub(data.len()), count.saturating_sub(1)));
        let deliver: crate::state::Deliver = Box::new(move |scope| match result {
            Ok(n) => vec![v8::Integer::new(scope, 0).into(), v8::Number::new(scope, n as f64).into()],
            Err(errno) => vec![v8::Integer::new(scope, errno).into()],
        });
        deliver
    });
    rv.set_int32(0);
}

/// `op_udp_close_sync(id)`: closes the socket now, as libuv's `uv_close`
/// does (a port is free again at once), and the handle. The reader task
/// still holds the socket until tokio drops it, so the socket's fd is
/// pointed at /dev/null here: the socket itself is gone, and the fd
/// number stays taken until the task lets go of it.
pub(crate) fn op_udp_close_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    if let Some(udp) = state.handles.resource::<Rc<Udp>>(id) {
        udp.reading.set(false);
        udp.cancel.cancel();
        if let Some(socket) = udp.socket.borrow_mut().take() {
            release_now(socket.get_ref().as_raw_fd());
        }
    }
    state.handles.close(id);
}

/// Replaces `fd` with /dev/null, which closes what it was (when nothing
/// else refers to it) and keeps the number taken.
pub(crate) fn release_now(fd: RawFd) {
    // SAFETY: a NUL-terminated path; dup3 onto an fd we own; close of our temporary fd.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if null >= 0 {
            libc::dup3(null, fd, libc::O_CLOEXEC);
            libc::close(null);
        }
    }
}

/// `op_udp_queue_sync(id)`: `[bytes, count]` of the sends waiting for room.
pub(crate) fn op_udp_queue_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let (bytes, count) = udp.queued.get();
    let bytes = v8::Number::new(scope, bytes as f64).into();
    let count = v8::Number::new(scope, count as f64).into();
    rv.set(v8::Array::new_with_elements(scope, &[bytes, count]).into());
}

/// `op_udp_set_sync(id, option, value)`: sets a socket option, as libuv's
/// `uv_udp_set_*` do: `broadcast`, `ttl` (1-255), `multicastTTL`
/// (0-255), `multicastLoopback`, `multicastInterface` (an address); 0 or a
/// negative errno (`EBADF` before the socket is bound).
pub(crate) fn op_udp_set_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(option) = arg::<String>(scope, &args, 1, "option") else { return };
    let value = args.get(2);
    let socket = match udp.fd() {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    let fd = socket.get_ref().as_raw_fd();
    let v6 = udp.ipv6.get();
    let number = value.number_value(scope).unwrap_or(f64::NAN);
    let int = if number.fract() == 0.0 && number.is_finite() { Some(number as i64) } else { None };
    let status = match option.as_str() {
        "broadcast" => set_int_option(fd, libc::SOL_SOCKET, libc::SO_BROADCAST, i32::from(value.is_true())),
        "ttl" => match int.filter(|n| (1..=255).contains(n)) {
            Some(n) if v6 => set_int_option(fd, libc::IPPROTO_IPV6, libc::IPV6_UNICAST_HOPS, n as i32),
            Some(n) => set_int_option(fd, libc::IPPROTO_IP, libc::IP_TTL, n as i32),
            None => -libc::EINVAL,
        },
        "multicastTTL" => match int.filter(|n| (0..=255).contains(n)) {
            Some(n) if v6 => set_int_option(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_HOPS, n as i32),
            Some(n) => set_int_option(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_TTL, n as i32),
            None => -libc::EINVAL,
        },
        "multicastLoopback" => {
            let on = i32::from(value.is_true() || number == 1.0);
            if v6 {
                set_int_option(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_LOOP, on)
            } else {
                set_int_option(fd, libc::IPPROTO_IP, libc::IP_MULTICAST_LOOP, on)
            }
        }
        "multicastInterface" => {
            let text = value.to_rust_string_lossy(scope);
            set_multicast_interface(fd, v6, &text)
        }
        _ => -libc::EINVAL,
    };
    rv.set_int32(status);
}

fn set_multicast_interface(fd: RawFd, v6: bool, text: &str) -> i32 {
    if v6 {
        // `::%eth0` or `%eth0`: the interface's index; `::` the default.
        let index = match text.find('%') {
            Some(at) => parse_ip(&format!("::{}", &text[at..])).map(|(_, scope_id)| scope_id),
            None => text.parse::<Ipv6Addr>().ok().map(|_| 0),
        };
        let Some(index) = index else { return -libc::EINVAL };
        return set_int_option(fd, libc::IPPROTO_IPV6, libc::IPV6_MULTICAST_IF, index as i32);
    }
    let Ok(ip) = text.parse::<Ipv4Addr>() else { return -libc::EINVAL };
    let addr = libc::in_addr { s_addr: u32::from_ne_bytes(ip.octets()) };
    // SAFETY: an in_addr option.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            libc::IPPROTO_IP,
            libc::IP_MULTICAST_IF,
            (&addr as *const libc::in_addr).cast(),
            std::mem::size_of::<libc::in_addr>() as libc::socklen_t,
        )
    };
    if rc == 0 { 0 } else { last_errno() }
}

fn setsockopt_struct<T>(fd: RawFd, level: i32, name: i32, value: &T) -> i32 {
    // SAFETY: a plain struct option of its own size.
    let rc = unsafe {
        libc::setsockopt(fd, level, name, (value as *const T).cast(), std::mem::size_of::<T>() as libc::socklen_t)
    };
    if rc == 0 { 0 } else { last_errno() }
}

/// `op_udp_membership_sync(id, group, interface, source, add)`: joins or
/// leaves a multicast group (source-specific when `source` is given) on
/// the interface with that address (the default one when undefined); 0
/// or a negative errno.
pub(crate) fn op_udp_membership_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(group) = arg::<String>(scope, &args, 1, "group") else { return };
    let Some(interface) = arg::<Option<String>>(scope, &args, 2, "interface") else { return };
    let Some(source) = arg::<Option<String>>(scope, &args, 3, "source") else { return };
    let Some(add) = arg::<bool>(scope, &args, 4, "add") else { return };
    // An unbound socket is bound to the any address first (libuv's
    // deferred bind, with SO_REUSEADDR).
    let socket = match deferred_bind(&udp) {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    let fd = socket.get_ref().as_raw_fd();
    let Some((group, _)) = parse_ip(&group) else {
        rv.set_int32(-libc::EINVAL);
        return;
    };
    let source = match source.as_deref().map(parse_ip) {
        Some(None) => {
            rv.set_int32(-libc::EINVAL);
            return;
        }
        Some(Some((ip, _))) => Some(ip),
        None => None,
    };
    let status = match group {
        IpAddr::V4(group) => {
            let iface = match interface.as_deref().map(str::parse::<Ipv4Addr>) {
                Some(Ok(ip)) => ip,
                Some(Err(_)) => {
                    rv.set_int32(-libc::EINVAL);
                    return;
                }
                None => Ipv4Addr::UNSPECIFIED,
            };
            let in_addr = |ip: Ipv4Addr| libc::in_addr { s_addr: u32::from_ne_bytes(ip.octets()) };
            match source {
                Some(IpAddr::V4(source)) => {
                    let mreq = libc::ip_mreq_source {
                        imr_multiaddr: in_addr(group),
                        imr_interface: in_addr(iface),
                        imr_sourceaddr: in_addr(source),
                    };
                    let name = if add { libc::IP_ADD_SOURCE_MEMBERSHIP } else { libc::IP_DROP_SOURCE_MEMBERSHIP };
                    setsockopt_struct(fd, libc::IPPROTO_IP, name, &mreq)
                }
                Some(IpAddr::V6(_)) => -libc::EINVAL,
                None => {
                    let mreq = libc::ip_mreq { imr_multiaddr: in_addr(group), imr_interface: in_addr(iface) };
                    let name = if add { libc::IP_ADD_MEMBERSHIP } else { libc::IP_DROP_MEMBERSHIP };
                    setsockopt_struct(fd, libc::IPPROTO_IP, name, &mreq)
                }
            }
        }
        IpAddr::V6(group) => {
            let index = match interface.as_deref().map(parse_ip) {
                Some(Some((_, scope_id))) => scope_id,
                Some(None) => {
                    rv.set_int32(-libc::EINVAL);
                    return;
                }
                None => 0,
            };
            if source.is_some() {
                // Source-specific IPv6 membership (MCAST_JOIN_SOURCE_GROUP)
                // is not offered.
                -libc::ENOSYS
            } else {
                let mreq = libc::ipv6_mreq {
                    ipv6mr_multiaddr: libc::in6_addr { s6_addr: group.octets() },
                    ipv6mr_interface: index,
                };
                let name = if add { libc::IPV6_ADD_MEMBERSHIP } else { libc::IPV6_DROP_MEMBERSHIP };
                setsockopt_struct(fd, libc::IPPROTO_IPV6, name, &mreq)
            }
        }
    };
    rv.set_int32(status);
}

/// `op_udp_buffer_size_sync(id, size, recv)`: sets the receive (or send)
/// buffer size when `size` is not 0, then returns the size the kernel
/// reports (as libuv's `uv_recv_buffer_size`); a negative errno on failure.
pub(crate) fn op_udp_buffer_size_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(udp) = udp_of(scope, &args) else { return };
    let Some(size) = arg::<u32>(scope, &args, 1, "size") else { return };
    let Some(recv) = arg::<bool>(scope, &args, 2, "recv") else { return };
    let socket = match udp.fd() {
        Ok(socket) => socket,
        Err(errno) => {
            rv.set_int32(errno);
            return;
        }
    };
    let fd = socket.get_ref().as_raw_fd();
    let name = if recv { libc::SO_RCVBUF } else { libc::SO_SNDBUF };
    if size != 0 {
        let Ok(size) = i32::try_from(size) else {
            rv.set_int32(-libc::EINVAL);
            return;
        };
        let status = set_int_option(fd, libc::SOL_SOCKET, name, size);
        if status != 0 {
            rv.set_int32(status);
            return;
        }
    }
    match get_int_option(fd, libc::SOL_SOCKET, name) {
        Ok(value) => rv.set_int32(value),
        Err(errno) => rv.set_int32(errno),
    }
}
