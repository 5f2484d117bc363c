//! Two diverged forks, compared (`git nodus converge`, the read-only part):
//! their fork point, the commits unique to each side, which of them have
//! an equivalent on the other side, and an exact forecast of the paths a
//! merge of the two would leave in conflict, with the commits on each side
//! that touched them — the lists the 2015 io.js/Node.js convergence kept by
//! hand.
//!
//! A commit on one side is **ported** when the other side has an
//! equivalent, by the first rule that matches:
//!
//! 1. `cherry-pick`: one of the two says `(cherry picked from commit <the
//!    other's sha>)`;
//! 2. `pr-url`: the same title and the same `PR-URL`;
//! 3. `author`: the same title and author, neither having a `PR-URL`;
//! 4. `patch-id`: the same patch-id (the diff against the first parent).
//!
//! Otherwise it is **reverted** when its own side reverts it later (by the
//! sha in `This reverts commit …`, else by the title), or when it is such a
//! revert of a commit of its own side; else **missing**.
//!
//! The rest of the job is in the submodules: [`plan`] writes and reads
//! the editable plan (port, skip or already, per commit of theirs) and
//! [`apply`](plan::apply)s it onto a new branch through the sequencer;
//! [`merge`] makes the final merge commit with its `CONVERGE.md`.

pub mod merge;
pub mod plan;
mod tree_diff;

use std::collections::{BTreeMap, HashMap, HashSet};

use git2::{Oid, Repository, Sort};
use serde::Serialize;

use crate::error::{Error, GitContext, Result};

/// How a commit matched its equivalent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A `(cherry picked from commit …)` reference.
    CherryPick,
    /// The same title and `PR-URL`.
    PrUrl,
    /// The same title and author, without a `PR-URL`.
    Author,
    /// The same patch-id.
    PatchId,
}

/// What became of a unique commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The other side has an equivalent.
    Ported,
    /// Reverted on its own side (or a revert of a commit of its own side).
    Reverted,
    /// Only on this side.
    Missing,
}

/// A commit unique to one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideCommit {
    /// Its sha.
    pub sha: String,
    /// Its title.
    pub title: String,
    /// Its subsystems (`http`, `deps`), as the changelog reads them.
    pub subsystems: Vec<String>,
    /// Its author's name.
    pub author: String,
    /// Its `PR-URL`, if any.
    pub pr_url: Option<String>,
    /// Ported, reverted or missing.
    pub state: State,
    /// The equivalent commit on the other side, and the rule.
    pub equivalent: Option<(String, Rule)>,
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The revision given.
    pub name: String,
    /// Its commit.
    pub head: String,
    /// Its commits since the fork point, oldest first.
    pub commits: Vec<SideCommit>,
    /// Its missing commits by subsystem prefix (`http`, `deps,build`; ""
    /// for none), as the changelog groups them: names sorted, commits
    /// oldest first.
    pub groups: Vec<Group>,
    /// The semver impact of taking this side's missing commits into the
    /// other (the highest of theirs, by the changelog's rules).
    pub impact: changelog::Impact,
    /// The missing commits as the changelog reads them, oldest first.
    #[serde(skip)]
    pub missing: Vec<changelog::Commit>,
}

/// The missing commits of one subsystem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The subsystem prefix of the titles ("" for none).
    pub subsystem: String,
    /// Their shas, oldest first.
    pub commits: Vec<String>,
}

impl Side {
    /// How many commits are in `state`.
    pub fn count(&self, state: State) -> usize {
        self.commits.iter().filter(|c| c.state == state).count()
    }
}

/// A path a merge of the two sides leaves in conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The path.
    pub path: String,
    /// Our commits that changed it, oldest first.
    pub ours: Vec<String>,
    /// Their commits that changed it, oldest first.
    pub theirs: Vec<String>,
}

/// Everything `converge` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The fork point (merge base).
    pub fork_point: String,
    /// Our side.
    pub ours: Side,
    /// Their side.
    pub theirs: Side,
    /// Equivalent pairs: (ours, theirs, rule).
    pub pairs: Vec<(String, String, Rule)>,
    /// Conflicting paths of an in-memory merge.
    pub conflicts: Vec<Conflict>,
}

struct Raw {
    id: Oid,
    commit: changelog::Commit,
}

