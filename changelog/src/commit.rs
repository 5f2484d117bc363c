//! The [`Commit`] model shared by the changelog, backports and fork reports.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::impact::Impact;
use crate::message;

/// A person as git records them: a name and an email.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Person {
    /// The name, as written (after `.mailmap` when read from a repository).
    pub name: String,
    /// The email, without angle brackets.
    pub email: String,
}

impl Person {
    /// A person from a name and an email.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Person {
        Person { name: name.into(), email: email.into() }
    }
}

/// One `Key: value` line of a commit message's trailers
/// (`PR-URL: …`, `Reviewed-By: …`, `BREAKING CHANGE: …`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trailer {
    /// The key as written (`PR-URL`, `Reviewed-By`).
    pub key: String,
    /// The value, trimmed.
    pub value: String,
}

/// What a revert commit reverts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revert {
    /// The reverted commit's title (`http: fix keep-alive`), taken from the
    /// revert's own title `Revert "…"`.
    pub title: String,
    /// The reverted sha, from `This reverts commit <sha>.` when present.
    pub sha: Option<String>,
}

/// The parts of a Conventional Commits title: `type(scope)!: description`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conventional {
    /// The type, lower-cased (`feat`, `fix`, `docs`…).
    #[serde(rename = "type")]
    pub kind: String,
    /// The scope between parentheses, if any.
    pub scope: Option<String>,
    /// Whether the title has `!` before the colon.
    pub bang: bool,
    /// The text after `: `.
    pub description: String,
}

/// One commit: who made it and when, and everything its message says.
///
/// Build one from git with [`crate::read_commits`], or from a message
/// string with [`Commit::new`] (handy in tests). Labels are empty until a
/// [`LabelSource`](crate::LabelSource) fills them ([`crate::apply_labels`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    /// The full hex sha.
    pub sha: String,
    /// The parents' full hex shas (two or more for a merge).
    pub parents: Vec<String>,
    /// The author.
    pub author: Person,
    /// When the author made it.
    pub author_time: DateTime<FixedOffset>,
    /// The committer.
    pub committer: Person,
    /// When it was committed.
    pub commit_time: DateTime<FixedOffset>,
    /// The whole message as stored.
    pub message: String,
    /// The first non-blank line of the message, trimmed.
    pub title: String,
    /// The Node-style `subsystem[,subsystem]` prefix of the title as written
    /// (`http`, `src,lib`, `deps(v8)`); for a revert, that of the reverted title.
    pub subsystem_prefix: Option<String>,
    /// The subsystems of [`subsystem_prefix`](Self::subsystem_prefix), split
    /// on commas and trimmed.
    pub subsystems: Vec<String>,
    /// The title without the revert wrapper and the subsystem prefix: the
    /// text a changelog shows.
    pub summary: String,
    /// The Conventional Commits reading of the title, when it has that shape.
    pub conventional: Option<Conventional>,
    /// The texts of `BREAKING CHANGE:` / `BREAKING-CHANGE:` footers.
    pub breaking_changes: Vec<String>,
    /// Every trailer line, in order.
    pub trailers: Vec<Trailer>,
    /// The pull request, from `PR-URL:` (or a title ending in `(#123)`), as
    /// written: a URL, or `#123`.
    pub pr_url: Option<String>,
    /// `Backport-PR-URL:` values.
    pub backport_pr_urls: Vec<String>,
    /// `Reviewed-By:` people.
    pub reviewers: Vec<Person>,
    /// `Co-authored-by:` people.
    pub co_authors: Vec<Person>,
    /// `Signed-off-by:` people.
    pub signed_off_by: Vec<Person>,
    /// `Fixes:` values (URLs or `#123`).
    pub fixes: Vec<String>,
    /// `Refs:` values.
    pub refs: Vec<String>,
    /// CVE ids from `CVE-ID:` lines.
    pub cve_ids: Vec<String>,
    /// Set when this commit reverts another.
    pub revert: Option<Revert>,
    /// Whether the title is a Node release commit (`2024-01-09, Version
    /// 20.11.0 'Iron' (LTS), @releaser`, `Working on v20.1.1`, `1.2.3`).
    pub release_commit: bool,
    /// Labels of the commit's pull request (`semver-minor`, `notable-change`…),
    /// filled by [`crate::apply_labels`].
    pub labels: Vec<String>,
}

impl Commit {
    /// A commit made by `author` at `time` with `message`; the committer is
    /// the author and there are no parents. Everything else is parsed from
    /// the message.
    pub fn new(sha: impl Into<String>, author: Person, time: DateTime<FixedOffset>, message: &str) -> Commit {
        message::parse(sha.into(), author, time, message)
    }

    /// The first ten hex digits of the sha, as Node's changelogs show it.
    pub fn short_sha(&self) -> &str {
        self.sha.get(..10).unwrap_or(&self.sha)
    }

    /// Whether this is a merge commit.
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }

    /// The pull request number from [`pr_url`](Self::pr_url)
    /// (`https://github.com/o/r/pull/123` or `#123`).
    pub fn pr_number(&self) -> Option<u64> {
        message::pr_number(self.pr_url.as_deref()?)
    }

    /// Whether the labels or the message mark a breaking change.
    pub fn is_breaking(&self) -> bool {
        self.impact() == Impact::Major
    }

    /// The semver impact: the highest of what the labels say
    /// (`semver-major`, `semver-minor`) and what a conventional title says
    /// (`!` or a `BREAKING CHANGE` footer: major; `feat`: minor).
    pub fn impact(&self) -> Impact {
        Impact::of_commit(self)
    }

    /// Whether the commit belongs in a release's Notable Changes: labelled
    /// `notable-change`, or semver-minor or -major.
    pub fn is_notable(&self) -> bool {
        self.labels.iter().any(|l| l == "notable-change") || self.impact() > Impact::Patch
    }

    /// The values of every trailer whose key is `key` (ASCII case-insensitive).
    pub fn trailer_values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.trailers.iter().filter(move |t| t.key.eq_ignore_ascii_case(key)).map(|t| t.value.as_str())
    }
}
