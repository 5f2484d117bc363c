//! The `node` format against Node's changelog-maker, on a repository of
//! dozens of Node-style commits with every escaping trap we know of.
//!
//! The expected output (`tests/fixtures/changelog/node-markdown.expected`)
//! is what `changelog-maker --markdown` 4.4.50 printed for this repository,
//! shas replaced by `SHA`. With `CHANGELOG_MAKER=/path/to/changelog-maker.js`
//! in the environment the test also runs changelog-maker itself (labels
//! through `CLM_LABELS`, as /work/shared/tools/setup-node-release-peers.sh
//! patches it) and compares line for line.

use std::path::Path;

use changelog::{Format, LabelFile, Range, ReadOptions, RenderOptions, RepoUrl, Template, generate};
use nodus_test_support::{GitRepo, Sig, fixtures_dir};

const SUMMARIES: &[&str] = &[
    "fix keep-alive leak",
    "add `fs.cp` recursive option",
    "use `Buffer.from()` instead of `new Buffer()`",
    "handle <div> & > in output",
    "remove [deprecated] APIs",
    "support R&D &amp; entities &copy; &#123;",
    "see https://github.com/nodejs/node/issues/1234 for context",
    "link www.example.com docs",
    "mail security@nodejs.org now",
    "a_b c_ _d e__f_g",
    "*emph* and ``double`` ticks",
    "odd `backtick count",
    "` spaced code `",
    "back\\slash path C:\\node",
    "percent 100% and $HOME",
    "foo()[0] access",
    "a] b [c",
    "node@20 and v8.x and w.x",
    "pipes | in | text",
    "tilde ~ and a~b",
    "unicode — dash “quotes” é ß 日本",
    "snake_case_name and __proto__",
    "C++ changes for `v8::Local<T>`",
    "!important [link](url) ![img](src)",
    "url https://example.com/path_(x)) trailing).",
    "xhttps://a.b and dns:/ and ps:/x",
    // Index 26: the `(#PR)` form, whose title then ends `space  (#1026)`.
    "ends in a space ",
    "use hw.cpufrequency, not awww.x or HTTPS:/x",
];
const SUBSYSTEMS: &[&str] = &["http", "fs", "src,lib", "test, http", "deps(v8)", "child_process", "node-api", "doc"];
const AUTHORS: &[&str] = &["Anna Henningsen", "Ruben_Bridgewater", "Jöhn *Star*", "dependabot[bot]", "Tobias Nießen"];
const LABELS: &str = r#"{"1000": ["semver-minor"], "1005": ["semver-major", "notable-change"], "1013": ["notable-change", "semver-minor", "lib"]}"#;

fn repo() -> GitRepo {
    let mut r = GitRepo::new();
    r.write("f", "start");
    r.commit("2024-01-01, Version 1.0.0 (Current), @releaser");
    r.tag("v1.0.0");
    for (i, summary) in SUMMARIES.iter().chain(SUMMARIES.iter().take(14)).enumerate() {
        let sub = SUBSYSTEMS[i % SUBSYSTEMS.len()];
        let pr = 1000 + i;
        let (title, trailers) = match i % 6 {
            0 => (format!("{sub}: {summary}"), format!("PR-URL: https://github.com/nodejs/node/pull/{pr}\n")),
            1 => (format!("{sub}: {summary}"), format!("PR-URL: https://github.com/nodejs/undici/pull/{pr}\n")),
            2 => (format!("{sub}: {summary} (#{pr})"), String::new()),
            3 => (
                format!("{sub}: {summary}"),
                format!("PR-URL: https://github.com/nodejs/node/pull/{pr}\nCVE-ID: CVE-2024-{}\n", 20000 + i),
            ),
            4 => (
                format!("Revert \"{sub}: {summary}\""),
                format!("This reverts commit 0123456789abcdef0123456789abcdef01234567.\n\nPR-URL: #{pr}\n"),
            ),
            _ => (
                summary.to_string(),
                format!("PR-URL: https://github.com/nodejs/node/pull/{pr}\nReviewed-By: Someone <s@example.com>\n"),
            ),
        };
        r.write("f", i.to_string());
        let author = AUTHORS[i % AUTHORS.len()];
        r.commit_as(&Sig::new(author, "a@example.com"), &format!("{title}\n\n{trailers}"));
    }
    r
}

fn ours(r: &GitRepo, group: bool) -> String {
    let labels = LabelFile::parse(Path::new("labels.json"), LABELS).unwrap();
    crate::util::render_since_v1(r, Format::Node, group, &labels)
}

/// Shas (ten hex digits in a code span or after `/commit/`) become `SHA`.
fn without_shas(text: &str) -> String {
    let re = regex::Regex::new(r"(`|/commit/|\[)[0-9a-f]{10}").unwrap();
    re.replace_all(text, "${1}SHA").into_owned()
}

#[test]
fn node_format_equals_changelog_makers_output() {
    let r = repo();
    let out = ours(&r, false);
    let expected = std::fs::read_to_string(fixtures_dir().join("changelog/node-markdown.expected")).unwrap();
    let (got, want) = (without_shas(&out), expected);
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "line {}", i + 1);
    }
    assert_eq!(got.lines().count(), want.lines().count());
    if let Ok(cm) = std::env::var("CHANGELOG_MAKER") {
        let labels = r.join("labels.json");
        std::fs::write(&labels, LABELS).unwrap();
        for group in [false, true] {
            let mut cmd = std::process::Command::new("node");
            cmd.arg(&cm).args(["nodejs", "node", "--markdown", "--start-ref=v1.0.0", "--filter-release"]);
            if group {
                cmd.arg("--group");
            }
            let theirs = cmd.current_dir(r.path()).env("CLM_LABELS", &labels).env("NO_COLOR", "1").output().unwrap();
            assert!(theirs.status.success(), "{}", String::from_utf8_lossy(&theirs.stderr));
            let theirs = String::from_utf8(theirs.stdout).unwrap();
            let ours = ours(&r, group);
            for (i, (o, t)) in ours.lines().zip(theirs.lines()).enumerate() {
                assert_eq!(o, t, "group={group} line {}", i + 1);
            }
            assert_eq!(ours.lines().count(), theirs.lines().count());
        }
    }
}

