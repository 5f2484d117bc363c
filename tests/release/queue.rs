//! `git nodus queue`: the real binary on real repositories, real test
//! commands (shell scripts that fail for chosen trees and count their
//! runs in a file), pull requests from a facts file, and SIGKILL of
//! `queue run` at chosen and random points.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nodus_test_support::{Cmd, GitRepo, Sig};

const GOV: &str = "\
members:
  - { handle: alice, name: Alice Liddell, email: alice@example.com, roles: [collaborator] }
  - { handle: bob, name: Bob Builder, email: bob@example.com, roles: [collaborator] }
  - { handle: carol, name: Carol Danvers, email: carol@example.com, roles: [collaborator] }
";

fn git_nodus(dir: &Path) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus"))
        .current_dir(dir)
        .env_remove("GITHUB_TOKEN")
        .env_remove("NODUS_GITHUB_URL")
        .env_remove("NODUS_FAILPOINT")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_COMMITTER_NAME", "Lander")
        .env("GIT_COMMITTER_EMAIL", "lander@example.com")
        .env("GIT_COMMITTER_DATE", "@1735689600 +0000")
}

/// A scratch folder outside the repository: the test script, its
/// counter, facts files.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A test command: appends a line to `runs`, fails when the tree has
    /// a file named BAD; `extra` runs first.
    fn script(&self, extra: &str) -> String {
        let script = self.path("test.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho \"$NODUS_QUEUE_TEST_RUN $NODUS_QUEUE_ENTRIES\" >> '{}'\n{extra}\n\
                 if ls | grep -q '^BAD'; then echo 'BAD file found'; exit 1; fi\n\
                 git rev-parse 'HEAD^{{tree}}' >> '{}'\nexit 0\n",
                self.path("runs").display(),
                self.path("passed").display()
            ),
        )
        .unwrap();
        format!("sh '{}'", script.display())
    }

    fn runs(&self) -> usize {
        std::fs::read_to_string(self.path("runs")).map(|t| t.lines().count()).unwrap_or(0)
    }

    fn passed_trees(&self) -> Vec<String> {
        std::fs::read_to_string(self.path("passed")).unwrap_or_default().lines().map(str::to_owned).collect()
    }
}

/// `main` with one file, and `n` branches `b1`…`bn` from it, each adding
/// `fK`; the branches in `bad` also add `BAD_K` (the test fails on it).
fn project(n: usize, bad: &[usize]) -> GitRepo {
    let mut r = GitRepo::new();
    r.write("README", "demo\n");
    r.commit("doc: start");
    for k in 1..=n {
        r.branch(&format!("b{k}"));
        r.checkout(&format!("b{k}"));
        r.write(&format!("f{k}"), format!("{k}\n"));
        if bad.contains(&k) {
            r.write(&format!("BAD_{k}"), "x\n");
        }
        r.commit(&format!("lib: add f{k}"));
        r.checkout("main");
    }
    r
}

fn add_all(r: &GitRepo, n: usize) {
    let names: Vec<String> = (1..=n).map(|k| format!("b{k}")).collect();
    git_nodus(r.path()).args(["queue", "add"]).args(&names).run_ok();
}

fn main_tree_has(r: &GitRepo, path: &str) -> bool {
    let main = r.repo().revparse_single("refs/heads/main").unwrap().peel_to_commit().unwrap();
    main.tree().unwrap().get_path(Path::new(path)).is_ok()
}

fn state(r: &GitRepo) -> serde_json::Value {
    let out = git_nodus(r.path()).args(["queue", "list", "--json"]).run_ok();
    serde_json::from_str(&out.stdout).unwrap()
}

