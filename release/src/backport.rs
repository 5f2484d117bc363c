//! Commits on a source branch not yet on a target branch (`git nodus backport list`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use changelog::Commit;
use git2::{Oid, Repository, Sort};

use crate::error::{Error, GitContext, Result};

/// Where the patch-id cache lives, under the repository's common git dir.
pub const PATCH_ID_CACHE: &str = "nodus/patch-ids";

/// Options of [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Leave out release commits (`2024-01-09, Version …`, `Working on v…`).
    pub filter_release: bool,
    /// Match commits by patch-id only (besides the merge-base walk), as
    /// branch-diff's `--patch-only`.
    pub patch_only: bool,
    /// Newest first instead of oldest first (by pull request).
    pub reverse: bool,
    /// Leave out commits committed after this Unix time (`--min-age`),
    /// with the other commits of their pull request.
    pub committed_before: Option<i64>,
}

/// The commits on `from` that are not on `to`: not reachable from it, and
/// not already applied to it by any identity rule (a `cherry picked from`
/// reference, the same summary and PR-URL or author, the same patch-id).
/// Oldest first unless `options.reverse`.
pub fn list(repo: &Repository, from: &str, to: &str, options: &ListOptions) -> Result<Vec<Commit>> {
    let from_id = branch_commit(repo, from)?;
    let to_id = branch_commit(repo, to)?;
    let source = walk(repo, from_id, to_id, from)?;
    let target = walk(repo, to_id, from_id, to)?;

    let mailmap = repo.mailmap().ok();
    let read = |id: Oid| -> Result<(Oid, Commit)> {
        let raw = repo.find_commit(id).git(|| format!("reading commit {id}"))?;
        let commit = changelog::commit_from_git(&raw, mailmap.as_ref()).map_err(Error::Changelog)?;
        Ok((id, commit))
    };
    let source: Vec<(Oid, Commit)> = source.into_iter().map(read).collect::<Result<_>>()?;
    let target: Vec<(Oid, Commit)> = target.into_iter().map(read).collect::<Result<_>>()?;

    // Cheap rules first.
    let mut picked: HashSet<String> = HashSet::new();
    let mut keys: HashSet<(String, String)> = HashSet::new();
    if !options.patch_only {
        for (_, c) in &target {
            picked.extend(cherry_picked_from(&c.message));
            keys.insert(identity_key(c));
        }
    }
    let mut open: Vec<(Oid, Commit)> = source
        .into_iter()
        .filter(|(_, c)| !options.filter_release || !(c.release_commit || changelog::is_release_commit(&c.title)))
        .filter(|(_, c)| options.patch_only || !(picked.contains(&c.sha) || keys.contains(&identity_key(c))))
        .collect();

    // Patch-ids only for what is left.
    if !open.is_empty() {
        let mut cache = PatchIdCache::load(repo);
        let mut target_ids: HashMap<Oid, Vec<Oid>> = HashMap::new();
        for (id, _) in &target {
            if let Some(p) = cache.patch_id(repo, *id)? {
                target_ids.entry(p).or_default().push(*id);
            }
        }
        let mut kept = Vec::with_capacity(open.len());
        for (id, c) in open {
            let matched = match cache.patch_id(repo, id)? {
                Some(p) => match target_ids.get(&p) {
                    // A match drops a commit: recompute both sides rather
                    // than take the cache's word for it.
                    Some(targets) => {
                        let fresh = cache.recompute(repo, id)?;
                        let mut same = false;
                        for t in targets {
                            same |= fresh.is_some() && cache.recompute(repo, *t)? == fresh;
                        }
                        same
                    }
                    None => false,
                },
                None => false,
            };
            if !matched {
                kept.push((id, c));
            }
        }
        open = kept;
        cache.save();
    }
    let mut commits = pull_request_units(open.into_iter().map(|(_, c)| c).collect(), options.committed_before);
    if options.reverse {
        commits.reverse();
    }
    Ok(commits)
}

/// A pull request's commits are one unit: listed together where its first
/// commit is, and left out together when one of them was committed after
/// `committed_before` (still baking).
fn pull_request_units(commits: Vec<Commit>, committed_before: Option<i64>) -> Vec<Commit> {
    let fresh = |c: &Commit| committed_before.is_some_and(|t| c.commit_time.timestamp() > t);
    let baking: HashSet<String> = commits.iter().filter(|c| fresh(c)).filter_map(|c| c.pr_url.clone()).collect();
    let mut units: Vec<Vec<Commit>> = Vec::new();
    let mut unit_of: HashMap<String, usize> = HashMap::new();
    for c in commits {
        if fresh(&c) || c.pr_url.as_ref().is_some_and(|u| baking.contains(u)) {
            continue;
        }
        match c.pr_url.clone() {
            Some(url) => match unit_of.get(&url) {
                Some(&i) => units[i].push(c),
                None => {
                    unit_of.insert(url, units.len());
                    units.push(vec![c]);
                }
            },
            None => units.push(vec![c]),
        }
    }
    units.into_iter().flatten().collect()
}

