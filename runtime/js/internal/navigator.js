'use strict';

// globalThis.navigator (Node 21+): the machine's parallelism, the default
// locale, a user agent naming the Node major version this runtime answers
// as, and the platform. Web Locks (`navigator.locks`) are not here.

const { codes: { ERR_ILLEGAL_CONSTRUCTOR } } = require('internal/errors');

const kConstruct = Symbol('kConstruct');

function platformName() {
  const os = require('os');
  switch (process.platform) {
    case 'linux': return `Linux ${os.machine()}`;
    case 'darwin': return 'MacIntel';
    case 'win32': return 'Win32';
    default: return `${process.platform[0].toUpperCase()}${process.platform.slice(1)} ${os.machine()}`;
  }
}

class Navigator {
  #language;
  #languages;
  #userAgent;
  #platform;

  constructor(key = undefined) {
    if (key !== kConstruct) throw new ERR_ILLEGAL_CONSTRUCTOR();
  }

  get hardwareConcurrency() {
    return require('os').availableParallelism();
  }

  get language() {
    this.#language ??= new Intl.DateTimeFormat().resolvedOptions().locale || 'en-US';
    return this.#language;
  }

  get languages() {
    this.#languages ??= Object.freeze([this.language]);
    return this.#languages;
  }

  get userAgent() {
    this.#userAgent ??= `Node.js/${process.version.slice(1, process.version.indexOf('.'))}`;
    return this.#userAgent;
  }

  get platform() {
    this.#platform ??= platformName();
    return this.#platform;
  }
}

for (const name of ['hardwareConcurrency', 'language', 'languages', 'userAgent', 'platform']) {
  Object.defineProperty(Navigator.prototype, name, { __proto__: null, enumerable: true });
}

let navigator;

module.exports = {
  Navigator,
  getNavigator() {
    navigator ??= new Navigator(kConstruct);
    return navigator;
  },
};
