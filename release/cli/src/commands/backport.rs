//! `git nodus backport`: commits on one branch not yet on another.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use changelog::{Commit, LabelFile, LabelSource, NoLabels, RepoUrl};
use clap::{Arg, ArgAction, ArgMatches, Command};
use release::LineId;
use release::backport::ListOptions;
use release::project::Project;

const AFTER_HELP: &str = "\
Which commits on --from (default main) are not yet on --to: `--to 20` is
the staging branch of line 20 of release.yaml (v20.x-staging by default),
any other value a branch. A commit counts as already there when the target
has a commit naming it in `(cherry picked from commit …)`, or one with the
same summary and PR-URL (the same author when either has no PR-URL), as
branch-diff, or the same patch-id (cached in .git/nodus/). A pull
request's commits are one unit: listed together, and with --min-age left
out together while any of them is younger.

With a line, Node's labels keep commits off it by default: semver-major,
dont-land-on-vN.x, backport-requested-vN.x, backport-blocked-vN.x,
backport-open-vN.x, backported-to-vN.x, baking-for-lts. Labels come from
--labels (a YAML file as for `git nodus changelog`, or `github`).
--patch-only leaves out semver-minor and semver-major commits, as
branch-diff's.

Formats:
  simple    sha summary (author)
  sha       full shas, one a line (for `git cherry-pick -x`)
  markdown  Node's changelog list lines
  json      [{sha, summary, author, pr_url, labels}]

Examples:
  git nodus backport list --to 20
  git nodus backport list --to 20 --labels github --min-age 14d --format sha
  git nodus backport list --to release-1.x --from develop

Exit status: 0 success, 1 failure (unknown line or branch, unreadable
labels…), 2 usage error.";

pub fn cli() -> Command {
    Command::new("backport")
        .about("Backports: the commits a release line still lacks, and applying them")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("list")
                .about("List commits on --from not yet on --to")
                .after_help(AFTER_HELP)
                .arg(
                    Arg::new("to")
                        .long("to")
                        .value_name("LINE|BRANCH")
                        .required(true)
                        .help("A line of release.yaml (20, v20) or a branch"),
                )
                .arg(Arg::new("from").long("from").value_name("BRANCH").help("Source branch [default: main]"))
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_name("FORMAT")
                        .value_parser(["simple", "markdown", "sha", "json"])
                        .default_value("simple")
                        .help("Output format"),
                )
                .arg(Arg::new("reverse").long("reverse").action(ArgAction::SetTrue).help("Newest first"))
                .arg(
                    Arg::new("patch-only")
                        .long("patch-only")
                        .action(ArgAction::SetTrue)
                        .help("Leave out semver-minor and semver-major commits (patch releases)"),
                )
                .arg(
                    Arg::new("filter-release")
                        .long("filter-release")
                        .action(ArgAction::SetTrue)
                        .help("Leave out release commits"),
                )
                .arg(
                    Arg::new("exclude-label")
                        .long("exclude-label")
                        .value_name("LABEL")
                        .action(ArgAction::Append)
                        .value_delimiter(',')
                        .help("Leave out commits with this label (comma-separated, repeatable)"),
                )
                .arg(
                    Arg::new("require-label")
                        .long("require-label")
                        .value_name("LABEL")
                        .action(ArgAction::Append)
                        .value_delimiter(',')
                        .help("Keep only commits with one of these labels (comma-separated, repeatable)"),
                )
                .arg(
                    Arg::new("labels")
                        .long("labels")
                        .value_name("FILE|github")
                        .help("Labels from a YAML file of pull-request/sha labels, or from GitHub"),
                )
                .arg(
                    Arg::new("github-url")
                        .long("github-url")
                        .value_name("URL")
                        .help("GitHub API for `--labels github` (default: https://api.github.com)"),
                )
                .arg(Arg::new("group").long("group").action(ArgAction::SetTrue).help("Order commits by subsystem"))
                .arg(
                    Arg::new("min-age")
                        .long("min-age")
                        .value_name("AGE")
                        .value_parser(parse_age)
                        .help("Only commits committed at least AGE ago: 14d, 2w, 12h"),
                ),
        )
        .subcommand(super::sequence::resume_args(
            Command::new("apply")
                .about("Cherry-pick commits onto --to with -x references, as one resumable session")
                .after_help(APPLY_HELP)
                .arg(
                    Arg::new("to")
                        .long("to")
                        .value_name("LINE|BRANCH")
                        .help("A line of release.yaml (20, v20) or a branch"),
                )
                .arg(Arg::new("from").long("from").value_name("BRANCH").help("Source branch [default: main]"))
                .arg(
                    Arg::new("commits")
                        .value_name("COMMIT")
                        .num_args(0..)
                        .help("Commits to apply, in this order [default: what `backport list` reports]"),
                ),
        ))
}

