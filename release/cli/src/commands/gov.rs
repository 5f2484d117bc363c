//! `git nodus gov`: governance — check a pull request against the landing
//! rules, tally votes, list members and owners, keep the README's member
//! lists in step, and serve GitHub fixtures for dry runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use governance::members::{markdown, write_readme};
use governance::{FileForge, Forge, GitHubForge, Governance, Owners, PullRef, Repo, StandIn, Verdict, Vote};

/// `gov check` exit codes, as node-core-utils' `git node metadata`.
pub(crate) const EXIT_WAITING: u8 = 20;
pub(crate) const EXIT_BLOCKED: u8 = 40;

const CHECK_HELP: &str = "\
Exit status: 0 ready to land, 20 waiting on time only (the output says how
long), 40 blocked (a rule fails, or CI is still running), 1 on errors.

Facts come from GitHub (repository from the PR URL, --repo, governance.yaml's
github.repo, or the origin remote; token from GITHUB_TOKEN or `git config
nodus.githubToken` / `github.token`, never printed), or from a facts file
with --facts (see `git nodus gov facts`).

Examples:
  git nodus gov check 51234
  git nodus gov check https://github.com/nodejs/node/pull/51234 --json
  git nodus gov check 7 --facts pr.yaml --now 2024-01-03T00:00:00Z";

pub fn cli() -> Command {
    Command::new("gov")
        .about("Governance: landing rules, votes, members and owners from governance.yaml")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("config")
                .long("config")
                .global(true)
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("governance.yaml to use [default: governance.yaml at the repository root]"),
        )
        .subcommand(source_args(
            Command::new("check")
                .about("Check a pull request against the landing rules")
                .after_help(CHECK_HELP)
                .arg(pr_arg())
                .arg(json_arg())
                .arg(now_arg()),
        ))
        .subcommand(source_args(
            Command::new("facts")
                .about("Print what a forge knows about a pull request, as a facts file for --facts")
                .arg(pr_arg()),
        ))
        .subcommand(
            Command::new("vote")
                .about("TSC votes and nominations")
                .subcommand_required(true)
                .arg_required_else_help(true)
                .subcommand(
                    Command::new("tally")
                        .about("Tally a vote file: ballots, quorum, abstentions and the rule that decided")
                        .after_help(
                            "Exit status: 0 passed, 20 still open, 40 failed, no quorum or objected, 1 on errors.",
                        )
                        .arg(
                            Arg::new("file")
                                .value_name("VOTE_YAML")
                                .required(true)
                                .value_parser(value_parser!(PathBuf)),
                        )
                        .arg(json_arg())
                        .arg(now_arg()),
                ),
        )
        .subcommand(
            Command::new("members")
                .about("List members, optionally of one role")
                .arg(
                    Arg::new("role")
                        .long("role")
                        .value_name("ROLE")
                        .help("Only members with this role (tsc, collaborator…)"),
                )
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_name("FORMAT")
                        .value_parser(["text", "markdown", "json"])
                        .default_value("text")
                        .help("Output format"),
                ),
        )
        .subcommand(
            Command::new("readme")
                .about(
                    "Rewrite the member lists between `<!-- gov:members role=ROLE -->` and `<!-- gov:end -->` markers",
                )
                .arg(
                    Arg::new("file")
                        .value_name("README")
                        .value_parser(value_parser!(PathBuf))
                        .help("The README [default: README.md beside governance.yaml]"),
                )
                .arg(
                    Arg::new("check")
                        .long("check")
                        .action(ArgAction::SetTrue)
                        .help("Change nothing; exit 1 if the lists are out of date (for CI)"),
                ),
        )
        .subcommand(
            Command::new("owners")
                .about("Who owns the given files (subsystem path globs)")
                .arg(Arg::new("paths").value_name("PATH").required(true).num_args(1..))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("serve-fixture")
                .about("Serve a folder of GitHub REST fixtures on 127.0.0.1, for --github-url dry runs")
                .after_help(
                    "Each request path maps to DIR/<path>.json; lists are paginated with Link headers like GitHub's.\n\
                     DIR/stand-in.yaml may cap the page size and script non-200 replies (rate limits).\n\
                     Prints the URL, then serves until interrupted.\n\n\
                     Example:\n  git nodus gov serve-fixture tests/fixtures/governance/github --port 8765 &\n  \
                     git nodus gov check 101 --repo nodejs/node --github-url http://127.0.0.1:8765",
                )
                .arg(Arg::new("dir").value_name("DIR").required(true).value_parser(value_parser!(PathBuf)))
                .arg(
                    Arg::new("port")
                        .long("port")
                        .value_name("PORT")
                        .value_parser(value_parser!(u16))
                        .default_value("0")
                        .help("Port on 127.0.0.1 (0 picks a free one)"),
                )
                .arg(
                    Arg::new("require-token")
                        .long("require-token")
                        .value_name("TOKEN")
                        .help("Answer 401 unless requests carry this bearer token"),
                ),
        )
}

