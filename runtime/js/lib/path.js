'use strict';

// node:path — `posix` and `win32` namespaces with Node's exact results,
// edge cases included. The module itself is the namespace of the host
// platform.

const { validateObject, validateString } = require('internal/validators');

const SLASH = 47; // '/'
const BACKSLASH = 92; // '\'
const DOT = 46; // '.'
const COLON = 58; // ':'

function isPosixSep(code) {
  return code === SLASH;
}

function isWinSep(code) {
  return code === SLASH || code === BACKSLASH;
}

function isDriveLetter(code) {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

// Collapse `.` and `..` segments and repeated separators of a path without
// its root. `..` above the start is kept only when `allowAboveRoot`.
// One pass, building the result string; `starts` remembers where each kept
// segment begins so `..` can drop the last one, and `ups` counts the
// leading `..` segments (which are never dropped).
function normalizeSegments(path, allowAboveRoot, separator, isSep) {
  let out = '';
  const starts = [];
  let ups = 0;
  let segmentStart = 0;
  const len = path.length;
  for (let i = 0; i <= len; i++) {
    if (i < len && !isSep(path.charCodeAt(i))) continue;
    const size = i - segmentStart;
    if (size === 0 || (size === 1 && path.charCodeAt(segmentStart) === DOT)) {
      segmentStart = i + 1;
      continue;
    }
    if (size === 2 && path.charCodeAt(segmentStart) === DOT && path.charCodeAt(segmentStart + 1) === DOT) {
      if (starts.length > ups) {
        const start = starts.pop();
        out = start === 0 ? '' : out.slice(0, start - 1);
      } else if (allowAboveRoot) {
        starts.push(out.length === 0 ? 0 : out.length + 1);
        out = out.length === 0 ? '..' : `${out}${separator}..`;
        ups++;
      }
      segmentStart = i + 1;
      continue;
    }
    starts.push(out.length === 0 ? 0 : out.length + 1);
    out = out.length === 0 ? path.slice(segmentStart, i) : `${out}${separator}${path.slice(segmentStart, i)}`;
    segmentStart = i + 1;
  }
  return out;
}

function formatPath(sep, pathObject) {
  validateObject(pathObject, 'pathObject');
  const dir = pathObject.dir || pathObject.root;
  const ext = pathObject.ext ? `${pathObject.ext[0] === '.' ? '' : '.'}${pathObject.ext}` : '';
  const base = pathObject.base || `${pathObject.name || ''}${ext}`;
  if (!dir) return base;
  return dir === pathObject.root ? `${dir}${base}` : `${dir}${sep}${base}`;
}

// The extension of a final path segment: from its last dot, unless the dot
// starts the segment or the segment is `..`.
function extOf(base) {
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || base === '..') return '';
  return base.slice(dot);
}

// ---- POSIX -------------------------------------------------------------------

