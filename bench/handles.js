'use strict';
// The driver of bench/handles.sh: runs under nodus or node and prints one
// JSON line of what it measured.
//
//   <runtime> --expose-gc bench/handles.js <tmpdir> [handles] [hops]
//
// It opens idle handles of two kinds Node has too, half each: FIFOs in
// <tmpdir> opened read+write and read by a tty.ReadStream (a pipe handle
// waiting for data), and fs.watch watchers on files in <tmpdir>. With 10
// and then with <handles> open it records the thread count
// (/proc/self/status) and the resident memory; with 0, 10 and <handles>
// open, the CPU time of <hops> setImmediate hops (the cost of a loop
// turn, best of 9). Everything is closed at the end; the caller removes
// <tmpdir>.

const fs = require('fs');
const path = require('path');
const tty = require('tty');
const { execFileSync } = require('child_process');

const dir = process.argv[2];
const total = Number(process.argv[3] || 5000);
const hops = Number(process.argv[4] || 100000);
if (!dir) throw new Error('usage: handles.js <tmpdir> [handles] [hops]');

function status(key) {
  const line = fs.readFileSync('/proc/self/status', 'latin1').split('\n').find((l) => l.startsWith(`${key}:`));
  return Number(line.split(/\s+/)[1]);
}

function settle() {
  return new Promise((resolve) => setTimeout(resolve, 300));
}

function rssKiB() {
  if (typeof gc === 'function') {
    gc();
    gc();
  }
  return status('VmRSS');
}

// The CPU time (user + system, ms) of `hops` setImmediate hops: CPU time
// rather than wall time, so that other processes on a busy machine count
// less.
function hopTime() {
  return new Promise((resolve) => {
    let left = hops;
    const start = process.cpuUsage();
    function hop() {
      if (--left > 0) {
        setImmediate(hop);
        return;
      }
      const used = process.cpuUsage(start);
      resolve((used.user + used.system) / 1000);
    }
    setImmediate(hop);
  });
}

async function bestHopTime() {
  let best = Infinity;
  for (let i = 0; i < 9; i++) best = Math.min(best, await hopTime());
  return best;
}

const open = [];
let made = 0;

// Makes the FIFOs and files for `count` more handles in one process (not
// one mkfifo per handle) and opens them.
function openHandles(count) {
  const fifos = [];
  const files = [];
  for (let i = 0; i < count; i++) {
    const n = made++;
    if (n % 2 === 0) fifos.push(path.join(dir, `fifo-${n}`));
    else files.push(path.join(dir, `file-${n}`));
  }
  if (fifos.length > 0) execFileSync('mkfifo', fifos);
  for (const file of files) fs.writeFileSync(file, '');
  for (const fifo of fifos) {
    const fd = fs.openSync(fifo, 'r+');
    const stream = new tty.ReadStream(fd);
    stream.on('data', () => {});
    // Node's tty.ReadStream closes its fd when destroyed; nodus's leaves it.
    open.push(() => {
      stream.destroy();
      try {
        fs.closeSync(fd);
      } catch {}
    });
  }
  for (const file of files) {
    const watcher = fs.watch(file, () => {});
    open.push(() => watcher.close());
  }
}

async function main() {
  await bestHopTime(); // warm up
  const result = { runtime: process.release.name === 'node' && !process.versions.nodus ? `node ${process.version}` : `nodus ${process.version}` };
  result.hopsMs0 = await bestHopTime();
  openHandles(10);
  await settle();
  result.threads10 = status('Threads');
  const rss10 = rssKiB();
  result.hopsMs10 = await bestHopTime();
  openHandles(total - 10);
  await settle();
  result.threadsN = status('Threads');
  const rssN = rssKiB();
  result.bytesPerHandle = Math.round(((rssN - rss10) * 1024) / (total - 10));
  result.hopsMsN = await bestHopTime();
  result.handles = total;
  result.hops = hops;
  for (const close of open) close();
  console.log(JSON.stringify(result));
}

main();
