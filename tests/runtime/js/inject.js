'use strict';

// Runs a program in node with the runtime/js core modules in place of
// node's own: `require('util')`, `require('node:events')`, the global
// `console`, … resolve to our implementations.
// Usage: node --expose-internals inject.js program.js [args]

const Module = require('module');
const path = require('path');
const { createLoader, ROOT } = require('./loader');
const fs = require('fs');

// Core modules nodus does not ship yet (buffer, string_decoder) stay node's.
const { load } = createLoader();
const ours = new Set();
for (const file of fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true })) {
  if (file.endsWith('.js')) ours.add(file.slice(0, -3).split(path.sep).join('/'));
}

const originalLoad = Module._load;
Module._load = function(request, parent, isMain) {
  const id = request.startsWith('node:') ? request.slice(5) : request;
  if (ours.has(id) && parent && !parent.filename?.startsWith(ROOT)) return load(id);
  return originalLoad.call(this, request, parent, isMain);
};

Object.defineProperty(globalThis, 'console', {
  value: load('console'), writable: true, configurable: true, enumerable: false,
});

const program = path.resolve(process.argv[2]);
process.argv.splice(1, 2, program);
require(program);
