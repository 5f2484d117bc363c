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

function isNativeError(e) {
  return internalBinding('types').isNativeError(e);
}

// Node's two fatal-report enhancers. Before: an EventEmitter's error gets
// "Emitted 'error' event … at:" added to its stack. After: the report is
// the error inspected with customInspect off, a depth of at least 5 and
// colors on a color stderr (its stack as it was if inspecting throws).
// Either may throw (a getter, a proxy trap): then there is no report text.
function enhanceBeforeInspector(error) {
  const { kEnhanceStackBeforeInspector } = require('internal/util');
  if (typeof error[kEnhanceStackBeforeInspector] !== 'function') return;
  try {
    error.stack = error[kEnhanceStackBeforeInspector]();
  } catch {
    // The report shows the stack as it is.
  }
}

function enhanceAfterInspector(error) {
  const originalStack = error.stack;
  const util = require('internal/util/inspect');
  let colors = util.inspect.defaultOptions.colors;
  try {
    const stderr = process.stderr;
    colors = colors || (stderr.isTTY === true && typeof stderr.hasColors === 'function' && stderr.hasColors());
  } catch {
    // No stderr stream: no colors.
  }
  try {
    return util.inspect(error, { colors, customInspect: false, depth: Math.max(util.inspect.defaultOptions.depth, 5) });
  } catch {
    return originalStack;
  }
}

// What Node's ReportFatalException prints for `error`: the arrow, the
// report, the version line.
function formatFatal(error, arrow, arrowAttached = false) {
  let text = '';
  const isObject = error !== null && (typeof error === 'object' || typeof error === 'function');
  // Node tells errors apart as V8 does (made by an Error constructor, or a
  // subclass). Their arrow (or one attached before the report, as `-e`
  // attaches it) goes before the report; anything else gets an empty line
  // and its arrow at once.
  let pendingArrow = arrow;
  if (!(isObject && (isNativeError(error) || arrowAttached))) {
    text += `
${arrow || ''}`;
    pendingArrow = undefined;
  }
  let report;
  if (isObject) {
    try {
      enhanceBeforeInspector(error);
    } catch {
      // An enhancer that throws leaves the report as it is.
    }
    try {
      report = enhanceAfterInspector(error);
    } catch {
      report = undefined;
    }
  }
  if (typeof report === 'string' && report.length > 0) {
    text += pendingArrow ? `${pendingArrow}\n${report}\n` : `${report}\n`;
  } else {
    // No report: `name: message` when both can be read, the value as a
    // string otherwise (nothing when that throws, or for a symbol).
    let name;
    let message;
    let line;
    if (isObject) {
      try {
        message = error.message;
        name = error.name;
        if (message !== undefined && name !== undefined) line = `${name}: ${message}`;
      } catch {
        line = undefined;
      }
    }
    if (line === undefined) {
      let shown;
      try {
        shown = typeof error === 'symbol' ? '' : String(error);
      } catch {
        shown = '';
      }
      text += `${shown}\n`;
    } else {
      text += pendingArrow ? `${pendingArrow}\n${line}\n` : `${line}\n`;
    }
    if (!process.traceUncaught) {
      text += `(Use \`${programName()} --trace-uncaught ...\` to show where the exception was thrown)\n`;
    }
  }
  text += `\nNodus ${process.release.version || process.version}\n`;
  return text;
}

// The name the user ran us by (`nodus`), as Node's hints use argv0.
function programName() {
  const argv0 = process.argv0 || 'nodus';
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

function printFatal(error, arrow, arrowAttached = false) {
  try {
    writeErr(formatFatal(error, arrow, arrowAttached));
  } catch {
    // Writing failed (stderr is gone): nothing more can be said.
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
