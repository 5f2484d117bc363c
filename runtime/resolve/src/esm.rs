//! Node's ES module resolution (`ESM_RESOLVE` of the "Modules: ECMAScript
//! modules" docs) and the format of what a URL names (`ESM_FILE_FORMAT`).
//!
//! Specifiers resolve to URLs: relative and absolute specifiers are URL
//! references against the importer's URL (extensions are mandatory and
//! directories are not searched), `#imports` go through the package
//! scope's `imports`, bare specifiers through `node_modules` with
//! `exports` conditions (`node`, `import`, `-C` ones), and `node:` names
//! stay as they are. A `file:` result must name an existing file and is
//! replaced by its real path.
//!
//! The `exports`/`imports` matching itself is shared with `require`
//! (`resolve.rs`); errors carry Node's ESM codes and the arguments of
//! their messages, which the JS side turns into Node's error objects.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::ResolveError;
use crate::cjs::{self as resolve, ImportTarget, RequireContext};
use crate::file_url::{FileUrlError, Url, file_url_to_path, path_to_file_url};
use crate::package_json::{PackageJson, PackageJsonCache, PackageType};

/// An ES module resolution or load error: Node's code, the arguments its
/// message function in `internal/errors` takes, and (for "not found"
/// errors) the CommonJS hint Node appends.
#[derive(Debug, Clone, PartialEq)]
pub struct EsmError {
    /// `ERR_MODULE_NOT_FOUND`, …
    pub code: &'static str,
    /// Constructor arguments of `codes[code]`.
    pub args: Vec<Value>,
    /// `Did you mean to import "…"?`
    pub hint: Option<String>,
}

impl EsmError {
    fn new(code: &'static str, args: Vec<Value>) -> EsmError {
        EsmError { code, args, hint: None }
    }
}

/// How a module's source is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An ES module.
    Module,
    /// A CommonJS module.
    CommonJs,
    /// A JSON module (needs `with { type: 'json' }`).
    Json,
    /// A `node:` core module.
    Builtin,
    /// A `.js` or extensionless file without a package `"type"`: ES module
    /// if its source has module syntax, else CommonJS (Node 20's module
    /// syntax detection, which the loader does on the source).
    Detect,
}

impl Format {
    /// Node's name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Module => "module",
            Format::CommonJs => "commonjs",
            Format::Json => "json",
            Format::Builtin => "builtin",
            Format::Detect => "detect",
        }
    }
}

/// What resolution needs besides the specifier.
pub struct EsmContext<'a> {
    /// The `package.json` cache shared with `require`.
    pub packages: &'a PackageJsonCache,
    /// `node`, `import` and the `-C` conditions.
    pub conditions: &'a [String],
    /// `--preserve-symlinks`: keep symlinked paths.
    pub preserve_symlinks: bool,
    /// Whether a specifier (`fs`, `node:fs`) names a core module.
    pub is_builtin: &'a dyn Fn(&str) -> bool,
}

/// `process.platform` for this system, as Node names it.
pub fn platform_name() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    }
}

fn is_relative(specifier: &str) -> bool {
    specifier == "." || specifier == ".." || specifier.starts_with("./") || specifier.starts_with("../")
}

fn is_relative_or_absolute(specifier: &str) -> bool {
    specifier.starts_with('/') || is_relative(specifier)
}

/// The path Node names in messages for an importer: its file path, or the
/// URL itself when it has none.
fn base_path(base: &Url) -> String {
    match file_url_to_path(base) {
        Ok(p) => p.to_string_lossy().into_owned(),
        Err(_) => base.as_str().to_owned(),
    }
}

