//! All-or-nothing changes to refs, HEAD, the index and the work tree, safe
//! against a crash at any point.
//!
//! Commands build every new object first (blobs, trees, commits, tags: they
//! change nothing a user sees), then hand the ref changes and the checkout
//! to a [`Transaction`]. Committing it:
//!
//! 1. checks every ref still has the value the plan was made from, and
//!    that no branch it moves is checked out in another work tree;
//! 2. checks that no lock it needs (the refs', `HEAD.lock`, `index.lock`)
//!    is held, waiting up to a second for one that is;
//! 3. writes the [journal](crate::journal) (old and new values of
//!    everything, fsynced): from here on a crash can be recovered with
//!    `git nodus recover --abort` or `--continue`;
//! 4. locks every ref (git's `<ref>.lock` files, holding the new values);
//! 5. checks out the new tree, if HEAD's branch moves or HEAD switches
//!    (a safe checkout: it fails rather than overwrite a file);
//! 6. renames each lock over its ref, then points HEAD at its branch;
//! 7. removes the journal.
//!
//! If a step fails, the journal is played backwards in this process (refs
//! get their old values, the work tree its old files, the index its old
//! bytes) and removed. The error is the original failure.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use crate::error::{Error, GitContext, Result};
use crate::failpoint;
use crate::journal::{self, BlobEntry, CheckoutEntry, Direction, HeadEntry, Journal, LockEntry, PathEntry, RefEntry};

/// One ref's change: `old` is what it must be now (`None`: absent), `new`
/// what it becomes (`None`: deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefChange {
    /// Full ref name (`refs/heads/v20.x`).
    pub name: String,
    /// Expected current target.
    pub old: Option<Oid>,
    /// New target.
    pub new: Option<Oid>,
}

/// Ref changes, a checkout and a HEAD switch, applied together.
pub struct Transaction<'r> {
    repo: &'r Repository,
    message: String,
    refs: Vec<RefChange>,
    checkout: Option<Checkout>,
}

/// Where HEAD and the work tree go.
#[derive(Debug, Clone)]
struct Checkout {
    /// The branch HEAD points at afterwards.
    branch: String,
    /// The commit whose tree the work tree gets.
    commit: Oid,
}