fn pr_arg() -> Arg {
    Arg::new("pr").value_name("PR").required(true).help("Pull request: a number, owner/name#N, or its URL")
}

fn json_arg() -> Arg {
    Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON")
}

pub(crate) fn now_arg() -> Arg {
    Arg::new("now")
        .long("now")
        .value_name("TIME")
        .value_parser(parse_time)
        .help("Judge as of this time (RFC 3339, or a date meaning 00:00 UTC) [default: now]")
}

pub(crate) fn source_args(cmd: Command) -> Command {
    cmd.arg(
        Arg::new("repo")
            .long("repo")
            .value_name("OWNER/NAME")
            .value_parser(|s: &str| Repo::parse(s).map_err(|e| e.to_string()))
            .help("GitHub repository [default: governance.yaml's github.repo, else the origin remote]"),
    )
    .arg(
        Arg::new("github-url").long("github-url").value_name("URL").env("NODUS_GITHUB_URL").help(
            "GitHub REST API base URL (GitHub Enterprise: https://HOST/api/v3; or a `gov serve-fixture` stand-in)",
        ),
    )
    .arg(
        Arg::new("facts")
            .long("facts")
            .value_name("FILE")
            .value_parser(value_parser!(PathBuf))
            .conflicts_with_all(["repo", "github-url"])
            .help("Read the facts from this YAML file instead of GitHub"),
    )
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("`{s}` is not a time: write 2024-01-03T12:00:00Z or 2024-01-03"))
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let ctx = Place::new(&cwd, matches.get_one::<PathBuf>("config"));
    match matches.subcommand() {
        Some(("check", m)) => check(&ctx, m),
        Some(("facts", m)) => facts(&ctx, m),
        Some(("vote", m)) => match m.subcommand() {
            Some(("tally", m)) => tally(&ctx, m),
            _ => unreachable!("clap requires a known subcommand"),
        },
        Some(("members", m)) => members(&ctx, m),
        Some(("readme", m)) => readme(&ctx, m),
        Some(("owners", m)) => owners(&ctx, m),
        Some(("serve-fixture", m)) => serve(m),
        _ => unreachable!("clap requires a known subcommand"),
    }
}

/// Where the command runs: the repository (if any) and governance.yaml.
pub(crate) struct Place {
    pub(crate) repo: Option<git2::Repository>,
    pub(crate) config: PathBuf,
}

impl Place {
    pub(crate) fn new(cwd: &Path, config: Option<&PathBuf>) -> Place {
        let repo = git2::Repository::discover(cwd).ok();
        let root = repo.as_ref().and_then(|r| r.workdir().map(Path::to_owned)).unwrap_or_else(|| cwd.to_owned());
        let config = config.cloned().unwrap_or_else(|| governance::default_config_path(&root));
        Place { repo, config }
    }

    pub(crate) fn governance(&self) -> anyhow::Result<Governance> {
        if !self.config.exists() {
            anyhow::bail!(
                "no governance file at `{}`: copy governance/examples/governance.yaml there, or pass --config",
                self.config.display()
            );
        }
        Ok(Governance::load(&self.config)?)
    }

