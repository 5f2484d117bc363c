// rimraf and mkdirp (ESM).
import { rimraf, rimrafSync } from 'rimraf';
import { mkdirp, mkdirpSync } from 'mkdirp';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rr-'));
const made = await mkdirp(path.join(dir, 'a/b/c'));
console.log(path.relative(dir, made), mkdirpSync(path.join(dir, 'a/b/c')));
fs.writeFileSync(path.join(dir, 'a/b/c/f.txt'), 'x');
fs.writeFileSync(path.join(dir, 'a/g.log'), 'x');
console.log(await rimraf(path.join(dir, 'a/**/*.log'), { glob: true }), fs.existsSync(path.join(dir, 'a/g.log')));
console.log(await rimraf(path.join(dir, 'a')), fs.readdirSync(dir));
console.log(rimrafSync(dir), fs.existsSync(dir));
