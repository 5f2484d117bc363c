//! End-to-end tests of the `nodus` binary.

mod cli;
mod cluster;
mod differential;
mod dns;
mod esm;
mod io;
mod ipc;
mod js_libs;
mod modules;
mod net;
mod node_suite;
mod ops;
mod repl;
mod signals;
mod wpt;

use nodus_test_support::Cmd;

#[test]
fn version_flag_prints_package_version() {
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg("--version").run_ok();
    assert_eq!(out.stdout, format!("v{}\n", env!("CARGO_PKG_VERSION")));
}
