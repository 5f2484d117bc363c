'use strict';

// node:path: every function of both namespaces over a generated table of
// paths (separators, dots, drive letters, UNC roots, trailing slashes).

const path = require('path');

const pieces = ['', '.', '..', '...', 'a', 'b.c', '.d', 'e..', '..f', 'g.h.i', '/', '//', '///', '\\', '\\\\',
  'C:', 'C:\\', 'c:/', 'D:x', '\\\\server\\share', '//server/share/', '\\\\?\\C:\\', 'x/', 'y\\', './z', '../w',
  'dir/file.txt', '/abs/dir/', 'a//b', 'a/./b/../c', 'UNC\\x', ' ', 'ä', '\\\\.\\pipe'];

function paths() {
  const out = new Set(pieces);
  for (const a of pieces) {
    for (const b of pieces) {
      out.add(a + b);
      out.add(`${a}/${b}`);
      out.add(`${a}\\${b}`);
    }
  }
  return [...out];
}

function show(fn) {
  try {
    return JSON.stringify(fn());
  } catch (e) {
    return `${e.name}|${e.code}|${e.message}`;
  }
}

module.exports = function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('path');
  const all = paths();
  const pairs = [];
  for (let i = 0; i < all.length; i += 13) {
    for (let j = 0; j < all.length; j += 29) pairs.push([all[i], all[j]]);
  }
  for (const ns of ['posix', 'win32']) {
    const O = ours[ns];
    const N = path[ns];
    for (const p of all) {
      for (const fn of ['normalize', 'isAbsolute', 'dirname', 'basename', 'extname', 'parse', 'toNamespacedPath']) {
        t.same(show(() => O[fn](p)), show(() => N[fn](p)), `${ns}.${fn}(${JSON.stringify(p)})`);
      }
      t.same(show(() => O.resolve(p)), show(() => N.resolve(p)), `${ns}.resolve(${JSON.stringify(p)})`);
      t.same(show(() => O.format(N.parse(p))), show(() => N.format(N.parse(p))), `${ns}.format(parse(${JSON.stringify(p)}))`);
    }
    for (const [a, b] of pairs) {
      const label = `${JSON.stringify(a)}, ${JSON.stringify(b)}`;
      t.same(show(() => O.join(a, b)), show(() => N.join(a, b)), `${ns}.join(${label})`);
      t.same(show(() => O.resolve(a, b)), show(() => N.resolve(a, b)), `${ns}.resolve(${label})`);
      t.same(show(() => O.relative(a, b)), show(() => N.relative(a, b)), `${ns}.relative(${label})`);
      t.same(show(() => O.basename(a, b)), show(() => N.basename(a, b)), `${ns}.basename(${label})`);
    }
    for (const suffix of ['.c', 'c', '.txt', 'TXT', '.TXT', 'file.txt', '/', 'a', 'b.c', '']) {
      for (const p of ['dir/file.txt', 'dir/FILE.TXT', 'b.c', 'a/b.c/', 'aaa', '/', '.c', 'x.c//', 'C:b.c', 'file.txt']) {
        t.same(show(() => O.basename(p, suffix)), show(() => N.basename(p, suffix)), `${ns}.basename(${JSON.stringify(p)}, ${JSON.stringify(suffix)})`);
      }
    }
    t.same(show(() => O.join()), show(() => N.join()), `${ns}.join()`);
    t.same(show(() => O.join('a', 'b', 'c', '../d', './e')), show(() => N.join('a', 'b', 'c', '../d', './e')), `${ns}.join many`);
    t.same(show(() => O.resolve()), show(() => N.resolve()), `${ns}.resolve()`);
    t.same(show(() => O.resolve('a', '/b', 'c', '', 'd')), show(() => N.resolve('a', '/b', 'c', '', 'd')), `${ns}.resolve many`);
    for (const obj of [{}, { root: '/', base: 'x' }, { dir: 'd', name: 'n', ext: 'e' }, { dir: 'd', name: 'n', ext: '.e' },
      { root: 'C:\\', dir: 'C:\\', base: 'f' }, { name: 'n' }, { ext: '.e' }, { dir: 'd', base: 'b', name: 'ignored' }]) {
      t.same(show(() => O.format(obj)), show(() => N.format(obj)), `${ns}.format(${JSON.stringify(obj)})`);
    }
    for (const bad of [null, 1, {}, undefined, true]) {
      for (const fn of ['normalize', 'isAbsolute', 'dirname', 'basename', 'extname', 'parse', 'join', 'resolve']) {
        t.same(show(() => O[fn](bad)), show(() => N[fn](bad)), `${ns}.${fn}(${String(bad)}) error`);
      }
      t.same(show(() => O.relative(bad, 'a')), show(() => N.relative(bad, 'a')), `${ns}.relative(${String(bad)}) error`);
      t.same(show(() => O.relative('a', bad)), show(() => N.relative('a', bad)), `${ns}.relative(a, ${String(bad)}) error`);
      t.same(show(() => O.format(bad)), show(() => N.format(bad)), `${ns}.format(${String(bad)}) error`);
      t.same(show(() => O.basename('a', bad)), show(() => N.basename('a', bad)), `${ns}.basename(a, ${String(bad)}) error`);
      t.same(show(() => O.toNamespacedPath(bad)), show(() => N.toNamespacedPath(bad)), `${ns}.toNamespacedPath(${String(bad)})`);
    }
    t.same(`${O.sep}${O.delimiter}`, `${N.sep}${N.delimiter}`, `${ns} sep/delimiter`);
  }
  t.same(ours.posix.win32, ours.win32, 'posix.win32');
  t.same(ours.win32.posix, ours.posix, 'win32.posix');
  t.same(ours, ours.posix, 'path is path.posix on this platform');
  t.same(load('path/posix'), ours.posix, 'node:path/posix');
  t.same(load('path/win32'), ours.win32, 'node:path/win32');
  // matchesGlob (experimental in Node 20) is not provided.
  t.same(JSON.stringify(Object.keys(ours).sort()), JSON.stringify(Object.keys(path).filter((k) => k !== 'matchesGlob').sort()), 'exported names');
};
