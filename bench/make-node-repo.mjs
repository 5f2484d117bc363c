// Writes a git fast-import stream for a Node-style repository to stdout:
// commits with subsystems, tricky summaries, PR-URL/Reviewed-By/CVE-ID/
// Co-authored-by trailers, reverts, a merge, release commits and tags
// v1.0.0 and v1.1.0 ("Working on v1.1.1" right after it), plus a labels
// file (.labels.json, changelog-maker's offline format) in the tree.
// Usage: node make-node-repo.mjs [COMMITS]   (default 200). Deterministic.
const total = Number(process.argv[2] || 200)
const subsystems = ['http', 'fs', 'src', 'lib', 'test', 'doc', 'deps', 'build', 'tools', 'stream', 'crypto',
  'child_process', 'src,lib', 'test, http', 'deps(v8)', 'node-api', 'esm', 'worker', 'net', 'tls', 'url', 'util']
const summaries = [
  'fix keep-alive leak', 'add `fs.cp` recursive option', 'use `Buffer.from()` instead of `new Buffer()`',
  'fix typo in `README.md`', 'update V8 to 11.3.244.8', 'make `a_b` work with `*` globs', 'handle <div> & > in output',
  'remove [deprecated] APIs', 'support R&D &amp; entities &copy;', 'see https://github.com/nodejs/node/issues/1234 for context',
  'link www.example.com docs', 'mail security@nodejs.org now', 'a_b c_ _d e__f_g', '*emph* and ``double`` ticks',
  'odd `backtick count', '` spaced code `', 'back\\slash path C:\\node', 'trailing punctuation!', 'percent 100% and $HOME',
  'foo()[0] access', 'a] b [c', 'node@20 and v8.x and w.x', 'pipes | in | text', 'tilde ~ and a~b', 'hash #123 reference',
  'unicode — dash “quotes” é ß 日本', 'snake_case_name and __proto__', 'add `--experimental-foo` flag', 'x_1 y_2',
  'C++ changes for `v8::Local<T>`', 'make sure <= and >= work', '!important [link](url) ![img](src)',
]
const authors = [['Anna Henningsen', 'anna@example.com'], ['Rich Trott', 'rtrott@example.com'],
  ['Ruben_Bridgewater', 'ruben@example.com'], ['Jöhn *Star*', 'john@example.com'], ['Antoine du Hamel', 'antoine@example.com'],
  ['Colin Ihrig', 'cjihrig@example.com'], ['Tobias Nießen', 'tniessen@example.com'], ['dependabot[bot]', 'bot@example.com'], ['yagiz', 'yagiz@example.com']]
const reviewers = ['Matteo Collina <matteo@example.com>', 'James M Snell <jasnell@example.com>']
let clock = 1704067200 // 2024-01-01T00:00:00Z
let mark = 0
const out = []
const labels = {}
function blob (text) { return `data ${Buffer.byteLength(text)}\n${text}\n` }
function commit (message, who, { from, merge, file = 'file.txt' } = {}) {
  clock += 3600
  mark += 1
  const [name, email] = who
  let s = `commit refs/heads/main\nmark :${mark}\nauthor ${name} <${email}> ${clock} +0000\ncommitter ${name} <${email}> ${clock} +0000\n`
  s += blob(message)
  if (from) s += `from :${from}\n`
  if (merge) s += `merge :${merge}\n`
  s += `M 644 inline ${file}\n${blob(`change ${mark}\n`)}`
  out.push(s)
  return mark
}
function tag (name, at) {
  out.push(`tag ${name}\nfrom :${at}\ntagger Releaser <rel@example.com> ${clock} +0000\n${blob(name)}`)
}
let n = 0
function varied () {
  const i = n++
  const sub = subsystems[i % subsystems.length]
  const summary = summaries[(i * 7) % summaries.length]
  const who = authors[(i * 3) % authors.length]
  const pr = 1000 + i
  let title = `${sub}: ${summary}`
  let trailers = ''
  switch (i % 9) {
    case 0: trailers = `PR-URL: https://github.com/nodejs/node/pull/${pr}\n`; break
    case 1: trailers = `PR-URL: https://github.com/nodejs/undici/pull/${pr}\n`; break
    case 2: trailers = `PR-URL: #${pr}\n`; break
    case 3: title += ` (#${pr})`; break
    case 4: trailers = `Fixes: https://github.com/nodejs/node/issues/${pr}\nPR-URL: https://github.com/nodejs/node/pull/${pr}\nCVE-ID: CVE-2024-${20000 + i}\n`; break
    case 5: trailers = ''; break
    case 6: trailers = `Refs: https://github.com/nodejs/node/pull/${pr - 1}\nPR-URL: https://github.com/nodejs/node/pull/${pr}\nCo-authored-by: Some One <some@example.com>\n`; break
    case 7: title = `Revert "${sub}: ${summary}"`; trailers = `This reverts commit 0123456789abcdef0123456789abcdef01234567.\n\nPR-URL: https://github.com/nodejs/node/pull/${pr}\n`; break
    case 8: title = `${summary}`; trailers = `PR-URL: https://github.com/nodejs/node/pull/${pr}\n`; break
  }
  if (i % 5 === 0) labels[String(pr)] = ['semver-minor']
  if (i % 11 === 0) labels[String(pr)] = ['semver-major', 'notable-change']
  if (i % 13 === 0) labels[String(pr)] = ['notable-change', 'semver-minor', 'lib']
  for (const r of reviewers) trailers += `Reviewed-By: ${r}\n`
  const body = i % 4 === 0 ? 'A longer explanation of the change,\nover two lines.\n\n' : ''
  return commit(`${title}\n\n${body}${trailers}`, who)
}
let prev = commit('build: initial layout\n', authors[0])
prev = commit('2024-01-01, Version 1.0.0 (Current), @releaser\n', authors[1])
tag('v1.0.0', prev)
const middle = Math.max(1, Math.floor(total * 0.7))
for (let i = 0; i < middle; i++) prev = varied()
// A topic branch merged back (commits made after the tag, as in real life).
const base = prev
const topic1 = commit('stream: topic work one\n\nPR-URL: https://github.com/nodejs/node/pull/900\n', authors[2], { from: base, file: 'topic.txt' })
out[out.length - 1] = out[out.length - 1].replace('refs/heads/main', 'refs/heads/topic')
const topic2 = commit('stream: topic work two\n', authors[2], { from: topic1, file: 'topic.txt' })
out[out.length - 1] = out[out.length - 1].replace('refs/heads/main', 'refs/heads/topic')
const mainSide = commit('net: main side work\n', authors[3], { from: base })
prev = commit("Merge branch 'topic'\n", authors[0], { from: mainSide, merge: topic2 })
prev = commit("2024-02-01, Version 1.1.0 'Iron' (LTS), @releaser\n", authors[1])
tag('v1.1.0', prev)
prev = commit('Working on v1.1.1\n', authors[1])
for (let i = middle; i < total; i++) prev = varied()
mark += 1
out.push(`commit refs/heads/main\nmark :${mark}\nauthor A <a@example.com> ${clock + 3600} +0000\ncommitter A <a@example.com> ${clock + 3600} +0000\n${blob('meta: add labels file\n')}from :${prev}\nM 644 inline .labels.json\n${blob(JSON.stringify(labels, null, 1))}`)
process.stdout.write(out.join('') + 'done\n')
