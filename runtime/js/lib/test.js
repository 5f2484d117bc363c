'use strict';

// node:test (reachable only with the `node:` scheme, see
// internal/modules/cjs/loader). The runner is internal/test_runner/test.

const runner = require('internal/test_runner/test');

const test = runner.test;
test.test = test;
test.it = test;
test.describe = runner.suite;
test.suite = runner.suite;
test.before = runner.before;
test.after = runner.after;
test.beforeEach = runner.beforeEach;
test.afterEach = runner.afterEach;
test.getTestContext = runner.getTestContext;
Object.defineProperty(test, 'mock', {
  get() { return runner.mock(); },
  enumerable: true,
  configurable: true,
});

module.exports = test;
