//! Module resolution: `node_modules` trees built in temp dirs, the same
//! program run by nodus and (when it is installed) by the Node 24 oracle
//! (`nodus_test_support::need_node_oracle`); both must
//! print the expected text (the temp dir shown as `<tmp>`).

use std::path::Path;

use nodus_test_support::Cmd;

/// A folder of files made for one test (also used by `esm.rs`).
pub(crate) struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    pub(crate) fn new() -> Tree {
        Tree { dir: tempfile::Builder::new().prefix("nodus-modules-").tempdir().expect("temp dir") }
    }

    pub(crate) fn file(self, rel: &str, contents: &str) -> Tree {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
        self
    }

    pub(crate) fn root(&self) -> std::path::PathBuf {
        self.dir.path().canonicalize().expect("canonical temp dir")
    }
}

/// The programs a check runs: nodus, and the Node 24 oracle when it is
/// installed (without it the node half is skipped and says so; under `CI`
/// it fails).
pub(crate) fn programs() -> Vec<String> {
    let mut programs = vec![env!("CARGO_BIN_EXE_nodus").to_owned()];
    if let Some(node) = nodus_test_support::need_node_oracle("the Node 24 half of this check") {
        programs.push(node.to_string_lossy().into_owned());
    }
    programs
}

/// Runs `main` (relative to the tree) with `flags` under nodus and node;
/// both must print `expected` on stdout.
pub(crate) fn check(tree: &Tree, flags: &[&str], main: &str, expected: &str) {
    let root = tree.root();
    for program in programs() {
        let out = Cmd::new(&program).args(flags).arg(main).current_dir(&root).run();
        let stdout = out.stdout.replace(&root.to_string_lossy().into_owned(), "<tmp>");
        assert_eq!(stdout.trim_end(), expected.trim_end(), "{program} printed something else\n{out}");
    }
}

/// A script that prints where each request resolves, or the error code
/// and first message line.
fn resolver(requests: &[&str]) -> String {
    let list = requests.iter().map(|r| format!("{r:?}")).collect::<Vec<_>>().join(", ");
    format!(
        "for (const r of [{list}]) {{\n\
         \x20 try {{ console.log(r, '->', require.resolve(r)); }}\n\
         \x20 catch (e) {{ console.log(r, '!', e.code, e.message.split('\\n')[0]); }}\n\
         }}\n"
    )
}

#[test]
fn package_exports_with_conditions_patterns_and_exclusions() {
    let tree = Tree::new()
        .file(
            "node_modules/pkg/package.json",
            r#"{ "name": "pkg", "exports": {
                ".": { "import": "./esm.mjs", "node": { "require": "./node.js" }, "default": "./default.js" },
                "./feature": [ { "worker": "./worker.js" }, "./feature.js" ],
                "./lib/*.js": "./src/*.js",
                "./lib/private/*": null,
                "./custom": { "custom": "./custom.js", "default": "./plain.js" },
                "./package.json": "./package.json"
            } }"#,
        )
        .file("node_modules/pkg/node.js", "module.exports = 'node';")
        .file("node_modules/pkg/feature.js", "")
        .file("node_modules/pkg/src/util.js", "")
        .file("node_modules/pkg/src/private/secret.js", "")
        .file("node_modules/pkg/custom.js", "")
        .file("node_modules/pkg/plain.js", "")
        .file(
            "main.js",
            &resolver(&[
                "pkg",
                "pkg/feature",
                "pkg/lib/util.js",
                "pkg/lib/private/secret.js",
                "pkg/custom",
                "pkg/package.json",
                "pkg/node.js",
                "pkg/lib/missing.js",
            ]),
        );
    check(
        &tree,
        &[],
        "main.js",
        "pkg -> <tmp>/node_modules/pkg/node.js\n\
         pkg/feature -> <tmp>/node_modules/pkg/feature.js\n\
         pkg/lib/util.js -> <tmp>/node_modules/pkg/src/util.js\n\
         pkg/lib/private/secret.js ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './lib/private/secret.js' is not defined by \"exports\" in <tmp>/node_modules/pkg/package.json\n\
         pkg/custom -> <tmp>/node_modules/pkg/plain.js\n\
         pkg/package.json -> <tmp>/node_modules/pkg/package.json\n\
         pkg/node.js ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './node.js' is not defined by \"exports\" in <tmp>/node_modules/pkg/package.json\n\
         pkg/lib/missing.js ! MODULE_NOT_FOUND Cannot find module '<tmp>/node_modules/pkg/src/missing.js'",
    );
    // -C adds a condition.
    check(&tree, &["-C", "custom"], "main.js", &{
        let mut expected = String::new();
        for line in [
            "pkg -> <tmp>/node_modules/pkg/node.js",
            "pkg/feature -> <tmp>/node_modules/pkg/feature.js",
            "pkg/lib/util.js -> <tmp>/node_modules/pkg/src/util.js",
            "pkg/lib/private/secret.js ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './lib/private/secret.js' is not defined by \"exports\" in <tmp>/node_modules/pkg/package.json",
            "pkg/custom -> <tmp>/node_modules/pkg/custom.js",
            "pkg/package.json -> <tmp>/node_modules/pkg/package.json",
            "pkg/node.js ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './node.js' is not defined by \"exports\" in <tmp>/node_modules/pkg/package.json",
            "pkg/lib/missing.js ! MODULE_NOT_FOUND Cannot find module '<tmp>/node_modules/pkg/src/missing.js'",
        ] {
            expected.push_str(line);
            expected.push('\n');
        }
        expected
    });
}

