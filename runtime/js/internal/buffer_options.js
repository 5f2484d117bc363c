'use strict';
// Process-wide Buffer options set from the command line by the bootstrap:
// `setZeroFill(true)` for `--zero-fill-buffers` (lib/buffer.js installs
// the function when it loads).

module.exports = {
  setZeroFill: undefined,
};
