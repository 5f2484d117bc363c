// core-js: the full polyfill set on top of the engine's built-ins, then some features.
require('core-js');
console.log([1, [2, [3]]].flat(Infinity), Object.groupBy([1, 2, 3], (x) => (x % 2 ? 'odd' : 'even')), Array.from(new Set([1, 2]).union(new Set([3]))));
console.log([3, 1, 2].toSorted(), [1, 2, 3].findLast((x) => x < 3), 'abc'.at(-1), structuredClone(new Map([[1, { a: 2 }]])));
console.log(Iterator.from([1, 2, 3, 4]).filter((x) => x % 2).map((x) => x * 10).toArray(), typeof Promise.withResolvers, Math.sumPrecise ? Math.sumPrecise([0.1, 0.2]) : 'n/a');
const u = new URL('https://a.b/c?d=1#e');
console.log(u.searchParams.get('d'), typeof queueMicrotask, typeof setImmediate, typeof globalThis.Observable);
Promise.allSettled([Promise.reject(new Error('x')), 1]).then((r) => console.log(r.map((s) => s.status)));
