//! `release prepare`: from a line's staging branch, the next version, its
//! proposal branch and its release commit (version files bumped, changelog
//! entry written), as Node's releasers do it (doc/contributing/releases.md,
//! node-core-utils `git node release --prepare`).
//!
//! [`plan`] reads everything and decides everything without changing the
//! repository (that is `--dry-run`); [`apply`] writes the objects and then
//! changes refs, HEAD, index and work tree in one [`Transaction`].

use chrono::NaiveDate;
use git2::{Oid, Repository};

use crate::config::ReleaseConfig;
use crate::error::{Error, GitContext, Result};
use crate::notes;
use crate::project::Project;
use crate::release_commit::{ReleaseTitle, wrap};
use crate::repo::{self, FileEdit, ReleaseTag, bump_version_files, read_text, write_tree};
use crate::schedule::{LineId, Phase};
use crate::transaction::Transaction;
use crate::version_file::Values;

/// What to prepare; everything has a default.
#[derive(Debug, Clone)]
pub struct PrepareOptions {
    /// The line (default: the one whose staging or release branch is checked out).
    pub line: Option<LineId>,
    /// Mark the release as a security release.
    pub security: bool,
    /// This release starts LTS for the line, with this codename.
    pub start_lts: Option<String>,
    /// Who releases (the changelog heading's `@releaser`).
    pub releaser: Option<String>,
    /// The version, instead of computing it from the commits.
    pub version: Option<semver::Version>,
    /// The release date (the commit title's `YYYY-MM-DD`).
    pub date: NaiveDate,
}

/// Everything `prepare` will do.
#[derive(Debug, Clone)]
pub struct PreparePlan {
    /// The line.
    pub line: LineId,
    /// The staging branch and its head.
    pub staging: (String, Oid),
    /// The release the new one follows on this line, if any.
    pub previous: Option<ReleaseTag>,
    /// Where the commit range starts (the previous release, or the newest
    /// release of an older line for a line's first release).
    pub since: Option<ReleaseTag>,
    /// The commits released (release commits left out), newest first.
    pub commits: Vec<changelog::Commit>,
    /// Their combined semver impact.
    pub impact: changelog::Impact,
    /// The new version, date and codename.
    pub title: ReleaseTitle,
    /// Whether this release starts LTS.
    pub lts_transition: bool,
    /// Whether it is a security release.
    pub security: bool,
    /// The releaser's name for the changelog heading.
    pub releaser: Option<String>,
    /// The proposal branch to create.
    pub proposal: String,
    /// The release commit's whole message.
    pub message: String,
    /// The files it changes.
    pub edits: Vec<FileEdit>,
    /// Things the releaser should know (an End-of-Life line, …).
    pub warnings: Vec<String>,
}

/// What `apply` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The proposal branch (now checked out).
    pub branch: String,
    /// The release commit.
    pub commit: Oid,
}

