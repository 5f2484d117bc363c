// Writes a git fast-import stream for two lines of development from one
// base, for bench/backport.sh. Deterministic.
//
//   node make-backport-repo.mjs main COMMITS            > stream
//       the base commit (mark :1) and COMMITS commits on `main`
//       (mark :2 onwards); 90% carry a PR-URL.
//   node make-backport-repo.mjs line COMMITS MARKS BACKPORTS > stream
//       COMMITS commits on `v1.x` from the base, BACKPORTS of them copies
//       of main commits (MARKS: the marks file of the first import, to
//       name their shas): a quarter picked with -x, a quarter picked
//       without it (same message, same patch), a quarter with a rewritten
//       summary and the same patch (only a patch-id finds them), a quarter
//       with the same summary and PR-URL and another patch (conflicts
//       resolved differently).
import { readFileSync } from 'fs'

const [mode, countArg, marksFile, backportsArg] = process.argv.slice(2)
const count = Number(countArg || 10000)
const subsystems = ['http', 'fs', 'src', 'lib', 'test', 'doc', 'deps', 'build', 'stream', 'crypto', 'net', 'url']
const authors = [['Anna Henningsen', 'anna@example.com'], ['Rich Trott', 'rtrott@example.com'],
  ['Colin Ihrig', 'cjihrig@example.com'], ['Tobias Nießen', 'tniessen@example.com'], ['yagiz', 'yagiz@example.com']]
const out = []
function blob (text) { return `data ${Buffer.byteLength(text)}\n${text}\n` }
function fileText (tag, lines = 12) {
  let s = `'use strict'\n// ${tag}\n`
  for (let k = 0; k < lines; k++) s += `exports.f${k} = function f${k} (x) { return x + ${k} } // ${tag}\n`
  return s
}
function commit ({ branch, mark, from, who, time, message, path, text }) {
  const [name, email] = who
  let s = `commit refs/heads/${branch}\nmark :${mark}\n`
  s += `author ${name} <${email}> ${time} +0000\ncommitter ${name} <${email}> ${time} +0000\n`
  s += blob(message)
  if (from) s += `from ${from}\n`
  if (path) s += `M 644 inline ${path}\n${blob(text)}`
  out.push(s)
}
// Main commit i (1-based): its message, file and content.
function mainCommit (i) {
  const sub = subsystems[i % subsystems.length]
  let message = `${sub}: change number ${i} of main\n\nSome words about change ${i}.\n\n`
  if (i % 10 !== 0) message += `PR-URL: https://github.com/nodejs/node/pull/${10000 + i}\n`
  message += 'Reviewed-By: Matteo Collina <matteo@example.com>\n'
  return { message, who: authors[i % authors.length], path: `lib/d${i % 64}/m${i}.js`, text: fileText(`main ${i}`) }
}
const start = 1704067200

if (mode === 'main') {
  commit({ branch: 'main', mark: 1, who: authors[0], time: start, message: 'base\n', path: 'README.md', text: 'base\n' })
  for (let i = 1; i <= count; i++) {
    commit({ branch: 'main', mark: i + 1, from: i === 1 ? ':1' : undefined, time: start + i * 60, ...mainCommit(i) })
  }
} else if (mode === 'line') {
  const marks = new Map(readFileSync(marksFile, 'utf8').trim().split('\n').map((l) => {
    const [m, sha] = l.split(' ')
    return [Number(m.slice(1)), sha]
  }))
  const backports = Number(backportsArg || 300)
  const every = Math.floor(count / backports)
  let made = 0
  for (let j = 1; j <= count; j++) {
    const time = start + j * 60 + 30
    const from = j === 1 ? marks.get(1) : undefined
    if (j % every === 0 && made < backports) {
      // Backport main commit i: the one made at about the same time.
      const i = j - 5
      const m = mainCommit(i)
      const kind = made % 4
      made++
      let { message, text } = m
      if (kind === 0) message += `\n(cherry picked from commit ${marks.get(i + 1)})\n`
      if (kind === 2) message = message.replace(`change number ${i} of main`, `backport change ${i} to v1.x`)
      if (kind === 3) text = fileText(`main ${i}`, 10) + '// resolved for v1.x\n'
      commit({ branch: 'v1.x', mark: j, from, time, who: authors[(i + 1) % authors.length], message, path: m.path, text })
    } else {
      const sub = subsystems[(j * 7) % subsystems.length]
      const message = `${sub}: change number ${j} of v1.x\n\nPR-URL: https://github.com/nodejs/node/pull/${40000 + j}\n`
      commit({ branch: 'v1.x', mark: j, from, time, who: authors[j % authors.length], message, path: `lib/d${j % 64}/l${j}.js`, text: fileText(`line ${j}`) })
    }
  }
} else {
  console.error('usage: make-backport-repo.mjs main COMMITS | line COMMITS MARKS BACKPORTS')
  process.exit(2)
}
out.push('done\n')
process.stdout.write(out.join(''))
