'use strict';

// util.inspect and util.format: a corpus of values under many option sets,
// compared with node's own util.

const util = require('util');

// Each entry builds a fresh value so getters and iterators start alike for
// both implementations.
function corpus() {
  const c = [];
  const add = (name, make) => c.push([name, make]);
  // Primitives.
  for (const v of [0, -0, 1, -1.5, 1e21, 1234567.891, NaN, Infinity, -Infinity, 2 ** 53,
    123456789n, -98765432109876n, 0n, true, false, undefined, null]) {
    add(`prim ${String(v)}`, () => v);
  }
  const strings = ['', 'a', "it's", 'say "hi"', `it's "x"`, "it's \"x\" `y`", "it's \"x\" ${y}",
    'tab\tnl\nret\r', '\x00\x01\x7f\x9f', 'back\\slash', '\ud800', 'a\udc00b', '😀 emoji', 'ünïcödé',
    'x'.repeat(200), 'line one\nline two\nline three that is quite long indeed '.repeat(4),
    'multi\nline', `${'y'.repeat(30)}\n${'z'.repeat(30)}\n${'w'.repeat(80)}`];
  for (const s of strings) add(`string ${JSON.stringify(s).slice(0, 30)}`, () => s);
  add('symbol', () => Symbol('desc'));
  add('symbol empty', () => Symbol());
  add('symbol for', () => Symbol.for('reg'));
  add('symbol iterator', () => Symbol.iterator);
  add('symbol with newline', () => Symbol('a\nb'));
  // Arrays.
  add('empty array', () => []);
  add('small array', () => [1, 'two', [3, [4, [5, [6]]]]]);
  add('holes', () => [1, , 3, , , 6]); // eslint-disable-line no-sparse-arrays
  add('only holes', () => new Array(5));
  add('hole at end', () => { const a = [1, 2]; a.length = 4; return a; });
  add('array extra props', () => Object.assign([1, 2], { foo: 'bar', 'x-y': 1 }));
  add('array extra symbol', () => Object.assign([1], { [Symbol('s')]: 2 }));
  add('array 7 numbers', () => [1, 2, 3, 4, 5, 6, 7]);
  add('array 26 numbers', () => Array.from({ length: 26 }, (_, i) => i));
  add('array 150 numbers', () => Array.from({ length: 150 }, (_, i) => i * 3));
  add('array of strings', () => 'the quick brown fox jumps over the lazy dog again and again'.split(' '));
  add('array of long strings', () => Array.from({ length: 10 }, (_, i) => 'word'.repeat(i + 1)));
  add('array mixed lengths', () => [1, 22, 333, 4444, 55555, 666666, 7777777, 'a', 'bb']);
  add('array of objects', () => Array.from({ length: 8 }, (_, i) => ({ i })));
  add('array of arrays', () => Array.from({ length: 4 }, (_, i) => [i, i * 2, [i]]));
  add('nested arrays deep', () => [[[[[[1]]]]]]);
  add('array bigints', () => Array.from({ length: 9 }, (_, i) => BigInt(i) * 1000n));
  add('array subclass', () => { class MyArr extends Array {} return MyArr.from([1, 2]); });
  add('null proto array', () => Object.setPrototypeOf([1, 2], null));
  add('array negative zero', () => [-0, 0, -0]);
  // Objects.
  add('empty object', () => ({}));
  add('simple object', () => ({ a: 1, b: 'two', c: null, d: undefined }));
  add('nested object', () => ({ a: { b: { c: { d: { e: 1 } } } } }));
  add('quoted keys', () => ({ 'a-b': 1, 'with space': 2, '0': 3, 'ünï': 4, "it's": 5, __proto__x: 6 }));
  add('__proto__ own key', () => JSON.parse('{"__proto__": 1}'));
  add('symbol keys', () => ({ [Symbol('k')]: 1, [Symbol.iterator]: 2, [Symbol('a\nb')]: 3 }));
  add('non-enumerable', () => Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }));
  add('getters', () => ({ get g() { return 42; }, set s(v) {}, get gs() { return { x: 1 }; }, set gs(v) {} }));
  add('getter null', () => ({ get n() { return null; } }));
  add('getter throws', () => ({ get t() { throw new Error('nope'); } }));
  add('null prototype', () => Object.assign(Object.create(null), { a: 1 }));
  add('null prototype empty', () => Object.create(null));
  add('class instance', () => { class Foo { constructor() { this.x = 1; } } return new Foo(); });
  add('class instance empty', () => { class Bar {} return new Bar(); });
  add('anonymous class instance', () => new (class {})());
  add('object with toStringTag', () => ({ [Symbol.toStringTag]: 'Tagged', a: 1 }));
  add('class with toStringTag', () => { class T { get [Symbol.toStringTag]() { return 'Tg'; } } return new T(); });
  add('proto without constructor', () => Object.create({ a: 1 }));
  add('proto chain null', () => Object.create(Object.create(null)));
  add('long object', () => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i])));
  add('wide object', () => ({ alpha: 'a'.repeat(40), beta: 'b'.repeat(40), gamma: 'c'.repeat(40) }));
  add('object with array', () => ({ list: [1, 2, 3], nested: { list: Array.from({ length: 20 }, (_, i) => i) } }));
  add('object many levels', () => ({ l1: { l2: { l3: { l4: 'deep' } }, s: [1, { a: [2] }] } }));
  add('circular', () => { const o = { name: 'o' }; o.self = o; return o; });
  add('circular pair', () => { const a = { n: 'a' }; const b = { n: 'b', a }; a.b = b; return [a, b]; });
  add('circular deep', () => { const o = { x: { y: {} } }; o.x.y.back = o; o.x.y.x = o.x; return o; });
  add('circular array', () => { const a = [1]; a.push(a); return a; });
  add('circular map', () => { const m = new Map(); m.set('self', m); return m; });
  add('custom inspect', () => ({ [util.inspect.custom]() { return 'CUSTOM'; } }));
  add('custom inspect object', () => ({ inner: { [util.inspect.custom]() { return { replaced: true }; } } }));
  add('custom inspect multiline', () => ({ a: { [util.inspect.custom]() { return 'x\ny'; } } }));
  add('custom inspect depth', () => ({ a: { b: { [util.inspect.custom](depth, opts) { return `d=${depth} od=${opts.depth}`; } } } }));
  add('custom inspect stylize', () => ({ [util.inspect.custom](d, opts) { return opts.stylize('styled', 'special'); } }));
  add('custom inspect returns this', () => { const o = { a: 1 }; o[util.inspect.custom] = function() { return this; }; return o; });
  add('custom inspect inspect arg', () => ({ [util.inspect.custom](d, o, insp) { return insp([1, 2], o); } }));
  add('inspect legacy', () => ({ inspect() { return 'legacy'; } }));
  // Functions and classes.
  add('function', () => function named() {});
  add('anonymous function', () => (() => function() {})());
  add('arrow', () => { const arrow = () => {}; return arrow; });
  add('async function', () => async function af() {});
  add('generator', () => function* gen() {});
  add('async generator', () => async function* agen() {});
  add('function with props', () => Object.assign(function withProps() {}, { a: 1 }));
  add('class', () => class Klass {});
  add('class extends', () => { class Base {} return class Derived extends Base {}; });
  add('anonymous class', () => (() => class {})());
  add('class with static', () => { class S { static x = 1; } return S; });
  add('class extends null', () => class N extends null {});
  add('bound function', () => function b() {}.bind(null));
  add('null proto function', () => Object.setPrototypeOf(function np() {}, null));
  add('builtin function', () => Math.max);
  add('function name property', () => Object.defineProperty(function x() {}, 'name', { value: 'renamed' }));
  add('class w/ comment', () => class /* c */ C2 { m() {} });
  // Boxed primitives.
  add('boxed number', () => new Number(3)); // eslint-disable-line no-new-wrappers
  add('boxed -0', () => new Number(-0)); // eslint-disable-line no-new-wrappers
  add('boxed string', () => new String('abc')); // eslint-disable-line no-new-wrappers
  add('boxed string props', () => Object.assign(new String('ab'), { extra: 1 })); // eslint-disable-line no-new-wrappers
  add('boxed boolean', () => new Boolean(false)); // eslint-disable-line no-new-wrappers
  add('boxed symbol', () => Object(Symbol('bx')));
  add('boxed bigint', () => Object(5n));
  // Collections.
  add('map', () => new Map([['a', 1], [{ k: 1 }, [1, 2]], [NaN, undefined]]));
  add('empty map', () => new Map());
  add('map with props', () => Object.assign(new Map([[1, 2]]), { extra: true }));
  add('big map', () => new Map(Array.from({ length: 120 }, (_, i) => [i, `v${i}`])));
  add('set', () => new Set([1, 'two', { three: 3 }, [4]]));
  add('empty set', () => new Set());
  add('big set', () => new Set(Array.from({ length: 130 }, (_, i) => i)));
  add('map subclass', () => { class MyMap extends Map {} return new MyMap([[1, 2]]); });
  add('null proto set', () => Object.setPrototypeOf(new Set([1]), null));
  add('null proto map', () => Object.setPrototypeOf(new Map([[1, 2]]), null));
  add('map iterator', () => new Map([[1, 2], [3, 4]]).entries());
  add('map keys iterator', () => new Map([[1, 2], [3, 4]]).keys());
  add('map values iterator advanced', () => { const it = new Map([[1, 2], [3, 4]]).values(); it.next(); return it; });
  add('set iterator', () => new Set([1, 2, 3]).values());
  add('set entries iterator', () => new Set([1, 2]).entries());
  add('weakmap', () => new WeakMap([[{}, 1]]));
  add('weakset', () => new WeakSet([{}]));
  add('array iterator', () => [1, 2][Symbol.iterator]());
  add('generator object', () => (function* g() { yield 1; })());
  // Binary.
  add('uint8array', () => new Uint8Array([1, 2, 255]));
  add('float64array', () => new Float64Array([1.5, -0, NaN]));
  add('bigint64array', () => new BigInt64Array([1n, -2n]));
  add('empty typed array', () => new Int16Array(0));
  add('big typed array', () => new Uint8Array(300));
  add('typed array props', () => Object.assign(new Uint8Array(2), { p: 1 }));
  add('typed array subclass', () => { class MyU8 extends Uint8Array {} return new MyU8(3); });
  add('arraybuffer', () => new Uint8Array([1, 2, 3, 254]).buffer);
  add('big arraybuffer', () => new ArrayBuffer(120));
  add('empty arraybuffer', () => new ArrayBuffer(0));
  add('sharedarraybuffer', () => new SharedArrayBuffer(4));
  add('dataview', () => new DataView(new ArrayBuffer(4), 1, 2));
  add('buffer-like nested', () => ({ buf: new Uint8Array(4).buffer, view: new Uint16Array(2) }));
  // Dates, regexps.
  add('date', () => new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)));
  add('invalid date', () => new Date(NaN));
  add('date props', () => Object.assign(new Date(0), { x: 1 }));
  add('date subclass', () => { class D extends Date {} return new D(0); });
  add('regexp', () => /ab+c/gimsuy);
  add('regexp props', () => Object.assign(/x/, { y: 1 }));
  add('regexp subclass', () => { class R extends RegExp {} return new R('q'); });
  add('null proto regexp', () => Object.setPrototypeOf(/z/, null));
  // Errors (no stack lines: they would differ only by where they were made).
  const stackless = (e) => { e.stack = e.stack.split('\n')[0]; return e; };
  add('error stackless', () => stackless(new Error('boom')));
  add('type error stackless', () => stackless(new TypeError('bad')));
  add('error no message', () => stackless(new Error()));
  add('error extra props', () => Object.assign(stackless(new Error('x')), { code: 'E_X', info: { a: 1 } }));
  add('error with cause', () => stackless(new Error('outer', { cause: stackless(new Error('inner')) })));
  add('error with primitive cause', () => stackless(new Error('o', { cause: 'str' })));
  add('error undefined cause', () => stackless(new Error('o', { cause: undefined })));
  add('aggregate error', () => stackless(new AggregateError([stackless(new Error('a')), 1], 'agg')));
  add('error name changed', () => { const e = new Error('m'); e.name = 'Custom'; return stackless(e); });
  add('error subclass', () => { class MyError extends Error {} return stackless(new MyError('sub')); });
  add('error subclass named', () => { class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } } return stackless(new MyError('sub')); });
  add('error null proto', () => Object.setPrototypeOf(stackless(new Error('np')), null));
  add('error no stack', () => { const e = new Error('ns'); e.stack = undefined; return e; });
  add('error stack not string', () => { const e = new Error('ns'); e.stack = 5; return e; });
  add('error message own enumerable', () => { const e = stackless(new Error('own')); Object.defineProperty(e, 'message', { enumerable: true, value: 'own' }); return e; });
  add('error real stack', () => { const e = new RangeError('with frames'); e.stack = 'RangeError: with frames\n    at f (/a/b.js:1:2)\n    at g (/a/node_modules/pkg/c.js:3:4)\n    at node:internal/main:1:1'; return e; });
  add('error in object', () => ({ err: (() => { const e = new Error('inner'); e.stack = 'Error: inner\n    at x (/f.js:1:1)'; return e; })() }));
  add('error cause frames', () => {
    const frames = '\n    at a (/f.js:1:1)\n    at b (/f.js:2:1)\n    at c (/f.js:3:1)\n    at d (/f.js:4:1)\n    at e (/f.js:5:1)';
    const cause = new Error('c'); cause.stack = `Error: c${frames}`;
    const e = new Error('o', { cause }); e.stack = `Error: o\n    at z (/f.js:9:1)${frames}`;
    return e;
  });
  // Promises and proxies.
  add('promise resolved', () => Promise.resolve({ v: 1 }));
  add('promise pending', () => new Promise(() => {}));
  add('promise rejected', () => { const p = Promise.reject(3); p.catch(() => {}); return p; });
  add('promise props', () => Object.assign(Promise.resolve(1), { tag: 'x' }));
  add('proxy object', () => new Proxy({ a: 1 }, {}));
  add('proxy function', () => new Proxy(function pf() {}, {}));
  add('proxy array', () => new Proxy([1, 2], {}));
  add('revoked proxy', () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; });
  add('proxy with traps', () => new Proxy({ a: 1 }, { get() { return 'trapped'; } }));
  // Misc.
  add('arguments', function() { return (function() { return arguments; })(1, 'a'); });
  add('empty arguments', function() { return (function() { return arguments; })(); });
  add('globalThis-like', () => ({ Math, JSON }));
  add('module-like', () => ({ [Symbol.toStringTag]: 'Module' }));
  add('number keys', () => ({ 1: 'a', 2: 'b', 10: 'c' }));
  add('mixed deep', () => ({ a: [new Map([[1, new Set([[1, 2]])]])], b: { c: new Date(0), d: /r/ } }));
  add('long array of objects', () => Array.from({ length: 30 }, (_, i) => ({ id: i, name: `n${i}` })));
  add('strings in object long', () => ({ text: 'lorem ipsum dolor sit amet '.repeat(8) }));
  add('multiline string in object', () => ({ text: 'first line\nsecond line\n'.repeat(6) }));
  add('nested empty', () => ({ a: {}, b: [], c: new Map(), d: new Set(), e: Object.create(null) }));
  add('sorted candidates', () => ({ zeta: 1, alpha: 2, mid: { z: 1, a: 2 } }));
  add('object with numbers', () => ({ big: 123456789012, small: 0.000001234, neg: -1234567.5, bi: 12345678901234567890n }));
  add('toStringTag on null proto', () => Object.create(null, { [Symbol.toStringTag]: { value: 'X' } }));
  add('frozen', () => Object.freeze({ f: 1 }));
  add('tag is constructor name', () => { class Same { get [Symbol.toStringTag]() { return 'Same'; } } return new Same(); });
  add('constructor non-function', () => ({ constructor: 'str' }));
  add('array of functions', () => [function a() {}, () => {}, class B {}]);
  add('deep array depth', () => ({ a: [[[[1]]]] }));
  add('array with long entry', () => [1, 2, 3, 4, 5, 6, 'x'.repeat(100)]);
  add('array of 16 short strings', () => Array.from({ length: 16 }, (_, i) => String.fromCharCode(97 + i)));
  add('array 7 mixed', () => [1, 'a', 2, 'b', 3, 'c', 4]);
  add('array with undefined and null', () => [undefined, null, undefined, null, 1, 2, 3, 4]);
  return c;
}

const optionSets = [
  undefined,
  {},
  { depth: 0 },
  { depth: 1 },
  { depth: null },
  { depth: Infinity },
  { colors: true },
  { showHidden: true },
  { compact: false },
  { compact: true },
  { compact: 1 },
  { breakLength: 40 },
  { breakLength: Infinity },
  { breakLength: 80 },
  { sorted: true },
  { getters: true },
  { getters: 'get' },
  { getters: 'set' },
  { maxArrayLength: 2 },
  { maxArrayLength: 0 },
  { maxArrayLength: null },
  { maxStringLength: 4 },
  { numericSeparator: true },
  { customInspect: false },
  { showProxy: true },
  { compact: false, breakLength: 20, colors: true },
  { depth: 5, compact: 2, breakLength: 60, sorted: true },
];

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
