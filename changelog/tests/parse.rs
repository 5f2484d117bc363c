//! Parsing messages: Node style, conventional, reverts, trailers.

use changelog::Impact;

use crate::util::commit;

#[test]
fn node_style_title() {
    let c = commit(
        "src,lib: move `foo` to C++\n\nPR-URL: https://github.com/nodejs/node/pull/123\nCVE-ID: CVE-2024-12345\nReviewed-By: A B <a@b.c>\nCo-authored-by: C D <c@d.e>\nSigned-off-by: E F <e@f.g>\n",
    );
    assert_eq!(c.subsystem_prefix.as_deref(), Some("src,lib"));
    assert_eq!(c.subsystems, ["src", "lib"]);
    assert_eq!(c.summary, "move `foo` to C++");
    assert_eq!(c.pr_number(), Some(123));
    assert_eq!(c.cve_ids, ["CVE-2024-12345"]);
    assert_eq!(c.reviewers[0].name, "A B");
    assert_eq!(c.co_authors[0].email, "c@d.e");
    assert_eq!(c.signed_off_by[0].name, "E F");
    assert_eq!(c.trailers.len(), 5);
    assert!(!c.release_commit);
}

#[test]
fn revert() {
    let c = commit("Revert \"http: add thing\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n");
    let r = c.revert.as_ref().unwrap();
    assert_eq!(r.title, "http: add thing");
    assert_eq!(r.sha.as_deref(), Some("0123456789abcdef0123456789abcdef01234567"));
    assert_eq!(c.subsystem_prefix.as_deref(), Some("http"));
    assert_eq!(c.summary, "add thing");
}

#[test]
fn conventional() {
    let c = commit("feat(parser)!: drop legacy syntax\n\nBREAKING CHANGE: the old syntax\nis gone\n");
    let conv = c.conventional.as_ref().unwrap();
    assert_eq!((conv.kind.as_str(), conv.scope.as_deref(), conv.bang), ("feat", Some("parser"), true));
    assert_eq!(c.breaking_changes, ["the old syntax\nis gone"]);
    assert_eq!(c.impact(), Impact::Major);
    assert_eq!(commit("feat: x").impact(), Impact::Minor);
    assert_eq!(commit("fix: x").impact(), Impact::Patch);
    assert_eq!(commit("fix: x\n\nBREAKING-CHANGE: y").impact(), Impact::Major);
}

#[test]
fn labels_drive_impact() {
    let mut c = commit("http: x");
    assert_eq!(c.impact(), Impact::Patch);
    c.labels = vec!["semver-minor".into()];
    assert_eq!(c.impact(), Impact::Minor);
    assert!(c.is_notable());
    c.labels = vec!["semver-major".into(), "notable-change".into()];
    assert_eq!(c.impact(), Impact::Major);
    let v = semver::Version::new(20, 1, 3);
    assert_eq!(Impact::Major.bump(&v).to_string(), "21.0.0");
    assert_eq!(Impact::Minor.bump(&v).to_string(), "20.2.0");
    assert_eq!(Impact::Patch.bump(&v).to_string(), "20.1.4");
}