/// What [`analyze_with`] reports as it goes: a phase, how much of it is
/// done, out of how much.
pub trait Progress {
    /// `done` of `total` in `phase` (`reading commits`, `patch-ids`…).
    fn update(&mut self, phase: &'static str, done: usize, total: usize);
}

/// No progress report.
pub struct Quiet;

impl Progress for Quiet {
    fn update(&mut self, _phase: &'static str, _done: usize, _total: usize) {}
}

/// Compares `ours` and `theirs` (any revisions).
pub fn analyze(repo: &Repository, ours: &str, theirs: &str) -> Result<Report> {
    analyze_with(repo, ours, theirs, &mut Quiet)
}

/// [`analyze`], reporting its progress.
pub fn analyze_with(repo: &Repository, ours: &str, theirs: &str, progress: &mut dyn Progress) -> Result<Report> {
    let resolve = |rev: &str| -> Result<Oid> {
        let obj = repo.revparse_single(rev).map_err(|_| Error::NotFound {
            kind: "revision",
            name: rev.to_owned(),
            hint: String::new(),
        })?;
        Ok(obj.peel_to_commit().git(|| format!("`{rev}` does not name a commit"))?.id())
    };
    let (our_head, their_head) = (resolve(ours)?, resolve(theirs)?);
    let base = repo.merge_base(our_head, their_head).map_err(|_| {
        Error::Release(format!(
            "`{ours}` and `{theirs}` have no common history: there is no fork point to converge from"
        ))
    })?;
    let mailmap = repo.mailmap().ok();
    let ids = |head: Oid| -> Result<Vec<Oid>> {
        let mut walk = repo.revwalk().git(|| "walking history".into())?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).git(|| "walking history".into())?;
        walk.push(head).git(|| format!("walking from {head}"))?;
        walk.hide(base).git(|| format!("walking from {base}"))?;
        walk.map(|id| id.git(|| "walking history".into())).collect()
    };
    let (our_ids, their_ids) = (ids(our_head)?, ids(their_head)?);
    let total = our_ids.len() + their_ids.len();
    let mut done = 0;
    let mut read = |ids: Vec<Oid>| -> Result<Vec<Raw>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let raw = repo.find_commit(id).git(|| format!("reading {id}"))?;
            let commit = changelog::commit_from_git(&raw, mailmap.as_ref()).map_err(Error::Changelog)?;
            out.push(Raw { id, commit });
            done += 1;
            progress.update("reading commits", done, total);
        }
        Ok(out)
    };
    let our_raw = read(our_ids)?;
    let their_raw = read(their_ids)?;

    let mut our_eq: HashMap<Oid, (Oid, Rule)> = HashMap::new();
    let mut their_eq: HashMap<Oid, (Oid, Rule)> = HashMap::new();
    type Eq = HashMap<Oid, (Oid, Rule)>;
    fn pair(o: Oid, t: Oid, rule: Rule, our_eq: &mut Eq, their_eq: &mut Eq) {
        if our_eq.contains_key(&o) || their_eq.contains_key(&t) {
            return;
        }
        our_eq.insert(o, (t, rule));
        their_eq.insert(t, (o, rule));
    }
    // 1. cherry-pick references, either way.
    let their_ids: HashSet<String> = their_raw.iter().map(|r| r.id.to_string()).collect();
    let our_ids: HashSet<String> = our_raw.iter().map(|r| r.id.to_string()).collect();
    for r in &our_raw {
        for sha in cherry_picked_from(&r.commit.message) {
            if their_ids.contains(&sha) {
                pair(r.id, Oid::from_str(&sha).expect("a sha"), Rule::CherryPick, &mut our_eq, &mut their_eq);
            }
        }
    }
    for r in &their_raw {
        for sha in cherry_picked_from(&r.commit.message) {
            if our_ids.contains(&sha) {
                pair(Oid::from_str(&sha).expect("a sha"), r.id, Rule::CherryPick, &mut our_eq, &mut their_eq);
            }
        }
    }
    // 2 and 3. title with PR-URL, or title with author.
    let key = |c: &changelog::Commit| match &c.pr_url {
        Some(url) => (c.title.clone(), url.clone(), Rule::PrUrl),
        None => (c.title.clone(), format!("{} <{}>", c.author.name, c.author.email), Rule::Author),
    };
    let mut by_key: HashMap<(String, String), Vec<Oid>> = HashMap::new();
    for r in &their_raw {
        let (t, w, _) = key(&r.commit);
        by_key.entry((t, w)).or_default().push(r.id);
    }
    for r in &our_raw {
        let (t, w, rule) = key(&r.commit);
        if let Some(candidates) = by_key.get(&(t, w))
            && let Some(t) = candidates.iter().find(|t| !their_eq.contains_key(t))
        {
            pair(r.id, *t, rule, &mut our_eq, &mut their_eq);
        }
    }
    // 4. patch-ids, only for what is left.
    let left = their_raw.iter().filter(|r| !their_eq.contains_key(&r.id)).count()
        + our_raw.iter().filter(|r| !our_eq.contains_key(&r.id)).count();
    // A patch-id covers the paths a commit changes: only commits whose
    // set of changed paths also occurs on the other side can match, and
    // that set costs a fraction of a diff.
    let mut done = 0;
    let mut paths_of = |raw: &[Raw], eq: &HashMap<Oid, (Oid, Rule)>| -> Result<HashMap<Oid, Vec<Vec<u8>>>> {
        let mut out = HashMap::new();
        for r in raw.iter().filter(|r| !eq.contains_key(&r.id)) {
            let commit = repo.find_commit(r.id).git(|| format!("reading {}", r.id))?;
            if commit.parent_count() <= 1 {
                let (old, new) = tree_diff::commit_trees(repo, r.id)?;
                out.insert(r.id, tree_diff::changed_paths(repo, old, Some(new), &|_| true)?);
            }
            done += 1;
            progress.update("patch-ids", done, left);
        }
        Ok(out)
    };
    let their_paths = paths_of(&their_raw, &their_eq)?;
    let our_paths = paths_of(&our_raw, &our_eq)?;
    let their_sets: HashSet<&Vec<Vec<u8>>> = their_paths.values().filter(|p| !p.is_empty()).collect();
    let our_sets: HashSet<&Vec<Vec<u8>>> = our_paths.values().filter(|p| !p.is_empty()).collect();
    let mut their_patch: HashMap<Oid, Vec<Oid>> = HashMap::new();
    for r in their_raw.iter() {
        let Some(paths) = their_paths.get(&r.id).filter(|p| our_sets.contains(p)) else { continue };
        if let Some(p) = patch_id(repo, r.id, paths)? {
            their_patch.entry(p).or_default().push(r.id);
        }
    }
    for r in &our_raw {
        if our_eq.contains_key(&r.id) {
            continue;
        }
        let Some(paths) = our_paths.get(&r.id).filter(|p| their_sets.contains(p)) else { continue };
        if let Some(p) = patch_id(repo, r.id, paths)?
            && let Some(candidates) = their_patch.get(&p)
            && let Some(t) = candidates.iter().find(|t| !their_eq.contains_key(t))
        {
            pair(r.id, *t, Rule::PatchId, &mut our_eq, &mut their_eq);
        }
    }
    let pairs: Vec<(String, String, Rule)> = our_raw
        .iter()
        .filter_map(|r| our_eq.get(&r.id).map(|(t, rule)| (r.id.to_string(), t.to_string(), *rule)))
        .collect();

    let ours_side = side(ours, our_head, &our_raw, &our_eq);
    let theirs_side = side(theirs, their_head, &their_raw, &their_eq);
    let conflicts = forecast(repo, base, our_head, their_head, &our_raw, &their_raw, progress)?;
    Ok(Report { fork_point: base.to_string(), ours: ours_side, theirs: theirs_side, pairs, conflicts })
}

