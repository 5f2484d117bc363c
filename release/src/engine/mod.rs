//! The embedded engine (V8 by default): which version each line ships,
//! the ABI registry, upgrades, and floating patches on a vendored engine.
//!
//! A branch ships either a pinned crate (`v8 = "=152.2.0"` in `Cargo.toml`,
//! locked in `Cargo.lock`; the V8 version comes from [`version::of_v8_crate`])
//! or a vendored directory in Node's `deps/v8` layout (its
//! `include/v8-version.h`, and the embedder string `-node.N` in
//! `common.gypi`). Everything is read from each branch's tree, never from
//! the work tree. The ABI number is the registry's entry for the project's
//! runtime and the engine's `v8_{major}.{minor}` variant, or the number a
//! file like Node's `src/node_version.h` spells out.

pub mod abi;
pub mod cargo;
mod config;
pub mod patches;
pub mod update;
pub mod version;

use chrono::NaiveDate;
use git2::{Repository, Tree};
use serde::Serialize;

pub use config::{AbiConfig, EngineConfig};
pub use version::EngineVersion;

use crate::error::{Error, GitContext, Result};
use crate::project::Project;
use crate::repo::read_text;
use crate::schedule::{LineId, Phase};
use abi::Registry;

/// How a branch ships its engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Layout {
    /// A crate pinned in the manifest.
    Crate {
        /// The crate.
        name: String,
        /// The requirement as written (`=152.2.0`), if the pin was found.
        pin: Option<String>,
        /// The version in the lock file.
        locked: Option<String>,
    },
    /// A vendored directory.
    Vendored {
        /// The directory (`deps/v8`).
        dir: String,
    },
}

/// The engine one tree ships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shipped {
    /// Crate or vendored directory.
    pub layout: Layout,
    /// The engine version, if it could be read.
    pub version: Option<EngineVersion>,
    /// Where the version came from.
    pub version_from: Option<version::Source>,
    /// The embedder string (`-node.53`), for a vendored engine.
    pub embedder: Option<String>,
    /// The ABI number, if the registry (or the ABI file) has one.
    pub abi: Option<u32>,
    /// What could not be read, one sentence each.
    pub problems: Vec<String>,
}

/// Reads the engine `tree` ships; `at` names the branch in problems.
pub fn read(repo: &Repository, config: &EngineConfig, tree: &Tree<'_>, at: &str) -> Result<Shipped> {
    let mut problems = Vec::new();
    let (layout, version, version_from, embedder) = match &config.vendored {
        Some(dir) => {
            let header = format!("{dir}/{}", config.version_header);
            let version = match read_text(repo, tree, &header)? {
                Some(text) => {
                    version::parse_header(&text).map_err(|m| problems.push(format!("`{header}` on `{at}`: {m}"))).ok()
                }
                None => {
                    problems.push(format!("`{header}` not found on `{at}`"));
                    None
                }
            };
            let embedder = read_text(repo, tree, &config.embedder_file)?
                .and_then(|t| version::find_embedder(&t, &config.embedder_key).map(|(v, _)| v));
            if embedder.is_none() {
                problems.push(format!("no `{}` in `{}` on `{at}`", config.embedder_key, config.embedder_file));
            }
            (Layout::Vendored { dir: dir.clone() }, version, version.map(|_| version::Source::Header), embedder)
        }
        None => {
            let pin = read_text(repo, tree, &config.manifest)?.and_then(|t| cargo::find_pin(&t, &config.krate));
            if pin.is_none() {
                problems.push(format!("`{}` does not pin the `{}` crate on `{at}`", config.manifest, config.krate));
            }
            let locked = read_text(repo, tree, &config.lock)?
                .map(|t| cargo::locked_versions(&t, &config.krate))
                .and_then(|v| v.into_iter().next());
            let crate_version = locked
                .as_deref()
                .and_then(|v| v.parse::<semver::Version>().ok())
                .or_else(|| pin.as_ref().and_then(|p| p.exact()));
            let mapped = crate_version.as_ref().and_then(version::of_v8_crate);
            if crate_version.is_some() && mapped.is_none() {
                problems.push(format!(
                    "the `{}` crate's version {} names no V8 version",
                    config.krate,
                    crate_version.as_ref().map(|v| v.to_string()).unwrap_or_default()
                ));
            }
            let layout = Layout::Crate { name: config.krate.clone(), pin: pin.map(|p| p.requirement), locked };
            (layout, mapped.map(|m| m.0), mapped.map(|m| m.1), None)
        }
    };
    let abi = match (&config.abi.file, version) {
        (Some(file), _) => read_text(repo, tree, file)?.and_then(|t| abi_in_file(&t, &config.abi.pattern)),
        (None, Some(v)) => read_registry(repo, config, tree)?
            .and_then(|r| r.find(&config.abi.runtime, &config.variant(v.major, v.minor)).map(|e| e.modules)),
        (None, None) => None,
    };
    Ok(Shipped { layout, version, version_from, embedder, abi, problems })
}

