//! `git nodus changelog`: release notes from git history.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use changelog::{
    Format, LabelFile, LabelSource, NoLabels, Parts, Range, ReadOptions, ReleaseEntry, ReleaseStatus, RenderOptions,
    RepoUrl, Template,
};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

const AFTER_HELP: &str = "\
Ranges:
  A..B     commits reachable from B but not from A
  A..      A..HEAD
  B        the whole history of B
  (none)   last tag reachable from HEAD..HEAD; the whole history without tags

Formats:
  node          Markdown, line for line as Node's `changelog-maker --markdown`
  node-plain    changelog-maker's plain lines
  conventional  Markdown sections by Conventional Commits type
  json          the parsed commits and their impact (schema_version 1)

Labels (semver-minor, semver-major, notable-change) come from --labels, a
YAML file mapping pull-request numbers or shas to labels:
  pulls:
    123: [semver-minor, notable-change]
  commits:
    4f2a9c1e: [semver-major]
or, with `--labels github`, from the pull requests named by the commits'
PR-URL trailers on GitHub (token from GITHUB_TOKEN, git config
nodus.githubToken or github.token; --github-url for GitHub Enterprise or the
stand-in of `git nodus gov serve-fixture`). A file called `github` is
`--labels ./github`.

Examples:
  git nodus changelog                                  # since the last tag, node format
  git nodus changelog v20.0.0..v20.1.0 --group
  git nodus changelog --since-tag v1.2.0 --format conventional
  git nodus changelog --json > notes.json
  git nodus changelog v20.0.0..HEAD --labels labels.yaml \\
      --write doc/changelogs/CHANGELOG_V20.md --version 20.1.0 --date 2024-05-01 \\
      --codename Iron --lts --releaser targos

Exit status: 0 success, 1 failure (unknown revision or tag, empty range,
unreadable repository or file…), 2 usage error.";

