//! The ABI registry: Node's `doc/abi_version_registry.json` format, read
//! and written byte for byte.
//!
//! The file is one object with one key, `NODE_MODULE_VERSION`, holding an
//! array of entries, newest first. Node writes each entry on one line with
//! its keys in fixed columns:
//!
//! ```text
//!     { "modules": 137,"runtime": "node",     "variant": "v8_13.6",              "versions": "24.0.0" },
//! ```
//!
//! `"runtime"` starts at column 21, `"variant"` at 44 and `"versions"` at 79
//! (0-based, counting the four leading spaces); a value too long for its
//! column is followed by one space (none after `"modules"`, whose
//! three-digit numbers fill theirs). [`Registry::render`] writes that
//! layout; a file in it renders back to the same bytes. A file in any other
//! layout is kept as it is, and a new entry goes in as one line after the
//! opening `[`, so nothing else in it moves.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The column (0-based) where `"runtime"` starts.
const RUNTIME_COLUMN: usize = 21;
/// The column where `"variant"` starts.
const VARIANT_COLUMN: usize = 44;
/// The column where `"versions"` starts.
const VERSIONS_COLUMN: usize = 79;

/// One reserved ABI number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbiEntry {
    /// The number (`NODE_MODULE_VERSION`, `process.versions.modules`).
    pub modules: u32,
    /// Who uses it: `node`, `electron`, `nw.js`, `nodus`.
    pub runtime: String,
    /// What it stands for: `v8_13.6` (an engine version), `electron`.
    pub variant: String,
    /// The runtime versions that use it: `24.0.0`, `>=0.33 <0.36`.
    pub versions: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    #[serde(rename = "NODE_MODULE_VERSION")]
    entries: Vec<AbiEntry>,
}

/// A registry file: its entries, newest first, and its text as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    /// The entries, in the file's order (newest first).
    pub entries: Vec<AbiEntry>,
    /// The text it was read from (`None`: made in memory).
    source: Option<String>,
}

impl Registry {
    /// An empty registry.
    pub fn empty() -> Registry {
        Registry { entries: Vec::new(), source: None }
    }

