//! Every `git nodus` subcommand, registered in one place. Each module has
//! `cli()` building its clap command and `exec()` turning matches into a
//! library call.

use std::process::ExitCode;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Arg, ArgMatches, Command, value_parser};

mod backport;
mod changelog;
mod commit_lint;
mod converge;
mod engine;
mod gov;
mod land;
mod line;
mod lts;
mod queue;
mod recover;
mod release;
mod sequence;

/// The whole command line.
pub fn cli() -> Command {
    Command::new("git-nodus")
        .bin_name("git nodus")
        .about("Release engineering for Node-style projects: changelogs, commit rules, landing, the merge queue, backports, release lines, LTS, governance")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(changelog::cli())
        .subcommand(backport::cli())
        .subcommand(commit_lint::cli())
        .subcommand(land::cli())
        .subcommand(queue::cli())
        .subcommand(gov::cli())
        .subcommand(lts::cli())
        .subcommand(line::cli())
        .subcommand(release::cli())
        .subcommand(engine::cli())
        .subcommand(converge::cli())
        .subcommand(recover::cli())
        .subcommand(sequence::status_cli())
}

/// Runs the chosen subcommand.
pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    // `recover` and `status` read a journal left behind; `land` and
    // `backport apply` with --continue/--abort recover their own.
    let resumes = match matches.subcommand() {
        Some(("land", m)) => sequence::resuming(m),
        Some(("backport", m)) => m.subcommand_matches("apply").is_some_and(sequence::resuming),
        Some(("converge", m)) => m.subcommand_matches("apply").is_some_and(sequence::resuming),
        // `queue run` finishes the queue's own interrupted transaction.
        Some(("queue", m)) => m.subcommand_matches("run").is_some(),
        Some(("recover" | "status", _)) => true,
        _ => false,
    };
    if !resumes {
        refuse_unfinished_transaction()?;
    }
    match matches.subcommand() {
        Some(("changelog", m)) => changelog::exec(m),
        Some(("backport", m)) => backport::exec(m),
        Some(("commit-lint", m)) => commit_lint::exec(m),
        Some(("land", m)) => land::exec(m),
        Some(("queue", m)) => queue::exec(m),
        Some(("status", m)) => sequence::status(m),
        Some(("gov", m)) => gov::exec(m),
        Some(("lts", m)) => lts::exec(m),
        Some(("line", m)) => line::exec(m),
        Some(("release", m)) => release::exec(m),
        Some(("engine", m)) => engine::exec(m),
        Some(("converge", m)) => converge::exec(m),
        Some(("recover", m)) => recover::exec(m),
        _ => unreachable!("clap requires a known subcommand"),
    }
}

/// `-C DIR`/`--repo DIR`, as `git -C`: the commands that read a repository
/// take it the same way.
fn repo_dir_arg() -> Arg {
    Arg::new("repo")
        .short('C')
        .long("repo")
        .value_name("DIR")
        .value_parser(value_parser!(PathBuf))
        .help("Run as if started in DIR (paths are relative to it)")
}

/// Moves into `-C DIR` when given (after checking it holds a repository),
/// so every path after this is relative to it.
fn enter_repo_dir(matches: &ArgMatches) -> anyhow::Result<()> {
    if let Some(dir) = matches.get_one::<PathBuf>("repo") {
        ::changelog::open_repository(dir)?;
        std::env::set_current_dir(dir).with_context(|| format!("cannot change to `{}`", dir.display()))?;
    }
    Ok(())
}

/// `--version X.Y.Z` of every command: one parser, so `changelog --write`
/// and `release prepare` accept and refuse the same versions.
fn parse_version(s: &str) -> Result<semver::Version, String> {
    ::release::parse_version(s).map_err(|e| e.to_string())
}

/// A journal in `.git/nodus` means a command is changing the repository,
/// or died doing so: nothing else runs until it is finished or undone
/// (`git nodus recover`), so nothing builds on a half-applied state.
fn refuse_unfinished_transaction() -> anyhow::Result<()> {
    let Ok(cwd) = std::env::current_dir() else { return Ok(()) };
    let Ok(repo) = git2::Repository::discover(&cwd) else { return Ok(()) };
    if let Some(pending) = ::release::journal::pending_anywhere(&repo)? {
        anyhow::bail!("{pending}");
    }
    Ok(())
}
