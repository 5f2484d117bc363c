//! Rendering real repositories in every built-in format, with exact lines.

use std::path::Path;

use changelog::{Format, LabelFile, Range, ReadOptions, RenderOptions, RepoUrl, Template, generate};
use nodus_test_support::{GitRepo, Sig};

const URL: &str = "https://github.com/nodejs/node";

/// A Node-style repository: v1.0.0 (a release commit), then the commits
/// listed (oldest first), each changing a file. Returns the repository and
/// the short shas of the listed commits, newest first.
fn node_repo(commits: &[(&str, &str)]) -> (GitRepo, Vec<String>) {
    let mut r = GitRepo::new();
    r.write("f", "0");
    r.commit("build: initial");
    r.write("f", "1");
    r.commit("2024-01-01, Version 1.0.0 (Current), @releaser");
    r.tag("v1.0.0");
    let mut shas = Vec::new();
    for (i, (author, message)) in commits.iter().enumerate() {
        r.write("f", format!("{}", i + 2));
        let oid = r.commit_as(&Sig::new(author, &format!("{}@example.com", author.len())), message);
        shas.push(oid.to_string()[..10].to_owned());
    }
    shas.reverse();
    (r, shas)
}

fn render(r: &GitRepo, format: Format, group: bool, labels: Option<&str>) -> String {
    let labels = match labels {
        Some(yaml) => LabelFile::parse(Path::new("labels.yaml"), yaml).unwrap(),
        None => LabelFile::default(),
    };
    crate::util::render_since_v1(r, format, group, &labels)
}

fn node_commits() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "Anna Henningsen",
            "http: fix keep-alive leak\n\nPR-URL: https://github.com/nodejs/node/pull/100\nReviewed-By: Rich Trott <rtrott@example.com>\n",
        ),
        ("Rich Trott", "doc: fix typo in `README.md`\n\nPR-URL: https://github.com/nodejs/node/pull/101\n"),
        ("Ruben_Bridgewater", "src,lib: move `a_b` to C++ & more\n\nPR-URL: https://github.com/nodejs/node/pull/102\n"),
        ("Jöhn *Star*", "deps: update undici to 5.0.0\n\nPR-URL: https://github.com/nodejs/undici/pull/103\n"),
        (
            "Colin Ihrig",
            "crypto: fix timing attack\n\nPR-URL: https://github.com/nodejs/node/pull/104\nCVE-ID: CVE-2024-12345\n",
        ),
        (
            "Colin Ihrig",
            "Revert \"http: fix keep-alive leak\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n\nPR-URL: https://github.com/nodejs/node/pull/105\n",
        ),
        ("yagiz", "fs: add `cp` <recursive> option (#106)\n"),
        ("yagiz", "test: see https://example.com/x. and www.example.com\n\nPR-URL: #107\n"),
        ("Anna Henningsen", "tools: no PR here\n"),
        ("Rich Trott", "2024-02-01, Version 1.1.0 (Current), @releaser\n"),
        ("Rich Trott", "Working on v1.1.1\n"),
        (
            "Anna Henningsen",
            "lib: add `util.foo()` [experimental]\n\nPR-URL: https://github.com/nodejs/node/pull/108\n",
        ),
    ]
}

const LABELS: &str =
    "pulls:\n  108: [semver-minor, notable-change]\n  102: [semver-major]\n  100: [dont-land-on-v18.x]\n";

