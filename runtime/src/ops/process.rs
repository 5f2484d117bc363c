//! Process ops: exit, cwd, env, clocks, memory, signals, kill.

use crate::handles::{Entry, Kind};
use crate::ops::args::arg;
use crate::ops::{js_string, set_value, throw_system_error, throw_type_error};
use crate::state::State;

/// `op_process_exit_sync(code)`: ends the process now (`exit` was emitted
/// by JS already).
pub(crate) fn op_process_exit_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(code) = arg::<i32>(scope, &args, 0, "code") else { return };
    crate::errors::exit(&State::get(scope), code);
}

/// `op_process_cwd_sync()`.
pub(crate) fn op_process_cwd_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    match std::env::current_dir() {
        Ok(dir) => rv.set(js_string(scope, &dir.to_string_lossy()).into()),
        Err(err) => throw_system_error(scope, &err, "uv_cwd", None),
    }
}

/// `op_process_chdir_sync(dir)`: Node's message names both directories.
pub(crate) fn op_process_chdir_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let dir = args.get(0).to_rust_string_lossy(scope);
    if let Err(err) = std::env::set_current_dir(&dir) {
        let cwd = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
        crate::ops::system_error::SystemError::uv(&err, "chdir").path(cwd).dest(dir).throw(scope);
    }
}

/// `op_process_hrtime_sync()`: the monotonic clock in ns, as a BigInt.
pub(crate) fn op_process_hrtime_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: fills a timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    let ns = (ts.tv_sec as u64).wrapping_mul(1_000_000_000).wrapping_add(ts.tv_nsec as u64);
    rv.set(v8::BigInt::new_from_u64(scope, ns).into());
}

/// `op_process_uptime_sync()`: seconds since the process started.
pub(crate) fn op_process_uptime_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    rv.set_double(State::get(scope).started.elapsed().as_secs_f64());
}

fn rss_bytes() -> f64 {
    // /proc/self/statm: size resident ... in pages.
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<f64>().ok()))
        .unwrap_or(0.0);
    // SAFETY: sysconf has no preconditions.
    pages * unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as f64
}

/// `op_process_memory_usage_sync()`: `{ rss, heapTotal, heapUsed, external, arrayBuffers }`.
pub(crate) fn op_process_memory_usage_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let stats = scope.get_heap_statistics();
    let object = v8::Object::new(scope);
    let fields = [
        ("rss", rss_bytes()),
        ("heapTotal", stats.total_heap_size() as f64),
        ("heapUsed", stats.used_heap_size() as f64),
        ("external", stats.external_memory() as f64),
        ("arrayBuffers", 0.0),
    ];
    for (key, value) in fields {
        let value = v8::Number::new(scope, value).into();
        set_value(scope, object, key, value);
    }
    rv.set(object.into());
}

/// `op_process_rss_sync()`.
pub(crate) fn op_process_rss_sync(
    _scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    rv.set_double(rss_bytes());
}

/// `op_process_cpu_usage_sync()`: `[user, system]` in microseconds.
pub(crate) fn op_process_cpu_usage_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    // SAFETY: getrusage fills a zeroed rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let micros = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    let user = v8::Number::new(scope, micros(usage.ru_utime)).into();
    let system = v8::Number::new(scope, micros(usage.ru_stime)).into();
    rv.set(v8::Array::new_with_elements(scope, &[user, system]).into());
}

/// `op_process_env_set_sync(key, value)`.
pub(crate) fn op_process_env_set_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let key = args.get(0).to_rust_string_lossy(scope);
    let value = args.get(1).to_rust_string_lossy(scope);
    if key.is_empty() || key.contains('=') || key.contains('\0') || value.contains('\0') {
        return;
    }
    // SAFETY: the runtime's threads (tokio's blocking pool, V8's workers)
    // do not read the environment; Node changes it the same way.
    unsafe { std::env::set_var(key, value) };
}

/// `op_process_env_delete_sync(key)`.
pub(crate) fn op_process_env_delete_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let key = args.get(0).to_rust_string_lossy(scope);
    if key.is_empty() || key.contains('=') || key.contains('\0') {
        return;
    }
    // SAFETY: as in op_process_env_set_sync.
    unsafe { std::env::remove_var(key) };
}

/// `op_process_kill_sync(pid, signal)`: 0, or the negative errno (JS
/// throws Node's `kill ESRCH`-style error, as `process._kill` returns).
pub(crate) fn op_process_kill_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(pid) = arg::<i32>(scope, &args, 0, "pid") else { return };
    let Some(signal) = arg::<Option<i32>>(scope, &args, 1, "signal") else { return };
    let signal = signal.unwrap_or(libc::SIGTERM);
    // SAFETY: kill takes any pid and signal number.
    if unsafe { libc::kill(pid, signal) } != 0 {
        rv.set_int32(-std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL));
        return;
    }
    rv.set_int32(0);
}

