//! Node's resolution algorithms.
//!
//! [`resolve_require`] is `require.resolve` (Node's "LOAD_AS_FILE,
//! LOAD_AS_DIRECTORY, LOAD_PACKAGE_IMPORTS, LOAD_PACKAGE_SELF,
//! LOAD_NODE_MODULES"). The package `exports`/`imports` part
//! ([`package_exports_resolve`], [`package_imports_resolve`]) and
//! [`node_module_paths`] are written once for both loaders: the ES module
//! loader calls them with its own conditions and does its own file checks.

use std::path::{Component, Path, PathBuf};

use crate::ResolveError;
use crate::package_json::{Json, PackageJson, PackageJsonCache};

/// What a `require` resolution needs besides the request.
pub struct RequireContext<'a> {
    /// The folder relative requests start from (the requiring module's).
    pub base_dir: &'a Path,
    /// Folders searched for bare requests (`module.paths`), or the bases
    /// of relative requests given through `require.resolve`'s `paths`.
    pub lookup_paths: &'a [PathBuf],
    /// File extensions tried, in order (`Object.keys(Module._extensions)`).
    pub extensions: &'a [String],
    /// Conditions for `exports`/`imports` (`node`, `require` and `-C` ones).
    pub conditions: &'a [String],
    /// `--preserve-symlinks`: keep symlinked paths.
    pub preserve_symlinks: bool,
    /// The requiring file, named in errors (the base folder otherwise).
    pub parent: Option<&'a Path>,
    /// Where to note a package whose `main` names nothing, so that the
    /// folder's `index` was used (Node's DEP0128 warning): the
    /// `package.json` and its `main`.
    pub invalid_main: Option<&'a std::cell::RefCell<Vec<(PathBuf, String)>>>,
}

impl RequireContext<'_> {
    fn importer(&self) -> PathBuf {
        self.parent.unwrap_or(self.base_dir).to_owned()
    }
}

/// `require.resolve(request)`: the absolute file, `Ok(None)` when nothing
/// matches (the caller throws `MODULE_NOT_FOUND` with the require stack).
pub fn resolve_require(
    packages: &PackageJsonCache,
    request: &str,
    cx: &RequireContext,
) -> Result<Option<PathBuf>, ResolveError> {
    let found = resolve_require_inner(packages, request, cx)?;
    Ok(found.map(|p| if cx.preserve_symlinks { p } else { std::fs::canonicalize(&p).unwrap_or(p) }))
}

fn is_relative(request: &str) -> bool {
    request == "." || request == ".." || request.starts_with("./") || request.starts_with("../")
}

