//! The isolate wrapper: one V8 isolate and one context for the main thread,
//! deserialized from the startup snapshot.
//!
//! [`Runtime::new`] makes the isolate from the snapshot, installs the V8
//! callbacks (promise rejections, heap limit, out-of-memory), links the
//! snapshot's op functions to the real ones and loads the JS entry points
//! ([`Bootstrap`]). [`Runtime::start`] hands the facts of this run to JS,
//! [`Runtime::run_main`] runs the entry, and the event loop
//! (`event_loop.rs`) runs until nothing is left.

use std::ffi::c_void;
use std::rc::Rc;

use crate::bootstrap::Bootstrap;
use crate::cli::{Entry, InputType, Options};
use crate::errors;
use crate::ops;
use crate::state::{SharedInts, State};

static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/SNAPSHOT.bin"));

/// One JS runtime: the isolate, its context and the loop state.
/// The options of this run, kept for the areas that need them later (a
/// worker inherits its parent's); an area of `State::areas`.
#[derive(Default)]
pub(crate) struct RunOptions(pub std::cell::RefCell<Option<Options>>);

pub struct Runtime {
    pub(crate) isolate: v8::OwnedIsolate,
    pub(crate) context: v8::Global<v8::Context>,
    pub(crate) state: Rc<State>,
    pub(crate) platform: v8::SharedRef<v8::Platform>,
}

/// Opens a handle scope and enters the runtime's context: `$scope` is a
/// `&mut PinScope` inside it.
macro_rules! with_context {
    ($runtime:expr, $scope:ident) => {
        let context = $runtime.context.clone();
        v8::scope!(let handle_scope, &mut $runtime.isolate);
        let context = v8::Local::new(handle_scope, context);
        let $scope = &mut v8::ContextScope::new(handle_scope, context);
    };
}
pub(crate) use with_context;

impl Runtime {
    /// Makes the isolate from the snapshot and wires the op layer in.
    pub(crate) fn new(platform: v8::SharedRef<v8::Platform>) -> Result<Runtime, String> {
        // Heap limits from the machine's memory, as Node sets them
        // (`--max-old-space-size` still wins).
        // SAFETY: sysconf has no preconditions.
        let physical = unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) as u64 * libc::sysconf(libc::_SC_PAGESIZE) as u64 };
        let params = v8::CreateParams::default()
            .heap_limits_from_system_memory(physical, 0)
            .snapshot_blob(v8::StartupData::from(SNAPSHOT))
            .external_references(ops::external_references().into());
        let mut isolate = v8::Isolate::new(params);
        isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
        isolate.set_promise_reject_callback(promise_reject_callback);
        isolate.add_near_heap_limit_callback(near_heap_limit, std::ptr::null_mut());
        isolate.set_oom_error_handler(oom_handler);
        isolate.set_host_import_module_dynamically_callback(crate::modules::esm::import_dynamically);
        isolate.set_host_initialize_import_meta_object_callback(crate::modules::esm::initialize_import_meta);
        let state = Rc::new(State::new());
        isolate.set_slot(state.clone());

        let context = {
            v8::scope!(let scope, &mut isolate);
            let context =
                v8::Context::from_snapshot(scope, 0, Default::default()).ok_or("the snapshot has no main context")?;
            let scope = &mut v8::ContextScope::new(scope, context);
            let object = scope
                .get_context_data_from_snapshot_once::<v8::Object>(0)
                .map_err(|e| format!("the snapshot has no bootstrap object: {e:?}"))?;
            let boot = Bootstrap::load(scope, object)?;
            let tick = v8::Local::new(scope, &boot.tick_info);
            let immediate = v8::Local::new(scope, &boot.immediate_info);
            *state.tick_info.borrow_mut() =
                Some(SharedInts::new(tick.buffer(scope).ok_or("no tickInfo buffer")?.get_backing_store()));
            *state.immediate_info.borrow_mut() =
                Some(SharedInts::new(immediate.buffer(scope).ok_or("no immediateInfo buffer")?.get_backing_store()));
            *state.bootstrap.borrow_mut() = Some(Rc::new(boot));
            v8::Global::new(scope, context)
        };
        Ok(Runtime { isolate, context, state, platform })
    }

    /// Hands the facts of this run (argv, env, options) to JS.
    pub(crate) fn start(&mut self, options: &Options) {
        *self.state.areas.get::<crate::isolate::RunOptions>().0.borrow_mut() = Some(options.clone());
        let info = run_info(options).to_string();
        let start = self.state.bootstrap().start_runtime.clone();
        with_context!(self, scope);
        let Some(json) = v8::String::new(scope, &info) else { return };
        let Some(info) = v8::json::parse(scope, json) else { return };
        let start = v8::Local::new(scope, start);
        let undefined = v8::undefined(scope).into();
        errors::make_callback(scope, start, undefined, &[info], |_, _| ());
    }

    /// Hands a worker thread's facts to JS: the parent's options with the
    /// worker's entry (`kind` is `file` or `worker-eval`), argv and
    /// environment, and `worker: { threadId }`.
    pub(crate) fn start_worker(&mut self, options: &Options, kind: &str, thread_id: u32, env: &[String]) {
        *self.state.areas.get::<crate::isolate::RunOptions>().0.borrow_mut() = Some(options.clone());
        let mut info = run_info(options);
        info["entry"]["kind"] = serde_json::json!(kind);
        info["worker"] = serde_json::json!({ "threadId": thread_id });
        let env: serde_json::Map<String, serde_json::Value> = env
            .iter()
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), serde_json::json!(v)))
            .collect();
        info["env"] = serde_json::Value::Object(env);
        let info = info.to_string();
        let start = self.state.bootstrap().start_runtime.clone();
        with_context!(self, scope);
        let Some(json) = v8::String::new(scope, &info) else { return };
        let Some(info) = v8::json::parse(scope, json) else { return };
        let start = v8::Local::new(scope, start);
        let undefined = v8::undefined(scope).into();
        errors::make_callback(scope, start, undefined, &[info], |_, _| ());
    }

    /// Runs the preloads and the entry (script, `-e` code, stdin).
    pub(crate) fn run_main(&mut self) {
        let main = self.state.bootstrap().run_main.clone();
        with_context!(self, scope);
        let main = v8::Local::new(scope, main);
        let undefined = v8::undefined(scope).into();
        errors::make_callback(scope, main, undefined, &[], |_, _| ());
    }
}

