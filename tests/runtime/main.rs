//! End-to-end tests of the `nodus` binary.

mod cli;
mod differential;
mod esm;
mod ops;
mod modules;
mod repl;
mod js_libs;

use nodus_test_support::Cmd;

#[test]
fn version_flag_prints_package_version() {
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg("--version").run_ok();
    assert_eq!(out.stdout, format!("v{}\n", env!("CARGO_PKG_VERSION")));
}
