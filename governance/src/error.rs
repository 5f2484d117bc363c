//! The one error type of the governance library.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

/// Everything that can go wrong reading governance files or asking a forge.
/// Each variant names its input: the file and line, or the request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// A file could not be written.
    #[error("cannot write `{}`", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// A YAML file is malformed or does not match its schema, or breaks a
    /// rule of its own (a duplicate handle, a rule naming an unknown role).
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the offending entry, when known.
        line: Option<usize>,
        /// What is wrong, in words.
        message: String,
    },

    /// A README has no (or unbalanced) member-list markers.
    #[error("{}: {message}", path.display())]
    Markers {
        /// The README.
        path: PathBuf,
        /// What is wrong with its markers.
        message: String,
    },

    /// The pull request is not in the file the file forge reads.
    #[error("{}: no pull request #{number} (the file has {available})", path.display())]
    NoSuchPullRequest {
        /// The facts file.
        path: PathBuf,
        /// The number asked for.
        number: u64,
        /// The numbers the file has, for the message.
        available: String,
    },

    /// A `owner/name` repository argument is malformed.
    #[error("`{0}` is not a repository: expected `owner/name`")]
    BadRepository(String),

    /// GitHub (or the configured server) could not be reached.
    #[error("cannot reach {url} for {what}")]
    Unreachable {
        /// The server's base URL.
        url: String,
        /// The request, e.g. `GET /repos/nodejs/node/pulls/1`.
        what: String,
        /// The transport error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// GitHub refused the request because the rate limit is used up.
    #[error("GitHub rate limit reached on {what}{}; {}", reset.map(|r| format!(" (resets at {})", r.format("%Y-%m-%d %H:%M:%S UTC"))).unwrap_or_default(), hint)]
    RateLimited {
        /// The request.
        what: String,
        /// When the limit resets (`x-ratelimit-reset`), when GitHub said.
        reset: Option<DateTime<Utc>>,
        /// Seconds to wait (`retry-after`), when GitHub said.
        retry_after: Option<u64>,
        /// What to do about it.
        hint: String,
    },

    /// GitHub answered with an error status.
    #[error("GitHub answered {status} to {what}: {message}")]
    GitHub {
        /// The request.
        what: String,
        /// The HTTP status.
        status: u16,
        /// GitHub's `message`, or the body.
        message: String,
    },

    /// A GitHub reply did not have the documented shape.
    #[error("unexpected reply to {what}: {message}")]
    BadReply {
        /// The request.
        what: String,
        /// The decoding error.
        message: String,
    },

    /// The stand-in server or the forge's runtime could not start.
    #[error("{what}")]
    Io {
        /// What was being done.
        what: String,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
}

/// The governance library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn invalid(path: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Error {
        Error::Invalid { path: path.into(), line, message: message.into() }
    }

    /// An input refused by the limits of `changelog::input`.
    pub(crate) fn input(path: &std::path::Path, e: changelog::input::InputError) -> Error {
        Error::invalid(path, e.line, e.message)
    }

    /// Reads `path` as text within the size limit (see `changelog::input`).
    pub(crate) fn read_text(path: &std::path::Path) -> Result<String> {
        use changelog::input::{MAX_CONFIG_BYTES, ReadError, read_text};
        read_text(path, MAX_CONFIG_BYTES).map_err(|e| match e {
            ReadError::Io(source) => Error::Read { path: path.to_owned(), source },
            ReadError::Input(e) => Error::input(path, e),
        })
    }

    /// Reads a YAML file within the size, text and depth limits. A file
    /// whose last line has no newline is refused as cut off: `name: Al`
    /// would otherwise read as a valid, different entry.
    pub(crate) fn read_yaml(path: &std::path::Path) -> Result<String> {
        let text = Error::read_text(path)?;
        Error::check_yaml(path, &text)?;
        if !text.is_empty() && !text.ends_with('\n') {
            return Err(Error::invalid(
                path,
                Some(text.lines().count()),
                "the file ends in the middle of a line, as if cut off; if it is complete, end its last line \
                 with a newline",
            ));
        }
        Ok(text)
    }

    /// Checks YAML text against the size, text and depth limits.
    pub(crate) fn check_yaml(path: &std::path::Path, text: &str) -> Result<()> {
        use changelog::input::{MAX_CONFIG_BYTES, MAX_DEPTH, check_text, check_yaml_depth};
        check_text(text, MAX_CONFIG_BYTES).map_err(|e| Error::input(path, e))?;
        check_yaml_depth(text, MAX_DEPTH).map_err(|e| Error::input(path, e))
    }

    /// Turns a serde_yaml error into one naming the file and line; with the
    /// source at hand (or `""`) to place errors that
    /// our own value parsers raise (serde_yaml puts those at the start of
    /// the enclosing mapping): they quote the bad value in backticks, and
    /// the first line from there on that holds it is the one at fault.
    pub(crate) fn yaml_in(path: impl Into<PathBuf>, source: &str, err: serde_yaml::Error) -> Error {
        // At the end of a file cut off mid-line, the parser's line is one
        // past the last: name the last line instead.
        let last = source.lines().count().max(1);
        let mut line = err.location().map(|l| if source.is_empty() { l.line() } else { l.line().min(last) });
        let text = err.to_string();
        if let (Some(start), true) = (line, text.contains(crate::span::VALUE_ERROR_MARK)) {
            let quoted = text.split('`').nth(1).unwrap_or("");
            if !quoted.is_empty() {
                if let Some((i, _)) =
                    source.lines().enumerate().skip(start.saturating_sub(1)).find(|(_, l)| l.contains(quoted))
                {
                    line = Some(i + 1);
                }
            }
        }
        // serde_yaml appends " at line N column M" to some messages; the
        // line is already in front of ours, so drop it from the text.
        let mut message = err.to_string();
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        Error::invalid(path, line, message)
    }
}
