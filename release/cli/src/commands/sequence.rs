//! What `land` and `backport apply` share: `--continue`, `--skip`,
//! `--abort`, how a run of the sequencer is reported, and
//! `git nodus status`.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Command};
use release::sequencer::{self, Hooks, Kind, Outcome, Session};

/// Exit status of a session stopped on a conflict (as `git cherry-pick`).
pub const EXIT_CONFLICT: u8 = 1;

/// Adds `--continue`, `--skip` and `--abort`.
pub fn resume_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("continue")
            .long("continue")
            .action(ArgAction::SetTrue)
            .help("Go on after resolving a conflict (and `git add`), or after the command was killed"),
    )
    .arg(Arg::new("skip").long("skip").action(ArgAction::SetTrue).help("Leave out the commit that conflicts, go on"))
    .arg(
        Arg::new("abort")
            .long("abort")
            .action(ArgAction::SetTrue)
            .help("Stop, and put the branch and the work tree back as before"),
    )
    .group(clap::ArgGroup::new("resume").args(["continue", "skip", "abort"]).multiple(false))
}

/// Whether the matches resume or end a session.
pub fn resuming(m: &ArgMatches) -> bool {
    ["continue", "skip", "abort"].iter().any(|f| m.try_get_one::<bool>(f).ok().flatten().copied().unwrap_or(false))
}

pub fn repo() -> anyhow::Result<git2::Repository> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    git2::Repository::discover(&cwd).with_context(|| format!("{} is not in a git repository", cwd.display()))
}

/// `--continue`, `--skip` or `--abort`, if given: the outcome, or `None`
/// after an abort.
pub fn resume(
    repo: &git2::Repository,
    m: &ArgMatches,
    kind: Kind,
    hooks: &dyn Hooks,
) -> anyhow::Result<Option<Outcome>> {
    if m.get_flag("abort") {
        let session = sequencer::abort(repo, kind)?;
        println!(
            "Aborted `{}`: `{}` is at {} as before; the session and its work tree are removed.",
            session.operation,
            session.target,
            &session.target_old[..10]
        );
        return Ok(None);
    }
    if m.get_flag("skip") {
        return Ok(Some(sequencer::skip(repo, kind, hooks)?));
    }
    Ok(Some(sequencer::resume(repo, kind, hooks)?))
}

/// Prints an outcome; the exit status when it did not finish.
pub fn report(repo: &git2::Repository, outcome: &Outcome) -> Option<ExitCode> {
    match outcome {
        Outcome::Done { old, new, session } => {
            for s in &session.skipped {
                println!("Skipped {} {} ({})", &s.source[..10], s.title, s.reason);
            }
            if old == new {
                println!("Nothing to apply: `{}` stays at {}.", session.target, &old.to_string()[..10]);
            } else {
                let n = repo
                    .revwalk()
                    .and_then(|mut w| {
                        w.push(*new)?;
                        w.hide(*old)?;
                        Ok(w.count())
                    })
                    .unwrap_or(session.made.len());
                println!(
                    "{}: {n} commit{} onto `{}` ({}..{}).",
                    capitalised(&session.operation),
                    if n == 1 { "" } else { "s" },
                    session.target,
                    &old.to_string()[..10],
                    &new.to_string()[..10]
                );
            }
            None
        }
        Outcome::Stopped(session) => {
            print!("{}", sequencer::conflict_report(repo, session));
            Some(ExitCode::from(EXIT_CONFLICT))
        }
        Outcome::Refused(report) => {
            eprintln!("{report}");
            Some(ExitCode::FAILURE)
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn status_cli() -> Command {
    Command::new("status")
        .about("Which land or backport session is in progress, and where it is")
        .after_help("Also shows a transaction a killed command left (see `git nodus recover`). Exit status 0.")
}

pub fn status(_m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let repo = repo()?;
    let mut any = false;
    if let Some(session) = Session::load(&repo)? {
        println!("{}", session.describe(&repo));
        any = true;
    }
    if let Some(pending) = release::journal::pending_anywhere(&repo)? {
        println!("{pending}");
        any = true;
    }
    if !any {
        println!("Nothing in progress.");
    }
    Ok(ExitCode::SUCCESS)
}
