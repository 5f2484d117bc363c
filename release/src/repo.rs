//! Repository facts the release commands share: is the work tree clean,
//! which tags are releases of a line, who is committing; and the tree and
//! file helpers of `prepare`, `promote` and the release notes: files read
//! from a tree, edits written into a new one, version files rewritten.

use std::path::Path;

use git2::{Oid, Repository, RepositoryState, Signature, Status, StatusOptions, Time};

use crate::config::ReleaseConfig;
use crate::error::{Error, GitContext, Result};
use crate::schedule::LineId;
use crate::version_file::Values;

/// Refuses a repository with a transaction journal left (see
/// [`crate::journal`]), an operation in progress or uncommitted changes to
/// tracked files (untracked files are fine: they are never
/// overwritten, a checkout that would overwrite one fails instead).
pub fn ensure_clean(repo: &Repository) -> Result<()> {
    // Half a transaction is not "uncommitted changes": it needs recovery.
    if let Some(pending) = crate::journal::pending_anywhere(repo)? {
        return Err(Error::Release(pending));
    }
    let state = match repo.state() {
        RepositoryState::Clean => None,
        RepositoryState::Merge => Some("merge"),
        RepositoryState::Revert | RepositoryState::RevertSequence => Some("revert"),
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => Some("cherry-pick"),
        RepositoryState::Bisect => Some("bisect"),
        RepositoryState::Rebase | RepositoryState::RebaseInteractive | RepositoryState::RebaseMerge => Some("rebase"),
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => Some("`git am`"),
    };
    if let Some(state) = state {
        return Err(Error::InProgress(state.into()));
    }
    let mut opts = StatusOptions::new();
    opts.include_untracked(false).include_ignored(false).exclude_submodules(true);
    let statuses = repo.statuses(Some(&mut opts)).git(|| "reading the work tree status".into())?;
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|s| !s.status().is_empty() && s.status() != Status::IGNORED)
        .map(|s| s.path().unwrap_or("?").to_owned())
        .collect();
    if !dirty.is_empty() {
        let mut paths: Vec<String> = dirty.iter().take(5).cloned().collect();
        if dirty.len() > 5 {
            paths.push(format!("and {} more", dirty.len() - 5));
        }
        return Err(Error::Dirty { paths });
    }
    Ok(())
}

/// The commit a local branch points at, if the branch exists.
pub fn branch_head(repo: &Repository, branch: &str) -> Result<Option<Oid>> {
    match repo.find_reference(&format!("refs/heads/{branch}")) {
        Ok(r) => {
            let commit = r.peel_to_commit().git(|| format!("reading branch `{branch}`"))?;
            Ok(Some(commit.id()))
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(error) => Err(Error::Git { context: format!("reading branch `{branch}`"), error }),
    }
}

/// The commit a local branch points at, or an error naming it.
pub fn require_branch(repo: &Repository, branch: &str, hint: &str) -> Result<Oid> {
    branch_head(repo, branch)?.ok_or_else(|| Error::NotFound { kind: "branch", name: branch.into(), hint: hint.into() })
}

/// The commit `rev` names.
pub fn resolve_commit(repo: &Repository, rev: &str) -> Result<Oid> {
    let obj = repo.revparse_single(rev).map_err(|_| Error::NotFound {
        kind: "revision",
        name: rev.into(),
        hint: String::new(),
    })?;
    let commit = obj.peel_to_commit().git(|| format!("`{rev}` does not name a commit"))?;
    Ok(commit.id())
}

/// A release tag of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseTag {
    /// The version it stands for.
    pub version: semver::Version,
    /// The tag name.
    pub name: String,
    /// The commit it points at.
    pub commit: Oid,
    /// The tag message (empty for lightweight tags).
    pub message: String,
}

/// Every release tag of `line` (tags in the policy's format whose version
/// belongs to the line, pre-releases excluded), newest version first.
pub fn line_tags(repo: &Repository, config: &ReleaseConfig, line: LineId) -> Result<Vec<ReleaseTag>> {
    let mut tags = Vec::new();
    let names = repo.tag_names(None).git(|| "listing tags".into())?;
    for name in names.iter().filter_map(|n| n.ok().flatten()) {
        let Some(version) = config.version_of_tag(name) else { continue };
        if !line.contains(&version) || !version.pre.is_empty() {
            continue;
        }
        let reference = repo.find_reference(&format!("refs/tags/{name}")).git(|| format!("reading tag `{name}`"))?;
        let commit = reference.peel_to_commit().git(|| format!("tag `{name}` does not point at a commit"))?;
        let message = reference
            .peel_to_tag()
            .ok()
            .and_then(|t| t.message().ok().flatten().map(str::to_owned))
            .unwrap_or_default();
        tags.push(ReleaseTag { version, name: name.to_owned(), commit: commit.id(), message });
    }
    tags.sort_by(|a, b| b.version.cmp(&a.version));
    Ok(tags)
}

