//! `git nodus backport list`: the real binary on real repositories.

use nodus_test_support::{Cmd, GitRepo, Sig};

fn git_nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(repo.path())
}

/// The shas of the commits on `main` that belong in the listings.
struct Shas {
    picked: git2::Oid,
    only_main: git2::Oid,
    release: git2::Oid,
    labelled: git2::Oid,
    same_patch: git2::Oid,
}

/// `main` and `v20.x-staging` from a common root. On main: a commit
/// cherry-picked with `-x`, one picked with the same summary and PR-URL,
/// one whose patch landed under another message, one only on main, a
/// release commit and a commit labelled `dont-land-on-v20.x`.
fn project() -> (GitRepo, Shas) {
    let mut r = GitRepo::new();
    r.write(
        "release.yaml",
        "schedule:\n  v20:\n    start: 2023-04-18\n    lts: 2023-10-24\n    end: 2026-04-30\n    codename: Iron\n",
    );
    r.commit("2023-04-18, Version 20.0.0 (Current)");
    r.branch("v20.x-staging");
    let jane = Sig::new("Jane Doe", "jane@example.com");
    r.write("a.txt", "a\n");
    let picked = r.commit_as(&jane, "fs: fix a\n\nPR-URL: https://github.com/nodejs/node/pull/1\n");
    r.write("b.txt", "b\n");
    r.commit_as(&jane, "http: fix b\n\nPR-URL: https://github.com/nodejs/node/pull/2\n");
    r.write("c.txt", "c\n");
    let same_patch = r.commit_as(&jane, "url: fix c\n\nPR-URL: https://github.com/nodejs/node/pull/3\n");
    r.write("d.txt", "d\n");
    let only_main = r.commit_as(&jane, "doc: only on main\n\nPR-URL: https://github.com/nodejs/node/pull/4\n");
    r.write("VERSION", "21.0.0\n");
    let release = r.commit("2024-01-01, Version 21.0.0 (Current), @releaser");
    r.write("e.txt", "e\n");
    let labelled = r.commit_as(&jane, "test: not for v20\n\nPR-URL: https://github.com/nodejs/node/pull/5\n");

    r.checkout("v20.x-staging");
    // Picked with -x, conflicts resolved differently.
    r.write("a.txt", "a (v20)\n");
    r.commit_as(&jane, &format!("fs: fix a for v20\n\n(cherry picked from commit {picked})\n"));
    // Same summary and PR-URL, another patch.
    r.write("b.txt", "b (v20)\n");
    r.commit_as(
        &Sig::new("Backporter", "bp@example.com"),
        "http: fix b\n\nPR-URL: https://github.com/nodejs/node/pull/2\n",
    );
    // Same patch, rewritten message.
    r.write("c.txt", "c\n");
    r.commit_as(&Sig::new("Backporter", "bp@example.com"), "url: fix c, backported by hand\n");
    r.checkout("main");
    r.write("labels.yaml", "pulls:\n  5: [dont-land-on-v20.x]\n");
    (r, Shas { picked, only_main, release, labelled, same_patch })
}

fn short(oid: git2::Oid) -> String {
    oid.to_string()[..10].to_owned()
}

#[test]
fn backport_list_leaves_out_what_the_target_has() {
    let (r, s) = project();
    // A line: its staging branch, Node's default labels (none known here).
    let out = git_nodus(&r).args(["backport", "list", "--to", "20"]).run_ok();
    assert_eq!(
        out.stdout_lines(),
        [
            format!("{} doc: only on main (Jane Doe)", short(s.only_main)),
            format!("{} 2024-01-01, Version 21.0.0 (Current), @releaser (Test Author)", short(s.release)),
            format!("{} test: not for v20 (Jane Doe)", short(s.labelled)),
        ]
    );
    assert_eq!(out.stderr, "");
    // The same by branch name; release commits filtered; labels from a file.
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "v20.x-staging", "--filter-release", "--format", "sha"])
        .run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n", s.only_main, s.labelled));
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "20", "--filter-release", "--labels", "labels.yaml", "--format", "sha"])
        .run_ok();
    assert_eq!(out.stdout, format!("{}\n", s.only_main));
    // A branch gets no default labels: only the ones asked for.
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "v20.x-staging", "--filter-release", "--labels", "labels.yaml"])
        .args(["--exclude-label", "x,dont-land-on-v20.x", "--format", "sha"])
        .run_ok();
    assert_eq!(out.stdout, format!("{}\n", s.only_main));
    // As branch-diff: a commit needs one of the required labels, not all.
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "v20.x-staging", "--labels", "labels.yaml"])
        .args(["--require-label", "dont-land-on-v20.x,no-such-label", "--format", "sha"])
        .run_ok();
    assert_eq!(out.stdout, format!("{}\n", s.labelled));
    assert!(!out.stdout.contains(&s.picked.to_string()), "{out}");
}

