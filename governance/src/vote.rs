//! Votes and nominations: ballots in a YAML file, tallied under the
//! project's voting rules (`votes:` in governance.yaml).
//!
//! A vote file:
//!
//! ```yaml
//! title: Make the new release schedule official
//! kind: motion            # motion (the default) or nomination
//! opened: 2024-03-01T00:00:00Z
//! closes: 2024-03-08T00:00:00Z   # optional; before it the result is provisional
//! ballots:
//!   - voter: alice
//!     vote: yes           # yes, no or abstain
//! ```
//!
//! A nomination (`kind: nomination`, with `nominee: handle`) passes when it
//! has been open for `votes.nomination_period` and no member with the
//! `votes.objectors` role voted `no` (objected); an objection sends it to a
//! vote of the TSC.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{Governance, MajorityOf};
use crate::error::{Error, Result};
use crate::span::human;
use changelog::locate::Lines;

/// A vote file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// What is voted on.
    pub title: String,
    /// A motion or a nomination.
    #[serde(default)]
    pub kind: VoteKind,
    /// For a nomination: who is nominated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nominee: Option<String>,
    /// When the vote opened.
    pub opened: DateTime<Utc>,
    /// When it closes (motions); nominations close after the nomination period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<DateTime<Utc>>,
    /// The ballots cast.
    #[serde(default)]
    pub ballots: Vec<Ballot>,
}

/// What kind of vote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VoteKind {
    /// A TSC motion: quorum and majority decide.
    #[default]
    Motion,
    /// A nomination: passes unless someone objects within the period.
    Nomination,
}

/// One voter's ballot.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The voter's handle.
    pub voter: String,
    /// The choice.
    pub vote: Choice,
}

/// A ballot's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Choice {
    /// In favour.
    Yes,
    /// Against (for a nomination: an objection).
    No,
    /// Explicit abstention.
    Abstain,
}

/// How a vote came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Outcome {
    /// Carried.
    Passed,
    /// Lost.
    Failed,
    /// Too few voters took part.
    NoQuorum,
    /// A nomination drew an objection: it goes to a TSC vote.
    Objected,
    /// Still open; the detail gives the standing so far.
    Open {
        /// When it closes.
        closes: DateTime<Utc>,
    },
}

/// The tally of a vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// What was voted on.
    pub title: String,
    /// Motion or nomination.
    pub kind: VoteKind,
    /// The result.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Ballots in favour.
    pub yes: u32,
    /// Ballots against.
    pub no: u32,
    /// Explicit abstentions.
    pub abstain: u32,
    /// Members entitled to vote.
    pub eligible: u32,
    /// Eligible members who have not voted.
    pub not_voted: Vec<String>,
    /// The rule that decided, in words.
    pub rule: String,
}

impl Vote {
    /// Reads `path`, checking its ballots against `gov`: every voter must
    /// be entitled to vote, and vote once.
    pub fn load(gov: &Governance, path: &Path) -> Result<Vote> {
        let source = Error::read_yaml(path)?;
        let vote: Vote = serde_yaml::from_str(&source).map_err(|e| Error::yaml_in(path, &source, e))?;
        let lines = Lines::of(&source);
        let role = vote.voter_role(gov);
        let mut seen = HashSet::new();
        for (i, b) in vote.ballots.iter().enumerate() {
            let at = lines.line(&format!("ballots[{i}].voter"));
            let entitled = gov.member(&b.voter).is_some_and(|m| m.has_role(role));
            if !entitled {
                return Err(Error::invalid(
                    path,
                    at,
                    format!("`{}` cannot vote here: not a member with role `{role}`", b.voter),
                ));
            }
            if !seen.insert(b.voter.to_ascii_lowercase()) {
                return Err(Error::invalid(path, at, format!("`{}` has voted twice", b.voter)));
            }
        }
        if vote.kind == VoteKind::Nomination && vote.nominee.is_none() {
            return Err(Error::invalid(path, lines.line("kind"), "a nomination names its `nominee`"));
        }
        Ok(vote)
    }