#[test]
fn node_format_is_changelog_makers_markdown() {
    let (r, s) = node_repo(&node_commits());
    let out = render(&r, Format::Node, false, Some(LABELS));
    let c = |i: usize| format!("\\[[`{}`]({URL}/commit/{})]", s[i], s[i]);
    // s[1] and s[2] are the release commits: skipped.
    let expected = [
        format!(
            "* {} - **(SEMVER-MINOR)** **lib**: add `util.foo()` \\[experimental] (Anna Henningsen) [#108]({URL}/pull/108)",
            c(0)
        ),
        format!("* {} - **tools**: no PR here (Anna Henningsen)", c(3)),
        format!(
            "* {} - **test**: see <https://example.com/x>. and [www.example.com](http://www.example.com) (yagiz) [#107]({URL}/pull/107)",
            c(4)
        ),
        format!("* {} - **fs**: add `cp` \\<recursive> option (yagiz) [#106]({URL}/pull/106)", c(5)),
        format!("* {} - _**Revert**_ \"**http**: fix keep-alive leak\" (Colin Ihrig) [#105]({URL}/pull/105)", c(6)),
        format!("* {} - **(CVE-2024-12345)** **crypto**: fix timing attack (Colin Ihrig) [#104]({URL}/pull/104)", c(7)),
        format!(
            "* {} - **deps**: update undici to 5.0.0 (Jöhn \\*Star\\*) [nodejs/undici#103](https://github.com/nodejs/undici/pull/103)",
            c(8)
        ),
        format!(
            "* {} - **(SEMVER-MAJOR)** **src,lib**: move `a_b` to C++ & more (Ruben_Bridgewater) [#102]({URL}/pull/102)",
            c(9)
        ),
        format!("* {} - **doc**: fix typo in `README.md` (Rich Trott) [#101]({URL}/pull/101)", c(10)),
        format!("* {} - **http**: fix keep-alive leak (Anna Henningsen) [#100]({URL}/pull/100)", c(11)),
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "\n{out}");
}

#[test]
fn group_orders_by_subsystem_like_changelog_maker() {
    let (r, _) = node_repo(&node_commits());
    let out = render(&r, Format::Node, true, None);
    let groups: Vec<&str> = out.lines().map(|l| l.split(" - ").nth(1).unwrap().split("**: ").next().unwrap()).collect();
    assert_eq!(
        groups,
        [
            "**(CVE-2024-12345)** **crypto",
            "**deps",
            "**doc",
            "**fs",
            "_**Revert**_ \"**http",
            "**http",
            "**lib",
            "**src,lib",
            "**test",
            "**tools"
        ]
    );
}

#[test]
fn node_plain_lines() {
    let (r, s) = node_repo(&node_commits());
    let out = render(&r, Format::NodePlain, false, Some(LABELS));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("* [{}] - (SEMVER-MINOR) lib: add `util.foo()` [experimental] (Anna Henningsen) {URL}/pull/108", s[0])
    );
    assert_eq!(lines[4], format!("* [{}] - Revert \"http: fix keep-alive leak\" (Colin Ihrig) {URL}/pull/105", s[6]));
    assert_eq!(lines[1], format!("* [{}] - tools: no PR here (Anna Henningsen)", s[3]));
    assert_eq!(lines.len(), 10);
}

fn conventional_commits() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Dev", "feat(parser): add streaming mode\n"),
        ("Dev", "fix: handle empty input\n"),
        ("Dev", "docs: explain --json\n"),
        ("Dev", "perf(http)!: drop the slow path\n"),
        ("Dev", "refactor: split reader\n\nBREAKING CHANGE: `Reader::new` takes a path\n"),
        ("Dev", "chore: tidy\n"),
        ("Dev", "ci: cache registry\n"),
        ("Dev", "build: bump libgit2\n"),
        ("Dev", "test: cover errors\n"),
        ("Dev", "style: rustfmt\n"),
        (
            "Dev",
            "Revert \"fix: handle empty input\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n",
        ),
        ("Dev", "http: node-style title\n"),
        ("Dev", "Update the README\n"),
        ("Dev", "feat: second feature\n"),
    ]
}

#[test]
fn conventional_sections() {
    let (r, s) = node_repo(&conventional_commits());
    let out = render(&r, Format::Conventional, false, None);
    // s is newest first: s[13] is the oldest.
    let l = |i: usize, text: &str| format!("- {text} ([{}]({URL}/commit/{}))", s[i], s[i]);
    let expected = [
        "## Unreleased".to_owned(),
        String::new(),
        "### BREAKING CHANGES".into(),
        String::new(),
        l(10, "**http:** drop the slow path"),
        l(9, "split reader"),
        String::new(),
        "### Features".into(),
        String::new(),
        l(13, "**parser:** add streaming mode"),
        l(0, "second feature"),
        String::new(),
        "### Bug Fixes".into(),
        String::new(),
        l(12, "handle empty input"),
        String::new(),
        "### Performance".into(),
        String::new(),
        l(10, "**http:** drop the slow path"),
        String::new(),
        "### Refactor".into(),
        String::new(),
        l(9, "split reader"),
        String::new(),
        "### Documentation".into(),
        String::new(),
        l(11, "explain --json"),
        String::new(),
        "### Styling".into(),
        String::new(),
        l(4, "rustfmt"),
        String::new(),
        "### Testing".into(),
        String::new(),
        l(5, "cover errors"),
        String::new(),
        "### Build System".into(),
        String::new(),
        l(6, "bump libgit2"),
        String::new(),
        "### Continuous Integration".into(),
        String::new(),
        l(7, "cache registry"),
        String::new(),
        "### Miscellaneous Tasks".into(),
        String::new(),
        l(8, "tidy"),
        String::new(),
        "### Reverts".into(),
        String::new(),
        l(3, "Revert \"fix: handle empty input\""),
        String::new(),
        "### Other".into(),
        String::new(),
        l(2, "http: node-style title"),
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected, "\n{out}");
}

