//! A resumable sequence of cherry-picks onto a branch: the engine of
//! `git nodus land` and `git nodus backport apply`.
//!
//! A [`Session`] lists the commits to apply ([`Step`]s) and where it is.
//! It lives in `.git/nodus/sequence.json` (in the repository's common git
//! folder: one session per repository), written whole, fsynced and renamed
//! into place after every step, so a `kill -9` at any moment leaves either
//! the session before a step or the one after it.
//!
//! **Where the work happens.** Each commit is cherry-picked in memory
//! (libgit2 merges the trees; the new commits are objects no ref points
//! at yet), so neither the user's branch nor their work tree changes while
//! the sequence runs. The target branch moves once, at the end, through a
//! [`Transaction`] (journaled: a kill during it is recovered by
//! `--continue`, `--abort` or `git nodus recover`), and the work tree
//! follows only when the target is the branch checked out where the
//! session started. A conflict needs a work tree for the user to resolve
//! it in: the sequencer adds a detached work tree,
//! `.git/nodus/sequence-worktree`, checks out the commits made so far
//! there and writes the conflict into it. The user's own work tree is not
//! used for that, so it never shows a half-applied branch, and `--abort`
//! has nothing of theirs to put back: the target branch is still where it
//! was, and removing the session and that work tree is the whole undo.
//!
//! `--continue` takes what is staged in that work tree, `--skip` drops the
//! commit, `--abort` ends the session with everything as before (moving
//! the target back if the last step had already moved it).

use std::fs;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

use crate::error::{Error, GitContext, Result};
use crate::failpoint;
use crate::journal::{self, Direction, Journal};
use crate::state_file;
use crate::transaction::Transaction;

/// The session file, under the common git folder.
const SESSION_FILE: &str = "nodus/sequence.json";

/// The work tree conflicts are resolved in, under the common git folder.
const WORKTREE_DIR: &str = "nodus/sequence-worktree";

/// The session format's version.
const VERSION: u32 = 1;

/// Which command runs the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `git nodus land`.
    Land,
    /// `git nodus backport apply`.
    Backport,
    /// `git nodus converge apply`.
    Converge,
}

impl Kind {
    /// The command that resumes it (`git nodus land`).
    pub fn command(self) -> &'static str {
        match self {
            Kind::Land => "git nodus land",
            Kind::Backport => "git nodus backport apply",
            Kind::Converge => "git nodus converge apply",
        }
    }
}

/// One commit to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The commit to cherry-pick.
    pub source: String,
    /// Its title, for reports.
    pub title: String,
    /// Fold the change into the commit made before it (`fixup!`,
    /// `squash!`, `--fixup-all`), keeping that commit's message and author.
    pub fold: bool,
    /// The message of the commit it makes (when it does not fold).
    pub message: String,
}

/// A step that made a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    /// The step's source commit.
    pub source: String,
    /// The commit made (or, for a fold, the commit it folded into, remade).
    pub commit: String,
}

/// A step that made nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The step's source commit.
    pub source: String,
    /// Its title.
    pub title: String,
    /// Why (`--skip`, or the change is already there).
    pub reason: String,
}

/// Where a session stopped on a conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    /// The step that conflicts (0-based).
    pub step: usize,
    /// The conflicting paths.
    pub files: Vec<String>,
    /// The work tree holds the conflict (false while it is being written:
    /// `--continue` writes it again instead of taking what is there).
    pub prepared: bool,
    /// What the command adds to the report (the likely prerequisites of a
    /// backport).
    pub notes: Vec<String>,
}

/// A sequence of cherry-picks in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The format version.
    pub version: u32,
    /// Which command runs it.
    pub kind: Kind,
    /// What it does, for messages and the journal (`land #12 onto main`).
    pub operation: String,
    /// The branch the commits go onto (short name).
    pub target: String,
    /// The target's commit when the session started.
    pub target_old: String,
    /// The git folder of the work tree the session started in, relative
    /// to the common git folder (empty for the main work tree,
    /// `worktrees/<name>` for a linked one): its work tree follows the
    /// target if the target is checked out there.
    pub home: String,
    /// The commits to apply, in order.
    pub steps: Vec<Step>,
    /// The next step to apply.
    pub next: usize,
    /// The last commit made (the target's commit before the first).
    pub tip: String,
    /// The steps that made commits.
    pub made: Vec<Made>,
    /// The steps that made none.
    pub skipped: Vec<Skipped>,
    /// Stopped on a conflict.
    pub stop: Option<Stop>,
    /// The target's new value, once the final ref update has begun.
    pub finishing: Option<String>,
    /// The command's own settings (the pull request, the source branch…).
    #[serde(default)]
    pub extra: serde_json::Value,
    /// The target branch does not exist yet: the session creates it (at
    /// the last commit made, or at `target_old` when none is), and
    /// `--abort` leaves it absent.
    #[serde(default)]
    pub create: bool,
}

