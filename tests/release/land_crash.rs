//! Crash safety of the sequencer, by fault injection: `land` (the target
//! checked out: its work tree follows), `backport apply` (the target not
//! checked out) and `land --continue` after a resolved conflict, each
//! killed with SIGKILL at every failpoint it reaches (every session
//! write, the journal, every ref lock and rename, a sample of the
//! checkout's file writes, the clean-up) and at random moments.
//!
//! After each kill: `git fsck` is clean, no commit of the refs before is
//! lost, the target branch and HEAD are at their value before or after,
//! and then either nothing is in progress and the repository is exactly
//! as before or as after, or a session (or its journal) is left and
//! `--abort` on one copy gives exactly the state before, and a rerun
//! (`--continue`) on another gives the state after — with no lock file,
//! no session, no conflict work tree (nor git's record of it) behind, and
//! `git nodus status` saying nothing is in progress. Every third abort is
//! itself killed half-way and run again.
//!
//! Knobs: `NODUS_LAND_CRASH_RANDOM` (random kills per command, default
//! 20), `NODUS_CRASH_SEED`, `NODUS_CRASH_VERBOSE`. The counts are printed
//! and written to `$CARGO_TARGET_TMPDIR/land-crash-trials.txt`.

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nodus_test_support::{GitRepo, Sig};

use super::crash::{Group, Rng, Snap, copy, differences, env_number, locks, nodus, run, snap};

const GOV: &str = "\
members:
  - { handle: alice, name: Alice Liddell, email: alice@example.com, roles: [collaborator] }
  - { handle: bob, name: Bob Builder, email: bob@example.com, roles: [collaborator] }
  - { handle: carol, name: Carol Danvers, email: carol@example.com, roles: [collaborator] }
";

const FILES: usize = 300;

/// `main` with `FILES` files and four commits after `v1.x-staging` was
/// cut; pull request 12 (three commits rewriting and adding files) in
/// `refs/pull/12/head`; its facts in the untracked `facts.yaml`. With
/// `conflict`, main has one more commit that conflicts with the pull
/// request's second commit.
fn project(conflict: bool) -> GitRepo {
    let mut r = GitRepo::new();
    r.write("governance.yaml", GOV);
    for i in 0..FILES {
        r.write(&format!("lib/d{:02}/f{i:04}.js", i % 10), format!("// file {i}\n"));
    }
    r.commit("build: start\n\nPR-URL: https://github.com/demo/demo/pull/1\n");
    r.branch("v1.x-staging");
    for k in 0..4 {
        for i in (k..FILES).step_by(7) {
            r.write(&format!("lib/d{:02}/f{i:04}.js", i % 10), format!("// file {i}, rework {k}\n"));
        }
        r.commit(&format!("lib: rework part {k}\n\nPR-URL: https://github.com/demo/demo/pull/{}\n", 2 + k));
    }
    r.branch("pr-12");
    r.checkout("pr-12");
    let alice = Sig::new("Alice Liddell", "alice@example.com");
    let mut shas = Vec::new();
    for k in 0..3 {
        for i in (k..FILES).step_by(5) {
            r.write(&format!("lib/d{:02}/f{i:04}.js", i % 10), format!("// file {i}, pull request {k}\n"));
        }
        for i in 0..20 {
            r.write(&format!("src/p{k}/n{i:02}.c"), format!("int n{i};\n"));
        }
        if k == 0 {
            r.write("lib/shared.js", "shared\n");
        }
        shas.push(r.commit_as(&alice, &format!("lib: pull request part {k}")));
    }
    r.repo().reference("refs/pull/12/head", shas[2], true, "test").unwrap();
    r.checkout("main");
    if conflict {
        r.write("lib/shared.js", "main's own\n");
        r.commit("lib: main's own shared\n\nPR-URL: https://github.com/demo/demo/pull/9\n");
    }
    let commits: String =
        shas.iter().map(|s| format!("      - {{ sha: {s}, date: 2024-01-01T00:00:00Z, message: x }}\n")).collect();
    r.write(
        "facts.yaml",
        format!(
            "pulls:\n  - number: 12\n    title: 'lib: pull request'\n    url: https://github.com/demo/demo/pull/12\n    \
             author: alice\n    created_at: 2024-01-01T00:00:00Z\n    commits:\n{commits}    reviews:\n      \
             - {{ user: bob, state: approved, submitted_at: 2024-01-02T00:00:00Z, commit: {} }}\n      \
             - {{ user: carol, state: approved, submitted_at: 2024-01-02T01:00:00Z, commit: {} }}\n    \
             checks:\n      - {{ name: test, status: completed, conclusion: success }}\n",
            shas[2], shas[2]
        ),
    );
    let pack = Command::new("git").args(["repack", "-a", "-d", "-q"]).current_dir(r.path()).status();
    assert!(pack.unwrap().success());
    r
}