/// Decides the release without changing anything.
pub fn plan(project: &Project, opts: &PrepareOptions) -> Result<PreparePlan> {
    let repo = project.repo()?;
    let config = &project.config;
    repo::ensure_clean(repo)?;
    let line = match opts.line {
        Some(line) => line,
        None => line_of_head(repo, config)?,
    };
    let staging = config.staging_branch(line);
    let staging_head = repo::require_branch(
        repo,
        &staging,
        &format!("; create the line with `git nodus line create {} --from <rev>`", line.number()),
    )?;
    let mut warnings = Vec::new();
    let release_branch = config.release_branch(line);
    match repo::branch_head(repo, &release_branch)? {
        None => warnings
            .push(format!("the release branch `{release_branch}` does not exist yet; `release promote` needs it")),
        Some(release_head) => {
            if release_head != staging_head
                && !repo.graph_descendant_of(staging_head, release_head).git(|| "comparing branches".into())?
            {
                warnings.push(format!(
                    "`{staging}` does not contain `{release_branch}`: `release promote` will not be able to fast-forward it"
                ));
            }
        }
    }

    let previous = repo::last_release(repo, config, line, staging_head)?;
    let since = match &previous {
        Some(p) => Some(p.clone()),
        None => newest_older_release(repo, config, line, staging_head)?,
    };
    let mut commits = notes::read_commits(project, repo, since.as_ref().map(|t| t.commit), staging_head)?;
    commits.retain(|c| !c.release_commit);
    if commits.is_empty() {
        let after = since.as_ref().map(|t| format!(" since {}", t.name)).unwrap_or_default();
        return Err(Error::Release(format!("nothing to release: `{staging}` has no new commits{after}")));
    }
    let impact = changelog::Impact::of_range(&commits);

    // LTS: the schedule decides which lines are LTS and when.
    let scheduled = config.schedule.line(line);
    let previous_codename = previous.as_ref().and_then(|p| codename_of_release(repo, p));
    let codename = match &opts.start_lts {
        Some(name) => {
            if let Some(p) = &previous
                && let Some(c) = &previous_codename
            {
                return Err(Error::Invalid {
                    what: format!("--start-lts {name}"),
                    message: format!("{line} is already LTS ('{c}') since {} or earlier", p.name),
                });
            }
            let Some(s) = scheduled.filter(|s| s.is_lts()) else {
                return Err(Error::Invalid {
                    what: format!("--start-lts {name}"),
                    message: format!(
                        "{} gives {line} no `lts` date; the schedule decides which lines become LTS",
                        config.path.display()
                    ),
                });
            };
            if let Some(expected) = s.codename()
                && expected != name
            {
                return Err(Error::Invalid {
                    what: format!("--start-lts {name}"),
                    message: format!("{} gives {line} the codename '{expected}'", config.path.display()),
                });
            }
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') {
                return Err(Error::Invalid {
                    what: format!("--start-lts {name}"),
                    message: "a codename holds letters, digits, spaces and dashes".into(),
                });
            }
            Some(name.clone())
        }
        None => {
            if previous_codename.is_none()
                && let Some(s) = scheduled
                && s.is_lts()
                && matches!(s.phase_on(opts.date), Phase::ActiveLts | Phase::Maintenance)
            {
                let lts = s.lts.expect("is_lts");
                return Err(Error::Release(format!(
                    "{} puts {line} in LTS since {lts}, but its last release was not LTS: \
                     pass --start-lts {} for the release that starts LTS",
                    config.path.display(),
                    s.codename().unwrap_or("<codename>")
                )));
            }
            previous_codename
        }
    };
    if let Some(s) = scheduled {
        let phase = s.phase_on(opts.date);
        if phase == Phase::EndOfLife {
            warnings.push(format!("{line} reached End-of-Life on {}", s.end.expect("End-of-Life has an end date")));
        }
    }

    let version = match &opts.version {
        Some(v) => {
            if v.patch == u64::MAX || v.minor == u64::MAX {
                return Err(Error::Invalid {
                    what: format!("--version {v}"),
                    message: "a version number is too large: the version after it (`Working on`) would overflow".into(),
                });
            }
            if !line.contains(v) {
                return Err(Error::Invalid {
                    what: format!("--version {v}"),
                    message: format!("{v} is not on line {line}"),
                });
            }
            if !v.pre.is_empty() || !v.build.is_empty() {
                return Err(Error::Invalid {
                    what: format!("--version {v}"),
                    message: "give a release version X.Y.Z".into(),
                });
            }
            if let Some(p) = &previous
                && *v <= p.version
            {
                return Err(Error::Invalid {
                    what: format!("--version {v}"),
                    message: format!("it must come after the last release {}", p.name),
                });
            }
            v.clone()
        }
        None => next_version(line, previous.as_ref(), impact, opts.start_lts.is_some(), &commits)?,
    };
    let tag = config.tag_name(&version);
    if repo.find_reference(&format!("refs/tags/{tag}")).is_ok() {
        return Err(Error::Exists { kind: "tag", name: tag });
    }
    let proposal = config.proposal_branch(&version);
    if repo::branch_head(repo, &proposal)?.is_some() {
        return Err(Error::Exists { kind: "branch", name: proposal });
    }

    let title = ReleaseTitle { date: opts.date, version: version.clone(), codename: codename.clone() };
    let releaser = opts.releaser.clone().or_else(|| default_releaser(repo));
    let lts_transition = opts.start_lts.is_some();
    let tree = repo.find_commit(staging_head).and_then(|c| c.tree()).git(|| format!("reading `{staging}`"))?;
    let values = Values {
        version: version.clone(),
        codename: codename.clone().unwrap_or_default(),
        is_lts: codename.is_some(),
        is_release: true,
    };
    let mut edits = bump_version_files(repo, config, &tree, &staging, &values, false)?;
    replace_tokens(repo, config, &tree, &version, &mut edits)?;
    let notes = notes::release_notes(
        project,
        repo,
        &tree,
        &notes::Entry {
            title: &title,
            releaser: releaser.as_deref(),
            security: opts.security,
            lts_transition,
            schedule: scheduled,
        },
        &commits,
    )?;
    for edit in notes.edits {
        merge_edit(&mut edits, edit);
    }
    let message = release_message(&title, opts.security, notes.start_lts_blurb.as_deref(), &notes.notable_plain);
    Ok(PreparePlan {
        line,
        staging: (staging, staging_head),
        previous,
        since,
        commits,
        impact,
        title,
        lts_transition,
        security: opts.security,
        releaser,
        proposal,
        message,
        edits,
        warnings,
    })
}

