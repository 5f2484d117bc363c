//! `git nodus changelog`: the real binary on real repositories.

use nodus_test_support::{Cmd, GitRepo, Sig};

const URL: &str = "https://github.com/nodejs/node";

fn git_nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(repo.path()).env_remove("NODUS_CHANGELOG_LABELS")
}

fn short(oid: git2::Oid) -> String {
    oid.to_string()[..10].to_owned()
}

/// v1.0.0, three Node-style commits (newest first in the returned shas),
/// with `origin` pointing at nodejs/node.
fn project() -> (GitRepo, Vec<String>) {
    let mut r = GitRepo::new();
    r.remote("origin", "git@github.com:nodejs/node.git");
    r.write("a", "0");
    r.commit("2024-01-01, Version 1.0.0 (Current), @releaser");
    r.tag("v1.0.0");
    let mut shas = Vec::new();
    for (i, msg) in [
        "http: fix keep-alive\n\nPR-URL: https://github.com/nodejs/node/pull/10\n",
        "fs: add `cp`\n\nPR-URL: https://github.com/nodejs/node/pull/11\n",
        "doc: fix typo\n\nPR-URL: https://github.com/nodejs/node/pull/12\n",
    ]
    .iter()
    .enumerate()
    {
        r.write("a", (i + 1).to_string());
        shas.push(short(r.commit_as(&Sig::new("Jane Doe", "jane@example.com"), msg)));
    }
    shas.reverse();
    (r, shas)
}

fn line(sha: &str, rest: &str) -> String {
    format!("* \\[[`{sha}`]({URL}/commit/{sha})] - {rest}")
}