/// Keeps the commits passing the label filters: none of `exclude`, and
/// every one of `require`.
pub fn filter_labels(commits: Vec<Commit>, exclude: &[String], require: &[String]) -> Vec<Commit> {
    commits
        .into_iter()
        .filter(|c| !c.labels.iter().any(|l| exclude.contains(l)))
        .filter(|c| require.iter().all(|r| c.labels.contains(r)))
        .collect()
}

/// Node's labels that keep a commit off line `major`.
pub fn default_excludes(major: u64) -> Vec<String> {
    vec![
        "semver-major".into(),
        format!("dont-land-on-v{major}.x"),
        format!("backport-requested-v{major}.x"),
        format!("backport-blocked-v{major}.x"),
        format!("backport-open-v{major}.x"),
        format!("backported-to-v{major}.x"),
        "baking-for-lts".into(),
    ]
}

fn branch_commit(repo: &Repository, name: &str) -> Result<Oid> {
    let obj = repo
        .revparse_single(&format!("refs/heads/{name}"))
        .or_else(|_| repo.revparse_single(name))
        .map_err(|_| Error::NotFound { kind: "branch", name: name.to_owned(), hint: String::new() })?;
    let commit = obj.peel_to_commit().git(|| format!("reading branch {name}"))?;
    Ok(commit.id())
}

/// Commits reachable from `head` and not from `hide`, oldest first.
fn walk(repo: &Repository, head: Oid, hide: Oid, name: &str) -> Result<Vec<Oid>> {
    let mut walk = repo.revwalk().git(|| format!("walking {name}"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE).git(|| format!("walking {name}"))?;
    walk.push(head).git(|| format!("walking {name}"))?;
    walk.hide(hide).git(|| format!("walking {name}"))?;
    walk.map(|id| id.git(|| format!("walking {name}"))).collect()
}

/// The shas named by `(cherry picked from commit …)` lines.
fn cherry_picked_from(message: &str) -> impl Iterator<Item = String> + '_ {
    message.lines().filter_map(|line| {
        let rest = line.trim().strip_prefix("(cherry picked from commit ")?;
        let sha = rest.strip_suffix(')')?.trim();
        (sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_ascii_lowercase())
    })
}

/// Summary plus PR-URL, or summary plus author without a PR-URL.
fn identity_key(c: &Commit) -> (String, String) {
    let who = match &c.pr_url {
        Some(url) => format!("pr {url}"),
        None => format!("author {} <{}>", c.author.name, c.author.email),
    };
    (c.title.clone(), who)
}

/// `sha patchid` lines in `.git/nodus/patch-ids`: for speed only; a line
/// that does not parse is dropped, and the file is rewritten whole.
struct PatchIdCache {
    path: PathBuf,
    ids: HashMap<Oid, Oid>,
    dirty: bool,
}

impl PatchIdCache {
    fn load(repo: &Repository) -> PatchIdCache {
        let path = repo.commondir().join(PATCH_ID_CACHE);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut ids = HashMap::new();
        let mut bad = HashSet::new();
        let mut dirty = false;
        for line in text.lines() {
            let mut parts = line.split(' ');
            let parsed = match (parts.next(), parts.next(), parts.next()) {
                (Some(sha), Some(patch), None) if is_hex40(sha) && is_hex40(patch) => {
                    Oid::from_str(sha).ok().zip(Oid::from_str(patch).ok())
                }
                _ => None,
            };
            match parsed {
                // Two different answers for one commit: trust neither.
                Some((sha, patch)) => {
                    if ids.insert(sha, patch).is_some_and(|old| old != patch) {
                        bad.insert(sha);
                    }
                }
                None => dirty = true,
            }
        }
        for sha in &bad {
            ids.remove(sha);
            dirty = true;
        }
        PatchIdCache { path, ids, dirty }
    }

