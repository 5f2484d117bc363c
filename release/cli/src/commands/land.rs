//! `git nodus land`: a pull request's commits onto a branch, gated on the
//! landing rules, with Node's metadata, checked by commit-lint.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};
use git2::{Oid, Repository};
use governance::{PullRef, Verdict};
use release::commit_lint::{self, CommitLint};
use release::land::{self, Metadata, Mode};
use release::project::Project;
use release::sequencer::{self, Hooks, Kind, Outcome, Session};

use super::gov::{self, EXIT_BLOCKED, EXIT_WAITING, Place};
use super::sequence;

const AFTER_HELP: &str = "\
Lands pull request N (or a local BRANCH with --pr N) onto --to (default:
the branch checked out):

1. checks the pull request against governance.yaml's landing rules, as
   `git nodus gov check` (approvals given before a force-push are stale);
2. takes its commits from refs/pull/N/head (or the forge's head commit, or
   BRANCH) and checks they are exactly the forge's list;
3. applies them in memory: --rebase keeps each, --fixup-all squashes them
   into the first, --autosquash folds fixup!/squash! commits;
4. writes the metadata in Node's order: PR-URL, Fixes and Refs (from the
   description), Reviewed-By (approvers, names and emails from
   governance.yaml); --backport writes Backport-PR-URL and keeps PR-URL;
5. runs commit-lint with PR-URL and Reviewed-By required;
6. moves the branch (and the work tree, if it is checked out) once, at
   the end; --push then runs `git push --atomic REMOTE BRANCH`, otherwise
   the command is printed.

A conflict stops it: resolve the files in the work tree it names, `git
add` them, then `git nodus land --continue` (or --skip, --abort). A kill
at any moment loses nothing: --continue or --abort picks up from the
session in .git/nodus (`git nodus status` shows it).

Exit status: 0 landed, 20 the rules wait only on time, 40 blocked by the
rules, 1 a conflict, commit-lint errors or another failure, 2 usage
error, 3 landed but the push failed.";

pub fn cli() -> Command {
    let cmd = Command::new("land")
        .about("Land a pull request: gate on the rules, apply its commits with metadata, lint, push")
        .after_help(AFTER_HELP)
        .arg(Arg::new("what").value_name("PR|BRANCH").help("Pull request number or URL, or a local branch"))
        .arg(Arg::new("pr").long("pr").value_name("N").help("With a BRANCH: the pull request it is"))
        .arg(Arg::new("to").long("to").value_name("BRANCH").help("Branch to land on [default: the checked-out one]"))
        .arg(Arg::new("rebase").long("rebase").action(ArgAction::SetTrue).help("Keep each commit (default)"))
        .arg(
            Arg::new("fixup-all")
                .long("fixup-all")
                .action(ArgAction::SetTrue)
                .help("Squash all commits into the first"),
        )
        .arg(
            Arg::new("autosquash")
                .long("autosquash")
                .action(ArgAction::SetTrue)
                .help("Fold fixup! and squash! commits"),
        )
        .group(ArgGroup::new("mode").args(["rebase", "fixup-all", "autosquash"]).multiple(false))
        .arg(
            Arg::new("backport")
                .long("backport")
                .action(ArgAction::SetTrue)
                .help("A backport pull request: Backport-PR-URL, the commits' own PR-URL kept"),
        )
        .arg(Arg::new("yes").long("yes").short('y').action(ArgAction::SetTrue).help("Do not ask before landing (CI)"))
        .arg(Arg::new("push").long("push").action(ArgAction::SetTrue).help("Run `git push --atomic` afterwards"))
        .arg(Arg::new("remote").long("remote").value_name("REMOTE").default_value("origin").help("Remote to push to"))
        .arg(
            Arg::new("config")
                .long("config")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("governance.yaml to use [default: at the repository root]"),
        )
        .arg(gov::now_arg());
    sequence::resume_args(gov::source_args(cmd))
}

/// What the session keeps for `--continue`: `{push, remote}`.
struct Extra {
    push: bool,
    remote: String,
}

impl Extra {
    fn of(value: &serde_json::Value) -> Option<Extra> {
        Some(Extra { push: value.get("push")?.as_bool()?, remote: value.get("remote")?.as_str()?.to_owned() })
    }
}

/// commit-lint with the landing trailers required, before the branch moves.
struct Lint(CommitLint);

