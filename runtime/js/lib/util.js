'use strict';
module.exports = require('internal/util/inspect');
