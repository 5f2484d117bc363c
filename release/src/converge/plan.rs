//! The convergence plan: for every commit of their side since the fork
//! point, what to do with it — `port` it, `skip` it (with a reason), or
//! it is `already` on our side (with the equivalent commit). Written as
//! YAML for a person to edit ([`Plan::to_yaml`]), read back with the
//! file and line of any mistake ([`Plan::load`]), and carried out by
//! [`apply`]: the `port` commits, in the plan's order, cherry-picked with
//! `-x` onto a new branch made from our side, as a resumable sequencer
//! session. Neither side's branch moves.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository};
use serde::{Deserialize, Serialize};

use super::{Report, State};
use crate::error::{Error, GitContext, Result};
use crate::sequencer::{self, Hooks, Kind, Outcome, Session};

/// What to do with one commit of theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Cherry-pick it onto the new branch.
    Port,
    /// Leave it out (`reason` says why).
    Skip,
    /// Our side has it (`equivalent` names our commit).
    Already,
}

/// One commit of theirs and what to do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The commit (full sha).
    pub sha: String,
    /// Its title, for the reader (not checked).
    #[serde(default)]
    pub title: String,
    /// Port, skip or already.
    pub action: Action,
    /// Why it is skipped (required with `skip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Our equivalent commit (required with `already`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<String>,
}

/// A convergence plan: take `theirs` into `ours` on `branch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Our side, as given.
    pub ours: String,
    /// Our side's commit when the plan was made: the new branch starts there.
    pub ours_head: String,
    /// Their side, as given.
    pub theirs: String,
    /// Their side's commit when the plan was made.
    pub theirs_head: String,
    /// The fork point.
    pub fork_point: String,
    /// The branch `apply` creates.
    pub branch: String,
    /// Every commit of theirs since the fork point; `port`s are applied
    /// in this order.
    pub commits: Vec<Entry>,
}

impl Plan {
    /// The plan a report suggests: missing commits are ported, ported
    /// ones are already there, reverted ones and merge commits skipped.
    pub fn from_report(repo: &Repository, report: &Report, branch: &str) -> Result<Plan> {
        let mut commits = Vec::with_capacity(report.theirs.commits.len());
        for c in &report.theirs.commits {
            let id = Oid::from_str(&c.sha).git(|| format!("reading {}", c.sha))?;
            let merge = repo.find_commit(id).git(|| format!("reading {id}"))?.parent_count() > 1;
            let (action, reason, equivalent) = match (c.state, &c.equivalent) {
                (State::Ported, Some((eq, _))) => (Action::Already, None, Some(eq.clone())),
                _ if merge => {
                    (Action::Skip, Some("a merge commit: the commits it merges are listed on their own".into()), None)
                }
                (State::Reverted, _) => {
                    (Action::Skip, Some(format!("reverted on `{}` (with its revert)", report.theirs.name)), None)
                }
                _ => (Action::Port, None, None),
            };
            commits.push(Entry { sha: c.sha.clone(), title: c.title.clone(), action, reason, equivalent });
        }
        Ok(Plan {
            ours: report.ours.name.clone(),
            ours_head: report.ours.head.clone(),
            theirs: report.theirs.name.clone(),
            theirs_head: report.theirs.head.clone(),
            fork_point: report.fork_point.clone(),
            branch: branch.to_owned(),
            commits,
        })
    }

    /// The plan as YAML, with a header saying how to edit it.
    pub fn to_yaml(&self) -> String {
        // JSON strings are YAML double-quoted scalars: any title is safe.
        let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
        let mut out = format!(
            "# git nodus converge plan: take `{theirs}` into `{ours}` on the new branch `{branch}`.\n\
             # One entry per commit of `{theirs}` since the fork point, oldest first. Set `action` to\n\
             #   port     cherry-pick it onto `{branch}` (with a `cherry picked from` line);\n\
             #   skip     leave it out, and say why in `reason`;\n\
             #   already  `{ours}` has it: name our commit in `equivalent`.\n\
             # Reorder entries to change the order the ports are applied in. Then run\n\
             #   git nodus converge apply <this file>\n",
            theirs = self.theirs,
            ours = self.ours,
            branch = self.branch
        );
        out.push_str(&format!(
            "ours: {}\nours_head: {}\ntheirs: {}\ntheirs_head: {}\nfork_point: {}\nbranch: {}\ncommits:\n",
            q(&self.ours),
            self.ours_head,
            q(&self.theirs),
            self.theirs_head,
            self.fork_point,
            q(&self.branch)
        ));
        if self.commits.is_empty() {
            out.truncate(out.len() - 1);
            out.push_str(" []\n");
        }
        for e in &self.commits {
            let action = match e.action {
                Action::Port => "port",
                Action::Skip => "skip",
                Action::Already => "already",
            };
            out.push_str(&format!("  - sha: {}\n    title: {}\n    action: {action}\n", e.sha, q(&e.title)));
            if let Some(r) = &e.reason {
                out.push_str(&format!("    reason: {}\n", q(r)));
            }
            if let Some(eq) = &e.equivalent {
                out.push_str(&format!("    equivalent: {eq}\n"));
            }
        }
        out
    }