impl<'r> Transaction<'r> {
    /// An empty transaction; `message` goes into the reflogs and the journal.
    pub fn new(repo: &'r Repository, message: impl Into<String>) -> Transaction<'r> {
        Transaction { repo, message: message.into(), refs: Vec::new(), checkout: None }
    }

    /// Creates `name` at `new`; fails if it exists.
    pub fn create(&mut self, name: impl Into<String>, new: Oid) -> &mut Self {
        self.refs.push(RefChange { name: name.into(), old: None, new: Some(new) });
        self
    }

    /// Moves `name` from `old` to `new`.
    pub fn update(&mut self, name: impl Into<String>, old: Oid, new: Oid) -> &mut Self {
        self.refs.push(RefChange { name: name.into(), old: Some(old), new: Some(new) });
        self
    }

    /// Deletes `name`, which must point at `old`.
    pub fn delete(&mut self, name: impl Into<String>, old: Oid) -> &mut Self {
        self.refs.push(RefChange { name: name.into(), old: Some(old), new: None });
        self
    }

    /// Afterwards, HEAD is on `branch` and the index and work tree hold the
    /// tree of `commit` (which `branch` points at once the refs are written).
    pub fn checkout(&mut self, branch: impl Into<String>, commit: Oid) -> &mut Self {
        self.checkout = Some(Checkout { branch: branch.into(), commit });
        self
    }

    /// The ref changes, for printing a plan.
    pub fn changes(&self) -> &[RefChange] {
        &self.refs
    }

    /// Applies everything, or nothing (see the module documentation).
    pub fn commit(self) -> Result<()> {
        let repo = self.repo;
        if let Some(pending) = journal::pending_anywhere(repo)? {
            return Err(Error::Release(pending));
        }
        self.check_refs()?;
        // Every lock free before anything is written (a lock taken in the
        // meantime still makes a later step fail, and that is rolled back).
        for change in &self.refs {
            journal::wait_free(
                &journal::lock_of(&journal::ref_file(repo, &change.name)),
                &format!("`{}`", change.name),
            )?;
        }
        if self.checkout.is_some() {
            journal::wait_free(&journal::lock_of(&repo.path().join("index")), "the index")?;
            journal::wait_free(&journal::lock_of(&repo.path().join("HEAD")), "HEAD")?;
        }
        let journal = self.journal()?;
        journal.create(repo)?;
        failpoint::hit("journal-written");
        let mut held = Vec::new();
        let applied = self.apply(&mut held);
        for lock in &held {
            let _ = std::fs::remove_file(lock);
        }
        match applied {
            Ok(()) => {
                failpoint::hit("journal-remove");
                journal.remove(repo)
            }
            Err(error) => match journal.apply(repo, Direction::Abort) {
                Ok(_) => {
                    journal.remove(repo)?;
                    Err(error)
                }
                Err(undo) => Err(Error::Release(format!(
                    "{error}; undoing it failed too ({undo}); the journal {} is kept: \
                     run `git nodus recover --abort` once the cause is fixed",
                    journal::path(repo).display()
                ))),
            },
        }
    }

    /// Every ref still has its expected value; no branch that moves is
    /// checked out in another work tree.
    fn check_refs(&self) -> Result<()> {
        let repo = self.repo;
        for change in &self.refs {
            let now = journal::current(repo, &change.name)?;
            if now != change.old {
                return Err(moved(change, now));
            }
        }
        // A branch checked out in another work tree must not move under it
        // (git refuses the same), except HEAD's own, which we check out.
        let own_head =
            repo.find_reference("HEAD").ok().and_then(|h| h.symbolic_target().ok().flatten().map(str::to_owned));
        for change in &self.refs {
            if change.name.starts_with("refs/heads/")
                && own_head.as_deref() != Some(change.name.as_str())
                && let Some(elsewhere) = checked_out_elsewhere(repo, &change.name)
            {
                return Err(Error::Release(format!(
                    "branch `{}` is checked out in {}; switch that work tree to another branch first",
                    short(&change.name),
                    elsewhere.display()
                )));
            }
        }
        Ok(())
    }

    /// The journal: every value before and after, and the lock files this
    /// process will take.
    fn journal(&self) -> Result<Journal> {
        let repo = self.repo;
        let mut journal = Journal::new(&self.message);
        for change in &self.refs {
            journal.refs.push(RefEntry {
                name: change.name.clone(),
                old: change.old.map(|o| o.to_string()),
                new: change.new.map(|o| o.to_string()),
            });
            journal.locks.push(LockEntry::of_ref(&change.name));
        }
        journal.locks.push(LockEntry { common: true, path: "packed-refs.lock".into() });
        if let Some(checkout) = &self.checkout {
            let head_path = repo.path().join("HEAD");
            let before = std::fs::read_to_string(&head_path).map_err(|source| Error::Io {
                action: "cannot read",
                path: head_path.clone(),
                source,
            })?;
            journal.head = Some(HeadEntry { before, after: format!("ref: refs/heads/{}\n", checkout.branch) });
            journal.locks.push(LockEntry::of_git_file("HEAD"));
            journal.locks.push(LockEntry::of_git_file("index"));
            journal.checkout = Some(self.plan_checkout(checkout)?);
        }
        Ok(journal)
    }

    /// The paths the checkout changes, and a copy of the index.
    fn plan_checkout(&self, checkout: &Checkout) -> Result<CheckoutEntry> {
        let repo = self.repo;
        let root = repo
            .workdir()
            .ok_or_else(|| Error::Release(format!("{} has no work tree to check out into", repo.path().display())))?;
        let commit = repo.find_commit(checkout.commit).git(|| format!("reading {}", checkout.commit))?;
        let new_tree = commit.tree().git(|| format!("reading {}", checkout.commit))?;
        let head_tree = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
        let diff = repo
            .diff_tree_to_tree(head_tree.as_ref(), Some(&new_tree), None)
            .git(|| format!("comparing HEAD with `{}`", checkout.branch))?;
        let blob = |f: git2::DiffFile<'_>| {
            (f.exists() && !f.id().is_zero()).then(|| BlobEntry { oid: f.id().to_string(), mode: u32::from(f.mode()) })
        };
        let mut paths = Vec::new();
        let mut in_the_way = Vec::new();
        let mut created_dirs = Vec::new();
        for delta in diff.deltas() {
            let file = delta.new_file().path().or_else(|| delta.old_file().path());
            let Some(path) = file.and_then(|p| p.to_str()).map(str::to_owned) else {
                return Err(Error::Release(format!(
                    "`{}` changes a path that is not UTF-8 ({}); check it out with git",
                    checkout.branch,
                    file.map(|p| p.display().to_string()).unwrap_or_default()
                )));
            };
            let (old, new) = (blob(delta.old_file()), blob(delta.new_file()));
            if old.is_none() && new.is_some() {
                // Name the untracked files a checkout would refuse to
                // overwrite (libgit2 only counts them).
                if root.join(&path).symlink_metadata().is_ok() {
                    in_the_way.push(path.clone());
                }
                let mut dir = Path::new(&path).parent();
                while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                    if root.join(d).symlink_metadata().is_err() {
                        created_dirs.push(d.to_string_lossy().into_owned());
                    }
                    dir = d.parent();
                }
            }
            paths.push(PathEntry { path, old, new });
        }
        if !in_the_way.is_empty() {
            return Err(Error::Release(format!(
                "untracked {} in the way of `{}`: {}; move {} away and run the command again",
                if in_the_way.len() == 1 { "file" } else { "files" },
                checkout.branch,
                in_the_way.join(", "),
                if in_the_way.len() == 1 { "it" } else { "them" },
            )));
        }
        created_dirs.sort();
        created_dirs.dedup();
        let index_path = repo.path().join("index");
        let index_backup = match std::fs::read(&index_path) {
            Ok(bytes) => {
                let dir = journal::dir(repo);
                std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
                    action: "cannot create",
                    path: dir.clone(),
                    source,
                })?;
                let name = format!("index.{}.before", std::process::id());
                let backup = dir.join(&name);
                let io = |source| Error::Io { action: "cannot write", path: backup.clone(), source };
                let mut file = std::fs::File::create(&backup).map_err(io)?;
                std::io::Write::write_all(&mut file, &bytes).and_then(|()| file.sync_all()).map_err(io)?;
                Some(name)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(Error::Io { action: "cannot read", path: index_path, source }),
        };
        Ok(CheckoutEntry { new_tree: new_tree.id().to_string(), index_backup, paths, created_dirs })
    }

    /// Steps 4 to 6; `held` gets the lock files taken and not yet renamed.
    fn apply(&self, held: &mut Vec<PathBuf>) -> Result<()> {
        let repo = self.repo;
        let own_head =
            repo.find_reference("HEAD").ok().and_then(|h| h.symbolic_target().ok().flatten().map(str::to_owned));
        let head_before = repo.head().ok().and_then(|h| h.target());
        let mut locked = Vec::new();
        for change in &self.refs {
            let file = journal::ref_file(repo, &change.name);
            let lock = journal::lock_of(&file);
            let mut handle = journal::acquire(&lock, &format!("`{}`", change.name))?;
            held.push(lock.clone());
            failpoint::hit("ref-locked");
            // Under the lock, the value cannot change any more: check it again.
            let now = journal::current(repo, &change.name)?;
            if now != change.old {
                return Err(moved(change, now));
            }
            if let Some(new) = change.new {
                std::io::Write::write_all(&mut handle, format!("{new}\n").as_bytes())
                    .and_then(|()| handle.sync_all())
                    .map_err(|source| Error::Io { action: "cannot write", path: lock.clone(), source })?;
            }
            locked.push((change, file, lock));
        }
        if let Some(checkout) = &self.checkout {
            self.check_out(checkout)?;
        }
        for (change, file, lock) in locked {
            failpoint::hit("ref-rename");
            match change.new {
                Some(new) => {
                    if let Some(parent) = file.parent() {
                        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                            action: "cannot create",
                            path: parent.to_owned(),
                            source,
                        })?;
                    }
                    std::fs::rename(&lock, &file).map_err(|source| Error::Io {
                        action: "cannot write",
                        path: file.clone(),
                        source,
                    })?;
                    held.retain(|l| l != &lock);
                    journal::append_reflog(repo, &change.name, change.old, new, &self.message);
                    if own_head.as_deref() == Some(change.name.as_str()) {
                        journal::append_reflog(repo, "HEAD", change.old, new, &self.message);
                    }
                }
                None => {
                    let _ = std::fs::remove_file(&lock);
                    held.retain(|l| l != &lock);
                    journal::delete_ref(repo, &change.name)?;
                }
            }
        }
        if let Some(checkout) = &self.checkout {
            let head_path = repo.path().join("HEAD");
            let after = format!("ref: refs/heads/{}\n", checkout.branch);
            if std::fs::read_to_string(&head_path).ok().as_deref() != Some(after.as_str()) {
                failpoint::hit("head-write");
                journal::write_locked(&head_path, "HEAD", after.as_bytes())?;
                // `git checkout -` and `@{-1}` read this line.
                let from = own_head
                    .as_deref()
                    .map(short)
                    .unwrap_or_else(|| head_before.map(|o| o.to_string()).unwrap_or_else(|| "(unborn)".into()));
                let message = format!("checkout: moving from {from} to {}", checkout.branch);
                journal::append_reflog(repo, "HEAD", head_before, checkout.commit, &message);
            }
        }
        Ok(())
    }

    /// Checks out `checkout.commit`'s tree over HEAD's (safely: a file that
    /// would be lost makes it fail).
    fn check_out(&self, checkout: &Checkout) -> Result<()> {
        let repo = self.repo;
        let commit = repo.find_commit(checkout.commit).git(|| format!("reading {}", checkout.commit))?;
        let mut opts = git2::build::CheckoutBuilder::new();
        opts.safe();
        opts.progress(|path, _, _| {
            if path.is_some() {
                failpoint::hit("checkout-write");
            }
        });
        repo.checkout_tree(commit.as_object(), Some(&mut opts))
            .git(|| format!("checking out `{}` (a file in the way?)", checkout.branch))
    }
}

