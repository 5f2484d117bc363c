//! The crash-safe journal of a [`Transaction`](crate::transaction::Transaction).
//!
//! Before a transaction changes the first ref, lock file or work-tree file,
//! it writes `.git/nodus/journal` (and fsyncs it): the process (pid and
//! start time), every ref's old and new value, HEAD before and after, the
//! index before (a copy, `.git/nodus/index.<pid>.before`) and after (a
//! tree), and every path the checkout touches with its old and new blob id
//! and mode (the blobs are in the object database), the folders the
//! checkout creates, and the lock files the process takes. The journal is
//! removed after the last change.
//!
//! A journal left behind means its process died in the middle. From the
//! journal alone, [`Journal::recover`] puts the repository back to the
//! state before ([`Direction::Abort`]) or finishes it ([`Direction::Continue`]);
//! both can run again after being interrupted themselves, and both first
//! remove the stale lock files the dead process left (only those it
//! listed, only if it is dead, only if they are not older than it).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

use crate::error::{Error, GitContext, Result};
use crate::failpoint;

/// How long to wait for a lock another process holds before giving up.
pub const LOCK_WAIT: Duration = Duration::from_millis(1000);

/// The journal format's version.
const VERSION: u32 = 1;

/// Which state recovery brings the repository to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Back to the state before the transaction.
    Abort,
    /// On to the state after it.
    Continue,
}

/// One transaction in progress, as written to `.git/nodus/journal`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Journal {
    /// The format version.
    pub version: u32,
    /// The process applying the transaction.
    pub pid: u32,
    /// Its start time (Linux: clock ticks after boot), to tell it from a
    /// later process with the same pid.
    pub pid_start: Option<u64>,
    /// When the journal was written, in milliseconds since the Unix epoch.
    pub started_ms: u64,
    /// What the transaction is (`nodus: release promote 20.9.1`).
    pub operation: String,
    /// Every ref it changes.
    pub refs: Vec<RefEntry>,
    /// HEAD before and after (the HEAD file's content).
    pub head: Option<HeadEntry>,
    /// The index and the work-tree files it changes.
    pub checkout: Option<CheckoutEntry>,
    /// The lock files the process may hold.
    pub locks: Vec<LockEntry>,
}

/// A lock file, relative to the repository's git folder (`HEAD.lock`,
/// `index.lock`) or to its common folder (`refs/heads/main.lock`), so a
/// copied or moved repository still recovers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockEntry {
    /// Under the common folder (refs, `packed-refs`) rather than the work
    /// tree's own git folder (HEAD, index).
    pub common: bool,
    /// The path under that folder, `/`-separated.
    pub path: String,
}

impl LockEntry {
    /// The lock of ref `name`.
    pub fn of_ref(name: &str) -> LockEntry {
        LockEntry { common: true, path: format!("{name}.lock") }
    }

    /// The lock of a per-work-tree file of the git folder (`HEAD`, `index`).
    pub fn of_git_file(name: &str) -> LockEntry {
        LockEntry { common: false, path: format!("{name}.lock") }
    }

    /// Where it is in `repo`; `None` for a path that would leave the folder.
    pub fn resolve(&self, repo: &Repository) -> Option<PathBuf> {
        let rel = Path::new(&self.path);
        let plain = rel.components().all(|c| matches!(c, std::path::Component::Normal(_)));
        plain.then(|| if self.common { repo.commondir().join(rel) } else { repo.path().join(rel) })
    }
}

/// A ref's value before and after (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefEntry {
    /// Full ref name.
    pub name: String,
    /// Before.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// The HEAD file before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadEntry {
    /// Before (`ref: refs/heads/main\n` or an object id).
    pub before: String,
    /// After.
    pub after: String,
}

/// The checkout: the index and the work-tree paths it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutEntry {
    /// The tree the index holds afterwards.
    pub new_tree: String,
    /// The copy of the index before, in `.git/nodus` (`None`: there was
    /// no index file).
    pub index_backup: Option<String>,
    /// Every path whose content differs between before and after.
    pub paths: Vec<PathEntry>,
    /// Folders that did not exist before (relative to the work tree).
    pub created_dirs: Vec<String>,
}

/// A work-tree path before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathEntry {
    /// Relative to the work tree, `/`-separated.
    pub path: String,
    /// Its blob before (`None`: absent).
    pub old: Option<BlobEntry>,
    /// Its blob after.
    pub new: Option<BlobEntry>,
}

