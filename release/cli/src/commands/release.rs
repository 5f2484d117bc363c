//! `git nodus release`: release proposals and their promotion.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Command};
use release::LineId;
use release::prepare::{self, PrepareOptions};
use release::project::Project;
use release::promote::{self, PromoteOptions};

use super::lts::{date_arg, date_or_today};

/// Exit code of `promote --push` when the local promotion succeeded but the
/// push failed.
const PUSH_FAILED: u8 = 3;

pub fn cli() -> Command {
    Command::new("release")
        .about("Prepare a release proposal from a staging branch, then promote it")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("prepare")
                .about("Create vX.Y.Z-proposal from the line's staging branch: version files, changelog, release commit")
                .long_about(
                    "Create vX.Y.Z-proposal from the line's staging branch with the release commit: every version \
                     file bumped, the changelog entry written, titled `YYYY-MM-DD, Version X.Y.Z 'Codename' (LTS)` \
                     or `(Current)`. The version follows the commits since the line's last tag: semver-major \
                     commits are refused on a stable line, semver-minor commits or --start-lts bump the minor, \
                     anything else the patch. The proposal branch is checked out at the end. Refuses a dirty \
                     work tree; on any failure nothing changes.",
                )
                .arg(Arg::new("line").long("line").value_name("N").value_parser(parse_line).help(
                    "The line to release [default: the line whose staging or release branch is checked out]",
                ))
                .arg(Arg::new("security").long("security").action(ArgAction::SetTrue).help("Mark it a security release"))
                .arg(
                    Arg::new("start-lts")
                        .long("start-lts")
                        .value_name("CODENAME")
                        .help("This release moves the line into LTS (a minor bump) with this codename"),
                )
                .arg(Arg::new("releaser").long("releaser").value_name("NAME").help(
                    "The releaser's handle in the changelog heading (`, @NAME`) [default: git config nodus.releaser or github.user; none: no handle]",
                ))
                .arg(
                    Arg::new("version")
                        .long("version")
                        .value_name("X.Y.Z")
                        .value_parser(super::parse_version)
                        .help("Release this version instead of the computed one"),
                )
                .arg(date_arg("date", "The release date [default: today, UTC]"))
                .arg(dry_run()),
        )
        .subcommand(
            Command::new("promote")
                .about("Tag a proposal, move the release, staging and main branches; print or run the push")
                .long_about(
                    "Promote a prepared proposal: an annotated tag `vX.Y.Z` on its release commit, the release \
                     branch fast-forwarded to it, a `Working on vX.Y.(Z+1)` commit on the staging branch (with \
                     commits that landed there since the proposal replayed on top), and the changelog of the \
                     release commit cherry-picked onto the main branch. Nothing is pushed unless --push is given; \
                     the push commands are printed instead. Refuses a dirty work tree; on any failure nothing \
                     changes.\n\nExit codes: 0 promoted (and pushed), 1 failure (nothing changed), 2 usage error, \
                     3 promoted locally but the push failed (run the printed command again).",
                )
                .arg(Arg::new("proposal").value_name("PROPOSAL_BRANCH").required(true).help("The proposal branch, e.g. v20.11.1-proposal"))
                .arg(Arg::new("sign").long("sign").action(ArgAction::SetTrue).help(
                    "Sign the tag with your git signing configuration (`git tag -s`: gpg, ssh or x509 as configured) \
                     [default: git config tag.gpgSign]",
                ))
                .arg(
                    Arg::new("no-sign")
                        .long("no-sign")
                        .action(ArgAction::SetTrue)
                        .conflicts_with("sign")
                        .help("Do not sign the tag, whatever tag.gpgSign says"),
                )
                .arg(
                    Arg::new("push")
                        .long("push")
                        .value_name("REMOTE")
                        .help("Push the branches and the tag to REMOTE with your own `git push --atomic`"),
                )
                .arg(dry_run()),
        )
}