fn resolve_require_inner(
    packages: &PackageJsonCache,
    request: &str,
    cx: &RequireContext,
) -> Result<Option<PathBuf>, ResolveError> {
    if request.starts_with('/') {
        return load_as_file_or_dir(packages, Path::new(request), request.ends_with('/'), cx);
    }
    if is_relative(request) {
        let trailing = request.ends_with('/') || request == "." || request == "..";
        let bases: Vec<PathBuf> =
            if cx.lookup_paths.is_empty() { vec![cx.base_dir.to_owned()] } else { cx.lookup_paths.to_vec() };
        for base in bases {
            let candidate = normalize(&base.join(request));
            if let Some(found) = load_as_file_or_dir(packages, &candidate, trailing, cx)? {
                return Ok(Some(found));
            }
        }
        return Ok(None);
    }
    // `#` requests go through the nearest package's `imports` when it has
    // some; otherwise they are looked up like package names, as in Node.
    let imports_scope = match request.starts_with('#') {
        true => packages.scope_of(cx.base_dir)?.filter(|scope| scope.imports.is_some()),
        false => None,
    };
    if let Some(scope) = imports_scope {
        return match package_imports_resolve(request, &scope, cx.conditions, &cx.importer())? {
            ImportTarget::Path(path) => exists_or_not_found(path).map(Some),
            ImportTarget::Package(bare) => {
                let cx2 = RequireContext { base_dir: scope.dir(), ..*cx };
                let paths = node_module_paths(scope.dir());
                let cx2 = RequireContext { lookup_paths: &paths, ..cx2 };
                resolve_require_inner(packages, &bare, &cx2)
            }
        };
    }
    // Self-reference: the request names the package the requirer is in.
    if let Some(found) = load_package_self(packages, request, cx)? {
        return Ok(Some(found));
    }
    let (name, subpath) = split_package_name(request).ok_or_else(|| ResolveError::InvalidModuleSpecifier {
        request: request.to_owned(),
        reason: "is not a valid package name".to_owned(),
        base: cx.importer(),
    })?;
    for dir in cx.lookup_paths {
        let package_dir = dir.join(name);
        if let Some(pkg) = packages.read(&package_dir.join("package.json"))? {
            if let Some(exports) = &pkg.exports {
                let target = package_exports_resolve(&pkg, &format!(".{subpath}"), exports, cx.conditions)?;
                return exists_or_not_found(target).map(Some);
            }
        }
        let candidate = dir.join(request);
        if let Some(found) = load_as_file_or_dir(packages, &candidate, request.ends_with('/'), cx)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// A target named by `exports`/`imports` must exist; Node reports a
/// missing one as `MODULE_NOT_FOUND` for the target path.
fn exists_or_not_found(path: PathBuf) -> Result<PathBuf, ResolveError> {
    if path.is_file() { Ok(path) } else { Err(ResolveError::TargetNotFound { path }) }
}

fn load_package_self(
    packages: &PackageJsonCache,
    request: &str,
    cx: &RequireContext,
) -> Result<Option<PathBuf>, ResolveError> {
    let Some(scope) = packages.scope_of(cx.base_dir)? else { return Ok(None) };
    let (Some(exports), Some(name)) = (&scope.exports, &scope.name) else { return Ok(None) };
    let subpath = if request == name {
        String::new()
    } else if let Some(rest) = request.strip_prefix(name.as_str()).filter(|r| r.starts_with('/')) {
        rest.to_owned()
    } else {
        return Ok(None);
    };
    let target =
        package_exports_resolve(&scope, &format!(".{subpath}"), exports, cx.conditions).map_err(|e| match e {
            // Node names the importer for a self-reference.
            ResolveError::PathNotExported { package_json, subpath, .. } => {
                ResolveError::PathNotExported { package_json, subpath, base: Some(cx.importer()) }
            }
            other => other,
        })?;
    exists_or_not_found(target).map(Some)
}

/// `"@scope/name/sub"` → (`"@scope/name"`, `"/sub"`); `None` for an
/// invalid package name.
pub fn split_package_name(request: &str) -> Option<(&str, &str)> {
    let end = if request.starts_with('@') {
        let slash = request.find('/')?;
        request[slash + 1..].find('/').map_or(request.len(), |i| slash + 1 + i)
    } else {
        request.find('/').unwrap_or(request.len())
    };
    let name = &request[..end];
    if name.is_empty() || name.starts_with('.') || name.contains('\\') || name.contains('%') {
        return None;
    }
    Some((name, &request[end..]))
}

fn load_as_file_or_dir(
    packages: &PackageJsonCache,
    path: &Path,
    dir_only: bool,
    cx: &RequireContext,
) -> Result<Option<PathBuf>, ResolveError> {
    if !dir_only {
        if let Some(found) = load_as_file(path, cx.extensions) {
            return Ok(Some(found));
        }
    }
    load_as_directory(packages, path, cx)
}

fn load_as_file(path: &Path, extensions: &[String]) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path.to_owned());
    }
    let base = path.as_os_str().to_string_lossy();
    extensions.iter().map(|ext| PathBuf::from(format!("{base}{ext}"))).find(|p| p.is_file())
}

fn load_index(dir: &Path, extensions: &[String]) -> Option<PathBuf> {
    extensions.iter().map(|ext| dir.join(format!("index{ext}"))).find(|p| p.is_file())
}

fn load_as_directory(
    packages: &PackageJsonCache,
    dir: &Path,
    cx: &RequireContext,
) -> Result<Option<PathBuf>, ResolveError> {
    if !dir.is_dir() {
        return Ok(None);
    }
    if let Some(pkg) = packages.read(&dir.join("package.json"))? {
        if let Some(main) = pkg.main.as_deref().filter(|m| !m.is_empty()) {
            let main_path = normalize(&dir.join(main));
            if let Some(found) =
                load_as_file(&main_path, cx.extensions).or_else(|| load_index(&main_path, cx.extensions))
            {
                return Ok(Some(found));
            }
            if let Some(found) = load_index(dir, cx.extensions) {
                if let Some(notes) = cx.invalid_main {
                    notes.borrow_mut().push((dir.join("package.json"), main.to_owned()));
                }
                return Ok(Some(found));
            }
            return Err(ResolveError::BadMain { dir: dir.to_owned(), main_path });
        }
    }
    Ok(load_index(dir, cx.extensions))
}

