'use strict';

// Differential tests of runtime/js against the node running this script.
// Usage: node --expose-internals tests/runtime/js/run.js [suite-name-filter]
// Prints each failure with both outputs, then "N passed, N failed".

const fs = require('fs');
const path = require('path');
const { createLoader } = require('./loader');

const filter = process.argv[2] || '';
const suites = fs.readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.js') && f.includes(filter))
  .sort();

let passed = 0;
let failed = 0;
const failures = [];
// Failures per kind of case (the label up to its first parenthesis).
const kinds = new Map();

function makeChecker(suite) {
  return {
    // Compare our output with node's for one case.
    same(actual, expected, label) {
      if (actual === expected) {
        passed++;
      } else {
        failed++;
        const kind = `${suite}: ${label.split('(')[0]}`;
        kinds.set(kind, (kinds.get(kind) || 0) + 1);
        if (kinds.get(kind) <= 3 && failures.length < 60) {
          failures.push(`${suite}: ${label}\n    nodus: ${JSON.stringify(actual)}\n    node:  ${JSON.stringify(expected)}`);
        }
      }
    },
    ok(cond, label) {
      this.same(!!cond, true, label);
    },
  };
}

(async () => {
  for (const file of suites) {
    const suite = require(path.join(__dirname, file));
    const t = makeChecker(file.replace(/\.test\.js$/, ''));
    await suite(t, createLoader);
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  if (failed > failures.length) {
    console.log(`(${failed - failures.length} more failures not shown; by kind:)`);
    for (const [kind, n] of kinds) console.log(`  ${n}\t${kind}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