/// Makes the release commit and the proposal branch, and checks it out.
pub fn apply(project: &Project, plan: &PreparePlan) -> Result<Prepared> {
    let repo = project.repo()?;
    repo::ensure_clean(repo)?;
    let (staging, staging_head) = &plan.staging;
    let parent = repo.find_commit(*staging_head).git(|| format!("reading `{staging}`"))?;
    let tree = write_tree(repo, &parent.tree().git(|| format!("reading `{staging}`"))?, &plan.edits)?;
    let tree = repo.find_tree(tree).git(|| "reading the release tree".into())?;
    let (author, committer) = repo::identities(repo)?;
    let commit = repo
        .commit(None, &author, &committer, &plan.message, &tree, &[&parent])
        .git(|| "making the release commit".into())?;
    let mut tx = Transaction::new(repo, format!("nodus: release prepare {}", plan.title.version));
    tx.create(format!("refs/heads/{}", plan.proposal), commit);
    tx.checkout(&plan.proposal, commit);
    tx.commit()?;
    Ok(Prepared { branch: plan.proposal.clone(), commit })
}

/// The line whose staging or release branch HEAD is on.
fn line_of_head(repo: &Repository, config: &ReleaseConfig) -> Result<LineId> {
    let head = repo.head().ok();
    let branch = head.as_ref().filter(|h| h.is_branch()).and_then(|h| h.shorthand().ok()).map(str::to_owned);
    branch.as_deref().and_then(|b| config.line_of_branch(b)).ok_or_else(|| Error::Invalid {
        what: "--line".into(),
        message: format!(
            "HEAD is {}, not a staging branch; pass --line N or check out `{}`",
            branch.map(|b| format!("on `{b}`")).unwrap_or_else(|| "detached".into()),
            config.branches.staging
        ),
    })
}

/// For a line's first release: the newest release of an older line that
/// `head` contains, so the range starts where that line left off.
fn newest_older_release(
    repo: &Repository,
    config: &ReleaseConfig,
    line: LineId,
    head: Oid,
) -> Result<Option<ReleaseTag>> {
    let mut best: Option<ReleaseTag> = None;
    let names = repo.tag_names(None).git(|| "listing tags".into())?;
    for name in names.iter().filter_map(|n| n.ok().flatten()) {
        let Some(version) = config.version_of_tag(name) else { continue };
        if LineId::of_version(&version) >= line || !version.pre.is_empty() {
            continue;
        }
        if best.as_ref().is_some_and(|b| b.version >= version) {
            continue;
        }
        let Ok(commit) = repo.revparse_single(&format!("refs/tags/{name}")).and_then(|o| o.peel_to_commit()) else {
            continue;
        };
        if commit.id() == head || repo.graph_descendant_of(head, commit.id()).unwrap_or(false) {
            best = Some(ReleaseTag { version, name: name.to_owned(), commit: commit.id(), message: String::new() });
        }
    }
    Ok(best)
}