/// Lexically removes `.` and `..` (as `path.resolve` does, without
/// touching the file system).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `Module._nodeModulePaths(from)`: `node_modules` in `from` and every
/// folder above it (skipping folders that are themselves `node_modules`).
pub fn node_module_paths(from: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut current = Some(from);
    while let Some(dir) = current {
        if dir.file_name().is_some_and(|n| n != "node_modules") {
            out.push(dir.join("node_modules"));
        }
        current = dir.parent();
    }
    out.push(PathBuf::from("/node_modules"));
    out
}

// ---------------------------------------------------------------------------
// exports and imports (shared with the ES module loader)
// ---------------------------------------------------------------------------

/// Where an `imports` entry points.
pub enum ImportTarget {
    /// A file inside the package.
    Path(PathBuf),
    /// A bare specifier, resolved as a dependency of the package.
    Package(String),
}

/// PACKAGE_EXPORTS_RESOLVE: the file `subpath` (`"."` or `"./x"`) of the
/// package maps to through `exports`.
pub fn package_exports_resolve(
    pkg: &PackageJson,
    subpath: &str,
    exports: &Json,
    conditions: &[String],
) -> Result<PathBuf, ResolveError> {
    let has_dot_keys = match exports {
        Json::Object(map) => {
            let dots = map.iter().filter(|(k, _)| k.starts_with('.')).count();
            if dots != 0 && dots != map.len() {
                return Err(ResolveError::InvalidPackageConfig {
                    path: pkg.path.clone(),
                    reason: "\"exports\" cannot contain some keys starting with '.' and some not. \
                             The exports object must either be an object of package subpath keys \
                             or an object of main entry condition name keys only."
                        .to_owned(),
                });
            }
            dots != 0
        }
        _ => false,
    };
    let not_exported =
        || ResolveError::PathNotExported { package_json: pkg.path.clone(), subpath: subpath.to_owned(), base: None };
    if subpath == "." {
        let main = if has_dot_keys { exports.get(".") } else { Some(exports) };
        if let Some(target) = main {
            if let Some(PathOrPackage::Path(p)) = target_resolve(pkg, target, None, false, conditions, subpath)? {
                return Ok(p);
            }
        }
        return Err(not_exported());
    }
    if has_dot_keys {
        if let Some(Json::Object(map)) = Some(exports) {
            if let Some(PathOrPackage::Path(p)) = imports_exports_resolve(pkg, subpath, map, false, conditions)? {
                return Ok(p);
            }
        }
    }
    Err(not_exported())
}

/// PACKAGE_IMPORTS_RESOLVE for `#specifier` in the package `scope`.
pub fn package_imports_resolve(
    specifier: &str,
    scope: &PackageJson,
    conditions: &[String],
    base: &Path,
) -> Result<ImportTarget, ResolveError> {
    if specifier == "#" || specifier.starts_with("#/") {
        return Err(ResolveError::InvalidModuleSpecifier {
            request: specifier.to_owned(),
            reason: "is not a valid internal imports specifier name".to_owned(),
            base: base.to_owned(),
        });
    }
    if let Some(Json::Object(map)) = &scope.imports {
        match imports_exports_resolve(scope, specifier, map, true, conditions)? {
            Some(PathOrPackage::Path(p)) => return Ok(ImportTarget::Path(p)),
            Some(PathOrPackage::Package(s)) => return Ok(ImportTarget::Package(s)),
            None => {}
        }
    }
    Err(ResolveError::ImportNotDefined {
        specifier: specifier.to_owned(),
        package_json: Some(scope.path.clone()),
        base: base.to_owned(),
    })
}

enum PathOrPackage {
    Path(PathBuf),
    Package(String),
}