/// The JSON handed to `startRuntime`.
fn run_info(options: &Options) -> serde_json::Value {
    use serde_json::json;
    let exec_path = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "nodus".to_owned());
    let argv0 = std::env::args_os().next().map(|a| a.to_string_lossy().into_owned()).unwrap_or_default();
    let env: serde_json::Map<String, serde_json::Value> =
        std::env::vars_os().map(|(k, v)| (k.to_string_lossy().into_owned(), json!(v.to_string_lossy()))).collect();
    let (kind, source, print, file) = match &options.entry {
        Entry::File(f) => ("file", None, false, Some(f.clone())),
        Entry::Eval { source, print } => ("eval", Some(source.clone()), *print, None),
        Entry::Stdin => ("stdin", None, options.print, None),
        Entry::Repl => ("repl", None, options.print, None),
    };
    // SAFETY: plain libc queries without arguments.
    let (pid, ppid) = unsafe { (libc::getpid(), libc::getppid()) };
    let is_tty = |fd| unsafe { libc::isatty(fd) == 1 };
    json!({
        "execPath": exec_path,
        "argv0": argv0,
        "execArgv": options.exec_argv,
        "args": options.args,
        "pid": pid,
        "ppid": ppid,
        "env": env,
        "platform": platform_name(),
        "arch": arch_name(),
        "entry": { "kind": kind, "source": source, "print": print, "file": file },
        "requires": options.requires,
        "allowedNodeEnvironmentFlags": crate::cli::NODE_OPTIONS_ALLOWED,
        "inputType": match options.input_type {
            Some(InputType::Module) => "module",
            Some(InputType::CommonJs) => "commonjs",
            None => "",
        },
        "conditions": options.conditions,
        "preserveSymlinks": options.preserve_symlinks,
        "requireModule": options.require_module.unwrap_or(true),
        "noWarnings": options.no_warnings,
        "noDeprecation": options.no_deprecation,
        "throwDeprecation": options.throw_deprecation,
        "traceDeprecation": options.trace_deprecation,
        "traceWarnings": options.trace_warnings,
        "traceUncaught": options.trace_uncaught,
        "zeroFillBuffers": options.zero_fill_buffers,
        "exposeInternals": options.expose_internals,
        "check": options.check,
        "unhandledRejections": options.unhandled_rejections,
        "interactive": options.interactive,
        "stdinIsTTY": is_tty(0),
        "stdoutIsTTY": is_tty(1),
        "stderrIsTTY": is_tty(2),
    })
}

/// `process.platform`.
pub(crate) fn platform_name() -> &'static str {
    nodus_resolve::esm::platform_name()
}

/// `process.arch`.
pub(crate) fn arch_name() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "x86" => "ia32",
        "aarch64" => "arm64",
        "powerpc64" => "ppc64",
        other => other,
    }
}

/// V8's promise events go to the JS `promiseRejectHandler`.
extern "C" fn promise_reject_callback(message: v8::PromiseRejectMessage) {
    v8::callback_scope!(unsafe let scope, &message);
    let state = State::get(scope);
    let Some(boot) = state.bootstrap.borrow().clone() else { return };
    let kind = match message.get_event() {
        v8::PromiseRejectEvent::PromiseRejectWithNoHandler => 0,
        v8::PromiseRejectEvent::PromiseHandlerAddedAfterReject => 1,
        v8::PromiseRejectEvent::PromiseRejectAfterResolved => 2,
        v8::PromiseRejectEvent::PromiseResolveAfterResolved => 3,
    };
    let handler = v8::Local::new(scope, &boot.promise_reject);
    let kind = v8::Integer::new(scope, kind).into();
    let promise = message.get_promise().into();
    let reason = message.get_value().unwrap_or_else(|| v8::undefined(scope).into());
    let undefined = v8::undefined(scope).into();
    v8::tc_scope!(let tc, scope);
    let _ = handler.call(tc, undefined, &[kind, promise, reason]);
}

/// Node's message when the heap is full, then a clean exit (134, as
/// Node's abort ends with) instead of V8's crash.
extern "C" fn near_heap_limit(_data: *mut c_void, _current_heap_limit: usize, _initial: usize) -> usize {
    eprintln!(
        "\n<--- Last few GCs --->\n\n\n<--- JS stacktrace --->\n\n\
         FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"
    );
    // SAFETY: ends the process at once; nothing else runs afterwards.
    unsafe { libc::_exit(134) }
}

extern "C" fn oom_handler(location: *const std::ffi::c_char, details: &v8::OomDetails) {
    // SAFETY: V8 passes a NUL-terminated string or null.
    let location = if location.is_null() {
        String::new()
    } else {
        unsafe { std::ffi::CStr::from_ptr(location) }.to_string_lossy().into_owned()
    };
    let what = if details.is_heap_oom { "JavaScript heap out of memory" } else { "process out of memory" };
    eprintln!("\nFATAL ERROR: {location} {what}");
    // SAFETY: ends the process at once.
    unsafe { libc::_exit(134) };
}
