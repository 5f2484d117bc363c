'use strict';

// node:stream: behavioural scenarios (event order, backpressure, errors,
// destroy, pipe/pipeline/finished, async iteration) run against our
// streams and node's; the logs must match.

const util = require('util');

function fmt(v) {
  if (v instanceof Error) return `${v.name}|${v.code}|${v.message}`;
  if (v instanceof Uint8Array && v.constructor.name === 'Buffer') return `<Buffer ${Buffer.from(v).toString()}>`;
  return util.inspect(v, { depth: 2, breakLength: Infinity });
}

const tick = () => new Promise((r) => setImmediate(r));
const settle = async () => { for (let i = 0; i < 5; i++) await tick(); };

function watch(stream, log, name, events = ['readable', 'data', 'end', 'finish', 'prefinish', 'close', 'error', 'drain', 'pause', 'resume', 'pipe', 'unpipe']) {
  for (const ev of events) {
    stream.on(ev, (...args) => {
      if (ev === 'readable') return log(`${name} readable`);
      log(`${name} ${ev}`, ...args.map((a) => (a && typeof a === 'object' && a._readableState ? '<stream>' : a)));
    });
  }
}

const scenarios = {
  async readableFlowing(S, log) {
    const r = new S.Readable({ read() {} });
    watch(r, log, 'r', ['data', 'end', 'close', 'pause', 'resume']);
    r.push('a');
    r.push('b');
    r.push(null);
    await settle();
    log('flowing', r.readableFlowing, 'ended', r.readableEnded, 'destroyed', r.destroyed);
  },
  async readablePaused(S, log) {
    const chunks = ['x', 'yy', 'zzz'];
    const r = new S.Readable({
      read() { log('_read called'); this.push(chunks.length ? chunks.shift() : null); },
    });
    r.on('readable', () => {
      let c;
      log('readable', r.readableLength);
      while ((c = r.read()) !== null) log('read', c);
    });
    r.on('end', () => log('end'));
    r.on('close', () => log('close'));
    await settle();
  },
  async readableReadSizes(S, log) {
    const r = new S.Readable({ read() {}, highWaterMark: 4 });
    log('push', r.push('abcdef'), r.readableLength);
    log('read(2)', r.read(2), 'len', r.readableLength);
    log('read(10)', r.read(10));
    r.push('gh');
    r.push(null);
    log('read(10) after end', r.read(10));
    log('read()', r.read());
    r.on('end', () => log('end'));
    r.resume();
    await settle();
  },
  async objectMode(S, log) {
    const r = new S.Readable({ objectMode: true, read() {} });
    log('hwm', r.readableHighWaterMark, r.readableObjectMode);
    r.push({ a: 1 });
    r.push(0);
    r.push('');
    r.push(null);
    const got = [];
    for await (const x of r) got.push(x);
    log('got', got);
  },
  async setEncoding(S, log, Buffer) {
    const r = new S.Readable({ read() {} });
    r.setEncoding('utf8');
    const euro = Buffer.from('€');
    r.push(euro.subarray(0, 1));
    r.push(euro.subarray(1));
    r.push(null);
    r.on('data', (d) => log('data', typeof d, d));
    r.on('end', () => log('end', r.readableEncoding));
    await settle();
  },
  async writableBackpressure(S, log) {
    const w = new S.Writable({
      highWaterMark: 3,
      write(chunk, enc, cb) { log('_write', chunk.toString(), enc); setImmediate(cb); },
    });
    watch(w, log, 'w', ['drain', 'finish', 'prefinish', 'close', 'error']);
    log('write a', w.write('a'), w.writableLength);
    log('write bb', w.write('bb'), w.writableLength, w.writableNeedDrain);
    log('write c', w.write('c', () => log('cb c')));
    w.end('d', () => log('end cb'));
    log('ended', w.writableEnded, 'finished', w.writableFinished);
    await settle();
    log('finished', w.writableFinished, 'destroyed', w.destroyed);
  },
  async writableSyncCallbacks(S, log) {
    const w = new S.Writable({ write(c, e, cb) { log('_write', c.toString()); cb(); } });
    watch(w, log, 'w', ['drain', 'finish', 'close']);
    w.write('1', (...a) => log('cb1', a));
    w.write('2', () => log('cb2'));
    process.nextTick(() => log('nextTick'));
    w.end();
    await settle();
  },
  async writevAndCork(S, log) {
    const w = new S.Writable({
      write(c, e, cb) { log('_write', c.toString()); cb(); },
      writev(chunks, cb) { log('_writev', chunks.map((c) => c.chunk.toString())); cb(); },
    });
    w.cork();
    w.write('a');
    w.write('b');
    log('corked', w.writableCorked, w.writableLength);
    process.nextTick(() => w.uncork());
    await settle();
    w.write('c');
    w.write('d');
    w.end();
    await settle();
  },
  async finalAndDestroyOrder(S, log) {
    const w = new S.Writable({
      write(c, e, cb) { cb(); },
      final(cb) { log('_final'); setImmediate(cb); },
      destroy(err, cb) { log('_destroy', err); cb(err); },
    });
    watch(w, log, 'w', ['prefinish', 'finish', 'close']);
    w.end('x');
    await settle();
  },
  async writeErrors(S, log) {
    const w = new S.Writable({ write(c, e, cb) { cb(new Error('write failed')); } });
    watch(w, log, 'w', ['error', 'close', 'finish']);
    w.write('x', (err) => log('cb', err));
    await settle();
    log('destroyed', w.destroyed, 'errored', w.errored);
    const w2 = new S.Writable({ write(c, e, cb) { cb(); } });
    w2.on('error', (e) => log('w2 error', e));
    w2.end();
    w2.write('late', (err) => log('late cb', err));
    await settle();
    const w3 = new S.Writable({ write(c, e, cb) { cb(); } });
    for (const bad of [null, 5, {}]) {
      try { w3.write(bad); } catch (e) { log('w3 throws', e); }
    }
    const w4 = new S.Writable({ write(c, e, cb) { cb(); } });
    w4.on('error', (e) => log('w4 error', e));
    w4.destroy();
    w4.write('x', (err) => log('w4 cb', err));
    w4.end((err) => log('w4 end cb', err));
    await settle();
  },
  async destroyWithError(S, log) {
    const r = new S.Readable({ read() {} });
    watch(r, log, 'r', ['error', 'close', 'end']);
    r.destroy(new Error('boom'));
    r.destroy(new Error('second'));
    log('destroyed', r.destroyed, 'errored', r.errored);
    await settle();
    const d = new S.Duplex({ read() {}, write(c, e, cb) { cb(); } });
    watch(d, log, 'd', ['error', 'close', 'end', 'finish']);
    d.destroy();
    await settle();
    log('d destroyed', d.destroyed, d.readableAborted, d.writableAborted);
    const noClose = new S.Readable({ read() {}, emitClose: false });
    noClose.on('close', () => log('noClose close (unexpected)'));
    noClose.destroy();
    await settle();
    log('noClose closed', noClose.closed);
  },
  async pushAfterEof(S, log) {
    const r = new S.Readable({ read() {} });
    r.on('error', (e) => log('error', e));
    r.push(null);
    r.push('x');
    await settle();
    const r2 = new S.Readable({ read() {} });
    r2.on('error', (e) => log('r2 error', e));
    r2.push(42);
    await settle();
    const r3 = new S.Readable({ read() {} });
    r3.push(null);
    r3.resume();
    r3.on('end', () => { try { r3.unshift('x'); } catch (e) { log('unshift threw', e); } });
    r3.on('error', (e) => log('r3 error', e));
    await settle();
  },
  async unimplemented(S, log) {
    const r = new S.Readable();
    r.on('error', (e) => log('read error', e));
    r.resume();
    const w = new S.Writable();
    w.on('error', (e) => log('write error', e));
    try { w.write('x'); } catch (e) { log('write threw', e); }
    await settle();
  },
  async transformAndFlush(S, log) {
    const t = new S.Transform({
      transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
      flush(cb) { this.push('!'); cb(null, '?'); },
    });
    watch(t, log, 't', ['data', 'end', 'finish', 'prefinish', 'close']);
    t.write('ab');
    t.write('cd');
    t.end('e');
    await settle();
  },
  async transformObjectAndError(S, log) {
    const t = new S.Transform({
      objectMode: true,
      transform(obj, enc, cb) { if (obj.bad) cb(new Error('bad obj')); else cb(null, { ...obj, seen: true }); },
    });
    watch(t, log, 't', ['data', 'error', 'close', 'end', 'finish']);
    t.write({ n: 1 });
    t.write({ bad: true });
    t.write({ n: 2 }, (err) => log('cb after error', err));
    await settle();
  },
  async passThroughHighWaterMark(S, log) {
    const p = new S.PassThrough({ highWaterMark: 2 });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(p.write(String(i)));
    log('writes', results, p.readableLength, p.writableLength);
    p.on('data', (d) => log('data', d.toString()));
    p.end();
    await settle();
  },
  async duplexHalfOpen(S, log) {
    const d = new S.Duplex({
      allowHalfOpen: false,
      read() {},
      write(c, e, cb) { log('write', c.toString()); cb(); },
    });
    watch(d, log, 'd', ['end', 'finish', 'close']);
    d.push('x');
    d.push(null);
    d.resume();
    await settle();
    log('writable', d.writable, 'ended', d.writableEnded);
    const d2 = new S.Duplex({ read() {}, write(c, e, cb) { cb(); } });
    watch(d2, log, 'd2', ['end', 'finish', 'close']);
    d2.push(null);
    d2.resume();
    await settle();
    log('d2 writable', d2.writable, d2.allowHalfOpen);
    d2.end();
    await settle();
    log('instanceof', d instanceof S.Writable, d instanceof S.Readable, new S.Transform() instanceof S.Duplex);
  },
  async pipeBackpressure(S, log) {
    const src = new S.Readable({ read() {}, highWaterMark: 2 });
    const dst = new S.Writable({
      highWaterMark: 2,
      write(c, e, cb) { log('dst write', c.toString()); setImmediate(cb); },
    });
    watch(src, log, 'src', ['pause', 'resume', 'end', 'close']);
    watch(dst, log, 'dst', ['pipe', 'unpipe', 'drain', 'finish', 'close']);
    src.pipe(dst);
    for (const c of ['aa', 'bb', 'cc', 'dd']) src.push(c);
    src.push(null);
    await settle();
    await settle();
  },
  async pipeUnpipe(S, log) {
    const src = new S.Readable({ read() {} });
    const a = new S.Writable({ write(c, e, cb) { log('a', c.toString()); cb(); } });
    const b = new S.Writable({ write(c, e, cb) { log('b', c.toString()); cb(); } });
    src.pipe(a);
    src.pipe(b);
    src.push('1');
    await settle();
    src.unpipe(a);
    src.push('2');
    await settle();
    src.unpipe();
    log('flowing after unpipe', src.readableFlowing);
    src.push(null);
    await settle();
  },
  async pipeline(S, log) {
    const src = S.Readable.from(['a', 'b', 'c']);
    const upper = new S.Transform({ transform(c, e, cb) { cb(null, c.toString().toUpperCase()); } });
    const out = [];
    const dst = new S.Writable({ write(c, e, cb) { out.push(c.toString()); cb(); } });
    await new Promise((resolve) => S.pipeline(src, upper, dst, (err) => { log('done', err, out); resolve(); }));
    const bad = new S.Readable({ read() { this.destroy(new Error('source broke')); } });
    const sink = new S.Writable({ write(c, e, cb) { cb(); } });
    sink.on('close', () => log('sink closed', sink.destroyed));
    await new Promise((resolve) => S.pipeline(bad, new S.PassThrough(), sink, (err) => { log('failed', err); resolve(); }));
    await settle();
    try { S.pipeline(src); } catch (e) { log('one stream', e); }
    try { S.pipeline(src, dst); } catch (e) { log('no callback', e); }
  },
  async pipelineGenerators(S, log) {
    const result = [];
    await new Promise((resolve) => S.pipeline(
      async function* () { yield 'x'; yield 'y'; },
      async function* (source) { for await (const c of source) yield `${c}${c}`; },
      new S.Writable({ objectMode: true, write(c, e, cb) { result.push(c); cb(); } }),
      (err) => { log('gen pipeline', err, result); resolve(); }));
    const value = await S.promises.pipeline(
      S.Readable.from([1, 2, 3]),
      async function(source) { let sum = 0; for await (const n of source) sum += n; return sum; });
    log('promise pipeline value', value);
    try {
      await S.promises.pipeline(S.Readable.from([1]), async function* (s) { for await (const x of s) throw new Error(`gen threw ${x}`); }, new S.PassThrough({ objectMode: true }));
    } catch (e) {
      log('promise pipeline rejected', e);
    }
  },
  async finishedCases(S, log) {
    const r = new S.Readable({ read() {} });
    S.finished(r, (err) => log('r finished', err));
    r.push(null);
    r.resume();
    await settle();
    const w = new S.Writable({ write(c, e, cb) { cb(); } });
    S.finished(w, (err) => log('w finished', err));
    w.end('x');
    await settle();
    const p = new S.PassThrough();
    S.finished(p, (err) => log('premature', err));
    p.destroy();
    await settle();
    const e = new S.Readable({ read() {} });
    S.finished(e, (err) => log('errored', err));
    e.destroy(new Error('fail'));
    await settle();
    const done = new S.Readable({ read() {} });
    done.push(null);
    done.resume();
    await settle();
    S.finished(done, (err) => log('already done', err));
    await S.promises.finished(S.Readable.from(['z']).resume());
    log('promises.finished resolved');
    const cleanup = S.finished(new S.PassThrough(), () => log('never'));
    log('cleanup is function', typeof cleanup);
    cleanup();
    try { S.finished({}, () => {}); } catch (err) { log('bad stream', err); }
  },
  async asyncIteration(S, log) {
    const r = new S.Readable({ read() {} });
    setImmediate(() => { r.push('1'); r.push('2'); r.push(null); });
    for await (const c of r) log('chunk', c.toString());
    log('after loop', r.destroyed);
    const r2 = S.Readable.from(['a', 'b', 'c']);
    for await (const c of r2) { log('early', c); break; }
    log('r2 destroyed after break', r2.destroyed);
    const r3 = new S.Readable({ read() { this.destroy(new Error('iter error')); } });
    try { for await (const c of r3) log(c); } catch (e) { log('caught', e); }
  },
  async readableFrom(S, log, Buffer) {
    const got = [];
    for await (const x of S.Readable.from([1, Promise.resolve(2), 3])) got.push(x);
    log('sync iterable with promise', got);
    const s = S.Readable.from('a string');
    s.on('data', (d) => log('string data', d));
    await settle();
    const buf = S.Readable.from(Buffer.from('buf'));
    buf.on('data', (d) => log('buffer data', d));
    await settle();
    async function* gen() { yield 'g1'; yield 'g2'; }
    const g = S.Readable.from(gen(), { objectMode: false });
    g.on('data', (d) => log('gen data', d));
    g.on('end', () => log('gen end'));
    await settle();
    try { S.Readable.from(5); } catch (e) { log('not iterable', e); }
    const withNull = S.Readable.from([1, null, 2]);
    withNull.on('error', (e) => log('null value', e));
    withNull.resume();
    await settle();
  },
  async constructHook(S, log) {
    const w = new S.Writable({
      construct(cb) { log('construct'); setImmediate(cb); },
      write(c, e, cb) { log('write', c.toString()); cb(); },
    });
    w.write('early');
    log('after write call');
    w.end();
    w.on('finish', () => log('finish'));
    await settle();
    const r = new S.Readable({
      construct(cb) { log('r construct'); cb(new Error('construct failed')); },
      read() { log('read (unexpected)'); },
    });
    r.on('error', (e) => log('r error', e));
    r.on('close', () => log('r close'));
    await settle();
  },
  async abortSignal(S, log) {
    const ac = new AbortController();
    const r = new S.Readable({ read() {}, signal: ac.signal });
    r.on('error', (e) => log('error', e.name, e.code));
    r.on('close', () => log('close'));
    ac.abort();
    await settle();
    const ac2 = new AbortController();
    const w = S.addAbortSignal(ac2.signal, new S.Writable({ write(c, e, cb) { cb(); } }));
    w.on('error', (e) => log('w error', e.name));
    ac2.abort();
    await settle();
    try { S.addAbortSignal('x', w); } catch (e) { log('bad signal', e); }
  },
  async properties(S, log) {
    const r = new S.Readable({ read() {}, highWaterMark: 100 });
    log(r.readable, r.readableHighWaterMark, r.readableLength, r.readableFlowing, r.readableEnded, r.readableObjectMode, r.readableEncoding, r.destroyed, r.closed, r.errored, r.readableAborted, r.readableDidRead);
    r.on('data', () => {});
    log('flowing after data listener', r.readableFlowing, r.isPaused());
    r.pause();
    log('paused', r.isPaused(), r.readableFlowing);
    const w = new S.Writable({ write(c, e, cb) { cb(); }, highWaterMark: 7, decodeStrings: false, defaultEncoding: 'latin1' });
    log(w.writable, w.writableHighWaterMark, w.writableLength, w.writableEnded, w.writableFinished, w.writableObjectMode, w.writableCorked, w.writableNeedDrain, w.destroyed, w.closed);
    w.setDefaultEncoding('hex');
    try { w.setDefaultEncoding('nope'); } catch (e) { log('bad encoding', e); }
    try { new S.Readable({ highWaterMark: -1 }); } catch (e) { log('bad hwm', e); }
    log('defaults', S.getDefaultHighWaterMark(false), S.getDefaultHighWaterMark(true));
    log('exports', typeof S.Stream, S.Stream === S, typeof S.promises.pipeline, typeof S.destroy, typeof S.isDisturbed);
    const legacy = new S.Stream();
    log('legacy stream', typeof legacy.pipe, typeof legacy.on, typeof legacy.emit);
  },
  async readableStateDetails(S, log) {
    const r = new S.Readable({ read() {} });
    r.push('abc');
    r.push('def');
    log('buffer chunks', r.readableBuffer.length, r.readableLength);
    log('read(4)', r.read(4).toString());
    log('rest', r.read().toString());
    r.unshift('u');
    log('after unshift', r.read().toString());
    const w = new S.Writable({ write(c, e, cb) { setImmediate(cb); } });
    w.write('a');
    w.write('b');
    log('writableBuffer', w.writableBuffer.length);
    await settle();
  },
  async operators(S, log) {
    const from = (arr) => S.Readable.from(arr);
    log('map', await from([1, 2, 3]).map((x) => x * 2).toArray());
    log('map async', await from([1, 2, 3]).map(async (x) => { await new Promise((r) => setTimeout(r, 4 - x)); return x; }, { concurrency: 3 }).toArray());
    log('filter', await from([1, 2, 3, 4]).filter((x) => x % 2 === 0).toArray());
    log('flatMap', await from([1, 2]).flatMap((x) => [x, x * 10]).toArray());
    log('take', await from([1, 2, 3, 4]).take(2).toArray(), 'drop', await from([1, 2, 3, 4]).drop(3).toArray());
    log('some', await from([1, 2, 3]).some((x) => x > 2), await from([1]).some((x) => x > 2));
    log('every', await from([1, 2, 3]).every((x) => x > 0), await from([1, 2]).every((x) => x > 1));
    log('find', await from([1, 2, 3]).find((x) => x > 1), await from([1]).find((x) => x > 5));
    log('reduce', await from([1, 2, 3]).reduce((a, b) => a + b), await from([1, 2, 3]).reduce((a, b) => a + b, 10));
    try { await from([]).reduce((a, b) => a + b); } catch (e) { log('reduce empty', e); }
    const seen = [];
    await from(['a', 'b']).forEach((x) => { seen.push(x); });
    log('forEach', seen);
    try { from([1]).map('notfn'); } catch (e) { log('map bad fn', e); }
    try { from([1]).take(-1); } catch (e) { log('take negative', e); }
    try { await from([1, 2]).map((x) => { if (x === 2) throw new Error('map threw'); return x; }).toArray(); } catch (e) { log('map error', e); }
    const r = from([1, 2, 3]).map((x) => x + 1);
    log('map returns Readable', r instanceof S.Readable, r.readableObjectMode);
  },
  async promisifyFinished(S, log) {
    const pf = util.promisify(S.finished);
    const r = S.Readable.from(['q']);
    r.resume();
    await pf(r);
    log('promisified finished resolved', pf === S.promises.finished);
    log('promisified pipeline', util.promisify(S.pipeline) === S.promises.pipeline);
  },
};

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const Ours = load('stream');
  const Theirs = require('stream');
  // Each side gets its own Buffer (ours is lib/buffer.js).
  const buffers = new Map([[Ours, load('buffer').Buffer], [Theirs, Buffer]]);
  for (const [name, scenario] of Object.entries(scenarios)) {
    const run = async (S) => {
      const lines = [];
      const log = (...args) => lines.push(args.map((a) => (typeof a === 'string' ? a : fmt(a))).join(' '));
      try {
        await scenario(S, log, buffers.get(S));
      } catch (err) {
        lines.push(`scenario threw ${fmt(err)} ${err.stack.split('\n')[1]}`);
      }
      await settle();
      return lines.join('\n');
    };
    const theirs = await run(Theirs);
    const ours = await run(Ours);
    t.same(ours, theirs, `scenario ${name}`);
  }
};
