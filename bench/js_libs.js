'use strict';

// Speed of the runtime's JavaScript libraries against node's own, measured
// side by side in one run of node (same engine, so the ratio is about the
// JavaScript itself): inspect, format, path, EventEmitter, Buffer, streams.
//
//   node --expose-internals bench/js_libs.js [rounds]
//
// Prints, per workload, the median time of ours and of node's over
// `rounds` interleaved rounds and the ratio ours/node (lower is better).

const path = require('path');
const { createLoader } = require(path.join(__dirname, '../tests/runtime/js/loader'));
const { corpus } = require(path.join(__dirname, '../tests/fixtures/runtime/support/inspect_corpus'));

const rounds = Number(process.argv[2] || 15);
const { load } = createLoader();
const ours = {
  util: load('util'), path: load('path'), events: load('events'), buffer: load('buffer'), stream: load('stream'),
};
const theirs = {
  util: require('util'), path: require('path'), events: require('events'), buffer: require('buffer'), stream: require('stream'),
};

const values = corpus().map(([, make]) => make());
const pathInputs = ['/a/b/../c', 'a//b/./c/', '../x', '/', '', 'C:\\x\\y', 'dir/file.tar.gz', '/usr/local/lib/node_modules/pkg/index.js'];

const workloads = {
  'util.inspect (corpus x 20)'(lib) {
    for (let i = 0; i < 20; i++) for (const v of values) lib.util.inspect(v);
  },
  'util.inspect colors+showHidden (corpus x 5)'(lib) {
    for (let i = 0; i < 5; i++) for (const v of values) lib.util.inspect(v, { colors: true, showHidden: true });
  },
  'util.format (20k calls)'(lib) {
    for (let i = 0; i < 20000; i++) lib.util.format('%s: %d items, %j %o', 'name', i, { a: i }, [i]);
  },
  'path.posix (50k calls)'(lib) {
    const p = lib.path.posix;
    for (let i = 0; i < 50000 / pathInputs.length; i++) {
      for (const s of pathInputs) {
        p.normalize(s); p.resolve('/base', s); p.join('a', s); p.relative('/a/b', s || '/'); p.parse(s); p.basename(s, '.js');
      }
    }
  },
  'path.win32 (20k calls)'(lib) {
    const p = lib.path.win32;
    for (let i = 0; i < 20000 / pathInputs.length; i++) {
      for (const s of pathInputs) { p.normalize(s); p.resolve('C:\\base', s); p.join('a', s); p.parse(s); }
    }
  },
  'EventEmitter emit (200k, 3 listeners)'(lib) {
    const e = new lib.events();
    let n = 0;
    e.on('x', () => n++); e.on('x', (a) => { n += a; }); e.once('y', () => {});
    e.on('x', () => {});
    for (let i = 0; i < 200000; i++) e.emit('x', 1);
    return n;
  },
  'EventEmitter on/off (50k)'(lib) {
    const e = new lib.events();
    const f = () => {};
    for (let i = 0; i < 50000; i++) { e.on('a', f); e.once('b', f); e.off('a', f); e.emit('b'); }
  },
  'Buffer from/toString utf8+hex+base64 (20k)'(lib) {
    const B = lib.buffer.Buffer;
    for (let i = 0; i < 20000; i++) {
      const b = B.from(`héllo wörld ${i}`);
      b.toString(); b.toString('hex'); B.from(b.toString('base64'), 'base64'); b.readUInt32LE(0);
    }
  },
  async 'stream pipeline 20k chunks'(lib) {
    const { Readable, Transform, Writable, pipeline } = lib.stream;
    let count = 0;
    await new Promise((resolve, reject) => pipeline(
      Readable.from((function* gen() { for (let i = 0; i < 20000; i++) yield i; })()),
      new Transform({ objectMode: true, transform(c, e, cb) { cb(null, c * 2); } }),
      new Writable({ objectMode: true, write(c, e, cb) { count++; cb(); } }),
      (err) => (err ? reject(err) : resolve())));
    return count;
  },
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

(async () => {
  console.log(`rounds: ${rounds} (interleaved; median ms)`);
  console.log(`${'workload'.padEnd(46)} ${'nodus js'.padStart(10)} ${'node'.padStart(10)} ${'ratio'.padStart(7)}`);
  for (const [name, run] of Object.entries(workloads)) {
    const t = { ours: [], theirs: [] };
    await run(ours);
    await run(theirs);
    for (let r = 0; r < rounds; r++) {
      for (const [key, lib] of r % 2 ? [['theirs', theirs], ['ours', ours]] : [['ours', ours], ['theirs', theirs]]) {
        const start = process.hrtime.bigint();
        await run(lib);
        t[key].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    const a = median(t.ours);
    const b = median(t.theirs);
    console.log(`${name.padEnd(46)} ${a.toFixed(1).padStart(10)} ${b.toFixed(1).padStart(10)} ${(a / b).toFixed(2).padStart(6)}x`);
  }
})();
