//! Reading commits out of a git repository (`git2`): ranges, tags, and the
//! conversion of a git commit into a [`Commit`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset, TimeZone};
use git2::{Oid, Repository, Sort};

use crate::commit::{Commit, Person};
use crate::error::{Error, Result};

/// Which commits to read, as the user says it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Range {
    /// From the last tag reachable from `HEAD` to `HEAD`; the whole history
    /// when no tag is reachable.
    #[default]
    SinceLastTag,
    /// From tag `tag` (which must exist) to `HEAD`.
    SinceTag(String),
    /// Commits reachable from `to` but not from `from` (git's `from..to`);
    /// the whole history of `to` when `from` is `None`.
    Between {
        /// The excluded end (`A` in `A..B`).
        from: Option<String>,
        /// The included end (`B` in `A..B`).
        to: String,
    },
}

impl Range {
    /// Parses git's range syntax: `A..B`, `A..` (to `HEAD`), `..B` and `B`
    /// (whole history of `B`). `A...B` is rejected.
    pub fn parse(spec: &str) -> Result<Range> {
        let invalid = |reason: &str| Error::InvalidRange { range: spec.to_owned(), reason: reason.to_owned() };
        if spec.trim().is_empty() {
            return Err(invalid("it is empty"));
        }
        if spec.contains("...") {
            return Err(invalid("symmetric differences (`A...B`) are not supported; use `A..B`"));
        }
        match spec.split_once("..") {
            Some((from, to)) => {
                if to.contains("..") {
                    return Err(invalid("it has more than one `..`"));
                }
                let to = if to.is_empty() { "HEAD" } else { to };
                let from = if from.is_empty() { None } else { Some(from.to_owned()) };
                if from.is_none() && to == "HEAD" && spec == ".." {
                    return Err(invalid("give at least one end"));
                }
                Ok(Range::Between { from, to: to.to_owned() })
            }
            None => Ok(Range::Between { from: None, to: spec.to_owned() }),
        }
    }
}

/// Settings for reading a range; the defaults suit a Node-style changelog.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Leave out Node release commits (`2024-01-09, Version 20.11.0 …`,
    /// `Working on v1.2.3`, bare `1.2.3`), like changelog-maker's
    /// `isReleaseCommit`. Default: true.
    pub skip_release_commits: bool,
    /// Leave out merge commits. Default: false (changelog-maker keeps them).
    pub skip_merges: bool,
    /// Only tags whose name matches this glob (`v*`) count as "the last
    /// tag". Default: every tag.
    pub tag_pattern: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions { skip_release_commits: true, skip_merges: false, tag_pattern: None }
    }
}

/// One end of a resolved range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// How the user (or the default) named it: `v20.1.0`, `HEAD`.
    pub name: String,
    /// The commit's full hex sha.
    pub sha: String,
}

/// A [`Range`] resolved against a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedRange {
    /// The excluded end; `None` for the whole history.
    pub from: Option<Endpoint>,
    /// The included end.
    pub to: Endpoint,
}

impl std::fmt::Display for ResolvedRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.from {
            Some(from) => write!(f, "{}..{}", from.name, self.to.name),
            None => write!(f, "{}", self.to.name),
        }
    }
}

/// Where this repository's history stops short: commits whose parents a
/// shallow clone does not have (`.git/shallow`), or whose parents
/// `.git/info/grafts` replaces. A walk that reaches one of them gives an
/// answer the full history would not (fewer commits, an older tag), so the
/// walks of this toolkit stop there with [`Error::IncompleteHistory`].
#[derive(Debug, Clone, Default)]
pub struct HistoryBoundary {
    shallow: HashSet<Oid>,
    grafted: HashSet<Oid>,
}

impl HistoryBoundary {
    /// The boundary of `repo` (empty for a full clone without grafts).
    pub fn of(repo: &Repository) -> HistoryBoundary {
        let read = |name: &str| -> HashSet<Oid> {
            let Ok(text) = std::fs::read_to_string(repo.commondir().join(name)) else { return HashSet::new() };
            // One commit a line (grafts: the commit, then its new parents).
            text.lines().filter_map(|l| l.split_whitespace().next()).filter_map(|s| Oid::from_str(s).ok()).collect()
        };
        HistoryBoundary { shallow: read("shallow"), grafted: read("info/grafts") }
    }

    /// Whether the history is complete (no shallow commits, no grafts).
    pub fn is_empty(&self) -> bool {
        self.shallow.is_empty() && self.grafted.is_empty()
    }

