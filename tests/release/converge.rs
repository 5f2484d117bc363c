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
    // Grouped by subsystem as the changelog groups them; the impact of
    // taking each side's missing commits; their changelogs.
    assert_eq!(
        json["ours"]["groups"],
        serde_json::json!([{"subsystem": "deps", "commits": [s(f.o[7])]}, {"subsystem": "lib", "commits": [s(f.o[4])]}])
    );
    assert_eq!((json["ours"]["impact"].as_str(), json["theirs"]["impact"].as_str()), (Some("patch"), Some("patch")));
    let out = git_nodus(&f.repo).args(["converge", "iojs", "node", "--changelog"]).run_ok();
    let short = |o: git2::Oid| o.to_string()[..10].to_owned();
    assert_eq!(
        out.stdout,
        format!(
            "## `iojs` since the fork point: 2 commits missing from `node` (semver-patch)\n\n\
             * [{}] - deps: update V8 to 4.2 (Test Author)\n* [{}] - lib: ours a5 (Test Author)\n\n\
             ## `node` since the fork point: 2 commits missing from `iojs` (semver-patch)\n\n\
             * [{}] - lib: theirs a5 (Test Author)\n* [{}] - net: only on theirs (Test Author)\n\n",
            short(f.o[7]),
            short(f.o[4]),
            short(f.t[2]),
            short(f.t[5])
        ),
        "{out}"
    );
    // Progress: on stderr with --progress (or a terminal), never on stdout.
    let out = git_nodus(&f.repo).args(["converge", "iojs", "node", "--progress"]).run_ok();
    assert!(out.stderr.contains("\rconverge: reading commits 14/14 (100%)\n"), "{out}");
    assert!(out.stderr.contains("\rconverge: conflicting paths 14/14 (100%)\n"), "{out}");
    assert!(out.stdout.starts_with("fork point "), "{out}");
    let quiet = git_nodus(&f.repo).args(["converge", "iojs", "node"]).run_ok();
    assert_eq!(quiet.stderr, "");
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

/// The realistic fork of the plan tests: `node` (theirs, the origin) and
/// `iojs` (ours, the fork) after a shared base.
struct LongFork {
    repo: GitRepo,
    /// Theirs: 60 pull requests `lib/n{i}.js`.
    prs: Vec<git2::Oid>,
    /// Theirs: the commit that edits line 5 of `lib/a.js`.
    theirs_a5: git2::Oid,
    /// Theirs: `src: feature z` and its revert.
    theirs_z: (git2::Oid, git2::Oid),
}

/// Theirs: 60 pull requests, an edit of `lib/a.js` line 5, a feature
/// reverted. Ours, 200+ commits: of the 60 pull requests, a third
/// cherry-picked with `-x`, a third landed again without (same title and
/// PR-URL), a third left out; 200 commits of its own, its own edit of
/// `lib/a.js` line 5 (the overlap), its own revert, an engine bump.
fn long_fork() -> LongFork {
    let mut repo = GitRepo::new();
    repo.write("lib/a.js", lines("base"));
    repo.write("README", "readme\n");
    repo.commit("build: start");
    repo.branch("node");
    repo.branch("iojs");
    repo.checkout("node");
    let mut prs = Vec::new();
    for i in 0..60 {
        repo.write(&format!("lib/n{i}.js"), format!("n {i}\n"));
        prs.push(repo.commit(&format!("lib: add n{i}\n\nPR-URL: https://github.com/nodejs/node/pull/{i}\n")));
    }
    repo.write("src/z.cc", "z\n");
    let z = repo.commit("src: feature z");
    std::fs::remove_file(repo.join("src/z.cc")).unwrap();
    let z_revert = repo.commit(&format!("Revert \"src: feature z\"\n\nThis reverts commit {z}.\n"));
    repo.write("lib/a.js", lines("base").replace("line 5 base", "line 5 theirs"));
    let theirs_a5 = repo.commit("lib: theirs a5\n\nPR-URL: https://github.com/nodejs/node/pull/99\n");
    repo.checkout("iojs");
    for k in 0..200 {
        repo.write(&format!("lib/o{}.js", k % 50), format!("o {k}\n"));
        repo.commit(&format!("lib: our change {k}"));
        if k % 10 == 0 && k / 10 < 20 {
            // Two pull requests of theirs after every tenth own commit.
            for i in [3 * (k / 10), 3 * (k / 10) + 1] {
                let id = prs[i];
                repo.write(&format!("lib/n{i}.js"), format!("n {i}\n"));
                let mut message = format!("lib: add n{i}\n\nPR-URL: https://github.com/nodejs/node/pull/{i}\n");
                if i % 3 == 0 {
                    message.push_str(&format!("(cherry picked from commit {id})\n"));
                }
                repo.commit(&message);
            }
        }
    }
    repo.write("src/y.cc", "y\n");
    let y = repo.commit("src: feature y");
    std::fs::remove_file(repo.join("src/y.cc")).unwrap();
    repo.commit(&format!("Revert \"src: feature y\"\n\nThis reverts commit {y}.\n"));
    repo.write("lib/a.js", lines("base").replace("line 5 base", "line 5 ours"));
    repo.commit("lib: ours a5");
    repo.write("deps/v8/VERSION", "4.5\n");
    repo.commit("deps: update V8 to 4.5");
    LongFork { repo, prs, theirs_a5, theirs_z: (z, z_revert) }
}

