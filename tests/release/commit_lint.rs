//! `git nodus commit-lint`: the real binary on real repositories.

use nodus_test_support::{Cmd, GitRepo};

fn git_nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(repo.path())
}

fn short(oid: git2::Oid) -> String {
    oid.to_string()[..10].to_owned()
}

const TRAILERS: &str = "PR-URL: https://github.com/nodejs/node/pull/1\nReviewed-By: Anna <anna@example.com>\n";

/// `main` with one commit, and a branch `topic` checked out on it.
fn project() -> GitRepo {
    let mut r = GitRepo::new();
    r.write("a", "0");
    r.commit("build: start");
    r.branch("topic");
    r.checkout("topic");
    r
}

fn commit(r: &mut GitRepo, message: &str) -> String {
    let n = r.read("a").len();
    r.write("a", "x".repeat(n + 1));
    short(r.commit(message))
}

#[test]
fn good_commits_pass_and_the_default_range_is_main_to_head() {
    let mut r = project();
    commit(&mut r, &format!("http: fix a leak\n\nThe socket was kept.\n\n{TRAILERS}"));
    commit(
        &mut r,
        "fs,net: add cp\n\nA long body line that has a URL: https://example.com/a/very/long/path/that/goes/on\n",
    );
    let out = git_nodus(&r).arg("commit-lint").run_ok();
    assert_eq!(out.stdout, "2 commits checked: 0 errors in 0 commits, 0 warnings\n", "{out}");
    // On main itself there is nothing to check.
    r.checkout("main");
    let out = git_nodus(&r).arg("commit-lint").run_ok();
    assert_eq!(out.stdout, "No commits in main..HEAD: nothing to check.\n", "{out}");
    let out = git_nodus(&r).args(["commit-lint", "--json"]).run_ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["commits"], serde_json::json!([]), "{out}");
    assert_eq!((json["errors"].as_u64(), json["range"].as_str()), (Some(0), Some("main..HEAD")));
}

#[test]
fn findings_name_commit_rule_and_line_and_errors_exit_1() {
    let mut r = project();
    let bad = commit(
        &mut r,
        &format!(
            "Http: Fix the thing\nno blank line\n\n{}\n\nPR-URL: 12\nReviewed-By: Anna\nFixes: #3\n",
            "y".repeat(73)
        ),
    );
    let warn = commit(&mut r, "http: a title that is longer than fifty columns, still fine");
    let out = git_nodus(&r).args(["commit-lint", "main..HEAD"]).run_code(1);
    assert_eq!(
        out.stdout_lines(),
        [
            format!("{bad} Http: Fix the thing"),
            format!("  {bad} error   title-format the summary must start in lowercase, not `Fix` (line 1)"),
            format!(
                "  {bad} error   subsystem unknown subsystem `Http` (add it to commit_lint.subsystems in release.yaml if it is one) (line 1)"
            ),
            format!("  {bad} error   line-after-title a blank line must follow the title (line 2)"),
            format!("  {bad} error   line-length the line is 73 columns; at most 72 (line 4)"),
            format!("  {bad} error   pr-url PR-URL must be a URL, not `12` (line 6)"),
            format!("  {bad} error   reviewers Reviewed-By must be `Name <email>`, not `Anna` (line 7)"),
            format!("  {bad} error   fixes-url Fixes must be a URL, not `#3` (line 8)"),
            format!("{warn} http: a title that is longer than fifty columns, still fine"),
            format!("  {warn} warning title-length the title is 59 columns; 50 or fewer reads best (line 1)"),
            "2 commits checked: 7 errors in 1 commit, 1 warning".to_owned(),
        ],
        "{out}"
    );
    // Warnings alone pass.
    let out = git_nodus(&r).args(["commit-lint", "HEAD~1..HEAD"]).run_ok();
    assert!(out.stdout.ends_with("1 commit checked: 0 errors in 0 commits, 1 warning\n"), "{out}");
}

