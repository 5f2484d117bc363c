//! Release lines in a repository: their branches, last release, unreleased
//! commits and phase; creating a line's branches.

use chrono::NaiveDate;
use git2::Oid;
use serde::Serialize;

use crate::error::{Error, GitContext, Result};
use crate::project::Project;
use crate::release_commit::is_release_commit;
use crate::repo;
use crate::schedule::{LineId, Phase};
use crate::transaction::Transaction;

/// A branch and where it points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchHead {
    /// The branch name.
    pub name: String,
    /// Its commit (`None`: the branch does not exist).
    #[serde(serialize_with = "oid_opt")]
    pub head: Option<Oid>,
}

/// Everything `git nodus line list` shows about a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineReport {
    /// The line.
    pub line: LineId,
    /// Its phase on the date asked (`None`: not in the schedule).
    pub phase: Option<Phase>,
    /// Its codename, if the schedule gives one.
    pub codename: Option<String>,
    /// The release branch.
    pub release: BranchHead,
    /// The staging branch.
    pub staging: BranchHead,
    /// The newest release tag reachable from staging (or the release branch).
    pub last_tag: Option<String>,
    /// Commits on staging since that tag, release commits left out.
    pub unreleased: Option<usize>,
}

fn oid_opt<S: serde::Serializer>(oid: &Option<Oid>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match oid {
        Some(oid) => s.serialize_str(&oid.to_string()),
        None => s.serialize_none(),
    }
}

/// Every line the schedule names or the repository has branches for,
/// oldest first.
pub fn list(project: &Project, date: NaiveDate) -> Result<Vec<LineReport>> {
    let repo = project.repo()?;
    let config = &project.config;
    let mut lines: Vec<LineId> = config.schedule.lines().iter().map(|l| l.line).collect();
    let branches = repo.branches(Some(git2::BranchType::Local)).git(|| "listing branches".into())?;
    for branch in branches {
        let (branch, _) = branch.git(|| "listing branches".into())?;
        if let Ok(Some(name)) = branch.name()
            && let Some(line) = config.line_of_branch(name)
            && !lines.contains(&line)
        {
            lines.push(line);
        }
    }
    lines.sort();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let release = config.release_branch(line);
        let staging = config.staging_branch(line);
        let release = BranchHead { head: repo::branch_head(repo, &release)?, name: release };
        let staging = BranchHead { head: repo::branch_head(repo, &staging)?, name: staging };
        let (mut last_tag, mut unreleased) = (None, None);
        if let Some(head) = staging.head.or(release.head) {
            let tag = repo::last_release(repo, config, line, head)?;
            unreleased = Some(count_unreleased(repo, tag.as_ref().map(|t| t.commit), head)?);
            last_tag = tag.map(|t| t.name);
        }
        let scheduled = config.schedule.line(line);
        out.push(LineReport {
            line,
            phase: scheduled.map(|s| s.phase_on(date)),
            codename: scheduled.and_then(|s| s.codename()).map(str::to_owned),
            release,
            staging,
            last_tag,
            unreleased,
        });
    }
    Ok(out)
}

/// Commits reachable from `head` and not from `base`, release and
/// "Working on" commits left out.
pub fn count_unreleased(repo: &git2::Repository, base: Option<Oid>, head: Oid) -> Result<usize> {
    let mut walk = repo.revwalk().git(|| "walking history".into())?;
    walk.push(head).git(|| format!("walking from {head}"))?;
    if let Some(base) = base {
        walk.hide(base).git(|| format!("walking from {base}"))?;
    }
    let boundary = changelog::HistoryBoundary::of(repo);
    let mut count = 0;
    for oid in walk {
        let oid = oid.git(|| "walking history".into())?;
        boundary.check(oid, "the count of unreleased commits")?;
        let commit = repo.find_commit(oid).git(|| format!("reading {oid}"))?;
        if !is_release_commit(commit.summary().ok().flatten().unwrap_or("")) {
            count += 1;
        }
    }
    Ok(count)
}

/// The branches `line create` makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedLine {
    /// The release branch.
    pub release: String,
    /// The staging branch.
    pub staging: String,
    /// The commit both point at.
    pub commit: Oid,
}

/// Creates the release and staging branches of `line` at `from`. Neither
/// may exist already; both are created or neither.
pub fn create(project: &Project, line: LineId, from: &str) -> Result<CreatedLine> {
    let repo = project.repo()?;
    // Like every command that changes refs: not in the middle of something.
    repo::ensure_clean(repo)?;
    let commit = repo::resolve_commit(repo, from)?;
    let release = project.config.release_branch(line);
    let staging = project.config.staging_branch(line);
    for name in [&release, &staging] {
        if repo::branch_head(repo, name)?.is_some() {
            return Err(Error::Exists { kind: "branch", name: name.clone() });
        }
    }
    let mut tx = Transaction::new(repo, format!("nodus: line create {line} from {from}"));
    tx.create(format!("refs/heads/{release}"), commit);
    tx.create(format!("refs/heads/{staging}"), commit);
    tx.commit()?;
    Ok(CreatedLine { release, staging, commit })
}

/// Problems that make the policy unusable in this repository on `date`:
/// a supported line (Current, Active LTS or Maintenance) without its
/// release branch. Empty when all is well (and outside a repository).
pub fn check_branches(project: &Project, date: NaiveDate) -> Result<Vec<String>> {
    let Some(repo) = &project.repo else { return Ok(Vec::new()) };
    let text = std::fs::read_to_string(&project.config.path).unwrap_or_default();
    let mut problems = Vec::new();
    for line in project.config.schedule.lines() {
        let phase = line.phase_on(date);
        if !phase.is_supported() {
            continue;
        }
        let branch = project.config.release_branch(line.line);
        if repo::branch_head(repo, &branch)?.is_none() {
            let key = line.line.to_string();
            let at = changelog::locate::key_line(&text, &["schedule", &key])
                .map(|l| format!("{}:{l}", project.config.path.display()))
                .unwrap_or_else(|| project.config.path.display().to_string());
            problems.push(format!(
                "{at}: schedule.{key}: line {key} is {phase} on {date} but has no branch `{branch}` \
                 (create it with `git nodus line create {} --from <rev>`)",
                line.line.number()
            ));
        }
    }
    Ok(problems)
}
