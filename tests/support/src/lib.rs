//! Test fixtures shared by every Nodus crate.
//!
//! - [`GitRepo`] builds real git repositories in fresh temp dirs through
//!   `git2`, with a fixed author and fixed, increasing commit times, so the
//!   hashes and dates in expected output are stable from run to run.
//! - [`Cmd`] runs a real binary and, when an expectation fails, prints the
//!   command, its directory, its exit status, stdout and stderr.
//! - [`node_suite`] runs Node's own test files against a runtime, as
//!   Node's `tools/test.py` does (the `node-suite` binary and the runtime's
//!   conformance gate use it).
//! - [`node_oracle`] / [`need_node_oracle`] find the Node 24 binary the
//!   runtime's differential tests compare with.

#![warn(missing_docs)]

mod cmd;
mod git;
pub mod node_suite;
mod oracle;

pub use cmd::{Cmd, Output};
pub use git::{GitRepo, Sig, Snapshot};
pub use oracle::{need_node_oracle, node_oracle};

/// The folder of checked-in fixtures (`tests/fixtures` at the workspace root).
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}
