//! Commits read from git history, their semver impact, and release notes
//! rendered from them.
//!
//! The [`Commit`] model here is the one the whole toolkit shares: the
//! changelog, backports and fork convergence all read history through it.

#![warn(missing_docs)]
