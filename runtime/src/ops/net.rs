//! Stream sockets (`internalBinding('net')`) for `node:net`: TCP and Unix
//! domain sockets on tokio's reactor, as handles in the handle table.
//!
//! - A **server** (`op_net_tcp_listen_sync`, `op_net_pipe_listen_sync`,
//!   `op_net_listen_fd_sync`) is a handle whose task accepts connections and
//!   calls its callback `(0, clientId)` per connection (the client is a new
//!   stream handle, not reading yet) or `(uvErrno)` when accept fails.
//! - A **stream** (accepted, or made by `op_net_tcp_connect_sync` /
//!   `op_net_pipe_connect_sync`) is a handle whose events all go to one JS
//!   function, the dispatcher set by `op_net_init_sync`, as
//!   `dispatch(id, event, a, b)`:
//!   - `EV_CONNECT` (1), `a` = status (0 or a negative libuv errno);
//!   - `EV_READ` (0), `a` = a Uint8Array, `null` at the end of the stream,
//!     or a negative errno;
//!   - `EV_WRITE` (2), `a` = the token of a write that had to wait, `b` =
//!     status, once its bytes are all in the kernel;
//!   - `EV_SHUTDOWN` (3), `a` = status, once queued writes are flushed and
//!     the write side is shut.
//!
//! One task per stream does everything that waits: connecting, reading
//! while reading is on (`op_net_read_start_sync` / `op_net_read_stop_sync`,
//! libuv's `uv_read_start`/`uv_read_stop`, so a paused JS stream leaves
//! data in the kernel and the peer's writes block), flushing queued writes
//! when the socket is writable, and the shutdown after them. Writes first
//! go straight to the socket from the op (`op_net_write_sync`, libuv's
//! `uv_try_write`): only what the kernel does not take is copied and
//! queued. Closing the handle (`op_core_handle_close_sync`) aborts the task
//! and drops the socket, which closes its fd.
//!
//! The ops are generic over the kind of socket, so a layer in JS (TLS,
//! HTTP) can use any stream handle the same way.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io::IoSlice;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::rc::Rc;

use tokio::sync::Notify;

use crate::handles::{Entry, HandleId, Kind};
use crate::ops::args::arg;
use crate::ops::io::bytes_to_js;
use crate::ops::{js_string, set_str, set_value};
use crate::state::{Deliver, Events, State};

const EV_READ: i32 = 0;
const EV_CONNECT: i32 = 1;
const EV_WRITE: i32 = 2;
const EV_SHUTDOWN: i32 = 3;

/// The most bytes one read delivers (libuv's 64 KiB).
const READ_CHUNK: usize = 64 * 1024;

/// Queued writes handed to one `writev` at most.
const MAX_IOV: usize = 64;

/// The area's state: the JS function stream events go to.
#[derive(Default)]
pub(crate) struct NetState {
    dispatch: RefCell<Option<v8::Global<v8::Function>>>,
}

/// A connected socket.
enum Conn {
    Tcp(tokio::net::TcpStream),
    Unix(tokio::net::UnixStream),
}

impl Conn {
    fn fd(&self) -> RawFd {
        match self {
            Conn::Tcp(s) => s.as_raw_fd(),
            Conn::Unix(s) => s.as_raw_fd(),
        }
    }

    async fn readable(&self) -> std::io::Result<()> {
        match self {
            Conn::Tcp(s) => s.readable().await,
            Conn::Unix(s) => s.readable().await,
        }
    }

    async fn writable(&self) -> std::io::Result<()> {
        match self {
            Conn::Tcp(s) => s.writable().await,
            Conn::Unix(s) => s.writable().await,
        }
    }

    /// One system call through tokio's readiness: `call` returns the
    /// count (or -1 with errno set) for `want` bytes. A short count (fewer
    /// bytes than asked, not 0) also clears the readiness, as libuv takes
    /// it to mean the socket is drained (read) or full (write): the next
    /// try waits for epoll instead of failing with EAGAIN. tokio clears
    /// only if no new readiness came in meanwhile, so nothing is missed.
    fn io_once(
        &self,
        interest: tokio::io::Interest,
        want: usize,
        call: impl FnOnce() -> isize,
    ) -> std::io::Result<usize> {
        let short = Cell::new(None);
        let op = || {
            let n = call();
            if n < 0 {
                Err(std::io::Error::last_os_error())
            } else if n > 0 && (n as usize) < want {
                short.set(Some(n as usize));
                Err(std::io::ErrorKind::WouldBlock.into())
            } else {
                Ok(n as usize)
            }
        };
        let result = match self {
            Conn::Tcp(s) => s.try_io(interest, op),
            Conn::Unix(s) => s.try_io(interest, op),
        };
        match (result, short.get()) {
            (Err(_), Some(n)) => Ok(n),
            (other, _) => other,
        }
    }

