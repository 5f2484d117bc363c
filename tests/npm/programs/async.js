// async: control flow with callbacks over fs and timers (each demo runs after the previous one:
// racing timers against I/O is not deterministic in node either).
const async = require('async');
const fs = require('fs');
const path = require('path');
async.series([
  (done) => async.series([
    (cb) => setTimeout(() => cb(null, 'one'), 10),
    (cb) => setImmediate(() => cb(null, 'two')),
  ], (err, res) => { console.log('series', err, res); done(); }),
  (done) => async.parallelLimit([(cb) => setTimeout(cb, 20, null, 1), (cb) => setTimeout(cb, 5, null, 2), (cb) => cb(null, 3)], 2, (err, r) => { console.log('parallelLimit', r); done(); }),
  (done) => async.mapLimit([__filename, path.join(__dirname, '..', 'data', 'conf.yaml')], 2, fs.stat, (err, stats) => { console.log('mapLimit', err, stats.map((s) => s.isFile())); done(); }),
  (done) => async.waterfall([(cb) => cb(null, 1), (n, cb) => cb(null, n + 1), (n, cb) => cb(new Error('stop at ' + n))], (err) => { console.log('waterfall', err.message); done(); }),
  (done) => {
    const q = async.queue((task, cb) => setTimeout(() => { console.log('queue', task); cb(); }, task), 1);
    q.push([15, 5, 10]);
    q.drain(() => { console.log('drained'); done(); });
  },
  (done) => async.retry({ times: 3, interval: 1 }, (cb) => cb(new Error('nope')), (err) => { console.log('retry', err.message); done(); }),
  (done) => { (async () => { console.log('awaitable', await async.mapSeries([1, 2, 3], async (x) => x * 2)); done(); })(); },
], () => console.log('all done'));
