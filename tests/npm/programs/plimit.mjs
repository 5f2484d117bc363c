// p-limit (ESM-only): concurrency limits with async functions and timers.
import pLimit from 'p-limit';
const limit = pLimit(2);
const order = [];
const job = (n, ms) => limit(async () => { order.push('start ' + n + ' active ' + limit.activeCount); await new Promise((r) => setTimeout(r, ms)); order.push('end ' + n); return n; });
const res = await Promise.all([job(1, 150), job(2, 10), job(3, 10), job(4, 5)]);
console.log(res, order, limit.pendingCount, limit.concurrency);
try { pLimit(0); } catch (e) { console.log(e.name, e.message); }