    fn try_write_vectored(&self, bufs: &[IoSlice<'_>]) -> std::io::Result<usize> {
        let bufs = &bufs[..bufs.len().min(MAX_IOV)];
        let want: usize = bufs.iter().map(|b| b.len()).sum();
        let fd = self.fd();
        let count = bufs.len() as libc::c_int;
        self.io_once(tokio::io::Interest::WRITABLE, want, || {
            if let [one] = bufs {
                // SAFETY: writes from a live slice of its own length.
                return unsafe { libc::write(fd, one.as_ptr().cast::<libc::c_void>(), one.len()) };
            }
            // SAFETY: IoSlice has iovec's layout; the slices outlive the call.
            unsafe { libc::writev(fd, bufs.as_ptr().cast::<libc::iovec>(), count) }
        })
    }

    fn local_addr(&self) -> std::io::Result<Address> {
        match self {
            Conn::Tcp(s) => s.local_addr().map(Address::Ip),
            Conn::Unix(s) => s.local_addr().map(|a| Address::path(&a)),
        }
    }

    fn peer_addr(&self) -> std::io::Result<Address> {
        match self {
            Conn::Tcp(s) => s.peer_addr().map(Address::Ip),
            Conn::Unix(s) => s.peer_addr().map(|a| Address::path(&a)),
        }
    }
}

/// A socket's address as `address()` reports it.
enum Address {
    Ip(SocketAddr),
    Path(String),
}

impl Address {
    fn path(addr: &tokio::net::unix::SocketAddr) -> Address {
        Address::Path(addr.as_pathname().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default())
    }

    fn to_js<'s>(&self, scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Value> {
        match self {
            Address::Path(path) => js_string(scope, path).into(),
            Address::Ip(addr) => {
                let object = v8::Object::new(scope);
                set_str(scope, object, "address", &addr.ip().to_string());
                set_str(scope, object, "family", if addr.is_ipv4() { "IPv4" } else { "IPv6" });
                let port = v8::Integer::new(scope, i32::from(addr.port())).into();
                set_value(scope, object, "port", port);
                object.into()
            }
        }
    }
}

/// A write the kernel did not take at once.
struct Pending {
    data: Vec<u8>,
    written: usize,
    token: u32,
}

/// A stream handle's state, shared by its ops and its task.
struct Stream {
    conn: RefCell<Option<Rc<Conn>>>,
    reading: Cell<bool>,
    /// The end of the stream (or a read error) was delivered.
    ended: Cell<bool>,
    /// A chunk read waits for its callback.
    in_flight: Cell<bool>,
    queue: RefCell<VecDeque<Pending>>,
    /// Shut the write side once the queue is empty.
    shutdown: Cell<bool>,
    /// Wakes the task: reading switched on, a write queued, a shutdown.
    wake: Notify,
}

impl Stream {
    fn new(conn: Option<Conn>) -> Stream {
        Stream {
            conn: RefCell::new(conn.map(Rc::new)),
            reading: Cell::new(false),
            ended: Cell::new(false),
            in_flight: Cell::new(false),
            queue: RefCell::new(VecDeque::new()),
            shutdown: Cell::new(false),
            wake: Notify::new(),
        }
    }

    fn conn(&self) -> Option<Rc<Conn>> {
        self.conn.borrow().clone()
    }
}

/// A listening socket.
enum Listener {
    Tcp(tokio::net::TcpListener),
    Unix(tokio::net::UnixListener),
}

impl Listener {
    async fn accept(&self) -> std::io::Result<Conn> {
        match self {
            Listener::Tcp(l) => l.accept().await.map(|(s, _)| Conn::Tcp(s)),
            Listener::Unix(l) => l.accept().await.map(|(s, _)| Conn::Unix(s)),
        }
    }

    fn local_addr(&self) -> std::io::Result<Address> {
        match self {
            Listener::Tcp(l) => l.local_addr().map(Address::Ip),
            Listener::Unix(l) => l.local_addr().map(|a| Address::path(&a)),
        }
    }

    fn fd(&self) -> RawFd {
        match self {
            Listener::Tcp(l) => l.as_raw_fd(),
            Listener::Unix(l) => l.as_raw_fd(),
        }
    }
}