fn plan_entries(text: &str) -> Vec<serde_yaml::Value> {
    let v: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    v["commits"].as_sequence().unwrap().clone()
}

/// The files of a commit's tree: path → content.
fn tree_files(repo: &git2::Repository, rev: &str) -> std::collections::BTreeMap<String, String> {
    let tree = repo.revparse_single(rev).unwrap().peel_to_tree().unwrap();
    let mut out = std::collections::BTreeMap::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if let Some(git2::ObjectType::Blob) = entry.kind() {
            let blob = repo.find_blob(entry.id()).unwrap();
            out.insert(format!("{dir}{}", entry.name().unwrap()), String::from_utf8_lossy(blob.content()).into_owned());
        }
        git2::TreeWalkResult::Ok
    })
    .unwrap();
    out
}

#[test]
fn plan_apply_continue_abort_and_merge_on_a_long_fork() {
    let f = long_fork();
    let repo = f.repo.repo();
    let branches = |r: &git2::Repository| -> Vec<(String, git2::Oid)> {
        r.branches(None)
            .unwrap()
            .map(|b| {
                let (b, _) = b.unwrap();
                (b.name().unwrap().unwrap().to_owned(), b.get().target().unwrap())
            })
            .collect()
    };
    let before = branches(repo);

    // The plan.
    let out = git_nodus(&f.repo).args(["converge", "plan", "iojs", "node", "-o", "plan.yaml"]).run_ok();
    assert_eq!(
        out.stdout, "Wrote plan.yaml: 21 to port, 2 to skip, 40 already on `iojs` (of 63 commits of `node`).\n",
        "{out}"
    );
    let text = f.repo.read("plan.yaml");
    assert!(text.contains("\nbranch: \"converge/node-into-iojs\"\n"), "{text}");
    let entries = plan_entries(&text);
    assert_eq!(entries.len(), 63);
    let ours_by_title: std::collections::HashMap<String, String> = {
        let json: serde_json::Value =
            serde_json::from_str(&git_nodus(&f.repo).args(["converge", "iojs", "node", "--json"]).run_ok().stdout)
                .unwrap();
        assert_eq!(json["ours"]["commits"].as_array().unwrap().len(), 200 + 40 + 4);
        json["ours"]["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["title"].as_str().unwrap().to_owned(), c["sha"].as_str().unwrap().to_owned()))
            .collect()
    };
    for (i, id) in f.prs.iter().enumerate() {
        let e = &entries[i];
        assert_eq!(e["sha"].as_str().unwrap(), id.to_string());
        assert_eq!(e["title"].as_str().unwrap(), format!("lib: add n{i}"));
        if i % 3 == 2 {
            assert_eq!(e["action"], "port", "{i}: {e:?}");
        } else {
            assert_eq!(e["action"], "already", "{i}: {e:?}");
            assert_eq!(e["equivalent"].as_str().unwrap(), ours_by_title[&format!("lib: add n{i}")], "{i}");
        }
    }
    assert_eq!(entries[60]["sha"].as_str().unwrap(), f.theirs_z.0.to_string());
    assert_eq!(entries[60]["action"], "skip");
    assert_eq!(entries[60]["reason"], "reverted on `node` (with its revert)");
    assert_eq!(entries[61]["sha"].as_str().unwrap(), f.theirs_z.1.to_string());
    assert_eq!(entries[61]["action"], "skip");
    assert_eq!(entries[62]["sha"].as_str().unwrap(), f.theirs_a5.to_string());
    assert_eq!(entries[62]["action"], "port");

    // Edit the plan: leave n2 out, and put `lib: theirs a5` first.
    let n2 = format!("  - sha: {}\n    title: \"lib: add n2\"\n    action: port\n", f.prs[2]);
    assert!(text.contains(&n2), "{text}");
    let a5 = format!("  - sha: {}\n    title: \"lib: theirs a5\"\n    action: port\n", f.theirs_a5);
    let edited = text
        .replace(&n2, &n2.replace("action: port\n", "action: skip\n    reason: \"not for us\"\n"))
        .replace(&a5, "")
        .replace("commits:\n", &format!("commits:\n{a5}"));
    f.repo.write("plan.yaml", &edited);

    // Apply: the first port conflicts (both sides edited line 5).
    let out = git_nodus(&f.repo).args(["converge", "apply", "plan.yaml"]).run_code(1);
    assert!(out.stdout.contains("Conflicting files:\n  lib/a.js\n"), "{out}");
    assert!(out.stdout.contains("git nodus converge apply --continue"), "{out}");
    assert_eq!(branches(repo), before, "no branch moves, none is created");
    let out = git_nodus(&f.repo).args(["converge", "apply", "--abort"]).run_ok();
    assert!(out.stdout.starts_with("Aborted `converge apply onto converge/node-into-iojs`"), "{out}");
    assert_eq!(branches(repo), before);
    assert!(!f.repo.join(".git/nodus/sequence.json").exists());
    assert!(!f.repo.join(".git/nodus/sequence-worktree").exists());

    // Again; resolve the conflict; go on.
    git_nodus(&f.repo).args(["converge", "apply", "plan.yaml"]).run_code(1);
    let wt = f.repo.join(".git/nodus/sequence-worktree");
    let resolved = lines("base").replace("line 5 base", "line 5 ours and theirs");
    std::fs::write(wt.join("lib/a.js"), &resolved).unwrap();
    let add = std::process::Command::new("git").args(["add", "lib/a.js"]).current_dir(&wt).status().unwrap();
    assert!(add.success());
    let out = git_nodus(&f.repo).args(["converge", "apply", "--continue"]).run_ok();
    assert!(out.stdout.contains("Created `converge/node-into-iojs` at "), "{out}");
    assert!(out.stdout.contains(": 20 commits ported onto "), "{out}");
    let after = branches(repo);
    for (name, id) in &before {
        assert!(after.contains(&(name.clone(), *id)), "{name} moved");
    }
    assert_eq!(after.len(), before.len() + 1);

    // The new branch: ours, with n{i} for the 19 missing pull requests
    // left in the plan, and the resolution.
    let mut want = tree_files(repo, "iojs");
    for i in (0..60).filter(|i| i % 3 == 2 && *i != 2) {
        want.insert(format!("lib/n{i}.js"), format!("n {i}\n"));
    }
    want.insert("lib/a.js".into(), resolved.clone());
    assert_eq!(tree_files(repo, "converge/node-into-iojs"), want);
    // In the plan's order, each with its `-x` line, on top of iojs.
    let mut walk = repo.revwalk().unwrap();
    walk.push(f.repo.rev("converge/node-into-iojs")).unwrap();
    walk.hide(f.repo.rev("iojs")).unwrap();
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE).unwrap();
    let made: Vec<String> = walk.map(|id| f.repo.message(&id.unwrap().to_string())).collect();
    assert_eq!(made.len(), 20);
    assert!(made[0].starts_with("lib: theirs a5\n"), "{}", made[0]);
    assert!(made[0].ends_with(&format!("(cherry picked from commit {})\n", f.theirs_a5)), "{}", made[0]);
    assert!(made[1].starts_with("lib: add n5\n"), "{}", made[1]);
    assert!(made[1].contains(&format!("(cherry picked from commit {})", f.prs[5])), "{}", made[1]);

    // The merge: only lib/a.js is left conflicted, our version kept.
    let out = git_nodus(&f.repo)
        .args(["converge", "merge", "converge/node-into-iojs", "node", "--branch", "converged"])
        .run_ok();
    assert!(out.stdout.contains("; 1 path still conflicted (see CONVERGE.md).\n"), "{out}");
    let merge = repo.find_commit(f.repo.rev("converged")).unwrap();
    assert_eq!(merge.parent_ids().collect::<Vec<_>>(), vec![f.repo.rev("converge/node-into-iojs"), f.repo.rev("node")]);
    let mut files = tree_files(repo, "converged");
    let report = files.remove("CONVERGE.md").unwrap();
    let mut want_merged = want.clone();
    want_merged.insert("lib/n2.js".into(), "n 2\n".into());
    assert_eq!(files, want_merged);
    assert!(
        report.starts_with(
            "# Convergence of `node` into `converge/node-into-iojs`\n\n## Still conflicted\n\n\
             1 path kept our version in this merge; each needs a commit that takes theirs in:\n\n- [ ] `lib/a.js`: ours "
        ),
        "{report}"
    );
    assert!(report.contains(&format!("; theirs `{}`\n", &f.theirs_a5.to_string()[..10])), "{report}");
    // The branch exists: a second merge onto it is refused.
    let out = git_nodus(&f.repo).args(["converge", "merge", "iojs", "node", "--branch", "converged"]).run_code(1);
    assert_eq!(
        out.stderr,
        "error: the branch `converged` exists already: name a new branch, or delete that one first\n"
    );
}

