//! Engine versions: V8's four numbers, read from `v8-version.h`, from the
//! embedder string, or derived from the `v8` crate's version.

use std::fmt;
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// An engine version: `13.6.233.17`. Build and patch are `None` when only
/// the major and minor are known (a crate version the table does not list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EngineVersion {
    /// `V8_MAJOR_VERSION`.
    pub major: u32,
    /// `V8_MINOR_VERSION`.
    pub minor: u32,
    /// `V8_BUILD_NUMBER`.
    pub build: Option<u32>,
    /// `V8_PATCH_LEVEL`.
    pub patch: Option<u32>,
}

impl EngineVersion {
    /// Parses `13.6`, `13.6.233` or `13.6.233.17`.
    pub fn parse(s: &str) -> Option<EngineVersion> {
        let parts: Vec<u32> = s.trim().split('.').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        match parts[..] {
            [major, minor] => Some(EngineVersion { major, minor, build: None, patch: None }),
            [major, minor, build] => Some(EngineVersion { major, minor, build: Some(build), patch: Some(0) }),
            [major, minor, build, patch] => {
                Some(EngineVersion { major, minor, build: Some(build), patch: Some(patch) })
            }
            _ => None,
        }
    }

    /// The release milestone (`major × 10 + minor`; V8's minors run 0–9),
    /// so two versions' distance counts the V8 releases between them.
    pub fn milestone(&self) -> u32 {
        self.major * 10 + self.minor
    }

    /// Whether `other` has the same major and minor (native modules built
    /// for one work with the other).
    pub fn same_abi(&self, other: &EngineVersion) -> bool {
        (self.major, self.minor) == (other.major, other.minor)
    }
}

impl fmt::Display for EngineVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)?;
        if let Some(b) = self.build {
            write!(f, ".{b}.{}", self.patch.unwrap_or(0))?;
        }
        Ok(())
    }
}

