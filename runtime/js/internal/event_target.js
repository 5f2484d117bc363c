'use strict';

// Event and EventTarget (the DOM interfaces Node implements), with Node's
// behaviour: listeners as functions or { handleEvent } objects, `once`,
// `passive`, `signal`, duplicates ignored, errors in listeners reported as
// uncaught exceptions, ERR_EVENT_RECURSION for re-dispatch.

const {
  codes: {
    ERR_EVENT_RECURSION,
    ERR_ILLEGAL_CONSTRUCTOR,
    ERR_INVALID_ARG_TYPE,
    ERR_INVALID_THIS,
    ERR_MISSING_ARGS,
  },
} = require('internal/errors');
const { validateObject } = require('internal/validators');

const kType = Symbol('type');
const kTarget = Symbol('kTarget');
const kIsBeingDispatched = Symbol('kIsBeingDispatched');
const kStop = Symbol('kStop');
const kDefaultPrevented = Symbol('kDefaultPrevented');
const kCancelable = Symbol('kCancelable');
const kBubbles = Symbol('kBubbles');
const kComposed = Symbol('kComposed');
const kTimestamp = Symbol('kTimestamp');
const kPropagationStopped = Symbol('kPropagationStopped');
const kInPassiveListener = Symbol('kInPassiveListener');
const kEvents = Symbol('kEvents');
const kTrustEvent = Symbol('kTrustEvent');
const kIsEventTarget = Symbol.for('nodejs.event_target');
// Shared with node:events (setMaxListeners/getMaxListeners on targets).
const { kMaxEventTargetListeners, kMaxEventTargetListenersWarned } = require('events');

const customInspect = Symbol.for('nodejs.util.inspect.custom');

function now() {
  return typeof performance !== 'undefined' && performance.now ? performance.now() : Date.now();
}

function isEvent(value) {
  return typeof value?.[kType] === 'string';
}

class Event {
  constructor(type, options = undefined) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    if (options != null) validateObject(options, 'options', 7);
    this[kCancelable] = !!options?.cancelable;
    this[kBubbles] = !!options?.bubbles;
    this[kComposed] = !!options?.composed;
    this[kType] = `${type}`;
    this[kDefaultPrevented] = false;
    this[kTimestamp] = now();
    this[kPropagationStopped] = false;
    this[kTarget] = null;
    this[kIsBeingDispatched] = false;
    this[kInPassiveListener] = false;
    this[kStop] = false;
  }

  [customInspect](depth, options) {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    const name = this.constructor.name;
    if (depth < 0) return name;
    const opts = { ...options, depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth };
    const { inspect } = require('internal/util/inspect');
    return `${name} ${inspect({
      type: this[kType],
      defaultPrevented: this[kDefaultPrevented],
      cancelable: this[kCancelable],
      timeStamp: this[kTimestamp],
    }, opts)}`;
  }

  stopImmediatePropagation() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    this[kStop] = true;
  }

  preventDefault() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    // A passive listener cannot cancel (Node 24, as the DOM).
    if (this[kCancelable] && !this[kInPassiveListener]) this[kDefaultPrevented] = true;
  }

  get target() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kTarget];
  }

  get currentTarget() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kIsBeingDispatched] ? this[kTarget] : null;
  }

  get srcElement() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kTarget];
  }

  get type() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kType];
  }

  get cancelable() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kCancelable];
  }

  get defaultPrevented() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kCancelable] && this[kDefaultPrevented];
  }

  get timeStamp() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kTimestamp];
  }

  composedPath() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kIsBeingDispatched] ? [this[kTarget]] : [];
  }

  get returnValue() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return !(this[kCancelable] && this[kDefaultPrevented]);
  }

  get bubbles() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kBubbles];
  }

  get composed() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kComposed];
  }

  get eventPhase() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kIsBeingDispatched] ? Event.AT_TARGET : Event.NONE;
  }

  get cancelBubble() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    return this[kPropagationStopped];
  }

  set cancelBubble(value) {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    if (value) this[kPropagationStopped] = true;
  }

  stopPropagation() {
    if (!isEvent(this)) throw new ERR_INVALID_THIS('Event');
    this[kPropagationStopped] = true;
  }

  static NONE = 0;
  static CAPTURING_PHASE = 1;
  static AT_TARGET = 2;
  static BUBBLING_PHASE = 3;
}

