'use strict';

// AbortController and AbortSignal (DOM), on our EventTarget.

const { EventTarget, Event, initEventTarget, kTrustEvent } = require('internal/event_target');
const {
  codes: { ERR_ILLEGAL_CONSTRUCTOR, ERR_INVALID_THIS },
} = require('internal/errors');
const { validateUint32 } = require('internal/validators');

const kAborted = Symbol('kAborted');
const kReason = Symbol('kReason');
const kDontThrowSymbol = Symbol('kDontThrowSymbol');
const customInspect = Symbol.for('nodejs.util.inspect.custom');

function lazyDOMException(message, name) {
  const DOMExceptionImpl = globalThis.DOMException ?? require('internal/dom_exception').DOMException;
  return new DOMExceptionImpl(message, name);
}

function validateThisAbortSignal(obj) {
  if (obj?.[kAborted] === undefined) throw new ERR_INVALID_THIS('AbortSignal');
}

class AbortSignal extends EventTarget {
  constructor(dontThrowKey = undefined) {
    if (dontThrowKey !== kDontThrowSymbol) throw new ERR_ILLEGAL_CONSTRUCTOR();
    super();
    this[kAborted] = false;
    this[kReason] = undefined;
  }

  get aborted() {
    validateThisAbortSignal(this);
    return !!this[kAborted];
  }

  get reason() {
    validateThisAbortSignal(this);
    return this[kReason];
  }

  throwIfAborted() {
    validateThisAbortSignal(this);
    if (this[kAborted]) throw this[kReason];
  }

  [customInspect](depth, options) {
    const { inspect } = require('internal/util/inspect');
    if (depth < 0) return this.constructor.name;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${this.constructor.name} ${inspect({ aborted: this.aborted }, opts)}`;
  }

  static abort(reason = lazyDOMException('This operation was aborted', 'AbortError')) {
    return createAbortSignal({ aborted: true, reason });
  }

  static timeout(delay) {
    validateUint32(delay, 'delay', false);
    const signal = createAbortSignal();
    const timer = setTimeout(() => {
      abortSignal(signal, lazyDOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay);
    if (typeof timer?.unref === 'function') timer.unref();
    return signal;
  }

  static any(signals) {
    // Node 24 converts the argument as WebIDL's sequence<AbortSignal>: any
    // iterable, with WebIDL's messages (and Node's code).
    const webidlError = (message) => {
      const err = new TypeError(message);
      err.code = 'ERR_INVALID_ARG_TYPE';
      return err;
    };
    if (signals === null || typeof signals !== 'object' || typeof signals[Symbol.iterator] !== 'function') {
      throw webidlError('signals cannot be converted to sequence.');
    }
    signals = [...signals];
    for (let i = 0; i < signals.length; i++) {
      if (signals[i]?.[kAborted] === undefined) {
        throw webidlError(`signals[${i}] is not of type AbortSignal.`);
      }
    }
    const result = createAbortSignal();
    for (const signal of signals) {
      if (signal.aborted) {
        abortSignal(result, signal.reason);
        return result;
      }
    }
    for (const signal of signals) {
      signal.addEventListener('abort', () => abortSignal(result, signal.reason), { once: true });
    }
    return result;
  }
}

Object.defineProperties(AbortSignal.prototype, {
  aborted: { enumerable: true },
  reason: { enumerable: true },
  throwIfAborted: { enumerable: true },
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true, value: 'AbortSignal' },
});

// The `onabort` event handler attribute.
const kOnAbort = Symbol('onabort');
Object.defineProperty(AbortSignal.prototype, 'onabort', {
  enumerable: true,
  configurable: true,
  get() { return this[kOnAbort]?.handler ?? null; },
  set(handler) {
    const current = this[kOnAbort];
    if (current) {
      this.removeEventListener('abort', current.wrapper);
      this[kOnAbort] = undefined;
    }
    if (typeof handler === 'function') {
      const wrapper = (event) => Reflect.apply(handler, this, [event]);
      this[kOnAbort] = { handler, wrapper };
      this.addEventListener('abort', wrapper);
    }
  },
});

function createAbortSignal({ aborted = false, reason = undefined } = {}) {
  const signal = new AbortSignal(kDontThrowSymbol);
  signal[kAborted] = aborted;
  signal[kReason] = reason;
  return signal;
}

function abortSignal(signal, reason) {
  if (signal[kAborted]) return;
  signal[kAborted] = true;
  signal[kReason] = reason;
  const event = new Event('abort');
  event[kTrustEvent] = true;
  signal.dispatchEvent(event);
}

class AbortController {
  #signal;

  constructor() {
    this.#signal = createAbortSignal();
  }

  get signal() {
    return this.#signal;
  }

  abort(reason = lazyDOMException('This operation was aborted', 'AbortError')) {
    abortSignal(this.#signal, reason);
  }

  [customInspect](depth, options) {
    const { inspect } = require('internal/util/inspect');
    if (depth < 0) return this.constructor.name;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${this.constructor.name} ${inspect({ signal: this.signal }, opts)}`;
  }
}

Object.defineProperties(AbortController.prototype, {
  signal: { enumerable: true },
  abort: { enumerable: true },
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true, value: 'AbortController' },
});

void initEventTarget;
module.exports = { AbortController, AbortSignal };
