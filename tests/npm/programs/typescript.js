// typescript 5: transpileModule, a type-checking Program over a compiler host in memory.
const ts = require('typescript');
const src = 'enum Color { Red, Green }\ninterface P { x: number }\nexport const f = (p: P): number => p.x * 2;\nexport class A<T> { constructor(private v: T) {} get(): T { return this.v } }\nconst c: Color = Color.Green;\n';
const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017 }, fileName: 'x.ts' });
console.log(out.outputText);
const files = { 'main.ts': 'import { g } from "./lib";\nconst n: number = g("x");\nexport default n;\n', 'lib.ts': 'export function g(s: string): string { return s; }\n' };
const options = { noEmit: true, strict: true, noLib: true, types: [] };
const host = ts.createCompilerHost(options);
const orig = host.getSourceFile;
host.getSourceFile = (name, lang) => (files[name] !== undefined ? ts.createSourceFile(name, files[name], lang) : orig(name, lang));
host.fileExists = (name) => files[name] !== undefined;
host.readFile = (name) => files[name];
const program = ts.createProgram(['main.ts'], options, host);
const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file);
console.log(diags.map((d) => `${d.file.fileName}(${d.code}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`));
const sf = ts.createSourceFile('q.ts', 'let a = 1 as const;', ts.ScriptTarget.Latest);
console.log(ts.SyntaxKind[sf.statements[0].kind], ts.version.split('.')[0]);
