'use strict';

// The runtime's hot library calls, timed inside one runtime: Buffer
// encodings, TextDecoder, URL parsing, and (to keep them fast) util.format,
// path.join, EventEmitter#emit and querystring.parse. Runs unchanged under
// nodus, node, bun and deno; bench/hotpaths.sh runs it under each and prints
// the figures side by side.
//
//   <runtime> bench/hotpaths.cjs [filter]
//
// Prints one JSON line per case: {"name", "ns"} with the median time of one
// call in nanoseconds over 5 rounds of a calibrated loop (~60 ms a round).

const { Buffer } = require('node:buffer');
const util = require('node:util');
const path = require('node:path');
const EventEmitter = require('node:events');
const querystring = require('node:querystring');

const filter = process.argv[2] || '';

// ~1.3 KB of text: mostly ASCII with some accents and symbols, as a JSON
// body or an HTML page would be.
const text = ('{"user":"Zoë","city":"Zürich","items":[1,2,3],"note":"naïve café — 5€",' +
  '"lorem":"Lorem ipsum dolor sit amet, consectetur adipiscing elit"}\n').repeat(7).slice(0, 1300);
const asciiText = 'GET /api/v1/users?id=42&sort=name HTTP/1.1\r\nHost: example.com\r\n'.repeat(20).slice(0, 1300);
const textBuf = Buffer.from(text);
const asciiBuf = Buffer.from(asciiText);
const bin1300 = Buffer.alloc(1300);
for (let i = 0; i < bin1300.length; i++) bin1300[i] = (i * 7919) & 0xff;
const bin1M = Buffer.alloc(1 << 20);
for (let i = 0; i < bin1M.length; i++) bin1M[i] = (i * 31) & 0xff;
const b64 = bin1300.toString('base64');
const decoder = new TextDecoder();

const urlInputs = [
  ['https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash', undefined],
  ['http://[2001:db8::1]:3000/x?y=1', undefined],
  ['file:///home/user/docs/read%20me.txt', undefined],
  ['https://Bücher.example/straße?q=ü', undefined],
  ['http://example.com/a%2Fb/%7Euser/?x=%zz', undefined],
  ['../images/logo.png?v=3', 'https://example.org/static/css/site.css'],
  ['/api/v2/items?limit=10&offset=20', 'https://api.example.net/'],
  ['?page=2', 'https://example.com/list?page=1#top'],
  ['//cdn.example.com/lib.js', 'https://example.com/'],
  ['HTTP://EXAMPLE.COM:80/./a/../b/%41', undefined],
  ['mailto:someone@example.com', undefined],
  ['http://192.168.0.1.:80/path', undefined],
];

const emitter = new EventEmitter();
let emitted = 0;
emitter.on('data', (a, b) => { emitted += a + b; });
const qs = 'name=Zo%C3%AB&city=Z%C3%BCrich&items=1&items=2&items=3&q=a+b+c&empty=&flag';

let sink = 0;
const cases = {
  'buf.toString("base64") 1.3 KB': () => { sink += bin1300.toString('base64').length; },
  'buf.toString("hex") 1 MB': () => { sink += bin1M.toString('hex').length; },
  'new URL(input, base) mixed set': () => {
    for (let i = 0; i < urlInputs.length; i++) sink += new URL(urlInputs[i][0], urlInputs[i][1]).href.length;
  },
  'buf.toString() utf8 1.3 KB': () => { sink += textBuf.toString().length; },
  'buf.toString() ascii-only utf8 1.3 KB': () => { sink += asciiBuf.toString().length; },
  'TextDecoder.decode 1.3 KB': () => { sink += decoder.decode(textBuf).length; },
  'Buffer.from(string) utf8 1.3 KB': () => { sink += Buffer.from(text).length; },
  'Buffer.from(b64, "base64") 1.7 KB': () => { sink += Buffer.from(b64, 'base64').length; },
  'Buffer.byteLength(string) 1.3 KB': () => { sink += Buffer.byteLength(text); },
  'util.format': () => { sink += util.format('%s: %d items, %j', 'name', 42, { a: 1 }).length; },
  'path.join': () => { sink += path.join('/usr/local', 'lib', '../share', 'node_modules', 'pkg/index.js').length; },
  'EventEmitter#emit': () => { emitter.emit('data', 1, 2); },
  'querystring.parse': () => { sink += Object.keys(querystring.parse(qs)).length; },
};

function timeLoop(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start);
}

for (const [name, fn] of Object.entries(cases)) {
  if (filter && !name.includes(filter)) continue;
  // Calibrate: grow n until a loop takes ~60 ms (warming the JIT on the way).
  let n = 1;
  while (timeLoop(fn, n) < 60e6) n *= 2;
  const rounds = [];
  for (let r = 0; r < 5; r++) rounds.push(timeLoop(fn, n) / n);
  rounds.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, ns: Number(rounds[2].toFixed(1)) }));
}
if (sink === -1 || emitted === -1) console.log('unreachable');
