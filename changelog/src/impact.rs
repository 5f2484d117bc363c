//! Semver impact of a commit and of a whole range.

use serde::{Deserialize, Serialize};

use crate::commit::Commit;

/// How much a change moves a version: ordered `Patch < Minor < Major`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Fixes and everything else.
    Patch,
    /// New features: `semver-minor` label or a `feat` commit.
    Minor,
    /// Breaking changes: `semver-major` label, `!` or a `BREAKING CHANGE` footer.
    Major,
}

impl Impact {
    /// The impact of one commit: the highest of its labels and its
    /// conventional title/footers.
    pub fn of_commit(commit: &Commit) -> Impact {
        let mut impact = Impact::Patch;
        for label in &commit.labels {
            match label.as_str() {
                "semver-major" => impact = impact.max(Impact::Major),
                "semver-minor" => impact = impact.max(Impact::Minor),
                _ => {}
            }
        }
        if !commit.breaking_changes.is_empty() {
            impact = Impact::Major;
        }
        if let Some(conv) = &commit.conventional {
            if conv.bang {
                impact = Impact::Major;
            } else if conv.kind == "feat" {
                impact = impact.max(Impact::Minor);
            }
        }
        impact
    }

    /// The impact of a range: the highest of its commits' (`Patch` when empty).
    pub fn of_range<'a>(commits: impl IntoIterator<Item = &'a Commit>) -> Impact {
        commits.into_iter().map(Impact::of_commit).max().unwrap_or(Impact::Patch)
    }

    /// `version` bumped by this impact (pre-release and build cleared).
    /// Before 1.0.0 a major change bumps the minor and a minor the patch,
    /// as Cargo and npm read `0.x` versions.
    pub fn bump(self, version: &semver::Version) -> semver::Version {
        let (major, minor, patch) = (version.major, version.minor, version.patch);
        let (major, minor, patch) = match (self, major) {
            (Impact::Major, 0) => (0, minor + 1, 0),
            (Impact::Major, _) => (major + 1, 0, 0),
            (Impact::Minor, 0) => (0, minor, patch + 1),
            (Impact::Minor, _) => (major, minor + 1, 0),
            (Impact::Patch, _) => (major, minor, patch + 1),
        };
        semver::Version::new(major, minor, patch)
    }

    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Patch => "patch",
            Impact::Minor => "minor",
            Impact::Major => "major",
        }
    }
}

impl std::fmt::Display for Impact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
