//! governance.yaml: defaults, the shipped example, and bad files that each
//! give one clear error naming the file and line.

use std::path::Path;

use governance::{Governance, Span};

fn parse(src: &str) -> Result<Governance, String> {
    Governance::parse(Path::new("gov/governance.yaml"), src).map_err(|e| e.to_string())
}

fn error(src: &str) -> String {
    parse(src).expect_err("the file should be refused")
}

#[test]
fn empty_file_has_nodes_rules() {
    let gov = parse("").unwrap();
    let l = &gov.landing;
    assert_eq!((l.approvals, l.approvals_after_long_wait), (2, 1));
    assert_eq!((l.wait, l.long_wait), (Span::hours(48), Span::days(7)));
    assert_eq!(l.reviewer_role.as_str(), "collaborator");
    assert_eq!((l.fast_track.label.as_str(), l.fast_track.approvals), ("fast-track", 2));
    assert_eq!(
        (l.semver_major.label.as_str(), l.semver_major.approvals, l.semver_major.role.as_str()),
        ("semver-major", 2, "tsc")
    );
    assert!(l.changes_requested_blocks && l.no_commits_after_approval);
    assert_eq!(gov.votes.voters.as_str(), "tsc-voting");
    assert_eq!(gov.votes.nomination_period, Span::days(7));
}

#[test]
fn shipped_example_reads_and_equals_the_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/governance.yaml");
    let gov = Governance::load(&path).unwrap();
    assert_eq!(gov.members.len(), 6);
    assert!(gov.member("ADA").unwrap().has_role("collaborator"), "tsc-voting implies collaborator");
    assert!(!gov.member("ken").unwrap().has_role("collaborator"));
    assert!(gov.is_subsystem("deps"));
    let defaults = Governance::default();
    assert_eq!(serde_json::to_value(&gov.landing).unwrap(), serde_json::to_value(&defaults.landing).unwrap());
    assert_eq!(serde_json::to_value(&gov.votes).unwrap(), serde_json::to_value(&defaults.votes).unwrap());
}

#[test]
fn unknown_key_names_the_line() {
    let e = error("project: x\nlanding:\n  approvals: 2\n  aprovals_after_long_wait: 1\n");
    assert!(e.starts_with("gov/governance.yaml:4:"), "{e}");
    assert!(e.contains("unknown field `aprovals_after_long_wait`"), "{e}");
}

#[test]
fn wrong_type_names_the_line() {
    let e = error("landing:\n  approvals: two\n");
    assert!(e.starts_with("gov/governance.yaml:2:"), "{e}");
    assert!(e.contains("invalid type"), "{e}");
    let e = error("members:\n  - handle: a\n    name: A\n    roles: tsc\n");
    assert!(e.starts_with("gov/governance.yaml:4:"), "{e}");
}

#[test]
fn bad_duration_names_the_line() {
    let e = error("landing:\n  approvals: 2\n  wait: two days\n");
    assert!(e.starts_with("gov/governance.yaml:3:"), "{e}");
    assert!(e.contains("`two days` is not a length of time"), "{e}");
}

#[test]
fn duplicate_handle_names_the_second_entry() {
    let src = "members:\n  - handle: ada\n    name: Ada\n  - handle: bob\n    name: Bob\n  - handle: Ada\n    name: Ada again\n";
    assert_eq!(error(src), "gov/governance.yaml:6: duplicate handle `Ada`: each member appears once");
}

#[test]
fn rule_with_unknown_role_names_the_line() {
    let src = "members:\n  - { handle: ada, name: Ada, roles: [tsc] }\nlanding:\n  semver_major:\n    role: steering\n";
    let e = error(src);
    assert!(e.starts_with("gov/governance.yaml:5: unknown role `steering`"), "{e}");
    assert!(e.contains("known roles: tsc, tsc-voting, collaborator, releaser, emeritus"), "{e}");
    // Declared roles are known.
    let ok = format!("roles:\n  - name: steering\n{src}");
    assert!(parse(&ok).is_ok());
}

#[test]
fn member_with_unknown_role_names_the_line() {
    let e = error("members:\n  - handle: ada\n    name: Ada\n    roles:\n      - tsc\n      - colaborator\n");
    assert!(e.starts_with("gov/governance.yaml:6: unknown role `colaborator`"), "{e}");
}

#[test]
fn owners_must_be_members_or_teams() {
    let e = error(
        "members:\n  - { handle: ada, name: Ada }\nsubsystems:\n  - name: fs\n    owners: [ada, \"@nodejs/fs\", nobody]\n",
    );
    assert!(e.starts_with("gov/governance.yaml:5: owner `nobody` is not a member"), "{e}");
    let e = error("subsystems:\n  - name: fs\n    owners: [\"@fs\"]\n");
    assert!(e.contains(":3: owner `@fs` is not a team"), "{e}");
}

#[test]
fn other_semantic_errors() {
    assert!(
        error("subsystems:\n  - name: fs\n  - name: fs\n")
            .starts_with("gov/governance.yaml:3: subsystem `fs` appears twice")
    );
    assert!(
        error("subsystems:\n  - name: fs\n    paths: [\"lib/[fs\"]\n")
            .starts_with("gov/governance.yaml:3: bad path glob")
    );
    assert!(error("github:\n  repo: node\n").starts_with("gov/governance.yaml:2: `node` is not a repository"));
    assert!(
        error("github:\n  role_teams:\n    collaborator: nodejs\n")
            .starts_with("gov/governance.yaml:3: `nodejs` is not a GitHub team")
    );
    assert!(
        error("landing:\n  approvals: 1\n  approvals_after_long_wait: 2\n")
            .contains(":3: approvals_after_long_wait (2) is more than approvals (1)")
    );
    assert!(
        error("votes:\n  voters: tsc\n  quorum: 3/2\n")
            .starts_with("gov/governance.yaml:3: votes: `3/2` is not a share")
    );
    assert!(error("roles:\n  - name: tsc\n").starts_with("gov/governance.yaml:2: role `tsc` is built in"));
}

#[test]
fn unreadable_file_names_the_path() {
    let e = Governance::load(Path::new("/nonexistent/governance.yaml")).unwrap_err().to_string();
    assert_eq!(e, "cannot read `/nonexistent/governance.yaml`");
}

#[test]
fn a_file_cut_off_mid_line_is_named_at_its_last_line() {
    let err =
        Governance::parse(Path::new("g.yaml"), "members:\n  - { handle: alice, name: Al").unwrap_err().to_string();
    assert!(err.starts_with("g.yaml:2: "), "{err}");
}
