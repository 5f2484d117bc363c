//! `git nodus converge`: two diverged forks compared (`<ours> <theirs>`),
//! the plan of what to take (`plan`), the ports onto a new branch
//! (`apply`, a resumable session) and the final merge (`merge`). See the
//! `converge` module of the release library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use release::converge::{self, Progress, State};
use release::sequencer::{Kind, NoHooks, Outcome};

fn sides(cmd: Command) -> Command {
    cmd.arg(Arg::new("ours").value_name("OURS").required(true).help("Our side (a branch, tag or sha)"))
        .arg(Arg::new("theirs").value_name("THEIRS").required(true).help("Their side"))
}

fn progress_arg() -> Arg {
    Arg::new("progress")
        .long("progress")
        .action(ArgAction::SetTrue)
        .help("Report progress on stderr even when it is not a terminal")
}

pub fn cli() -> Command {
    let report = sides(Command::new("converge"))
        .about("Compare two diverged forks: fork point, unique commits, equivalents, conflicts of a merge")
        .args_conflicts_with_subcommands(true)
        .subcommand_negates_reqs(true)
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON"))
        .arg(
            Arg::new("markdown")
                .long("markdown")
                .action(ArgAction::SetTrue)
                .conflicts_with("json")
                .help("Print a Markdown report for review"),
        )
        .arg(
            Arg::new("changelog")
                .long("changelog")
                .action(ArgAction::SetTrue)
                .conflicts_with("json")
                .help("Print per side the changelog of its missing commits and the semver impact of taking them"),
        )
        .arg(progress_arg())
        .arg(super::repo_dir_arg());
    report
        .subcommand(
            sides(Command::new("plan"))
                .about("Write the editable plan: port, skip or already, per commit of THEIRS")
                .arg(
                    Arg::new("output")
                        .short('o')
                        .long("output")
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .help("Write the plan to FILE (default: stdout)"),
                )
                .arg(
                    Arg::new("branch")
                        .long("branch")
                        .value_name("NAME")
                        .help("The new branch `apply` creates (default: converge/<THEIRS>-into-<OURS>)"),
                )
                .arg(progress_arg())
                .arg(super::repo_dir_arg()),
        )
        .subcommand(super::sequence::resume_args(
            Command::new("apply")
                .about("Port the plan's `port` commits onto its new branch, with -x references")
                .arg(
                    Arg::new("plan")
                        .value_name("PLAN")
                        .value_parser(value_parser!(PathBuf))
                        .required_unless_present_any(["continue", "skip", "abort"])
                        .help("The plan file (from `converge plan`)"),
                )
                .after_help(APPLY_HELP),
        ))
        .subcommand(
            sides(Command::new("merge"))
                .about("Make the final merge of THEIRS into OURS on a new branch, with a CONVERGE.md report")
                .arg(
                    Arg::new("branch")
                        .long("branch")
                        .value_name("NAME")
                        .required(true)
                        .help("The new branch the merge commit goes on"),
                )
                .arg(super::repo_dir_arg()),
        )
}

const APPLY_HELP: &str = "\
Creates the plan's `branch` from its `ours_head` with the `port` commits
on top, in the plan's order, each with git's `(cherry picked from commit
...)` line. The commits are made in memory; the new branch is created at
the end. No existing branch moves and the work tree is not touched.

On a conflict it stops and names the files; resolve them in the work
tree it names, `git add` them, then `git nodus converge apply
--continue`; or --skip that commit, or --abort (no branch is created).
A kill at any moment loses nothing: --continue or --abort picks up.

Exit status: 0 applied, 1 a conflict or another failure, 2 usage error.";

/// Progress on stderr: one line rewritten, at most ten times a second.
struct Meter {
    last: Option<Instant>,
    phase: &'static str,
}

impl Progress for Meter {
    fn update(&mut self, phase: &'static str, done: usize, total: usize) {
        let now = Instant::now();
        let finished = done == total;
        if phase == self.phase && !finished && self.last.is_some_and(|l| now - l < Duration::from_millis(100)) {
            return;
        }
        if phase != self.phase && !self.phase.is_empty() && self.last.is_some() {
            eprintln!();
        }
        self.phase = phase;
        self.last = Some(now);
        eprint!("\rconverge: {phase} {done}/{total} ({}%)", (done * 100).checked_div(total).unwrap_or(100));
    }
}

impl Meter {
    fn end(&self) {
        if self.last.is_some() {
            eprintln!();
        }
    }
}

/// libgit2 settings for reading large histories, set before the
/// repository is opened (the process has one thread): trees of up to
/// 1 MiB stay in the object cache (the default keeps only those under
/// 4 KiB, so a folder of a few hundred entries is parsed again for every
/// commit), and objects read are not hashed again to check their id
/// (git does that in `fsck`, not on every read). Both are read-side
/// only; nothing converge writes depends on them.
fn tune_for_reading() {
    git2::opts::strict_hash_verification(false);
    // SAFETY: called on the main thread before any repository is opened
    // and before any other thread exists, as libgit2 requires.
    let _ = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 1 << 20) };
}