/// `defaultResolve(specifier, { parentURL })`: the URL `specifier` names.
pub fn resolve(cx: &EsmContext, specifier: &str, parent: &str) -> Result<String, EsmError> {
    let parent_url = Url::parse(parent).map_err(|_| EsmError::new("ERR_INVALID_URL", vec![json!(parent)]))?;
    // data: URLs and node: names are taken as written.
    let parsed =
        if is_relative_or_absolute(specifier) { parent_url.join(specifier).ok() } else { Url::parse(specifier).ok() };
    if let Some(parsed) = &parsed {
        if parsed.scheme() == "data" {
            return Ok(parsed.as_str().to_owned());
        }
        if parsed.scheme() == "node" {
            return Ok(specifier.to_owned());
        }
    }
    match module_resolve(cx, specifier, &parent_url) {
        Ok(url) => Ok(url.into()),
        Err(mut err) if err.code == "ERR_MODULE_NOT_FOUND" || err.code == "ERR_UNSUPPORTED_DIR_IMPORT" => {
            let as_path = match Url::parse(specifier) {
                Ok(u) if u.scheme() == "file" => file_url_to_path(&u).map(|p| p.to_string_lossy().into_owned()).ok(),
                _ => None,
            };
            let specifier = as_path.as_deref().unwrap_or(specifier);
            err.hint = commonjs_hint(cx, specifier, &parent_url)
                .map(|found| format!("Did you mean to import {}?", serde_json::to_string(&found).unwrap_or(found)));
            Err(err)
        }
        Err(err) => Err(err),
    }
}

fn module_resolve(cx: &EsmContext, specifier: &str, base: &Url) -> Result<Url, EsmError> {
    let resolved = if is_relative_or_absolute(specifier) {
        base.join(specifier).map_err(|_| {
            EsmError::new("ERR_UNSUPPORTED_RESOLVE_REQUEST", vec![json!(specifier), json!(base.as_str())])
        })?
    } else if base.scheme() == "file" && specifier.starts_with('#') {
        package_imports_resolve(cx, specifier, base)?
    } else {
        match Url::parse(specifier) {
            Ok(url) => url,
            Err(_) => {
                if matches!(base.scheme(), "data" | "http" | "https") && !(cx.is_builtin)(specifier) {
                    return Err(EsmError::new(
                        "ERR_UNSUPPORTED_RESOLVE_REQUEST",
                        vec![json!(specifier), json!(base.as_str())],
                    ));
                }
                package_resolve(cx, specifier, base)?
            }
        }
    };
    if resolved.scheme() != "file" {
        return Ok(resolved);
    }
    finalize_resolution(cx, resolved, base)
}

/// A `file:` URL must name a file; it becomes the file's real path.
fn finalize_resolution(cx: &EsmContext, resolved: Url, base: &Url) -> Result<Url, EsmError> {
    let pathname = resolved.path();
    let lower = pathname.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(EsmError::new(
            "ERR_INVALID_MODULE_SPECIFIER",
            vec![json!(pathname), json!("must not include encoded \"/\" or \"\\\" characters"), json!(base_path(base))],
        ));
    }
    let path = file_url_to_path(&resolved).map_err(|e| file_url_error(&e))?;
    let text = path.to_string_lossy().into_owned();
    let stat_path = if text.len() > 1 { text.trim_end_matches('/') } else { &text };
    match std::fs::metadata(stat_path) {
        Ok(meta) if meta.is_dir() => {
            return Err(EsmError::new(
                "ERR_UNSUPPORTED_DIR_IMPORT",
                vec![json!(text), json!(base_path(base)), json!(resolved.as_str())],
            ));
        }
        Ok(_) => {}
        Err(_) => {
            return Err(EsmError::new(
                "ERR_MODULE_NOT_FOUND",
                vec![json!(text), json!(base_path(base)), json!(resolved.as_str())],
            ));
        }
    }
    if cx.preserve_symlinks {
        return Ok(resolved);
    }
    let real = std::fs::canonicalize(&path).unwrap_or(path);
    let mut href = path_to_file_url(&real);
    if let Some(query) = resolved.query() {
        href.push('?');
        href.push_str(query);
    }
    if let Some(fragment) = resolved.fragment() {
        href.push('#');
        href.push_str(fragment);
    }
    Url::parse(&href).map_err(|_| EsmError::new("ERR_INVALID_URL", vec![json!(href)]))
}

