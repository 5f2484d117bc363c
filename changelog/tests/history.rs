//! Reading ranges from real repositories.

use changelog::{Error, Range, ReadOptions, read_commits};
use nodus_test_support::{GitRepo, Sig};

fn titles(commits: &[changelog::Commit]) -> Vec<&str> {
    commits.iter().map(|c| c.title.as_str()).collect()
}

fn repo_with_tags() -> GitRepo {
    let mut r = GitRepo::new();
    r.write("a", "1");
    r.commit("build: initial layout");
    r.write("a", "2");
    r.commit("2024-01-01, Version 1.0.0 (Current), @releaser");
    r.tag("v1.0.0");
    r.write("a", "3");
    r.commit("http: fix keep-alive\n\nPR-URL: https://github.com/nodejs/node/pull/10");
    r.write("a", "4");
    r.commit("fs: add cp\n\nPR-URL: https://github.com/nodejs/node/pull/11");
    r.write("a", "5");
    r.commit("2024-01-02, Version 1.1.0 (Current), @releaser");
    r.tag("v1.1.0");
    r.write("a", "6");
    r.commit("doc: fix typo");
    r.write("a", "7");
    r.commit("Working on v1.1.1");
    r
}

#[test]
fn default_range_is_last_tag_to_head() {
    let r = repo_with_tags();
    let (range, commits) = read_commits(r.repo(), &Range::default(), &ReadOptions::default()).unwrap();
    assert_eq!(range.to_string(), "v1.1.0..HEAD");
    assert_eq!(titles(&commits), ["doc: fix typo"]);
}

#[test]
fn explicit_range_skips_release_commits() {
    let r = repo_with_tags();
    let (_, commits) =
        read_commits(r.repo(), &Range::parse("v1.0.0..v1.1.0").unwrap(), &ReadOptions::default()).unwrap();
    assert_eq!(titles(&commits), ["fs: add cp", "http: fix keep-alive"]);
    let keep = ReadOptions { skip_release_commits: false, ..ReadOptions::default() };
    let (_, commits) = read_commits(r.repo(), &Range::parse("v1.0.0..v1.1.0").unwrap(), &keep).unwrap();
    assert_eq!(
        titles(&commits),
        ["2024-01-02, Version 1.1.0 (Current), @releaser", "fs: add cp", "http: fix keep-alive"]
    );
}

#[test]
fn since_tag_and_whole_history() {
    let r = repo_with_tags();
    let (range, commits) = read_commits(r.repo(), &Range::SinceTag("v1.0.0".into()), &ReadOptions::default()).unwrap();
    assert_eq!(range.to_string(), "v1.0.0..HEAD");
    assert_eq!(titles(&commits), ["doc: fix typo", "fs: add cp", "http: fix keep-alive"]);
    let (range, commits) = read_commits(r.repo(), &Range::parse("v1.0.0").unwrap(), &ReadOptions::default()).unwrap();
    assert_eq!(range.to_string(), "v1.0.0");
    assert_eq!(titles(&commits), ["build: initial layout"]);
}

#[test]
fn no_tag_means_whole_history() {
    let mut r = GitRepo::new();
    for i in 0..5 {
        r.write("f", i.to_string());
        r.commit(&format!("lib: change {i}"));
    }
    let (range, commits) = read_commits(r.repo(), &Range::default(), &ReadOptions::default()).unwrap();
    assert_eq!(range.to_string(), "HEAD");
    assert_eq!(titles(&commits), ["lib: change 4", "lib: change 3", "lib: change 2", "lib: change 1", "lib: change 0"]);
}

#[test]
fn identity_facts_and_mailmap() {
    let mut r = GitRepo::new();
    r.write(".mailmap", "Jane Doe <jane@example.com> <old@example.com>\n");
    let old = Sig::new("jane", "old@example.com");
    let oid = r.commit_as(&old, "src: thing\n\nRefs: https://github.com/nodejs/node/issues/5\nBackport-PR-URL: https://github.com/nodejs/node/pull/7\nPR-URL: https://github.com/nodejs/node/pull/6\n");
    let (_, commits) = read_commits(r.repo(), &Range::default(), &ReadOptions::default()).unwrap();
    let c = &commits[0];
    assert_eq!(c.sha, oid.to_string());
    assert_eq!(c.author.name, "Jane Doe");
    assert_eq!(c.author.email, "jane@example.com");
    assert_eq!(c.author_time.to_rfc3339(), "2024-01-01T01:00:00+00:00");
    assert_eq!(c.refs, ["https://github.com/nodejs/node/issues/5"]);
    assert_eq!(c.backport_pr_urls, ["https://github.com/nodejs/node/pull/7"]);
    assert_eq!(c.pr_number(), Some(6));
}

