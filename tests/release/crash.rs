//! Crash safety, by fault injection: `release prepare`, `release promote`
//! and `line create` on a project of thousands of files, killed with
//! SIGKILL at random moments and at every failpoint (every journal write,
//! ref lock, ref rename, HEAD write, and a sample of the checkout's file
//! writes). After each kill: `git fsck` is clean, no commit is lost, every
//! other command refuses to run while a journal is left, and
//! `git nodus recover --abort` (on one copy) and `--continue` (on another)
//! leave exactly the state before or after — refs, HEAD, the index, every
//! work-tree file — with no lock file behind, and can be run again. Some
//! recoveries are themselves killed half-way and run again.
//!
//! Knobs: `NODUS_CRASH_FILES` (files in the project, default 2000),
//! `NODUS_CRASH_RANDOM` (random-moment kills per command, default 60),
//! `NODUS_CRASH_CHECKOUT_KILLS` (how many of the checkout's file writes
//! get a failpoint kill, default 7; a large number means every one),
//! `NODUS_CRASH_SEED` (to replay a run), `NODUS_CRASH_TMPDIR` (where the
//! copies go; default `/dev/shm` if usable, else the temp folder),
//! `NODUS_CRASH_VERBOSE` (print every trial). The trial counts and results are
//! printed and written to `$CARGO_TARGET_TMPDIR/crash-trials.txt`.

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nodus_test_support::GitRepo;

const POLICY: &str = "\
project: Demo
changelog:
  repo_url: https://github.com/demo/demo
version_files:
  - path: package.json
    pattern: '\"version\": \"{version}\"'
schedule:
  v20:
    start: 2023-04-18
    lts: 2023-10-24
    maintenance: 2024-10-22
    end: 2026-04-30
    codename: Iron
";

pub(super) fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn package_json(version: &str) -> String {
    format!("{{\n  \"name\": \"demo\",\n  \"version\": \"{version}\"\n}}\n")
}

/// A released v20.9.0 with `files` files; the line's branches cut from it;
/// `main` rewrites, adds and removes most files over several commits, so
/// switching between `main` and the line writes thousands of files; three
/// fixes on `v20.x-staging`. HEAD on `main`.
fn project(files: usize) -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write("release.yaml", POLICY);
    repo.write("package.json", package_json("20.9.0"));
    repo.write("bin/run.sh", "#!/bin/sh\necho run\n");
    std::fs::set_permissions(repo.join("bin/run.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    for i in 0..files {
        repo.write(&format!("lib/d{:02}/f{i:05}.js", i % 40), format!("// file {i}\nmodule.exports = {i};\n"));
    }
    repo.commit("2023-10-24, Version 20.9.0 'Iron' (LTS)\n\nNotable changes:\n\nStarts LTS.\n");
    repo.tag("v20.9.0");
    repo.branch("v20.x");
    repo.branch("v20.x-staging");
    for round in 0..4 {
        for i in (round..files).step_by(5) {
            repo.write(&format!("lib/d{:02}/f{i:05}.js", i % 40), format!("// file {i}, round {round}\n"));
        }
        for i in 0..files / 40 {
            repo.write(&format!("src/r{round}/n{i:04}.c"), format!("int n{i};\n"));
        }
        for i in (files - files / 20 * (round + 1)..files - files / 20 * round).filter(|i| i % 5 == 4) {
            std::fs::remove_file(repo.join(&format!("lib/d{:02}/f{i:05}.js", i % 40))).unwrap();
        }
        repo.commit(&format!("lib: rework part {round}"));
    }
    repo.write("package.json", package_json("22.0.0"));
    repo.commit("build: start the 22.x line");
    repo.checkout("v20.x-staging");
    for k in 0..3 {
        repo.write(&format!("lib/fix{k}.js"), format!("fix {k}\n"));
        repo.commit(&format!("lib: fix bug {k}\n\nPR-URL: https://github.com/demo/demo/pull/{}\n", 100 + k));
    }
    repo.checkout("main");
    repo
}

