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
mod isolate;
mod modules;
mod ops;
mod repl;
mod state;

/// Facts fixed at build time.
pub mod build_info {
    include!(concat!(env!("OUT_DIR"), "/build_info.rs"));

    /// The Nodus version.
    pub const NODUS_VERSION: &str = env!("CARGO_PKG_VERSION");

    /// The Node.js version whose behaviour Nodus follows (`process.version`,
    /// `process.versions.node`).
    pub const NODE_COMPAT_VERSION: &str = "20.20.2";
}

use std::sync::OnceLock;

static PLATFORM: OnceLock<v8::SharedRef<v8::Platform>> = OnceLock::new();

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

fn init_v8() -> v8::SharedRef<v8::Platform> {
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