    /// Parses a registry's text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Registry> {
        let raw: RawRegistry = serde_json::from_str(text).map_err(|e| Error::Invalid {
            what: format!("{origin}:{}", e.line()),
            message: format!("not an ABI registry (`{{\"NODE_MODULE_VERSION\": [...]}}`): {e}"),
        })?;
        for (i, pair) in raw.entries.windows(2).enumerate() {
            if pair[1].modules > pair[0].modules {
                return Err(Error::Invalid {
                    what: origin.to_owned(),
                    message: format!(
                        "entry {} ({}) is newer than the one before it ({}): the registry lists the newest first",
                        i + 2,
                        pair[1].modules,
                        pair[0].modules
                    ),
                });
            }
        }
        Ok(Registry { entries: raw.entries, source: Some(text.to_owned()) })
    }

    /// Reads a registry file.
    pub fn load(path: &std::path::Path) -> Result<Registry> {
        let text = crate::input::read(path)?;
        Registry::parse(&text, &path.display().to_string())
    }

    /// Writes the registry to `path` (through a temporary file and a
    /// rename: readers see the old file or the new one).
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        crate::project::write_atomically(path, self.render().as_bytes())
    }

    /// The newest number reserved.
    pub fn newest(&self) -> Option<u32> {
        self.entries.iter().map(|e| e.modules).max()
    }

    /// The number reserved for `runtime` and `variant` (the newest one, if
    /// several are).
    pub fn find(&self, runtime: &str, variant: &str) -> Option<&AbiEntry> {
        self.entries.iter().find(|e| e.runtime == runtime && e.variant == variant)
    }

    /// Reserves the next number (one above the newest, or `first` in an
    /// empty registry) for `runtime`, `variant` and `versions`, as the new
    /// first entry. Refuses a runtime and variant that already have one.
    pub fn reserve(&mut self, runtime: &str, variant: &str, versions: &str, first: u32) -> Result<AbiEntry> {
        if let Some(e) = self.find(runtime, variant) {
            return Err(Error::Invalid {
                what: format!("--runtime {runtime} --variant {variant}"),
                message: format!("already has ABI number {} (versions {})", e.modules, e.versions),
            });
        }
        for (what, value) in [("--runtime", runtime), ("--variant", variant), ("--versions", versions)] {
            if value.trim().is_empty() || value.contains(['\n', '\r']) {
                return Err(Error::Invalid { what: what.into(), message: "must be one non-empty line".into() });
            }
        }
        let modules = self.newest().map(|n| n + 1).unwrap_or(first);
        let entry = AbiEntry {
            modules,
            runtime: runtime.to_owned(),
            variant: variant.to_owned(),
            versions: versions.to_owned(),
        };
        // In Node's layout the whole file is rendered again; in any other,
        // every byte is kept and one line added.
        self.source = self
            .source
            .take()
            .filter(|text| Registry::layout(&self.entries) != *text)
            .and_then(|text| insert_line(&text, &entry_line(&entry)));
        self.entries.insert(0, entry.clone());
        Ok(entry)
    }

    /// The file's text: the bytes read if unchanged, else Node's layout
    /// (see the module documentation).
    pub fn render(&self) -> String {
        match &self.source {
            Some(text) => text.clone(),
            None => Registry::layout(&self.entries),
        }
    }

    /// `entries` in Node's layout.
    pub fn layout(entries: &[AbiEntry]) -> String {
        let mut out = String::from("{\n  \"NODE_MODULE_VERSION\": [\n");
        for (i, entry) in entries.iter().enumerate() {
            out.push_str(&entry_line(entry));
            if i + 1 < entries.len() {
                out.push(',');
            }
            out.push('\n');
        }
        out.push_str("  ]\n}\n");
        out
    }
}

/// One entry as Node writes it, without the comma that follows.
fn entry_line(e: &AbiEntry) -> String {
    let s = |v: &str| serde_json::to_string(v).expect("a string serializes");
    let mut line = format!("    {{ \"modules\": {},", e.modules);
    pad(&mut line, RUNTIME_COLUMN, 0);
    line.push_str(&format!("\"runtime\": {},", s(&e.runtime)));
    pad(&mut line, VARIANT_COLUMN, 1);
    line.push_str(&format!("\"variant\": {},", s(&e.variant)));
    pad(&mut line, VERSIONS_COLUMN, 1);
    line.push_str(&format!("\"versions\": {} }}", s(&e.versions)));
    line
}

/// Spaces up to `column` (characters), at least `min`.
fn pad(line: &mut String, column: usize, min: usize) {
    let width = line.chars().count();
    let n = column.saturating_sub(width).max(if width >= column { min } else { 0 });
    line.extend(std::iter::repeat_n(' ', n));
}

