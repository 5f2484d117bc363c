//! Checking a pull request against the landing rules: which rules pass,
//! which fail, and what is still waited for, as a typed [`Report`].
//!
//! [`check`] is pure: it takes the facts and a "now", so the landing and
//! merge-queue commands (and tests) decide with the same code and the same
//! clock they choose. [`check_pull_request`] gathers the facts from a
//! [`Forge`] first.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;

use crate::config::{Governance, LandingRules};
use crate::error::Result;
use crate::facts::{CheckStatus, PrState, PullRequest, Review, ReviewState, Teams};
use crate::forge::{Forge, Team};
use crate::owners::Owners;
use crate::span::human;

/// One landing rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The pull request is open and not a draft.
    Open,
    /// It has been open `landing.wait` (48h), unless fast-tracked.
    WaitTime,
    /// Enough approvals from reviewers other than the author (2, or 1 after 7 days).
    Approvals,
    /// No outstanding "changes requested" from a reviewer.
    ChangesRequested,
    /// A `fast-track` label has enough approvals of the request.
    FastTrack,
    /// A `semver-major` label has enough TSC approvals.
    SemverMajor,
    /// Required CI check runs are green.
    Ci,
    /// No commit came after the last approval.
    CommitsAfterApproval,
    /// Commit titles name valid subsystems.
    CommitSubsystems,
}

impl Rule {
    /// The rule's name, as printed and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Open => "open",
            Rule::WaitTime => "wait-time",
            Rule::Approvals => "approvals",
            Rule::ChangesRequested => "changes-requested",
            Rule::FastTrack => "fast-track",
            Rule::SemverMajor => "semver-major",
            Rule::Ci => "ci",
            Rule::CommitsAfterApproval => "commits-after-approval",
            Rule::CommitSubsystems => "commit-subsystems",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How one rule came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Status {
    /// Satisfied.
    Pass,
    /// Does not apply to this pull request (no label, rule turned off).
    Skip,
    /// Will be satisfied by time alone, at `until`.
    Wait {
        /// When.
        until: DateTime<Utc>,
    },
    /// Waiting for something other than time (CI still running).
    Pending,
    /// Not satisfied; someone must act.
    Fail,
}

/// One rule's outcome with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The rule.
    pub rule: Rule,
    /// How it came out.
    #[serde(flatten)]
    pub status: Status,
    /// Why, in words (who approved, how long is left…).
    pub detail: String,
}

/// The decision on a pull request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    /// Every rule passes or does not apply: it may land now.
    Ready,
    /// Only time stands in the way: it may land at `until`.
    Waiting {
        /// When the last wait ends.
        until: DateTime<Utc>,
        /// Seconds from "now" to `until`.
        seconds_left: i64,
    },
    /// A rule fails or waits on something other than time.
    Blocked,
}

impl Verdict {
    /// The time left for [`Verdict::Waiting`].
    pub fn time_left(&self) -> Option<TimeDelta> {
        match self {
            Verdict::Waiting { seconds_left, .. } => Some(TimeDelta::seconds(*seconds_left)),
            _ => None,
        }
    }
}

/// The result of checking one pull request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The pull request's number.
    pub number: u64,
    /// Its title.
    pub title: String,
    /// Its author.
    pub author: String,
    /// Its web address, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The time the check was made at.
    pub now: DateTime<Utc>,
    /// The decision.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Every rule, in a fixed order.
    pub rules: Vec<Outcome>,
    /// Owners of the changed files who have not reviewed yet (handles and
    /// `@org/team`s).
    pub owners_to_review: Vec<String>,
}

impl Report {
    /// The outcome of `rule`.
    pub fn outcome(&self, rule: Rule) -> &Outcome {
        self.rules.iter().find(|o| o.rule == rule).expect("every rule has an outcome")
    }

    /// The rules that block (failing or pending).
    pub fn blocking(&self) -> Vec<&Outcome> {
        self.rules.iter().filter(|o| matches!(o.status, Status::Fail | Status::Pending)).collect()
    }
}