/// `op_process_resource_usage_sync()`: getrusage's fields in the order of
/// Node's `process.resourceUsage()` (times in microseconds, maxRSS in KiB).
pub(crate) fn op_process_resource_usage_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    // SAFETY: getrusage fills a zeroed rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let micros = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    let fields = [
        micros(usage.ru_utime),
        micros(usage.ru_stime),
        usage.ru_maxrss as f64,
        usage.ru_ixrss as f64,
        usage.ru_idrss as f64,
        usage.ru_isrss as f64,
        usage.ru_minflt as f64,
        usage.ru_majflt as f64,
        usage.ru_nswap as f64,
        usage.ru_inblock as f64,
        usage.ru_oublock as f64,
        usage.ru_msgsnd as f64,
        usage.ru_msgrcv as f64,
        usage.ru_nsignals as f64,
        usage.ru_nvcsw as f64,
        usage.ru_nivcsw as f64,
    ];
    let values: Vec<v8::Local<v8::Value>> = fields.iter().map(|&f| v8::Number::new(scope, f).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_process_load_env_file_sync(path)`: sets the `KEY=value` lines of
/// `path` (the `--env-file` format) that the environment does not have yet;
/// returns them as `[key, value, …]` for `process.env`. A missing file
/// throws Node's `open` error.
pub(crate) fn op_process_load_env_file_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let path = args.get(0).to_rust_string_lossy(scope);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            throw_system_error(scope, &err, "open", Some(&path));
            return;
        }
    };
    let mut set = Vec::new();
    for (key, value) in crate::cli::parse_env_file(&text) {
        if std::env::var_os(&key).is_some() || key.contains('=') || key.contains('\0') || value.contains('\0') {
            continue;
        }
        // SAFETY: as in op_process_env_set_sync.
        unsafe { std::env::set_var(&key, &value) };
        set.push(js_string(scope, &key).into());
        set.push(js_string(scope, &value).into());
    }
    rv.set(v8::Array::new_with_elements(scope, &set).into());
}

/// `op_process_umask_sync(mask?)`: sets (when given) and returns the old mask.
pub(crate) fn op_process_umask_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let arg = args.get(0);
    // SAFETY: umask always succeeds; reading it means setting and restoring.
    let old = if arg.is_undefined() {
        let old = unsafe { libc::umask(0) };
        unsafe { libc::umask(old) };
        old
    } else {
        let mask = arg.uint32_value(scope).unwrap_or(0o22) & 0o777;
        unsafe { libc::umask(mask as libc::mode_t) }
    };
    rv.set_uint32(old as u32);
}

/// `op_process_set_title_sync(title)`: the process name shown by `ps` (first 15 bytes).
pub(crate) fn op_process_set_title_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let title = args.get(0).to_rust_string_lossy(scope);
    if let Ok(name) = std::ffi::CString::new(title.chars().take(15).collect::<String>()) {
        // SAFETY: PR_SET_NAME reads a NUL-terminated string.
        unsafe { libc::prctl(libc::PR_SET_NAME, name.as_ptr(), 0, 0, 0) };
    }
}

/// `op_process_signal_start_async(signo, callback)`: a handle calling
/// `callback()` each time the signal arrives. Unrefed, as Node's signal
/// handles are: listening alone does not keep the process alive.
pub(crate) fn op_process_signal_start_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(signo) = arg::<i32>(scope, &args, 0, "signal") else { return };
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(1)) else {
        throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let mut signal = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::from_raw(signo)) {
        Ok(s) => s,
        Err(err) => {
            throw_system_error(scope, &err, "uv_signal_start", None);
            return;
        }
    };
    let callback = v8::Global::new(scope, callback);
    // Unrefed, as Node's signal handles: a listener alone keeps no process
    // alive.
    let entry = Entry::with_callback(scope, Kind::Signal, callback, false);
    let id = State::get(scope).open(entry, move |events| async move {
        while signal.recv().await.is_some() {
            events.send(Box::new(move |scope| vec![v8::Integer::new(scope, signo).into()]));
        }
    });
    remember_or_restore_handler(signo);
    rv.set_uint32(id);
}

thread_local! {
    /// The signal handler tokio installed, per signal, saved so it can be
    /// put back after `op_process_signal_reset_sync` restored the default.
    static TOKIO_HANDLERS: std::cell::RefCell<std::collections::HashMap<i32, libc::sigaction>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// tokio installs its handler once per signal and never removes it. The
/// first time, keep a copy; later times, put it back (it may have been
/// replaced by the default action).
fn remember_or_restore_handler(signo: i32) {
    TOKIO_HANDLERS.with(|saved| {
        let mut saved = saved.borrow_mut();
        match saved.get(&signo) {
            // SAFETY: reinstalls a handler read back from the kernel earlier.
            Some(action) => unsafe {
                libc::sigaction(signo, action, std::ptr::null_mut());
            },
            None => {
                // SAFETY: reads the current action into a zeroed struct.
                let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
                if unsafe { libc::sigaction(signo, std::ptr::null(), &mut action) } == 0 {
                    saved.insert(signo, action);
                }
            }
        }
    });
}

/// `op_process_signal_reset_sync(signo)`: the signal's default action again
/// (its last listener is gone: SIGINT ends the process once more).
pub(crate) fn op_process_signal_reset_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(signo) = arg::<i32>(scope, &args, 0, "signal") else { return };
    if signo <= 0 {
        return;
    }
    // SAFETY: SIG_DFL for a valid signal number.
    unsafe { libc::signal(signo, libc::SIG_DFL) };
}