impl Serialize for EngineVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The four numbers of a `v8-version.h` (Node's `deps/v8/include`), or why not.
pub fn parse_header(text: &str) -> Result<EngineVersion, String> {
    let number = |name: &str| -> Result<u32, String> {
        let re = Regex::new(&format!(r"(?m)^\s*#\s*define\s+{name}\s+(\d+)\s*$")).expect("a valid regex");
        re.captures(text).and_then(|c| c[1].parse().ok()).ok_or_else(|| format!("no `#define {name} <number>`"))
    };
    Ok(EngineVersion {
        major: number("V8_MAJOR_VERSION")?,
        minor: number("V8_MINOR_VERSION")?,
        build: Some(number("V8_BUILD_NUMBER")?),
        patch: Some(number("V8_PATCH_LEVEL")?),
    })
}

/// `text` (a `v8-version.h`) with its numbers set to `version`'s.
pub fn set_header(text: &str, version: &EngineVersion) -> String {
    let mut out = text.to_owned();
    for (name, value) in [
        ("V8_MAJOR_VERSION", Some(version.major)),
        ("V8_MINOR_VERSION", Some(version.minor)),
        ("V8_BUILD_NUMBER", version.build),
        ("V8_PATCH_LEVEL", version.patch),
    ] {
        let Some(value) = value else { continue };
        let re = Regex::new(&format!(r"(?m)^(\s*#\s*define\s+{name}\s+)\d+")).expect("a valid regex");
        out = re.replace(&out, format!("${{1}}{value}")).into_owned();
    }
    out
}

/// The embedder string: the quoted value of `'<key>': '<value>'` in a
/// gyp file, with the byte range of the value.
pub fn find_embedder(text: &str, key: &str) -> Option<(String, std::ops::Range<usize>)> {
    let re = Regex::new(&format!(r#"['"]{}['"]\s*:\s*['"]([^'"]*)['"]"#, regex::escape(key))).expect("a valid regex");
    let c = re.captures(text)?;
    let m = c.get(1).expect("group 1");
    Some((m.as_str().to_owned(), m.range()))
}

/// The floating-patch count an embedder string ends with (`-node.53` → 53).
pub fn embedder_count(value: &str, prefix: &str) -> Option<u32> {
    value.strip_prefix(prefix)?.parse().ok()
}

static TABLE: LazyLock<Vec<(semver::Version, EngineVersion)>> = LazyLock::new(|| {
    include_str!("v8-crate-versions.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (c, v) = l.split_once(' ')?;
            Some((c.parse().ok()?, EngineVersion::parse(v)?))
        })
        .collect()
});

/// Where a version was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The vendored directory's version header.
    Header,
    /// The crate's own `v8/include/v8-version.h` in the local cargo registry.
    CargoRegistry,
    /// The table in `v8-crate-versions.txt`.
    Table,
    /// The crate's major alone (major and minor only).
    CrateMajor,
}

/// The V8 version the `v8` crate `version` embeds: from the crate's source in
/// the local cargo registry, else the table, else its major (`152` → 15.2).
/// `None` for crate versions before 129 (`0.x`), which carry no V8 version.
pub fn of_v8_crate(version: &semver::Version) -> Option<(EngineVersion, Source)> {
    for dir in registry_sources(&format!("v8-{version}")) {
        if let Ok(text) = std::fs::read_to_string(dir.join("v8/include/v8-version.h"))
            && let Ok(v) = parse_header(&text)
        {
            return Some((v, Source::CargoRegistry));
        }
    }
    if let Some((_, v)) = TABLE.iter().find(|(c, _)| c == version) {
        return Some((*v, Source::Table));
    }
    let major = u32::try_from(version.major).ok().filter(|m| *m >= 100)?;
    Some((EngineVersion { major: major / 10, minor: major % 10, build: None, patch: None }, Source::CrateMajor))
}

/// `$CARGO_HOME/registry/src/*/<name>` folders that exist.
fn registry_sources(name: &str) -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(src) = home.map(|h| h.join("registry/src")) else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(&src) else { return Vec::new() };
    entries.filter_map(|e| e.ok()).map(|e| e.path().join(name)).filter(|p| p.is_dir()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_embedder_strings() {
        let h = "#define V8_MAJOR_VERSION 13\n#define V8_MINOR_VERSION 6\n#define V8_BUILD_NUMBER 233\n#define V8_PATCH_LEVEL 17\n";
        let v = parse_header(h).unwrap();
        assert_eq!(v.to_string(), "13.6.233.17");
        assert_eq!(v.milestone(), 136);
        let w = EngineVersion::parse("13.7.152.14").unwrap();
        assert_eq!(parse_header(&set_header(h, &w)).unwrap(), w);
        assert!(parse_header("#define V8_MAJOR_VERSION 13\n").unwrap_err().contains("V8_MINOR_VERSION"));
        let gypi = "    # Reset this number to 0 on major V8 upgrades.\n    'v8_embedder_string': '-node.53',\n";
        let (value, range) = find_embedder(gypi, "v8_embedder_string").unwrap();
        assert_eq!(value, "-node.53");
        assert_eq!(&gypi[range], "-node.53");
        assert_eq!(embedder_count(&value, "-node."), Some(53));
    }

    #[test]
    fn crate_versions_map_to_v8() {
        let (v, _) = of_v8_crate(&"152.2.0".parse().unwrap()).unwrap();
        assert_eq!(v.to_string(), "15.2.124.1");
        let (v, source) = of_v8_crate(&"137.3.0".parse().unwrap()).unwrap();
        assert_eq!((v.major, v.minor, v.build), (13, 7, None));
        assert_eq!(source, Source::CrateMajor);
        assert!(of_v8_crate(&"0.106.0".parse().unwrap()).is_none());
        assert!(EngineVersion::parse("13.6.233.17").unwrap() > EngineVersion::parse("13.6.233.9").unwrap());
    }
}
