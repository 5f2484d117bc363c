'use strict';

// node:buffer and node:string_decoder against node's own, operation by
// operation over a table of inputs.

const util = require('util');

function show(fn) {
  try {
    const v = fn();
    if (v && typeof v === 'object' && ArrayBuffer.isView(v)) return `bytes ${Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).join(',')} ${v.constructor.name}`;
    return `value ${typeof v} ${util.inspect(v, { depth: 3 })}`;
  } catch (e) {
    return `throws ${e.name} ${e.code} ${e.message}`;
  }
}

const encodings = ['utf8', 'utf-8', 'UTF8', 'ucs2', 'utf16le', 'UTF-16LE', 'latin1', 'binary', 'ascii', 'base64',
  'base64url', 'hex', 'HEX', 'nope', '', undefined];
const strings = ['', 'hello', 'héllo wörld €', '😀 emoji', '\u0000\u00ff\u0100', 'aGVsbG8=', 'aGVsbG8', 'a-_b', 'zz+/', '0a1B2c',
  'abc', 'ab=cd', ' spaced base64 ', '\ud800 lone', '\udc00', 'x'.repeat(100)];
const byteInputs = [[], [0], [1, 2, 3], [0xff, 0xfe, 0x80, 0x7f], [0xe2, 0x82, 0xac], [0xe2, 0x82], [0xf0, 0x9f, 0x98, 0x80],
  [0xc3], [0xed, 0xa0, 0x80], [0x80, 0x80], [104, 105, 0, 255, 10, 13], Array.from({ length: 70 }, (_, i) => i * 3)];

