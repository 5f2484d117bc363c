//! `git nodus land`, `git nodus backport apply` and `git nodus status`:
//! the real binary on real repositories, pull requests from a facts file
//! and from the GitHub stand-in as a real process.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use git2::Oid;
use nodus_test_support::{Cmd, GitRepo, Sig};

const GOV: &str = "\
members:
  - { handle: alice, name: Alice Liddell, email: alice@example.com, roles: [collaborator] }
  - { handle: bob, name: Bob Builder, email: bob@example.com, roles: [collaborator] }
  - { handle: carol, name: Carol Danvers, email: carol@example.com, roles: [collaborator] }
  - { handle: noemail, name: No Email, roles: [collaborator] }
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

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").args(args).current_dir(dir).env("GIT_CONFIG_NOSYSTEM", "1").output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `main` with governance.yaml and lib/fs.js; an origin remote on GitHub.
fn project() -> GitRepo {
    let mut r = GitRepo::new();
    r.write("governance.yaml", GOV);
    r.write("lib/fs.js", "one\ntwo\nthree\n");
    r.commit("build: start\n\nPR-URL: https://github.com/demo/demo/pull/1\n");
    r.remote("origin", "https://github.com/demo/demo.git");
    r
}

/// Commits on a branch `pr-N` from main; `refs/pull/N/head` points at the
/// last. Returns their shas; HEAD back on main.
fn pull_branch(r: &mut GitRepo, number: u64, commits: &[(&str, &str, &str)]) -> Vec<Oid> {
    r.branch(&format!("pr-{number}"));
    r.checkout(&format!("pr-{number}"));
    let alice = Sig::new("Alice Liddell", "alice@example.com");
    let mut out = Vec::new();
    for (path, content, message) in commits {
        r.write(path, content);
        out.push(r.commit_as(&alice, message));
    }
    r.repo().reference(&format!("refs/pull/{number}/head"), *out.last().unwrap(), true, "test").unwrap();
    r.checkout("main");
    out
}

/// A facts file with pull request `number` of `shas` by alice, opened
/// 2024-01-01, approved by `approvers` (on the head), CI green.
fn facts(number: u64, shas: &[Oid], approvers: &[&str], body: &str) -> String {
    let commits: String =
        shas.iter().map(|s| format!("      - {{ sha: {s}, date: 2024-01-01T00:00:00Z, message: 'x' }}\n")).collect();
    let head = shas.last().unwrap();
    let reviews: String = approvers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!("      - {{ user: {a}, state: approved, submitted_at: 2024-01-02T0{i}:00:00Z, commit: {head} }}\n")
        })
        .collect();
    let reviews = if reviews.is_empty() { " []\n".to_owned() } else { format!("\n{reviews}") };
    format!(
        "pulls:\n  - number: {number}\n    title: 'fs: things'\n    url: https://github.com/demo/demo/pull/{number}\n    \
         author: alice\n    created_at: 2024-01-01T00:00:00Z\n    body: {body:?}\n    commits:\n{commits}    \
         reviews:{reviews}    checks:\n      - {{ name: test, status: completed, conclusion: success }}\n"
    )
}

/// Writes `text` to a facts file outside the repository.
fn facts_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facts.yaml");
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

fn land(r: &GitRepo, facts: &str, extra: &[&str]) -> Cmd {
    git_nodus(r.path()).args(["land", "--yes", "--facts", facts, "--now", "2024-02-01"]).args(extra)
}

fn log(r: &GitRepo, range: &str) -> Vec<Oid> {
    let mut walk = r.repo().revwalk().unwrap();
    walk.push_range(range).unwrap();
    let mut v: Vec<Oid> = walk.map(|o| o.unwrap()).collect();
    v.reverse();
    v
}

