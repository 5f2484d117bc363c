//! Nodus: a JavaScript runtime on V8 that runs Node.js programs.
//!
//! The parts, in the order a run goes through them (see
//! `runtime/ARCHITECTURE.md`): [`cli`] parses the command line; the isolate
//! wrapper (`isolate.rs`) starts V8 from the startup snapshot built by
//! `build.rs` from `js/`; the op layer (`ops/`) gives that JavaScript its
//! native functions; the module loaders (`modules/` in Rust,
//! `js/internal/modules/` in JS) find and run code; the event loop
//! (`event_loop.rs`) runs until nothing is left.

#![warn(missing_docs)]

mod bootstrap;
pub mod cli;
mod errors;
mod event_loop;
mod handles;
mod inotify;
mod isolate;
mod modules;
mod ops;
mod pool;
mod repl;
mod simdutf;
mod state;
mod worker;

/// Facts fixed at build time.
pub mod build_info {
    include!(concat!(env!("OUT_DIR"), "/build_info.rs"));

    /// The Nodus version.
    pub const NODUS_VERSION: &str = env!("CARGO_PKG_VERSION");

    /// The Node.js version whose behaviour Nodus follows (`process.version`,
    /// `process.versions.node`).
    pub const NODE_COMPAT_VERSION: &str = "24.21.0";
}

use std::sync::OnceLock;

static PLATFORM: OnceLock<v8::SharedRef<v8::Platform>> = OnceLock::new();

/// Puts the process in the state Node starts from, whatever the parent
/// left: every signal's default action restored (a shell ignores SIGINT
/// for background jobs), except SIGPIPE and SIGXFSZ, which are ignored
/// (write errors are reported instead), and no signal blocked. (Closed
/// descriptors 0–2 are reopened on `/dev/null` by Rust's own startup, as
/// Node does.) Call it first, before any thread starts.
pub fn init_process() {
    // Node resets signals 1..32 (NSIG varies; real-time signals are left alone).
    for signal in 1..32 {
        if signal == libc::SIGKILL || signal == libc::SIGSTOP {
            continue;
        }
        let action = if signal == libc::SIGPIPE || signal == libc::SIGXFSZ { libc::SIG_IGN } else { libc::SIG_DFL };
        // SAFETY: installing SIG_DFL/SIG_IGN with an empty mask.
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = action;
            libc::sigemptyset(&mut act.sa_mask);
            libc::sigaction(signal, &act, std::ptr::null_mut());
        }
    }
    // SAFETY: an empty set unblocks everything for this (only) thread.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::pthread_sigmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
    }
}

/// Hands `flag` to V8 (before V8 starts); false if V8 does not know it.
pub fn set_v8_flag(flag: &str) -> bool {
    let rest = v8::V8::set_flags_from_command_line(vec!["nodus".to_owned(), flag.to_owned()]);
    rest.len() <= 1
}

/// Prints V8's options (`--v8-options`) and exits.
pub fn print_v8_options() -> ! {
    v8::V8::set_flags_from_command_line(vec!["nodus".to_owned(), "--help".to_owned()]);
    std::process::exit(0)
}

/// `process.versions` as JSON (`--versions`).
pub fn versions_json() -> String {
    let versions = serde_json::json!({
        "nodus": build_info::NODUS_VERSION,
        "node": build_info::NODE_COMPAT_VERSION,
        "v8": build_info::V8_VERSION,
        "modules": build_info::MODULES_ABI.to_string(),
        "tokio": "1",
    });
    serde_json::to_string_pretty(&versions).unwrap_or_default()
}

pub(crate) fn init_v8() -> v8::SharedRef<v8::Platform> {
    PLATFORM
        .get_or_init(|| {
            let platform = v8::new_default_platform(0, false).make_shared();
            v8::V8::initialize_platform(platform.clone());
            v8::V8::initialize();
            platform
        })
        .clone()
}

/// Runs JavaScript as the command line asked; returns the exit code.
///
/// V8 flags must have been set with [`set_v8_flag`] before.
pub fn run(options: &cli::Options) -> i32 {
    let platform = init_v8();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("nodus: cannot start the event loop: {e}");
            return 1;
        }
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async {
        let mut runtime = match isolate::Runtime::new(platform) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("nodus: cannot start the runtime: {e}");
                return 1;
            }
        };
        runtime.start(options);
        runtime.state.update_loop_time();
        runtime.run_main();
        let code = runtime.run_event_loop().await;
        ops::io::reset_terminals();
        // Like Node, end without tearing the heap down.
        std::mem::forget(runtime);
        code
    })
}