/// A blob and its file mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    /// The blob id.
    pub oid: String,
    /// The git file mode (`0o100644`, `0o100755`, `0o120000`, `0o160000`).
    pub mode: u32,
}

/// The journal's folder in a repository: `.git/nodus` (per work tree).
pub fn dir(repo: &Repository) -> PathBuf {
    repo.path().join("nodus")
}

/// The journal file.
pub fn path(repo: &Repository) -> PathBuf {
    dir(repo).join("journal")
}

/// A journal left in `repo` or in any other work tree of its repository
/// (they share refs): what [`Journal::describe`] says about it, pointing
/// at the work tree to recover in when it is another one.
pub fn pending_anywhere(repo: &Repository) -> Result<Option<String>> {
    if let Some(journal) = Journal::read(repo)? {
        return Ok(Some(journal.describe(repo)));
    }
    let mut git_dirs = vec![repo.commondir().to_owned()];
    if let Ok(entries) = fs::read_dir(repo.commondir().join("worktrees")) {
        git_dirs.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    let own = repo.path().canonicalize().unwrap_or_else(|_| repo.path().to_owned());
    for git_dir in git_dirs {
        if git_dir.canonicalize().unwrap_or_else(|_| git_dir.clone()) == own || !git_dir.join("nodus/journal").exists()
        {
            continue;
        }
        let Ok(other) = Repository::open(&git_dir) else { continue };
        if let Some(journal) = Journal::read(&other)? {
            let place = other.workdir().unwrap_or(other.path()).display().to_string();
            return Ok(Some(format!(
                "{}
(That is in the work tree {place}: run `git nodus recover` there.)",
                journal.describe(&other)
            )));
        }
    }
    Ok(None)
}

impl Journal {
    /// A journal for the current process.
    pub fn new(operation: impl Into<String>) -> Journal {
        Journal {
            version: VERSION,
            pid: std::process::id(),
            pid_start: process_start(std::process::id()),
            started_ms: now_ms(),
            operation: operation.into(),
            refs: Vec::new(),
            head: None,
            checkout: None,
            locks: Vec::new(),
        }
    }

    /// The journal left in `repo`, if any.
    pub fn read(repo: &Repository) -> Result<Option<Journal>> {
        let path = path(repo);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Io { action: "cannot read", path, source }),
        };
        let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| Error::Config {
            file: path.clone(),
            line: Some(e.line()),
            message: format!("not a git nodus journal ({e}); move it away to use git nodus again"),
        })?;
        if journal.version != VERSION {
            return Err(Error::Config {
                file: path,
                line: None,
                message: format!(
                    "journal version {} is not {VERSION}; recover with the git nodus that wrote it",
                    journal.version
                ),
            });
        }
        Ok(Some(journal))
    }

    /// Writes the journal, failing if one exists (another transaction is
    /// running or died): through a temporary file, fsynced, then linked to
    /// its name, so a reader sees a whole journal or none.
    pub fn create(&self, repo: &Repository) -> Result<()> {
        let dir = dir(repo);
        fs::create_dir_all(&dir).map_err(|source| Error::Io { action: "cannot create", path: dir.clone(), source })?;
        let tmp = dir.join(format!("journal.{}.tmp", self.pid));
        self.write_synced(&tmp)?;
        let path = path(repo);
        let linked = fs::hard_link(&tmp, &path);
        let _ = fs::remove_file(&tmp);
        match linked {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Release(format!(
                    "`{}` exists: another git nodus command is changing this repository, or died doing so \
                     (run `git nodus recover` to see which)",
                    path.display()
                )));
            }
            Err(source) => return Err(Error::Io { action: "cannot write", path, source }),
        }
        crate::state_file::sync_dir(&dir);
        Ok(())
    }

    /// Replaces the journal (recovery taking it over).
    fn replace(&self, repo: &Repository) -> Result<()> {
        let dir = dir(repo);
        let tmp = dir.join(format!("journal.{}.tmp", std::process::id()));
        self.write_synced(&tmp)?;
        let path = path(repo);
        fs::rename(&tmp, &path).map_err(|source| Error::Io { action: "cannot replace", path, source })?;
        crate::state_file::sync_dir(&dir);
        Ok(())
    }

    fn write_synced(&self, path: &Path) -> Result<()> {
        let io = |action, source| Error::Io { action, path: path.to_owned(), source };
        let json = serde_json::to_vec_pretty(self).map_err(|e| io("cannot write", std::io::Error::other(e)))?;
        let mut file = File::create(path).map_err(|e| io("cannot create", e))?;
        file.write_all(&json).and_then(|()| file.sync_all()).map_err(|e| io("cannot write", e))
    }

    /// Removes the journal and its index copy: the transaction is over.
    pub fn remove(&self, repo: &Repository) -> Result<()> {
        let path = path(repo);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Io { action: "cannot remove", path, source }),
        }
        if let Some(backup) = self.checkout.as_ref().and_then(|c| c.index_backup.as_ref()) {
            let _ = fs::remove_file(dir(repo).join(backup));
        }
        crate::state_file::sync_dir(&dir(repo));
        Ok(())
    }

    /// Whether the process that wrote the journal still runs.
    pub fn owner_alive(&self) -> bool {
        if !pid_exists(self.pid) {
            return false;
        }
        match (self.pid_start, process_start(self.pid)) {
            (Some(then), Some(now)) => then == now,
            _ => true,
        }
    }

    /// The lock files the dead process left: listed in the journal and
    /// not older than it (an older one belongs to someone else).
    pub fn stale_locks(&self, repo: &Repository) -> Vec<PathBuf> {
        if self.owner_alive() {
            return Vec::new();
        }
        self.locks
            .iter()
            .filter_map(|lock| lock.resolve(repo))
            .filter(|lock| {
                fs::symlink_metadata(lock)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .is_some_and(|t| t.as_millis() as u64 + 2000 >= self.started_ms)
            })
            .collect()
    }

    /// What happened and what recovery would do, for the user.
    pub fn describe(&self, repo: &Repository) -> String {
        let mut out = String::new();
        let when = chrono::DateTime::from_timestamp_millis(self.started_ms as i64)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_default();
        let alive = self.owner_alive();
        out.push_str(&format!(
            "`{}` (pid {}, started {when}) {} in the middle of changing this repository; its journal is {}\n",
            self.operation,
            self.pid,
            if alive { "is still running" } else { "died" },
            path(repo).display()
        ));
        let width = self.refs.iter().map(|r| r.name.len()).max().unwrap_or(4).max(9);
        for r in &self.refs {
            let now = current(repo, &r.name).ok().flatten().map(|o| o.to_string());
            let state = if now == r.new {
                format!("done ({})", show(&r.new))
            } else if now == r.old {
                format!("not done: {} -> {}", show(&r.old), show(&r.new))
            } else {
                format!(
                    "moved by someone else to {} (it was {}, was to become {})",
                    show(&now),
                    show(&r.old),
                    show(&r.new)
                )
            };
            out.push_str(&format!("  {:<width$}  {state}\n", r.name));
        }
        if let Some(head) = &self.head
            && head.before != head.after
        {
            let now = fs::read_to_string(repo.path().join("HEAD")).unwrap_or_default();
            let state = if now == head.after {
                format!("done ({})", head.after.trim())
            } else {
                format!("not done: {} -> {}", head.before.trim(), head.after.trim())
            };
            out.push_str(&format!("  {:<width$}  {state}\n", "HEAD"));
        }
        if let Some(c) = &self.checkout {
            out.push_str(&format!(
                "  {:<width$}  {} file{} to change, some of them possibly changed, and the index\n",
                "work tree",
                c.paths.len(),
                if c.paths.len() == 1 { "" } else { "s" }
            ));
        }
        let locks = self.stale_locks(repo);
        if !locks.is_empty() {
            let names: Vec<String> = locks.iter().map(|l| l.display().to_string()).collect();
            out.push_str(&format!("  {:<width$}  {}\n", "locks left", names.join(", ")));
        }
        if alive {
            out.push_str("Wait for it to finish.");
            return out;
        }
        let what = match (&self.head, &self.checkout) {
            (_, Some(c)) => format!("the refs, HEAD, the index and those {} files", c.paths.len()),
            (Some(_), None) => "the refs and HEAD".to_owned(),
            (None, None) => "the refs".to_owned(),
        };
        out.push_str(&format!(
            "Do not commit or stash what it left. Run one of:\n  \
             git nodus recover --abort      put {what} back as they were before\n  \
             git nodus recover --continue   finish it: {what} as it meant to leave them\n\
             Either one removes the journal{}.",
            if locks.is_empty() { "" } else { " and the lock files listed above" }
        ));
        out
    }

    /// Brings the repository to the state before or after the transaction
    /// from the journal alone, then removes the journal. Refuses while the
    /// process that wrote it runs, and when a ref or HEAD is at neither its
    /// old nor its new value (someone else moved it since).
    pub fn recover(&self, repo: &Repository, direction: Direction) -> Result<Vec<String>> {
        if self.owner_alive() {
            return Err(Error::Release(format!(
                "`{}` (pid {}) is still running; its journal is {}",
                self.operation,
                self.pid,
                path(repo).display()
            )));
        }
        let mut done = Vec::new();
        for lock in self.stale_locks(repo) {
            fs::remove_file(&lock).map_err(|source| Error::Io {
                action: "cannot remove",
                path: lock.clone(),
                source,
            })?;
            done.push(format!("removed stale lock {}", lock.display()));
        }
        // From here on this process owns the journal: if it dies too, the
        // next recovery removes the locks it took.
        let mut mine = self.clone();
        mine.pid = std::process::id();
        mine.pid_start = process_start(mine.pid);
        mine.started_ms = now_ms();
        mine.replace(repo)?;
        done.extend(mine.apply(repo, direction)?);
        mine.remove(repo)?;
        Ok(done)
    }

    /// Puts refs, HEAD, the index and the work tree in the state before
    /// or after, changing only what differs. The caller holds no lock.
    pub(crate) fn apply(&self, repo: &Repository, direction: Direction) -> Result<Vec<String>> {
        let mut done = Vec::new();
        let abort = direction == Direction::Abort;
        let message = format!("{} ({})", self.operation, if abort { "rolled back" } else { "completed" });
        for r in &self.refs {
            let old = parse_oid(&r.old, &r.name)?;
            let new = parse_oid(&r.new, &r.name)?;
            let target = if abort { old } else { new };
            let now = current(repo, &r.name)?;
            if now == target {
                continue;
            }
            if now != old && now != new {
                return Err(Error::Release(format!(
                    "`{}` is at {}, neither its value before `{}` ({}) nor after ({}): someone moved it since; \
                     set it yourself with `git update-ref`, then run the recovery again",
                    r.name,
                    show(&now.map(|o| o.to_string())),
                    self.operation,
                    show(&r.old),
                    show(&r.new)
                )));
            }
            failpoint::hit("recover-ref");
            match target {
                Some(oid) => write_ref(repo, &r.name, now, oid, &message)?,
                None => delete_ref(repo, &r.name)?,
            }
            done.push(format!("{} {}", r.name, target.map(|o| format!("set to {o}")).unwrap_or("deleted".into())));
        }
        if let Some(checkout) = &self.checkout {
            done.extend(apply_checkout(repo, checkout, direction)?);
        }
        if let Some(head) = &self.head {
            let target = if abort { &head.before } else { &head.after };
            let head_path = repo.path().join("HEAD");
            let now = fs::read_to_string(&head_path).map_err(|source| Error::Io {
                action: "cannot read",
                path: head_path.clone(),
                source,
            })?;
            if &now != target {
                if now != head.before && now != head.after {
                    return Err(Error::Release(format!(
                        "HEAD is `{}`, neither `{}` nor `{}`: someone switched branches since; not touching it",
                        now.trim(),
                        head.before.trim(),
                        head.after.trim()
                    )));
                }
                failpoint::hit("recover-head");
                write_locked(&head_path, "HEAD", target.as_bytes())?;
                done.push(format!("HEAD set to {}", target.trim()));
            }
        }
        Ok(done)
    }
}