    /// Reads and checks a plan file: errors name the file and the line.
    pub fn load(repo: &Repository, path: &Path) -> Result<Plan> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            action: "cannot read",
            path: path.to_owned(),
            source,
        })?;
        Plan::parse(repo, path, &text)
    }

    /// [`load`](Self::load) from text (`path` is for messages).
    pub fn parse(repo: &Repository, path: &Path, text: &str) -> Result<Plan> {
        let bad = |line: Option<usize>, message: String| Error::Config { file: path.to_owned(), line, message };
        let plan: Plan = serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            bad(line, format!("not a converge plan: {e}"))
        })?;
        let line_of = |key: &str, value: &str| -> Option<usize> {
            text.lines()
                .position(|l| {
                    let l = l.trim_start().trim_start_matches("- ");
                    l.strip_prefix(key)
                        .and_then(|r| r.strip_prefix(':'))
                        .is_some_and(|v| v.trim().trim_matches('"') == value)
                })
                .map(|i| i + 1)
        };
        let commit = |key: &str, value: &str, what: &str| -> Result<Oid> {
            let found = (value.len() == 40)
                .then(|| Oid::from_str(value).ok())
                .flatten()
                .and_then(|id| repo.find_commit(id).ok().map(|c| c.id()));
            found.ok_or_else(|| {
                bad(
                    line_of(key, value),
                    format!("`{key}: {value}`: {what} is not a commit of this repository (give the full 40-digit sha)"),
                )
            })
        };
        commit("ours_head", &plan.ours_head, "our side's commit")?;
        commit("theirs_head", &plan.theirs_head, "their side's commit")?;
        commit("fork_point", &plan.fork_point, "the fork point")?;
        if !git2::Reference::is_valid_name(&format!("refs/heads/{}", plan.branch)) {
            return Err(bad(
                line_of("branch", &plan.branch),
                format!("`branch: {}` is not a valid branch name", plan.branch),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for e in &plan.commits {
            let id = commit("sha", &e.sha, "the commit")?;
            let line = line_of("sha", &e.sha);
            if !seen.insert(id) {
                return Err(bad(line, format!("{} is listed twice", e.sha)));
            }
            match e.action {
                Action::Port => {
                    if repo.find_commit(id).git(|| format!("reading {id}"))?.parent_count() > 1 {
                        return Err(bad(line, format!("{} is a merge commit: it cannot be ported (skip it)", e.sha)));
                    }
                }
                Action::Skip => {
                    if e.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                        return Err(bad(line, format!("{} is skipped without a `reason`", e.sha)));
                    }
                }
                Action::Already => match &e.equivalent {
                    None => return Err(bad(line, format!("{} is `already` there without an `equivalent`", e.sha))),
                    Some(eq) => {
                        commit("equivalent", eq, "the equivalent")?;
                    }
                },
            }
        }
        Ok(plan)
    }

    /// The commits to port, in order.
    pub fn ports(&self) -> Vec<Oid> {
        self.commits.iter().filter(|e| e.action == Action::Port).filter_map(|e| Oid::from_str(&e.sha).ok()).collect()
    }
}

/// Starts the session that ports the plan's `port` commits onto its new
/// branch (from `ours_head`), and runs it as far as it goes. `plan_file`
/// is recorded for reports.
pub fn apply(repo: &Repository, plan: &Plan, plan_file: &Path, hooks: &dyn Hooks) -> Result<Outcome> {
    let start = Oid::from_str(&plan.ours_head).git(|| "reading the plan's ours_head".into())?;
    let steps = crate::backport::apply_steps(repo, &plan.ports())?;
    let mut session = Session::new_branch(
        Kind::Converge,
        format!("converge apply onto {}", plan.branch),
        repo,
        &plan.branch,
        start,
        steps,
    );
    session.extra = serde_json::json!({
        "plan": PathBuf::from(plan_file).display().to_string(),
        "ours": plan.ours,
        "theirs": plan.theirs,
    });
    sequencer::start(repo, session, hooks)
}