#[test]
fn merges_are_kept_or_skipped_and_tags_on_merges_count() {
    let mut r = GitRepo::new();
    r.write("a", "1");
    r.commit("base");
    r.tag("v0.1.0");
    r.branch("topic");
    r.checkout("topic");
    r.write("t", "t");
    r.commit("topic: work");
    r.checkout("main");
    r.write("m", "m");
    r.commit("main: work");
    r.merge("topic", "Merge branch 'topic'");
    r.tag("v0.2.0");
    r.write("m", "n");
    r.commit("after: merge");
    let (range, commits) = read_commits(r.repo(), &Range::default(), &ReadOptions::default()).unwrap();
    assert_eq!(range.to_string(), "v0.2.0..HEAD");
    assert_eq!(titles(&commits), ["after: merge"]);
    let (_, commits) =
        read_commits(r.repo(), &Range::parse("v0.1.0..v0.2.0").unwrap(), &ReadOptions::default()).unwrap();
    assert_eq!(titles(&commits), ["Merge branch 'topic'", "main: work", "topic: work"]);
    assert!(commits[0].is_merge());
    let no_merges = ReadOptions { skip_merges: true, ..ReadOptions::default() };
    let (_, commits) = read_commits(r.repo(), &Range::parse("v0.1.0..v0.2.0").unwrap(), &no_merges).unwrap();
    assert_eq!(titles(&commits), ["main: work", "topic: work"]);
}

#[test]
fn errors_name_their_input() {
    let r = repo_with_tags();
    let err = read_commits(r.repo(), &Range::parse("v9.9.9..HEAD").unwrap(), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::UnknownRevision { .. }), "{err}");
    assert!(err.to_string().starts_with("unknown revision `v9.9.9`"), "{err}");
    let err = read_commits(r.repo(), &Range::SinceTag("v7".into()), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), "no tag named `v7` in this repository");
    let err = read_commits(r.repo(), &Range::parse("v1.1.0..v1.1.0").unwrap(), &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("empty range `v1.1.0..v1.1.0`"), "{err}");
    // Only a release commit after the tag: nothing to list, and it says why.
    let mut r2 = repo_with_tags();
    r2.write("z", "1");
    r2.commit("2024-01-03, Version 1.1.1 (Current), @releaser");
    let err = read_commits(r2.repo(), &Range::parse("HEAD~1..HEAD").unwrap(), &ReadOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "empty range `HEAD~1..HEAD`: its only commit is a release commit or a merge, left out (see --keep-release-commits, --no-merges)"
    );
    let err = Range::parse("a...b").unwrap_err();
    assert!(err.to_string().starts_with("invalid range `a...b`"), "{err}");
    let dir = tempfile_dir();
    let Err(err) = changelog::open_repository(dir.path()) else { panic!("opened a non-repository") };
    assert!(err.to_string().starts_with(&format!("cannot open repository `{}`", dir.path().display())), "{err}");
}

fn tempfile_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn non_utf8_message_is_an_error_naming_the_commit() {
    let mut r = GitRepo::new();
    r.write("a", "1");
    r.commit("ok: first");
    r.write("a", "2");
    let bad = r.commit_bytes(b"lib: caf\xe9 au lait\n");
    let err = read_commits(r.repo(), &Range::default(), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.to_string(), format!("commit {bad}: message is not valid UTF-8"));
}

#[test]
fn tag_pattern_picks_the_last_tag() {
    let mut r = repo_with_tags();
    r.write("a", "8");
    r.commit("lib: after");
    r.lightweight_tag("nightly-2024");
    r.write("a", "9");
    r.commit("lib: newest");
    let (range, _) = read_commits(r.repo(), &Range::default(), &ReadOptions::default()).unwrap();
    assert_eq!(range.to_string(), "nightly-2024..HEAD");
    let v_only = ReadOptions { tag_pattern: Some("v*".into()), ..ReadOptions::default() };
    let (range, commits) = read_commits(r.repo(), &Range::default(), &v_only).unwrap();
    assert_eq!(range.to_string(), "v1.1.0..HEAD");
    assert_eq!(titles(&commits), ["lib: newest", "lib: after", "doc: fix typo"]);
    let bad = ReadOptions { tag_pattern: Some("v[".into()), ..ReadOptions::default() };
    let err = read_commits(r.repo(), &Range::default(), &bad).unwrap_err();
    assert!(err.to_string().starts_with("invalid tag pattern `v[`"), "{err}");
}

#[test]
fn a_range_reaching_the_edge_of_a_shallow_clone_is_refused() {
    let r = repo_with_tags();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let out = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "3", &url])
        .arg(dir.path().join("clone"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The clone has `Working on v1.1.1`, `doc: fix typo` and the v1.1.0
    // release commit, whose parents it lacks.
    let clone = git2::Repository::open(dir.path().join("clone")).unwrap();
    assert!(clone.is_shallow());
    let options = ReadOptions::default();

    // Ranges inside the clone's history read as usual.
    let (range, commits) = read_commits(&clone, &Range::default(), &options).unwrap();
    assert_eq!(range.to_string(), "v1.1.0..HEAD");
    assert_eq!(titles(&commits), ["doc: fix typo"]);

    // A range over the edge is refused, naming the range and the commit.
    let edge = clone.revparse_single("HEAD~2").unwrap().id().to_string();
    let err = read_commits(&clone, &Range::parse("HEAD~1").unwrap(), &options).unwrap_err();
    assert!(matches!(&err, Error::IncompleteHistory { commit, .. } if *commit == edge), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("the range `HEAD~1` reaches commit {}", &edge[..10])), "{text}");
    assert!(text.contains("(it is a shallow clone)") && text.contains("git fetch --unshallow"), "{text}");

    // A start beyond the edge cannot even be named; the error says why.
    let err = read_commits(&clone, &Range::parse("v1.0.0..HEAD").unwrap(), &options).unwrap_err().to_string();
    assert!(err.contains("unknown revision `v1.0.0`") && err.contains("shallow clone"), "{err}");
}
