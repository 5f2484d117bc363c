//! `git nodus commit-lint`: commit messages against Node's rules
//! (core-validate-commit's), configured in `release.yaml`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use changelog::Range;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use release::ReleaseConfig;
use release::commit_lint::{self, CommitReport, Level};

const AFTER_HELP: &str = "\
Rules:
  title-format      `subsystem: summary`, the summary starting in lowercase
  subsystem         every subsystem is known (Node's, and commit_lint.subsystems)
  title-length      error past title_max columns (72), warning past title_warn (50)
  line-after-title  a blank line follows the title
  line-length       body lines of at most line_max columns (72); lines with a
                    URL, fenced code and lines indented 4 spaces are exempt
  pr-url            PR-URL is a URL
  reviewers         Reviewed-By is `Name <email>`
  fixes-url         Fixes is a URL
  metadata          the trailers of commit_lint.require (and with
                    --require-metadata, PR-URL and Reviewed-By) are present
Merge commits and release commits are skipped.

release.yaml:
  commit_lint:
    subsystems: [runtime, release]   # known next to Node's
    node_subsystems: true            # false: only the listed ones
    title_max: 72
    title_warn: 50
    line_max: 72
    require: []                      # e.g. [PR-URL, Reviewed-By]

Examples:
  git nodus commit-lint                      # main..HEAD (branches.main of release.yaml)
  git nodus commit-lint v1.2.0..HEAD --json
  git nodus commit-lint HEAD~3..HEAD --require-metadata

Exit status: 0 no errors (warnings allowed), 1 an error in some commit or a
failure (unknown revision, bad release.yaml), 2 usage error.";

pub fn cli() -> Command {
    Command::new("commit-lint")
        .about("Check commit messages against Node's rules (subsystem, lengths, metadata)")
        .after_help(AFTER_HELP)
        .arg(
            Arg::new("range")
                .value_name("RANGE")
                .help("Commits to check: A..B, A.., B (default: <main branch>..HEAD)")
                .value_parser(|s: &str| Range::parse(s).map_err(|e| e.to_string())),
        )
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print the findings as JSON"))
        .arg(
            Arg::new("require-metadata")
                .long("require-metadata")
                .action(ArgAction::SetTrue)
                .help("Require PR-URL and Reviewed-By trailers, as landing does"),
        )
        .arg(
            Arg::new("config")
                .long("config")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("The release policy to read (default: release.yaml at the repository root)"),
        )
        .arg(super::repo_dir_arg())
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::enter_repo_dir(matches)?;
    let repo = changelog::open_repository(Path::new("."))?;
    let root = repo.workdir().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let config = match matches.get_one::<PathBuf>("config") {
        Some(path) => ReleaseConfig::load(path)?,
        None => ReleaseConfig::load_or_default(&root)?,
    };
    let mut lint = config.commit_lint.clone();
    if matches.get_flag("require-metadata") {
        lint = lint.for_landing();
    }
    let range = match matches.get_one::<Range>("range") {
        Some(range) => range.clone(),
        None => {
            let main = &config.branches.main;
            if release::repo::branch_head(&repo, main)?.is_none() {
                anyhow::bail!("no branch `{main}` (branches.main) to start from: give a RANGE such as `v1.2.0..HEAD`");
            }
            Range::Between { from: Some(main.clone()), to: "HEAD".into() }
        }
    };
    let (range, reports) = commit_lint::check_range(&repo, &range, &lint)?;
    if reports.is_empty() && !matches.get_flag("json") {
        println!("No commits in {range}: nothing to check.");
        return Ok(ExitCode::SUCCESS);
    }
    let count = |level| reports.iter().flat_map(|r| &r.findings).filter(|f| f.level == level).count();
    let (errors, warnings) = (count(Level::Error), count(Level::Warning));
    if matches.get_flag("json") {
        let out = serde_json::json!({
            "schema_version": 1,
            "range": range,
            "commits": reports,
            "errors": errors,
            "warnings": warnings,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", text(&reports));
        let checked = reports.iter().filter(|r| r.skipped.is_none()).count();
        let skipped = reports.len() - checked;
        let failing = reports.iter().filter(|r| r.has_errors()).count();
        println!(
            "{checked} commit{} checked{}: {errors} error{} in {failing} commit{}, {warnings} warning{}",
            plural(checked),
            if skipped > 0 { format!(" ({skipped} merge or release commits skipped)") } else { String::new() },
            plural(errors),
            plural(failing),
            plural(warnings),
        );
    }
    Ok(if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The findings grouped per commit: the commit's short sha and title, then
/// `<sha> <level> <rule> <message> (line N)` lines.
fn text(reports: &[CommitReport]) -> String {
    let mut out = String::new();
    for report in reports.iter().filter(|r| !r.findings.is_empty()) {
        let sha = report.sha.get(..10).unwrap_or(&report.sha);
        out.push_str(&format!("{sha} {}\n", report.title));
        for f in &report.findings {
            out.push_str(&format!("  {sha} {:<7} {} {} (line {})\n", f.level, f.rule, f.message, f.line));
        }
    }
    out
}
