'use strict';
// A small console until lib/console.js lands (the bootstrap prefers that
// one whenever it exists).

function create(process, inspect) {
  const format = (args) => {
    const util = globalThis.__nodusFormat;
    if (util) return util(...args);
    return args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  };
  const out = (...args) => process.stdout.write(format(args) + '\n');
  const err = (...args) => process.stderr.write(format(args) + '\n');
  const counts = new Map();
  const timers = new Map();
  return {
    log: out,
    info: out,
    debug: out,
    error: err,
    warn: err,
    trace: (...args) => {
      const e = new Error(format(args));
      e.name = 'Trace';
      process.stderr.write(e.stack + '\n');
    },
    dir: (obj) => out(obj),
    assert: (value, ...args) => {
      if (!value) err('Assertion failed' + (args.length ? ': ' + format(args) : ''));
    },
    count: (label = 'default') => {
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      out(`${label}: ${n}`);
    },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timers.set(label, process.hrtime.bigint()),
    timeEnd: (label = 'default') => {
      const start = timers.get(label);
      if (start === undefined) return;
      timers.delete(label);
      out(`${label}: ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(3)}ms`);
    },
    group: () => {},
    groupEnd: () => {},
    table: (data) => out(data),
  };
}

module.exports = { create };
