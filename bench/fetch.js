'use strict';
// fetch workloads against a node:net HTTP/1.1 responder in the same
// process on 127.0.0.1, one line each: name<TAB>CPU milliseconds (user +
// system of this process: client and responder together). Run by
// bench/fetch.sh under nodus and node. Each request closes its connection
// (the responder ends the socket), so neither runtime reuses connections.
const net = require('net');
const zlib = require('zlib');

const requests = Number(process.argv[2] ?? 500);
const big = Buffer.alloc(32 * 1024 * 1024, 'abcdefgh');
const small = Buffer.from('small body\n');
const gz = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 'compressible '));

const server = net.createServer((c) => {
  c.once('data', (d) => {
    const path = d.toString('latin1', 0, d.indexOf(' HTTP/')).split(' ')[1];
    const body = path === '/big' ? big : path === '/gzip' ? gz : small;
    const coding = path === '/gzip' ? 'Content-Encoding: gzip\r\n' : '';
    c.write(`HTTP/1.1 200 OK\r\n${coding}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    c.end(body);
  });
  c.on('error', () => {});
});

function cpuMs(start) {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

async function timed(name, fn) {
  const start = process.cpuUsage();
  const check = await fn();
  console.log(`${name}\t${cpuMs(start).toFixed(1)}\t${check}`);
}

server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  await timed(`${requests} small GETs`, async () => {
    let total = 0;
    for (let i = 0; i < requests; i++) total += (await (await fetch(`${base}/small`)).arrayBuffer()).byteLength;
    return total;
  });
  await timed('32 MiB body', async () => (await (await fetch(`${base}/big`)).arrayBuffer()).byteLength);
  await timed('gzip 4 MiB', async () => (await (await fetch(`${base}/gzip`)).arrayBuffer()).byteLength);
  server.close();
});