pub fn cli() -> Command {
    Command::new("changelog")
        .about("Generate release notes from git history")
        .after_help(AFTER_HELP)
        .arg(
            Arg::new("range")
                .value_name("RANGE")
                .help("Commits to list: A..B, A.., B (default: last tag..HEAD)")
                .value_parser(parse_range)
                .conflicts_with("since-tag"),
        )
        .arg(Arg::new("since-tag").long("since-tag").value_name("TAG").help("List commits from TAG to HEAD"))
        .arg(
            Arg::new("format")
                .long("format")
                .short('f')
                .value_name("FORMAT")
                .help("Output format: node, node-plain, conventional, json")
                .value_parser(parse_format)
                .default_value("node")
                .conflicts_with_all(["template", "json"]),
        )
        .arg(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .help("Same as --format json")
                .conflicts_with("template"),
        )
        .arg(
            Arg::new("template")
                .long("template")
                .short('t')
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("Render with this handlebars template (data as in --json)"),
        )
        .arg(
            Arg::new("group")
                .long("group")
                .short('g')
                .action(ArgAction::SetTrue)
                .help("Order commits by subsystem, like changelog-maker --group"),
        )
        .arg(Arg::new("repo-url").long("repo-url").value_name("URL").value_parser(parse_repo_url).help(
            "Repository for links (default: git config nodus.repoUrl, the `origin` remote, package.json or Cargo.toml)",
        ))
        .arg(
            Arg::new("labels")
                .long("labels")
                .value_name("FILE|github")
                .value_parser(parse_labels)
                .env("NODUS_CHANGELOG_LABELS")
                .help("Labels from a YAML file of pull-request/sha labels, or from GitHub"),
        )
        .arg(
            Arg::new("github-url")
                .long("github-url")
                .value_name("URL")
                .help("GitHub API for `--labels github` (default: https://api.github.com)"),
        )
        .arg(
            Arg::new("tag-pattern")
                .long("tag-pattern")
                .value_name("GLOB")
                .help("Only tags matching GLOB count as the last tag (e.g. 'v*')"),
        )
        .arg(Arg::new("no-merges").long("no-merges").action(ArgAction::SetTrue).help("Leave out merge commits"))
        .arg(
            Arg::new("keep-release-commits")
                .long("keep-release-commits")
                .action(ArgAction::SetTrue)
                .help("Keep Node release commits (`2024-01-09, Version …`, `Working on v…`)"),
        )
        .arg(super::repo_dir_arg())
        .arg(
            Arg::new("write")
                .long("write")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .requires("version")
                .conflicts_with_all(["json", "template"])
                .help("Insert a release entry at the top of FILE (e.g. doc/changelogs/CHANGELOG_V20.md)"),
        )
        .arg(
            Arg::new("version")
                .long("version")
                .value_name("X.Y.Z")
                .value_parser(super::parse_version)
                .requires("write")
                .help("Version of the release entry"),
        )
        .arg(
            Arg::new("date")
                .long("date")
                .value_name("YYYY-MM-DD")
                .value_parser(parse_date)
                .requires("write")
                .help("Date of the release entry (default: today, UTC)"),
        )
        .arg(Arg::new("codename").long("codename").value_name("NAME").requires("write").help("LTS codename, e.g. Iron"))
        .arg(
            Arg::new("releaser")
                .long("releaser")
                .value_name("HANDLE")
                .requires("write")
                .help("GitHub handle of the releaser"),
        )
        .arg(
            Arg::new("lts")
                .long("lts")
                .action(ArgAction::SetTrue)
                .requires("write")
                .conflicts_with("status")
                .help("Same as --status lts"),
        )
        .arg(
            Arg::new("status")
                .long("status")
                .value_name("STATUS")
                .value_parser(parse_status)
                .requires("write")
                .help("current (default), lts or maintenance"),
        )
        .arg(
            Arg::new("security")
                .long("security")
                .action(ArgAction::SetTrue)
                .requires("write")
                .help("Mark the entry as a security release"),
        )
        .arg(
            Arg::new("index")
                .long("index")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .requires("write")
                .conflicts_with("no-index")
                .help("Root index to keep in step (default: CHANGELOG.md at the repository root)"),
        )
        .arg(
            Arg::new("no-index")
                .long("no-index")
                .action(ArgAction::SetTrue)
                .requires("write")
                .help("Do not touch the root index"),
        )
}

fn parse_range(s: &str) -> Result<Range, String> {
    Range::parse(s).map_err(|e| e.to_string())
}

/// Where labels come from.
#[derive(Debug, Clone)]
enum Labels {
    File(PathBuf),
    GitHub,
}

