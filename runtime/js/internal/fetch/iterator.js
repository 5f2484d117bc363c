'use strict';

// WebIDL's default iterator objects for pair-iterable interfaces (Headers,
// FormData): `<Name> Iterator` objects whose `next` reads the target's
// current list on every step, so changes made while iterating are seen.

const kIterator = Symbol('iterator state');
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

// `pairs(target)` gives the target's [name, value] list as it is now.
function createIteratorFactory(name, pairs) {
  const prototype = Object.create(IteratorPrototype, {
    next: {
      __proto__: null,
      writable: true,
      configurable: true,
      enumerable: true,
      value: function next() {
        const state = this?.[kIterator];
        if (state === undefined || state.prototype !== prototype) {
          throw new TypeError(`'next' called on an object that does not implement interface ${name} Iterator.`);
        }
        const list = pairs(state.target);
        if (state.index >= list.length) return { value: undefined, done: true };
        const [key, value] = list[state.index++];
        if (state.kind === 'key') return { value: key, done: false };
        if (state.kind === 'value') return { value, done: false };
        return { value: [key, value], done: false };
      },
    },
    [Symbol.toStringTag]: { __proto__: null, value: `${name} Iterator`, configurable: true },
  });
  return function makeIterator(target, kind) {
    const it = Object.create(prototype);
    Object.defineProperty(it, kIterator, { __proto__: null, value: { prototype, target, kind, index: 0 } });
    return it;
  };
}

module.exports = { createIteratorFactory };
