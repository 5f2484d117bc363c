//! `git nodus release prepare/promote` on a project with two LTS lines (v20
//! 'Iron', v22 'Jod') and a Current line (v23), over several cycles; and
//! the all-or-nothing promise, checked by failing on purpose.

use nodus_test_support::{Cmd, GitRepo, Sig, Snapshot};

const POLICY: &str = "\
project: Demo
changelog:
  labels: labels.yaml
  repo_url: https://github.com/demo/demo
version_files:
  - path: Cargo.toml
    pattern: 'version = \"{version}\"'
  - path: package.json
    pattern: '\"version\": \"{version}\"'
  - path: include/demo_version.h
    patterns:
      - '#define DEMO_MAJOR_VERSION {major}'
      - '#define DEMO_MINOR_VERSION {minor}'
      - '#define DEMO_PATCH_VERSION {patch}'
      - '#define DEMO_VERSION_IS_RELEASE {is_release}'
      - '#define DEMO_VERSION_IS_LTS {is_lts}'
      - '#define DEMO_VERSION_LTS_CODENAME \"{codename}\"'
schedule:
  v20:
    start: 2023-04-18
    lts: 2023-10-24
    maintenance: 2024-10-22
    end: 2026-04-30
    codename: Iron
  v22:
    start: 2024-04-24
    lts: 2024-10-29
    maintenance: 2025-10-21
    end: 2027-04-30
    codename: Jod
  v23:
    start: 2024-10-16
    maintenance: 2025-04-01
    end: 2025-06-01
";

const LABELS: &str = "\
pulls:
  11: [notable-change]
  21: [semver-minor]
  22: [semver-minor, notable-change]
  31: [semver-major]
";

fn version_files(repo: &GitRepo, version: &str, release: bool, codename: &str) {
    repo.write(
        "Cargo.toml",
        format!(
            "[workspace]\nmembers = [\"demo\"]\n\n[workspace.package]\nversion = \"{version}\"\nedition = \"2024\"\n"
        ),
    );
    repo.write(
        "package.json",
        format!("{{\n  \"name\": \"demo\",\n  \"version\": \"{version}\",\n  \"private\": true\n}}\n"),
    );
    repo.write("include/demo_version.h", header(version, release, codename));
}

/// A landed change, Node style, with its PR-URL.
fn land(repo: &mut GitRepo, who: &Sig, file: &str, title: &str, pr: u32) {
    repo.write(file, format!("{title}\n"));
    repo.commit_as(
        who,
        &format!(
            "{title}\n\nPR-URL: https://github.com/demo/demo/pull/{pr}\nReviewed-By: Rev Iewer <rev@example.com>\n"
        ),
    );
}

fn alice() -> Sig {
    Sig::new("Alice Example", "alice@example.com")
}

fn bob() -> Sig {
    Sig::new("Bob Example", "bob@example.com")
}

/// `git nodus …` in `repo`, with fixed commit dates so hashes are stable.
fn nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus"))
        .current_dir(repo.path())
        .env("GIT_AUTHOR_DATE", "@1735689600 +0000")
        .env("GIT_COMMITTER_DATE", "@1735689600 +0000")
        .env("GIT_CONFIG_NOSYSTEM", "1")
}

fn git(repo: &GitRepo) -> Cmd {
    Cmd::new("git").current_dir(repo.path()).env("GIT_CONFIG_NOSYSTEM", "1")
}

/// The project: v20.9.0 'Iron' released (by hand) on main, line v20 cut
/// from it, fixes on v20.x-staging; main moved on to 22.0.0 with features.
fn project() -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write("release.yaml", POLICY);
    repo.write("labels.yaml", LABELS);
    repo.write("README.md", "# Demo\n");
    version_files(&repo, "20.9.0", true, "Iron");
    repo.commit("2023-10-24, Version 20.9.0 'Iron' (LTS)\n\nNotable changes:\n\nStarts LTS.\n");
    repo.tag("v20.9.0");
    nodus(&repo).args(["line", "create", "20", "--from", "v20.9.0"]).run_ok();
    // main: the next major.
    version_files(&repo, "22.0.0", false, "");
    repo.commit("build: start the 22.x line");
    land(&mut repo, &alice(), "lib/http.js", "http: add server.closeIdle()", 21);
    land(&mut repo, &bob(), "lib/url.js", "url: handle empty hosts", 23);
    // v20.x-staging: fixes.
    repo.checkout("v20.x-staging");
    land(&mut repo, &bob(), "src/zlib.c", "deps: update zlib to 1.3.1", 11);
    land(&mut repo, &alice(), "lib/fs.js", "fs: fix a crash in readdir", 12);
    repo.checkout("main");
    repo
}

fn header(version: &str, release: bool, codename: &str) -> String {
    let v: Vec<&str> = version.split('.').collect();
    format!(
        "#ifndef DEMO_VERSION_H\n#define DEMO_VERSION_H\n\n#define DEMO_MAJOR_VERSION {}\n#define DEMO_MINOR_VERSION {}\n#define DEMO_PATCH_VERSION {}\n\n#define DEMO_VERSION_IS_RELEASE {}\n#define DEMO_VERSION_IS_LTS {}\n#define DEMO_VERSION_LTS_CODENAME \"{codename}\"\n\n#endif\n",
        v[0],
        v[1],
        v[2],
        u8::from(release),
        u8::from(!codename.is_empty()),
    )
}

fn tag_message(repo: &GitRepo, tag: &str) -> String {
    let t = repo.repo().revparse_single(&format!("refs/tags/{tag}")).unwrap().peel_to_tag().unwrap();
    t.message().unwrap().unwrap().to_owned()
}

fn title(repo: &GitRepo, rev: &str) -> String {
    repo.message(rev).lines().next().unwrap().to_owned()
}