/// What a run of the sequence came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every step applied; the target moved from `old` to `new` (equal
    /// when no step made a commit).
    Done {
        /// The target before.
        old: Oid,
        /// The target after.
        new: Oid,
        /// The session as it ended.
        session: Box<Session>,
    },
    /// Stopped on a conflict; the session waits for `--continue`,
    /// `--skip` or `--abort`.
    Stopped(Box<Session>),
    /// The final check refused the result (its report); the session was
    /// aborted: everything is as before.
    Refused(String),
}

/// What the command adds to the sequence.
pub trait Hooks {
    /// Before the target moves, with the commits made (`old..new`):
    /// `Some(report)` refuses them.
    fn before_finish(&self, _repo: &Repository, _old: Oid, _new: Oid) -> Result<Option<String>> {
        Ok(None)
    }

    /// Notes for a conflict report (step `step` conflicts in `files`).
    fn on_conflict(&self, _repo: &Repository, _session: &Session, _step: usize, _files: &[String]) -> Vec<String> {
        Vec::new()
    }
}

/// No hooks.
pub struct NoHooks;

impl Hooks for NoHooks {}

fn session_path(repo: &Repository) -> PathBuf {
    repo.commondir().join(SESSION_FILE)
}

/// The work tree a stopped session's conflict is resolved in.
pub fn worktree_path(repo: &Repository) -> PathBuf {
    repo.commondir().join(WORKTREE_DIR)
}

fn parse_oid(text: &str, what: &str) -> Result<Oid> {
    Oid::from_str(text).map_err(|_| Error::Release(format!("the session's {what} `{text}` is not a commit id")))
}

impl Session {
    /// A new session of `kind` putting `steps` onto branch `target` (its
    /// current commit `target_old`), started in `home`'s work tree.
    pub fn new(
        kind: Kind,
        operation: impl Into<String>,
        home: &Repository,
        target: &str,
        target_old: Oid,
        steps: Vec<Step>,
    ) -> Session {
        Session {
            version: VERSION,
            kind,
            operation: operation.into(),
            target: target.to_owned(),
            target_old: target_old.to_string(),
            home: relative_home(home),
            steps,
            next: 0,
            tip: target_old.to_string(),
            made: Vec::new(),
            skipped: Vec::new(),
            stop: None,
            finishing: None,
            extra: serde_json::Value::Null,
            create: false,
        }
    }

    /// A new session that creates branch `target` from `start` (which it
    /// must not exist).
    pub fn new_branch(
        kind: Kind,
        operation: impl Into<String>,
        home: &Repository,
        target: &str,
        start: Oid,
        steps: Vec<Step>,
    ) -> Session {
        let mut session = Session::new(kind, operation, home, target, start, steps);
        session.create = true;
        session
    }

    /// The session in progress in `repo`, if any.
    pub fn load(repo: &Repository) -> Result<Option<Session>> {
        let path = session_path(repo);
        let loaded: Option<Session> =
            state_file::load(&path, |e| format!("not a git nodus session ({e}); move it away to start again"))?;
        let Some(session) = loaded else { return Ok(None) };
        if session.version != VERSION {
            return Err(Error::Config {
                file: path,
                line: None,
                message: format!("session version {} is not {VERSION}", session.version),
            });
        }
        Ok(Some(session))
    }

    /// Writes the session whole: a temporary file, fsynced, renamed over
    /// the old one.
    fn save(&self, repo: &Repository) -> Result<()> {
        state_file::save(&session_path(repo), self)?;
        failpoint::hit("sequence-saved");
        Ok(())
    }

