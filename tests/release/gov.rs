//! `git nodus gov`: the commands end to end, on real repositories in temp
//! dirs, with facts files and with the GitHub stand-in as a real process.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use nodus_test_support::{Cmd, GitRepo, fixtures_dir};

/// The members and subsystems the GitHub fixtures in `tests/fixtures/governance/github` assume.
const GOV: &str = include_str!("../fixtures/governance/governance.yaml");

/// A pull request by alice opened 2024-01-01, approved by bob and carol, CI green.
const FACTS: &str = "\
pulls:
  - number: 7
    title: 'fs: make rm recursive'
    author: alice
    created_at: 2024-01-01T00:00:00Z
    commits:
      - { sha: 2222222222222222222222222222222222222222, date: 2024-01-01T00:00:00Z, message: 'fs: make rm recursive' }
    reviews:
      - { user: bob, state: approved, submitted_at: 2024-01-01T01:00:00Z }
      - { user: carol, state: approved, submitted_at: 2024-01-01T02:00:00Z }
    checks:
      - { name: test, status: completed, conclusion: success }
    files: [lib/fs.js]
  - number: 8
    title: 'fs: something else'
    author: alice
    created_at: 2024-01-01T00:00:00Z
    commits:
      - { sha: 3333333333333333333333333333333333333333, date: 2024-01-01T00:00:00Z, message: 'fs: something else' }
    checks:
      - { name: test, status: completed, conclusion: failure }
";

fn git_nodus(dir: &Path) -> Cmd {
    // Keep the developer's token and git config out of the tests.
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus"))
        .arg("gov")
        .current_dir(dir)
        .env_remove("GITHUB_TOKEN")
        .env_remove("NODUS_GITHUB_URL")
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
}

fn project() -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write("governance.yaml", GOV).write("facts.yaml", FACTS);
    repo.commit("governance: adopt rules");
    repo
}

#[test]
fn check_exit_codes_around_the_48_hour_threshold() {
    let repo = project();
    let out = git_nodus(repo.path())
        .args(["check", "7", "--facts", "facts.yaml", "--now", "2024-01-02T23:59:00Z"])
        .run_code(20);
    assert!(out.stdout.contains("wait     wait-time"), "{out}");
    assert!(out.stdout.trim_end().ends_with("waiting: may land in 1m (at 2024-01-03 00:00 UTC)"), "{out}");
    let out = git_nodus(repo.path()).args(["check", "7", "--facts", "facts.yaml", "--now", "2024-01-03"]).run_ok();
    assert!(out.stdout.trim_end().ends_with("ready to land"), "{out}");
    assert!(out.stdout.contains("owners who should review: @nodejs/fs"), "{out}");
    let out = git_nodus(repo.path()).args(["check", "8", "--facts", "facts.yaml", "--now", "2024-02-01"]).run_code(40);
    assert!(out.stdout.contains("FAIL     ci"), "{out}");
    assert!(out.stdout.trim_end().ends_with("blocked by approvals, ci"), "{out}");
}

#[test]
fn check_json_is_the_typed_report() {
    let repo = project();
    let out = git_nodus(repo.path())
        .args([
            "check",
            "https://github.com/nodejs/node/pull/7",
            "--facts",
            "facts.yaml",
            "--now",
            "2024-01-02T23:59:00Z",
            "--json",
        ])
        .run_code(20);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(json["number"], 7);
    assert_eq!(json["verdict"], "waiting");
    assert_eq!(json["seconds_left"], 60);
    assert_eq!(json["now"], "2024-01-02T23:59:00Z");
}

#[test]
fn bad_input_names_the_file_and_line() {
    let mut repo = project();
    repo.write("governance.yaml", "members:\n  - handle: alice\n    name: Alice\n    rolls: [tsc]\n");
    repo.commit("break it");
    let out = git_nodus(repo.path()).args(["members"]).run_code(1);
    assert!(out.stderr.contains("governance.yaml:4:"), "{out}");
    assert!(out.stderr.contains("unknown field `rolls`"), "{out}");

    let repo = project();
    let out = git_nodus(repo.path()).args(["check", "9", "--facts", "facts.yaml"]).run_code(1);
    assert!(out.stderr.contains("facts.yaml: no pull request #9 (the file has #7, #8)"), "{out}");
    let out = git_nodus(repo.path()).args(["check", "seven", "--facts", "facts.yaml"]).run_code(1);
    assert!(out.stderr.contains("`seven` is not a pull request"), "{out}");
    let out = git_nodus(repo.path()).args(["check", "7", "--now", "yesterday"]).run_code(2);
    assert!(out.stderr.contains("`yesterday` is not a time"), "{out}");

    let empty = tempfile::tempdir().unwrap();
    let out = git_nodus(empty.path()).args(["members"]).run_code(1);
    assert!(out.stderr.contains("no governance file at"), "{out}");
}

