'use strict';

// Differential tests of runtime/js against the node running this script.
// Usage: node --expose-internals tests/runtime/js/run.js [suite-name-filter]
// Prints each failure with both outputs, then "N passed, N failed".

const fs = require('fs');
const path = require('path');
const { createLoader } = require('./loader');
const KNOWN_GAPS = require('./known_gaps');

const filter = process.argv[2] || '';
const suites = fs.readdirSync(__dirname)
  .filter((f) => f.endsWith('.test.js') && f.includes(filter))
  .sort();

let passed = 0;
let failed = 0;
let known = 0;
// Known gaps (known_gaps.js) by key: how many of their cases failed, passed.
const gapCounts = new Map();
function gapOf(label) {
  return Object.keys(KNOWN_GAPS).find((key) => label.startsWith(key));
}
const failures = [];
// Failures per kind of case (the label up to its first parenthesis).
const kinds = new Map();

function makeChecker(suite) {
  return {
    // Compare our output with node's for one case.
    same(actual, expected, label) {
      const gap = gapOf(`${suite}: ${label}`);
      if (gap !== undefined) {
        const counts = gapCounts.get(gap) || { failed: 0, passed: 0 };
        gapCounts.set(gap, counts);
        if (actual === expected) {
          counts.passed++;
        } else {
          counts.failed++;
          known++;
          return;
        }
      }
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
  // A known gap none of whose cases fails any more is closed: say so.
  for (const [gap, counts] of gapCounts) {
    if (counts.failed === 0) {
      failed++;
      failures.push(`${gap}: passes now, remove it from tests/runtime/js/known_gaps.js`);
    }
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  if (known > 0) console.log(`${known} known Node 24 gaps (tests/runtime/js/known_gaps.js)`);
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
