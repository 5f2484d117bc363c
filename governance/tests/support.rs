//! Shared fixtures: a governance file with a cast of members, and a
//! pull-request builder with fixed times.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use governance::{CheckConclusion, CheckRun, CheckStatus, Comment, PrCommit, PrState, Review, ReviewState};
use governance::{Governance, PullRequest};

/// alice authors; bob, carol, dave are collaborators; tina and tom are TSC;
/// olga is not a collaborator.
pub const GOV: &str = r#"
project: Test
members:
  - { handle: alice, name: Alice, roles: [collaborator] }
  - { handle: bob, name: Bob, roles: [collaborator], teams: [fs] }
  - { handle: carol, name: Carol, roles: [collaborator] }
  - { handle: dave, name: Dave, roles: [collaborator] }
  - { handle: tina, name: Tina, roles: [tsc-voting] }
  - { handle: tom, name: Tom, roles: [tsc] }
  - { handle: olga, name: Olga, roles: [] }
subsystems:
  - { name: fs, paths: [lib/fs.js, lib/internal/fs/], owners: ["@nodejs/fs", carol] }
  - { name: doc, paths: ["doc/"], owners: [dave] }
  - { name: test }
"#;

pub fn gov() -> Governance {
    Governance::parse(Path::new("governance.yaml"), GOV).expect("test governance parses")
}

/// 2024-01-01T00:00:00Z, when every test pull request is opened.
pub fn t0() -> DateTime<Utc> {
    "2024-01-01T00:00:00Z".parse().unwrap()
}

pub fn at(hours: i64, minutes: i64) -> DateTime<Utc> {
    t0() + TimeDelta::hours(hours) + TimeDelta::minutes(minutes)
}

pub const HEAD: &str = "2222222222222222222222222222222222222222";
pub const FIRST: &str = "1111111111111111111111111111111111111111";

/// A pull request by alice, opened at t0, with one commit (HEAD, at t0),
/// green CI, touching lib/fs.js, and no reviews.
pub fn pr() -> PullRequest {
    PullRequest {
        number: 7,
        title: "fs: make rm recursive".into(),
        url: None,
        author: "alice".into(),
        state: PrState::Open,
        draft: false,
        created_at: t0(),
        labels: vec![],
        body: String::new(),
        commits: vec![PrCommit {
            sha: HEAD.into(),
            date: t0(),
            message: "fs: make rm recursive".into(),
            author: Some("alice".into()),
        }],
        reviews: vec![],
        checks: vec![CheckRun {
            name: "test".into(),
            status: CheckStatus::Completed,
            conclusion: Some(CheckConclusion::Success),
        }],
        comments: vec![],
        files: vec!["lib/fs.js".into()],
    }
}

pub fn review(user: &str, state: ReviewState, when: DateTime<Utc>) -> Review {
    Review { user: user.into(), state, submitted_at: when, commit: Some(HEAD.into()) }
}

pub fn approve(user: &str, when: DateTime<Utc>) -> Review {
    review(user, ReviewState::Approved, when)
}

pub fn comment(user: &str, when: DateTime<Utc>, body: &str, thumbs_up: &[&str]) -> Comment {
    Comment {
        id: 1,
        user: user.into(),
        created_at: when,
        body: body.into(),
        thumbs_up: thumbs_up.iter().map(|s| s.to_string()).collect(),
    }
}
