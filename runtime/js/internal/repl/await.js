'use strict';
// Top-level `await` in the REPL, the way Node's REPL does it: an input
// that awaits outside any function is rewritten to run inside an async
// arrow function, with its top-level declarations hoisted out so they
// still persist after the input:
//
//   const { a } = await f(); a + 1
//
// becomes
//
//   let a; (async () => { void ({ a } = await f()); return { value: (a + 1) } })()
//
// - `var`, `let` and `const` declarations become assignments (`void (x =
//   …)`), their names declared before the wrapper (`let` for both `let`
//   and `const`, `var` for `var`, wherever it sits outside functions);
// - top-level `class C {}` becomes `C=class C {}` with `let C;` before;
// - `function f() {}` outside functions gets `this.f = f;` before it and
//   `var f;` before the wrapper;
// - the last statement, when it is an expression, is returned wrapped in
//   `{ value: (…) }` so the REPL can await it and still show a promise the
//   expression itself produced;
// - an input with a top-level `return`, or with no `await` outside
//   functions, is left alone (null).
//
// Node finds these with a full parser (acorn). Nodus finds them with its
// own tokenizer and a bracket-level reading of statements (below), and lets
// V8 check the result: what V8 rejects is reported as Node reports it, an
// unfinished input is `Recoverable`.

const { op_repl_compile_sync: compile } = internalBinding('repl');

// --- tokens ------------------------------------------------------------------

const kName = 0;     // identifiers and keywords
const kNum = 1;
const kString = 2;
const kTemplate = 3; // a literal piece of a template
const kPunct = 4;
const kRegExp = 5;

// Keywords after which a `/` starts a regular expression.
const regExpAfterWord = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw',
  'case', 'do', 'else', 'yield', 'await', 'extends',
]);

// Three-, two- and one-character punctuators, longest first.
const puncts = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '**',
];

const idStart = /[\p{ID_Start}$_\\]/u;
const idPart = /[\p{ID_Continue}$_\u200c\u200d\\]/u;

// Reads `src` into tokens `{ type, value, start, end, nl }` (`nl`: a line
// break comes before it). Comments are skipped. Returns null when the
// source ends inside a comment, string, template or regular expression.
function tokenize(src) {
  const tokens = [];
  // Open template substitutions: the brace depth at which each `${` opened.
  const templates = [];
  let braceDepth = 0;
  let i = 0;
  let nl = false;
  const n = src.length;

  function push(type, start, end) {
    tokens.push({ type, value: src.slice(start, end), start, end, nl });
    nl = false;
  }

  function regExpAllowed() {
    const prev = tokens[tokens.length - 1];
    if (prev === undefined) return true;
    if (prev.type === kName) return regExpAfterWord.has(prev.value);
    if (prev.type === kPunct) return prev.value !== ')' && prev.value !== ']' && prev.value !== '}';
    return false;
  }

  // Reads template characters from i (after ` or }) to the closing ` or
  // to `${`; returns false when the source ends first.
  function templatePart() {
    const start = i;
    while (i < n) {
      const c = src[i];
      if (c === '\\') { i += 2; continue; }
      if (c === '`') {
        i++;
        push(kTemplate, start, i);
        return true;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        push(kTemplate, start, i);
        templates.push(braceDepth);
        braceDepth++;
        return true;
      }
      i++;
    }
    return false;
  }

  while (i < n) {
    const c = src[i];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      nl = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\u00a0' || c === '\ufeff' ||
        /\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n' && src[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end === -1) return null;
      if (/[\n\r\u2028\u2029]/.test(src.slice(i, end))) nl = true;
      i = end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\\') i++;
        else if (src[i] === '\n') return null;
        i++;
      }
      if (i >= n) return null;
      i++;
      push(kString, start, i);
      continue;
    }
    if (c === '`') {
      i++;
      if (!templatePart()) return null;
      continue;
    }
    if (c === '}' && templates.length > 0 && templates[templates.length - 1] === braceDepth - 1) {
      templates.pop();
      braceDepth--;
      i++;
      if (!templatePart()) return null;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] || ''))) {
      const start = i++;
      while (i < n && /[0-9a-zA-Z_.]/.test(src[i])) {
        if ((src[i] === 'e' || src[i] === 'E') && (src[i + 1] === '+' || src[i + 1] === '-') &&
            !/^0[xX]/.test(src.slice(start, i))) {
          i++;
        }
        i++;
      }
      push(kNum, start, i);
      continue;
    }
    if (idStart.test(c) || c === '#') {
      const start = i++;
      while (i < n && idPart.test(src[i])) i++;
      push(kName, start, i);
      continue;
    }
    if (c === '/' && regExpAllowed()) {
      const start = i++;
      let inClass = false;
      while (i < n) {
        const d = src[i];
        if (d === '\n' || d === '\r') return null;
        if (d === '\\') { i += 2; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        i++;
      }
      if (i >= n) return null;
      i++;
      while (i < n && idPart.test(src[i])) i++;
      push(kRegExp, start, i);
      continue;
    }
    let p = c;
    for (const candidate of puncts) {
      if (src.startsWith(candidate, i)) {
        p = candidate;
        break;
      }
    }
    // `?.` followed by a digit is `?` then a number.
    if (p === '?.' && /[0-9]/.test(src[i + 2] || '')) p = '?';
    if (p === '{') braceDepth++;
    else if (p === '}') braceDepth--;
    push(kPunct, i, i + p.length);
    i += p.length;
  }
  return tokens;
}

