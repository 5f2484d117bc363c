//! Child processes (`internalBinding('child')`): `op_child_spawn_sync` for
//! the synchronous half of `node:child_process` (`spawnSync`, `execSync`,
//! `execFileSync`), and for the asynchronous half a child on tokio
//! (`op_child_spawn_async`): one handle whose callback gets the child's
//! output chunks, the ends of its pipes and its exit, and writes to its
//! stdin (`op_child_write_async`, `op_child_stdin_close_sync`). Its
//! stdout and stderr are read through the reactor while JS wants data
//! (`op_child_read_sync`).

use crate::ops::args::arg;
use std::cell::RefCell;
use std::rc::Rc;

use crate::handles::{Entry, Kind};
use crate::ops::io::ReadSwitch;
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::ops::{errno_name, js_string, set_str, set_value};

/// Linux signal names by number, as Node reports `signal`.
pub(crate) fn signal_name(signo: i32) -> &'static str {
    match signo {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        10 => "SIGUSR1",
        11 => "SIGSEGV",
        12 => "SIGUSR2",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        16 => "SIGSTKFLT",
        17 => "SIGCHLD",
        18 => "SIGCONT",
        19 => "SIGSTOP",
        20 => "SIGTSTP",
        21 => "SIGTTIN",
        22 => "SIGTTOU",
        23 => "SIGURG",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        26 => "SIGVTALRM",
        27 => "SIGPROF",
        28 => "SIGWINCH",
        29 => "SIGIO",
        30 => "SIGPWR",
        31 => "SIGSYS",
        _ => "SIGUNKNOWN",
    }
}

fn strings(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Vec<String> {
    let Ok(array) = v8::Local::<v8::Array>::try_from(value) else { return Vec::new() };
    (0..array.length()).filter_map(|i| array.get_index(scope, i)).map(|v| v.to_rust_string_lossy(scope)).collect()
}

fn get_option<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    options: v8::Local<v8::Object>,
    key: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let k = v8::String::new(scope, key)?;
    options.get(scope, k.into()).filter(|v| !v.is_null_or_undefined())
}

fn stdio_of(kind: &str) -> Stdio {
    match kind {
        "inherit" => Stdio::inherit(),
        "ignore" => Stdio::null(),
        _ => Stdio::piped(),
    }
}

/// The command both spawns start from: `file` run with `argv` (`argv[0]`
/// is argv0), in `cwd`, with exactly `env` (`["K=V"]`) when given.
fn command_for(file: &str, argv: &[String], cwd: Option<&str>, env: Option<&[String]>) -> Command {
    let mut command = Command::new(file);
    if let Some((argv0, rest)) = argv.split_first() {
        command.arg0(argv0).args(rest);
    }
    if let Some(dir) = cwd {
        command.current_dir(dir);
    }
    if let Some(env) = env {
        command.env_clear();
        for pair in env {
            if let Some((k, v)) = pair.split_once('=') {
                command.env(k, v);
            }
        }
    }
    command
}

/// Reads a pipe to its end on a thread, up to `max` bytes; past that it
/// kills the child with `signal` (as Node does for `maxBuffer`) and
/// reports the overflow.
fn drain<R: Read + Send + 'static>(
    pipe: Option<R>,
    max: usize,
    pid: u32,
    signal: i32,
) -> Option<std::thread::JoinHandle<(Vec<u8>, bool)>> {
    let mut pipe = pipe?;
    Some(std::thread::spawn(move || {
        let mut data = Vec::new();
        let mut buf = [0u8; 64 * 1024];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => return (data, false),
                Ok(n) => {
                    data.extend_from_slice(&buf[..n]);
                    if data.len() > max {
                        data.truncate(max);
                        // SAFETY: signals our own child.
                        unsafe { libc::kill(pid as libc::pid_t, signal) };
                        return (data, true);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return (data, false),
            }
        }
    }))
}

