'use strict';

// node:_stream_writable — the old name of stream.Writable, kept for packages that
// still require it.

module.exports = require('stream').Writable;
