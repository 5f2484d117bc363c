//! Tallying TSC votes and nominations.

use std::path::Path;

use governance::VoteOutcome as Outcome;
use governance::{Governance, Vote};

use crate::support::at;

/// 20 voting TSC members (v01…v20) and three collaborators.
fn tsc() -> Governance {
    let mut src = String::from("members:\n");
    for i in 1..=20 {
        src.push_str(&format!("  - {{ handle: v{i:02}, name: V{i}, roles: [tsc-voting] }}\n"));
    }
    src.push_str(
        "  - { handle: c1, name: C1, roles: [collaborator] }\n  - { handle: c2, name: C2, roles: [collaborator] }\n",
    );
    Governance::parse(Path::new("governance.yaml"), &src).unwrap()
}

fn vote_file(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vote.yaml");
    std::fs::write(&path, body).unwrap();
    (dir, path)
}

fn ballots(yes: usize, no: usize, abstain: usize) -> String {
    let mut s = String::from("title: Adopt the schedule\nopened: 2024-01-01T00:00:00Z\nballots:\n");
    let mut n = 0;
    for (count, choice) in [(yes, "yes"), (no, "no"), (abstain, "abstain")] {
        for _ in 0..count {
            n += 1;
            s.push_str(&format!("  - {{ voter: v{n:02}, vote: {choice} }}\n"));
        }
    }
    s
}

fn tally(body: &str) -> governance::Tally {
    let gov = tsc();
    let (_dir, path) = vote_file(body);
    Vote::load(&gov, &path).unwrap().tally(&gov, at(24 * 30, 0))
}

#[test]
fn nodes_example_20_voters_5_abstain_needs_8_yes() {
    // Node's rule: more than 50% of the members, less explicit abstentions.
    let t = tally(&ballots(8, 0, 5));
    assert_eq!(t.outcome, Outcome::Passed, "{t}");
    assert!(t.rule.contains("8 yes is more than 1/2 of 15 (20 voters less 5 abstaining)"), "{t}");
    let t = tally(&ballots(7, 2, 5));
    assert_eq!(t.outcome, Outcome::Failed, "{t}");
    assert!(t.rule.contains("8 needed"), "{t}");
    assert_eq!(t.not_voted.len(), 6);
}

#[test]
fn quorum_counts_abstentions() {
    let t = tally(&ballots(6, 0, 3));
    assert_eq!(t.outcome, Outcome::NoQuorum, "{t}");
    assert_eq!(t.rule, "9 of 20 voters took part; quorum is 1/2 (10)");
    let t = tally(&ballots(6, 0, 4));
    assert_ne!(t.outcome, Outcome::NoQuorum, "{t}");
}

#[test]
fn majority_of_cast_ballots() {
    let mut gov = tsc();
    gov.votes.majority_of = governance::MajorityOf::Cast;
    let (_d, path) = vote_file(&ballots(6, 5, 0));
    let t = Vote::load(&gov, &path).unwrap().tally(&gov, at(0, 0));
    assert_eq!(t.outcome, Outcome::Passed, "{t}");
}

#[test]
fn open_vote_reports_its_standing() {
    let body = ballots(11, 0, 0).replace("ballots:", "closes: 2024-01-08T00:00:00Z\nballots:");
    let gov = tsc();
    let (_d, path) = vote_file(&body);
    let t = Vote::load(&gov, &path).unwrap().tally(&gov, at(24, 0));
    assert_eq!(t.outcome, Outcome::Open { closes: at(7 * 24, 0) });
    assert!(t.rule.starts_with("open until 2024-01-08 00:00 UTC; so far passing"), "{t}");
    let t = Vote::load(&gov, &path).unwrap().tally(&gov, at(7 * 24, 0));
    assert_eq!(t.outcome, Outcome::Passed);
}

#[test]
fn nominations_pass_after_the_period_without_objection() {
    let body = "title: Nominate c2\nkind: nomination\nnominee: c2\nopened: 2024-01-01T00:00:00Z\nballots:\n  - { voter: c1, vote: yes }\n";
    let gov = tsc();
    let (_d, path) = vote_file(body);
    let vote = Vote::load(&gov, &path).unwrap();
    let six = vote.tally(&gov, at(6 * 24, 0));
    assert!(matches!(six.outcome, Outcome::Open { .. }), "{six}");
    assert!(six.rule.contains("1d more"), "{six}");
    assert_eq!(vote.tally(&gov, at(7 * 24, 0)).outcome, Outcome::Passed);

    let (_d2, path) = vote_file(&format!("{body}  - {{ voter: v01, vote: no }}\n"));
    let t = Vote::load(&gov, &path).unwrap().tally(&gov, at(6 * 24, 0));
    assert_eq!(t.outcome, Outcome::Objected);
    assert!(t.rule.starts_with("objection by v01"), "{t}");
}

#[test]
fn bad_ballots_name_the_line() {
    let gov = tsc();
    let (_d, path) = vote_file(
        "title: x\nopened: 2024-01-01T00:00:00Z\nballots:\n  - voter: v01\n    vote: yes\n  - voter: c1\n    vote: no\n",
    );
    let e = Vote::load(&gov, &path).unwrap_err().to_string();
    assert!(e.ends_with("vote.yaml:6: `c1` cannot vote here: not a member with role `tsc-voting`"), "{e}");
    let (_d, path) = vote_file(
        "title: x\nopened: 2024-01-01T00:00:00Z\nballots:\n  - { voter: v01, vote: yes }\n  - { voter: V01, vote: no }\n",
    );
    let e = Vote::load(&gov, &path).unwrap_err().to_string();
    assert!(e.ends_with("vote.yaml:5: `V01` has voted twice"), "{e}");
    let (_d, path) = vote_file("title: x\nopened: 2024-01-01T00:00:00Z\nballots:\n  - { voter: v01, vote: maybe }\n");
    let e = Vote::load(&gov, &path).unwrap_err().to_string();
    assert!(e.contains("vote.yaml:4:") && e.contains("unknown variant `maybe`"), "{e}");
}
