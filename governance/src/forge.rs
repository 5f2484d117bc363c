//! Where facts about pull requests come from: the [`Forge`] trait, and the
//! file-backed forge that reads them from YAML so everything works offline.
//!
//! The trait is synchronous. The GitHub forge drives octocrab (which is
//! async) on a tokio runtime of its own, fetching a pull request's reviews,
//! commits, checks, comments and files concurrently inside one call; callers
//! — the `git nodus` commands, landing, the merge queue — stay plain
//! sequential code. Do not call a GitHub forge from inside an async task
//! (use `spawn_blocking`): it blocks its thread while it waits.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::facts::{PullRequest, Teams};

/// A source of facts about pull requests and teams.
pub trait Forge {
    /// What this forge is, for messages (`GitHub nodejs/node`, a file path).
    fn describe(&self) -> String;

    /// Everything the landing rules need about pull request `number`.
    fn pull_request(&self, number: u64) -> Result<PullRequest>;

    /// The logins in `team`.
    fn team_members(&self, team: &Team) -> Result<Vec<String>>;

    /// The labels of pull request (or issue) `number`.
    fn labels(&self, number: u64) -> Result<Vec<String>>;

    /// The labels of each of `numbers`, in the same order. The default asks
    /// [`labels`](Self::labels) once per number; the GitHub forge asks
    /// several at a time.
    fn labels_many(&self, numbers: &[u64]) -> Result<Vec<Vec<String>>> {
        numbers.iter().map(|n| self.labels(*n)).collect()
    }
}

/// A repository on a forge, `owner/name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Repo {
    /// The owner (user or organisation).
    pub owner: String,
    /// The repository name.
    pub name: String,
}

impl Repo {
    /// The repository a web or remote URL names
    /// ([`changelog::RepoUrl`], which also reads the `origin` remote).
    pub fn of_url(url: &changelog::RepoUrl) -> Repo {
        Repo { owner: url.owner.clone(), name: url.name.clone() }
    }

    /// Parses `owner/name`.
    pub fn parse(text: &str) -> Result<Repo> {
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        match text.split_once('/') {
            Some((owner, name)) if ok(owner) && ok(name) => {
                Ok(Repo { owner: owner.to_owned(), name: name.trim_end_matches(".git").to_owned() })
            }
            _ => Err(Error::BadRepository(text.to_owned())),
        }
    }
}

impl fmt::Display for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// Which pull request a command is about: a number (in the configured
/// repository) or a pull request URL naming its repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRef {
    /// The repository, when the reference names one.
    pub repo: Option<Repo>,
    /// The number.
    pub number: u64,
}

impl PullRef {
    /// Parses `123`, `#123`, `owner/name#123` or
    /// `https://github.com/owner/name/pull/123`.
    pub fn parse(text: &str) -> Option<PullRef> {
        let t = text.trim();
        if let Ok(number) = t.trim_start_matches('#').parse() {
            return Some(PullRef { repo: None, number });
        }
        if let Some((repo, n)) = t.split_once('#') {
            if !repo.contains(':') {
                return Some(PullRef { repo: Some(Repo::parse(repo).ok()?), number: n.parse().ok()? });
            }
        }
        let rest = t.split_once("://").map(|(_, r)| r)?;
        let mut parts = rest.trim_end_matches('/').split('/');
        let _host = parts.next()?;
        let owner = parts.next()?;
        let name = parts.next()?;
        if !matches!(parts.next()?, "pull" | "pulls" | "issues") {
            return None;
        }
        let number = parts.next()?.parse().ok()?;
        Some(PullRef { repo: Some(Repo::parse(&format!("{owner}/{name}")).ok()?), number })
    }
}

/// A GitHub team, `org/team-slug`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Team {
    /// The organisation.
    pub org: String,
    /// The team's slug.
    pub slug: String,
}

impl Team {
    /// Parses `org/team-slug` (a leading `@` is allowed).
    pub fn parse(text: &str) -> Option<Team> {
        let t = text.strip_prefix('@').unwrap_or(text);
        let (org, slug) = t.split_once('/')?;
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        (ok(org) && ok(slug)).then(|| Team { org: org.to_owned(), slug: slug.to_owned() })
    }
}

impl fmt::Display for Team {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.org, self.slug)
    }
}

/// The contents of a facts file: pull requests and team memberships.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Team memberships, `org/team-slug` → logins.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub teams: Teams,
    /// Pull requests.
    #[serde(default)]
    pub pulls: Vec<PullRequest>,
}

/// A forge that reads its facts from a YAML file (the format of [`Facts`]).
#[derive(Debug, Clone)]
pub struct FileForge {
    path: PathBuf,
    facts: Facts,
}

impl FileForge {
    /// Reads `path`.
    pub fn open(path: &Path) -> Result<FileForge> {
        let source = Error::read_yaml(path)?;
        let facts: Facts = serde_yaml::from_str(&source).map_err(|e| Error::yaml_in(path, &source, e))?;
        let lines = changelog::locate::Lines::of(&source);
        let mut seen = std::collections::HashSet::new();
        for (i, pr) in facts.pulls.iter().enumerate() {
            if !seen.insert(pr.number) {
                return Err(Error::invalid(
                    path,
                    lines.line(&format!("pulls[{i}].number")),
                    format!("pull request #{} appears twice", pr.number),
                ));
            }
        }
        Ok(FileForge { path: path.to_owned(), facts })
    }

    /// A forge over facts already in memory; `path` names them in messages.
    pub fn from_facts(path: impl Into<PathBuf>, facts: Facts) -> FileForge {
        FileForge { path: path.into(), facts }
    }
}

impl Forge for FileForge {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn pull_request(&self, number: u64) -> Result<PullRequest> {
        self.facts.pulls.iter().find(|p| p.number == number).cloned().ok_or_else(|| {
            let mut numbers: Vec<String> = self.facts.pulls.iter().map(|p| format!("#{}", p.number)).collect();
            if numbers.is_empty() {
                numbers.push("none".to_owned());
            }
            Error::NoSuchPullRequest { path: self.path.clone(), number, available: numbers.join(", ") }
        })
    }

    fn team_members(&self, team: &Team) -> Result<Vec<String>> {
        Ok(self.facts.teams.get(&team.to_string()).cloned().unwrap_or_default())
    }

    fn labels(&self, number: u64) -> Result<Vec<String>> {
        Ok(self.pull_request(number)?.labels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_refs() {
        assert_eq!(PullRef::parse("123"), Some(PullRef { repo: None, number: 123 }));
        assert_eq!(PullRef::parse("#7"), Some(PullRef { repo: None, number: 7 }));
        let r = PullRef::parse("https://github.com/nodejs/node/pull/51234").unwrap();
        assert_eq!(r.repo.unwrap().to_string(), "nodejs/node");
        assert_eq!(r.number, 51234);
        assert_eq!(PullRef::parse("nodejs/node#5").unwrap().number, 5);
        assert_eq!(PullRef::parse("nodejs/node"), None);
        assert_eq!(PullRef::parse("https://github.com/nodejs/node/tree/main"), None);
    }
}