// --- statements --------------------------------------------------------------

// What a bracket opened: a block of statements, a function body, a class
// body, an object literal (or pattern), parentheses, brackets, a template
// substitution, or the expression body of an arrow function.
const kBlock = 'block';
const kFunction = 'function';
const kClass = 'class';
const kObject = 'object';
const kParen = 'paren';
const kBracket = 'bracket';
const kArrow = 'arrow';

const controlHeads = new Set(['if', 'for', 'while', 'switch', 'catch', 'with']);
const blockAfterWord = new Set(['else', 'try', 'finally', 'do']);

// Tokens after which an expression can end (so a line break may end the
// statement).
function endsExpression(token) {
  if (token === undefined) return false;
  if (token.type === kPunct) {
    return token.value === ')' || token.value === ']' || token.value === '}' ||
      token.value === '++' || token.value === '--';
  }
  if (token.type === kTemplate) return token.value.endsWith('`');
  if (token.type === kName) {
    return !['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw',
      'case', 'do', 'else', 'yield', 'await', 'extends', 'var', 'let', 'const'].includes(token.value);
  }
  return true;
}

// Tokens that cannot continue an expression at the start of a line.
function startsStatement(token) {
  if (token.type === kName) return token.value !== 'in' && token.value !== 'instanceof' && token.value !== 'of';
  if (token.type === kPunct) {
    return ['{', '++', '--', '!', '~', ';'].includes(token.value);
  }
  return token.type !== kTemplate;
}

// Whether a statement after `prev` is the body of another (`if (x) y`,
// `else y`, `do y`, `label: y`), not a statement of its own list.
function isSubStatement(prev) {
  if (prev === undefined) return false;
  if (prev.type === kName) return prev.value === 'else' || prev.value === 'do';
  return prev.type === kPunct && ((prev.value === ')' && prev.controlHead === true) ||
    (prev.value === ':' && prev.label === true));
}