impl Hooks for Lint {
    fn before_finish(&self, repo: &Repository, old: Oid, new: Oid) -> release::Result<Option<String>> {
        let range = changelog::Range::Between { from: Some(old.to_string()), to: new.to_string() };
        let (_, reports) = commit_lint::check_range(repo, &range, &self.0).map_err(release::Error::Changelog)?;
        let mut out = String::new();
        for r in reports.iter().filter(|r| !r.findings.is_empty()) {
            let sha = &r.sha[..10.min(r.sha.len())];
            out.push_str(&format!("{sha} {}\n", r.title));
            for f in &r.findings {
                out.push_str(&format!("  {sha} {:<7} {} {} (line {})\n", f.level, f.rule, f.message, f.line));
            }
        }
        if reports.iter().any(|r| r.has_errors()) {
            out.push_str(
                "commit-lint found errors in the commits to land: nothing was landed (the session is aborted). \
                 Fix the commits in the pull request and land it again.",
            );
            return Ok(Some(out));
        }
        if !out.is_empty() {
            eprint!("{out}");
        }
        Ok(None)
    }
}

fn lint(repo: &Repository) -> anyhow::Result<Lint> {
    let root = repo.workdir().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    let project = Project::discover(&root)?;
    Ok(Lint(project.config.commit_lint.for_landing()))
}