const posix = {
  resolve(...args) {
    let resolved = '';
    let absolute = false;
    for (let i = args.length - 1; i >= -1 && !absolute; i--) {
      const path = i >= 0 ? args[i] : posixCwd();
      validateString(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = path.charCodeAt(0) === SLASH;
    }
    resolved = normalizeSegments(resolved, !absolute, '/', isPosixSep);
    if (absolute) return `/${resolved}`;
    return resolved.length > 0 ? resolved : '.';
  },

  normalize(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const absolute = path.charCodeAt(0) === SLASH;
    const trailing = path.charCodeAt(path.length - 1) === SLASH;
    path = normalizeSegments(path, !absolute, '/', isPosixSep);
    if (path.length === 0) {
      if (absolute) return '/';
      return trailing ? './' : '.';
    }
    if (trailing) path += '/';
    return absolute ? `/${path}` : path;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    return path.length > 0 && path.charCodeAt(0) === SLASH;
  },

  join(...args) {
    if (args.length === 0) return '.';
    let joined;
    for (const arg of args) {
      validateString(arg, 'path');
      if (arg.length > 0) joined = joined === undefined ? arg : `${joined}/${arg}`;
    }
    if (joined === undefined) return '.';
    return posix.normalize(joined);
  },

  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    from = posix.resolve(from);
    to = posix.resolve(to);
    if (from === to) return '';
    // Both are absolute and normalized: compare after the leading '/'.
    const fromLen = from.length - 1;
    const toLen = to.length - 1;
    const length = Math.min(fromLen, toLen);
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const code = from.charCodeAt(1 + i);
      if (code !== to.charCodeAt(1 + i)) break;
      if (code === SLASH) lastCommonSep = i;
    }
    if (i === length) {
      if (toLen > length) {
        // `from` is an ancestor of `to` (or the root).
        if (to.charCodeAt(1 + i) === SLASH) return to.slice(2 + i);
        if (i === 0) return to.slice(1);
      } else if (fromLen > length) {
        // `to` is an ancestor of `from` (or the root).
        if (from.charCodeAt(1 + i) === SLASH) lastCommonSep = i;
        else if (i === 0) lastCommonSep = 0;
      }
    }
    // One '..' per segment of `from` after the common part.
    let up = '';
    for (let j = 2 + lastCommonSep; j <= from.length; j++) {
      if (j === from.length || from.charCodeAt(j) === SLASH) up += up.length === 0 ? '..' : '/..';
    }
    const rest = to.slice(2 + lastCommonSep);
    if (up.length === 0) return rest;
    return rest.length === 0 ? up : `${up}/${rest}`;
  },

  toNamespacedPath(path) {
    return path;
  },

  dirname(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const hasRoot = path.charCodeAt(0) === SLASH;
    let end = -1;
    let matchedSlash = true;
    for (let i = path.length - 1; i >= 1; --i) {
      if (path.charCodeAt(i) === SLASH) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return hasRoot ? '/' : '.';
    if (hasRoot && end === 1) return '//';
    return path.slice(0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'suffix');
    validateString(path, 'path');
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      return basenameWithSuffix(path, suffix, 0, isPosixSep);
    }
    const { start, end } = lastSegment(path, 0, isPosixSep);
    return path.slice(start, end);
  },

  extname(path) {
    validateString(path, 'path');
    const { start, end } = lastSegment(path, 0, isPosixSep);
    return extOf(path.slice(start, end));
  },

  format: formatPath.bind(null, '/'),

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;
    const absolute = path.charCodeAt(0) === SLASH;
    if (absolute) ret.root = '/';
    const rootEnd = absolute ? 1 : 0;
    const { start, end } = lastSegment(path, rootEnd, isPosixSep);
    if (end > start) {
      ret.base = path.slice(start, end);
      ret.ext = extOf(ret.base);
      ret.name = ret.ext.length > 0 ? ret.base.slice(0, ret.base.length - ret.ext.length) : ret.base;
    }
    if (start > rootEnd) ret.dir = path.slice(0, start - 1);
    else if (absolute) ret.dir = '/';
    // Node reads `..` right under the root as name '.' with ext '.'.
    if (absolute && start === 1 && ret.base === '..') ret.name = ret.ext = '.';
    return ret;
  },

  sep: '/',
  delimiter: ':',
  win32: null,
  posix: null,
};

function posixCwd() {
  return process.cwd();
}

