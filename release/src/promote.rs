//! `release promote`: a prepared proposal becomes the release — the tag, the
//! release branch fast-forwarded to the release commit, a "Working on"
//! commit on staging (with anything that landed there since the proposal
//! replayed on top), and the changelog cherry-picked to the main branch.
//! Node's releases.md steps 11–12 and node-core-utils' `--promote`.
//!
//! Like `prepare`, [`plan`] changes nothing and [`apply`] changes every ref
//! at once or none.

use std::process::Command;

use git2::{Oid, Repository};

use crate::config::ReleaseConfig;
use crate::error::{Error, GitContext, Result};
use crate::project::Project;
use crate::release_commit::{ReleaseTitle, working_on_title};
use crate::repo::{self, FileEdit, bump_version_files, write_tree};
use crate::schedule::LineId;
use crate::transaction::Transaction;
use crate::version_file::Values;

/// What to promote and how.
#[derive(Debug, Clone, Default)]
pub struct PromoteOptions {
    /// The proposal branch (`v20.11.1-proposal`).
    pub proposal: String,
    /// Sign the tag with the user's git signing configuration (`git tag -s`);
    /// `None` follows git's `tag.gpgSign` setting, as `git tag -a` does.
    pub sign: Option<bool>,
}

/// A branch that moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchMove {
    /// The branch.
    pub name: String,
    /// Where it is.
    pub old: Oid,
    /// Where it goes.
    pub new: Oid,
    /// The titles of the commits it gains, oldest first.
    pub commits: Vec<String>,
}

/// Everything `promote` will do. The new commits already exist as objects
/// (unreachable until [`apply`]).
#[derive(Debug, Clone)]
pub struct PromotePlan {
    /// The proposal branch.
    pub proposal: String,
    /// The release commit (the proposal's tip).
    pub release_commit: Oid,
    /// What the release commit says.
    pub title: ReleaseTitle,
    /// The line.
    pub line: LineId,
    /// The tag to make and its message.
    pub tag: (String, String),
    /// Whether the tag is signed.
    pub sign: bool,
    /// The release branch, fast-forwarded.
    pub release: BranchMove,
    /// The staging branch: "Working on", then replayed commits.
    pub staging: BranchMove,
    /// The main branch, with the changelog; `None` when there is no main
    /// branch or nothing to bring to it.
    pub main: Option<BranchMove>,
    /// The version the "Working on" commit names.
    pub next_version: semver::Version,
    /// The files the "Working on" commit changes.
    pub working_edits: Vec<FileEdit>,
}

impl PromotePlan {
    /// The refs to push, in push order: branches, then the tag.
    pub fn push_refspecs(&self) -> Vec<String> {
        let mut refs = vec![format!("refs/heads/{}", self.release.name), format!("refs/heads/{}", self.staging.name)];
        if let Some(main) = &self.main {
            refs.push(format!("refs/heads/{}", main.name));
        }
        refs.push(format!("refs/tags/{}", self.tag.0));
        refs
    }

    /// The `git push` command line for `remote`.
    pub fn push_command(&self, remote: &str) -> Vec<String> {
        let mut args = vec!["push".to_owned(), "--atomic".to_owned(), remote.to_owned()];
        args.extend(self.push_refspecs());
        args
    }
}

