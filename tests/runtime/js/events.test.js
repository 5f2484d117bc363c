'use strict';

// node:events: behavioural scenarios run against our EventEmitter and
// node's; each logs what happens and the logs must match.

const util = require('util');

function fmt(v) {
  if (v instanceof Error) return `${v.name}|${v.code}|${v.message}`;
  return util.inspect(v, { depth: 1, breakLength: Infinity });
}

const scenarios = {
  order(E, log) {
    const e = new E();
    e.on('x', (a) => log('first', a));
    e.prependListener('x', (a) => log('prepended', a));
    e.once('x', (a) => log('once', a));
    e.prependOnceListener('x', (a) => log('prepended once', a));
    log(e.emit('x', 1), e.emit('x', 2), e.emit('nothing'));
    log(e.listenerCount('x'), e.eventNames());
  },
  newListenerAndRemoveListener(E, log) {
    const e = new E();
    e.on('newListener', (name, l) => log('newListener', name, typeof l, l.name));
    e.on('removeListener', (name, l) => log('removeListener', name, l.name));
    function a() {}
    function b() {}
    e.on('ev', a);
    e.once('ev', b);
    e.removeListener('ev', b);
    e.off('ev', a);
    e.on('ev', a);
    e.removeAllListeners('ev');
    e.on('z', a);
    e.removeAllListeners();
    log(e.eventNames(), e.listenerCount('removeListener'));
  },
  removeDuringEmit(E, log) {
    const e = new E();
    function a() { log('a'); e.removeListener('x', b); }
    function b() { log('b'); }
    function c() { log('c'); e.on('x', () => log('added during emit')); }
    e.on('x', a).on('x', b).on('x', c);
    e.emit('x');
    log('second');
    e.emit('x');
  },
  duplicateRemoval(E, log) {
    const e = new E();
    function f() { log('f'); }
    e.on('x', f); e.on('x', f); e.on('x', f);
    e.removeListener('x', f);
    log(e.listenerCount('x'), e.listenerCount('x', f));
    e.emit('x');
  },
  errorUnhandled(E, log) {
    const e = new E();
    for (const v of [new Error('boom'), 'string', 42, { a: 1 }, undefined, null, [1, 2]]) {
      try {
        e.emit('error', v);
        log('no throw');
      } catch (err) {
        log(err === v ? 'same error' : fmt(err), err.context === v);
      }
    }
  },
  errorMonitor(E, log) {
    const e = new E();
    e.on(E.errorMonitor, (err) => log('monitor', err.message));
    try { e.emit('error', new Error('x')); } catch (err) { log('thrown', err.message); }
    e.on('error', (err) => log('handled', err.message));
    e.emit('error', new Error('y'));
  },
  listenersAndRaw(E, log) {
    const e = new E();
    function a() {}
    function b() {}
    e.on('x', a);
    e.once('x', b);
    log(e.listeners('x').map((f) => f.name), e.rawListeners('x').map((f) => f.name === 'b' ? 'raw b' : f.name));
    log(e.rawListeners('x')[1].listener === b);
    e.rawListeners('x')[1]();
    log(e.listeners('x').length, E.listenerCount(e, 'x'), E.getEventListeners(e, 'x').length);
  },
  maxListeners(E, log) {
    const e = new E();
    log(e.getMaxListeners(), E.defaultMaxListeners);
    e.setMaxListeners(1);
    log(e.getMaxListeners(), E.getMaxListeners(e));
    E.setMaxListeners(3, e);
    log(e.getMaxListeners());
    for (const bad of [-1, NaN, 'x']) {
      try { e.setMaxListeners(bad); } catch (err) { log(fmt(err)); }
      try { E.defaultMaxListeners = bad; } catch (err) { log(fmt(err)); }
    }
    try { E.setMaxListeners(1, {}); } catch (err) { log(fmt(err)); }
  },
  async maxListenersWarning(E, log) {
    const warnings = [];
    const onWarning = (w) => warnings.push(w);
    process.on('warning', onWarning);
    const e = new E();
    e.setMaxListeners(2);
    for (let i = 0; i < 4; i++) e.on('data', () => {});
    const s = new E();
    s.setMaxListeners(1);
    s.on(Symbol('sym'), () => {});
    s.on(Symbol.for('sym'), () => {});
    s.on(Symbol.for('sym'), () => {});
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    for (const w of warnings) log(w.name, w.message, w.count, typeof w.type, w.emitter === e || w.emitter === s);
  },
  validation(E, log) {
    const e = new E();
    for (const m of ['on', 'once', 'prependListener', 'prependOnceListener', 'removeListener', 'off']) {
      try { e[m]('x', 'notfn'); } catch (err) { log(m, fmt(err)); }
    }
    try { new E({ captureRejections: 'yes' }); } catch (err) { log(fmt(err)); }
  },
  async captureRejections(E, log) {
    const e = new E({ captureRejections: true });
    e.on('ev', async () => { throw new Error('rejected'); });
    e.on('error', (err) => log('error event', err.message));
    e.emit('ev');
    await new Promise((r) => setTimeout(r, 5));
    const f = new E({ captureRejections: true });
    f[E.captureRejectionSymbol] = (err, name, ...args) => log('rejection symbol', err.message, name, args);
    f.on('ev', async () => { throw new Error('r2'); });
    f.emit('ev', 1, 2);
    await new Promise((r) => setTimeout(r, 5));
    log(E.captureRejections, E.captureRejectionSymbol === Symbol.for('nodejs.rejection'));
  },
  async staticOnce(E, log) {
    const e = new E();
    setImmediate(() => e.emit('ready', 1, 2));
    log('once resolved', await E.once(e, 'ready'));
    setImmediate(() => e.emit('error', new Error('bad')));
    try { await E.once(e, 'ready'); } catch (err) { log('once rejected', err.message); }
    log(e.listenerCount('ready'), e.listenerCount('error'));
    const ac = new AbortController();
    const p = E.once(e, 'never', { signal: ac.signal });
    ac.abort();
    try { await p; } catch (err) { log(err.name, err.code, err.message); }
    try { await E.once(e, 'x', { signal: ac.signal }); } catch (err) { log('pre-aborted', err.name); }
    const et = new EventTarget();
    setImmediate(() => et.dispatchEvent(new Event('ping')));
    const [ev] = await E.once(et, 'ping');
    log('event target', ev.type);
  },
  async staticOn(E, log) {
    const e = new E();
    setImmediate(() => {
      e.emit('data', 1);
      e.emit('data', 2, 'b');
      e.emit('data', 3);
    });
    let n = 0;
    for await (const args of E.on(e, 'data')) {
      log('got', args);
      if (++n === 3) break;
    }
    log('after loop', e.listenerCount('data'), e.listenerCount('error'));
    const it = E.on(e, 'data');
    setImmediate(() => e.emit('error', new Error('stream broke')));
    try { for await (const x of it) log(x); } catch (err) { log('iterator error', err.message); }
    const ac = new AbortController();
    const it2 = E.on(e, 'data', { signal: ac.signal });
    setImmediate(() => ac.abort());
    try { for await (const x of it2) log(x); } catch (err) { log('aborted', err.name); }
    log(e.listenerCount('data'));
  },
  subclassing(E, log) {
    class My extends E {
      constructor() { super(); this.tag = 'mine'; }
    }
    const m = new My();
    m.on('x', function() { log(this.tag, this instanceof E); });
    m.emit('x');
    function Old() { E.call(this); }
    util.inherits(Old, E);
    const o = new Old();
    o.on('y', (v) => log('old style', v));
    o.emit('y', 5);
    log(Object.keys(new E()), typeof E.EventEmitter, E.EventEmitter === E, E.usingDomains);
  },
  symbolsAndThis(E, log) {
    const e = new E();
    const s = Symbol('s');
    e.on(s, function(...args) { log(this === e, args); });
    e.emit(s, 1, 2, 3, 4, 5);
    log(e.eventNames());
    e.on('arrow', () => log('arrow'));
    log(e.emit('arrow'));
  },
  onceThrows(E, log) {
    const e = new E();
    e.once('x', () => { throw new Error('inside once'); });
    try { e.emit('x'); } catch (err) { log(err.message); }
    log(e.listenerCount('x'));
  },
  removeAllWithRemoveListener(E, log) {
    const e = new E();
    e.on('removeListener', (n) => log('removed', n));
    e.on('a', () => {}); e.on('a', () => {}); e.on('b', () => {});
    e.removeAllListeners();
    log(e.eventNames());
  },
  addAbortListener(E, log) {
    const ac = new AbortController();
    const d = E.addAbortListener(ac.signal, () => log('aborted listener'));
    log(typeof d);
    ac.abort();
  },
};

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const Ours = load('events');
  const Theirs = require('events');
  for (const [name, scenario] of Object.entries(scenarios)) {
    const run = async (E) => {
      const lines = [];
      const log = (...args) => lines.push(args.map((a) => (typeof a === 'string' ? a : fmt(a))).join(' '));
      try {
        await scenario(E, log);
      } catch (err) {
        lines.push(`scenario threw ${fmt(err)}`);
      }
      return lines.join('\n');
    };
    const theirs = await run(Theirs);
    const ours = await run(Ours);
    t.same(ours, theirs, `scenario ${name}`);
  }
};
