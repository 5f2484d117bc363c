//! Release entries written into Node-shaped changelog files.

use std::path::Path;

use changelog::{Changelog, Commit, Person, ReleaseEntry, ReleaseStatus, RenderOptions, RepoUrl, write_release};
use chrono::NaiveDate;
use nodus_test_support::fixtures_dir;

const URL: &str = "https://github.com/nodejs/node";

fn commit(sha_digit: char, message: &str, labels: &[&str]) -> Commit {
    let sha: String = std::iter::repeat_n(sha_digit, 40).collect();
    let mut c = Commit::new(sha, Person::new("Jane Doe", "jane@example.com"), crate::util::time(), message);
    c.labels = labels.iter().map(|l| l.to_string()).collect();
    c
}

fn data() -> Changelog {
    let commits = vec![
        commit(
            'a',
            "http: add `server.foo` option\n\nPR-URL: https://github.com/nodejs/node/pull/300\n",
            &["semver-minor"],
        ),
        commit('b', "doc: fix a link\n\nPR-URL: https://github.com/nodejs/node/pull/301\n", &[]),
        commit('c', "src: speed up startup\n\nPR-URL: https://github.com/nodejs/node/pull/302\n", &["notable-change"]),
    ];
    Changelog::new(commits, None, &RenderOptions { repo: Some(RepoUrl::parse(URL).unwrap()), group: false })
}

fn entry(version: &str, status: ReleaseStatus, codename: Option<&str>) -> ReleaseEntry {
    let mut e =
        ReleaseEntry::new(semver::Version::parse(version).unwrap(), NaiveDate::from_ymd_opt(2023, 11, 22).unwrap());
    e.status = status;
    e.codename = codename.map(str::to_owned);
    e.releaser = Some("@targos".into());
    e
}

/// A copy of the fixture files in a temp dir, laid out as in Node.
fn node_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("doc/changelogs")).unwrap();
    let fixtures = fixtures_dir().join("changelog");
    std::fs::copy(fixtures.join("CHANGELOG_V20.md"), dir.path().join("doc/changelogs/CHANGELOG_V20.md")).unwrap();
    std::fs::copy(fixtures.join("CHANGELOG.md"), dir.path().join("CHANGELOG.md")).unwrap();
    dir
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// `new` minus the lines in `added` equals `old`: nothing else changed.
fn assert_only_added(old: &str, new: &str, added: &[&str]) {
    let mut rest = new.to_owned();
    for piece in added {
        assert!(rest.contains(piece), "missing:\n{piece}\nin:\n{new}");
        rest = rest.replacen(piece, "", 1);
    }
    assert_eq!(rest, old);
}

const SECTION_LTS: &str = "<a id=\"20.10.0\"></a>

## 2023-11-22, Version 20.10.0 'Iron' (LTS), @targos

### Notable Changes

