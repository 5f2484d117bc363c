// bluebird: promisification, map with concurrency, props, reduce, typed catch, timeouts, coroutines.
// Steps run one after another: racing timers against I/O is not deterministic in node either.
const Promise = require('bluebird');
const fs = Promise.promisifyAll(require('fs'));
const steps = [
  () => Promise.map([30, 10, 20], (n) => Promise.delay(n).then(() => n), { concurrency: 2 }).then((r) => console.log('map', r)),
  () => fs.readFileAsync(__filename, 'utf8').then((s) => console.log('read', s.split('\n')[0])),
  () => Promise.props({ a: Promise.resolve(1), b: Promise.delay(5, 2) }).then((o) => console.log('props', o)),
  () => Promise.reduce([1, 2, 3], (a, b) => a + b, 0).then((s) => console.log('reduce', s)),
  () => Promise.resolve([1, 2]).spread((a, b) => console.log('spread', a + b)),
  () => Promise.any([Promise.reject(new Error('x')), Promise.delay(5, 'y')]).then((v) => console.log('any', v)),
  () => Promise.try(() => { throw new TypeError('tt'); }).catch(TypeError, (e) => console.log('caught', e.message)),
  () => Promise.resolve(1).timeout(50).then((v) => console.log('timeout ok', v)),
  () => Promise.delay(100).timeout(5).catch(Promise.TimeoutError, (e) => console.log('timed out', e.message)),
  () => Promise.promisify(require('fs').readdir)(__dirname).then((l) => console.log('promisify', l.includes('bluebird.js'))),
  () => Promise.coroutine(function* () { const a = yield Promise.delay(1, 5); console.log('coroutine', a); })(),
  () => Promise.all([Promise.delay(10).then(() => 'slow'), 'fast']).then((v) => console.log('all', v)),
  () => Promise.fromCallback((cb) => fs.stat(__filename, cb)).then((s) => console.log('fromCallback', s.isFile())),
  () => Promise.resolve('x').tap((v) => console.log('tap', v)).delay(1).finally(() => console.log('finally')),
];
Promise.each(steps, (step) => step()).then(() => console.log('done'));
// Bluebird's own schedule and readdir's callback in the same turn: the finished I/O runs in the poll phase first.
require('fs').readdir(__dirname, () => console.log('readdir callback'));
setImmediate(() => console.log('immediate'));
const start = Date.now();
while (Date.now() - start < 50);