/// Writes every path of `checkout` to its old or new blob, and the index.
fn apply_checkout(repo: &Repository, checkout: &CheckoutEntry, direction: Direction) -> Result<Vec<String>> {
    let abort = direction == Direction::Abort;
    let root = repo
        .workdir()
        .ok_or_else(|| Error::Release(format!("{} has no work tree to restore", repo.path().display())))?
        .to_owned();
    let index_path = repo.path().join("index");
    let mut changed = 0usize;
    // A temporary file of a recovery that was itself killed.
    for p in &checkout.paths {
        let file = root.join(&p.path);
        if let Some(name) = file.file_name() {
            let tmp = file.with_file_name(format!(".{}.nodus-tmp", name.to_string_lossy()));
            if fs::symlink_metadata(&tmp).is_ok() {
                remove_path(&tmp)?;
            }
        }
    }
    let side = |p: &PathEntry| if abort { p.old.clone() } else { p.new.clone() };
    // Removals first: a file may be where a folder goes, and the other way.
    for p in checkout.paths.iter().filter(|p| side(p).is_none()) {
        let file = root.join(&p.path);
        if fs::symlink_metadata(&file).is_ok() {
            failpoint::hit("recover-file");
            remove_path(&file)?;
            changed += 1;
        }
        // As git does when a checkout deletes a file; on abort only the
        // folders the checkout created go (below).
        if !abort {
            prune_empty_parents(&root, &file);
        }
    }
    for p in &checkout.paths {
        if let Some(blob) = side(p) {
            let file = root.join(&p.path);
            if !has_content(repo, &file, &blob)? {
                failpoint::hit("recover-file");
                write_blob(repo, &file, &blob)?;
                changed += 1;
            }
        }
    }
    if abort {
        let mut dirs: Vec<&String> = checkout.created_dirs.iter().collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
        for d in dirs {
            let _ = fs::remove_dir(root.join(d));
        }
    }
    let mut done = vec![format!("{changed} work-tree file{} restored", if changed == 1 { "" } else { "s" })];
    failpoint::hit("recover-index");
    if abort {
        match &checkout.index_backup {
            Some(name) => {
                let backup = dir(repo).join(name);
                let bytes = fs::read(&backup).map_err(|source| Error::Io {
                    action: "cannot read",
                    path: backup.clone(),
                    source,
                })?;
                if fs::read(&index_path).ok().as_deref() != Some(bytes.as_slice()) {
                    write_locked(&index_path, "the index", &bytes)?;
                    done.push("index restored".into());
                }
            }
            None => {
                if index_path.exists() {
                    fs::remove_file(&index_path).map_err(|source| Error::Io {
                        action: "cannot remove",
                        path: index_path.clone(),
                        source,
                    })?;
                    done.push("index removed".into());
                }
            }
        }
    } else {
        let tree_id = Oid::from_str(&checkout.new_tree).git(|| format!("journal: tree `{}`", checkout.new_tree))?;
        let tree = repo.find_tree(tree_id).git(|| format!("reading tree {tree_id}"))?;
        let mut index = repo.index().git(|| format!("reading {}", index_path.display()))?;
        let wanted = {
            let mut fresh = git2::Index::new().git(|| "making an index".into())?;
            fresh.read_tree(&tree).git(|| format!("reading tree {tree_id}"))?;
            entries(&fresh)
        };
        if entries(&index) != wanted {
            wait_free(&lock_of(&index_path), "the index")?;
            index.read_tree(&tree).git(|| format!("reading tree {tree_id} into the index"))?;
            index.write().git(|| format!("writing {}", index_path.display()))?;
            done.push(format!("index set to tree {tree_id}"));
        }
    }
    Ok(done)
}

