'use strict';

// node:_stream_passthrough — the old name of stream.PassThrough, kept for packages that
// still require it.

module.exports = require('stream').PassThrough;
