'use strict';

// `mock` of node:test: function, method, getter and setter mocks that
// record their calls and can be restored.

const {
  codes: { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_INVALID_STATE },
} = require('internal/errors');

const ReflectApply = Reflect.apply;
const ReflectConstruct = Reflect.construct;

class MockFunctionContext {
  #calls = [];
  #impl;
  #original;
  #onces = new Map();
  #restore;
  #times;

  constructor(impl, original, restore, times) {
    this.#impl = impl;
    this.#original = original;
    this.#restore = restore;
    this.#times = times;
  }

  get calls() { return this.#calls.slice(); }

  callCount() { return this.#calls.length; }

  mockImplementation(impl) {
    if (typeof impl !== 'function') throw new ERR_INVALID_ARG_TYPE('implementation', 'function', impl);
    this.#impl = impl;
  }

  mockImplementationOnce(impl, onCall) {
    if (typeof impl !== 'function') throw new ERR_INVALID_ARG_TYPE('implementation', 'function', impl);
    const call = onCall === undefined ? this.#calls.length : onCall;
    if (!Number.isInteger(call) || call < 0) {
      throw new ERR_INVALID_ARG_VALUE('onCall', onCall);
    }
    this.#onces.set(call, impl);
  }

  resetCalls() { this.#calls = []; }

  restore() {
    if (this.#restore !== undefined) {
      this.#restore();
      this.#restore = undefined;
    }
    this.#impl = this.#original;
  }

  // Internal: the implementation for the next call.
  nextImpl() {
    const n = this.#calls.length;
    const once = this.#onces.get(n);
    if (once !== undefined) {
      this.#onces.delete(n);
      return once;
    }
    if (this.#times !== undefined && n >= this.#times) return this.#original;
    return this.#impl;
  }

  record(call) { this.#calls.push(call); }
}

function makeMock(original, impl, restore, times) {
  const ctx = new MockFunctionContext(impl, original, restore, times);
  const fn = original ?? function() {};
  function mocked(...args) {
    const target = new.target;
    const use = ctx.nextImpl();
    const stack = new Error();
    const call = { arguments: args, error: undefined, result: undefined, stack, target: target === mocked ? fn : target, this: target === undefined ? this : undefined };
    try {
      let result;
      if (target !== undefined) {
        result = ReflectConstruct(use, args, target);
        call.this = result;
      } else {
        result = ReflectApply(use, this, args);
      }
      call.result = result;
      ctx.record(call);
      return result;
    } catch (err) {
      call.error = err;
      ctx.record(call);
      throw err;
    }
  }
  Object.defineProperty(mocked, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(mocked, 'length', { value: fn.length, configurable: true });
  Object.defineProperty(mocked, 'mock', { value: ctx, enumerable: false, configurable: false });
  if (fn.prototype !== undefined) mocked.prototype = fn.prototype;
  return mocked;
}

const kApis = ['setInterval', 'setTimeout', 'setImmediate', 'Date'];

// `mock.timers`: fake setTimeout/setInterval/setImmediate (and their
// clear functions) and Date on globalThis, moved on by tick()/runAll().
class MockTimers {
  #enabled = false;
  #now = 0;
  #queue = [];
  #nextId = 1;
  #saved = null;

  enable(options = {}) {
    if (this.#enabled) throw new ERR_INVALID_STATE('MockTimers is already enabled!');
    if (Array.isArray(options)) options = { apis: options };
    const apis = options.apis ?? kApis;
    for (const api of apis) {
      if (!kApis.includes(api)) throw new ERR_INVALID_ARG_VALUE('options.apis', api, `option ${api} is not supported`);
    }
    let now = options.now ?? 0;
    if (now instanceof Date) now = now.getTime();
    if (typeof now !== 'number') throw new ERR_INVALID_ARG_TYPE('options.now', ['number', 'Date'], now);
    if (!(now >= 0)) throw new ERR_INVALID_ARG_VALUE('options.now', options.now, 'must be a positive number');
    this.#now = now;
    this.#enabled = true;
    const g = globalThis;
    this.#saved = {};
    const save = (name, value) => { this.#saved[name] = g[name]; g[name] = value; };
    const schedule = (interval) => (fn, ms, ...args) => this.#add(fn, ms, args, interval);
    const clear = (timer) => this.#clear(timer);
    if (apis.includes('setTimeout')) { save('setTimeout', schedule(false)); save('clearTimeout', clear); }
    if (apis.includes('setInterval')) { save('setInterval', schedule(true)); save('clearInterval', clear); }
    if (apis.includes('setImmediate')) {
      save('setImmediate', (fn, ...args) => this.#add(fn, 0, args, false, true));
      save('clearImmediate', clear);
    }
    if (apis.includes('Date')) save('Date', this.#mockDate(g.Date));
  }

  #mockDate(RealDate) {
    const timers = this;
    function Date(...args) {
      if (new.target === undefined) return new RealDate(timers.#now).toString();
      return Reflect.construct(RealDate, args.length === 0 ? [timers.#now] : args, new.target);
    }
    Date.prototype = RealDate.prototype;
    Date.parse = RealDate.parse;
    Date.UTC = RealDate.UTC;
    Date.now = () => timers.#now;
    Date.isMock = true;
    Date.toString = () => RealDate.toString();
    return Date;
  }

  #add(fn, ms, args, interval, immediate = false) {
    if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('callback', 'function', fn);
    let delay = Number(ms);
    if (!(delay >= 1 && delay <= 2 ** 31 - 1)) delay = immediate ? 0 : 1;
    const timer = new MockTimeout(this.#nextId++, (t) => this.#clear(t));
    const entry = { timer, fn, args, delay, interval, runAt: this.#now + delay };
    timer.entry = entry;
    this.#queue.push(entry);
    return timer;
  }

  #clear(timer) {
    if (timer === null || timer === undefined) return;
    const id = typeof timer === 'object' ? timer.id : Number(timer);
    this.#queue = this.#queue.filter((e) => e.timer.id !== id);
  }

  #next(limit) {
    let best = null;
    for (const e of this.#queue) {
      if (e.runAt > limit) continue;
      if (best === null || e.runAt < best.runAt || (e.runAt === best.runAt && e.timer.id < best.timer.id)) best = e;
    }
    return best;
  }

  tick(ms = 1) {
    if (!this.#enabled) throw new ERR_INVALID_STATE('You should enable MockTimers first by calling the .enable function');
    if (typeof ms !== 'number' || ms < 0) throw new ERR_INVALID_ARG_VALUE('time', ms, 'positive integer');
    // As in Node, the clock moves to the end first: callbacks see it there.
    const target = this.#now + ms;
    this.#now = target;
    for (;;) {
      const e = this.#next(target);
      if (e === null) break;
      if (e.interval) e.runAt += e.delay;
      else this.#queue = this.#queue.filter((x) => x !== e);
      Reflect.apply(e.fn, undefined, e.args);
    }
    this.#now = target;
  }

  runAll() {
    if (!this.#enabled) throw new ERR_INVALID_STATE('You should enable MockTimers first by calling the .enable function');
    let last = this.#now;
    for (const e of this.#queue) if (e.runAt > last) last = e.runAt;
    this.tick(last - this.#now);
  }

  setTime(time = 0) {
    if (!this.#enabled) throw new ERR_INVALID_STATE('You should enable MockTimers first by calling the .enable function');
    this.#now = time instanceof Date ? time.getTime() : time;
  }

  reset() {
    if (!this.#enabled) return;
    for (const name of Object.keys(this.#saved)) globalThis[name] = this.#saved[name];
    this.#saved = null;
    this.#queue = [];
    this.#enabled = false;
    this.#now = 0;
  }

  [Symbol.dispose]() { this.reset(); }
}

class MockTimeout {
  #clear;
  constructor(id, clear) { this.id = id; this.#clear = clear; }
  ref() { return this; }
  unref() { return this; }
  hasRef() { return true; }
  refresh() { return this; }
  close() { this.#clear(this); return this; }
  [Symbol.toPrimitive]() { return this.id; }
  [Symbol.dispose]() { this.#clear(this); }
}

class MockTracker {
  #mocks = [];
  #timers;

  get timers() {
    this.#timers ??= new MockTimers();
    return this.#timers;
  }

  fn(original = function() {}, implementation = original, options = {}) {
    if (original !== null && typeof original === 'object') {
      options = original;
      original = function() {};
      implementation = original;
    } else if (implementation !== null && typeof implementation === 'object') {
      options = implementation;
      implementation = original;
    }
    if (typeof original !== 'function') throw new ERR_INVALID_ARG_TYPE('original', 'function', original);
    if (typeof implementation !== 'function') throw new ERR_INVALID_ARG_TYPE('implementation', 'function', implementation);
    const m = makeMock(original, implementation, undefined, options.times);
    this.#mocks.push(m.mock);
    return m;
  }

  method(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object' && typeof implementation !== 'function') {
      options = implementation;
      implementation = undefined;
    }
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) {
      throw new ERR_INVALID_ARG_TYPE('object', 'Object', object);
    }
    const { getter = false, setter = false } = options;
    if (getter && setter) throw new ERR_INVALID_ARG_VALUE('options.setter', setter, "cannot be used with 'options.getter'");
    let owner = object;
    let desc;
    while (owner !== null) {
      desc = Object.getOwnPropertyDescriptor(owner, methodName);
      if (desc !== undefined) break;
      owner = Object.getPrototypeOf(owner);
    }
    if (desc === undefined) throw new ERR_INVALID_ARG_VALUE('methodName', methodName, 'must be a method');
    const kind = getter ? 'get' : setter ? 'set' : 'value';
    const original = desc[kind];
    if (typeof original !== 'function') {
      throw new ERR_INVALID_ARG_VALUE('methodName', original, getter ? 'must be a getter' : setter ? 'must be a setter' : 'must be a method');
    }
    const ownDesc = Object.getOwnPropertyDescriptor(object, methodName);
    const restore = () => {
      if (ownDesc === undefined) delete object[methodName];
      else Object.defineProperty(object, methodName, ownDesc);
    };
    const m = makeMock(original, implementation ?? original, restore, options.times);
    const next = { ...desc, configurable: true };
    next[kind] = m;
    Object.defineProperty(object, methodName, next);
    this.#mocks.push(m.mock);
    return m;
  }

  getter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object') { options = implementation; implementation = undefined; }
    return this.method(object, methodName, implementation, { ...options, getter: true });
  }

  setter(object, methodName, implementation, options = {}) {
    if (implementation !== null && typeof implementation === 'object') { options = implementation; implementation = undefined; }
    return this.method(object, methodName, implementation, { ...options, setter: true });
  }

  reset() {
    this.restoreAll();
    this.#timers?.reset();
    this.#mocks = [];
  }

  restoreAll() {
    for (const m of this.#mocks) m.restore();
  }
}

module.exports = { MockTracker, MockFunctionContext };