#[test]
fn backport_list_formats_and_order() {
    let (r, s) = project();
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--reverse", "--format", "sha"]).run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n{}\n", s.labelled, s.release, s.only_main));
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "20", "--filter-release", "--labels", "labels.yaml", "--format", "json"])
        .run_ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{
            "sha": s.only_main.to_string(),
            "summary": "doc: only on main",
            "author": "Jane Doe",
            "pr_url": "https://github.com/nodejs/node/pull/4",
            "labels": [],
        }])
    );
    let out =
        git_nodus(&r).args(["backport", "list", "--to", "20", "--filter-release", "--format", "markdown"]).run_ok();
    assert_eq!(out.stdout_lines().len(), 2, "{out}");
    assert!(out.stdout_lines()[0].contains(&short(s.only_main)), "{out}");
    assert!(out.stdout_lines()[0].contains("**doc**: only on main (Jane Doe)"), "{out}");
    // --patch-only, as branch-diff's: what a patch release may take, so
    // no semver-minor or semver-major commit; it needs labels.
    std::fs::write(r.path().join("minor.yaml"), "pulls:\n  4: [semver-minor]\n  5: [semver-major]\n").unwrap();
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "v20.x-staging", "--patch-only", "--labels", "minor.yaml"])
        .args(["--format", "sha"])
        .run_ok();
    assert_eq!(out.stdout, format!("{}\n", s.release));
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--patch-only"]).run_code(1);
    assert_eq!(out.stderr, "error: --patch-only needs labels: pass --labels FILE|github\n");
}

/// branch-diff's summary rule: the same summary, then the same PR-URL when
/// both commits have one and the same author otherwise; a title's `(#N)`
/// is the pull request, not part of the summary.
#[test]
fn backport_list_matches_summaries_as_branch_diff() {
    let mut r = GitRepo::new();
    r.commit("base");
    r.branch("v1.x");
    let jane = Sig::new("Jane Doe", "jane@example.com");
    let bob = Sig::new("Bob", "bob@example.com");
    let pr = |n: u32| format!("PR-URL: https://github.com/o/r/pull/{n}\n");
    r.write("a", "1\n");
    r.commit_as(&jane, "fs: squashed (#21)");
    r.write("b", "1\n");
    r.commit_as(&jane, "fs: without a pull request\n");
    r.write("c", "1\n");
    let other_author = r.commit_as(&jane, &format!("fs: picked by another\n\n{}", pr(22)));
    r.write("d", "1\n");
    r.commit_as(&jane, "fs: trailing slash\n\nPR-URL: https://github.com/o/r/pull/23/\n");
    r.write("e", "1\n");
    let other_pr = r.commit_as(&jane, &format!("fs: same summary\n\n{}", pr(24)));
    r.checkout("v1.x");
    // Each backport changes its file differently: no patch-id matches.
    r.write("a", "2\n");
    r.commit_as(&jane, "fs: squashed\n");
    r.write("b", "2\n");
    r.commit_as(&jane, &format!("fs: without a pull request\n\n{}", pr(20)));
    r.write("c", "2\n");
    r.commit_as(&bob, "fs: picked by another\n");
    r.write("d", "2\n");
    r.commit_as(&bob, &format!("fs: trailing slash\n\n{}", pr(23)));
    r.write("e", "2\n");
    r.commit_as(&jane, &format!("fs: same summary\n\n{}", pr(25)));
    r.checkout("main");
    let out = git_nodus(&r).args(["backport", "list", "--to", "v1.x", "--format", "sha"]).run_ok();
    assert_eq!(out.stdout, format!("{other_author}\n{other_pr}\n"));
}

#[test]
fn backport_list_caches_patch_ids_and_ignores_corrupt_lines() {
    let (r, s) = project();
    let cache = r.repo().path().join("nodus/patch-ids");
    git_nodus(&r).args(["backport", "list", "--to", "20"]).run_ok();
    let text = std::fs::read_to_string(&cache).unwrap();
    assert!(text.lines().all(|l| l.len() == 81 && l.as_bytes()[40] == b' '), "{text}");
    assert!(text.contains(&format!("{} ", s.same_patch)), "{text}");
    std::fs::write(&cache, format!("garbage\n{} zz\n{text}", s.only_main)).unwrap();
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--format", "sha"]).run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n{}\n", s.only_main, s.release, s.labelled));
    let rewritten = std::fs::read_to_string(&cache).unwrap();
    assert!(!rewritten.contains("garbage") && !rewritten.contains(" zz"), "{rewritten}");
    assert_eq!(rewritten, text);
    // Well-formed but wrong lines (only_main given the changed paths and
    // the patch-id of a commit the target has) do not drop a commit:
    // matches are checked, and the patch-id line is corrected.
    let paths_cache = r.repo().path().join("nodus/changed-paths");
    let paths_text = std::fs::read_to_string(&paths_cache).unwrap();
    assert!(paths_text.lines().all(|l| l.len() == 81 && l.as_bytes()[40] == b' '), "{paths_text}");
    // The patch-id of only_main was never needed (no target commit changes
    // its paths), so the cache has none.
    assert!(!text.contains(&s.only_main.to_string()), "{text}");
    let wrong = |text: &str| -> (String, String) {
        let value_of =
            |sha: git2::Oid| text.lines().find(|l| l.starts_with(&sha.to_string())).unwrap()[41..].to_owned();
        let line = format!("{} {}\n", s.only_main, value_of(s.same_patch));
        let kept: String =
            text.lines().filter(|l| !l.starts_with(&s.only_main.to_string())).map(|l| format!("{l}\n")).collect();
        (line.clone(), kept + &line)
    };
    let (wrong_patch, patch_ids) = wrong(&text);
    std::fs::write(&cache, patch_ids).unwrap();
    std::fs::write(&paths_cache, wrong(&paths_text).1).unwrap();
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--format", "sha"]).run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n{}\n", s.only_main, s.release, s.labelled));
    let corrected = std::fs::read_to_string(&cache).unwrap();
    assert!(!corrected.contains(&wrong_patch), "{corrected}");
    assert!(corrected.contains(&format!("{} ", s.only_main)), "{corrected}");
    assert!(text.lines().all(|l| corrected.contains(l)), "{corrected}");
}

