// node:dns resolve*, reverse, Resolver and dns.promises against the test
// responder of tests/runtime/dns.rs, whose port is the last argument.
// dns_resolve.expected is what node 24 printed for it.
const dns = require('dns');
const port = process.argv[process.argv.length - 1];
const guard = setTimeout(() => { console.log('timed out'); process.exit(2); }, 20000);
const r = new dns.Resolver({ timeout: 300, tries: 1 });
r.setServers([`127.0.0.1:${port}`]);
console.log(r.getServers());
const show = (label) => (err, value) => {
  if (err) console.log(label, 'error', err.message, err.code, err.syscall, err.hostname, 'errno' in err, err.errno);
  else console.log(label, JSON.stringify(value));
};
const steps = [
  (next) => r.resolve4('a.test', next),
  (next) => r.resolve4('a.test', { ttl: true }, next),
  (next) => r.resolve('a.test', next),
  (next) => r.resolve6('a.test', next),
  (next) => r.resolve6('a.test', { ttl: true }, next),
  (next) => r.resolveMx('a.test', next),
  (next) => r.resolveTxt('a.test', next),
  (next) => r.resolveSrv('_sip._tcp.a.test', next),
  (next) => r.resolveNs('a.test', next),
  (next) => r.resolveCname('alias.a.test', next),
  (next) => r.resolve4('alias.a.test', next),
  (next) => r.resolvePtr('1.2.0.192.in-addr.arpa', next),
  (next) => r.resolveSoa('a.test', next),
  (next) => r.resolveCaa('a.test', next),
  (next) => r.resolveNaptr('a.test', next),
  (next) => r.resolve('a.test', 'MX', next),
  (next) => r.resolve('a.test', 'SOA', next),
  (next) => r.resolveAny('a.test', next),
  (next) => r.reverse('192.0.2.1', next),
  (next) => r.reverse('2001:db8::1', next),
  (next) => r.reverse('192.0.2.9', next),
  (next) => r.resolve4('nx.a.test', next),
  (next) => r.resolveMx('empty.a.test', next),
  (next) => r.resolveTxt('fail.a.test', next),
  (next) => r.resolve4('refused.a.test', next),
  (next) => r.resolve4('timeout.a.test', next),
  (next) => { const q = r.resolve4('timeout.a.test', next); r.cancel(); },
  (next) => dns.promises.resolve4('a.test').then((v) => next(null, v), next),
  (next) => { const p = new dns.promises.Resolver(); p.setServers([`127.0.0.1:${port}`]); p.resolveMx('a.test').then((v) => next(null, v), next); },
  (next) => dns.promises.resolveSoa('a.test').then((v) => next(null, v), next),
  (next) => dns.promises.reverse('192.0.2.1').then((v) => next(null, v), next),
  (next) => dns.promises.resolve('nx.a.test', 'ANY').then((v) => next(null, v), next),
  (next) => dns.resolveSrv('_sip._tcp.a.test', next),
  (next) => r.resolve4('localhost', next),
  (next) => r.resolve4('x.invalid', next),
  (next) => { const l = new dns.Resolver(); l.setServers([`127.0.0.1:${port}`]); l.setLocalAddress('127.0.0.1'); l.resolve4('a.test', next); },
  (next) => r.resolve4('A.TEST', next),
  (next) => r.resolve4('a.test.', next),
  (next) => r.resolve4('a..test', next),
  (next) => r.resolve4('', next),
  (next) => r.resolveTxt('a.test', { ttl: true }, next),
  (next) => r.resolveAny('_sip._tcp.a.test', next),
  (next) => r.resolveAny('alias.a.test', next),
  (next) => r.resolveCname('a.test', next),
  (next) => r.resolveSoa('empty.a.test', next),
  (next) => r.resolvePtr('a.test', next),
  (next) => r.resolve4('alias.a.test', { ttl: true }, next),
  (next) => { const none = new dns.Resolver(); none.setServers([]); none.resolve4('a.test', next); },
  (next) => r.reverse('::ffff:192.0.2.1', next),
  (next) => r.resolve4('big.a.test', next),
  (next) => r.resolveTlsa('_443._tcp.a.test', (err, v) => next(err, v && v.map((t) => ({ ...t, data: Buffer.from(t.data).toString('hex'), isArrayBuffer: t.data instanceof ArrayBuffer })))),
  (next) => r.resolve('_443._tcp.a.test', 'TLSA', (err, v) => next(err, v && v.length)),
  // Nothing listens on UDP port 1: refused at once, not a timeout.
  (next) => { const c = new dns.Resolver({ timeout: 5000, tries: 1 }); c.setServers(['127.0.0.1:1']); c.resolve4('a.test', next); },
  (next) => { const c = new dns.Resolver({ timeout: 5000, tries: 1 }); c.setServers(['127.0.0.1:1']); c.reverse('192.0.2.1', next); },
  (next) => { const c = new dns.Resolver({ timeout: 300, tries: 1 }); c.setServers([`127.0.0.1:${port}`]); c.reverse('192.0.2.7', next); },
];
console.log(require('util').inspect(r), Object.keys(dns.Resolver.prototype).join());
dns.setServers([`127.0.0.1:${port}`]);
const tries = [
  () => r.resolve4(1, () => {}),
  () => r.resolve4('a.test'),
  () => r.resolve('a.test', 'BOGUS', () => {}),
  () => r.resolve('a.test', 5, () => {}),
  () => r.setServers('x'),
  () => r.setServers([1]),
  () => r.setServers(['nope']),
  () => r.reverse('x', () => {}),
  () => new dns.Resolver({ timeout: -2 }),
  () => new dns.Resolver({ tries: 0 }),
  () => new dns.Resolver({ maxTimeout: -1 }),
  () => new dns.Resolver({ maxTimeout: 'a' }),
  () => dns.promises.resolve('a.test', 'BOGUS'),
  () => r.setLocalAddress(1),
  () => r.setLocalAddress('x'),
  () => r.setLocalAddress('127.0.0.1', 'y'),
  () => r.setLocalAddress('::1'),
];
for (const t of tries) { try { t(); console.log('ok'); } catch (e) { console.log(e.name, e.code, e.message); } }
const s = new dns.Resolver();
s.setServers(['1.2.3.4', '[::1]:5353', '::2', '5.6.7.8:53', '9.9.9.9:54', '[::3]']);
console.log(s.getServers());
let i = 0;
function run() {
  const step = steps[i++];
  if (!step) { clearTimeout(guard); return; }
  step((err, value) => { show(i)(err, value); run(); });
}
run();