#[test]
fn json_schema() {
    let (r, s) = node_repo(&node_commits());
    let out = render(&r, Format::Json, false, Some(LABELS));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["impact"], "major");
    assert_eq!(v["range"]["from"], "v1.0.0");
    assert_eq!(v["range"]["to"], "HEAD");
    assert_eq!(v["repository"]["base"], URL);
    let commits = v["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 10);
    let first = &commits[0];
    assert_eq!(first["short_sha"], s[0]);
    assert_eq!(first["sha"].as_str().unwrap().len(), 40);
    assert_eq!(first["subsystems"], serde_json::json!(["lib"]));
    assert_eq!(first["labels"], serde_json::json!(["semver-minor", "notable-change"]));
    assert_eq!(first["impact"], "minor");
    assert_eq!(first["notable"], true);
    assert_eq!(first["pull_request"]["number"], 108);
    assert_eq!(first["author"]["name"], "Anna Henningsen");
    assert_eq!(first["author_time"], "2024-01-01T14:00:00Z");
    // Rendering lines are template helpers, not part of the model.
    assert!(first.get("node_markdown").is_none());
    let revert = &commits[4];
    assert_eq!(revert["revert"]["title"], "http: fix keep-alive leak");
    assert_eq!(revert["revert"]["sha"], "0123456789abcdef0123456789abcdef01234567");
}

#[test]
fn user_template_and_its_errors() {
    let (r, s) = node_repo(&node_commits()[..3]);
    let t = Template::parse(
        "mine.hbs",
        "{{#each groups}}{{name}}:{{#each commits}} {{short_sha}}{{/each}}\n{{/each}}{{#each notable}}notable {{summary}}\n{{/each}}",
    )
    .unwrap();
    let labels = LabelFile::parse(Path::new("l.yaml"), "pulls:\n  102: [notable-change]\n").unwrap();
    let options = RenderOptions { repo: None, group: false };
    let data = generate(
        r.repo(),
        &Range::parse("v1.0.0..HEAD").unwrap(),
        &ReadOptions::default(),
        &labels,
        &options,
        t.needs(),
    )
    .unwrap();
    assert_eq!(
        t.render(&data).unwrap(),
        format!("doc: {}\nhttp: {}\nsrc,lib: {}\nnotable move `a_b` to C++ & more\n", s[1], s[2], s[0])
    );
    let err = Template::parse("bad.hbs", "line one\n{{#each commits}}\n").err().unwrap();
    assert!(err.to_string().starts_with("template `bad.hbs`: line "), "{err}");
    // The node format needs links.
    let err = Template::builtin(Format::Node).render(&data).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no repository URL for links: add an `origin` remote, set `git config nodus.repoUrl`, or pass --repo-url"
    );
}

#[test]
fn repo_urls() {
    for url in [
        "https://github.com/nodejs/node",
        "https://github.com/nodejs/node.git",
        "git@github.com:nodejs/node.git",
        "ssh://git@github.com/nodejs/node.git",
        "git://github.com/nodejs/node/",
    ] {
        let r = RepoUrl::parse(url).unwrap();
        assert_eq!((r.base.as_str(), r.owner.as_str(), r.name.as_str()), (URL, "nodejs", "node"), "{url}");
    }
    assert_eq!(RepoUrl::parse("https://gitlab.com/group/sub/proj").unwrap().slug(), "sub/proj");
    assert!(RepoUrl::parse("not a url").unwrap_err().to_string().starts_with("invalid repository URL `not a url`"));
}

#[test]
fn origin_gives_the_links() {
    let (r, _) = node_repo(&node_commits()[..1]);
    r.remote("origin", "git@github.com:nodejs/node.git");
    assert_eq!(RepoUrl::from_origin(r.repo()).unwrap().base, URL);
}
