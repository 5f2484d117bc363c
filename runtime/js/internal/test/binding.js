'use strict';
// `require('internal/test/binding')` under --expose-internals (as in Node):
// the op layer, for tests of ops that no public module uses yet.

module.exports = { internalBinding };
