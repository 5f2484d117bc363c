//! The REPL, end to end.
//!
//! Differential: every `tests/fixtures/runtime/repl/<case>.repl` is typed
//! into `nodus -i` through a pipe, and what it prints must equal what
//! `node -i` (the Node 24 oracle) printed for the same input, recorded in
//! `repl/expected/<case>.json` (stdout, stderr, exit code, and the files the
//! session wrote, such as `.save`'s). `tests/fixtures/runtime/record.sh`
//! re-records them (`NODUS_RECORD=1`); with the oracle installed (see
//! [`nodus_test_support::need_node_oracle`]),
//! [`recorded_repl_outputs_are_current`] checks they still match it.
//!
//! A case file is the input line by line, plus directives: `//@wait MS`
//! waits until the REPL has answered the lines so far (a prompt each), then
//! pauses the input for MS (so timers and awaited promises settle first); a
//! first line `//@env NAME=value` sets the environment. Each case runs in a
//! fresh temp dir holding the folder's `.js` files.
//!
//! Normalized alike for both runtimes: the banner's first line
//! (`Welcome to Node.js v24.22.3.` / `Welcome to Nodus v0.1.0.`), stack
//! frames inside the runtime itself (`at … (node:…)`), the temp dir, and
//! `(node:PID)` warning prefixes.
//!
//! The terminal: [`terminal`] drives `nodus` on a pseudo-terminal.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use nodus_test_support::Cmd;
use serde_json::{Value, json};

fn cases_dir() -> PathBuf {
    nodus_test_support::fixtures_dir().join("runtime").join("repl")
}

/// One REPL session to replay.
struct Case {
    name: String,
    steps: Vec<(Vec<u8>, Duration)>,
    env: Vec<(String, String)>,
}

fn cases() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/fixtures/runtime/repl exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "repl"))
        .collect();
    files.sort();
    files.iter().map(|file| parse_case(file)).collect()
}

fn parse_case(file: &Path) -> Case {
    let text = std::fs::read_to_string(file).expect("read case");
    let mut steps = Vec::new();
    let mut env = Vec::new();
    let mut chunk = String::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(ms) = line.strip_prefix("//@wait ") {
            let ms: u64 = ms.trim().parse().expect("//@wait takes milliseconds");
            steps.push((std::mem::take(&mut chunk).into_bytes(), Duration::from_millis(ms)));
        } else if let Some(setting) = line.strip_prefix("//@env ").filter(|_| i == 0) {
            let (k, v) = setting.split_once('=').expect("//@env NAME=value");
            env.push((k.trim().to_owned(), v.trim().to_owned()));
        } else {
            chunk.push_str(line);
            chunk.push('\n');
        }
    }
    if !chunk.is_empty() {
        steps.push((chunk.into_bytes(), Duration::ZERO));
    }
    Case { name: file.file_stem().expect("name").to_string_lossy().into_owned(), steps, env }
}

/// What a session printed, normalized, and the files it wrote.
#[derive(Debug, PartialEq)]
struct Session {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    files: Value,
}

impl Session {
    fn to_json(&self) -> Value {
        json!({ "code": self.code, "stdout": self.stdout, "stderr": self.stderr, "files": self.files })
    }

    fn from_json(value: &Value) -> Session {
        Session {
            code: value["code"].as_i64().map(|c| c as i32),
            stdout: value["stdout"].as_str().unwrap_or_default().to_owned(),
            stderr: value["stderr"].as_str().unwrap_or_default().to_owned(),
            files: value["files"].clone(),
        }
    }
}

fn run_session(program: &OsStr, case: &Case) -> Session {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut support = Vec::new();
    for entry in std::fs::read_dir(cases_dir()).expect("cases dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "js") {
            let name = path.file_name().expect("name").to_owned();
            std::fs::copy(&path, dir.path().join(&name)).expect("copy support file");
            support.push(name);
        }
    }
    let out = run_paced(program, dir.path(), &case.env, &case.steps);
    let real = dir.path().canonicalize().expect("temp dir path");
    let mut files = serde_json::Map::new();
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("temp dir")
        .map(|e| e.expect("entry").file_name())
        .filter(|name| !support.contains(name))
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(dir.path().join(&name)).unwrap_or_default();
        files.insert(name.to_string_lossy().into_owned(), Value::String(text));
    }
    Session {
        code: out.code,
        stdout: normalize(&out.stdout, &real),
        stderr: normalize(&out.stderr, &real),
        files: Value::Object(files),
    }
}