/// Reads the proposal and builds every new commit, changing no ref.
pub fn plan(project: &Project, opts: &PromoteOptions) -> Result<PromotePlan> {
    let repo = project.repo()?;
    let config = &project.config;
    repo::ensure_clean(repo)?;
    let proposal = opts.proposal.clone();
    let release_commit = repo::require_branch(repo, &proposal, "; prepare one with `git nodus release prepare`")?;
    let commit = repo.find_commit(release_commit).git(|| format!("reading `{proposal}`"))?;
    let summary = commit.summary().ok().flatten().unwrap_or("").to_owned();
    let title = ReleaseTitle::parse(&summary).ok_or_else(|| {
        Error::Release(format!(
            "the tip of `{proposal}` is not a release commit: expected a title like \
         `YYYY-MM-DD, Version X.Y.Z 'Codename' (LTS)` or `… (Current)`, found `{summary}`"
        ))
    })?;
    let version = title.version.clone();
    let line = LineId::of_version(&version);

    let tag = config.tag_name(&version);
    if repo.find_reference(&format!("refs/tags/{tag}")).is_ok() {
        return Err(Error::Exists { kind: "tag", name: tag });
    }
    let tag_message = title.tag_message(&config.project, &tag);

    // The release branch only ever fast-forwards.
    let release_name = config.release_branch(line);
    let release_old = repo::require_branch(
        repo,
        &release_name,
        &format!("; create the line with `git nodus line create {} --from <rev>`", line.number()),
    )?;
    if release_old != release_commit
        && !repo.graph_descendant_of(release_commit, release_old).git(|| "comparing branches".into())?
    {
        return Err(Error::Release(format!(
            "`{release_name}` cannot fast-forward to the release commit {}: it has commits `{proposal}` lacks",
            short(release_commit)
        )));
    }
    let release = BranchMove {
        commits: titles(repo, Some(release_old), release_commit)?,
        name: release_name,
        old: release_old,
        new: release_commit,
    };

    // Staging: "Working on vX.Y.(Z+1)" on the release commit, then whatever
    // landed on staging after the proposal was cut.
    let staging_name = config.staging_branch(line);
    let staging_old = repo::require_branch(repo, &staging_name, "")?;
    let (_, committer) = repo::identities(repo)?;
    let next_patch = version.patch.checked_add(1).ok_or_else(|| {
        Error::Release(format!(
            "`{proposal}`: version {version} has no next patch version for the `Working on` commit (its patch \
             number is the largest there is)"
        ))
    })?;
    let next_version = semver::Version::new(version.major, version.minor, next_patch);
    let release_tree = commit.tree().git(|| format!("reading `{proposal}`"))?;
    let values = Values {
        version: next_version.clone(),
        codename: title.codename.clone().unwrap_or_default(),
        is_lts: title.codename.is_some(),
        is_release: false,
    };
    let working_edits = bump_version_files(repo, config, &release_tree, &proposal, &values, true)?;
    let working_tree = write_tree(repo, &release_tree, &working_edits)?;
    let working_tree = repo.find_tree(working_tree).git(|| "reading the working tree".into())?;
    let working_message = format!("{}\n", working_on_title(&next_version));
    let mut tip = repo
        .commit(None, &committer, &committer, &working_message, &working_tree, &[&commit])
        .git(|| "making the \"Working on\" commit".into())?;
    let mut staging_titles = vec![working_on_title(&next_version)];
    for oid in commits_to_replay(repo, release_commit, staging_old)? {
        let picked = repo.find_commit(oid).git(|| format!("reading {oid}"))?;
        if picked.parent_count() > 1 {
            return Err(Error::Release(format!(
                "`{staging_name}` has merge commit {} after the proposal was cut; merges cannot be replayed onto the release",
                short(oid)
            )));
        }
        let onto = repo.find_commit(tip).git(|| format!("reading {tip}"))?;
        let mut index = repo.cherrypick_commit(&picked, &onto, 0, None).git(|| format!("replaying {}", short(oid)))?;
        if index.has_conflicts() {
            return Err(Error::Conflict {
                what: format!(
                    "replaying {} \"{}\" from `{staging_name}` onto the release",
                    short(oid),
                    picked.summary().ok().flatten().unwrap_or("")
                ),
                paths: conflict_paths(&index),
            });
        }
        let tree = index.write_tree_to(repo).git(|| "writing a replayed tree".into())?;
        if tree == onto.tree_id() {
            continue; // already in the release (cherry-picked into the proposal)
        }
        let tree = repo.find_tree(tree).git(|| "reading a replayed tree".into())?;
        let message = picked.message().unwrap_or("").to_owned();
        tip = repo
            .commit(None, &picked.author(), &committer, &message, &tree, &[&onto])
            .git(|| format!("replaying {}", short(oid)))?;
        staging_titles.push(picked.summary().ok().flatten().unwrap_or("").to_owned());
    }
    let staging = BranchMove { name: staging_name, old: staging_old, new: tip, commits: staging_titles };

    let main = main_move(repo, config, line, &commit, &release.name, &staging.name, &committer)?;

    Ok(PromotePlan {
        proposal,
        release_commit,
        title,
        line,
        tag: (tag, tag_message),
        sign: opts.sign.unwrap_or_else(|| repo.config().and_then(|c| c.get_bool("tag.gpgSign")).unwrap_or(false)),
        release,
        staging,
        main,
        next_version,
        working_edits,
    })
}

