'use strict';
// The few POSIX path functions the loaders need before (and without)
// lib/path.js.

function normalizeString(path) {
  const out = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      continue;
    }
    out.push(seg);
  }
  return out.join('/');
}

let getCwd = () => '/';
function setCwd(fn) { getCwd = fn; }

function resolve(...args) {
  let resolved = '';
  for (let i = args.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
    const p = i >= 0 ? args[i] : getCwd();
    if (typeof p !== 'string' || p.length === 0) continue;
    resolved = resolved ? `${p}/${resolved}` : p;
  }
  const normalized = normalizeString(resolved);
  return '/' + normalized;
}

function join(...args) {
  const joined = args.filter((a) => a.length > 0).join('/');
  if (joined.length === 0) return '.';
  const absolute = joined.startsWith('/');
  const trailing = joined.endsWith('/');
  let normalized = normalizeString(joined);
  if (!absolute && normalized === '') normalized = '.';
  if (trailing && normalized !== '.') normalized += '/';
  return absolute ? '/' + normalized : normalized;
}

function dirname(path) {
  if (path.length === 0) return '.';
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const i = path.lastIndexOf('/', end - 1);
  if (i === -1) return '.';
  if (i === 0) return '/';
  return path.slice(0, i);
}

function basename(path) {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(path.lastIndexOf('/', end - 1) + 1, end);
}

function isAbsolute(path) {
  return path.length > 0 && path[0] === '/';
}

module.exports = { resolve, join, dirname, basename, isAbsolute, setCwd };
