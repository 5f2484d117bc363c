//! Hostile input for every file `git nodus` reads — release.yaml,
//! schedule.json, governance.yaml, vote and facts files, label files (YAML
//! and JSON), handlebars templates — truncated, of the wrong type, nested
//! 50,000 levels deep, 10 MB large, binary, holding a NUL byte: each gives
//! one error naming the file (and the line, where there is one), exit 1,
//! no panic.
//!
//! Speed is not asserted (no wall-clock checks); the limits that make
//! these inputs fast are, through their errors. A run that does not end is
//! killed after a generous deadline and fails the test;
//! `bench/hostile-inputs.sh` prints the times.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nodus_test_support::GitRepo;

/// Far above what any of these runs needs (milliseconds); only there so a
/// regression to quadratic parsing fails instead of hanging the suite.
const DEADLINE: Duration = Duration::from_secs(120);

/// The child is killed when this is dropped: on success (it has exited
/// already), on a failed assertion and on timeout alike.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    shown: String,
}

/// Runs `git nodus ARGS` in `dir`, killing it after [`DEADLINE`].
fn git_nodus(dir: &Path, args: &[&str]) -> Run {
    let shown = format!("git nodus {}  (in {})", args.join(" "), dir.display());
    let child = Command::new(env!("CARGO_BIN_EXE_git-nodus"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_TOKEN")
        .env_remove("NODUS_CHANGELOG_LABELS")
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let mut running = Running(child);
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = reader(running.0.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let err = reader(running.0.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = running.0.try_wait().expect("wait for git-nodus") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            drop(running);
            panic!("{shown} did not finish within {DEADLINE:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        shown,
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.shown, self.code, self.stdout, self.stderr
        )
    }
}

/// A project with one commit (so the changelog has something to list) and
/// a governance file (for vote and facts files).
fn project() -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write("README.md", "demo\n");
    repo.write("governance.yaml", "members:\n  - { handle: tina, name: Tina, roles: [tsc-voting] }\n");
    repo.commit("fs: one change\n\nPR-URL: https://github.com/demo/demo/pull/1\n");
    repo
}

const DEEP: usize = 50_000;

fn deep(open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(DEEP), close.repeat(DEEP))
}

/// 10 MB of otherwise valid-looking text.
fn huge(head: &str, line: &str) -> Vec<u8> {
    let mut text = head.to_owned();
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(line);
    }
    text.into_bytes()
}

/// The start of a PNG file: not text (its first NUL byte is on line 3).
fn binary() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    bytes
}

/// Ten aliases of ten aliases… nine levels deep: a billion strings from
/// a few hundred bytes, then `tail`.
fn billion_laughs(tail: &str) -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    text + tail
}

/// One hostile input: the file's name and bytes, and what the error must
/// say besides the file name (`line`: the `FILE:LINE:` it must start with).
struct Case {
    what: &'static str,
    bytes: Vec<u8>,
    line: Option<usize>,
    says: &'static str,
}

fn case(what: &'static str, bytes: impl Into<Vec<u8>>, line: Option<usize>, says: &'static str) -> Case {
    Case { what, bytes: bytes.into(), line, says }
}

/// Writes each case to `file` in a fresh project and runs `args` (where
/// `FILE` stands for the file), expecting one error naming it.
fn each_fails_clearly(file: &str, args: &[&str], cases: Vec<Case>) {
    for case in cases {
        let repo = project();
        repo.write(file, &case.bytes);
        let args: Vec<&str> = args.iter().map(|a| if *a == "FILE" { file } else { a }).collect();
        let run = git_nodus(repo.path(), &args);
        let context = format!("{} {file}:\n{run}", case.what);
        assert_eq!(run.code, Some(1), "{context}");
        assert!(!run.stderr.contains("panicked"), "{context}");
        let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "one error expected: {context}");
        let error = errors[0];
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        match case.line {
            Some(line) => assert!(error.contains(&format!("{name}:{line}:")), "line {line} expected: {context}"),
            None => assert!(error.contains(name), "the file must be named: {context}"),
        }
        assert!(error.contains(case.says), "{:?} expected: {context}", case.says);
    }
}

