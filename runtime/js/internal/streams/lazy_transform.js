'use strict';
// A Transform whose stream state is made on first use: crypto's Hash and
// Hmac are streams, but most callers only use update()/digest() and should
// not pay for a Transform each.

const { Transform } = require('stream');

function LazyTransform(options) {
  this._options = options;
}
Object.setPrototypeOf(LazyTransform.prototype, Transform.prototype);
Object.setPrototypeOf(LazyTransform, Transform);

// Reading one of the states makes them all (Transform's constructor sets
// them through the setters below, which define plain own properties).
function lazyState(name) {
  return {
    __proto__: null,
    configurable: true,
    enumerable: true,
    get() {
      Transform.call(this, this._options);
      this._writableState.decodeStrings = false;
      return this[name];
    },
    set(value) {
      Object.defineProperty(this, name, {
        __proto__: null, value, enumerable: true, configurable: true, writable: true,
      });
    },
  };
}

Object.defineProperties(LazyTransform.prototype, {
  _readableState: lazyState('_readableState'),
  _writableState: lazyState('_writableState'),
  _transformState: lazyState('_transformState'),
});

module.exports = LazyTransform;