fn dry_run() -> Arg {
    Arg::new("dry-run").long("dry-run").action(ArgAction::SetTrue).help("Print the plan and change nothing")
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let project = Project::discover(&cwd)?;
    match matches.subcommand() {
        Some(("prepare", m)) => prepare(&project, m),
        Some(("promote", m)) => promote(&project, m),
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn prepare(project: &Project, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let opts = PrepareOptions {
        line: m.get_one::<LineId>("line").copied(),
        security: m.get_flag("security"),
        start_lts: m.get_one::<String>("start-lts").cloned(),
        releaser: m.get_one::<String>("releaser").cloned(),
        version: m.get_one::<semver::Version>("version").cloned(),
        date: date_or_today(m, "date"),
    };
    if m.get_flag("dry-run") {
        project.keep_new_objects_in_memory()?;
    }
    let plan = prepare::plan(project, &opts)?;
    for w in &plan.warnings {
        eprintln!("warning: {w}");
    }
    let (staging, head) = &plan.staging;
    println!("Release {} {} on line {}, {}", plan.title.version, plan.title.kind(), plan.line, plan.title.date);
    let since = plan.since.as_ref().map(|t| format!(" since {}", t.name)).unwrap_or_default();
    println!(
        "  from     {staging} ({}){since}: {} commit{}, semver {}{}",
        &head.to_string()[..10],
        plan.commits.len(),
        if plan.commits.len() == 1 { "" } else { "s" },
        plan.impact.as_str(),
        if plan.lts_transition { ", starts LTS" } else { "" }
    );
    println!("  branch   {} (new, checked out)", plan.proposal);
    for edit in &plan.edits {
        println!("  file     {}{}", edit.path, if edit.created { " (new)" } else { "" });
        for s in &edit.summary {
            println!("             {s}");
        }
    }
    println!("  commit message:");
    for line in plan.message.lines() {
        println!("    | {line}");
    }
    if m.get_flag("dry-run") {
        println!("Dry run: nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    let done = prepare::apply(project, &plan)?;
    println!("Created {} at {} and checked it out.", done.branch, &done.commit.to_string()[..10]);
    println!("Review it (amend the changelog if needed), push it for review with");
    println!("  git push -u origin {}", done.branch);
    println!("then promote it with");
    println!("  git nodus release promote {}", done.branch);
    Ok(ExitCode::SUCCESS)
}

fn promote(project: &Project, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let opts = PromoteOptions {
        proposal: m.get_one::<String>("proposal").expect("required").clone(),
        sign: match (m.get_flag("sign"), m.get_flag("no-sign")) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    if m.get_flag("dry-run") {
        project.keep_new_objects_in_memory()?;
    }
    let plan = promote::plan(project, &opts)?;
    let short = |o: git2::Oid| o.to_string()[..10].to_owned();
    println!(
        "Promote {} {} from {} ({})",
        plan.title.version,
        plan.title.kind(),
        plan.proposal,
        short(plan.release_commit)
    );
    println!("  tag      {} ({}): {}", plan.tag.0, if plan.sign { "signed" } else { "annotated" }, plan.tag.1);
    let mut moves = vec![&plan.release, &plan.staging];
    moves.extend(plan.main.as_ref());
    let width = moves.iter().map(|m| m.name.len()).max().unwrap_or(0);
    for mv in moves {
        println!("  {:<width$}  {}..{}", mv.name, short(mv.old), short(mv.new));
        for title in &mv.commits {
            println!("  {:<width$}    + {title}", "");
        }
    }
    let remote = m.get_one::<String>("push");
    if m.get_flag("dry-run") {
        println!("Dry run: nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    promote::apply(project, &plan)?;
    println!("Promoted {}.", plan.tag.0);
    match remote {
        None => {
            // Name a remote the repository has: origin, else the only one.
            let remotes: Vec<String> = project
                .repo()?
                .remotes()
                .map(|r| r.iter().filter_map(|n| n.ok().flatten().map(str::to_owned)).collect())
                .unwrap_or_default();
            let remote = match remotes.as_slice() {
                [only] => only.clone(),
                _ if remotes.iter().any(|r| r == "origin") => "origin".to_owned(),
                _ => "<remote>".to_owned(),
            };
            println!("Nothing pushed. To publish the release, run:");
            println!("  git {}", plan.push_command(&remote).join(" "));
            Ok(ExitCode::SUCCESS)
        }
        Some(remote) => match promote::push(project, &plan, remote) {
            Ok(()) => {
                println!("Pushed to {remote}.");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("error: {}", crate::redact(&e.to_string()));
                eprintln!("The release is promoted locally; push it with:");
                eprintln!("  git {}", plan.push_command(remote).join(" "));
                Ok(ExitCode::from(PUSH_FAILED))
            }
        },
    }
}

fn parse_line(s: &str) -> Result<LineId, String> {
    s.parse()
}
