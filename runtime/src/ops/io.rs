//! Standard I/O ops: writes to fds (synchronous, as Node's stdio is on
//! Linux for files, pipes and terminals), terminal facts, and reading fds
//! through tokio's reactor (no thread per reader), with readStart/readStop.

use crate::ops::args::arg;
use std::cell::Cell;
use std::collections::HashMap;
use std::ffi::CString;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::rc::Rc;

use tokio::io::unix::AsyncFd;
use tokio::sync::Notify;

use crate::handles::{Entry, Kind};
use crate::ops::throw_system_error;
use crate::state::State;

/// Writes all of `bytes` to `fd`, waiting while a non-blocking fd is full.
fn write_all(fd: i32, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        // SAFETY: writing from a valid slice to a raw fd.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n < 0 {
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EAGAIN) => {
                    let mut pfd = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
                    // SAFETY: one valid pollfd.
                    unsafe { libc::poll(&mut pfd, 1, -1) };
                    continue;
                }
                _ => return Err(err),
            }
        }
        bytes = &bytes[n as usize..];
    }
    Ok(())
}

/// `op_io_write_sync(fd, data)`: writes a string (as UTF-8) or the bytes of
/// an ArrayBufferView; returns the number of bytes.
pub(crate) fn op_io_write_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let data = args.get(1);
    // While the REPL's line editor has the terminal, it prints for us.
    let editor = State::get(scope).areas.get::<crate::ops::repl::ReplState>().editor.borrow().clone();
    if let Some(editor) = editor {
        let bytes = match v8::Local::<v8::ArrayBufferView>::try_from(data) {
            Ok(view) => {
                let mut buf = vec![0u8; view.byte_length()];
                view.copy_contents(&mut buf);
                buf
            }
            Err(_) => data.to_rust_string_lossy(scope).into_bytes(),
        };
        if editor.print(fd, &bytes) {
            rv.set_double(bytes.len() as f64);
            return;
        }
        match write_all(fd, &bytes) {
            Ok(()) => rv.set_double(bytes.len() as f64),
            Err(err) => throw_system_error(scope, &err, "write", None),
        }
        return;
    }
    let result = if let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(data) {
        let mut buf = vec![0u8; view.byte_length()];
        view.copy_contents(&mut buf);
        write_all(fd, &buf).map(|_| buf.len())
    } else {
        let text = data.to_rust_string_lossy(scope);
        write_all(fd, text.as_bytes()).map(|_| text.len())
    };
    match result {
        Ok(n) => rv.set_double(n as f64),
        Err(err) => throw_system_error(scope, &err, "write", None),
    }
}

/// `op_io_isatty_sync(fd)`.
pub(crate) fn op_io_isatty_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    // SAFETY: isatty accepts any integer.
    rv.set_bool(unsafe { libc::isatty(fd) } == 1);
}

/// `op_io_guess_handle_type_sync(fd)`: what libuv's `uv_guess_handle`
/// says of `fd`: `"TTY"`, `"FILE"` (files and character devices), `"PIPE"`
/// (pipes and Unix sockets), `"TCP"`, `"UDP"` or `"UNKNOWN"` (a closed fd,
/// a directory).
pub(crate) fn op_io_guess_handle_type_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    if let Some(s) = v8::String::new(scope, guess_handle_type(fd)) {
        rv.set(s.into());
    }
}

fn guess_handle_type(fd: i32) -> &'static str {
    if fd < 0 {
        return "UNKNOWN";
    }
    // SAFETY: isatty accepts any integer.
    if unsafe { libc::isatty(fd) } == 1 {
        return "TTY";
    }
    // SAFETY: a zeroed stat is a valid out-parameter; fstat fills it or fails.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: fstat on any integer fd is safe; it fails for a closed one.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return "UNKNOWN";
    }
    match st.st_mode & libc::S_IFMT {
        libc::S_IFREG | libc::S_IFCHR => "FILE",
        libc::S_IFIFO => "PIPE",
        libc::S_IFSOCK => socket_type(fd),
        _ => "UNKNOWN",
    }
}

fn socket_type(fd: i32) -> &'static str {
    let mut ty: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: a zeroed sockaddr_storage is a valid out-parameter.
    let mut addr: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut addr_len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: getsockopt and getsockname write at most the lengths given.
    let ok = unsafe {
        libc::getsockopt(fd, libc::SOL_SOCKET, libc::SO_TYPE, (&raw mut ty).cast(), &mut len) == 0
            && libc::getsockname(fd, (&raw mut addr).cast(), &mut addr_len) == 0
    };
    if !ok {
        return "UNKNOWN";
    }
    match (ty, i32::from(addr.ss_family)) {
        (_, libc::AF_UNIX) => "PIPE",
        (libc::SOCK_STREAM, libc::AF_INET | libc::AF_INET6) => "TCP",
        (libc::SOCK_DGRAM, libc::AF_INET | libc::AF_INET6) => "UDP",
        _ => "UNKNOWN",
    }
}

