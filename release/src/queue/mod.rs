//! The merge queue (`git nodus queue`): branches and pull requests wait
//! in line, and the target branch only ever moves to a tree that passed
//! the tests.
//!
//! **State.** One small file, `.git/nodus/queue/state.json` (in the
//! common git folder), written whole: a temporary file, fsynced, renamed
//! over the old one, the folder fsynced. It holds the entries in line,
//! the last outcomes (landed, ejected, removed) and, while `queue run`
//! works, the [`run`] in progress: the batch, the segments of it still to
//! test, and a landing that has begun. Each queued entry also has a ref,
//! `refs/nodus/queue/<id>`, at the commit it was queued with, so its
//! commits stay reachable whatever happens to its branch; an ejected
//! entry's ref moves to `refs/nodus/queue/ejected/<id>`. The commit under
//! test is `refs/nodus/queue/staging`. Every ref change goes through a
//! journaled [`Transaction`](crate::Transaction).
//!
//! - [`State`], [`Entry`], [`Source`]: the queue, read and written here;
//! - [`run`]: taking a batch, building its staging commit in memory,
//!   testing it ([`test_run`]), bisecting a failure, fast-forwarding.

use std::fs;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

use crate::error::{Error, GitContext, Result};
use crate::failpoint;
use crate::state_file;

pub mod run;
pub mod test_run;

/// The state file, under the common git folder.
const STATE_FILE: &str = "nodus/queue/state.json";

/// The prefix of the queue's refs.
pub const REF_PREFIX: &str = "refs/nodus/queue/";

/// The ref of the commit under test.
pub const STAGING_REF: &str = "refs/nodus/queue/staging";

/// The state format's version.
const VERSION: u32 = 1;

/// How many past outcomes the state keeps.
const HISTORY: usize = 200;

/// Where an entry's commits come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Source {
    /// Pull request `number`, its commits at `refs/pull/<number>/head`.
    Pull {
        /// The number.
        number: u64,
    },
    /// A local branch, optionally known to be pull request `pr`.
    Branch {
        /// The branch's short name.
        name: String,
        /// The pull request it is (for the landing rules and metadata).
        pr: Option<u64>,
    },
}

impl Source {
    /// The ref whose commit is landed.
    pub fn ref_name(&self) -> String {
        match self {
            Source::Pull { number } => format!("refs/pull/{number}/head"),
            Source::Branch { name, .. } => format!("refs/heads/{name}"),
        }
    }

    /// The pull request, if known.
    pub fn pr(&self) -> Option<u64> {
        match self {
            Source::Pull { number } => Some(*number),
            Source::Branch { pr, .. } => *pr,
        }
    }

    /// `#12` or `feature (#12)` or `feature`.
    pub fn describe(&self) -> String {
        match self {
            Source::Pull { number } => format!("#{number}"),
            Source::Branch { name, pr: Some(n) } => format!("{name} (#{n})"),
            Source::Branch { name, pr: None } => name.clone(),
        }
    }
}

/// One entry in line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its id, unique in this queue (never reused).
    pub id: u64,
    /// What lands.
    pub source: Source,
    /// The source's commit when it was queued; if the source moves, the
    /// entry is ejected (what was reviewed and queued is what lands).
    pub head: String,
    /// Higher goes first; equal priorities keep the order they came in.
    pub priority: i64,
}

impl Entry {
    /// `3 feature (#12)`.
    pub fn describe(&self) -> String {
        format!("[{}] {}", self.id, self.source.describe())
    }

    /// The entry's ref.
    pub fn ref_name(&self) -> String {
        format!("{REF_PREFIX}{}", self.id)
    }
}

/// What became of an entry that left the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The entry.
    pub entry: Entry,
    /// `landed`, `ejected` or `removed`.
    pub what: String,
    /// Why (ejected), or the target's commit it landed in.
    pub detail: String,
}

/// The queue of one repository.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// The format version.
    pub version: u32,
    /// The branch the entries land on (short name).
    pub target: String,
    /// `queue pause`: `queue run` takes no new batch.
    pub paused: bool,
    /// The next entry's id.
    pub next_id: u64,
    /// The entries in line, in the order they were added.
    pub entries: Vec<Entry>,
    /// The latest outcomes, oldest first.
    pub history: Vec<Outcome>,
    /// The batch `queue run` is working on.
    pub run: Option<run::RunState>,
}

/// The state file of `repo`'s queue.
pub fn state_path(repo: &Repository) -> PathBuf {
    repo.commondir().join(STATE_FILE)
}