/// Everything a user sees of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Snap {
    pub(super) refs: BTreeMap<String, String>,
    pub(super) head: String,
    index: Vec<u8>,
    /// The index's entries (path, mode, blob, stage): what it says, apart
    /// from the file stat data that differs between two runs.
    entries: Vec<(Vec<u8>, u32, String, u16)>,
    files: BTreeMap<String, (Vec<u8>, bool)>,
}

pub(super) fn snap(dir: &Path) -> Snap {
    let repo = git2::Repository::open(dir).unwrap();
    let mut refs = BTreeMap::new();
    for r in repo.references().unwrap() {
        let r = r.unwrap();
        let target = match r.symbolic_target().ok().flatten() {
            Some(t) => format!("-> {t}"),
            None => r.target().map(|o| o.to_string()).unwrap_or_default(),
        };
        refs.insert(r.name().unwrap().to_owned(), target);
    }
    let head = std::fs::read_to_string(dir.join(".git/HEAD")).unwrap();
    let index = std::fs::read(dir.join(".git/index")).unwrap_or_default();
    let entries = git2::Index::open(&dir.join(".git/index"))
        .map(|i| i.iter().map(|e| (e.path, e.mode, e.id.to_string(), e.flags & 0x3000)).collect())
        .unwrap_or_default();
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if meta.is_dir() {
                // An empty folder is left behind too: git does not leave one.
                if std::fs::read_dir(&path).unwrap().next().is_none() {
                    files.insert(format!("{rel}/"), (Vec::new(), false));
                }
                stack.push(path);
            } else {
                files.insert(rel, (std::fs::read(&path).unwrap(), meta.permissions().mode() & 0o111 != 0));
            }
        }
    }
    Snap { refs, head, index, entries, files }
}

