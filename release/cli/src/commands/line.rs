//! `git nodus line`: release lines and their branches.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Command};
use release::LineId;
use release::project::Project;

use super::lts::{date_arg, date_or_today, table};

pub fn cli() -> Command {
    Command::new("line")
        .about("Release lines: create their branches, list them")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("create")
                .about("Create a line's release and staging branches (default v<N>.x and v<N>.x-staging)")
                .arg(
                    Arg::new("major")
                        .value_name("MAJOR")
                        .required(true)
                        .value_parser(parse_line)
                        .help("The line: 22 or v22"),
                )
                .arg(
                    Arg::new("from")
                        .long("from")
                        .value_name("REV")
                        .required(true)
                        .help("The commit both branches start at (a branch, tag or sha)"),
                ),
        )
        .subcommand(
            Command::new("list")
                .about("Lines with their branch heads, last release tag, unreleased commit count and phase")
                .arg(date_arg("date", "The date deciding each line's phase [default: today, UTC]"))
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON")),
        )
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let project = Project::discover(&cwd)?;
    match matches.subcommand() {
        Some(("create", m)) => {
            let line = *m.get_one::<LineId>("major").expect("required");
            let from = m.get_one::<String>("from").expect("required");
            let created = release::line::create(&project, line, from)?;
            let short = &created.commit.to_string()[..10];
            println!("Created {} and {} at {short} ({from})", created.release, created.staging);
            Ok(ExitCode::SUCCESS)
        }
        Some(("list", m)) => {
            let date = date_or_today(m, "date");
            let lines = release::line::list(&project, date)?;
            if m.get_flag("json") {
                let json = serde_json::json!({ "date": date, "lines": lines });
                println!("{}", serde_json::to_string_pretty(&json)?);
                return Ok(ExitCode::SUCCESS);
            }
            let mut rows = vec![["LINE", "PHASE", "RELEASE", "STAGING", "LAST TAG", "UNRELEASED"].map(String::from)];
            let head = |b: &release::line::BranchHead| match b.head {
                Some(oid) => format!("{} {}", b.name, &oid.to_string()[..10]),
                None => format!("{} (missing)", b.name),
            };
            for l in &lines {
                rows.push([
                    l.line.to_string(),
                    l.phase.map(|p| p.to_string()).unwrap_or_else(|| "unscheduled".into()),
                    head(&l.release),
                    head(&l.staging),
                    l.last_tag.clone().unwrap_or_else(|| "-".into()),
                    l.unreleased.map(|n| n.to_string()).unwrap_or_else(|| "-".into()),
                ]);
            }
            print!("{}", table(&rows));
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn parse_line(s: &str) -> Result<LineId, String> {
    s.parse()
}
