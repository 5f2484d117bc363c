// esbuild: the JS API drives its native binary over a child process's pipes (and a worker for the sync API).
const esbuild = require('esbuild');
console.log(esbuild.transformSync('let x: number = 1 + 2; export default x;', { loader: 'ts', format: 'cjs' }).code);
esbuild.transform('const f = (a) => a ?? 1;', { target: 'es2015', minify: true }).then((r) => {
  console.log(r.code);
  return esbuild.build({ stdin: { contents: 'import { b } from "./b"; console.log(b);', resolveDir: __dirname, loader: 'js' }, bundle: true, write: false, format: 'esm', plugins: [{ name: 'virtual', setup(build) { build.onResolve({ filter: /^\.\/b$/ }, () => ({ path: 'b', namespace: 'v' })); build.onLoad({ filter: /.*/, namespace: 'v' }, () => ({ contents: 'export const b = 42;' })); } }] });
}).then((r) => {
  console.log(r.outputFiles[0].text);
  return esbuild.transform('let = ;').catch((e) => console.log(e.errors.map((x) => x.text)));
}).then(() => esbuild.stop());
