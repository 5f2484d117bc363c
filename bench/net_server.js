'use strict';
// The server side of bench/net.sh: a TCP echo server on 127.0.0.1 (port
// chosen by the system, printed on stdout). Each connection echoes what it
// reads and ends when the client ends. Exits when stdin closes.
const net = require('net');

const server = net.createServer((c) => {
  c.on('data', (d) => {
    if (!c.write(d)) {
      c.pause();
      c.once('drain', () => c.resume());
    }
  });
  c.on('end', () => c.end());
  c.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
