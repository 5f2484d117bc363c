'use strict';
// Whether text written to a stream should carry ANSI colors, as Node
// decides it for console, util.styleText and the REPL: FORCE_COLOR wins,
// then the stream must be a terminal that NO_COLOR, NODE_DISABLE_COLORS
// and TERM=dumb leave alone, with more than two colors.

function shouldColorize(stream) {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  if (!stream || !stream.isTTY) return false;
  if (env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') {
    return false;
  }
  return typeof stream.getColorDepth === 'function' ? stream.getColorDepth() > 2 : true;
}

module.exports = { shouldColorize };
