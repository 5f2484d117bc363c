//! `queue run`: batches built in memory, tested in a work tree of their
//! own, landed by fast-forward only when they passed; a failed batch
//! bisected so the good entries still land.
//!
//! **A batch.** The first `batch` entries that are ready (priority, then
//! arrival) are screened: an entry whose source ref moved since it was
//! queued, whose commits are gone or whose landing rules block it is
//! ejected with the reason; one the rules make wait stays in line for a
//! later batch. The staging commit is built from the target's tip in
//! memory: each entry's commits are cherry-picked (libgit2, no work
//! tree) with `land`'s metadata (PR-URL, Fixes, Refs, Reviewed-By) when
//! it is a pull request; an entry that conflicts with the tip and the
//! entries before it is ejected, and the ones after it are rebuilt
//! without it. The staging commit gets `refs/nodus/queue/staging` and is
//! tested in `.git/nodus/queue/test-worktree`. If it passes, the entries
//! are screened once more (a force-push or a blocking review during the
//! test ejects the entry, and the rest is rebuilt and tested again), then
//! the target is fast-forwarded to exactly the tested commit through a
//! journaled [`Transaction`].
//!
//! **Bisection (bors's).** A failed segment of n > 1 entries is split in
//! halves L and R; L is tested on the tip. If L passes it lands, and R is
//! then known to fail on the new tip (L+R failed, L did not), so R is
//! split without being tested again; if L fails, L is bisected the same
//! way and R is tested after it on whatever landed. A single entry that
//! fails (or is known to) is ejected with the test's output. For one bad
//! entry among n = 2^k this takes at most 1 + 2·log2(n) test runs (the
//! whole batch, then at most two per halving: 9 for 16), and the good
//! entries land in at most log2(n) + 1 fast-forwards. We chose bisection
//! over testing each entry alone (n runs on every failure) because it
//! keeps the runs logarithmic in the batch and needs one test runner;
//! the known-to-fail inference assumes tests are deterministic (a flaky
//! test can eject a good entry, as in bors).
//!
//! **Speculative stacks (`--parallel K`).** A batch is then K segments of
//! `batch` entries; while at least two untested segments lead the work
//! list, up to K of them are built as stacks on one another (tip+S1,
//! tip+S1+S2, …) and tested at once, each in its own work tree
//! (`test-worktree-<i>`). The longest passing prefix lands in one
//! fast-forward; the first failing stack's segment is known to fail on
//! top of it and is bisected as above; the stacks behind it are stopped
//! (their process groups killed) and stay to do. With rare failures this
//! lands K batches per test duration, for K runners.
//!
//! **Crashes.** Every decision is saved in the state file before it acts
//! (the segments still to do, the landing begun with its old and new
//! target, the test's process group), and every ref moves through a
//! journaled transaction, so a `kill -9` anywhere leaves a state the next
//! `queue run` resumes: it recovers the queue's own transaction
//! (forward: the commit it moves to was tested), kills the test that was
//! running, puts the refs in line with the state, finishes a landing
//! whose fast-forward was done, and goes on with the segments left. The
//! test that was interrupted runs again; the target only ever moves to a
//! commit that passed.

use std::time::{Duration, Instant};

use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

use super::test_run::{self, TestCommand, Verdict};
use super::{Entry, State};
use crate::error::{Error, GitContext, Result};
use crate::journal::{self, Direction, Journal};
use crate::land::{self, Metadata, Mode};
use crate::sequencer::Step;
use crate::{Transaction, failpoint};

/// The transactions' message prefix (the journal's operation).
const OPERATION: &str = "nodus: queue";

/// A part of the batch still to test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Its entries, in landing order.
    pub ids: Vec<u64>,
    /// `Some(prefix)`: these entries were part of a failed test on top of
    /// `prefix`; if every entry of `prefix` has since landed, this
    /// segment is known to fail without testing it (empty prefix: it
    /// failed itself).
    pub failed_after: Option<Vec<u64>>,
}

/// A fast-forward begun: the target goes from `old` to `new` (tested).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landing {
    /// The entries it lands.
    pub ids: Vec<u64>,
    /// The target before.
    pub old: String,
    /// The tested staging commit.
    pub new: String,
}