/// A server handle's state.
struct Server {
    listener: Rc<Listener>,
    /// The socket file a Unix server made, removed when it closes (as
    /// libuv does).
    path: Option<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The negative errno of an error; one made by Rust rather than the OS (a
/// Unix socket path longer than `sun_path`) is `EINVAL`, as libuv says.
fn errno_of(err: &std::io::Error) -> i32 {
    -err.raw_os_error().unwrap_or(match err.kind() {
        std::io::ErrorKind::InvalidInput => libc::EINVAL,
        _ => libc::EIO,
    })
}

/// An event of stream `id` for the dispatcher.
fn stream_event(id: HandleId, event: i32, a: EventValue, b: i32) -> Deliver {
    Box::new(move |scope| {
        let id = v8::Integer::new_from_unsigned(scope, id).into();
        let event = v8::Integer::new(scope, event).into();
        let a = match a {
            EventValue::Int(n) => v8::Integer::new(scope, n).into(),
            EventValue::Token(n) => v8::Integer::new_from_unsigned(scope, n).into(),
            EventValue::Chunk(c) => bytes_to_js(scope, c).into(),
            EventValue::Pooled(c) => chunk_to_js(scope, c).into(),
            EventValue::End => v8::null(scope).into(),
        };
        let b = v8::Integer::new(scope, b).into();
        vec![id, event, a, b]
    })
}

enum EventValue {
    Int(i32),
    Token(u32),
    Chunk(Vec<u8>),
    /// A chunk in a pooled read buffer.
    Pooled(Vec<u8>),
    End,
}

/// Read buffers (64 KiB each) given back by V8 once JS dropped the chunk
/// they held: reused for the next reads, so echoing a stream does not
/// fault in fresh pages for every chunk (glibc returns freed heap to the
/// system, and a page fault costs more than the read). Shared by every
/// thread: V8 may free a backing store on one of its own threads.
static POOL: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

/// Buffers the pool keeps at most (4 MiB).
const POOL_MAX: usize = 64;

/// A `READ_CHUNK`-byte buffer from the pool, or a new one.
fn pooled_buffer() -> Vec<u8> {
    let reused = POOL.lock().ok().and_then(|mut pool| pool.pop());
    match reused {
        // SAFETY: the pool holds only pointers of `READ_CHUNK`-capacity
        // vectors given up by `give_back`.
        Some(ptr) => unsafe { Vec::from_raw_parts(ptr as *mut u8, 0, READ_CHUNK) },
        None => Vec::with_capacity(READ_CHUNK),
    }
}

/// Puts a buffer of `READ_CHUNK` capacity back in the pool (or frees it).
fn give_back(mut buf: Vec<u8>) {
    debug_assert_eq!(buf.capacity(), READ_CHUNK);
    if let Ok(mut pool) = POOL.lock()
        && pool.len() < POOL_MAX
    {
        let ptr = buf.as_mut_ptr() as usize;
        std::mem::forget(buf);
        pool.push(ptr);
    }
}

/// V8's deleter for a chunk's backing store: the buffer goes back to the pool.
unsafe extern "C" fn chunk_deleter(data: *mut std::ffi::c_void, _len: usize, _deleter_data: *mut std::ffi::c_void) {
    // SAFETY: `data` is the buffer of a `READ_CHUNK`-capacity vector that
    // `chunk_to_js` gave V8.
    give_back(unsafe { Vec::from_raw_parts(data.cast::<u8>(), 0, READ_CHUNK) });
}

/// A Uint8Array over a chunk read into a pooled buffer (`len` ≤ its
/// capacity); the buffer returns to the pool when V8 frees it.
fn chunk_to_js<'s>(scope: &mut v8::PinScope<'s, '_>, buf: Vec<u8>) -> v8::Local<'s, v8::Uint8Array> {
    let len = buf.len();
    let mut buf = std::mem::ManuallyDrop::new(buf);
    // SAFETY: V8 owns the buffer until it calls chunk_deleter.
    let store = unsafe {
        v8::ArrayBuffer::new_backing_store_from_ptr(buf.as_mut_ptr().cast(), len, chunk_deleter, std::ptr::null_mut())
    }
    .make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, buffer, 0, len).expect("a Uint8Array over a fresh buffer")
}

/// Reads once: `Ok(None)` when nothing was there after all. A read that
/// fills at least half a chunk hands its buffer over as it is; a smaller
/// one is copied to a buffer of its own size (so an idle connection's
/// chunk does not pin 64 KiB).
fn read_once(conn: &Conn) -> std::io::Result<Option<EventValue>> {
    let mut buf = pooled_buffer();
    let fd = conn.fd();
    let ptr = buf.as_mut_ptr();
    loop {
        let result = conn.io_once(tokio::io::Interest::READABLE, READ_CHUNK, || {
            // SAFETY: reads at most the buffer's capacity into its spare room.
            unsafe { libc::read(fd, ptr.cast::<libc::c_void>(), READ_CHUNK) }
        });
        match result {
            Ok(n) => {
                // SAFETY: read() initialized the first n bytes.
                unsafe { buf.set_len(n) };
                if n == 0 {
                    give_back(buf);
                    return Ok(Some(EventValue::End));
                }
                if n >= READ_CHUNK / 2 {
                    return Ok(Some(EventValue::Pooled(buf)));
                }
                let chunk = buf[..n].to_vec();
                give_back(buf);
                return Ok(Some(EventValue::Chunk(chunk)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                give_back(buf);
                return if e.kind() == std::io::ErrorKind::WouldBlock { Ok(None) } else { Err(e) };
            }
        }
    }
}

/// Writes as much of the queue as the kernel takes. `Err` when the socket
/// failed (the queue is then emptied, each write reporting the error).
fn flush(stream: &Stream, conn: &Conn, id: HandleId, events: &Events) -> Result<(), ()> {
    loop {
        let result = {
            let queue = stream.queue.borrow();
            if queue.is_empty() {
                return Ok(());
            }
            let slices: Vec<IoSlice> = queue.iter().take(MAX_IOV).map(|p| IoSlice::new(&p.data[p.written..])).collect();
            conn.try_write_vectored(&slices)
        };
        match result {
            Ok(mut n) => {
                let mut queue = stream.queue.borrow_mut();
                while let Some(front) = queue.front_mut() {
                    let left = front.data.len() - front.written;
                    if n >= left {
                        n -= left;
                        let done = queue.pop_front().expect("front exists");
                        events.send(stream_event(id, EV_WRITE, EventValue::Token(done.token), 0));
                    } else {
                        front.written += n;
                        break;
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let errno = errno_of(&e);
                for pending in stream.queue.borrow_mut().drain(..) {
                    events.send(stream_event(id, EV_WRITE, EventValue::Token(pending.token), errno));
                }
                return Err(());
            }
        }
    }
}

/// Shuts the write side (`shutdown(SHUT_WR)`): 0 or a negative errno.
fn shut_write(conn: &Conn) -> i32 {
    // SAFETY: shutdown on the socket's own fd.
    if unsafe { libc::shutdown(conn.fd(), libc::SHUT_WR) } == 0 {
        0
    } else {
        errno_of(&std::io::Error::last_os_error())
    }
}

/// The task of a connected stream: reads while reading is on, flushes
/// queued writes, shuts the write side when asked.
async fn run_stream(stream: Rc<Stream>, conn: Rc<Conn>, id: HandleId, events: Events) {
    let mut write_failed = false;
    loop {
        if stream.shutdown.get() && stream.queue.borrow().is_empty() {
            stream.shutdown.set(false);
            let status = if write_failed { -libc::EPIPE } else { shut_write(&conn) };
            events.send(stream_event(id, EV_SHUTDOWN, EventValue::Int(status), 0));
        }
        let want_read = stream.reading.get() && !stream.ended.get() && !stream.in_flight.get();
        let want_write = !stream.queue.borrow().is_empty();
        tokio::select! {
            biased;
            ready = conn.writable(), if want_write => {
                if ready.is_ok() && flush(&stream, &conn, id, &events).is_err() {
                    write_failed = true;
                }
            }
            ready = conn.readable(), if want_read => {
                if ready.is_err() || !stream.reading.get() {
                    continue;
                }
                match read_once(&conn) {
                    Ok(None) => {}
                    Ok(Some(EventValue::End)) => {
                        stream.ended.set(true);
                        events.send(stream_event(id, EV_READ, EventValue::End, 0));
                    }
                    Ok(Some(chunk)) => {
                        // No read by this task until the callback has run
                        // (and maybe stopped reading): one chunk in flight.
                        stream.in_flight.set(true);
                        send_chunk(stream.clone(), conn.clone(), id, events.clone(), chunk, 1);
                    }
                    Err(e) => {
                        stream.ended.set(true);
                        events.send(stream_event(id, EV_READ, EventValue::Int(errno_of(&e)), 0));
                    }
                }
            }
            _ = stream.wake.notified() => {}
        }
    }
}

/// Most chunks read in a row right after callbacks (libuv's 32).
const READS_IN_A_ROW: u32 = 32;

/// Delivers a chunk read from `conn`. Once its callback has run, in the
/// same poll phase, the next chunk is read at once if reading is still on
/// and data is there (up to [`READS_IN_A_ROW`]), as libuv keeps reading a
/// socket that has data; otherwise reading goes back to the stream's task,
/// which waits for the reactor.
fn send_chunk(stream: Rc<Stream>, conn: Rc<Conn>, id: HandleId, events: Events, chunk: EventValue, streak: u32) {
    let deliver = stream_event(id, EV_READ, chunk, 0);
    let next = events.clone();
    events.send_then(
        deliver,
        Box::new(move || {
            if streak < READS_IN_A_ROW && stream.reading.get() && !stream.ended.get() {
                match read_once(&conn) {
                    Ok(Some(EventValue::End)) => {
                        stream.ended.set(true);
                        next.send(stream_event(id, EV_READ, EventValue::End, 0));
                    }
                    Ok(Some(chunk)) => return send_chunk(stream, conn, id, next, chunk, streak + 1),
                    Ok(None) => {}
                    Err(e) => {
                        stream.ended.set(true);
                        next.send(stream_event(id, EV_READ, EventValue::Int(errno_of(&e)), 0));
                    }
                }
            }
            stream.in_flight.set(false);
            stream.wake.notify_one();
        }),
    );
}

/// Opens a stream handle over `conn` (connected) delivering to the
/// dispatcher; `None` before `op_net_init_sync`.
fn open_stream(scope: &mut v8::PinScope, conn: Conn) -> Option<HandleId> {
    let kind = match conn {
        Conn::Tcp(_) => Kind::TcpSocket,
        Conn::Unix(_) => Kind::Pipe,
    };
    let state = State::get(scope);
    let dispatch = state.areas.get::<NetState>().dispatch.borrow().clone()?;
    let stream = Rc::new(Stream::new(Some(conn)));
    let entry = Entry::with_callback(scope, kind, dispatch, true).with_resource(stream.clone());
    Some(state.open(entry, move |events| async move {
        let conn = stream.conn().expect("accepted streams are connected");
        let id = events.id();
        run_stream(stream, conn, id, events).await;
    }))
}

/// `op_net_init_sync(dispatch)`: the function every stream event goes to.
pub(crate) fn op_net_init_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(dispatch) = arg::<v8::Local<v8::Function>>(scope, &args, 0, "dispatch") else { return };
    let dispatch = v8::Global::new(scope, dispatch);
    *State::get(scope).areas.get::<NetState>().dispatch.borrow_mut() = Some(dispatch);
}

/// Opens a server handle over `listener`, calling `callback` per connection.
fn open_server(
    scope: &mut v8::PinScope,
    listener: Listener,
    path: Option<String>,
    callback: v8::Local<v8::Function>,
) -> HandleId {
    let kind = match listener {
        Listener::Tcp(_) => Kind::TcpServer,
        Listener::Unix(_) => Kind::PipeServer,
    };
    let listener = Rc::new(listener);
    let callback = v8::Global::new(scope, callback);
    let entry =
        Entry::with_callback(scope, kind, callback, true).with_resource(Server { listener: listener.clone(), path });
    State::get(scope).open(entry, move |events| async move {
        loop {
            match listener.accept().await {
                Ok(conn) => events.send(Box::new(move |scope| {
                    let status = v8::Integer::new(scope, 0).into();
                    match open_stream(scope, conn) {
                        Some(id) => vec![status, v8::Integer::new_from_unsigned(scope, id).into()],
                        None => vec![v8::Integer::new(scope, -libc::EINVAL).into()],
                    }
                })),
                Err(e) => {
                    let errno = errno_of(&e);
                    // Aborted handshakes are not the server's error (libuv
                    // skips them too).
                    if errno == -libc::ECONNABORTED || errno == -libc::EINTR {
                        continue;
                    }
                    events.send(Box::new(move |scope| vec![v8::Integer::new(scope, errno).into()]));
                    // Out of fds: wait a moment instead of spinning.
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
            }
        }
    })
}

fn set_id_or_errno(rv: &mut v8::ReturnValue, result: Result<HandleId, i32>) {
    match result {
        Ok(id) => rv.set_uint32(id),
        Err(errno) => rv.set_int32(errno),
    }
}

fn set_reuse_port(socket: &socket2::Socket) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let on: libc::c_int = 1;
    // SAFETY: a valid socket fd and a c_int option of the size given.
    let rc = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_REUSEPORT,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// `flags` bits of `op_net_tcp_listen_sync`, libuv's `UV_TCP_IPV6ONLY` and
/// `UV_TCP_REUSEPORT`.
const TCP_IPV6ONLY: u32 = 1;
const TCP_REUSEPORT: u32 = 2;

fn tcp_listener(ip: IpAddr, port: u16, backlog: i32, flags: u32) -> std::io::Result<Listener> {
    let addr = SocketAddr::new(ip, port);
    let socket = socket2::Socket::new(socket2::Domain::for_address(addr), socket2::Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    if flags & TCP_REUSEPORT != 0 {
        // Several listeners on one port, the kernel spreading connections
        // over them (how cluster workers share a server). Through libc:
        // socket2 has `set_reuse_port` only with its `all` feature, which
        // would rebuild tokio and everything above it.
        set_reuse_port(&socket)?;
    }
    if ip.is_ipv6() {
        socket.set_only_v6(flags & TCP_IPV6ONLY != 0)?;
    }
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(backlog)?;
    let std: std::net::TcpListener = socket.into();
    Ok(Listener::Tcp(tokio::net::TcpListener::from_std(std)?))
}

/// `op_net_tcp_listen_sync(ip, port, backlog, flags, callback)`: binds
/// and listens (SO_REUSEADDR on, as libuv sets it; `flags` 1 is IPv6 only,
/// 2 sets SO_REUSEPORT); the server's id, or a negative errno
/// (`EADDRINUSE`, `EADDRNOTAVAIL`, `EAFNOSUPPORT`).
pub(crate) fn op_net_tcp_listen_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(ip) = arg::<String>(scope, &args, 0, "ip") else { return };
    let Some(port) = arg::<u32>(scope, &args, 1, "port") else { return };
    let Some(backlog) = arg::<i32>(scope, &args, 2, "backlog") else { return };
    let Some(flags) = arg::<u32>(scope, &args, 3, "flags") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 4, "callback") else { return };
    let Ok(ip) = ip.parse::<IpAddr>() else {
        rv.set_int32(-libc::EINVAL);
        return;
    };
    let Ok(port) = u16::try_from(port) else {
        rv.set_int32(-libc::EINVAL);
        return;
    };
    let result = tcp_listener(ip, port, backlog, flags).map_err(|e| errno_of(&e));
    let result = result.map(|listener| open_server(scope, listener, None, callback));
    set_id_or_errno(&mut rv, result);
}

fn pipe_listener(path: &str, backlog: i32) -> std::io::Result<Listener> {
    let socket = socket2::Socket::new(socket2::Domain::UNIX, socket2::Type::STREAM, None)?;
    socket.set_nonblocking(true)?;
    socket.bind(&socket2::SockAddr::unix(path)?)?;
    socket.listen(backlog)?;
    let std: std::os::unix::net::UnixListener = OwnedFd::from(socket).into();
    Ok(Listener::Unix(tokio::net::UnixListener::from_std(std)?))
}

/// `op_net_pipe_listen_sync(path, backlog, callback)`: a Unix domain
/// socket server at `path`; its id, or a negative errno (`EADDRINUSE` when
/// the path exists, `EACCES`, `ENOENT` for a missing folder).
pub(crate) fn op_net_pipe_listen_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(path) = arg::<String>(scope, &args, 0, "path") else { return };
    let Some(backlog) = arg::<i32>(scope, &args, 1, "backlog") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 2, "callback") else { return };
    let result = pipe_listener(&path, backlog).map_err(|e| errno_of(&e));
    let result = result.map(|listener| open_server(scope, listener, Some(path), callback));
    set_id_or_errno(&mut rv, result);
}

/// `op_net_listen_fd_sync(fd, backlog, callback)`: listens on a socket the
/// process already has (a TCP or Unix stream socket, bound); the fd then
/// belongs to the server. Its id, or a negative errno (`ENOTSOCK`).
pub(crate) fn op_net_listen_fd_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let Some(backlog) = arg::<i32>(scope, &args, 1, "backlog") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 2, "callback") else { return };
    let result = listener_from_fd(fd, backlog).map_err(|e| errno_of(&e));
    let result = result.map(|listener| open_server(scope, listener, None, callback));
    set_id_or_errno(&mut rv, result);
}

