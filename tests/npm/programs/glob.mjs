// glob and minimatch (ESM) over a tree made in a temp dir.
import { glob, globSync, Glob } from 'glob';
import { minimatch, Minimatch, braceExpand } from 'minimatch';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glob-'));
for (const f of ['a.js', 'b.ts', 'src/c.js', 'src/deep/d.js', 'src/deep/e.md', '.hidden.js', 'node_modules/x/i.js']) {
  fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
  fs.writeFileSync(path.join(dir, f), f);
}
const sorted = (l) => l.map((p) => p.split(path.sep).join('/')).sort();
console.log(sorted(await glob('**/*.js', { cwd: dir, ignore: 'node_modules/**' })));
console.log(sorted(globSync('**/*.{js,md}', { cwd: dir, dot: true })));
console.log(sorted(await glob('src/*/', { cwd: dir, mark: true })));
const g = new Glob('*.ts', { cwd: dir, withFileTypes: true });
for await (const entry of g) console.log('entry', entry.name, entry.isFile());
console.log(minimatch('bar.foo', '*.foo'), minimatch('a/b/c.js', 'a/**/*.js'), minimatch('.x', '*'), minimatch('x.JS', '*.js', { nocase: true }));
const mm = new Minimatch('*.{a,b}');
console.log(mm.hasMagic(), mm.match('x.b'), mm.match('x.c'), braceExpand('x{1..3}'));
fs.rmSync(dir, { recursive: true });