fn side(name: &str, head: Oid, raw: &[Raw], eq: &HashMap<Oid, (Oid, Rule)>) -> Side {
    // Reverts within the side: by sha, else by title.
    let mut reverted: HashSet<Oid> = HashSet::new();
    for (i, r) in raw.iter().enumerate() {
        let Some(revert) = &r.commit.revert else { continue };
        let target = raw[..i].iter().rev().find(|o| match &revert.sha {
            Some(sha) => o.id.to_string().starts_with(sha.as_str()) && sha.len() >= 7,
            None => o.commit.title == revert.title,
        });
        if let Some(t) = target {
            reverted.insert(t.id);
            reverted.insert(r.id);
        }
    }
    let commits: Vec<SideCommit> = raw
        .iter()
        .map(|r| {
            let equivalent = eq.get(&r.id).map(|(o, rule)| (o.to_string(), *rule));
            let state = if equivalent.is_some() {
                State::Ported
            } else if reverted.contains(&r.id) {
                State::Reverted
            } else {
                State::Missing
            };
            SideCommit {
                sha: r.id.to_string(),
                title: r.commit.title.clone(),
                subsystems: r.commit.subsystems.clone(),
                author: r.commit.author.name.clone(),
                pr_url: r.commit.pr_url.clone(),
                state,
                equivalent,
            }
        })
        .collect();
    let missing: Vec<changelog::Commit> =
        raw.iter().zip(&commits).filter(|(_, c)| c.state == State::Missing).map(|(r, _)| r.commit.clone()).collect();
    // The changelog's own grouping (newest first in, so reversed back).
    let newest_first: Vec<changelog::Commit> = missing.iter().rev().cloned().collect();
    let parts = changelog::Parts { groups: true, ..changelog::Parts::NONE };
    let data = changelog::Changelog::with_parts(newest_first, None, &changelog::RenderOptions::default(), parts);
    let groups = data
        .groups
        .iter()
        .map(|g| {
            let mut commits: Vec<String> = data.group_commits(g).map(|v| v.commit.sha.clone()).collect();
            commits.reverse();
            Group { subsystem: g.name.clone(), commits }
        })
        .collect();
    Side {
        name: name.to_owned(),
        head: head.to_string(),
        commits,
        groups,
        impact: changelog::Impact::of_range(&missing),
        missing,
    }
}