fn parse_labels(s: &str) -> Result<Labels, String> {
    match s {
        "" => Err("give a labels file or `github`".into()),
        "github" => Ok(Labels::GitHub),
        path => Ok(Labels::File(PathBuf::from(path))),
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

fn parse_repo_url(s: &str) -> Result<RepoUrl, String> {
    RepoUrl::parse(s).map_err(|e| e.to_string())
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("`{s}` is not a date YYYY-MM-DD: {e}"))
}

fn parse_status(s: &str) -> Result<ReleaseStatus, String> {
    s.parse::<ReleaseStatus>().map_err(|e| e.to_string())
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::enter_repo_dir(matches)?;
    let dir = PathBuf::from(".");
    let repo = changelog::open_repository(&dir)?;
    let range = match (matches.get_one::<Range>("range"), matches.get_one::<String>("since-tag")) {
        (Some(range), _) => range.clone(),
        (None, Some(tag)) => Range::SinceTag(tag.clone()),
        (None, None) => Range::SinceLastTag,
    };
    let read = ReadOptions {
        skip_release_commits: !matches.get_flag("keep-release-commits"),
        skip_merges: matches.get_flag("no-merges"),
        tag_pattern: matches.get_one::<String>("tag-pattern").cloned(),
    };
    let repo_url = matches.get_one::<RepoUrl>("repo-url").cloned().or_else(|| RepoUrl::discover(&repo));
    let label_file;
    let forge;
    let forge_labels;
    let labels: &dyn LabelSource = match matches.get_one::<Labels>("labels") {
        None => &NoLabels,
        Some(Labels::File(path)) => {
            label_file = LabelFile::load(path)?;
            &label_file
        }
        Some(Labels::GitHub) => {
            let url = match (&repo_url, changelog::RepoUrl::origin(&repo)) {
                (Some(url), _) => url,
                (None, Some(origin)) => anyhow::bail!(
                    "`--labels github` needs the repository on GitHub, and the `origin` remote (`{origin}`) is not \
                     one: pass --repo-url https://github.com/OWNER/NAME"
                ),
                (None, None) => anyhow::bail!(
                    "`--labels github` needs the repository: pass --repo-url or add an `origin` remote on GitHub"
                ),
            };
            let gh = governance::Repo::of_url(url);
            let config = repo.config().ok();
            forge = governance::GitHubForge::discover(
                gh.clone(),
                matches.get_one::<String>("github-url").map(String::as_str),
                |key| config.as_ref()?.get_string(key).ok(),
            )?;
            forge_labels = governance::ForgeLabels::new(&forge, Some(gh));
            &forge_labels
        }
    };
    let options = RenderOptions { repo: repo_url, group: matches.get_flag("group") };
    let template = match matches.get_one::<PathBuf>("template") {
        Some(path) => Template::from_file(path)?,
        None if matches.get_flag("json") => Template::builtin(Format::Json),
        None => Template::builtin(*matches.get_one::<Format>("format").expect("format has a default")),
    };
    let parts = if matches.contains_id("write") { Parts::ALL } else { template.needs() };
    let data = changelog::generate(&repo, &range, &read, labels, &options, parts)?;

    if let Some(file) = matches.get_one::<PathBuf>("write") {
        let mut entry = ReleaseEntry::new(
            matches.get_one::<semver::Version>("version").cloned().expect("clap requires --version with --write"),
            matches.get_one::<chrono::NaiveDate>("date").copied().unwrap_or_else(|| chrono::Utc::now().date_naive()),
        );
        entry.codename = matches.get_one::<String>("codename").cloned();
        entry.releaser = matches.get_one::<String>("releaser").cloned();
        entry.security = matches.get_flag("security");
        entry.status = match (matches.get_flag("lts"), matches.get_one::<ReleaseStatus>("status")) {
            (true, _) => ReleaseStatus::Lts,
            (false, Some(s)) => *s,
            (false, None) => ReleaseStatus::Current,
        };
        let root = repo.workdir().map(Path::to_path_buf).unwrap_or_else(|| dir.clone());
        let index = if matches.get_flag("no-index") {
            None
        } else {
            Some(matches.get_one::<PathBuf>("index").cloned().unwrap_or_else(|| root.join("CHANGELOG.md")))
        };
        let title = data.repository.as_ref().map(|r| r.name.clone()).unwrap_or_else(|| "Project".into());
        let written = changelog::write_release(file, index.as_deref(), &entry, &data, &title)
            .map_err(|e| e.explain_repo_url(&repo))?;
        // Paths as the user would type them: relative to where they are.
        let cwd = std::env::current_dir().ok();
        let shown = |p: &Path| -> String {
            cwd.as_deref().and_then(|c| p.strip_prefix(c).ok()).unwrap_or(p).display().to_string()
        };
        let mut out =
            format!("wrote {} ({} commits) to {}", entry.version, data.commits.len(), shown(&written.changelog));
        if let Some(index) = written.index {
            out.push_str(&format!(" and {}", shown(&index)));
        }
        println!("{out}");
        return Ok(ExitCode::SUCCESS);
    }

    let text = template.render(&data).map_err(|e| e.explain_repo_url(&repo))?;
    // Freeing tens of thousands of commits one by one is slower than letting
    // the process exit take them.
    std::mem::forget(data);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // `git nodus changelog | head` is fine.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}
