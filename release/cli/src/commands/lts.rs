//! `git nodus lts`: the release schedule — status, chart, Node's
//! `schedule.json` in and out, and checks.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use release::chart::{self, ChartOptions};
use release::project::Project;
use release::{LineStatus, Phase, Schedule};

pub fn cli() -> Command {
    Command::new("lts")
        .about("Release schedule: each line's phase, a Gantt chart, Node's schedule.json")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("status")
                .about("Each line's phase on a date (Pending, Current, Active LTS, Maintenance, End-of-Life)")
                .arg(date_arg("date", "The date to look at [default: today, UTC]"))
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON"))
                .arg(
                    Arg::new("all")
                        .long("all")
                        .action(ArgAction::SetTrue)
                        .help("Include lines that have reached End-of-Life"),
                )
                .arg(schedule_arg()),
        )
        .subcommand(
            Command::new("chart")
                .about("Draw the schedule as an SVG Gantt chart")
                .arg(
                    Arg::new("svg")
                        .long("svg")
                        .value_name("FILE")
                        .required(true)
                        .value_parser(value_parser!(PathBuf))
                        .help("Where to write the SVG (`-` for standard output)"),
                )
                .arg(date_arg("from", "First day shown [default: a year before today]"))
                .arg(date_arg("to", "Last day shown [default: the last end date shown]"))
                .arg(date_arg("date", "The day marked \"today\" [default: today, UTC]"))
                .arg(
                    Arg::new("title")
                        .long("title")
                        .value_name("TEXT")
                        .help("Heading [default: <project> release schedule]"),
                )
                .arg(schedule_arg()),
        )
        .subcommand(
            Command::new("import")
                .about("Load a schedule.json (Node's format) into release.yaml's `schedule:` section")
                .arg(Arg::new("file").value_name("SCHEDULE_JSON").required(true).value_parser(value_parser!(PathBuf))),
        )
        .subcommand(
            Command::new("export").about("Write the schedule in Node's schedule.json format").arg(
                Arg::new("file")
                    .value_name("FILE")
                    .value_parser(value_parser!(PathBuf))
                    .help("Where to write it [default: standard output]"),
            ),
        )
        .subcommand(
            Command::new("check")
                .about("Check release.yaml, and that every supported line has its release branch")
                .arg(date_arg("date", "The date deciding which lines are supported [default: today, UTC]")),
        )
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    match matches.subcommand() {
        Some(("status", m)) => status(&cwd, m),
        Some(("chart", m)) => chart(&cwd, m),
        Some(("import", m)) => {
            let file = m.get_one::<PathBuf>("file").expect("required");
            let text = release::input::read(file)?;
            let schedule = Schedule::from_node_json(&text, file)?;
            let mut project = Project::discover(&cwd)?;
            project.write_schedule(&schedule)?;
            let n = schedule.lines().len();
            println!(
                "Imported {n} line{} from {} into {}",
                if n == 1 { "" } else { "s" },
                file.display(),
                project.config.path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(("export", m)) => {
            let project = Project::discover(&cwd)?;
            let json = project.schedule()?.to_node_json();
            match m.get_one::<PathBuf>("file") {
                Some(file) => {
                    std::fs::write(file, json).with_context(|| format!("cannot write `{}`", file.display()))?
                }
                None => print!("{json}"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(("check", m)) => {
            let project = Project::discover(&cwd)?;
            if !project.config.path.exists() {
                // Nothing to check is not "ok": say which file is missing.
                anyhow::bail!(
                    "{}: no such file: there is no release policy to check (copy release/examples/release.yaml \
                     there, or run `git nodus lts import schedule.json`)",
                    project.config.path.display()
                );
            }
            let date = date_or_today(m, "date");
            let problems = release::line::check_branches(&project, date)?;
            if problems.is_empty() {
                let n = project.config.schedule.lines().len();
                println!("{}: ok ({n} line{})", project.config.path.display(), if n == 1 { "" } else { "s" });
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    eprintln!("error: {p}");
                }
                Ok(ExitCode::FAILURE)
            }
        }
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn status(cwd: &Path, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let date = date_or_today(m, "date");
    let (schedule, origin) = load_schedule(cwd, m)?;
    let all = m.get_flag("all");
    let lines: Vec<LineStatus> =
        schedule.status_on(date).into_iter().filter(|s| all || s.phase != Phase::EndOfLife).collect();
    if m.get_flag("json") {
        let json = serde_json::json!({ "date": date, "schedule": origin, "lines": lines });
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Release lines on {date} ({origin})\n");
    let mut rows = vec![["LINE", "CODENAME", "PHASE", "SINCE", "NEXT", "IN"].map(String::from)];
    for s in &lines {
        rows.push([
            s.line.to_string(),
            s.codename.clone().unwrap_or_else(|| if s.lts { "(LTS)".into() } else { "-".into() }),
            s.phase.to_string(),
            s.since.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            s.next.map(|t| format!("{} on {}", t.phase, t.date)).unwrap_or_else(|| "-".into()),
            s.days_to_next.map(|d| format!("{d} day{}", if d == 1 { "" } else { "s" })).unwrap_or_else(|| "-".into()),
        ]);
    }
    print!("{}", table(&rows));
    if lines.is_empty() {
        println!("(no supported or upcoming lines; --all shows every line)");
    }
    Ok(ExitCode::SUCCESS)
}

fn chart(cwd: &Path, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let (schedule, _) = load_schedule(cwd, m)?;
    let project = Project::discover(cwd)?;
    let title =
        m.get_one::<String>("title").cloned().unwrap_or_else(|| format!("{} release schedule", project.config.project));
    let opts = ChartOptions {
        title,
        today: date_or_today(m, "date"),
        from: m.get_one::<NaiveDate>("from").copied(),
        to: m.get_one::<NaiveDate>("to").copied(),
    };
    let svg = chart::render_svg(&schedule, &opts)?;
    let file = m.get_one::<PathBuf>("svg").expect("required");
    if file.as_os_str() == "-" {
        print!("{svg}");
    } else {
        std::fs::write(file, svg).with_context(|| format!("cannot write `{}`", file.display()))?;
        eprintln!("Wrote {}", file.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The schedule from `--schedule FILE` (a schedule.json or a release.yaml),
/// or the project's release.yaml; and a name for where it came from.
fn load_schedule(cwd: &Path, m: &ArgMatches) -> anyhow::Result<(Schedule, String)> {
    if let Some(file) = m.get_one::<PathBuf>("schedule") {
        let schedule = if file.extension().is_some_and(|e| e == "json") {
            Schedule::from_node_json(&release::input::read(file)?, file)?
        } else {
            release::ReleaseConfig::load(file)?.schedule
        };
        return Ok((schedule, file.display().to_string()));
    }
    let project = Project::discover(cwd)?;
    let schedule = project.schedule()?.clone();
    Ok((schedule, project.config.path.display().to_string()))
}

fn schedule_arg() -> Arg {
    Arg::new("schedule")
        .long("schedule")
        .value_name("FILE")
        .value_parser(value_parser!(PathBuf))
        .help("Read the schedule from this schedule.json or release.yaml instead of the project's release.yaml")
}

/// A `--NAME YYYY-MM-DD` argument.
pub(super) fn date_arg(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name).long(name).value_name("YYYY-MM-DD").value_parser(parse_date).help(help)
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("`{s}` is not a date YYYY-MM-DD ({e})"))
}

/// The date given as `--NAME`, or today (UTC).
pub(super) fn date_or_today(m: &ArgMatches, name: &str) -> NaiveDate {
    m.get_one::<NaiveDate>(name).copied().unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// Left-aligned columns separated by two spaces.
pub(super) fn table(rows: &[[String; 6]]) -> String {
    let mut widths = [0usize; 6];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