/// The stand-in served by `git nodus gov serve-fixture`, as a real process
/// that is killed when the test ends (even when it fails).
struct Served {
    child: Child,
    url: String,
}

impl Served {
    fn start(extra: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_git-nodus"))
            .args(["gov", "serve-fixture"])
            .arg(fixtures_dir().join("governance/github"))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve-fixture");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line).expect("read URL");
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "serve-fixture printed {url:?}");
        Served { child, url }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn dry_run_against_the_stand_in_with_a_token_that_is_never_shown() {
    let secret = "ghp_e2eSecretToken123";
    let server = Served::start(&["--require-token", secret]);
    let repo = project();
    let args = ["check", "101", "--repo", "nodejs/node", "--github-url", &server.url, "--now", "2024-01-01T12:00:00Z"];

    // Token from GITHUB_TOKEN. The whole report, as the user sees it.
    let out = git_nodus(repo.path()).args(args).env("GITHUB_TOKEN", secret).run_ok();
    let expected = std::fs::read_to_string(fixtures_dir().join("governance/expected/check-101.txt")).unwrap();
    assert_eq!(out.stdout, expected, "{out}");
    assert!(!out.stdout.contains(secret) && !out.stderr.contains(secret), "{out}");

    // Token from git config.
    repo.repo().config().unwrap().set_str("nodus.githubToken", secret).unwrap();
    let out = git_nodus(repo.path()).args(args).run_ok();
    assert!(out.stdout.trim_end().ends_with("ready to land"), "{out}");

    // A wrong token: GitHub's 401, without the token in the message.
    let out = git_nodus(repo.path()).args(args).env("GITHUB_TOKEN", "ghp_wrong").run_code(1);
    assert!(out.stderr.contains("GitHub answered 401"), "{out}");
    assert!(!out.stderr.contains("ghp_wrong"), "{out}");
}

#[test]
fn a_token_echoed_back_by_the_server_is_never_printed() {
    let secret = "ghp_echoedBackSecret42";
    let server = Served::start(&["--require-token", secret]);
    let mut repo = project();
    let out = git_nodus(repo.path())
        .args(["check", "109", "--repo", "nodejs/node", "--github-url", &server.url])
        .env("GITHUB_TOKEN", secret)
        .run_code(1);
    assert!(out.stderr.contains("GitHub answered 500"), "{out}");
    assert!(out.stderr.contains("authorization: Bearer ***"), "{out}");
    assert!(!out.stderr.contains(secret) && !out.stdout.contains(secret), "{out}");

    // The same through the changelog's `--labels github`, token from git config.
    repo.repo().config().unwrap().set_str("nodus.githubToken", secret).unwrap();
    repo.write("a.txt", "a\n");
    repo.commit("fs: change\n\nPR-URL: https://github.com/nodejs/node/pull/109\n");
    let out = Cmd::new(env!("CARGO_BIN_EXE_git-nodus"))
        .current_dir(repo.path())
        .env_remove("GITHUB_TOKEN")
        .env("HOME", repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["changelog", "HEAD", "--repo-url", "https://github.com/nodejs/node", "--labels", "github"])
        .args(["--github-url", &server.url])
        .run_code(1);
    assert!(out.stderr.contains("GitHub answered 500"), "{out}");
    assert!(!out.stderr.contains(secret) && !out.stdout.contains(secret), "{out}");
}

#[test]
fn rate_limit_is_a_clear_error() {
    let server = Served::start(&[]);
    let repo = project();
    let out =
        git_nodus(repo.path()).args(["check", "102", "--repo", "nodejs/node", "--github-url", &server.url]).run_code(1);
    assert!(out.stderr.contains("error: cannot check pull request #102 on GitHub nodejs/node"), "{out}");
    assert!(
        out.stderr.contains(
            "GitHub rate limit reached on GET /repos/nodejs/node/pulls/102 (resets at 2024-01-01 01:00:00 UTC)"
        ),
        "{out}"
    );
}

#[test]
fn facts_from_github_replay_offline() {
    let server = Served::start(&[]);
    let repo = project();
    let out = git_nodus(repo.path()).args(["facts", "nodejs/node#101", "--github-url", &server.url]).run_ok();
    assert!(out.stdout.contains("number: 101"), "{out}");
    repo.write("pr101.yaml", &out.stdout);
    let offline = git_nodus(repo.path())
        .args(["check", "101", "--facts", "pr101.yaml", "--now", "2024-01-01T12:00:00Z"])
        .run_ok();
    let online = git_nodus(repo.path())
        .args(["check", "101", "--repo", "nodejs/node", "--github-url", &server.url, "--now", "2024-01-01T12:00:00Z"])
        .run_ok();
    assert_eq!(offline.stdout, online.stdout);
    assert!(online.stdout.contains("fast-tracked: no 48h wait (open 12h)"), "{online}");
}

#[test]
fn vote_tally_exit_codes() {
    let mut repo = project();
    repo.write(
        "vote.yaml",
        "title: Adopt the schedule\nopened: 2024-01-01T00:00:00Z\nclose: 2024-01-08T00:00:00Z\nballots:\n  - { voter: carol, vote: yes }\n",
    );
    repo.commit("vote");
    let out = git_nodus(repo.path()).args(["vote", "tally", "vote.yaml"]).run_code(1);
    assert!(out.stderr.contains("vote.yaml:3:") && out.stderr.contains("unknown field `close`"), "{out}");

    repo.write(
        "vote.yaml",
        "title: Adopt the schedule\nopened: 2024-01-01T00:00:00Z\ncloses: 2024-01-08T00:00:00Z\nballots:\n  - { voter: carol, vote: yes }\n  - { voter: dave, vote: yes }\n  - { voter: erin, vote: abstain }\n",
    );
    let out = git_nodus(repo.path()).args(["vote", "tally", "vote.yaml", "--now", "2024-01-02"]).run_code(20);
    assert!(out.stdout.contains("open: open until 2024-01-08 00:00 UTC; so far passing"), "{out}");
    let out = git_nodus(repo.path()).args(["vote", "tally", "vote.yaml", "--now", "2024-01-09"]).run_ok();
    assert!(out.stdout.contains("passed: 2 yes is more than 1/2 of 2 (3 voters less 1 abstaining)"), "{out}");

    repo.write("vote.yaml", "title: x\nopened: 2024-01-01T00:00:00Z\nballots:\n  - { voter: carol, vote: yes }\n  - { voter: dave, vote: no }\n");
    let out = git_nodus(repo.path()).args(["vote", "tally", "vote.yaml", "--json"]).run_code(40);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["result"], "failed");
    assert_eq!(json["not_voted"], serde_json::json!(["erin"]));
}