/// The next version on `line` after `previous` for commits of `impact`
/// (Node's rule: SEMVER-MAJOR → major, SEMVER-MINOR or an LTS start →
/// minor, else patch). A stable line cannot take a major change.
fn next_version(
    line: LineId,
    previous: Option<&ReleaseTag>,
    impact: changelog::Impact,
    start_lts: bool,
    commits: &[changelog::Commit],
) -> Result<semver::Version> {
    let Some(previous) = previous else {
        // A line's first release.
        return Ok(match line.minor {
            Some(minor) => semver::Version::new(0, minor, 0),
            None => semver::Version::new(line.major, 0, 0),
        });
    };
    let v = &previous.version;
    Ok(match impact {
        changelog::Impact::Major => {
            let culprits: Vec<String> = commits
                .iter()
                .filter(|c| c.impact() == changelog::Impact::Major)
                .take(3)
                .map(|c| format!("{} \"{}\"", c.short_sha(), c.title))
                .collect();
            return Err(Error::Release(format!(
                "semver-major changes cannot ship on {line} (after {}): {}; drop them from the staging branch or pass --version",
                previous.name,
                culprits.join(", ")
            )));
        }
        changelog::Impact::Minor => bump(v, 1, &previous.name)?,
        changelog::Impact::Patch if start_lts => bump(v, 1, &previous.name)?,
        changelog::Impact::Patch => bump(v, 2, &previous.name)?,
    })
}

/// `v` with its minor (`part` 1) or patch (`part` 2) number one higher, or
/// an error naming the tag when that number is already the largest.
fn bump(v: &semver::Version, part: usize, tag: &str) -> Result<semver::Version> {
    let overflow = || {
        Error::Release(format!(
            "tag `{tag}`: version {v} has no next version (its numbers are at their maximum); pass --version"
        ))
    };
    Ok(if part == 1 {
        semver::Version::new(v.major, v.minor.checked_add(1).ok_or_else(overflow)?, 0)
    } else {
        semver::Version::new(v.major, v.minor, v.patch.checked_add(1).ok_or_else(overflow)?)
    })
}

/// The codename of a release, read from its release commit or tag message.
fn codename_of_release(repo: &Repository, tag: &ReleaseTag) -> Option<String> {
    let commit = repo.find_commit(tag.commit).ok()?;
    let title = commit.summary().ok().flatten().map(str::to_owned);
    if let Some(t) = title.as_deref().and_then(ReleaseTitle::parse) {
        return t.codename;
    }
    // `YYYY-MM-DD Project vX.Y.Z 'Codename' (LTS) Release`
    let message = tag.message.lines().next()?;
    let start = message.find('\'')?;
    let rest = &message[start + 1..];
    let end = rest.find('\'')?;
    rest[end + 1..].starts_with(" (LTS)").then(|| rest[..end].to_owned())
}

fn default_releaser(repo: &Repository) -> Option<String> {
    let config = repo.config().ok()?;
    ["nodus.releaser", "github.user"].iter().find_map(|k| config.get_string(k).ok())
}