#[test]
fn release_yaml() {
    each_fails_clearly(
        "release.yaml",
        &["lts", "status"],
        vec![
            case(
                "truncated",
                "schedule:\n  v20:\n    start: 2023-04-18\n    lts: 2023-10-24\n    codename: Ir",
                Some(5),
                "as if cut off",
            ),
            case("wrong type", "schedule: [1, 2]\n", Some(1), "schedule"),
            case("wrong type", "schedule:\n  v20:\n    start: 12\n", Some(3), "`12` is not a date: write YYYY-MM-DD"),
            case("deep", format!("project: x\ntag: {}\n", deep("[", "]")), Some(2), "nested more than 64 levels"),
            case(
                "deep",
                format!("project: x\nx:\n{}", (1..100).map(|i| format!("{}k:\n", " ".repeat(i))).collect::<String>()),
                Some(66),
                "nested more than 64 levels",
            ),
            case("huge", huge("project: x\n", "# a comment line in a huge file\n"), None, "over the limit of 1 MiB"),
            case("binary", binary(), Some(3), "binary file"),
            case("NUL", "project: x\ntag: v{version}\0\n", Some(2), "NUL byte"),
        ],
    );
}

#[test]
fn schedule_json() {
    each_fails_clearly(
        "schedule.json",
        &["lts", "import", "FILE"],
        vec![
            case("truncated", "{\"v20\": {\"start\": \"2023-", Some(1), "EOF"),
            case("wrong type", "[]\n", Some(1), "invalid type"),
            case("wrong type", "{\"v20\": {\"start\": 12}}\n", Some(1), "`12` is not a date"),
            case("deep", format!("{{\"v20\":\n{}}}\n", deep("[", "]")), Some(2), "nested more than 64 levels"),
            case("huge", huge("{\n", "  \"v1\": {\"start\": \"2023-04-18\"},\n"), None, "over the limit of 1 MiB"),
            case("binary", binary(), Some(3), "binary file"),
            case("NUL", "{\"v20\": {\"start\": \"2023-04-18\0\"}}\n", Some(1), "NUL byte"),
        ],
    );
}

#[test]
fn governance_yaml() {
    each_fails_clearly(
        "gov.yaml",
        &["gov", "members", "--config", "FILE"],
        vec![
            case("truncated", "members:\n  - { handle: alice, name: Al", Some(2), "as if cut off"),
            case("truncated", "members:\n  - handle: alice\n    name: Al", Some(3), "as if cut off"),
            case("wrong type", "members: 5\n", Some(1), "invalid type"),
            case("deep", format!("project: x\nroles: {}\n", deep("[", "]")), Some(2), "nested more than 64 levels"),
            case(
                "huge",
                huge("members:\n", "  - { handle: someone, name: Some One, roles: [collaborator] }\n"),
                None,
                "over the limit of 1 MiB",
            ),
            case("binary", binary(), Some(3), "binary file"),
            case("NUL", "project: x\0\n", Some(1), "NUL byte"),
        ],
    );
}

#[test]
fn vote_and_facts_files() {
    for args in [&["gov", "vote", "tally", "FILE"][..], &["gov", "check", "7", "--facts", "FILE"]] {
        each_fails_clearly(
            "input.yaml",
            args,
            vec![
                case("deep", format!("a:\n  b: {}\n", deep("{", "}")), Some(2), "nested more than 64 levels"),
                case("huge", huge("a:\n", "  - b\n"), None, "over the limit of 1 MiB"),
                case("truncated", "motion: x\nballots:\n  - voter: ti", Some(3), "as if cut off"),
                case("binary", binary(), Some(3), "binary file"),
                case("NUL", "a: \0\n", Some(1), "NUL byte"),
            ],
        );
    }
}

