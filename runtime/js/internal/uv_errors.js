'use strict';

// libuv's error names and messages by errno (Linux values), as
// util.getSystemErrorMap() and system errors report them.

// [errno, code, message], generated at build time from src/uv_errors.rs,
// the table the Rust side uses too.
const table = require('internal/uv_errors_table');

let map;
function errmap() {
  if (map === undefined) map = new Map(table.map(([errno, name, message]) => [errno, [name, message]]));
  return map;
}

/** [name, message] for a (negative) errno, or undefined. */
function uvErrmapGet(errno) {
  return errmap().get(errno);
}

/** A copy of the whole map, as util.getSystemErrorMap() returns. */
function getSystemErrorMap() {
  return new Map(errmap());
}

module.exports = { getSystemErrorMap, uvErrmapGet };
