// Random Node-style commits built from markdown traps (escapes, code spans,
// autolinks, entities, tabs), for a differential run against changelog-maker.
// Usage: node make-fuzz-repo.mjs [COMMITS] [SEED]; writes a fast-import stream.
let seed = Number(process.argv[3] || 1)
function rnd (n) { seed = (seed + 0x6D2B79F5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return (((t ^ (t >>> 14)) >>> 0) % n) }
const atoms = ['a', 'foo', 'bar_baz', '_', '*', '`', '``', '\\', '[', ']', '(', ')', '<', '>', '&', '&amp;', '&foo;', '&#35;', '!', '@', '.', ':', '/', '~', '#', '|', '-', '+', '=', '"', "'", 'www.x.org', 'https://a.b/c_d', 'x@y.io', 'w.x', 'ps:/', ' ', ' ', ' ', '  ', 'é', '日', '—', '$', '%', '^', '{', '}', '?', ',', ';', '1.', '2)', 'node@20', 'v8::Local<T>', '__proto__', 'a_b_c', '**', '__', '~~', '\t']
const subs = ['http', 'src,lib', 'test, http', 'deps(v8)', 'fs:promises', 'a-b', 'x!', '']
const n = Number(process.argv[2] || 500)
let clock = 1704067200, mark = 0
const out = []
function blob (t) { return `data ${Buffer.byteLength(t)}\n${t}\n` }
function commit (msg, name) { clock += 60; mark++; out.push(`commit refs/heads/main\nmark :${mark}\nauthor ${name} <a@b.c> ${clock} +0000\ncommitter ${name} <a@b.c> ${clock} +0000\n${blob(msg)}${mark > 1 ? `from :${mark - 1}\n` : ''}M 644 inline f\n${blob(String(mark))}`) }
commit('2024-01-01, Version 1.0.0 (Current), @r\n', 'R')
out.push(`tag v1.0.0\nfrom :1\ntagger R <r@r.r> ${clock} +0000\n${blob('v1')}`)
for (let i = 0; i < n; i++) {
  let s = ''
  const len = 1 + rnd(12)
  for (let j = 0; j < len; j++) s += atoms[rnd(atoms.length)]
  s = s.trim() || 'x'
  const sub = subs[rnd(subs.length)]
  let title = sub ? `${sub}: ${s}` : s
  if (rnd(10) === 0) title = `Revert "${title}"`
  const author = ['Ann', 'B_b', 'C*c', 'D [d]', 'E `e`', 'F & G'][rnd(6)]
  commit(`${title}\n\nPR-URL: https://github.com/nodejs/node/pull/${i + 1}\n`, author)
}
process.stdout.write(out.join('') + 'done\n')
