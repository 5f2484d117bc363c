//! Governance as a file: members, subsystems, landing rules and votes,
//! checked against the facts a forge (GitHub, or a file) reports.
//!
//! - [`Governance`] is `governance.yaml`: who holds which [`Role`], which
//!   subsystems exist and who owns their files, the [`LandingRules`] and the
//!   [`VoteRules`].
//! - A [`Forge`] reports the facts about a [`PullRequest`]: the
//!   [`GitHubForge`] through octocrab, or the [`FileForge`] from YAML.
//! - `check` decides whether a pull request may land and returns a
//!   [`Report`] with a [`Verdict`] (ready, waiting on time, blocked) and the
//!   [`Outcome`] of every [`Rule`].
//! - [`Vote`] tallies TSC votes and nominations; [`members`] renders member
//!   lists and keeps a README's in step; [`Owners`] says who owns a path.
//! - `StandIn` (feature `stand-in`) answers GitHub's REST API from JSON
//!   fixtures on 127.0.0.1, for tests and dry runs.
//! - [`ForgeLabels`] gives the changelog pull-request labels from any forge
//!   (the GitHub side of `changelog::LabelSource`).

#![warn(missing_docs)]

mod check;
mod config;
mod error;
mod facts;
mod forge;
mod github;
mod labels;
pub mod members;
mod owners;
mod span;
#[cfg(feature = "stand-in")]
mod stand_in;
mod vote;

pub use check::{Outcome, Report, Rule, Status, Verdict, check, check_pull_request, gather};
pub use config::{
    Checks, FastTrack, GitHubSettings, Governance, LandingRules, MajorityOf, Member, Role, RoleDef, SemverMajor,
    Subsystem, VoteRules, default_path as default_config_path,
};
pub use error::{Error, Result};
pub use facts::{
    CheckConclusion, CheckRun, CheckStatus, Comment, PrCommit, PrState, PullRequest, Review, ReviewState, Teams,
};
pub use forge::{Facts, FileForge, Forge, PullRef, Repo, Team};
pub use github::{DEFAULT_API_URL, GitHubForge, Token, redact};
pub use labels::ForgeLabels;
pub use owners::{Owners, PathOwners};
pub use span::{Share, Span};
#[cfg(feature = "stand-in")]
pub use stand_in::StandIn;
pub use vote::{Ballot, Choice, Outcome as VoteOutcome, Tally, Vote, VoteKind};