#[test]
fn release_cycles_on_two_lts_lines_and_a_current_line() {
    let mut repo = project();

    // --- v20.9.1 'Iron' (LTS): a patch release from v20.x-staging --------
    repo.checkout("v20.x-staging");
    let out = nodus(&repo).args(["release", "prepare", "--date", "2024-11-05", "--releaser", "rel"]).run_ok();
    assert!(out.stdout.starts_with("Release 20.9.1 'Iron' (LTS) on line v20, 2024-11-05\n"), "{out}");
    assert_eq!(repo.repo().head().unwrap().shorthand().unwrap(), "v20.9.1-proposal", "the proposal is checked out");
    assert_eq!(title(&repo, "HEAD"), "2024-11-05, Version 20.9.1 'Iron' (LTS)");
    assert_eq!(
        repo.message("HEAD"),
        "2024-11-05, Version 20.9.1 'Iron' (LTS)\n\nNotable changes:\n\n\
         * [645fc2bbc9] - deps: update zlib to 1.3.1 (Bob Example) https://github.com/demo/demo/pull/11\n"
    );
    assert_eq!(repo.read("include/demo_version.h"), header("20.9.1", true, "Iron"));
    assert!(repo.read("Cargo.toml").contains("\nversion = \"20.9.1\"\n"));
    assert!(repo.read("package.json").contains("\"version\": \"20.9.1\","));
    assert_eq!(
        repo.read("doc/changelogs/CHANGELOG_V20.md"),
        "# Demo 20 ChangeLog\n\n<table>\n<tr>\n<th>LTS 'Iron'</th>\n</tr>\n<tr>\n<td>\n<a href=\"#20.9.1\">20.9.1</a><br/>\n</td>\n</tr>\n</table>\n\n\
         <a id=\"20.9.1\"></a>\n\n## 2024-11-05, Version 20.9.1 'Iron' (LTS), @rel\n\n### Notable Changes\n\n\
         * \\[[`645fc2bbc9`](https://github.com/demo/demo/commit/645fc2bbc9)] - **deps**: update zlib to 1.3.1 (Bob Example) [#11](https://github.com/demo/demo/pull/11)\n\n\
         ### Commits\n\n\
         * \\[[`645fc2bbc9`](https://github.com/demo/demo/commit/645fc2bbc9)] - **deps**: update zlib to 1.3.1 (Bob Example) [#11](https://github.com/demo/demo/pull/11)\n\
         * \\[[`833b939234`](https://github.com/demo/demo/commit/833b939234)] - **fs**: fix a crash in readdir (Alice Example) [#12](https://github.com/demo/demo/pull/12)\n"
    );
    let release_201 = repo.head();
    let out = nodus(&repo).args(["release", "promote", "v20.9.1-proposal"]).run_ok();
    assert!(
        out.stdout.contains(
            "git push --atomic <remote> refs/heads/v20.x refs/heads/v20.x-staging refs/heads/main refs/tags/v20.9.1"
        ),
        "{out}"
    );
    assert_eq!(tag_message(&repo, "v20.9.1"), "2024-11-05 Demo v20.9.1 'Iron' (LTS) Release\n");
    assert_eq!(repo.rev("v20.9.1"), release_201);
    assert_eq!(repo.rev("v20.x"), release_201, "the release branch is at the release commit");
    assert_eq!(title(&repo, "v20.x-staging"), "Working on v20.9.2");
    assert_eq!(repo.rev("v20.x-staging~1"), release_201);
    assert_eq!(repo.show("v20.x-staging", "include/demo_version.h"), header("20.9.2", false, "Iron"));
    // main got the changelog files only, not the version bump.
    assert_eq!(title(&repo, "main"), "2024-11-05, Version 20.9.1 'Iron' (LTS)");
    assert_eq!(
        repo.show("main", "doc/changelogs/CHANGELOG_V20.md"),
        repo.show("v20.9.1", "doc/changelogs/CHANGELOG_V20.md")
    );
    assert_eq!(repo.show("main", "include/demo_version.h"), header("22.0.0", false, ""));
    assert_eq!(repo.show("main", "CHANGELOG.md"), repo.show("v20.9.1", "CHANGELOG.md"));

    // --- v22.0.0 (Current): a new line's first release from main ----------
    repo.checkout("main");
    nodus(&repo).args(["line", "create", "22", "--from", "main"]).run_ok();
    let out =
        nodus(&repo).args(["release", "prepare", "--line", "22", "--date", "2024-04-24", "--releaser", "rel"]).run_ok();
    assert!(out.stdout.starts_with("Release 22.0.0 (Current) on line v22, 2024-04-24\n"), "{out}");
    assert!(out.stdout.contains("since v20.9.0: 3 commits, semver minor"), "{out}");
    assert_eq!(repo.read("include/demo_version.h"), header("22.0.0", true, ""));
    let v22 = repo.read("doc/changelogs/CHANGELOG_V22.md");
    assert!(v22.starts_with("# Demo 22 ChangeLog\n\n<table>\n<tr>\n<th>Current</th>\n"), "{v22}");
    assert!(v22.contains("## 2024-04-24, Version 22.0.0 (Current), @rel\n"));
    assert!(v22.contains("**(SEMVER-MINOR)** **http**: add server.closeIdle() (Alice Example)"));
    assert!(v22.contains("**url**: handle empty hosts (Bob Example)"));
    nodus(&repo).args(["release", "promote", "v22.0.0-proposal"]).run_ok();
    assert_eq!(tag_message(&repo, "v22.0.0"), "2024-04-24 Demo v22.0.0 (Current) Release\n");
    assert_eq!(title(&repo, "v22.x-staging"), "Working on v22.0.1");
    let index = repo.show("main", "CHANGELOG.md");
    assert!(index.contains("<th title=\"Current\"><a href=\"doc/changelogs/CHANGELOG_V22.md\">22</a> (Current)</th>\n<th title=\"LTS\"><a href=\"doc/changelogs/CHANGELOG_V20.md\">20</a> (LTS)</th>"), "{index}");

    // --- v22.1.0 'Jod' (LTS): the LTS transition, with a commit landing on
    // staging while the proposal is reviewed -------------------------------
    repo.checkout("v22.x-staging");
    land(&mut repo, &bob(), "lib/fs2.js", "fs: add fs.glob()", 22);
    let out = nodus(&repo)
        .args(["release", "prepare", "--date", "2024-10-29", "--start-lts", "Jod", "--releaser", "rel"])
        .run_ok();
    assert!(out.stdout.starts_with("Release 22.1.0 'Jod' (LTS) on line v22, 2024-10-29\n"), "{out}");
    assert_eq!(repo.read("include/demo_version.h"), header("22.1.0", true, "Jod"));
    let msg = repo.message("HEAD");
    assert!(msg.starts_with("2024-10-29, Version 22.1.0 'Jod' (LTS)\n\nNotable changes:\n\nThis release moves Demo 22.x into Long Term Support (LTS) with the\ncodename 'Jod'."), "{msg}");
    let v22 = repo.read("doc/changelogs/CHANGELOG_V22.md");
    assert!(v22.starts_with("# Demo 22 ChangeLog\n\n<table>\n<tr>\n<th>LTS 'Jod'</th>\n<th>Current</th>\n"), "{v22}");
    assert!(v22.contains("### Notable Changes\n\nThis release moves Demo 22.x into Long Term Support (LTS) with the codename\n'Jod'. The 22.x line is \"Active LTS\" until October 2025, then \"Maintenance\"\nuntil its end of life in April 2027.\n\n"), "{v22}");
    repo.checkout("v22.x-staging");
    land(&mut repo, &alice(), "lib/late.js", "lib: fix a late bug", 24);
    repo.checkout("main");
    let out = nodus(&repo).args(["release", "promote", "v22.1.0-proposal"]).run_ok();
    assert!(out.stdout.contains("+ Working on v22.1.1\n") && out.stdout.contains("+ lib: fix a late bug\n"), "{out}");
    assert_eq!(title(&repo, "v22.x-staging"), "lib: fix a late bug", "landed commits are replayed on top");
    assert_eq!(title(&repo, "v22.x-staging~1"), "Working on v22.1.1");
    assert_eq!(repo.rev("v22.x-staging~2"), repo.rev("v22.1.0"));
    assert_eq!(repo.rev("v22.x"), repo.rev("v22.1.0"));
    assert_eq!(tag_message(&repo, "v22.1.0"), "2024-10-29 Demo v22.1.0 'Jod' (LTS) Release\n");
    // main was checked out and moved: the work tree follows it.
    assert_eq!(repo.read("doc/changelogs/CHANGELOG_V22.md"), repo.show("v22.1.0", "doc/changelogs/CHANGELOG_V22.md"));
    assert!(
        repo.read("CHANGELOG.md")
            .contains("<th title=\"LTS\"><a href=\"doc/changelogs/CHANGELOG_V22.md\">22</a> (LTS)</th>")
    );
    git(&repo).args(["diff", "--exit-code", "HEAD"]).run_ok();

    // --- v22.1.1: the next LTS release knows its codename ------------------
    repo.checkout("v22.x-staging");
    let out = nodus(&repo).args(["release", "prepare", "--date", "2024-11-12", "--releaser", "rel"]).run_ok();
    assert!(out.stdout.starts_with("Release 22.1.1 'Jod' (LTS) on line v22, 2024-11-12\n"), "{out}");
    nodus(&repo).args(["release", "promote", "v22.1.1-proposal"]).run_ok();
    let v22 = repo.show("v22.x", "doc/changelogs/CHANGELOG_V22.md");
    assert!(v22.contains("<th>LTS 'Jod'</th>\n<th>Current</th>\n</tr>\n<tr>\n<td>\n<a href=\"#22.1.1\">22.1.1</a><br/>\n<a href=\"#22.1.0\">22.1.0</a><br/>\n</td>\n<td>\n<a href=\"#22.0.0\">22.0.0</a><br/>\n</td>"), "{v22}");
    let sections: Vec<&str> = v22.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections,
        [
            "## 2024-11-12, Version 22.1.1 'Jod' (LTS), @rel",
            "## 2024-10-29, Version 22.1.0 'Jod' (LTS), @rel",
            "## 2024-04-24, Version 22.0.0 (Current), @rel"
        ]
    );
    assert!(v22.contains("**lib**: fix a late bug (Alice Example)"), "the replayed commit is in 22.1.1");

    // --- v23.0.0 (Current) from main, a security release ------------------
    repo.checkout("main");
    version_files(&repo, "23.0.0", false, "");
    repo.commit("build: start the 23.x line");
    land(&mut repo, &bob(), "lib/net.js", "net: fix a socket leak", 32);
    nodus(&repo).args(["line", "create", "23", "--from", "main"]).run_ok();
    let out = nodus(&repo)
        .args([
            "release",
            "prepare",
            "--line",
            "23",
            "--security",
            "--version",
            "23.0.0",
            "--date",
            "2024-10-16",
            "--releaser",
            "rel",
        ])
        .run_ok();
    assert!(out.stdout.starts_with("Release 23.0.0 (Current) on line v23, 2024-10-16\n"), "{out}");
    assert!(
        repo.message("HEAD")
            .starts_with("2024-10-16, Version 23.0.0 (Current)\n\nThis is a security release.\n\nNotable changes:\n")
    );
    assert!(
        repo.read("doc/changelogs/CHANGELOG_V23.md").contains("### Notable Changes\n\nThis is a security release.\n\n")
    );
    nodus(&repo).args(["release", "promote", "v23.0.0-proposal"]).run_ok();

    // The lines, as `line list` sees them.
    let out = nodus(&repo).args(["line", "list", "--date", "2024-11-20"]).run_ok();
    let rows: Vec<Vec<&str>> = out.stdout_lines()[1..].iter().map(|l| l.split_whitespace().collect()).collect();
    let summary: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (r[0], r[r.len() - 4], r[r.len() - 2], r[r.len() - 1])).collect();
    assert_eq!(
        summary,
        [
            ("v20", "v20.x-staging", "v20.9.1", "0"),
            ("v22", "v22.x-staging", "v22.1.1", "0"),
            ("v23", "v23.x-staging", "v23.0.0", "0")
        ],
        "{out}"
    );
    assert!(
        out.stdout.contains("v20   Maintenance")
            && out.stdout.contains("v22   Active LTS")
            && out.stdout.contains("v23   Current"),
        "{out}"
    );

    // Every tag names its release commit, and the index lists everything.
    for (tag, t) in [
        ("v20.9.1", "2024-11-05, Version 20.9.1 'Iron' (LTS)"),
        ("v22.0.0", "2024-04-24, Version 22.0.0 (Current)"),
        ("v22.1.0", "2024-10-29, Version 22.1.0 'Jod' (LTS)"),
        ("v22.1.1", "2024-11-12, Version 22.1.1 'Jod' (LTS)"),
        ("v23.0.0", "2024-10-16, Version 23.0.0 (Current)"),
    ] {
        assert_eq!(title(&repo, tag), t);
    }
    assert_eq!(repo.show("main", "CHANGELOG.md"), EXPECTED_INDEX);
}