/// What a paced session printed.
struct Printed {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `program -i` in `dir`, typing each step's lines, then waiting until
/// the REPL has answered every line so far (one prompt per line), then
/// pausing for the step's time: output does not depend on how fast the
/// machine is.
fn run_paced(program: &OsStr, dir: &Path, env: &[(String, String)], steps: &[(Vec<u8>, Duration)]) -> Printed {
    use std::io::{Read as _, Write as _};
    use std::sync::{Arc, Mutex};
    let mut cmd = Command::new(program);
    cmd.arg("-i")
        .current_dir(dir)
        .env_remove("NODE_OPTIONS")
        .env_remove("NODE_REPL_MODE")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", program.to_string_lossy()));
    let stdout = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let stdout = stdout.clone();
        let mut pipe = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                stdout.lock().expect("stdout buffer").extend_from_slice(&buf[..n]);
            }
        })
    };
    let errors = {
        let mut pipe = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            text
        })
    };
    let prompts = |text: &[u8]| {
        let text = String::from_utf8_lossy(text);
        text.matches("> ").count() + text.matches("| ").count()
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut lines = 0;
    for (chunk, pause) in steps {
        if stdin.write_all(chunk).and_then(|()| stdin.flush()).is_err() {
            break;
        }
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
        if !pause.is_zero() {
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            while prompts(&stdout.lock().expect("stdout buffer")) < lines + 1 && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            std::thread::sleep(*pause);
        }
    }
    drop(stdin);
    let status = child.wait().expect("wait for the REPL");
    reader.join().expect("stdout reader");
    let stderr = errors.join().expect("stderr reader");
    let stdout = stdout.lock().expect("stdout buffer").clone();
    Printed {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// The normalizations listed in the module docs.
fn normalize(text: &str, dir: &Path) -> String {
    let text = text.replace(&dir.to_string_lossy().into_owned(), "<dir>");
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i == 0 && line.starts_with("Welcome to ") {
            out.push("Welcome to <runtime>.".to_owned());
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("at ") && (trimmed.contains("(node:") || trimmed.starts_with("at node:")) {
            // A runtime-internal frame; keep the `{` that may close its line.
            if line.ends_with(" {") {
                if let Some(last) = out.last_mut() {
                    last.push_str(" {");
                }
            }
            continue;
        }
        let mut line = line.to_owned();
        for runtime in ["node", "nodus"] {
            line = line.replace(&format!("`{runtime} --"), "`<runtime> --");
            let prefix = format!("({runtime}:");
            if let Some(start) = line.find(&prefix) {
                let digits = line[start + prefix.len()..].chars().take_while(char::is_ascii_digit).count();
                if digits > 0 {
                    line.replace_range(start..start + prefix.len() + digits, "(<runtime>:<pid>");
                }
            }
        }
        out.push(line);
    }
    out.join("\n")
}

fn expected_path(case: &Case) -> PathBuf {
    cases_dir().join("expected").join(format!("{}.json", case.name))
}

fn report(name: &str, expected: &Session, actual: &Session, who: &str) -> String {
    let mut text = format!("--- {name}: {who} differs from the recorded node session\n");
    if expected.code != actual.code {
        text.push_str(&format!("exit code: expected {:?}, got {:?}\n", expected.code, actual.code));
    }
    for (what, e, a) in [("stdout", &expected.stdout, &actual.stdout), ("stderr", &expected.stderr, &actual.stderr)] {
        if e != a {
            text.push_str(&format!("{what} expected:\n{e}\n{what} got:\n{a}\n"));
        }
    }
    if expected.files != actual.files {
        text.push_str(&format!("files expected: {}\nfiles got: {}\n", expected.files, actual.files));
    }
    text
}

#[test]
fn sessions_match_node() {
    let record = std::env::var_os("NODUS_RECORD").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        let path = expected_path(case);
        if record {
            let node = nodus_test_support::node_oracle()
                .expect("NODUS_RECORD needs the Node 24 oracle: run bench/peers.sh node or set NODUS_NODE_ORACLE");
            let session = run_session(node.as_os_str(), case);
            let text = serde_json::to_string_pretty(&session.to_json()).expect("json") + "\n";
            std::fs::write(&path, text).expect("write expected session");
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!(
                "--- {}: nothing recorded at {} (run tests/fixtures/runtime/record.sh)",
                case.name,
                path.display()
            ));
            continue;
        };
        let expected = Session::from_json(&serde_json::from_str(&text).expect("recorded session is JSON"));
        let actual = run_session(OsStr::new(env!("CARGO_BIN_EXE_nodus")), case);
        if actual != expected {
            failures.push(report(&case.name, &expected, &actual, "nodus"));
        }
    }
    assert!(cases.len() >= 7, "expected the REPL cases, found {}", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} REPL sessions differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn recorded_repl_outputs_are_current() {
    let Some(node) = nodus_test_support::need_node_oracle("recorded_repl_outputs_are_current") else { return };
    let mut stale = Vec::new();
    for case in cases() {
        let Ok(text) = std::fs::read_to_string(expected_path(&case)) else { continue };
        let expected = Session::from_json(&serde_json::from_str(&text).expect("recorded session is JSON"));
        let actual = run_session(node.as_os_str(), &case);
        if actual != expected {
            stale.push(report(&case.name, &expected, &actual, "node"));
        }
    }
    assert!(
        stale.is_empty(),
        "recorded REPL sessions are stale, run tests/fixtures/runtime/record.sh:\n{}",
        stale.join("\n")
    );
}

#[test]
fn banner_names_nodus_and_its_version() {
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg("-i").stdin("").run_ok();
    assert_eq!(
        out.stdout,
        format!("Welcome to Nodus v{}.\nType \".help\" for more information.\n> ", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn without_a_terminal_or_i_stdin_is_a_script() {
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).stdin("console.log(6 * 7)").run_ok();
    assert_eq!(out.stdout, "42\n");
}

#[test]
fn eval_with_i_runs_in_the_repl_context() {
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus"))
        .args(["-i", "-e", "var fromEval = 5; console.log('ran')"])
        .stdin("fromEval * 2\n")
        .run_ok();
    assert_eq!(out.stdout_lines()[2..], ["> ran", "10", "> "]);
}

#[test]
fn exit_code_and_process_exit_are_kept() {
    Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg("-i").stdin("process.exitCode = 3\n").run_code(3);
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg("-i").stdin("process.exit(4)\n'never'\n").run_code(4);
    assert!(!out.stdout.contains("never"), "{out}");
}

#[test]
fn repl_start_over_streams() {
    let script = r#"
const repl = require('repl');
const { PassThrough } = require('stream');
const input = new PassThrough();
const output = new PassThrough();
let text = '';
output.on('data', (chunk) => { text += chunk; });
const server = repl.start({ prompt: 'js> ', input, output, terminal: false });
server.context.answer = 42;
server.defineCommand('hello', { help: 'Say hello', action(name) { this.output.write(`hi ${name}\n`); this.displayPrompt(); } });
server.on('exit', () => { console.log(JSON.stringify(text)); });
input.end('answer + 1\n.hello you\nconst q = 1; q + answer\n.exit\n');
"#;
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).args(["-e", script]).run_ok();
    assert_eq!(out.stdout, "\"js> 43\\njs> hi you\\njs> 43\\njs> \"\n");
}

/// `nodus` on a pseudo-terminal: the rustyline path (editing, history,
/// Ctrl+C, Ctrl+D, Tab, output while a line is edited).
mod terminal {
    use std::io::{Read as _, Write as _};
    use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
    use std::os::unix::process::CommandExt as _;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// How long an expected text may take to show up.
    const PATIENCE: Duration = Duration::from_secs(20);

    struct Terminal {
        master: std::fs::File,
        child: Child,
        raw: Vec<u8>,
        /// How much of the plain text the expectations have consumed.
        seen: usize,
    }

    impl Terminal {
        /// Starts `nodus` with its history in `home`.
        fn start(home: &Path, env: &[(&str, &str)]) -> Terminal {
            let mut master = -1;
            let mut slave = -1;
            let size = libc::winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };
            // SAFETY: openpty fills two fds; the size outlives the call.
            let rc = unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
            assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
            // SAFETY: both fds were just opened and are owned here.
            let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
            cmd.current_dir(home)
                .env("HOME", home)
                .env("TERM", "xterm")
                .env("NO_COLOR", "1")
                .env_remove("NODE_REPL_HISTORY")
                .env_remove("NODE_OPTIONS")
                .stdin(Stdio::from(slave.try_clone().expect("dup pty")))
                .stdout(Stdio::from(slave.try_clone().expect("dup pty")))
                .stderr(Stdio::from(slave));
            for (k, v) in env {
                cmd.env(k, v);
            }
            // SAFETY: only async-signal-safe calls between fork and exec: a new
            // session whose controlling terminal is the pty (so Ctrl+C signals).
            unsafe {
                cmd.pre_exec(|| {
                    if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            let child = cmd.spawn().expect("start nodus on a pty");
            let fd = master.as_raw_fd();
            // SAFETY: makes our own fd non-blocking.
            unsafe { libc::fcntl(fd, libc::F_SETFL, libc::fcntl(fd, libc::F_GETFL) | libc::O_NONBLOCK) };
            Terminal { master: std::fs::File::from(master), child, raw: Vec::new(), seen: 0 }
        }

        fn send(&mut self, keys: &str) {
            self.master.write_all(keys.as_bytes()).expect("write to the pty");
        }

        /// What the terminal showed, without escape sequences and `\r`.
        fn plain(&self) -> String {
            strip_ansi(&String::from_utf8_lossy(&self.raw))
        }

        fn pump(&mut self) -> bool {
            let mut buf = [0u8; 4096];
            match self.master.read(&mut buf) {
                Ok(0) => false,
                Ok(n) => {
                    self.raw.extend_from_slice(&buf[..n]);
                    true
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(10));
                    true
                }
                // EIO: the child closed the terminal.
                Err(_) => false,
            }
        }

        /// Waits until `text` shows up after what earlier expectations saw.
        fn expect(&mut self, text: &str) {
            let deadline = Instant::now() + PATIENCE;
            loop {
                let plain = self.plain();
                if let Some(at) = plain[self.seen.min(plain.len())..].find(text) {
                    self.seen += at + text.len();
                    return;
                }
                if Instant::now() > deadline || !self.pump() {
                    let _ = self.child.kill();
                    panic!("the terminal never showed {text:?}; it showed:\n{plain}");
                }
            }
        }

        /// Waits for the process to end; its exit code.
        fn exit_code(&mut self) -> Option<i32> {
            let deadline = Instant::now() + PATIENCE;
            loop {
                if let Some(status) = self.child.try_wait().expect("wait for nodus") {
                    return status.code();
                }
                if Instant::now() > deadline {
                    let _ = self.child.kill();
                    panic!("nodus did not exit; the terminal showed:\n{}", self.plain());
                }
                self.pump();
            }
        }
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\x1b' => match chars.next() {
                    Some('[') => {
                        while let Some(&d) = chars.peek() {
                            chars.next();
                            if ('@'..='~').contains(&d) {
                                break;
                            }
                        }
                    }
                    Some(']') => {
                        for d in chars.by_ref() {
                            if d == '\x07' {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn evaluates_lines_and_continues_unfinished_input() {
        let home = tempfile::tempdir().expect("temp dir");
        let mut t = Terminal::start(home.path(), &[]);
        t.expect("Welcome to Nodus");
        t.expect("> ");
        t.send("1 + 1\r");
        t.expect("2\n");
        t.send("function f() {\r");
        t.expect("| ");
        t.send("return 42\r}\r");
        t.expect("undefined");
        t.send("f()\r");
        t.expect("42");
        t.send("throw new Error('boom')\r");
        t.expect("Uncaught Error: boom");
        t.send(".exit\r");
        assert_eq!(t.exit_code(), Some(0));
    }

    #[test]
    fn history_is_kept_in_nodes_format_and_recalled() {
        let home = tempfile::tempdir().expect("temp dir");
        let mut t = Terminal::start(home.path(), &[]);
        t.expect("> ");
        t.send("'first entry'\r");
        t.expect("'first entry'");
        t.send("   \r");
        t.expect("undefined");
        t.send("6 * 7\r");
        t.expect("42");
        t.send("6 * 7\r");
        t.expect("42");
        t.send(".exit\r");
        assert_eq!(t.exit_code(), Some(0));
        let file = home.path().join(".nodus_repl_history");
        let text = std::fs::read_to_string(&file).expect("history file");
        // Newest first; blank lines and repeats of the previous line are not kept.
        assert_eq!(text, ".exit\n6 * 7\n'first entry'");
        let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&file).expect("stat").permissions());
        assert_eq!(mode & 0o777, 0o600);

        // A new session recalls it with the Up arrow.
        let mut t = Terminal::start(home.path(), &[]);
        t.expect("> ");
        t.send("\x1b[A\x1b[A\r");
        t.expect("42");
        t.send("\x04");
        assert_eq!(t.exit_code(), Some(0));

        // NODE_REPL_HISTORY names the file; empty turns history off.
        let other = home.path().join("other_history");
        let mut t = Terminal::start(home.path(), &[("NODE_REPL_HISTORY", other.to_str().expect("utf-8 path"))]);
        t.expect("> ");
        t.send("'elsewhere'\r");
        t.expect("'elsewhere'");
        t.send("\x04");
        assert_eq!(t.exit_code(), Some(0));
        assert_eq!(std::fs::read_to_string(&other).expect("named history file"), "'elsewhere'");
        let mut t = Terminal::start(home.path(), &[("NODE_REPL_HISTORY", "")]);
        t.expect("> ");
        t.send("'nowhere'\r");
        t.expect("'nowhere'");
        t.send("\x04");
        assert_eq!(t.exit_code(), Some(0));
        assert!(!std::fs::read_to_string(&file).expect("history file").contains("nowhere"));
    }

    #[test]
    fn ctrl_c_clears_the_line_then_asks_then_exits() {
        let home = tempfile::tempdir().expect("temp dir");
        let mut t = Terminal::start(home.path(), &[("NODE_REPL_HISTORY", "")]);
        t.expect("> ");
        t.send("if (true) {\r");
        t.expect("| ");
        // Ctrl+C drops the unfinished input without the exit hint.
        t.send("\x03");
        t.expect("> ");
        t.send("'still here'\r");
        t.expect("'still here'");
        t.send("\x03");
        t.expect("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
        t.send("\x03");
        assert_eq!(t.exit_code(), Some(0));
        assert_eq!(t.plain().matches("(To exit").count(), 1, "{}", t.plain());
    }

    #[test]
    fn ctrl_c_stops_running_code_and_an_await() {
        let home = tempfile::tempdir().expect("temp dir");
        let mut t = Terminal::start(home.path(), &[("NODE_REPL_HISTORY", "")]);
        t.expect("> ");
        t.send("while (true) {}\r");
        std::thread::sleep(Duration::from_millis(300));
        t.send("\x03");
        t.expect("Uncaught Error: Script execution was interrupted by `SIGINT`");
        t.send("await new Promise(() => {})\r");
        std::thread::sleep(Duration::from_millis(300));
        t.send("\x03");
        t.expect("Script execution was interrupted by `SIGINT`");
        t.send("'alive'\r");
        t.expect("'alive'");
        t.send(".exit\r");
        assert_eq!(t.exit_code(), Some(0));
    }

    #[test]
    fn tab_completes_members_and_output_keeps_the_line() {
        let home = tempfile::tempdir().expect("temp dir");
        let mut t = Terminal::start(home.path(), &[("NODE_REPL_HISTORY", "")]);
        t.expect("> ");
        t.send("let myLongName = 5\r");
        t.expect("undefined");
        t.send("Math.ma\t");
        t.expect("Math.max");
        t.send("(1, 9)\r");
        t.expect("9");
        t.send("myLo\t\r");
        t.expect("5");
        // Output from a timer while a line is typed shows above it.
        t.send("setTimeout(() => console.log('from the timer'), 200); 0\r");
        t.expect("0\n");
        t.send("'typed");
        t.expect("from the timer");
        t.send(" meanwhile'\r");
        t.expect("'typed meanwhile'");
        t.send(".editor\r");
        t.expect("// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)");
        t.send("const inEditor = 2\rinEditor * 21\x04");
        t.expect("42");
        t.send("\x04");
        assert_eq!(t.exit_code(), Some(0));
    }
}
