//! The one error type of this crate; every variant names its input.

use std::path::PathBuf;

/// Everything that can go wrong reading history, labels, templates or
/// changelog files. Each variant names the revision, file or tag at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The repository could not be opened (missing, not a repository,
    /// unreadable).
    #[error("cannot open repository `{path}`: {message}")]
    OpenRepository {
        /// The path given.
        path: PathBuf,
        /// What libgit2 said.
        message: String,
    },
    /// A revision (branch, tag, sha, `HEAD~3`…) does not name a commit.
    #[error("unknown revision `{rev}`: {message}")]
    UnknownRevision {
        /// The revision as the user wrote it.
        rev: String,
        /// What libgit2 said.
        message: String,
    },
    /// A range is not of the form `A..B`, `A..`, `..B` or `B`.
    #[error("invalid range `{range}`: {reason}")]
    InvalidRange {
        /// The range as the user wrote it.
        range: String,
        /// Why it is rejected.
        reason: String,
    },
    /// `--since-tag` names a tag that does not exist.
    #[error("no tag named `{tag}` in this repository")]
    MissingTag {
        /// The tag name given.
        tag: String,
    },
    /// The range holds no commits at all.
    #[error("empty range `{range}`: {detail}")]
    EmptyRange {
        /// The range, as resolved (e.g. `v1.0.0..HEAD`).
        range: String,
        /// Why, with advice where there is some.
        detail: String,
    },
    /// A walk of history reached a commit whose parents are missing (a
    /// shallow clone) or replaced (grafts): the answer would be wrong.
    #[error(
        "{what} reaches commit {} whose {reason}, so the answer would leave history out; fetch the whole \
         history (`git fetch --unshallow`), or deepen it past the start of the range (`git fetch --deepen=N`)",
        &commit[..commit.len().min(10)]
    )]
    IncompleteHistory {
        /// What was being walked (``the range `v20.9.0..HEAD` ``).
        what: String,
        /// The commit on the boundary (full hex sha).
        commit: String,
        /// Why its parents cannot be followed.
        reason: &'static str,
    },
    /// A commit message or author is not valid UTF-8.
    #[error("commit {sha}: {what} is not valid UTF-8")]
    NonUtf8 {
        /// The commit's full sha.
        sha: String,
        /// `message`, `author name`, …
        what: &'static str,
    },
    /// Any other failure while reading the repository.
    #[error("reading `{what}`: {message}")]
    Git {
        /// What was being read (a ref, a sha, `HEAD`).
        what: String,
        /// What libgit2 said.
        message: String,
    },
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
    /// An input file is too large, binary, or nests too deeply (see
    /// [`input`](crate::input)).
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Input {
        /// The file.
        path: PathBuf,
        /// The 1-based line at fault, where there is one.
        line: Option<usize>,
        /// What is wrong, naming the limit.
        message: String,
    },
    /// The labels metadata file is malformed.
    #[error("labels file `{path}`: {message}")]
    LabelsFile {
        /// The file.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// A [`LabelSource`](crate::LabelSource) failed (network, API, auth…).
    #[error("labels from {source_name}: {message}")]
    LabelSource {
        /// The source, e.g. `GitHub nodejs/node`.
        source_name: String,
        /// What went wrong.
        message: String,
    },
    /// A template does not compile or fails to render.
    #[error("template `{name}`: {message}")]
    Template {
        /// The template's name or file.
        name: String,
        /// The handlebars error, with line and column where known.
        message: String,
    },
    /// A changelog file cannot take the new entry (version already there,
    /// wrong major, no place to insert…).
    #[error("changelog `{path}`: {message}")]
    ChangelogFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// Node-format output needs links, and no repository URL is known.
    #[error("no repository URL for links: add an `origin` remote, set `git config nodus.repoUrl`, or pass --repo-url")]
    NoRepoUrl,
    /// Like [`Error::NoRepoUrl`], when there is an `origin` remote but it is
    /// no web address (a `file://` URL or a path), nor a clone of one.
    #[error(
        "no repository URL for links: the `origin` remote (`{url}`) is not a web address to link to, nor a \
         clone of one: set `git config nodus.repoUrl` or pass --repo-url (e.g. https://github.com/OWNER/NAME)"
    )]
    UnusableOrigin {
        /// The origin's URL.
        url: String,
    },
    /// A value given to the library is invalid (bad repository URL, bad
    /// version…).
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidValue {
        /// Which input (`repository URL`, `tag pattern`…).
        what: &'static str,
        /// The value.
        value: String,
        /// Why it is rejected.
        reason: String,
    },
}

impl Error {
    /// An error for a [`LabelSource`](crate::LabelSource) implementation:
    /// `source_name` says where labels come from (`GitHub nodejs/node`).
    pub fn label_source(source_name: impl Into<String>, message: impl std::fmt::Display) -> Error {
        Error::LabelSource { source_name: source_name.into(), message: message.to_string() }
    }

    /// An [`Error::Input`] for `path`.
    pub fn input(path: &std::path::Path, e: crate::input::InputError) -> Error {
        Error::Input { path: path.to_owned(), line: e.line, message: e.message }
    }

    /// Reads `path` within `limit` bytes (see [`crate::input::read_text`]);
    /// `action` names the read in I/O errors (`cannot read template`).
    pub fn read_input(path: &std::path::Path, limit: u64, action: &'static str) -> Result<String> {
        crate::input::read_text(path, limit).map_err(|e| match e {
            crate::input::ReadError::Io(source) => Error::Io { action, path: path.to_owned(), source },
            crate::input::ReadError::Input(e) => Error::input(path, e),
        })
    }

    /// Turns [`Error::NoRepoUrl`] into [`Error::UnusableOrigin`] when
    /// `repo` has an `origin` remote (that could not be used); other errors
    /// pass through.
    pub fn explain_repo_url(self, repo: &git2::Repository) -> Error {
        match self {
            Error::NoRepoUrl => match crate::render::RepoUrl::origin(repo) {
                Some(url) => Error::UnusableOrigin { url },
                None => Error::NoRepoUrl,
            },
            other => other,
        }
    }

    pub(crate) fn git(what: impl Into<String>, err: git2::Error) -> Error {
        Error::Git { what: what.into(), message: err.message().to_owned() }
    }
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