const APPLY_HELP: &str = "\
Cherry-picks COMMITs (default: what `backport list --to ... --from ...`
reports, oldest first) onto --to, each with git's `(cherry picked from
commit ...)` line. The commits are made in memory and the branch moves
once, when all are applied (with the work tree, if it is checked out).

On a conflict it stops and names the conflicting files and the earlier
commits of --from that touched them and are not on the target (the
likely prerequisites). Resolve the files in the work tree it names, `git
add` them, then `git nodus backport apply --continue`; or --skip that
commit, or --abort (everything as before). A kill at any moment loses
nothing: --continue or --abort picks up from .git/nodus.

Exit status: 0 applied, 1 a conflict or another failure, 2 usage error.";

/// `--to 20` (a line of release.yaml: its staging branch) or a branch.
fn resolve_target(project: &Project, to_arg: &str) -> anyhow::Result<(String, Option<LineId>)> {
    match to_arg.parse::<LineId>() {
        Ok(line) if to_arg.bytes().all(|b| b.is_ascii_digit() || b == b'v' || b == b'.') => {
            if project.config.schedule.line(line).is_none() {
                let file = &project.config.path;
                let shown = file.strip_prefix(&project.root).unwrap_or(file);
                anyhow::bail!("--to {to_arg}: release line {line} is not in {}", shown.display());
            }
            Ok((project.config.staging_branch(line), Some(line)))
        }
        _ => Ok((to_arg.to_owned(), None)),
    }
}

fn apply(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    use release::sequencer::{self, Kind, Session};
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let project = Project::discover(&cwd)?;
    let repo = project.repo()?;
    if super::sequence::resuming(m) {
        if m.get_one::<String>("to").is_some() || m.get_many::<String>("commits").is_some() {
            anyhow::bail!("--continue, --skip and --abort take no --to or commits: the session knows them");
        }
        let from = Session::load(repo)?
            .and_then(|s| s.extra.get("from").and_then(|f| f.as_str()).map(str::to_owned))
            .unwrap_or_else(|| project.config.branches.main.clone());
        let hooks = release::backport::Prerequisites { from };
        let Some(outcome) = super::sequence::resume(repo, m, Kind::Backport, &hooks)? else {
            return Ok(ExitCode::SUCCESS);
        };
        return Ok(super::sequence::report(repo, &outcome).unwrap_or(ExitCode::SUCCESS));
    }
    let Some(to_arg) = m.get_one::<String>("to") else {
        anyhow::bail!("--to LINE|BRANCH is required (or --continue, --skip, --abort)");
    };
    let (to, _) = resolve_target(&project, to_arg)?;
    let from = m.get_one::<String>("from").cloned().unwrap_or_else(|| project.config.branches.main.clone());
    let target_old = release::repo::require_branch(repo, &to, "")?;
    let commits: Vec<git2::Oid> = match m.get_many::<String>("commits") {
        Some(revs) => revs
            .map(|r| release::repo::resolve_commit(repo, r).map_err(anyhow::Error::from))
            .collect::<anyhow::Result<_>>()?,
        None => {
            release::repo::require_branch(repo, &from, "; name the source branch with --from")?;
            release::backport::list(repo, &from, &to, &ListOptions::default())?
                .iter()
                .map(|c| git2::Oid::from_str(&c.sha).context("a listed commit"))
                .collect::<anyhow::Result<_>>()?
        }
    };
    if commits.is_empty() {
        println!("Nothing to apply: `{to}` has every commit of `{from}`.");
        return Ok(ExitCode::SUCCESS);
    }
    release::repo::ensure_clean(repo)?;
    let steps = release::backport::apply_steps(repo, &commits)?;
    let mut session = Session::new(Kind::Backport, format!("backport apply onto {to}"), repo, &to, target_old, steps);
    session.extra = serde_json::json!({ "from": from });
    let hooks = release::backport::Prerequisites { from };
    let outcome = sequencer::start(repo, session, &hooks)?;
    Ok(super::sequence::report(repo, &outcome).unwrap_or(ExitCode::SUCCESS))
}

/// `14d`, `2w`, `12h` in seconds.
fn parse_age(s: &str) -> Result<i64, String> {
    let err = || format!("`{s}` is not an age like 14d, 2w or 12h");
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).ok_or_else(err)?);
    let n: i64 = n.parse().map_err(|_| err())?;
    let unit = match unit {
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(err()),
    };
    n.checked_mul(unit).ok_or_else(err)
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    match matches.subcommand() {
        Some(("list", m)) => list(m),
        Some(("apply", m)) => apply(m),
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn list(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    // Reading only: hash every object read as git does, that is not at all
    // (libgit2's check is a SHA-1 per object, a third of a first run).
    git2::opts::strict_hash_verification(false);
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let project = Project::discover(&cwd)?;
    let repo = project.repo()?;
    let to_arg = m.get_one::<String>("to").expect("required");
    let from = m.get_one::<String>("from").cloned().unwrap_or_else(|| project.config.branches.main.clone());
    // A line when it reads as one; the staging branch of release.yaml.
    let (to, line) = match to_arg.parse::<LineId>() {
        Ok(line) if to_arg.bytes().all(|b| b.is_ascii_digit() || b == b'v' || b == b'.') => {
            if project.config.schedule.line(line).is_none() {
                let file = &project.config.path;
                let shown = file.strip_prefix(&project.root).unwrap_or(file);
                anyhow::bail!("--to {to_arg}: release line {line} is not in {}", shown.display());
            }
            (project.config.staging_branch(line), Some(line))
        }
        _ => (to_arg.clone(), None),
    };
    let options = ListOptions {
        filter_release: m.get_flag("filter-release"),
        reverse: m.get_flag("reverse"),
        committed_before: m.get_one::<i64>("min-age").map(|age| chrono::Utc::now().timestamp() - age),
    };
    let mut commits = release::backport::list(repo, &from, &to, &options)?;

    let flag = |name: &str| -> Vec<String> {
        m.get_many::<String>(name).map(|v| v.filter(|l| !l.is_empty()).cloned().collect()).unwrap_or_default()
    };
    let (mut user_exclude, require) = (flag("exclude-label"), flag("require-label"));
    if m.get_flag("patch-only") {
        // branch-diff's --patch-only: what a patch release may take.
        user_exclude.extend(["semver-minor".to_owned(), "semver-major".to_owned()]);
    }
    let mut exclude = line.map(|l| release::backport::default_excludes(l.major)).unwrap_or_default();
    exclude.extend(user_exclude.iter().cloned());

    let repo_url = RepoUrl::discover(repo);
    let label_file;
    let forge;
    let forge_labels;
    let labels: Option<&dyn LabelSource> = match m.get_one::<String>("labels").map(String::as_str) {
        None => None,
        Some("") => anyhow::bail!("--labels: give a labels file or `github`"),
        Some("github") => {
            let Some(url) = &repo_url else {
                anyhow::bail!("--labels github: the repository is not on GitHub: add an `origin` remote on GitHub")
            };
            let gh = governance::Repo::of_url(url);
            let config = repo.config().ok();
            forge = governance::GitHubForge::discover(
                gh.clone(),
                m.get_one::<String>("github-url").map(String::as_str),
                |key| config.as_ref()?.get_string(key).ok(),
            )?;
            forge_labels = governance::ForgeLabels::new(&forge, Some(gh));
            Some(&forge_labels)
        }
        Some(path) => {
            label_file = LabelFile::load(&PathBuf::from(path))?;
            Some(&label_file)
        }
    };
    match labels {
        Some(source) => {
            changelog::apply_labels(&mut commits, source)?;
            commits = release::backport::filter_labels(commits, &exclude, &require);
        }
        None if m.get_flag("patch-only") => anyhow::bail!("--patch-only needs labels: pass --labels FILE|github"),
        None if !user_exclude.is_empty() => anyhow::bail!("--exclude-label needs labels: pass --labels FILE|github"),
        None if !require.is_empty() => anyhow::bail!("--require-label needs labels: pass --labels FILE|github"),
        // Node's defaults alone, and nothing to read labels from: no commit has any.
        None => changelog::apply_labels(&mut commits, &NoLabels)?,
    }
    if m.get_flag("group") {
        // Stable: within a subsystem, the walk's order stays.
        commits.sort_by(|a, b| a.subsystem_prefix.cmp(&b.subsystem_prefix));
    }

    let text = render(&commits, m.get_one::<String>("format").map(String::as_str), repo_url.as_ref())?;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}

fn render(commits: &[Commit], format: Option<&str>, repo: Option<&RepoUrl>) -> anyhow::Result<String> {
    let mut out = String::new();
    match format {
        Some("sha") => commits.iter().for_each(|c| out.push_str(&format!("{}\n", c.sha))),
        Some("json") => {
            let list: Vec<serde_json::Value> = commits
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "sha": c.sha,
                        "summary": c.title,
                        "author": c.author.name,
                        "pr_url": c.pr_url,
                        "labels": c.labels,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list)?;
            out.push('\n');
        }
        Some("markdown") => {
            for c in commits {
                let view = changelog::CommitView::new(c.clone(), repo);
                if let Some(line) = view.node_markdown {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        _ => commits.iter().for_each(|c| out.push_str(&format!("{} {} ({})\n", c.short_sha(), c.title, c.author.name))),
    }
    Ok(out)
}