/// `text` with `line` (and a comma, when entries follow) added after the
/// line holding the opening `[`.
fn insert_line(text: &str, line: &str) -> Option<String> {
    let open = text.find('[')?;
    let end_of_line = text[open..].find('\n').map(|i| open + i + 1)?;
    let rest = &text[end_of_line..];
    let has_entries = rest.trim_start().starts_with('{');
    let mut out = String::with_capacity(text.len() + line.len() + 2);
    out.push_str(&text[..end_of_line]);
    out.push_str(line);
    if has_entries {
        out.push(',');
    }
    out.push('\n');
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "{\n  \"NODE_MODULE_VERSION\": [\n    { \"modules\": 137,\"runtime\": \"node\",     \"variant\": \"v8_13.6\",              \"versions\": \"24.0.0\" },\n    { \"modules\": 51, \"runtime\": \"nw.js\",    \"variant\": \"nw.js\",                \"versions\": \">=0.18.3 <0.24\" },\n    { \"modules\": 1,  \"runtime\": \"node\",     \"variant\": \"node\",                 \"versions\": \">=0.2.0 <0.9.8\" }\n  ]\n}\n";

    #[test]
    fn node_layout_round_trips() {
        let r = Registry::parse(SMALL, "r.json").unwrap();
        assert_eq!(r.entries.len(), 3);
        assert_eq!(Registry::layout(&r.entries), SMALL);
        assert_eq!(r.render(), SMALL);
    }

    /// Node's own registry (from the Node source tarball cached by the
    /// project's setup, never committed here) renders back byte for byte.
    #[test]
    fn node_registry_round_trips_when_cached() {
        let tarball = std::path::Path::new("/root/.cache/nodus/node-src/nodejs.orig.tar.xz");
        let unpacked = std::path::Path::new("/root/.cache/nodus/node-src/node-v24.21.0/doc/abi_version_registry.json");
        let text = if unpacked.exists() {
            std::fs::read_to_string(unpacked).unwrap()
        } else if tarball.exists() {
            let out = std::process::Command::new("tar")
                .args(["-xJOf", tarball.to_str().unwrap(), "node-v24.21.0/doc/abi_version_registry.json"])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap()
        } else {
            eprintln!("Node's source tarball is not cached: skipped");
            return;
        };
        let r = Registry::parse(&text, "abi_version_registry.json").unwrap();
        assert!(r.entries.len() > 100);
        assert_eq!(Registry::layout(&r.entries), text);
    }

    #[test]
    fn reserving_adds_the_next_number_first() {
        let mut r = Registry::parse(SMALL, "r.json").unwrap();
        let e = r.reserve("nodus", "v8_15.3", "1", 1502).unwrap();
        assert_eq!(e.modules, 138);
        let text = r.render();
        assert!(text.starts_with("{\n  \"NODE_MODULE_VERSION\": [\n    { \"modules\": 138,\"runtime\": \"nodus\",    \"variant\": \"v8_15.3\",              \"versions\": \"1\" },\n    { \"modules\": 137,"), "{text}");
        assert_eq!(Registry::parse(&text, "r").unwrap().entries, r.entries);
        let err = r.reserve("nodus", "v8_15.3", "2", 0).unwrap_err().to_string();
        assert!(err.contains("already has ABI number 138"), "{err}");
        let mut empty = Registry::empty();
        assert_eq!(empty.reserve("nodus", "v8_15.2", "0.x", 1502).unwrap().modules, 1502);
        assert!(empty.render().contains("{ \"modules\": 1502,\"runtime\": \"nodus\","), "{}", empty.render());
    }

    #[test]
    fn other_layouts_keep_their_bytes() {
        let text = "{\"NODE_MODULE_VERSION\": [\n{\"modules\": 2, \"runtime\": \"x\", \"variant\": \"y\", \"versions\": \"1\"}\n]}";
        let mut r = Registry::parse(text, "r").unwrap();
        assert_eq!(r.render(), text);
        r.reserve("x", "z", "2", 0).unwrap();
        let out = r.render();
        assert!(
            out.ends_with("\n{\"modules\": 2, \"runtime\": \"x\", \"variant\": \"y\", \"versions\": \"1\"}\n]}"),
            "{out}"
        );
        assert_eq!(Registry::parse(&out, "r").unwrap().entries[0].modules, 3);
    }

    #[test]
    fn bad_files_name_themselves() {
        let err = Registry::parse("{\"NODE_MODULE_VERSION\": 3}", "doc/abi.json").unwrap_err().to_string();
        assert!(err.starts_with("doc/abi.json:1: not an ABI registry"), "{err}");
        let text = "{\"NODE_MODULE_VERSION\": [{\"modules\": 1, \"runtime\": \"a\", \"variant\": \"b\", \"versions\": \"c\"}, {\"modules\": 2, \"runtime\": \"a\", \"variant\": \"b\", \"versions\": \"c\"}]}";
        let err = Registry::parse(text, "x.json").unwrap_err().to_string();
        assert!(err.contains("newest first"), "{err}");
    }
}