/// Regenerates the expected file from changelog-maker:
/// `CHANGELOG_MAKER=… cargo test -p nodus-changelog -- --ignored regenerate`.
#[test]
#[ignore = "writes the fixture from a real changelog-maker"]
fn regenerate_expected_from_changelog_maker() {
    let cm = std::env::var("CHANGELOG_MAKER").expect("CHANGELOG_MAKER=/path/to/changelog-maker.js");
    let r = repo();
    let labels = r.join("labels.json");
    std::fs::write(&labels, LABELS).unwrap();
    let theirs = std::process::Command::new("node")
        .arg(&cm)
        .args(["nodejs", "node", "--markdown", "--start-ref=v1.0.0", "--filter-release"])
        .current_dir(r.path())
        .env("CLM_LABELS", &labels)
        .output()
        .unwrap();
    assert!(theirs.status.success());
    let text = without_shas(&String::from_utf8(theirs.stdout).unwrap());
    std::fs::write(fixtures_dir().join("changelog/node-markdown.expected"), text).unwrap();
}

// --- Conventional sections against git-cliff ------------------------------------

const CONVENTIONAL: &[&str] = &[
    "feat(parser): add streaming mode",
    "fix: handle empty input",
    "docs: explain the --json flag",
    "perf(http)!: drop the slow path",
    "refactor(core): split the reader\n\nBREAKING CHANGE: `Reader::new` takes a path",
    "chore: tidy imports",
    "ci: cache the registry",
    "build(deps): bump libgit2",
    "test: cover error paths",
    "style: rustfmt",
    "revert: undo the cache change",
    "feat!: new config format",
    "fix(cli): exit 2 on usage errors",
    "doc: fix a link",
    "tests(api): more cases",
    "http: a Node-style title",
    "Update the README",
    "feat(api): add `Reader::peek`\n\nLonger text.\n\nRefs: #12",
    "fix(parser): off-by-one in ranges",
    "perf: faster hash map",
];

fn conventional_repo() -> GitRepo {
    let mut r = GitRepo::new();
    r.write("f", "start");
    r.commit("chore(release): 1.0.0");
    r.tag("v1.0.0");
    for (i, message) in CONVENTIONAL.iter().chain(CONVENTIONAL.iter().take(16)).enumerate() {
        r.write("f", i.to_string());
        let message = if i == 30 {
            format!("Revert \"{message}\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.")
        } else {
            message.to_string()
        };
        r.commit(&format!("{message}\n"));
    }
    r
}

fn ours_conventional(r: &GitRepo) -> String {
    let options =
        RenderOptions { repo: Some(RepoUrl::parse("https://github.com/example/project").unwrap()), group: false };
    let t = Template::builtin(Format::Conventional);
    let labels = LabelFile::default();
    let data = generate(
        r.repo(),
        &Range::parse("v1.0.0..HEAD").unwrap(),
        &ReadOptions::default(),
        &labels,
        &options,
        t.needs(),
    )
    .unwrap();
    t.render(&data).unwrap()
}

fn git_cliff(r: &GitRepo, cliff: &str) -> String {
    let config =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/cliff-conventional.toml"))
            .unwrap();
    let config_path = r.join("cliff.toml");
    std::fs::write(&config_path, config.replace("REPO_URL", "https://github.com/example/project")).unwrap();
    let out = std::process::Command::new(cliff)
        .arg("-c")
        .arg(&config_path)
        .arg("v1.0.0..HEAD")
        .current_dir(r.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Our `conventional` format puts the same commits under the same sections,
/// in the same order, as git-cliff given `bench/cliff-conventional.toml`
/// (expected output: `tests/fixtures/changelog/conventional.expected`, from
/// git-cliff 2.14; live with `GIT_CLIFF=/path/to/git-cliff`). Shas become `SHA`.
#[test]
fn conventional_format_equals_git_cliffs_grouping() {
    let r = conventional_repo();
    let ours = without_shas(&ours_conventional(&r));
    let expected = std::fs::read_to_string(fixtures_dir().join("changelog/conventional.expected")).unwrap();
    assert_eq!(ours.trim_end(), expected.trim_end());
    if let Ok(cliff) = std::env::var("GIT_CLIFF") {
        assert_eq!(ours.trim_end(), without_shas(&git_cliff(&r, &cliff)).trim_end());
    }
}

/// `GIT_CLIFF=… cargo test -p nodus-changelog -- --ignored regenerate_conventional`.
#[test]
#[ignore = "writes the fixture from a real git-cliff"]
fn regenerate_conventional_from_git_cliff() {
    let cliff = std::env::var("GIT_CLIFF").expect("GIT_CLIFF=/path/to/git-cliff");
    let text = without_shas(&git_cliff(&conventional_repo(), &cliff));
    std::fs::write(fixtures_dir().join("changelog/conventional.expected"), text.trim_end().to_owned() + "\n").unwrap();
}