    /// Fails when `oid`, met while walking `what`, is on the boundary.
    pub fn check(&self, oid: Oid, what: &str) -> Result<()> {
        let reason = if self.shallow.contains(&oid) {
            "parents are not in this repository (it is a shallow clone)"
        } else if self.grafted.contains(&oid) {
            "parents are replaced by .git/info/grafts"
        } else {
            return Ok(());
        };
        Err(Error::IncompleteHistory { what: what.to_owned(), commit: oid.to_string(), reason })
    }
}

/// Opens the repository at or above `path` (like git does from a subfolder).
pub fn open_repository(path: &Path) -> Result<Repository> {
    Repository::discover(path)
        .map_err(|e| Error::OpenRepository { path: path.to_owned(), message: e.message().to_owned() })
}

/// The commit a revision names (`HEAD`, `v1.0.0`, `main~2`, a sha).
fn resolve_rev(repo: &Repository, rev: &str) -> Result<Oid> {
    let unknown = |e: git2::Error| {
        let mut message = e.message().to_owned();
        if repo.is_shallow() {
            message.push_str(
                "; this is a shallow clone, so it may lie in the history it does not have \
                 (`git fetch --unshallow` fetches it)",
            );
        }
        Error::UnknownRevision { rev: rev.to_owned(), message }
    };
    let object = repo.revparse_single(rev).map_err(unknown)?;
    let commit = object.peel_to_commit().map_err(unknown)?;
    Ok(commit.id())
}

/// Every tag, by the commit it points to (peeled), names sorted.
fn tags_by_commit(repo: &Repository, pattern: Option<&globset::GlobMatcher>) -> Result<HashMap<Oid, Vec<String>>> {
    let mut map: HashMap<Oid, Vec<String>> = HashMap::new();
    let refs = repo.references_glob("refs/tags/*").map_err(|e| Error::git("refs/tags", e))?;
    for reference in refs {
        let reference = reference.map_err(|e| Error::git("refs/tags", e))?;
        let Ok(name) = reference.shorthand().map(str::to_owned) else { continue };
        if pattern.is_some_and(|p| !p.is_match(&name)) {
            continue;
        }
        // Tags of trees or blobs have no place in history.
        if let Ok(commit) = reference.peel_to_commit() {
            map.entry(commit.id()).or_default().push(name);
        }
    }
    for names in map.values_mut() {
        names.sort();
    }
    Ok(map)
}

/// The last tag reachable from `from` (the nearest tagged commit walking
/// back in commit-time order, `from` itself included), with its commit.
pub fn last_tag(repo: &Repository, from: &str, tag_pattern: Option<&str>) -> Result<Option<Endpoint>> {
    let matcher = compile_pattern(tag_pattern)?;
    let start = resolve_rev(repo, from)?;
    let tags = tags_by_commit(repo, matcher.as_ref())?;
    if tags.is_empty() {
        return Ok(None);
    }
    let mut walk = repo.revwalk().map_err(|e| Error::git(from, e))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME).map_err(|e| Error::git(from, e))?;
    walk.push(start).map_err(|e| Error::git(from, e))?;
    let boundary = HistoryBoundary::of(repo);
    for oid in walk {
        let oid = oid.map_err(|e| Error::git(from, e))?;
        if let Some(names) = tags.get(&oid) {
            let name = names.last().expect("tag lists are never empty").clone();
            return Ok(Some(Endpoint { name, sha: oid.to_string() }));
        }
        // Past here, the last tag may be in history this clone lacks.
        boundary.check(oid, &format!("the search for the last tag from {from}"))?;
    }
    Ok(None)
}

fn compile_pattern(pattern: Option<&str>) -> Result<Option<globset::GlobMatcher>> {
    pattern
        .map(|p| {
            globset::Glob::new(p).map(|g| g.compile_matcher()).map_err(|e| Error::InvalidValue {
                what: "tag pattern",
                value: p.to_owned(),
                reason: e.kind().to_string(),
            })
        })
        .transpose()
}

/// Resolves `range` in `repo`: names to commits, the default to the last tag.
pub fn resolve_range(repo: &Repository, range: &Range, options: &ReadOptions) -> Result<ResolvedRange> {
    let endpoint = |name: &str| -> Result<Endpoint> {
        Ok(Endpoint { name: name.to_owned(), sha: resolve_rev(repo, name)?.to_string() })
    };
    match range {
        Range::SinceLastTag => {
            let to = endpoint("HEAD")?;
            let from = last_tag(repo, "HEAD", options.tag_pattern.as_deref())?;
            Ok(ResolvedRange { from, to })
        }
        Range::SinceTag(tag) => {
            let refname = format!("refs/tags/{tag}");
            let reference = repo.find_reference(&refname).map_err(|_| Error::MissingTag { tag: tag.clone() })?;
            let commit = reference
                .peel_to_commit()
                .map_err(|e| Error::UnknownRevision { rev: tag.clone(), message: e.message().to_owned() })?;
            Ok(ResolvedRange {
                from: Some(Endpoint { name: tag.clone(), sha: commit.id().to_string() }),
                to: endpoint("HEAD")?,
            })
        }
        Range::Between { from, to } => {
            Ok(ResolvedRange { from: from.as_deref().map(endpoint).transpose()?, to: endpoint(to)? })
        }
    }
}

