//! Version files: the places in a repository that spell the version out
//! (`Cargo.toml`, `package.json`, a C header), each found by a pattern with
//! placeholders and rewritten for a new version.
//!
//! A pattern is literal text with placeholders: `{version}` (`20.1.0`),
//! `{major}`, `{minor}`, `{patch}`, `{codename}`, `{is_lts}` and
//! `{is_release}` (`1`/`0`, or `true`/`false` when the file says so). A run
//! of spaces matches any run of spaces and tabs. A pattern matches within
//! one line; the first match is rewritten (every match with `all`), and
//! everything around the placeholders is kept byte for byte.

use regex::Regex;

/// What the placeholders stand for in one rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    /// The version written.
    pub version: semver::Version,
    /// The LTS codename, or empty.
    pub codename: String,
    /// Whether the version is an LTS release.
    pub is_lts: bool,
    /// `true` in a release commit, `false` in a "Working on" commit.
    pub is_release: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placeholder {
    Version,
    Major,
    Minor,
    Patch,
    Codename,
    IsLts,
    IsRelease,
}

impl Placeholder {
    fn parse(name: &str) -> Option<Placeholder> {
        Some(match name {
            "version" => Placeholder::Version,
            "major" => Placeholder::Major,
            "minor" => Placeholder::Minor,
            "patch" => Placeholder::Patch,
            "codename" => Placeholder::Codename,
            "is_lts" => Placeholder::IsLts,
            "is_release" => Placeholder::IsRelease,
            _ => return None,
        })
    }

    fn regex(self) -> &'static str {
        match self {
            Placeholder::Version => r"(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)",
            Placeholder::Major | Placeholder::Minor | Placeholder::Patch => r"(\d+)",
            Placeholder::Codename => r#"([^"'\n]*)"#,
            Placeholder::IsLts | Placeholder::IsRelease => r"(0|1|true|false)",
        }
    }

    fn value(self, values: &Values, old: &str) -> String {
        let flag = |b: bool| match (old, b) {
            ("true" | "false", b) => b.to_string(),
            (_, true) => "1".to_owned(),
            (_, false) => "0".to_owned(),
        };
        match self {
            Placeholder::Version => values.version.to_string(),
            Placeholder::Major => values.version.major.to_string(),
            Placeholder::Minor => values.version.minor.to_string(),
            Placeholder::Patch => values.version.patch.to_string(),
            Placeholder::Codename => values.codename.clone(),
            Placeholder::IsLts => flag(values.is_lts),
            Placeholder::IsRelease => flag(values.is_release),
        }
    }
}

/// One pattern of a version file.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
    placeholders: Vec<Placeholder>,
}

/// A line a pattern rewrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    /// 1-based line number.
    pub line: usize,
    /// The line before.
    pub old: String,
    /// The line after.
    pub new: String,
}