/// Errors of `fileURLToPath`, as Node's loader throws them.
pub fn file_url_error(err: &FileUrlError) -> EsmError {
    match err {
        FileUrlError::NotFile => EsmError::new("ERR_INVALID_URL_SCHEME", vec![json!("file")]),
        FileUrlError::Host => EsmError::new("ERR_INVALID_FILE_URL_HOST", vec![json!(platform_name())]),
        FileUrlError::EncodedSlash => {
            EsmError::new("ERR_INVALID_FILE_URL_PATH", vec![json!("must not include encoded / characters")])
        }
        FileUrlError::Malformed => EsmError::new("ERR_INVALID_URI", vec![]),
    }
}

fn package_dir_arg(pkg_json: &Path) -> Value {
    let dir = pkg_json.parent().unwrap_or(Path::new("/")).to_string_lossy().into_owned();
    json!(if dir.ends_with('/') { dir } else { format!("{dir}/") })
}

/// The shared `exports`/`imports` errors with the ESM loader's arguments.
fn from_package_error(err: ResolveError, base: &Url) -> EsmError {
    let base_path = base_path(base);
    match err {
        ResolveError::PathNotExported { package_json, subpath, .. } => EsmError::new(
            "ERR_PACKAGE_PATH_NOT_EXPORTED",
            vec![package_dir_arg(&package_json), json!(subpath), json!(base_path)],
        ),
        ResolveError::ImportNotDefined { specifier, package_json, .. } => EsmError::new(
            "ERR_PACKAGE_IMPORT_NOT_DEFINED",
            vec![json!(specifier), package_json.as_deref().map_or(Value::Null, package_dir_arg), json!(base_path)],
        ),
        ResolveError::InvalidPackageTarget { package_json, key, target, is_imports } => EsmError::new(
            "ERR_INVALID_PACKAGE_TARGET",
            vec![package_dir_arg(&package_json), json!(key), json!(target), json!(is_imports), json!(base_path)],
        ),
        ResolveError::InvalidModuleSpecifier { request, reason, .. } => {
            EsmError::new("ERR_INVALID_MODULE_SPECIFIER", vec![json!(request), json!(reason), json!(base_path)])
        }
        ResolveError::InvalidPackageConfig { path, reason } => {
            // A file that is not JSON gets V8's `JSON.parse` message (the JS
            // side parses it again), as Node's does.
            let parses = std::fs::read(&path).is_ok_and(|b| serde_json::from_slice::<Value>(&b).is_ok());
            let reason = if parses { json!(reason) } else { Value::Null };
            EsmError::new("ERR_INVALID_PACKAGE_CONFIG", vec![json!(path.to_string_lossy()), json!(base_path), reason])
        }
        ResolveError::TargetNotFound { path } | ResolveError::BadMain { main_path: path, .. } => EsmError::new(
            "ERR_MODULE_NOT_FOUND",
            vec![json!(path.to_string_lossy()), json!(base_path), json!(path_to_file_url(&path))],
        ),
    }
}

fn package_error(base: &Url) -> impl Fn(ResolveError) -> EsmError + '_ {
    move |e| from_package_error(e, base)
}

/// The folder of the importer (for package scope and `node_modules` walks).
fn base_dir(base: &Url) -> PathBuf {
    let path = file_url_to_path(base).unwrap_or_else(|_| PathBuf::from("/"));
    if base.path().ends_with('/') { path } else { path.parent().map_or_else(|| PathBuf::from("/"), Path::to_owned) }
}

fn to_url(path: &Path) -> Url {
    Url::parse(&path_to_file_url(path)).expect("a file URL made from a path parses")
}