/// The root index on main after all the releases above.
const EXPECTED_INDEX: &str = "# Demo ChangeLog\n\
\n\
Select a version below to view its changelog history:\n\
\n\
* [Demo 20](doc/changelogs/CHANGELOG_V20.md)\n\
\n\
<table>\n\
<tr>\n\
<th title=\"Current\"><a href=\"doc/changelogs/CHANGELOG_V23.md\">23</a> (Current)</th>\n\
<th title=\"LTS\"><a href=\"doc/changelogs/CHANGELOG_V22.md\">22</a> (LTS)</th>\n\
<th title=\"LTS\"><a href=\"doc/changelogs/CHANGELOG_V20.md\">20</a> (LTS)</th>\n\
</tr>\n\
<tr>\n\
<td valign=\"top\">\n\
<b><a href=\"doc/changelogs/CHANGELOG_V23.md#23.0.0\">23.0.0</a></b><br/>\n\
</td>\n\
<td valign=\"top\">\n\
<b><a href=\"doc/changelogs/CHANGELOG_V22.md#22.1.1\">22.1.1</a></b><br/>\n\
<a href=\"doc/changelogs/CHANGELOG_V22.md#22.1.0\">22.1.0</a><br/>\n\
<a href=\"doc/changelogs/CHANGELOG_V22.md#22.0.0\">22.0.0</a><br/>\n\
</td>\n\
<td valign=\"top\">\n\
<b><a href=\"doc/changelogs/CHANGELOG_V20.md#20.9.1\">20.9.1</a></b><br/>\n\
</td>\n\
</tr>\n\
</table>\n\
";

