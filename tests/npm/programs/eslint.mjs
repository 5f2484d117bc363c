// eslint: the Linter class with a flat config and core rules, and the ESLint class on files.
import { Linter, ESLint } from 'eslint';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const linter = new Linter();
const messages = linter.verify('var a = 1\nif (a == 2) { unused() }\nconst b = 1; b = 2;\n', { rules: { eqeqeq: 'error', 'no-var': 'warn', 'no-undef': 'error', 'no-const-assign': 'error', semi: 'off' } });
console.log(messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`));
console.log(linter.verifyAndFix('var x = 1\nlet y = x', { rules: { 'no-var': 'error', 'prefer-const': 'error' } }).output);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eslint-'));
fs.writeFileSync(path.join(dir, 'eslint.config.js'), 'export default [{ rules: { "no-unused-vars": "error", "no-console": "warn" } }];\n');
fs.writeFileSync(path.join(dir, 'x.js'), 'const unused = 1;\nconsole.log("hi");\n');
fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
const eslint = new ESLint({ cwd: dir });
const results = await eslint.lintFiles(['*.js']);
console.log(results.map((r) => [path.basename(r.filePath), r.errorCount, r.warningCount, r.messages.map((m) => m.ruleId)]));
const formatter = await eslint.loadFormatter('stylish');
console.log((await formatter.format(results)).replaceAll(dir, '<dir>'));
fs.rmSync(dir, { recursive: true });