// Reads the token list once, keeping for each token the bracket contexts
// around it; collects what the rewrite needs.
function analyze(tokens) {
  const stack = [];       // open contexts: { kind, open (token index), question }
  const info = {
    containsAwait: false,
    containsReturn: false,
    topStatements: [],    // token indices starting a statement at the top level
    declarations: [],     // { index, kind, top }
    classes: [],          // token index of a top-level `class` declaration
    functions: [],        // token index of a function declaration outside functions
    contextOf: [],        // per token: the innermost context kind or null
    starts: [],           // per token: whether it starts a statement
  };
  let pendingClass = -1;  // stack depth at which a `class` waits for its body
  let question = 0;       // open `?` of conditional expressions at the current level

  const insideFunction = () => stack.some((c) => c.kind === kFunction || c.kind === kClass || c.kind === kArrow);
  const top = () => stack[stack.length - 1];

  function atStatementStart(i) {
    const prev = tokens[i - 1];
    if (prev === undefined) return true;
    const t = tokens[i];
    if (prev.type === kPunct) {
      if (prev.value === ';') return top() === undefined || top().kind !== kParen;
      if (prev.value === '{' || prev.value === '}') {
        const kind = prev.value === '{' ? info.contextOf[i] : prev.closed;
        if (kind === kBlock || kind === kFunction) return true;
      }
      if (prev.value === ':' && prev.label) return true;
      if (prev.value === ')' && prev.controlHead) return true;
    }
    if (prev.type === kName && (prev.value === 'else' || prev.value === 'do')) return true;
    return t.nl && endsExpression(prev) && startsStatement(t);
  }

  // Arrow bodies without braces end at a `,` or `;` of their own level, at a
  // closing bracket, or where a line break ends the statement.
  function closeArrows(i) {
    const t = tokens[i];
    while (top() !== undefined && top().kind === kArrow) {
      const ends = (t.type === kPunct && (t.value === ',' || t.value === ';' ||
        t.value === ')' || t.value === ']' || t.value === '}')) ||
        (t.nl && endsExpression(tokens[i - 1]) && startsStatement(t));
      if (!ends) break;
      stack.pop();
    }
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > 0) closeArrows(i);
    const depth = stack.length;
    info.contextOf[i] = depth === 0 ? null : top().kind;
    const statementStart = (depth === 0 || top().kind === kBlock || top().kind === kFunction) &&
      atStatementStart(i);
    info.starts[i] = statementStart;
    if (depth === 0 && statementStart && !isSubStatement(tokens[i - 1])) info.topStatements.push(i);

    if (t.type === kName) {
      const inFunction = insideFunction();
      const next = tokens[i + 1];
      switch (t.value) {
        case 'await':
          if (!inFunction) info.containsAwait = true;
          break;
        case 'return':
          if (!inFunction) info.containsReturn = true;
          break;
        case 'var':
        case 'let':
        case 'const':
          if (!inFunction && next !== undefined &&
              (next.type === kName || next.value === '[' || next.value === '{') &&
              (t.value !== 'let' || !(next.type === kName && ['in', 'instanceof', 'of'].includes(next.value)))) {
            const head = depth > 0 && top().kind === kParen;
            if (statementStart || head) {
              info.declarations.push({ index: i, kind: t.value, top: depth === 0 && statementStart });
            }
          }
          break;
        case 'class':
          pendingClass = depth;
          if (depth === 0 && statementStart && next !== undefined && next.type === kName &&
              next.value !== 'extends') {
            info.classes.push(i);
          }
          break;
        case 'function': {
          const prev = tokens[i - 1];
          const isAsync = prev !== undefined && prev.type === kName && prev.value === 'async' &&
            !t.nl;
          const start = isAsync ? i - 1 : i;
          const declares = info.starts[start];
          let name = next;
          if (name !== undefined && name.value === '*') name = tokens[i + 2];
          if (!inFunction && declares && name !== undefined && name.type === kName) {
            info.functions.push({ index: start, name: name.value });
          }
          break;
        }
        case 'for':
          if (next !== undefined && next.value === 'await' && !inFunction) info.containsAwait = true;
          break;
        default:
          break;
      }
      continue;
    }
    if (t.type !== kPunct) continue;
    switch (t.value) {
      case '(':
      case '[': {
        const prev = tokens[i - 1];
        stack.push({
          kind: t.value === '(' ? kParen : kBracket,
          open: i,
          controlHead: t.value === '(' && prev !== undefined && prev.type === kName && controlHeads.has(prev.value),
          question,
        });
        question = 0;
        break;
      }
      case '{': {
        const kind = braceKind(i);
        stack.push({ kind, open: i, question });
        question = 0;
        info.contextOf[i] = kind;
        if (kind === kClass) pendingClass = -1;
        break;
      }
      case ')':
      case ']':
      case '}': {
        const closed = stack.pop();
        if (closed !== undefined) {
          question = closed.question;
          t.closed = closed.kind;
          if (t.value === ')' && closed.controlHead) t.controlHead = true;
        }
        break;
      }
      case '=>': {
        const next = tokens[i + 1];
        if (next !== undefined && next.value !== '{') stack.push({ kind: kArrow, open: i, question });
        break;
      }
      case '?':
        question++;
        break;
      case ':':
        if (question > 0) {
          question--;
        } else if (depth === 0 || top().kind === kBlock || top().kind === kFunction) {
          t.label = true;
        }
        break;
      default:
        break;
    }
  }
  return info;

  // What the `{` at token i opens.
  function braceKind(i) {
    const prev = tokens[i - 1];
    if (pendingClass === stack.length) return kClass;
    if (prev === undefined) return kBlock;
    if (prev.type === kPunct) {
      if (prev.value === '=>') return kFunction;
      if (prev.value === ')') return prev.controlHead ? kBlock : kFunction;
      if (prev.value === ';' || prev.value === '{' || prev.value === '}') {
        const enclosing = top();
        if (prev.value === '{' && info.contextOf[i - 1] === kObject) return kObject;
        return enclosing === undefined || enclosing.kind === kBlock || enclosing.kind === kFunction ?
          kBlock : kObject;
      }
      if (prev.value === ':' && prev.label) return kBlock;
      return kObject;
    }
    if (prev.type === kName) {
      if (blockAfterWord.has(prev.value)) return kBlock;
      if (prev.value === 'return' || prev.value === 'typeof' || prev.value === 'void' ||
          prev.value === 'await' || prev.value === 'yield' || prev.value === 'in' ||
          prev.value === 'of' || prev.value === 'case' || prev.value === 'delete' ||
          prev.value === 'throw' || prev.value === 'new') {
        return kObject;
      }
      // `x\n{` starts a block after a finished statement.
      if (tokens[i].nl) return kBlock;
      return kObject;
    }
    return tokens[i].nl ? kBlock : kObject;
  }
}