fn listener_from_fd(fd: RawFd, backlog: i32) -> std::io::Result<Listener> {
    // SAFETY: fstat fills a zeroed stat or fails.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    if st.st_mode & libc::S_IFMT != libc::S_IFSOCK {
        return Err(std::io::Error::from_raw_os_error(libc::ENOTSOCK));
    }
    // SAFETY: the caller hands the fd over (Node's `listen({ fd })`).
    let socket = unsafe { socket2::Socket::from_raw_fd(fd) };
    let unix = socket.local_addr().map(|a| a.is_unix()).unwrap_or(false);
    socket.set_nonblocking(true)?;
    if let Err(e) = socket.listen(backlog) {
        // The fd stays the caller's when it cannot be a server.
        std::mem::forget(socket);
        return Err(e);
    }
    if unix {
        let std: std::os::unix::net::UnixListener = OwnedFd::from(socket).into();
        Ok(Listener::Unix(tokio::net::UnixListener::from_std(std)?))
    } else {
        let std: std::net::TcpListener = socket.into();
        Ok(Listener::Tcp(tokio::net::TcpListener::from_std(std)?))
    }
}

/// Opens a stream handle that connects first: `connect` runs in its task,
/// then `EV_CONNECT` and the stream's life.
fn open_connecting<C>(scope: &mut v8::PinScope, kind: Kind, connect: C) -> Option<HandleId>
where
    C: std::future::Future<Output = std::io::Result<Conn>> + 'static,
{
    let state = State::get(scope);
    let dispatch = state.areas.get::<NetState>().dispatch.borrow().clone()?;
    let stream = Rc::new(Stream::new(None));
    let entry = Entry::with_callback(scope, kind, dispatch, true).with_resource(stream.clone());
    Some(state.open(entry, move |events| async move {
        let id = events.id();
        match connect.await {
            Ok(conn) => {
                let conn = Rc::new(conn);
                *stream.conn.borrow_mut() = Some(conn.clone());
                events.send(stream_event(id, EV_CONNECT, EventValue::Int(0), 0));
                run_stream(stream, conn, id, events).await;
            }
            Err(e) => events.send(stream_event(id, EV_CONNECT, EventValue::Int(errno_of(&e)), 0)),
        }
    }))
}

