// Writes a git fast-import stream for a Conventional Commits repository:
// every type (known and unknown), scopes, `!`, BREAKING CHANGE footers,
// git reverts and a few non-conventional titles, tagged v1.0.0 near the
// start. Usage: node make-conventional-repo.mjs [COMMITS] (default 150).
const total = Number(process.argv[2] || 150)
const types = ['feat', 'fix', 'perf', 'refactor', 'docs', 'doc', 'style', 'test', 'build', 'ci', 'chore', 'revert', 'http', 'feat', 'fix']
const scopes = [null, 'parser', 'cli', null, 'http', 'deps', 'api']
const texts = ['add streaming parser', 'handle empty input', 'speed up lookups by 2x', 'split the reader module',
  'document the `--json` flag', 'format with rustfmt', 'cover error paths', 'bump libgit2', 'cache cargo registry',
  'tidy imports', 'drop legacy syntax', 'support UTF-16 files', 'fix off-by-one in ranges', 'use a faster hash map']
let clock = 1704067200
let mark = 0
const out = []
function blob (t) { return `data ${Buffer.byteLength(t)}\n${t}\n` }
function commit (message) {
  clock += 3600
  mark += 1
  out.push(`commit refs/heads/main\nmark :${mark}\nauthor Dev One <dev@example.com> ${clock} +0000\ncommitter Dev One <dev@example.com> ${clock} +0000\n${blob(message)}${mark > 1 ? `from :${mark - 1}\n` : ''}M 644 inline f.txt\n${blob(`v${mark}\n`)}`)
  return mark
}
commit('chore: initial commit\n')
const at = commit('chore(release): 1.0.0\n')
out.push(`tag v1.0.0\nfrom :${at}\ntagger Dev One <dev@example.com> ${clock} +0000\n${blob('v1.0.0')}`)
for (let i = 0; i < total; i++) {
  const type = types[i % types.length]
  const scope = scopes[(i * 5) % scopes.length]
  const text = texts[(i * 3) % texts.length]
  const bang = i % 17 === 3 ? '!' : ''
  let title = `${type}${scope ? `(${scope})` : ''}${bang}: ${text} ${i}`
  let body = ''
  if (i % 10 === 4) body += '\n\nMore detail about the change.'
  if (i % 23 === 5) body += '\n\nBREAKING CHANGE: the old behaviour is gone'
  if (i % 19 === 7) title = `Revert "${title}"`, body = `\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.`
  if (i % 29 === 11) title = `Update README for ${text}`
  commit(`${title}${body}\n`)
}
process.stdout.write(out.join('') + 'done\n')
