//! Node's system errors, built one way for every area.
//!
//! A system error is an `Error` with `errno` (negative, as libuv reports
//! it), `code` (`ENOENT`), `syscall`, and `path`/`dest` where the call had
//! them. Node words its message in one of two ways, and [`SystemError`]
//! makes both:
//!
//! - libuv's (`uvException`): `ENOENT: no such file or directory, open
//!   '/x'`, with ` -> '/y'` for a destination (filesystem, `process.cwd`,
//!   `os`);
//! - the errno style (`errnoException`): `write EPIPE`, `spawn ls ENOENT`
//!   (streams, child processes, sockets).
//!
//! Names and messages come from the one errno table, `src/uv_errors.rs`,
//! which `build.rs` also turns into `internal/uv_errors_table` for JS.

use crate::ops::{js_string, set_str, set_value};

macro_rules! uv_errors {
    ($(($errno:expr, $name:expr, $message:expr)),* $(,)?) => {
        /// libuv's errors: (negative errno, code, message).
        const UV_ERRORS: &[(i32, &str, &str)] = &[$(($errno, $name, $message)),*];
    };
}
include!("../uv_errors.rs");

/// libuv's code and message for a (positive) OS errno; `UNKNOWN` for one
/// the table lacks.
pub(crate) fn uv_error(errno: i32) -> (&'static str, &'static str) {
    UV_ERRORS
        .iter()
        .find(|(n, _, _)| *n == -errno)
        .map_or(("UNKNOWN", "unknown error"), |(_, name, message)| (name, message))
}

/// How the message is worded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `CODE: description, syscall 'path' -> 'dest'`.
    Uv,
    /// `syscall path CODE`.
    Errno,
}

/// A system error on its way to JS.
#[derive(Clone, Debug)]
pub(crate) struct SystemError {
    errno: i32,
    syscall: String,
    path: Option<String>,
    dest: Option<String>,
    style: Style,
}

impl SystemError {
    /// An error worded as libuv's: `ENOENT: no such file or directory,
    /// open '/x'`.
    pub(crate) fn uv(err: &std::io::Error, syscall: &str) -> SystemError {
        SystemError::new(err, syscall, Style::Uv)
    }

    /// An error worded in the errno style: `write EPIPE`.
    pub(crate) fn errno(err: &std::io::Error, syscall: &str) -> SystemError {
        SystemError::new(err, syscall, Style::Errno)
    }

    fn new(err: &std::io::Error, syscall: &str, style: Style) -> SystemError {
        SystemError {
            errno: err.raw_os_error().unwrap_or(libc::EIO),
            syscall: syscall.to_owned(),
            path: None,
            dest: None,
            style,
        }
    }

    /// The path the call was about.
    pub(crate) fn path(mut self, path: impl Into<String>) -> SystemError {
        self.path = Some(path.into());
        self
    }

    /// The destination of a call with two paths (rename, link, chdir).
    pub(crate) fn dest(mut self, dest: impl Into<String>) -> SystemError {
        self.dest = Some(dest.into());
        self
    }

    /// The error's code (`ENOENT`).
    pub(crate) fn code(&self) -> &'static str {
        uv_error(self.errno).0
    }

    /// The negative errno Node reports.
    pub(crate) fn uv_errno(&self) -> i32 {
        -self.errno
    }

    /// The message, worded as Node words it.
    pub(crate) fn message(&self) -> String {
        let (code, description) = uv_error(self.errno);
        match self.style {
            Style::Uv => {
                let mut message = format!("{code}: {description}, {}", self.syscall);
                if let Some(path) = &self.path {
                    message.push_str(&format!(" '{path}'"));
                }
                if let Some(dest) = &self.dest {
                    message.push_str(&format!(" -> '{dest}'"));
                }
                message
            }
            Style::Errno => match &self.path {
                Some(path) => format!("{} {path} {code}", self.syscall),
                None => format!("{} {code}", self.syscall),
            },
        }
    }

    /// The JS `Error` with `errno`, `code`, `syscall`, `path` and `dest`.
    pub(crate) fn to_js<'s>(&self, scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Value> {
        let message = js_string(scope, &self.message());
        let error = v8::Exception::error(scope, message);
        if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
            let errno = v8::Integer::new(scope, self.uv_errno()).into();
            set_value(scope, object, "errno", errno);
            set_str(scope, object, "code", self.code());
            set_str(scope, object, "syscall", &self.syscall);
            if let Some(path) = &self.path {
                set_str(scope, object, "path", path);
            }
            if let Some(dest) = &self.dest {
                set_str(scope, object, "dest", dest);
            }
        }
        error
    }

    /// Throws it.
    pub(crate) fn throw(&self, scope: &mut v8::PinScope) {
        let error = self.to_js(scope);
        scope.throw_exception(error);
    }
}
