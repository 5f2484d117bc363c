//! `git nodus line create` and `git nodus line list`.

use nodus_test_support::{Cmd, GitRepo};

fn git_nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(repo.path())
}

fn project() -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write(
        "release.yaml",
        "schedule:\n  v20:\n    start: 2023-04-18\n    lts: 2023-10-24\n    end: 2026-04-30\n    codename: Iron\n  v21:\n    start: 2023-10-17\n    end: 2024-06-01\n    branch: release/21\n    staging: staging/21\n",
    );
    repo.commit("2023-04-18, Version 20.0.0 (Current)");
    repo.tag("v20.0.0");
    repo
}

#[test]
fn create_makes_both_branches_at_the_revision() {
    let mut repo = project();
    let tagged = repo.head();
    repo.write("x", "x");
    repo.commit("later");
    let out = git_nodus(&repo).args(["line", "create", "20", "--from", "v20.0.0"]).run_ok();
    assert_eq!(out.stdout, format!("Created v20.x and v20.x-staging at {} (v20.0.0)\n", &tagged.to_string()[..10]));
    assert_eq!(repo.rev("v20.x"), tagged);
    assert_eq!(repo.rev("v20.x-staging"), tagged);
    // Per-line branch names from release.yaml.
    git_nodus(&repo).args(["line", "create", "v21", "--from", "HEAD"]).run_ok();
    assert_eq!(repo.rev("release/21"), repo.head());
    assert_eq!(repo.rev("staging/21"), repo.head());
}

#[test]
fn create_refuses_existing_branches_and_bad_revisions_whole() {
    let repo = project();
    repo.branch("v20.x-staging");
    let before = repo.snapshot();
    let out = git_nodus(&repo).args(["line", "create", "20", "--from", "HEAD"]).run_code(1);
    assert_eq!(out.stderr, "error: branch `v20.x-staging` already exists\n");
    assert_eq!(repo.snapshot(), before, "v20.x was not created either");
    let out = git_nodus(&repo).args(["line", "create", "22", "--from", "no-such-rev"]).run_code(1);
    assert_eq!(out.stderr, "error: revision `no-such-rev` not found\n");
    let out = git_nodus(&repo).args(["line", "create", "twenty", "--from", "HEAD"]).run_code(2);
    assert!(out.stderr.contains("`twenty` is not a release line"), "{out}");
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn list_shows_heads_last_tag_unreleased_commits_and_phase() {
    let mut repo = project();
    git_nodus(&repo).args(["line", "create", "20", "--from", "v20.0.0"]).run_ok();
    repo.checkout("v20.x-staging");
    repo.write("a", "a");
    repo.commit("http: fix a");
    repo.write("b", "b");
    repo.commit("Working on v20.0.1");
    repo.write("c", "c");
    repo.commit("fs: fix c");
    // A line with branches but no schedule entry.
    repo.branch("v19.x");
    let out = git_nodus(&repo).args(["line", "list", "--date", "2023-11-01"]).run_ok();
    let staging = &repo.head().to_string()[..10];
    let tagged = &repo.rev("v20.0.0").to_string()[..10];
    assert_eq!(
        out.stdout_lines(),
        [
            "LINE  PHASE        RELEASE               STAGING                   LAST TAG  UNRELEASED".to_owned(),
            format!("v19   unscheduled  v19.x {staging}      v19.x-staging (missing)   -         2"),
            format!("v20   Active LTS   v20.x {tagged}      v20.x-staging {staging}  v20.0.0   2"),
            "v21   Current      release/21 (missing)  staging/21 (missing)      -         -".to_owned(),
        ],
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &git_nodus(&repo).args(["line", "list", "--json", "--date", "2023-11-01"]).run_ok().stdout,
    )
    .unwrap();
    let v20 = &json["lines"][1];
    assert_eq!(v20["line"], "v20");
    assert_eq!(v20["phase"], "active_lts");
    assert_eq!(v20["codename"], "Iron");
    assert_eq!(v20["last_tag"], "v20.0.0");
    assert_eq!(v20["unreleased"], 2, "the Working on commit does not count");
    assert_eq!(v20["staging"]["head"], repo.head().to_string());
    let v21 = &json["lines"][2];
    assert_eq!(v21["phase"], "current");
    assert!(v21["release"]["head"].is_null());
}

#[test]
fn create_refuses_a_dirty_tree_and_an_operation_in_progress() {
    let repo = project();
    let before = repo.snapshot();
    repo.write("release.yaml", "schedule: {}\n");
    let out = git_nodus(&repo).args(["line", "create", "20", "--from", "HEAD"]).run_code(1);
    assert!(out.stderr.contains("uncommitted changes (release.yaml)"), "{out}");
    assert_eq!(repo.snapshot().refs, before.refs);
    repo.repo().checkout_head(Some(git2::build::CheckoutBuilder::new().force())).unwrap();
    let before = repo.snapshot();
    std::fs::create_dir(repo.repo().path().join("rebase-merge")).unwrap();
    let out = git_nodus(&repo).args(["line", "create", "20", "--from", "HEAD"]).run_code(1);
    assert!(out.stderr.contains("a rebase is in progress"), "{out}");
    assert_eq!(repo.snapshot(), before);
}