/// `op_net_tcp_connect_sync(ip, port, localIp, localPort)`: a stream handle
/// connecting to `ip`:`port` (bound first to the local address when one is
/// given); `EV_CONNECT` tells how it went. Its id, or a negative errno
/// (`EINVAL` for a bad address).
pub(crate) fn op_net_tcp_connect_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(ip) = arg::<String>(scope, &args, 0, "ip") else { return };
    let Some(port) = arg::<u32>(scope, &args, 1, "port") else { return };
    let Some(local_ip) = arg::<Option<String>>(scope, &args, 2, "localIp") else { return };
    let Some(local_port) = arg::<Option<u32>>(scope, &args, 3, "localPort") else { return };
    let (Ok(ip), Ok(port)) = (ip.parse::<IpAddr>(), u16::try_from(port)) else {
        rv.set_int32(-libc::EINVAL);
        return;
    };
    let local = match local_ip {
        Some(text) => match (text.parse::<IpAddr>(), u16::try_from(local_port.unwrap_or(0))) {
            (Ok(local), Ok(local_port)) => Some(SocketAddr::new(local, local_port)),
            _ => {
                rv.set_int32(-libc::EINVAL);
                return;
            }
        },
        None => None,
    };
    let addr = SocketAddr::new(ip, port);
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4() } else { tokio::net::TcpSocket::new_v6() };
    let socket = match socket {
        Ok(socket) => socket,
        Err(e) => {
            rv.set_int32(errno_of(&e));
            return;
        }
    };
    if let Some(local) = local {
        if let Err(e) = socket.bind(local) {
            rv.set_int32(errno_of(&e));
            return;
        }
    }
    let connect = async move { socket.connect(addr).await.map(Conn::Tcp) };
    match open_connecting(scope, Kind::TcpSocket, connect) {
        Some(id) => rv.set_uint32(id),
        None => rv.set_int32(-libc::EINVAL),
    }
}

