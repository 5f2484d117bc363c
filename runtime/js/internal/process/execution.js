'use strict';
// What happens to uncaught exceptions and at exit.
//
// onUncaughtException(error, arrow, fromPromise, inHandler, arrowAttached) is called by
// the Rust side (src/errors.rs) for every uncaught exception. It emits
// 'uncaughtExceptionMonitor' and 'uncaughtException'; with no listener it
// sets the exit code to 1, emits 'exit', prints the error the way Node does
// (the arrow: file:line, source line and caret; then the inspected error)
// and returns the exit code. `inHandler` marks an error thrown by an
// 'uncaughtException' listener itself: printed, exit code 7. A capture
// callback (process.setUncaughtExceptionCaptureCallback) takes every
// uncaught exception before the listeners.

let process = null;
let writeErr = (s) => {};
let inspect = (v) => String(v);

function setup(p, write, inspectFn) {
  process = p;
  writeErr = write;
  inspect = inspectFn;
}

function isError(e) {
  return e instanceof Error || Object.prototype.toString.call(e) === '[object Error]';
}

function isNativeError(e) {
  return internalBinding('types').isNativeError(e);
}

// Node's fatal report inspects with customInspect off, a depth of at
// least 5, and colors when stderr is a color terminal; an error thrown by
// an EventEmitter gets "Emitted 'error' event … at:" first.
function inspectFatal(error) {
  const util = require('internal/util/inspect');
  const { kEnhanceStackBeforeInspector } = require('internal/util');
  if (isError(error) && typeof error[kEnhanceStackBeforeInspector] === 'function') {
    try {
      error.stack = error[kEnhanceStackBeforeInspector]();
    } catch {
      // The report shows the stack as it is.
    }
  }
  let colors = util.inspect.defaultOptions.colors;
  try {
    const stderr = process.stderr;
    colors = colors || (stderr.isTTY === true && typeof stderr.hasColors === 'function' && stderr.hasColors());
  } catch {
    // No stderr stream: no colors.
  }
  return util.inspect(error, {
    colors,
    customInspect: false,
    depth: Math.max(util.inspect.defaultOptions.depth, 5),
  });
}

function formatFatal(error, arrow, arrowAttached = false) {
  let text = '';
  // Node tells errors apart as V8 does (made by an Error constructor, or a
  // subclass): their arrow goes before the report with an empty line in
  // between, as does an arrow attached to any object before it was
  // reported. Other objects (Object.create(Error.prototype), a proxy of an
  // error) get the empty line first, then the arrow and the report.
  if (isNativeError(error) || (arrowAttached && error !== null && (typeof error === 'object' || typeof error === 'function'))) {
    if (arrow) text += arrow + '\n';
    let body;
    try {
      body = inspectFatal(error);
    } catch {
      body = String(error && error.stack);
    }
    text += body + '\n';
  } else if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
    // Node starts non-errors with an empty line.
    text += '\n';
    if (arrow) text += arrow;
    text += inspectFatal(error) + '\n';
  } else {
    text += '\n';
    if (arrow) text += arrow;
    let shown;
    try {
      // A symbol has no string form there: Node prints an empty line.
      shown = typeof error === 'symbol' ? '' : String(error);
    } catch {
      shown = inspect(error);
    }
    text += shown + '\n';
    if (!process.traceUncaught) {
      text += `(Use \`${programName()} --trace-uncaught ...\` to show where the exception was thrown)\n`;
    }
  }
  text += `\n${process.release.name === 'nodus' ? 'Nodus' : 'Node.js'} ${process.release.version || process.version}\n`;
  return text;
}

// The name the user ran us by (`nodus`), as Node's hints use argv0.
function programName() {
  const argv0 = process.argv0 || process.release.name;
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

function printFatal(error, arrow, arrowAttached = false) {
  try {
    writeErr(formatFatal(error, arrow, arrowAttached));
  } catch {
    writeErr(`Uncaught ${String(error)}\n`);
  }
}

// process.setUncaughtExceptionCaptureCallback(fn): `fn` gets uncaught
// exceptions instead of 'uncaughtException' (the REPL uses it).
let captureCallback = null;

function setUncaughtExceptionCaptureCallback(fn) {
  if (fn === null) {
    captureCallback = null;
    return;
  }
  const { codes } = require('internal/errors');
  if (typeof fn !== 'function') {
    throw new codes.ERR_INVALID_ARG_TYPE('fn', ['Function', 'null'], fn);
  }
  if (captureCallback !== null) {
    throw new codes.ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET();
  }
  captureCallback = fn;
}

function hasUncaughtExceptionCaptureCallback() {
  return captureCallback !== null;
}

function onUncaughtException(error, arrow, fromPromise, inHandler, arrowAttached) {
  if (inHandler) {
    printFatal(error, arrow);
    return 7;
  }
  const type = fromPromise ? 'unhandledRejection' : 'uncaughtException';
  process.emit('uncaughtExceptionMonitor', error, type);
  if (captureCallback !== null) {
    captureCallback(error);
    return true;
  }
  if (process.listenerCount('uncaughtException') > 0) {
    process.emit('uncaughtException', error, type);
    return true;
  }
  if (!process._exiting) {
    process._exiting = true;
    process.exitCode = 1;
    try {
      process.emit('exit', 1);
    } catch {
      // An exit listener that throws changes nothing here.
    }
  }
  // A worker's uncaught error goes to its parent's Worker 'error' event.
  const { reportWorkerError } = require('internal/worker/hooks');
  if (!require('worker_threads').isMainThread && reportWorkerError !== null) {
    if (arrow !== undefined && error !== null && typeof error === 'object' && !arrowAttached) {
      try {
        error.stack = `${arrow}\n${error.stack}`;
      } catch {
        // A frozen error keeps its stack.
      }
    }
    reportWorkerError(error);
    return 1;
  }
  printFatal(error, arrow, arrowAttached);
  const code = exitCodeOf(process.exitCode);
  return code === 0 ? 1 : code;
}

function exitCodeOf(code) {
  if (code === undefined || code === null) return 0;
  const n = Number(code);
  return Number.isFinite(n) ? n | 0 : 0;
}

function emitBeforeExit() {
  if (process._exiting) return;
  process.emit('beforeExit', exitCodeOf(process.exitCode));
}

function emitExit() {
  if (!process._exiting) {
    process._exiting = true;
    process.emit('exit', exitCodeOf(process.exitCode));
  }
  return exitCodeOf(process.exitCode);
}

module.exports = {
  setup,
  onUncaughtException,
  emitBeforeExit,
  emitExit,
  exitCodeOf,
  formatFatal,
  setUncaughtExceptionCaptureCallback,
  hasUncaughtExceptionCaptureCallback,
};