/// Gathers the facts about pull request `number` from `forge` and checks
/// them at `now`.
pub fn check_pull_request(gov: &Governance, forge: &dyn Forge, number: u64, now: DateTime<Utc>) -> Result<Report> {
    let (pr, teams) = gather(gov, forge, number)?;
    Ok(check(gov, &pr, &teams, now))
}

/// The pull request and the memberships of the teams that grant roles
/// (`github.role_teams`).
pub fn gather(gov: &Governance, forge: &dyn Forge, number: u64) -> Result<(PullRequest, Teams)> {
    let pr = forge.pull_request(number)?;
    let mut teams = Teams::new();
    for team in gov.github.role_teams.values() {
        if let Some(t) = Team::parse(team) {
            if let std::collections::btree_map::Entry::Vacant(slot) = teams.entry(t.to_string()) {
                slot.insert(forge.team_members(&t)?);
            }
        }
    }
    Ok((pr, teams))
}

/// Who holds which role: governance.yaml plus team memberships.
struct People<'a> {
    gov: &'a Governance,
    teams: &'a Teams,
}

impl People<'_> {
    fn has_role(&self, login: &str, role: &str) -> bool {
        if self.gov.member(login).is_some_and(|m| m.has_role(role)) {
            return true;
        }
        self.gov.github.role_teams.iter().any(|(r, team)| {
            r.implied().contains(&role)
                && Team::parse(team)
                    .and_then(|t| self.teams.get(&t.to_string()))
                    .is_some_and(|ms| ms.iter().any(|m| m.eq_ignore_ascii_case(login)))
        })
    }
}