#[test]
fn a_bad_plan_names_the_file_and_line() {
    let f = fork();
    git_nodus(&f.repo).args(["converge", "plan", "iojs", "node", "-o", "plan.yaml"]).run_ok();
    let text = f.repo.read("plan.yaml");
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let check = |bad: String, want: String| {
        f.repo.write("bad.yaml", &bad);
        let out = git_nodus(&f.repo).args(["converge", "apply", "bad.yaml"]).run_code(1);
        assert_eq!(out.stderr, format!("error: bad.yaml:{want}\n"), "{out}");
        assert!(!f.repo.join(".git/nodus/sequence.json").exists());
    };
    // A sha that is no commit.
    let t5 = f.t[2].to_string();
    check(
        text.replace(&t5, &"f".repeat(40)),
        format!(
            "{}: `sha: {}`: the commit is not a commit of this repository (give the full 40-digit sha)",
            line_of(&t5),
            "f".repeat(40)
        ),
    );
    // A skip without a reason.
    let entry = format!("  - sha: {t5}\n    title: \"lib: theirs a5\"\n    action: port\n");
    assert!(text.contains(&entry), "{text}");
    check(
        text.replace(&entry, &entry.replace("port", "skip")),
        format!("{}: {t5} is skipped without a `reason`", line_of(&t5)),
    );
    // An unknown action, and an unknown field: serde's line.
    let action = line_of(&t5) + 2;
    let bad = text.replace(&entry, &entry.replace("action: port", "action: pick"));
    f.repo.write("bad.yaml", &bad);
    let out = git_nodus(&f.repo).args(["converge", "apply", "bad.yaml"]).run_code(1);
    assert!(out.stderr.starts_with(&format!("error: bad.yaml:{action}: not a converge plan: ")), "{out}");
    assert!(out.stderr.contains("unknown variant `pick`"), "{out}");
    let bad = text.replace(&entry, &format!("{entry}    colour: blue\n"));
    f.repo.write("bad.yaml", &bad);
    let out = git_nodus(&f.repo).args(["converge", "apply", "bad.yaml"]).run_code(1);
    assert!(out.stderr.starts_with(&format!("error: bad.yaml:{}: not a converge plan: ", action + 1)), "{out}");
    // The branch to create exists: refused before anything is written.
    let head = f.repo.rev("iojs");
    f.repo.repo().reference("refs/heads/converge/node-into-iojs", head, false, "test").unwrap();
    let out = git_nodus(&f.repo).args(["converge", "apply", "plan.yaml"]).run_code(1);
    assert_eq!(
        out.stderr,
        "error: the branch `converge/node-into-iojs` exists already: name a new branch, or delete that one first\n"
    );
    assert_eq!(f.repo.rev("converge/node-into-iojs"), head);
    assert!(!f.repo.join(".git/nodus/sequence.json").exists());
    // A missing file.
    let out = git_nodus(&f.repo).args(["converge", "apply", "nope.yaml"]).run_code(1);
    assert!(out.stderr.starts_with("error: cannot read `nope.yaml`: "), "{out}");
}