/// The batch `queue run` works on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunState {
    /// The batch's entries.
    pub batch: Vec<u64>,
    /// The segments still to do, the first next.
    pub work: Vec<Segment>,
    /// A landing begun.
    pub landing: Option<Landing>,
    /// Entries of the batch that landed.
    pub landed: Vec<u64>,
    /// Test runs started for this batch.
    pub tests: u32,
    /// The process group of the test running (killed by the next run if
    /// this one died).
    pub test_pgid: Option<u32>,
    /// The process groups of speculative tests running.
    #[serde(default)]
    pub test_pgids: Vec<u32>,
}

/// What the landing rules say about an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// It may land, with this metadata (none: its messages as they are).
    Land(Option<Metadata>),
    /// Not yet (a wait on time): it stays in line.
    Wait(String),
    /// Never as it is: it is ejected.
    Eject(String),
}

/// The landing rules, as the command reads them (`gov check` for pull
/// requests).
pub trait Gatekeeper {
    /// The verdict on `entry`, whose commits onto the target are `commits`.
    fn check(&self, repo: &Repository, entry: &Entry, commits: &[Oid]) -> Result<Gate>;
}

/// No rules: every entry may land, its messages unchanged.
pub struct Open;

impl Gatekeeper for Open {
    fn check(&self, _: &Repository, _: &Entry, _: &[Oid]) -> Result<Gate> {
        Ok(Gate::Land(None))
    }
}

/// How `queue run` runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The test command.
    pub test: TestCommand,
    /// Entries per batch (at least 1).
    pub batch: usize,
    /// One batch, then stop.
    pub once: bool,
    /// Speculative stacks tested at once (1: none).
    pub parallel: usize,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Entries landed, with the target's commit after.
    pub landed: Vec<(Entry, String)>,
    /// Entries ejected, with the reason.
    pub ejected: Vec<(Entry, String)>,
    /// Entries left in line because the rules make them wait.
    pub waiting: Vec<(Entry, String)>,
    /// Test runs.
    pub tests: u32,
    /// Batches finished.
    pub batches: u32,
    /// The queue is paused.
    pub paused: bool,
}

/// The run lock: `.git/nodus/queue/run.pid`.
struct RunLock(std::path::PathBuf);

impl RunLock {
    fn take(repo: &Repository) -> Result<RunLock> {
        let path = repo.commondir().join("nodus/queue/run.pid");
        if let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(pid) = text.trim().parse::<u32>()
            && pid != std::process::id()
            && std::path::Path::new(&format!("/proc/{pid}")).exists()
        {
            return Err(Error::Release(format!(
                "another `git nodus queue run` (pid {pid}) is running on this repository ({})",
                path.display()
            )));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                action: "cannot create",
                path: dir.to_owned(),
                source,
            })?;
        }
        std::fs::write(&path, std::process::id().to_string()).map_err(|source| Error::Io {
            action: "cannot write",
            path: path.clone(),
            source,
        })?;
        Ok(RunLock(path))
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// What screening an entry found.
enum Screen {
    Ready { commits: Vec<Oid>, meta: Option<Metadata> },
    Wait(String),
    Eject(String),
}

struct Runner<'a> {
    repo: &'a Repository,
    state: State,
    opts: &'a Options,
    gate: &'a dyn Gatekeeper,
    progress: &'a mut dyn FnMut(&str),
    report: Report,
}

