'use strict';

// util.inspect and util.format: a corpus of values under many option sets,
// compared with node's own util.

const util = require('util');

const { corpus, optionSets } = require('../../fixtures/runtime/support/inspect_corpus');

module.exports = function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('internal/util/inspect');
  const ourUtil = load('util');
  const entries = corpus();
  for (const [name, make] of entries) {
    for (const opts of optionSets) {
      let expected;
      try {
        expected = opts === undefined ? util.inspect(make()) : util.inspect(make(), opts);
      } catch (e) {
        expected = `THROWS ${e.message}`;
      }
      let actual;
      try {
        actual = opts === undefined ? ours.inspect(make()) : ours.inspect(make(), opts);
      } catch (e) {
        actual = `THROWS ${e.stack}`;
      }
      t.same(actual, expected, `inspect(${name}, ${JSON.stringify(opts)})`);
    }
  }
  // Legacy signature and defaults.
  t.same(ours.inspect({ a: { b: { c: { d: 1 } } } }, false, 0, false),
    util.inspect({ a: { b: { c: { d: 1 } } } }, false, 0, false), 'legacy signature');
  t.same(ours.inspect({ a: 1 }, true), util.inspect({ a: 1 }, true), 'legacy showHidden');
  t.same(ourUtil.inspect, ours.inspect, 'util.inspect is inspect');
  t.same(ours.inspect.custom, util.inspect.custom, 'inspect.custom symbol');
  t.same(JSON.stringify(Object.keys(ours.inspect.colors)), JSON.stringify(Object.keys(util.inspect.colors)), 'color names');
  t.same(JSON.stringify(ours.inspect.colors.grey), JSON.stringify(util.inspect.colors.grey), 'grey alias');
  t.same(JSON.stringify({ ...ours.inspect.styles }), JSON.stringify({ ...util.inspect.styles }), 'styles');
  t.same(JSON.stringify(ours.inspect.defaultOptions), JSON.stringify(util.inspect.defaultOptions), 'defaultOptions');

  // util.format
  const formatCases = [
    [], ['plain'], ['%s', 'str'], ['%s', 42], ['%s', -0], ['%s', 12n], ['%s', Symbol('s')],
    ['%s', null], ['%s', undefined], ['%s', { a: { b: { c: 1 } } }], ['%s', [1, [2, [3]]]],
    ['%s', new Date(0)], ['%s', { toString() { return 'TS'; } }],
    ['%s', new (class C { toString() { return 'C!'; } })()], ['%s', new (class D {})()],
    ['%s', Object.create(null)], ['%s', stacklessError('msg')],
    ['%d', 42], ['%d', '42'], ['%d', 1.5], ['%d', -0], ['%d', 10n], ['%d', Symbol('x')], ['%d', {}], ['%d', ''],
    ['%i', 42.9], ['%i', '-3.7'], ['%i', 5n], ['%i', Symbol('y')], ['%f', '1.25'], ['%f', Symbol('z')], ['%f', 'abc'],
    ['%j', { a: [1] }], ['%j', 'str'], ['%j', (() => { const o = {}; o.o = o; return o; })()], ['%j', undefined],
    ['%o', { a: [1, 2], f() {} }], ['%O', { a: { b: { c: { d: 1 } } } }], ['%o', [1, 2, 3]],
    ['%c styled %s', 'color: red', 'x'], ['100%'], ['100%%'], ['%%s', 1], ['%s%%', 1], ['%x', 1],
    ['%s %s', 'only one'], ['a', 'b', 3, { c: 4 }], [1, 2, 3], [{ a: 1 }, 'str'], ['%s:%s', 'a', 'b', 'extra', 4],
    ['%', 1], ['%s'], ['%%', 'x'], ['trailing %'], ['%d%d', 1, 2], ['%s', 'a\nb'], [Symbol('first')],
    ['%s', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], ['%O', 'str'], ['%s', new Map([[1, 2]])], ['%s', new Set([1])],
    ['%s', () => {}], ['%s', class Q {}], ['%s', new Error('with stack').message],
    ['%s', { [Symbol.toPrimitive]() { return 'prim'; } }],
  ];
  for (const args of formatCases) {
    t.same(ours.format(...args), util.format(...args), `format(${args.map((a) => typeof a === 'symbol' ? a.toString() : typeof a).join(', ')}) ${typeof args[0] === 'string' ? JSON.stringify(args[0]) : ''}`);
  }
  for (const opts of [{ colors: true }, { depth: 0 }, { compact: false }]) {
    for (const args of [['%s %O', 'a', { b: [1, { c: 2 }] }], [{ x: 1 }, 'y'], ['%o', { a: 1 }]]) {
      t.same(ours.formatWithOptions(opts, ...args), util.formatWithOptions(opts, ...args), `formatWithOptions(${JSON.stringify(opts)}, ${JSON.stringify(args[0])})`);
    }
  }
};

function stacklessError(message) {
  const e = new Error(message);
  e.stack = e.stack.split('\n')[0];
  return e;
}
