'use strict';

// node:assert: every assertion, passing and failing, compared with node's
// assert by error class, code, message, generatedMessage and operator.

const util = require('util');

function outcome(fn) {
  try {
    const r = fn();
    return `returned ${util.inspect(r)}`;
  } catch (e) {
    return `${e.name}|${e.code}|${JSON.stringify(e.message)}|${e.generatedMessage}|${e.operator}|${e instanceof Error}`;
  }
}

async function asyncOutcome(fn) {
  try {
    const r = await fn();
    return `resolved ${util.inspect(r)}`;
  } catch (e) {
    return `${e.name}|${e.code}|${JSON.stringify(e.message)}|${e.generatedMessage}|${e.operator}`;
  }
}

const big = (n) => Array.from({ length: n }, (_, i) => ({ id: i, name: `item${i}` }));
// Falsy-value messages quote the call's source: one statement per line, as
// Node's parser needs (an assert call inside a longer comma expression falls
// back to `value == true` in Node).
function okFalse(A) {
  A(false);
}
function okMultiline(A) {
  A(
    1 === 2,
  );
}
function okTypeof(A) {
  A.ok(typeof 123 === 'string');
}
function strictZero(A) {
  A.strict(0);
}
function okNullUndefined(A) {
  A(null, undefined);
}