    fn remove(repo: &Repository) -> Result<()> {
        let path = session_path(repo);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Io { action: "cannot remove", path, source }),
        }
        if let Some(dir) = path.parent() {
            state_file::sync_dir(dir);
        }
        Ok(())
    }

    /// The full name of the target branch.
    pub fn target_ref(&self) -> String {
        format!("refs/heads/{}", self.target)
    }

    /// What `git nodus status` prints about it.
    pub fn describe(&self, repo: &Repository) -> String {
        let mut out = String::new();
        let total = self.steps.len();
        let state = match (&self.stop, &self.finishing) {
            (_, Some(_)) => "moving the target branch (the last step)".to_owned(),
            (Some(stop), None) => format!("stopped at step {} of {total} on a conflict", stop.step + 1),
            (None, None) => format!("at step {} of {total}", (self.next + 1).min(total)),
        };
        out.push_str(&format!("{} in progress: {state}\n", self.operation));
        for (i, step) in self.steps.iter().enumerate() {
            let short = &step.source[..step.source.len().min(10)];
            let fold = if step.fold { " (folded into the commit before)" } else { "" };
            let mark = if let Some(s) = self.skipped.iter().find(|s| s.source == step.source) {
                format!("skipped ({})", s.reason)
            } else if i < self.next {
                "done".to_owned()
            } else if self.stop.as_ref().is_some_and(|s| s.step == i) {
                "CONFLICT".to_owned()
            } else {
                "to do".to_owned()
            };
            out.push_str(&format!("  {mark:<10} {short} {}{fold}\n", step.title));
        }
        if let Some(stop) = &self.stop {
            out.push_str(&conflict_help(repo, self, stop));
        }
        let stays = if self.create {
            format!("is created (from {}) at the last step", &self.target_old[..10.min(self.target_old.len())])
        } else {
            format!("stays at {} until the last step", &self.target_old[..10.min(self.target_old.len())])
        };
        out.push_str(&format!(
            "The branch `{}` {stays}; the commits are made in memory{}.\n",
            self.target,
            if self.stop.is_some() { ", and the conflict waits in the work tree above" } else { "" }
        ));
        out.push_str(&format!(
            "Run `{0} --continue` to go on, `{0} --abort` to put everything back as before.",
            self.kind.command()
        ));
        out
    }
}

/// The conflict report: files, where to resolve them, what to run.
fn conflict_help(repo: &Repository, session: &Session, stop: &Stop) -> String {
    let step = &session.steps[stop.step];
    let mut out = format!(
        "Conflict applying {} \"{}\" onto `{}` (step {} of {}).\nConflicting files:\n",
        &step.source[..10.min(step.source.len())],
        step.title,
        session.target,
        stop.step + 1,
        session.steps.len()
    );
    for f in &stop.files {
        out.push_str(&format!("  {f}\n"));
    }
    for note in &stop.notes {
        out.push_str(note);
        out.push('\n');
    }
    out.push_str(&format!(
        "Resolve them in the work tree {} (the commits made so far are checked out there), \
         `git add` them, then run `{1} --continue`; or `{1} --skip` to leave this commit out, \
         `{1} --abort` to stop and put everything back.\n",
        worktree_path(repo).display(),
        session.kind.command()
    ));
    out
}

/// The report of a stopped session.
pub fn conflict_report(repo: &Repository, session: &Session) -> String {
    match &session.stop {
        Some(stop) => conflict_help(repo, session, stop),
        None => String::new(),
    }
}

/// Starts `session` (after checking no other one is in progress) and runs
/// it as far as it goes.
pub fn start(repo: &Repository, session: Session, hooks: &dyn Hooks) -> Result<Outcome> {
    if let Some(other) = Session::load(repo)? {
        return Err(Error::Release(format!(
            "`{}` is in progress in this repository: run `{1} --continue` or `{1} --abort` first \
             (`git nodus status` shows where it is)",
            other.operation,
            other.kind.command()
        )));
    }
    if let Some(pending) = journal::pending_anywhere(repo)? {
        return Err(Error::Release(pending));
    }
    if session.create && journal::current(repo, &session.target_ref())?.is_some() {
        return Err(Error::Release(format!(
            "the branch `{}` exists already: name a new branch, or delete that one first",
            session.target
        )));
    }
    session.save(repo)?;
    run(repo, session, hooks)
}

/// The session in progress, checked to be of `kind`.
fn current(repo: &Repository, kind: Kind) -> Result<Session> {
    match Session::load(repo)? {
        Some(s) if s.kind == kind => Ok(s),
        Some(s) => Err(Error::Release(format!(
            "the session in progress is `{}`: resume it with `{1} --continue` or end it with `{1} --abort`",
            s.operation,
            s.kind.command()
        ))),
        None => Err(Error::Release(format!(
            "no `{}` session is in progress (`git nodus status` shows what is)",
            kind.command()
        ))),
    }
}

