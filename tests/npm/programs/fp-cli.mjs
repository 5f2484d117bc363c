// ramda, boxen (ESM, string-width/ansi), figlet (fonts read from disk), execa (ESM, child processes), fast-glob.
import * as R from 'ramda';
import boxen from 'boxen';
import figlet from 'figlet';
import { execa, execaSync } from 'execa';
import fg from 'fast-glob';
console.log(R.pipe(R.map(R.multiply(2)), R.filter(R.gt(R.__, 2)), R.sum)([1, 2, 3]), R.groupBy(R.prop('t'), [{ t: 'a' }, { t: 'b' }, { t: 'a' }]));
console.log(R.evolve({ a: R.inc, b: { c: R.toUpper } }, { a: 1, b: { c: 'x' } }), R.uniqBy(Math.abs, [-1, 1, 2]));
console.log(boxen('hello\nworld', { padding: 1, borderStyle: 'round', title: 'box' }));
console.log(figlet.textSync('Nodus', { font: 'Standard' }));
const { stdout, exitCode } = await execa('sh', ['-c', 'echo from execa; exit 0']);
console.log(stdout, exitCode);
try { await execa('sh', ['-c', 'echo err >&2; exit 3']); } catch (e) { console.log(e.exitCode, e.stderr, e.shortMessage); }
console.log(execaSync('echo', ['sync']).stdout);
console.log((await fg(['programs/*.mjs'], { onlyFiles: true })).sort().slice(0, 3));
