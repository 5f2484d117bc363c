//! Every `git nodus` subcommand, registered in one place. Each module has
//! `cli()` building its clap command and `exec()` turning matches into a
//! library call.

use std::process::ExitCode;

use clap::{ArgMatches, Command};

mod changelog;
mod gov;
mod line;
mod lts;
mod release;

/// The whole command line.
pub fn cli() -> Command {
    Command::new("git-nodus")
        .bin_name("git nodus")
        .about("Release engineering for Node-style projects: changelogs, release lines, LTS, governance")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(changelog::cli())
        .subcommand(gov::cli())
        .subcommand(lts::cli())
        .subcommand(line::cli())
        .subcommand(release::cli())
}

/// Runs the chosen subcommand.
pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    match matches.subcommand() {
        Some(("changelog", m)) => changelog::exec(m),
        Some(("gov", m)) => gov::exec(m),
        Some(("lts", m)) => lts::exec(m),
        Some(("line", m)) => line::exec(m),
        Some(("release", m)) => release::exec(m),
        _ => unreachable!("clap requires a known subcommand"),
    }
}
