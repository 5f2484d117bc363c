//! `nodus`: the command-line entry of the runtime.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-v" | "--version") => {
            println!("v{}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        _ => {
            v8::V8::initialize_platform(v8::new_default_platform(0, false).make_shared());
            v8::V8::initialize();
            eprintln!("nodus: running scripts is not built yet (V8 {})", v8::V8::get_version());
            ExitCode::from(9)
        }
    }
}
