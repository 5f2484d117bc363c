//! Signals sent from outside and the process state a parent leaves: each
//! expectation is what Node 24 does with the same program (these tests pass
//! when pointed at the oracle; the differential fixtures cannot send signals
//! from outside).

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Starts `nodus -e script`; `ignore_sigint` makes the parent's SIGINT
/// disposition "ignored", as a shell does for background jobs.
fn start(script: &str, ignore_sigint: bool) -> (Child, BufReader<std::process::ChildStdout>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
    cmd.args(["-e", script]).env_remove("NODE_OPTIONS").stdout(Stdio::piped()).stderr(Stdio::piped());
    if ignore_sigint {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_IGN);
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().expect("start nodus");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut ready = String::new();
    stdout.read_line(&mut ready).expect("read the ready line");
    assert_eq!(ready, "ready\n", "the script prints `ready` once its listeners are set");
    (child, stdout)
}

fn send(child: &Child, signal: i32) {
    // SAFETY: kill on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0, "send signal {signal}");
}

/// Waits (at most 10 s) and returns the exit status and the rest of stdout.
fn finish(mut child: Child, mut stdout: BufReader<std::process::ChildStdout>) -> (ExitStatus, String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut rest = String::new();
            stdout.read_to_string(&mut rest).expect("read stdout");
            return (status, rest);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nodus did not end");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_listener_gets_the_signal_and_the_process_goes_on() {
    let (child, out) = start(
        "process.on('SIGINT', (name, number) => { console.log('got', name, number); setTimeout(() => console.log('after'), 20); }); setTimeout(() => {}, 5000); console.log('ready'); process.on('SIGINT', () => setTimeout(() => process.exit(3), 50));",
        false,
    );
    send(&child, libc::SIGINT);
    let (status, rest) = finish(child, out);
    assert_eq!((status.code(), rest.as_str()), (Some(3), "got SIGINT 2\nafter\n"));
}

#[test]
fn without_listeners_the_default_action_ends_the_process() {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT, libc::SIGUSR2] {
        let (child, out) = start("setInterval(() => {}, 1000); console.log('ready');", false);
        send(&child, signal);
        let (status, _) = finish(child, out);
        assert_eq!(status.signal(), Some(signal), "{status:?}");
    }
}

#[test]
fn removing_the_last_listener_restores_the_default_action() {
    let (child, mut out) = start(
        "process.once('SIGTERM', (s) => console.log('first', s)); setInterval(() => {}, 1000); console.log('ready');",
        false,
    );
    send(&child, libc::SIGTERM);
    let mut line = String::new();
    out.read_line(&mut line).expect("read");
    assert_eq!(line, "first SIGTERM\n");
    send(&child, libc::SIGTERM);
    let (status, _) = finish(child, out);
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
}

#[test]
fn a_signal_listener_alone_does_not_keep_the_process_alive() {
    let (child, out) = start("process.on('SIGHUP', () => console.log('hup')); console.log('ready');", false);
    let (status, rest) = finish(child, out);
    assert_eq!((status.code(), rest.as_str()), (Some(0), ""));
}

#[test]
fn signals_ignored_by_the_parent_get_their_default_action_back() {
    // Node restores every signal's default action at startup.
    let (child, out) = start("setInterval(() => {}, 1000); console.log('ready');", true);
    send(&child, libc::SIGINT);
    let (status, _) = finish(child, out);
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
}

#[test]
fn sigpipe_and_sigwinch_do_not_end_the_process() {
    let (child, out) = start("setTimeout(() => console.log('timer'), 300); console.log('ready');", false);
    send(&child, libc::SIGPIPE);
    send(&child, libc::SIGWINCH);
    let (status, rest) = finish(child, out);
    assert_eq!((status.code(), rest.as_str()), (Some(0), "timer\n"));
}

#[test]
fn a_closed_stdout_is_reopened_on_dev_null() {
    // Otherwise the next file (or an internal descriptor) opened would
    // become fd 1 and receive console output.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("opened.txt");
    let script = format!(
        "const fs = require('fs'); const fd = fs.openSync({:?}, 'w'); console.log('leak'); fs.writeSync(fd, String(fs.fstatSync(1).isCharacterDevice())); fs.closeSync(fd);",
        file.to_string_lossy()
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
    cmd.args(["-e", &script]).env_remove("NODE_OPTIONS").stderr(Stdio::piped());
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let out = cmd.output().expect("run nodus");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&file).expect("read the file");
    assert_eq!(written, "true", "fd 1 is /dev/null, not the file or an internal descriptor");
}
