//! `git nodus queue`: the merge queue. Entries wait in line; `queue run`
//! lands them in tested batches (see `release::queue`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use git2::{Oid, Repository};
use governance::{Governance, PullRef, Verdict};
use release::land::{self, Metadata};
use release::queue::run::{self, Gate, Gatekeeper, Options};
use release::queue::test_run::TestCommand;
use release::queue::{self, Entry, Source, State};

use super::gov::{self, Place};
use super::sequence;

/// `queue run` exit codes.
const EXIT_NOTHING: u8 = 10;
const EXIT_SOME_EJECTED: u8 = 11;
const EXIT_ALL_EJECTED: u8 = 12;

const RUN_HELP: &str = "\
Takes the next batch (--batch N entries, by priority then arrival), builds
its staging commit from the target's tip in memory (each entry's commits
with land's metadata when it is a pull request), tests it with --test in a
work tree of its own (.git/nodus/queue/test-worktree), and fast-forwards
the target to exactly that commit only if the test passed. A failed batch
is bisected: halves are tested, a passing half lands, the entry that fails
alone is ejected (at most 1 + 2*log2(N) test runs for one bad entry among
N). Entries that conflict, whose branch or refs/pull/N/head moved since
they were queued, or that the landing rules block are ejected with a
reason; entries the rules make wait stay in line.

With --parallel K, K batches are tested at once as speculative stacks
(tip+B1, tip+B1+B2, …, each in a work tree of its own); the longest
passing prefix lands in one fast-forward, the first failing batch is
bisected on top of it, and the stacks behind it are stopped and tested
again. K times the test runners buy up to K times the throughput when
failures are rare.

A kill at any moment loses nothing: the next `queue run` resumes the batch.

Exit status: 0 every entry tested landed; 10 nothing to do (empty, paused,
or every entry waits); 11 some landed, some were ejected; 12 entries were
ejected and none landed; 1 an error; 2 usage.";

pub fn cli() -> Command {
    Command::new("queue")
        .about("The merge queue: land branches and pull requests in tested batches")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("add")
                .about("Queue pull requests (N, #N, URL) or local branches")
                .arg(Arg::new("what").value_name("PR|BRANCH").required(true).num_args(1..))
                .arg(Arg::new("pr").long("pr").value_name("N").help("With one BRANCH: the pull request it is"))
                .arg(
                    Arg::new("priority")
                        .long("priority")
                        .value_name("N")
                        .default_value("0")
                        .allow_negative_numbers(true)
                        .value_parser(value_parser!(i64))
                        .help("Higher lands first"),
                )
                .arg(
                    Arg::new("to").long("to").value_name("BRANCH").help("Target branch [default: the checked-out one]"),
                ),
        )
        .subcommand(
            Command::new("list")
                .about("The entries in line, the batch in progress, the last outcomes")
                .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("The whole state as JSON")),
        )
        .subcommand(
            Command::new("remove")
                .about("Take entries out of the line (by id, branch or pull request)")
                .arg(Arg::new("what").value_name("ID|PR|BRANCH").required(true).num_args(1..)),
        )
        .subcommand(Command::new("pause").about("Stop taking new batches"))
        .subcommand(Command::new("resume").about("Take batches again"))
        .subcommand(gov::source_args(
            Command::new("run")
                .about("Test and land the next batches")
                .after_help(RUN_HELP)
                .arg(
                    Arg::new("test")
                        .long("test")
                        .value_name("COMMAND")
                        .required(true)
                        .help("Shell command run in the staging tree; exit 0 means it passed"),
                )
                .arg(
                    Arg::new("batch")
                        .long("batch")
                        .value_name("N")
                        .default_value("8")
                        .value_parser(value_parser!(u32).range(1..=1024))
                        .help("Entries per batch"),
                )
                .arg(
                    Arg::new("timeout")
                        .long("timeout")
                        .value_name("SECONDS")
                        .default_value("3600")
                        .value_parser(value_parser!(u64).range(1..))
                        .help("Kill a test run (its whole process group) after this long"),
                )
                .arg(
                    Arg::new("parallel")
                        .long("parallel")
                        .value_name("K")
                        .default_value("1")
                        .value_parser(value_parser!(u32).range(1..=64))
                        .help("Test K speculative stacks at once (B1, B1+B2, …, each of --batch entries)"),
                )
                .arg(Arg::new("once").long("once").action(ArgAction::SetTrue).help("One batch, then exit"))
                .arg(
                    Arg::new("config")
                        .long("config")
                        .value_name("FILE")
                        .value_parser(value_parser!(PathBuf))
                        .help("governance.yaml to use [default: at the repository root]"),
                )
                .arg(gov::now_arg()),
        ))
}