/// Tags, moves the branches, and updates the work tree if HEAD's branch
/// moved; all or nothing.
pub fn apply(project: &Project, plan: &PromotePlan) -> Result<()> {
    let repo = project.repo()?;
    repo::ensure_clean(repo)?;
    let (tag, message) = &plan.tag;
    let tag_ref = format!("refs/tags/{tag}");
    let mut tx = Transaction::new(repo, format!("nodus: release promote {}", plan.title.version));
    tx.update(format!("refs/heads/{}", plan.release.name), plan.release.old, plan.release.new);
    tx.update(format!("refs/heads/{}", plan.staging.name), plan.staging.old, plan.staging.new);
    if let Some(main) = &plan.main {
        tx.update(format!("refs/heads/{}", main.name), main.old, main.new);
    }
    let head_branch = repo.head().ok().filter(|h| h.is_branch()).and_then(|h| h.shorthand().ok().map(str::to_owned));
    let moves = [Some(&plan.release), Some(&plan.staging), plan.main.as_ref()];
    if let Some(moved) = moves.into_iter().flatten().find(|m| Some(&m.name) == head_branch.as_ref()) {
        tx.checkout(&moved.name, moved.new);
    }
    if plan.sign {
        // The user's own git signs, so gpg, ssh or x509 and their keys work
        // as configured. It also creates the tag ref, which is taken back
        // at once: only the transaction (and its journal) makes refs, so
        // a crash never leaves a tag without the branches.
        let root = repo.workdir().unwrap_or(repo.path());
        let out = Command::new("git")
            .current_dir(root)
            .args(["tag", "-s", "-m", message, tag, &plan.release_commit.to_string()])
            .output()
            .map_err(|e| Error::Command { command: "git tag -s".into(), status: None, stderr: e.to_string() })?;
        if !out.status.success() {
            return Err(Error::Command {
                command: format!("git tag -s -m '{message}' {tag} {}", short(plan.release_commit)),
                status: out.status.code(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            });
        }
        let mut made = repo.find_reference(&tag_ref).git(|| format!("reading the tag `{tag}` git made"))?;
        let tag_oid = made.target().ok_or_else(|| Error::Release(format!("`{tag_ref}` made by git is symbolic")))?;
        made.delete().git(|| format!("taking back `{tag_ref}` until the other refs are locked"))?;
        tx.create(tag_ref, tag_oid);
    } else {
        let target = repo.find_object(plan.release_commit, None).git(|| "reading the release commit".into())?;
        let (_, tagger) = repo::identities(repo)?;
        let tag_oid = repo
            .tag_annotation_create(tag, &target, &tagger, &format!("{message}\n"))
            .git(|| format!("making tag `{tag}`"))?;
        tx.create(tag_ref, tag_oid);
    }
    tx.commit()
}

/// Pushes the promoted refs with the user's own `git push` (their
/// credentials and remotes), atomically where the server supports it.
pub fn push(project: &Project, plan: &PromotePlan, remote: &str) -> Result<()> {
    let repo = project.repo()?;
    let root = repo.workdir().unwrap_or(repo.path());
    let args = plan.push_command(remote);
    let out = Command::new("git").current_dir(root).args(&args).output().map_err(|e| Error::Command {
        command: format!("git {}", args.join(" ")),
        status: None,
        stderr: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(Error::Command {
            command: format!("git {}", args.join(" ")),
            status: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(())
}

/// Staging's commits the release commit lacks, oldest first.
fn commits_to_replay(repo: &Repository, release: Oid, staging: Oid) -> Result<Vec<Oid>> {
    let mut walk = repo.revwalk().git(|| "walking history".into())?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE).git(|| "walking history".into())?;
    walk.push(staging).git(|| "walking staging".into())?;
    walk.hide(release).git(|| "walking the release".into())?;
    let boundary = changelog::HistoryBoundary::of(repo);
    let mut out = Vec::new();
    for oid in walk {
        let oid = oid.git(|| "walking history".into())?;
        boundary.check(oid, "the staging commits to replay")?;
        out.push(oid);
    }
    Ok(out)
}

/// The changelog files of the release commit, brought onto the main branch:
/// a cherry-pick of the release commit that keeps only the changelog files
/// (Node's releasers drop the version file changes by hand). The line's own
/// changelog file is taken whole from the release when the merge of it
/// conflicts (only releases write it); a conflict in the index file stops
/// the promotion.
fn main_move(
    repo: &Repository,
    config: &ReleaseConfig,
    line: LineId,
    release: &git2::Commit<'_>,
    release_branch: &str,
    staging_branch: &str,
    committer: &git2::Signature<'_>,
) -> Result<Option<BranchMove>> {
    let name = config.branches.main.clone();
    if name == release_branch || name == staging_branch {
        return Ok(None);
    }
    let Some(main_old) = repo::branch_head(repo, &name)? else { return Ok(None) };
    let main = repo.find_commit(main_old).git(|| format!("reading `{name}`"))?;
    let line_file = config.line_changelog(line);
    let index_file = config.changelog.index.clone();
    let parent_tree = release.parent(0).and_then(|p| p.tree()).git(|| "reading the release's parent".into())?;
    let release_tree = release.tree().git(|| "reading the release tree".into())?;
    let main_tree = main.tree().git(|| format!("reading `{name}`"))?;
    let merged = repo.cherrypick_commit(release, &main, 0, None).git(|| format!("cherry-picking onto `{name}`"))?;
    let conflicted = conflict_paths(&merged);
    let mut edits = Vec::new();
    for path in [&line_file, &index_file] {
        let in_release = repo::read_text(repo, &release_tree, path)?;
        let in_parent = repo::read_text(repo, &parent_tree, path)?;
        if in_release == in_parent {
            continue; // the release did not change it
        }
        let Some(in_release) = in_release else { continue };
        let content = if conflicted.contains(path) {
            if *path == line_file {
                in_release.into_bytes()
            } else {
                return Err(Error::Conflict {
                    what: format!("cherry-picking the changelog of {} onto `{name}`", short(release.id())),
                    paths: vec![path.clone()],
                });
            }
        } else {
            match merged.get_path(std::path::Path::new(path), 0) {
                Some(entry) => repo.find_blob(entry.id).git(|| format!("reading `{path}`"))?.content().to_vec(),
                None => in_release.into_bytes(),
            }
        };
        let current = repo::read_text(repo, &main_tree, path)?;
        if current.as_deref().map(str::as_bytes) == Some(content.as_slice()) {
            continue;
        }
        edits.push(FileEdit { path: path.clone(), created: current.is_none(), content, summary: Vec::new() });
    }
    if edits.is_empty() {
        return Ok(None);
    }
    let tree = write_tree(repo, &main_tree, &edits)?;
    let tree = repo.find_tree(tree).git(|| "reading the main tree".into())?;
    let message = release.message().unwrap_or("").to_owned();
    let new = repo
        .commit(None, &release.author(), committer, &message, &tree, &[&main])
        .git(|| format!("committing the changelog on `{name}`"))?;
    Ok(Some(BranchMove {
        name,
        old: main_old,
        new,
        commits: vec![release.summary().ok().flatten().unwrap_or("").to_owned()],
    }))
}

fn conflict_paths(index: &git2::Index) -> Vec<String> {
    let mut paths: Vec<String> = index
        .conflicts()
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|c| c.our.or(c.their).or(c.ancestor))
        .map(|e| String::from_utf8_lossy(&e.path).into_owned())
        .collect();
    paths.dedup();
    paths
}

fn titles(repo: &Repository, from: Option<Oid>, to: Oid) -> Result<Vec<String>> {
    let mut walk = repo.revwalk().git(|| "walking history".into())?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE).git(|| "walking history".into())?;
    walk.push(to).git(|| "walking history".into())?;
    if let Some(from) = from {
        walk.hide(from).git(|| "walking history".into())?;
    }
    let boundary = changelog::HistoryBoundary::of(repo);
    let mut out = Vec::new();
    for oid in walk {
        let oid = oid.git(|| "walking history".into())?;
        boundary.check(oid, "the commits a branch moves over")?;
        let c = repo.find_commit(oid).git(|| format!("reading {oid}"))?;
        out.push(c.summary().ok().flatten().unwrap_or("").to_owned());
    }
    Ok(out)
}

fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_owned()
}