#[test]
fn default_is_node_markdown_since_the_last_tag() {
    let (r, s) = project();
    let out = git_nodus(&r).arg("changelog").run_ok();
    assert_eq!(
        out.stdout_lines(),
        [
            line(&s[0], &format!("**doc**: fix typo (Jane Doe) [#12]({URL}/pull/12)")),
            line(&s[1], &format!("**fs**: add `cp` (Jane Doe) [#11]({URL}/pull/11)")),
            line(&s[2], &format!("**http**: fix keep-alive (Jane Doe) [#10]({URL}/pull/10)")),
        ]
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn ranges_group_labels_and_formats() {
    let (r, s) = project();
    std::fs::write(r.join("labels.yaml"), "pulls:\n  11: [semver-minor]\n").unwrap();
    let head_1 = git_nodus(&r).args(["changelog", "HEAD~2..HEAD~1", "--labels", "labels.yaml"]).run_ok();
    assert_eq!(
        head_1.stdout_lines(),
        [line(&s[1], &format!("**(SEMVER-MINOR)** **fs**: add `cp` (Jane Doe) [#11]({URL}/pull/11)"))]
    );
    let grouped =
        git_nodus(&r).args(["changelog", "--since-tag", "v1.0.0", "--group", "--format", "node-plain"]).run_ok();
    assert_eq!(
        grouped.stdout_lines(),
        [
            format!("* [{}] - doc: fix typo (Jane Doe) {URL}/pull/12", s[0]),
            format!("* [{}] - fs: add `cp` (Jane Doe) {URL}/pull/11", s[1]),
            format!("* [{}] - http: fix keep-alive (Jane Doe) {URL}/pull/10", s[2]),
        ]
    );
    // Labels from the environment, links from --repo-url.
    let json = git_nodus(&r)
        .args(["changelog", "--json", "--repo-url", "https://github.com/me/fork"])
        .env("NODUS_CHANGELOG_LABELS", r.join("labels.yaml"))
        .run_ok();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["impact"], "minor");
    assert_eq!(v["range"]["from"], "v1.0.0");
    assert_eq!(v["commits"][1]["commit_url"], format!("https://github.com/me/fork/commit/{}", s[1]));
    assert_eq!(v["commits"][1]["pull_request"]["label"], "nodejs/node#11");
    let conventional = git_nodus(&r).args(["changelog", "-f", "conventional"]).run_ok();
    assert_eq!(conventional.stdout_lines()[..3], ["## Unreleased", "", "### Documentation"]);
}

#[test]
fn user_template() {
    let (r, s) = project();
    std::fs::write(r.join("notes.hbs"), "{{#each commits}}{{short_sha}} {{subsystems.[0]}} {{summary}}\n{{/each}}")
        .unwrap();
    let out = git_nodus(&r).args(["changelog", "--template", "notes.hbs"]).run_ok();
    assert_eq!(out.stdout, format!("{} doc fix typo\n{} fs add `cp`\n{} http fix keep-alive\n", s[0], s[1], s[2]));
    std::fs::write(r.join("bad.hbs"), "{{#each commits}}\n").unwrap();
    let out = git_nodus(&r).args(["changelog", "--template", "bad.hbs"]).run_code(1);
    assert!(out.stderr.starts_with("error: template `bad.hbs`: line "), "{out}");
    let out = git_nodus(&r).args(["changelog", "--template", "missing.hbs"]).run_code(1);
    assert!(out.stderr.starts_with("error: cannot read template `missing.hbs`"), "{out}");
}

#[test]
fn write_inserts_the_entry_and_the_index() {
    let (r, s) = project();
    std::fs::create_dir_all(r.join("doc/changelogs")).unwrap();
    std::fs::write(
        r.join("doc/changelogs/CHANGELOG_V1.md"),
        "# Node.js 1 ChangeLog\n\n<a id=\"1.0.0\"></a>\n\n## old entry\n",
    )
    .unwrap();
    let out = git_nodus(&r)
        .args(["changelog", "--write", "doc/changelogs/CHANGELOG_V1.md", "--version", "1.1.0", "--date", "2024-05-01"])
        .args(["--codename", "Argon", "--lts", "--releaser", "targos"])
        .run_ok();
    assert_eq!(out.stdout, "wrote 1.1.0 (3 commits) to doc/changelogs/CHANGELOG_V1.md and CHANGELOG.md\n");
    let text = r.read("doc/changelogs/CHANGELOG_V1.md");
    let expected = format!(
        "# Node.js 1 ChangeLog\n\n<a id=\"1.1.0\"></a>\n\n## 2024-05-01, Version 1.1.0 'Argon' (LTS), @targos\n\n### Notable Changes\n\n\
         No commits in this release are labelled `notable-change`, `semver-minor` or `semver-major`.\n\n### Commits\n\n{}\n{}\n{}\n\n\
         <a id=\"1.0.0\"></a>\n\n## old entry\n",
        line(&s[0], &format!("**doc**: fix typo (Jane Doe) [#12]({URL}/pull/12)")),
        line(&s[1], &format!("**fs**: add `cp` (Jane Doe) [#11]({URL}/pull/11)")),
        line(&s[2], &format!("**http**: fix keep-alive (Jane Doe) [#10]({URL}/pull/10)")),
    );
    assert_eq!(text, expected);
    let index = r.read("CHANGELOG.md");
    assert!(index.contains("<b><a href=\"doc/changelogs/CHANGELOG_V1.md#1.1.0\">1.1.0</a></b><br/>"), "{index}");
    // Same version again: refused, files untouched.
    let out = git_nodus(&r)
        .args([
            "changelog",
            "--write",
            "doc/changelogs/CHANGELOG_V1.md",
            "--version",
            "1.1.0",
            "--date",
            "2024-05-01",
            "--no-index",
        ])
        .run_code(1);
    assert_eq!(out.stderr, "error: changelog `doc/changelogs/CHANGELOG_V1.md`: already has an entry for 1.1.0\n");
    assert_eq!(r.read("doc/changelogs/CHANGELOG_V1.md"), expected);
}

#[test]
fn errors_are_one_line_and_name_the_input() {
    let (mut r, _) = project();
    let err = |args: &[&str], code: i32| git_nodus(&r).args(args).run_code(code).stderr;
    assert!(err(&["changelog", "v9.9.9..HEAD"], 1).starts_with("error: unknown revision `v9.9.9`"));
    assert_eq!(err(&["changelog", "--since-tag", "v7"], 1), "error: no tag named `v7` in this repository\n");
    assert!(err(&["changelog", "HEAD..HEAD"], 1).starts_with("error: empty range `HEAD..HEAD`: it holds no commits"));
    assert!(err(&["changelog", "a...b"], 2).contains("invalid range `a...b`"));
    assert!(err(&["changelog", "--format", "html"], 2).contains("invalid format `html`"));
    assert!(err(&["changelog", "--write", "x.md"], 2).contains("--version"));
    assert!(
        err(&["changelog", "--write", "x.md", "--version", "1.x", "--date", "2024-01-01"], 2)
            .contains("`1.x` is not a semver version")
    );
    assert!(err(&["changelog", "--labels", "nope.yaml"], 1).starts_with("error: cannot read labels file `nope.yaml`"));
    std::fs::write(r.join("bad.yaml"), "pulls: [1]\n").unwrap();
    assert_eq!(
        err(&["changelog", "--labels", "bad.yaml"], 1),
        "error: labels file `bad.yaml`: `pulls` must be a mapping\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).args(["changelog", "-C"]).arg(dir.path()).run_code(1);
    assert!(out.stderr.starts_with(&format!("error: cannot open repository `{}`", dir.path().display())), "{out}");
    assert_eq!(out.stderr.lines().count(), 1, "{out}");
    // Tagged HEAD: the default range is empty, and the error says why.
    r.tag("v1.1.0");
    let out = git_nodus(&r).arg("changelog").run_code(1);
    assert!(out.stderr.starts_with("error: empty range `v1.1.0..HEAD`"), "{out}");
    assert!(out.stderr.contains("<previous tag>..HEAD"), "{out}");
    // A message that is not UTF-8.
    r.write("b", "x");
    let bad = r.commit_bytes(b"lib: caf\xe9\n");
    let out = git_nodus(&r).arg("changelog").run_code(1);
    assert_eq!(out.stderr, format!("error: commit {bad}: message is not valid UTF-8\n"));
}

#[test]
fn no_origin_needs_repo_url_for_node_links() {
    let mut r = GitRepo::new();
    r.write("a", "1");
    r.commit("lib: first\n\nPR-URL: https://github.com/nodejs/node/pull/1\n");
    let out = git_nodus(&r).arg("changelog").run_code(1);
    assert_eq!(
        out.stderr,
        "error: no repository URL for links: add an `origin` remote, set `git config nodus.repoUrl`, or pass --repo-url\n"
    );
    // A package.json's repository (as changelog-maker reads it), a local
    // clone's origin, or git config give one.
    r.write(
        "package.json",
        r#"{"name": "x", "repository": {"type": "git", "url": "git+https://github.com/nodejs/node.git"}}"#,
    );
    let out = git_nodus(&r).arg("changelog").run_ok();
    assert!(out.stdout.contains("(https://github.com/nodejs/node/commit/"), "{out}");
    std::fs::remove_file(r.join("package.json")).unwrap();
    let clone = tempfile::tempdir().unwrap();
    git2::Repository::clone(r.path().to_str().unwrap(), clone.path()).unwrap();
    r.remote("origin", "https://github.com/me/upstream");
    let out = Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).args(["changelog", "HEAD"]).current_dir(clone.path()).run_ok();
    assert!(out.stdout.contains("(https://github.com/me/upstream/commit/"), "{out}");
    r.repo().config().unwrap().set_str("nodus.repoUrl", "https://github.com/me/configured").unwrap();
    let out = git_nodus(&r).arg("changelog").run_ok();
    assert!(out.stdout.contains("(https://github.com/me/configured/commit/"), "{out}");
    // Formats without commit links work without one.
    let out = git_nodus(&r).args(["changelog", "--format", "node-plain"]).run_ok();
    assert!(out.stdout.ends_with(" - lib: first (Test Author) https://github.com/nodejs/node/pull/1\n"), "{out}");
}

#[test]
fn labels_can_come_from_github() {
    let mut r = GitRepo::new();
    r.remote("origin", "https://github.com/demo/demo.git");
    r.write("a", "0");
    r.commit("2024-01-01, Version 1.0.0 (Current), @releaser");
    r.tag("v1.0.0");
    r.write("a", "1");
    let deps = short(r.commit("deps: update zlib\n\nPR-URL: https://github.com/demo/demo/pull/11\n"));
    r.write("a", "2");
    let fs = short(r.commit("fs: fix a crash in readdir\n\nPR-URL: https://github.com/demo/demo/pull/12\n"));
    r.write("a", "3");
    // Another repository's PR 12: must not borrow demo/demo#12's labels.
    let other = short(r.commit("doc: mention upstream\n\nPR-URL: https://github.com/other/demo/pull/12\n"));
    let github = governance::StandIn::start(&nodus_test_support::fixtures_dir().join("release/github"), 0, None)
        .expect("stand-in");
    let out = git_nodus(&r)
        .env("GITHUB_TOKEN", "ghp_secret_never_shown")
        .args(["changelog", "--labels", "github", "--github-url", &github.url()])
        .run_ok();
    let url = "https://github.com/demo/demo";
    assert_eq!(
        out.stdout_lines(),
        [
            format!(
                "* \\[[`{other}`]({url}/commit/{other})] - **doc**: mention upstream (Test Author) [other/demo#12](https://github.com/other/demo/pull/12)"
            ),
            format!(
                "* \\[[`{fs}`]({url}/commit/{fs})] - **(SEMVER-MINOR)** **fs**: fix a crash in readdir (Test Author) [#12]({url}/pull/12)"
            ),
            format!("* \\[[`{deps}`]({url}/commit/{deps})] - **deps**: update zlib (Test Author) [#11]({url}/pull/11)"),
        ],
        "{out}"
    );
    let asked = github.requests();
    assert!(asked.iter().any(|q| q.contains("/repos/demo/demo/issues/11/labels")), "{asked:?}");
    assert!(!asked.iter().any(|q| q.contains("/repos/other/")), "{asked:?}");
    assert!(!out.stdout.contains("ghp_secret") && !out.stderr.contains("ghp_secret"), "{out}");

    // Without a repository to ask about, a clear error.
    let bare = GitRepo::new();
    let out = git_nodus(&bare).args(["changelog", "--labels", "github", "--github-url", &github.url()]).run_code(1);
    assert!(out.stderr.contains("`--labels github` needs the repository"), "{out}");
}