fn when(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn names(list: &[&str]) -> String {
    list.join(", ")
}

/// Each reviewer's standing review: the latest that approved, requested
/// changes or was dismissed (comments and pending reviews change nothing),
/// in order of each reviewer's first review.
fn standing(pr: &PullRequest) -> Vec<(&str, &Review)> {
    let mut sorted: Vec<&Review> = pr.reviews.iter().collect();
    sorted.sort_by_key(|r| r.submitted_at); // stable: ties keep file order
    let mut out: Vec<(&str, &Review)> = Vec::new();
    for r in sorted {
        if !matches!(r.state, ReviewState::Approved | ReviewState::ChangesRequested | ReviewState::Dismissed) {
            continue;
        }
        match out.iter_mut().find(|(u, _)| u.eq_ignore_ascii_case(&r.user)) {
            Some(slot) => slot.1 = r,
            None => out.push((r.user.as_str(), r)),
        }
    }
    out
}

/// Checks `pr` against the landing rules of `gov` at time `now`.
pub fn check(gov: &Governance, pr: &PullRequest, teams: &Teams, now: DateTime<Utc>) -> Report {
    let rules = &gov.landing;
    let people = People { gov, teams };
    let reviewer = rules.reviewer_role.as_str();
    let standing = standing(pr);
    let is_author = |u: &str| u.eq_ignore_ascii_case(&pr.author);

    // An approval of a commit the pull request no longer has was given
    // before a force-push: it approved other code, so it is stale
    // (node-core-utils #677). Commits pushed on top keep older
    // approvals, and `commits-after-approval` judges those.
    let stale = |r: &Review| {
        r.commit.as_ref().is_some_and(|sha| !pr.commits.is_empty() && !pr.commits.iter().any(|c| &c.sha == sha))
    };
    let stale_approvers: Vec<&str> = standing
        .iter()
        .filter(|(u, r)| r.state == ReviewState::Approved && !is_author(u) && stale(r))
        .map(|(u, _)| *u)
        .collect();
    let standing: Vec<(&str, &Review)> = standing.into_iter().filter(|(_, r)| !stale(r)).collect();
    // Approvals that count: reviewers (not the author) whose standing review approves.
    let approvals: Vec<&Review> = standing
        .iter()
        .filter(|(u, r)| r.state == ReviewState::Approved && !is_author(u) && people.has_role(u, reviewer))
        .map(|(_, r)| *r)
        .collect();
    let approvers: Vec<&str> = approvals.iter().map(|r| r.user.as_str()).collect();
    let outsiders: Vec<&str> = standing
        .iter()
        .filter(|(u, r)| r.state == ReviewState::Approved && !is_author(u) && !people.has_role(u, reviewer))
        .map(|(u, _)| *u)
        .collect();
    let stale_note = if stale_approvers.is_empty() {
        String::new()
    } else {
        format!("; stale, given before a force-push: {}", names(&stale_approvers))
    };
    let open_for = (now - pr.created_at).max(TimeDelta::zero());

    let fast_track = fast_track(rules, pr, &people);
    let out = vec![
        open_rule(pr),
        wait_rule(rules, pr, now, open_for, &fast_track),
        approvals_rule(rules, pr, open_for, &approvers, &outsiders, reviewer, &stale_note),
        changes_rule(rules, &standing, &people, reviewer, &is_author),
        fast_track.outcome,
        semver_major_rule(rules, pr, &standing, &people, &is_author),
        ci_rule(rules, pr),
        commits_after_rule(rules, pr, &approvals),
        subsystems_rule(gov, pr),
    ];

    let verdict = if out.iter().any(|o| matches!(o.status, Status::Fail | Status::Pending)) {
        Verdict::Blocked
    } else {
        match out.iter().filter_map(|o| if let Status::Wait { until } = o.status { Some(until) } else { None }).max() {
            Some(until) => Verdict::Waiting { until, seconds_left: (until - now).num_seconds().max(0) },
            None => Verdict::Ready,
        }
    };

    let reviewed: Vec<&str> = pr.reviews.iter().map(|r| r.user.as_str()).collect();
    let owners_to_review = Owners::new(gov)
        .of_all(&pr.files)
        .into_iter()
        .filter(|o| !is_author(o) && !reviewed.iter().any(|r| r.eq_ignore_ascii_case(o)))
        .collect();

    Report {
        number: pr.number,
        title: pr.title.clone(),
        author: pr.author.clone(),
        url: pr.url.clone(),
        now,
        verdict,
        rules: out,
        owners_to_review,
    }
}

fn outcome(rule: Rule, status: Status, detail: impl Into<String>) -> Outcome {
    Outcome { rule, status, detail: detail.into() }
}

fn open_rule(pr: &PullRequest) -> Outcome {
    match (pr.state, pr.draft) {
        (PrState::Merged, _) => outcome(Rule::Open, Status::Fail, "already merged"),
        (PrState::Closed, _) => outcome(Rule::Open, Status::Fail, "closed"),
        (PrState::Open, true) => outcome(Rule::Open, Status::Fail, "is a draft: mark it ready for review"),
        (PrState::Open, false) => outcome(Rule::Open, Status::Pass, "open"),
    }
}

struct FastTrackResult {
    approved: bool,
    outcome: Outcome,
}

fn fast_track(rules: &LandingRules, pr: &PullRequest, people: &People<'_>) -> FastTrackResult {
    let ft = &rules.fast_track;
    let reviewer = rules.reviewer_role.as_str();
    if !pr.has_label(&ft.label) {
        return FastTrackResult {
            approved: false,
            outcome: outcome(Rule::FastTrack, Status::Skip, format!("no `{}` label", ft.label)),
        };
    }
    let Some(request) = pr.comments.iter().filter(|c| c.requests_fast_track()).max_by_key(|c| c.created_at) else {
        return FastTrackResult {
            approved: false,
            outcome: outcome(
                Rule::FastTrack,
                Status::Fail,
                format!("`{}` label set, but no comment requests fast-tracking for reviewers to 👍", ft.label),
            ),
        };
    };
    let mut approvers: Vec<&str> = Vec::new();
    for who in std::iter::once(&request.user).chain(request.thumbs_up.iter()) {
        if people.has_role(who, reviewer) && !approvers.iter().any(|a| a.eq_ignore_ascii_case(who)) {
            approvers.push(who);
        }
    }
    let n = approvers.len() as u32;
    if n >= ft.approvals {
        FastTrackResult {
            approved: true,
            outcome: outcome(Rule::FastTrack, Status::Pass, format!("fast-track approved by {}", names(&approvers))),
        }
    } else {
        let by = if approvers.is_empty() { String::new() } else { format!(" ({})", names(&approvers)) };
        FastTrackResult {
            approved: false,
            outcome: outcome(
                Rule::FastTrack,
                Status::Fail,
                format!(
                    "fast-track requested by {} on {}: {n} of {} {reviewer}s approve the request{by}; more must 👍 it, or remove the label",
                    request.user,
                    when(request.created_at),
                    ft.approvals
                ),
            ),
        }
    }
}

fn wait_rule(
    rules: &LandingRules,
    pr: &PullRequest,
    now: DateTime<Utc>,
    open_for: TimeDelta,
    ft: &FastTrackResult,
) -> Outcome {
    let wait = rules.wait.delta();
    if ft.approved {
        return outcome(
            Rule::WaitTime,
            Status::Pass,
            format!("fast-tracked: no {} wait (open {})", rules.wait, human(open_for)),
        );
    }
    if open_for >= wait {
        outcome(Rule::WaitTime, Status::Pass, format!("open {} (at least {})", human(open_for), rules.wait))
    } else {
        let until = pr.created_at + wait;
        outcome(
            Rule::WaitTime,
            Status::Wait { until },
            format!("open {} of {}: {} left (until {})", human(open_for), rules.wait, human(until - now), when(until)),
        )
    }
}

fn approvals_rule(
    rules: &LandingRules,
    pr: &PullRequest,
    open_for: TimeDelta,
    approvers: &[&str],
    outsiders: &[&str],
    reviewer: &str,
    stale_note: &str,
) -> Outcome {
    let n = approvers.len() as u32;
    let who = if approvers.is_empty() { String::new() } else { format!(" ({})", names(approvers)) };
    let mut ignored = if outsiders.is_empty() {
        String::new()
    } else {
        format!("; not counted, not a {reviewer}: {}", names(outsiders))
    };
    ignored.push_str(stale_note);
    let long = rules.long_wait.delta();
    if n >= rules.approvals {
        return outcome(Rule::Approvals, Status::Pass, format!("{n} approvals{who}{ignored}"));
    }
    if n >= rules.approvals_after_long_wait {
        if open_for >= long {
            return outcome(
                Rule::Approvals,
                Status::Pass,
                format!("{n} of {} approvals{who}, enough after {} open{ignored}", rules.approvals, rules.long_wait),
            );
        }
        let until = pr.created_at + long;
        return outcome(
            Rule::Approvals,
            Status::Wait { until },
            format!(
                "{n} of {} approvals{who}; {} enough once open {}: {} left (until {}){ignored}",
                rules.approvals,
                rules.approvals_after_long_wait,
                rules.long_wait,
                human(long - open_for),
                when(until)
            ),
        );
    }
    outcome(
        Rule::Approvals,
        Status::Fail,
        format!(
            "{n} of {} approvals from {reviewer}s other than the author{who} ({} enough after {} open){ignored}",
            rules.approvals, rules.approvals_after_long_wait, rules.long_wait
        ),
    )
}

fn changes_rule(
    rules: &LandingRules,
    standing: &[(&str, &Review)],
    people: &People<'_>,
    reviewer: &str,
    is_author: &dyn Fn(&str) -> bool,
) -> Outcome {
    if !rules.changes_requested_blocks {
        return outcome(Rule::ChangesRequested, Status::Skip, "turned off (landing.changes_requested_blocks)");
    }
    let objections: Vec<String> = standing
        .iter()
        .filter(|(u, r)| r.state == ReviewState::ChangesRequested && !is_author(u) && people.has_role(u, reviewer))
        .map(|(u, r)| format!("{u} on {}", when(r.submitted_at)))
        .collect();
    let dismissed: Vec<&str> =
        standing.iter().filter(|(_, r)| r.state == ReviewState::Dismissed).map(|(u, _)| *u).collect();
    let dismissed = if dismissed.is_empty() { String::new() } else { format!(" (dismissed: {})", names(&dismissed)) };
    if objections.is_empty() {
        outcome(Rule::ChangesRequested, Status::Pass, format!("no outstanding change requests{dismissed}"))
    } else {
        outcome(
            Rule::ChangesRequested,
            Status::Fail,
            format!(
                "changes requested by {}: they must approve, or the review be dismissed{dismissed}",
                objections.join(", ")
            ),
        )
    }
}

fn semver_major_rule(
    rules: &LandingRules,
    pr: &PullRequest,
    standing: &[(&str, &Review)],
    people: &People<'_>,
    is_author: &dyn Fn(&str) -> bool,
) -> Outcome {
    let sm = &rules.semver_major;
    if !pr.has_label(&sm.label) {
        return outcome(Rule::SemverMajor, Status::Skip, format!("no `{}` label", sm.label));
    }
    let role = sm.role.as_str();
    let approvers: Vec<&str> = standing
        .iter()
        .filter(|(u, r)| r.state == ReviewState::Approved && !is_author(u) && people.has_role(u, role))
        .map(|(u, _)| *u)
        .collect();
    let n = approvers.len() as u32;
    let who = if approvers.is_empty() { String::new() } else { format!(" ({})", names(&approvers)) };
    if n >= sm.approvals {
        outcome(Rule::SemverMajor, Status::Pass, format!("{n} {role} approvals{who}"))
    } else {
        outcome(
            Rule::SemverMajor,
            Status::Fail,
            format!("`{}` needs {} {role} approvals, has {n}{who}", sm.label, sm.approvals),
        )
    }
}

fn ci_rule(rules: &LandingRules, pr: &PullRequest) -> Outcome {
    let head = pr.head().map(|c| format!(" on {}", c.short())).unwrap_or_default();
    let mut failed = Vec::new();
    let mut running = Vec::new();
    let mut green = Vec::new();
    let mut judge = |run: &crate::facts::CheckRun| match (run.status, run.conclusion) {
        (CheckStatus::Completed, Some(c)) if c.is_green() => green.push(run.name.clone()),
        (CheckStatus::Completed, Some(c)) => failed.push(format!("{} ({})", run.name, serde_plain(&c))),
        (CheckStatus::Completed, None) => failed.push(format!("{} (no conclusion)", run.name)),
        (s, _) => running.push(format!("{} ({})", run.name, serde_plain(&s))),
    };
    if rules.checks.required.is_empty() {
        if pr.checks.is_empty() {
            return outcome(Rule::Ci, Status::Pending, format!("no check runs reported{head} yet"));
        }
        pr.checks.iter().for_each(&mut judge);
    } else {
        let mut missing = Vec::new();
        for name in &rules.checks.required {
            // The last run of a name is the latest (re-runs come later).
            match pr.checks.iter().rev().find(|r| &r.name == name) {
                Some(run) => judge(run),
                None => missing.push(format!("{name} (not reported)")),
            }
        }
        running.extend(missing);
    }
    if !failed.is_empty() {
        outcome(Rule::Ci, Status::Fail, format!("failed{head}: {}", failed.join(", ")))
    } else if !running.is_empty() {
        outcome(Rule::Ci, Status::Pending, format!("waiting for CI{head}: {}", running.join(", ")))
    } else {
        outcome(Rule::Ci, Status::Pass, format!("green{head}: {}", green.join(", ")))
    }
}

/// The snake_case name serde gives a facts enum.
fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn commits_after_rule(rules: &LandingRules, pr: &PullRequest, approvals: &[&Review]) -> Outcome {
    if !rules.no_commits_after_approval {
        return outcome(Rule::CommitsAfterApproval, Status::Skip, "turned off (landing.no_commits_after_approval)");
    }
    let (Some(head), Some(last)) = (pr.head(), approvals.iter().max_by_key(|r| r.submitted_at)) else {
        return outcome(Rule::CommitsAfterApproval, Status::Skip, "no approvals yet");
    };
    // GitHub records the head each review saw; without it, compare dates.
    let stale = match &last.commit {
        Some(sha) => sha != &head.sha,
        None => head.date > last.submitted_at,
    };
    if stale {
        outcome(
            Rule::CommitsAfterApproval,
            Status::Fail,
            format!(
                "head {} \"{}\" ({}) came after the last approval ({}, {}): it needs a fresh approval",
                head.short(),
                head.title(),
                when(head.date),
                last.user,
                when(last.submitted_at)
            ),
        )
    } else {
        outcome(
            Rule::CommitsAfterApproval,
            Status::Pass,
            format!("the last approval ({}, {}) covers head {}", last.user, when(last.submitted_at), head.short()),
        )
    }
}

fn subsystems_rule(gov: &Governance, pr: &PullRequest) -> Outcome {
    if !gov.landing.commit_subsystems {
        return outcome(Rule::CommitSubsystems, Status::Skip, "turned off (landing.commit_subsystems)");
    }
    if gov.subsystems.is_empty() {
        return outcome(Rule::CommitSubsystems, Status::Skip, "no subsystems in governance.yaml");
    }
    let mut bad = Vec::new();
    let mut checked = 0;
    for c in &pr.commits {
        let title = c.title();
        // fixup!/squash! commits are folded into others when landing.
        if title.starts_with("fixup!") || title.starts_with("squash!") || title.starts_with("Merge ") {
            continue;
        }
        checked += 1;
        match title.split_once(": ") {
            None => bad.push(format!("{} \"{title}\" names no subsystem", c.short())),
            Some((subs, _)) => {
                let unknown: Vec<&str> = subs.split(',').map(str::trim).filter(|s| !gov.is_subsystem(s)).collect();
                if !unknown.is_empty() {
                    bad.push(format!("{} \"{title}\": unknown subsystem {}", c.short(), unknown.join(", ")));
                }
            }
        }
    }
    if bad.is_empty() {
        outcome(Rule::CommitSubsystems, Status::Pass, format!("{checked} commit titles name valid subsystems"))
    } else {
        outcome(Rule::CommitSubsystems, Status::Fail, bad.join("; "))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {} (by {})", self.number, self.title, self.author)?;
        if let Some(url) = &self.url {
            write!(f, "\n{url}")?;
        }
        writeln!(f)?;
        for o in &self.rules {
            let tag = match o.status {
                Status::Pass => "pass",
                Status::Skip => "n/a",
                Status::Wait { .. } => "wait",
                Status::Pending => "pending",
                Status::Fail => "FAIL",
            };
            writeln!(f, "  {tag:<8} {:<23} {}", o.rule.name(), o.detail)?;
        }
        if !self.owners_to_review.is_empty() {
            writeln!(f, "owners who should review: {}", self.owners_to_review.join(", "))?;
        }
        match self.verdict {
            Verdict::Ready => write!(f, "ready to land"),
            Verdict::Waiting { until, seconds_left } => {
                write!(f, "waiting: may land in {} (at {})", human(TimeDelta::seconds(seconds_left)), when(until))
            }
            Verdict::Blocked => {
                let rules: Vec<&str> = self.blocking().iter().map(|o| o.rule.name()).collect();
                write!(f, "blocked by {}", rules.join(", "))
            }
        }
    }
}