* \\[[`aaaaaaaaaa`](https://github.com/nodejs/node/commit/aaaaaaaaaa)] - **(SEMVER-MINOR)** **http**: add `server.foo` option (Jane Doe) [#300](https://github.com/nodejs/node/pull/300)
* \\[[`cccccccccc`](https://github.com/nodejs/node/commit/cccccccccc)] - **src**: speed up startup (Jane Doe) [#302](https://github.com/nodejs/node/pull/302)

### Commits

* \\[[`aaaaaaaaaa`](https://github.com/nodejs/node/commit/aaaaaaaaaa)] - **(SEMVER-MINOR)** **http**: add `server.foo` option (Jane Doe) [#300](https://github.com/nodejs/node/pull/300)
* \\[[`bbbbbbbbbb`](https://github.com/nodejs/node/commit/bbbbbbbbbb)] - **doc**: fix a link (Jane Doe) [#301](https://github.com/nodejs/node/pull/301)
* \\[[`cccccccccc`](https://github.com/nodejs/node/commit/cccccccccc)] - **src**: speed up startup (Jane Doe) [#302](https://github.com/nodejs/node/pull/302)

";

#[test]
fn lts_entry_goes_on_top_and_into_both_tables() {
    let dir = node_tree();
    let (file, index) = (dir.path().join("doc/changelogs/CHANGELOG_V20.md"), dir.path().join("CHANGELOG.md"));
    let (old_file, old_index) = (read(dir.path(), "doc/changelogs/CHANGELOG_V20.md"), read(dir.path(), "CHANGELOG.md"));
    let written =
        write_release(&file, Some(&index), &entry("20.10.0", ReleaseStatus::Lts, Some("Iron")), &data(), "Node.js")
            .unwrap();
    assert_eq!(written.index.as_deref(), Some(index.as_path()));
    let new_file = read(dir.path(), "doc/changelogs/CHANGELOG_V20.md");
    assert_only_added(&old_file, &new_file, &["<a href=\"#20.10.0\">20.10.0</a><br/>\n", SECTION_LTS]);
    // The link heads the LTS column; the section comes before 20.9.0.
    assert!(new_file.contains("<td>\n<a href=\"#20.10.0\">20.10.0</a><br/>\n<a href=\"#20.9.0\">"));
    assert!(new_file.contains(&format!("{SECTION_LTS}<a id=\"20.9.0\"></a>")));
    let new_index = read(dir.path(), "CHANGELOG.md");
    let expected_index = old_index.replace(
        "<b><a href=\"doc/changelogs/CHANGELOG_V20.md#20.9.0\">20.9.0</a></b><br/>\n",
        "<b><a href=\"doc/changelogs/CHANGELOG_V20.md#20.10.0\">20.10.0</a></b><br/>\n<a href=\"doc/changelogs/CHANGELOG_V20.md#20.9.0\">20.9.0</a><br/>\n",
    );
    assert_eq!(new_index, expected_index);
}

#[test]
fn current_entry_goes_into_the_current_column_and_security_is_said() {
    let dir = node_tree();
    let file = dir.path().join("doc/changelogs/CHANGELOG_V20.md");
    let mut e = entry("20.8.2", ReleaseStatus::Current, None);
    e.security = true;
    write_release(&file, None, &e, &data(), "Node.js").unwrap();
    let text = read(dir.path(), "doc/changelogs/CHANGELOG_V20.md");
    assert!(text.contains("<td>\n<a href=\"#20.8.2\">20.8.2</a><br/>\n<a href=\"#20.8.1\">"), "{text}");
    assert!(text.contains("## 2023-11-22, Version 20.8.2 (Current), @targos\n\n### Notable Changes\n\nThis is a security release.\n\n* \\[["));
    // The index was not asked for: unchanged.
    assert_eq!(
        read(dir.path(), "CHANGELOG.md"),
        std::fs::read_to_string(fixtures_dir().join("changelog/CHANGELOG.md")).unwrap()
    );
}

#[test]
fn new_major_creates_its_file_and_index_column() {
    let dir = node_tree();
    let file = dir.path().join("doc/changelogs/CHANGELOG_V22.md");
    let index = dir.path().join("CHANGELOG.md");
    let plain = Changelog::new(
        vec![commit('d', "lib: something\n\nPR-URL: https://github.com/nodejs/node/pull/400\n", &[])],
        None,
        &RenderOptions { repo: Some(RepoUrl::parse(URL).unwrap()), group: false },
    );
    write_release(&file, Some(&index), &entry("22.0.0", ReleaseStatus::Current, None), &plain, "Node.js").unwrap();
    let text = read(dir.path(), "doc/changelogs/CHANGELOG_V22.md");
    let expected = "# Node.js 22 ChangeLog

<table>
<tr>
<th>Current</th>
</tr>
<tr>
<td>
<a href=\"#22.0.0\">22.0.0</a><br/>
</td>
</tr>
</table>

<a id=\"22.0.0\"></a>

## 2023-11-22, Version 22.0.0 (Current), @targos

### Notable Changes

No commits in this release are labelled `notable-change`, `semver-minor` or `semver-major`.

### Commits

* \\[[`dddddddddd`](https://github.com/nodejs/node/commit/dddddddddd)] - **lib**: something (Jane Doe) [#400](https://github.com/nodejs/node/pull/400)
";
    assert_eq!(text, expected);
    let index_text = read(dir.path(), "CHANGELOG.md");
    assert!(index_text.contains("<tr>\n<th title=\"Current\"><a href=\"doc/changelogs/CHANGELOG_V22.md\">22</a> (Current)</th>\n<th title=\"Current\"><a href=\"doc/changelogs/CHANGELOG_V21.md\">21</a>"), "{index_text}");
    assert!(index_text.contains("<tr>\n<td valign=\"top\">\n<b><a href=\"doc/changelogs/CHANGELOG_V22.md#22.0.0\">22.0.0</a></b><br/>\n</td>\n<td valign=\"top\">\n<b><a href=\"doc/changelogs/CHANGELOG_V21.md#21.0.0\">"), "{index_text}");
}

#[test]
fn missing_index_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc/changelogs/CHANGELOG_V1.md");
    let index = dir.path().join("CHANGELOG.md");
    write_release(&file, Some(&index), &entry("1.0.0", ReleaseStatus::Current, None), &data(), "Widget").unwrap();
    let text = read(dir.path(), "CHANGELOG.md");
    assert!(text.starts_with("# Widget ChangeLog\n"), "{text}");
    assert!(
        text.contains("<th title=\"Current\"><a href=\"doc/changelogs/CHANGELOG_V1.md\">1</a> (Current)</th>"),
        "{text}"
    );
    assert!(text.contains("<b><a href=\"doc/changelogs/CHANGELOG_V1.md#1.0.0\">1.0.0</a></b><br/>"), "{text}");
}

#[test]
fn errors_leave_every_file_as_it_was() {
    let dir = node_tree();
    let file = dir.path().join("doc/changelogs/CHANGELOG_V20.md");
    let index = dir.path().join("CHANGELOG.md");
    let before = (read(dir.path(), "doc/changelogs/CHANGELOG_V20.md"), read(dir.path(), "CHANGELOG.md"));
    let err =
        write_release(&file, Some(&index), &entry("20.9.0", ReleaseStatus::Lts, Some("Iron")), &data(), "Node.js")
            .unwrap_err();
    assert_eq!(err.to_string(), format!("changelog `{}`: already has an entry for 20.9.0", file.display()));
    let err = write_release(&file, Some(&index), &entry("21.1.0", ReleaseStatus::Current, None), &data(), "Node.js")
        .unwrap_err();
    assert_eq!(err.to_string(), format!("changelog `{}`: is for 20.x, not for version 21.1.0", file.display()));
    // A broken index fails before the major file is touched.
    std::fs::write(&index, "# no table here\n").unwrap();
    let err =
        write_release(&file, Some(&index), &entry("20.10.0", ReleaseStatus::Lts, Some("Iron")), &data(), "Node.js")
            .unwrap_err();
    assert_eq!(err.to_string(), format!("changelog `{}`: has no `<table>` of versions", index.display()));
    assert_eq!(read(dir.path(), "doc/changelogs/CHANGELOG_V20.md"), before.0);
    assert_eq!(read(dir.path(), "CHANGELOG.md"), "# no table here\n");
    let no_links = Changelog::new(vec![commit('e', "x: y", &[])], None, &RenderOptions::default());
    let err =
        write_release(&file, None, &entry("20.10.0", ReleaseStatus::Lts, None), &no_links, "Node.js").unwrap_err();
    assert!(err.to_string().starts_with("no repository URL"), "{err}");
    assert_eq!(read(dir.path(), "doc/changelogs/CHANGELOG_V20.md"), before.0);
}

#[test]
fn headings() {
    let mut e = entry("20.10.0", ReleaseStatus::Lts, Some("Iron"));
    assert_eq!(e.heading(), "## 2023-11-22, Version 20.10.0 'Iron' (LTS), @targos");
    e.status = ReleaseStatus::Maintenance;
    e.releaser = None;
    assert_eq!(e.heading(), "## 2023-11-22, Version 20.10.0 'Iron' (Maintenance)");
    assert!(changelog::is_release_commit(&e.heading()[3..]));
}