#[test]
fn semver_major_commits_are_refused_on_a_stable_line() {
    let mut repo = project();
    repo.checkout("v20.x-staging");
    land(&mut repo, &bob(), "lib/x.js", "lib: remove a deprecated API", 31);
    let before = repo.snapshot();
    let out = nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_code(1);
    assert!(out.stderr.contains("semver-major changes cannot ship on v20"), "{out}");
    assert!(out.stderr.contains("\"lib: remove a deprecated API\""), "{out}");
    assert_eq!(repo.snapshot(), before);
    // --version overrides.
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05", "--version", "20.10.0"]).run_ok();
    assert_eq!(title(&repo, "HEAD"), "2024-11-05, Version 20.10.0 'Iron' (LTS)");
}

#[test]
fn replaceme_tokens_in_docs_become_the_version() {
    let mut repo = project();
    repo.write("release.yaml", format!("{POLICY}replace:\n  - files: 'doc/api/*.md'\n    token: REPLACEME\n"));
    repo.commit("build: replace REPLACEME at release");
    repo.checkout("v20.x-staging");
    repo.write("release.yaml", format!("{POLICY}replace:\n  - files: 'doc/api/*.md'\n    token: REPLACEME\n"));
    repo.write("doc/api/fs.md", "## fs.glob()\n<!-- YAML\nadded: REPLACEME\n-->\nSee also REPLACEME.\n");
    repo.write("doc/api/deep/x.md", "REPLACEME\n");
    repo.write("doc/guide.md", "REPLACEME\n");
    repo.commit("fs: document glob\n\nPR-URL: https://github.com/demo/demo/pull/14\n");
    let out = nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    assert!(out.stdout.contains("  file     doc/api/fs.md\n             2 × REPLACEME → v20.9.1\n"), "{out}");
    assert_eq!(repo.read("doc/api/fs.md"), "## fs.glob()\n<!-- YAML\nadded: v20.9.1\n-->\nSee also v20.9.1.\n");
    assert_eq!(repo.read("doc/api/deep/x.md"), "REPLACEME\n", "`*` stays within a folder");
    assert_eq!(repo.read("doc/guide.md"), "REPLACEME\n");
}

#[test]
fn the_schedule_decides_lts() {
    let repo = project();
    // v22 has no release yet; on its LTS date the schedule wants --start-lts.
    nodus(&repo).args(["line", "create", "22", "--from", "main"]).run_ok();
    let out = nodus(&repo).args(["release", "prepare", "--line", "22", "--date", "2024-11-01"]).run_code(1);
    assert!(out.stderr.contains("puts v22 in LTS since 2024-10-29"), "{out}");
    assert!(out.stderr.contains("pass --start-lts Jod"), "{out}");
    let out = nodus(&repo)
        .args(["release", "prepare", "--line", "22", "--date", "2024-11-01", "--start-lts", "Iodine"])
        .run_code(1);
    assert!(out.stderr.contains("gives v22 the codename 'Jod'"), "{out}");
    // v23 is never LTS.
    nodus(&repo).args(["line", "create", "23", "--from", "main"]).run_ok();
    let out = nodus(&repo).args(["release", "prepare", "--line", "23", "--start-lts", "Xenon"]).run_code(1);
    assert!(out.stderr.contains("gives v23 no `lts` date"), "{out}");
}

#[test]
fn dry_runs_change_nothing() {
    let repo = project();
    repo.checkout("v20.x-staging");
    let before = repo.snapshot();
    let out = nodus(&repo).args(["release", "prepare", "--date", "2024-11-05", "--dry-run"]).run_ok();
    assert!(out.stdout.contains("  branch   v20.9.1-proposal (new, checked out)\n"), "{out}");
    assert!(
        out.stdout.contains("  file     include/demo_version.h\n             line 6: #define DEMO_PATCH_VERSION 1\n"),
        "{out}"
    );
    assert!(out.stdout.contains("  file     doc/changelogs/CHANGELOG_V20.md (new)\n"), "{out}");
    assert!(out.stdout.contains("    | 2024-11-05, Version 20.9.1 'Iron' (LTS)\n"), "{out}");
    assert!(out.stdout.ends_with("Dry run: nothing changed.\n"), "{out}");
    assert_eq!(repo.snapshot(), before);

    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    let before = repo.snapshot();
    let objects = object_files(&repo);
    let out = nodus(&repo).args(["release", "promote", "v20.9.1-proposal", "--dry-run"]).run_ok();
    assert!(
        out.stdout.contains("  tag      v20.9.1 (annotated): 2024-11-05 Demo v20.9.1 'Iron' (LTS) Release\n"),
        "{out}"
    );
    assert!(out.stdout.contains("+ Working on v20.9.2\n"), "{out}");
    assert_eq!(repo.snapshot(), before);
    assert_eq!(object_files(&repo), objects, "the commits a dry run builds stay in memory");
}

