//! `git nodus changelog`: release notes from git history.

use std::process::ExitCode;

use clap::{ArgMatches, Command};

pub fn cli() -> Command {
    Command::new("changelog").about("Generate release notes from git history")
}

pub fn exec(_matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`git nodus changelog` is not built yet")
}
