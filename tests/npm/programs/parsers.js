// acorn, acorn-walk, esprima, @babel/parser: parse modern JS, walk the AST.
const acorn = require('acorn');
const esprima = require('esprima');
const babel = require('@babel/parser');
const code = 'import x from "y";\nexport const f = async function* (a, ...b) { for await (const z of a) yield* b; };\nclass K { #p = 1; static { this.s = 2 } get p() { return this.#p ?? 0 } }\nlet r = /(?<year>\\d{4})/u, n = 1_000n, o = a?.b?.[c];\n';
const ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
console.log(ast.body.map((n) => `${n.type}@${n.loc.start.line}`));
const tokens = [...acorn.tokenizer('a = 1 + b', { ecmaVersion: 2020 })].map((t) => t.type.label);
console.log(tokens);
try { acorn.parse('let = ;', { ecmaVersion: 2022 }); } catch (e) { console.log(e.name, e.message, e.pos); }
console.log(JSON.stringify(esprima.parseScript('var answer = 6 * 7;')));
console.log(esprima.tokenize('const a = "s"').map((t) => t.type + ':' + t.value));
const bast = babel.parse(code + 'type T = number; const v: T = <T>1;'.replace('<T>1', '1'), { sourceType: 'module', plugins: ['typescript', 'decorators'] });
console.log(bast.program.body.map((n) => n.type), bast.comments.length);
try { babel.parse('a +'); } catch (e) { console.log(e.name, e.message, e.code, e.reasonCode); }
