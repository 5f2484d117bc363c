//! The titles Node gives release commits, tags and "Working on" commits,
//! written and read back.

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// A release's version as a user writes it: `X.Y.Z` (with pre-release or
/// build parts if any), with or without one leading `v`. Refuses a number
/// so large that the version after it (the "Working on" commit's) would
/// not exist.
pub fn parse_version(text: &str) -> Result<semver::Version> {
    let version: semver::Version = text.strip_prefix('v').unwrap_or(text).parse().map_err(|e| Error::Invalid {
        what: format!("`{text}` is not a semver version X.Y.Z"),
        message: format!("{e}"),
    })?;
    if [version.major, version.minor, version.patch].contains(&u64::MAX) {
        return Err(Error::Invalid {
            what: format!("`{text}`"),
            message: format!(
                "a version number is too large (the largest is {}, and the next version must fit too)",
                u64::MAX - 1
            ),
        });
    }
    Ok(version)
}

/// What a release is: its version, date and LTS codename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseTitle {
    /// Release date.
    pub date: NaiveDate,
    /// The version.
    pub version: semver::Version,
    /// `Some(codename)` for an LTS release, `None` for Current.
    pub codename: Option<String>,
}

impl ReleaseTitle {
    /// `2023-10-24, Version 20.9.0 'Iron' (LTS)` or
    /// `2023-04-18, Version 20.0.0 (Current)`.
    pub fn commit_title(&self) -> String {
        format!("{}, Version {} {}", self.date, self.version, self.kind())
    }

    /// `2023-10-24 Node.js v20.9.0 'Iron' (LTS) Release`, with `tag` the
    /// tag name.
    pub fn tag_message(&self, project: &str, tag: &str) -> String {
        format!("{} {project} {tag} {} Release", self.date, self.kind())
    }

    /// `'Iron' (LTS)` or `(Current)`.
    pub fn kind(&self) -> String {
        match &self.codename {
            Some(c) => format!("'{c}' (LTS)"),
            None => "(Current)".to_owned(),
        }
    }

    /// Reads a release commit title back (as node-core-utils' promote does).
    pub fn parse(title: &str) -> Option<ReleaseTitle> {
        let (date, rest) = title.split_once(", Version ")?;
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let (version, kind) = rest.split_once(' ')?;
        let version: semver::Version = version.parse().ok()?;
        let codename = if kind == "(Current)" {
            None
        } else {
            let name = kind.strip_suffix(" (LTS)")?.strip_prefix('\'')?.strip_suffix('\'')?;
            if name.is_empty() || name.contains('\'') {
                return None;
            }
            Some(name.to_owned())
        };
        Some(ReleaseTitle { date, version, codename })
    }
}

/// `Working on v20.9.1`.
pub fn working_on_title(version: &semver::Version) -> String {
    format!("Working on v{version}")
}

/// Whether `title` is a release or "Working on" commit, which changelogs
/// and unreleased counts leave out.
pub fn is_release_commit(title: &str) -> bool {
    ReleaseTitle::parse(title).is_some()
        || title.strip_prefix("Working on v").is_some_and(|v| v.parse::<semver::Version>().is_ok())
}

/// `text` with its words wrapped at `width` columns.
pub(crate) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in text.split_whitespace() {
        if column > 0 && column + 1 + word.len() > width {
            out.push('\n');
            column = 0;
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_round_trip() {
        let t = ReleaseTitle {
            date: "2023-10-24".parse().unwrap(),
            version: "20.9.0".parse().unwrap(),
            codename: Some("Iron".into()),
        };
        assert_eq!(t.commit_title(), "2023-10-24, Version 20.9.0 'Iron' (LTS)");
        assert_eq!(t.tag_message("Node.js", "v20.9.0"), "2023-10-24 Node.js v20.9.0 'Iron' (LTS) Release");
        assert_eq!(ReleaseTitle::parse(&t.commit_title()), Some(t));
        let c = ReleaseTitle::parse("2023-04-18, Version 20.0.0 (Current)").unwrap();
        assert_eq!(c.codename, None);
        assert_eq!(c.tag_message("Nodus", "v20.0.0"), "2023-04-18 Nodus v20.0.0 (Current) Release");
        assert!(ReleaseTitle::parse("2023-04-18, Version 20.0 (Current)").is_none());
        assert!(ReleaseTitle::parse("http: fix a bug").is_none());
        assert!(is_release_commit("Working on v20.9.1"));
        assert!(is_release_commit("2023-04-18, Version 20.0.0 (Current)"));
        assert!(!is_release_commit("Working on the docs"));
    }

    #[test]
    fn versions_as_users_write_them() {
        assert_eq!(parse_version("v20.1.0").unwrap(), semver::Version::new(20, 1, 0));
        assert_eq!(parse_version("20.1.0").unwrap(), semver::Version::new(20, 1, 0));
        assert!(parse_version("vv20.1.0").unwrap_err().to_string().starts_with("`vv20.1.0` is not a semver version"));
        assert!(parse_version("1.x").unwrap_err().to_string().starts_with("`1.x` is not a semver version X.Y.Z: "));
        let max = format!("1.0.{}", u64::MAX);
        assert!(parse_version(&max).unwrap_err().to_string().contains("a version number is too large"));
    }
}