const LAND: &[&str] = &["land", "12", "--yes", "--facts", "facts.yaml", "--now", "2024-02-01"];

/// `cp -a`, then the conflict work tree's two absolute paths pointed at
/// the copy (git writes them absolute).
pub(super) fn copy_repo(from: &Path, to: &Path) {
    copy(from, to);
    for file in [".git/nodus/sequence-worktree/.git", ".git/worktrees/sequence-worktree/gitdir"] {
        let path = to.join(file);
        if let Ok(text) = std::fs::read_to_string(&path) {
            let fixed = text.replace(&from.display().to_string(), &to.display().to_string());
            std::fs::write(&path, fixed).unwrap();
        }
    }
}

/// Nothing of a session left: no session file, conflict work tree, git
/// record of it, journal or lock.
pub(super) fn leftovers(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for p in [".git/nodus/sequence.json", ".git/nodus/sequence-worktree", ".git/nodus/journal"] {
        if dir.join(p).exists() {
            out.push(p.to_owned());
        }
    }
    if std::fs::read_dir(dir.join(".git/worktrees")).is_ok_and(|mut d| d.next().is_some()) {
        out.push(".git/worktrees/*".into());
    }
    out.extend(locks(dir));
    out
}

pub(super) struct Scenario {
    pub(super) name: &'static str,
    pub(super) args: Vec<&'static str>,
    /// The command that resumes or aborts it.
    pub(super) command: Vec<&'static str>,
    pub(super) target: &'static str,
    pub(super) before_dir: PathBuf,
    pub(super) before: Snap,
    pub(super) after: Snap,
    pub(super) hits: BTreeMap<String, usize>,
    pub(super) duration: Duration,
    /// When, in the clean run, the first and last session or journal
    /// write happened.
    pub(super) window: (Duration, Duration),
}

impl Scenario {
    pub(super) fn new(
        name: &'static str,
        args: &[&'static str],
        command: &[&'static str],
        target: &'static str,
        before_dir: PathBuf,
        work: &Path,
    ) -> Scenario {
        let before = snap(&before_dir);
        let clean = work.join(format!("{name}-clean").replace(' ', "-"));
        copy_repo(&before_dir, &clean);
        let log = work.join(format!("{name}-hits").replace(' ', "-"));
        let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        let start = Instant::now();
        let out = nodus(&clean).args(args).env("NODUS_FAILPOINT_LOG", &log).output().unwrap();
        let duration = start.elapsed();
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let mut hits = BTreeMap::new();
        let mut window: Option<(Duration, Duration)> = None;
        for line in std::fs::read_to_string(&log).unwrap_or_default().lines() {
            let (point, micros) = line.split_once(' ').unwrap();
            let at = Duration::from_micros(micros.parse().unwrap()).saturating_sub(epoch);
            if point.starts_with("sequence-") || point.starts_with("journal-") {
                window = Some(window.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))));
            }
            *hits.entry(point.to_owned()).or_insert(0) += 1;
        }
        let window = window.unwrap_or((Duration::ZERO, duration));
        let after = snap(&clean);
        assert_ne!(before.refs, after.refs, "{name} moves a branch");
        assert!(leftovers(&clean).is_empty(), "{name} leaves {:?}", leftovers(&clean));
        std::fs::remove_dir_all(&clean).unwrap();
        Scenario {
            name,
            args: args.to_vec(),
            command: command.to_vec(),
            target,
            before_dir,
            before,
            after,
            hits,
            duration,
            window,
        }
    }
}