/// `op_io_window_size_sync(fd)`: `[columns, rows]` of a terminal, or undefined.
pub(crate) fn op_io_window_size_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let mut size = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ fills a winsize.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } != 0 {
        return;
    }
    let cols = v8::Integer::new(scope, i32::from(size.ws_col)).into();
    let rows = v8::Integer::new(scope, i32::from(size.ws_row)).into();
    rv.set(v8::Array::new_with_elements(scope, &[cols, rows]).into());
}

/// `op_io_read_sync(fd)`: reads everything from `fd` to its end, as a
/// Uint8Array (for `-` scripts and `fs.readFileSync(0)`).
pub(crate) fn op_io_read_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let mut data = Vec::new();
    // SAFETY: the fd stays open; ManuallyDrop keeps the File from closing it.
    let mut file = std::mem::ManuallyDrop::new(unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) });
    loop {
        match file.read_to_end(&mut data) {
            Ok(_) => break,
            // Made non-blocking by a reader (stdin read as a stream before).
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
                // SAFETY: one valid pollfd.
                unsafe { libc::poll(&mut pfd, 1, -1) };
            }
            Err(err) => {
                throw_system_error(scope, &err, "read", None);
                return;
            }
        }
    }
    rv.set(bytes_to_js(scope, data).into());
}

/// A Uint8Array that owns `data`.
pub(crate) fn bytes_to_js<'s>(scope: &mut v8::PinScope<'s, '_>, data: Vec<u8>) -> v8::Local<'s, v8::Uint8Array> {
    let len = data.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(data).make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, buffer, 0, len).expect("a Uint8Array over a fresh buffer")
}

/// Whether a reader reads now (libuv's `uv_read_start`/`uv_read_stop`),
/// shared by the ops that switch it and the task that reads.
#[derive(Default)]
pub(crate) struct ReadSwitch {
    on: Cell<bool>,
    changed: Notify,
}

impl ReadSwitch {
    /// Starts or stops reading; a read already under way still delivers.
    pub(crate) fn set(&self, on: bool) {
        self.on.set(on);
        if on {
            self.changed.notify_one();
        }
    }

    /// Whether reading is on.
    pub(crate) fn is_on(&self) -> bool {
        self.on.get()
    }

    /// Waits until reading is on.
    pub(crate) async fn wait_on(&self) {
        while !self.on.get() {
            self.changed.notified().await;
        }
    }
}

/// The largest chunk one read delivers (libuv's 64 KiB).
pub(crate) const CHUNK: usize = 64 * 1024;

/// An fd the reactor polls: one we opened (a terminal reopened), or one
/// the process owns (a pipe, a socket), which stays open.
struct ReadFd {
    fd: RawFd,
    _owned: Option<OwnedFd>,
}

impl AsRawFd for ReadFd {
    fn as_raw_fd(&self) -> RawFd {
        self.fd
    }
}

thread_local! {
    /// The status flags of standard fds before reading made them
    /// non-blocking, restored at exit (as Node's `ResetStdio`).
    static SAVED_FLAGS: std::cell::RefCell<HashMap<i32, libc::c_int>> = std::cell::RefCell::new(HashMap::new());
}

/// Makes `fd` non-blocking, remembering its flags when it is one of the
/// standard three (shared with the parent, so put back at exit).
fn set_nonblocking(fd: RawFd) -> std::io::Result<()> {
    // SAFETY: F_GETFL/F_SETFL on an fd; they fail for a closed one.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(std::io::Error::last_os_error());
    }
    if flags & libc::O_NONBLOCK != 0 {
        return Ok(());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    if (0..=2).contains(&fd) {
        SAVED_FLAGS.with(|saved| {
            saved.borrow_mut().entry(fd).or_insert(flags);
        });
    }
    Ok(())
}

/// A terminal opened again (libuv's `uv_tty_init` does so): its own open
/// file description can be non-blocking without changing the one the
/// shell shares with us.
fn reopen_tty(fd: RawFd) -> Option<OwnedFd> {
    let path = CString::new(format!("/proc/self/fd/{fd}")).ok()?;
    // SAFETY: a NUL-terminated path; the result is a new fd or -1.
    let new = unsafe { libc::open(path.as_ptr(), libc::O_RDWR | libc::O_NOCTTY | libc::O_NONBLOCK | libc::O_CLOEXEC) };
    // SAFETY: a fresh fd from open.
    (new >= 0).then(|| unsafe { OwnedFd::from_raw_fd(new) })
}

