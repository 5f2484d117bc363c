// prettier 3: format JS, CSS, markdown, JSON (plugins loaded by dynamic import).
import * as prettier from 'prettier';
console.log(await prettier.format('const a={b:1,c:[1,2,3]};function f(x){return x*2}', { parser: 'babel' }));
console.log(await prettier.format('a{color:red;background:blue}', { parser: 'css' }));
console.log(await prettier.format('# hi\n* a\n* b', { parser: 'markdown' }));
console.log(await prettier.format('{"a":1,"b":[true,null]}', { parser: 'json' }));
console.log(await prettier.format('let x: Array<number>=[1]', { parser: 'typescript', semi: false, singleQuote: true }));
try { await prettier.format('const = ;', { parser: 'babel' }); } catch (e) { console.log(e.name, e.message.split('\n')[0]); }
console.log((await prettier.getSupportInfo()).languages.length > 10);
