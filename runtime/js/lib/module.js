'use strict';
// node:module — the CommonJS Module class (internal/modules/cjs/loader).

module.exports = require('internal/modules/cjs/loader').Module;
