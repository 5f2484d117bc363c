'use strict';
// Web streams workloads, one line each: name<TAB>CPU milliseconds (user +
// system of this process, so other work on the machine counts less than
// in wall time). Run by bench/webstreams.sh under nodus and node.
const n = Number(process.argv[2] ?? 200000);

async function pipeChain() {
  let i = 0;
  const rs = new ReadableStream({ pull(c) { if (i++ < n) c.enqueue(i); else c.close(); } }, { highWaterMark: 16 });
  let sum = 0;
  await rs.pipeThrough(new TransformStream({ transform(x, c) { c.enqueue(x * 2); } }))
    .pipeTo(new WritableStream({ write(x) { sum += x; } }));
  return sum;
}

async function forAwait() {
  let i = 0;
  const rs = new ReadableStream({ pull(c) { if (i++ < n) c.enqueue(i); else c.close(); } }, { highWaterMark: 16 });
  let sum = 0;
  for await (const x of rs) sum += x;
  return sum;
}

async function byobReads() {
  let i = 0;
  const rs = new ReadableStream({
    type: 'bytes',
    pull(c) {
      if (i++ >= n) {
        c.close();
        c.byobRequest?.respond(0);
        return;
      }
      const view = c.byobRequest.view;
      view[0] = 1;
      c.byobRequest.respond(Math.min(view.byteLength, 1024));
    },
  });
  const reader = rs.getReader({ mode: 'byob' });
  let buffer = new Uint8Array(4096);
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read(buffer);
    if (done) break;
    total += value.byteLength;
    buffer = new Uint8Array(value.buffer);
  }
  return total;
}

async function gzipRoundTrip() {
  const chunk = new TextEncoder().encode('web streams '.repeat(1000));
  let i = 0;
  const rs = new ReadableStream({ pull(c) { if (i++ < n / 1000) c.enqueue(chunk); else c.close(); } });
  let total = 0;
  await rs.pipeThrough(new CompressionStream('gzip')).pipeThrough(new DecompressionStream('gzip'))
    .pipeTo(new WritableStream({ write(c) { total += c.byteLength; } }));
  return total;
}

(async () => {
  for (const [name, fn] of [['pipeThrough + pipeTo', pipeChain], ['for await', forAwait],
    ['BYOB reads', byobReads], ['gzip round trip', gzipRoundTrip]]) {
    const start = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(start);
    console.log(`${name}\t${((used.user + used.system) / 1000).toFixed(1)}`);
  }
})();