// The last segment of `path` after `rootEnd`, ignoring trailing separators.
function lastSegment(path, rootEnd, isSep) {
  let end = path.length;
  while (end > rootEnd && isSep(path.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > rootEnd && !isSep(path.charCodeAt(start - 1))) start--;
  return { start, end };
}

// basename(path, suffix) as Node computes it, matching the suffix from the
// end while scanning back for the segment start. Its quirks are part of the
// contract: a path equal to the suffix gives '', a suffix equal to the
// whole segment is kept, and a partial match ending at a separator keeps
// the trailing separators (`basename('a/x/', '.x')` is 'x/').
function basenameWithSuffix(path, suffix, rootEnd, isSep) {
  if (suffix === path) return '';
  let start = rootEnd;
  let end = -1;
  let matchedSlash = true;
  let suffixIndex = suffix.length - 1;
  let segmentEnd = -1;
  for (let i = path.length - 1; i >= rootEnd; --i) {
    const code = path.charCodeAt(i);
    if (isSep(code)) {
      if (!matchedSlash) {
        start = i + 1;
        break;
      }
      continue;
    }
    if (segmentEnd === -1) {
      matchedSlash = false;
      segmentEnd = i + 1;
    }
    if (suffixIndex >= 0) {
      if (code === suffix.charCodeAt(suffixIndex)) {
        if (--suffixIndex === -1) end = i;
      } else {
        suffixIndex = -1;
        end = segmentEnd;
      }
    }
  }
  if (start === end) end = segmentEnd;
  else if (end === -1) end = path.length;
  return path.slice(start, end);
}

// ---- Windows -----------------------------------------------------------------

// The root of a Windows path: `C:`, `C:\`, `\`, or a UNC root
// `\\server\share` (followed by a separator when there is one).
// Returns { device, rootEnd, absolute }. With `deviceNamespaces` (resolve
// and normalize), `\\.\` and `\\?\` are roots of their own; dirname and
// parse read them as a UNC server name, as Node does.
function winRoot(path, deviceNamespaces = true) {
  const len = path.length;
  let rootEnd = 0;
  let device = '';
  let absolute = false;
  if (len === 0) return { device, rootEnd, absolute };
  const code = path.charCodeAt(0);
  if (len === 1) {
    if (isWinSep(code)) {
      rootEnd = 1;
      absolute = true;
    }
  } else if (isWinSep(code)) {
    absolute = true;
    rootEnd = 1;
    if (isWinSep(path.charCodeAt(1))) {
      // `\\server\share`
      let j = 2;
      let last = j;
      while (j < len && !isWinSep(path.charCodeAt(j))) j++;
      if (j < len && j !== last) {
        const server = path.slice(last, j);
        last = j;
        while (j < len && isWinSep(path.charCodeAt(j))) j++;
        if (j < len && j !== last) {
          last = j;
          while (j < len && !isWinSep(path.charCodeAt(j))) j++;
          if (j === len || j !== last) {
            if (!deviceNamespaces || (server !== '.' && server !== '?')) {
              device = `\\\\${server}\\${path.slice(last, j)}`;
              rootEnd = j;
            } else {
              // A device namespace root: `\\.\` or `\\?\`.
              device = `\\\\${server}`;
              rootEnd = 4;
            }
          }
        }
      }
    }
  } else if (isDriveLetter(code) && path.charCodeAt(1) === COLON) {
    device = path.slice(0, 2);
    rootEnd = 2;
    if (len > 2 && isWinSep(path.charCodeAt(2))) {
      absolute = true;
      rootEnd = 3;
    }
  }
  return { device, rootEnd, absolute };
}

function looksLikeDrive(path, tail) {
  if (tail.length >= 2 && isDriveLetter(tail.charCodeAt(0)) && tail.charCodeAt(1) === COLON) {
    return true;
  }
  for (let index = path.indexOf(':'); index !== -1; index = path.indexOf(':', index + 1)) {
    if (index === path.length - 1 || isWinSep(path.charCodeAt(index + 1))) return true;
  }
  return false;
}

const win32 = {
  resolve(...args) {
    let resolvedDevice = '';
    let resolvedTail = '';
    let resolvedAbsolute = false;
    for (let i = args.length - 1; i >= -1; i--) {
      let path;
      if (i >= 0) {
        path = args[i];
        validateString(path, `paths[${i}]`);
        if (path.length === 0) continue;
      } else if (resolvedDevice.length === 0) {
        path = process.cwd();
      } else {
        // Each drive has its own working directory, kept in `=C:` variables.
        path = process.env[`=${resolvedDevice}`] || process.cwd();
        if (path === undefined ||
            (path.slice(0, 2).toLowerCase() !== resolvedDevice.toLowerCase() &&
             path.charCodeAt(2) === BACKSLASH)) {
          path = `${resolvedDevice}\\`;
        }
      }
      const { device, rootEnd, absolute } = winRoot(path);
      if (device.length > 0) {
        if (resolvedDevice.length > 0) {
          // A path on another drive does not contribute.
          if (device.toLowerCase() !== resolvedDevice.toLowerCase()) continue;
        } else {
          resolvedDevice = device;
        }
      }
      if (resolvedAbsolute) {
        if (resolvedDevice.length > 0) break;
      } else {
        resolvedTail = `${path.slice(rootEnd)}\\${resolvedTail}`;
        resolvedAbsolute = absolute;
        if (absolute && resolvedDevice.length > 0) break;
      }
    }
    resolvedTail = normalizeSegments(resolvedTail, !resolvedAbsolute, '\\', isWinSep);
    return resolvedAbsolute ?
      `${resolvedDevice}\\${resolvedTail}` :
      `${resolvedDevice}${resolvedTail}` || '.';
  },

  normalize(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    if (len === 1) return isWinSep(path.charCodeAt(0)) ? '\\' : path;
    let { device, rootEnd, absolute } = winRoot(path);
    // A UNC root alone (`\\server\share`) normalizes with a trailing `\`.
    if (device.startsWith('\\\\') && rootEnd === len) return `${device}\\`;
    let tail = rootEnd < len ?
      normalizeSegments(path.slice(rootEnd), !absolute, '\\', isWinSep) : '';
    if (tail.length === 0 && !absolute) tail = '.';
    if (tail.length > 0 && isWinSep(path.charCodeAt(len - 1))) tail += '\\';
    // A relative result must not read as a drive (`C:`) or an alternate
    // stream: prefix `.\\` (CVE-2024-36139).
    if (!absolute && device === '' && looksLikeDrive(path, tail)) return `.\\${tail}`;
    return absolute ? `${device}\\${tail}` : `${device}${tail}`;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return false;
    const code = path.charCodeAt(0);
    return isWinSep(code) ||
      (len > 2 && isDriveLetter(code) && path.charCodeAt(1) === COLON && isWinSep(path.charCodeAt(2)));
  },

  join(...args) {
    if (args.length === 0) return '.';
    let joined;
    let firstPart;
    for (const arg of args) {
      validateString(arg, 'path');
      if (arg.length > 0) {
        if (joined === undefined) joined = firstPart = arg;
        else joined += `\\${arg}`;
      }
    }
    if (joined === undefined) return '.';
    // Keep a leading `\\` (UNC) only when the first part started with it
    // and did not already look like more than `\\`: the joined path must
    // not turn into a UNC path by accident, nor lose one.
    let needsReplace = true;
    let slashCount = 0;
    if (isWinSep(firstPart.charCodeAt(0))) {
      ++slashCount;
      const firstLen = firstPart.length;
      if (firstLen > 1 && isWinSep(firstPart.charCodeAt(1))) {
        ++slashCount;
        if (firstLen > 2) {
          if (isWinSep(firstPart.charCodeAt(2))) ++slashCount;
          else needsReplace = false;
        }
      }
    }
    if (needsReplace) {
      while (slashCount < joined.length && isWinSep(joined.charCodeAt(slashCount))) slashCount++;
      if (slashCount >= 2) joined = `\\${joined.slice(slashCount)}`;
    }
    return win32.normalize(joined);
  },

  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    const fromOrig = win32.resolve(from);
    const toOrig = win32.resolve(to);
    if (fromOrig === toOrig) return '';
    from = fromOrig.toLowerCase();
    to = toOrig.toLowerCase();
    if (from === to) return '';

    // Trim leading and trailing backslashes.
    let fromStart = 0;
    while (fromStart < from.length && from.charCodeAt(fromStart) === BACKSLASH) fromStart++;
    let fromEnd = from.length;
    while (fromEnd - 1 > fromStart && from.charCodeAt(fromEnd - 1) === BACKSLASH) fromEnd--;
    const fromLen = fromEnd - fromStart;
    let toStart = 0;
    while (toStart < to.length && to.charCodeAt(toStart) === BACKSLASH) toStart++;
    let toEnd = to.length;
    while (toEnd - 1 > toStart && to.charCodeAt(toEnd - 1) === BACKSLASH) toEnd--;
    const toLen = toEnd - toStart;

    const length = fromLen < toLen ? fromLen : toLen;
    let lastCommonSep = -1;
    let i = 0;
    for (; i < length; i++) {
      const fromCode = from.charCodeAt(fromStart + i);
      if (fromCode !== to.charCodeAt(toStart + i)) break;
      else if (fromCode === BACKSLASH) lastCommonSep = i;
    }
    // Different drives or shares: the answer is the absolute `to`.
    if (i !== length) {
      if (lastCommonSep === -1) return toOrig;
    } else {
      if (toLen > length) {
        if (to.charCodeAt(toStart + i) === BACKSLASH) {
          // `from` is a parent of `to`.
          return toOrig.slice(toStart + i + 1);
        }
        if (i === 2) {
          // `from` is a drive root such as `C:\`.
          return toOrig.slice(toStart + i);
        }
      }
      if (fromLen > length) {
        if (from.charCodeAt(fromStart + i) === BACKSLASH) {
          // `to` is a parent of `from`.
          lastCommonSep = i;
        } else if (i === 2) {
          // `to` is a drive root.
          lastCommonSep = 3;
        }
      }
      if (lastCommonSep === -1) lastCommonSep = 0;
    }

    let out = '';
    for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
      if (i === fromEnd || from.charCodeAt(i) === BACKSLASH) {
        out += out.length === 0 ? '..' : '\\..';
      }
    }
    toStart += lastCommonSep;
    if (out.length > 0) return `${out}${toOrig.slice(toStart, toEnd)}`;
    if (toOrig.charCodeAt(toStart) === BACKSLASH) ++toStart;
    return toOrig.slice(toStart, toEnd);
  },

  toNamespacedPath(path) {
    if (typeof path !== 'string' || path.length === 0) return path;
    const resolvedPath = win32.resolve(path);
    if (resolvedPath.length <= 2) return path;
    if (resolvedPath.charCodeAt(0) === BACKSLASH) {
      // UNC path: \\server\share -> \\?\UNC\server\share
      if (resolvedPath.charCodeAt(1) === BACKSLASH) {
        const code = resolvedPath.charCodeAt(2);
        if (code !== 63 && code !== DOT) return `\\\\?\\UNC\\${resolvedPath.slice(2)}`;
      }
    } else if (isDriveLetter(resolvedPath.charCodeAt(0)) &&
               resolvedPath.charCodeAt(1) === COLON &&
               resolvedPath.charCodeAt(2) === BACKSLASH) {
      return `\\\\?\\${resolvedPath}`;
    }
    return resolvedPath;
  },

  dirname(path) {
    validateString(path, 'path');
    const len = path.length;
    if (len === 0) return '.';
    let { rootEnd } = winRoot(path, false);
    const code = path.charCodeAt(0);
    if (len === 1) return isWinSep(code) ? path : '.';
    // A UNC root alone is its own dirname.
    if (isWinSep(code) && isWinSep(path.charCodeAt(1)) && rootEnd === len) return path;
    // `\\server\share\` keeps the root with its separator.
    if (isWinSep(code) && isWinSep(path.charCodeAt(1)) && rootEnd > 1) rootEnd++;
    const offset = rootEnd;
    let end = -1;
    let matchedSlash = true;
    for (let i = len - 1; i >= offset; --i) {
      if (isWinSep(path.charCodeAt(i))) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) {
      if (rootEnd === 0) return '.';
      end = rootEnd;
    }
    return path.slice(0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'suffix');
    validateString(path, 'path');
    let start = 0;
    // Skip a drive letter: `C:foo` has base `foo`.
    if (path.length >= 2 && isDriveLetter(path.charCodeAt(0)) && path.charCodeAt(1) === COLON) {
      start = 2;
    }
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      return basenameWithSuffix(path, suffix, start, isWinSep);
    }
    const seg = lastSegment(path, start, isWinSep);
    return path.slice(seg.start, seg.end);
  },

  extname(path) {
    validateString(path, 'path');
    let start = 0;
    if (path.length >= 2 && path.charCodeAt(1) === COLON && isDriveLetter(path.charCodeAt(0))) {
      start = 2;
    }
    const seg = lastSegment(path, start, isWinSep);
    return extOf(path.slice(seg.start, seg.end));
  },

  format: formatPath.bind(null, '\\'),

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;
    const len = path.length;
    let rootEnd = 0;
    const code = path.charCodeAt(0);
    if (len === 1) {
      if (isWinSep(code)) {
        ret.root = ret.dir = path;
        return ret;
      }
      ret.base = ret.name = path;
      return ret;
    }
    const root = winRoot(path, false);
    rootEnd = root.rootEnd;
    if (isWinSep(code) && isWinSep(path.charCodeAt(1)) && root.device.length > 0) {
      // UNC root includes the separator after the share.
      if (rootEnd < len) rootEnd++;
    }
    if (rootEnd > 0) ret.root = path.slice(0, rootEnd);
    if (rootEnd === len) {
      ret.dir = ret.root;
      return ret;
    }
    const seg = lastSegment(path, rootEnd, isWinSep);
    if (seg.end > seg.start) {
      ret.base = path.slice(seg.start, seg.end);
      ret.ext = extOf(ret.base);
      ret.name = ret.ext.length > 0 ? ret.base.slice(0, ret.base.length - ret.ext.length) : ret.base;
    }
    if (seg.start > rootEnd) ret.dir = path.slice(0, seg.start - 1);
    else ret.dir = ret.root;
    return ret;
  },

  sep: '\\',
  delimiter: ';',
  win32: null,
  posix: null,
};

posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;
win32._makeLong = win32.toNamespacedPath;
posix._makeLong = posix.toNamespacedPath;

module.exports = process.platform === 'win32' ? win32 : posix;