fn history(r: &GitRepo, what: &str) -> Vec<String> {
    state(r)["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["what"] == what)
        .map(|o| o["entry"]["source"]["name"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn queue_sixteen_branches_one_bad_lands_fifteen_within_the_bisection_bound() {
    let r = project(16, &[11]);
    let s = Scratch::new();
    add_all(&r, 16);
    let before = r.rev("main");
    let branches: Vec<git2::Oid> = (1..=16).map(|k| r.rev(&format!("b{k}"))).collect();
    let out = git_nodus(r.path()).args(["queue", "run", "--batch", "16", "--test", &s.script("")]).run_code(11);
    assert!(out.stdout.contains("ejected [11] b11: fails the tests"), "{out}");
    for k in 1..=16 {
        assert_eq!(main_tree_has(&r, &format!("f{k}")), k != 11, "f{k}\n{out}");
    }
    assert!(!main_tree_has(&r, "BAD_11"));
    // 1 + 2·log2(16) = 9.
    assert!(s.runs() <= 9, "{} test runs\n{out}", s.runs());
    assert!(s.runs() >= 5, "{} test runs: bisecting 16 takes at least 5\n{out}", s.runs());
    assert_eq!(history(&r, "ejected"), ["b11"]);
    assert_eq!(history(&r, "landed").len(), 15);
    // The ejected commits stay reachable; main only moved forward, to
    // tested trees; the queue's staging and entry refs are gone.
    assert_eq!(r.rev("refs/nodus/queue/ejected/11"), r.rev("b11"));
    assert!(r.repo().graph_descendant_of(r.rev("main"), before).unwrap());
    let tree = r.repo().find_commit(r.rev("main")).unwrap().tree_id().to_string();
    assert!(s.passed_trees().contains(&tree));
    assert!(r.repo().find_reference("refs/nodus/queue/staging").is_err());
    assert!(r.repo().find_reference("refs/nodus/queue/1").is_err());
    // The user's branches and work tree are untouched (HEAD is on main,
    // which moved with its work tree: clean).
    let after: Vec<git2::Oid> = (1..=16).map(|k| r.rev(&format!("b{k}"))).collect();
    assert_eq!(after, branches);
    let statuses = r.repo().statuses(None).unwrap();
    assert!(statuses.iter().all(|e| e.status().is_wt_new()), "the work tree differs from main");
    assert_eq!(r.read("f16"), "16\n");
    let again = git_nodus(r.path()).args(["queue", "run", "--test", "true"]).run_code(10);
    assert!(again.stdout.contains("Landed 0"), "{again}");
}

#[test]
fn queue_two_bad_branches_are_both_ejected() {
    let r = project(16, &[3, 12]);
    let s = Scratch::new();
    add_all(&r, 16);
    let out = git_nodus(r.path()).args(["queue", "run", "--batch", "16", "--test", &s.script("")]).run_code(11);
    for k in 1..=16 {
        assert_eq!(main_tree_has(&r, &format!("f{k}")), k != 3 && k != 12, "f{k}\n{out}");
    }
    let mut ejected = history(&r, "ejected");
    ejected.sort();
    assert_eq!(ejected, ["b12", "b3"]);
    // Two culprits: at most 1 + 2·(2·log2(16)) runs, in practice fewer.
    assert!(s.runs() <= 17, "{} runs\n{out}", s.runs());
}

#[test]
fn queue_ejects_a_branch_that_conflicts_with_an_earlier_one() {
    let mut r = project(3, &[]);
    // b4 changes f1's line as b1 does, differently.
    r.branch("b4");
    r.checkout("b4");
    r.write("f1", "other\n");
    r.commit("lib: another f1");
    r.checkout("main");
    let s = Scratch::new();
    git_nodus(r.path()).args(["queue", "add", "b1", "b4", "b2", "b3"]).run_ok();
    let out = git_nodus(r.path()).args(["queue", "run", "--batch", "4", "--test", &s.script("")]).run_code(11);
    assert!(
        out.stdout.contains("ejected [2] b4: \"lib: another f1\" conflicts with `main` with [1] b1 in f1"),
        "{out}"
    );
    for k in 1..=3 {
        assert!(main_tree_has(&r, &format!("f{k}")), "{out}");
    }
    assert_eq!(r.show("main", "f1"), "1\n");
    assert_eq!(s.runs(), 1, "the conflict is found before testing\n{out}");
}

#[test]
fn queue_ejects_a_branch_force_pushed_while_queued() {
    let mut r = project(3, &[]);
    let s = Scratch::new();
    add_all(&r, 3);
    // b2 is rewritten after it was queued.
    r.checkout("b2");
    r.write("f2", "changed\n");
    r.commit("lib: change f2");
    r.checkout("main");
    let out = git_nodus(r.path()).args(["queue", "run", "--test", &s.script("")]).run_code(11);
    assert!(out.stdout.contains("ejected [2] b2: `refs/heads/b2` moved since it was queued"), "{out}");
    assert!(main_tree_has(&r, "f1") && main_tree_has(&r, "f3") && !main_tree_has(&r, "f2"), "{out}");

    // And one moved while its batch was being tested: the rest is tested
    // again without it.
    let r = project(3, &[]);
    let s = Scratch::new();
    add_all(&r, 3);
    let move_b3 =
        format!("if [ \"$NODUS_QUEUE_TEST_RUN\" = 1 ]; then git -C '{}' branch -f b3 b1; fi", r.path().display());
    let out = git_nodus(r.path()).args(["queue", "run", "--test", &s.script(&move_b3)]).run_code(11);
    assert!(out.stdout.contains("ejected [3] b3: `refs/heads/b3` moved since it was queued"), "{out}");
    assert_eq!(s.runs(), 2, "{out}");
    assert!(main_tree_has(&r, "f1") && main_tree_has(&r, "f2") && !main_tree_has(&r, "f3"), "{out}");
    let tree = r.repo().find_commit(r.rev("main")).unwrap().tree_id().to_string();
    assert!(s.passed_trees().contains(&tree));
}

/// A facts file: pull requests `numbers` (refs/pull/N/head), approved by
/// bob and carol; CI of those in `failing` failed.
fn facts(r: &GitRepo, numbers: &[u64], failing: &[u64]) -> String {
    let mut out = String::from("pulls:\n");
    for n in numbers {
        let head = r.rev(&format!("refs/pull/{n}/head"));
        let conclusion = if failing.contains(n) { "failure" } else { "success" };
        out.push_str(&format!(
            "  - number: {n}\n    title: 'lib: f{n}'\n    url: https://github.com/demo/demo/pull/{n}\n    \
             author: alice\n    created_at: 2024-01-01T00:00:00Z\n    body: \"Fixes: #{n}\"\n    commits:\n      \
             - {{ sha: {head}, date: 2024-01-01T00:00:00Z, message: 'x' }}\n    reviews:\n      \
             - {{ user: bob, state: approved, submitted_at: 2024-01-02T00:00:00Z, commit: {head} }}\n      \
             - {{ user: carol, state: approved, submitted_at: 2024-01-02T01:00:00Z, commit: {head} }}\n    \
             checks:\n      - {{ name: test, status: completed, conclusion: {conclusion} }}\n"
        ));
    }
    out
}

#[test]
fn queue_lands_pull_requests_with_metadata_and_ejects_one_the_rules_block_mid_queue() {
    let mut r = GitRepo::new();
    r.write("governance.yaml", GOV);
    r.write("README", "demo\n");
    r.commit("doc: start\n\nPR-URL: https://github.com/demo/demo/pull/1\n");
    r.remote("origin", "https://github.com/demo/demo.git");
    let alice = Sig::new("Alice Liddell", "alice@example.com");
    for n in [11u64, 12, 13] {
        r.branch(&format!("pr-{n}"));
        r.checkout(&format!("pr-{n}"));
        r.write(&format!("f{n}"), "x\n");
        let head = r.commit_as(&alice, &format!("lib: add f{n}"));
        r.repo().reference(&format!("refs/pull/{n}/head"), head, true, "test").unwrap();
        r.checkout("main");
    }
    let s = Scratch::new();
    let facts_path = s.path("facts.yaml");
    std::fs::write(&facts_path, facts(&r, &[11, 12, 13], &[])).unwrap();
    std::fs::write(s.path("blocked.yaml"), facts(&r, &[11, 12, 13], &[12])).unwrap();
    git_nodus(r.path()).args(["queue", "add", "11", "12", "13"]).run_ok();
    // While the first batch is tested, #12's CI turns red.
    let turn = format!(
        "if [ \"$NODUS_QUEUE_TEST_RUN\" = 1 ]; then cp '{}' '{}'; fi",
        s.path("blocked.yaml").display(),
        facts_path.display()
    );
    let out = git_nodus(r.path())
        .args(["queue", "run", "--facts", &facts_path.display().to_string(), "--now", "2024-02-01"])
        .args(["--test", &s.script(&turn)])
        .run_code(11);
    assert!(out.stdout.contains("ejected [2] #12: the landing rules block #12"), "{out}");
    assert!(main_tree_has(&r, "f11") && main_tree_has(&r, "f13") && !main_tree_has(&r, "f12"), "{out}");
    assert_eq!(s.runs(), 2, "{out}");
    let msg = r.message("main~1");
    assert_eq!(
        msg,
        "lib: add f11\n\nPR-URL: https://github.com/demo/demo/pull/11\n\
         Fixes: https://github.com/demo/demo/issues/11\n\
         Reviewed-By: Bob Builder <bob@example.com>\nReviewed-By: Carol Danvers <carol@example.com>\n"
    );
}

#[test]
fn queue_add_list_remove_pause_resume_and_bad_input() {
    let r = project(3, &[]);
    let out = git_nodus(r.path()).args(["queue", "add", "b1", "b2", "--priority", "0"]).run_ok();
    assert!(out.stdout.contains("Queued [1] b1"), "{out}");
    git_nodus(r.path()).args(["queue", "add", "b3", "--priority", "5"]).run_ok();
    let out = git_nodus(r.path()).args(["queue", "add", "b1"]).run_code(1);
    assert!(out.stderr.contains("b1 is already queued as entry 1"), "{out}");
    let out = git_nodus(r.path()).args(["queue", "add", "nope"]).run_code(1);
    assert!(out.stderr.contains("`nope` is neither a pull request"), "{out}");
    let out = git_nodus(r.path()).args(["queue", "add", "77"]).run_code(1);
    assert!(out.stderr.contains("refs/pull/77/head` is not in this repository"), "{out}");
    let out = git_nodus(r.path()).args(["queue", "list"]).run_ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[1].contains("b3") && lines[2].contains("b1") && lines[3].contains("b2"), "{out}");
    assert_eq!(r.rev("refs/nodus/queue/3"), r.rev("b3"));
    git_nodus(r.path()).args(["queue", "remove", "b2"]).run_ok();
    assert!(r.repo().find_reference("refs/nodus/queue/2").is_err());
    let out = git_nodus(r.path()).args(["queue", "remove", "b2"]).run_code(1);
    assert!(out.stderr.contains("`b2` is not in the queue"), "{out}");
    git_nodus(r.path()).args(["queue", "pause"]).run_ok();
    let out = git_nodus(r.path()).args(["queue", "run", "--test", "true", "--once"]).run_code(10);
    assert!(out.stdout.contains("paused"), "{out}");
    git_nodus(r.path()).args(["queue", "resume"]).run_ok();
    let out = git_nodus(r.path()).args(["queue", "run", "--test", "true", "--batch", "1", "--once"]).run_ok();
    assert!(out.stdout.contains("landed [3] b3"), "{out}");
    assert!(!main_tree_has(&r, "f1"), "--once does one batch of one\n{out}");
    let out = git_nodus(r.path()).args(["queue", "run", "--test", "true", "--batch", "0"]).run_code(2);
    assert!(out.stderr.contains("--batch"), "{out}");
    let out = git_nodus(r.path()).args(["queue", "run", "--test", "exit 3", "--timeout", "1"]).run_code(12);
    assert!(out.stdout.contains("ejected [1] b1: fails the tests: `exit 3` exited with 3"), "{out}");
}

#[test]
fn queue_test_timeout_kills_the_process_group() {
    let r = project(1, &[]);
    let s = Scratch::new();
    add_all(&r, 1);
    let pidfile = s.path("pid");
    // The command starts a grandchild that would outlive a plain kill.
    let cmd = format!("sh -c 'echo $$ > {}; sleep 60' & wait", pidfile.display());
    let begun = Instant::now();
    let out = git_nodus(r.path()).args(["queue", "run", "--timeout", "1", "--test", &cmd]).run_code(12);
    assert!(begun.elapsed() < Duration::from_secs(20), "{out}");
    assert!(out.stdout.contains("timed out after 1s"), "{out}");
    let pid = std::fs::read_to_string(&pidfile).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    // Gone, or a zombie waiting for a reaper (it is dead: state Z).
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).unwrap_or_default();
    let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()).unwrap_or("gone");
    assert!(matches!(state, "gone" | "Z" | "X"), "the grandchild {pid} survived: {stat}");
}

/// The crash trials: `queue run` on 6 branches (b4 bad) killed with
/// SIGKILL at every hit of its failpoints (a test started, the
/// fast-forward about to begin, an ejection, each state write) and of the
/// transaction's (journal written, ref renamed: the fast-forward among
/// them), up to a sample of each, and after random delays; then run again
/// until it finishes. Every value main ever had is a tested tree (or the
/// start), every good branch lands, the bad one is ejected and kept, no
/// journal or test work tree is left, `git fsck` is clean.
///
/// Knobs: `NODUS_CRASH_SEED`, `NODUS_QUEUE_CRASH_RANDOM` (random kills,
/// default 8). The count goes to `$CARGO_TARGET_TMPDIR/queue-crash-trials.txt`.
#[cfg(unix)]
#[test]
fn queue_survives_sigkill_at_any_point() {
    crash_trials(&["--batch", "6"], 8, "queue-crash-trials.txt");
}

/// The same with speculative stacks: three batches of two tested at once.
#[cfg(unix)]
#[test]
fn queue_parallel_survives_sigkill_at_any_point() {
    crash_trials(&["--batch", "2", "--parallel", "3"], 6, "queue-parallel-crash-trials.txt");
}

#[cfg(unix)]
fn crash_trials(settings: &[&str], default_randoms: usize, report_file: &str) {
    let seed = std::env::var("NODUS_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    let mut rng = seed | 1;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let randoms: usize =
        std::env::var("NODUS_QUEUE_CRASH_RANDOM").ok().and_then(|s| s.parse().ok()).unwrap_or(default_randoms);
    let command = |r: &GitRepo, script: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_git-nodus"));
        cmd.args(["queue", "run"])
            .args(settings)
            .args(["--test", script])
            .current_dir(r.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_COMMITTER_NAME", "Lander")
            .env("GIT_COMMITTER_EMAIL", "lander@example.com")
            .env_remove("NODUS_FAILPOINT")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    };
    // A clean run, logging the failpoints it passes.
    let points: Vec<(String, usize)> = {
        let r = project(6, &[4]);
        let s = Scratch::new();
        add_all(&r, 6);
        let log = s.path("points");
        let status = command(&r, &s.script("")).env("NODUS_FAILPOINT_LOG", &log).status().unwrap();
        assert_eq!(status.code(), Some(11));
        let text = std::fs::read_to_string(&log).unwrap();
        let mut counts: Vec<(String, usize)> = Vec::new();
        for name in text.lines().filter_map(|l| l.split_whitespace().next()) {
            match counts.iter_mut().find(|(n, _)| n == name) {
                Some(c) => c.1 += 1,
                None => counts.push((name.to_owned(), 1)),
            }
        }
        let mut points = Vec::new();
        for (name, count) in counts {
            if !["queue-test-started", "queue-ff", "queue-eject", "queue-saved", "journal-written", "ref-rename"]
                .contains(&name.as_str())
            {
                continue;
            }
            // At most 6 hits of each, spread over the run.
            let step = count.div_ceil(6);
            points.extend((1..=count).step_by(step).map(|n| (name.clone(), n)));
        }
        points
    };
    assert!(points.iter().any(|(n, _)| n == "queue-ff") && points.iter().any(|(n, _)| n == "queue-eject"));
    let mut trials = 0;
    let mut killed_count = 0;
    for trial in 0..points.len() + randoms {
        let r = project(6, &[4]);
        let s = Scratch::new();
        add_all(&r, 6);
        let start = r.rev("main");
        let script = s.script("sleep 0.05");
        let mut cmd = command(&r, &script);
        let killed = if trial < points.len() {
            let (name, n) = &points[trial];
            cmd.env("NODUS_FAILPOINT", format!("{name}:{n}"));
            let status = cmd.status().unwrap();
            let killed = std::os::unix::process::ExitStatusExt::signal(&status) == Some(9);
            assert!(killed, "failpoint {name}:{n} was not reached: {status:?}");
            killed
        } else {
            let delay = Duration::from_millis(next() % 1500);
            let mut child = cmd.spawn().unwrap();
            std::thread::sleep(delay);
            let alive = child.try_wait().unwrap().is_none();
            let _ = child.kill();
            let _ = child.wait();
            alive
        };
        killed_count += usize::from(killed);
        // Run again until the queue is done.
        let mut rounds = 0;
        loop {
            rounds += 1;
            assert!(rounds < 6, "trial {trial} (seed {seed}) does not finish");
            let out = git_nodus(r.path()).args(["queue", "run"]).args(settings).args(["--test", &script]).run();
            assert!(!out.stdout.contains("panicked"), "{out}");
            assert!(matches!(out.code, Some(0 | 10 | 11 | 12)), "trial {trial} (seed {seed}, killed {killed}): {out}");
            if state(&r)["entries"].as_array().unwrap().is_empty() && state(&r)["run"].is_null() {
                break;
            }
        }
        trials += 1;
        let ctx = format!("trial {trial} (seed {seed}, point {:?})", points.get(trial));
        for k in 1..=6 {
            assert_eq!(main_tree_has(&r, &format!("f{k}")), k != 4, "{ctx}: f{k}");
        }
        assert_eq!(r.rev("refs/nodus/queue/ejected/4"), r.rev("b4"), "{ctx}");
        // Every value main had since the start (its reflog) is the start
        // or a tree that passed the tests.
        let passed = s.passed_trees();
        let reflog = r.repo().reflog("refs/heads/main").unwrap();
        for e in reflog.iter() {
            let id = e.id_new();
            if id == start {
                continue;
            }
            let tree = r.repo().find_commit(id).unwrap().tree_id().to_string();
            assert!(passed.contains(&tree), "{ctx}: main was at untested {id}");
        }
        assert!(r.repo().graph_descendant_of(r.rev("main"), start).unwrap(), "{ctx}");
        assert!(!r.path().join(".git/nodus/journal").exists(), "{ctx}");
        let left: Vec<_> = std::fs::read_dir(r.path().join(".git/nodus/queue"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("test-worktree"))
            .map(|e| e.path())
            .collect();
        assert!(left.is_empty(), "{ctx}: {left:?}");
        let fsck = Command::new("git").args(["fsck", "--no-progress"]).current_dir(r.path()).output().unwrap();
        assert!(fsck.status.success(), "{ctx}: {}", String::from_utf8_lossy(&fsck.stderr));
    }
    let report = format!("queue crash trials {settings:?}: {trials}, {killed_count} killed mid-run (seed {seed})\n");
    print!("{report}");
    let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join(report_file), &report);
}

#[test]
fn queue_add_and_remove_while_a_run_works() {
    let r = project(5, &[]);
    let s = Scratch::new();
    git_nodus(r.path()).args(["queue", "add", "b1", "b2", "b3", "b4"]).run_ok();
    // While b1 is tested: queue b5, take b3 out.
    let meanwhile = format!(
        "if [ \"$NODUS_QUEUE_TEST_RUN\" = 1 ]; then cd '{}' && '{}' queue add b5 >/dev/null && '{}' queue remove b3 >/dev/null; fi",
        r.path().display(),
        env!("CARGO_BIN_EXE_git-nodus"),
        env!("CARGO_BIN_EXE_git-nodus")
    );
    let out = git_nodus(r.path()).args(["queue", "run", "--batch", "1", "--test", &s.script(&meanwhile)]).run_ok();
    for k in [1, 2, 4, 5] {
        assert!(main_tree_has(&r, &format!("f{k}")), "f{k}\n{out}");
    }
    assert!(!main_tree_has(&r, "f3"), "{out}");
    assert_eq!(s.runs(), 4, "{out}");
    assert_eq!(history(&r, "removed"), ["b3"]);
    assert!(r.repo().find_reference("refs/nodus/queue/3").is_err());
}

#[test]
fn queue_parallel_tests_speculative_stacks_at_once() {
    let r = project(12, &[7]);
    let s = Scratch::new();
    add_all(&r, 12);
    // Each run notes how many runs are active beside it.
    let active = s.path("active");
    std::fs::create_dir(&active).unwrap();
    let watch = format!(
        "touch '{0}'/run.$NODUS_QUEUE_TEST_RUN; sleep 0.4; ls '{0}' | wc -l >> '{1}'; rm -f '{0}'/run.$NODUS_QUEUE_TEST_RUN",
        active.display(),
        s.path("concurrency").display()
    );
    let out = git_nodus(r.path())
        .args(["queue", "run", "--batch", "2", "--parallel", "3", "--test", &s.script(&watch)])
        .run_code(11);
    assert!(out.stdout.contains("3 speculative stacks of 2+2+2 entries"), "{out}");
    for k in 1..=12 {
        assert_eq!(main_tree_has(&r, &format!("f{k}")), k != 7, "f{k}\n{out}");
    }
    assert_eq!(history(&r, "ejected"), ["b7"]);
    let most = std::fs::read_to_string(s.path("concurrency"))
        .unwrap()
        .lines()
        .map(|l| l.trim().parse::<usize>().unwrap())
        .max()
        .unwrap();
    assert!(most >= 2, "the stacks ran one at a time\n{out}");
    // Main only moved to trees that passed.
    let passed = s.passed_trees();
    for e in r.repo().reflog("refs/heads/main").unwrap().iter() {
        let tree = r.repo().find_commit(e.id_new()).unwrap().tree_id().to_string();
        assert!(passed.contains(&tree) || e.id_old().is_zero(), "untested {}\n{out}", e.id_new());
    }
}

#[test]
fn queue_leaves_a_pull_request_the_rules_make_wait_in_line() {
    let mut r = GitRepo::new();
    r.write("governance.yaml", GOV);
    r.write("README", "demo\n");
    r.commit("doc: start\n\nPR-URL: https://github.com/demo/demo/pull/1\n");
    r.remote("origin", "https://github.com/demo/demo.git");
    r.branch("pr-21");
    r.checkout("pr-21");
    r.write("f21", "x\n");
    let head = r.commit_as(&Sig::new("Alice Liddell", "alice@example.com"), "lib: add f21");
    r.repo().reference("refs/pull/21/head", head, true, "test").unwrap();
    r.checkout("main");
    let s = Scratch::new();
    let facts_path = s.path("facts.yaml");
    std::fs::write(&facts_path, facts(&r, &[21], &[])).unwrap();
    git_nodus(r.path()).args(["queue", "add", "21"]).run_ok();
    let facts_arg = facts_path.display().to_string();
    // Opened 2024-01-01: half a day later the rules still wait.
    let out = git_nodus(r.path())
        .args(["queue", "run", "--facts", &facts_arg, "--now", "2024-01-01T12:00:00Z", "--test", &s.script("")])
        .run_code(10);
    assert!(out.stdout.contains("[1] #21 waits: the landing rules wait until"), "{out}");
    assert_eq!(s.runs(), 0, "{out}");
    assert_eq!(state(&r)["entries"].as_array().unwrap().len(), 1);
    let out = git_nodus(r.path())
        .args(["queue", "run", "--facts", &facts_arg, "--now", "2024-02-01", "--test", &s.script("")])
        .run_ok();
    assert!(out.stdout.contains("landed [1] #21"), "{out}");
    assert!(main_tree_has(&r, "f21"));
}