/// Every file under `.git/objects`.
fn object_files(repo: &GitRepo) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![repo.repo().path().join("objects")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { stack.push(path) } else { out.push(path) }
        }
    }
    out.sort();
    out
}

/// Runs `args`, expects failure with `message` in stderr, and checks that
/// every ref, HEAD, the index and every work-tree file are as before.
fn fails_and_changes_nothing(repo: &GitRepo, args: &[&str], message: &str) {
    let before = repo.snapshot();
    let out = nodus(repo).args(args).run_code(1);
    assert!(out.stderr.contains(message), "expected `{message}`\n{out}");
    let after = repo.snapshot();
    assert_eq!(after.refs, before.refs, "refs changed\n{out}");
    assert_eq!(after.head, before.head, "HEAD changed\n{out}");
    assert!(after.index == before.index, "the index changed\n{out}");
    assert_eq!(after.files, before.files, "the work tree changed\n{out}");
}

#[test]
fn prepare_fails_whole() {
    let mut repo = project();
    repo.checkout("v20.x-staging");
    // A version file pattern that no longer matches.
    repo.write("include/demo_version.h", header("20.9.0", true, "Iron").replace("DEMO_PATCH_VERSION", "DEMO_PATCH"));
    repo.commit("src: rename a macro");
    fails_and_changes_nothing(
        &repo,
        &["release", "prepare", "--date", "2024-11-05"],
        "version file `include/demo_version.h`: pattern `#define DEMO_PATCH_VERSION {patch}` (",
    );
    repo.write("include/demo_version.h", header("20.9.0", true, "Iron"));
    repo.commit("src: restore the macro");
    // The tag of the computed version exists (on another branch).
    {
        let main = repo.repo().revparse_single("main").unwrap();
        repo.repo().tag_lightweight("v20.9.1", &main, false).unwrap();
    }
    fails_and_changes_nothing(&repo, &["release", "prepare", "--date", "2024-11-05"], "tag `v20.9.1` already exists");
    repo.repo().find_reference("refs/tags/v20.9.1").unwrap().delete().unwrap();
    // The proposal branch exists.
    repo.branch("v20.9.1-proposal");
    fails_and_changes_nothing(
        &repo,
        &["release", "prepare", "--date", "2024-11-05"],
        "branch `v20.9.1-proposal` already exists",
    );
    repo.repo().find_branch("v20.9.1-proposal", git2::BranchType::Local).unwrap().delete().unwrap();
    // An untracked file where the release writes one: the checkout fails
    // after the proposal ref was ready, and is undone.
    repo.write("doc/changelogs/CHANGELOG_V20.md", "my notes\n");
    fails_and_changes_nothing(
        &repo,
        &["release", "prepare", "--date", "2024-11-05"],
        "untracked file in the way of `v20.9.1-proposal`: doc/changelogs/CHANGELOG_V20.md; move it away",
    );
    assert_eq!(repo.read("doc/changelogs/CHANGELOG_V20.md"), "my notes\n");
    std::fs::remove_file(repo.join("doc/changelogs/CHANGELOG_V20.md")).unwrap();
    // A dirty work tree, an operation in progress.
    repo.write("README.md", "edited\n");
    fails_and_changes_nothing(&repo, &["release", "prepare"], "uncommitted changes (README.md)");
    repo.write("README.md", "# Demo\n");
    std::fs::write(repo.repo().path().join("MERGE_HEAD"), format!("{}\n", repo.head())).unwrap();
    fails_and_changes_nothing(&repo, &["release", "prepare"], "a merge is in progress");
    std::fs::remove_file(repo.repo().path().join("MERGE_HEAD")).unwrap();
    // Not on a staging branch and no --line.
    repo.checkout("main");
    fails_and_changes_nothing(&repo, &["release", "prepare"], "HEAD is on `main`, not a staging branch; pass --line N");
    // Still works after all that; a release branch that moved away is
    // worth a warning.
    repo.checkout("v20.x");
    repo.write("hotfix.txt", "x");
    repo.commit("hotfix straight on the release branch");
    repo.checkout("main");
    let out = nodus(&repo).args(["release", "prepare", "--line", "20", "--date", "2024-11-05"]).run_ok();
    assert!(out.stderr.contains("warning: `v20.x-staging` does not contain `v20.x`"), "{out}");
}