    fn voter_role<'g>(&self, gov: &'g Governance) -> &'g str {
        match self.kind {
            VoteKind::Motion => gov.votes.voters.as_str(),
            VoteKind::Nomination => gov.votes.objectors.as_str(),
        }
    }

    /// Counts the ballots under the rules of `gov`, as of `now`.
    pub fn tally(&self, gov: &Governance, now: DateTime<Utc>) -> Tally {
        let rules = &gov.votes;
        let role = self.voter_role(gov);
        let eligible: Vec<&str> = gov.members_with(role).iter().map(|m| m.handle.as_str()).collect();
        let count = |c: Choice| self.ballots.iter().filter(|b| b.vote == c).count() as u32;
        let (yes, no, abstain) = (count(Choice::Yes), count(Choice::No), count(Choice::Abstain));
        let n = eligible.len() as u32;
        let not_voted: Vec<String> = eligible
            .iter()
            .filter(|h| !self.ballots.iter().any(|b| b.voter.eq_ignore_ascii_case(h)))
            .map(|h| h.to_string())
            .collect();

        let (outcome, rule) = match self.kind {
            VoteKind::Nomination => {
                let closes = self.opened + rules.nomination_period.delta();
                let objectors: Vec<&str> =
                    self.ballots.iter().filter(|b| b.vote == Choice::No).map(|b| b.voter.as_str()).collect();
                if !objectors.is_empty() {
                    (
                        Outcome::Objected,
                        format!("objection by {}: the nomination goes to a TSC vote", objectors.join(", ")),
                    )
                } else if now < closes {
                    (
                        Outcome::Open { closes },
                        format!(
                            "no objections so far; open for objections {} more (until {})",
                            human(closes - now),
                            closes.format("%Y-%m-%d %H:%M UTC")
                        ),
                    )
                } else {
                    (Outcome::Passed, format!("no objection from a {role} in {}", rules.nomination_period))
                }
            }
            VoteKind::Motion => {
                let took_part = yes + no + abstain;
                let quorum = rules.quorum.reached_by(took_part, n);
                let base = match rules.majority_of {
                    MajorityOf::Voters => n - abstain.min(n),
                    MajorityOf::Cast => yes + no,
                };
                let base_words = match rules.majority_of {
                    MajorityOf::Voters => format!("{n} voters less {abstain} abstaining"),
                    MajorityOf::Cast => "ballots cast for or against".to_owned(),
                };
                let passes = base > 0 && rules.majority.exceeded_by(yes, base);
                let standing = if !quorum {
                    (
                        Outcome::NoQuorum,
                        format!(
                            "{took_part} of {n} voters took part; quorum is {} ({})",
                            rules.quorum,
                            rules.quorum.at_least_of(n)
                        ),
                    )
                } else if passes {
                    (Outcome::Passed, format!("{yes} yes is more than {} of {base} ({base_words})", rules.majority))
                } else {
                    (
                        Outcome::Failed,
                        format!(
                            "{yes} yes is not more than {} of {base} ({base_words}); {} needed",
                            rules.majority,
                            rules.majority.more_than_of(base)
                        ),
                    )
                };
                match self.closes {
                    Some(closes) if now < closes => {
                        let so_far = match standing.0 {
                            Outcome::Passed => "passing",
                            Outcome::NoQuorum => "short of quorum",
                            _ => "failing",
                        };
                        (
                            Outcome::Open { closes },
                            format!(
                                "open until {}; so far {so_far}: {}",
                                closes.format("%Y-%m-%d %H:%M UTC"),
                                standing.1
                            ),
                        )
                    }
                    _ => standing,
                }
            }
        };
        Tally { title: self.title.clone(), kind: self.kind, outcome, yes, no, abstain, eligible: n, not_voted, rule }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.title)?;
        writeln!(f, "  yes {}, no {}, abstain {}, of {} eligible", self.yes, self.no, self.abstain, self.eligible)?;
        if !self.not_voted.is_empty() {
            writeln!(f, "  not voted: {}", self.not_voted.join(", "))?;
        }
        let word = match self.outcome {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::NoQuorum => "no quorum",
            Outcome::Objected => "objected",
            Outcome::Open { .. } => "open",
        };
        write!(f, "{word}: {}", self.rule)
    }
}
