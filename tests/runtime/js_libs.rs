//! The runtime's JavaScript libraries (runtime/js/) checked inside real
//! node against node's own implementation: tests/runtime/js/run.js loads
//! each module the way the nodus bootstrap does and compares outputs case by
//! case, in the Node 24 oracle. Skips (with a message) when the oracle is
//! not installed, fails under `CI` (see `nodus_test_support::need_node_oracle`).

use nodus_test_support::Cmd;
use std::path::PathBuf;

fn harness() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/runtime/js/run.js")
}

fn run_suite(suite: &str) {
    let Some(node) = nodus_test_support::need_node_oracle(&format!("js_libs::{suite}")) else { return };
    let out = Cmd::new(node).arg("--expose-internals").arg(harness()).arg(suite).run();
    let last = out.stdout.lines().last().unwrap_or_default().to_owned();
    assert!(
        out.code == Some(0) && last.ends_with(" 0 failed") && !last.starts_with("0 passed"),
        "suite {suite} failed\n{out}"
    );
}

#[test]
fn errors() {
    run_suite("errors");
}

#[test]
fn inspect() {
    run_suite("inspect");
}

#[test]
fn util() {
    run_suite("util");
}

#[test]
fn events() {
    run_suite("events");
}

#[test]
fn path() {
    run_suite("path");
}

#[test]
fn console() {
    run_suite("console");
}

#[test]
fn fixtures() {
    run_suite("fixtures");
}

#[test]
fn stream() {
    run_suite("stream");
}

#[test]
fn buffer() {
    run_suite("buffer");
}

#[test]
fn event_target() {
    run_suite("event_target");
}

#[test]
fn assert() {
    run_suite("assert");
}

/// console.log into a pipe closed by the reader (`nodus … | head -1`) ends
/// quietly with exit code 0, as in Node: the EPIPE is swallowed.
#[test]
fn console_ignores_closed_stdout() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_nodus"))
        .args(["-e", "for (let i = 0; i < 1e5; i++) console.log(i)"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nodus");
    let mut first = String::new();
    {
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout).read_line(&mut first).expect("read a line");
        // Dropping the reader closes the pipe.
    }
    let out = child.wait_with_output().expect("wait for nodus");
    assert_eq!(first, "0\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "exit {:?}, stderr:\n{stderr}", out.status.code());
}

#[test]
fn url() {
    run_suite("url");
}

#[test]
fn querystring() {
    run_suite("querystring");
}

#[test]
fn readline() {
    run_suite("readline");
}
