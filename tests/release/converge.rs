//! `git nodus converge`: fork point, unique commits, equivalent pairs and
//! the conflict forecast on fork histories built in temp repositories.

use nodus_test_support::{Cmd, GitRepo, Sig};

fn git_nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(repo.path())
}

fn lines(tag: &str) -> String {
    (1..=10).map(|i| format!("line {i} {tag}\n")).collect()
}

struct Fork {
    repo: GitRepo,
    base: git2::Oid,
    t: Vec<git2::Oid>,
    o: Vec<git2::Oid>,
}

/// A base; `node` (theirs) and `iojs` (ours) after it. See each commit.
fn fork() -> Fork {
    let mut repo = GitRepo::new();
    let ann = Sig::new("Ann", "ann@example.com");
    repo.write("lib/a.js", lines("base"));
    repo.write("README", "readme\n");
    let base = repo.commit("build: start");
    repo.branch("node");
    repo.branch("iojs");
    repo.checkout("node");
    let mut t = Vec::new();
    repo.write("lib/http.js", "keep-alive\n");
    t.push(repo.commit("http: fix keep-alive\n\nPR-URL: https://github.com/x/node/pull/1\n"));
    repo.write("lib/fs.js", "rm\n");
    t.push(repo.commit("fs: add rm\n\nPR-URL: https://github.com/x/node/pull/2\n"));
    repo.write("lib/a.js", lines("base").replace("line 5 base", "line 5 theirs"));
    t.push(repo.commit("lib: theirs a5"));
    repo.write("doc.md", "typo fixed\n");
    t.push(repo.commit_as(&ann, "doc: fix typo"));
    repo.write("lib/util.js", "thing\n");
    t.push(repo.commit("util: thing"));
    repo.write("lib/net.js", "net\n");
    t.push(repo.commit("net: only on theirs"));
    repo.checkout("iojs");
    let mut o = Vec::new();
    repo.write("lib/http.js", "keep-alive\n");
    o.push(repo.commit(&format!(
        "http: fix keep-alive\n\nPR-URL: https://github.com/x/node/pull/1\n(cherry picked from commit {})\n",
        t[0]
    )));
    repo.write("lib/fs.js", "rm\n");
    o.push(
        repo.commit("fs: add rm\n\nPR-URL: https://github.com/x/node/pull/2\nReviewed-By: Someone <s@example.com>\n"),
    );
    repo.write("doc.md", "typo fixed\n");
    o.push(repo.commit_as(&ann, "doc: fix typo"));
    repo.write("lib/util.js", "thing\n");
    o.push(repo.commit("util: port the thing"));
    repo.write("lib/a.js", lines("base").replace("line 5 base", "line 5 ours"));
    o.push(repo.commit("lib: ours a5"));
    repo.write("src/x.cc", "x\n");
    o.push(repo.commit("src: feature x"));
    std::fs::remove_file(repo.join("src/x.cc")).unwrap();
    o.push(repo.commit(&format!("Revert \"src: feature x\"\n\nThis reverts commit {}.\n", o[5])));
    repo.write("deps/v8/VERSION", "4.2\n");
    o.push(repo.commit("deps: update V8 to 4.2"));
    Fork { repo, base, t, o }
}

#[test]
fn pairs_missing_reverted_and_conflicts() {
    let f = fork();
    let json: serde_json::Value =
        serde_json::from_str(&git_nodus(&f.repo).args(["converge", "iojs", "node", "--json"]).run_ok().stdout).unwrap();
    assert_eq!(json["fork_point"], f.base.to_string());
    let s = |o: git2::Oid| o.to_string();
    assert_eq!(
        json["pairs"],
        serde_json::json!([
            [s(f.o[0]), s(f.t[0]), "cherry-pick"],
            [s(f.o[1]), s(f.t[1]), "pr-url"],
            [s(f.o[2]), s(f.t[3]), "author"],
            [s(f.o[3]), s(f.t[4]), "patch-id"],
        ])
    );
    let states = |side: &str| -> Vec<(String, String)> {
        json[side]["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].as_str().unwrap().to_owned(), c["state"].as_str().unwrap().to_owned()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    assert_eq!(
        states("ours"),
        pairs(&[
            ("http: fix keep-alive", "ported"),
            ("fs: add rm", "ported"),
            ("doc: fix typo", "ported"),
            ("util: port the thing", "ported"),
            ("lib: ours a5", "missing"),
            ("src: feature x", "reverted"),
            ("Revert \"src: feature x\"", "reverted"),
            ("deps: update V8 to 4.2", "missing"),
        ])
    );
    assert_eq!(
        states("theirs"),
        pairs(&[
            ("http: fix keep-alive", "ported"),
            ("fs: add rm", "ported"),
            ("lib: theirs a5", "missing"),
            ("doc: fix typo", "ported"),
            ("util: thing", "ported"),
            ("net: only on theirs", "missing"),
        ])
    );
    assert_eq!(json["ours"]["commits"][7]["subsystems"], serde_json::json!(["deps"]));
    assert_eq!(
        json["conflicts"],
        serde_json::json!([{"path": "lib/a.js", "ours": [s(f.o[4])], "theirs": [s(f.t[2])]}])
    );
    let out = git_nodus(&f.repo).args(["converge", "iojs", "node"]).run_ok();
    assert_eq!(
        out.stdout,
        format!(
            "fork point {}\niojs: 8 unique, 4 ported, 2 reverted, 2 missing\nnode: 6 unique, 4 ported, 0 reverted, 2 missing\n4 equivalent pairs, 1 conflicting paths\nconflict lib/a.js (ours 1, theirs 1)\n",
            &s(f.base)[..10]
        )
    );
    let md = git_nodus(&f.repo).args(["converge", "iojs", "node", "--markdown"]).run_ok().stdout;
    assert!(md.starts_with("# Converging `iojs` and `node`\n"), "{md}");
    assert!(md.contains("| `iojs` | 8 | 4 | 2 | 2 |\n"), "{md}");
    assert!(
        md.contains(&format!("### deps\n\n- [ ] `{}` deps: update V8 to 4.2 (Test Author)\n", &s(f.o[7])[..10])),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "- [x] `{}` util: port the thing = `{}` (patch-id)\n",
            &s(f.o[3])[..10],
            &s(f.t[4])[..10]
        )),
        "{md}"
    );
    assert!(
        md.contains(&format!("- `lib/a.js`: ours `{}`; theirs `{}`\n", &s(f.o[4])[..10], &s(f.t[2])[..10])),
        "{md}"
    );
    // Nothing changed: converge is read-only.
    let before = f.repo.snapshot();
    git_nodus(&f.repo).args(["converge", "node", "iojs"]).run_ok();
    assert_eq!(f.repo.snapshot(), before);
    let out = git_nodus(&f.repo).args(["converge", "iojs", "nope"]).run_code(1);
    assert_eq!(out.stderr, "error: revision `nope` not found\n");
}

