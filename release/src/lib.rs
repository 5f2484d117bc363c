//! Release lines, LTS schedules, release proposals and their promotion.
//!
//! - `config`: `release.yaml`, a project's release policy.
//! - `schedule`: the lines' dates, their phases on a date, Node's
//!   `schedule.json`.
//! - [`chart`]: the schedule as an SVG Gantt chart.
//! - [`line`](mod@line): a repository's release lines and their branches.
//! - `version_file`: the patterns that find and rewrite version numbers.
//! - `transaction`: all-or-nothing ref, index and work-tree changes;
//!   [`journal`]: their crash-safe journal and its recovery.
//! - [`project`], [`repo`], `release_commit`: the repository, its policy,
//!   and the titles of release commits and tags.
//! - [`commit_lint`]: commit-message rules (`git nodus commit-lint`).
//! - [`input`]: size, text and nesting limits on the files read.
//! - [`backport`]: commits on a branch not yet on another, and applying them.
//! - [`sequencer`]: resumable, crash-safe sequences of cherry-picks (the
//!   engine of `land` and `backport apply`); [`land`]: landing a pull
//!   request's commits with Node's metadata.
//! - [`queue`]: the merge queue: batches tested before the target moves,
//!   bisected when they fail.
//! - [`converge`]: two diverged forks compared: unique commits,
//!   equivalents, a conflict forecast.
//! - [`engine`]: the embedded engine each line ships, the ABI registry,
//!   engine updates and floating patches.

#![warn(missing_docs)]

pub mod backport;
pub mod chart;
pub mod commit_lint;
mod config;
pub mod converge;
pub mod engine;
mod error;
mod failpoint;
pub mod journal;
pub mod land;
pub mod line;
mod notes;
pub mod prepare;
pub mod project;
pub mod promote;
pub mod queue;
mod release_commit;
pub mod repo;
mod schedule;
pub mod sequencer;
mod state_file;
mod transaction;
mod version_file;

pub mod input;

pub use config::{
    Branches, ChangelogFiles, FILE_NAME as CONFIG_FILE_NAME, ReleaseConfig, Replacement, TemplateVars, VersionFile,
    expand, replace_schedule_section,
};
pub use error::{Error, Result};
pub use release_commit::{ReleaseTitle, is_release_commit, parse_version, working_on_title};
pub use schedule::{LineId, LineSchedule, LineStatus, Phase, Schedule, Transition};
pub use transaction::{RefChange, Transaction};
pub use version_file::{LineChange, Pattern, Values};