/// `op_net_pipe_connect_sync(path)`: a stream handle connecting to the Unix
/// socket at `path` (`ENOENT` when nothing is there, `ECONNREFUSED` when
/// nothing listens). Its id.
pub(crate) fn op_net_pipe_connect_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(path) = arg::<String>(scope, &args, 0, "path") else { return };
    let connect = async move { tokio::net::UnixStream::connect(path).await.map(Conn::Unix) };
    match open_connecting(scope, Kind::Pipe, connect) {
        Some(id) => rv.set_uint32(id),
        None => rv.set_int32(-libc::EINVAL),
    }
}

/// The stream state of handle `id`, if it is a stream.
fn stream_res(state: &State, id: HandleId) -> Option<Rc<Stream>> {
    state.handles.resource::<Rc<Stream>>(id).map(|s| Rc::clone(&*s))
}

fn stream_of(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments) -> Option<Rc<Stream>> {
    let id = arg::<u32>(scope, args, 0, "id")?;
    stream_res(&State::get(scope), id)
}

/// `op_net_read_start_sync(id)`: reads and delivers `EV_READ` events.
pub(crate) fn op_net_read_start_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    if let Some(stream) = stream_of(scope, &args) {
        stream.reading.set(true);
        stream.wake.notify_one();
    }
}