/// Runs the queue of `repo` (the work tree `queue run` started in): see
/// the module documentation.
pub fn run(repo: &Repository, opts: &Options, gate: &dyn Gatekeeper, progress: &mut dyn FnMut(&str)) -> Result<Report> {
    let _lock = RunLock::take(repo)?;
    // A transaction of a queue run that died: finish it (it only ever
    // moves the target to a tested commit).
    if let Some(j) = Journal::read(repo)?
        && j.operation.starts_with(OPERATION)
        && !j.owner_alive()
    {
        progress(&format!("recovering the interrupted `{}`", j.operation));
        j.recover(repo, Direction::Continue)?;
    }
    if let Some(pending) = journal::pending_anywhere(repo)? {
        return Err(Error::Release(pending));
    }
    let Some(mut state) = State::load(repo)? else {
        return Ok(Report::default());
    };
    if let Some(run) = state.run.as_ref() {
        // The tests a killed run left running.
        for pgid in run.test_pgid.iter().chain(&run.test_pgids) {
            test_run::kill_group(*pgid);
        }
    }
    test_run::remove_worktree(repo)?;
    super::sync(repo, &mut state)?;
    let mut runner = Runner { repo, state, opts, gate, progress, report: Report::default() };
    if runner.state.run.is_some() {
        (runner.progress)("resuming the batch an earlier run left");
    }
    loop {
        if runner.state.run.is_none() {
            // Entries queued meanwhile, a pause.
            runner.save()?;
        }
        if runner.state.run.is_none() && !runner.start_batch()? {
            break;
        }
        runner.work()?;
        runner.report.batches += 1;
        if opts.once {
            break;
        }
    }
    runner.report.paused = runner.state.paused;
    Ok(runner.report)
}

fn oid(text: &str, what: &str) -> Result<Oid> {
    Oid::from_str(text).map_err(|_| Error::Release(format!("the queue's {what} `{text}` is not a commit id")))
}

fn short(id: &str) -> &str {
    &id[..10.min(id.len())]
}

