'use strict';
// Runs WPT's data: URL tables (fetch/data-urls/resources/data-urls.json and
// base64.json, vendored by Node) through fetch: each entry gives the URL,
// the serialized MIME type (null: fetch must fail) and the body's bytes.
// Prints each mismatch and exits 1 when there is one.
const fs = require('fs');
const path = require('path');

const dir = path.join(process.env.NODUS_WPT_ROOT, 'fetch/data-urls/resources');
const cases = [];
for (const entry of JSON.parse(fs.readFileSync(path.join(dir, 'data-urls.json'), 'utf8'))) {
  if (Array.isArray(entry)) cases.push({ url: entry[0], mime: entry[1], bytes: entry[2] });
}
for (const [input, bytes] of JSON.parse(fs.readFileSync(path.join(dir, 'base64.json'), 'utf8'))) {
  cases.push({ url: `data:;base64,${input}`, mime: bytes === null ? null : 'text/plain;charset=US-ASCII', bytes });
}

async function outcome(url) {
  try {
    const response = await fetch(url);
    return { mime: response.headers.get('content-type'), bytes: [...await response.bytes()] };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return { mime: null, bytes: null };
  }
}

(async () => {
  let failed = 0;
  for (const c of cases) {
    const got = await outcome(c.url);
    const want = c.mime === null ? { mime: null, bytes: null } : { mime: c.mime, bytes: c.bytes };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      failed++;
      console.log(`FAIL ${JSON.stringify(c.url)}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  }
  console.log(`${cases.length - failed} of ${cases.length} data: URL cases pass`);
  if (failed > 0 || cases.length === 0) process.exitCode = 1;
})();