#[test]
fn rebase_lands_each_commit_with_nodes_trailers_byte_for_byte() {
    let mut r = project();
    let base = r.head();
    let shas = pull_branch(
        &mut r,
        12,
        &[
            (
                "lib/fs.js",
                "one\ntwo\nthree\nfour\n",
                "fs: add four\n\nA body line.\n\nSigned-off-by: Alice Liddell <alice@example.com>\nRefs: https://example.com/old\n",
            ),
            ("doc/fs.md", "# fs\n", "doc: document four"),
        ],
    );
    let (_d, facts) =
        facts_file(&facts(12, &shas, &["bob", "carol"], "Adds four.\n\nFixes: #3\nRefs: https://example.com/spec\n"));
    let out = land(&r, &facts, &["12"]).run_ok();
    assert!(out.stdout.contains("ready to land"), "{out}");
    assert!(out.stdout.contains("Land #12 onto main: 2 commits onto `main`"), "{out}");
    assert!(out.stdout.contains("git push --atomic origin main"), "{out}");
    let landed = log(&r, &format!("{base}..main"));
    assert_eq!(landed.len(), 2);
    let msg = |id: Oid| r.repo().find_commit(id).unwrap().message().unwrap().to_owned();
    assert_eq!(
        msg(landed[0]),
        "fs: add four\n\nA body line.\n\nSigned-off-by: Alice Liddell <alice@example.com>\n\
         PR-URL: https://github.com/demo/demo/pull/12\n\
         Fixes: https://github.com/demo/demo/issues/3\n\
         Refs: https://example.com/old\n\
         Refs: https://example.com/spec\n\
         Reviewed-By: Bob Builder <bob@example.com>\n\
         Reviewed-By: Carol Danvers <carol@example.com>\n"
    );
    assert_eq!(
        msg(landed[1]),
        "doc: document four\n\n\
         PR-URL: https://github.com/demo/demo/pull/12\n\
         Fixes: https://github.com/demo/demo/issues/3\n\
         Refs: https://example.com/spec\n\
         Reviewed-By: Bob Builder <bob@example.com>\n\
         Reviewed-By: Carol Danvers <carol@example.com>\n"
    );
    // Authors kept, committer is the lander; the tree is the branch's.
    let c = r.repo().find_commit(landed[0]).unwrap();
    assert_eq!(c.author().email().ok(), Some("alice@example.com"));
    assert_eq!(c.committer().email().ok(), Some("lander@example.com"));
    assert_eq!(r.repo().find_commit(landed[1]).unwrap().tree_id(), r.repo().find_commit(shas[1]).unwrap().tree_id());
    // main was checked out: the work tree and index follow.
    assert_eq!(r.read("doc/fs.md"), "# fs\n");
    assert!(r.repo().statuses(None).unwrap().iter().all(|s| s.status() == git2::Status::WT_NEW));
    assert!(git_nodus(r.path()).arg("status").run_ok().stdout.contains("Nothing in progress"));
    assert!(!r.repo().commondir().join("nodus/sequence.json").exists());
    // Landing it again: its changes are there already.
    let landed_main = r.rev("main");
    let out = land(&r, &facts, &["12"]).run_ok();
    assert!(out.stdout.contains("already there (no change)"), "{out}");
    assert!(out.stdout.contains("Nothing to apply: `main` stays at"), "{out}");
    assert_eq!(r.rev("main"), landed_main);
}

