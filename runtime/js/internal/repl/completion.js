'use strict';
// Tab completion for the REPL, with Node's rules:
// - `.` + letters: the REPL commands;
// - `require('` / `import('` + text: core module names (with and without
//   `node:`);
// - a simple member chain (`foo.bar.b`): the own and inherited property
//   names of `foo.bar` (evaluated, without calls), filtered by `b`;
// - a bare word: global names, the REPL's top-level `let`/`const`/`class`
//   names, and keywords.
// The answer is `[completions, completeOn]`: completions grouped nearest
// first with '' between groups, and the text they replace.

const { getOwnNonIndexProperties } = internalBinding('util');

const requireRE = /\brequire\s*\(\s*['"`](([\w@./:-]+\/)?(?:[\w@./:-]*))(?![^'"`])$/;
const importRE = /\bimport\s*\(\s*['"`](([\w@./:-]+\/)?(?:[\w@./:-]*))(?![^'"`])$/;
const simpleExpressionRE =
  /(?:[\w$'"`[{(](?:(\w| |\t)*?['"`]|\$|['"`\]})])*\??(?:\.|])?)*?(?:[a-zA-Z_$])?(?:\w|\$)*\??\.?$/;

const ALL_PROPERTIES = 0;
const SKIP_SYMBOLS = 16;

const keywords = [
  'async', 'await', 'break', 'case', 'catch', 'const', 'continue', 'debugger', 'default',
  'delete', 'do', 'else', 'export', 'false', 'finally', 'for', 'function', 'if', 'import',
  'in', 'instanceof', 'let', 'new', 'null', 'return', 'switch', 'this', 'throw', 'true',
  'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
];

const identifierRE = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const legacyObjectMethods = new Set(['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

// Own string keys of `obj` that are identifiers (Object.prototype without
// its legacy accessors methods).
function ownNames(obj) {
  if (!obj) return [];
  let isObjectPrototype = false;
  if (Object.getPrototypeOf(obj) === null) {
    const ctor = Object.getOwnPropertyDescriptor(obj, 'constructor');
    if (ctor && ctor.value) {
      const proto = Object.getPrototypeOf(ctor.value);
      isObjectPrototype = proto && Object.getPrototypeOf(proto) === obj;
    }
  }
  let keys;
  try {
    keys = getOwnNonIndexProperties(obj, ALL_PROPERTIES | SKIP_SYMBOLS);
  } catch {
    return [];
  }
  return keys.filter((key) => typeof key === 'string' && identifierRE.test(key) &&
    !(isObjectPrototype && legacyObjectMethods.has(key)));
}

// Core module names, bare and with `node:`.
function builtinCompletions() {
  const libs = require('repl').builtinModules;
  return [libs, libs.map((id) => `node:${id}`)];
}

function complete(repl, line, callback) {
  let groups = [];
  let completeOn;
  let filter = '';
  let match;
  line = line.trimStart();

  if ((match = /^\s*\.(\w*)$/.exec(line)) !== null) {
    groups.push(Object.keys(repl.commands));
    completeOn = match[1];
    filter = completeOn;
  } else if ((match = requireRE.exec(line)) !== null || (match = importRE.exec(line)) !== null) {
    completeOn = match[1];
    filter = completeOn;
    groups.push(...builtinCompletions());
  } else if (line.length === 0 || /\w|\.|\$/.test(line[line.length - 1])) {
    const found = simpleExpressionRE.exec(line);
    const expression = found === null ? '' : found[0];
    if (line.length !== 0 && !expression) return done();
    completeOn = expression;
    let expr = '';
    if (line.endsWith('.')) {
      expr = expression.slice(0, -1);
    } else if (line.length !== 0) {
      const bits = expression.split('.');
      filter = bits.pop();
      expr = bits.join('.');
    }
    if (!expr) {
      groups.push([...repl._lexicalNames || []]);
      let proto = repl.context;
      while ((proto = Object.getPrototypeOf(proto)) !== null) groups.push(ownNames(proto));
      groups.push(ownNames(repl.context));
      if (filter !== '') groups.push(keywords);
      return done();
    }
    let chaining = '.';
    if (expr.endsWith('?')) {
      expr = expr.slice(0, -1);
      chaining = '?.';
    }
    const memberGroups = [];
    repl.eval(`try { ${expr} } catch {}`, repl.context, 'REPL', (e, obj) => {
      try {
        let proto;
        if ((typeof obj === 'object' && obj !== null) || typeof obj === 'function') {
          memberGroups.push(ownNames(obj));
          proto = Object.getPrototypeOf(obj);
        } else {
          proto = obj.constructor ? obj.constructor.prototype : null;
        }
        // Guard against prototype cycles (Proxies).
        let sentinel = 5;
        while (proto !== null && sentinel-- !== 0) {
          memberGroups.push(ownNames(proto));
          proto = Object.getPrototypeOf(proto);
        }
      } catch {
        // A Proxy without the traps, or undefined: nothing to offer.
      }
      if (memberGroups.length) {
        expr += chaining;
        for (const group of memberGroups) groups.push(group.map((member) => `${expr}${member}`));
        if (filter) filter = `${expr}${filter}`;
      }
      done();
    });
    return;
  }
  return done();

  // Filter (case-insensitively), sort each group, drop duplicates, and put
  // the nearest group last with '' between groups.
  function done() {
    if (groups.length && filter) {
      const lower = filter.toLowerCase();
      groups = groups
        .map((group) => group.filter((entry) => entry.toLowerCase().startsWith(lower)))
        .filter((group) => group.length);
    }
    const completions = [];
    const seen = new Set(['']);
    for (const group of groups) {
      group.sort((a, b) => (b > a ? 1 : -1));
      const size = seen.size;
      for (const entry of group) {
        if (!seen.has(entry)) {
          completions.unshift(entry);
          seen.add(entry);
        }
      }
      if (seen.size !== size) completions.unshift('');
    }
    if (completions[0] === '') completions.shift();
    callback(null, [completions, completeOn]);
  }
}

module.exports = { complete };
