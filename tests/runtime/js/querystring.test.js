'use strict';

// node:querystring against node's over a table of inputs.

const util = require('util');

function show(fn) {
  try {
    const v = fn();
    return `${Object.getPrototypeOf(v ?? {}) === null ? 'nullproto ' : ''}${JSON.stringify(v)}`;
  } catch (e) {
    return `throws ${e.name} ${e.code} ${e.message}`;
  }
}

module.exports = function(t, createLoader) {
  const { load } = createLoader();
  const O = load('querystring');
  const N = require('querystring');
  const strings = ['', 'a=1', 'a=1&b=2&a=3', 'c&d=&=e&&', 'f=%zz&g=%E2%82%AC&h=a+b', 'k%20ey=v%2Bal+ue', '%', '%%', '%2',
    'a=%C3', 'a[b]=1&a[c]=2', 'x=1;y=2', '=', '==', 'a==b', '&a=1&', 'ü=ö', '%F0%9F%98%80=😀', 'a=1&a=2&a=3&a=4',
    'a=b=c', 'foo=bar&baz', '+=+', 'a=1&&b=2', '?a=1', 'toString=1&__proto__=2&hasOwnProperty=3'];
  for (const s of strings) {
    t.same(show(() => O.parse(s)), show(() => N.parse(s)), `parse(${JSON.stringify(s)})`);
    t.same(show(() => O.parse(s, ';', ':')), show(() => N.parse(s, ';', ':')), `parse(${JSON.stringify(s)}, ';', ':')`);
    t.same(show(() => O.unescape(s)), show(() => N.unescape(s)), `unescape(${JSON.stringify(s)})`);
    t.same(show(() => O.escape(s)), show(() => N.escape(s)), `escape(${JSON.stringify(s)})`);
  }
  for (const [s, sep, eq, opts] of [['a=1&b=2&c=3', null, null, { maxKeys: 2 }], ['a=1&b=2', null, null, { maxKeys: 0 }],
    ['a::1||b::2', '||', '::'], ['a=%41', null, null, { decodeURIComponent: (x) => x.toUpperCase() }],
    ['a=%zz', null, null, { decodeURIComponent: () => { throw new Error('no'); } }], [5], [null], [{}]]) {
    t.same(show(() => O.parse(s, sep, eq, opts)), show(() => N.parse(s, sep, eq, opts)), `parse(${util.inspect([s, sep, eq, opts])})`);
  }
  const objects = [{}, { a: 1 }, { a: [1, 2], b: 'x y' }, { c: true, d: null, e: undefined, f: NaN, g: {}, h: 10n, i: -0, j: 1e21, k: 1.5 },
    { 'k&': 'v=', 'é': '€', '😀': '~!*()\'' }, { a: [] }, { a: [null, undefined, 'x'] }, 'str', null, 5];
  for (const o of objects) {
    t.same(show(() => O.stringify(o)), show(() => N.stringify(o)), `stringify(${util.inspect(o)})`);
    t.same(show(() => O.stringify(o, ';', ':')), show(() => N.stringify(o, ';', ':')), `stringify(${util.inspect(o)}, ';', ':')`);
    t.same(show(() => O.stringify(o, null, null, { encodeURIComponent: (x) => `<${x}>` })),
      show(() => N.stringify(o, null, null, { encodeURIComponent: (x) => `<${x}>` })), `stringify custom encode ${util.inspect(o)}`);
  }
  t.same(show(() => O.escape('\ud800')), show(() => N.escape('\ud800')), 'escape lone surrogate');
  t.same(show(() => O.escape({ toString() { return 'o b'; } })), show(() => N.escape({ toString() { return 'o b'; } })), 'escape object');
  t.same(show(() => O.unescapeBuffer('a%20b+c').toString()), show(() => N.unescapeBuffer('a%20b+c').toString()), 'unescapeBuffer');
  t.same(show(() => O.unescapeBuffer('a%20b+c', true).toString()), show(() => N.unescapeBuffer('a%20b+c', true).toString()), 'unescapeBuffer spaces');
  t.same(O.decode, O.parse, 'decode alias');
  t.same(O.encode, O.stringify, 'encode alias');
};
