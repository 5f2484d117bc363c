//! ES modules on trees built in temp dirs: packages in `node_modules`
//! (`exports` and `imports` with conditions, self-reference, legacy
//! `main`, Node's errors), the named exports of CommonJS modules (our
//! lexer against node's cjs-module-lexer, case by case), symlinks, the
//! ESM entry points of the command line. Each program runs under nodus
//! and, when it is installed, under the Node 24 oracle; both must print the expected
//! text (the temp dir shown as `<tmp>`).

use nodus_test_support::Cmd;

use crate::modules::{Tree, check, programs};

/// A package tree with dual CommonJS/ES packages, patterns, null targets,
/// a legacy `main`, a scoped `"type": "module"` package, bad package
/// configs, CommonJS re-exports and an app with `exports` and `imports`.
fn packages() -> Tree {
    Tree::new()
        .file(
            "node_modules/dual/package.json",
            r#"{ "name": "dual", "exports": {
                ".": { "import": "./esm/index.mjs", "require": "./cjs/index.cjs" },
                "./feature": { "node": { "import": "./esm/feature.mjs", "default": "./cjs/feature.cjs" }, "default": "./nope.js" },
                "./custom": { "custom": "./esm/custom.mjs", "default": "./esm/plain.mjs" },
                "./utils/*": "./esm/utils/*.mjs",
                "./utils/internal/*": null,
                "./package.json": "./package.json"
            } }"#,
        )
        .file("node_modules/dual/esm/index.mjs", "export const kind = 'esm'; export default 'dual esm';")
        .file("node_modules/dual/cjs/index.cjs", "exports.kind = 'cjs';")
        .file("node_modules/dual/esm/feature.mjs", "export const feature = 'esm feature';")
        .file("node_modules/dual/cjs/feature.cjs", "exports.feature = 'cjs feature';")
        .file("node_modules/dual/esm/custom.mjs", "export default 'custom';")
        .file("node_modules/dual/esm/plain.mjs", "export default 'plain';")
        .file("node_modules/dual/esm/utils/a.mjs", "export const util = 'util a';")
        .file("node_modules/dual/esm/utils/internal/secret.mjs", "export const secret = 1;")
        .file("node_modules/legacy/package.json", r#"{ "name": "legacy", "main": "lib/main" }"#)
        .file("node_modules/legacy/lib/main.js", "exports.legacy = true; exports.dep = require('./dep');")
        .file("node_modules/legacy/lib/dep.js", "module.exports = 'dep';")
        .file("node_modules/@scope/tool/package.json", r#"{ "name": "@scope/tool", "type": "module", "exports": "./tool.js" }"#)
        .file("node_modules/@scope/tool/tool.js", "export const tool = 'scoped';")
        .file("node_modules/nomain/index.js", "module.exports = 'index fallback';")
        .file("node_modules/badmain/package.json", r#"{ "main": "gone.js" }"#)
        .file("node_modules/badjson/package.json", "{ not json")
        .file("node_modules/badtarget/package.json", r#"{ "exports": { "./x": "x.js", "./y": "./../y.js" } }"#)
        .file("node_modules/cjsreexp/package.json", r#"{ "name": "cjsreexp", "main": "index.js" }"#)
        .file("node_modules/cjsreexp/index.js", "module.exports = { ...require('legacy'), ...require('./more'), local: 1 };")
        .file("node_modules/cjsreexp/more.js", "exports.more = 1;")
        .file(
            "package.json",
            r##"{ "name": "app", "type": "module",
                 "exports": { ".": "./src/main.js", "./feature": { "import": "./src/feature.js" } },
                 "imports": { "#dual": "dual", "#internal/*": "./src/internal/*.js",
                              "#cond": { "node": "./src/node.js", "default": "./src/other.js" },
                              "#missing": "./src/missing.js", "#url": "node:path" } }"##,
        )
        .file("src/internal/x.js", "export const internal = 'internal';")
        .file("src/node.js", "export const cond = 'node condition';")
        .file("src/feature.js", "export const f = 'app feature';")
}

/// A program that imports each specifier and prints where it resolved
/// and the module's export names, or the error's code and message.
fn importer(specifiers: &[&str]) -> String {
    let list = specifiers.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ");
    format!(
        "const show = (v) => String(v).split(process.cwd()).join('<tmp>').replace(/ \\(line \\d+ column \\d+\\)$/, '');\n\
         for (const s of [{list}]) {{\n\
         \x20 try {{\n\
         \x20   const ns = await import(s, s.endsWith('.json') ? {{ with: {{ type: 'json' }} }} : undefined);\n\
         \x20   console.log(s, '->', show(import.meta.resolve(s)), JSON.stringify(Object.keys(ns)));\n\
         \x20 }} catch (e) {{\n\
         \x20   console.log(s, '!', e.code, show(e.message));\n\
         \x20 }}\n\
         }}\n"
    )
}

#[test]
fn packages_resolve_through_exports_imports_and_main() {
    let tree = packages().file(
        "src/main.js",
        &importer(&[
            "dual",
            "dual/feature",
            "dual/custom",
            "dual/utils/a",
            "dual/utils/internal/secret",
            "dual/utils/b",
            "dual/package.json",
            "dual/nope",
            "legacy",
            "legacy/lib/main.js",
            "legacy/lib/main",
            "legacy/lib/",
            "@scope/tool",
            "@scope/tool/tool.js",
            "nomain",
            "badmain",
            "badjson",
            "badtarget/x",
            "badtarget/y",
            "cjsreexp",
            "#dual",
            "#internal/x",
            "#cond",
            "#missing",
            "#nothing",
            "#url",
            "app/feature",
            "app/other",
            "nothere",
            "nothere/sub",
            "@scope",
        ]),
    );
    check(
        &tree,
        &[],
        "src/main.js",
        r##"dual -> file://<tmp>/node_modules/dual/esm/index.mjs ["default","kind"]
dual/feature -> file://<tmp>/node_modules/dual/esm/feature.mjs ["feature"]
dual/custom -> file://<tmp>/node_modules/dual/esm/plain.mjs ["default"]
dual/utils/a -> file://<tmp>/node_modules/dual/esm/utils/a.mjs ["util"]
dual/utils/internal/secret ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './utils/internal/secret' is not defined by "exports" in <tmp>/node_modules/dual/package.json imported from <tmp>/src/main.js
dual/utils/b ! ERR_MODULE_NOT_FOUND Cannot find module '<tmp>/node_modules/dual/esm/utils/b.mjs' imported from <tmp>/src/main.js
dual/package.json -> file://<tmp>/node_modules/dual/package.json ["default"]
dual/nope ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './nope' is not defined by "exports" in <tmp>/node_modules/dual/package.json imported from <tmp>/src/main.js
legacy -> file://<tmp>/node_modules/legacy/lib/main.js ["default","dep","legacy","module.exports"]
legacy/lib/main.js -> file://<tmp>/node_modules/legacy/lib/main.js ["default","dep","legacy","module.exports"]
legacy/lib/main ! ERR_MODULE_NOT_FOUND Cannot find module '<tmp>/node_modules/legacy/lib/main' imported from <tmp>/src/main.js
Did you mean to import "legacy/lib/main.js"?
legacy/lib/ ! ERR_UNSUPPORTED_DIR_IMPORT Directory import '<tmp>/node_modules/legacy/lib/' is not supported resolving ES modules imported from <tmp>/src/main.js
@scope/tool -> file://<tmp>/node_modules/@scope/tool/tool.js ["tool"]
@scope/tool/tool.js ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './tool.js' is not defined by "exports" in <tmp>/node_modules/@scope/tool/package.json imported from <tmp>/src/main.js
nomain -> file://<tmp>/node_modules/nomain/index.js ["default","module.exports"]
badmain ! ERR_MODULE_NOT_FOUND Cannot find package '<tmp>/node_modules/badmain/gone.js' imported from <tmp>/src/main.js
badjson ! ERR_INVALID_PACKAGE_CONFIG Invalid package config <tmp>/node_modules/badjson/package.json while importing "badjson" from <tmp>/src/main.js.
badtarget/x ! ERR_INVALID_PACKAGE_TARGET Invalid "exports" target "x.js" defined for './x' in the package config <tmp>/node_modules/badtarget/package.json imported from <tmp>/src/main.js; targets must start with "./"
badtarget/y ! ERR_INVALID_PACKAGE_TARGET Invalid "exports" target "./../y.js" defined for './y' in the package config <tmp>/node_modules/badtarget/package.json imported from <tmp>/src/main.js
cjsreexp -> file://<tmp>/node_modules/cjsreexp/index.js ["default","dep","legacy","module.exports","more"]
#dual -> file://<tmp>/node_modules/dual/esm/index.mjs ["default","kind"]
#internal/x -> file://<tmp>/src/internal/x.js ["internal"]
#cond -> file://<tmp>/src/node.js ["cond"]
#missing ! ERR_MODULE_NOT_FOUND Cannot find module '<tmp>/src/missing.js' imported from <tmp>/src/main.js
#nothing ! ERR_PACKAGE_IMPORT_NOT_DEFINED Package import specifier "#nothing" is not defined in package <tmp>/package.json imported from <tmp>/src/main.js
#url ! ERR_INVALID_PACKAGE_TARGET Invalid "imports" target "node:path" defined for '#url' in the package config <tmp>/package.json imported from <tmp>/src/main.js
app/feature -> file://<tmp>/src/feature.js ["f"]
app/other ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './other' is not defined by "exports" in <tmp>/package.json imported from <tmp>/src/main.js
nothere ! ERR_MODULE_NOT_FOUND Cannot find package 'nothere' imported from <tmp>/src/main.js
nothere/sub ! ERR_MODULE_NOT_FOUND Cannot find package 'nothere' imported from <tmp>/src/main.js
@scope ! ERR_INVALID_MODULE_SPECIFIER Invalid module "@scope" is not a valid package name imported from <tmp>/src/main.js"##,
    );
}

#[test]
fn conditions_and_dual_packages() {
    let tree = packages().file(
        "src/main.js",
        "import { createRequire } from 'node:module';\n\
         const require = createRequire(import.meta.url);\n\
         const custom = await import('dual/custom');\n\
         const esm = await import('dual');\n\
         console.log(custom.default, esm.kind, require('dual').kind, require('dual/feature').feature);\n\
         console.log('two instances', esm.default !== require('dual'));\n",
    );
    check(&tree, &[], "src/main.js", "plain esm cjs cjs feature\ntwo instances true");
    check(&tree, &["-C", "custom"], "src/main.js", "custom esm cjs cjs feature\ntwo instances true");
    check(&tree, &["--conditions=custom"], "src/main.js", "custom esm cjs cjs feature\ntwo instances true");
}

/// CommonJS sources and the named exports an importing ES module sees.
/// The expected names are node's (its cjs-module-lexer); nodus finds them
/// with its own lexer (`runtime/src/modules/cjs_lexer.rs`).
const CJS_CASES: &[&str] = &[
    "exports.a = 1; exports['b'] = 2; module.exports.c = 3; module.exports['d'] = 4;",
    "exports.private = 1; exports.static = 2; exports.default = 3; exports.let = 4;",
    "module.exports = { a, 'b': c, d: e, f: 1, g };",
    "module.exports = { a, b: require('c'), c };",
    "module.exports = { a() {}, b };",
    "module.exports = { ...x, a, ...y.z, b };",
    "exports.a = 1; module.exports = { b };",
    "Object.defineProperty(exports, '__esModule', { value: true }); exports.default = 1;",
    "Object.defineProperty(exports, 'a', { enumerable: true, get: function () { return q.p; } });",
    "Object.defineProperty(exports, 'a', { enumerable: true, get () { return q['p']; } });",
    "Object.defineProperty(exports, 'a', { enumerable: true, get: function get() { return b }, });",
    "Object.defineProperty(module.exports, 'a', { value: 1 });",
    "Object.defineProperty(exports, 'a', { get () { return 'no'; } }); exports.a = 1;",
    "exports.a = 1; Object.defineProperty(exports, 'a', { get () { return f(); } });",
    "Object.defineProperty(exports, 'a', { enumerable: false, get () { return p; } });",
    "Object.defineProperty(exports, 'a', { configurable: true, value: 1 });",
    "Object.defineProperty(exports, 'a', { get: () => p });",
    "Object.defineProperty(exports, `a`, { value: 1 }); Object.defineProperty(exports, a, { value: 1 });",
    "exports['a b'] = 1; exports['\\u0063'] = 2; exports['\\x64e'] = 3; exports['\\u{1F600}'] = 4;",
    "exports.a == 1; exports.b === 2; exports.c += 3; exports.d => 4;",
    "foo.exports.a = 1; myexports.b = 2; exports2.c = 3; (exports).d = 4; (0, exports.e = 5);",
    "exports\n.a\n=\n1; exports /* c */ . b /* c */ = 2;",
    "var r = /exports.a = 1/g; var s = 'exports.b = 1'; var t = `exports.c = ${'}'}`; exports.d = 1;",
    "// exports.a = 1\n/* exports.b = 1 */ exports.c = 1;",
    "var x = a / 2; exports.a = x / 1; if (x) /exports.b = 1/.test(y); exports.c = 1;",
    "function f() { return /}/ } exports.a = 1; var o = { a: 1 } / 2; exports.b = 1;",
    "x = `${`${exports.a = 1}`}`; exports.b = 1;",
    "exports.a = 1; { var x = '",
    "exports.a = 1; }",
    "exports.a = 1; import x from 'y';",
    "exports.a = 1; export const b = 2;",
    "exports.a = 1; import('x'); (function () { import.meta; });",
    "exports.a = 1; /* never closed",
    "#!/usr/bin/env node\nexports.a = 1;",
    "\u{feff}exports.a = 1;",
    "exports.$ = 1; exports._ = 2; exports.ñ = 3; exports.a1 = 4;",
    "module.exports = require('./reexported.cjs');",
    "module.exports = require('./reexported.cjs'); module.exports = x;",
    "module.exports = { ...require('./reexported.cjs'), own };",
    "__exportStar(require('./reexported.cjs'), exports); tslib.__export(require('./other.cjs'));",
    "function f() { __exportStar(require('./reexported.cjs'), exports); }",
    "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nvar _a = require(\"./reexported.cjs\");\nObject.keys(_a).forEach(function (key) {\n  if (key === \"default\" || key === \"__esModule\") return;\n  if (key in exports && exports[key] === _a[key]) return;\n  Object.defineProperty(exports, key, {\n    enumerable: true,\n    get: function () {\n      return _a[key];\n    }\n  });\n});",
    "var _b = _interopRequireWildcard(require('./other.cjs'));\nObject.keys(_b).forEach(function (k) { if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) exports[k] = _b[k]; });",
    "module.exports = require('./cycle.cjs');",
    "module.exports = require('node:events'); exports.mine = 1;",
    "module.exports = require('./missing.cjs'); exports.mine = 1;",
];

#[test]
fn commonjs_named_exports_match_node() {
    let mut tree = Tree::new()
        .file("reexported.cjs", "exports.re1 = 1; exports.re2 = 2;")
        .file("other.cjs", "module.exports = { o1, o2 };")
        .file("cycle.cjs", "module.exports = require('./cycle_back.cjs'); exports.c1 = 1;")
        .file("cycle_back.cjs", "module.exports = require('./cycle.cjs'); exports.c2 = 2;");
    let mut main = String::from("for (let i = 0; i < COUNT; i++) {\n");
    main.push_str(
        "  const source = `./case${i}.cjs`;\n\
         \x20 try {\n\
         \x20   const ns = await import(source);\n\
         \x20   console.log(i, Object.keys(ns).filter((k) => k !== 'default').join(' '));\n\
         \x20 } catch (e) {\n\
         \x20   console.log(i, '!', e.name);\n\
         \x20 }\n\
         }\n",
    );
    for (i, source) in CJS_CASES.iter().enumerate() {
        // Most sources would throw when run (undefined names), so they sit
        // behind an early return; a `#!` line or BOM must come first.
        let text = if source.starts_with("#!") || source.starts_with('\u{feff}') {
            (*source).to_owned()
        } else {
            format!("return;\n{source}")
        };
        tree = tree.file(&format!("case{i}.cjs"), &text);
    }
    let tree = tree.file("main.mjs", &main.replace("COUNT", &CJS_CASES.len().to_string()));
    check(&tree, &[], "main.mjs", CJS_EXPECTED);
}

const CJS_EXPECTED: &str = "\
0 a b c d module.exports
1 let module.exports private static
2 a b d module.exports
3 a b module.exports
4 a module.exports
5 a module.exports
6 a b module.exports
7 __esModule module.exports
8 a module.exports
9 a module.exports
10 a module.exports
11 a module.exports
12 a module.exports
13 a module.exports
14 module.exports
15 module.exports
16 module.exports
17 module.exports
18 a b c de module.exports 😀
19 ! SyntaxError
20 e module.exports
21 a b module.exports
22 d module.exports
23 c module.exports
24 a c module.exports
25 a b module.exports
26 a b module.exports
27 ! SyntaxError
28 ! SyntaxError
29 ! SyntaxError
30 ! SyntaxError
31 ! SyntaxError
32 ! SyntaxError
33 a module.exports
34 a module.exports
35 $ _ a1 module.exports ñ
36 module.exports re1 re2
37 module.exports
38 module.exports own re1 re2
39 module.exports o1 o2 re1 re2
40 module.exports
41 __esModule module.exports re1 re2
42 module.exports o1 o2
43 c1 c2 module.exports
44 mine module.exports
45 mine module.exports";

/// Runs `args` in `tree` under nodus and (if present) node; each must exit
/// with `code` and print `stdout`, and its stderr must contain `stderr`.
fn expect(tree: &Tree, args: &[&str], stdin: Option<&str>, code: i32, stdout: &str, stderr: &str) {
    let root = tree.root();
    for program in programs() {
        let mut cmd = Cmd::new(&program).args(args).current_dir(&root).env_remove("NODE_OPTIONS");
        if let Some(input) = stdin {
            cmd = cmd.stdin(input.as_bytes().to_vec());
        }
        let out = cmd.run();
        let text = out.stdout.replace(&root.to_string_lossy().into_owned(), "<tmp>");
        assert_eq!(out.code, Some(code), "{program}: exit code\n{out}");
        assert_eq!(text.trim_end(), stdout.trim_end(), "{program}: stdout\n{out}");
        assert!(out.stderr.contains(stderr), "{program}: stderr lacks {stderr:?}\n{out}");
    }
}

fn cli_tree() -> Tree {
    Tree::new()
        .file("package.json", r#"{ "type": "module" }"#)
        .file("lib.js", "export const lib = 'lib';")
        .file(
            "bin/tool",
            "import { lib } from '../lib.js';\nconsole.log('tool', lib, import.meta.url.endsWith('/bin/tool'));\n",
        )
        .file(
            "app.js",
            "console.log('app', import.meta.filename.endsWith('/app.js'), process.argv.length, process.mainModule);\n",
        )
        .file("pre.cjs", "globalThis.preloaded = 'yes';")
        .file("cjs/package.json", r#"{ "type": "commonjs" }"#)
        .file("cjs/typeless.js", "export const nope = 1;")
}

#[test]
fn eval_and_stdin_as_modules() {
    let tree = cli_tree();
    let code = "import { lib } from './lib.js'; console.log(lib, import.meta.url, await Promise.resolve(7));";
    expect(&tree, &["--input-type=module", "-e", code], None, 0, "lib file://<tmp>/[eval1] 7", "");
    expect(&tree, &["--input-type=module"], Some(code), 0, "lib file://<tmp>/[eval1] 7", "");
    // Without --input-type, module syntax makes the code a module.
    expect(&tree, &["-e", code], None, 0, "lib file://<tmp>/[eval1] 7", "");
    expect(&tree, &["-"], Some(code), 0, "lib file://<tmp>/[eval1] 7", "");
    expect(&tree, &["-e", "const require = 1; console.log(require, typeof module)"], None, 0, "1 object", "");
    expect(&tree, &["--input-type=commonjs", "-e", "console.log(typeof require)"], None, 0, "function", "");
    expect(
        &tree,
        &["-r", "./pre.cjs", "--input-type=module", "-e", "console.log(globalThis.preloaded)"],
        None,
        0,
        "yes",
        "",
    );
    expect(
        &tree,
        &["--input-type=module", "-p", "1"],
        None,
        1,
        "",
        "Error [ERR_EVAL_ESM_CANNOT_PRINT]: --print cannot be used with ESM input",
    );
    expect(
        &tree,
        &["--input-type=module", "-e", "console.log('before');\nthrow new Error('eval boom');"],
        None,
        1,
        "before",
        "[eval1]:2\nthrow new Error('eval boom');\n      ^\n\nError: eval boom\n    at file://",
    );
}

#[test]
fn module_entry_points() {
    let tree = cli_tree();
    // The main script is found as `require` finds it, then run as a module.
    expect(&tree, &["app"], None, 0, "app true 2 undefined", "");
    expect(&tree, &["bin/tool"], None, 0, "tool lib true", "");
    expect(
        &tree,
        &["--input-type=module", "app.js"],
        None,
        1,
        "",
        "Error [ERR_INPUT_TYPE_NOT_ALLOWED]: --input-type can only be used with string input via --eval, --print, or STDIN",
    );
    expect(&tree, &["cjs/typeless.js"], None, 1, "", "SyntaxError: Unexpected token 'export'");
    expect(&tree, &["--check", "bin/tool"], None, 0, "", "");
}

#[test]
fn symlinked_modules_are_keyed_by_their_real_path() {
    let tree = Tree::new()
        .file("store/pkg/package.json", r#"{ "name": "pkg", "type": "module", "exports": "./index.js" }"#)
        .file("store/pkg/index.js", "export const where = import.meta.url;")
        .file(
            "main.mjs",
            "import { where } from 'pkg';\n\
             import * as direct from './store/pkg/index.js';\n\
             console.log(where.split(process.cwd()).join('<tmp>'));\n\
             console.log('one module', where === direct.where);\n",
        );
    let root = tree.root();
    std::fs::create_dir_all(root.join("node_modules")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("store/pkg"), root.join("node_modules/pkg")).expect("symlink");
    check(&tree, &[], "main.mjs", "file://<tmp>/store/pkg/index.js\none module true");
    check(&tree, &["--preserve-symlinks"], "main.mjs", "file://<tmp>/node_modules/pkg/index.js\none module false");
}