#[test]
fn label_files() {
    let args = ["changelog", "HEAD", "--repo-url", "https://github.com/demo/demo", "--labels", "FILE"];
    each_fails_clearly(
        "labels.yaml",
        &args,
        vec![
            case("truncated", "pulls:\n  1: [semver-", None, "line 2"),
            case("wrong type", "pulls: [1]\n", None, "`pulls` must be a mapping"),
            case("deep", format!("pulls:\n  1: {}\n", deep("[", "]")), Some(2), "nested more than 64 levels"),
            case("huge", huge("pulls:\n", "  1: [semver-minor, notable-change]\n"), None, "over the limit of 4 MiB"),
            case("binary", binary(), Some(3), "binary file"),
            case("NUL", "pulls:\n  1: [semver-minor\0]\n", Some(2), "NUL byte"),
            case("aliases", billion_laughs("pulls:\n  1: *a9\n"), None, "repetition limit exceeded"),
        ],
    );
    each_fails_clearly(
        "labels.json",
        &args,
        vec![
            case("truncated", "{\"1\": [\"semver-", None, "line 1"),
            case("wrong type", "[1, 2]\n", None, "expected a mapping"),
            case("deep", format!("{{\"1\": {}}}\n", deep("[", "]")), Some(1), "nested more than 64 levels"),
            case("huge", huge("{\n", "  \"1\": [\"semver-minor\"],\n"), None, "over the limit of 4 MiB"),
            case("binary", binary(), Some(3), "binary file"),
            case("NUL", "{\"1\": [\"semver-minor\0\"]}\n", Some(1), "NUL byte"),
        ],
    );
}

#[test]
fn templates() {
    each_fails_clearly(
        "notes.hbs",
        &["changelog", "HEAD", "--template", "FILE"],
        vec![
            case("truncated", "{{#each commits}}{{tit", None, "line 1"),
            case("wrong type", "{{#each commits}}{{title}}{{/if}}\n", None, "line 1"),
            case("deep", "{{#if commits}}\n".repeat(10_000), None, "line 65: blocks nested more than 64 levels"),
            case("huge", huge("", "{{#each commits}}{{title}}{{/each}}\n"), None, "over the limit of 1 MiB"),
            case("binary", binary(), Some(3), "binary file"),
            case("NUL", "{{#each commits}}\0{{/each}}\n", Some(1), "NUL byte"),
        ],
    );
}

const SHALLOW_POLICY: &str = "\
project: Demo
changelog:
  repo_url: https://github.com/demo/demo
version_files:
  - path: VERSION
    pattern: '{version}'
schedule:
  v20:
    start: 2023-04-18
    lts: 2023-10-24
    codename: Iron
";

