'use strict';
// node:constants (deprecated in Node, still loaded by older packages such
// as graceful-fs): os.constants' dlopen, errno, priority and signals,
// fs.constants and crypto.constants in one frozen object.

const os = require('os');
const fs = require('fs');
const crypto = require('crypto');

Object.assign(
  exports,
  os.constants.dlopen,
  os.constants.errno,
  os.constants.priority,
  os.constants.signals,
  fs.constants,
  crypto.constants,
);
Object.freeze(exports);
