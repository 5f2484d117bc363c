//! Commits read from git history, their semver impact, and release notes
//! rendered from them.
//!
//! The [`Commit`] model here is the one the whole toolkit shares: the
//! changelog, backports and fork convergence all read history through it.
//!
//! - `history`: git (`git2`) → [`Commit`]s of a [`Range`];
//! - `message`: a message string → its Node-style and conventional parts
//!   (no git needed: [`Commit::new`] parses a message);
//! - `labels`: pull-request labels behind the [`LabelSource`] trait;
//! - `impact`: semver [`Impact`] of a commit and of a range;
//! - `render`: commits → the [`Changelog`] data templates see, with
//!   Node's changelog lines worked out;
//! - `changelog_file`: a [`ReleaseEntry`] written into `CHANGELOG_V{major}.md`
//!   and the root `CHANGELOG.md` index;
//! - [`input`]: size, text and nesting limits every input file is checked
//!   against before it is parsed; [`locate`]: the line of a YAML or JSON
//!   entry, for errors found after parsing;
//! - `template`: [`Changelog`] → text through a built-in [`Format`] or a
//!   user's handlebars [`Template`].
//!
//! ```no_run
//! use changelog::{Range, ReadOptions, read_commits, Impact};
//! let repo = changelog::open_repository(std::path::Path::new("."))?;
//! let (range, commits) = read_commits(&repo, &Range::parse("v20.0.0..HEAD")?, &ReadOptions::default())?;
//! println!("{range}: {} commits, {} release", commits.len(), Impact::of_range(&commits));
//! # Ok::<(), changelog::Error>(())
//! ```

#![warn(missing_docs)]

mod changelog_file;
mod commit;
mod error;
mod history;
mod impact;
pub mod input;
mod labels;
pub mod locate;
mod markdown;
mod message;
mod render;
mod template;

pub use changelog_file::{ReleaseEntry, ReleaseStatus, Written, insert_entry, update_index, write_release};
pub use commit::{Commit, Conventional, Person, Revert, Trailer};
pub use error::{Error, Result};
pub use history::{
    Endpoint, HistoryBoundary, Range, ReadOptions, ResolvedRange, commit_from_git, last_tag, open_repository,
    read_commits, read_range, resolve_range,
};
pub use impact::Impact;
pub use labels::{LabelFile, LabelSource, NoLabels, apply_labels};
pub use message::is_release_commit;
pub use render::{
    CONVENTIONAL_SECTIONS, Changelog, CommitView, Group, Parts, PullRequest, RangeView, ReleaseView, RenderOptions,
    RepoUrl, generate,
};
pub use template::{Format, Template};
