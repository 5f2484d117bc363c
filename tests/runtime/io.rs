//! Reading fds through the reactor: a paused stream stops reading at the
//! fd (readStop), so what a fast writer sends waits in the pipe and the
//! writer blocks, instead of piling up in nodus's memory.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A nodus started in a process group of its own, killed with the whole
/// group when the test ends (passed, failed or timed out).
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        // SAFETY: signals the process group our child leads.
        unsafe { libc::killpg(self.0.id() as i32, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// Resident memory of `pid` in KiB, from /proc.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/<pid>/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmRSS in kB")
}

/// Byte `i` of the stream the writer sends (a pattern the script checks).
fn pattern(i: u64) -> u8 {
    (i % 251) as u8
}

const TOTAL: u64 = 200 * 1024 * 1024;

/// The script: takes one chunk, pauses, says `paused`; on SIGUSR2 resumes
/// and checks every byte to the end, then prints the count.
const SCRIPT: &str = r#"
let offset = 0, bad = -1;
const keep = setInterval(() => {}, 1000);
function check(chunk) {
  for (let i = 0; i < chunk.length; i++, offset++) {
    if (bad < 0 && chunk[i] !== offset % 251) bad = offset;
  }
}
process.stdin.once('data', (chunk) => {
  check(chunk);
  process.stdin.pause();
  setTimeout(() => console.log('paused'), 100);
  process.on('SIGUSR2', () => {
    process.stdin.on('data', check);
    process.stdin.resume();
  });
});
process.stdin.on('end', () => {
  clearInterval(keep);
  console.log(JSON.stringify({ total: offset, bad }));
});
"#;

#[test]
fn a_paused_stdin_stops_reading_and_memory_stays_bounded() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
    cmd.args(["-e", SCRIPT])
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0);
    let mut group = Group(cmd.spawn().expect("start nodus"));
    let pid = group.0.id();
    let mut stdin = group.0.stdin.take().expect("stdin is piped");
    let stdout = group.0.stdout.take().expect("stdout is piped");

    // The writer: as fast as the pipe takes it.
    let written = Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    let writer = std::thread::spawn(move || {
        let block: Vec<u8> = (0..64 * 1024u64).map(pattern).collect();
        let mut sent = 0u64;
        while sent < TOTAL {
            // The pattern repeats every 251 bytes: start where `sent` is.
            let start = (sent % 251) as usize;
            let n = (block.len() - 251).min((TOTAL - sent) as usize);
            if stdin.write_all(&block[start..start + n]).is_err() {
                return;
            }
            sent += n as u64;
            counter.store(sent, Ordering::Relaxed);
        }
    });

    let (lines_tx, lines) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if lines_tx.send(line).is_err() {
                return;
            }
        }
    });

    let paused = lines.recv_timeout(Duration::from_secs(30)).expect("nodus says `paused`");
    assert_eq!(paused, "paused");
    // Paused: watch the writer and nodus's memory for a while.
    let base = rss_kib(pid);
    let written_at_pause = written.load(Ordering::Relaxed);
    let mut peak = base;
    let watch_until = Instant::now() + Duration::from_millis(1500);
    while Instant::now() < watch_until {
        peak = peak.max(rss_kib(pid));
        std::thread::sleep(Duration::from_millis(50));
    }
    let written_paused = written.load(Ordering::Relaxed);
    assert!(
        written_paused < 16 * 1024 * 1024,
        "a paused stdin is not read: the writer should block on a full pipe, but it wrote {written_paused} bytes"
    );
    assert!(
        written_paused - written_at_pause <= 1024 * 1024,
        "the writer went on while stdin was paused ({written_at_pause} -> {written_paused} bytes)"
    );
    assert!(peak <= base + 16 * 1024, "nodus's memory grew while paused: {base} KiB -> {peak} KiB");

    // SAFETY: signals our own child.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGUSR2) }, 0, "send SIGUSR2");
    let result = lines.recv_timeout(Duration::from_secs(60)).expect("nodus reports the data after resuming");
    writer.join().expect("the writer thread ends");
    assert_eq!(result, format!("{{\"total\":{TOTAL},\"bad\":-1}}"), "every byte arrives, in order, after resume");
    let deadline = Instant::now() + Duration::from_secs(10);
    while group.0.try_wait().expect("wait for nodus").is_none() {
        assert!(Instant::now() < deadline, "nodus did not end after stdin ended");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A child writing faster than its stdout is consumed: while the stream
/// is paused its pipe is not read, so the child blocks and nodus's memory
/// stays flat; after resuming, all the output arrives.
#[test]
fn a_paused_child_stdout_stops_reading() {
    const SCRIPT: &str = r#"
const { spawn } = require('child_process');
const fs = require('fs');
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'latin1'))[1]);
const child = spawn('head', ['-c', '104857600', '/dev/zero']);
let total = 0, before = 0, peak = 0;
child.stdout.once('data', (chunk) => {
  total += chunk.length;
  child.stdout.pause();
  before = rss();
  const sample = setInterval(() => { peak = Math.max(peak, rss()); }, 50);
  setTimeout(() => {
    clearInterval(sample);
    child.stdout.on('data', (c) => { total += c.length; });
    child.stdout.resume();
  }, 1500);
});
child.on('close', () => console.log(JSON.stringify({ total, grewKiB: peak - before })));
"#;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
    cmd.args(["-e", SCRIPT]).env_remove("NODE_OPTIONS").stdout(Stdio::piped()).process_group(0);
    let mut group = Group(cmd.spawn().expect("start nodus"));
    let stdout = group.0.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(60)).expect("nodus reports the child's output");
    let report: serde_json::Value = serde_json::from_str(line.trim()).expect("a JSON report");
    assert_eq!(report["total"], 104_857_600, "all of the child's output arrives after resume: {line}");
    let grew = report["grewKiB"].as_i64().expect("grewKiB is a number");
    assert!(grew < 16 * 1024, "nodus's memory grew by {grew} KiB while the child's stdout was paused");
}

