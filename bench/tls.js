'use strict';
// The workload of bench/tls.sh, run by each runtime: a tls.Server and its
// clients in this one process over 127.0.0.1, with the certificates in
// the folder given (made by bench/tls.sh). Phase 1: <handshakes> full
// handshakes one after another (connect, handshake, close). Phase 2: one
// connection sending <MiB> MiB in 64 KiB writes that the server counts.
// Prints one JSON line: wall and CPU milliseconds per phase.
const fs = require('fs');
const path = require('path');
const tls = require('tls');

const [dir, handshakes = '500', mib = '256'] = process.argv.slice(2);
const read = (name) => fs.readFileSync(path.join(dir, name));
const server = tls.createServer({ key: read('key.pem'), cert: read('cert.pem') }, (socket) => {
  let total = 0;
  socket.on('data', (chunk) => { total += chunk.length; });
  socket.on('end', () => socket.end(String(total)));
  socket.on('error', () => {});
});
const ca = read('cert.pem');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function handshakeOnce(port) {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost' }, () => socket.end());
    socket.on('error', reject);
    socket.on('close', resolve);
    socket.resume();
  });
}

function bulk(port, bytes) {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    let reply = '';
    const socket = tls.connect({ port, host: '127.0.0.1', ca, servername: 'localhost' }, function write() {
      while (sent < bytes) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', write);
          return;
        }
      }
      socket.end();
    });
    socket.setEncoding('utf8');
    socket.on('data', (d) => { reply += d; });
    socket.on('error', reject);
    socket.on('close', () => (Number(reply) === bytes ? resolve() : reject(new Error(`server counted ${reply}`))));
  });
}

server.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  let t = performance.now();
  let c = cpu();
  for (let i = 0; i < Number(handshakes); i++) await handshakeOnce(port);
  const hs = { wall: performance.now() - t, cpu: cpu() - c };
  t = performance.now();
  c = cpu();
  await bulk(port, Number(mib) * 1024 * 1024);
  const data = { wall: performance.now() - t, cpu: cpu() - c };
  console.log(JSON.stringify({ handshakes: Number(handshakes), mib: Number(mib), hs, data }));
  server.close();
});