/// Registers `fd` with tokio's reactor, or says why not (a regular file,
/// which epoll refuses; an fd another reader registered already).
fn evented(fd: RawFd, tty: bool) -> std::io::Result<AsyncFd<ReadFd>> {
    let reopened = if tty { reopen_tty(fd) } else { None };
    let read_fd = match reopened {
        Some(owned) => ReadFd { fd: owned.as_raw_fd(), _owned: Some(owned) },
        None => ReadFd { fd, _owned: None },
    };
    // SAFETY: fstat fills a zeroed stat or fails.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(read_fd.fd, &mut st) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let kind = st.st_mode & libc::S_IFMT;
    if kind != libc::S_IFIFO && kind != libc::S_IFSOCK && kind != libc::S_IFCHR {
        return Err(std::io::Error::from_raw_os_error(libc::EPERM));
    }
    if kind == libc::S_IFCHR && read_fd._owned.is_none() {
        // A device that is no terminal (/dev/zero, /dev/null): its reads
        // do not block; epoll refuses most of them anyway.
        return Err(std::io::Error::from_raw_os_error(libc::EPERM));
    }
    // Ask the reactor first, so that an fd it refuses keeps its flags.
    // SAFETY: the fd is one we own (a reopened terminal) or one the
    // process keeps open while it is read (the runtime never closes the
    // standard fds; closing a read fd in JS closes its handle first).
    let fd = unsafe { AsyncFd::register_with_interest(read_fd, tokio::io::Interest::READABLE)? };
    if fd.get_ref()._owned.is_none() {
        set_nonblocking(fd.get_ref().fd)?;
    }
    Ok(fd)
}

/// Reads once from a ready fd into a chunk made for what arrived: `Ok(None)`
/// when it would block.
fn read_chunk(fd: RawFd) -> std::io::Result<Option<Vec<u8>>> {
    let mut scratch = [0u8; CHUNK];
    loop {
        // SAFETY: reading into a stack buffer of its own length.
        let n = unsafe { libc::read(fd, scratch.as_mut_ptr().cast(), scratch.len()) };
        if n >= 0 {
            return Ok(Some(scratch[..n as usize].to_vec()));
        }
        let err = std::io::Error::last_os_error();
        match err.kind() {
            std::io::ErrorKind::Interrupted => continue,
            std::io::ErrorKind::WouldBlock => return Ok(None),
            _ => return Err(err),
        }
    }
}

/// One read on the blocking pool, for fds the reactor does not take.
/// Waits at most a moment for a non-blocking fd, so a closed reader's read
/// does not hold a pool thread.
async fn read_blocking(fd: RawFd) -> std::io::Result<Option<Vec<u8>>> {
    let read = tokio::task::spawn_blocking(move || match read_chunk(fd) {
        Ok(None) => {
            let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
            // SAFETY: one valid pollfd.
            unsafe { libc::poll(&mut pfd, 1, 100) };
            Ok(None)
        }
        other => other,
    });
    read.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

/// Delivers a chunk, the end (`null`) or an error to a reader's callback.
fn deliver_read(chunk: std::io::Result<Vec<u8>>) -> crate::state::Deliver {
    Box::new(move |scope| match chunk {
        Ok(c) if c.is_empty() => vec![v8::null(scope).into()],
        Ok(c) => vec![bytes_to_js(scope, c).into()],
        Err(e) => vec![v8::undefined(scope).into(), crate::ops::js_string(scope, &e.to_string()).into()],
    })
}

/// `op_io_read_start_async(fd, callback)`: a handle that reads `fd` and
/// calls `callback(chunk)` per chunk, then `callback(null)` at the end or
/// `callback(undefined, error text)`. Pipes, sockets and terminals are
/// read when the reactor says they are readable (a terminal through an
/// fd of its own, the others made non-blocking); files and devices a
/// chunk at a time on the blocking pool. Reading is on; switch it with
/// `op_io_read_stop_sync`/`op_io_read_resume_sync`. Returns the handle id
/// (refed; see `op_core_handle_ref_sync`).
pub(crate) fn op_io_read_start_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(1)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let state = State::get(scope);
    let callback = v8::Global::new(scope, callback);
    // SAFETY: isatty only inspects the descriptor.
    let tty = unsafe { libc::isatty(fd) } == 1;
    let kind = if tty { Kind::Tty } else { Kind::Pipe };
    let switch = Rc::new(ReadSwitch::default());
    switch.set(true);
    let source = evented(fd, tty).ok();
    let entry = Entry::with_callback(scope, kind, callback, true).with_resource(switch.clone());
    let id = state.open(entry, move |events| async move {
        loop {
            switch.wait_on().await;
            let chunk = match &source {
                Some(source) => {
                    let Ok(mut ready) = source.readable().await else { break };
                    // Stopped while waiting: leave the data in the fd.
                    if !switch.on.get() {
                        continue;
                    }
                    match read_chunk(source.get_ref().fd) {
                        Ok(None) => {
                            ready.clear_ready();
                            continue;
                        }
                        Ok(Some(chunk)) => Ok(chunk),
                        Err(err) => Err(err),
                    }
                }
                None => match read_blocking(fd).await {
                    Ok(None) => continue,
                    Ok(Some(chunk)) => Ok(chunk),
                    Err(err) => Err(err),
                },
            };
            if matches!(&chunk, Ok(c) if !c.is_empty()) {
                events.send(deliver_read(chunk));
                // Let the loop run the callback (which may stop reading)
                // before the next read.
                tokio::task::yield_now().await;
            } else {
                events.finish(deliver_read(chunk));
                break;
            }
        }
    });
    rv.set_uint32(id);
}

