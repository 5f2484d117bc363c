//! All-or-nothing changes to refs, HEAD, the index and the work tree.
//!
//! Commands build every new object first (blobs, trees, commits, tags: they
//! change nothing a user sees), then hand the ref changes and the checkout
//! to a [`Transaction`]. Committing it:
//!
//! 1. checks every ref still has the value the plan was made from, and
//!    that no branch it moves is checked out in another work tree;
//! 2. locks every ref (a ref another process holds fails here);
//! 3. checks out the new tree, if HEAD's branch moves or HEAD switches
//!    (a safe checkout: it fails rather than overwrite a file);
//! 4. writes the refs, then points HEAD at its branch.
//!
//! If any step fails, everything done so far is undone: refs get their old
//! values back, refs created outside the transaction (a tag made by
//! `git tag -s`) are deleted, the index file gets its old bytes back and the
//! work tree its old files. The error is the original failure.

use std::path::PathBuf;

use git2::{Oid, Repository};

use crate::error::{Error, GitContext, Result};

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
    adopted: Vec<String>,
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

/// What HEAD was.
enum Head {
    Branch(String),
    Detached(Oid),
    Unborn(String),
}

impl<'r> Transaction<'r> {
    /// An empty transaction; `message` goes into the reflogs.
    pub fn new(repo: &'r Repository, message: impl Into<String>) -> Transaction<'r> {
        Transaction { repo, message: message.into(), refs: Vec::new(), adopted: Vec::new(), checkout: None }
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

    /// A ref something else (`git tag -s`) already created for this
    /// operation: kept on success, deleted if the transaction fails.
    pub fn adopt(&mut self, name: impl Into<String>) -> &mut Self {
        self.adopted.push(name.into());
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
        let result = self.try_commit();
        if result.is_err() {
            for name in &self.adopted {
                if let Ok(mut r) = self.repo.find_reference(name) {
                    let _ = r.delete();
                }
            }
        }
        result
    }

    fn try_commit(&self) -> Result<()> {
        let repo = self.repo;
        for change in &self.refs {
            let now = current(repo, &change.name)?;
            if now != change.old {
                return Err(match (change.old, now) {
                    (None, Some(_)) => Error::Exists { kind: kind_of(&change.name), name: short(&change.name) },
                    _ => Error::Release(format!(
                        "`{}` moved while the release was being prepared (expected {}, found {}); run the command again",
                        short(&change.name),
                        change.old.map(|o| o.to_string()).unwrap_or_else(|| "nothing".into()),
                        now.map(|o| o.to_string()).unwrap_or_else(|| "nothing".into()),
                    )),
                });
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
        let mut locks = repo.transaction().git(|| "starting a ref transaction".into())?;
        for change in &self.refs {
            locks.lock_ref(&change.name).git(|| format!("cannot lock `{}`", change.name))?;
        }

        let head = read_head(repo)?;
        let index_path = repo.path().join("index");
        let index_before = std::fs::read(&index_path).ok();
        let mut checked_out = false;
        if let Some(checkout) = &self.checkout {
            if let Err(e) = self.check_out(checkout) {
                // A failed checkout may have written part of the tree.
                self.restore_work_tree(&head, &index_path, index_before.as_deref(), checkout.commit);
                return Err(e);
            }
            checked_out = true;
        }

        let written = (|| {
            for change in &self.refs {
                let result = match change.new {
                    Some(new) => locks.set_target(&change.name, new, None, &self.message),
                    None => locks.remove(&change.name),
                };
                result.git(|| format!("updating `{}`", change.name))?;
            }
            locks.commit().git(|| "writing refs".into())?;
            match &self.checkout {
                Some(c) => {
                    repo.set_head(&format!("refs/heads/{}", c.branch)).git(|| format!("switching to `{}`", c.branch))
                }
                None => Ok(()),
            }
        })();
        if let Err(e) = written {
            self.restore_refs();
            restore_head(repo, &head);
            if let (Some(checkout), true) = (&self.checkout, checked_out) {
                self.restore_work_tree(&head, &index_path, index_before.as_deref(), checkout.commit);
            }
            return Err(e);
        }
        Ok(())
    }

    /// Checks out `checkout.commit`'s tree over HEAD's (safely: a file that
    /// would be lost makes it fail).
    fn check_out(&self, checkout: &Checkout) -> Result<()> {
        let repo = self.repo;
        let commit = repo.find_commit(checkout.commit).git(|| format!("reading {}", checkout.commit))?;
        // Name the untracked files a checkout would refuse to overwrite
        // (libgit2 only counts them).
        let head_tree = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
        let new_tree = commit.tree().git(|| format!("reading {}", checkout.commit))?;
        if let (Some(root), Ok(diff)) =
            (repo.workdir(), repo.diff_tree_to_tree(head_tree.as_ref(), Some(&new_tree), None))
        {
            let in_the_way: Vec<String> = diff
                .deltas()
                .filter(|d| d.status() == git2::Delta::Added)
                .filter_map(|d| d.new_file().path().map(|p| p.to_owned()))
                .filter(|p| root.join(p).symlink_metadata().is_ok())
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if !in_the_way.is_empty() {
                return Err(Error::Release(format!(
                    "untracked {} in the way of `{}`: {}; move {} away and run the command again",
                    if in_the_way.len() == 1 { "file" } else { "files" },
                    checkout.branch,
                    in_the_way.join(", "),
                    if in_the_way.len() == 1 { "it" } else { "them" },
                )));
            }
        }
        let mut opts = git2::build::CheckoutBuilder::new();
        opts.safe();
        repo.checkout_tree(commit.as_object(), Some(&mut opts))
            .git(|| format!("checking out `{}` (a file in the way?)", checkout.branch))
    }

    /// Puts back the index file and the files of HEAD's old tree, and
    /// removes files the new tree added that were not there before.
    fn restore_work_tree(&self, head: &Head, index_path: &PathBuf, index_before: Option<&[u8]>, new_commit: Oid) {
        let repo = self.repo;
        let old_tree = match head {
            Head::Branch(name) => {
                let old = self.refs.iter().find(|c| &c.name == name).and_then(|c| c.old);
                old.or_else(|| current(repo, name).ok().flatten())
            }
            Head::Detached(oid) => Some(*oid),
            Head::Unborn(_) => None,
        }
        .and_then(|oid| repo.find_commit(oid).ok())
        .and_then(|c| c.tree().ok());
        let new_tree = repo.find_commit(new_commit).ok().and_then(|c| c.tree().ok());
        if let (Some(old_tree), Some(new_tree)) = (&old_tree, &new_tree)
            && let Ok(diff) = repo.diff_tree_to_tree(Some(old_tree), Some(new_tree), None)
        {
            for delta in diff.deltas() {
                if delta.status() == git2::Delta::Added
                    && let (Some(path), Some(root)) = (delta.new_file().path(), repo.workdir())
                {
                    let file = root.join(path);
                    // Only a file with exactly the new content was written by us.
                    let ours = std::fs::read(&file).ok().is_some_and(|bytes| {
                        repo.find_blob(delta.new_file().id()).is_ok_and(|b| b.content() == bytes.as_slice())
                    });
                    if ours {
                        let _ = std::fs::remove_file(&file);
                    }
                }
            }
        }
        if let Some(old_tree) = &old_tree {
            let mut opts = git2::build::CheckoutBuilder::new();
            opts.force();
            let _ = repo.checkout_tree(old_tree.as_object(), Some(&mut opts));
        }
        match index_before {
            Some(bytes) => {
                let _ = std::fs::write(index_path, bytes);
            }
            None => {
                let _ = std::fs::remove_file(index_path);
            }
        }
    }

    fn restore_refs(&self) {
        for change in &self.refs {
            let now = current(self.repo, &change.name).ok().flatten();
            if now == change.old {
                continue;
            }
            match change.old {
                Some(old) => {
                    let _ = self.repo.reference(&change.name, old, true, "nodus: roll back");
                }
                None => {
                    if let Ok(mut r) = self.repo.find_reference(&change.name) {
                        let _ = r.delete();
                    }
                }
            }
        }
    }
}

fn read_head(repo: &Repository) -> Result<Head> {
    match repo.find_reference("HEAD") {
        Ok(head) => match head.symbolic_target().ok().flatten() {
            Some(target) => {
                if repo.find_reference(target).is_ok() {
                    Ok(Head::Branch(target.to_owned()))
                } else {
                    Ok(Head::Unborn(target.to_owned()))
                }
            }
            None => Ok(Head::Detached(head.target().expect("a direct HEAD has a target"))),
        },
        Err(error) => Err(Error::Git { context: "reading HEAD".into(), error }),
    }
}

fn restore_head(repo: &Repository, head: &Head) {
    let _ = match head {
        Head::Branch(name) | Head::Unborn(name) => repo.set_head(name),
        Head::Detached(oid) => repo.set_head_detached(*oid),
    };
}

fn current(repo: &Repository, name: &str) -> Result<Option<Oid>> {
    match repo.find_reference(name) {
        Ok(r) => Ok(r.target()),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(error) => Err(Error::Git { context: format!("reading `{name}`"), error }),
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

    #[test]
    fn adopted_refs_are_deleted_on_failure() {
        let (r, base, next) = repo();
        r.repo().reference("refs/tags/signed", next, false, "made elsewhere").unwrap();
        let mut tx = Transaction::new(r.repo(), "test");
        tx.adopt("refs/tags/signed").update("refs/heads/main", next, base);
        assert!(tx.commit().is_err());
        assert!(r.repo().find_reference("refs/tags/signed").is_err());
    }
}