#[test]
fn imports_self_reference_and_main_fields() {
    let tree = Tree::new()
        .file(
            "package.json",
            r##"{ "name": "app", "exports": { ".": "./index.js", "./tool": "./tool.js" },
                 "imports": { "#util": "./src/util.js", "#dep": "dep", "#conf/*": { "node": "./conf/*.js" } } }"##,
        )
        .file("index.js", "")
        .file("tool.js", "")
        .file("src/util.js", "")
        .file("conf/dev.js", "")
        .file("node_modules/dep/package.json", r#"{ "main": "lib/main" }"#)
        .file("node_modules/dep/lib/main.js", "")
        .file("node_modules/dirindex/index.js", "")
        .file("node_modules/badmain/package.json", r#"{ "main": "nowhere.js" }"#)
        .file("node_modules/@scope/thing/package.json", r#"{ "main": "./thing.js" }"#)
        .file("node_modules/@scope/thing/thing.js", "")
        .file(
            "src/main.js",
            &resolver(&[
                "#util",
                "#dep",
                "#conf/dev",
                "#missing",
                "app",
                "app/tool",
                "app/other",
                "dep",
                "dep/lib/main",
                "dirindex",
                "badmain",
                "@scope/thing",
                "./util",
                "../tool",
                "nothere",
            ]),
        );
    check(
        &tree,
        &[],
        "src/main.js",
        "#util -> <tmp>/src/util.js\n\
         #dep -> <tmp>/node_modules/dep/lib/main.js\n\
         #conf/dev -> <tmp>/conf/dev.js\n\
         #missing ! ERR_PACKAGE_IMPORT_NOT_DEFINED Package import specifier \"#missing\" is not defined in package <tmp>/package.json imported from <tmp>/src/main.js\n\
         app -> <tmp>/index.js\n\
         app/tool -> <tmp>/tool.js\n\
         app/other ! ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './other' is not defined by \"exports\" in <tmp>/package.json imported from <tmp>/src/main.js\n\
         dep -> <tmp>/node_modules/dep/lib/main.js\n\
         dep/lib/main -> <tmp>/node_modules/dep/lib/main.js\n\
         dirindex -> <tmp>/node_modules/dirindex/index.js\n\
         badmain ! MODULE_NOT_FOUND Cannot find module '<tmp>/node_modules/badmain/nowhere.js'. Please verify that the package.json has a valid \"main\" entry\n\
         @scope/thing -> <tmp>/node_modules/@scope/thing/thing.js\n\
         ./util -> <tmp>/src/util.js\n\
         ../tool -> <tmp>/tool.js\n\
         nothere ! MODULE_NOT_FOUND Cannot find module 'nothere'",
    );
}

#[test]
fn node_modules_lookup_walks_up_and_nearest_wins() {
    let tree = Tree::new()
        .file("node_modules/shared/index.js", "module.exports = 'top';")
        .file("node_modules/only-top/index.js", "module.exports = 'only-top';")
        .file("a/b/node_modules/shared/index.js", "module.exports = 'nested';")
        .file(
            "a/b/c/main.js",
            "console.log(require('shared'), require('only-top'));\n\
             console.log(module.paths.slice(0, 4).join('\\n'));\n\
             console.log(require.resolve.paths('shared')[0]);\n\
             console.log(require.resolve('shared', { paths: [require('path').join(__dirname, '../../..')] }));\n\
             console.log(require.resolve('./main.js', { paths: [__dirname] }));\n",
        );
    check(
        &tree,
        &[],
        "a/b/c/main.js",
        "nested only-top\n\
         <tmp>/a/b/c/node_modules\n\
         <tmp>/a/b/node_modules\n\
         <tmp>/a/node_modules\n\
         <tmp>/node_modules\n\
         <tmp>/a/b/c/node_modules\n\
         <tmp>/node_modules/shared/index.js\n\
         <tmp>/a/b/c/main.js",
    );
}

#[test]
fn bad_package_files() {
    let tree = Tree::new()
        .file("node_modules/broken/package.json", "{ not json")
        .file("node_modules/broken/index.js", "")
        .file("node_modules/badtarget/package.json", r#"{ "exports": { ".": "../outside.js" } }"#)
        .file(
            "main.js",
            "for (const r of ['broken', 'badtarget']) {\n\
             \x20 try { require(r); console.log(r, 'loaded'); }\n\
             \x20 catch (e) { console.log(r, e.name, e.code, e.message.replace(/ \\(line \\d+ column \\d+\\)$/, '')); }\n\
             }\n",
        );
    check(
        &tree,
        &[],
        "main.js",
        "broken Error ERR_INVALID_PACKAGE_CONFIG Invalid package config <tmp>/node_modules/broken/package.json.\n\
         badtarget Error ERR_INVALID_PACKAGE_TARGET Invalid \"exports\" main target \"../outside.js\" defined in the package config <tmp>/node_modules/badtarget/package.json; targets must start with \"./\"",
    );
}

/// With `--no-experimental-require-module`, `require()` of an ES module
/// throws `ERR_REQUIRE_ESM` as Node 20 did before 20.19.
#[test]
fn require_of_es_modules_is_refused_without_require_module() {
    let tree = Tree::new()
        .file("node_modules/esm-only/package.json", r#"{ "type": "module", "main": "index.js" }"#)
        .file("node_modules/esm-only/index.js", "export default 1;")
        .file("mod.mjs", "export const x = 1;")
        .file(
            "main.js",
            "for (const r of ['esm-only', './mod.mjs']) {\n\
             \x20 try { require(r); console.log(r, 'loaded'); }\n\
             \x20 catch (e) { console.log(r, e.code, e.message.split('\\n')[0]); }\n\
             }\n\
             console.log(process.features.require_module);\n",
        );
    check(
        &tree,
        &["--no-experimental-require-module"],
        "main.js",
        "esm-only ERR_REQUIRE_ESM require() of ES Module <tmp>/node_modules/esm-only/index.js from <tmp>/main.js not supported.\n\
         ./mod.mjs ERR_REQUIRE_ESM require() of ES Module <tmp>/mod.mjs from <tmp>/main.js not supported.\n\
         false",
    );
}

/// `require()` of ES modules, as Node 20.19+ does by default: an ESM-only
/// package through its "exports" `require`/`default` conditions, `.mjs`,
/// `"type": "module"` and typeless files with module syntax; the
/// namespace, or a facade with `__esModule` for a default export, or the
/// "module.exports" export; one module instance shared with `import()`;
/// top-level await refused; a cycle back into a loading CommonJS module
/// refused; errors thrown at the `require()` call.
#[test]
fn require_of_es_modules_loads_them() {
    let tree = Tree::new()
        .file(
            "node_modules/esm-only/package.json",
            r#"{ "type": "module", "exports": { ".": { "require": "./req.js", "default": "./index.js" } } }"#,
        )
        .file("node_modules/esm-only/index.js", "export const via = 'default';")
        .file(
            "node_modules/esm-only/req.js",
            "import { helper } from './helper.js';\nexport const via = 'require ' + helper;",
        )
        .file("node_modules/esm-only/helper.js", "export const helper = 'ok';")
        .file(
            "mod.mjs",
            "export default function f() { return 2; }\nexport let count = 0;\nexport function bump() { count++; }\n",
        )
        .file("named.mjs", "export const only = 1;")
        .file("esmodule.mjs", "export const __esModule = false;\nexport default 5;")
        .file("cjs-shape.mjs", "const value = { answer: 42 };\nexport { value as 'module.exports' };")
        .file("typeless.js", "export const detected = true;")
        .file("tla.mjs", "export const late = await Promise.resolve(1);")
        .file("throws.mjs", "throw new Error('boom in esm');")
        .file("cycle.mjs", "import './main.js';\nexport const c = 1;")
        .file(
            "main.js",
            "const show = (v) => console.log(Object.prototype.toString.call(v), JSON.stringify(Object.entries(v)));\n\
             console.log(require('esm-only').via);\n\
             const mod = require('./mod.mjs');\n\
             show(mod);\n\
             console.log(mod.default(), mod.count, (mod.bump(), mod.count), require('./mod.mjs') === mod);\n\
             show(require('./named.mjs'));\n\
             show(require('./esmodule.mjs'));\n\
             console.log(require('./cjs-shape.mjs'));\n\
             show(require('./typeless.js'));\n\
             for (const r of ['./tla.mjs', './throws.mjs', './throws.mjs', './cycle.mjs']) {\n\
             \x20 try { require(r); } catch (e) { console.log(r, e.code, e.message.split('\\n')[0]); }\n\
             }\n\
             import('./named.mjs').then((ns) => console.log('import() shares it', ns === require('./named.mjs')));\n",
        );
    check(
        &tree,
        &[],
        "main.js",
        "require ok\n\
         [object Module] [[\"__esModule\",true],[\"bump\",null],[\"count\",0],[\"default\",null]]\n\
         2 0 1 true\n\
         [object Module] [[\"only\",1]]\n\
         [object Module] [[\"__esModule\",false],[\"default\",5]]\n\
         { answer: 42 }\n\
         [object Module] [[\"detected\",true]]\n\
         ./tla.mjs ERR_REQUIRE_ASYNC_MODULE require() cannot be used on an ESM graph with top-level await. Use import() instead. To see where the top-level await comes from, use --experimental-print-required-tla.\n\
         ./throws.mjs undefined boom in esm\n\
         ./throws.mjs undefined boom in esm\n\
         ./cycle.mjs ERR_REQUIRE_CYCLE_MODULE Cannot import CommonJS Module ./main.js in a cycle. (from <tmp>/cycle.mjs)\n\
         import() shares it true",
    );
}

#[test]
fn symlinked_packages_resolve_to_their_real_path() {
    let tree = Tree::new().file("store/real-pkg/index.js", "module.exports = __filename;").file(
        "main.js",
        "console.log(require('linked'));\nconsole.log(require('linked') === require('./store/real-pkg'));\n",
    );
    let root = tree.root();
    std::fs::create_dir_all(root.join("node_modules")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("store/real-pkg"), root.join("node_modules/linked")).expect("symlink");
    check(&tree, &[], "main.js", "<tmp>/store/real-pkg/index.js\ntrue");
    assert!(Path::new(&root.join("node_modules/linked/index.js")).exists());
}

#[test]
fn main_module_not_found_and_cycles_report_like_node() {
    let tree = Tree::new()
        .file("a.js", "exports.a = 1; const b = require('./b'); exports.sawB = b.b; exports.bSawA = b.sawA;")
        .file("b.js", "exports.b = 2; const a = require('./a'); exports.sawA = JSON.stringify(a);")
        .file(
            "main.js",
            "const a = require('./a'); console.log(a.sawB, a.bSawA, require.main === module, require('./a') === a);",
        );
    check(&tree, &[], "main.js", "2 {\"a\":1} true true");
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg("missing.js").current_dir(tree.root()).run_code(1);
    let root = tree.root().to_string_lossy().into_owned();
    assert!(
        out.stderr.contains(&format!("Error: Cannot find module '{root}/missing.js'")),
        "stderr names the missing main module\n{out}"
    );
    assert!(out.stderr.contains("code: 'MODULE_NOT_FOUND'"), "{out}");
}
