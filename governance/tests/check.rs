//! The landing rules, each with pull requests that pass, wait and fail,
//! at times around each threshold. "Now" is always given, never the clock.

use chrono::TimeDelta;
use governance::{CheckConclusion, CheckRun, CheckStatus, PrCommit, PrState, ReviewState};
use governance::{Governance, PullRequest, Rule, Status, Teams, Verdict, check};

use crate::support::*;

fn run(pr: &PullRequest, now: chrono::DateTime<chrono::Utc>) -> governance::Report {
    check(&gov(), pr, &Teams::new(), now)
}

fn status(pr: &PullRequest, rule: Rule, now: chrono::DateTime<chrono::Utc>) -> Status {
    run(pr, now).outcome(rule).status
}

/// Two collaborator approvals on the head: only time can hold it back.
fn approved() -> PullRequest {
    let mut p = pr();
    p.reviews = vec![approve("bob", at(1, 0)), approve("carol", at(2, 0))];
    p
}

#[test]
fn ready_after_48_hours_with_two_approvals() {
    let r = run(&approved(), at(48, 0));
    assert_eq!(r.verdict, Verdict::Ready, "{r}");
    assert!(r.rules.iter().all(|o| matches!(o.status, Status::Pass | Status::Skip)), "{r}");
}

#[test]
fn waits_one_minute_at_47h59m() {
    let r = run(&approved(), at(47, 59));
    assert_eq!(r.verdict, Verdict::Waiting { until: at(48, 0), seconds_left: 60 }, "{r}");
    assert_eq!(r.outcome(Rule::WaitTime).status, Status::Wait { until: at(48, 0) });
    assert!(r.outcome(Rule::WaitTime).detail.contains("1m left"), "{r}");
    assert!(r.to_string().contains("waiting: may land in 1m"), "{r}");
}

#[test]
fn one_approval_waits_until_seven_days() {
    let mut p = pr();
    p.reviews = vec![approve("bob", at(1, 0))];
    // 6 days 23h59m: the 48h wait is over, the approvals rule waits 1 minute.
    let r = run(&p, at(6 * 24 + 23, 59));
    assert_eq!(r.outcome(Rule::WaitTime).status, Status::Pass);
    assert_eq!(r.outcome(Rule::Approvals).status, Status::Wait { until: at(7 * 24, 0) }, "{r}");
    assert_eq!(r.verdict.time_left(), Some(TimeDelta::minutes(1)));
    // 6 days: a day left.
    let r = run(&p, at(6 * 24, 0));
    assert_eq!(r.verdict, Verdict::Waiting { until: at(7 * 24, 0), seconds_left: 86_400 }, "{r}");
    // 7 days: one approval is enough.
    let r = run(&p, at(7 * 24, 0));
    assert_eq!(r.verdict, Verdict::Ready, "{r}");
    assert!(r.outcome(Rule::Approvals).detail.contains("enough after 7d"), "{r}");
}

#[test]
fn no_approval_blocks_even_after_seven_days() {
    let r = run(&pr(), at(30 * 24, 0));
    assert_eq!(r.verdict, Verdict::Blocked, "{r}");
    assert_eq!(r.outcome(Rule::Approvals).status, Status::Fail);
    assert!(r.to_string().contains("blocked by approvals"), "{r}");
}

#[test]
fn author_and_non_collaborators_do_not_count() {
    let mut p = pr();
    p.reviews = vec![
        approve("alice", at(1, 0)),
        approve("olga", at(1, 0)),
        approve("stranger", at(1, 0)),
        approve("bob", at(2, 0)),
    ];
    let r = run(&p, at(72, 0));
    let o = r.outcome(Rule::Approvals);
    assert!(matches!(o.status, Status::Wait { .. }), "{r}");
    assert!(o.detail.starts_with("1 of 2 approvals (bob)"), "{r}");
    assert!(o.detail.contains("not a collaborator: olga, stranger"), "{r}");
}

#[test]
fn tsc_members_are_collaborators() {
    let mut p = pr();
    p.reviews = vec![approve("tina", at(1, 0)), approve("tom", at(1, 0))];
    assert_eq!(run(&p, at(48, 0)).verdict, Verdict::Ready);
}

