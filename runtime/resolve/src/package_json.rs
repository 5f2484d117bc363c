//! Reading `package.json` files, once each: the one place the loaders get
//! `name`, `main`, `type`, `exports` and `imports` from.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::ResolveError;

/// `"type"` of a package scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageType {
    /// `"type": "commonjs"`.
    CommonJs,
    /// `"type": "module"`.
    Module,
    /// No `"type"` field.
    None,
}

/// The fields of a `package.json` the loaders use.
#[derive(Debug)]
pub struct PackageJson {
    /// The `package.json` file itself.
    pub path: PathBuf,
    /// `"name"`.
    pub name: Option<String>,
    /// `"main"`.
    pub main: Option<String>,
    /// `"type"`.
    pub kind: PackageType,
    /// `"exports"`, as written (`None` when absent or `null`).
    pub exports: Option<Json>,
    /// `"imports"`, as written.
    pub imports: Option<Json>,
}

impl PackageJson {
    /// The folder holding the `package.json`.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }
}

/// Every `package.json` read so far (including the ones that do not exist),
/// by path.
#[derive(Default)]
pub struct PackageJsonCache {
    files: RefCell<HashMap<PathBuf, Option<Rc<PackageJson>>>>,
}

impl PackageJsonCache {
    /// The `package.json` at `path`: `Ok(None)` when there is none,
    /// `ERR_INVALID_PACKAGE_CONFIG` when it is not valid JSON.
    pub fn read(&self, path: &Path) -> Result<Option<Rc<PackageJson>>, ResolveError> {
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
    pub fn scope_of(&self, dir: &Path) -> Result<Option<Rc<PackageJson>>, ResolveError> {
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
    let value: Json = serde_json::from_slice(bytes)
        .map_err(|e| ResolveError::InvalidPackageConfig { path: path.to_owned(), reason: e.to_string() })?;
    let string = |key: &str| value.get(key).and_then(Json::as_str).map(str::to_owned);
    let kind = match value.get("type").and_then(Json::as_str) {
        Some("module") => PackageType::Module,
        Some("commonjs") => PackageType::CommonJs,
        _ => PackageType::None,
    };
    let present = |key: &str| value.get(key).filter(|v| !matches!(v, Json::Null)).cloned();
    Ok(PackageJson {
        path: path.to_owned(),
        name: string("name"),
        main: string("main"),
        kind,
        exports: present("exports"),
        imports: present("imports"),
    })
}

/// A JSON value that keeps the order of object keys: `exports` and
/// `imports` conditions are tried in the order the file lists them.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (kept as written).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in file order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// `self[key]` for an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Json::Null => write!(f, "null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Number(n) => write!(f, "{n}"),
            Json::String(s) => write!(f, "{s:?}"),
            Json::Array(items) => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ",")?;
                    }
                    write!(f, "{item}")?;
                }
                write!(f, "]")
            }
            Json::Object(entries) => {
                write!(f, "{{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        write!(f, ",")?;
                    }
                    write!(f, "{k:?}:{v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::Number(n.to_string()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::Number(n.to_string()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
                Ok(Json::Number(n.to_string()))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::String(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Json, E> {
                Ok(Json::String(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries: Vec<(String, Json)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    // A repeated key keeps its first place and its last value, as JSON.parse does.
                    match entries.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 = value,
                        None => entries.push((key, value)),
                    }
                }
                Ok(Json::Object(entries))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
