'use strict';

// node:_stream_readable — the old name of stream.Readable, kept for packages that
// still require it.

module.exports = require('stream').Readable;