Object.defineProperty(Event.prototype, Symbol.toStringTag, {
  writable: false, enumerable: false, configurable: true, value: 'Event',
});
Object.defineProperty(Event.prototype, 'isTrusted', {
  enumerable: true, configurable: false, get() { return this[kTrustEvent] === true; },
});
for (const key of ['type', 'target', 'currentTarget', 'srcElement', 'eventPhase', 'bubbles', 'cancelable',
  'defaultPrevented', 'composed', 'timeStamp', 'returnValue', 'cancelBubble', 'stopImmediatePropagation',
  'preventDefault', 'composedPath', 'stopPropagation']) {
  Object.defineProperty(Event.prototype, key, { ...Object.getOwnPropertyDescriptor(Event.prototype, key), enumerable: true });
}
for (const key of ['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE']) {
  Object.defineProperty(Event, key, { value: Event[key], enumerable: true, writable: false, configurable: false });
}

class CustomEvent extends Event {
  #detail;

  constructor(type, options = {}) {
    if (arguments.length === 0) throw new ERR_MISSING_ARGS('type');
    super(type, options);
    this.#detail = options?.detail ?? null;
  }

  get detail() {
    return this.#detail;
  }
}
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, {
  writable: false, enumerable: false, configurable: true, value: 'CustomEvent',
});

// ---- EventTarget ---------------------------------------------------------------

// One registered listener: a function or an object with handleEvent.
class Listener {
  constructor(previous, listener, once, capture, passive, isNodeStyleListener, weak) {
    this.next = undefined;
    if (previous !== undefined) previous.next = this;
    this.previous = previous;
    this.listener = listener;
    this.once = once;
    this.capture = capture;
    this.passive = passive;
    this.isNodeStyleListener = isNodeStyleListener;
    this.removed = false;
    this.weak = weak;
    this.callback = typeof listener === 'function' ? listener : undefined;
  }

  same(listener, capture) {
    return this.listener === listener && this.capture === capture;
  }

  remove() {
    if (this.previous !== undefined) this.previous.next = this.next;
    if (this.next !== undefined) this.next.previous = this.previous;
    this.removed = true;
  }
}

function validateEventListener(listener) {
  if (typeof listener === 'function' || typeof listener?.handleEvent === 'function') return true;
  if (listener == null) return false;
  if (typeof listener === 'object') {
    // Objects without handleEvent are accepted; calling them later fails.
    return true;
  }
  throw new ERR_INVALID_ARG_TYPE('listener', 'EventListener', listener);
}

function validateEventListenerOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null) return {};
  validateObject(options, 'options', 7);
  return {
    once: Boolean(options.once),
    capture: Boolean(options.capture),
    passive: Boolean(options.passive),
    signal: options.signal,
    isNodeStyleListener: Boolean(options[Symbol.for('nodejs.kIsNodeStyleListener')]),
  };
}

function isEventTarget(obj) {
  return obj?.constructor?.[kIsEventTarget] || obj?.[kEvents] !== undefined;
}

class EventTarget {
  static [kIsEventTarget] = true;

  constructor() {
    initEventTarget(this);
  }