const cases = [
  okFalse, okMultiline, okTypeof, strictZero, okNullUndefined,
  (A) => A(true), (A) => A(0, 'custom message'), (A) => A(),
  (A) => A(false, new TypeError('own error')),
  (A) => A.equal(1, 1), (A) => A.equal(1, '1'), (A) => A.equal(1, 2), (A) => A.equal(NaN, NaN), (A) => A.equal('a', 'b', 'msg'),
  (A) => A.equal(1), (A) => A.notEqual(1, '1'), (A) => A.notEqual(1, 2), (A) => A.notEqual(NaN, NaN),
  (A) => A.strictEqual(1, 1), (A) => A.strictEqual(1, 2), (A) => A.strictEqual(1, '1'), (A) => A.strictEqual(-0, 0),
  (A) => A.strictEqual(NaN, NaN), (A) => A.strictEqual('a'.repeat(10), 'b'), (A) => A.strictEqual('hello world', 'hello there'),
  (A) => A.strictEqual({ a: 1 }, { a: 1 }), (A) => A.strictEqual([1, 2, 3], [1, 2, 4]), (A) => A.strictEqual(() => {}, () => {}),
  (A) => A.strictEqual(null, undefined), (A) => A.strictEqual(true, 'true'), (A) => A.strictEqual(1n, 1),
  (A) => A.strictEqual('x'.repeat(100), 'x'.repeat(99) + 'y'), (A) => A.strictEqual('line1\nline2', 'line1\nline3'),
  (A) => A.strictEqual(Symbol('a'), Symbol('a')), (A) => A.strictEqual(1, 2, 'failed'),
  (A) => A.notStrictEqual(1, 1), (A) => A.notStrictEqual('longer string', 'longer string'), (A) => A.notStrictEqual(1, 2),
  (A) => { const o = { a: 1 }; A.notStrictEqual(o, o); }, (A) => { const o = { a: [1, 2] }; A.notStrictEqual(o, o); },
  (A) => A.deepEqual({ a: 1 }, { a: '1' }), (A) => A.deepEqual({ a: 1 }, { a: 2 }), (A) => A.deepEqual([1, 2], [1, 2, 3]),
  (A) => A.notDeepEqual({ a: 1 }, { a: 1 }), (A) => A.notDeepEqual({ a: 1 }, { a: '1' }), (A) => A.notDeepEqual([1], [2]),
  (A) => A.deepStrictEqual({ a: 1 }, { a: 1 }), (A) => A.deepStrictEqual({ a: 1 }, { a: '1' }),
  (A) => A.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }), (A) => A.deepStrictEqual(1, '1'),
  (A) => A.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]),
  (A) => A.deepStrictEqual(big(10), big(11)), (A) => A.deepStrictEqual(big(40), [...big(39), { id: 99 }]),
  (A) => A.deepStrictEqual({ a: { b: { c: { d: 1 } } } }, { a: { b: { c: { d: 2 } } } }),
  (A) => A.deepStrictEqual(new Map([[1, 'a']]), new Map([[1, 'b']])), (A) => A.deepStrictEqual(new Set([1]), new Set([2])),
  (A) => A.deepStrictEqual({ a: Symbol.for('x') }, { a: Symbol.for('y') }), (A) => A.deepStrictEqual([1, 2], [1, 2, 3, 4, 5, 6, 7]),
  (A) => A.deepStrictEqual({ x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7 }, { x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 8 }),
  (A) => A.deepStrictEqual(new Error('a'), new Error('b')), (A) => A.deepStrictEqual([[1, 2], [3, 4]], [[1, 2], [3, 5]]),
  (A) => A.deepStrictEqual(Object.create(null), {}), (A) => A.deepStrictEqual(new Date(0), new Date(1)),
  (A) => A.deepStrictEqual('a\nb\nc\nd\ne\nf\ng', 'a\nb\nc\nd\ne\nf\nh'), (A) => A.deepStrictEqual(0, -0),
  (A) => A.deepStrictEqual([1, [2, [3, [4, [5]]]]], [1, [2, [3, [4, [6]]]]]),
  (A) => A.notDeepStrictEqual({ a: 1 }, { a: 1 }), (A) => A.notDeepStrictEqual(1, 1), (A) => A.notDeepStrictEqual('abcdef', 'abcdef'),
  (A) => A.notDeepStrictEqual({ a: 1 }, { a: 2 }),
  (A) => A.throws(() => { throw new Error('x'); }), (A) => A.throws(() => {}), (A) => A.throws(() => {}, 'with message'),
  (A) => A.throws(() => {}, TypeError), (A) => A.throws(() => {}, TypeError, 'msg'),
  (A) => A.throws(() => { throw new Error('x'); }, /x/), (A) => A.throws(() => { throw new Error('x'); }, /y/),
  (A) => A.throws(() => { throw new Error('x'); }, { message: 'x' }), (A) => A.throws(() => { throw new Error('x'); }, { message: 'z' }),
  (A) => A.throws(() => { throw new Error('x'); }, { message: /x/, name: 'Error' }),
  (A) => A.throws(() => { throw new TypeError('t'); }, { name: 'RangeError', message: 't' }),
  (A) => A.throws(() => { throw new Error('x'); }, TypeError), (A) => A.throws(() => { throw new TypeError('x'); }, TypeError),
  (A) => A.throws(() => { throw new Error('x'); }, (e) => e.message === 'x'), (A) => A.throws(() => { throw new Error('x'); }, function check() { return false; }),
  (A) => A.throws(() => { throw 'str'; }, { a: 1 }), (A) => A.throws(() => { throw new Error('x'); }, {}),
  (A) => A.throws(() => { throw new Error('x'); }, 'x'), (A) => A.throws(() => { throw new Error('m'); }, 'm'),
  (A) => A.throws(() => { throw new Error('x'); }, 5), (A) => A.throws('notfn'),
  (A) => A.throws(() => { throw new Error('x'); }, new Error('x')), (A) => A.throws(() => { throw new Error('x'); }, new Error('y')),
  (A) => A.throws(() => { throw { code: 'E1', extra: 1 }; }, { code: 'E2' }),
  (A) => A.doesNotThrow(() => {}), (A) => A.doesNotThrow(() => { throw new Error('boom'); }),
  (A) => A.doesNotThrow(() => { throw new Error('boom'); }, 'message'), (A) => A.doesNotThrow(() => { throw new TypeError('boom'); }, RangeError),
  (A) => A.doesNotThrow(() => { throw new TypeError('boom'); }, TypeError), (A) => A.doesNotThrow(() => { throw new Error('boom'); }, /boom/),
  (A) => A.match('abc', /b/), (A) => A.match('abc', /x/), (A) => A.match(123, /x/), (A) => A.match('abc', 'x'),
  (A) => A.doesNotMatch('abc', /x/), (A) => A.doesNotMatch('abc', /b/), (A) => A.match('abc', /x/, 'custom'),
  (A) => A.fail(), (A) => A.fail('boom'), (A) => A.fail(new TypeError('own')),
  (A) => A.ifError(null), (A) => A.ifError(undefined), (A) => A.ifError(new Error('ife')), (A) => A.ifError('str'),
  (A) => A.ifError(new TypeError('')), (A) => A.ifError({ message: 'obj' }),
  (A) => A.strict.equal(1, '1'), (A) => A.strict.deepEqual({ a: 1 }, { a: '1' }),
  (A) => A.strictEqual('hello world', 'hello there', 'm'), (A) => A.deepStrictEqual({ a: Symbol.for('x') }, { a: Symbol.for('x') }, 'm'),
  (A) => A.notStrictEqual(1, 1, 'm'), (A) => A.deepEqual(1, 2, 'm'), (A) => A.strictEqual({ a: 1 }, { b: 2 }, 'failed'),
  (A) => A.strict.notEqual(1, 1), (A) => A.strict.notDeepEqual([1], [1]),
];

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const O = load('assert');
  const N = require('assert');
  cases.forEach((c, i) => {
    t.same(outcome(() => c(O)), outcome(() => c(N)), `case ${i}: ${c.toString().slice(7, 70)}`);
  });
  const asyncCases = [
    (A) => A.rejects(Promise.reject(new Error('r'))), (A) => A.rejects(Promise.resolve(1)),
    (A) => A.rejects(() => Promise.reject(new Error('r')), /r/), (A) => A.rejects(() => Promise.reject(new Error('r')), /q/),
    (A) => A.rejects(() => 5), (A) => A.rejects(5), (A) => A.rejects(async () => {}, TypeError),
    (A) => A.doesNotReject(Promise.resolve(1)), (A) => A.doesNotReject(Promise.reject(new Error('dr'))),
    (A) => A.doesNotReject(() => Promise.reject(new Error('dr')), 'why'),
  ];
  for (let i = 0; i < asyncCases.length; i++) {
    t.same(await asyncOutcome(() => asyncCases[i](O)), await asyncOutcome(() => asyncCases[i](N)), `async case ${i}: ${asyncCases[i].toString().slice(7, 70)}`);
  }
  // AssertionError itself.
  const make = (AE) => new AE({ actual: 1, expected: 2, operator: 'strictEqual' });
  const a = make(O.AssertionError);
  const b = make(N.AssertionError);
  t.same(`${a.name}|${a.code}|${a.message}|${String(a)}|${a.stack.split('\n')[0]}`, `${b.name}|${b.code}|${b.message}|${String(b)}|${b.stack.split('\n')[0]}`, 'AssertionError shape');
  const strip = (s) => s.split('\n').filter((l) => !l.startsWith('    at ')).join('\n');
  t.same(strip(util.inspect(a)), strip(util.inspect(b)), 'AssertionError inspect');
  t.same(JSON.stringify(Object.keys(a)), JSON.stringify(Object.keys(b)), 'AssertionError keys');
  t.same(outcome(() => new O.AssertionError()), outcome(() => new N.AssertionError()), 'AssertionError without options');
  t.same(O.strict.strict === O.strict, true, 'strict.strict');
  t.same(load('assert/strict'), O.strict, 'node:assert/strict');
  t.same(JSON.stringify(Object.keys(O).sort()), JSON.stringify(Object.keys(N).filter((k) => k !== 'CallTracker').sort()), 'exports');
};