/// The newest release of `line` whose commit is reachable from `head`.
///
/// In a shallow clone (or one with grafts) the answer is only trusted when
/// the history from that release to `head` is all there; otherwise a
/// release beyond the clone's depth would be missed, and this fails with
/// [`changelog::Error::IncompleteHistory`].
pub fn last_release(repo: &Repository, config: &ReleaseConfig, line: LineId, head: Oid) -> Result<Option<ReleaseTag>> {
    let mut found = None;
    for tag in line_tags(repo, config, line)? {
        if tag.commit == head
            || repo.graph_descendant_of(head, tag.commit).git(|| format!("comparing with `{}`", tag.name))?
        {
            found = Some(tag);
            break;
        }
    }
    let boundary = changelog::HistoryBoundary::of(repo);
    if !boundary.is_empty() {
        let what = match &found {
            Some(tag) => format!("the search for the last release of {line} (from {} on)", tag.name),
            None => format!("the search for the last release of {line} (none found)"),
        };
        let mut walk = repo.revwalk().git(|| "walking history".into())?;
        walk.push(head).git(|| format!("walking from {head}"))?;
        if let Some(tag) = &found {
            walk.hide(tag.commit).git(|| format!("walking from {}", tag.name))?;
        }
        for oid in walk {
            boundary.check(oid.git(|| "walking history".into())?, &what)?;
        }
    }
    Ok(found)
}

/// Who commits now: the author and committer, from `GIT_AUTHOR_*` and
/// `GIT_COMMITTER_*` (name, email, date) like git, else `user.name` and
/// `user.email`, at the current time.
pub fn identities(repo: &Repository) -> Result<(Signature<'static>, Signature<'static>)> {
    let config = repo.config().git(|| "reading git config".into())?;
    let from_config = |key: &str| config.get_string(key).ok();
    let make = |role: &str| -> Result<Signature<'static>> {
        let name = std::env::var(format!("GIT_{role}_NAME")).ok().or_else(|| from_config("user.name"));
        let email = std::env::var(format!("GIT_{role}_EMAIL")).ok().or_else(|| from_config("user.email"));
        let (Some(name), Some(email)) = (name, email) else {
            return Err(Error::Invalid {
                what: "git identity".into(),
                message: "set user.name and user.email (git config) before committing".into(),
            });
        };
        let time = match std::env::var(format!("GIT_{role}_DATE")) {
            Ok(date) => parse_git_date(&date).ok_or_else(|| Error::Invalid {
                what: format!("GIT_{role}_DATE={date}"),
                message: "expected `@<unix seconds> [+hhmm]` or an ISO 8601 date-time".into(),
            })?,
            Err(_) => {
                let now = chrono::Local::now();
                Time::new(now.timestamp(), now.offset().local_minus_utc() / 60)
            }
        };
        Signature::new(&name, &email, &time).git(|| format!("making a signature for {name} <{email}>"))
    };
    Ok((make("AUTHOR")?, make("COMMITTER")?))
}

/// Git's internal date (`@1700000000 +0100` or `1700000000 +0100`) or an
/// ISO 8601 / RFC 3339 date-time.
fn parse_git_date(s: &str) -> Option<Time> {
    let s = s.trim();
    let raw = s.strip_prefix('@').unwrap_or(s);
    let mut parts = raw.split_whitespace();
    if let Some(secs) = parts.next().and_then(|p| p.parse::<i64>().ok()) {
        let offset = match parts.next() {
            Some(tz) => parse_offset(tz)?,
            None => 0,
        };
        return Some(Time::new(secs, offset));
    }
    let dt = chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z"))
        .ok()?;
    Some(Time::new(dt.timestamp(), dt.offset().local_minus_utc() / 60))
}

