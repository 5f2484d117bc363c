'use strict';

// EventTarget, Event, CustomEvent, AbortController, AbortSignal and
// DOMException against node's globals.

const util = require('util');

function fmt(v) {
  if (v && typeof v === 'object' && typeof v.name === 'string' && typeof v.message === 'string') {
    return `${v.name}|${v.code}|${v.message}`;
  }
  return util.inspect(v, { depth: 1, breakLength: Infinity });
}
const settle = async () => { for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r)); };

const scenarios = {
  dispatchOrder(W, log) {
    const t = new W.EventTarget();
    const fn = (e) => log('fn', e.type, e.eventPhase, e.target === t, e.currentTarget === t);
    t.addEventListener('x', fn);
    t.addEventListener('x', fn);
    t.addEventListener('x', { handleEvent(e) { log('object listener', e.type, this !== t); } });
    t.addEventListener('x', () => log('once'), { once: true });
    log('dispatch returns', t.dispatchEvent(new W.Event('x')));
    log('dispatch returns', t.dispatchEvent(new W.Event('x')));
    t.removeEventListener('x', fn);
    t.dispatchEvent(new W.Event('x'));
    const e = new W.Event('y');
    log('after', e.eventPhase, e.target, e.currentTarget, e.composedPath());
  },
  cancelAndStop(W, log) {
    const t = new W.EventTarget();
    t.addEventListener('c', (e) => { e.preventDefault(); log('prevented', e.defaultPrevented, e.returnValue); });
    t.addEventListener('c', (e) => { e.stopImmediatePropagation(); log('stopper'); });
    t.addEventListener('c', () => log('never'));
    log(t.dispatchEvent(new W.Event('c', { cancelable: true })));
    log(t.dispatchEvent(new W.Event('c')));
    const p = new W.EventTarget();
    p.addEventListener('p', (e) => { e.preventDefault(); log('passive prevented?', e.defaultPrevented); }, { passive: true });
    log(p.dispatchEvent(new W.Event('p', { cancelable: true })));
    const ev = new W.Event('props', { bubbles: true, composed: true });
    log(ev.type, ev.bubbles, ev.composed, ev.cancelable, ev.isTrusted, ev.cancelBubble, typeof ev.timeStamp, ev.srcElement);
    ev.cancelBubble = true;
    log(ev.cancelBubble, W.Event.AT_TARGET, ev.NONE, Object.prototype.toString.call(ev));
  },
  errors(W, log) {
    const t = new W.EventTarget();
    for (const f of [() => new W.Event(), () => t.dispatchEvent({ type: 'x' }), () => t.dispatchEvent(),
      () => t.addEventListener('x'), () => W.EventTarget.prototype.dispatchEvent.call({}, new W.Event('x')),
      () => new W.AbortSignal(), () => t.addEventListener('x', 5)]) {
      try { f(); log('no error'); } catch (e) { log(fmt(e)); }
    }
    t.addEventListener('r', (e) => { try { t.dispatchEvent(e); } catch (err) { log('recursion', fmt(err)); } });
    t.dispatchEvent(new W.Event('r'));
  },
  async listenerThrows(W, log) {
    const seen = [];
    const handler = (err) => seen.push(err.message);
    process.on('uncaughtException', handler);
    const t = new W.EventTarget();
    t.addEventListener('e', () => { throw new Error('listener threw'); });
    t.addEventListener('e', () => log('second still runs'));
    t.dispatchEvent(new W.Event('e'));
    await settle();
    process.off('uncaughtException', handler);
    log('uncaught', seen);
  },
  signalOption(W, log) {
    const ac = new W.AbortController();
    const t = new W.EventTarget();
    t.addEventListener('s', () => log('heard'), { signal: ac.signal });
    t.dispatchEvent(new W.Event('s'));
    ac.abort();
    t.dispatchEvent(new W.Event('s'));
    t.addEventListener('s', () => log('added after abort'), { signal: ac.signal });
    t.dispatchEvent(new W.Event('s'));
  },
  customEvent(W, log) {
    const t = new W.EventTarget();
    t.addEventListener('ce', (e) => log('detail', e.detail, e instanceof W.Event));
    t.dispatchEvent(new W.CustomEvent('ce', { detail: { n: 1 } }));
    log(new W.CustomEvent('z').detail);
  },
  async abortController(W, log) {
    const ac = new W.AbortController();
    const s = ac.signal;
    log(s.aborted, s.reason, Object.prototype.toString.call(s), Object.prototype.toString.call(ac));
    s.addEventListener('abort', (e) => log('abort event', e.type, e.isTrusted, s.aborted));
    s.onabort = (e) => log('onabort', e.type);
    ac.abort();
    ac.abort('again');
    log('reason', fmt(s.reason), s.reason instanceof Error, s.reason.code);
    try { s.throwIfAborted(); } catch (e) { log('throwIfAborted', fmt(e)); }
    const ac2 = new W.AbortController();
    ac2.abort('custom reason');
    log(ac2.signal.reason);
    const pre = W.AbortSignal.abort();
    log(pre.aborted, fmt(pre.reason));
    log(W.AbortSignal.abort(42).reason);
    const any = W.AbortSignal.any([new W.AbortController().signal, ac2.signal]);
    log('any', any.aborted, any.reason);
    const c3 = new W.AbortController();
    const any2 = W.AbortSignal.any([c3.signal]);
    c3.abort('later');
    log('any later', any2.aborted, any2.reason);
    const t = W.AbortSignal.timeout(1);
    await new Promise((r) => setTimeout(r, 20));
    log('timeout', t.aborted, fmt(t.reason));
    try { W.AbortSignal.timeout(-1); } catch (e) { log(fmt(e)); }
    try { W.AbortSignal.any('x'); } catch (e) { log(fmt(e)); }
  },
  domException(W, log) {
    const e = new W.DOMException('msg', 'AbortError');
    log(e.name, e.message, e.code, e instanceof Error, String(e), Object.prototype.toString.call(e));
    const d = new W.DOMException();
    log(d.name, JSON.stringify(d.message), d.code, W.DOMException.ABORT_ERR, d.DATA_CLONE_ERR);
    const c = new W.DOMException('m', { name: 'DataCloneError', cause: 'why' });
    log(c.name, c.code, c.cause);
  },
  async withEvents(W, log, E) {
    const t = new W.EventTarget();
    setImmediate(() => t.dispatchEvent(new W.Event('ready')));
    const [ev] = await E.once(t, 'ready');
    log('events.once on EventTarget', ev.type);
    const fn = () => {};
    t.addEventListener('q', fn);
    log('getEventListeners', E.getEventListeners(t, 'q').length);
    const ac = new W.AbortController();
    const p = E.once(new E(), 'never', { signal: ac.signal });
    ac.abort();
    try { await p; } catch (e) { log('once aborted', e.name, e.code); }
  },
};

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const { EventTarget, Event, CustomEvent } = load('internal/event_target');
  const { AbortController, AbortSignal } = load('internal/abort_controller');
  const { DOMException } = load('internal/dom_exception');
  const ours = { EventTarget, Event, CustomEvent, AbortController, AbortSignal, DOMException };
  const theirs = { EventTarget, Event, CustomEvent, AbortController, AbortSignal, DOMException };
  Object.assign(theirs, {
    EventTarget: globalThis.EventTarget, Event: globalThis.Event, CustomEvent: globalThis.CustomEvent,
    AbortController: globalThis.AbortController, AbortSignal: globalThis.AbortSignal, DOMException: globalThis.DOMException,
  });
  const eventsFor = new Map([[ours, load('events')], [theirs, require('events')]]);
  for (const [name, scenario] of Object.entries(scenarios)) {
    const run = async (W) => {
      const lines = [];
      const log = (...args) => lines.push(args.map((a) => (typeof a === 'string' ? a : fmt(a))).join(' '));
      try {
        await scenario(W, log, eventsFor.get(W));
      } catch (err) {
        lines.push(`scenario threw ${fmt(err)} ${err.stack.split('\n')[1]}`);
      }
      return lines.join('\n');
    };
    const expected = await run(theirs);
    const actual = await run(ours);
    t.same(actual, expected, `scenario ${name}`);
  }
  // Inspection of fresh objects (timestamps differ, so only the shape).
  const shape = (s) => s.replace(/timeStamp: [\d.]+/, 'timeStamp: <t>');
  t.same(shape(util.inspect(new Event('x'))), shape(util.inspect(new globalThis.Event('x'))), 'inspect Event');
  t.same(util.inspect(new AbortController()), util.inspect(new globalThis.AbortController()), 'inspect AbortController');
  t.same(util.inspect(new EventTarget()), util.inspect(new globalThis.EventTarget()), 'inspect EventTarget');
  t.same(util.inspect(AbortSignal.abort('r')), util.inspect(globalThis.AbortSignal.abort('r')), 'inspect aborted signal');
};
