//! Standard I/O ops: writes to fds (synchronous, as Node's stdio is on
//! Linux for files, pipes and terminals), terminal facts, reading stdin.

use std::io::Read;

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
    let fd = args.get(0).int32_value(scope).unwrap_or(1);
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
    let fd = args.get(0).int32_value(scope).unwrap_or(-1);
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
    let fd = args.get(0).int32_value(scope).unwrap_or(-1);
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
    let fd = args.get(0).int32_value(scope).unwrap_or(-1);
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
    let fd = args.get(0).int32_value(scope).unwrap_or(0);
    let mut data = Vec::new();
    // SAFETY: the fd stays open; ManuallyDrop keeps the File from closing it.
    let mut file = std::mem::ManuallyDrop::new(unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) });
    if let Err(err) = file.read_to_end(&mut data) {
        throw_system_error(scope, &err, "read", None);
        return;
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

/// `op_io_read_start_async(fd, callback)`: a handle that reads `fd` on a
/// blocking thread and calls `callback(chunk)` per chunk, then
/// `callback(null)` at the end or `callback(undefined, error text)`.
/// Returns the handle id (refed; see `op_core_handle_ref_sync`).
pub(crate) fn op_io_read_start_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let fd = args.get(0).int32_value(scope).unwrap_or(0);
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(1)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let state = State::get(scope);
    let callback = v8::Global::new(scope, callback);
    // SAFETY: isatty only inspects the descriptor.
    let kind = if unsafe { libc::isatty(fd) } == 1 { Kind::Tty } else { Kind::Pipe };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<std::io::Result<Vec<u8>>>();
    // The reading thread blocks in read(2); it ends with the fd's end.
    std::thread::spawn(move || {
        // SAFETY: the fd stays open for the process; ManuallyDrop keeps it so.
        let mut file =
            std::mem::ManuallyDrop::new(unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) });
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match file.read(&mut buf) {
                Ok(0) => {
                    let _ = tx.send(Ok(Vec::new()));
                    break;
                }
                Ok(n) => {
                    if tx.send(Ok(buf[..n].to_vec())).is_err() {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    break;
                }
            }
        }
    });
    let entry = Entry::with_callback(scope, kind, callback, true);
    let id = state.open(entry, move |events| async move {
        while let Some(chunk) = rx.recv().await {
            let done = !matches!(&chunk, Ok(c) if !c.is_empty());
            let deliver: crate::state::Deliver = Box::new(move |scope| match chunk {
                Ok(c) if c.is_empty() => vec![v8::null(scope).into()],
                Ok(c) => vec![bytes_to_js(scope, c).into()],
                Err(e) => vec![v8::undefined(scope).into(), crate::ops::js_string(scope, &e.to_string()).into()],
            });
            if done {
                events.finish(deliver);
                break;
            }
            events.send(deliver);
        }
    });
    rv.set_uint32(id);
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
    let fd = args.get(0).int32_value(scope).unwrap_or(0);
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
/// `uv_tty_reset_mode`).
pub(crate) fn reset_terminals() {
    SAVED_TERMIOS.with(|saved| {
        for (fd, original) in saved.borrow_mut().drain() {
            // SAFETY: restores settings read from this fd.
            unsafe { libc::tcsetattr(fd, libc::TCSANOW, &original) };
        }
    });
}