impl State {
    /// The queue of `repo` (an empty one on `target` if it has none).
    pub fn load(repo: &Repository) -> Result<Option<State>> {
        let path = state_path(repo);
        let loaded: Option<State> = state_file::load(&path, |e| format!("not a git nodus queue ({e})"))?;
        let Some(state) = loaded else { return Ok(None) };
        if state.version != VERSION {
            return Err(Error::Config {
                file: path,
                line: None,
                message: format!("queue format {} is not {VERSION}", state.version),
            });
        }
        Ok(Some(state))
    }

    /// A new, empty queue onto `target`.
    pub fn new(target: &str) -> State {
        State {
            version: VERSION,
            target: target.to_owned(),
            paused: false,
            next_id: 1,
            entries: Vec::new(),
            history: Vec::new(),
            run: None,
        }
    }

    /// Writes the state whole: a temporary file, fsynced, renamed over
    /// the old one, the folder fsynced.
    pub fn save(&self, repo: &Repository) -> Result<()> {
        state_file::save(&state_path(repo), self)?;
        failpoint::hit("queue-saved");
        Ok(())
    }

    /// The entries in the order they are taken: priority, then arrival.
    pub fn ordered(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.entries.iter().collect();
        v.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.id.cmp(&b.id)));
        v
    }

    /// The entry with `id`.
    pub fn entry(&self, id: u64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Moves entry `id` out of the line into the history.
    pub fn retire(&mut self, id: u64, what: &str, detail: String) -> Option<Entry> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        let entry = self.entries.remove(at);
        self.history.push(Outcome { entry: entry.clone(), what: what.to_owned(), detail });
        if self.history.len() > HISTORY {
            let extra = self.history.len() - HISTORY;
            self.history.drain(..extra);
        }
        Some(entry)
    }

    /// Adds `source` at commit `head`; its id. Fails if the same source is
    /// already in line.
    pub fn add(&mut self, source: Source, head: Oid, priority: i64) -> Result<u64> {
        if let Some(e) = self.entries.iter().find(|e| e.source == source) {
            return Err(Error::Release(format!(
                "{} is already queued as entry {} (remove it first to queue it again)",
                source.describe(),
                e.id
            )));
        }
        let id = self.next_id;
        self.next_id += 1;
        self.entries.push(Entry { id, source, head: head.to_string(), priority });
        Ok(id)
    }
}

/// The lock every change of the state is made under
/// (`.git/nodus/queue/state.lock`, holding the owner's pid): `queue add`
/// while `queue run` works is safe. A lock whose process is gone is
/// taken over.
struct StateLock(PathBuf);

impl StateLock {
    fn take(repo: &Repository) -> Result<StateLock> {
        let path = repo.commondir().join("nodus/queue/state.lock");
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|source| Error::Io {
                action: "cannot create",
                path: dir.to_owned(),
                source,
            })?;
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let _ = std::io::Write::write_all(&mut file, std::process::id().to_string().as_bytes());
                    return Ok(StateLock(path));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    let stale = match text.trim().parse::<u32>() {
                        Ok(pid) => !Path::new(&format!("/proc/{pid}")).exists(),
                        // Killed before it wrote its pid.
                        Err(_) => fs::metadata(&path)
                            .and_then(|m| m.modified())
                            .ok()
                            .and_then(|t| t.elapsed().ok())
                            .is_some_and(|age| age > std::time::Duration::from_secs(2)),
                    };
                    if stale {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if std::time::Instant::now() > deadline {
                        return Err(Error::Release(format!(
                            "the queue is locked by process {} ({}); try again",
                            text.trim(),
                            path.display()
                        )));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(source) => return Err(Error::Io { action: "cannot create", path, source }),
            }
        }
    }
}

impl Drop for StateLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Changes the queue under its lock: `change` gets the state on disk
/// (`None`: no queue yet) and may replace it; the state is then saved and
/// the refs put in line with it.
pub fn update<T>(repo: &Repository, change: impl FnOnce(&mut Option<State>) -> Result<T>) -> Result<T> {
    let _lock = StateLock::take(repo)?;
    let mut state = State::load(repo)?;
    let out = change(&mut state)?;
    if let Some(state) = &state {
        state.save(repo)?;
        reconcile_refs(repo, state)?;
    }
    Ok(out)
}

/// `queue run`'s save: under the lock, takes what other commands changed
/// on disk since (entries added or removed, pause), saves, and puts the
/// refs in line.
pub fn sync(repo: &Repository, state: &mut State) -> Result<()> {
    let _lock = StateLock::take(repo)?;
    if let Some(disk) = State::load(repo)? {
        state.merge(&disk);
    }
    state.save(repo)?;
    reconcile_refs(repo, state)
}

