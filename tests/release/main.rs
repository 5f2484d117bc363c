//! End-to-end tests of the `git-nodus` binary on real repositories.

use nodus_test_support::Cmd;

#[test]
fn no_arguments_is_a_usage_error() {
    let out = Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).run_code(2);
    assert!(out.stderr.contains("Usage:"), "{out}");
}

mod backport;
mod changelog;
mod commit_lint;
mod converge;
#[cfg(unix)]
mod crash;
mod engine;
mod gov;
mod hostile;
mod land;
#[cfg(unix)]
mod land_crash;
mod line;
mod lts;
mod queue;
mod release;