impl Runner<'_> {
    fn say(&mut self, line: String) {
        (self.progress)(&line);
    }

    fn target_ref(&self) -> String {
        format!("refs/heads/{}", self.state.target)
    }

    fn tip(&self) -> Result<Oid> {
        journal::current(self.repo, &self.target_ref())?
            .ok_or_else(|| Error::Release(format!("the queue's target branch `{}` does not exist", self.state.target)))
    }

    fn save(&mut self) -> Result<()> {
        super::sync(self.repo, &mut self.state)
    }

    fn run_state(&mut self) -> &mut RunState {
        self.state.run.as_mut().expect("a batch is in progress")
    }

    /// Takes the next batch; false when there is none.
    fn start_batch(&mut self) -> Result<bool> {
        if self.state.paused {
            self.say("the queue is paused (`git nodus queue resume`)".into());
            return Ok(false);
        }
        let tip = self.tip()?;
        let mut batch = Vec::new();
        let candidates: Vec<Entry> = self.state.ordered().into_iter().cloned().collect();
        for entry in candidates {
            if batch.len() >= self.opts.batch.max(1) * self.opts.parallel.max(1) {
                break;
            }
            match self.screen(&entry, tip)? {
                Screen::Ready { .. } => batch.push(entry.id),
                Screen::Wait(why) => {
                    self.say(format!("{} waits: {why}", entry.describe()));
                    if !self.report.waiting.iter().any(|(e, _)| e.id == entry.id) {
                        self.report.waiting.push((entry, why));
                    }
                }
                Screen::Eject(why) => self.eject(entry.id, why)?,
            }
        }
        if batch.is_empty() {
            return Ok(false);
        }
        let names: Vec<String> = batch.iter().filter_map(|id| self.state.entry(*id)).map(|e| e.describe()).collect();
        self.say(format!(
            "batch of {} onto `{}` at {}: {}",
            batch.len(),
            self.state.target,
            short(&tip.to_string()),
            names.join(", ")
        ));
        self.state.run = Some(RunState {
            batch: batch.clone(),
            work: batch
                .chunks(self.opts.batch.max(1))
                .map(|c| Segment { ids: c.to_vec(), failed_after: None })
                .collect(),
            landing: None,
            landed: Vec::new(),
            tests: 0,
            test_pgid: None,
            test_pgids: Vec::new(),
        });
        self.save()?;
        Ok(true)
    }

    /// Is `entry` still what was queued, and may it land?
    fn screen(&self, entry: &Entry, tip: Oid) -> Result<Screen> {
        let source_ref = entry.source.ref_name();
        let queued = oid(&entry.head, "entry head")?;
        match journal::current(self.repo, &source_ref)? {
            None => return Ok(Screen::Eject(format!("`{source_ref}` is gone"))),
            Some(now) if now != queued => {
                return Ok(Screen::Eject(format!(
                    "`{source_ref}` moved since it was queued ({} → {}): queue it again to land the new commits",
                    short(&entry.head),
                    short(&now.to_string())
                )));
            }
            Some(_) => {}
        }
        let commits = match land::pr_commits(self.repo, queued, tip) {
            Ok(c) => c,
            Err(e) => return Ok(Screen::Eject(e.to_string())),
        };
        if commits.is_empty() {
            return Ok(Screen::Eject(format!("nothing to land: `{}` already has its commits", self.state.target)));
        }
        Ok(match self.gate.check(self.repo, entry, &commits)? {
            Gate::Land(meta) => Screen::Ready { commits, meta },
            Gate::Wait(why) => Screen::Wait(why),
            Gate::Eject(why) => Screen::Eject(why),
        })
    }

    /// Ejects entry `id` with `why` (saved, then its ref kept aside).
    fn eject(&mut self, id: u64, why: String) -> Result<()> {
        let Some(entry) = self.state.entry(id).cloned() else { return Ok(()) };
        self.say(format!("ejected {}: {why}", entry.describe()));
        failpoint::hit("queue-eject");
        self.state.retire(id, "ejected", why.clone());
        self.save()?;
        self.report.ejected.push((entry, why));
        Ok(())
    }

    /// Works through the batch's segments.
    fn work(&mut self) -> Result<()> {
        if self.run_state().landing.is_some() {
            self.finish_landing()?;
        }
        while let Some(seg) = self.run_state().work.first().cloned() {
            let ids: Vec<u64> = seg.ids.iter().copied().filter(|id| self.state.entry(*id).is_some()).collect();
            if ids.is_empty() {
                self.run_state().work.remove(0);
                self.save()?;
                continue;
            }
            let landed = self.run_state().landed.clone();
            let known_fail = ids == seg.ids
                && seg.failed_after.as_ref().is_some_and(|prefix| prefix.iter().all(|p| landed.contains(p)));
            if known_fail {
                if ids.len() == 1 {
                    self.run_state().work.remove(0);
                    self.eject(ids[0], "fails the tests (found by bisecting the batch)".into())?;
                } else {
                    self.split(&ids);
                    self.save()?;
                }
                continue;
            }
            if self.opts.parallel > 1 && seg.failed_after.is_none() {
                let run = self.run_state();
                let n = run.work.iter().take_while(|s| s.failed_after.is_none()).count().min(self.opts.parallel);
                if n >= 2 {
                    self.speculate(n)?;
                    continue;
                }
            }
            self.test_segment(ids)?;
        }
        let run = self.state.run.take().expect("a batch is in progress");
        self.report.tests += run.tests;
        self.save()?;
        if let Some(staging) = journal::current(self.repo, super::STAGING_REF)? {
            let mut tx = Transaction::new(self.repo, format!("{OPERATION} staging"));
            tx.delete(super::STAGING_REF, staging);
            tx.commit()?;
        }
        self.say(format!(
            "batch done: {} landed, {} test run{}",
            run.landed.len(),
            run.tests,
            if run.tests == 1 { "" } else { "s" }
        ));
        Ok(())
    }

    /// Replaces the first segment by its halves (the second known to fail
    /// once the first has landed).
    fn split(&mut self, ids: &[u64]) {
        let (l, r) = ids.split_at(ids.len() / 2);
        let run = self.run_state();
        run.work[0] = Segment { ids: r.to_vec(), failed_after: Some(l.to_vec()) };
        run.work.insert(0, Segment { ids: l.to_vec(), failed_after: None });
    }

    /// Builds, tests and (if it passes) lands the first segment, `ids`.
    fn test_segment(&mut self, ids: Vec<u64>) -> Result<()> {
        let tip = self.tip()?;
        let (staging, applied) = self.build(tip, tip, &ids)?;
        if applied != ids {
            // Some were ejected or wait: rebuild what is left (untested).
            self.run_state().work[0] = Segment { ids: applied, failed_after: None };
            self.save()?;
            return Ok(());
        }
        self.set_staging(staging)?;
        let n = {
            let run = self.run_state();
            run.tests += 1;
            run.tests
        };
        self.save()?;
        let names: Vec<String> = ids.iter().filter_map(|id| self.state.entry(*id)).map(|e| e.describe()).collect();
        self.say(format!(
            "test run {n}: {} entr{} at {}",
            ids.len(),
            if ids.len() == 1 { "y" } else { "ies" },
            short(&staging.to_string())
        ));
        let env = vec![
            ("NODUS_QUEUE_ENTRIES".to_owned(), names.join(" ")),
            ("NODUS_QUEUE_TEST_RUN".to_owned(), n.to_string()),
        ];
        let begun = Instant::now();
        let verdict = {
            let Runner { repo, state, progress, opts, .. } = self;
            let repo: &Repository = repo;
            let mut started = |pgid: u32| -> Result<()> {
                if let Some(run) = state.run.as_mut() {
                    run.test_pgid = Some(pgid);
                }
                super::sync(repo, state)?;
                failpoint::hit("queue-test-started");
                Ok(())
            };
            let mut beat = |line: &str| progress(&format!("test run {n}: {line}"));
            test_run::run(repo, staging, &opts.test, &env, &mut started, &mut beat)?
        };
        self.run_state().test_pgid = None;
        self.save()?;
        let secs = begun.elapsed().as_secs_f64();
        match verdict {
            Verdict::Passed => {
                self.say(format!("test run {n} passed in {secs:.1}s"));
                // Still what was queued, still allowed? (a force-push or a
                // blocking review while it was tested)
                let mut still = Vec::new();
                for id in &ids {
                    let entry = self.state.entry(*id).cloned().expect("filtered");
                    match self.screen(&entry, tip)? {
                        Screen::Ready { .. } => still.push(*id),
                        Screen::Wait(why) => {
                            self.say(format!("{} waits: {why}", entry.describe()));
                            self.report.waiting.push((entry, why));
                        }
                        Screen::Eject(why) => self.eject(*id, why)?,
                    }
                }
                if still != ids {
                    self.run_state().work[0] = Segment { ids: still, failed_after: None };
                    self.save()?;
                    return Ok(());
                }
                self.run_state().landing =
                    Some(Landing { ids: ids.clone(), old: tip.to_string(), new: staging.to_string() });
                self.save()?;
                self.finish_landing()
            }
            Verdict::Failed(why) => {
                self.say(format!("test run {n} failed in {secs:.1}s"));
                if ids.len() == 1 {
                    self.run_state().work.remove(0);
                    self.eject(ids[0], format!("fails the tests: {why}"))
                } else {
                    self.split(&ids);
                    self.save()
                }
            }
        }
    }

    /// Points `refs/nodus/queue/staging` at `staging`.
    fn set_staging(&self, staging: Oid) -> Result<()> {
        match journal::current(self.repo, super::STAGING_REF)? {
            Some(old) if old == staging => Ok(()),
            old => {
                let mut tx = Transaction::new(self.repo, format!("{OPERATION} staging"));
                match old {
                    Some(old) => tx.update(super::STAGING_REF, old, staging),
                    None => tx.create(super::STAGING_REF, staging),
                };
                tx.commit()
            }
        }
    }

    /// Tests the first `n` segments as speculative stacks at once (tip+S1,
    /// tip+S1+S2, …), lands the longest passing prefix in one
    /// fast-forward, and marks the first failing stack's segment as failed
    /// on top of it; stacks behind a failure are stopped and stay to do.
    fn speculate(&mut self, n: usize) -> Result<()> {
        let tip = self.tip()?;
        let mut stacks: Vec<(Vec<u64>, Oid)> = Vec::new();
        let mut start = tip;
        for i in 0..n {
            let seg = self.run_state().work[i].clone();
            let (commit, applied) = self.build(tip, start, &seg.ids)?;
            if applied != seg.ids {
                self.run_state().work[i] = Segment { ids: applied, failed_after: None };
                return self.save();
            }
            stacks.push((applied, commit));
            start = commit;
        }
        self.set_staging(start)?;
        let first = {
            let run = self.run_state();
            run.tests += n as u32;
            run.tests + 1 - n as u32
        };
        self.save()?;
        self.say(format!(
            "test runs {first}-{}: {n} speculative stacks of {} entries",
            first + n as u32 - 1,
            stacks.iter().map(|(ids, _)| ids.len().to_string()).collect::<Vec<_>>().join("+")
        ));
        let mut running = Vec::new();
        let mut prefix: Vec<String> = Vec::new();
        for (i, (ids, commit)) in stacks.iter().enumerate() {
            prefix.extend(ids.iter().filter_map(|id| self.state.entry(*id)).map(|e| e.describe()));
            let env = vec![
                ("NODUS_QUEUE_ENTRIES".to_owned(), prefix.join(" ")),
                ("NODUS_QUEUE_TEST_RUN".to_owned(), (first + i as u32).to_string()),
            ];
            match test_run::Running::start(self.repo, i, *commit, &self.opts.test, &env) {
                Ok(r) => running.push(r),
                Err(e) => {
                    for r in &mut running {
                        r.kill(self.repo);
                    }
                    return Err(e);
                }
            }
        }
        self.run_state().test_pgids = running.iter().map(|r| r.pgid()).collect();
        if let Err(e) = self.save() {
            for r in &mut running {
                r.kill(self.repo);
            }
            return Err(e);
        }
        failpoint::hit("queue-test-started");
        let mut results: Vec<Option<Verdict>> = vec![None; n];
        let begun = Instant::now();
        let mut beat = Instant::now();
        let passing = loop {
            for i in 0..n {
                if results[i].is_none()
                    && let Some(v) = running[i].poll(self.repo)?
                {
                    let what = if v == Verdict::Passed { "passed" } else { "failed" };
                    self.say(format!("test run {} (stack {}) {what}", first + i as u32, i + 1));
                    results[i] = Some(v);
                }
            }
            let decided = (0..n).find(|i| results[*i] != Some(Verdict::Passed));
            match decided {
                None => break n,
                Some(j) if matches!(results[j], Some(Verdict::Failed(_))) => {
                    // The stacks behind a failure include it: stop them.
                    for (k, r) in running.iter_mut().enumerate().skip(j + 1) {
                        if results[k].is_none() {
                            r.kill(self.repo);
                        }
                    }
                    break j;
                }
                Some(_) => {}
            }
            if beat.elapsed() >= self.opts.test.heartbeat {
                beat = Instant::now();
                self.say(format!("still testing {n} stacks ({}s)", begun.elapsed().as_secs()));
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        self.run_state().test_pgids.clear();
        self.save()?;
        if passing == 0 {
            self.run_state().work[0].failed_after = Some(Vec::new());
            return self.save();
        }
        let ids: Vec<u64> = stacks[..passing].iter().flat_map(|(ids, _)| ids.iter().copied()).collect();
        for id in &ids {
            let entry = self.state.entry(*id).cloned().expect("built");
            match self.screen(&entry, tip)? {
                Screen::Ready { .. } => {}
                Screen::Wait(why) => {
                    // Left out: the stacks are rebuilt without it.
                    self.say(format!("{} waits: {why}", entry.describe()));
                    self.report.waiting.push((entry, why));
                    let run = self.run_state();
                    for seg in &mut run.work {
                        seg.ids.retain(|i| i != id);
                    }
                    return self.save();
                }
                Screen::Eject(why) => return self.eject(*id, why),
            }
        }
        let run = self.run_state();
        run.work.drain(..passing);
        if passing < n {
            run.work[0].failed_after = Some(ids.clone());
        }
        run.work.insert(0, Segment { ids: ids.clone(), failed_after: None });
        run.landing = Some(Landing { ids, old: tip.to_string(), new: stacks[passing - 1].1.to_string() });
        self.save()?;
        self.finish_landing()
    }

    /// The staging commit of `ids` on `tip`, and the entries in it (an
    /// entry that conflicts, moved or may not land is ejected, one that
    /// waits is left out).
    fn build(&mut self, tip: Oid, start: Oid, ids: &[u64]) -> Result<(Oid, Vec<u64>)> {
        let repo = self.repo;
        let (_, committer) = crate::repo::identities(repo)?;
        let mut staging = start;
        let mut applied = Vec::new();
        for &id in ids {
            let entry = self.state.entry(id).cloned().expect("filtered");
            let (commits, meta) = match self.screen(&entry, tip)? {
                Screen::Ready { commits, meta } => (commits, meta),
                Screen::Wait(why) => {
                    self.say(format!("{} waits: {why}", entry.describe()));
                    self.report.waiting.push((entry, why));
                    continue;
                }
                Screen::Eject(why) => {
                    self.eject(id, why)?;
                    continue;
                }
            };
            let steps = match &meta {
                Some(meta) => land::plan(repo, &commits, Mode::Rebase, meta)?,
                None => commits
                    .iter()
                    .map(|c| -> Result<Step> {
                        let commit = repo.find_commit(*c).git(|| format!("reading {c}"))?;
                        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
                        Ok(Step {
                            source: c.to_string(),
                            title: message.lines().next().unwrap_or("").to_owned(),
                            fold: false,
                            message,
                        })
                    })
                    .collect::<Result<_>>()?,
            };
            let mut at = staging;
            let mut conflict = None;
            for step in &steps {
                let src = repo.find_commit(oid(&step.source, "commit")?).git(|| format!("reading {}", step.source))?;
                let onto = repo.find_commit(at).git(|| format!("reading {at}"))?;
                let mut index =
                    repo.cherrypick_commit(&src, &onto, 0, None).git(|| format!("cherry-picking {}", step.source))?;
                if index.has_conflicts() {
                    let mut files: Vec<String> = index
                        .conflicts()
                        .map(|it| {
                            it.filter_map(|c| c.ok())
                                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
                                .collect()
                        })
                        .unwrap_or_default();
                    files.dedup();
                    conflict = Some((step.title.clone(), files));
                    break;
                }
                let tree = index.write_tree_to(repo).git(|| format!("writing the tree of {}", step.source))?;
                if tree == onto.tree_id() {
                    continue;
                }
                let tree = repo.find_tree(tree).git(|| format!("reading tree {tree}"))?;
                at = repo
                    .commit(None, &src.author(), &committer, &step.message, &tree, &[&onto])
                    .git(|| format!("committing {}", step.source))?;
            }
            match conflict {
                Some((title, files)) => {
                    let before: Vec<String> =
                        applied.iter().filter_map(|i| self.state.entry(*i)).map(|e: &Entry| e.describe()).collect();
                    let onto = if before.is_empty() {
                        format!("`{}`", self.state.target)
                    } else {
                        format!("`{}` with {}", self.state.target, before.join(", "))
                    };
                    self.eject(id, format!("\"{title}\" conflicts with {onto} in {}", files.join(", ")))?;
                }
                None => {
                    staging = at;
                    applied.push(id);
                }
            }
        }
        Ok((staging, applied))
    }

    /// Fast-forwards the target to the landing's tested commit (unless it
    /// is there already) and records the entries as landed.
    fn finish_landing(&mut self) -> Result<()> {
        let landing = self.run_state().landing.clone().expect("a landing is recorded");
        let old = oid(&landing.old, "landing's old target")?;
        let new = oid(&landing.new, "landing's tested commit")?;
        let now = self.tip()?;
        if now == old {
            let mut tx = Transaction::new(self.repo, format!("{OPERATION} land onto {}", self.state.target));
            tx.update(self.target_ref(), old, new);
            let on_target = self
                .repo
                .find_reference("HEAD")
                .ok()
                .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_owned))
                .is_some_and(|t| t == self.target_ref());
            if on_target && self.repo.workdir().is_some() {
                crate::repo::ensure_clean(self.repo)?;
                tx.checkout(self.state.target.clone(), new);
            }
            failpoint::hit("queue-ff");
            tx.commit()?;
        } else if now != new {
            // Someone else moved the target: test again on the new tip.
            self.say(format!(
                "`{}` moved to {} outside the queue: testing again on it",
                self.state.target,
                short(&now.to_string())
            ));
            self.run_state().landing = None;
            self.run_state().work[0].failed_after = None;
            return self.save();
        }
        let mut names = Vec::new();
        for id in &landing.ids {
            if let Some(e) = self.state.retire(*id, "landed", landing.new.clone()) {
                names.push(e.describe());
                self.report.landed.push((e, landing.new.clone()));
            }
        }
        let run = self.run_state();
        run.landed.extend(landing.ids.iter().copied());
        run.landing = None;
        run.work.remove(0);
        self.save()?;
        self.say(format!("landed {} onto `{}`: {}", names.join(", "), self.state.target, short(&landing.new)));
        Ok(())
    }
}

/// The default heartbeat of progress lines while a test runs.
pub const HEARTBEAT: Duration = Duration::from_secs(30);