/// The registry on a tree (`None`: the file is absent).
pub fn read_registry(repo: &Repository, config: &EngineConfig, tree: &Tree<'_>) -> Result<Option<Registry>> {
    read_text(repo, tree, &config.abi.registry)?.map(|t| Registry::parse(&t, &config.abi.registry)).transpose()
}

/// The number the ABI pattern finds in a file's text.
pub(crate) fn abi_in_file(text: &str, pattern: &str) -> Option<u32> {
    let re = abi_regex(pattern);
    re.captures(text).and_then(|c| c[2].parse().ok())
}

/// `pattern` as a regex: group 1 the text before the number, group 2 the number.
pub(crate) fn abi_regex(pattern: &str) -> regex::Regex {
    let (before, after) = pattern.split_once("{abi}").expect("checked: the pattern contains {abi}");
    let spaces = |s: &str| regex::escape(s).replace(' ', r"[ \t]+");
    regex::Regex::new(&format!(r"(?m)^(\s*{})(\d+){}", spaces(before), spaces(after))).expect("an escaped pattern")
}

/// One branch in `engine status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchEngine {
    /// The branch read.
    pub branch: String,
    /// The release line, or `None` for the main branch.
    pub line: Option<LineId>,
    /// Whether the line is in LTS (Active or Maintenance) on the date asked.
    pub lts: bool,
    /// The commit read.
    pub commit: String,
    /// What it ships.
    #[serde(flatten)]
    pub shipped: Shipped,
    /// V8 releases (milestones) behind the newest engine of any branch;
    /// 0 with `outdated` when only the build or patch is older.
    pub behind: Option<u32>,
    /// Older than the newest engine of any branch.
    pub outdated: bool,
}

/// `engine status`: the main branch and every line (its staging branch,
/// else its release branch), main first, then lines oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The engine's name.
    pub engine: String,
    /// The newest engine any branch ships.
    pub newest: Option<EngineVersion>,
    /// One entry per branch.
    pub branches: Vec<BranchEngine>,
}

/// The engine of the main branch and of every line.
pub fn status(project: &Project, date: NaiveDate) -> Result<Status> {
    let repo = project.repo()?;
    let config = &project.config;
    let mut targets: Vec<(String, Option<LineId>, bool)> = Vec::new();
    if crate::repo::branch_head(repo, &config.branches.main)?.is_some() {
        targets.push((config.branches.main.clone(), None, false));
    }
    for line in crate::line::list(project, date)? {
        let lts = matches!(line.phase, Some(Phase::ActiveLts | Phase::Maintenance));
        let branch = if line.staging.head.is_some() { line.staging } else { line.release };
        if branch.head.is_some() {
            targets.push((branch.name, Some(line.line), lts));
        }
    }
    let mut branches = Vec::new();
    for (branch, line, lts) in targets {
        let oid = crate::repo::require_branch(repo, &branch, "")?;
        let tree = repo.find_commit(oid).and_then(|c| c.tree()).git(|| format!("reading `{branch}`"))?;
        let shipped = read(repo, &config.engine, &tree, &branch)?;
        branches.push(BranchEngine {
            branch,
            line,
            lts,
            commit: oid.to_string(),
            shipped,
            behind: None,
            outdated: false,
        });
    }
    let newest = branches.iter().filter_map(|b| b.shipped.version).max();
    if let Some(n) = newest {
        for b in &mut branches {
            if let Some(v) = b.shipped.version {
                b.behind = Some(n.milestone().saturating_sub(v.milestone()));
                b.outdated = v < n;
            }
        }
    }
    Ok(Status { engine: config.engine.name.clone(), newest, branches })
}

/// The branch a line's engine work starts from: its staging branch, else
/// its release branch; the main branch without a line.
pub(crate) fn base_branch(project: &Project, line: Option<LineId>) -> Result<(String, git2::Oid)> {
    let repo = project.repo()?;
    let config = &project.config;
    let Some(line) = line else {
        let main = &config.branches.main;
        return Ok((main.clone(), crate::repo::require_branch(repo, main, "")?));
    };
    for branch in [config.staging_branch(line), config.release_branch(line)] {
        if let Some(head) = crate::repo::branch_head(repo, &branch)? {
            return Ok((branch, head));
        }
    }
    Err(Error::NotFound {
        kind: "release line",
        name: line.to_string(),
        hint: format!(
            "; neither `{}` nor `{}` exists (create them with `git nodus line create {}`)",
            config.staging_branch(line),
            config.release_branch(line),
            line.number()
        ),
    })
}
