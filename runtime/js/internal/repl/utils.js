'use strict';
// Syntax questions the REPL asks about an input before running it, answered
// by V8's own parser (op_repl_compile_sync compiles without running):
//
// - isRecoverableError(info, code): is the input merely incomplete, so the
//   REPL should show `| ` and wait for more lines? Yes when the parser
//   stopped at the end of the input (an unclosed block, call, array,
//   object, `if (x)` without a body…), inside a template literal or a block
//   comment, or inside a string whose line ends with a `\` continuation.
//   A bad token (`2e`, `/abc`, `"abc` without `\`) or an unexpected one
//   before the end is a real error.
// - isObjectLiteral(code): `{ a: 1 }` should be read as an object, not a
//   block.
// - isValidSyntax(code): does it parse (as a script, or as an expression
//   after `_=`)?

const { op_repl_compile_sync: compile } = internalBinding('repl');

// The fields of op_repl_compile_sync's answer.
const kError = 0;
const kStart = 1;
const kEnd = 2;

// `info` is op_repl_compile_sync's answer for `code`.
function isRecoverableError(info, code) {
  // `{` at the start may be an object literal: ask again as an expression
  // (only the opening parenthesis, the point is to see whether it is
  // incomplete).
  if (/^\s*\{/.test(code)) {
    const asExpression = compile(`(${code}`, 'repl');
    if (asExpression !== undefined && recoverableAt(asExpression, `(${code}`)) return true;
  }
  return recoverableAt(info, code);
}

function recoverableAt(info, code) {
  const error = info[kError];
  const message = error !== null && typeof error === 'object' ? String(error.message) : '';
  const start = info[kStart];
  const end = info[kEnd];
  if (message === 'Unterminated template literal' || message === 'Unexpected end of input') {
    return true;
  }
  if (message === 'Invalid or unexpected token') {
    const rest = code.slice(start);
    // An unterminated block comment.
    if (rest.startsWith('/*') && !rest.includes('*/')) return true;
    // A string continued on the next line with a backslash.
    return (rest[0] === '"' || rest[0] === "'") && /\\(?:\r\n?|\n|\u2028|\u2029)$/.test(rest);
  }
  if (message.startsWith('Invalid regular expression')) return false;
  // `Unexpected token` and friends: only when the parser met the end.
  if (message.startsWith('Unexpected ')) return start >= code.trimEnd().length;
  // Other errors (`missing ) after argument list`, `Missing catch or
  // finally after try`…) are reported at the last token when the input
  // stops early.
  return code.slice(end).trim() === '';
}

const startsWithBrace = /^\s*{/;
const endsWithSemicolon = /;\s*$/;

function isObjectLiteral(code) {
  return startsWithBrace.test(code) && !endsWithSemicolon.test(code);
}

function isValidSyntax(code) {
  return compile(code, 'repl') === undefined || compile(`_=${code}`, 'repl') === undefined;
}

module.exports = { isRecoverableError, isObjectLiteral, isValidSyntax };
