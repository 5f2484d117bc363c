'use strict';
// Runs one WPT `.any.js` file in this process with WPT's own
// testharness.js (read from Node's vendored copy, never from this
// repository) and prints one JSON line per subtest result:
//   {"name": "...", "status": 0|1|2|3, "message": "..."}
// then a last line {"done": true, "harness": status}. Status numbers are
// testharness's: 0 PASS, 1 FAIL, 2 TIMEOUT, 3 NOTRUN.
//
// Usage: <runtime> tests/wpt/harness.js <wpt-root> <test path under wpt-root>
// Works the same under nodus and node, so both get the same harness.

const fs = require('fs');
const path = require('path');

const [root, testPath] = process.argv.slice(2);
if (!root || !testPath) {
  console.error('usage: harness.js <wpt-root> <test path under wpt-root>');
  process.exit(2);
}

const evalGlobal = eval; // indirect: the scripts run in global scope, as <script>s would
const write = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);

function load(file) {
  const source = fs.readFileSync(file, 'utf8');
  evalGlobal(`${source}\n//# sourceURL=${file}`);
}

globalThis.self = globalThis;
globalThis.GLOBAL = {
  isWindow: () => false,
  isWorker: () => false,
  isShadowRealm: () => false,
};
load(path.join(root, 'resources', 'testharness.js'));

add_result_callback((test) => {
  write({ name: test.name, status: test.status, message: test.message ?? null });
});
add_completion_callback((tests, harness) => {
  write({ done: true, harness: harness.status, message: harness.message ?? null });
  // Leave the loop alone: the parent reads to the end of our output.
  setTimeout(() => process.exit(0), 10).unref?.();
});

const testFile = path.join(root, testPath);
const source = fs.readFileSync(testFile, 'utf8');
for (const line of source.split('\n')) {
  const match = /^\/\/ META: script=(.+)$/.exec(line.trim());
  if (!match) continue;
  const script = match[1].trim();
  load(script.startsWith('/') ? path.join(root, script) : path.join(path.dirname(testFile), script));
}
load(testFile);