#[test]
fn members_readme_and_owners() {
    let mut repo = project();
    let out = git_nodus(repo.path()).args(["members", "--role", "tsc", "--format", "markdown"]).run_ok();
    assert_eq!(
        out.stdout,
        "* [carol](https://github.com/carol) - **Carol** (she/her)\n\
         * [dave](https://github.com/dave) - **Dave**\n\
         * [erin](https://github.com/erin) - **Erin**\n"
    );
    let out = git_nodus(repo.path()).args(["members", "--format", "json"]).run_ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 5);
    git_nodus(repo.path()).args(["members", "--role", "boss"]).run_code(1);

    repo.write(
        "README.md",
        "# P\n\n### Collaborators\n\n<!-- gov:members role=collaborator -->\n<!-- gov:end -->\n\nEnd.\n",
    );
    repo.commit("readme");
    let out = git_nodus(repo.path()).args(["readme", "--check"]).run_code(1);
    assert!(out.stderr.contains("README.md: member lists are out of date"), "{out}");
    assert_eq!(repo.read("README.md").lines().count(), 8, "--check changes nothing");
    let out = git_nodus(repo.path()).args(["readme"]).run_ok();
    assert!(out.stdout.contains("README.md: updated (collaborator)"), "{out}");
    assert!(
        repo.read("README.md")
            .contains("* [alice](https://github.com/alice) - **Alice Liddell** <<alice@example.com>>\n* [bob]")
    );
    git_nodus(repo.path()).args(["readme", "--check"]).run_ok();

    let out =
        git_nodus(repo.path()).args(["owners", "lib/internal/fs/utils.js", "doc/api/fs.md", "src/node.cc"]).run_ok();
    assert_eq!(
        out.stdout,
        "lib/internal/fs/utils.js: @nodejs/fs, carol (fs)\n\
         doc/api/fs.md: dave (doc)\n\
         src/node.cc: no owners\n\
         all owners: @nodejs/fs, carol, dave\n\
         @nodejs/fs: bob\n"
    );
}
