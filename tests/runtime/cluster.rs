//! `node:cluster` with real processes: connections to the port two
//! workers share reach both of them (SO_REUSEPORT, the kernel spreading
//! connections by their addresses), and the workers exit by themselves
//! when their primary is killed, leaving no process behind.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A process started in a group of its own, killed with the whole group
/// (the primary and its workers) when the test ends, however.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        // SAFETY: signals the process group our child leads.
        unsafe { libc::killpg(self.0.id() as i32, libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

/// The primary: two workers answer each connection with their id; the
/// primary makes 40 connections, prints `answered <ids>` and `pids <pids>`
/// and then waits (its workers keep it alive).
const PRIMARY: &str = r#"
const cluster = require('cluster');
const net = require('net');
if (cluster.isWorker) {
  net.createServer((socket) => socket.end(String(cluster.worker.id))).listen(0, '127.0.0.1');
} else {
  const workers = [cluster.fork(), cluster.fork()];
  const ports = new Set();
  let listening = 0;
  cluster.on('listening', (worker, address) => {
    ports.add(address.port);
    if (++listening < 2) return;
    if (ports.size !== 1) { console.log('ports differ', [...ports]); process.exit(1); }
    const [port] = ports;
    const answered = new Set();
    let pending = 40;
    for (let i = 0; i < 40; i++) {
      let data = '';
      net.connect(port, '127.0.0.1').setEncoding('utf8')
        .on('data', (chunk) => { data += chunk; })
        .on('end', () => {
          answered.add(data);
          if (--pending > 0) return;
          console.log('answered', [...answered].sort().join(','));
          console.log('pids', workers.map((w) => w.process.pid).join(' '));
        });
    }
  });
}
"#;

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    unsafe { libc::kill(pid, 0) == 0 }
}

#[test]
fn workers_share_a_port_and_exit_with_their_primary() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("primary.js"), PRIMARY).expect("write primary.js");
    let mut command = Command::new(env!("CARGO_BIN_EXE_nodus"));
    command
        .arg(dir.path().join("primary.js"))
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .process_group(0);
    let mut group = Group(command.spawn().expect("start the primary"));
    let stdout = group.0.stdout.take().expect("piped");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let next = || received.recv_timeout(Duration::from_secs(30)).expect("a line from the primary in 30 s");

    // SO_REUSEPORT spreads connections by a hash of their addresses: with
    // 40 connections from different ports, both workers get some.
    assert_eq!(next(), "answered 1,2");
    let pids_line = next();
    let pids: Vec<i32> = pids_line
        .strip_prefix("pids ")
        .unwrap_or_else(|| panic!("not a pids line: {pids_line}"))
        .split(' ')
        .map(|pid| pid.parse().expect("a pid"))
        .collect();
    assert_eq!(pids.len(), 2);
    assert!(pids.iter().all(|&pid| alive(pid)), "workers {pids:?} run while the primary does");

    // Killed without a chance to disconnect: each worker sees its channel
    // close and exits (reaped by init once the primary is gone).
    // SAFETY: signals the primary only.
    unsafe { libc::kill(group.0.id() as i32, libc::SIGKILL) };
    let _ = group.0.wait();
    let deadline = Instant::now() + Duration::from_secs(15);
    while pids.iter().any(|&pid| alive(pid)) {
        assert!(Instant::now() < deadline, "workers {pids:?} still run 15 s after their primary was killed");
        std::thread::sleep(Duration::from_millis(20));
    }
}