/// The conflicting paths of merging the two heads' trees over the fork
/// point's, in memory, with the commits on each side that changed them.
fn forecast(
    repo: &Repository,
    base: Oid,
    ours: Oid,
    theirs: Oid,
    our_raw: &[Raw],
    their_raw: &[Raw],
    progress: &mut dyn Progress,
) -> Result<Vec<Conflict>> {
    let tree = |id: Oid| repo.find_commit(id).and_then(|c| c.tree()).git(|| format!("reading {id}"));
    let index = repo
        .merge_trees(&tree(base)?, &tree(ours)?, &tree(theirs)?, None)
        .git(|| "merging the two sides in memory".into())?;
    let mut paths: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    if index.has_conflicts() {
        for conflict in index.conflicts().git(|| "reading conflicts".into())? {
            let c = conflict.git(|| "reading conflicts".into())?;
            for entry in [c.our, c.their, c.ancestor].into_iter().flatten() {
                paths.entry(String::from_utf8_lossy(&entry.path).into_owned()).or_default();
            }
        }
    }
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let total = our_raw.len() + their_raw.len();
    let mut done = 0;
    // Only the folders on the way to a conflicting path are entered.
    let folders: HashSet<Vec<u8>> = paths
        .keys()
        .flat_map(|p| {
            let p = p.as_bytes();
            p.iter().enumerate().filter(|(_, b)| **b == b'/').map(|(i, _)| p[..i].to_vec()).collect::<Vec<_>>()
        })
        .collect();
    let enter = |dir: &[u8]| folders.contains(dir);
    for (raw, ours_side) in [(our_raw, true), (their_raw, false)] {
        for r in raw {
            done += 1;
            progress.update("conflicting paths", done, total);
            let (old, new) = tree_diff::commit_trees(repo, r.id)?;
            for file in tree_diff::changed_paths(repo, old, Some(new), &enter)? {
                if let Some(entry) = paths.get_mut(&*String::from_utf8_lossy(&file)) {
                    let list = if ours_side { &mut entry.0 } else { &mut entry.1 };
                    list.push(r.id.to_string());
                }
            }
        }
    }
    Ok(paths.into_iter().map(|(path, (ours, theirs))| Conflict { path, ours, theirs }).collect())
}

/// The patch-id of commit `id`, which changes `paths` (from
/// [`tree_diff::changed_paths`]): the diff is limited to them, so libgit2
/// does not walk the rest of the trees.
fn patch_id(repo: &Repository, id: Oid, paths: &[Vec<u8>]) -> Result<Option<Oid>> {
    let commit = repo.find_commit(id).git(|| format!("reading {id}"))?;
    if commit.parent_count() > 1 || paths.is_empty() {
        return Ok(None);
    }
    let tree = commit.tree().git(|| format!("reading {id}"))?;
    let parent = commit.parent(0).ok().map(|p| p.tree()).transpose().git(|| format!("reading {id}"))?;
    let mut opts = git2::DiffOptions::new();
    for p in paths {
        opts.pathspec(p.as_slice());
    }
    opts.disable_pathspec_match(true);
    let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts)).git(|| format!("diffing {id}"))?;
    if diff.deltas().len() == 0 {
        return Ok(None);
    }
    Ok(Some(diff.patchid(None).git(|| format!("the patch-id of {id}"))?))
}

fn cherry_picked_from(message: &str) -> impl Iterator<Item = String> + '_ {
    message.lines().filter_map(|line| {
        let rest = line.trim().strip_prefix("(cherry picked from commit ")?;
        let sha = rest.strip_suffix(')')?.trim();
        (sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_ascii_lowercase())
    })
}