/// PACKAGE_IMPORTS_RESOLVE.
fn package_imports_resolve(cx: &EsmContext, name: &str, base: &Url) -> Result<Url, EsmError> {
    if name == "#" || name.starts_with("#/") || name.ends_with('/') {
        return Err(EsmError::new(
            "ERR_INVALID_MODULE_SPECIFIER",
            vec![json!(name), json!("is not a valid internal imports specifier name"), json!(base_path(base))],
        ));
    }
    let scope = cx.packages.scope_of(&base_dir(base)).map_err(package_error(base))?;
    let Some(scope) = scope else {
        return Err(EsmError::new(
            "ERR_PACKAGE_IMPORT_NOT_DEFINED",
            vec![json!(name), Value::Null, json!(base_path(base))],
        ));
    };
    let base_file = file_url_to_path(base).unwrap_or_default();
    match resolve::package_imports_resolve(name, &scope, cx.conditions, &base_file).map_err(package_error(base))? {
        ImportTarget::Path(path) => Ok(to_url(&path)),
        ImportTarget::Package(bare) => {
            if Url::parse(&bare).is_ok() {
                return Err(from_package_error(
                    ResolveError::InvalidPackageTarget {
                        package_json: scope.path.clone(),
                        key: name.to_owned(),
                        target: bare,
                        is_imports: true,
                    },
                    base,
                ));
            }
            package_resolve(cx, &bare, &to_url(&scope.path))
        }
    }
}

/// `parsePackageName`: (name, `"."` or `"./sub"`).
fn parse_package_name<'s>(specifier: &'s str, base: &Url) -> Result<(&'s str, String), EsmError> {
    let mut separator = specifier.find('/');
    let mut valid = true;
    if specifier.starts_with('@') {
        match separator {
            None => valid = false,
            Some(first) => separator = specifier[first + 1..].find('/').map(|i| first + 1 + i),
        }
    }
    let name = match separator {
        Some(i) => &specifier[..i],
        None => specifier,
    };
    if name.starts_with('.') || name.contains('%') || name.contains('\\') {
        valid = false;
    }
    if !valid {
        return Err(EsmError::new(
            "ERR_INVALID_MODULE_SPECIFIER",
            vec![json!(specifier), json!("is not a valid package name"), json!(base_path(base))],
        ));
    }
    let subpath = match separator {
        Some(i) => format!(".{}", &specifier[i..]),
        None => ".".to_owned(),
    };
    Ok((name, subpath))
}

/// PACKAGE_RESOLVE: builtins, self-reference, then `node_modules` up the tree.
fn package_resolve(cx: &EsmContext, specifier: &str, base: &Url) -> Result<Url, EsmError> {
    if (cx.is_builtin)(specifier) {
        return Url::parse(&format!("node:{specifier}"))
            .map_err(|_| EsmError::new("ERR_INVALID_URL", vec![json!(specifier)]));
    }
    let (name, subpath) = parse_package_name(specifier, base)?;
    let dir = base_dir(base);
    if let Some(scope) = cx.packages.scope_of(&dir).map_err(package_error(base))? {
        if let (Some(exports), Some(own_name)) = (&scope.exports, &scope.name) {
            if own_name == name {
                return exports_resolve(cx, &scope, &subpath, exports, base);
            }
        }
    }
    let mut current = Some(dir.as_path());
    while let Some(d) = current {
        // Node builds these paths by concatenation (`node_modules/` + name).
        let package_dir = format!("{}/node_modules/{}", d.to_string_lossy().trim_end_matches('/'), name);
        if Path::new(&package_dir).is_dir() {
            let pkg_json = PathBuf::from(format!("{package_dir}/package.json"));
            let pkg = cx.packages.read(&pkg_json).map_err(|e| {
                let mut err = from_package_error(e, base);
                if err.code == "ERR_INVALID_PACKAGE_CONFIG" {
                    // Node names the import: `while importing "pkg" from /base`.
                    err.args[1] = json!(format!("\"{specifier}\" from {}", base_path(base)));
                }
                err
            })?;
            if let Some(pkg) = &pkg {
                if let Some(exports) = &pkg.exports {
                    return exports_resolve(cx, pkg, &subpath, exports, base);
                }
            }
            if subpath == "." {
                return legacy_main_resolve(&package_dir, pkg.as_deref(), base);
            }
            return to_url(&pkg_json).join(&subpath).map_err(|_| {
                EsmError::new(
                    "ERR_INVALID_MODULE_SPECIFIER",
                    vec![json!(specifier), json!("is not a valid package name"), json!(base_path(base))],
                )
            });
        }
        current = d.parent();
    }
    Err(EsmError::new("ERR_MODULE_NOT_FOUND", vec![json!(name), json!(base_path(base)), Value::Null]))
}