// --- declarations --------------------------------------------------------------

// Index of the token closing the bracket opened at `open`.
function closing(tokens, open) {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === kTemplate) {
      // A template substitution's `${` opens a level its `}` closes.
      if (t.value.startsWith('}')) depth--;
      if (t.value.endsWith('${')) depth++;
      continue;
    }
    const v = t.type === kPunct ? t.value : '';
    if (v === '(' || v === '[' || v === '{') {
      depth++;
    } else if (v === ')' || v === ']' || v === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length - 1;
}

// Splits tokens (from, to) of a bracketed list at its top-level commas.
function splitList(tokens, from, to) {
  const parts = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const v = tokens[i].type === kPunct ? tokens[i].value : '';
    if (v === '(' || v === '[' || v === '{') {
      i = closing(tokens, i);
      continue;
    }
    if (v === ',') {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts.filter(([a, b]) => b > a);
}

// The names a binding pattern in tokens [from, to) declares.
function boundNames(tokens, from, to, names) {
  if (from >= to) return;
  const first = tokens[from];
  if (first.type === kName) {
    names.push(first.value);
    return;
  }
  if (first.value === '...') {
    boundNames(tokens, from + 1, to, names);
    return;
  }
  if (first.value !== '[' && first.value !== '{') return;
  const end = closing(tokens, from);
  for (const [a, b] of splitList(tokens, from + 1, end)) {
    if (first.value === '[') {
      boundNames(tokens, a, patternEnd(tokens, a, b), names);
      continue;
    }
    // Object pattern entry: `...rest`, `key: pattern = default`,
    // `[computed]: pattern`, `name = default` or `name`.
    if (tokens[a].value === '...') {
      boundNames(tokens, a + 1, b, names);
      continue;
    }
    let colon = -1;
    for (let k = a; k < b; k++) {
      const v = tokens[k].type === kPunct ? tokens[k].value : '';
      if (v === '[' || v === '(' || v === '{') {
        k = closing(tokens, k);
        continue;
      }
      if (v === ':') {
        colon = k;
        break;
      }
      if (v === '=') break;
    }
    if (colon === -1) {
      if (tokens[a].type === kName) names.push(tokens[a].value);
    } else {
      boundNames(tokens, colon + 1, patternEnd(tokens, colon + 1, b), names);
    }
  }
}

// The end of a pattern in [from, to) before its `= default`.
function patternEnd(tokens, from, to) {
  for (let k = from; k < to; k++) {
    const v = tokens[k].type === kPunct ? tokens[k].value : '';
    if (v === '[' || v === '(' || v === '{') {
      k = closing(tokens, k);
      continue;
    }
    if (v === '=') return k;
  }
  return to;
}

// Reads the declarators after the keyword at `index`: [{ start, end,
// init }] (token indices, `end` exclusive), plus the names; `forHead` is
// true for `for (var x of/in …)`.
function declarators(tokens, index) {
  const list = [];
  const names = [];
  let i = index + 1;
  let forHead = false;
  for (;;) {
    const start = i;
    const t = tokens[i];
    if (t === undefined) break;
    let end;
    if (t.value === '[' || t.value === '{') {
      end = closing(tokens, i) + 1;
    } else {
      end = i + 1;
    }
    boundNames(tokens, start, end, names);
    i = end;
    let init = false;
    const next = tokens[i];
    if (next !== undefined && next.type === kName && (next.value === 'of' || next.value === 'in') && list.length === 0) {
      forHead = true;
      list.push({ start, end: i, init: false });
      break;
    }
    if (next !== undefined && next.type === kPunct && next.value === '=') {
      init = true;
      i++;
      // The initializer runs to a `,` or `;` of this level, a closing
      // bracket of an enclosing one, or a line break that ends the statement.
      let substitutions = 0;
      while (i < tokens.length) {
        const u = tokens[i];
        if (u.type === kTemplate) {
          if (u.value.startsWith('}')) substitutions--;
          if (u.value.endsWith('${')) substitutions++;
          i++;
          continue;
        }
        if (substitutions > 0) {
          i++;
          continue;
        }
        const v = u.type === kPunct ? u.value : '';
        if (v === ',' || v === ';' || v === ')' || v === ']' || v === '}') break;
        if (u.nl && endsExpression(tokens[i - 1]) && startsStatement(u)) break;
        if (v === '(' || v === '[' || v === '{') {
          i = closing(tokens, i) + 1;
          continue;
        }
        i++;
      }
    }
    list.push({ start, end: i, init });
    if (tokens[i] !== undefined && tokens[i].value === ',' && tokens[i].type === kPunct) {
      i++;
      continue;
    }
    break;
  }
  return { list, names, forHead };
}

// --- the rewrite ---------------------------------------------------------------

const keywordsStartingStatements = new Set([
  'var', 'let', 'const', 'function', 'class', 'if', 'for', 'while', 'do', 'switch', 'try',
  'throw', 'return', 'break', 'continue', 'debugger', 'with', 'import', 'export',
]);

// Returns the rewritten source, or null when `src` needs no rewrite.
// Throws `Recoverable` (from lib/repl) for an unfinished input and a
// SyntaxError for a wrong one.
function processTopLevelAwait(src, Recoverable) {
  if (!src.includes('await')) return null;
  const tokens = tokenize(src);
  if (tokens === null) {
    // Inside a comment, string or template at the end: more is coming, or
    // the engine will say what is wrong.
    return null;
  }
  const info = analyze(tokens);
  if (!info.containsAwait || info.containsReturn) return null;

  // Edits: insertions before/after source offsets, replacements of ranges.
  const before = new Map();
  const after = new Map();
  const replaced = [];
  const add = (map, pos, text, prepend = false) => {
    const old = map.get(pos) || '';
    map.set(pos, prepend ? text + old : old + text);
  };
  const hoisted = [];

  for (const decl of info.declarations) {
    if (decl.kind !== 'var' && !decl.top) continue;
    const keyword = tokens[decl.index];
    const { list, names, forHead } = declarators(tokens, decl.index);
    if (list.length === 0) continue;
    if (forHead) {
      // `for (var x of …)` → `for (x of …)`; `let`/`const` heads stay.
      if (decl.kind !== 'var') continue;
      replaced.push([keyword.start, tokens[decl.index + 1].start, '']);
    } else {
      replaced.push([keyword.start, keyword.end, list.length === 1 ? 'void' : 'void (']);
      for (const d of list) {
        add(before, tokens[d.start].start, '(');
        add(after, tokens[d.end - 1].end, d.init ? ')' : '=undefined)');
      }
      if (list.length > 1) add(after, tokens[list[list.length - 1].end - 1].end, ')');
    }
    if (names.length > 0) hoisted.push(`${decl.kind === 'var' ? 'var' : 'let'} ${names.join(', ')}; `);
  }
  for (const index of info.classes) {
    const name = tokens[index + 1].value;
    add(before, tokens[index].start, `${name}=`);
    hoisted.push(`let ${name}; `);
  }
  for (const { index, name } of info.functions) {
    add(before, tokens[index].start, `this.${name} = ${name}; `, true);
    hoisted.push(`var ${name}; `);
  }

  // The last statement that is not empty: returned when it is an expression.
  const starts = info.topStatements;
  for (let k = starts.length - 1; k >= 0; k--) {
    const first = tokens[starts[k]];
    const endIndex = (k + 1 < starts.length ? starts[k + 1] : tokens.length) - 1;
    if (first.type === kPunct && first.value === ';') continue;
    const isLabel = first.type === kName && tokens[starts[k] + 1] !== undefined &&
      tokens[starts[k] + 1].value === ':' && tokens[starts[k] + 1].type === kPunct;
    const isDeclaration = first.type === kName && (keywordsStartingStatements.has(first.value) ||
      (first.value === 'async' && tokens[starts[k] + 1] !== undefined &&
        tokens[starts[k] + 1].value === 'function' && !tokens[starts[k] + 1].nl));
    const isBlock = first.type === kPunct && first.value === '{';
    if (!isLabel && !isDeclaration && !isBlock) {
      let last = endIndex;
      while (last > starts[k] && tokens[last].type === kPunct && tokens[last].value === ';') last--;
      add(before, first.start, 'return { value: (', true);
      add(after, tokens[last].end, ') }');
    }
    break;
  }

  let body = '';
  let pos = 0;
  replaced.sort((a, b) => a[0] - b[0]);
  const cuts = new Map(replaced.map(([from, to, text]) => [from, [to, text]]));
  const points = new Set([...before.keys(), ...after.keys(), ...cuts.keys()]);
  for (const point of [...points].sort((a, b) => a - b)) {
    body += src.slice(pos, point);
    pos = Math.max(pos, point);
    if (after.has(point)) body += after.get(point);
    if (before.has(point)) body += before.get(point);
    if (cuts.has(point)) {
      const [to, text] = cuts.get(point);
      body += text;
      pos = to;
    }
  }
  body += src.slice(pos);

  const prefix = '(async () => { ';
  const rewritten = `${hoisted.join('')}${prefix}${body}\n})()`;
  if (compile(rewritten, 'repl') === undefined) return rewritten;

  // V8 rejects it: find out what is wrong with the input itself.
  const plain = `${prefix}${src}\n})()`;
  const problem = compile(plain, 'repl');
  if (problem === undefined) return null;
  const position = problem[1] - prefix.length;
  if (position >= src.trimEnd().length) throw new Recoverable(problem[0]);
  throw syntaxErrorAt(src, position, problem[0]);
}

// Node's error for a wrong input with top-level await: the arrow inside the
// message, then V8's message.
function syntaxErrorAt(src, position, original) {
  const before = src.slice(0, Math.max(0, position));
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = src.indexOf('\n', lineStart);
  const line = src.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = position - lineStart;
  const text = original !== null && typeof original === 'object' ? String(original.message) : String(original);
  // eslint-disable-next-line no-restricted-syntax
  return new SyntaxError(`\n${line}\n${' '.repeat(Math.max(0, column))}^\n\n${text}`);
}

// The names an input declares at its top level with `let`, `const` and
// `class` (they live in the context's script scope, where no object shows
// them; the REPL keeps them for Tab completion).
function lexicalNames(src) {
  const tokens = tokenize(src);
  if (tokens === null) return [];
  const info = analyze(tokens);
  const names = [];
  for (const decl of info.declarations) {
    if (decl.top && decl.kind !== 'var') names.push(...declarators(tokens, decl.index).names);
  }
  for (const index of info.classes) names.push(tokens[index + 1].value);
  return names;
}

module.exports = { processTopLevelAwait, lexicalNames, tokenize };