/// 240 commits on their side, a third cherry-picked with `-x`, a third
/// landed again with the same title and PR-URL, a third left out; 60 of
/// our own.
#[test]
fn a_long_fork_counts_every_commit() {
    let mut repo = GitRepo::new();
    repo.write("README", "r\n");
    repo.commit("build: start");
    repo.branch("fork");
    let mut theirs = Vec::new();
    for i in 0..240 {
        repo.write(&format!("lib/t{i}.js"), format!("{i}\n"));
        theirs.push(repo.commit(&format!("lib: change {i}\n\nPR-URL: https://github.com/x/y/pull/{i}\n")));
    }
    repo.checkout("fork");
    for (i, id) in theirs.iter().enumerate() {
        match i % 3 {
            0 => {
                repo.write(&format!("lib/t{i}.js"), format!("{i}\n"));
                repo.commit(&format!(
                    "lib: change {i}\n\nPR-URL: https://github.com/x/y/pull/{i}\n(cherry picked from commit {id})\n"
                ));
            }
            1 => {
                repo.write(&format!("lib/t{i}.js"), format!("{i} (adapted)\n"));
                repo.commit(&format!("lib: change {i}\n\nPR-URL: https://github.com/x/y/pull/{i}\n"));
            }
            _ => {}
        }
        if i % 4 == 0 {
            repo.write(&format!("src/o{i}.cc"), format!("{i}\n"));
            repo.commit(&format!("src: our change {i}"));
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&git_nodus(&repo).args(["converge", "fork", "main", "--json"]).run_ok().stdout).unwrap();
    let count = |side: &str, state: &str| {
        json[side]["commits"].as_array().unwrap().iter().filter(|c| c["state"] == state).count()
    };
    assert_eq!(json["theirs"]["commits"].as_array().unwrap().len(), 240);
    assert_eq!(json["ours"]["commits"].as_array().unwrap().len(), 80 + 80 + 60);
    assert_eq!((count("theirs", "ported"), count("theirs", "missing")), (160, 80));
    assert_eq!((count("ours", "ported"), count("ours", "missing")), (160, 60));
    let rules: Vec<&str> = json["pairs"].as_array().unwrap().iter().map(|p| p[2].as_str().unwrap()).collect();
    assert_eq!(rules.iter().filter(|r| **r == "cherry-pick").count(), 80);
    assert_eq!(rules.iter().filter(|r| **r == "pr-url").count(), 80);
    // The 80 commits landed again with other content add the same file
    // twice: each is a conflict with exactly its two commits.
    let conflicts = json["conflicts"].as_array().unwrap();
    let mut paths: Vec<&str> = conflicts.iter().map(|c| c["path"].as_str().unwrap()).collect();
    let mut want: Vec<String> = (0..240).filter(|i| i % 3 == 1).map(|i| format!("lib/t{i}.js")).collect();
    want.sort();
    paths.sort();
    assert_eq!(paths, want);
    for c in conflicts {
        let i: usize = c["path"].as_str().unwrap()[5..].trim_end_matches(".js").parse().unwrap();
        assert_eq!(c["theirs"], serde_json::json!([theirs[i].to_string()]));
        assert_eq!(c["ours"].as_array().unwrap().len(), 1);
    }
}
