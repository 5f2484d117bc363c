//! Reading `package.json` files, once each: the one place the loaders get
//! `name`, `main`, `type`, `exports` and `imports` from.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::Value;

use super::ResolveError;

/// `"type"` of a package scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PackageType {
    /// `"type": "commonjs"`.
    CommonJs,
    /// `"type": "module"`.
    Module,
    /// No `"type"` field.
    None,
}

/// The fields of a `package.json` the loaders use.
#[derive(Debug)]
pub(crate) struct PackageJson {
    /// The `package.json` file itself.
    pub path: PathBuf,
    /// `"name"`.
    pub name: Option<String>,
    /// `"main"`.
    pub main: Option<String>,
    /// `"type"`.
    pub kind: PackageType,
    /// `"exports"`, as written (`None` when absent or `null`).
    pub exports: Option<Value>,
    /// `"imports"`, as written.
    pub imports: Option<Value>,
}

impl PackageJson {
    /// The folder holding the `package.json`.
    pub(crate) fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }
}

/// Every `package.json` read so far (including the ones that do not exist),
/// by path.
#[derive(Default)]
pub(crate) struct PackageJsonCache {
    files: RefCell<HashMap<PathBuf, Option<Rc<PackageJson>>>>,
}

impl PackageJsonCache {
    /// The `package.json` at `path`: `Ok(None)` when there is none,
    /// `ERR_INVALID_PACKAGE_CONFIG` when it is not valid JSON.
    pub(crate) fn read(&self, path: &Path) -> Result<Option<Rc<PackageJson>>, ResolveError> {
        if let Some(cached) = self.files.borrow().get(path) {
            return Ok(cached.clone());
        }
        let parsed = match std::fs::read(path) {
            Ok(bytes) => Some(Rc::new(parse(path, &bytes)?)),
            Err(_) => None,
        };
        self.files.borrow_mut().insert(path.to_owned(), parsed.clone());
        Ok(parsed)
    }

    /// The nearest `package.json` at or above `dir` (the package scope),
    /// stopping at a `node_modules` folder as Node does.
    pub(crate) fn scope_of(&self, dir: &Path) -> Result<Option<Rc<PackageJson>>, ResolveError> {
        let mut current = Some(dir);
        while let Some(d) = current {
            if d.file_name().is_some_and(|n| n == "node_modules") {
                return Ok(None);
            }
            if let Some(pkg) = self.read(&d.join("package.json"))? {
                return Ok(Some(pkg));
            }
            current = d.parent();
        }
        Ok(None)
    }
}

fn parse(path: &Path, bytes: &[u8]) -> Result<PackageJson, ResolveError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| ResolveError::InvalidPackageConfig {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    let string = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("module") => PackageType::Module,
        Some("commonjs") => PackageType::CommonJs,
        _ => PackageType::None,
    };
    let present = |key: &str| value.get(key).filter(|v| !v.is_null()).cloned();
    Ok(PackageJson {
        path: path.to_owned(),
        name: string("name"),
        main: string("main"),
        kind,
        exports: present("exports"),
        imports: present("imports"),
    })
}
