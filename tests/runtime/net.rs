//! node:net through the binary: many connections leave no fd behind, and
//! a paused socket stops reading at the kernel, so a fast peer blocks
//! instead of filling nodus's memory.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
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

/// Starts `script` under nodus; returns the process and its stdout lines.
fn start(script: &str) -> (Group, mpsc::Receiver<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nodus"));
    cmd.args(["-e", script])
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0);
    let mut group = Group(cmd.spawn().expect("start nodus"));
    let stdout = group.0.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (group, rx)
}

fn wait_exit(group: &mut Group, seconds: u64) -> Option<i32> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(status) = group.0.try_wait().expect("wait for nodus") {
            return status.code();
        }
        assert!(Instant::now() < deadline, "nodus did not end");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// 10,000 connections, 100 at a time, each echoing a few bytes and closed
/// by one side or the other (some reset): the count of open fds
/// (/proc/self/fd) is the same before and after.
const MANY: &str = r#"
const net = require('net');
const fs = require('fs');
const fds = () => fs.readdirSync('/proc/self/fd').length;
const start = fds();
const TOTAL = 10000;
const BATCH = 100;
let done = 0;
let errors = 0;
let peak = 0;
const server = net.createServer((c) => {
  c.on('data', (d) => c.write(d));
  c.on('end', () => c.end());
  c.on('error', () => errors++);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  let started = 0;
  function one() {
    const i = started++;
    const c = net.connect(port, '127.0.0.1');
    c.on('error', () => errors++);
    c.on('connect', () => c.write('ping ' + i));
    c.once('data', () => {
      if (i % 10 === 0) c.resetAndDestroy();
      else if (i % 3 === 0) c.destroy();
      else c.end();
    });
    c.resume();
    c.on('close', () => {
      done++;
      if (done % 1000 === 0) peak = Math.max(peak, fds());
      if (started < TOTAL) one();
      else if (done === TOTAL) finish();
    });
  }
  for (let i = 0; i < BATCH; i++) one();
});
function finish() {
  server.close(() => {
    // Let the server's last sockets close too.
    setTimeout(() => {
      console.log(JSON.stringify({ start, end: fds(), peak, done, errors: errors > 0 }));
    }, 200);
  });
}
"#;

#[test]
fn ten_thousand_connections_leave_no_fd_open() {
    let (mut group, lines) = start(MANY);
    let line = lines.recv_timeout(Duration::from_secs(240)).expect("nodus reports the fd counts");
    let report: serde_json::Value = serde_json::from_str(&line).expect("a JSON report");
    assert_eq!(report["done"], 10000, "every connection closed: {report}");
    assert!(
        report["peak"].as_u64().unwrap_or(0) > report["start"].as_u64().unwrap_or(0),
        "sockets were open: {report}"
    );
    assert_eq!(report["start"], report["end"], "open fds are back to where they started: {report}");
    assert_eq!(wait_exit(&mut group, 30), Some(0));
}

/// A server socket paused after its first chunk: its kernel buffer fills,
/// the peer's writes block, nodus's memory stays flat; after resume every
/// byte arrives in order.
const PAUSED: &str = r#"
const net = require('net');
let total = 0;
let bad = -1;
const server = net.createServer((c) => {
  c.once('data', (d) => {
    c.pause();
    check(d);
    console.log('paused');
    process.once('SIGUSR2', () => {
      c.on('data', check);
      c.resume();
    });
  });
  c.on('end', () => {
    console.log(JSON.stringify({ total, bad }));
    server.close();
  });
});
function check(d) {
  for (let i = 0; i < d.length; i++) {
    if (bad < 0 && d[i] !== (total + i) % 251) bad = total + i;
  }
  total += d.length;
}
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
"#;

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/<pid>/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmRSS in kB")
}

#[test]
fn a_paused_socket_stops_reading_and_the_peer_blocks() {
    const TOTAL: u64 = 200 * 1024 * 1024;
    let (mut group, lines) = start(PAUSED);
    let pid = group.0.id();
    let port: u16 = lines.recv_timeout(Duration::from_secs(30)).expect("the port").parse().expect("a port number");
    let mut peer = TcpStream::connect(("127.0.0.1", port)).expect("connect to nodus");
    let written = Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    let writer = std::thread::spawn(move || {
        let mut offset = 0u64;
        let mut chunk = vec![0u8; 64 * 1024];
        while offset < TOTAL {
            for (i, b) in chunk.iter_mut().enumerate() {
                *b = ((offset + i as u64) % 251) as u8;
            }
            peer.write_all(&chunk).expect("write to nodus");
            offset += chunk.len() as u64;
            counter.store(offset, Ordering::Relaxed);
        }
        // Dropping the stream sends FIN.
    });
    assert_eq!(lines.recv_timeout(Duration::from_secs(30)).expect("nodus pauses"), "paused");
    // Wait until the writer is stuck: nothing more is taken.
    let mut last = written.load(Ordering::Relaxed);
    let base = rss_kib(pid);
    let mut peak = base;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        std::thread::sleep(Duration::from_millis(300));
        peak = peak.max(rss_kib(pid));
        let now = written.load(Ordering::Relaxed);
        if now == last {
            break;
        }
        last = now;
        assert!(Instant::now() < deadline, "the writer never blocked: nodus kept reading a paused socket");
    }
    assert!(last < TOTAL / 4, "the writer blocked early (kernel buffers only): {last} bytes taken");
    assert!(peak <= base + 16 * 1024, "nodus's memory grew while paused: {base} KiB -> {peak} KiB");
    // SAFETY: signals our own child.
    assert_eq!(unsafe { libc::kill(pid as i32, libc::SIGUSR2) }, 0, "send SIGUSR2");
    let result = lines.recv_timeout(Duration::from_secs(120)).expect("nodus reports the data after resuming");
    writer.join().expect("the writer thread ends");
    assert_eq!(result, format!("{{\"total\":{TOTAL},\"bad\":-1}}"), "every byte arrives, in order, after resume");
    assert_eq!(wait_exit(&mut group, 10), Some(0));
}
