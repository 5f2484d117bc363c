//! `git-nodus`: the release-engineering toolkit, run as `git nodus <command>`.
//!
//! This binary only parses arguments, calls the libraries and maps results
//! to exit codes: 0 success, 1 failure, 2 usage error; commands may define
//! more (see each command's help).

mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe
    // (`git nodus lts status | head -1`) would panic. Take the default
    // action back, as git and other Unix tools have it: exit quietly.
    // Output is never written in the middle of a ref transaction.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists;
    // restoring a signal's default disposition has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let matches = match commands::cli().try_get_matches() {
        Ok(matches) => matches,
        Err(err) => {
            // Help and version go to stdout with exit 0; usage errors exit 2.
            let _ = err.print();
            return ExitCode::from(err.exit_code() as u8);
        }
    };
    match commands::exec(&matches) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", redact(&err.to_string()));
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {}", redact(&cause.to_string()));
            }
            ExitCode::FAILURE
        }
    }
}

/// `text` without the GitHub token (from `GITHUB_TOKEN` or git config) or
/// anything shaped like a credential: an error may quote what a server sent
/// back, and servers echo request headers.
pub(crate) fn redact(text: &str) -> String {
    let config = git2::Repository::discover(".")
        .ok()
        .and_then(|r| r.config().ok())
        .or_else(|| git2::Config::open_default().ok());
    let mut out = text.to_owned();
    let tokens = governance::Token::from_env().into_iter().chain(
        ["nodus.githubToken", "github.token"]
            .into_iter()
            .filter_map(|key| config.as_ref()?.get_string(key).ok().and_then(governance::Token::new)),
    );
    for token in tokens {
        out = token.redact(&out);
    }
    governance::redact(&out)
}