#[test]
fn team_membership_grants_the_reviewer_role() {
    let mut gov: Governance = gov();
    gov.github.role_teams.insert(governance::Role::new("collaborator"), "nodejs/collaborators".into());
    let mut p = pr();
    p.reviews = vec![approve("bob", at(1, 0)), approve("zed", at(1, 0))];
    let without = check(&gov, &p, &Teams::new(), at(48, 0));
    assert!(matches!(without.verdict, Verdict::Waiting { .. }), "{without}");
    let mut teams = Teams::new();
    teams.insert("nodejs/collaborators".into(), vec!["Zed".into()]);
    let with = check(&gov, &p, &teams, at(48, 0));
    assert_eq!(with.verdict, Verdict::Ready, "{with}");
}

#[test]
fn changes_requested_blocks_until_approved_or_dismissed() {
    let mut p = approved();
    p.reviews.push(review("dave", ReviewState::ChangesRequested, at(3, 0)));
    let r = run(&p, at(72, 0));
    assert_eq!(r.verdict, Verdict::Blocked, "{r}");
    assert!(r.outcome(Rule::ChangesRequested).detail.contains("changes requested by dave"), "{r}");

    // A later comment does not lift it; a later approval does.
    p.reviews.push(review("dave", ReviewState::Commented, at(4, 0)));
    assert_eq!(status(&p, Rule::ChangesRequested, at(72, 0)), Status::Fail);
    p.reviews.push(approve("dave", at(5, 0)));
    assert_eq!(run(&p, at(72, 0)).verdict, Verdict::Ready);

    // A non-collaborator's change request does not block.
    let mut q = approved();
    q.reviews.push(review("olga", ReviewState::ChangesRequested, at(3, 0)));
    assert_eq!(run(&q, at(72, 0)).verdict, Verdict::Ready);
}

#[test]
fn dismissed_reviews_neither_block_nor_approve() {
    // dave's change request was dismissed: it no longer blocks.
    let mut p = approved();
    p.reviews.push(review("dave", ReviewState::Dismissed, at(3, 0)));
    let r = run(&p, at(72, 0));
    assert_eq!(r.verdict, Verdict::Ready, "{r}");
    assert!(r.outcome(Rule::ChangesRequested).detail.contains("dismissed: dave"), "{r}");

    // carol's approval was dismissed: it no longer counts.
    let mut q = pr();
    q.reviews = vec![approve("bob", at(1, 0)), review("carol", ReviewState::Dismissed, at(2, 0))];
    let r = run(&q, at(72, 0));
    assert!(r.outcome(Rule::Approvals).detail.starts_with("1 of 2 approvals (bob)"), "{r}");
}

#[test]
fn stale_approval_after_new_commits_blocks() {
    let mut p = approved();
    // A commit pushed after both approvals: GitHub's reviews name the old head.
    p.commits[0].sha = FIRST.into();
    for r in &mut p.reviews {
        r.commit = Some(FIRST.into());
    }
    p.commits.push(PrCommit { sha: HEAD.into(), date: at(10, 0), message: "fs: address review".into(), author: None });
    let r = run(&p, at(72, 0));
    assert_eq!(r.verdict, Verdict::Blocked, "{r}");
    let o = r.outcome(Rule::CommitsAfterApproval);
    assert_eq!(o.status, Status::Fail);
    assert!(o.detail.contains("came after the last approval (carol"), "{r}");

    // Without commit ids (a facts file), the dates decide.
    for r in &mut p.reviews {
        r.commit = None;
    }
    assert_eq!(status(&p, Rule::CommitsAfterApproval, at(72, 0)), Status::Fail);

    // A fresh approval of the new head clears it.
    p.reviews.push(approve("dave", at(11, 0)));
    let r = run(&p, at(72, 0));
    assert_eq!(r.verdict, Verdict::Ready, "{r}");
    assert!(r.outcome(Rule::CommitsAfterApproval).detail.contains("(dave"), "{r}");
}

#[test]
fn fast_track_skips_the_wait_once_two_collaborators_approve_the_request() {
    let mut p = approved();
    p.labels.push("fast-track".into());
    p.comments.push(comment("bob", at(1, 0), "Requesting fast-track: this fixes a crash.", &["carol", "olga"]));
    let r = run(&p, at(3, 0));
    assert_eq!(r.verdict, Verdict::Ready, "{r}");
    assert_eq!(r.outcome(Rule::FastTrack).status, Status::Pass);
    assert!(r.outcome(Rule::WaitTime).detail.starts_with("fast-tracked"), "{r}");
}

