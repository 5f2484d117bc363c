'use strict';

// The test runner of node:test: a tree of tests and suites run one at a
// time (concurrency is accepted but tests always run serially), reported
// with Node 24's `spec` reporter on stdout once the tree finishes.

const { AsyncLocalStorage } = require('async_hooks');
const { inspect } = require('internal/util/inspect');
const { MockTracker } = require('internal/test_runner/mock');
const { codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
const { validateFunction, validateNumber, validateObject } = require('internal/validators');

const als = new AsyncLocalStorage();
const now = () => performance.now();

let root = null;
let currentSuite = null;

class TestContext {
  #test;
  constructor(test) { this.#test = test; }
  get name() { return this.#test.name; }
  get fullName() { return this.#test.fullName(); }
  get signal() { return this.#test.controller.signal; }
  get mock() { return this.#test.mockTracker(); }
  get assert() { return this.#test.assertProxy(); }
  get filePath() { return process.argv[1]; }
  get passed() { return this.#test.finished && !this.#test.failed(); }
  get attempt() { return 0; }
  diagnostic(message) { this.#test.diagnostics.push(String(message)); }
  plan(count) {
    if (!Number.isInteger(count) || count < 1) throw new ERR_INVALID_ARG_TYPE('count', 'number', count);
    this.#test.planned = count;
  }
  skip(message) { this.#test.skip = message === undefined ? true : message; }
  // Calls `condition` every `interval` ms until it returns (or its promise
  // fulfils) and gives that value; after `timeout` ms fails with the last
  // error as the cause.
  waitFor(condition, options = {}) {
    validateFunction(condition, 'condition');
    validateObject(options, 'options');
    const { interval = 50, timeout = 1000 } = options;
    validateNumber(interval, 'options.interval', 0);
    validateNumber(timeout, 'options.timeout', 0);
    return new Promise((resolve, reject) => {
      let done = false;
      let lastError;
      const timer = setTimeout(() => {
        done = true;
        reject(new Error('waitFor() timed out', { cause: lastError }));
      }, timeout);
      const attempt = () => {
        if (done) return;
        new Promise((res) => res(condition())).then((value) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve(value);
        }, (err) => {
          lastError = err;
          if (!done) setTimeout(attempt, interval);
        });
      };
      attempt();
    });
  }
  todo(message) { this.#test.todo = message === undefined ? true : message; }
  runOnly() {}
  before(fn, options) { this.#test.addHook('before', fn, options); }
  after(fn, options) { this.#test.addHook('after', fn, options); }
  beforeEach(fn, options) { this.#test.addHook('beforeEach', fn, options); }
  afterEach(fn, options) { this.#test.addHook('afterEach', fn, options); }
  test(name, options, fn) {
    const sub = this.#test.createSubtest(false, name, options, fn);
    return sub.start();
  }
}

class SuiteContext {
  #test;
  constructor(test) { this.#test = test; }
  get name() { return this.#test.name; }
  get fullName() { return this.#test.fullName(); }
  get signal() { return this.#test.controller.signal; }
  get filePath() { return process.argv[1]; }
  get passed() { return this.#test.finished && !this.#test.failed(); }
  get attempt() { return 0; }
  diagnostic(message) { this.#test.diagnostics.push(String(message)); }
}

function parseArgs(name, options, fn) {
  if (typeof name === 'function') { fn = name; name = fn.name || '<anonymous>'; options = {}; }
  else if (name !== null && typeof name === 'object') { fn = options; options = name; name = typeof fn === 'function' && fn.name ? fn.name : '<anonymous>'; }
  else if (typeof options === 'function') { fn = options; options = {}; }
  if (options === undefined || options === null) options = {};
  if (name === undefined) name = typeof fn === 'function' && fn.name ? fn.name : '<anonymous>';
  return { name: String(name), options, fn };
}

class Test {
  constructor(parent, isSuite, name, options, fn, loc) {
    this.parent = parent;
    this.isSuite = isSuite;
    this.name = name;
    this.fn = fn;
    this.loc = loc;
    this.nesting = parent === null ? -1 : parent.nesting + 1;
    this.skip = options.skip ?? false;
    this.todo = options.todo ?? false;
    this.only = options.only ?? false;
    this.timeout = options.timeout ?? (parent !== null ? parent.timeout : Infinity);
    if (typeof fn !== 'function' && fn !== undefined) throw new ERR_INVALID_ARG_TYPE('fn', 'function', fn);
    if (fn === undefined && !isSuite && parent !== null && !this.skip) this.todo = this.todo || true;
    this.planned = options.plan;
    this.assertions = 0;
    this.subtests = [];
    this.hooks = { before: [], after: [], beforeEach: [], afterEach: [] };
    this.diagnostics = [];
    this.error = undefined;
    this.cancelled = false;
    this.duration = 0;
    this.finished = false;
    this.controller = new AbortController();
    this.mock = undefined;
    this.promise = undefined;
    // Settles when the test has ended or was left out (see filterOnly).
    this.ended = new Promise((resolve) => { this.resolveEnded = resolve; });
  }

  fullName() {
    if (this.parent === null) return this.name;
    const names = [];
    for (let t = this; t !== null && t.parent !== null; t = t.parent) names.unshift(t.name);
    return names.join(' > ');
  }

  mockTracker() {
    if (this.mock === undefined) this.mock = new MockTracker();
    return this.mock;
  }

  assertProxy() {
    if (this.assertObject === undefined) {
      const assert = require('assert');
      const self = this;
      this.assertObject = {};
      for (const key of Object.keys(assert)) {
        if (typeof assert[key] !== 'function' || key === 'AssertionError' || key === 'CallTracker' || key === 'strict') continue;
        this.assertObject[key] = function(...args) {
          self.assertions++;
          return Reflect.apply(assert[key], this, args);
        };
      }
    }
    return this.assertObject;
  }

  addHook(kind, fn, options = {}) {
    if (typeof fn !== 'function') throw new ERR_INVALID_ARG_TYPE('fn', 'function', fn);
    this.hooks[kind].push({ fn, timeout: options?.timeout ?? Infinity });
  }

  createSubtest(isSuite, name, options, fn) {
    const args = parseArgs(name, options, fn);
    const loc = callerLocation();
    const sub = new Test(this, isSuite, args.name, args.options, args.fn, loc);
    this.subtests.push(sub);
    if (isSuite) sub.buildSuite();
    return sub;
  }

  buildSuite() {
    if (typeof this.fn !== 'function') return;
    const prev = currentSuite;
    currentSuite = this;
    try {
      const result = als.run(this, () => this.fn(new SuiteContext(this)));
      if (result && typeof result.then === 'function') this.buildPromise = result;
    } catch (err) {
      this.error = err;
    } finally {
      currentSuite = prev;
    }
  }

  // Runs this test (once) and returns a promise of its end.
  start() {
    if (this.promise === undefined) this.promise = this.run();
    return this.promise;
  }

  eachHooks(kind) {
    const chain = [];
    for (let t = this.parent; t !== null; t = t.parent) chain.unshift(t);
    const hooks = [];
    for (const t of chain) hooks.push(...t.hooks[kind].map((h) => ({ ...h, owner: t })));
    return kind === 'afterEach' ? hooks.reverse() : hooks;
  }

  context() {
    this.ctx ??= this.isSuite ? new SuiteContext(this) : new TestContext(this);
    return this.ctx;
  }

  // A hook runs in the context of the suite or test that declared it
  // (what getTestContext() returns there), with `ctx` as its argument.
  async runHook(hook, ctx) {
    const owner = hook.owner ?? this;
    await als.run(owner, () => runWithTimeout(() => callTestFn(hook.fn, ctx, this), hook.timeout, this));
  }

  async run() {
    const start = now();
    const ctx = this.context();
    if (this.skip !== false || (this.parent !== null && this.parent.skipChildren)) {
      if (this.skip === false) this.skip = true;
      this.duration = now() - start;
      this.finished = true;
      reportFinished(this);
      this.resolveEnded();
      return;
    }
    try {
      if (this.isSuite) {
        if (this.buildPromise) await this.buildPromise;
        if (this.error !== undefined) throw this.error;
        filterOnly(this);
        for (const hook of this.hooks.before) await this.runHook(hook, ctx);
        for (const sub of this.subtests) await sub.start();
        for (const hook of this.hooks.after) await this.runHook(hook, ctx);
      } else {
        for (const hook of this.eachHooks('beforeEach')) await this.runHook(hook, ctx);
        await als.run(this, () => runWithTimeout(() => callTestFn(this.fn, ctx, this), this.timeout, this));
        // Subtests not awaited by the test run now.
        for (const sub of this.subtests) await sub.start();
        for (const hook of this.hooks.after) await this.runHook(hook, ctx);
        if (this.planned !== undefined && this.planned !== this.assertions + this.subtests.length) {
          throw (`plan expected ${this.planned} assertions but received ${this.assertions + this.subtests.length}`);
        }
      }
    } catch (err) {
      if (this.error === undefined) this.error = err;
    }
    if (!this.isSuite) {
      try {
        for (const hook of this.eachHooks('afterEach')) await this.runHook(hook, ctx);
      } catch (err) {
        if (this.error === undefined) this.error = err;
      }
    }
    if (this.mock !== undefined) this.mock.reset();
    const failedSubs = this.subtests.filter((s) => s.failed()).length;
    if (this.error === undefined && failedSubs > 0 && this.skip === false) {
      this.error = `${failedSubs} subtest${failedSubs === 1 ? '' : 's'} failed`;
      this.subtestFailure = true;
    }
    this.duration = now() - start;
    this.finished = true;
    if (!this.controller.signal.aborted) this.controller.abort();
    reportFinished(this);
    this.resolveEnded();
  }

  failed() {
    return this.todo === false && this.skip === false && (this.error !== undefined || this.cancelled);
  }
}

// As in Node 24, when some of a suite's (or the file's) tests are marked
// `only`, the others are left out: not run, reported or counted.
function filterOnly(t) {
  if (!t.subtests.some((s) => s.only)) return;
  for (const s of t.subtests) {
    if (!s.only && s.promise === undefined) {
      s.filtered = true;
      s.resolveEnded();
    }
  }
  t.subtests = t.subtests.filter((s) => !s.filtered);
}

function callTestFn(fn, ctx, test) {
  if (typeof fn !== 'function') return undefined;
  if (fn.length >= 2 && !test.isSuite) {
    return new Promise((resolve, reject) => {
      let called = false;
      const done = (err) => {
        if (called) return;
        called = true;
        if (err) reject(err); else resolve();
      };
      let result;
      try {
        result = fn.call(ctx, ctx, done);
      } catch (err) { reject(err); return; }
      if (result && typeof result.then === 'function') {
        reject(new Error('passed a callback but also returned a Promise'));
      }
    });
  }
  return fn.call(ctx, ctx);
}

function runWithTimeout(call, timeout, test) {
  const work = new Promise((resolve, reject) => {
    test.rejectCurrent = reject;
    try { Promise.resolve(call()).then(resolve, reject); } catch (err) { reject(err); }
  });
  if (timeout === Infinity || timeout === undefined) return work;
  let timer;
  const limit = new Promise((resolve, reject) => {
    timer = setTimeout(() => {
      test.cancelled = true;
      reject(`test timed out after ${timeout}ms`);
    }, timeout);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

function callerLocation() {
  const holder = {};
  const prev = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, frames) => frames;
  Error.captureStackTrace(holder, callerLocation);
  const frames = holder.stack;
  Error.prepareStackTrace = prev;
  if (!Array.isArray(frames)) return undefined;
  for (const f of frames) {
    const file = f.getFileName();
    if (file && !file.startsWith('node:') && !file.startsWith('internal/') && file !== 'test') {
      return { file, line: f.getLineNumber(), column: f.getColumnNumber() };
    }
  }
  return undefined;
}

// Reporting (Node 24's spec reporter, no colors).

function indent(n) { return '  '.repeat(Math.max(n, 0)); }

function mark(t) {
  if (t.skip !== false) return '\u{FE63}';
  if (t.todo !== false) return t.error !== undefined ? '\u26A0' : '\u2714';
  return t.failed() ? '\u2716' : '\u2714';
}

function directive(t) {
  if (t.skip !== false) return typeof t.skip === 'string' ? ` # ${t.skip}` : ' # SKIP';
  if (t.todo !== false) return typeof t.todo === 'string' ? ` # ${t.todo}` : ' # TODO';
  return '';
}

function line(t) {
  const ms = Math.round(t.duration * 1e6) / 1e6;
  return `${indent(t.nesting)}${mark(t)} ${t.name} (${ms}ms)${directive(t)}`;
}

// Called as each test ends: prints the headers of its enclosing tests not
// printed yet, then its own line and diagnostics.
function reportFinished(t) {
  if (t.parent === null) return;
  const out = [];
  const chain = [];
  for (let p = t.parent; p !== null && p.parent !== null; p = p.parent) chain.unshift(p);
  for (const p of chain) {
    if (!p.headerPrinted) {
      p.headerPrinted = true;
      out.push(`${indent(p.nesting)}\u25B6 ${p.name}`);
    }
  }
  out.push(line(t));
  for (const d of t.diagnostics) out.push(`${indent(t.nesting)}\u2139 ${d}`);
  process.stdout.write(out.join('\n') + '\n');
}

function relative(file) {
  const cwd = process.cwd();
  let f = file;
  if (f.startsWith('file://')) f = require('url').fileURLToPath(f);
  if (f.startsWith(cwd + '/')) return f.slice(cwd.length + 1);
  return f;
}

function collectFailures(t, out) {
  for (const s of t.subtests) {
    if ((s.failed() || (s.todo !== false && s.error !== undefined && s.skip === false)) && !s.subtestFailure) out.push(s);
    collectFailures(s, out);
  }
}

function getRoot() {
  if (root === null) {
    root = new Test(null, true, '<root>', {}, undefined, undefined);
    root.started = false;
    root.startTime = now();
    process.on('beforeExit', finish);
  }
  return root;
}

async function runRootBefore(r) {
  for (const hook of r.hooks.before.splice(0)) {
    try { await hook.fn.call(undefined, new SuiteContext(r)); } catch (err) { r.hookError ??= err; }
  }
}

let running = false;
async function drain() {
  if (running) return;
  running = true;
  const r = getRoot();
  let i = 0;
  while (i < r.subtests.length) {
    if (r.beforeDone !== undefined) await r.beforeDone;
    await runRootBefore(r);
    filterOnly(r);
    if (i >= r.subtests.length) break;
    const t = r.subtests[i++];
    await t.start();
  }
  running = false;
}

let finished = false;
function finish() {
  if (finished) return;
  const r = root;
  if (running || r.subtests.some((t) => !t.finished)) { drain(); return; }
  finished = true;
  const after = r.hooks.after.splice(0);
  const summary = () => {
    const counts = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
    const walk = (t) => {
      for (const s of t.subtests) {
        if (s.isSuite) counts.suites++;
        else {
          counts.tests++;
          if (s.skip !== false) counts.skipped++;
          else if (s.todo !== false) counts.todo++;
          else if (s.cancelled) counts.cancelled++;
          else if (s.error !== undefined) counts.fail++;
          else counts.pass++;
        }
        walk(s);
      }
    };
    walk(r);
    const lines = [];
    for (const k of Object.keys(counts)) lines.push(`\u2139 ${k} ${counts[k]}`);
    lines.push(`\u2139 duration_ms ${Math.round((now() - r.startTime) * 1e6) / 1e6}`);
    const failures = [];
    collectFailures(r, failures);
    if (failures.length > 0) {
      lines.push('', '\u2716 failing tests:', '');
      for (const f of failures) {
        if (f.loc) lines.push(`test at ${relative(f.loc.file)}:${f.loc.line}:${f.loc.column}`);
        lines.push(line({ ...f, nesting: 0, failed: () => f.failed() }));
        const text = inspect(f.error);
        lines.push(text.split('\n').map((l) => `  ${l}`).join('\n'), '');
      }
      lines.pop();
    }
    process.stdout.write(lines.join('\n') + '\n');
    const bad = counts.fail + counts.cancelled > 0 || r.hookError !== undefined ||
      r.subtests.some((s) => s.isSuite && s.failed());
    if (bad) process.exitCode = 1;
  };
  if (after.length === 0) { summary(); return; }
  (async () => {
    for (const hook of after) {
      try { await hook.fn.call(undefined, new SuiteContext(r)); } catch (err) { r.hookError ??= err; }
    }
    summary();
  })();
}

function parentForNew() {
  if (currentSuite !== null) return currentSuite;
  const active = als.getStore();
  if (active !== undefined && !active.finished && !active.isSuite) return active;
  return getRoot();
}

function scheduleRoot() {
  const r = getRoot();
  // As in Node, the file's top-level before hooks start as soon as its
  // first test is made, while the top level is still running.
  if (!r.beforeStarted && r.hooks.before.length > 0) {
    r.beforeStarted = true;
    r.beforeDone = runRootBefore(r);
  }
  if (!r.scheduled) {
    r.scheduled = true;
    process.nextTick(() => { r.scheduled = false; drain(); });
  }
}

function installUncaught() {
  if (installUncaught.done) return;
  installUncaught.done = true;
  process.on('uncaughtException', (err) => {
    const t = als.getStore();
    const target = t !== undefined ? t : running ? findRunning(getRoot()) : undefined;
    if (target !== undefined && target.rejectCurrent) { target.rejectCurrent(err); return; }
    process.exitCode = 1;
    process.stderr.write(`${inspect(err)}\n`);
  });
}

function findRunning(t) {
  for (const s of t.subtests) {
    if (s.promise !== undefined && !s.finished) return findRunning(s) ?? s;
  }
  return undefined;
}

function test(name, options, fn) {
  installUncaught();
  const parent = parentForNew();
  const sub = parent.createSubtest(false, name, options, fn);
  if (parent === root) { scheduleRoot(); return sub.ended; }
  if (parent.isSuite) return Promise.resolve();
  return sub.start();
}

function suite(name, options, fn) {
  installUncaught();
  const parent = parentForNew();
  const sub = parent.createSubtest(true, name, options, fn);
  if (parent === root) scheduleRoot();
  return Promise.resolve();
}

function hook(kind) {
  return (fn, options) => {
    const parent = currentSuite ?? als.getStore() ?? getRoot();
    parent.addHook(kind, fn, options);
  };
}

function variants(fn) {
  fn.skip = (name, options, f) => { const a = parseArgs(name, options, f); return fn(a.name, { ...a.options, skip: true }, a.fn); };
  fn.todo = (name, options, f) => { const a = parseArgs(name, options, f); return fn(a.name, { ...a.options, todo: true }, a.fn); };
  fn.only = (name, options, f) => { const a = parseArgs(name, options, f); return fn(a.name, { ...a.options, only: true }, a.fn); };
  return fn;
}

let globalMock = null;
function mock() {
  if (globalMock === null) globalMock = new MockTracker();
  return globalMock;
}

function getTestContext() {
  const active = als.getStore();
  return active === undefined || active.parent === null ? undefined : active.context();
}

module.exports = {
  getTestContext,
  test: variants(test),
  suite: variants(suite),
  before: hook('before'),
  after: hook('after'),
  beforeEach: hook('beforeEach'),
  afterEach: hook('afterEach'),
  mock,
};