fn moved(change: &RefChange, now: Option<Oid>) -> Error {
    match (change.old, now) {
        (None, Some(_)) => Error::Exists { kind: kind_of(&change.name), name: short(&change.name) },
        _ => Error::Release(format!(
            "`{}` moved while the release was being prepared (expected {}, found {}); run the command again",
            short(&change.name),
            change.old.map(|o| o.to_string()).unwrap_or_else(|| "nothing".into()),
            now.map(|o| o.to_string()).unwrap_or_else(|| "nothing".into()),
        )),
    }
}

/// The work tree (other than `repo`'s own) whose HEAD is on `branch`.
fn checked_out_elsewhere(repo: &Repository, branch: &str) -> Option<PathBuf> {
    let own = repo.workdir().map(|p| p.to_owned());
    let on_branch = |r: &Repository| {
        r.find_reference("HEAD").ok().and_then(|h| h.symbolic_target().ok().flatten().map(str::to_owned)).as_deref()
            == Some(branch)
    };
    let mut others = Vec::new();
    // The main work tree, when `repo` is a linked one.
    if let Ok(main) = Repository::open(repo.commondir())
        && !main.is_bare()
    {
        others.push(main);
    }
    if let Ok(names) = repo.worktrees() {
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            if let Ok(wt) = repo.find_worktree(name)
                && let Ok(r) = Repository::open_from_worktree(&wt)
            {
                others.push(r);
            }
        }
    }
    others
        .iter()
        .filter(|r| r.workdir().map(|p| p.to_owned()) != own)
        .find(|r| on_branch(r))
        .and_then(|r| r.workdir().map(|p| p.to_owned()))
}

