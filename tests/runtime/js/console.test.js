'use strict';

// node:console: the same calls on our Console and node's, each writing to
// in-memory streams; the captured output must match.

const util = require('util');

function makeStreams() {
  const out = [];
  // Node's Console needs EventEmitter streams (it adds an 'error' listener
  // around each write).
  const EventEmitter = require('events');
  const mk = (name) => Object.assign(new EventEmitter(), { write(s) { out.push(`[${name}] ${s}`); return true; } });
  return { out, stdout: mk('out'), stderr: mk('err') };
}

const scripts = {
  basics(c) {
    c.log('hello', 'world', 42, { a: [1, 2, { b: 3 }] });
    c.info('%s is %d years', 'Bob', 42.5);
    c.debug('%o', { f() {}, a: [1] });
    c.warn('warned', new Map([[1, 2]]));
    c.error('%c styled', 'color: red');
    c.dirxml([1, 2], 'x');
    c.log();
    c.log('%%', '%j', { j: 1 });
    c.log(Symbol('s'), null, undefined, -0, 10n);
  },
  dir(c) {
    c.dir({ a: { b: { c: { d: 1 } } } });
    c.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
    c.dir({ [util.inspect.custom]() { return 'custom'; }, x: 1 });
    c.dir('str', { colors: false });
  },
  groups(c) {
    c.log('top');
    c.group('Group A', 1);
    c.log('inside\nmultiline');
    c.groupCollapsed();
    c.error('deep error\nline 2');
    c.table([{ x: 1 }]);
    c.groupEnd();
    c.warn('back in A');
    c.groupEnd();
    c.groupEnd();
    c.log('after');
  },
  count(c) {
    c.count();
    c.count();
    c.count('x');
    c.count(5);
    c.count('5');
    c.countReset();
    c.count();
    c.count(undefined);
  },
  assert(c) {
    c.assert(true, 'not shown');
    c.assert(false);
    c.assert(0, 'zero %s', 'fmt');
    c.assert('', { obj: 1 }, 'more');
    c.assert(null, 42);
  },
  tables(c) {
    c.table([{ a: 1, b: 'xx' }, { a: 22, c: true }]);
    c.table([[1, 2], [3, 4, 5]]);
    c.table(new Map([['k', { x: 1 }], [{ o: 1 }, [1, 2, 3, 4, 5]]]));
    c.table(new Set(['a', { b: 1 }]));
    c.table(new Map([[1, 2]]).entries());
    c.table(new Set([1, 2]).values());
    c.table([1, 'str', { a: 1 }], ['a']);
    c.table([1, 'str', { a: 1 }]);
    c.table({ r1: { c1: 1 }, r2: { c2: 'two', c1: null } });
    c.table({ a: 1, b: 'x' });
    c.table([{ nested: { deep: { deeper: 1 } }, arr: [1, 2, 3, 4, 5], many: { a: 1, b: 2, c: 3 } }]);
    c.table([{ 'ünïcödé 字': '全角', e: '😀' }]);
    c.table('not tabular');
    c.table(null);
    c.table([]);
    c.table([{ a: 1 }, { b: 2 }], ['b', 'z']);
  },
  validation(c, C, streams) {
    const attempts = [
      () => new C(),
      () => new C({}),
      () => new C({ stdout: streams.stdout, stderr: {} }),
      () => new C({ stdout: streams.stdout, colorMode: 'yes' }),
      () => new C({ stdout: streams.stdout, groupIndentation: 2000 }),
      () => new C({ stdout: streams.stdout, groupIndentation: 'x' }),
      () => new C({ stdout: streams.stdout, inspectOptions: 'x' }),
      () => new C({ stdout: streams.stdout, inspectOptions: { colors: true }, colorMode: true }),
      () => c.table([], 'notarray'),
    ];
    for (const f of attempts) {
      try {
        f();
        c.log('no error');
      } catch (e) {
        c.log(`${e.name} ${e.code} ${e.message}`);
      }
    }
  },
  options(c, C, streams) {
    const c2 = new C({ stdout: streams.stdout, stderr: streams.stderr, groupIndentation: 4, inspectOptions: { depth: 0, breakLength: 20 } });
    c2.group('four');
    c2.log({ a: { b: 1 }, long: 'x'.repeat(30) });
    c2.groupEnd();
    const c3 = new C({ stdout: streams.stdout, colorMode: true });
    c3.log({ a: 1, s: 'str' });
    c3.error('to stdout too');
    const c4 = new C(streams.stdout, streams.stderr);
    c4.error('positional');
    const c5 = C({ stdout: streams.stdout });
    c5.log('called without new', c5 instanceof C);
    const { log } = c2;
    log('detached');
  },
  trace(c) {
    c.trace('here %d', 5);
  },
  timers(c) {
    c.time();
    c.timeLog(undefined, 'data', { x: 1 });
    c.timeEnd();
    c.time('label');
    c.timeEnd('label');
  },
};

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('console');
  const Theirs = require('console').Console;
  const Ours = ours.Console;
  const warnings = [];
  const onWarning = (w) => warnings.push(w.message);
  process.on('warning', onWarning);
  for (const [name, script] of Object.entries(scripts)) {
    const run = (C) => {
      const streams = makeStreams();
      const c = new C({ stdout: streams.stdout, stderr: streams.stderr });
      script(c, C, streams);
      let text = streams.out.join('');
      // Stack frames and durations differ by where and when they ran.
      text = text.replace(/\n {4}at .*/g, '\n    at <frame>').replace(/(\n    at <frame>)+/g, '\n    at <frames>');
      text = text.replace(/: \d+(\.\d+)?(ms|s)/g, ': <duration>');
      return text;
    };
    t.same(run(Ours), run(Theirs), `script ${name}`);
  }
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);

  // Warnings for unknown labels, compared with node's.
  const collect = async (C) => {
    const msgs = [];
    const on = (w) => msgs.push(`${w.name}: ${w.message}`);
    process.on('warning', on);
    const s = makeStreams();
    const c = new C({ stdout: s.stdout });
    c.countReset('nope');
    c.timeEnd('nope');
    c.timeLog('nope');
    c.time('dup');
    c.time('dup');
    await new Promise((r) => setImmediate(r));
    process.off('warning', on);
    return msgs.join('\n');
  };
  t.same(await collect(Ours), await collect(Theirs), 'label warnings');

  // Duration format, per Node's docs and source behaviour.
  const ft = Ours._formatTime;
  const expect = [[0.1234, '0.123ms'], [999.9999, '1000ms'], [1000, '1.000s'], [1234.5678, '1.235s'],
    [60000, '1:00.000 (m:ss.mmm)'], [61234.8, '1:01.235 (m:ss.mmm)'], [3600000, '1:00:00.000 (h:mm:ss.mmm)'],
    [3723004, '1:02:03.004 (h:mm:ss.mmm)']];
  for (const [ms, s] of expect) t.same(ft(ms), s, `formatTime(${ms})`);

  // The global console writes to process.stdout/stderr when used.
  const written = [];
  const realWrite = process.stdout.write;
  process.stdout.write = (s) => { written.push(s); return true; };
  try {
    ours.log('global %s', 'console');
    ours.group();
    ours.info('indented');
  } finally {
    process.stdout.write = realWrite;
    ours.groupEnd();
  }
  t.same(written.join(''), 'global console\n  indented\n', 'global console');
  t.same(ours instanceof Ours, true, 'global console instanceof Console');
  t.same(JSON.stringify(Object.keys(ours).sort()), JSON.stringify(Object.keys(require('console')).sort()), 'global console keys');
};