    /// A git config value from the repository (which includes the global
    /// and system files) or, outside one, the default config.
    fn git_config(&self, key: &str) -> Option<String> {
        let config = match &self.repo {
            Some(r) => r.config().ok()?,
            None => git2::Config::open_default().ok()?,
        };
        config.get_string(key).ok().filter(|v| !v.trim().is_empty())
    }

    /// `owner/name` from the origin remote's URL, read as the changelog
    /// reads it (following a local clone to its own origin).
    fn origin_repo(&self) -> Option<Repo> {
        changelog::RepoUrl::from_origin(self.repo.as_ref()?).map(|url| Repo::of_url(&url))
    }
}

/// The forge a `check`/`facts` invocation asked for, and the PR number.
fn open_forge(ctx: &Place, gov: &Governance, m: &ArgMatches) -> anyhow::Result<(Box<dyn Forge>, u64)> {
    let text = m.get_one::<String>("pr").expect("required");
    let pr = PullRef::parse(text).with_context(|| {
        format!("`{text}` is not a pull request: give a number, owner/name#N or a pull request URL")
    })?;
    let number = pr.number;
    Ok((forge_for(ctx, gov, m, pr)?, number))
}

/// The forge `--facts`, `--repo` and `--github-url` (see `source_args`)
/// name for pull request `pr`.
pub(crate) fn forge_for(ctx: &Place, gov: &Governance, m: &ArgMatches, pr: PullRef) -> anyhow::Result<Box<dyn Forge>> {
    if let Some(path) = m.get_one::<PathBuf>("facts") {
        return Ok(Box::new(FileForge::open(path)?));
    }
    let repo = match (pr.repo, m.get_one::<Repo>("repo"), &gov.github.repo) {
        (Some(r), _, _) => r,
        (None, Some(r), _) => r.clone(),
        (None, None, Some(r)) => Repo::parse(r)?,
        (None, None, None) => ctx.origin_repo().context(
            "which repository? pass --repo owner/name, set github.repo in governance.yaml, or add an origin remote",
        )?,
    };
    let api = m.get_one::<String>("github-url").or(gov.github.api_url.as_ref()).map(String::as_str);
    Ok(Box::new(GitHubForge::discover(repo, api, |key| ctx.git_config(key))?))
}

fn check(ctx: &Place, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let gov = ctx.governance()?;
    let (forge, number) = open_forge(ctx, &gov, m)?;
    let now = m.get_one::<DateTime<Utc>>("now").copied().unwrap_or_else(Utc::now);
    let report = governance::check_pull_request(&gov, forge.as_ref(), number, now)
        .with_context(|| format!("cannot check pull request #{number} on {}", forge.describe()))?;
    if m.get_flag("json") {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
    }
    Ok(match report.verdict {
        Verdict::Ready => ExitCode::SUCCESS,
        Verdict::Waiting { .. } => ExitCode::from(EXIT_WAITING),
        Verdict::Blocked => ExitCode::from(EXIT_BLOCKED),
    })
}

fn facts(ctx: &Place, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let gov = ctx.governance()?;
    let (forge, number) = open_forge(ctx, &gov, m)?;
    let (pr, teams) = governance::gather(&gov, forge.as_ref(), number)
        .with_context(|| format!("cannot read pull request #{number} on {}", forge.describe()))?;
    let facts = governance::Facts { teams, pulls: vec![pr] };
    print!("{}", serde_yaml::to_string(&facts)?);
    Ok(ExitCode::SUCCESS)
}