pub fn exec(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let repo = sequence::repo()?;
    if sequence::resuming(m) {
        if m.get_one::<String>("what").is_some() {
            anyhow::bail!("--continue, --skip and --abort take no pull request: the session knows it");
        }
        let hooks = lint(&repo)?;
        let extra: Option<Extra> = Session::load(&repo)?.and_then(|s| Extra::of(&s.extra));
        let Some(outcome) = sequence::resume(&repo, m, Kind::Land, &hooks)? else {
            return Ok(ExitCode::SUCCESS);
        };
        let push = m.get_flag("push") || extra.as_ref().is_some_and(|e| e.push);
        let remote = extra.map(|e| e.remote).unwrap_or_else(|| "origin".into());
        return finish(&repo, &outcome, push, &remote);
    }
    let Some(what) = m.get_one::<String>("what") else {
        anyhow::bail!("which pull request? give its number (or a branch with --pr N), or --continue/--abort");
    };
    if let Some(session) = Session::load(&repo)? {
        anyhow::bail!(
            "`{}` is in progress: run `{1} --continue` or `{1} --abort` first (`git nodus status` shows where it is)",
            session.operation,
            session.kind.command()
        );
    }
    // What to land: a pull request, or a branch that is one.
    let local_branch = release::repo::branch_head(&repo, what)?;
    let (pull, branch) = match (local_branch, PullRef::parse(what)) {
        (Some(head), _) => {
            let Some(pr) = m.get_one::<String>("pr") else {
                anyhow::bail!(
                    "`{what}` is a branch: say which pull request it is with --pr N (landing needs its approvals and URL)"
                );
            };
            let pull = PullRef::parse(pr).with_context(|| format!("--pr {pr}: not a pull request number or URL"))?;
            (pull, Some((what.clone(), head)))
        }
        (None, Some(pull)) => (pull, None),
        (None, None) => anyhow::bail!("`{what}` is neither a pull request (number or URL) nor a local branch"),
    };
    let number = pull.number;

    // The target.
    let target = match m.get_one::<String>("to") {
        Some(t) => t.clone(),
        None => {
            let head = repo.find_reference("HEAD").context("reading HEAD")?;
            match head.symbolic_target().ok().flatten().and_then(|t| t.strip_prefix("refs/heads/")) {
                Some(b) => b.to_owned(),
                None => anyhow::bail!("HEAD is detached: say which branch to land on with --to BRANCH"),
            }
        }
    };
    let target_old = release::repo::require_branch(&repo, &target, "; name an existing branch with --to")?;
    release::repo::ensure_clean(&repo)?;

    // The rules.
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let place = Place::new(&cwd, m.get_one::<PathBuf>("config"));
    let gov_file = place.config.display().to_string();
    let gov = place.governance()?;
    let forge = gov::forge_for(&place, &gov, m, pull)?;
    let now = m.get_one::<DateTime<Utc>>("now").copied().unwrap_or_else(Utc::now);
    let (pr, teams) = governance::gather(&gov, forge.as_ref(), number)
        .with_context(|| format!("cannot read pull request #{number} on {}", forge.describe()))?;
    let report = governance::check(&gov, &pr, &teams, now);
    println!("{report}");
    match report.verdict {
        Verdict::Ready => {}
        Verdict::Waiting { .. } => {
            eprintln!("Not landing #{number}: it may land once the wait is over (see above).");
            return Ok(ExitCode::from(EXIT_WAITING));
        }
        Verdict::Blocked => {
            eprintln!("Not landing #{number}: the landing rules block it (see above).");
            return Ok(ExitCode::from(EXIT_BLOCKED));
        }
    }

    // The commits, checked against the forge's list.
    let (head, source) = match branch {
        Some((name, head)) => (head, format!("branch `{name}`")),
        None => {
            let pull_ref = format!("refs/pull/{number}/head");
            match repo.refname_to_id(&pull_ref) {
                Ok(id) => (id, format!("`{pull_ref}`")),
                Err(_) => {
                    let sha = pr.head().map(|c| c.sha.clone()).unwrap_or_default();
                    match Oid::from_str(&sha).ok().filter(|id| repo.find_commit(*id).is_ok()) {
                        Some(id) => (id, format!("the forge's head {}", &sha[..10])),
                        None => anyhow::bail!(
                            "the commits of #{number} are not in this repository: \
                             `git fetch {} +refs/pull/{number}/head:refs/pull/{number}/head`, then run this again",
                            m.get_one::<String>("remote").expect("has a default")
                        ),
                    }
                }
            }
        }
    };
    let commits = land::pr_commits(&repo, head, target_old)?;
    land::verify_commits(&commits, &pr.commits, number, &source)?;
    if commits.is_empty() {
        anyhow::bail!("#{number} has no commits that `{target}` lacks: nothing to land");
    }

    // The metadata.
    let repo_url = changelog::RepoUrl::discover(&repo);
    let pr_url = match (&pr.url, &repo_url) {
        (Some(url), _) => url.clone(),
        (None, Some(r)) => r.pull_url(number),
        (None, None) => anyhow::bail!(
            "cannot tell the URL of #{number}: the forge gives none and there is no origin remote (or nodus.repoUrl)"
        ),
    };
    let web = repo_url
        .as_ref()
        .map(|r| r.base.clone())
        .unwrap_or_else(|| pr_url.rsplit_once("/pull/").map(|(b, _)| b.to_owned()).unwrap_or_default());
    let (fixes, refs) = land::links_from_description(&pr.body, &web);
    let (reviewed_by, left_out) = land::reviewers(&gov, &gov_file, &pr)?;
    if !left_out.is_empty() {
        eprintln!("Approvals not in Reviewed-By (not members in {gov_file}): {}", left_out.join(", "));
    }
    let meta = Metadata { pr_url, fixes, refs, reviewed_by, backport: m.get_flag("backport") };
    let mode = if m.get_flag("fixup-all") {
        Mode::FixupAll
    } else if m.get_flag("autosquash") {
        Mode::Autosquash
    } else {
        Mode::Rebase
    };
    let steps = land::plan(&repo, &commits, mode, &meta)?;

    // Ask, unless told not to.
    if !m.get_flag("yes") {
        if !std::io::stdin().is_terminal() {
            anyhow::bail!("landing asks before it changes anything; pass --yes to land without asking (CI)");
        }
        print!("Land {} commit{} of #{number} onto `{target}`? [y/N] ", commits.len(), plural(commits.len()));
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Not landed.");
            return Ok(ExitCode::SUCCESS);
        }
    }

    let mut session =
        Session::new(Kind::Land, format!("land #{number} onto {target}"), &repo, &target, target_old, steps);
    let push = m.get_flag("push");
    let remote = m.get_one::<String>("remote").expect("has a default").clone();
    session.extra = serde_json::json!({ "push": push, "remote": remote });
    let hooks = lint(&repo)?;
    let outcome = sequencer::start(&repo, session, &hooks)?;
    finish(&repo, &outcome, push, &remote)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reports the outcome; pushes (or prints the push command) once landed.
fn finish(repo: &Repository, outcome: &Outcome, push: bool, remote: &str) -> anyhow::Result<ExitCode> {
    if let Some(code) = sequence::report(repo, outcome) {
        return Ok(code);
    }
    let Outcome::Done { old, new, session } = outcome else { return Ok(ExitCode::SUCCESS) };
    if old == new {
        return Ok(ExitCode::SUCCESS);
    }
    let args = ["push", "--atomic", remote, &session.target];
    if !push {
        println!("To publish it:\n  git {}", args.join(" "));
        return Ok(ExitCode::SUCCESS);
    }
    let dir = repo.workdir().unwrap_or(repo.path());
    let status =
        std::process::Command::new("git").args(args).current_dir(dir).status().context("cannot run git push")?;
    if !status.success() {
        eprintln!("The push failed; `{}` is landed locally. Retry with:\n  git {}", session.target, args.join(" "));
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}