fn parse_offset(tz: &str) -> Option<i32> {
    let (sign, digits) = match tz.as_bytes().first()? {
        b'+' => (1, &tz[1..]),
        b'-' => (-1, &tz[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

/// A file the release commit changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEdit {
    /// Path relative to the repository root.
    pub path: String,
    /// Whether the file is new.
    pub created: bool,
    /// Its new content.
    pub content: Vec<u8>,
    /// What changed, for the plan (`line 2: version = "20.1.0"`).
    pub summary: Vec<String>,
}

/// Every version file of the policy, rewritten for `values`, read from
/// `tree`. `working` selects only the files that follow "Working on" commits.
pub(crate) fn bump_version_files(
    repo: &Repository,
    config: &ReleaseConfig,
    tree: &git2::Tree<'_>,
    branch: &str,
    values: &Values,
    working: bool,
) -> Result<Vec<FileEdit>> {
    let policy_text = std::fs::read_to_string(&config.path).unwrap_or_default();
    let mut edits: Vec<FileEdit> = Vec::new();
    for file in &config.version_files {
        if working && !file.working {
            continue;
        }
        let existing = edits.iter().position(|e| e.path == file.path);
        let mut text = match existing {
            Some(i) => String::from_utf8(edits[i].content.clone()).expect("edits of version files are UTF-8"),
            None => read_text(repo, tree, &file.path)?.ok_or_else(|| Error::VersionFile {
                path: file.path.clone(),
                message: format!("not found on `{branch}`"),
            })?,
        };
        let mut summary = Vec::new();
        for pattern in &file.patterns {
            let Some((new, changes)) = pattern.apply(&text, values, file.all) else {
                let at = changelog::locate::text_line(&policy_text, pattern.source())
                    .map(|l| format!(" ({}:{l})", config.path.display()))
                    .unwrap_or_default();
                return Err(Error::VersionFile {
                    path: file.path.clone(),
                    message: format!("pattern `{}`{at} matches no line on `{branch}`", pattern.source()),
                });
            };
            text = new;
            summary.extend(
                changes.into_iter().filter(|c| c.old != c.new).map(|c| format!("line {}: {}", c.line, c.new.trim())),
            );
        }
        match existing {
            Some(i) => {
                edits[i].content = text.into_bytes();
                edits[i].summary.extend(summary);
            }
            None => {
                edits.push(FileEdit { path: file.path.clone(), created: false, content: text.into_bytes(), summary })
            }
        }
    }
    Ok(edits)
}

/// The text of `path` in `tree` (`None` when absent).
pub(crate) fn read_text(repo: &Repository, tree: &git2::Tree<'_>, path: &str) -> Result<Option<String>> {
    let entry = match tree.get_path(Path::new(path)) {
        Ok(e) => e,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(error) => return Err(Error::Git { context: format!("reading `{path}`"), error }),
    };
    let blob = repo.find_blob(entry.id()).git(|| format!("reading `{path}`"))?;
    String::from_utf8(blob.content().to_vec())
        .map(Some)
        .map_err(|_| Error::VersionFile { path: path.into(), message: "is not UTF-8 text".into() })
}

/// `base` with `edits` applied, written to the object database.
pub(crate) fn write_tree(repo: &Repository, base: &git2::Tree<'_>, edits: &[FileEdit]) -> Result<Oid> {
    let mut index = git2::Index::new().git(|| "making an in-memory index".into())?;
    index.read_tree(base).git(|| "reading the base tree".into())?;
    for edit in edits {
        let mode = base.get_path(Path::new(&edit.path)).map(|e| e.filemode() as u32).unwrap_or(0o100644);
        let blob = repo.blob(&edit.content).git(|| format!("writing `{}`", edit.path))?;
        let entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode,
            uid: 0,
            gid: 0,
            file_size: edit.content.len() as u32,
            id: blob,
            flags: (edit.path.len().min(0xfff)) as u16,
            flags_extended: 0,
            path: edit.path.as_bytes().to_vec(),
        };
        index.add(&entry).git(|| format!("adding `{}`", edit.path))?;
    }
    index.write_tree_to(repo).git(|| "writing the release tree".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_dates() {
        let t = parse_git_date("@1700000000 +0130").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_700_000_000, 90));
        let t = parse_git_date("1700000000 -0500").unwrap();
        assert_eq!(t.offset_minutes(), -300);
        let t = parse_git_date("2024-01-01T00:00:00Z").unwrap();
        assert_eq!(t.seconds(), 1_704_067_200);
        assert!(parse_git_date("yesterday").is_none());
    }
}