#[test]
fn backport_list_min_age_leaves_out_recent_commits() {
    let (mut r, s) = project();
    r.write("g.txt", "g\n");
    r.commit("fs: older part of a fresh PR\n\nPR-URL: https://github.com/nodejs/node/pull/7\n");
    r.write("f.txt", "f\n");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let jane = Sig::new("Jane Doe", "jane@example.com");
    r.commit_at(&jane, now, "fs: too fresh\n\nPR-URL: https://github.com/nodejs/node/pull/7\n");
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--format", "sha", "--min-age", "14d"]).run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n{}\n", s.only_main, s.release, s.labelled));
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--min-age", "14 days"]).run_code(2);
    assert!(out.stderr.contains("14 days"), "{out}");
}

#[test]
fn backport_list_errors_name_their_input() {
    let (r, _) = project();
    let out = git_nodus(&r).args(["backport", "list", "--to", "19"]).run_code(1);
    assert_eq!(out.stderr, "error: --to 19: release line v19 is not in release.yaml\n");
    let out = git_nodus(&r).args(["backport", "list", "--to", "v19.x-staging"]).run_code(1);
    assert_eq!(out.stderr, "error: branch `v19.x-staging` not found\n");
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--from", "nope"]).run_code(1);
    assert_eq!(out.stderr, "error: branch `nope` not found\n");
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--exclude-label", "x"]).run_code(1);
    assert!(out.stderr.starts_with("error: --exclude-label needs labels"), "{out}");
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--labels", "missing.yaml"]).run_code(1);
    assert!(out.stderr.contains("missing.yaml"), "{out}");
    git_nodus(&r).args(["backport", "list"]).run_code(2);
}

#[test]
fn backport_list_keeps_a_pull_request_together() {
    let (mut r, s) = project();
    let pr = "PR-URL: https://github.com/nodejs/node/pull/8\n";
    r.write("h.txt", "1\n");
    let one = r.commit(&format!("fs: part one\n\n{pr}"));
    r.write("i.txt", "1\n");
    let other = r.commit("os: in between\n");
    r.write("h.txt", "2\n");
    let two = r.commit(&format!("fs: part two\n\n{pr}"));
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--filter-release", "--format", "sha"]).run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n{one}\n{two}\n{other}\n", s.only_main, s.labelled));
}

#[test]
fn backport_list_labels_from_github() {
    let mut r = GitRepo::new();
    r.remote("origin", "https://github.com/demo/demo.git");
    r.write("a", "0");
    r.commit("2024-01-01, Version 1.0.0 (Current), @releaser");
    r.branch("release-1.x");
    r.write("a", "1");
    let deps = r.commit("deps: update zlib\n\nPR-URL: https://github.com/demo/demo/pull/11\n");
    r.write("a", "2");
    let fs = r.commit("fs: fix a crash in readdir\n\nPR-URL: https://github.com/demo/demo/pull/12\n");
    let github = governance::StandIn::start(&nodus_test_support::fixtures_dir().join("release/github"), 0, None)
        .expect("stand-in");
    let list = |flag: &str, label: &str| {
        git_nodus(&r)
            .args(["backport", "list", "--to", "release-1.x", "--labels", "github", "--github-url", &github.url()])
            .args([flag, label, "--format", "json"])
            .run_ok()
    };
    let out = list("--exclude-label", "semver-minor");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["sha"], deps.to_string(), "{out}");
    assert_eq!(v[0]["labels"], serde_json::json!(["deps", "notable-change"]), "{out}");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{out}");
    let out = list("--require-label", "fs,semver-minor");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["sha"], fs.to_string(), "{out}");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{out}");
}

#[test]
fn backport_list_group_orders_by_subsystem() {
    let (r, s) = project();
    let out = git_nodus(&r)
        .args(["backport", "list", "--to", "20", "--filter-release", "--group", "--format", "sha"])
        .run_ok();
    assert_eq!(out.stdout, format!("{}\n{}\n", s.only_main, s.labelled));
    let out = git_nodus(&r).args(["backport", "list", "--to", "20", "--group", "--format", "sha"]).run_ok();
    // The release commit has no subsystem: first, as in the changelog.
    assert_eq!(out.stdout, format!("{}\n{}\n{}\n", s.release, s.only_main, s.labelled));
}