/// PACKAGE_IMPORTS_EXPORTS_RESOLVE: exact keys, then `*` patterns from the
/// most specific.
fn imports_exports_resolve(
    pkg: &PackageJson,
    key: &str,
    map: &[(String, Json)],
    is_imports: bool,
    conditions: &[String],
) -> Result<Option<PathOrPackage>, ResolveError> {
    if !key.contains('*') {
        if let Some((_, target)) = map.iter().find(|(k, _)| k == key) {
            return target_resolve(pkg, target, None, is_imports, conditions, key);
        }
    }
    let mut patterns: Vec<&String> = map.iter().map(|(k, _)| k).filter(|k| k.matches('*').count() == 1).collect();
    patterns.sort_by(|a, b| pattern_key_compare(a, b));
    for pattern in patterns {
        let star = pattern.find('*').expect("pattern has a star");
        let (base, trailer) = (&pattern[..star], &pattern[star + 1..]);
        if key.starts_with(base)
            && key != base
            && (trailer.is_empty() || (key.ends_with(trailer) && key.len() >= pattern.len()))
        {
            let matched = &key[base.len()..key.len() - trailer.len()];
            let target = map.iter().find(|(k, _)| k == pattern).map(|(_, v)| v).expect("pattern is a key");
            return target_resolve(pkg, target, Some(matched), is_imports, conditions, key);
        }
    }
    Ok(None)
}

/// PATTERN_KEY_COMPARE: longer prefix before the `*` first, then longer key.
fn pattern_key_compare(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let base_a = a.find('*').map_or(a.len(), |i| i + 1);
    let base_b = b.find('*').map_or(b.len(), |i| i + 1);
    if base_a > base_b {
        return Ordering::Less;
    }
    if base_b > base_a {
        return Ordering::Greater;
    }
    b.len().cmp(&a.len())
}

/// PACKAGE_TARGET_RESOLVE. `Ok(None)` means "no condition matched" (or an
/// explicit `null`), which callers report as not exported / not defined.
fn target_resolve(
    pkg: &PackageJson,
    target: &Json,
    pattern: Option<&str>,
    is_imports: bool,
    conditions: &[String],
    key: &str,
) -> Result<Option<PathOrPackage>, ResolveError> {
    match target {
        Json::String(t) => {
            let invalid = || ResolveError::InvalidPackageTarget {
                package_json: pkg.path.clone(),
                key: key.to_owned(),
                target: t.clone(),
                is_imports,
            };
            if !t.starts_with("./") {
                if is_imports && !t.starts_with("../") && !t.starts_with('/') && !t.contains("://") {
                    let bare = match pattern {
                        Some(m) => t.replace('*', m),
                        None => t.clone(),
                    };
                    return Ok(Some(PathOrPackage::Package(bare)));
                }
                return Err(invalid());
            }
            if has_invalid_segment(&t[2..]) {
                return Err(invalid());
            }
            let resolved = match pattern {
                Some(m) => {
                    if has_invalid_segment(m) {
                        return Err(ResolveError::InvalidModuleSpecifier {
                            request: key.to_owned(),
                            reason: format!(
                                "request is not a valid match in pattern \"{key}\" for the \"{}\" resolution of {}",
                                if is_imports { "imports" } else { "exports" },
                                pkg.path.display()
                            ),
                            base: pkg.dir().to_owned(),
                        });
                    }
                    t.replace('*', m)
                }
                None => t.clone(),
            };
            Ok(Some(PathOrPackage::Path(normalize(&pkg.dir().join(&resolved)))))
        }
        Json::Array(items) => {
            let mut last_error = None;
            for item in items {
                match target_resolve(pkg, item, pattern, is_imports, conditions, key) {
                    Ok(Some(found)) => return Ok(Some(found)),
                    Ok(None) => {}
                    Err(e @ ResolveError::InvalidPackageTarget { .. }) => last_error = Some(e),
                    Err(e) => return Err(e),
                }
            }
            match last_error {
                Some(e) => Err(e),
                None => Ok(None),
            }
        }
        Json::Object(map) => {
            for (condition, value) in map {
                if condition == "default" || conditions.iter().any(|c| c == condition) {
                    if let Some(found) = target_resolve(pkg, value, pattern, is_imports, conditions, key)? {
                        return Ok(Some(found));
                    }
                }
            }
            Ok(None)
        }
        Json::Null => Ok(None),
        other => Err(ResolveError::InvalidPackageTarget {
            package_json: pkg.path.clone(),
            key: key.to_owned(),
            target: other.to_string(),
            is_imports,
        }),
    }
}

/// A target segment that is empty, `.`, `..` or `node_modules` (any case,
/// also percent-encoded) makes the target invalid.
fn has_invalid_segment(path: &str) -> bool {
    path.split(['/', '\\']).any(|seg| {
        let lower = seg.to_ascii_lowercase().replace("%2e", ".");
        lower == "." || lower == ".." || lower == "node_modules"
    })
}
