//! The one error type of this crate; every variant names its input.

use std::path::PathBuf;

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong reading a release policy, reading or
/// changing a repository, or rendering a chart. Each variant names the file
/// and line, the ref, or the argument at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{action} `{path}`: {source}")]
    Io {
        /// `cannot read`, `cannot write`, …
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A release policy (`release.yaml`) or schedule (`schedule.json`) is
    /// malformed or inconsistent.
    #[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Config {
        /// The file at fault.
        file: PathBuf,
        /// The 1-based line, where known.
        line: Option<usize>,
        /// What is wrong, naming the line of the schedule and the field.
        message: String,
    },
    /// A value given on the command line or in a call is not acceptable.
    #[error("{what}: {message}")]
    Invalid {
        /// The argument or value (`--line`, `--version 20.x`, …).
        what: String,
        /// Why it is rejected.
        message: String,
    },
    /// The work tree or index has uncommitted changes.
    #[error("the work tree has uncommitted changes ({}); commit or stash them first", paths.join(", "))]
    Dirty {
        /// The changed paths (a few of them).
        paths: Vec<String>,
    },
    /// A merge, rebase, cherry-pick, revert or bisect is in progress.
    #[error("a {0} is in progress; finish or abort it first")]
    InProgress(String),
    /// A lock file (`index.lock`, `refs/heads/main.lock`) exists: another
    /// git process holds it, or died holding it.
    #[error(
        "cannot lock {what}: `{}` exists; another git process is using it (if none is running, it died: remove the file)",
        path.display()
    )]
    Locked {
        /// What the lock protects (`refs/heads/main`, `the index`).
        what: String,
        /// The lock file.
        path: PathBuf,
    },
    /// A ref that the operation must create already exists.
    #[error("{kind} `{name}` already exists")]
    Exists {
        /// `branch`, `tag`.
        kind: &'static str,
        /// Its short name.
        name: String,
    },
    /// A ref, revision or line the operation needs does not exist.
    #[error("{kind} `{name}` not found{hint}")]
    NotFound {
        /// `branch`, `tag`, `revision`, `release line`.
        kind: &'static str,
        /// What was looked for.
        name: String,
        /// Extra advice, starting with `; ` (or empty).
        hint: String,
    },
    /// A version file does not contain what its pattern expects.
    #[error("version file `{path}`: {message}")]
    VersionFile {
        /// The file, relative to the repository root.
        path: String,
        /// What is wrong (the pattern not found, the file missing…).
        message: String,
    },
    /// Replaying commits or cherry-picking the release commit conflicted.
    #[error("{what} conflicts in {}", paths.join(", "))]
    Conflict {
        /// What was being applied (`cherry-pick of 1a2b3c4 onto main`).
        what: String,
        /// The conflicting paths.
        paths: Vec<String>,
    },
    /// A release could not be planned (for example a semver-major commit on
    /// a stable line).
    #[error("{0}")]
    Release(String),
    /// A `git` process (signing a tag, pushing) failed.
    #[error("`{command}` failed{}: {stderr}", status.map(|s| format!(" with exit code {s}")).unwrap_or_default())]
    Command {
        /// The command line.
        command: String,
        /// Its exit code, if it exited.
        status: Option<i32>,
        /// What it printed on standard error.
        stderr: String,
    },
    /// The changelog library failed (reading commits, labels, changelog files).
    #[error(transparent)]
    Changelog(changelog::Error),
    /// A libgit2 operation failed.
    #[error("{context}: {}", git_reason(error))]
    Git {
        /// What was being done (`reading branch v20.x`).
        context: String,
        /// What libgit2 said (its message is part of this error's, so it
        /// is not repeated as a cause).
        error: git2::Error,
    },
}

/// What libgit2 said, completed where it ends without a reason: a lock
/// file it could not create ("failed to lock file '…/HEAD.lock' for
/// writing: ") exists already.
pub(crate) fn git_reason(error: &git2::Error) -> String {
    let message = error.message().trim_end();
    if !message.ends_with(':') {
        return message.to_owned();
    }
    let message = message.trim_end_matches(':');
    let lock = message.split('\'').find(|part| part.ends_with(".lock"));
    match lock {
        Some(lock) => format!(
            "{message}: the lock file `{lock}` exists: another git process is using the repository, or one \
             crashed and left it behind; if no git process is running, delete `{lock}` and run again"
        ),
        None => format!("{message} (libgit2 gave no reason)"),
    }
}

/// Adds a context to libgit2 errors: `repo.find_commit(id).git("reading …")?`.
pub(crate) trait GitContext<T> {
    /// Wraps the error with `context`.
    fn git(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> GitContext<T> for std::result::Result<T, git2::Error> {
    fn git(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|error| Error::Git { context: context(), error })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_lock_reason_is_completed() {
        let error = git2::Error::from_str("failed to lock file '/r/.git/HEAD.lock' for writing: ");
        let text = Error::Git { context: "switching".into(), error }.to_string();
        assert!(text.contains("HEAD.lock' for writing: the lock file `/r/.git/HEAD.lock` exists:"), "{text}");
        assert!(text.ends_with("delete `/r/.git/HEAD.lock` and run again"), "{text}");
        let error = git2::Error::from_str("reference not found");
        assert_eq!(Error::Git { context: "x".into(), error }.to_string(), "x: reference not found");
    }
}