#[derive(Debug, Clone)]
pub(super) enum Kill {
    At(String, usize),
    After(Duration),
}

#[derive(Default, Debug, Clone)]
pub(super) struct Tally {
    pub(super) trials: usize,
    pub(super) killed: usize,
    pub(super) left_session: usize,
    pub(super) left_journal: usize,
    pub(super) aborted_ok: usize,
    pub(super) rerun_ok: usize,
    pub(super) clean_before: usize,
    pub(super) clean_after: usize,
    pub(super) aborts_killed: usize,
    pub(super) failures: Vec<String>,
}

/// Where a kill landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Landed {
    Before,
    During,
    After,
}

pub(super) fn trial(sc: &Scenario, kill: &Kill, abort_fault: Option<&str>, work: &Path, tally: &mut Tally) -> Landed {
    let mut landed = Landed::During;
    let label = format!("{} {kill:?}", sc.name);
    let dir = work.join("k");
    let _ = std::fs::remove_dir_all(&dir);
    copy_repo(&sc.before_dir, &dir);
    let mut c = nodus(&dir);
    c.args(&sc.args).stdout(Stdio::null()).stderr(Stdio::null());
    let kill_at = match kill {
        Kill::At(point, n) => {
            c.env("NODUS_FAILPOINT", format!("{point}:{n}"));
            None
        }
        Kill::After(d) => Some(Instant::now() + *d),
    };
    let status = Group::spawn(c).wait(kill_at);
    tally.trials += 1;
    let mut failures = Vec::new();
    let mut fail = |m: String| failures.push(format!("{label}: {m}"));
    if status.signal() == Some(libc::SIGKILL) {
        tally.killed += 1;
    } else if matches!(kill, Kill::At(..)) {
        fail(format!("the failpoint did not kill it: {status:?}"));
    } else if !status.success() {
        fail(format!("it failed on its own: {status:?}"));
    }
    let fsck = Command::new("git")
        .args(["fsck", "--no-dangling", "--no-progress"])
        .current_dir(&dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    if !fsck.status.success() {
        fail(format!("git fsck: {}", String::from_utf8_lossy(&fsck.stderr)));
    }
    let now = snap(&dir);
    {
        let repo = git2::Repository::open(&dir).unwrap();
        for oid in sc.before.refs.values().filter(|v| !v.starts_with("->")) {
            if repo.find_object(git2::Oid::from_str(oid).unwrap(), None).is_err() {
                fail(format!("object {oid} of a ref before is lost"));
            }
        }
        let target = format!("refs/heads/{}", sc.target);
        let value = now.refs.get(&target);
        if value != sc.before.refs.get(&target) && value != sc.after.refs.get(&target) {
            fail(format!("{target} is {value:?}: neither before nor after"));
        }
        if now.head != sc.before.head && now.head != sc.after.head {
            fail(format!("HEAD is {:?}", now.head));
        }
    }
    let session = dir.join(".git/nodus/sequence.json").exists();
    let journal = dir.join(".git/nodus/journal").exists();
    tally.left_session += session as usize;
    tally.left_journal += journal as usize;
    if session || journal {
        let other = work.join("k2");
        let _ = std::fs::remove_dir_all(&other);
        copy_repo(&dir, &other);
        let mut abort = sc.command.clone();
        abort.push("--abort");
        let mut rerun = sc.command.clone();
        rerun.push("--continue");
        for (d, args, want, ok) in
            [(&dir, &abort, &sc.before, &mut tally.aborted_ok), (&other, &rerun, &sc.after, &mut tally.rerun_ok)]
        {
            let mut first = None;
            if args.last() == Some(&"--abort")
                && let Some(fp) = abort_fault
            {
                let (status, stdout, stderr) = run(d, args, Some(fp));
                if status.signal() == Some(libc::SIGKILL) {
                    tally.aborts_killed += 1;
                } else {
                    // The failpoint was not on its way: that run is the one.
                    first = Some((status, stdout, stderr));
                }
            }
            let (status, stdout, stderr) = first.unwrap_or_else(|| run(d, args, None));
            if !status.success() {
                fail(format!("{}: {status:?}\n{stdout}{stderr}", args.join(" ")));
                continue;
            }
            let diff = differences(&snap(d), want, false);
            let left = leftovers(d);
            let (_, status_out, _) = run(d, &["status"], None);
            if !diff.is_empty() {
                fail(format!("after {}: {}\n{stdout}", args.join(" "), diff.join("; ")));
            } else if !left.is_empty() {
                fail(format!("after {}: left {}", args.join(" "), left.join(", ")));
            } else if !status_out.starts_with("Nothing in progress") {
                fail(format!("after {}: status says {status_out}", args.join(" ")));
            } else {
                *ok += 1;
            }
        }
        let _ = std::fs::remove_dir_all(&other);
    } else {
        let left = leftovers(&dir);
        if !left.is_empty() {
            fail(format!("nothing in progress, but left {}", left.join(", ")));
        }
        if differences(&now, &sc.before, true).is_empty() {
            tally.clean_before += 1;
            landed = Landed::Before;
        } else if differences(&now, &sc.after, false).is_empty() {
            tally.clean_after += 1;
            landed = Landed::After;
        } else {
            fail(format!(
                "nothing in progress, and neither before ({}) nor after ({})",
                differences(&now, &sc.before, true).join("; "),
                differences(&now, &sc.after, false).join("; ")
            ));
        }
    }
    if std::env::var_os("NODUS_CRASH_VERBOSE").is_some() {
        eprintln!("{label}: session {session}, journal {journal}");
    }
    tally.failures.extend(failures);
    let _ = std::fs::remove_dir_all(&dir);
    landed
}

pub(super) fn kills(sc: &Scenario) -> Vec<Kill> {
    let mut out = Vec::new();
    for (point, &count) in &sc.hits {
        let ns: Vec<usize> = if point == "checkout-write" && count > 6 {
            vec![1, 2, count / 3, 2 * count / 3, count - 1, count]
        } else {
            (1..=count).collect()
        };
        out.extend(ns.into_iter().map(|n| Kill::At(point.clone(), n)));
    }
    out
}

#[test]
fn land_and_backport_killed_anywhere_lose_nothing_and_recover() {
    let random = env_number("NODUS_LAND_CRASH_RANDOM", 20) as usize;
    let seed = env_number(
        "NODUS_CRASH_SEED",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1,
    );
    let base =
        Some(PathBuf::from("/dev/shm")).filter(|p| tempfile::tempdir_in(p).is_ok()).unwrap_or_else(std::env::temp_dir);
    let work = tempfile::Builder::new().prefix("nodus-land-crash-").tempdir_in(&base).unwrap();
    let started = Instant::now();

    let plain = project(false);
    let land_dir = work.path().join("land-before");
    copy_repo(plain.path(), &land_dir);
    let backport_dir = work.path().join("backport-before");
    copy_repo(plain.path(), &backport_dir);
    // Stopped on a conflict, the resolution staged in the work tree.
    let conflicted = project(true);
    let continue_dir = work.path().join("continue-before");
    copy_repo(conflicted.path(), &continue_dir);
    let (status, stdout, stderr) = run(&continue_dir, LAND, None);
    assert_eq!(status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("Conflicting files:\n  lib/shared.js\n"), "{stdout}");
    let wt = continue_dir.join(".git/nodus/sequence-worktree");
    std::fs::write(wt.join("lib/shared.js"), "main's own, and shared\n").unwrap();
    let add = Command::new("git").args(["add", "lib/shared.js"]).current_dir(&wt).status().unwrap();
    assert!(add.success());

    let scenarios = vec![
        Scenario::new("land", LAND, &["land"], "main", land_dir, work.path()),
        Scenario::new(
            "backport apply",
            &["backport", "apply", "--to", "v1.x-staging"],
            &["backport", "apply"],
            "v1.x-staging",
            backport_dir,
            work.path(),
        ),
        Scenario::new("land --continue", &["land", "--continue"], &["land"], "main", continue_dir, work.path()),
    ];
    for sc in &scenarios {
        for point in
            ["sequence-saved", "journal-written", "ref-locked", "ref-rename", "journal-remove", "sequence-remove"]
        {
            assert!(sc.hits.contains_key(point), "{} never reaches {point}: {:?}", sc.name, sc.hits);
        }
    }
    assert!(scenarios[0].hits.get("checkout-write").is_some_and(|&n| n >= 100), "{:?}", scenarios[0].hits);

    let results: Mutex<Vec<(String, Tally, Tally)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for (i, sc) in scenarios.iter().enumerate() {
            let results = &results;
            let work = work.path().join(format!("trials-{i}"));
            std::fs::create_dir_all(&work).unwrap();
            s.spawn(move || {
                let mut at = Tally::default();
                for (k, kill) in kills(sc).iter().enumerate() {
                    let fault = match k % 3 {
                        0 => Some("sequence-remove:1"),
                        1 => Some("recover-ref:1"),
                        _ => None,
                    };
                    let _ = trial(sc, kill, fault, &work, &mut at);
                }
                let mut rng = Rng(seed.wrapping_add((i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1);
                let mut random_tally = Tally::default();
                // Half the kills anywhere in the run, half aimed at the
                // time a session exists: a window that each kill landing
                // before or after it narrows (or, at its edge, widens),
                // since a loaded machine runs slower than the clean run.
                let margin = Duration::from_millis(10);
                let (mut lo, mut hi) = (sc.window.0.saturating_sub(margin), sc.window.1 + margin);
                for k in 0..random {
                    let aimed = k % 2 == 1;
                    let delay =
                        if aimed { lo + (hi - lo).mul_f64(rng.unit()) } else { sc.duration.mul_f64(1.2 * rng.unit()) };
                    let landed = trial(sc, &Kill::After(delay), None, &work, &mut random_tally);
                    match landed {
                        Landed::Before if delay >= hi.mul_f64(0.95) => hi = hi.mul_f64(1.5),
                        Landed::Before => lo = lo.max(delay),
                        Landed::After if delay <= lo + (hi - lo).mul_f64(0.05) => lo = lo.mul_f64(0.5),
                        Landed::After => hi = hi.min(delay),
                        Landed::During => {}
                    }
                    if hi <= lo + Duration::from_millis(1) {
                        hi = lo + Duration::from_millis(20);
                    }
                }
                results.lock().unwrap().push((sc.name.to_owned(), at, random_tally));
            });
        }
    });

    let mut report = format!(
        "Land crash trials: {FILES} files, seed {seed}, {} s\n\
         command          kills            trials killed session journal abort-ok rerun-ok clean-before clean-after abort-killed failures\n",
        started.elapsed().as_secs()
    );
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut total, mut sessions) = (0, 0);
    let mut failures = Vec::new();
    for (name, at, random_tally) in &results {
        for (kind, t) in [("failpoints", at), ("random SIGKILL", random_tally)] {
            report.push_str(&format!(
                "{name:<16} {kind:<16} {:>6} {:>6} {:>7} {:>7} {:>8} {:>8} {:>12} {:>11} {:>12} {:>8}\n",
                t.trials,
                t.killed,
                t.left_session,
                t.left_journal,
                t.aborted_ok,
                t.rerun_ok,
                t.clean_before,
                t.clean_after,
                t.aborts_killed,
                t.failures.len()
            ));
            total += t.trials;
            sessions += t.left_session;
            failures.extend(t.failures.iter().cloned());
        }
    }
    report.push_str(&format!("total trials: {total}, failures: {}\n", failures.len()));
    eprint!("{report}");
    let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join("land-crash-trials.txt"), &report);
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
    // The test can fail: kills did leave sessions and journals to recover.
    assert!(sessions >= 20, "only {sessions} kills left a session\n{report}");
    for (name, at, _) in &results {
        assert!(at.left_journal > 0, "no failpoint kill of {name} left a journal\n{report}");
    }
}
