'use strict';

// The WHATWG URL hot paths, for any runtime: `new URL(input, base)` over a
// mixed set (credentials, IPv6, file, IDN, percent-encoding, relative
// references), then the href getter, searchParams.get and a setter.
//
//   nodus bench/url.js [iterations]      (or: node bench/url.js)
//
// Prints one line per workload: its name and the milliseconds it took
// (the best of 3 rounds after a warm-up). bench/url.sh runs it under nodus
// and node side by side.

const iterations = Number(process.argv[2] || 200000);

const cases = [
  ['https://user:pa%20ss@example.com:8080/a/./b/../c?x=1&y=2#frag', undefined],
  ['http://[2001:db8::1]:8080/path?q', undefined],
  ['file:///home/user/some%20dir/file.txt', undefined],
  ['http://Bücher.example/straße?ä=ö', undefined],
  ['https://example.com/%7Efoo/a%2Fb?%zz=%41#%E2%82%AC', undefined],
  ['../up/one?z#h', 'http://base.example/dir/sub/file'],
  ['./same/dir', 'https://example.org/a/b/'],
  ['/absolute/path?k=v', 'https://user@example.org:444/x'],
  ['//other.host/p', 'https://example.org/'],
  ['?only=query', 'http://h/p/q'],
  ['HTTP://EXAMPLE.COM:80/A/B', undefined],
  ['ws://127.0.0.1:9229/devtools', undefined],
];

function construct(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const [input, base] = cases[i % cases.length];
    const u = base === undefined ? new URL(input) : new URL(input, base);
    sink += u.href.length;
  }
  return sink;
}

const parsed = cases.map(([input, base]) => new URL(input, base));

function hrefGetter(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += parsed[i % parsed.length].href.length;
  return sink;
}

function pathnameAndHost(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const u = parsed[i % parsed.length];
    sink += u.pathname.length + u.host.length;
  }
  return sink;
}

function searchParamsGet(n) {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const u = new URL('https://example.com/search?q=nodus&lang=en&page=2');
    sink += u.searchParams.get('page').length;
  }
  return sink;
}

function setter(n) {
  const u = new URL('https://example.com/a?x=1');
  let sink = 0;
  for (let i = 0; i < n; i++) {
    u.pathname = (i & 1) ? '/one/two' : '/three';
    sink += u.href.length;
  }
  return sink;
}

const workloads = [
  ['new URL(input, base)', construct, iterations],
  ['url.href', hrefGetter, iterations],
  ['url.pathname + url.host', pathnameAndHost, iterations],
  ['new URL + searchParams.get', searchParamsGet, iterations / 4],
  ['url.pathname = ...', setter, iterations / 4],
];

for (const [name, fn, n] of workloads) {
  fn(Math.min(n, 5000));
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    fn(n);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms < best) best = ms;
  }
  console.log(`${name}\t${best.toFixed(2)}`);
}