#[test]
fn fast_track_without_enough_approvals_blocks() {
    let mut p = approved();
    p.labels.push("fast-track".into());
    // The bot posts the request; only bob 👍s it (olga is no collaborator).
    p.comments.push(comment(
        "github-actions[bot]",
        at(1, 0),
        "Fast-track has been requested by @bob. Please 👍 to approve.",
        &["bob", "olga"],
    ));
    let r = run(&p, at(3, 0));
    assert_eq!(r.verdict, Verdict::Blocked, "{r}");
    assert!(r.outcome(Rule::FastTrack).detail.contains("1 of 2 collaborators approve the request (bob)"), "{r}");
    assert!(matches!(r.outcome(Rule::WaitTime).status, Status::Wait { .. }), "{r}");

    // A label with no request comment at all.
    let mut q = approved();
    q.labels.push("fast-track".into());
    assert_eq!(status(&q, Rule::FastTrack, at(3, 0)), Status::Fail);
    // No label: not applicable.
    assert_eq!(status(&approved(), Rule::FastTrack, at(3, 0)), Status::Skip);
}

#[test]
fn semver_major_needs_two_tsc_approvals() {
    let mut p = approved();
    p.labels.push("semver-major".into());
    let r = run(&p, at(72, 0));
    assert_eq!(r.verdict, Verdict::Blocked, "{r}");
    assert!(r.outcome(Rule::SemverMajor).detail.contains("needs 2 tsc approvals, has 0"), "{r}");
    p.reviews.push(approve("tina", at(3, 0)));
    assert_eq!(status(&p, Rule::SemverMajor, at(72, 0)), Status::Fail);
    p.reviews.push(approve("tom", at(4, 0)));
    let r = run(&p, at(72, 0));
    assert_eq!(r.verdict, Verdict::Ready, "{r}");
    assert!(r.outcome(Rule::SemverMajor).detail.contains("2 tsc approvals (tina, tom)"), "{r}");
}

fn with_checks(runs: &[(&str, CheckStatus, Option<CheckConclusion>)]) -> PullRequest {
    let mut p = approved();
    p.checks = runs.iter().map(|(n, s, c)| CheckRun { name: n.to_string(), status: *s, conclusion: *c }).collect();
    p
}

#[test]
fn ci_must_be_green() {
    use CheckConclusion::*;
    use CheckStatus::*;
    let ok = with_checks(&[("lint", Completed, Some(Success)), ("docs", Completed, Some(Skipped))]);
    assert_eq!(status(&ok, Rule::Ci, at(72, 0)), Status::Pass);

    let failed = with_checks(&[("lint", Completed, Some(Success)), ("test", Completed, Some(Failure))]);
    let r = run(&failed, at(72, 0));
    assert_eq!(r.verdict, Verdict::Blocked);
    assert!(r.outcome(Rule::Ci).detail.contains("test (failure)"), "{r}");

    let running = with_checks(&[("lint", Completed, Some(Success)), ("test", InProgress, None)]);
    let r = run(&running, at(72, 0));
    assert_eq!(r.outcome(Rule::Ci).status, Status::Pending, "{r}");
    assert_eq!(r.verdict, Verdict::Blocked, "running CI is not waiting on time alone");

    let none = with_checks(&[]);
    assert_eq!(status(&none, Rule::Ci, at(72, 0)), Status::Pending);
}

#[test]
fn required_checks_only_count_when_named() {
    use CheckConclusion::*;
    use CheckStatus::*;
    let mut gov = gov();
    gov.landing.checks.required = vec!["test".into()];
    let p = with_checks(&[("test", Completed, Some(Success)), ("coverage", Completed, Some(Failure))]);
    assert_eq!(check(&gov, &p, &Teams::new(), at(72, 0)).verdict, Verdict::Ready);
    let p = with_checks(&[("coverage", Completed, Some(Success))]);
    let r = check(&gov, &p, &Teams::new(), at(72, 0));
    assert_eq!(r.outcome(Rule::Ci).status, Status::Pending);
    assert!(r.outcome(Rule::Ci).detail.contains("test (not reported)"), "{r}");
    // A re-run that passed replaces the failed run before it.
    let p = with_checks(&[("test", Completed, Some(Failure)), ("test", Completed, Some(Success))]);
    assert_eq!(check(&gov, &p, &Teams::new(), at(72, 0)).verdict, Verdict::Ready);
}

