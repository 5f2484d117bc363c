//! Unit tests: the CommonJS export lexer on sources, the package.json
//! reader and both resolvers on file trees built in temp dirs. Expected
//! values are Node's (checked by hand against node 24 where noted).

use std::path::{Path, PathBuf};

use crate::cjs::{RequireContext, node_module_paths, resolve_require, split_package_name};
use crate::cjs_lexer;
use crate::esm::{self, EsmContext, Format};
use crate::file_url::{Url, file_url_to_path, path_to_file_url};
use crate::package_json::{PackageJsonCache, PackageType};

/// A file tree in a temp dir: `(relative path, contents)` pairs.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("create folders");
        std::fs::write(path, contents).expect("write file");
    }
    dir
}

fn real(dir: &tempfile::TempDir) -> PathBuf {
    std::fs::canonicalize(dir.path()).expect("temp dir exists")
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

// ---------------------------------------------------------------------------
// The CommonJS export lexer
// ---------------------------------------------------------------------------

fn exports_of(source: &str) -> (Vec<String>, Vec<String>) {
    let found = cjs_lexer::parse(source).expect("source scans");
    (found.exports, found.reexports)
}

#[test]
fn lexer_finds_exports_assignments_and_defines() {
    let (exports, reexports) = exports_of(
        "exports.a = 1;\n\
         module.exports.b = function () {};\n\
         exports['c-d'] = 2;\n\
         Object.defineProperty(exports, 'e', { enumerable: true, get: function () { return e; } });\n\
         Object.defineProperty(exports, '__esModule', { value: true });\n",
    );
    assert_eq!(exports, strings(&["a", "b", "c-d", "e", "__esModule"]));
    assert!(reexports.is_empty());
}

#[test]
fn lexer_reads_object_literals_and_reexports() {
    // Identifier values and spreads of require() are read (node 24 exports
    // x, b, d and the spread's names here)...
    let (exports, reexports) = exports_of("module.exports = { x, b: c, 'd': e, ...require('./spread') };\n");
    assert_eq!(exports, strings(&["x", "b", "d"]));
    assert_eq!(reexports, strings(&["./spread"]));
    // A later `module.exports = require(…)` replaces what came before.
    let (_, reexports) = exports_of("module.exports = { ...require('./a') };\nmodule.exports = require('./whole');\n");
    assert_eq!(reexports, strings(&["./whole"]));
    // ...and any other value ends the literal's detection, as in
    // cjs-module-lexer.
    let (exports, _) = exports_of("module.exports = { x, y: 1, z };\n");
    assert_eq!(exports, strings(&["x"]));
}

#[test]
fn lexer_sees_typescript_and_babel_reexport_helpers() {
    let (_, reexports) = exports_of(
        "var _dep = require('./dep');\n\
         Object.keys(_dep).forEach(function (key) {\n\
         \x20 if (key === 'default' || key === '__esModule') return;\n\
         \x20 exports[key] = _dep[key];\n\
         });\n\
         __exportStar(require('./star'), exports);\n",
    );
    assert_eq!(reexports, strings(&["./dep", "./star"]));
}

#[test]
fn lexer_ignores_strings_comments_templates_and_regexes() {
    let (exports, reexports) = exports_of(
        "// exports.no1 = 1\n\
         /* module.exports.no2 = 2 */\n\
         const s = 'exports.no3 = 3';\n\
         const t = `${'exports.no4'} exports.no5 = 5`;\n\
         const r = /exports.no6 = 6/g;\n\
         const q = a / exports.no7;\n\
         exports.yes = 1;\n",
    );
    assert_eq!(exports, strings(&["yes"]));
    assert!(reexports.is_empty());
}

#[test]
fn lexer_reports_where_a_source_is_cut_off() {
    let err = cjs_lexer::parse("exports.a = `unterminated").expect_err("an open template fails");
    assert!(err.offset > 0, "{err}");
    let err = cjs_lexer::parse("exports.a = 'open").expect_err("an open string fails");
    assert!(err.to_string().contains("offset"), "{err}");
}

// ---------------------------------------------------------------------------
// package.json
// ---------------------------------------------------------------------------

#[test]
fn package_json_fields_scopes_and_the_cache() {
    let dir = tree(&[
        (
            "pkg/package.json",
            r##"{"name":"pkg","main":"lib/m.js","type":"module","exports":{".":"./x.js"},"imports":{"#i":"./i.js"}}"##,
        ),
        ("pkg/sub/deep/f.js", ""),
        ("plain/package.json", r#"{"name":"plain"}"#),
        ("bad/package.json", "{ not json"),
    ]);
    let cache = PackageJsonCache::default();
    let pkg = cache.read(&dir.path().join("pkg/package.json")).expect("valid").expect("exists");
    assert_eq!(pkg.name.as_deref(), Some("pkg"));
    assert_eq!(pkg.main.as_deref(), Some("lib/m.js"));
    assert_eq!(pkg.kind, PackageType::Module);
    assert_eq!(pkg.exports.as_ref().and_then(|e| e.get(".")).and_then(|t| t.as_str()), Some("./x.js"));
    assert!(pkg.imports.is_some());
    assert_eq!(pkg.dir(), dir.path().join("pkg"));
    // The nearest package.json up the tree is the scope.
    let scope = cache.scope_of(&dir.path().join("pkg/sub/deep")).expect("valid").expect("found");
    assert_eq!(scope.path, dir.path().join("pkg/package.json"));
    let plain = cache.read(&dir.path().join("plain/package.json")).expect("valid").expect("exists");
    assert_eq!(plain.kind, PackageType::None);
    assert!(cache.read(&dir.path().join("none/package.json")).expect("absent is fine").is_none());
    let err = cache.read(&dir.path().join("bad/package.json")).expect_err("invalid JSON");
    assert_eq!(err.code(), "ERR_INVALID_PACKAGE_CONFIG");
    assert!(err.to_string().contains("bad/package.json"), "{err}");
    // Cached: a file changed afterwards is not read again.
    std::fs::write(dir.path().join("plain/package.json"), r#"{"type":"module"}"#).expect("rewrite");
    let again = cache.read(&dir.path().join("plain/package.json")).expect("valid").expect("exists");
    assert_eq!(again.kind, PackageType::None);
}

// ---------------------------------------------------------------------------
// require() resolution
// ---------------------------------------------------------------------------

fn require_in(root: &Path, from: &str, request: &str, conditions: &[&str]) -> Result<Option<PathBuf>, String> {
    let base_dir = root.join(from);
    // As Module._resolveLookupPaths gives them: none for a relative
    // request (it starts from base_dir), node_modules folders otherwise.
    let relative = request.starts_with("./") || request.starts_with("../");
    let lookup_paths = if relative { Vec::new() } else { node_module_paths(&base_dir) };
    let extensions = strings(&[".js", ".json", ".node"]);
    let conditions = strings(conditions);
    let cx = RequireContext {
        base_dir: &base_dir,
        lookup_paths: &lookup_paths,
        extensions: &extensions,
        conditions: &conditions,
        preserve_symlinks: false,
        parent: None,
        invalid_main: None,
    };
    resolve_require(&PackageJsonCache::default(), request, &cx).map_err(|e| format!("{} {e}", e.code()))
}

#[test]
fn require_resolves_files_folders_and_packages() {
    let dir = tree(&[
        ("app/a.js", ""),
        ("app/data.json", "{}"),
        ("app/dir/index.js", ""),
        ("app/withmain/package.json", r#"{"main":"lib/entry"}"#),
        ("app/withmain/lib/entry.js", ""),
        ("node_modules/up/index.js", ""),
        ("app/node_modules/@scope/pkg/package.json", r#"{"main":"main.js"}"#),
        ("app/node_modules/@scope/pkg/main.js", ""),
    ]);
    let root = real(&dir);
    let found = |request: &str| require_in(&root, "app", request, &["node", "require"]);
    assert_eq!(found("./a").expect("ok"), Some(root.join("app/a.js")));
    assert_eq!(found("./data").expect("ok"), Some(root.join("app/data.json")));
    assert_eq!(found("./dir").expect("ok"), Some(root.join("app/dir/index.js")));
    assert_eq!(found("./withmain").expect("ok"), Some(root.join("app/withmain/lib/entry.js")));
    assert_eq!(found("up").expect("ok"), Some(root.join("node_modules/up/index.js")));
    assert_eq!(found("@scope/pkg").expect("ok"), Some(root.join("app/node_modules/@scope/pkg/main.js")));
    assert_eq!(found("./missing").expect("ok"), None);
    assert_eq!(found("nopkg").expect("ok"), None);
}

#[test]
fn require_follows_exports_conditions_and_refuses_unexported_paths() {
    let dir = tree(&[
        (
            "node_modules/pkg/package.json",
            r#"{"name":"pkg","exports":{".":{"import":"./esm.mjs","require":"./cjs.js"},"./feat/*":"./features/*.js","./package.json":"./package.json"}}"#,
        ),
        ("node_modules/pkg/cjs.js", ""),
        ("node_modules/pkg/esm.mjs", ""),
        ("node_modules/pkg/features/a.js", ""),
        ("node_modules/pkg/lib/hidden.js", ""),
    ]);
    let root = real(&dir);
    assert_eq!(
        require_in(&root, "", "pkg", &["node", "require"]).expect("ok"),
        Some(root.join("node_modules/pkg/cjs.js"))
    );
    assert_eq!(
        require_in(&root, "", "pkg/feat/a", &["node", "require"]).expect("ok"),
        Some(root.join("node_modules/pkg/features/a.js"))
    );
    let err = require_in(&root, "", "pkg/lib/hidden.js", &["node", "require"]).expect_err("not exported");
    assert!(
        err.starts_with(
            "ERR_PACKAGE_PATH_NOT_EXPORTED Package subpath './lib/hidden.js' is not defined by \"exports\""
        ),
        "{err}"
    );
}

#[test]
fn require_resolves_imports_and_self_references() {
    let dir = tree(&[
        (
            "package.json",
            r##"{"name":"me","exports":{".":"./main.js"},"imports":{"#util":"./src/util.js","#dep":"dep"}}"##,
        ),
        ("main.js", ""),
        ("src/util.js", ""),
        ("node_modules/dep/index.js", ""),
    ]);
    let root = real(&dir);
    let found = |request: &str| require_in(&root, "src", request, &["node", "require"]);
    assert_eq!(found("#util").expect("ok"), Some(root.join("src/util.js")));
    assert_eq!(found("#dep").expect("ok"), Some(root.join("node_modules/dep/index.js")));
    assert_eq!(found("me").expect("ok"), Some(root.join("main.js")));
    let err = found("#nope").expect_err("not defined");
    assert!(
        err.starts_with("ERR_PACKAGE_IMPORT_NOT_DEFINED Package import specifier \"#nope\" is not defined"),
        "{err}"
    );
}

#[test]
fn module_paths_and_package_names_split_as_node_does() {
    assert_eq!(
        node_module_paths(Path::new("/a/node_modules/b/c")),
        vec![
            PathBuf::from("/a/node_modules/b/c/node_modules"),
            PathBuf::from("/a/node_modules/b/node_modules"),
            PathBuf::from("/a/node_modules"),
            PathBuf::from("/node_modules"),
        ]
    );
    assert_eq!(split_package_name("pkg/sub/x"), Some(("pkg", "/sub/x")));
    assert_eq!(split_package_name("@s/pkg"), Some(("@s/pkg", "")));
    assert_eq!(split_package_name("@s"), None);
}

// ---------------------------------------------------------------------------
// ES module resolution and file URLs
// ---------------------------------------------------------------------------

fn import_in(root: &Path, parent: &str, specifier: &str) -> Result<String, String> {
    let packages = PackageJsonCache::default();
    let conditions = strings(&["node", "import"]);
    let is_builtin = |s: &str| matches!(s, "fs" | "node:fs" | "node:test");
    let cx =
        EsmContext { packages: &packages, conditions: &conditions, preserve_symlinks: false, is_builtin: &is_builtin };
    let parent = path_to_file_url(&root.join(parent));
    esm::resolve(&cx, specifier, &parent).map_err(|e| format!("{} {:?}", e.code, e.args))
}

#[test]
fn import_resolves_urls_packages_and_builtins() {
    let dir = tree(&[
        ("app/main.mjs", ""),
        ("app/b c.mjs", ""),
        ("node_modules/pkg/package.json", r#"{"exports":{"import":"./esm.mjs","require":"./cjs.js"}}"#),
        ("node_modules/pkg/esm.mjs", ""),
        ("node_modules/pkg/cjs.js", ""),
    ]);
    let root = real(&dir);
    let url = |p: &str| path_to_file_url(&root.join(p));
    assert_eq!(import_in(&root, "app/main.mjs", "./b%20c.mjs").expect("ok"), url("app/b c.mjs"));
    assert_eq!(import_in(&root, "app/main.mjs", "pkg").expect("ok"), url("node_modules/pkg/esm.mjs"));
    assert_eq!(import_in(&root, "app/main.mjs", "fs").expect("ok"), "node:fs");
    assert_eq!(import_in(&root, "app/main.mjs", "node:test").expect("ok"), "node:test");
    let err = import_in(&root, "app/main.mjs", "./missing.mjs").expect_err("not found");
    assert!(err.starts_with("ERR_MODULE_NOT_FOUND"), "{err}");
    let err = import_in(&root, "app/main.mjs", "./a%2fb.mjs").expect_err("encoded slash");
    assert!(err.starts_with("ERR_INVALID_MODULE_SPECIFIER"), "{err}");
    let err = import_in(&root, "app/main.mjs", "nopkg").expect_err("no package");
    assert!(err.starts_with("ERR_MODULE_NOT_FOUND"), "{err}");
}

#[test]
fn formats_follow_extensions_and_package_type() {
    let dir = tree(&[
        ("m/package.json", r#"{"type":"module"}"#),
        ("m/a.js", ""),
        ("c/package.json", r#"{"type":"commonjs"}"#),
        ("c/a.js", ""),
        ("n/a.js", ""),
        ("n/b.cjs", ""),
        ("n/c.json", "{}"),
        ("n/d.mjs", ""),
    ]);
    let root = real(&dir);
    let packages = PackageJsonCache::default();
    let format = |p: &str| esm::format_of(&packages, &path_to_file_url(&root.join(p))).map_err(|e| e.code);
    assert_eq!(format("m/a.js"), Ok(Format::Module));
    assert_eq!(format("c/a.js"), Ok(Format::CommonJs));
    assert_eq!(format("n/a.js"), Ok(Format::Detect));
    assert_eq!(format("n/b.cjs"), Ok(Format::CommonJs));
    assert_eq!(format("n/c.json"), Ok(Format::Json));
    assert_eq!(format("n/d.mjs"), Ok(Format::Module));
    assert_eq!(esm::format_of(&packages, "node:fs"), Ok(Format::Builtin));
}

#[test]
fn file_urls_round_trip_with_nodes_escapes() {
    // Node 24: pathToFileURL('/a b/%/#/?/é').href
    assert_eq!(path_to_file_url(Path::new("/a b/%/#/?/é")), "file:///a%20b/%25/%23/%3F/%C3%A9");
    let url = Url::parse("file:///a%20b/%25/%23/%3F/%C3%A9").expect("a file URL");
    assert_eq!(file_url_to_path(&url).expect("a path"), PathBuf::from("/a b/%/#/?/é"));
    let slash = Url::parse("file:///a%2Fb").expect("a file URL");
    assert!(file_url_to_path(&slash).is_err(), "an encoded / is refused");
    let host = Url::parse("file://host/x").expect("a file URL");
    assert!(file_url_to_path(&host).is_err(), "a host is refused on POSIX");
    assert!(Url::parse("not a url").is_err());
}