/// A transaction of this session that died: recover it in `direction`.
/// Any other journal is refused, as every command refuses it.
fn settle_journal(repo: &Repository, session: &Session, direction: Direction) -> Result<()> {
    let home = open_home(repo, session)?;
    if let Some(j) = Journal::read(&home)?
        && j.operation == transaction_message(session)
        && !j.owner_alive()
    {
        j.recover(&home, direction)?;
    }
    if let Some(pending) = journal::pending_anywhere(repo)? {
        return Err(Error::Release(pending));
    }
    Ok(())
}

fn transaction_message(session: &Session) -> String {
    format!("nodus: {}", session.operation)
}

/// `home`'s git folder relative to the common one (so a repository moved
/// or copied with a session in progress still finds it).
fn relative_home(home: &Repository) -> String {
    let common = home.commondir().canonicalize().unwrap_or_else(|_| home.commondir().to_owned());
    let own = home.path().canonicalize().unwrap_or_else(|_| home.path().to_owned());
    own.strip_prefix(&common).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

fn open_home(repo: &Repository, session: &Session) -> Result<Repository> {
    let plain = Path::new(&session.home).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    let dir = repo.commondir().join(&session.home);
    if plain && dir.join("HEAD").exists() {
        Repository::open(&dir).git(|| format!("opening {}", dir.display()))
    } else {
        // The work tree it started in is gone: the main one.
        Repository::open(repo.commondir()).git(|| format!("opening {}", repo.commondir().display()))
    }
}

/// `--continue`: takes the resolution staged in the conflict work tree
/// (or finishes a session whose process died), then runs on.
pub fn resume(repo: &Repository, kind: Kind, hooks: &dyn Hooks) -> Result<Outcome> {
    let mut session = current(repo, kind)?;
    settle_journal(repo, &session, Direction::Continue)?;
    if let Some(stop) = session.stop.clone() {
        if !stop.prepared {
            // Killed while writing the conflict: write it again.
            return stop_on_conflict(repo, session, stop.step, hooks);
        }
        let wt = open_worktree(repo)?;
        let mut index = wt.index().git(|| "reading the conflict work tree's index".into())?;
        index.read(true).git(|| "reading the conflict work tree's index".into())?;
        if index.has_conflicts() {
            let files = conflicted_paths(&index);
            return Err(Error::Release(format!(
                "still conflicting in {}: {}; resolve them and `git add` them first",
                worktree_path(repo).display(),
                files.join(", ")
            )));
        }
        let tree = index.write_tree_to(repo).git(|| "writing the resolved tree".into())?;
        let step = session.steps[stop.step].clone();
        session.stop = None;
        commit_step(repo, &mut session, &step, tree, "resolved to no change")?;
        session.next = stop.step + 1;
        session.save(repo)?;
        let _ = wt.cleanup_state();
    }
    run(repo, session, hooks)
}

/// `--skip`: leaves the conflicting commit out and runs on.
pub fn skip(repo: &Repository, kind: Kind, hooks: &dyn Hooks) -> Result<Outcome> {
    let mut session = current(repo, kind)?;
    settle_journal(repo, &session, Direction::Continue)?;
    let Some(stop) = session.stop.take() else {
        return Err(Error::Release(format!(
            "`{}` is not stopped on a conflict: nothing to skip (run `{} --continue`)",
            session.operation,
            kind.command()
        )));
    };
    let step = &session.steps[stop.step];
    session.skipped.push(Skipped { source: step.source.clone(), title: step.title.clone(), reason: "--skip".into() });
    session.next = stop.step + 1;
    session.save(repo)?;
    run(repo, session, hooks)
}

/// `--abort`: everything back as before the session (the target branch,
/// and the work tree where it is checked out), the session and its work
/// tree removed. Returns the session that was aborted.
pub fn abort(repo: &Repository, kind: Kind) -> Result<Session> {
    let session = current(repo, kind)?;
    settle_journal(repo, &session, Direction::Abort)?;
    abort_session(repo, &session)?;
    Ok(session)
}

fn abort_session(repo: &Repository, session: &Session) -> Result<()> {
    if let Some(new) = &session.finishing {
        let new = parse_oid(new, "new target")?;
        let old = parse_oid(&session.target_old, "old target")?;
        let home = open_home(repo, session)?;
        let now = journal::current(&home, &session.target_ref())?;
        if session.create && now == Some(new) {
            let mut tx = Transaction::new(&home, format!("{} (aborted)", transaction_message(session)));
            tx.delete(session.target_ref(), new);
            tx.commit()?;
        } else if now == Some(new) && new != old {
            move_target(&home, session, new, old, &format!("{} (aborted)", transaction_message(session)))?;
        }
    }
    remove_worktree(repo)?;
    failpoint::hit("sequence-remove");
    Session::remove(repo)
}

/// Applies the steps from `session.next` on.
fn run(repo: &Repository, mut session: Session, hooks: &dyn Hooks) -> Result<Outcome> {
    if session.finishing.is_none() {
        while session.next < session.steps.len() {
            let i = session.next;
            let step = session.steps[i].clone();
            let source = parse_oid(&step.source, "step")?;
            let tip = parse_oid(&session.tip, "tip")?;
            let src = repo.find_commit(source).git(|| format!("reading commit {source}"))?;
            if src.parent_count() > 1 {
                return Err(Error::Release(format!(
                    "{} \"{}\" is a merge commit: apply the commits it merges instead",
                    &step.source[..10],
                    step.title
                )));
            }
            let tip_commit = repo.find_commit(tip).git(|| format!("reading commit {tip}"))?;
            let index = repo
                .cherrypick_commit(&src, &tip_commit, 0, None)
                .git(|| format!("cherry-picking {}", &step.source[..10]))?;
            if index.has_conflicts() {
                return stop_on_conflict(repo, session, i, hooks);
            }
            let mut index = index;
            let tree = index.write_tree_to(repo).git(|| format!("writing the tree of {}", &step.source[..10]))?;
            commit_step(repo, &mut session, &step, tree, "already there (no change)")?;
            session.next = i + 1;
            session.save(repo)?;
        }
    }
    finish(repo, session, hooks)
}

/// Makes the commit of `step` with `tree` on the session's tip (or folds
/// it into the tip), or records it as skipped when it changes nothing.
fn commit_step(repo: &Repository, session: &mut Session, step: &Step, tree: Oid, empty: &str) -> Result<()> {
    let tip = parse_oid(&session.tip, "tip")?;
    let old = parse_oid(&session.target_old, "old target")?;
    let tip_commit = repo.find_commit(tip).git(|| format!("reading commit {tip}"))?;
    let source = repo.find_commit(parse_oid(&step.source, "step")?).git(|| format!("reading {}", step.source))?;
    if tree == tip_commit.tree_id() {
        session.skipped.push(Skipped {
            source: step.source.clone(),
            title: step.title.clone(),
            reason: empty.to_owned(),
        });
        return Ok(());
    }
    let (_, committer) = crate::repo::identities(repo)?;
    let tree = repo.find_tree(tree).git(|| format!("reading tree {tree}"))?;
    let folds = step.fold && tip != old && !session.made.is_empty();
    let new = if folds {
        let parent = tip_commit.parent(0).git(|| format!("reading the parent of {tip}"))?;
        let message = tip_commit.message().unwrap_or_default().to_owned();
        repo.commit(None, &tip_commit.author(), &committer, &message, &tree, &[&parent])
    } else {
        repo.commit(None, &source.author(), &committer, &step.message, &tree, &[&tip_commit])
    }
    .git(|| format!("committing {}", &step.source[..10]))?;
    session.made.push(Made { source: step.source.clone(), commit: new.to_string() });
    session.tip = new.to_string();
    Ok(())
}

/// Records the stop, writes the conflict into the conflict work tree and
/// returns the stopped session.
fn stop_on_conflict(repo: &Repository, mut session: Session, i: usize, hooks: &dyn Hooks) -> Result<Outcome> {
    let step = session.steps[i].clone();
    let source = parse_oid(&step.source, "step")?;
    let tip = parse_oid(&session.tip, "tip")?;
    let src = repo.find_commit(source).git(|| format!("reading commit {source}"))?;
    let tip_commit = repo.find_commit(tip).git(|| format!("reading commit {tip}"))?;
    let index = repo.cherrypick_commit(&src, &tip_commit, 0, None).git(|| format!("cherry-picking {source}"))?;
    let files = conflicted_paths(&index);
    let notes = hooks.on_conflict(repo, &session, i, &files);
    session.stop = Some(Stop { step: i, files, prepared: false, notes });
    session.save(repo)?;
    // The work tree: the commits made so far, and the conflict.
    let wt = ensure_worktree(repo, tip)?;
    wt.set_head_detached(tip).git(|| "moving the conflict work tree".into())?;
    let mut force = git2::build::CheckoutBuilder::new();
    force.force().remove_untracked(false);
    let wt_tip = wt.find_commit(tip).git(|| format!("reading commit {tip}"))?;
    wt.reset(wt_tip.as_object(), git2::ResetType::Hard, Some(&mut force))
        .git(|| "resetting the conflict work tree".into())?;
    let _ = wt.cleanup_state();
    let wt_src = wt.find_commit(source).git(|| format!("reading commit {source}"))?;
    let mut opts = git2::CherrypickOptions::new();
    wt.cherrypick(&wt_src, Some(&mut opts)).git(|| format!("writing the conflict of {source}"))?;
    failpoint::hit("sequence-conflict");
    if let Some(stop) = session.stop.as_mut() {
        stop.prepared = true;
    }
    session.save(repo)?;
    Ok(Outcome::Stopped(Box::new(session)))
}

fn conflicted_paths(index: &git2::Index) -> Vec<String> {
    let mut files: Vec<String> = index
        .conflicts()
        .map(|it| {
            it.filter_map(|c| c.ok())
                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.dedup();
    files
}

/// The conflict work tree, added (detached at `tip`) if it is not there.
fn ensure_worktree(repo: &Repository, tip: Oid) -> Result<Repository> {
    let path = worktree_path(repo);
    if let Ok(wt) = Repository::open(&path)
        && wt.path() != repo.commondir()
    {
        return Ok(wt);
    }
    // Whatever a killed `worktree add` left.
    remove_worktree(repo)?;
    git(repo, &["worktree", "add", "--detach", "--no-checkout", &path.to_string_lossy(), &tip.to_string()])?;
    failpoint::hit("sequence-worktree");
    open_worktree(repo)
}

fn open_worktree(repo: &Repository) -> Result<Repository> {
    let path = worktree_path(repo);
    Repository::open(&path)
        .git(|| format!("opening the conflict work tree {} (run --abort if it was removed)", path.display()))
}

/// Removes the conflict work tree and git's record of it.
fn remove_worktree(repo: &Repository) -> Result<()> {
    let path = worktree_path(repo);
    // Its `.git` file names its folder under `.git/worktrees`.
    if let Ok(text) = fs::read_to_string(path.join(".git"))
        && let Some(dir) = text.trim().strip_prefix("gitdir: ")
    {
        // Only this repository's own record (a copied repository's file
        // may still name the original's).
        let dir = PathBuf::from(dir);
        let records = repo.commondir().join("worktrees");
        let records = records.canonicalize().unwrap_or(records);
        if dir.canonicalize().is_ok_and(|d| d.starts_with(&records)) {
            remove_dir(&dir)?;
        }
    }
    let existed = path.exists();
    remove_dir(&path)?;
    // Records of work trees whose folder is gone (a killed `worktree
    // add`). Best effort: the session is over whether git can be run or
    // not, and `git worktree prune` does the same later.
    if existed || repo.commondir().join("worktrees").exists() {
        let _ = git(repo, &["worktree", "prune"]);
    }
    Ok(())
}

fn remove_dir(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io { action: "cannot remove", path: path.to_owned(), source }),
    }
}

/// Runs git on the repository's common folder.
fn git(repo: &Repository, args: &[&str]) -> Result<()> {
    let out = std::process::Command::new("git")
        .arg("--git-dir")
        .arg(repo.commondir())
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|source| Error::Io { action: "cannot run", path: PathBuf::from("git"), source })?;
    if !out.status.success() {
        return Err(Error::Command {
            command: format!("git {}", args.join(" ")),
            status: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(())
}

/// The last step: check, move the target, clean up.
fn finish(repo: &Repository, mut session: Session, hooks: &dyn Hooks) -> Result<Outcome> {
    let old = parse_oid(&session.target_old, "old target")?;
    let new = match &session.finishing {
        Some(new) => parse_oid(new, "new target")?,
        None => {
            let tip = parse_oid(&session.tip, "tip")?;
            if tip != old
                && let Some(report) = hooks.before_finish(repo, old, tip)?
            {
                abort_session(repo, &session)?;
                return Ok(Outcome::Refused(report));
            }
            session.finishing = Some(tip.to_string());
            session.save(repo)?;
            tip
        }
    };
    if session.create {
        let home = open_home(repo, &session)?;
        match journal::current(&home, &session.target_ref())? {
            Some(now) if now == new => {}
            None => {
                let mut tx = Transaction::new(&home, transaction_message(&session));
                tx.create(session.target_ref(), new);
                tx.commit()?;
            }
            Some(now) => {
                return Err(Error::Release(format!(
                    "`{}` was created by someone else while {} was in progress (at {now}); run `{} --abort` and start again",
                    session.target,
                    session.operation,
                    session.kind.command()
                )));
            }
        }
    } else if new != old {
        let home = open_home(repo, &session)?;
        let now = journal::current(&home, &session.target_ref())?;
        if now != Some(new) {
            if now != Some(old) {
                return Err(Error::Release(format!(
                    "`{}` moved while {} was in progress (it was {old}, it is {}); run `{} --abort` and start again",
                    session.target,
                    session.operation,
                    now.map(|o| o.to_string()).unwrap_or_else(|| "deleted".into()),
                    session.kind.command()
                )));
            }
            move_target(&home, &session, old, new, &transaction_message(&session))?;
        }
    }
    remove_worktree(repo)?;
    failpoint::hit("sequence-remove");
    Session::remove(repo)?;
    Ok(Outcome::Done { old, new, session: Box::new(session) })
}

/// Moves the target from `from` to `to`, checking it out where it is
/// checked out.
fn move_target(home: &Repository, session: &Session, from: Oid, to: Oid, message: &str) -> Result<()> {
    let target_ref = session.target_ref();
    let on_target = home
        .find_reference("HEAD")
        .ok()
        .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_owned))
        .is_some_and(|t| t == target_ref);
    let mut tx = Transaction::new(home, message);
    tx.update(target_ref, from, to);
    if on_target && home.workdir().is_some() {
        crate::repo::ensure_clean(home)?;
        tx.checkout(session.target.clone(), to);
    }
    tx.commit()
}

/// Whether `message`'s last paragraph is a block of trailers
/// (`Key: value` lines, `(cherry picked from commit …)`), as git decides
/// where `-x` puts its line.
pub fn ends_with_trailers(message: &str) -> bool {
    let trimmed = message.trim_end();
    let Some(last) = trimmed.rsplit("\n\n").next() else { return false };
    if !trimmed.contains("\n\n") {
        return false;
    }
    last.lines().all(|l| is_trailer_line(l) || l.starts_with("(cherry picked from commit "))
}

/// `Key: value`, the key letters, digits and dashes.
pub fn is_trailer_line(line: &str) -> bool {
    match line.split_once(": ") {
        Some((key, value)) => {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !value.trim().is_empty()
        }
        None => false,
    }
}

/// `message` with git's `-x` line: `(cherry picked from commit <sha>)`,
/// after a blank line unless the message ends in trailers.
pub fn with_cherry_pick_reference(message: &str, sha: &str) -> String {
    let reference = format!("(cherry picked from commit {sha})");
    if message.contains(&reference) {
        return message.to_owned();
    }
    let mut out = message.trim_end().to_owned();
    out.push('\n');
    if !ends_with_trailers(message) {
        out.push('\n');
    }
    out.push_str(&reference);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cherry_pick_reference_as_git_writes_it() {
        assert_eq!(with_cherry_pick_reference("fs: fix\n", "abc"), "fs: fix\n\n(cherry picked from commit abc)\n");
        assert_eq!(
            with_cherry_pick_reference("fs: fix\n\nBody.\n\nPR-URL: https://x/1\n", "abc"),
            "fs: fix\n\nBody.\n\nPR-URL: https://x/1\n(cherry picked from commit abc)\n"
        );
        assert_eq!(
            with_cherry_pick_reference("fs: fix\n\nBody: not a trailer block\nmore text\n", "abc"),
            "fs: fix\n\nBody: not a trailer block\nmore text\n\n(cherry picked from commit abc)\n"
        );
        let once = with_cherry_pick_reference("fs: fix\n", "abc");
        assert_eq!(with_cherry_pick_reference(&once, "abc"), once);
    }
}
