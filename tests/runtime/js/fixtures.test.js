'use strict';

// Each JS-library fixture in tests/fixtures/runtime runs in plain node and
// in node with our modules injected (inject.js); outputs must match.

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const FIXTURES = path.resolve(__dirname, '../../fixtures/runtime');
const FIXTURE_NAMES = ['console_formatting', 'inspect_values', 'events_ordering', 'path_table', 'errors_codes',
  'stream_behaviour', 'assert_messages', 'url_querystring'];

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: FIXTURES, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: '1' } });
  // A warning's first line names the process (`(node:PID)`).
  const stderr = r.stderr.split('\n')[0].replace(/^\(node:\d+\)/, '(node:<pid>)');
  return `exit ${r.status}\n--- stdout\n${r.stdout}--- stderr (first line)\n${stderr}`;
}

module.exports = function(t) {
  for (const name of FIXTURE_NAMES) {
    const file = path.join(FIXTURES, `${name}.js`);
    if (!fs.existsSync(file)) continue;
    const expected = run([file]);
    const actual = run(['--expose-internals', path.join(__dirname, 'inject.js'), file]);
    t.same(actual, expected, `fixture ${name}`);
  }
};
