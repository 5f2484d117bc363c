'use strict';
// Unhandled promise rejections, as Node 20 handles them. V8 reports each
// rejection without a handler (and each handler added later) to
// promiseRejectHandler; after the microtasks of every tick,
// processPromiseRejections acts by --unhandled-rejections mode (default
// `throw`: emit 'unhandledRejection', and with no listener raise the
// reason as an uncaught exception).

const { setHasRejectionToWarn, hasRejectionToWarn } = require('internal/process/task_queues');
const { op_core_trigger_uncaught_sync: triggerUncaughtException } = internalBinding('core');

const kPromiseRejectWithNoHandler = 0;
const kPromiseHandlerAddedAfterReject = 1;

const kThrow = 'throw';
const kStrict = 'strict';
const kWarn = 'warn';
const kNone = 'none';
const kWarnWithErrorCode = 'warn-with-error-code';

const maybeUnhandledPromises = new WeakMap();
const pendingUnhandledRejections = [];
const asyncHandledRejections = [];
let lastPromiseId = 0;
let mode = kThrow;
let hooks = null;

function setup(h) { hooks = h; }
function setMode(m) { mode = m; }

function promiseRejectHandler(type, promise, reason) {
  switch (type) {
    case kPromiseRejectWithNoHandler:
      maybeUnhandledPromises.set(promise, { reason, uid: ++lastPromiseId, warned: false });
      pendingUnhandledRejections.push(promise);
      setHasRejectionToWarn(true);
      break;
    case kPromiseHandlerAddedAfterReject:
      handledRejection(promise);
      break;
    default:
      break;
  }
}

function handledRejection(promise) {
  const info = maybeUnhandledPromises.get(promise);
  if (info !== undefined) {
    maybeUnhandledPromises.delete(promise);
    if (info.warned) {
      const warning = new Error('Promise rejection was handled ' +
        `asynchronously (rejection id: ${info.uid})`);
      warning.name = 'PromiseRejectionHandledWarning';
      warning.id = info.uid;
      asyncHandledRejections.push({ promise, warning });
      setHasRejectionToWarn(true);
      return;
    }
  }
  if (pendingUnhandledRejections.length === 0 && asyncHandledRejections.length === 0) {
    setHasRejectionToWarn(false);
  }
}

function isErrorLike(o) {
  return typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, 'stack');
}

function unhandledRejectionError(reason) {
  const { UnhandledPromiseRejection } = hooks.errors();
  return new UnhandledPromiseRejection(reason);
}

// Node 20 warns twice: the reason (its stack for errors), then the
// explanation.
function emitUnhandledRejectionWarning(uid, reason) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const warning = new Error('Unhandled promise rejection. This error originated either by ' +
    'throwing inside of an async function without a catch block, ' +
    'or by rejecting a promise which was not handled with .catch(). ' +
    'To terminate the node process on unhandled promise ' +
    'rejection, use the CLI flag `--unhandled-rejections=strict` (see ' +
    'https://nodejs.org/api/cli.html#cli_unhandled_rejections_mode). ' +
    `(rejection id: ${uid})`);
  Error.stackTraceLimit = limit;
  warning.name = 'UnhandledPromiseRejectionWarning';
  try {
    if (isErrorLike(reason)) {
      warning.stack = reason.stack;
      hooks.emitWarning(reason.stack, 'UnhandledPromiseRejectionWarning');
    } else {
      hooks.emitWarning(hooks.errors().noSideEffectsToString(reason), 'UnhandledPromiseRejectionWarning');
    }
  } catch {
    // The warning below still goes out.
  }
  hooks.emitWarning(warning);
}

// Returns true when it may have scheduled ticks or microtasks.
function processPromiseRejections() {
  let maybeScheduledTicksOrMicrotasks = asyncHandledRejections.length > 0;
  const process = hooks.process;
  while (asyncHandledRejections.length > 0) {
    const { promise, warning } = asyncHandledRejections.shift();
    if (!process.emit('rejectionHandled', promise)) hooks.emitWarning(warning);
  }
  let len = pendingUnhandledRejections.length;
  while (len--) {
    const promise = pendingUnhandledRejections.shift();
    const info = maybeUnhandledPromises.get(promise);
    if (info === undefined) continue;
    info.warned = true;
    const { reason, uid } = info;
    const emit = () => process.emit('unhandledRejection', reason, promise);
    switch (mode) {
      case kStrict: {
        const err = isErrorLike(reason) ? reason : unhandledRejectionError(reason);
        triggerUncaughtException(err, true);
        if (!emit()) emitUnhandledRejectionWarning(uid, reason);
        break;
      }
      case kNone:
        emit();
        break;
      case kWarn:
        // `warn` always warns, listener or not (Node's
        // kAlwaysWarnUnhandledRejections).
        emit();
        emitUnhandledRejectionWarning(uid, reason);
        break;
      case kWarnWithErrorCode:
        if (!emit()) {
          emitUnhandledRejectionWarning(uid, reason);
          process.exitCode = 1;
        }
        break;
      case kThrow:
      default:
        if (!emit()) {
          const err = isErrorLike(reason) ? reason : unhandledRejectionError(reason);
          triggerUncaughtException(err, true);
        }
        break;
    }
    maybeScheduledTicksOrMicrotasks = true;
  }
  return maybeScheduledTicksOrMicrotasks || pendingUnhandledRejections.length !== 0;
}

module.exports = { setup, setMode, promiseRejectHandler, processPromiseRejections, hasRejectionToWarn };
