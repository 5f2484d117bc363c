'use strict';
// node:process — the process object made by internal/bootstrap/node.

module.exports = require('internal/bootstrap/realm_state').process;
