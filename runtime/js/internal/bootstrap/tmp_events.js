'use strict';
// A minimal EventEmitter for `process` until lib/events.js lands; the
// bootstrap uses lib/events.js whenever it exists.

function EventEmitter() {
  EventEmitter.init.call(this);
}

EventEmitter.init = function init() {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
};

function add(target, type, listener, prepend) {
  if (typeof listener !== 'function') {
    const err = new TypeError('The "listener" argument must be of type function.');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  if (target._events === undefined) EventEmitter.init.call(target);
  if (target._events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ? listener.listener : listener);
  }
  const list = target._events[type];
  if (list === undefined) {
    target._events[type] = listener;
    target._eventsCount++;
  } else if (typeof list === 'function') {
    target._events[type] = prepend ? [listener, list] : [list, listener];
  } else if (prepend) {
    list.unshift(listener);
  } else {
    list.push(listener);
  }
  return target;
}

EventEmitter.prototype.on = function on(type, listener) { return add(this, type, listener, false); };
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return add(this, type, listener, true);
};
EventEmitter.prototype.once = function once(type, listener) {
  const target = this;
  function wrapper(...args) {
    target.removeListener(type, wrapper);
    return listener.apply(this, args);
  }
  wrapper.listener = listener;
  return add(this, type, wrapper, false);
};
EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    delete events[type];
    this._eventsCount--;
  } else if (typeof list !== 'function') {
    const i = list.findIndex((l) => l === listener || l.listener === listener);
    if (i >= 0) {
      list.splice(i, 1);
      if (list.length === 1) events[type] = list[0];
    }
  }
  if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;
EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  if (this._events === undefined) return this;
  if (type === undefined) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  } else if (this._events[type] !== undefined) {
    delete this._events[type];
    this._eventsCount--;
  }
  return this;
};
EventEmitter.prototype.emit = function emit(type, ...args) {
  const events = this._events;
  const handler = events === undefined ? undefined : events[type];
  if (handler === undefined) {
    if (type === 'error') {
      const er = args[0];
      if (er instanceof Error) throw er;
      const err = new Error(`Unhandled error. (${String(er)})`);
      err.code = 'ERR_UNHANDLED_ERROR';
      err.context = er;
      throw err;
    }
    return false;
  }
  if (typeof handler === 'function') {
    handler.apply(this, args);
  } else {
    for (const listener of handler.slice()) listener.apply(this, args);
  }
  return true;
};
EventEmitter.prototype.listeners = function listeners(type) {
  const list = this._events === undefined ? undefined : this._events[type];
  if (list === undefined) return [];
  if (typeof list === 'function') return [list.listener || list];
  return list.map((l) => l.listener || l);
};
EventEmitter.prototype.rawListeners = function rawListeners(type) {
  const list = this._events === undefined ? undefined : this._events[type];
  if (list === undefined) return [];
  return typeof list === 'function' ? [list] : list.slice();
};
EventEmitter.prototype.listenerCount = function listenerCount(type) {
  const list = this._events === undefined ? undefined : this._events[type];
  if (list === undefined) return 0;
  return typeof list === 'function' ? 1 : list.length;
};
EventEmitter.prototype.eventNames = function eventNames() {
  return this._events === undefined ? [] : Reflect.ownKeys(this._events);
};
EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) { this._maxListeners = n; return this; };
EventEmitter.prototype.getMaxListeners = function getMaxListeners() { return this._maxListeners === undefined ? 10 : this._maxListeners; };
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.defaultMaxListeners = 10;

module.exports = EventEmitter;