#[test]
fn fixup_all_and_autosquash_fold_commits() {
    let mut r = project();
    let base = r.head();
    let shas = pull_branch(
        &mut r,
        20,
        &[
            ("lib/fs.js", "one\ntwo\nthree\nfour\n", "fs: add four"),
            ("lib/five.js", "five\n", "fs: add five"),
            ("lib/fs.js", "one\ntwo\nthree\nfour!\n", "fixup! fs: add four"),
            ("lib/five.js", "five!\n", "squash! fs: add five\n\nAnd louder."),
        ],
    );
    let (_d, facts) = facts_file(&facts(20, &shas, &["bob", "carol"], ""));
    let trailers = "PR-URL: https://github.com/demo/demo/pull/20\n\
                    Reviewed-By: Bob Builder <bob@example.com>\n\
                    Reviewed-By: Carol Danvers <carol@example.com>\n";
    // --rebase keeps the fixup! titles, which commit-lint refuses.
    let before = r.snapshot();
    let out = land(&r, &facts, &["20", "--rebase"]).run_code(1);
    assert!(out.stderr.contains("title-format"), "{out}");
    assert!(out.stderr.contains("nothing was landed"), "{out}");
    assert_eq!(r.snapshot(), before);

    let out = land(&r, &facts, &["20", "--autosquash"]).run_ok();
    assert!(out.stdout.contains("2 commits onto `main`"), "{out}");
    let landed = log(&r, &format!("{base}..main"));
    assert_eq!(landed.len(), 2);
    assert_eq!(r.message(&landed[0].to_string()), format!("fs: add four\n\n{trailers}"));
    assert_eq!(r.message(&landed[1].to_string()), format!("fs: add five\n\nAnd louder.\n\n{trailers}"));
    assert_eq!(r.show(&landed[0].to_string(), "lib/fs.js"), "one\ntwo\nthree\nfour!\n");
    assert!(r.repo().find_commit(landed[0]).unwrap().tree().unwrap().get_path(Path::new("lib/five.js")).is_err());
    assert_eq!(r.show(&landed[1].to_string(), "lib/five.js"), "five!\n");

    // --fixup-all on a fresh copy of main.
    r.repo().reference("refs/heads/main", base, true, "test").unwrap();
    r.repo().checkout_head(Some(git2::build::CheckoutBuilder::new().force())).unwrap();
    let out = land(&r, &facts, &["20", "--fixup-all"]).run_ok();
    assert!(out.stdout.contains("1 commit onto `main`"), "{out}");
    let landed = log(&r, &format!("{base}..main"));
    assert_eq!(landed.len(), 1);
    assert_eq!(r.message("main"), format!("fs: add four\n\n{trailers}"));
    assert_eq!(r.show("main", "lib/fs.js"), "one\ntwo\nthree\nfour!\n");
    assert_eq!(r.show("main", "lib/five.js"), "five!\n");
}

#[test]
fn the_gate_waits_blocks_and_names_what_is_missing() {
    let mut r = project();
    let shas = pull_branch(&mut r, 30, &[("lib/fs.js", "1\n", "fs: change")]);
    let before = r.snapshot();
    let (_d, facts_path) = facts_file(&facts(30, &shas, &["bob", "carol"], ""));
    // Open for 47h: only time is missing.
    let out = git_nodus(r.path())
        .args(["land", "30", "--yes", "--facts", &facts_path, "--now", "2024-01-02T23:00:00Z"])
        .run_code(20);
    assert!(out.stdout.contains("waiting: may land in 1h"), "{out}");
    // One approval, open three days: it waits for the seventh day.
    let (_d2, one) = facts_file(&facts(30, &shas, &["bob"], ""));
    let out = git_nodus(r.path()).args(["land", "30", "--yes", "--facts", &one, "--now", "2024-01-04"]).run_code(20);
    assert!(out.stdout.contains("1 of 2 approvals (bob); 1 enough once open 7d"), "{out}");
    // No approval: blocked.
    let (_d4, none) = facts_file(&facts(30, &shas, &[], ""));
    let out = land(&r, &none, &["30"]).run_code(40);
    assert!(out.stdout.contains("blocked by approvals"), "{out}");
    // An approver without an email in governance.yaml cannot be named.
    let (_d3, noemail) = facts_file(&facts(30, &shas, &["bob", "noemail"], ""));
    let out = land(&r, &noemail, &["30"]).run_code(1);
    assert!(out.stderr.contains("member `noemail` approved pull request #30 but has no `email:`"), "{out}");
    // A local branch that differs from the pull request's commits.
    let out = land(&r, &facts_path, &["pr-30", "--pr", "30"]).run_ok();
    assert!(out.stdout.contains("1 commit onto `main`"), "{out}");
    r.repo().reference("refs/heads/main", before.refs["refs/heads/main"].parse().unwrap(), true, "t").unwrap();
    r.repo().checkout_head(Some(git2::build::CheckoutBuilder::new().force())).unwrap();
    r.checkout("pr-30");
    r.write("lib/fs.js", "2\n");
    r.commit("fs: pushed later");
    r.checkout("main");
    let out = land(&r, &facts_path, &["pr-30", "--pr", "30"]).run_code(1);
    assert!(out.stderr.contains("branch `pr-30` has"), "{out}");
    assert!(out.stderr.contains("that the pull request lacks"), "{out}");
    // A branch without --pr, uncommitted changes, no --yes without a terminal.
    let out = git_nodus(r.path()).args(["land", "pr-30", "--yes"]).run_code(1);
    assert!(out.stderr.contains("say which pull request it is with --pr N"), "{out}");
    r.write("lib/fs.js", "dirty\n");
    let out = land(&r, &facts_path, &["30"]).run_code(1);
    assert!(out.stderr.contains("uncommitted changes (lib/fs.js)"), "{out}");
    r.write("lib/fs.js", "one\ntwo\nthree\n");
    let out =
        git_nodus(r.path()).args(["land", "30", "--facts", &facts_path, "--now", "2024-02-01"]).stdin("").run_code(1);
    assert!(out.stderr.contains("pass --yes"), "{out}");
    assert_eq!(r.rev("main").to_string(), before.refs["refs/heads/main"]);
}