fn analyze(repo: &git2::Repository, m: &ArgMatches) -> anyhow::Result<converge::Report> {
    let ours = m.get_one::<String>("ours").expect("required");
    let theirs = m.get_one::<String>("theirs").expect("required");
    if m.get_flag("progress") || std::io::stderr().is_terminal() {
        let mut meter = Meter { last: None, phase: "" };
        let report = converge::analyze_with(repo, ours, theirs, &mut meter);
        meter.end();
        Ok(report?)
    } else {
        Ok(converge::analyze(repo, ours, theirs)?)
    }
}

pub fn exec(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    match m.subcommand() {
        Some(("plan", m)) => plan(m),
        Some(("apply", m)) => apply(m),
        Some(("merge", m)) => merge(m),
        _ => report(m),
    }
}

fn report(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    tune_for_reading();
    super::enter_repo_dir(m)?;
    let repo = changelog::open_repository(std::path::Path::new("."))?;
    let report = analyze(&repo, m)?;
    if m.get_flag("json") {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    let changelogs = || -> anyhow::Result<String> {
        let url = changelog::RepoUrl::discover(&repo);
        let format = if url.is_some() { changelog::Format::Node } else { changelog::Format::NodePlain };
        Ok(converge::changelogs(&report, format, url)?)
    };
    if m.get_flag("markdown") {
        print!("{}", converge::markdown(&report));
        if m.get_flag("changelog") {
            print!("\n{}", changelogs()?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if m.get_flag("changelog") {
        print!("{}", changelogs()?);
        return Ok(ExitCode::SUCCESS);
    }
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
    Ok(ExitCode::SUCCESS)
}

/// `converge/<theirs>-into-<ours>`, made a valid branch name.
fn default_branch(ours: &str, theirs: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect()
    };
    format!("converge/{}-into-{}", clean(theirs), clean(ours))
}

fn plan(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    tune_for_reading();
    super::enter_repo_dir(m)?;
    let repo = changelog::open_repository(std::path::Path::new("."))?;
    let report = analyze(&repo, m)?;
    let branch = match m.get_one::<String>("branch") {
        Some(b) => b.clone(),
        None => default_branch(&report.ours.name, &report.theirs.name),
    };
    if !git2::Reference::is_valid_name(&format!("refs/heads/{branch}")) {
        anyhow::bail!("--branch {branch}: not a valid branch name");
    }
    let plan = converge::plan::Plan::from_report(&repo, &report, &branch)?;
    let text = plan.to_yaml();
    match m.get_one::<PathBuf>("output") {
        Some(path) => {
            std::fs::write(path, &text).with_context(|| format!("cannot write {}", path.display()))?;
            let count = |a| plan.commits.iter().filter(|e| e.action == a).count();
            use converge::plan::Action;
            println!(
                "Wrote {}: {} to port, {} to skip, {} already on `{}` (of {} commits of `{}`).",
                path.display(),
                count(Action::Port),
                count(Action::Skip),
                count(Action::Already),
                plan.ours,
                plan.commits.len(),
                plan.theirs
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn apply(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let repo = super::sequence::repo()?;
    let outcome = if super::sequence::resuming(m) {
        if m.get_one::<PathBuf>("plan").is_some() {
            anyhow::bail!("--continue, --skip and --abort take no plan: the session knows it");
        }
        match super::sequence::resume(&repo, m, Kind::Converge, &NoHooks)? {
            Some(outcome) => outcome,
            None => return Ok(ExitCode::SUCCESS),
        }
    } else {
        let path = m.get_one::<PathBuf>("plan").expect("required without a resume flag");
        let plan = converge::plan::Plan::load(&repo, path)?;
        converge::plan::apply(&repo, &plan, path, &NoHooks)?
    };
    if let Outcome::Done { old, new, session } = &outcome {
        for s in &session.skipped {
            println!("Skipped {} {} ({})", &s.source[..10], s.title, s.reason);
        }
        println!(
            "Created `{}` at {}: {} commit{} ported onto {}.",
            session.target,
            &new.to_string()[..10],
            session.made.len(),
            if session.made.len() == 1 { "" } else { "s" },
            &old.to_string()[..10]
        );
        return Ok(ExitCode::SUCCESS);
    }
    Ok(super::sequence::report(&repo, &outcome).unwrap_or(ExitCode::SUCCESS))
}

fn merge(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::enter_repo_dir(m)?;
    let repo = changelog::open_repository(std::path::Path::new("."))?;
    let ours = m.get_one::<String>("ours").expect("required");
    let theirs = m.get_one::<String>("theirs").expect("required");
    let branch = m.get_one::<String>("branch").expect("required");
    let merged = converge::merge::merge(&repo, ours, theirs, branch)?;
    println!(
        "Created `{branch}` at {}: the merge of `{theirs}` into `{ours}`; {} path{} still conflicted (see {}).",
        &merged.commit.to_string()[..10],
        merged.report.conflicts.len(),
        if merged.report.conflicts.len() == 1 { "" } else { "s" },
        converge::merge::REPORT_FILE
    );
    Ok(ExitCode::SUCCESS)
}