#[test]
fn promote_fails_whole() {
    let mut repo = project();
    repo.checkout("v20.x-staging");
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    // The tag exists.
    repo.checkout("main");
    repo.lightweight_tag("v20.9.1");
    fails_and_changes_nothing(&repo, &["release", "promote", "v20.9.1-proposal"], "tag `v20.9.1` already exists");
    repo.repo().find_reference("refs/tags/v20.9.1").unwrap().delete().unwrap();
    // A commit landed on staging that conflicts with the release commit.
    repo.checkout("v20.x-staging");
    version_files(&repo, "20.9.9", true, "Iron");
    repo.commit("build: bump by hand");
    repo.checkout("main");
    fails_and_changes_nothing(&repo, &["release", "promote", "v20.9.1-proposal"], "replaying ");
    let conflict = nodus(&repo).args(["release", "promote", "v20.9.1-proposal"]).run_code(1);
    assert!(
        conflict
            .stderr
            .contains("\"build: bump by hand\" from `v20.x-staging` onto the release conflicts in Cargo.toml"),
        "{conflict}"
    );
    repo.checkout("v20.x-staging");
    let parent = repo.rev("v20.x-staging~1");
    repo.repo().reference("refs/heads/v20.x-staging", parent, true, "test: drop the commit").unwrap();
    repo.checkout("v20.x-staging");
    // A ref another process holds: nothing is tagged or moved.
    let lock = repo.repo().path().join("refs/heads/main.lock");
    std::fs::write(&lock, "").unwrap();
    fails_and_changes_nothing(&repo, &["release", "promote", "v20.9.1-proposal"], "cannot lock `refs/heads/main`");
    // Signing through git: the signed tag is made, then removed again.
    let gpg = fake_gpg(&repo, true);
    repo.repo().config().unwrap().set_str("gpg.program", gpg.to_str().unwrap()).unwrap();
    repo.repo().config().unwrap().set_str("user.signingkey", "TESTKEY").unwrap();
    fails_and_changes_nothing(
        &repo,
        &["release", "promote", "v20.9.1-proposal", "--sign"],
        "cannot lock `refs/heads/main`",
    );
    std::fs::remove_file(&lock).unwrap();
    // A signing program that fails.
    let bad = fake_gpg(&repo, false);
    repo.repo().config().unwrap().set_str("gpg.program", bad.to_str().unwrap()).unwrap();
    fails_and_changes_nothing(&repo, &["release", "promote", "v20.9.1-proposal", "--sign"], "`git tag -s");
    // And a good one: the tag carries the signature.
    repo.repo().config().unwrap().set_str("gpg.program", gpg.to_str().unwrap()).unwrap();
    let out = nodus(&repo).args(["release", "promote", "v20.9.1-proposal", "--sign"]).run_ok();
    assert!(out.stdout.contains("(signed)"), "{out}");
    let tag = git(&repo).args(["cat-file", "tag", "v20.9.1"]).run_ok();
    assert!(
        tag.stdout.contains("\n2024-11-05 Demo v20.9.1 'Iron' (LTS) Release\n-----BEGIN PGP SIGNATURE-----\n"),
        "{tag}"
    );
    // HEAD was on v20.x-staging, which moved: the work tree follows.
    assert_eq!(repo.read("include/demo_version.h"), header("20.9.2", false, "Iron"));
    git(&repo).args(["diff", "--exit-code", "HEAD"]).run_ok();
}

#[test]
fn tags_follow_git_config_tag_gpgsign() {
    let repo = project();
    repo.checkout("v20.x-staging");
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    let gpg = fake_gpg(&repo, true);
    let mut config = repo.repo().config().unwrap();
    config.set_str("gpg.program", gpg.to_str().unwrap()).unwrap();
    config.set_str("user.signingkey", "TESTKEY").unwrap();
    config.set_bool("tag.gpgSign", true).unwrap();
    let out = nodus(&repo).args(["release", "promote", "v20.9.1-proposal", "--dry-run"]).run_ok();
    assert!(out.stdout.contains("v20.9.1 (signed)"), "{out}");
    let out = nodus(&repo).args(["release", "promote", "v20.9.1-proposal", "--dry-run", "--no-sign"]).run_ok();
    assert!(out.stdout.contains("v20.9.1 (annotated)"), "{out}");
    nodus(&repo).args(["release", "promote", "v20.9.1-proposal"]).run_ok();
    let tag = git(&repo).args(["cat-file", "tag", "v20.9.1"]).run_ok();
    assert!(tag.stdout.contains("-----BEGIN PGP SIGNATURE-----"), "{tag}");
}

/// A stand-in for gpg that git calls as `PROGRAM --status-fd=2 -bsau KEY`.
fn fake_gpg(repo: &GitRepo, works: bool) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = repo.repo().path().join(if works { "fake-gpg" } else { "failing-gpg" });
    let script = if works {
        "#!/bin/sh\ncat >/dev/null\necho '[GNUPG:] SIG_CREATED D 1 8 00 1735689600 TESTKEY' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n"
    } else {
        "#!/bin/sh\ncat >/dev/null\necho 'gpg: signing failed: No secret key' >&2\nexit 2\n"
    };
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn push_uses_the_users_git_and_prints_commands_otherwise() {
    let repo = project();
    let remote = tempfile::tempdir().unwrap();
    Cmd::new("git").args(["init", "-q", "--bare"]).arg(remote.path()).run_ok();
    repo.remote("upstream", remote.path().to_str().unwrap());
    git(&repo).args(["push", "-q", "upstream", "main", "v20.x", "v20.x-staging"]).run_ok();
    repo.checkout("v20.x-staging");
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    let out = nodus(&repo).args(["release", "promote", "v20.9.1-proposal", "--push", "upstream"]).run_ok();
    assert!(out.stdout.ends_with("Pushed to upstream.\n"), "{out}");
    let bare = git2::Repository::open(remote.path()).unwrap();
    for (r, local) in [
        ("refs/heads/v20.x", "v20.x"),
        ("refs/heads/v20.x-staging", "v20.x-staging"),
        ("refs/heads/main", "main"),
        ("refs/tags/v20.9.1", "v20.9.1"),
    ] {
        let theirs = bare.revparse_single(r).unwrap().peel_to_commit().unwrap().id();
        assert_eq!(theirs, repo.rev(local), "{r}");
    }

    // A push the remote refuses: promoted locally, exit 3, the command to retry.
    repo.checkout("v20.x-staging");
    let out = nodus(&repo).args(["release", "prepare", "--date", "2024-11-12", "--version", "20.9.5"]).run_code(1);
    assert!(out.stderr.contains("nothing to release: `v20.x-staging` has no new commits since v20.9.1"), "{out}");
    let mut repo = repo;
    land(&mut repo, &bob(), "lib/y.js", "lib: fix y", 13);
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-12"]).run_ok();
    let out = nodus(&repo).args(["release", "promote", "v20.9.2-proposal", "--push", "nowhere"]).run_code(3);
    assert!(
        out.stderr
            .contains("The release is promoted locally; push it with:\n  git push --atomic nowhere refs/heads/v20.x"),
        "{out}"
    );
    assert_eq!(title(&repo, "v20.x"), "2024-11-12, Version 20.9.2 'Iron' (LTS)");
}

#[test]
fn snapshots_see_every_kind_of_change() {
    // The safety tests are only as good as the snapshot: check it notices.
    let mut repo = project();
    let a: Snapshot = repo.snapshot();
    repo.write("new.txt", "x");
    assert_ne!(repo.snapshot().files, a.files);
    repo.commit("more");
    let b = repo.snapshot();
    assert_ne!(b.refs, a.refs);
    assert_ne!(b.index, a.index);
    repo.checkout("v20.x");
    assert_ne!(repo.snapshot().head, b.head);
}