fn entries(index: &git2::Index) -> Vec<(Vec<u8>, u32, Oid, u16)> {
    index.iter().map(|e| (e.path, e.mode, e.id, e.flags & 0x3000)).collect()
}

/// Whether `file` already holds `blob` with its mode.
fn has_content(repo: &Repository, file: &Path, blob: &BlobEntry) -> Result<bool> {
    let Ok(meta) = fs::symlink_metadata(file) else { return Ok(false) };
    let oid = Oid::from_str(&blob.oid).git(|| format!("journal: blob `{}`", blob.oid))?;
    match blob.mode {
        0o160000 => Ok(meta.is_dir()),
        0o120000 => {
            let Ok(target) = fs::read_link(file) else { return Ok(false) };
            let content = repo.find_blob(oid).git(|| format!("reading blob {oid}"))?;
            Ok(target.as_os_str().as_encoded_bytes() == content.content())
        }
        mode => {
            if !meta.is_file() || is_executable(&meta) != (mode == 0o100755) {
                return Ok(false);
            }
            let bytes =
                fs::read(file).map_err(|source| Error::Io { action: "cannot read", path: file.to_owned(), source })?;
            Ok(Oid::hash_object(git2::ObjectType::Blob, &bytes).is_ok_and(|h| h == oid))
        }
    }
}

