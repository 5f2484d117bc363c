//! `git nodus converge <ours> <theirs>`: two diverged forks compared (the
//! read-only report; see the `converge` module of the release library).

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use release::converge::{self, State};

pub fn cli() -> Command {
    Command::new("converge")
        .about("Compare two diverged forks: fork point, unique commits, equivalents, conflicts of a merge")
        .arg(Arg::new("ours").value_name("OURS").required(true).help("Our side (a branch, tag or sha)"))
        .arg(Arg::new("theirs").value_name("THEIRS").required(true).help("Their side"))
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON"))
        .arg(
            Arg::new("markdown")
                .long("markdown")
                .action(ArgAction::SetTrue)
                .conflicts_with("json")
                .help("Print a Markdown report for review"),
        )
        .arg(super::repo_dir_arg())
}

pub fn exec(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::enter_repo_dir(m)?;
    let repo = changelog::open_repository(std::path::Path::new("."))?;
    let ours = m.get_one::<String>("ours").expect("required");
    let theirs = m.get_one::<String>("theirs").expect("required");
    let report = converge::analyze(&repo, ours, theirs)?;
    if m.get_flag("json") {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if m.get_flag("markdown") {
        print!("{}", converge::markdown(&report));
    } else {
        println!("fork point {}", &report.fork_point[..10]);
        for s in [&report.ours, &report.theirs] {
            println!(
                "{}: {} unique, {} ported, {} reverted, {} missing",
                s.name,
                s.commits.len(),
                s.count(State::Ported),
                s.count(State::Reverted),
                s.count(State::Missing)
            );
        }
        println!("{} equivalent pairs, {} conflicting paths", report.pairs.len(), report.conflicts.len());
        for c in &report.conflicts {
            println!("conflict {} (ours {}, theirs {})", c.path, c.ours.len(), c.theirs.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