#[test]
fn labels_can_come_from_github() {
    let mut repo = project();
    let dir = nodus_test_support::fixtures_dir().join("release/github");
    let github = governance::StandIn::start(&dir, 0, None).expect("stand-in");
    repo.checkout("v20.x-staging");
    let policy =
        POLICY.replace("  labels: labels.yaml\n", &format!("  labels: github\n  github_url: {}\n", github.url()));
    repo.write("release.yaml", policy);
    repo.commit("build: labels from GitHub");
    let out = nodus(&repo).env_remove("GITHUB_TOKEN").args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    // PR 12 is semver-minor on GitHub (not in labels.yaml): a minor release.
    assert!(out.stdout.starts_with("Release 20.10.0 'Iron' (LTS) on line v20, 2024-11-05\n"), "{out}");
    let message = repo.message("HEAD");
    assert!(message.contains("] - deps: update zlib to 1.3.1 (Bob Example)"), "{message}");
    assert!(message.contains("] - (SEMVER-MINOR) fs: fix a crash in readdir (Alice Example)"), "{message}");
    let asked = github.requests();
    assert!(asked.iter().any(|r| r.contains("/repos/demo/demo/issues/11/labels")), "{asked:?}");
    assert!(asked.iter().any(|r| r.contains("/repos/demo/demo/issues/12/labels")), "{asked:?}");
}

#[test]
fn a_plan_made_stale_by_someone_else_changes_nothing() {
    // Through the library: plan, let another process move a branch, apply.
    let mut repo = project();
    repo.checkout("v20.x-staging");
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    let project = release::project::Project::discover(repo.path()).unwrap();
    let opts = release::promote::PromoteOptions { proposal: "v20.9.1-proposal".into(), sign: Some(false) };
    let plan = release::promote::plan(&project, &opts).unwrap();
    repo.checkout("main");
    land(&mut repo, &alice(), "lib/other.js", "lib: landed meanwhile", 40);
    let before = repo.snapshot();
    let err = release::promote::apply(&project, &plan).unwrap_err().to_string();
    assert!(err.contains("`main` moved while the release was being prepared"), "{err}");
    assert_eq!(repo.snapshot(), before);
    // Planning again picks the new main up.
    let plan = release::promote::plan(&project, &opts).unwrap();
    release::promote::apply(&project, &plan).unwrap();
    assert_eq!(title(&repo, "main~1"), "lib: landed meanwhile");
}

/// Every lock file in `.git` (objects aside).
fn lock_files(repo: &GitRepo) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![repo.repo().path().to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "lock") {
                out.push(path.strip_prefix(repo.repo().path()).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_held_index_lock_stops_prepare_before_anything_is_written() {
    let repo = project();
    repo.checkout("v20.x-staging");
    let lock = repo.repo().path().join("index.lock");
    std::fs::write(&lock, "").unwrap();
    let start = std::time::Instant::now();
    fails_and_changes_nothing(
        &repo,
        &["release", "prepare", "--date", "2024-11-05"],
        &format!("cannot lock the index: `{}` exists; another git process is using it", lock.display()),
    );
    assert!(start.elapsed() >= std::time::Duration::from_millis(900), "it waits a moment for the lock");
    assert!(!repo.join("doc").exists(), "no folder is left behind");
    assert!(lock.exists(), "someone else's lock stays");
    assert!(!repo.repo().path().join("nodus/journal").exists());
    // A lock released within the wait is waited for.
    let releaser = {
        let lock = lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            std::fs::remove_file(lock).unwrap();
        })
    };
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    releaser.join().unwrap();
    assert_eq!(repo.repo().head().unwrap().shorthand().unwrap(), "v20.9.1-proposal");
    assert_eq!(lock_files(&repo), Vec::<String>::new());
    // HEAD's log says where it came from, for `git checkout -`.
    let previous = git(&repo).args(["rev-parse", "--symbolic-full-name", "@{-1}"]).run_ok();
    assert_eq!(previous.stdout, "refs/heads/v20.x-staging\n");
}

/// The case: promote killed at its 3rd ref rename, with the
/// release and staging branches moved and main and the tag not.
fn killed_promote() -> (GitRepo, Snapshot) {
    let repo = project();
    repo.checkout("v20.x-staging");
    nodus(&repo).args(["release", "prepare", "--date", "2024-11-05"]).run_ok();
    repo.checkout("v20.x-staging");
    let before = repo.snapshot();
    let out =
        nodus(&repo).args(["release", "promote", "v20.9.1-proposal"]).env("NODUS_FAILPOINT", "ref-rename:3").run();
    assert_eq!(out.code, None, "killed by the failpoint\n{out}");
    let now = repo.snapshot();
    assert_ne!(now.refs["refs/heads/v20.x"], before.refs["refs/heads/v20.x"]);
    assert_ne!(now.refs["refs/heads/v20.x-staging"], before.refs["refs/heads/v20.x-staging"]);
    assert_eq!(now.refs["refs/heads/main"], before.refs["refs/heads/main"]);
    assert!(!now.refs.contains_key("refs/tags/v20.9.1"));
    assert_eq!(lock_files(&repo), ["refs/heads/main.lock", "refs/tags/v20.9.1.lock"]);
    (repo, before)
}