/// The report as a Markdown document for review: a summary, then per side
/// the missing commits grouped by subsystem, the ported pairs and the
/// reverted commits, then the conflicts.
pub fn markdown(r: &Report) -> String {
    let short = |s: &str| s[..10.min(s.len())].to_owned();
    let mut out = format!(
        "# Converging `{}` and `{}`\n\nFork point: `{}`.\n\n| side | unique | ported | reverted | missing |\n|---|---:|---:|---:|---:|\n",
        r.ours.name,
        r.theirs.name,
        short(&r.fork_point)
    );
    for s in [&r.ours, &r.theirs] {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            s.name,
            s.commits.len(),
            s.count(State::Ported),
            s.count(State::Reverted),
            s.count(State::Missing)
        ));
    }
    out.push_str(&format!("\nConflicting paths if merged: {}.\n", r.conflicts.len()));
    for s in [&r.ours, &r.theirs] {
        let other = if std::ptr::eq(s, &r.ours) { &r.theirs.name } else { &r.ours.name };
        out.push_str(&format!("\n## Only on `{}` (missing from `{other}`)\n\n", s.name));
        if s.groups.is_empty() {
            out.push_str("Nothing.\n");
        } else {
            out.push_str(&format!(
                "Taking them into `{other}` is semver-{}: {}.\n",
                s.impact.as_str(),
                match s.impact {
                    changelog::Impact::Major => "a breaking change (`semver-major`, `!` or `BREAKING CHANGE`)",
                    changelog::Impact::Minor => "new features (`semver-minor` or `feat`), nothing breaking",
                    changelog::Impact::Patch => "fixes and other changes only",
                }
            ));
        }
        let by_sha: HashMap<&str, &SideCommit> = s.commits.iter().map(|c| (c.sha.as_str(), c)).collect();
        for g in &s.groups {
            let name = if g.subsystem.is_empty() { "(no subsystem)" } else { g.subsystem.as_str() };
            out.push_str(&format!("\n### {name}\n\n"));
            for c in g.commits.iter().filter_map(|sha| by_sha.get(sha.as_str())) {
                out.push_str(&format!("- [ ] `{}` {} ({})\n", short(&c.sha), c.title, c.author));
            }
        }
        let ported: Vec<&SideCommit> = s.commits.iter().filter(|c| c.state == State::Ported).collect();
        if !ported.is_empty() {
            out.push_str(&format!("\n### Already on `{other}`\n\n"));
            for c in ported {
                let (eq, rule) = c.equivalent.as_ref().expect("ported commits have one");
                let rule =
                    serde_json::to_value(rule).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                out.push_str(&format!("- [x] `{}` {} = `{}` ({rule})\n", short(&c.sha), c.title, short(eq)));
            }
        }
        let reverted: Vec<&SideCommit> = s.commits.iter().filter(|c| c.state == State::Reverted).collect();
        if !reverted.is_empty() {
            out.push_str("\n### Reverted on this side\n\n");
            for c in reverted {
                out.push_str(&format!("- `{}` {}\n", short(&c.sha), c.title));
            }
        }
    }
    out.push_str("\n## Conflicts\n\n");
    if r.conflicts.is_empty() {
        out.push_str("None: the two trees merge cleanly.\n");
    }
    for c in &r.conflicts {
        let list = |v: &[String]| v.iter().map(|s| format!("`{}`", short(s))).collect::<Vec<_>>().join(", ");
        out.push_str(&format!("- `{}`: ours {}; theirs {}\n", c.path, list(&c.ours), list(&c.theirs)));
    }
    out
}

/// Per side, the changelog of its missing commits since the fork point,
/// rendered by the changelog crate in `format` (newest first, grouped by
/// subsystem), under a heading with the semver impact of taking them
/// into the other side.
pub fn changelogs(r: &Report, format: changelog::Format, repo_url: Option<changelog::RepoUrl>) -> Result<String> {
    let template = changelog::Template::builtin(format);
    let mut out = String::new();
    for (s, other) in [(&r.ours, &r.theirs), (&r.theirs, &r.ours)] {
        out.push_str(&format!(
            "## `{}` since the fork point: {} commit{} missing from `{}` (semver-{})\n\n",
            s.name,
            s.missing.len(),
            if s.missing.len() == 1 { "" } else { "s" },
            other.name,
            s.impact.as_str()
        ));
        let newest_first: Vec<changelog::Commit> = s.missing.iter().rev().cloned().collect();
        let options = changelog::RenderOptions { repo: repo_url.clone(), group: true };
        let data = changelog::Changelog::new(newest_first, None, &options);
        out.push_str(&template.render(&data).map_err(Error::Changelog)?);
        if !out.ends_with("\n\n") {
            out.push('\n');
        }
    }
    Ok(out)
}