impl State {
    /// Takes from `disk` what other commands did: entries added, entries
    /// removed, the pause.
    fn merge(&mut self, disk: &State) {
        self.paused = disk.paused;
        for e in &disk.entries {
            let known = self.entry(e.id).is_some() || self.history.iter().any(|o| o.entry.id == e.id);
            if !known {
                self.entries.push(e.clone());
            }
        }
        self.next_id = self.next_id.max(disk.next_id);
        let removed: Vec<u64> = self
            .entries
            .iter()
            .filter(|e| {
                disk.entry(e.id).is_none() && disk.history.iter().any(|o| o.entry.id == e.id && o.what == "removed")
            })
            .map(|e| e.id)
            .collect();
        for id in removed {
            self.retire(id, "removed", "queue remove".into());
        }
    }
}

/// Makes the queue's refs agree with the state: each entry in line has
/// `refs/nodus/queue/<id>` at its head; a ref of an entry that left the
/// line is deleted (landed, removed) or moved to `ejected/<id>` (ejected).
/// Run after a crash left them apart, and after every change.
pub fn reconcile_refs(repo: &Repository, state: &State) -> Result<()> {
    let mut tx = crate::Transaction::new(repo, "nodus: queue refs");
    let mut any = false;
    let mut present = Vec::new();
    let refs = repo.references_glob(&format!("{REF_PREFIX}*")).git(|| "listing the queue's refs".into())?;
    for r in refs.flatten() {
        let (Some(name), Some(target)) = (r.name().ok().map(str::to_owned), r.target()) else { continue };
        let Some(id) = name.strip_prefix(REF_PREFIX).and_then(|rest| rest.parse::<u64>().ok()) else { continue };
        present.push(id);
        if state.entry(id).is_some() {
            continue;
        }
        any = true;
        tx.delete(name.clone(), target);
        let ejected = state.history.iter().rev().find(|o| o.entry.id == id).is_some_and(|o| o.what == "ejected");
        let keep = format!("{REF_PREFIX}ejected/{id}");
        if ejected && crate::journal::current(repo, &keep)?.is_none() {
            tx.create(keep, target);
        }
    }
    for e in &state.entries {
        if !present.contains(&e.id) {
            let head = Oid::from_str(&e.head).map_err(|_| Error::Release(format!("entry {}: bad commit id", e.id)))?;
            tx.create(e.ref_name(), head);
            any = true;
        }
    }
    if any { tx.commit() } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("20 bytes")
    }

    fn branch(name: &str) -> Source {
        Source::Branch { name: name.into(), pr: None }
    }

    #[test]
    fn priority_then_arrival_and_no_source_twice() {
        let mut s = State::new("main");
        s.add(branch("a"), oid(1), 0).unwrap();
        s.add(branch("b"), oid(2), 5).unwrap();
        s.add(Source::Pull { number: 7 }, oid(3), 0).unwrap();
        let order: Vec<u64> = s.ordered().iter().map(|e| e.id).collect();
        assert_eq!(order, [2, 1, 3]);
        assert!(s.add(branch("a"), oid(4), 0).unwrap_err().to_string().contains("already queued as entry 1"));
        assert_eq!(s.retire(2, "landed", "x".into()).unwrap().id, 2);
        assert_eq!(s.history.len(), 1);
        assert!(s.retire(2, "landed", "x".into()).is_none());
    }

    #[test]
    fn a_run_takes_entries_added_and_removed_by_others_and_the_pause() {
        // What `queue run` holds, and what `add`/`remove`/`pause` wrote
        // on disk meanwhile.
        let mut ours = State::new("main");
        ours.add(branch("a"), oid(1), 0).unwrap();
        ours.add(branch("b"), oid(2), 0).unwrap();
        let mut disk = ours.clone();
        ours.retire(1, "landed", "c".into());
        disk.add(branch("c"), oid(3), 0).unwrap();
        disk.retire(2, "removed", "queue remove".into());
        disk.paused = true;
        ours.merge(&disk);
        let ids: Vec<u64> = ours.entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, [3]);
        assert!(ours.paused);
        assert_eq!(ours.next_id, 4);
        let what: Vec<(u64, &str)> = ours.history.iter().map(|o| (o.entry.id, o.what.as_str())).collect();
        assert_eq!(what, [(1, "landed"), (2, "removed")]);
        // Merging again changes nothing; an entry we landed is not revived
        // by a disk copy that still lists it.
        let before = ours.clone();
        ours.merge(&disk);
        assert_eq!(ours.entries, before.entries);
        assert_eq!(ours.history, before.history);
    }
}