/// `op_net_read_stop_sync(id)`: stops reading; what arrives stays in the
/// kernel (and the peer's writes block once it is full).
pub(crate) fn op_net_read_stop_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    if let Some(stream) = stream_of(scope, &args) {
        stream.reading.set(false);
    }
}

/// The bytes of each view in `data` (one view, or an array of views), as
/// slices of their memory, which lives while the op runs.
fn views<'a>(scope: &mut v8::PinScope, data: v8::Local<'a, v8::Value>) -> Option<Vec<&'a [u8]>> {
    let slice = |view: v8::Local<v8::ArrayBufferView>| -> &'a [u8] {
        let len = view.byte_length();
        if len == 0 {
            return &[];
        }
        // SAFETY: the view's memory stays alive and unmoved during the op
        // (no JS runs); data() points at its first byte.
        unsafe { std::slice::from_raw_parts(view.data().cast::<u8>(), len) }
    };
    if let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(data) {
        return Some(vec![slice(view)]);
    }
    let array = v8::Local::<v8::Array>::try_from(data).ok()?;
    let mut out = Vec::with_capacity(array.length() as usize);
    for i in 0..array.length() {
        let item = array.get_index(scope, i)?;
        let view = v8::Local::<v8::ArrayBufferView>::try_from(item).ok()?;
        out.push(slice(view));
    }
    Some(out)
}

/// `op_net_write_sync(id, data, token)`: writes a view or an array of views
/// (`writev`). Returns the bytes written when the kernel took them all; a
/// negative errno when the socket failed (`EPIPE`, `ECONNRESET`); `null`
/// when the rest was queued, and `EV_WRITE` with `token` follows once it is
/// flushed.
pub(crate) fn op_net_write_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(token) = arg::<u32>(scope, &args, 2, "token") else { return };
    let Some(stream) = stream_res(&State::get(scope), id) else {
        rv.set_int32(-libc::EBADF);
        return;
    };
    let Some(parts) = views(scope, args.get(1)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"data\" argument must be an ArrayBufferView or an array of them",
        );
        return;
    };
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut written = 0;
    let conn = stream.conn();
    if let (Some(conn), true) = (&conn, stream.queue.borrow().is_empty()) {
        while written < total {
            // The parts not yet (fully) written.
            let mut skip = written;
            let mut slices = Vec::with_capacity(parts.len().min(MAX_IOV));
            for part in &parts {
                if skip >= part.len() {
                    skip -= part.len();
                    continue;
                }
                slices.push(IoSlice::new(&part[skip..]));
                skip = 0;
                if slices.len() == MAX_IOV {
                    break;
                }
            }
            match conn.try_write_vectored(&slices) {
                Ok(n) => written += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    rv.set_int32(errno_of(&e));
                    return;
                }
            }
        }
        if written == total {
            rv.set_double(total as f64);
            return;
        }
    }
    // Queue the rest, copied.
    let mut data = Vec::with_capacity(total - written);
    let mut skip = written;
    for part in &parts {
        if skip >= part.len() {
            skip -= part.len();
            continue;
        }
        data.extend_from_slice(&part[skip..]);
        skip = 0;
    }
    stream.queue.borrow_mut().push_back(Pending { data, written: 0, token });
    stream.wake.notify_one();
    rv.set_null();
}

