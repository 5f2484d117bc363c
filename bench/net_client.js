'use strict';
// The client side of bench/net.sh (always run by node, so both servers
// face the same client): `node net_client.js <port> <server pid> <MiB> <conns>`.
// 1. echo: one connection writes <MiB> MiB in 64 KiB writes (at most 4 MiB
//    in flight) and reads it all back;
// 2. accept: <conns> connections, 32 at a time, each connecting, writing 1
//    byte, reading it back and ending.
// Prints one JSON line: wall time and the server's CPU time (utime + stime
// from /proc/<pid>/stat) for each phase.
const net = require('net');
const fs = require('fs');

const [port, pid, mib, conns] = process.argv.slice(2).map(Number);
const HZ = 100; // USER_HZ on Linux.
const cpu = () => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / HZ) * 1000; // ms
};

function echo(done) {
  const chunk = Buffer.alloc(64 * 1024, 'e');
  const total = mib * 1024 * 1024;
  const window = 4 * 1024 * 1024;
  let sent = 0;
  let received = 0;
  const c = net.connect(port, '127.0.0.1');
  const cpu0 = cpu();
  const t0 = process.hrtime.bigint();
  function pump() {
    while (sent < total && sent - received < window) {
      sent += chunk.length;
      if (!c.write(chunk)) return;
    }
  }
  c.on('connect', pump);
  c.on('drain', pump);
  c.on('data', (d) => {
    received += d.length;
    if (received === total) {
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      const used = cpu() - cpu0;
      c.end();
      c.on('close', () => done({ wall, cpu: used }));
    } else {
      pump();
    }
  });
}

function accept(done) {
  let started = 0;
  let finished = 0;
  const cpu0 = cpu();
  const t0 = process.hrtime.bigint();
  function one() {
    started++;
    const c = net.connect(port, '127.0.0.1');
    c.on('connect', () => c.write('x'));
    c.on('data', () => c.end());
    c.on('error', (err) => {
      console.error('client error', err.message);
      process.exit(1);
    });
    c.on('close', () => {
      finished++;
      if (started < conns) one();
      else if (finished === conns) {
        const wall = Number(process.hrtime.bigint() - t0) / 1e6;
        done({ wall, cpu: cpu() - cpu0 });
      }
    });
  }
  for (let i = 0; i < 32 && i < conns; i++) one();
}

echo((e) => accept((a) => {
  console.log(JSON.stringify({ mib, conns, echo: e, accept: a }));
}));
