'use strict';

// node:_stream_duplex — the old name of stream.Duplex, kept for packages that
// still require it.

module.exports = require('stream').Duplex;