#[test]
fn a_killed_promote_stops_every_command_until_recovered() {
    let (repo, before) = killed_promote();
    for args in [
        &["release", "promote", "v20.9.1-proposal"][..],
        &["release", "prepare", "--date", "2024-11-05"],
        &["line", "list"],
        &["line", "create", "24", "--from", "main"],
    ] {
        let out = nodus(&repo).args(args).run_code(1);
        assert!(
            out.stderr.starts_with("error: `nodus: release promote 20.9.1` (pid ")
                && out.stderr.contains("died in the middle of changing this repository"),
            "{out}"
        );
        assert!(out.stderr.contains("  refs/heads/main           not done: "), "{out}");
        assert!(out.stderr.contains("  refs/heads/v20.x          done ("), "{out}");
        assert!(out.stderr.contains("refs/heads/main.lock"), "the stale locks are named\n{out}");
        assert!(out.stderr.contains("git nodus recover --abort"), "{out}");
        assert!(out.stderr.contains("git nodus recover --continue"), "{out}");
        assert!(!out.stderr.contains("stash them first"), "never advise committing half a release\n{out}");
    }
    // Other work trees share the refs: they stop too, and say where to recover.
    let elsewhere = tempfile::tempdir().unwrap();
    let linked = elsewhere.path().join("linked");
    git(&repo).args(["worktree", "add", "-q", "--detach"]).arg(&linked).arg("v20.9.0").run_ok();
    let out = Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(&linked).args(["line", "list"]).run_code(1);
    assert!(out.stderr.contains("died in the middle"), "{out}");
    assert!(out.stderr.contains(&format!("(That is in the work tree {}", repo.path().display())), "{out}");
    git(&repo).args(["worktree", "remove", "--force"]).arg(&linked).run_ok();
    // `recover` alone only shows it.
    let out = nodus(&repo).arg("recover").run_ok();
    assert!(out.stdout.contains("died in the middle"), "{out}");
    assert!(repo.repo().path().join("nodus/journal").exists());
    let out = nodus(&repo).args(["recover", "--abort"]).run_ok();
    assert!(out.stdout.contains("removed stale lock "), "{out}");
    assert!(out.stdout.contains("Rolled back `nodus: release promote 20.9.1`"), "{out}");
    assert_eq!(repo.snapshot(), before);
    assert_eq!(lock_files(&repo), Vec::<String>::new());
    assert!(!repo.repo().path().join("nodus").join("journal").exists());
    let out = nodus(&repo).args(["recover", "--abort"]).run_ok();
    assert!(out.stdout.starts_with("Nothing to recover"), "{out}");
    // And the release can be promoted again, as if nothing happened.
    nodus(&repo).args(["release", "promote", "v20.9.1-proposal"]).run_ok();
    assert_eq!(repo.rev("v20.9.1"), repo.rev("v20.x"));
}

#[test]
fn a_killed_promote_can_be_finished() {
    let (repo, _) = killed_promote();
    // What an uninterrupted promote makes, in a copy made before the kill.
    let out = nodus(&repo).args(["recover", "--continue"]).run_ok();
    assert!(out.stdout.contains("Completed `nodus: release promote 20.9.1`"), "{out}");
    assert_eq!(lock_files(&repo), Vec::<String>::new());
    assert_eq!(repo.rev("v20.9.1"), repo.rev("v20.x"));
    assert_eq!(repo.rev("v20.x"), repo.rev("v20.9.1-proposal"));
    assert_eq!(title(&repo, "v20.x-staging"), "Working on v20.9.2");
    assert!(repo.show("main", "doc/changelogs/CHANGELOG_V20.md").contains("20.9.1"));
    git(&repo).args(["diff", "--exit-code", "HEAD"]).run_ok();
    assert_eq!(repo.read("include/demo_version.h"), header("20.9.2", false, "Iron"));
    let out = nodus(&repo).args(["recover", "--continue"]).run_ok();
    assert!(out.stdout.starts_with("Nothing to recover"), "{out}");
    git(&repo).args(["fsck", "--no-dangling"]).run_ok();
}

#[test]
fn recovery_leaves_a_running_process_and_older_locks_alone() {
    let repo = project();
    let main = repo.rev("main");
    let lock = repo.repo().path().join("refs/heads/main.lock");
    // A journal whose process still runs.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let sleeper = Killed(std::process::Command::new("sleep").arg("30").spawn().unwrap());
    let mut journal = release::journal::Journal::new("nodus: test");
    journal.pid = sleeper.0.id();
    journal.pid_start = None;
    journal.refs.push(release::journal::RefEntry {
        name: "refs/heads/main".into(),
        old: Some(main.to_string()),
        new: Some(repo.rev("v20.x").to_string()),
    });
    journal.locks.push(release::journal::LockEntry::of_ref("refs/heads/main"));
    journal.create(repo.repo()).unwrap();
    std::fs::write(&lock, "").unwrap();
    let out = nodus(&repo).args(["recover", "--abort"]).run_code(1);
    let list = nodus(&repo).args(["line", "list"]).run_code(1);
    drop(sleeper);
    assert!(out.stderr.contains("`nodus: test` (pid ") && out.stderr.contains(") is still running"), "{out}");
    assert!(lock.exists(), "the lock of a running process stays");
    assert!(list.stderr.contains("is still running") && list.stderr.contains("Wait for it to finish."), "{list}");
    // Now dead; but the lock is older than its journal, so not its own.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&lock).unwrap().set_modified(old).unwrap();
    let out = nodus(&repo).args(["recover", "--abort"]).run_ok();
    assert!(!out.stdout.contains("removed stale lock"), "{out}");
    assert!(lock.exists(), "a lock older than the journal is someone else's");
    assert_eq!(repo.rev("main"), main);
}

#[test]
fn a_prepare_killed_in_its_checkout_is_not_taken_for_uncommitted_changes() {
    let repo = project();
    let before = repo.snapshot();
    // From main, the proposal's checkout rewrites files; die at the third.
    let out = nodus(&repo)
        .args(["release", "prepare", "--line", "20", "--date", "2024-11-05"])
        .env("NODUS_FAILPOINT", "checkout-write:3")
        .run();
    assert_eq!(out.code, None, "killed by the failpoint\n{out}");
    assert_ne!(repo.snapshot().files, before.files, "the checkout had started");
    assert_eq!(lock_files(&repo), ["refs/heads/v20.9.1-proposal.lock"]);
    let out = nodus(&repo).args(["release", "prepare", "--line", "20", "--date", "2024-11-05"]).run_code(1);
    assert!(out.stderr.contains("`nodus: release prepare 20.9.1` (pid "), "{out}");
    assert!(out.stderr.contains("refs/heads/v20.9.1-proposal.lock"), "{out}");
    assert!(!out.stderr.contains("stash them first"), "{out}");
    nodus(&repo).args(["recover", "--abort"]).run_ok();
    assert_eq!(repo.snapshot(), before);
    nodus(&repo).args(["release", "prepare", "--line", "20", "--date", "2024-11-05"]).run_ok();
    git(&repo).args(["diff", "--exit-code", "HEAD"]).run_ok();
}