/// The GitHub stand-in, serving JSON written for this test, as a real
/// process killed when the test ends.
struct Served {
    child: Child,
    url: String,
}

impl Served {
    fn start(dir: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_git-nodus"))
            .args(["gov", "serve-fixture"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve-fixture");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        Served { child, url }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// GitHub's replies for pull request `number`: `shas` (the head last),
/// `reviews` as (login, commit approved), `labels`.
fn github_pull(dir: &Path, number: u64, shas: &[Oid], reviews: &[(&str, Oid)], labels: &[&str], body: &str) {
    let base = dir.join("repos/demo/demo");
    let write = |rel: String, value: serde_json::Value| {
        let path = base.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    };
    let head = shas.last().unwrap().to_string();
    let user = |login: &str| serde_json::json!({ "login": login });
    write(
        format!("pulls/{number}.json"),
        serde_json::json!({
            "number": number, "title": "fs: change", "html_url": format!("https://github.com/demo/demo/pull/{number}"),
            "user": user("alice"), "state": "open", "draft": false, "merged_at": null,
            "created_at": "2024-01-01T00:00:00Z", "body": body,
            "labels": labels.iter().map(|l| serde_json::json!({ "name": l })).collect::<Vec<_>>(),
            "head": { "sha": head },
        }),
    );
    write(
        format!("pulls/{number}/commits.json"),
        serde_json::Value::Array(
            shas.iter()
                .map(|s| {
                    serde_json::json!({ "sha": s.to_string(), "author": user("alice"), "commit": {
                        "message": "fs: change",
                        "author": { "date": "2024-01-01T00:00:00Z" }, "committer": { "date": "2024-01-01T00:00:00Z" } } })
                })
                .collect(),
        ),
    );
    write(
        format!("pulls/{number}/reviews.json"),
        serde_json::Value::Array(
            reviews
                .iter()
                .enumerate()
                .map(|(i, (login, commit))| {
                    serde_json::json!({ "user": user(login), "state": "APPROVED",
                        "submitted_at": format!("2024-01-02T0{i}:00:00Z"), "commit_id": commit.to_string() })
                })
                .collect(),
        ),
    );
    write(format!("pulls/{number}/files.json"), serde_json::json!([{ "filename": "lib/fs.js" }]));
    write(format!("issues/{number}/comments.json"), serde_json::json!([]));
    write(
        format!("commits/{head}/check-runs.json"),
        serde_json::json!({ "total_count": 1, "check_runs": [{ "name": "test", "status": "completed", "conclusion": "success" }] }),
    );
}

#[test]
fn pull_requests_from_the_github_stand_in_and_a_force_push_after_approval() {
    let mut r = project();
    let base = r.head();
    let shas = pull_branch(&mut r, 41, &[("lib/fs.js", "one\ntwo\n", "fs: drop three")]);
    // #42 was approved on a commit, then force-pushed to another.
    let old = pull_branch(&mut r, 42, &[("lib/fs.js", "one\n", "fs: first try")]);
    r.repo().find_reference("refs/heads/pr-42").unwrap().delete().unwrap();
    let pushed = pull_branch(&mut r, 42, &[("lib/fs.js", "uno\n", "fs: second try")]);
    let fixtures = tempfile::tempdir().unwrap();
    github_pull(fixtures.path(), 41, &shas, &[("bob", shas[0]), ("carol", shas[0])], &["fs"], "Refs: #40");
    github_pull(fixtures.path(), 42, &pushed, &[("bob", old[0]), ("carol", old[0])], &["fs"], "");
    let server = Served::start(fixtures.path());
    let run = |n: &str| {
        git_nodus(r.path()).args([
            "land",
            n,
            "--yes",
            "--repo",
            "demo/demo",
            "--github-url",
            &server.url,
            "--now",
            "2024-02-01",
        ])
    };
    let out = run("42").run_code(40);
    assert!(out.stdout.contains("stale, given before a force-push: bob, carol"), "{out}");
    assert_eq!(r.rev("main"), base);
    let out = run("41").run_ok();
    assert!(out.stdout.contains("1 commit onto `main`"), "{out}");
    assert_eq!(
        r.message("main"),
        "fs: drop three\n\nPR-URL: https://github.com/demo/demo/pull/41\n\
         Refs: https://github.com/demo/demo/issues/40\n\
         Reviewed-By: Bob Builder <bob@example.com>\nReviewed-By: Carol Danvers <carol@example.com>\n"
    );
}

#[test]
fn a_landing_conflict_is_resolved_in_its_own_work_tree_then_continued() {
    let mut r = project();
    let shas =
        pull_branch(&mut r, 50, &[("lib/fs.js", "one\nTWO\nthree\n", "fs: shout two"), ("b.txt", "b\n", "fs: add b")]);
    // main moves on with a conflicting change.
    r.write("lib/fs.js", "one\n2\nthree\n");
    let main_before = r.commit("fs: number two\n\nPR-URL: https://github.com/demo/demo/pull/2\n");
    let before = r.snapshot();
    let (_d, facts) = facts_file(&facts(50, &shas, &["bob", "carol"], ""));
    let out = land(&r, &facts, &["50"]).run_code(1);
    let wt = r.repo().commondir().join("nodus/sequence-worktree");
    assert!(out.stdout.contains("Conflicting files:\n  lib/fs.js\n"), "{out}");
    assert!(out.stdout.contains(&wt.display().to_string()), "{out}");
    // Nothing of the user's moved.
    assert_eq!(r.snapshot(), before);
    let status = git_nodus(r.path()).arg("status").run_ok();
    assert!(status.stdout.contains("land #50 onto main in progress: stopped at step 1 of 2 on a conflict"), "{status}");
    assert!(status.stdout.contains("CONFLICT"), "{status}");
    // Other commands see the session; a second land is refused.
    let out = land(&r, &facts, &["50"]).run_code(1);
    assert!(out.stderr.contains("`land #50 onto main` is in progress"), "{out}");
    // Continuing before resolving names the files.
    let out = git_nodus(r.path()).args(["land", "--continue"]).run_code(1);
    assert!(out.stderr.contains("still conflicting in"), "{out}");
    assert!(std::fs::read_to_string(wt.join("lib/fs.js")).unwrap().contains("<<<<<<<"));
    std::fs::write(wt.join("lib/fs.js"), "one\nTWO (2)\nthree\n").unwrap();
    git(&wt, &["add", "lib/fs.js"]);
    let out = git_nodus(r.path()).args(["land", "--continue"]).run_ok();
    assert!(out.stdout.contains("2 commits onto `main`"), "{out}");
    assert!(!wt.exists(), "the conflict work tree is removed");
    assert!(!git(r.path(), &["worktree", "list"]).contains("sequence-worktree"));
    let landed = log(&r, &format!("{main_before}..main"));
    assert_eq!(landed.len(), 2);
    assert_eq!(r.show(&landed[0].to_string(), "lib/fs.js"), "one\nTWO (2)\nthree\n");
    assert!(r.message(&landed[0].to_string()).ends_with("Reviewed-By: Carol Danvers <carol@example.com>\n"));
    assert_eq!(r.read("lib/fs.js"), "one\nTWO (2)\nthree\n");
    let fsck = Command::new("git").args(["fsck", "--no-progress"]).current_dir(r.path()).output().unwrap();
    assert!(fsck.status.success(), "{}", String::from_utf8_lossy(&fsck.stderr));
}

/// `main` and `v1.x-staging` cut from one commit. On main: `prereq`
/// rewrites a.txt, `depends` builds on it, `other` adds c.txt.
fn backport_project() -> (GitRepo, [Oid; 3]) {
    let mut r = GitRepo::new();
    r.write("a.txt", "a\n");
    r.commit("build: start");
    r.branch("v1.x-staging");
    r.write("a.txt", "a\nprereq\n");
    let prereq = r.commit("fs: prepare a\n\nPR-URL: https://github.com/demo/demo/pull/5\n");
    r.write("a.txt", "a\nprereq\ndepends\n");
    let depends = r.commit("fs: build on a\n\nPR-URL: https://github.com/demo/demo/pull/6\n");
    r.write("c.txt", "c\n");
    let other = r.commit("http: add c");
    (r, [prereq, depends, other])
}

#[test]
fn backport_apply_names_conflicts_and_their_prerequisites_then_continues() {
    let (r, [prereq, depends, other]) = backport_project();
    let before = r.snapshot();
    let out = git_nodus(r.path())
        .args(["backport", "apply", "--to", "v1.x-staging", &depends.to_string(), &other.to_string()])
        .run_code(1);
    assert!(out.stdout.contains("Conflicting files:\n  a.txt\n"), "{out}");
    assert!(
        out.stdout.contains(&format!(
            "not on `v1.x-staging` (likely prerequisites, oldest first):\n  {} fs: prepare a (a.txt)",
            &prereq.to_string()[..10]
        )),
        "{out}"
    );
    assert_eq!(r.snapshot(), before, "the checked-out branch and the work tree are untouched");
    // --skip leaves it out; the next commit applies and the branch moves.
    let out = git_nodus(r.path()).args(["backport", "apply", "--skip"]).run_ok();
    assert!(out.stdout.contains("Skipped"), "{out}");
    assert!(out.stdout.contains("1 commit onto `v1.x-staging`"), "{out}");
    assert_eq!(r.message("v1.x-staging"), format!("http: add c\n\n(cherry picked from commit {other})\n"));
    assert_eq!(r.snapshot().files, before.files, "main's work tree is untouched");
    assert_eq!(r.head(), before.refs["refs/heads/main"].parse().unwrap());
}

#[test]
fn backport_apply_defaults_to_the_list_and_abort_puts_everything_back() {
    let (r, [prereq, depends, other]) = backport_project();
    r.checkout("v1.x-staging");
    r.write("a.txt", "a\nv1 only\n");
    let mut r = r;
    let staging = r.commit("fs: v1 only change");
    let before = r.snapshot();
    // Defaults: every commit of main not on the line, oldest first; the
    // first conflicts with the line's own change.
    let out = git_nodus(r.path()).args(["backport", "apply", "--to", "v1.x-staging"]).run_code(1);
    assert!(out.stdout.contains(&format!("Conflict applying {}", &prereq.to_string()[..10])), "{out}");
    assert!(out.stdout.contains("No earlier commit of `main` that touched these files is missing"), "{out}");
    let status = git_nodus(r.path()).arg("status").run_ok();
    assert!(status.stdout.contains("backport apply onto v1.x-staging in progress: stopped at step 1 of 3"), "{status}");
    let out = git_nodus(r.path()).args(["land", "--continue"]).run_code(1);
    assert!(out.stderr.contains("resume it with `git nodus backport apply --continue`"), "{out}");
    let out = git_nodus(r.path()).args(["backport", "apply", "--abort"]).run_ok();
    assert!(out.stdout.contains("Aborted"), "{out}");
    assert_eq!(r.snapshot(), before);
    assert!(!r.repo().commondir().join("nodus/sequence-worktree").exists());
    assert!(git_nodus(r.path()).arg("status").run_ok().stdout.contains("Nothing in progress"));
    // Resolve instead: the target is checked out, so the work tree follows.
    git_nodus(r.path()).args(["backport", "apply", "--to", "v1.x-staging"]).run_code(1);
    let wt = r.repo().commondir().join("nodus/sequence-worktree");
    std::fs::write(wt.join("a.txt"), "a\nv1 only\nprereq\n").unwrap();
    git(&wt, &["add", "a.txt"]);
    // The second one then applies on the resolution.
    let out = git_nodus(r.path()).args(["backport", "apply", "--continue"]).run_ok();
    assert!(out.stdout.contains("3 commits onto `v1.x-staging`"), "{out}");
    let landed = log(&r, &format!("{staging}..v1.x-staging"));
    let refs: Vec<String> = landed.iter().map(|c| r.message(&c.to_string())).collect();
    assert_eq!(
        refs[0],
        format!("fs: prepare a\n\nPR-URL: https://github.com/demo/demo/pull/5\n(cherry picked from commit {prereq})\n")
    );
    assert!(refs[1].ends_with(&format!("pull/6\n(cherry picked from commit {depends})\n")));
    assert!(refs[2].ends_with(&format!("\n\n(cherry picked from commit {other})\n")));
    assert_eq!(r.read("a.txt"), "a\nv1 only\nprereq\ndepends\n");
    assert_eq!(r.read("c.txt"), "c\n");
    // The list is now empty.
    let out = git_nodus(r.path()).args(["backport", "apply", "--to", "v1.x-staging"]).run_ok();
    assert!(out.stdout.contains("Nothing to apply"), "{out}");
}

#[test]
fn push_sends_the_landed_branch_atomically() {
    let mut r = project();
    let shas = pull_branch(&mut r, 60, &[("lib/fs.js", "pushed\n", "fs: push me")]);
    let remote = tempfile::tempdir().unwrap();
    git(remote.path(), &["init", "-q", "--bare"]);
    r.remote("upstream", &remote.path().display().to_string());
    git(r.path(), &["push", "-q", "upstream", "main"]);
    let (_d, facts60) = facts_file(&facts(60, &shas, &["bob", "carol"], ""));
    let out = land(&r, &facts60, &["60", "--push", "--remote", "upstream"]).run_ok();
    assert!(!out.stdout.contains("To publish it"), "{out}");
    let pushed = git(remote.path(), &["rev-parse", "main"]);
    assert_eq!(pushed.trim(), r.rev("main").to_string());
    // A push that fails leaves the landing in place and says how to retry.
    let shas = pull_branch(&mut r, 61, &[("lib/fs.js", "again\n", "fs: push again")]);
    let (_d2, facts61) = facts_file(&facts(61, &shas, &["bob", "carol"], ""));
    let out = land(&r, &facts61, &["61", "--push", "--remote", "nowhere"]).run_code(3);
    assert!(out.stderr.contains("Retry with:\n  git push --atomic nowhere main"), "{out}");
    assert!(r.message("main").starts_with("fs: push again\n"));
}

#[test]
fn killed_while_writing_a_conflict_the_next_continue_writes_it_again() {
    let mut r = project();
    let shas = pull_branch(&mut r, 70, &[("lib/fs.js", "one\nTWO\nthree\n", "fs: shout two")]);
    r.write("lib/fs.js", "one\n2\nthree\n");
    r.commit("fs: number two");
    let before = r.snapshot();
    let (_d, facts70) = facts_file(&facts(70, &shas, &["bob", "carol"], ""));
    let facts = facts70;
    for point in ["sequence-worktree:1", "sequence-conflict:1"] {
        let out = land(&r, &facts, &["70"]).env("NODUS_FAILPOINT", point).run();
        assert_eq!(out.code, None, "killed at {point}: {out}");
        assert_eq!(r.snapshot(), before);
        let status = git_nodus(r.path()).arg("status").run_ok();
        assert!(status.stdout.contains("stopped at step 1 of 1 on a conflict"), "{status}");
        let out = git_nodus(r.path()).args(["land", "--continue"]).run_code(1);
        assert!(out.stdout.contains("Conflicting files:\n  lib/fs.js\n"), "{out}");
        let wt = r.repo().commondir().join("nodus/sequence-worktree");
        assert!(std::fs::read_to_string(wt.join("lib/fs.js")).unwrap().contains("<<<<<<<"));
        git_nodus(r.path()).args(["land", "--abort"]).run_ok();
        assert_eq!(r.snapshot(), before);
        assert!(!wt.exists());
    }
    // Uncommitted changes are refused by backport apply too.
    r.write("lib/fs.js", "dirty\n");
    let out = git_nodus(r.path()).args(["backport", "apply", "--to", "pr-70", "main"]).run_code(1);
    assert!(out.stderr.contains("uncommitted changes (lib/fs.js)"), "{out}");
}
