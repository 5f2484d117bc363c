// terser (minify), sass (compileString), postcss with autoprefixer, highlight.js.
const { minify } = require('terser');
const sass = require('sass');
const postcss = require('postcss');
const autoprefixer = require('autoprefixer');
const hljs = require('highlight.js/lib/core');
hljs.registerLanguage('javascript', require('highlight.js/lib/languages/javascript'));
(async () => {
  const out = await minify('function add(first, second) { const result = first + second; return result; }\nconsole.log(add(1, 2));', { mangle: { toplevel: true }, compress: { passes: 2 } });
  console.log(out.code);
  try { await minify('function ('); } catch (e) { console.log(e.name, e.message); }
  console.log(sass.compileString('$c: #336699; .a { color: $c; .b { color: darken($c, 10%); } } @mixin m($x) { width: $x; } .m { @include m(10px); }', { style: 'expanded', logger: sass.Logger.silent }).css);
  try { sass.compileString('.a { color: $missing; }'); } catch (e) { console.log(e.constructor.name, e.sassMessage); }
  const result = await postcss([autoprefixer({ overrideBrowserslist: ['ie 10', 'safari 8'] })]).process('a { display: flex; user-select: none; }', { from: undefined });
  console.log(result.css);
  console.log(hljs.highlight('const x = 1; // note', { language: 'javascript' }).value);
})();