/// Many handles, no threads: 1,000 `fs.watch` watchers (past the usual
/// limit of 128 inotify instances a user may have, so one instance must
/// serve them all) and 200 FIFOs read by `tty.ReadStream` leave the
/// thread count where it was, and each still gets its events.
#[test]
fn many_watchers_and_pipes_need_no_thread_each() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    const SCRIPT: &str = r#"
const fs = require('fs'), path = require('path'), tty = require('tty');
const { execFileSync } = require('child_process');
const dir = process.argv[1];
const threads = () => Number(/Threads:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'latin1'))[1]);
const before = threads();
const watchers = [], streams = [], fds = [];
let changes = 0, chunks = 0;
for (let i = 0; i < 1000; i++) {
  const file = path.join(dir, `f${i}`);
  fs.writeFileSync(file, '');
  watchers.push(fs.watch(file, (type, name) => { if (name === `f${i}`) changes++; }));
}
const fifos = Array.from({ length: 200 }, (_, i) => path.join(dir, `p${i}`));
execFileSync('mkfifo', fifos);
for (const fifo of fifos) {
  const fd = fs.openSync(fifo, 'r+');
  fds.push(fd);
  const stream = new tty.ReadStream(fd);
  stream.on('data', () => { chunks++; });
  streams.push(stream);
}
setTimeout(() => {
  const after = threads();
  fs.appendFileSync(path.join(dir, 'f0'), 'x');
  fs.appendFileSync(path.join(dir, 'f999'), 'x');
  fs.writeSync(fds[0], 'a');
  fs.writeSync(fds[199], 'b');
  setTimeout(() => {
    for (const w of watchers) w.close();
    for (const s of streams) s.destroy();
    console.log(JSON.stringify({ before, after, changes, chunks }));
  }, 300);
}, 300);
"#;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
    cmd.args(["-e", SCRIPT, dir.path().to_str().expect("a UTF-8 temporary path")])
        .env_remove("NODE_OPTIONS")
        .stdout(Stdio::piped())
        .process_group(0);
    let mut group = Group(cmd.spawn().expect("start nodus"));
    let stdout = group.0.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(60)).expect("nodus reports");
    let report: serde_json::Value = serde_json::from_str(line.trim()).expect("a JSON report");
    let (before, after) = (report["before"].as_i64().unwrap_or(-1), report["after"].as_i64().unwrap_or(-1));
    assert!(before > 0 && after <= before + 1, "1,200 handles must not add threads: {line}");
    assert!(report["changes"].as_i64().unwrap_or(0) >= 2, "the first and last watchers get their events: {line}");
    assert_eq!(report["chunks"], 2, "the first and last FIFOs deliver their data: {line}");
}