fn exports_resolve(
    cx: &EsmContext,
    pkg: &PackageJson,
    subpath: &str,
    exports: &crate::package_json::Json,
    base: &Url,
) -> Result<Url, EsmError> {
    let path = resolve::package_exports_resolve(pkg, subpath, exports, cx.conditions).map_err(package_error(base))?;
    let mut href = path_to_file_url(&path);
    // A target or subpath ending in `/` names a folder, which finalize rejects.
    if subpath.ends_with('/') && !href.ends_with('/') {
        href.push('/');
    }
    Url::parse(&href).map_err(|_| EsmError::new("ERR_INVALID_URL", vec![json!(href)]))
}

/// `legacyMainResolve`: `main` with the CommonJS extensions and index
/// files, for packages without `exports`.
fn legacy_main_resolve(package_dir: &str, pkg: Option<&PackageJson>, base: &Url) -> Result<Url, EsmError> {
    let main = pkg.and_then(|p| p.main.as_deref());
    let mut candidates = Vec::new();
    if let Some(main) = main.filter(|m| !m.is_empty()) {
        let main_path = format!("{package_dir}/{main}");
        for suffix in ["", ".js", ".json", ".node", "/index.js", "/index.json", "/index.node"] {
            candidates.push(format!("{main_path}{suffix}"));
        }
    }
    for index in ["index.js", "index.json", "index.node"] {
        candidates.push(format!("{package_dir}/{index}"));
    }
    for candidate in &candidates {
        let path = resolve::normalize(Path::new(candidate));
        if path.is_file() {
            return Ok(to_url(&path));
        }
    }
    // Node names the file `main` points to (the package folder for an
    // empty `main`), else `index.js`.
    let initial = match main {
        Some("") => format!("{package_dir}/"),
        Some(main) => resolve::normalize(Path::new(&format!("{package_dir}/{main}"))).to_string_lossy().into_owned(),
        None => format!("{package_dir}/index.js"),
    };
    Err(EsmError::new("ERR_MODULE_NOT_FOUND", vec![json!(initial), json!(base_path(base)), Value::Null]))
}

/// `resolveAsCommonJS`: what `require` would have found, written the way
/// the user could import it, for Node's "Did you mean to import …?".
fn commonjs_hint(cx: &EsmContext, specifier: &str, parent: &Url) -> Option<String> {
    let parent_path = file_url_to_path(parent).ok()?;
    let cwd = std::env::current_dir().ok()?;
    let extensions = [".js".to_owned(), ".json".to_owned(), ".node".to_owned()];
    let mut conditions = vec!["node".to_owned(), "require".to_owned()];
    conditions.extend(cx.conditions.iter().filter(|c| *c != "node" && *c != "import").cloned());
    // Node resolves with a stand-in parent that has no filename, so
    // relative requests start from the working directory.
    let relative_bases = [cwd.clone()];
    let module_paths = resolve::node_module_paths(&parent_path);
    let lookup: &[PathBuf] = if is_relative(specifier) { &relative_bases } else { &module_paths };
    let rcx = RequireContext {
        base_dir: &cwd,
        lookup_paths: lookup,
        extensions: &extensions,
        conditions: &conditions,
        preserve_symlinks: cx.preserve_symlinks,
        parent: None,
        invalid_main: None,
    };
    let found = resolve::resolve_require(cx.packages, specifier, &rcx).ok()??;
    let found_text = found.to_string_lossy().into_owned();
    let suggestion = if is_relative(specifier) {
        let parent_href = parent.as_str();
        let from = &parent_href["file://".len()..parent_href.rfind('/')?];
        let to_href = path_to_file_url(&found);
        let to = &to_href["file://".len()..];
        let relative = relative_posix(from, to);
        if relative.starts_with("../") { relative } else { format!("./{relative}") }
    } else if !specifier.is_empty() && !specifier.starts_with('/') && !specifier.starts_with('.') {
        let pkg = specifier.split('/').next().unwrap_or(specifier);
        let needle = format!("/node_modules/{pkg}/");
        match found_text.rfind(&needle) {
            Some(i) => {
                let rest: Vec<String> = found_text[i + needle.len()..].split('/').map(encode_uri_component).collect();
                format!("{pkg}/{}", rest.join("/"))
            }
            None => path_to_file_url(&found),
        }
    } else {
        found_text
    };
    (suggestion != specifier).then_some(suggestion)
}