impl Pattern {
    /// Compiles `source`; the error says what is wrong with it.
    pub fn new(source: &str) -> Result<Pattern, String> {
        let mut regex = String::from("(?m)");
        let mut placeholders = Vec::new();
        let mut rest = source;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{')
                && let Some(end) = after.find('}')
                && let Some(p) = Placeholder::parse(&after[..end])
            {
                regex.push_str(p.regex());
                placeholders.push(p);
                rest = &after[end + 1..];
                continue;
            }
            if rest.starts_with('{')
                && let Some(end) = rest.find('}')
                && rest[1..end].chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && end > 1
            {
                return Err(format!(
                    "unknown placeholder `{}` (expected {{version}}, {{major}}, {{minor}}, {{patch}}, \
                     {{codename}}, {{is_lts}} or {{is_release}})",
                    &rest[..=end]
                ));
            }
            let c = rest.chars().next().expect("rest is not empty");
            if c == ' ' || c == '\t' {
                regex.push_str(r"[ \t]+");
                rest = rest.trim_start_matches([' ', '\t']);
            } else if c == '\n' {
                return Err("a pattern matches within one line; it cannot hold a line break".into());
            } else {
                regex.push_str(&regex::escape(&rest[..c.len_utf8()]));
                rest = &rest[c.len_utf8()..];
            }
        }
        if placeholders.is_empty() {
            return Err("a pattern needs at least one placeholder such as {version}".into());
        }
        let regex = Regex::new(&regex).map_err(|e| format!("cannot compile: {e}"))?;
        Ok(Pattern { source: source.to_owned(), regex, placeholders })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Rewrites the first match (every match with `all`) in `text`. `None`
    /// when nothing matches.
    pub fn apply(&self, text: &str, values: &Values, all: bool) -> Option<(String, Vec<LineChange>)> {
        let mut out = String::with_capacity(text.len() + 16);
        let mut changes = Vec::new();
        let mut copied = 0;
        for caps in self.regex.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            let line_start = text[..whole.start()].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let line_end = text[whole.end()..].find('\n').map(|i| whole.end() + i).unwrap_or(text.len());
            let mut new_line = String::new();
            let mut pos = line_start;
            for (i, p) in self.placeholders.iter().enumerate() {
                let m = caps.get(i + 1).expect("every placeholder is a group");
                new_line.push_str(&text[pos..m.start()]);
                new_line.push_str(&p.value(values, m.as_str()));
                pos = m.end();
            }
            new_line.push_str(&text[pos..line_end]);
            out.push_str(&text[copied..line_start]);
            out.push_str(&new_line);
            copied = line_end;
            changes.push(LineChange {
                line: text[..line_start].matches('\n').count() + 1,
                old: text[line_start..line_end].to_owned(),
                new: new_line,
            });
            if !all {
                break;
            }
        }
        if changes.is_empty() {
            return None;
        }
        out.push_str(&text[copied..]);
        Some((out, changes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &str) -> Values {
        Values { version: v.parse().unwrap(), codename: "Iron".into(), is_lts: true, is_release: true }
    }

    #[test]
    fn rewrites_cargo_toml_first_match_only() {
        let text = "[workspace.package]\nversion = \"20.0.0\"\n\n[dependencies]\nx = { version = \"1.0.0\" }\n[package]\nversion = \"20.0.0\"\n";
        let p = Pattern::new("version = \"{version}\"").unwrap();
        let (out, changes) = p.apply(text, &values("20.1.0"), false).unwrap();
        assert_eq!(out, text.replacen("20.0.0", "20.1.0", 1));
        assert_eq!(
            changes,
            vec![LineChange { line: 2, old: "version = \"20.0.0\"".into(), new: "version = \"20.1.0\"".into() }]
        );
        let (out, changes) = p.apply(text, &values("20.1.0"), true).unwrap();
        assert_eq!(changes.len(), 3, "the dependency line matches too: {out}");
    }

    #[test]
    fn rewrites_header_constants_keeping_spacing() {
        let text = "#define NODE_MAJOR_VERSION 20\n#define NODE_MINOR_VERSION  9\n#define NODE_PATCH_VERSION\t4\n#define NODE_VERSION_IS_LTS 0\n#define NODE_VERSION_LTS_CODENAME \"\"\n";
        let mut out = text.to_owned();
        for pat in [
            "#define NODE_MAJOR_VERSION {major}",
            "#define NODE_MINOR_VERSION {minor}",
            "#define NODE_PATCH_VERSION {patch}",
            "#define NODE_VERSION_IS_LTS {is_lts}",
            "#define NODE_VERSION_LTS_CODENAME \"{codename}\"",
        ] {
            out = Pattern::new(pat).unwrap().apply(&out, &values("20.10.0"), false).unwrap().0;
        }
        assert_eq!(
            out,
            "#define NODE_MAJOR_VERSION 20\n#define NODE_MINOR_VERSION  10\n#define NODE_PATCH_VERSION\t0\n#define NODE_VERSION_IS_LTS 1\n#define NODE_VERSION_LTS_CODENAME \"Iron\"\n"
        );
    }

    #[test]
    fn keeps_boolean_style_and_handles_package_json() {
        let text = "{\n  \"name\": \"x\",\n  \"version\": \"1.2.3-pre\",\n  \"release\": false\n}";
        let mut v = values("1.2.4");
        let (out, _) = Pattern::new("\"version\": \"{version}\"").unwrap().apply(text, &v, false).unwrap();
        v.is_release = true;
        let (out, _) = Pattern::new("\"release\": {is_release}").unwrap().apply(&out, &v, false).unwrap();
        assert_eq!(out, "{\n  \"name\": \"x\",\n  \"version\": \"1.2.4\",\n  \"release\": true\n}");
    }

    #[test]
    fn reports_no_match_and_bad_patterns() {
        let p = Pattern::new("VERSION={version}").unwrap();
        assert!(p.apply("nothing here\n", &values("1.0.0"), false).is_none());
        assert!(Pattern::new("no placeholder").unwrap_err().contains("at least one placeholder"));
        assert!(Pattern::new("v = {vresion}").unwrap_err().contains("unknown placeholder `{vresion}`"));
        // Braces that are not placeholders are literal.
        let p = Pattern::new("x = {\"v\": \"{version}\"}").unwrap();
        assert!(p.apply("x = {\"v\": \"1.0.0\"}", &values("1.0.1"), false).is_some());
    }
}