#[test]
fn drafts_and_closed_pull_requests_are_blocked() {
    let mut p = approved();
    p.draft = true;
    assert_eq!(status(&p, Rule::Open, at(72, 0)), Status::Fail);
    let mut p = approved();
    p.state = PrState::Merged;
    assert_eq!(run(&p, at(72, 0)).verdict, Verdict::Blocked);
}

#[test]
fn commit_titles_need_valid_subsystems() {
    let mut p = approved();
    p.commits.insert(0, PrCommit { sha: FIRST.into(), date: t0(), message: "fs,test: cover rm".into(), author: None });
    p.commits.insert(0, PrCommit { sha: FIRST.into(), date: t0(), message: "fixup! whatever".into(), author: None });
    assert_eq!(status(&p, Rule::CommitSubsystems, at(72, 0)), Status::Pass);
    p.commits.insert(0, PrCommit { sha: FIRST.into(), date: t0(), message: "fss: typo\n\nbody".into(), author: None });
    p.commits.insert(0, PrCommit { sha: FIRST.into(), date: t0(), message: "Update fs.js".into(), author: None });
    let r = run(&p, at(72, 0));
    let o = r.outcome(Rule::CommitSubsystems);
    assert_eq!(o.status, Status::Fail);
    assert!(o.detail.contains("\"fss: typo\": unknown subsystem fss"), "{r}");
    assert!(o.detail.contains("\"Update fs.js\" names no subsystem"), "{r}");
}

#[test]
fn owners_who_have_not_reviewed_are_named() {
    let mut p = approved();
    p.files = vec!["lib/fs.js".into(), "doc/api/fs.md".into(), "README.md".into()];
    let r = run(&p, at(72, 0));
    // carol reviewed already; dave owns doc/; @nodejs/fs is a team.
    assert_eq!(r.owners_to_review, vec!["@nodejs/fs".to_string(), "dave".to_string()]);
    assert!(r.to_string().contains("owners who should review: @nodejs/fs, dave"), "{r}");
}

#[test]
fn report_serializes_for_other_tools() {
    let r = run(&approved(), at(47, 59));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["verdict"], "waiting");
    assert_eq!(json["seconds_left"], 60);
    assert_eq!(json["until"], "2024-01-03T00:00:00Z");
    let wait = json["rules"].as_array().unwrap().iter().find(|o| o["rule"] == "wait-time").unwrap();
    assert_eq!(wait["status"], "wait");
    assert_eq!(wait["until"], "2024-01-03T00:00:00Z");
    assert_eq!(json["rules"].as_array().unwrap().len(), 9);
}

#[test]
fn file_forge_gathers_the_same_facts() {
    use governance::{Facts, FileForge, Forge};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facts.yaml");
    let facts = Facts { teams: Teams::new(), pulls: vec![approved()] };
    std::fs::write(&path, serde_yaml::to_string(&facts).unwrap()).unwrap();
    let forge = FileForge::open(&path).unwrap();
    assert_eq!(forge.pull_request(7).unwrap(), approved());
    let report = governance::check_pull_request(&gov(), &forge, 7, at(48, 0)).unwrap();
    assert_eq!(report.verdict, Verdict::Ready);
    let err = forge.pull_request(8).unwrap_err().to_string();
    assert!(err.ends_with("facts.yaml: no pull request #8 (the file has #7)"), "{err}");
}

#[test]
fn approvals_of_a_commit_force_pushed_away_are_stale() {
    // bob and carol approved 1111…, then the branch was force-pushed to
    // 2222… (1111… is no longer one of its commits): neither counts.
    let mut p = approved();
    for r in &mut p.reviews {
        r.commit = Some(FIRST.into());
    }
    let r = run(&p, at(48, 0));
    assert_eq!(r.outcome(Rule::Approvals).status, Status::Fail, "{r}");
    assert!(r.outcome(Rule::Approvals).detail.contains("stale, given before a force-push: bob, carol"), "{r}");
    assert_eq!(r.verdict, Verdict::Blocked);
    // A commit pushed on top keeps them (the commits-after-approval rule
    // judges that case).
    p.commits.insert(0, PrCommit { sha: FIRST.into(), date: t0(), message: "fs: first".into(), author: None });
    let r = run(&p, at(48, 0));
    assert_eq!(r.outcome(Rule::Approvals).status, Status::Pass, "{r}");
    assert_eq!(r.outcome(Rule::CommitsAfterApproval).status, Status::Fail, "{r}");
}
