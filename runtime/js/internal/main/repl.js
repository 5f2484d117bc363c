'use strict';
// The REPL `nodus` starts with no script on a terminal, or with `-i`
// (Node's internal/main/repl and internal/repl): the banner, options from
// the environment (NODE_REPL_HISTORY, NODE_REPL_HISTORY_SIZE,
// NODE_REPL_MODE, NODE_NO_READLINE), errors of async work printed by the
// REPL instead of ending the process, and exit when the REPL closes.

function start(process, info) {
  if (info.inputType === 'module') {
    process.stderr.write('Cannot specify --input-type for REPL\n');
    process.exit(9);
  }
  const REPL = require('repl');
  const env = process.env;
  process.stdout.write(`Welcome to Nodus ${process.release.version}.\n` +
    'Type ".help" for more information.\n');

  const opts = {
    [Symbol.for('nodus.repl.standalone')]: true,
    ignoreUndefined: false,
    useGlobal: true,
    breakEvalOnSigint: true,
  };
  if (Number.parseInt(env.NODE_NO_READLINE, 10)) opts.terminal = false;
  if (env.NODE_REPL_MODE) {
    opts.replMode = {
      strict: REPL.REPL_MODE_STRICT,
      sloppy: REPL.REPL_MODE_SLOPPY,
    }[env.NODE_REPL_MODE.toLowerCase().trim()];
  }
  if (opts.replMode === undefined) opts.replMode = REPL.REPL_MODE_SLOPPY;
  const historySize = Number(env.NODE_REPL_HISTORY_SIZE);
  opts.historySize = !Number.isNaN(historySize) && historySize > 0 ? historySize : 1000;

  const repl = REPL.start(opts);
  // Errors thrown later by what the REPL started (timers, promises) are
  // printed by the REPL, which goes on.
  process.setUncaughtExceptionCaptureCallback((err) => repl._reportUncaught(err));
  const terminal = 'terminal' in opts ? opts.terminal : process.stdout.isTTY;
  repl.setupHistory(terminal ? env.NODE_REPL_HISTORY : '', (err) => {
    if (err) throw err;
  });
  repl.on('exit', () => process.exit());
  return repl;
}

module.exports = { start };
