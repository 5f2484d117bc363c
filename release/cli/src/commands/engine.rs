//! `git nodus engine`: the embedded engine of each line, the ABI registry,
//! engine updates and floating patches.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use release::LineId;
use release::engine::{self, Layout, abi::Registry, patches, update};
use release::project::Project;

use super::lts::{date_arg, date_or_today, table};

fn line_arg() -> Arg {
    Arg::new("line")
        .long("line")
        .value_name("N")
        .value_parser(|s: &str| s.parse::<LineId>())
        .help("The release line (its staging branch, else its release branch) [default: the main branch]")
}

fn json_arg() -> Arg {
    Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON")
}

fn branch_arg() -> Arg {
    Arg::new("branch").long("branch").value_name("NAME").help("The new branch's name")
}

pub fn cli() -> Command {
    Command::new("engine")
        .about("The embedded engine (V8): versions per line, ABI numbers, updates, floating patches")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("config")
                .long("config")
                .value_name("FILE")
                .global(true)
                .value_parser(value_parser!(PathBuf))
                .help("The release policy to read (default: release.yaml at the repository root)"),
        )
        .arg(super::repo_dir_arg().global(true))
        .subcommand(
            Command::new("status")
                .about("The engine the main branch and every line ship, read from each branch's tree")
                .arg(date_arg("date", "The date deciding which lines are LTS [default: today, UTC]"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("abi")
                .about("Print the ABI registry (Node's abi_version_registry.json format)")
                .arg(
                    Arg::new("file")
                        .long("file")
                        .value_name("PATH")
                        .global(true)
                        .value_parser(value_parser!(PathBuf))
                        .help("The registry file [default: engine.abi.registry of release.yaml]"),
                )
                .arg(json_arg().help("Print the file as it is"))
                .subcommand(
                    Command::new("next")
                        .about("Reserve the next ABI number for a runtime and engine variant")
                        .arg(
                            Arg::new("runtime")
                                .long("runtime")
                                .value_name("R")
                                .required(true)
                                .help("node, electron, nodus…"),
                        )
                        .arg(
                            Arg::new("variant")
                                .long("variant")
                                .value_name("V")
                                .required(true)
                                .help("v8_13.7, electron…"),
                        )
                        .arg(
                            Arg::new("versions")
                                .long("versions")
                                .value_name("TEXT")
                                .required(true)
                                .help("The runtime versions using it: 24.0.0, >=0.33 <0.36"),
                        )
                        .arg(
                            Arg::new("dry-run")
                                .long("dry-run")
                                .action(ArgAction::SetTrue)
                                .help("Print the number without writing the file"),
                        ),
                ),
        )
        .subcommand(
            Command::new("update")
                .about("Update the engine on a new branch: `deps: update V8 to X`, then the ABI number if it changes")
                .arg(
                    Arg::new("to").long("to").value_name("VERSION").required(true).help(
                        "The crate's version (137.0.0) for a pinned crate; V8's (13.7.152.14) for a vendored engine",
                    ),
                )
                .arg(line_arg())
                .arg(branch_arg())
                .arg(
                    Arg::new("source")
                        .long("source")
                        .value_name("DIR|TARBALL")
                        .value_parser(value_parser!(PathBuf))
                        .help("A vendored engine's new source tree or tarball"),
                )
                .arg(
                    Arg::new("allow-major")
                        .long("allow-major")
                        .action(ArgAction::SetTrue)
                        .help("Allow an ABI change (semver-major) on an LTS line"),
                )
                .arg(
                    Arg::new("no-lock")
                        .long("no-lock")
                        .action(ArgAction::SetTrue)
                        .conflicts_with("offline")
                        .help("Do not run `cargo update` for the lock file (the commit says so)"),
                )
                .arg(Arg::new("offline").long("offline").action(ArgAction::SetTrue).help("Run cargo with --offline"))
                .arg(
                    Arg::new("abi-versions").long("abi-versions").value_name("TEXT").help(
                        "`versions` of a newly reserved ABI number [default: the line, or the main branch's name]",
                    ),
                )
                .arg(date_arg("date", "The date deciding whether the line is LTS [default: today, UTC]")),
        )
        .subcommand(
            Command::new("floats")
                .about("Commits that changed the vendored engine since its last update (floating patches)")
                .arg(line_arg())
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("backport")
                .about("Cherry-pick upstream engine commits into the vendored engine, on a new branch (all or nothing)")
                .arg(
                    Arg::new("commits")
                        .value_name("SHA")
                        .required(true)
                        .num_args(1..)
                        .help("Upstream commits, in order"),
                )
                .arg(
                    Arg::new("from")
                        .long("from")
                        .value_name("REPO")
                        .required(true)
                        .value_parser(value_parser!(PathBuf))
                        .help("The upstream engine repository"),
                )
                .arg(Arg::new("upstream-prefix").long("upstream-prefix").value_name("DIR").default_value("").help(
                    "The folder of the upstream repository that the vendored directory copies [default: its root]",
                ))
                .arg(line_arg())
                .arg(branch_arg()),
        )
}

pub fn exec(matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    let sub = matches.subcommand().map(|(_, m)| m).unwrap_or(matches);
    super::enter_repo_dir(sub)?;
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let mut project = Project::discover(&cwd)?;
    if let Some(path) = sub.get_one::<PathBuf>("config") {
        project.config = release::ReleaseConfig::load(path)?;
    }
    match matches.subcommand() {
        Some(("status", m)) => status(&project, m),
        Some(("abi", m)) => abi(&project, m),
        Some(("update", m)) => {
            let opts = update::UpdateOptions {
                to: m.get_one::<String>("to").expect("required").clone(),
                line: m.get_one::<LineId>("line").copied(),
                branch: m.get_one::<String>("branch").cloned(),
                source: m.get_one::<PathBuf>("source").cloned(),
                allow_major: m.get_flag("allow-major"),
                lock: if m.get_flag("no-lock") {
                    update::LockRefresh::Skip
                } else {
                    update::LockRefresh::Cargo { offline: m.get_flag("offline") }
                },
                abi_versions: m.get_one::<String>("abi-versions").cloned(),
                date: date_or_today(m, "date"),
            };
            let done = update::update(&project, &opts)?;
            println!(
                "Created {} from {}: {} {} → {}",
                done.branch,
                done.base,
                project.config.engine.name,
                done.from.map(|v| v.to_string()).unwrap_or_else(|| "?".into()),
                done.to
            );
            for (oid, title) in &done.commits {
                println!("  {} {title}", &oid.to_string()[..10]);
            }
            if project.config.engine.vendored.is_none() && !done.lock_refreshed {
                println!("{} was not refreshed (--no-lock)", project.config.engine.lock);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(("floats", m)) => {
            let floats = patches::floats(&project, m.get_one::<LineId>("line").copied())?;
            if m.get_flag("json") {
                println!("{}", serde_json::to_string_pretty(&floats)?);
                return Ok(ExitCode::SUCCESS);
            }
            match &floats.since {
                Some(s) => println!(
                    "{} on {} since {} {}: {} floating patch(es)",
                    floats.dir,
                    floats.branch,
                    &s.sha[..10],
                    s.summary,
                    floats.patches.len()
                ),
                None => println!(
                    "{} on {} (no update commit found, whole history): {} floating patch(es)",
                    floats.dir,
                    floats.branch,
                    floats.patches.len()
                ),
            }
            for p in &floats.patches {
                println!("{} {} ({})", &p.sha[..10], p.summary, p.author);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(("backport", m)) => {
            let opts = patches::BackportOptions {
                commits: m.get_many::<String>("commits").expect("required").cloned().collect(),
                from: m.get_one::<PathBuf>("from").expect("required").clone(),
                upstream_prefix: m.get_one::<String>("upstream-prefix").cloned().unwrap_or_default(),
                line: m.get_one::<LineId>("line").copied(),
                branch: m.get_one::<String>("branch").cloned(),
            };
            let done = patches::backport(&project, &opts)?;
            println!("Created {} from {} (embedder string {})", done.branch, done.base, done.embedder);
            for (oid, _, title) in &done.commits {
                println!("  {} {title}", &oid.to_string()[..10]);
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn status(project: &Project, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let status = engine::status(project, date_or_today(m, "date"))?;
    if m.get_flag("json") {
        println!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = vec![["BRANCH", "SHIPS", &status.engine as &str, "EMBEDDER", "ABI", "BEHIND"].map(String::from)];
    let mut problems = Vec::new();
    for b in &status.branches {
        let branch = match b.line {
            Some(line) if b.lts => format!("{} ({line}, LTS)", b.branch),
            Some(line) => format!("{} ({line})", b.branch),
            None => b.branch.clone(),
        };
        let ships = match &b.shipped.layout {
            Layout::Crate { name, pin, locked } => format!(
                "{name} {}{}",
                pin.as_deref().unwrap_or("(no pin)"),
                locked.as_deref().map(|l| format!(" (lock {l})")).unwrap_or_default()
            ),
            Layout::Vendored { dir } => dir.clone(),
        };
        let behind = match (b.behind, b.outdated) {
            (_, false) if b.shipped.version.is_some() => "newest".to_owned(),
            (Some(0), true) => "build/patch".to_owned(),
            (Some(n), true) => format!("{n} release{}", if n == 1 { "" } else { "s" }),
            _ => "-".to_owned(),
        };
        rows.push([
            branch,
            ships,
            b.shipped.version.map(|v| v.to_string()).unwrap_or_else(|| "?".into()),
            b.shipped.embedder.clone().unwrap_or_else(|| "-".into()),
            b.shipped.abi.map(|a| a.to_string()).unwrap_or_else(|| "-".into()),
            behind,
        ]);
        problems.extend(b.shipped.problems.iter().cloned());
    }
    print!("{}", table(&rows));
    for p in problems {
        eprintln!("warning: {p}");
    }
    Ok(ExitCode::SUCCESS)
}

fn abi(project: &Project, m: &ArgMatches) -> anyhow::Result<ExitCode> {
    let path =
        m.get_one::<PathBuf>("file").cloned().unwrap_or_else(|| project.root.join(&project.config.engine.abi.registry));
    if let Some(("next", n)) = m.subcommand() {
        let mut registry = if path.exists() { Registry::load(&path)? } else { Registry::empty() };
        let entry = registry.reserve(
            n.get_one::<String>("runtime").expect("required"),
            n.get_one::<String>("variant").expect("required"),
            n.get_one::<String>("versions").expect("required"),
            project.config.engine.abi.first,
        )?;
        if !n.get_flag("dry-run") {
            registry.save(&path)?;
        }
        println!("{}", entry.modules);
        return Ok(ExitCode::SUCCESS);
    }
    let registry = Registry::load(&path)?;
    if m.get_flag("json") {
        print!("{}", registry.render());
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::from("MODULES  RUNTIME   VARIANT               VERSIONS\n");
    for e in &registry.entries {
        out.push_str(&format!("{:<8} {:<9} {:<21} {}\n", e.modules, e.runtime, e.variant, e.versions));
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