#[test]
fn json_output() {
    let mut r = project();
    let sha = r.head();
    let bad = commit(&mut r, "nope");
    let out = git_nodus(&r).args(["commit-lint", "--json", &format!("{sha}..HEAD")]).run_code(1);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 0);
    let c = &json["commits"][0];
    assert!(c["sha"].as_str().unwrap().starts_with(&bad));
    assert_eq!(c["title"], "nope");
    assert_eq!(c["skipped"], serde_json::Value::Null);
    assert_eq!(c["findings"][0]["level"], "error");
    assert_eq!(c["findings"][0]["rule"], "title-format");
    assert_eq!(c["findings"][0]["line"], 1);
    assert!(c["findings"][0]["message"].as_str().unwrap().starts_with("the title must start with `subsystem: `"));
}

#[test]
fn merges_and_release_commits_are_skipped() {
    let mut r = project();
    r.checkout("main");
    r.branch("side");
    r.checkout("side");
    commit(&mut r, "http: on the side");
    r.checkout("topic");
    r.write("b", "b");
    r.commit("Working on v1.0.1");
    r.merge("side", "Merge branch 'side' into topic");
    let out = git_nodus(&r).args(["commit-lint", "--json"]).run_ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let skipped: Vec<&str> = json["commits"].as_array().unwrap().iter().filter_map(|c| c["skipped"].as_str()).collect();
    assert_eq!(skipped, ["release", "merge"], "{out}");
    let out = git_nodus(&r).arg("commit-lint").run_ok();
    assert_eq!(
        out.stdout,
        "1 commit checked (2 merge or release commits skipped): 0 errors in 0 commits, 0 warnings\n"
    );
}

#[test]
fn release_yaml_configures_subsystems_lengths_and_required_trailers() {
    let mut r = project();
    r.write(
        "release.yaml",
        "commit_lint:\n  subsystems: [runtime]\n  title_max: 30\n  title_warn: 20\n  require: [PR-URL]\n",
    );
    let c = commit(&mut r, "runtime: a title of over thirty columns\n\nPR-URL: https://example.com/pull/1\n");
    let out = git_nodus(&r).arg("commit-lint").run_code(1);
    assert_eq!(
        out.stdout_lines()[1],
        format!("  {c} error   title-length the title is 39 columns; at most 30 (line 1)")
    );
    commit(&mut r, "runtime: short\n\nNo trailer.\n");
    let out = git_nodus(&r).args(["commit-lint", "HEAD~1..HEAD"]).run_code(1);
    assert!(out.stdout.contains("error   metadata the `PR-URL:` trailer is missing (line 3)"), "{out}");
    // --require-metadata adds Reviewed-By.
    let out = git_nodus(&r).args(["commit-lint", "HEAD~2..HEAD~1", "--require-metadata"]).run_code(1);
    assert!(out.stdout.contains("the `Reviewed-By:` trailer is missing"), "{out}");
    assert!(!out.stdout.contains("`PR-URL:` trailer is missing"), "{out}");
}

#[test]
fn config_errors_name_release_yaml_and_line() {
    let mut r = project();
    commit(&mut r, "http: fine");
    r.write("release.yaml", "project: x\ncommit_lint:\n  subsystems: [Runtime]\n");
    let out = git_nodus(&r).arg("commit-lint").run_code(1);
    assert!(out.stderr.contains("release.yaml:3: commit_lint.subsystems: `Runtime` is not a subsystem name"), "{out}");
    r.write("release.yaml", "commit_lint:\n  title_max: 40\n  title_wran: 10\n");
    let out = git_nodus(&r).arg("commit-lint").run_code(1);
    assert!(out.stderr.contains("release.yaml:3: commit_lint: unknown field `title_wran`"), "{out}");
    // --config reads another file.
    r.write("ci.yaml", "commit_lint:\n  node_subsystems: false\n  subsystems: [runtime]\n");
    let out = git_nodus(&r).args(["commit-lint", "--config", "ci.yaml"]).run_code(1);
    assert!(out.stdout.contains("unknown subsystem `http`"), "{out}");
}

#[test]
fn bad_ranges_fail_and_no_main_branch_asks_for_one() {
    let mut r = project();
    commit(&mut r, "http: fine");
    let out = git_nodus(&r).args(["commit-lint", "nope..HEAD"]).run_code(1);
    assert!(out.stderr.contains("nope"), "{out}");
    r.write("release.yaml", "branches:\n  main: trunk\n");
    let out = git_nodus(&r).arg("commit-lint").run_code(1);
    assert!(out.stderr.contains("no branch `trunk` (branches.main) to start from: give a RANGE"), "{out}");
}