/// `converge apply` killed with SIGKILL at every failpoint it reaches and
/// at random moments: the new branch is absent or complete, no branch of
/// before moves, and `--abort` / `--continue` of what is left end
/// exactly before / after (the checks of `land_crash`).
#[cfg(unix)]
#[test]
fn converge_apply_killed_anywhere_leaves_refs_before_or_after() {
    use super::crash::Rng;
    use super::land_crash::{Kill, Scenario, Tally, copy_repo, kills, trial};
    let f = long_fork();
    git_nodus(&f.repo).args(["converge", "plan", "iojs", "node", "-o", "plan.yaml"]).run_ok();
    let text = f.repo.read("plan.yaml");
    let a5 = "title: \"lib: theirs a5\"\n    action: port\n";
    assert!(text.contains(a5), "{text}");
    f.repo.write("plan.yaml", text.replace(a5, &a5.replace("port\n", "skip\n    reason: \"later\"\n")));
    let base = Some(std::path::PathBuf::from("/dev/shm"))
        .filter(|p| tempfile::tempdir_in(p).is_ok())
        .unwrap_or_else(std::env::temp_dir);
    let work = tempfile::Builder::new().prefix("nodus-converge-crash-").tempdir_in(&base).unwrap();
    let before_dir = work.path().join("before");
    copy_repo(f.repo.path(), &before_dir);
    let sc = Scenario::new(
        "converge apply",
        &["converge", "apply", "plan.yaml"],
        &["converge", "apply"],
        "converge/node-into-iojs",
        before_dir,
        work.path(),
    );
    assert_eq!(sc.before.refs.get("refs/heads/converge/node-into-iojs"), None);
    assert!(sc.after.refs.contains_key("refs/heads/converge/node-into-iojs"));
    for (name, value) in &sc.before.refs {
        assert_eq!(sc.after.refs.get(name), Some(value), "{name} moved");
    }
    for point in ["sequence-saved", "journal-written", "ref-locked", "ref-rename", "journal-remove", "sequence-remove"]
    {
        assert!(sc.hits.contains_key(point), "never reaches {point}: {:?}", sc.hits);
    }
    let trials = work.path().join("trials");
    std::fs::create_dir_all(&trials).unwrap();
    let mut tally = Tally::default();
    for (k, kill) in kills(&sc).iter().enumerate() {
        let fault = match k % 3 {
            0 => Some("sequence-remove:1"),
            1 => Some("recover-ref:1"),
            _ => None,
        };
        trial(&sc, kill, fault, &trials, &mut tally);
    }
    let mut rng = Rng(0x5eed_c0de | 1);
    for _ in 0..10 {
        trial(&sc, &Kill::After(sc.duration.mul_f64(rng.unit())), None, &trials, &mut tally);
    }
    eprintln!("converge apply crash trials: {tally:?}");
    assert!(tally.failures.is_empty(), "{tally:?}\n{}", tally.failures.join("\n"));
    assert!(tally.killed >= 20, "{tally:?}");
    assert!(tally.left_session >= 10 && tally.left_journal >= 1, "{tally:?}");
    assert!(tally.aborted_ok >= 10 && tally.rerun_ok >= 10, "{tally:?}");
}
