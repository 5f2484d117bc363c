'use strict';
// process.emitWarning and the default 'warning' listener, which prints
// `(nodus:PID) Name: message` to stderr as Node prints `(node:PID) …`.

let process = null;
let writeErr = (s) => {};
let traceHintShown = false;

function setup(p, write) {
  process = p;
  writeErr = write;
}

function createWarningObject(warning, type, code, ctor, detail) {
  const err = new Error(warning);
  err.name = String(type || 'Warning');
  if (code !== undefined) err.code = code;
  if (detail !== undefined) err.detail = detail;
  Error.captureStackTrace(err, ctor || process.emitWarning);
  return err;
}

function emitWarning(warning, type, code, ctor) {
  let detail;
  if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
    ctor = type.ctor;
    code = type.code;
    if (typeof type.detail === 'string') detail = type.detail;
    type = type.type || 'Warning';
  } else if (typeof type === 'function') {
    ctor = type;
    code = undefined;
    type = 'Warning';
  }
  const { codes } = require('internal/errors');
  if (type !== undefined && typeof type !== 'string') throw new codes.ERR_INVALID_ARG_TYPE('type', 'string', type);
  if (typeof code === 'function') {
    ctor = code;
    code = undefined;
  }
  if (typeof warning === 'string') {
    warning = createWarningObject(warning, type, code, ctor, detail);
  } else if (!(warning instanceof Error)) {
    throw new codes.ERR_INVALID_ARG_TYPE('warning', ['Error', 'string'], warning);
  }
  if (warning.name === 'DeprecationWarning') {
    if (process.noDeprecation) return;
    // Thrown on the next tick, after the warnings emitted before it.
    if (process.throwDeprecation) {
      process.nextTick(() => { throw warning; });
      return;
    }
  }
  process.nextTick(() => process.emit('warning', warning));
}

// Emits at once, for a warning about an error that is about to end the
// process (Node's emitWarningSync).
function emitWarningSync(warning, type, code) {
  process.emit('warning', createWarningObject(warning, type, code, emitWarningSync));
}

// The default listener.
function onWarning(warning) {
  if (!(warning instanceof Error)) return;
  const isDeprecation = warning.name === 'DeprecationWarning';
  if (isDeprecation && process.noDeprecation) return;
  if (process.noProcessWarnings) return;
  const trace = process.traceProcessWarnings || (isDeprecation && process.traceDeprecation);
  let msg = `(nodus:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  if (trace && warning.stack) {
    msg += `${warning.stack}`;
  } else {
    msg += typeof warning.toString === 'function' ? `${warning.toString()}` : Error.prototype.toString.call(warning);
  }
  if (typeof warning.detail === 'string') msg += `\n${warning.detail}`;
  if (!trace && !traceHintShown) {
    traceHintShown = true;
    const flag = isDeprecation ? '--trace-deprecation' : '--trace-warnings';
    const argv0 = process.argv0 || 'nodus';
    msg += `\n(Use \`${argv0.slice(argv0.lastIndexOf('/') + 1)} ${flag} ...\` to show where the warning was created)`;
  }
  writeErr(`${msg}\n`);
}

module.exports = { setup, emitWarning, emitWarningSync, onWarning };