  addEventListener(type, listener, options = {}) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('type', 'listener');
    const { once, capture, passive, signal, isNodeStyleListener } = validateEventListenerOptions(options);
    if (!validateEventListener(listener)) {
      const w = new Error(`addEventListener called with ${listener} which has no effect.`);
      w.name = 'AddEventListenerArgumentTypeWarning';
      w.target = this;
      w.type = type;
      process.emitWarning(w);
      return;
    }
    type = String(type);
    if (signal) {
      if (signal.aborted) return;
      signal.addEventListener('abort', () => {
        this.removeEventListener(type, listener, options);
      }, { __proto__: null, once: true });
    }
    let root = this[kEvents].get(type);
    if (root === undefined) {
      root = { size: 1, next: undefined };
      new Listener(root, listener, once, capture, passive, isNodeStyleListener, false);
      this[kEvents].set(type, root);
      return;
    }
    let handler = root.next;
    let previous = root;
    // Adding the same listener twice (same capture) has no effect.
    while (handler !== undefined && !handler.same(listener, capture)) {
      previous = handler;
      handler = handler.next;
    }
    if (handler !== undefined) return;
    new Listener(previous, listener, once, capture, passive, isNodeStyleListener, false);
    root.size++;
    const max = this[kMaxEventTargetListeners] ?? require('events').defaultMaxListeners;
    if (max > 0 && root.size > max && !this[kMaxEventTargetListenersWarned]) {
      this[kMaxEventTargetListenersWarned] = true;
      const { inspect } = require('internal/util/inspect');
      const w = new Error('Possible EventTarget memory leak detected. ' +
        `${root.size} ${type} listeners added to ${inspect(this, { depth: -1 })}. MaxListeners is ${max}. Use events.setMaxListeners() to increase limit`);
      w.name = 'MaxListenersExceededWarning';
      w.target = this;
      w.type = type;
      w.count = root.size;
      process.emitWarning(w);
    }
  }

  removeEventListener(type, listener, options = {}) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    if (arguments.length < 2) throw new ERR_MISSING_ARGS('type', 'listener');
    if (!validateEventListener(listener)) return;
    type = String(type);
    const capture = options?.capture === true || options === true;
    const root = this[kEvents].get(type);
    if (root === undefined || root.next === undefined) return;
    let handler = root.next;
    while (handler !== undefined) {
      if (handler.same(listener, capture)) {
        handler.remove();
        root.size--;
        if (root.size === 0) this[kEvents].delete(type);
        break;
      }
      handler = handler.next;
    }
  }

  dispatchEvent(event) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    if (arguments.length < 1) throw new ERR_MISSING_ARGS('event');
    if (!(event instanceof Event)) throw new ERR_INVALID_ARG_TYPE('event', 'Event', event);
    if (event[kIsBeingDispatched]) throw new ERR_EVENT_RECURSION(event.type);
    dispatch(this, event);
    return event.defaultPrevented !== true;
  }

  [customInspect](depth, options) {
    if (!isEventTarget(this)) throw new ERR_INVALID_THIS('EventTarget');
    const name = this.constructor.name;
    if (depth < 0) return name;
    const { inspect } = require('internal/util/inspect');
    const opts = { ...options, depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth };
    return `${name} ${inspect({}, opts)}`;
  }
}

function initEventTarget(self) {
  self[kEvents] = new Map();
  self[kMaxEventTargetListeners] = require('events').defaultMaxListeners;
  self[kMaxEventTargetListenersWarned] = false;
}

function dispatch(target, event) {
  event[kTarget] = target;
  event[kIsBeingDispatched] = true;
  const root = target[kEvents].get(event.type);
  if (root === undefined || root.next === undefined) {
    event[kIsBeingDispatched] = false;
    return;
  }
  let handler = root.next;
  let next;
  while (handler !== undefined && (handler.passive || event[kStop] !== true)) {
    next = handler.next;
    if (handler.removed) {
      handler = next;
      continue;
    }
    if (handler.once) {
      handler.remove();
      root.size--;
      if (root.size === 0) target[kEvents].delete(event.type);
    }
    try {
      const arg = handler.isNodeStyleListener ? event.detail : event;
      const callback = handler.callback ?? (() => {
        const { listener } = handler;
        if (typeof listener?.handleEvent !== 'function') {
          throw new ERR_INVALID_ARG_TYPE('listener.handleEvent', 'Function', listener?.handleEvent);
        }
        return Reflect.apply(listener.handleEvent, listener, [arg]);
      });
      if (handler.passive) event[kInPassiveListener] = true;
      const result = handler.callback ? Reflect.apply(callback, target, [arg]) : callback();
      event[kInPassiveListener] = false;
      if (result !== undefined && result !== null && typeof result.then === 'function') {
        result.then(undefined, (err) => process.nextTick(() => { throw err; }));
      }
    } catch (err) {
      event[kInPassiveListener] = false;
      // A throwing listener does not stop the others: its error is uncaught.
      process.nextTick(() => { throw err; });
    }
    handler = next;
  }
  event[kIsBeingDispatched] = false;
}

Object.defineProperties(EventTarget.prototype, {
  addEventListener: { enumerable: true },
  removeEventListener: { enumerable: true },
  dispatchEvent: { enumerable: true },
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true, value: 'EventTarget' },
});

// Listeners of a type, for events.getEventListeners().
EventTarget.prototype[Symbol.for('nodus.eventTarget.listeners')] = function(type) {
  const list = [];
  let handler = this[kEvents].get(String(type))?.next;
  while (handler !== undefined) {
    list.push(handler.listener);
    handler = handler.next;
  }
  return list;
};

function illegalConstructor() {
  throw new ERR_ILLEGAL_CONSTRUCTOR();
}

module.exports = {
  CustomEvent,
  Event,
  EventTarget,
  initEventTarget,
  isEventTarget,
  illegalConstructor,
  kEvents,
  kTrustEvent,
  kMaxEventTargetListeners,
  kMaxEventTargetListenersWarned,
};