/// `op_io_read_stop_sync(id)`: stops reading (`readStop`): the fd is not
/// read until `op_io_read_resume_sync(id)`, so what the writer sends
/// waits in the pipe and the writer blocks when it is full.
pub(crate) fn op_io_read_stop_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    switch_reading(scope, &args, false);
}

/// `op_io_read_resume_sync(id)`: reads again after `op_io_read_stop_sync`
/// (`readStart`).
pub(crate) fn op_io_read_resume_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    switch_reading(scope, &args, true);
}

fn switch_reading(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments, on: bool) {
    let Some(id) = arg::<u32>(scope, args, 0, "id") else { return };
    if let Some(switch) = State::get(scope).handles.resource::<Rc<ReadSwitch>>(id) {
        switch.set(on);
    }
}

thread_local! {
    /// Terminal settings from before raw mode, per fd, restored on exit.
    static SAVED_TERMIOS: std::cell::RefCell<std::collections::HashMap<i32, libc::termios>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// `op_io_set_raw_mode_sync(fd, raw)`: libuv's raw mode for a terminal
/// (no echo, no line buffering, no signal keys), or back to the settings it
/// had before. Throws for a non-terminal.
pub(crate) fn op_io_set_raw_mode_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
    let raw = args.get(1).is_true();
    let result = SAVED_TERMIOS.with(|saved| -> std::io::Result<()> {
        let mut saved = saved.borrow_mut();
        if !raw {
            if let Some(original) = saved.remove(&fd) {
                // SAFETY: restores settings read from this fd.
                if unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, &original) } != 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            return Ok(());
        }
        // SAFETY: tcgetattr fills a zeroed termios.
        let mut original: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut original) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut t = saved.get(&fd).copied().unwrap_or(original);
        t.c_iflag &= !(libc::BRKINT | libc::ICRNL | libc::INPCK | libc::ISTRIP | libc::IXON);
        t.c_oflag |= libc::ONLCR;
        t.c_cflag |= libc::CS8;
        t.c_lflag &= !(libc::ECHO | libc::ICANON | libc::IEXTEN | libc::ISIG);
        t.c_cc[libc::VMIN] = 1;
        t.c_cc[libc::VTIME] = 0;
        // SAFETY: applies a termios derived from this fd's own.
        if unsafe { libc::tcsetattr(fd, libc::TCSADRAIN, &t) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        saved.entry(fd).or_insert(original);
        Ok(())
    });
    if let Err(err) = result {
        throw_system_error(scope, &err, "uv_tty_set_mode", None);
    }
}

/// Puts every terminal left in raw mode back as it was (at exit, as libuv's
/// `uv_tty_reset_mode`), and the standard fds reading made non-blocking.
pub(crate) fn reset_terminals() {
    SAVED_FLAGS.with(|saved| {
        for (fd, flags) in saved.borrow_mut().drain() {
            // SAFETY: puts back flags read from this fd.
            unsafe { libc::fcntl(fd, libc::F_SETFL, flags) };
        }
    });
    SAVED_TERMIOS.with(|saved| {
        for (fd, original) in saved.borrow_mut().drain() {
            // SAFETY: restores settings read from this fd.
            unsafe { libc::tcsetattr(fd, libc::TCSANOW, &original) };
        }
    });
}
