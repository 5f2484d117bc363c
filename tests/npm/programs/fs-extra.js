// fs-extra (graceful-fs patched fs, universalify): copy, move, json, ensure, remove.
const fse = require('fs-extra');
const path = require('path');
const os = require('os');
(async () => {
  const dir = await fse.mkdtemp(path.join(os.tmpdir(), 'fse-'));
  const p = (...a) => path.join(dir, ...a);
  await fse.outputFile(p('a/b/c.txt'), 'hello');
  await fse.outputJson(p('conf.json'), { x: 1, y: [true] }, { spaces: 2 });
  console.log(await fse.readJson(p('conf.json')), fse.readFileSync(p('conf.json'), 'utf8'));
  await fse.copy(p('a'), p('copy'));
  console.log(await fse.pathExists(p('copy/b/c.txt')), fse.existsSync(p('nope')));
  await fse.move(p('copy'), p('moved'));
  fse.ensureDirSync(p('e/f'));
  await fse.ensureFile(p('e/f/g.txt'));
  await fse.ensureSymlink(p('a/b/c.txt'), p('link.txt'));
  console.log((await fse.readlink(p('link.txt'))) === p('a/b/c.txt'), (await fse.lstat(p('link.txt'))).isSymbolicLink());
  const list = [];
  const walk = async (d) => { for (const e of await fse.readdir(d, { withFileTypes: true })) { const q = path.join(d, e.name); list.push(path.relative(dir, q) + (e.isDirectory() ? '/' : '')); if (e.isDirectory()) await walk(q); } };
  await walk(dir);
  console.log(list.sort());
  await fse.emptyDir(p('moved'));
  console.log(await fse.readdir(p('moved')));
  fse.readJson(p('missing.json'), (err) => console.log('cb', err.code));
  try { await fse.copy(p('missing'), p('x')); } catch (e) { console.log(e.code, e.syscall); }
  await fse.remove(dir);
  console.log(await fse.pathExists(dir));
})();
