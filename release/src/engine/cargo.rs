//! A crate pinned in `Cargo.toml` and locked in `Cargo.lock`: found and
//! rewritten by lines, so every other byte (comments, order) stays.
//!
//! The pin is the crate's entry in `[workspace.dependencies]` or
//! `[dependencies]` (`v8 = "=152.2.0"`, `v8 = { version = "=152.2.0", … }`)
//! or the `version` key of a `[workspace.dependencies.v8]` table.

use std::sync::LazyLock;

use regex::Regex;

/// Where a crate is pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The requirement as written: `=152.2.0`.
    pub requirement: String,
    /// The 1-based line.
    pub line: usize,
    /// Byte range of the requirement (inside the quotes) in the text.
    range: std::ops::Range<usize>,
}

impl Pin {
    /// The version an exact pin (`=X.Y.Z`) names.
    pub fn exact(&self) -> Option<semver::Version> {
        self.requirement.strip_prefix('=').and_then(|v| v.trim().parse().ok())
    }
}

static VERSION_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bversion\s*=\s*"([^"]*)""#).expect("a valid regex"));

/// The pin of `krate` in a manifest's text.
pub fn find_pin(text: &str, krate: &str) -> Option<Pin> {
    let sections = ["workspace.dependencies", "dependencies"];
    let mut table = String::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if t.starts_with('[') {
            table = t.trim_start_matches('[').trim_end_matches(']').trim().to_owned();
            continue;
        }
        let in_dependencies = sections.contains(&table.as_str());
        let in_own_table = sections.iter().any(|s| table == format!("{s}.{krate}"));
        if in_own_table {
            if let Some(c) = VERSION_KEY.captures(line).filter(|_| t.starts_with("version")) {
                let m = c.get(1).expect("group 1");
                return Some(Pin {
                    requirement: m.as_str().into(),
                    line: i + 1,
                    range: start + m.start()..start + m.end(),
                });
            }
            continue;
        }
        if !in_dependencies {
            continue;
        }
        let Some(rest) = t.strip_prefix(krate) else { continue };
        let Some(value) = rest.trim_start().strip_prefix('=') else { continue };
        let value = value.trim_start();
        let value_at = start + (line.len() - line.trim_start().len()) + (t.len() - value.len());
        if let Some(body) = value.strip_prefix('"') {
            let end = body.find('"')?;
            return Some(Pin { requirement: body[..end].into(), line: i + 1, range: value_at + 1..value_at + 1 + end });
        }
        if value.starts_with('{') {
            let c = VERSION_KEY.captures(value)?;
            let m = c.get(1).expect("group 1");
            return Some(Pin {
                requirement: m.as_str().into(),
                line: i + 1,
                range: value_at + m.start()..value_at + m.end(),
            });
        }
    }
    None
}

/// `text` with the pin's requirement replaced by `requirement`.
pub fn set_pin(text: &str, pin: &Pin, requirement: &str) -> String {
    let mut out = String::with_capacity(text.len() + requirement.len());
    out.push_str(&text[..pin.range.start]);
    out.push_str(requirement);
    out.push_str(&text[pin.range.end..]);
    out
}

/// The versions of `krate` in a lock file's text (usually one).
pub fn locked_versions(text: &str, krate: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in text.split("[[package]]").skip(1) {
        let mut name = None;
        let mut version = None;
        for line in block.lines() {
            let t = line.trim();
            if t.starts_with('[') {
                break;
            }
            if let Some(v) = t.strip_prefix("name = ") {
                name = Some(v.trim_matches('"'));
            } else if let Some(v) = t.strip_prefix("version = ") {
                version = Some(v.trim_matches('"'));
            }
        }
        if name == Some(krate)
            && let Some(v) = version
        {
            out.push(v.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_in_every_form() {
        let text = "[package]\nversion = \"1.0.0\"\n\n[workspace.dependencies]\n# the engine\nv8 = \"=152.2.0\"\nv8-extra = \"1\"\n";
        let pin = find_pin(text, "v8").unwrap();
        assert_eq!((pin.requirement.as_str(), pin.line), ("=152.2.0", 6));
        assert_eq!(pin.exact(), Some("152.2.0".parse().unwrap()));
        assert_eq!(set_pin(text, &pin, "=153.0.0"), text.replace("=152.2.0", "=153.0.0"));
        let text = "[dependencies]\nv8 = { version = \"=130.0.0\", default-features = false }\n";
        let pin = find_pin(text, "v8").unwrap();
        assert_eq!(pin.requirement, "=130.0.0");
        assert_eq!(set_pin(text, &pin, "=137.0.0"), text.replace("130", "137"));
        let text = "[workspace.dependencies.v8]\nfeatures = []\nversion = \"=1.2.3\"\n";
        assert_eq!(find_pin(text, "v8").unwrap().line, 3);
        assert_eq!(find_pin("[dev-dependencies]\nv8 = \"1\"\n", "v8"), None);
        assert_eq!(find_pin("[dependencies]\nv8x = \"1\"\n", "v8"), None);
    }

    #[test]
    fn locked() {
        let text = "version = 4\n\n[[package]]\nname = \"v8\"\nversion = \"152.2.0\"\nsource = \"x\"\n\n[[package]]\nname = \"v8x\"\nversion = \"1.0.0\"\n";
        assert_eq!(locked_versions(text, "v8"), ["152.2.0"]);
        assert!(locked_versions(text, "nope").is_empty());
    }
}