pub fn exec(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let repo = sequence::repo()?;
    match m.subcommand() {
        Some(("add", m)) => add(&repo, m),
        Some(("list", m)) => list(&repo, m),
        Some(("remove", m)) => remove(&repo, m),
        Some(("pause", _)) => set_paused(&repo, true),
        Some(("resume", _)) => set_paused(&repo, false),
        Some(("run", m)) => run_queue(&repo, m),
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn checked_out_branch(repo: &Repository) -> Option<String> {
    let head = repo.find_reference("HEAD").ok()?;
    head.symbolic_target().ok().flatten().and_then(|t| t.strip_prefix("refs/heads/")).map(str::to_owned)
}

fn add(repo: &Repository, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let whats: Vec<&String> = m.get_many::<String>("what").expect("required").collect();
    let pr = match m.get_one::<String>("pr") {
        Some(text) => {
            if whats.len() != 1 {
                anyhow::bail!("--pr names the pull request of one branch; queue the branches one at a time");
            }
            Some(PullRef::parse(text).with_context(|| format!("--pr {text}: not a pull request number or URL"))?.number)
        }
        None => None,
    };
    let target = match m.get_one::<String>("to") {
        Some(t) => t.clone(),
        None => checked_out_branch(repo)
            .context("HEAD is detached: say which branch the queue lands on with --to BRANCH")?,
    };
    release::repo::require_branch(repo, &target, "; name an existing branch with --to")?;
    let priority = *m.get_one::<i64>("priority").expect("has a default");
    let mut sources = Vec::new();
    for what in whats {
        let source = match release::repo::branch_head(repo, what)? {
            Some(_) if *what == target => anyhow::bail!("`{what}` is the queue's target branch"),
            Some(_) => Source::Branch { name: what.clone(), pr },
            None => match PullRef::parse(what) {
                Some(p) if pr.is_none() => Source::Pull { number: p.number },
                Some(_) => anyhow::bail!("--pr goes with a branch; `{what}` is a pull request already"),
                None => anyhow::bail!("`{what}` is neither a pull request (number or URL) nor a local branch"),
            },
        };
        let source_ref = source.ref_name();
        let head = repo.refname_to_id(&source_ref).map_err(|_| match &source {
            Source::Pull { number } => anyhow::anyhow!(
                "`{source_ref}` is not in this repository: `git fetch origin +refs/pull/{number}/head:refs/pull/{number}/head`, then queue it"
            ),
            Source::Branch { name, .. } => anyhow::anyhow!("branch `{name}` does not exist"),
        })?;
        sources.push((source, head));
    }
    let lines = queue::update(repo, |state| {
        let state = state.get_or_insert_with(|| State::new(&target));
        if state.target != target {
            if !state.entries.is_empty() || state.run.is_some() {
                return Err(release::Error::Release(format!(
                    "the queue lands on `{}`, not `{target}`; empty it first (`git nodus queue remove`) to change its target",
                    state.target
                )));
            }
            state.target = target.clone();
        }
        let mut lines = Vec::new();
        for (source, head) in sources {
            let id = state.add(source, head, priority)?;
            let e = state.entry(id).expect("just added");
            lines.push(format!("Queued {} at {} onto `{}`.", e.describe(), &head.to_string()[..10], state.target));
        }
        Ok(lines)
    })?;
    for line in lines {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn list(repo: &Repository, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let state = State::load(repo)?;
    if m.get_flag("json") {
        let value = match &state {
            Some(s) => serde_json::to_value(s)?,
            None => serde_json::json!({ "entries": [] }),
        };
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(ExitCode::SUCCESS);
    }
    let Some(state) = state else {
        println!("The queue is empty.");
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "Queue onto `{}`{}: {} entr{}",
        state.target,
        if state.paused { " (paused)" } else { "" },
        state.entries.len(),
        if state.entries.len() == 1 { "y" } else { "ies" }
    );
    let batch: Vec<u64> = state.run.as_ref().map(|r| r.batch.clone()).unwrap_or_default();
    for e in state.ordered() {
        let mark = if batch.contains(&e.id) { "in the batch" } else { "waiting" };
        println!("  {:>4}  {:<12} {} prio {:>3}  {}", e.id, mark, &e.head[..10], e.priority, e.source.describe());
    }
    if let Some(run) = &state.run {
        println!("A batch is in progress ({} test runs so far); `git nodus queue run` resumes it.", run.tests);
    }
    let recent: Vec<_> = state.history.iter().rev().take(10).collect();
    if !recent.is_empty() {
        println!("Recently:");
        for o in recent.into_iter().rev() {
            let detail = match o.what.as_str() {
                "landed" => format!("in {}", &o.detail[..10.min(o.detail.len())]),
                _ => o.detail.lines().next().unwrap_or("").to_owned(),
            };
            println!("  {:>4}  {:<8} {}: {detail}", o.entry.id, o.what, o.entry.source.describe());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(repo: &Repository, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let whats: Vec<String> = m.get_many::<String>("what").expect("required").cloned().collect();
    let lines = queue::update(repo, |state| {
        let Some(state) = state.as_mut() else { return Err(release::Error::Release("the queue is empty".into())) };
        let mut ids = Vec::new();
        for what in &whats {
            let found = state.entries.iter().find(|e| match &e.source {
                Source::Branch { name, pr } => {
                    name == what || pr.is_some_and(|n| PullRef::parse(what).is_some_and(|p| p.number == n))
                }
                Source::Pull { number } => PullRef::parse(what).is_some_and(|p| p.number == *number),
            });
            let found = found.or_else(|| what.parse::<u64>().ok().and_then(|id| state.entry(id)));
            match found {
                Some(e) => ids.push(e.id),
                None => {
                    return Err(release::Error::Release(format!(
                        "`{what}` is not in the queue (`git nodus queue list` shows it)"
                    )));
                }
            }
        }
        Ok(ids
            .into_iter()
            .filter_map(|id| state.retire(id, "removed", "queue remove".into()))
            .map(|e| format!("Removed {}.", e.describe()))
            .collect::<Vec<_>>())
    })?;
    for line in lines {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn set_paused(repo: &Repository, paused: bool) -> anyhow::Result<ExitCode> {
    queue::update(repo, |state| match state.as_mut() {
        Some(state) => {
            state.paused = paused;
            Ok(())
        }
        None => Err(release::Error::Release("there is no queue in this repository".into())),
    })?;
    println!("The queue is {}.", if paused { "paused" } else { "running" });
    Ok(ExitCode::SUCCESS)
}

/// Pull requests are checked as `git nodus gov check` does, through a
/// forge opened for each check (a facts file or GitHub is read afresh,
/// so a review given while a batch was tested counts).
struct GovGate<'a> {
    m: &'a ArgMatches,
    place: Place,
    gov: Option<Governance>,
    now: Option<DateTime<Utc>>,
}

impl GovGate<'_> {
    fn decide(&self, repo: &Repository, entry: &Entry, commits: &[Oid]) -> anyhow::Result<Gate> {
        let Some(number) = entry.source.pr() else { return Ok(Gate::Land(None)) };
        let Some(gov) = &self.gov else {
            anyhow::bail!(
                "{} is a pull request, and landing one needs `{}`",
                entry.describe(),
                self.place.config.display()
            );
        };
        let gov_file = self.place.config.display().to_string();
        let forge = gov::forge_for(&self.place, gov, self.m, PullRef { repo: None, number })?;
        let (pr, teams) = governance::gather(gov, forge.as_ref(), number)
            .with_context(|| format!("cannot read pull request #{number} on {}", forge.describe()))?;
        let now = self.now.unwrap_or_else(Utc::now);
        let report = governance::check(gov, &pr, &teams, now);
        match report.verdict {
            Verdict::Ready => {}
            Verdict::Waiting { until, .. } => return Ok(Gate::Wait(format!("the landing rules wait until {until}"))),
            Verdict::Blocked => {
                return Ok(Gate::Eject(format!(
                    "the landing rules block #{number} (`git nodus gov check {number}` says why)"
                )));
            }
        }
        let source = format!("`{}`", entry.source.ref_name());
        if let Err(e) = land::verify_commits(commits, &pr.commits, number, &source) {
            return Ok(Gate::Eject(e.to_string()));
        }
        let repo_url = changelog::RepoUrl::discover(repo);
        let pr_url = match (&pr.url, &repo_url) {
            (Some(url), _) => url.clone(),
            (None, Some(r)) => r.pull_url(number),
            (None, None) => {
                return Ok(Gate::Eject(format!(
                    "cannot tell the URL of #{number}: the forge gives none and there is no origin remote"
                )));
            }
        };
        let web = repo_url
            .as_ref()
            .map(|r| r.base.clone())
            .unwrap_or_else(|| pr_url.rsplit_once("/pull/").map(|(b, _)| b.to_owned()).unwrap_or_default());
        let (fixes, refs) = land::links_from_description(&pr.body, &web);
        let (reviewed_by, _) = land::reviewers(gov, &gov_file, &pr)?;
        Ok(Gate::Land(Some(Metadata { pr_url, fixes, refs, reviewed_by, backport: false })))
    }
}

impl Gatekeeper for GovGate<'_> {
    fn check(&self, repo: &Repository, entry: &Entry, commits: &[Oid]) -> release::Result<Gate> {
        self.decide(repo, entry, commits).map_err(|e| release::Error::Release(format!("{e:#}")))
    }
}

fn run_queue(repo: &Repository, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let place = Place::new(&cwd, m.get_one::<PathBuf>("config"));
    let gov = if place.config.exists() { Some(place.governance()?) } else { None };
    let gate = GovGate { m, place, gov, now: m.get_one::<DateTime<Utc>>("now").copied() };
    let opts = Options {
        test: TestCommand {
            command: m.get_one::<String>("test").expect("required").clone(),
            timeout: Duration::from_secs(*m.get_one::<u64>("timeout").expect("has a default")),
            heartbeat: run::HEARTBEAT,
        },
        batch: *m.get_one::<u32>("batch").expect("has a default") as usize,
        once: m.get_flag("once"),
        parallel: *m.get_one::<u32>("parallel").expect("has a default") as usize,
    };
    let mut progress = |line: &str| {
        println!("queue: {line}");
    };
    let report = run::run(repo, &opts, &gate, &mut progress)?;
    println!(
        "Landed {}, ejected {}, waiting {}; {} test run{} in {} batch{}.",
        report.landed.len(),
        report.ejected.len(),
        report.waiting.len(),
        report.tests,
        if report.tests == 1 { "" } else { "s" },
        report.batches,
        if report.batches == 1 { "" } else { "es" }
    );
    for (e, why) in &report.ejected {
        println!("Ejected {}: {}", e.describe(), why.lines().next().unwrap_or(""));
    }
    Ok(match (report.landed.is_empty(), report.ejected.is_empty()) {
        (true, true) => ExitCode::from(EXIT_NOTHING),
        (false, true) => ExitCode::SUCCESS,
        (false, false) => ExitCode::from(EXIT_SOME_EJECTED),
        (true, false) => ExitCode::from(EXIT_ALL_EJECTED),
    })
}