/// Replaces the policy's tokens (`REPLACEME`) by the version in every file
/// of `tree` its globs match, on top of `edits`.
fn replace_tokens(
    repo: &Repository,
    config: &ReleaseConfig,
    tree: &git2::Tree<'_>,
    version: &semver::Version,
    edits: &mut Vec<FileEdit>,
) -> Result<()> {
    if config.replace.is_empty() {
        return Ok(());
    }
    let mut files = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob)
            && let Ok(name) = entry.name()
        {
            let path = format!("{dir}{name}");
            if config.replace.iter().any(|r| r.files.is_match(&path)) {
                files.push(path);
            }
        }
        git2::TreeWalkResult::Ok
    })
    .git(|| "listing files".into())?;
    for path in files {
        let existing = edits.iter().position(|e| e.path == path);
        let text = match existing {
            Some(i) => String::from_utf8(edits[i].content.clone()).ok(),
            None => read_text(repo, tree, &path).ok().flatten(),
        };
        let Some(mut text) = text else { continue }; // not text: nothing to replace
        let mut summary = Vec::new();
        for r in config.replace.iter().filter(|r| r.files.is_match(&path)) {
            let count = text.matches(&r.token).count();
            if count > 0 {
                let with = crate::config::expand(
                    &r.with,
                    crate::config::TemplateVars { line: LineId::of_version(version), version: Some(version) },
                );
                text = text.replace(&r.token, &with);
                summary.push(format!("{count} × {} → {with}", r.token));
            }
        }
        if summary.is_empty() {
            continue;
        }
        match existing {
            Some(i) => {
                edits[i].content = text.into_bytes();
                edits[i].summary.extend(summary);
            }
            None => edits.push(FileEdit { path, created: false, content: text.into_bytes(), summary }),
        }
    }
    Ok(())
}

fn merge_edit(edits: &mut Vec<FileEdit>, edit: FileEdit) {
    match edits.iter_mut().find(|e| e.path == edit.path) {
        Some(e) => {
            e.content = edit.content;
            e.summary.extend(edit.summary);
        }
        None => edits.push(edit),
    }
}

/// Node's release commit message: the title, then `This is a security
/// release.`, then `Notable changes:` with the LTS blurb and the notable
/// commits in plain text.
fn release_message(title: &ReleaseTitle, security: bool, blurb: Option<&str>, notable_plain: &str) -> String {
    let mut m = title.commit_title();
    m.push_str("\n\n");
    if security {
        m.push_str("This is a security release.\n\n");
    }
    m.push_str("Notable changes:\n\n");
    if let Some(blurb) = blurb {
        m.push_str(&wrap(blurb.trim_end(), 72));
        m.push_str("\n\n");
    }
    if !notable_plain.trim().is_empty() {
        m.push_str(notable_plain.trim_end());
        m.push('\n');
    }
    let trimmed = m.trim_end().len();
    m.truncate(trimmed);
    m.push('\n');
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_messages_follow_node() {
        let title = ReleaseTitle {
            date: "2024-02-01".parse().unwrap(),
            version: "20.11.1".parse().unwrap(),
            codename: Some("Iron".into()),
        };
        assert_eq!(
            release_message(&title, true, None, "* [abc] - (SEMVER-MINOR) http: x (A) #1\n"),
            "2024-02-01, Version 20.11.1 'Iron' (LTS)\n\nThis is a security release.\n\nNotable changes:\n\n* [abc] - (SEMVER-MINOR) http: x (A) #1\n"
        );
        assert_eq!(
            release_message(&title, false, None, ""),
            "2024-02-01, Version 20.11.1 'Iron' (LTS)\n\nNotable changes:\n"
        );
    }

    #[test]
    fn versions_follow_impact() {
        let tag = |v: &str| ReleaseTag {
            version: v.parse().unwrap(),
            name: format!("v{v}"),
            commit: Oid::ZERO_SHA1,
            message: String::new(),
        };
        let l = LineId::major(20);
        let p = tag("20.3.1");
        assert_eq!(next_version(l, Some(&p), changelog::Impact::Patch, false, &[]).unwrap().to_string(), "20.3.2");
        assert_eq!(next_version(l, Some(&p), changelog::Impact::Minor, false, &[]).unwrap().to_string(), "20.4.0");
        assert_eq!(next_version(l, Some(&p), changelog::Impact::Patch, true, &[]).unwrap().to_string(), "20.4.0");
        assert!(
            next_version(l, Some(&p), changelog::Impact::Major, false, &[])
                .unwrap_err()
                .to_string()
                .contains("semver-major")
        );
        assert_eq!(next_version(l, None, changelog::Impact::Major, false, &[]).unwrap().to_string(), "20.0.0");
    }
}
