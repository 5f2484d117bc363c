//! `git nodus recover`: finish or undo a transaction whose process died,
//! from the journal it left in `.git/nodus`.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};
use release::journal::{self, Direction, Journal};

pub fn cli() -> Command {
    Command::new("recover")
        .about("Undo or finish a git nodus command that died in the middle (from its journal in .git/nodus)")
        .long_about(
            "Every git nodus command that changes refs, HEAD, the index or the work tree first writes a journal \
             to .git/nodus/journal and removes it when done. A journal left behind means the command died in \
             the middle (killed, power cut). Without options, this shows what it left; --abort puts everything \
             back as it was before the command, --continue finishes it. Both remove the lock files the dead \
             command left, and both can be run again if interrupted.",
        )
        .arg(Arg::new("abort").long("abort").action(ArgAction::SetTrue).help("Put back the state before the command"))
        .arg(Arg::new("continue").long("continue").action(ArgAction::SetTrue).help("Finish the command"))
        .group(ArgGroup::new("direction").args(["abort", "continue"]).multiple(false))
}

pub fn exec(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let repo =
        git2::Repository::discover(&cwd).with_context(|| format!("{} is not in a git repository", cwd.display()))?;
    let Some(journal) = Journal::read(&repo)? else {
        if let Some(elsewhere) = journal::pending_anywhere(&repo)? {
            anyhow::bail!("{elsewhere}");
        }
        println!("Nothing to recover: no journal at {}.", journal::path(&repo).display());
        return Ok(ExitCode::SUCCESS);
    };
    let direction = match (m.get_flag("abort"), m.get_flag("continue")) {
        (true, _) => Direction::Abort,
        (_, true) => Direction::Continue,
        _ => {
            println!("{}", journal.describe(&repo));
            return Ok(ExitCode::SUCCESS);
        }
    };
    let done = journal.recover(&repo, direction)?;
    for line in &done {
        println!("  {line}");
    }
    println!(
        "{} `{}`; the repository is as it was {} it.",
        if direction == Direction::Abort { "Rolled back" } else { "Completed" },
        journal.operation,
        if direction == Direction::Abort { "before" } else { "meant to be after" }
    );
    Ok(ExitCode::SUCCESS)
}