#[cfg(unix)]
fn is_executable(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &fs::Metadata) -> bool {
    false
}

/// Writes `blob` to `file` (through a temporary file and a rename).
fn write_blob(repo: &Repository, file: &Path, blob: &BlobEntry) -> Result<()> {
    if blob.mode == 0o160000 {
        // A submodule: git leaves an empty folder; its content is not ours.
        return fs::create_dir_all(file).map_err(|source| Error::Io {
            action: "cannot create",
            path: file.to_owned(),
            source,
        });
    }
    let oid = Oid::from_str(&blob.oid).git(|| format!("journal: blob `{}`", blob.oid))?;
    let content = repo.find_blob(oid).git(|| format!("reading blob {oid} for `{}`", file.display()))?;
    let io = |action, source| Error::Io { action, path: file.to_owned(), source };
    if let Some(parent) = file.parent() {
        fs::create_dir_all(parent).map_err(|e| io("cannot create the folder of", e))?;
    }
    if let Ok(meta) = fs::symlink_metadata(file)
        && meta.is_dir()
    {
        fs::remove_dir(file).map_err(|e| io("cannot replace the folder", e))?;
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = file.with_file_name(format!(".{name}.nodus-tmp"));
    let _ = fs::remove_file(&tmp);
    if blob.mode == 0o120000 {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let target = std::ffi::OsStr::from_bytes(content.content());
            std::os::unix::fs::symlink(target, &tmp).map_err(|e| io("cannot write", e))?;
        }
        #[cfg(not(unix))]
        fs::write(&tmp, content.content()).map_err(|e| io("cannot write", e))?;
    } else {
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(if blob.mode == 0o100755 { 0o777 } else { 0o666 });
        }
        let mut out = opts.open(&tmp).map_err(|e| io("cannot write", e))?;
        out.write_all(content.content()).map_err(|e| io("cannot write", e))?;
    }
    fs::rename(&tmp, file).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io("cannot replace", e)
    })
}