/// The commits of a resolved range, newest first (git log's order), with
/// release commits and merges left out as `options` say.
///
/// Fails with [`Error::EmptyRange`] when the range holds no commits, or
/// none are left after leaving out release commits and merges, and with
/// [`Error::NonUtf8`] on a message or name that is not UTF-8.
pub fn read_range(repo: &Repository, range: &ResolvedRange, options: &ReadOptions) -> Result<Vec<Commit>> {
    let what = range.to_string();
    let git = |e: git2::Error| Error::git(what.clone(), e);
    let mut walk = repo.revwalk().map_err(git)?;
    walk.set_sorting(Sort::TIME).map_err(git)?;
    walk.push(Oid::from_str(&range.to.sha).map_err(git)?).map_err(git)?;
    if let Some(from) = &range.from {
        walk.hide(Oid::from_str(&from.sha).map_err(git)?).map_err(git)?;
    }
    let mailmap = repo.mailmap().ok();
    let boundary = HistoryBoundary::of(repo);
    let mut commits = Vec::new();
    let mut seen_any = false;
    let mut skipped = 0usize;
    for oid in walk {
        let oid = oid.map_err(git)?;
        boundary.check(oid, &format!("the range `{what}`"))?;
        seen_any = true;
        let raw = repo.find_commit(oid).map_err(|e| Error::git(oid.to_string(), e))?;
        if options.skip_merges && raw.parent_count() > 1 {
            skipped += 1;
            continue;
        }
        let commit = commit_from_git(&raw, mailmap.as_ref())?;
        if options.skip_release_commits && commit.release_commit {
            skipped += 1;
            continue;
        }
        commits.push(commit);
    }
    if !seen_any {
        let detail = match &range.from {
            Some(from) if from.sha == range.to.sha => format!(
                "it holds no commits; {} is at {} itself: name an earlier start, e.g. `<previous tag>..{}`",
                from.name, range.to.name, range.to.name
            ),
            _ => "it holds no commits".to_owned(),
        };
        return Err(Error::EmptyRange { range: what, detail });
    }
    if commits.is_empty() {
        return Err(Error::EmptyRange {
            range: what,
            detail: if skipped == 1 {
                "its only commit is a release commit or a merge, left out (see --keep-release-commits, --no-merges)"
                    .into()
            } else {
                format!(
                    "its {skipped} commits are release commits or merges, left out (see --keep-release-commits, --no-merges)"
                )
            },
        });
    }
    Ok(commits)
}

/// Resolves and reads `range` in one call.
pub fn read_commits(repo: &Repository, range: &Range, options: &ReadOptions) -> Result<(ResolvedRange, Vec<Commit>)> {
    let resolved = resolve_range(repo, range, options)?;
    let commits = read_range(repo, &resolved, options)?;
    Ok((resolved, commits))
}

/// Converts one git commit (names through `mailmap` when given).
pub fn commit_from_git(raw: &git2::Commit<'_>, mailmap: Option<&git2::Mailmap>) -> Result<Commit> {
    let sha = raw.id().to_string();
    let message = raw.message().map_err(|_| Error::NonUtf8 { sha: sha.clone(), what: "message" })?;
    let person = |sig: git2::Signature<'_>, what_name: &'static str| -> Result<(Person, DateTime<FixedOffset>)> {
        let mapped = mailmap.and_then(|m| m.resolve_signature(&sig).ok());
        let sig = mapped.as_ref().unwrap_or(&sig);
        let name = sig.name().map_err(|_| Error::NonUtf8 { sha: sha.clone(), what: what_name })?;
        let email = sig.email().map_err(|_| Error::NonUtf8 { sha: sha.clone(), what: what_name })?;
        Ok((Person::new(name, email), to_datetime(sig.when())))
    };
    let (author, author_time) = person(raw.author(), "author")?;
    let (committer, commit_time) = person(raw.committer(), "committer")?;
    let mut commit = Commit::new(sha.clone(), author, author_time, message);
    commit.committer = committer;
    commit.commit_time = commit_time;
    commit.parents = raw.parent_ids().map(|p| p.to_string()).collect();
    Ok(commit)
}

fn to_datetime(time: git2::Time) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(time.offset_minutes() * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    offset
        .timestamp_opt(time.seconds(), 0)
        .single()
        .unwrap_or_else(|| offset.timestamp_opt(0, 0).single().expect("the epoch exists in every offset"))
}