fn tally(ctx: &Place, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let gov = ctx.governance()?;
    let file = m.get_one::<PathBuf>("file").expect("required");
    let now = m.get_one::<DateTime<Utc>>("now").copied().unwrap_or_else(Utc::now);
    let tally = Vote::load(&gov, file)?.tally(&gov, now);
    if m.get_flag("json") {
        println!("{}", serde_json::to_string_pretty(&tally)?);
    } else {
        println!("{tally}");
    }
    use governance::VoteOutcome as Outcome;
    Ok(match tally.outcome {
        Outcome::Passed => ExitCode::SUCCESS,
        Outcome::Open { .. } => ExitCode::from(EXIT_WAITING),
        Outcome::Failed | Outcome::NoQuorum | Outcome::Objected => ExitCode::from(EXIT_BLOCKED),
    })
}

fn members(ctx: &Place, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let gov = ctx.governance()?;
    let list = match m.get_one::<String>("role") {
        Some(role) => {
            if !gov.knows_role(role) {
                anyhow::bail!("--role: unknown role `{role}` in {}", ctx.config.display());
            }
            gov.members_with(role)
        }
        None => gov.members.iter().collect(),
    };
    match m.get_one::<String>("format").map(String::as_str) {
        Some("markdown") => print!("{}", markdown(&list)),
        Some("json") => println!("{}", serde_json::to_string_pretty(&list)?),
        _ => {
            for member in list {
                let roles: Vec<&str> = member.roles.iter().map(|r| r.as_str()).collect();
                println!("{:<20} {:<28} {}", member.handle, member.name, roles.join(", "));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn readme(ctx: &Place, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let gov = ctx.governance()?;
    let file = match m.get_one::<PathBuf>("file") {
        Some(f) => f.clone(),
        None => ctx.config.parent().unwrap_or(Path::new(".")).join("README.md"),
    };
    if m.get_flag("check") {
        let text = changelog::input::read_text(&file, changelog::input::MAX_CONFIG_BYTES).map_err(|e| match e {
            changelog::input::ReadError::Io(e) => anyhow::anyhow!("cannot read `{}`: {e}", file.display()),
            changelog::input::ReadError::Input(e) => anyhow::anyhow!("{}: {e}", file.display()),
        })?;
        let update = governance::members::update_readme(&gov, &file, &text)?;
        if update.changed {
            eprintln!("{}: member lists are out of date; run `git nodus gov readme`", file.display());
            return Ok(ExitCode::FAILURE);
        }
        println!("{}: member lists up to date ({})", file.display(), update.sections.join(", "));
        return Ok(ExitCode::SUCCESS);
    }
    let update = write_readme(&gov, &file)?;
    let verb = if update.changed { "updated" } else { "already up to date" };
    println!("{}: {verb} ({})", file.display(), update.sections.join(", "));
    Ok(ExitCode::SUCCESS)
}

fn owners(ctx: &Place, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let gov = ctx.governance()?;
    let owners = Owners::new(&gov);
    let paths: Vec<&String> = m.get_many::<String>("paths").expect("required").collect();
    let each: Vec<governance::PathOwners> = paths.iter().map(|p| owners.of(p)).collect();
    if m.get_flag("json") {
        println!("{}", serde_json::to_string_pretty(&each)?);
        return Ok(ExitCode::SUCCESS);
    }
    for o in &each {
        if o.owners.is_empty() {
            println!("{}: no owners", o.path);
        } else {
            println!("{}: {} ({})", o.path, o.owners.join(", "), o.subsystems.join(", "));
        }
    }
    let all = owners.of_all(&paths);
    if paths.len() > 1 && !all.is_empty() {
        println!("all owners: {}", all.join(", "));
    }
    for team in all.iter().filter(|o| o.starts_with('@')) {
        let people = owners.team_members(team);
        if !people.is_empty() {
            println!("{team}: {}", people.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let dir = m.get_one::<PathBuf>("dir").expect("required");
    let port = *m.get_one::<u16>("port").expect("has a default");
    let server = StandIn::start(dir, port, m.get_one::<String>("require-token").cloned())?;
    println!("{}", server.url());
    eprintln!("Serving GitHub fixtures from {} at {} (Ctrl-C to stop)", dir.display(), server.url());
    use std::io::Write;
    std::io::stdout().flush()?;
    server.wait();
    Ok(ExitCode::SUCCESS)
}