/// `op_child_spawn_sync(file, args, options)`: runs `file` with `args`
/// (`args[0]` is argv0) and waits. `options`: `cwd`, `env` (`["K=V"]`),
/// `input` (bytes or string), `stdio` (three of `pipe`/`inherit`/`ignore`),
/// `timeout` (ms), `killSignal` (number), `maxBuffer` (bytes). Returns
/// `{ pid, status, signal, stdout, stderr, error }` as Node's spawnSync
/// builds its result from: `error` is `{ code, errno }` when the process
/// could not start, timed out (ETIMEDOUT) or overflowed (ENOBUFS).
pub(crate) fn op_child_spawn_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let file = args.get(0).to_rust_string_lossy(scope);
    let argv = strings(scope, args.get(1));
    let Ok(options) = v8::Local::<v8::Object>::try_from(args.get(2)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "The \"options\" argument must be of type object.");
        return;
    };
    let get = get_option;
    let cwd = get(scope, options, "cwd").map(|v| v.to_rust_string_lossy(scope));
    let env = get(scope, options, "env").map(|v| strings(scope, v));
    let input = get(scope, options, "input")
        .map(|v| crate::ops::core::bytes_of(v).unwrap_or_else(|| v.to_rust_string_lossy(scope).into_bytes()));
    let stdio = get(scope, options, "stdio").map(|v| strings(scope, v)).unwrap_or_default();
    let timeout = get(scope, options, "timeout").and_then(|v| v.number_value(scope)).filter(|t| *t > 0.0);
    let kill_signal = get(scope, options, "killSignal").and_then(|v| v.int32_value(scope)).unwrap_or(libc::SIGTERM);
    let max_buffer = get(scope, options, "maxBuffer").and_then(|v| v.number_value(scope)).unwrap_or(1024.0 * 1024.0);
    let max_buffer = if max_buffer.is_finite() { max_buffer.max(0.0) as usize } else { usize::MAX };
    let kind = |i: usize| stdio.get(i).map_or("pipe", String::as_str);

    let mut command = command_for(&file, &argv, cwd.as_deref(), env.as_deref());
    command.stdin(if input.is_some() { Stdio::piped() } else { stdio_of(kind(0)) });
    command.stdout(stdio_of(kind(1)));
    command.stderr(stdio_of(kind(2)));

    let result = v8::Object::new(scope);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => {
            set_error(scope, result, &err);
            let null = v8::null(scope).into();
            set_value(scope, result, "status", null);
            rv.set(result.into());
            return;
        }
    };
    let pid = v8::Number::new(scope, f64::from(child.id())).into();
    set_value(scope, result, "pid", pid);
    if let (Some(mut stdin), Some(data)) = (child.stdin.take(), input) {
        std::thread::spawn(move || {
            // A child that exits without reading its input is not an error.
            let _ = stdin.write_all(&data);
        });
    }
    let out = drain(child.stdout.take(), max_buffer, child.id(), kill_signal);
    let err = drain(child.stderr.take(), max_buffer, child.id(), kill_signal);

    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(_) => break None,
        }
        if let Some(ms) = timeout {
            if !timed_out && started.elapsed() >= Duration::from_secs_f64(ms / 1000.0) {
                timed_out = true;
                // SAFETY: signals our own child.
                unsafe { libc::kill(child.id() as libc::pid_t, kill_signal) };
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let (stdout, out_overflow) = out.and_then(|h| h.join().ok()).map_or((None, false), |(d, o)| (Some(d), o));
    let (stderr, err_overflow) = err.and_then(|h| h.join().ok()).map_or((None, false), |(d, o)| (Some(d), o));
    for (key, data) in [("stdout", stdout), ("stderr", stderr)] {
        let value = match data {
            Some(bytes) => crate::ops::io::bytes_to_js(scope, bytes).into(),
            None => v8::null(scope).into(),
        };
        set_value(scope, result, key, value);
    }
    let (code, signal) = match status {
        Some(s) => (s.code(), s.signal()),
        None => (None, None),
    };
    let code = code.map_or_else(|| v8::null(scope).into(), |c| v8::Integer::new(scope, c).into());
    set_value(scope, result, "status", code);
    match signal {
        Some(s) => set_str(scope, result, "signal", signal_name(s)),
        None => {
            let null = v8::null(scope).into();
            set_value(scope, result, "signal", null);
        }
    }
    if timed_out {
        set_error(scope, result, &std::io::Error::from_raw_os_error(libc::ETIMEDOUT));
    } else if out_overflow || err_overflow {
        set_error(scope, result, &std::io::Error::from_raw_os_error(libc::ENOBUFS));
    }
    rv.set(result.into());
}

/// A running child's stdin pipe, kept with its handle until JS ends it.
type StdinSlot = RefCell<Option<Rc<tokio::sync::Mutex<tokio::process::ChildStdin>>>>;

/// A running child's pipes, the resource of its handle: its stdin, and
/// whether its stdout and stderr are read (readStart/readStop).
struct ChildPipes {
    stdin: StdinSlot,
    reading: [Rc<ReadSwitch>; 2],
}

/// Reads one of a child's output pipes until its end, while `switch` is
/// on, into a chunk made for each read's data; `push` gets the chunks and
/// the end.
async fn read_pipe(pipe: Option<std::os::fd::OwnedFd>, index: u8, switch: Rc<ReadSwitch>, push: impl Fn(ChildEvent)) {
    let Some(fd) = pipe else { return };
    if let Ok(pipe) = tokio::net::unix::pipe::Receiver::from_owned_fd(fd) {
        loop {
            switch.wait_on().await;
            if pipe.readable().await.is_err() {
                break;
            }
            if !switch.is_on() {
                continue;
            }
            let mut scratch = [0u8; crate::ops::io::CHUNK];
            match pipe.try_read(&mut scratch) {
                Ok(0) => break,
                Ok(n) => push(ChildEvent::Data(index, scratch[..n].to_vec())),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
            // Let the loop run the callback (which may stop reading)
            // before the next read.
            tokio::task::yield_now().await;
        }
    }
    push(ChildEvent::End(index));
}

fn set_error(scope: &mut v8::PinScope, result: v8::Local<v8::Object>, err: &std::io::Error) {
    let (code, _) = errno_name(err);
    let error = v8::Object::new(scope);
    set_str(scope, error, "code", code);
    let errno = v8::Integer::new(scope, -err.raw_os_error().unwrap_or(libc::EIO)).into();
    set_value(scope, error, "errno", errno);
    let text = js_string(scope, code).into();
    set_value(scope, error, "name", text);
    set_value(scope, result, "error", error.into());
}

/// The standard stream of a child: `pipe`, `inherit`, `ignore`, or one of
/// the parent's fds (a number).
fn async_stdio(scope: &mut v8::PinScope, value: Option<v8::Local<v8::Value>>) -> Stdio {
    match value {
        Some(v) if v.is_number() => {
            let fd = v.int32_value(scope).unwrap_or(-1);
            // SAFETY: dup of the caller's fd; the child gets its own copy.
            let copy = unsafe { libc::dup(fd) };
            if copy < 0 {
                Stdio::null()
            } else {
                // SAFETY: `copy` is a fresh fd we own.
                unsafe { <Stdio as std::os::fd::FromRawFd>::from_raw_fd(copy) }
            }
        }
        Some(v) => stdio_of(&v.to_rust_string_lossy(scope)),
        None => Stdio::piped(),
    }
}

/// A connected pair of Unix stream sockets (libuv's IPC pipe), both
/// close-on-exec.
fn socket_pair() -> std::io::Result<(std::os::fd::OwnedFd, std::os::fd::OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: socketpair fills two fds on success.
    if unsafe { libc::socketpair(libc::AF_UNIX, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0, fds.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    use std::os::fd::FromRawFd;
    // SAFETY: two fresh fds we own.
    Ok(unsafe { (std::os::fd::OwnedFd::from_raw_fd(fds[0]), std::os::fd::OwnedFd::from_raw_fd(fds[1])) })
}

/// One event of a running child, for its JS handle.
enum ChildEvent {
    Data(u8, Vec<u8>),
    End(u8),
    Exit(Option<i32>, Option<i32>),
    Done,
}

/// `op_child_spawn_async(file, args, options, callback)`: starts `file`
/// with `args` (`args[0]` is argv0). `options`: `cwd`, `env` (`["K=V"]`),
/// `stdio` (three of `pipe`/`inherit`/`ignore` or an fd), `detached`
/// (a new session), `uid`, `gid`. Returns `{ pid, handle }`, or
/// `{ error: { code, errno } }` when the child could not start. The
/// handle's callback gets `('data', 1 | 2, bytes)`, `('end', 1 | 2)`,
/// `('exit', code, signal)` and last `('done')`.
pub(crate) fn op_child_spawn_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let file = args.get(0).to_rust_string_lossy(scope);
    let argv = strings(scope, args.get(1));
    let Ok(options) = v8::Local::<v8::Object>::try_from(args.get(2)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "The \"options\" argument must be of type object.");
        return;
    };
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(3)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let cwd = get_option(scope, options, "cwd").map(|v| v.to_rust_string_lossy(scope));
    let env = get_option(scope, options, "env").map(|v| strings(scope, v));
    let stdio: Vec<Option<v8::Local<v8::Value>>> =
        match get_option(scope, options, "stdio").and_then(|v| v8::Local::<v8::Array>::try_from(v).ok()) {
            Some(list) => (0..3).map(|i| list.get_index(scope, i).filter(|v| !v.is_null_or_undefined())).collect(),
            None => vec![None, None, None],
        };
    let detached = get_option(scope, options, "detached").is_some_and(|v| v.is_true());
    let ipc = get_option(scope, options, "ipc").and_then(|v| v.int32_value(scope)).filter(|fd| *fd >= 0);
    let uid = get_option(scope, options, "uid").and_then(|v| v.uint32_value(scope));
    let gid = get_option(scope, options, "gid").and_then(|v| v.uint32_value(scope));

    let mut command = command_for(&file, &argv, cwd.as_deref(), env.as_deref());
    command.stdin(async_stdio(scope, stdio[0]));
    command.stdout(async_stdio(scope, stdio[1]));
    command.stderr(async_stdio(scope, stdio[2]));
    if let Some(uid) = uid {
        command.uid(uid);
    }
    if let Some(gid) = gid {
        command.gid(gid);
    }
    if detached {
        // SAFETY: setsid is async-signal-safe; it runs in the forked child.
        unsafe {
            command.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
    }
    // The IPC channel: a socket pair whose second end the child gets as
    // fd `ipc` (NODE_CHANNEL_FD); the first is the parent's.
    let channel = match ipc.map(|target| socket_pair().map(|pair| (target, pair))).transpose() {
        Ok(channel) => channel,
        Err(err) => {
            let result = v8::Object::new(scope);
            set_error(scope, result, &err);
            rv.set(result.into());
            return;
        }
    };
    if let Some((target, (_, child_end))) = &channel {
        let (target, source) = (*target, child_end.as_raw_fd());
        // SAFETY: dup2 and fcntl are async-signal-safe; they run in the forked child.
        unsafe {
            command.pre_exec(move || {
                let rc =
                    if source == target { libc::fcntl(target, libc::F_SETFD, 0) } else { libc::dup2(source, target) };
                if rc < 0 { Err(std::io::Error::last_os_error()) } else { Ok(()) }
            });
        }
    }
    let mut command = tokio::process::Command::from(command);
    let result = v8::Object::new(scope);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => {
            set_error(scope, result, &err);
            rv.set(result.into());
            return;
        }
    };
    let pid = child.id().unwrap_or(0);
    let state = crate::state::State::get(scope);
    let stdin: StdinSlot = RefCell::new(child.stdin.take().map(|stdin| Rc::new(tokio::sync::Mutex::new(stdin))));
    // Read by the task below, through the reactor as tokio registered them.
    let stdout = child.stdout.take().and_then(|p| p.into_owned_fd().ok());
    let stderr = child.stderr.take().and_then(|p| p.into_owned_fd().ok());
    let reading = [Rc::new(ReadSwitch::default()), Rc::new(ReadSwitch::default())];
    for switch in &reading {
        switch.set(true);
    }
    let [out_switch, err_switch] = reading.clone();
    let callback = v8::Global::new(scope, callback);
    let entry = Entry::with_callback(scope, Kind::Process, callback, true).with_resource(ChildPipes { stdin, reading });
    let id = state.open(entry, move |events| async move {
        let push = move |event: ChildEvent| {
            let done = matches!(event, ChildEvent::Done);
            let deliver: crate::state::Deliver = Box::new(move |scope| match event {
                ChildEvent::Data(index, bytes) => vec![
                    js_string(scope, "data").into(),
                    v8::Integer::new(scope, i32::from(index)).into(),
                    crate::ops::io::bytes_to_js(scope, bytes).into(),
                ],
                ChildEvent::End(index) => {
                    vec![js_string(scope, "end").into(), v8::Integer::new(scope, i32::from(index)).into()]
                }
                ChildEvent::Exit(code, signal) => {
                    let code = match code {
                        Some(c) => v8::Integer::new(scope, c).into(),
                        None => v8::null(scope).into(),
                    };
                    let signal = match signal {
                        Some(s) => js_string(scope, signal_name(s)).into(),
                        None => v8::null(scope).into(),
                    };
                    vec![js_string(scope, "exit").into(), code, signal]
                }
                ChildEvent::Done => vec![js_string(scope, "done").into()],
            });
            if done { events.finish(deliver) } else { events.send(deliver) }
        };
        let out = read_pipe(stdout, 1, out_switch, push.clone());
        let err = read_pipe(stderr, 2, err_switch, push.clone());
        let exit = async {
            let status = child.wait().await.ok();
            push(ChildEvent::Exit(status.and_then(|s| s.code()), status.and_then(|s| s.signal())));
        };
        tokio::join!(out, err, exit);
        push(ChildEvent::Done);
    });
    let pid = v8::Number::new(scope, f64::from(pid)).into();
    set_value(scope, result, "pid", pid);
    let handle = v8::Integer::new_from_unsigned(scope, id).into();
    set_value(scope, result, "handle", handle);
    if let Some((_, (parent_end, child_end))) = channel {
        drop(child_end);
        let fd = v8::Integer::new(scope, std::os::fd::IntoRawFd::into_raw_fd(parent_end)).into();
        set_value(scope, result, "ipc", fd);
    }
    rv.set(result.into());
}

/// `op_child_write_async(handle, bytes, callback)`: writes all of `bytes`
/// to the child's stdin; `callback(err)` afterwards (an EPIPE when the
/// child closed it).
pub(crate) fn op_child_write_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(handle) = arg::<u32>(scope, &args, 0, "handle") else { return };
    let data =
        crate::ops::core::bytes_of(args.get(1)).unwrap_or_else(|| args.get(1).to_rust_string_lossy(scope).into_bytes());
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(2)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let state = crate::state::State::get(scope);
    let stdin = state.handles.resource::<ChildPipes>(handle).and_then(|pipes| pipes.stdin.borrow().clone());
    let id = state.spawn_op(scope, Kind::Write, callback, async move {
        use tokio::io::AsyncWriteExt;
        let result = match stdin {
            Some(stdin) => {
                let mut stdin = stdin.lock().await;
                match stdin.write_all(&data).await {
                    Ok(()) => stdin.flush().await,
                    Err(e) => Err(e),
                }
            }
            None => Err(std::io::Error::from_raw_os_error(libc::EPIPE)),
        };
        let deliver: crate::state::Deliver = Box::new(move |scope| match result {
            Ok(()) => vec![v8::null(scope).into()],
            Err(err) => {
                vec![crate::ops::system_error::SystemError::errno(&err, "write").to_js(scope)]
            }
        });
        deliver
    });
    rv.set_uint32(id);
}

/// `op_child_stdin_close_sync(handle)`: closes the child's stdin once the
/// writes already started are done.
pub(crate) fn op_child_stdin_close_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(handle) = arg::<u32>(scope, &args, 0, "handle") else { return };
    if let Some(pipes) = crate::state::State::get(scope).handles.resource::<ChildPipes>(handle) {
        pipes.stdin.borrow_mut().take();
    }
}

/// `op_child_read_sync(handle, index, on)`: starts or stops reading the
/// child's stdout (1) or stderr (2) (readStart/readStop): stopped, the
/// child's writes wait in the pipe and then block.
pub(crate) fn op_child_read_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(handle) = arg::<u32>(scope, &args, 0, "handle") else { return };
    let Some(index) = arg::<u32>(scope, &args, 1, "index") else { return };
    let on = args.get(2).is_true();
    let Some(pipes) = crate::state::State::get(scope).handles.resource::<ChildPipes>(handle) else { return };
    if let Some(switch) = index.checked_sub(1).and_then(|i| pipes.reading.get(i as usize)) {
        switch.set(on);
    }
}
