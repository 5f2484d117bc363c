'use strict';
// Helpers shared by the places that run code with Node's conveniences.

// `fs`, `path`, `util`… as globals that load the module on first use (the
// REPL's context and -e/-p code, as in Node); assigning one replaces it.
// `names` are core module ids; ids with a `/` and existing properties are
// left alone.
function addBuiltinLibsToObject(object, names) {
  for (const name of names) {
    if (name.includes('/') || Object.prototype.hasOwnProperty.call(object, name)) continue;
    const setReal = (value) => {
      delete object[name];
      object[name] = value;
    };
    Object.defineProperty(object, name, {
      __proto__: null,
      get() {
        const lib = require(name);
        delete object[name];
        Object.defineProperty(object, name, {
          __proto__: null, get: () => lib, set: setReal, configurable: true, enumerable: false,
        });
        return lib;
      },
      set: setReal,
      configurable: true,
      enumerable: false,
    });
  }
}

module.exports = { addBuiltinLibsToObject };