/// `path.posix.relative(from, to)` for absolute, normalized paths.
fn relative_posix(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// JavaScript's `encodeURIComponent`.
fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The format of the module at `url` (`defaultGetFormat` with the
/// extension table of Node 20; [`Format::Detect`] where the source decides).
pub fn format_of(packages: &PackageJsonCache, url: &str) -> Result<Format, EsmError> {
    let parsed = Url::parse(url).map_err(|_| EsmError::new("ERR_INVALID_URL", vec![json!(url)]))?;
    match parsed.scheme() {
        "node" => Ok(Format::Builtin),
        "data" => data_url_format(&parsed),
        "file" => {
            let ext = extname(parsed.path());
            let package_type = || -> Result<PackageType, EsmError> {
                let dir = base_dir(&parsed);
                Ok(match packages.scope_of(&dir).map_err(package_error(&parsed))? {
                    Some(pkg) => pkg.kind,
                    None => PackageType::None,
                })
            };
            match ext {
                ".mjs" => Ok(Format::Module),
                ".cjs" => Ok(Format::CommonJs),
                ".json" => Ok(Format::Json),
                ".js" | "" => Ok(match package_type()? {
                    PackageType::Module => Format::Module,
                    PackageType::CommonJs => Format::CommonJs,
                    PackageType::None => Format::Detect,
                }),
                other => {
                    let path = file_url_to_path(&parsed).map_err(|e| file_url_error(&e))?;
                    Err(EsmError::new("ERR_UNKNOWN_FILE_EXTENSION", vec![json!(other), json!(path.to_string_lossy())]))
                }
            }
        }
        _ => Err(unsupported_scheme(&parsed)),
    }
}

/// `ERR_UNSUPPORTED_ESM_URL_SCHEME` for a URL the loader cannot load.
/// Node 24 lets `http:`/`https:` pass resolution and refuses them when
/// loading, naming the schemes it loads (`file`, `data`); other schemes
/// are refused while resolving, naming `node` too.
pub fn unsupported_scheme(url: &Url) -> EsmError {
    let schemes = if matches!(url.scheme(), "http" | "https") {
        json!(["file", "data"])
    } else {
        json!(["file", "data", "node"])
    };
    EsmError::new("ERR_UNSUPPORTED_ESM_URL_SCHEME", vec![json!({ "protocol": format!("{}:", url.scheme()) }), schemes])
}

/// The extension of a URL path as Node's `extname(url)` reads it.
fn extname(pathname: &str) -> &str {
    let bytes = pathname.as_bytes();
    let mut i = bytes.len();
    while i > 1 {
        i -= 1;
        match bytes[i] {
            b'/' => return "",
            b'.' => return if bytes[i - 1] == b'/' { "" } else { &pathname[i..] },
            _ => {}
        }
    }
    ""
}

fn data_url_format(url: &Url) -> Result<Format, EsmError> {
    let path = url.path();
    let mime = data_url_mime(path);
    let format = match mime.as_deref() {
        Some(m) if is_javascript_mime(m) => Some(Format::Module),
        Some("application/json") => Some(Format::Json),
        _ => None,
    };
    format.ok_or_else(|| {
        EsmError::new("ERR_UNKNOWN_MODULE_FORMAT", vec![mime.map_or(Value::Null, Value::String), json!(url.as_str())])
    })
}

/// The media type of a `data:` URL path (`type/subtype` before `;` or `,`).
fn data_url_mime(path: &str) -> Option<String> {
    let comma = path.find(',')?;
    let head = &path[..comma];
    let mime = head.split(';').next()?;
    let (kind, sub) = mime.split_once('/')?;
    (!kind.is_empty() && !sub.is_empty()).then(|| mime.to_owned())
}

fn is_javascript_mime(mime: &str) -> bool {
    let lower = mime.trim().to_ascii_lowercase();
    lower == "text/javascript" || lower == "application/javascript"
}
