'use strict';

// node:_stream_transform — the old name of stream.Transform, kept for packages that
// still require it.

module.exports = require('stream').Transform;