    /// The patch-id of a non-merge commit; `None` for merges and root
    /// commits' empty diffs.
    fn patch_id(&mut self, repo: &Repository, id: Oid) -> Result<Option<Oid>> {
        if let Some(p) = self.ids.get(&id) {
            return Ok(Some(*p));
        }
        let commit = repo.find_commit(id).git(|| format!("reading commit {id}"))?;
        if commit.parent_count() > 1 {
            return Ok(None);
        }
        let tree = commit.tree().git(|| format!("reading the tree of {id}"))?;
        let parent = match commit.parent(0) {
            Ok(p) => Some(p.tree().git(|| format!("reading the parent tree of {id}"))?),
            Err(_) => None,
        };
        let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None).git(|| format!("diffing commit {id}"))?;
        if diff.deltas().len() == 0 {
            return Ok(None);
        }
        let patch = diff.patchid(None).git(|| format!("computing the patch-id of {id}"))?;
        self.ids.insert(id, patch);
        self.dirty = true;
        Ok(Some(patch))
    }

    /// The patch-id of `id` computed afresh, correcting the cache.
    fn recompute(&mut self, repo: &Repository, id: Oid) -> Result<Option<Oid>> {
        if self.ids.remove(&id).is_some() {
            self.dirty = true;
        }
        self.patch_id(repo, id)
    }

    /// Writes the cache back; failing to is not an error (it is a cache).
    fn save(&self) {
        if !self.dirty {
            return;
        }
        let mut lines: Vec<String> = self.ids.iter().map(|(s, p)| format!("{s} {p}\n")).collect();
        lines.sort();
        let Some(dir) = self.path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else { return };
        if std::io::Write::write_all(&mut tmp, lines.concat().as_bytes()).is_ok() {
            let _ = tmp.persist(&self.path);
        }
    }
}

fn is_hex40(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The sequencer's steps for `backport apply`: each commit with git's
/// `-x` reference to its source, in the order given.
pub fn apply_steps(repo: &Repository, commits: &[Oid]) -> Result<Vec<crate::sequencer::Step>> {
    commits
        .iter()
        .map(|&id| {
            let c = repo.find_commit(id).git(|| format!("reading commit {id}"))?;
            let message = String::from_utf8_lossy(c.message_bytes()).into_owned();
            Ok(crate::sequencer::Step {
                source: id.to_string(),
                title: message.lines().next().unwrap_or("").to_owned(),
                fold: false,
                message: crate::sequencer::with_cherry_pick_reference(&message, &id.to_string()),
            })
        })
        .collect()
}

/// `backport apply`'s conflict notes: the earlier commits of the source
/// branch that touched the conflicting files and are not on the target
/// (nor applied earlier in the session): the likely prerequisites.
pub struct Prerequisites {
    /// The source branch.
    pub from: String,
}

impl crate::sequencer::Hooks for Prerequisites {
    fn on_conflict(
        &self,
        repo: &Repository,
        session: &crate::sequencer::Session,
        step: usize,
        files: &[String],
    ) -> Vec<String> {
        match prerequisites(repo, &self.from, session, step, files) {
            Ok(found) if found.is_empty() => vec![format!(
                "No earlier commit of `{}` that touched these files is missing from `{}`.",
                self.from, session.target
            )],
            Ok(found) => {
                let mut out = vec![format!(
                    "Earlier commits of `{}` that touched these files and are not on `{}` (likely prerequisites, oldest first):",
                    self.from, session.target
                )];
                out.extend(found);
                out
            }
            Err(e) => vec![format!("(Cannot look for prerequisites: {e})")],
        }
    }
}

fn prerequisites(
    repo: &Repository,
    from: &str,
    session: &crate::sequencer::Session,
    step: usize,
    files: &[String],
) -> Result<Vec<String>> {
    let source = Oid::from_str(&session.steps[step].source).git(|| "reading the step".into())?;
    let missing = list(repo, from, &session.target, &ListOptions::default())?;
    let applied: HashSet<&str> = session.made.iter().map(|m| m.source.as_str()).collect();
    let mut out = Vec::new();
    for c in missing {
        let Ok(id) = Oid::from_str(&c.sha) else { continue };
        if id == source || applied.contains(c.sha.as_str()) || !repo.graph_descendant_of(source, id).unwrap_or(false) {
            continue;
        }
        let commit = repo.find_commit(id).git(|| format!("reading commit {id}"))?;
        let tree = commit.tree().git(|| format!("reading commit {id}"))?;
        let parent = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let mut opts = git2::DiffOptions::new();
        for f in files {
            opts.pathspec(f);
        }
        opts.disable_pathspec_match(true);
        let diff = repo
            .diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))
            .git(|| format!("comparing {id} with its parent"))?;
        let touched: Vec<String> = diff
            .deltas()
            .filter_map(|d| {
                d.new_file().path().or_else(|| d.old_file().path()).map(|p| p.to_string_lossy().into_owned())
            })
            .collect();
        if !touched.is_empty() {
            out.push(format!("  {} {} ({})", &c.sha[..10], c.title, touched.join(", ")));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cherry_pick_references_are_read() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let msg = format!("fs: x\n\n(cherry picked from commit {sha})\n(cherry picked from commit nope)\n");
        assert_eq!(cherry_picked_from(&msg).collect::<Vec<_>>(), [sha]);
    }

    #[test]
    fn defaults_name_the_line() {
        assert!(default_excludes(20).contains(&"backport-requested-v20.x".to_owned()));
    }
}