fn kind_of(name: &str) -> &'static str {
    if name.starts_with("refs/tags/") { "tag" } else { "branch" }
}

fn short(name: &str) -> String {
    name.strip_prefix("refs/heads/").or_else(|| name.strip_prefix("refs/tags/")).unwrap_or(name).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nodus_test_support::GitRepo;

    /// A repository on `main` with a second commit on `next` that changes
    /// and adds files.
    fn repo() -> (GitRepo, Oid, Oid) {
        let mut r = GitRepo::new();
        r.write("a.txt", "one\n");
        let base = r.commit("base");
        r.branch("next");
        r.checkout("next");
        r.write("a.txt", "two\n");
        r.write("dir/b.txt", "new\n");
        let next = r.commit("next");
        r.checkout("main");
        (r, base, next)
    }

    #[test]
    fn moves_refs_and_the_checked_out_branch_together() {
        let (r, base, next) = repo();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/main", base, next).create("refs/heads/copy", next).checkout("main", next);
        tx.commit().unwrap();
        assert_eq!(r.head(), next);
        assert_eq!(r.rev("copy"), next);
        assert_eq!(r.read("a.txt"), "two\n");
        assert_eq!(r.read("dir/b.txt"), "new\n");
        assert!(r.repo().statuses(None).unwrap().is_empty(), "index and work tree match HEAD");
        // Nothing of the transaction is left behind.
        let nodus = journal::dir(r.repo());
        assert_eq!(std::fs::read_dir(&nodus).unwrap().count(), 0, "journal and index copy removed");
        assert!(!r.repo().path().join("refs/heads/main.lock").exists());
        assert!(!r.repo().path().join("refs/heads/copy.lock").exists());
    }

    #[test]
    fn a_held_index_lock_stops_it_before_any_write_and_a_journal_blocks_the_next() {
        let (r, base, next) = repo();
        let before = r.snapshot();
        let lock = r.repo().path().join("index.lock");
        std::fs::write(&lock, "").unwrap();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/main", base, next).checkout("main", next);
        let err = tx.commit().unwrap_err().to_string();
        assert!(err.starts_with(&format!("cannot lock the index: `{}` exists", lock.display())), "{err}");
        assert_eq!(r.snapshot(), before);
        assert!(!r.join("dir").exists(), "no folder made");
        assert!(!journal::path(r.repo()).exists());
        std::fs::remove_file(&lock).unwrap();
        // A journal left by someone else: nothing runs until it is recovered.
        let mut left = Journal::new("nodus: earlier");
        left.pid = u32::MAX - 1;
        left.pid_start = None;
        left.create(r.repo()).unwrap();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/main", base, next);
        let err = tx.commit().unwrap_err().to_string();
        assert!(err.starts_with("`nodus: earlier` (pid 4294967294, started "), "{err}");
        assert!(err.contains("git nodus recover --abort"), "{err}");
        assert_eq!(r.snapshot(), before);
        // A journal that is not one is named, not guessed at.
        std::fs::write(journal::path(r.repo()), "{ torn").unwrap();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/main", base, next);
        let err = tx.commit().unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:1: not a git nodus journal", journal::path(r.repo()).display())), "{err}");
    }

    #[test]
    fn a_ref_write_failing_after_the_checkout_undoes_everything() {
        let (r, base, next) = repo();
        // `refs/heads/feature/x` exists, so `refs/heads/feature` can be
        // locked but not written: the failure comes after the checkout.
        r.repo().reference("refs/heads/feature/x", base, false, "test").unwrap();
        let before = r.snapshot();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/main", base, next).create("refs/heads/feature", next).checkout("main", next);
        let err = tx.commit().unwrap_err();
        assert!(err.to_string().contains("refs"), "{err}");
        assert_eq!(r.snapshot(), before);
        assert!(!r.join("dir/b.txt").exists());
    }

    #[test]
    fn a_moved_ref_or_an_existing_one_is_refused_up_front() {
        let (r, base, next) = repo();
        let before = r.snapshot();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/main", next, base);
        assert!(tx.commit().unwrap_err().to_string().contains("`main` moved"));
        let mut tx = Transaction::new(r.repo(), "test");
        tx.create("refs/heads/next", base);
        assert_eq!(tx.commit().unwrap_err().to_string(), "branch `next` already exists");
        assert_eq!(r.snapshot(), before);
    }

    #[test]
    fn a_branch_checked_out_in_another_work_tree_does_not_move() {
        let (r, base, next) = repo();
        let other = tempfile::tempdir().unwrap();
        let path = other.path().join("wt");
        let branch = r.repo().find_reference("refs/heads/next").unwrap();
        let mut opts = git2::WorktreeAddOptions::new();
        opts.reference(Some(&branch));
        r.repo().worktree("wt", &path, Some(&opts)).unwrap();
        let before = r.snapshot();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.update("refs/heads/next", next, base);
        let err = tx.commit().unwrap_err().to_string();
        assert!(err.starts_with("branch `next` is checked out in "), "{err}");
        assert_eq!(r.snapshot(), before);
        // From inside the linked work tree, the main one's branch is guarded too.
        let linked = Repository::open(&path).unwrap();
        let mut tx = Transaction::new(&linked, "test");
        tx.update("refs/heads/main", base, next);
        let err = tx.commit().unwrap_err().to_string();
        assert!(err.starts_with("branch `main` is checked out in "), "{err}");
        // Its own HEAD's branch may move (the transaction checks it out).
        let mut tx = Transaction::new(&linked, "test");
        tx.update("refs/heads/next", next, base).checkout("next", base);
        tx.commit().unwrap();
        assert_eq!(linked.head().unwrap().target(), Some(base));
    }
}