/// v20.0.0, four fixes, v20.9.0 (the release branch v20.x), then three
/// fixes on v20.x-staging.
fn released_line() -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write("release.yaml", SHALLOW_POLICY).write("VERSION", "20.0.0\n");
    repo.commit("2023-04-18, Version 20.0.0 (Current)");
    repo.tag("v20.0.0");
    for i in 1..=4 {
        repo.write(&format!("fix{i}.txt"), "x\n");
        repo.commit(&format!("fs: fix {i}\n\nPR-URL: https://github.com/demo/demo/pull/{i}\n"));
    }
    repo.write("VERSION", "20.9.0\n");
    repo.commit("2023-09-01, Version 20.9.0 (Current)");
    repo.tag("v20.9.0");
    repo.branch("v20.x");
    for i in 5..=7 {
        repo.write(&format!("fix{i}.txt"), "x\n");
        repo.commit(&format!("fs: fix {i}\n\nPR-URL: https://github.com/demo/demo/pull/{i}\n"));
    }
    repo.branch("v20.x-staging");
    repo
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_shallow_clone_is_refused_where_depth_changes_the_answer() {
    let origin = released_line();
    let parent = tempfile::tempdir().unwrap();
    let clone = parent.path().join("clone");
    let url = format!("file://{}", origin.path().display());
    git(parent.path(), &["clone", "-q", "--depth", "2", "--no-single-branch", &url, "clone"]);
    git(&clone, &["config", "user.name", "Test"]);
    git(&clone, &["config", "user.email", "test@example.com"]);
    git(&clone, &["branch", "v20.x", "origin/v20.x"]);
    git(&clone, &["checkout", "-q", "v20.x-staging"]);

    // Two of the three commits since v20.9.0 are in the clone: refuse, and
    // say how to get the rest.
    let run = git_nodus(&clone, &["changelog", "v20.9.0..HEAD", "--format", "node-plain"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("the range `v20.9.0..HEAD` reaches commit"), "{run}");
    assert!(run.stderr.contains("(it is a shallow clone)"), "{run}");
    assert!(run.stderr.contains("git fetch --unshallow"), "{run}");
    assert!(run.stdout.is_empty(), "no partial changelog: {run}");

    // The last release is beyond the clone's depth: no v20.0.0 proposal.
    let run = git_nodus(&clone, &["release", "prepare", "--start-lts", "Iron", "--date", "2024-01-01"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("the search for the last release of v20"), "{run}");
    assert!(run.stderr.contains("shallow clone"), "{run}");
    let branches = git2::Repository::open(&clone).unwrap();
    assert!(branches.find_branch("v20.0.0-proposal", git2::BranchType::Local).is_err(), "{run}");
    assert!(branches.find_branch("v20.10.0-proposal", git2::BranchType::Local).is_err(), "{run}");

    // With the whole history, the same commands give the right answers.
    git(&clone, &["fetch", "-q", "--unshallow"]);
    let run = git_nodus(&clone, &["changelog", "v20.9.0..HEAD", "--format", "node-plain"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(run.stdout.lines().filter(|l| l.starts_with("* ")).count(), 3, "{run}");
    let run = git_nodus(&clone, &["release", "prepare", "--start-lts", "Iron", "--date", "2024-01-01", "--dry-run"]);
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stdout.starts_with("Release 20.10.0 "), "{run}");
}

#[test]
fn grafts_that_cut_history_are_refused() {
    let repo = released_line();
    let fix6 = repo.rev("v20.x-staging~1");
    repo.write(".git/info/grafts", format!("{fix6}\n"));
    let run = git_nodus(repo.path(), &["changelog", "v20.9.0..v20.x-staging", "--format", "node-plain"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("parents are replaced by .git/info/grafts"), "{run}");
}

#[test]
fn a_version_whose_next_version_overflows_is_refused_naming_the_flag() {
    let repo = released_line();
    repo.checkout("v20.x-staging");
    let run = git_nodus(repo.path(), &["release", "prepare", "--version", "20.9.18446744073709551615"]);
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("'--version <X.Y.Z>'"), "{run}");
    assert!(run.stderr.contains("a version number is too large"), "{run}");
    let branches = git2::Repository::open(repo.path()).unwrap();
    assert!(branches.find_branch("v20.9.18446744073709551615-proposal", git2::BranchType::Local).is_err());
}

#[test]
fn lts_check_without_release_yaml_fails_naming_the_file() {
    let repo = project();
    let run = git_nodus(repo.path(), &["lts", "check"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("release.yaml: no such file"), "{run}");
    assert!(!run.stdout.contains("ok"), "{run}");
}

#[test]
fn a_bare_repository_is_named_bare() {
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init_bare(dir.path()).unwrap();
    let run = git_nodus(dir.path(), &["release", "prepare"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("it is a bare repository (no work tree)"), "{run}");
    assert!(!run.stderr.contains("not found"), "{run}");
}

#[test]
fn a_file_origin_is_quoted_not_reported_missing() {
    let mut repo = released_line();
    repo.checkout("v20.x-staging");
    repo.write("release.yaml", SHALLOW_POLICY.replace("changelog:\n  repo_url: https://github.com/demo/demo\n", ""));
    repo.commit("build: no repo_url");
    let elsewhere = tempfile::tempdir().unwrap();
    git2::Repository::init(elsewhere.path()).unwrap();
    let origin = format!("file://{}", elsewhere.path().display());
    repo.remote("origin", &origin);
    let run = git_nodus(repo.path(), &["release", "prepare", "--start-lts", "Iron", "--dry-run"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains(&format!("the `origin` remote (`{origin}`) is not one")), "{run}");
    assert!(!run.stderr.contains("add an `origin` remote"), "{run}");
    let run = git_nodus(repo.path(), &["changelog", "v20.9.0..HEAD"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains(&format!("the `origin` remote (`{origin}`) is not a web address")), "{run}");
    assert!(!run.stderr.contains("add an `origin` remote"), "{run}");
}

#[test]
fn a_stale_lock_file_is_explained() {
    let repo = released_line();
    repo.checkout("v20.x-staging");
    repo.write(".git/HEAD.lock", "");
    let run = git_nodus(repo.path(), &["release", "prepare", "--start-lts", "Iron", "--date", "2024-01-01"]);
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("HEAD.lock"), "{run}");
    assert!(run.stderr.lines().all(|l| !l.trim_end().ends_with(':')), "a reason after every colon: {run}");
    assert!(run.stderr.contains("exists"), "{run}");
}