module.exports = function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('buffer');
  const O = ours.Buffer;
  const N = Buffer;

  for (const s of strings) {
    for (const enc of encodings) {
      const label = `(${JSON.stringify(s).slice(0, 20)}, ${enc})`;
      t.same(show(() => O.from(s, enc)), show(() => N.from(s, enc)), `from${label}`);
      t.same(show(() => O.byteLength(s, enc)), show(() => N.byteLength(s, enc)), `byteLength${label}`);
    }
  }
  for (const bytes of byteInputs) {
    for (const enc of encodings) {
      const label = `([${bytes.slice(0, 6)}], ${enc})`;
      t.same(show(() => O.from(bytes).toString(enc)), show(() => N.from(bytes).toString(enc)), `toString${label}`);
      t.same(show(() => O.from(bytes).toString(enc, 1, 3)), show(() => N.from(bytes).toString(enc, 1, 3)), `toString range${label}`);
    }
    const label = `[${bytes.slice(0, 6)}]`;
    t.same(show(() => util.inspect(O.from(bytes))), show(() => util.inspect(N.from(bytes))), `inspect ${label}`);
    t.same(show(() => JSON.stringify(O.from(bytes))), show(() => JSON.stringify(N.from(bytes))), `toJSON ${label}`);
    for (const [a, b] of [[0, 2], [-2, undefined], [1, -1], [5, 1], [undefined, undefined], ['1', '2'], [NaN, 3]]) {
      t.same(show(() => O.from(bytes).slice(a, b)), show(() => N.from(bytes).slice(a, b)), `slice(${a}, ${b}) ${label}`);
      t.same(show(() => O.from(bytes).subarray(a, b)), show(() => N.from(bytes).subarray(a, b)), `subarray(${a}, ${b}) ${label}`);
    }
    for (const needle of [0, 255, 2, 'h', 'hi', '', O.from([1, 2]), 300, -1]) {
      for (const off of [undefined, 0, 1, -1, -100, 100, 'utf8']) {
        const nn = O.isBuffer(needle) ? N.from(needle) : needle;
        t.same(show(() => O.from(bytes).indexOf(needle, off)), show(() => N.from(bytes).indexOf(nn, off)), `indexOf(${needle}, ${off}) ${label}`);
        t.same(show(() => O.from(bytes).lastIndexOf(needle, off)), show(() => N.from(bytes).lastIndexOf(nn, off)), `lastIndexOf(${needle}, ${off}) ${label}`);
      }
    }
  }

  // Construction from other values.
  const fromInputs = [
    () => [1, 2, 300, -1, 1.7, 'x'], () => new Uint16Array([1, 256, 65535]), () => new Uint8Array([9, 8]).buffer,
    () => ({ type: 'Buffer', data: [1, 2] }), () => ({ length: 2, 0: 5, 1: 6 }), () => new String('boxed'), // eslint-disable-line no-new-wrappers
    () => ({ [Symbol.toPrimitive]() { return 'prim'; } }), () => 5, () => null, () => undefined, () => ({}), () => true,
    () => new Float64Array([1.5]), () => new DataView(new ArrayBuffer(2)),
  ];
  for (const make of fromInputs) {
    t.same(show(() => O.from(make())), show(() => N.from(make())), `from(${util.inspect(make())})`);
  }
  const ab = new ArrayBuffer(8);
  for (const [off, len] of [[0, 8], [2, undefined], [8, 0], [9, undefined], [2, 7], ['1', '2'], [NaN, NaN], [-1, 2]]) {
    t.same(show(() => O.from(ab, off, len)), show(() => N.from(ab, off, len)), `from(arrayBuffer, ${off}, ${len})`);
  }
  for (const args of [[5], [5, 1], [5, 'ab'], [5, 'aGk=', 'base64'], [3, ''], [0], [-1], ['5'], [5, N.from([1, 2])], [5, 'é'], [4, true], [2 ** 33]]) {
    const oargs = args.map((a) => (N.isBuffer(a) ? O.from(a) : a));
    t.same(show(() => O.alloc(...oargs)), show(() => N.alloc(...args)), `alloc(${util.inspect(args)})`);
  }
  t.same(show(() => O.allocUnsafe(3).length), show(() => N.allocUnsafe(3).length), 'allocUnsafe');
  t.same(show(() => O.allocUnsafe(-1)), show(() => N.allocUnsafe(-1)), 'allocUnsafe(-1)');

  // concat, compare, equals, isBuffer, isEncoding
  const bufs = (B) => [B.from('ab'), B.from([]), B.from('cd')];
  for (const len of [undefined, 0, 3, 10, -1, 'x']) {
    t.same(show(() => O.concat(bufs(O), len)), show(() => N.concat(bufs(N), len)), `concat(len=${len})`);
  }
  t.same(show(() => O.concat([O.from('a'), 'b'])), show(() => N.concat([N.from('a'), 'b'])), 'concat with string');
  t.same(show(() => O.concat('x')), show(() => N.concat('x')), 'concat non-array');
  for (const [a, b] of [['abc', 'abd'], ['abc', 'abc'], ['ab', 'abc'], ['b', 'a'], ['', '']]) {
    t.same(show(() => O.compare(O.from(a), O.from(b))), show(() => N.compare(N.from(a), N.from(b))), `compare(${a}, ${b})`);
    t.same(show(() => O.from(a).equals(O.from(b))), show(() => N.from(a).equals(N.from(b))), `equals(${a}, ${b})`);
    t.same(show(() => O.from(a).compare(O.from(b), 1)), show(() => N.from(a).compare(N.from(b), 1)), `proto compare(${a}, ${b}, 1)`);
  }
  t.same(show(() => O.compare('a', O.from('b'))), show(() => N.compare('a', N.from('b'))), 'compare(non-buffer)');
  for (const v of [O.from('x'), new Uint8Array(1), 'x', null, {}]) {
    t.same(O.isBuffer(v), N.isBuffer(O.isBuffer(v) ? N.from(v) : v), `isBuffer(${util.inspect(v)})`);
  }
  for (const e of encodings.concat([null, 1, 'UCS-2', 'Binary'])) {
    t.same(show(() => O.isEncoding(e)), show(() => N.isEncoding(e)), `isEncoding(${e})`);
  }

  // write, fill, copy
  for (const args of [['hi'], ['héllo', 1], ['héllo', 5, 2], ['abcdef', 0, 'hex'], ['aGk=', 'base64'], ['é', 7], ['x', 9],
    ['x', -1], ['x', 'nope'], [5], ['ab', 0, 10, 'ucs2'], ['€€', 0, 4, 'utf8']]) {
    t.same(show(() => { const b = O.alloc(8); const n = b.write(...args); return [n, Array.from(b)]; }),
      show(() => { const b = N.alloc(8); const n = b.write(...args); return [n, Array.from(b)]; }), `write(${util.inspect(args)})`);
  }
  for (const args of [[1], [0x1ff], ['ab'], ['ab', 2], ['ab', 1, 5], ['aGk=', 'base64'], ['é', 'latin1'], ['', 0],
    [O.from([7, 8])], [true], ['x', 'nope'], [1, 9], [1, -1], [1, 2, 1], [{}]]) {
    const nargs = args.map((a) => (O.isBuffer(a) ? N.from(a) : a));
    t.same(show(() => Array.from(O.alloc(6).fill(...args))), show(() => Array.from(N.alloc(6).fill(...nargs))), `fill(${util.inspect(args)})`);
  }
  for (const args of [[], [2], [0, 1], [0, 1, 3], [10], [0, 5], [-1], [0, -1], [0, 0, 100]]) {
    t.same(show(() => { const t2 = O.alloc(5); const n = O.from('abcd').copy(t2, ...args); return [n, Array.from(t2)]; }),
      show(() => { const t2 = N.alloc(5); const n = N.from('abcd').copy(t2, ...args); return [n, Array.from(t2)]; }), `copy(${args})`);
  }

  // Numeric reads and writes.
  const bytes = [0x01, 0x80, 0xff, 0x7f, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a];
  const readNames = Object.getOwnPropertyNames(N.prototype).filter((n) => /^read/.test(n));
  for (const name of readNames) {
    for (const args of [[0], [1], [9], [10], [-1], [1.5], ['0'], [], [0, 3], [0, 6], [0, 7], [4, 6]]) {
      t.same(show(() => O.from(bytes)[name](...args)), show(() => N.from(bytes)[name](...args)), `${name}(${args})`);
    }
  }
  const writeNames = Object.getOwnPropertyNames(N.prototype).filter((n) => /^write/.test(n) && n !== 'write' && !/Slice|Write$/.test(n));
  for (const name of writeNames) {
    const big = /Big/.test(name);
    const values = big ? [0n, 1n, -1n, 2n ** 63n, 2n ** 64n, 5] : [0, 1, -1, 127, 128, 255, 256, 65535, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 1.5, 2 ** 47, '1'];
    for (const v of values) {
      for (const args of [[0], [2], [9], [0, 3], [0, 6]]) {
        t.same(show(() => { const b = O.alloc(10); const r = b[name](v, ...args); return [r, Array.from(b)]; }),
          show(() => { const b = N.alloc(10); const r = b[name](v, ...args); return [r, Array.from(b)]; }), `${name}(${v}, ${args})`);
      }
    }
  }
  for (const name of ['swap16', 'swap32', 'swap64']) {
    for (const len of [0, 2, 4, 8, 16, 3]) {
      t.same(show(() => Array.from(O.from(Array.from({ length: len }, (_, i) => i))[name]())),
        show(() => Array.from(N.from(Array.from({ length: len }, (_, i) => i))[name]())), `${name}(len ${len})`);
    }
  }

  // Inspection with extra properties and the custom inspect options.
  t.same(util.inspect(Object.assign(O.from('ab'), { x: 1 })), util.inspect(Object.assign(N.from('ab'), { x: 1 })), 'inspect extra props');
  t.same(util.inspect({ nested: O.from('xyz') }), util.inspect({ nested: N.from('xyz') }), 'inspect nested');
  t.same(util.inspect(O.alloc(0)), util.inspect(N.alloc(0)), 'inspect empty');
  t.same(show(() => O.from('x') instanceof Uint8Array), 'value boolean true', 'instanceof Uint8Array');
  t.same(show(() => O.from('abc').slice(1) instanceof O), 'value boolean true', 'slice is Buffer');
  t.same(show(() => O.from('abc').map((x) => x + 1) instanceof O), show(() => N.from('abc').map((x) => x + 1) instanceof N), 'map species');

  // atob / btoa / isUtf8 / isAscii / constants
  for (const s of ['hello', 'é', '€', '', 'a b']) {
    t.same(show(() => ours.btoa(s)), show(() => require('buffer').btoa(s)), `btoa(${s})`);
  }
  for (const s of ['aGVsbG8=', 'aGVsbG8', 'aGV sbG8=', '*', 'a', 'YQ==', 'YQ=', '']) {
    t.same(show(() => ours.atob(s)), show(() => require('buffer').atob(s)), `atob(${s})`);
  }
  for (const b of byteInputs) {
    t.same(show(() => ours.isUtf8(new Uint8Array(b))), show(() => require('buffer').isUtf8(new Uint8Array(b))), `isUtf8([${b.slice(0, 5)}])`);
    t.same(show(() => ours.isAscii(new Uint8Array(b))), show(() => require('buffer').isAscii(new Uint8Array(b))), `isAscii([${b.slice(0, 5)}])`);
  }
  t.same(ours.kMaxLength, require('buffer').kMaxLength, 'kMaxLength');
  t.same(JSON.stringify(ours.constants), JSON.stringify(require('buffer').constants), 'constants');

  // string_decoder
  const { StringDecoder: OD } = load('string_decoder');
  const { StringDecoder: ND } = require('string_decoder');
  for (const enc of ['utf8', 'utf16le', 'base64', 'base64url', 'hex', 'latin1', 'ascii', 'UCS2', 'nope', undefined]) {
    for (const input of byteInputs.concat([[0x3d, 0xd8, 0x00, 0xde], [0x61, 0x00, 0x3d]])) {
      for (let split = 0; split <= Math.min(input.length, 5); split++) {
        const run = (D, B) => {
          const d = new D(enc);
          const out = [d.write(B.from(input.slice(0, split))), d.write(B.from(input.slice(split))), d.end()];
          return out;
        };
        t.same(show(() => run(OD, O)), show(() => run(ND, N)), `StringDecoder(${enc}) [${input.slice(0, 6)}] split ${split}`);
      }
      t.same(show(() => { const d = new OD(enc); d.write(O.from(input.slice(0, 1))); return d.end(O.from(input.slice(1))); }),
        show(() => { const d = new ND(enc); d.write(N.from(input.slice(0, 1))); return d.end(N.from(input.slice(1))); }), `StringDecoder(${enc}).end(buf) [${input.slice(0, 6)}]`);
    }
    t.same(show(() => new OD(enc).encoding), show(() => new ND(enc).encoding), `StringDecoder(${enc}).encoding`);
  }
  t.same(show(() => new OD('utf8').write('str')), show(() => new ND('utf8').write('str')), 'StringDecoder write string');
  t.same(show(() => new OD('utf8').write(5)), show(() => new ND('utf8').write(5)), 'StringDecoder write number');
};
