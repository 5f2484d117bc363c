'use strict';

// node:util beyond inspect/format: types, isDeepStrictEqual, promisify,
// callbackify, inherits, deprecate, styleText, stripVTControlCharacters.

const util = require('util');

function values() {
  return [
    undefined, null, 0, 'str', 1n, Symbol('s'), true, {}, [], [1, 2], new Date(0), new Date(1), /a/g, /a/i,
    new Error('e'), new TypeError('e'), new Map(), new Map([[1, { a: 1 }]]), new Set([1, 2]), new Set([2, 1]),
    new WeakMap(), new WeakSet(), Promise.resolve(1), new Uint8Array([1, 2]), new Int8Array([1, 2]),
    new Float64Array([NaN]), new ArrayBuffer(2), new SharedArrayBuffer(2), new DataView(new ArrayBuffer(1)),
    function f() {}, async function af() {}, function* g() {}, (function* g() {})(), new Proxy({}, {}),
    new Number(1), new String('s'), new Boolean(true), Object(Symbol('x')), Object(2n), // eslint-disable-line no-new-wrappers
    new Map().entries(), new Set().values(), (function() { return arguments; })(), Object.create(null),
    [1, [2, { a: 3 }]], { a: 1, b: 2 }, { b: 2, a: 1 }, { a: undefined }, {}, -0, 0, NaN,
    Object.assign([1], { x: 1 }), new BigInt64Array(1), new Uint8ClampedArray(1), new Float32Array([1]),
  ];
}

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('util');

  // types
  const vals = values();
  for (const name of Object.keys(util.types)) {
    if (name === 'isKeyObject' || name === 'isCryptoKey') continue;
    const fn = ours.types[name];
    if (typeof fn !== 'function') {
      t.same('missing', 'function', `types.${name}`);
      continue;
    }
    vals.forEach((v, i) => t.same(fn(v), util.types[name](v), `types.${name}(#${i} ${util.inspect(v).slice(0, 20)})`));
  }

  // isDeepStrictEqual over all pairs of a corpus, plus tricky pairs.
  const a = values();
  const b = values();
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      t.same(ours.isDeepStrictEqual(a[i], b[j]), util.isDeepStrictEqual(a[i], b[j]),
        `isDeepStrictEqual(#${i} ${util.inspect(a[i]).slice(0, 15)}, #${j} ${util.inspect(b[j]).slice(0, 15)})`);
    }
  }
  const cyc = () => { const o = { a: 1 }; o.self = o; return o; };
  const pairs = [
    [cyc(), cyc()], [[1, , 3], [1, undefined, 3]], [new Set([{ a: 1 }]), new Set([{ a: 1 }])], // eslint-disable-line no-sparse-arrays
    [new Set([{ a: 1 }]), new Set([{ a: 2 }])], [new Map([[{ k: 1 }, 'v']]), new Map([[{ k: 1 }, 'v']])],
    [new Map([[1, 'a']]), new Map([[1, 'b']])], [{ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 1 }],
    [{ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 2 }], [Object.create(null), {}], [[1, 2], { 0: 1, 1: 2, length: 2 }],
    [new Number(1), new Number(1)], [new Number(1), new Number(2)], [new Error('a'), new Error('b')], // eslint-disable-line no-new-wrappers
    [new Uint8Array([1, 2]), new Uint8Array([1, 3])], [Object.assign(new Uint8Array(1), { x: 1 }), new Uint8Array(1)],
    [{ a: [1, { b: new Date(5) }] }, { a: [1, { b: new Date(5) }] }], [{ a: [1, { b: new Date(5) }] }, { a: [1, { b: new Date(6) }] }],
    [new Set([1, '1']), new Set(['1', 1])], [[NaN], [NaN]], [[0], [-0]],
  ];
  pairs.forEach(([x, y], i) => t.same(ours.isDeepStrictEqual(x, y), util.isDeepStrictEqual(x, y), `isDeepStrictEqual pair ${i}`));

  // promisify
  const cbFn = (x, cb) => setImmediate(() => (x < 0 ? cb(new Error('neg')) : cb(null, x * 2)));
  t.same(await ours.promisify(cbFn)(21), 42, 'promisify resolves');
  t.same(await ours.promisify(cbFn)(-1).catch((e) => e.message), 'neg', 'promisify rejects');
  const custom = () => {};
  custom[util.promisify.custom] = () => 'custom!';
  t.same(ours.promisify(custom)(), 'custom!', 'promisify.custom');
  t.same(ours.promisify.custom, util.promisify.custom, 'promisify.custom symbol');
  const p1 = ours.promisify(cbFn);
  t.same(ours.promisify(p1), p1, 'promisify is idempotent');
  function withThis(cb) { cb(null, this.v); }
  t.same(await ours.promisify(withThis).call({ v: 7 }), 7, 'promisify keeps this');
  for (const bad of [1, null, {}]) {
    t.same(catchMsg(() => ours.promisify(bad)), catchMsg(() => util.promisify(bad)), `promisify(${util.inspect(bad)}) error`);
  }

  // callbackify
  const cbified = ours.callbackify(async (x) => x + 1);
  t.same(await new Promise((res) => cbified(1, (err, v) => res(`${err}|${v}`))), 'null|2', 'callbackify ok');
  const cbRej = ours.callbackify(() => Promise.reject(null)); // eslint-disable-line prefer-promise-reject-errors
  t.same(await new Promise((res) => cbRej((err) => res(`${err.code}|${err.reason}|${err.message}`))),
    'ERR_FALSY_VALUE_REJECTION|null|Promise was rejected with falsy value', 'callbackify falsy rejection');
  async function named(a, b) { return a + b; }
  const ourCb = ours.callbackify(named);
  const theirCb = util.callbackify(named);
  t.same(`${ourCb.name}/${ourCb.length}`, `${theirCb.name}/${theirCb.length}`, 'callbackify name/length');
  t.same(catchMsg(() => ourCb(1)), catchMsg(() => theirCb(1)), 'callbackify without callback');
  t.same(catchMsg(() => ours.callbackify('x')), catchMsg(() => util.callbackify('x')), 'callbackify(non-function)');

  // inherits
  function Base() {}
  Base.prototype.hello = () => 'hi';
  function Child() {}
  ours.inherits(Child, Base);
  t.same(new Child().hello(), 'hi', 'inherits prototype chain');
  t.same(Child.super_, Base, 'inherits super_');
  for (const [c, s] of [[null, Base], [function() {}, null], [function() {}, {}], [function() {}, () => {}]]) {
    t.same(catchMsg(() => ours.inherits(c, s)), catchMsg(() => util.inherits(c, s)), `inherits(${util.inspect(c)}, ${util.inspect(s)})`);
  }

  // deprecate: one warning per code, with Node's fields.
  const seen = [];
  const onWarning = (w) => seen.push(`${w.name}|${w.code}|${w.message}`);
  process.on('warning', onWarning);
  const d1 = ours.deprecate(() => 1, 'old api', 'DEP_NODUS_TEST');
  const d2 = ours.deprecate(() => 2, 'old api again', 'DEP_NODUS_TEST');
  const d3 = ours.deprecate(function K() { this.k = 1; }, 'no code');
  d1(); d1(); d2(); new d3(); new d3(); // eslint-disable-line new-cap
  await new Promise((res) => setImmediate(res));
  process.off('warning', onWarning);
  t.same(seen.join('\n'), 'DeprecationWarning|DEP_NODUS_TEST|old api\nDeprecationWarning|undefined|no code', 'deprecate warns once per code');
  for (const [fn, code] of [['x', undefined], [1, undefined], [() => {}, 5]]) {
    t.same(catchMsg(() => ours.deprecate(fn, 'm', code)), catchMsg(() => util.deprecate(fn, 'm', code)), `deprecate(${util.inspect(fn)}, m, ${code})`);
  }

  // styleText and stripVTControlCharacters
  for (const [fmt, opts] of [[['bold', 'red'], undefined], ['red', { validateStream: false }], [['underline'], undefined], ['red', undefined]]) {
    t.same(catchMsg(() => ours.styleText(fmt, 'txt', opts)), catchMsg(() => util.styleText(fmt, 'txt', opts)), `styleText(${fmt})`);
  }
  t.same(catchMsg(() => ours.styleText('nope', 'x')), catchMsg(() => util.styleText('nope', 'x')), 'styleText bad format');
  t.same(catchMsg(() => ours.styleText('red', 5)), catchMsg(() => util.styleText('red', 5)), 'styleText bad text');
  for (const s of ['\u001b[31mred\u001b[39m', '\u001b]8;;http://x\u0007link\u001b]8;;\u0007', 'plain', '\u001b[2K\u001b[1G']) {
    t.same(ours.stripVTControlCharacters(s), util.stripVTControlCharacters(s), `stripVTControlCharacters(${JSON.stringify(s)})`);
  }
  t.same(catchMsg(() => ours.stripVTControlCharacters(1)), catchMsg(() => util.stripVTControlCharacters(1)), 'stripVT bad arg');
  t.same(ours.toUSVString('a\ud800b'), util.toUSVString('a\ud800b'), 'toUSVString');
  t.same(ours.isArray([]) && !ours.isArray({}), true, 'isArray');
  t.same(JSON.stringify(ours._extend({ a: 1 }, { b: 2 })), '{"a":1,"b":2}', '_extend');
  // parseArgs over a table of configurations.
  const flagOpts = { foo: { type: 'boolean', short: 'f' }, bar: { type: 'string', short: 'b' }, m: { type: 'string', multiple: true }, v: { type: 'boolean', short: 'v', multiple: true } };
  const parseCases = [
    { args: ['-f', '--bar', 'b'], options: flagOpts }, { args: ['--unknown'] }, { args: ['pos'] }, { args: ['pos'], allowPositionals: true },
    { args: ['--bar'], options: flagOpts }, { args: ['--foo=x'], options: flagOpts }, { args: ['-fbVALUE'], options: flagOpts },
    { args: ['-vvv'], options: flagOpts }, { args: ['-bf'], options: flagOpts }, { args: ['--bar', '-x'], options: flagOpts },
    { args: ['-b', '-x'], options: flagOpts }, { args: ['--bar=-x'], options: flagOpts }, { args: ['--no-foo'], options: flagOpts, allowNegative: true },
    { args: ['--no-foo'], options: flagOpts }, { args: ['a', '--', '--b', '-c'], allowPositionals: true, tokens: true },
    { args: ['--m', '1', '--m', '2', '-fv'], options: flagOpts, tokens: true }, { args: [], options: { d: { type: 'string', default: 'dv' }, e: { type: 'boolean', default: true }, l: { type: 'string', multiple: true, default: ['a'] } } },
    { args: ['--x', '-yz', 'p'], strict: false }, { args: ['--x=1', '-y'], strict: false, tokens: true }, { options: { foo: { type: 'str' } } },
    { options: { foo: { type: 'string', short: 'ff' } } }, { options: { foo: { type: 'string', default: 1 } } }, { options: { foo: { type: 'boolean', multiple: 'yes' } } },
    { args: 'notarray' }, { args: [], strict: 'no' }, { args: ['--foo', '--bar'], options: { foo: { type: 'string' }, bar: { type: 'boolean' } } },
    { args: ['--__proto__'], strict: false }, { args: ['-'], allowPositionals: true }, { args: ['--unknown'], allowPositionals: true },
    { args: ['-abc', 'x'], options: { a: { type: 'boolean', short: 'a' }, b: { type: 'boolean', short: 'b' }, c: { type: 'string', short: 'c' } }, tokens: true },
  ];
  for (const cfg of parseCases) {
    const run = (fn) => { try { return JSON.stringify(fn(cfg)); } catch (e) { return `${e.name} ${e.code} ${e.message}`; } };
    t.same(run(ours.parseArgs), run(util.parseArgs), `parseArgs(${JSON.stringify(cfg)})`);
  }

  for (const e of [-2, -13, -98, -4095, -99999, 1, 0, 'x', -1.5, NaN]) {
    const run = (fn) => { try { return fn(e); } catch (err) { return `${err.code} ${err.message}`; } };
    t.same(run(ours.getSystemErrorName), run(util.getSystemErrorName), `getSystemErrorName(${e})`);
  }
  t.same(JSON.stringify([...ours.getSystemErrorMap()]), JSON.stringify([...util.getSystemErrorMap()]), 'getSystemErrorMap');

  const dbg = ours.debuglog('nodus_test_section');
  t.same(dbg.enabled, false, 'debuglog disabled without NODE_DEBUG');
};

function catchMsg(fn) {
  try {
    const r = fn();
    return `returned ${JSON.stringify(r)}`;
  } catch (e) {
    return `${e.name}|${e.code}|${e.message}`;
  }
}