/// How `got` differs from `want`, in a few words (empty: it does not).
pub(super) fn differences(got: &Snap, want: &Snap, exact_index: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (name, value) in &want.refs {
        if got.refs.get(name) != Some(value) {
            out.push(format!("{name} is {:?}, want {value}", got.refs.get(name)));
        }
    }
    for name in got.refs.keys().filter(|n| !want.refs.contains_key(*n)) {
        out.push(format!("{name} should not exist"));
    }
    if got.head != want.head {
        out.push(format!("HEAD is {:?}, want {:?}", got.head, want.head));
    }
    if exact_index && got.index != want.index {
        out.push("the index file differs".into());
    }
    if got.entries != want.entries {
        out.push("the index entries differ".into());
    }
    let changed: Vec<&String> = want
        .files
        .keys()
        .chain(got.files.keys().filter(|k| !want.files.contains_key(*k)))
        .filter(|k| got.files.get(*k) != want.files.get(*k))
        .collect();
    if !changed.is_empty() {
        out.push(format!(
            "{} work-tree paths differ: {}",
            changed.len(),
            changed.iter().take(5).map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    out
}

/// Lock files anywhere in `.git` (objects aside).
pub(super) fn locks(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join(".git")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("objects") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "lock") {
                out.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out
}

pub(super) fn copy(from: &Path, to: &Path) {
    let status = Command::new("cp").arg("-a").arg(from).arg(to).status().unwrap();
    assert!(status.success(), "cp -a {} {}", from.display(), to.display());
}

/// A process started in its own process group, killed with the whole
/// group when dropped (test failure, timeout) if still running.
pub(super) struct Group(pub(super) std::process::Child);

impl Group {
    pub(super) fn spawn(mut command: Command) -> Group {
        command.process_group(0).stdin(Stdio::null());
        Group(command.spawn().expect("start git-nodus"))
    }

    fn kill(&mut self) {
        let pid = self.0.id() as libc::pid_t;
        // SAFETY: signalling a process group we created.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }

    /// Waits for the exit; kills the group at `kill_at` (if still
    /// running) and panics after a minute.
    pub(super) fn wait(&mut self, kill_at: Option<Instant>) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            let now = Instant::now();
            if kill_at.is_some_and(|at| now >= at) {
                self.kill();
                return self.0.wait().unwrap();
            }
            if now >= deadline {
                self.kill();
                let _ = self.0.wait();
                panic!("git-nodus ran for more than a minute");
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            self.kill();
            let _ = self.0.wait();
        }
    }
}

pub(super) fn nodus(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_git-nodus"));
    c.current_dir(dir)
        .env("GIT_AUTHOR_DATE", "@1735689600 +0000")
        .env("GIT_COMMITTER_DATE", "@1735689600 +0000")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("NODUS_FAILPOINT")
        .env_remove("NODUS_FAILPOINT_LOG");
    c
}

/// Runs `git nodus args` in `dir` to the end (within a minute).
pub(super) fn run(dir: &Path, args: &[&str], failpoint: Option<&str>) -> (ExitStatus, String, String) {
    let mut c = nodus(dir);
    c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(fp) = failpoint {
        c.env("NODUS_FAILPOINT", fp);
    }
    let mut child = Group::spawn(c);
    let status = child.wait(None);
    let mut stdout = String::new();
    let mut stderr = String::new();
    use std::io::Read;
    if let Some(mut o) = child.0.stdout.take() {
        let _ = o.read_to_string(&mut stdout);
    }
    if let Some(mut e) = child.0.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    (status, stdout, stderr)
}

struct Scenario {
    name: &'static str,
    args: Vec<&'static str>,
    /// The repository before (never changed).
    before_dir: PathBuf,
    before: Snap,
    after: Snap,
    /// How often a clean run reaches each failpoint.
    hits: BTreeMap<String, usize>,
    /// How long a clean run takes.
    duration: Duration,
    /// When, in a clean run, the journal is written and removed.
    window: (Duration, Duration),
}

impl Scenario {
    fn new(name: &'static str, args: Vec<&'static str>, before_dir: PathBuf, work: &Path) -> Scenario {
        let before = snap(&before_dir);
        let clean = work.join(format!("{name}-clean"));
        copy(&before_dir, &clean);
        let log = work.join(format!("{name}-hits"));
        let epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        let start = Instant::now();
        let out = nodus(&clean).args(&args).env("NODUS_FAILPOINT_LOG", &log).output().unwrap();
        let duration = start.elapsed();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let mut hits = BTreeMap::new();
        let mut window = (Duration::ZERO, duration);
        for line in std::fs::read_to_string(&log).unwrap_or_default().lines() {
            let (point, micros) = line.split_once(' ').unwrap();
            let at = Duration::from_micros(micros.parse().unwrap()).saturating_sub(epoch);
            match point {
                "journal-written" => window.0 = at,
                "journal-remove" => window.1 = at,
                _ => {}
            }
            *hits.entry(point.to_owned()).or_insert(0) += 1;
        }
        let after = snap(&clean);
        assert_ne!(before.refs, after.refs, "{name} changes refs");
        std::fs::remove_dir_all(&clean).unwrap();
        Scenario { name, args, before_dir, before, after, hits, duration, window }
    }
}

#[derive(Debug, Clone)]
enum Kill {
    /// At the n-th hit of a failpoint.
    At(String, usize),
    /// After a delay, from outside.
    After(Duration),
}

#[derive(Default, Debug, Clone)]
struct Tally {
    trials: usize,
    killed: usize,
    journal_left: usize,
    torn: usize,
    aborted_ok: usize,
    continued_ok: usize,
    untouched_before: usize,
    finished_after: usize,
    recoveries_killed: usize,
    failures: Vec<String>,
}

/// One kill and both recoveries; returns what happened.
/// Where a kill landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landed {
    /// Before the first change: the state before, no journal.
    Before,
    /// While the journal existed.
    During,
    /// After the last change: the state after, no journal.
    After,
}

fn trial(sc: &Scenario, kill: &Kill, recover_fault: Option<&str>, work: &Path, tally: &mut Tally) -> Landed {
    let mut landed = Landed::During;
    let label = format!("{} {:?}", sc.name, kill);
    let dir = work.join("k");
    let _ = std::fs::remove_dir_all(&dir);
    copy(&sc.before_dir, &dir);
    let mut c = nodus(&dir);
    c.args(&sc.args).stdout(Stdio::null()).stderr(Stdio::null());
    let kill_at = match kill {
        Kill::At(point, n) => {
            c.env("NODUS_FAILPOINT", format!("{point}:{n}"));
            None
        }
        Kill::After(d) => Some(Instant::now() + *d),
    };
    let t0 = Instant::now();
    let status = Group::spawn(c).wait(kill_at);
    let t_run = t0.elapsed();
    tally.trials += 1;
    let fail = |msg: String| tally_fail(&label, msg);
    let mut failures = Vec::new();
    let killed = status.signal() == Some(libc::SIGKILL);
    if killed {
        tally.killed += 1;
    } else if matches!(kill, Kill::At(..)) {
        failures.push(fail(format!("the failpoint did not kill it: {status:?}")));
    } else if !status.success() {
        failures.push(fail(format!("it failed on its own: {status:?}")));
    }
    // Whatever was killed: the object store is whole and nothing is lost.
    let fsck = Command::new("git")
        .args(["fsck", "--no-dangling", "--no-progress"])
        .current_dir(&dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    if !fsck.status.success() {
        failures.push(fail(format!("git fsck: {}", String::from_utf8_lossy(&fsck.stderr))));
    }
    {
        let repo = git2::Repository::open(&dir).unwrap();
        for oid in sc.before.refs.values().filter(|v| !v.starts_with("->")) {
            if repo.find_object(git2::Oid::from_str(oid).unwrap(), None).is_err() {
                failures.push(fail(format!("object {oid} of a ref before is lost")));
            }
        }
    }
    let journal = dir.join(".git/nodus/journal").exists();
    if journal {
        tally.journal_left += 1;
        let now = snap(&dir);
        if !differences(&now, &sc.before, true).is_empty() && !differences(&now, &sc.after, false).is_empty() {
            tally.torn += 1;
        }
        // Nothing else runs, nothing advises committing what is there.
        let (status, _, stderr) = run(&dir, &["line", "list"], None);
        if status.code() != Some(1)
            || !stderr.contains("died in the middle")
            || !stderr.contains("git nodus recover --abort")
            || stderr.contains("stash them first")
        {
            failures.push(fail(format!("line list with a journal left: {status:?}\n{stderr}")));
        }
        let other = work.join("k2");
        let _ = std::fs::remove_dir_all(&other);
        copy(&dir, &other);
        for (d, flag, want, exact, ok) in [
            (&dir, "--abort", &sc.before, true, &mut tally.aborted_ok),
            (&other, "--continue", &sc.after, false, &mut tally.continued_ok),
        ] {
            if let Some(fp) = recover_fault {
                let (status, _, _) = run(d, &["recover", flag], Some(fp));
                if status.signal() == Some(libc::SIGKILL) {
                    tally.recoveries_killed += 1;
                }
            }
            let (status, stdout, stderr) = run(d, &["recover", flag], None);
            if !status.success() {
                failures.push(fail(format!("recover {flag}: {status:?}\n{stdout}{stderr}")));
                continue;
            }
            let diff = differences(&snap(d), want, exact);
            let left = locks(d);
            let (again, again_out, _) = run(d, &["recover", flag], None);
            if !diff.is_empty() {
                failures.push(fail(format!("after recover {flag}: {}\n{stdout}", diff.join("; "))));
            } else if !left.is_empty() {
                failures.push(fail(format!("after recover {flag}: lock files left: {}", left.join(", "))));
            } else if !again.success() || !again_out.starts_with("Nothing to recover") {
                failures.push(fail(format!("recover {flag} again: {again:?} {again_out}")));
            } else {
                *ok += 1;
            }
        }
        let _ = std::fs::remove_dir_all(&other);
    } else {
        // No journal: it did not start changing anything, or it finished.
        let now = snap(&dir);
        let left = locks(&dir);
        if !left.is_empty() {
            failures.push(fail(format!("no journal but lock files: {}", left.join(", "))));
        }
        if differences(&now, &sc.before, true).is_empty() {
            tally.untouched_before += 1;
            landed = Landed::Before;
        } else if differences(&now, &sc.after, false).is_empty() {
            tally.finished_after += 1;
            landed = Landed::After;
        } else {
            failures.push(fail(format!(
                "no journal, and neither before ({}) nor after ({})",
                differences(&now, &sc.before, true).join("; "),
                differences(&now, &sc.after, false).join("; ")
            )));
        }
    }
    tally.failures.extend(failures);
    let _ = std::fs::remove_dir_all(&dir);
    if std::env::var_os("NODUS_CRASH_VERBOSE").is_some() {
        eprintln!("{label}: run {t_run:?}, total {:?}, journal {journal}", t0.elapsed());
    }
    landed
}

fn tally_fail(label: &str, msg: String) -> String {
    format!("{label}: {msg}")
}

/// xorshift64*: enough randomness for kill times, reproducible by seed.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The failpoint kills for a scenario: every hit of every point, except
/// the checkout's file writes, which are sampled.
fn failpoint_kills(sc: &Scenario, samples: usize) -> Vec<Kill> {
    let mut kills = Vec::new();
    for (point, &count) in &sc.hits {
        let ns: Vec<usize> = if point == "checkout-write" && count > samples {
            // The first two, the last two, and evenly spaced ones between.
            let between = samples.saturating_sub(4);
            let mut v = vec![1, 2, count - 1, count];
            v.extend((1..=between).map(|k| k * count / (between + 1)));
            v.sort();
            v.dedup();
            v
        } else {
            (1..=count).collect()
        };
        kills.extend(ns.into_iter().map(|n| Kill::At(point.clone(), n)));
    }
    kills
}

#[test]
fn killed_anywhere_recovers_to_exactly_before_or_after() {
    let files = env_number("NODUS_CRASH_FILES", 2000) as usize;
    let random = env_number("NODUS_CRASH_RANDOM", 60) as usize;
    let samples = env_number("NODUS_CRASH_CHECKOUT_KILLS", 7) as usize;
    let seed = env_number(
        "NODUS_CRASH_SEED",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1,
    );
    // Each trial copies a repository of thousands of files twice: in
    // memory (tmpfs) when the machine has one, as disks are slow at that.
    let base = std::env::var_os("NODUS_CRASH_TMPDIR")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|p| tempfile::tempdir_in(p).is_ok()))
        .unwrap_or_else(std::env::temp_dir);
    let work = tempfile::Builder::new().prefix("nodus-crash-").tempdir_in(&base).unwrap();
    let started = Instant::now();
    let fixture = project(files);
    // One pack instead of thousands of loose objects: each trial copies
    // the repository twice.
    let repack = Command::new("git").args(["repack", "-a", "-d", "-q"]).current_dir(fixture.path()).status();
    assert!(repack.unwrap().success());

    // prepare: HEAD on main, the proposal checked out (thousands of files).
    let prepare_dir = work.path().join("prepare-before");
    copy(fixture.path(), &prepare_dir);
    // promote: the proposal prepared, HEAD on staging (which moves).
    let promote_dir = work.path().join("promote-before");
    copy(fixture.path(), &promote_dir);
    let (status, _, stderr) = run(&promote_dir, &["release", "prepare", "--line", "20", "--date", "2024-11-05"], None);
    assert!(status.success(), "{stderr}");
    let checkout = Command::new("git").args(["checkout", "-q", "v20.x-staging"]).current_dir(&promote_dir).status();
    assert!(checkout.unwrap().success());
    let line_dir = work.path().join("line-before");
    copy(fixture.path(), &line_dir);

    let scenarios = vec![
        Scenario::new(
            "release prepare",
            vec!["release", "prepare", "--line", "20", "--date", "2024-11-05"],
            prepare_dir,
            work.path(),
        ),
        Scenario::new("release promote", vec!["release", "promote", "v20.9.1-proposal"], promote_dir, work.path()),
        Scenario::new("line create", vec!["line", "create", "22", "--from", "main"], line_dir, work.path()),
    ];
    for sc in &scenarios {
        for point in ["journal-written", "ref-locked", "ref-rename", "journal-remove"] {
            assert!(sc.hits.contains_key(point), "{} never reaches {point}: {:?}", sc.name, sc.hits);
        }
    }
    assert!(scenarios[0].hits.get("checkout-write").is_some_and(|&n| n >= files / 2), "{:?}", scenarios[0].hits);

    let results: Mutex<Vec<(String, Tally, Tally)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for (i, sc) in scenarios.iter().enumerate() {
            let results = &results;
            let work = work.path().join(format!("trials-{i}"));
            std::fs::create_dir_all(&work).unwrap();
            s.spawn(move || {
                let mut rng = Rng(seed.wrapping_add((i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1);
                let mut at = Tally::default();
                for (k, kill) in failpoint_kills(sc, samples).iter().enumerate() {
                    // Every third one, the recoveries are killed half-way too.
                    let fault = match k % 3 {
                        0 => Some("recover-file:2"),
                        1 => Some("recover-ref:1"),
                        _ => None,
                    };
                    let _ = trial(sc, kill, fault, &work, &mut at);
                }
                let mut random_tally = Tally::default();
                // Half the kills anywhere in the run; half in a window that
                // closes in on the transaction: it starts as timed in the
                // clean run, give or take, and each kill that landed
                // before or after the transaction narrows (or, at its
                // edge, widens) it.
                let margin = Duration::from_millis(20);
                let (mut lo, mut hi) = (sc.window.0.saturating_sub(margin), sc.window.1 + margin);
                for r in 0..random {
                    let aimed = r % 2 == 1;
                    let delay =
                        if aimed { lo + (hi - lo).mul_f64(rng.unit()) } else { sc.duration.mul_f64(1.2 * rng.unit()) };
                    let landed = trial(sc, &Kill::After(delay), None, &work, &mut random_tally);
                    if aimed {
                        match landed {
                            Landed::Before if delay >= hi.mul_f64(0.95) => hi = hi.mul_f64(1.5),
                            Landed::Before => lo = lo.max(delay),
                            Landed::After if delay <= lo + (hi - lo).mul_f64(0.05) => lo = lo.mul_f64(0.5),
                            Landed::After => hi = hi.min(delay),
                            Landed::During => {}
                        }
                        if hi <= lo + Duration::from_millis(1) {
                            hi = lo + margin;
                        }
                    }
                }
                results.lock().unwrap().push((sc.name.to_owned(), at, random_tally));
            });
        }
    });

    let mut report = format!(
        "Crash trials: {files} files, seed {seed}, {} s\n\
         command          kills             trials killed journal torn  abort-ok continue-ok  clean-before clean-after  recover-killed failures\n",
        started.elapsed().as_secs()
    );
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut total = 0;
    let mut failures = Vec::new();
    let mut journals = 0;
    for (name, at, random_tally) in &results {
        for (kind, t) in [("failpoints", at), ("random SIGKILL", random_tally)] {
            report.push_str(&format!(
                "{name:<16} {kind:<16} {:>7} {:>6} {:>7} {:>4}  {:>8} {:>11}  {:>12} {:>11}  {:>14} {:>8}\n",
                t.trials,
                t.killed,
                t.journal_left,
                t.torn,
                t.aborted_ok,
                t.continued_ok,
                t.untouched_before,
                t.finished_after,
                t.recoveries_killed,
                t.failures.len()
            ));
            total += t.trials;
            journals += t.journal_left;
            failures.extend(t.failures.iter().cloned());
        }
    }
    report.push_str(&format!("total trials: {total}, failures: {}\n", failures.len()));
    eprint!("{report}");
    let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join("crash-trials.txt"), &report);
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
    // The test must be able to fail: the kills did leave journals and torn
    // states for recovery to repair.
    assert!(journals >= 20, "only {journals} kills left a journal\n{report}");
    for (name, at, _) in &results {
        assert!(at.torn > 0, "no failpoint kill of {name} left a torn state\n{report}");
    }
}