fn remove_path(file: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(file);
    let result = match meta {
        Ok(m) if m.is_dir() => fs::remove_dir(file),
        _ => fs::remove_file(file),
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io { action: "cannot remove", path: file.to_owned(), source }),
    }
}

/// Removes the folders above `file` that are empty, up to `root`.
fn prune_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// `path` with `.lock` appended, git's lock file for it.
pub fn lock_of(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Waits up to [`LOCK_WAIT`] for `lock` to disappear; fails naming it.
pub fn wait_free(lock: &Path, what: &str) -> Result<()> {
    let start = Instant::now();
    while lock.exists() {
        if start.elapsed() >= LOCK_WAIT {
            return Err(Error::Locked { what: what.to_owned(), path: lock.to_owned() });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// Creates `lock` exclusively, waiting up to [`LOCK_WAIT`] while another
/// process holds it; fails naming it.
pub fn acquire(lock: &Path, what: &str) -> Result<File> {
    let start = Instant::now();
    if let Some(parent) = lock.parent() {
        fs::create_dir_all(parent).map_err(|source| Error::Io {
            action: "cannot create",
            path: parent.to_owned(),
            source,
        })?;
    }
    loop {
        match OpenOptions::new().write(true).create_new(true).open(lock) {
            Ok(file) => return Ok(file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if start.elapsed() >= LOCK_WAIT {
                    return Err(Error::Locked { what: what.to_owned(), path: lock.to_owned() });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(source) => return Err(Error::Io { action: "cannot create", path: lock.to_owned(), source }),
        }
    }
}

/// Replaces `path` with `bytes` the way git does: write `path.lock`,
/// fsync it, rename it over `path`.
pub fn write_locked(path: &Path, what: &str, bytes: &[u8]) -> Result<()> {
    let lock = lock_of(path);
    let mut file = acquire(&lock, what)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all()).and_then(|()| fs::rename(&lock, path));
    written.map_err(|source| {
        let _ = fs::remove_file(&lock);
        Error::Io { action: "cannot write", path: path.to_owned(), source }
    })
}

/// The file of a loose ref.
pub fn ref_file(repo: &Repository, name: &str) -> PathBuf {
    repo.commondir().join(name)
}

/// Points ref `name` at `new` (a loose ref written under its lock) and
/// logs it.
pub fn write_ref(repo: &Repository, name: &str, old: Option<Oid>, new: Oid, message: &str) -> Result<()> {
    check_ref_name(name)?;
    write_locked(&ref_file(repo, name), &format!("`{name}`"), format!("{new}\n").as_bytes())?;
    append_reflog(repo, name, old, new, message);
    Ok(())
}

/// Deletes ref `name` (loose and packed, and its log).
pub fn delete_ref(repo: &Repository, name: &str) -> Result<()> {
    check_ref_name(name)?;
    match repo.find_reference(name) {
        Ok(mut r) => r.delete().git(|| format!("deleting `{name}`")),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(()),
        Err(error) => Err(Error::Git { context: format!("reading `{name}`"), error }),
    }
}

fn check_ref_name(name: &str) -> Result<()> {
    if name.starts_with("refs/") && git2::Reference::is_valid_name(name) {
        Ok(())
    } else {
        Err(Error::Invalid { what: format!("ref `{name}`"), message: "not a valid ref name under refs/".into() })
    }
}

/// Appends to the ref's log (`HEAD`: the work tree's HEAD log), as git
/// does for branches and for HEAD when it has a log (best effort: a
/// missing log is not worth failing a release for).
pub fn append_reflog(repo: &Repository, name: &str, old: Option<Oid>, new: Oid, message: &str) {
    let log = if name == "HEAD" { repo.path().join("logs/HEAD") } else { repo.commondir().join("logs").join(name) };
    if !name.starts_with("refs/heads/") && !log.exists() {
        return;
    }
    let who = repo
        .signature()
        .ok()
        .map(|s| format!("{} <{}>", s.name().unwrap_or("nodus"), s.email().unwrap_or("")))
        .unwrap_or_else(|| "git nodus <>".into());
    let now = chrono::Local::now();
    let offset = now.offset().local_minus_utc() / 60;
    let line = format!(
        "{} {new} {who} {} {}{:02}{:02}\t{}\n",
        old.unwrap_or(Oid::ZERO_SHA1),
        now.timestamp(),
        if offset < 0 { '-' } else { '+' },
        offset.abs() / 60,
        offset.abs() % 60,
        message.replace('\n', " ")
    );
    if let Some(parent) = log.parent() {
        let _ = fs::create_dir_all(parent);
    }
    if let Ok(mut f) = OpenOptions::new().create(true).append(true).open(&log) {
        let _ = f.write_all(line.as_bytes());
    }
}

/// Where ref `name` points now (`None`: absent).
pub fn current(repo: &Repository, name: &str) -> Result<Option<Oid>> {
    match repo.find_reference(name) {
        Ok(r) => Ok(r.target()),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(error) => Err(Error::Git { context: format!("reading `{name}`"), error }),
    }
}

fn parse_oid(value: &Option<String>, name: &str) -> Result<Option<Oid>> {
    value.as_deref().map(Oid::from_str).transpose().git(|| format!("journal: the value of `{name}`"))
}

fn show(value: &Option<String>) -> String {
    value.as_deref().map(|v| v[..v.len().min(10)].to_owned()).unwrap_or_else(|| "absent".into())
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

#[cfg(unix)]
fn pid_exists(pid: u32) -> bool {
    // Linux: /proc has every process, whoever owns it.
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    // Elsewhere, `kill -0` asks the kernel; "not permitted" means the
    // process exists but is someone else's. When nothing answers, the
    // owner counts as alive: its locks are then left alone.
    match std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()
    {
        Ok(out) => out.status.success() || String::from_utf8_lossy(&out.stderr).contains("not permitted"),
        Err(_) => true,
    }
}

#[cfg(not(unix))]
fn pid_exists(_: u32) -> bool {
    true
}

/// A process's start time in clock ticks after boot (Linux), to tell a
/// reused pid from the process that wrote a journal.
fn process_start(pid: u32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_its_start_time_is_stable() {
        let j = Journal::new("test");
        assert!(j.owner_alive());
        if cfg!(target_os = "linux") {
            assert_eq!(process_start(std::process::id()), process_start(std::process::id()));
            assert!(process_start(std::process::id()).is_some());
        }
    }

    #[test]
    fn a_finished_process_or_a_reused_pid_is_dead() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let mut j = Journal::new("test");
        j.pid = pid;
        j.pid_start = None;
        assert!(!j.owner_alive());
        // Our own pid, but another start time: a process that died long ago.
        let mut j = Journal::new("test");
        if let Some(start) = j.pid_start {
            j.pid_start = Some(start + 1);
            assert!(!j.owner_alive());
        }
    }

    #[test]
    fn lock_paths() {
        assert_eq!(lock_of(Path::new("/r/.git/refs/heads/main")), PathBuf::from("/r/.git/refs/heads/main.lock"));
    }
}
