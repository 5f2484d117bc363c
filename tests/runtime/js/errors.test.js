'use strict';

// internal/errors: messages, classes and stack headers against node's own
// internal/errors (reachable with --expose-internals).

const util = require('util');

module.exports = function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('internal/errors');
  const theirs = require('internal/errors');

  const actuals = [undefined, null, true, 1, -0, 1.5, NaN, 10n, 'str', 'a much longer string than fits', Symbol('s'),
    {}, [], new Map(), Object.create(null), function named() {}, () => {}, class K {}, new (class Thing {})(),
    new Error('e'), /re/, new Date(0), Promise.resolve()];
  const expecteds = ['string', 'number', ['string', 'number'], ['string', 'number', 'bigint'], 'Function', 'Object',
    'object', ['object', 'Buffer'], ['string', 'Buffer', 'URL'], ['Buffer', 'TypedArray', 'DataView'], 'Buffer',
    ['Buffer', 'TypedArray'], 'an integer', ['a string', 'an array'], ['valid', 'x', 'y'], ['string', 'an integer'],
    ['Function', 'string'], ['function', 'Function'], 'null', ['object', 'null'], 'AbortSignal', ['string', 'Object', 'number']];
  const names = ['path', 'options.encoding', 'first argument', 'listener', 'emitter.on'];
  for (const name of names) {
    for (const expected of expecteds) {
      for (const actual of actuals) {
        const a = new ours.codes.ERR_INVALID_ARG_TYPE(name, expected, actual).message;
        const b = new theirs.codes.ERR_INVALID_ARG_TYPE(name, expected, actual).message;
        t.same(a, b, `ERR_INVALID_ARG_TYPE(${name}, ${JSON.stringify(expected)}, ${util.inspect(actual).slice(0, 20)})`);
      }
    }
  }

  const cases = [
    ['ERR_INVALID_ARG_VALUE', 'a.b', 'x'.repeat(200)],
    ['ERR_INVALID_ARG_VALUE', 'a', [1, 2], 'must be good'],
    ['ERR_INVALID_ARG_VALUE', 'a', { a: { b: { c: {} } } }],
    ['ERR_INVALID_ARG_VALUE', 'encoding', 'utf9', 'is invalid encoding'],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', 2 ** 40],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', -(2 ** 40)],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', 123456789012345678901234567890n],
    ['ERR_OUT_OF_RANGE', 'Custom msg', '>= 0', 1.5, true],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', 'str'],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0 && <= 10', 12345.5],
    ['ERR_OUT_OF_RANGE', 'x', 'an integer', 4294967296.5],
    ['ERR_OUT_OF_RANGE', 'x', 'an integer', 4294967296],
    ['ERR_OUT_OF_RANGE', 'x', 'an integer', 4294967297],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', 1000n],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', 4294967296n],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', 4294967297n],
    ['ERR_OUT_OF_RANGE', 'x', '>= 0', -4294967297n],
    ['ERR_MODULE_NOT_FOUND', '/a/b', '/c/d.mjs', undefined],
    ['ERR_MODULE_NOT_FOUND', '/a/b', '/c/d.mjs', true],
    ['ERR_MODULE_NOT_FOUND', 'pkg', '/c/d.mjs', false],
    ['ERR_PACKAGE_PATH_NOT_EXPORTED', '/p/', '.', '/x.js'],
    ['ERR_PACKAGE_PATH_NOT_EXPORTED', '/p/', '.'],
    ['ERR_PACKAGE_PATH_NOT_EXPORTED', '/p/', './sub'],
    ['ERR_PACKAGE_PATH_NOT_EXPORTED', '/p/', './sub', '/x.js'],
    ['ERR_REQUIRE_ESM', '/a.mjs', true, '/b.js'],
    ['ERR_REQUIRE_ESM', '/a.mjs', false],
    ['ERR_REQUIRE_ESM', '/a.js', true, '/b.js'],
    ['ERR_REQUIRE_ESM', '/a.js', false, null],
    ['ERR_REQUIRE_ESM', '/p/a.js', true, '/b.js', '/p/package.json'],
    ['ERR_REQUIRE_ESM', '/p/a.js', false, '/b.js', '/p/package.json'],
    ['ERR_REQUIRE_ESM', '/p/a.js', false, '/q/a.js', '/p/package.json'],
    ['ERR_INVALID_PACKAGE_TARGET', '/p/', './x', '../y', false, '/b.js'],
    ['ERR_INVALID_PACKAGE_TARGET', '/p/', '.', '../y', false, '/b.js'],
    ['ERR_INVALID_PACKAGE_TARGET', '/p/', '#x', 'y', true, '/b.js'],
    ['ERR_INVALID_PACKAGE_TARGET', '/p/', './x', { a: 1 }, false],
    ['ERR_INVALID_PACKAGE_TARGET', '/p/', './x', 'y', false],
    ['ERR_INVALID_PACKAGE_TARGET', '/p/', '.', './ok', false],
    ['ERR_UNSUPPORTED_ESM_URL_SCHEME', new URL('http://x/y'), ['file', 'data']],
    ['ERR_UNSUPPORTED_ESM_URL_SCHEME', new URL('c:/x/y'), ['file', 'data', 'node']],
    ['ERR_MISSING_ARGS', 'a'],
    ['ERR_MISSING_ARGS', 'a', 'b'],
    ['ERR_MISSING_ARGS', 'a', 'b', 'c'],
    ['ERR_MISSING_ARGS', ['a', 'b'], 'c'],
    ['ERR_MISSING_ARGS', ['a', 'b', 'c']],
    ['ERR_UNHANDLED_ERROR'],
    ['ERR_UNHANDLED_ERROR', 'x'],
    ['ERR_UNHANDLED_ERROR', { a: 1, nested: { deep: [1, 2] } }],
    ['ERR_UNHANDLED_ERROR', 42],
    ['ERR_INVALID_RETURN_VALUE', 'a promise', 'fn', {}],
    ['ERR_INVALID_RETURN_VALUE', 'an object', 'fn', 'str'],
    ['ERR_INVALID_THIS', 'URL'],
    ['ERR_UNKNOWN_FILE_EXTENSION', '.ts', '/a.ts'],
    ['ERR_INVALID_MODULE_SPECIFIER', 'x', 'is bad'],
    ['ERR_INVALID_MODULE_SPECIFIER', 'x', 'is bad', '/b'],
    ['ERR_PACKAGE_IMPORT_NOT_DEFINED', '#x', undefined, '/b.js'],
    ['ERR_PACKAGE_IMPORT_NOT_DEFINED', '#x', '/p/', '/b.js'],
    ['ERR_INVALID_PACKAGE_CONFIG', '/p/package.json', undefined, 'Unexpected token'],
    ['ERR_INVALID_PACKAGE_CONFIG', '/p/package.json', '/b', 'Unexpected token'],
    ['ERR_INVALID_PACKAGE_CONFIG', '/p/package.json', undefined, undefined],
    ['ERR_UNSUPPORTED_DIR_IMPORT', '/d/', '/b.mjs', undefined],
    ['ERR_UNKNOWN_BUILTIN_MODULE', 'node:nope'],
    ['ERR_STREAM_PUSH_AFTER_EOF'],
    ['ERR_STREAM_WRITE_AFTER_END'],
    ['ERR_STREAM_DESTROYED', 'write'],
    ['ERR_STREAM_PREMATURE_CLOSE'],
    ['ERR_STREAM_NULL_VALUES'],
    ['ERR_STREAM_CANNOT_PIPE'],
    ['ERR_STREAM_ALREADY_FINISHED', 'end'],
    ['ERR_STREAM_UNSHIFT_AFTER_END_EVENT'],
    ['ERR_METHOD_NOT_IMPLEMENTED', '_read()'],
    ['ERR_MULTIPLE_CALLBACK'],
    ['ERR_INVALID_URL', 'nope'],
    ['ERR_INVALID_URL_SCHEME', 'file'],
    ['ERR_INVALID_URL_SCHEME', ['file', 'data']],
    ['ERR_INVALID_FILE_URL_PATH', 'must be absolute', 'file:///x'],
    ['ERR_FALSY_VALUE_REJECTION', null],
    ['ERR_INVALID_CHAR', 'header content', 'x'],
    ['ERR_INVALID_CHAR', 'header content'],
    ['ERR_BUFFER_OUT_OF_BOUNDS', 'offset'],
    ['ERR_BUFFER_OUT_OF_BOUNDS'],
    ['ERR_UNKNOWN_ENCODING', 'utf9'],
    ['ERR_UNKNOWN_SIGNAL', 'SIGNOPE'],
    ['ERR_INVALID_STATE', 'closed'],
    ['ERR_ILLEGAL_CONSTRUCTOR'],
    ['ERR_ASSERTION', 'msg'],
    ['ERR_INTERNAL_ASSERTION', 'boom'],
    ['ERR_SOCKET_BAD_PORT', 'Port', 'x'],
    ['ERR_SOCKET_BAD_PORT', 'Port', -1, false],
    ['ERR_CONSOLE_WRITABLE_STREAM', 'stdout'],
    ['ERR_EVAL_ESM_CANNOT_PRINT'],
    ['ERR_INVALID_FD', -1],
    ['ERR_USE_AFTER_CLOSE', 'readline'],
    ['ERR_INCOMPATIBLE_OPTION_PAIR', 'a', 'b'],
    ['ERR_INVALID_ADDRESS_FAMILY', 'IPv7', 'h', 1],
    ['ERR_ENCODING_NOT_SUPPORTED', 'x'],
    ['ERR_ENCODING_INVALID_ENCODED_DATA', 'utf-8', 1],
    ['ERR_INVALID_RETURN_PROPERTY_VALUE', 'a string', 'load', 'source', 5],
    ['ERR_IMPORT_ATTRIBUTE_UNSUPPORTED', 'type', 'css', '/a.css'],
    ['ERR_IMPORT_ATTRIBUTE_MISSING', '/a.json', 'type', 'json'],
    ['ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE', '/a.json', 'json'],
    ['ERR_PARSE_ARGS_UNKNOWN_OPTION', '--x', true],
    ['ERR_PARSE_ARGS_UNKNOWN_OPTION', '--x', false],
  ];
  for (const [code, ...args] of cases) {
    const A = ours.codes[code];
    const B = theirs.codes[code];
    if (!A) {
      t.same('missing', 'present', `code ${code}`);
      continue;
    }
    let a;
    let b;
    try { a = new A(...args); } catch (e) { a = e; }
    try { b = new B(...args); } catch (e) { b = e; }
    const label = `${code}(${args.map((x) => util.inspect(x, { breakLength: Infinity }).slice(0, 24)).join(', ')})`;
    t.same(a.message, b.message, `${label} message`);
    t.same(a.name, b.name, `${label} name`);
    t.same(a.code, b.code, `${label} code`);
    t.same(String(a), String(b), `${label} toString`);
    t.same(a.stack.split('\n')[0], b.stack.split('\n')[0], `${label} stack header`);
    t.same(JSON.stringify(Object.keys(a)), JSON.stringify(Object.keys(b)), `${label} own keys`);
    t.same(Object.getPrototypeOf(Object.getPrototypeOf(a)) === Object.getPrototypeOf(Object.getPrototypeOf(b)), true, `${label} base class`);
    t.same(a.constructor.name, b.constructor.name, `${label} constructor name`);
    t.same(a instanceof A, true, `${label} instanceof`);
    const stripStack = (e) => util.inspect(e).split('\n').filter((l) => !l.startsWith('    at ')).join('\n');
    t.same(stripStack(a), stripStack(b), `${label} inspect`);
  }
  // The ERR_INVALID_ARG_VALUE RangeError variant.
  t.same(new ours.codes.ERR_INVALID_ARG_VALUE.RangeError('x', 1).name, 'RangeError', 'ERR_INVALID_ARG_VALUE.RangeError');
  // SystemError
  const ctx = { errno: -2, code: 'ENOENT', message: 'no such file', syscall: 'open', path: '/x', dest: '/y' };
  const sa = new ours.codes.ERR_SYSTEM_ERROR({ ...ctx });
  const sb = new theirs.codes.ERR_SYSTEM_ERROR({ ...ctx });
  t.same(sa.message, sb.message, 'SystemError message');
  t.same(String(sa), String(sb), 'SystemError toString');
  t.same(sa.stack.split('\n')[0], sb.stack.split('\n')[0], 'SystemError stack');
  t.same(JSON.stringify(Object.keys(sa)), JSON.stringify(Object.keys(sb)), 'SystemError keys');
  sa.path = '/z';
  t.same(sa.info.path, '/z', 'SystemError path setter writes info');
  // AbortError
  const aa = new ours.AbortError();
  t.same(`${aa.name}|${aa.code}|${aa.message}`, 'AbortError|ABORT_ERR|The operation was aborted', 'AbortError');
  // UnhandledPromiseRejection: node 20 names the reason as V8 prints it without side effects
  const u = new ours.UnhandledPromiseRejection({ a: 1 });
  t.same(u.message, 'This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "#<Object>".', 'UnhandledPromiseRejection message');
  t.same(`${u.name}|${u.code}`, 'UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION', 'UnhandledPromiseRejection name/code');
  // uvException
  const uv = ours.uvException({ errno: -2, syscall: 'open', path: '/nope' });
  let real;
  try { require('fs').openSync('/nope'); } catch (e) { real = e; }
  t.same(uv.message, real.message, 'uvException message');
  t.same(JSON.stringify(Object.keys(uv)), JSON.stringify(Object.keys(real)), 'uvException keys');
  t.same(`${uv.errno} ${uv.code} ${uv.syscall} ${uv.path}`, `${real.errno} ${real.code} ${real.syscall} ${real.path}`, 'uvException values');
  const ren = ours.uvException({ errno: -13, syscall: 'rename', path: '/a', dest: '/b' });
  t.same(ren.message, "EACCES: permission denied, rename '/a' -> '/b'", 'uvException with dest');
};
