'use strict';
// The REPL's terminal input: the native line editor (filled in by the
// terminal support; until then every REPL reads lines from its stream).

function canEdit() {
  return false;
}

function open() {
  throw new Error('the terminal line editor is not available');
}

module.exports = { canEdit, open };