/// `op_net_shutdown_sync(id)`: shuts the write side once queued writes are
/// flushed; `EV_SHUTDOWN` follows.
pub(crate) fn op_net_shutdown_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    if let Some(stream) = stream_of(scope, &args) {
        stream.shutdown.set(true);
        stream.wake.notify_one();
    }
}

/// The socket of a stream or server handle, for options and addresses.
fn with_fd<R>(scope: &mut v8::PinScope, id: HandleId, f: impl FnOnce(socket2::SockRef<'_>) -> R) -> Option<R> {
    let state = State::get(scope);
    let fd = if let Some(stream) = stream_res(&state, id) {
        stream.conn()?.fd()
    } else {
        state.handles.resource::<Server>(id)?.listener.fd()
    };
    // SAFETY: the fd belongs to a live handle for the duration of the call.
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    Some(f(socket2::SockRef::from(&borrowed)))
}

/// `op_net_set_nodelay_sync(id, on)`: TCP_NODELAY; 0 or a negative errno.
pub(crate) fn op_net_set_nodelay_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(on) = arg::<bool>(scope, &args, 1, "enable") else { return };
    let result = with_fd(scope, id, |s| s.set_tcp_nodelay(on));
    rv.set_int32(match result {
        Some(Err(e)) => errno_of(&e),
        _ => 0,
    });
}

/// `op_net_set_keepalive_sync(id, on, delaySeconds)`: SO_KEEPALIVE and,
/// when on, TCP_KEEPIDLE (libuv's `uv_tcp_keepalive`); 0 or a negative errno.
pub(crate) fn op_net_set_keepalive_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(on) = arg::<bool>(scope, &args, 1, "enable") else { return };
    let Some(delay) = arg::<u32>(scope, &args, 2, "delay") else { return };
    let result = with_fd(scope, id, |s| {
        if on {
            let params =
                socket2::TcpKeepalive::new().with_time(std::time::Duration::from_secs(u64::from(delay.max(1))));
            s.set_tcp_keepalive(&params)
        } else {
            s.set_keepalive(false)
        }
    });
    rv.set_int32(match result {
        Some(Err(e)) => errno_of(&e),
        _ => 0,
    });
}

/// `op_net_address_sync(id, peer)`: `{ address, family, port }` (TCP) or
/// the path (Unix) of the local end, or with `peer` of the remote end;
/// a negative errno when there is none (`ENOTCONN`, `EBADF`).
pub(crate) fn op_net_address_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(peer) = arg::<bool>(scope, &args, 1, "peer") else { return };
    let state = State::get(scope);
    let address = if let Some(stream) = stream_res(&state, id) {
        match stream.conn() {
            Some(conn) if peer => conn.peer_addr(),
            Some(conn) => conn.local_addr(),
            None => Err(std::io::Error::from_raw_os_error(libc::ENOTCONN)),
        }
    } else if let Some(server) = state.handles.resource::<Server>(id) {
        if peer { Err(std::io::Error::from_raw_os_error(libc::ENOTCONN)) } else { server.listener.local_addr() }
    } else {
        Err(std::io::Error::from_raw_os_error(libc::EBADF))
    };
    match address {
        Ok(address) => rv.set(address.to_js(scope)),
        Err(e) => rv.set_int32(errno_of(&e)),
    }
}

/// `op_net_reset_sync(id)`: closes a stream with a reset (SO_LINGER 0, so
/// the peer gets RST; `socket.resetAndDestroy()`).
pub(crate) fn op_net_reset_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let _ = with_fd(scope, id, |s| s.set_linger(Some(std::time::Duration::ZERO)));
}

/// `op_net_fd_sync(id)`: the fd of a stream or server handle, or -1.
pub(crate) fn op_net_fd_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    let fd = if let Some(stream) = stream_res(&state, id) {
        stream.conn().map_or(-1, |c| c.fd())
    } else {
        state.handles.resource::<Server>(id).map_or(-1, |s| s.listener.fd())
    };
    rv.set_int32(fd);
}

/// `op_net_write_queue_size_sync(id)`: bytes waiting for the kernel
/// (`socket.writableLength`'s native part, `_handle.writeQueueSize`).
pub(crate) fn op_net_write_queue_size_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let size =
        stream_of(scope, &args).map_or(0, |s| s.queue.borrow().iter().map(|p| p.data.len() - p.written).sum::<usize>());
    rv.set_double(size as f64);
}
