//! Commits on a source branch not yet on a target branch (`git nodus backport list`).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use changelog::Commit;
use git2::{Oid, Repository, Sort};

use crate::error::{Error, GitContext, Result};

/// Where the patch-id cache lives, under the repository's common git dir.
pub const PATCH_ID_CACHE: &str = "nodus/patch-ids";

/// Where the cache of each commit's changed paths (hashed) lives, beside
/// [`PATCH_ID_CACHE`]: which commits could share a patch-id.
pub const PATHS_CACHE: &str = "nodus/changed-paths";

/// Options of [`list`].
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Leave out release commits (`2024-01-09, Version …`, `Working on v…`).
    pub filter_release: bool,
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
    // One walker for both sides: it keeps the commits it parsed.
    let mut walker = repo.revwalk().git(|| format!("walking {from}"))?;
    let source = walk(&mut walker, from_id, to_id, from)?;
    let target = walk(&mut walker, to_id, from_id, to)?;

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
    let mut same = SummaryIndex::default();
    for (_, c) in &target {
        picked.extend(cherry_picked_from(&c.message));
        same.insert(c);
    }
    let mut open: Vec<(Oid, Commit)> = source
        .into_iter()
        .filter(|(_, c)| !options.filter_release || !(c.release_commit || changelog::is_release_commit(&c.title)))
        .filter(|(_, c)| !(picked.contains(&c.sha) || same.contains(c)))
        .collect();

    // Patch-ids only for what is left, and only where one could match:
    // the same patch-id means the same changed paths, which a tree diff
    // tells without reading a blob.
    if !open.is_empty() {
        let mut cache = Caches::load(repo);
        let mut target_by_paths: HashMap<Oid, Vec<Oid>> = HashMap::new();
        for (id, _) in &target {
            if let Some(k) = cache.paths_key(repo, *id)? {
                target_by_paths.entry(k).or_default().push(*id);
            }
        }
        let mut kept = Vec::with_capacity(open.len());
        for (id, c) in open {
            let mut matched = false;
            let candidates = match cache.paths_key(repo, id)? {
                Some(k) => target_by_paths.get(&k).map(Vec::as_slice).unwrap_or_default(),
                None => &[],
            };
            let p = if candidates.is_empty() { None } else { cache.patch_id(repo, id)? };
            if let Some(p) = p {
                for t in candidates {
                    // A match drops a commit: recompute both sides rather
                    // than take the cache's word for it.
                    if cache.patch_id(repo, *t)? == Some(p) {
                        let fresh = cache.recompute(repo, id)?;
                        if fresh.is_some() && cache.recompute(repo, *t)? == fresh {
                            matched = true;
                            break;
                        }
                    }
                }
            }
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

/// Keeps the commits passing the label filters, as branch-diff: none of
/// `exclude`, and at least one of `require` (when any is given).
pub fn filter_labels(commits: Vec<Commit>, exclude: &[String], require: &[String]) -> Vec<Commit> {
    commits
        .into_iter()
        .filter(|c| !c.labels.iter().any(|l| exclude.contains(l)))
        .filter(|c| require.is_empty() || require.iter().any(|r| c.labels.contains(r)))
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
fn walk(walk: &mut git2::Revwalk<'_>, head: Oid, hide: Oid, name: &str) -> Result<Vec<Oid>> {
    walk.reset().git(|| format!("walking {name}"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE).git(|| format!("walking {name}"))?;
    walk.push(head).git(|| format!("walking {name}"))?;
    walk.hide(hide).git(|| format!("walking {name}"))?;
    walk.by_ref().map(|id| id.git(|| format!("walking {name}"))).collect()
}

/// The shas named by `(cherry picked from commit …)` lines.
fn cherry_picked_from(message: &str) -> impl Iterator<Item = String> + '_ {
    message.lines().filter_map(|line| {
        let rest = line.trim().strip_prefix("(cherry picked from commit ")?;
        let sha = rest.strip_suffix(')')?.trim();
        (sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha.to_ascii_lowercase())
    })
}

/// branch-diff's rule: the same summary, and the same PR-URL when both
/// commits have one, the same author (name and email) otherwise.
#[derive(Default)]
struct SummaryIndex {
    /// (summary, PR-URL) of target commits with a PR-URL.
    with_pr: HashSet<(String, String)>,
    /// (summary, author) of target commits without a PR-URL.
    author_no_pr: HashSet<(String, String)>,
    /// (summary, author) of every target commit.
    author_any: HashSet<(String, String)>,
}

impl SummaryIndex {
    fn insert(&mut self, c: &Commit) {
        let by_author = (summary(c).to_owned(), author(c));
        match pr_url(c) {
            Some(url) => {
                self.with_pr.insert((summary(c).to_owned(), url.to_owned()));
            }
            None => {
                self.author_no_pr.insert(by_author.clone());
            }
        }
        self.author_any.insert(by_author);
    }

    fn contains(&self, c: &Commit) -> bool {
        let by_author = (summary(c).to_owned(), author(c));
        match pr_url(c) {
            Some(url) => {
                self.with_pr.contains(&(summary(c).to_owned(), url.to_owned()))
                    || self.author_no_pr.contains(&by_author)
            }
            None => self.author_any.contains(&by_author),
        }
    }
}

/// The summary as branch-diff compares it: the title without a trailing
/// ` (#123)`, which is the pull request (GitHub's squash merges), so that
/// `fix x (#12)` and `fix x` with `PR-URL: …/12` or no PR-URL compare.
fn summary(c: &Commit) -> &str {
    let t = c.title.as_str();
    let Some(open) = t.strip_suffix(')').and_then(|rest| rest.rfind("(#")) else { return t };
    let digits = &t[open + 2..t.len() - 1];
    let spaced = t[..open].chars().next_back().is_some_and(char::is_whitespace);
    if spaced && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let before = &t[..open];
        &before[..before.len() - before.chars().next_back().map_or(0, char::len_utf8)]
    } else {
        t
    }
}

/// The PR-URL without a trailing slash, as branch-diff normalises it.
fn pr_url(c: &Commit) -> Option<&str> {
    c.pr_url.as_deref().map(|u| u.strip_suffix('/').unwrap_or(u))
}

fn author(c: &Commit) -> String {
    format!("{} <{}>", c.author.name, c.author.email)
}

/// The two caches under `.git/nodus/`: patch-ids, and a hash of each
/// commit's changed paths (which commits a patch-id could match).
struct Caches {
    patch_ids: OidCache,
    paths: OidCache,
}

impl Caches {
    fn load(repo: &Repository) -> Caches {
        Caches { patch_ids: OidCache::load(repo, PATCH_ID_CACHE), paths: OidCache::load(repo, PATHS_CACHE) }
    }

    /// The paths of the files a non-merge commit changes against its parent
    /// (the empty tree for a root commit), sorted; `None` for merges.
    fn changed(repo: &Repository, id: Oid) -> Result<Option<Vec<Vec<u8>>>> {
        let commit = repo.find_commit(id).git(|| format!("reading commit {id}"))?;
        if commit.parent_count() > 1 {
            return Ok(None);
        }
        let tree = commit.tree().git(|| format!("reading the tree of {id}"))?;
        let parent = match commit.parent(0) {
            Ok(p) => Some(p.tree().git(|| format!("reading the parent tree of {id}"))?),
            Err(_) => None,
        };
        let mut paths = Vec::new();
        changed_paths(repo, parent.as_ref(), Some(&tree), &mut Vec::new(), &mut paths)
            .git(|| format!("diffing commit {id}"))?;
        paths.sort_unstable();
        Ok(Some(paths))
    }

    /// A hash of the sorted paths a non-merge commit changes; `None` for
    /// merges and empty commits.
    fn paths_key(&mut self, repo: &Repository, id: Oid) -> Result<Option<Oid>> {
        if let Some(k) = self.paths.ids.get(&id) {
            return Ok(Some(*k));
        }
        let Some(paths) = Self::changed(repo, id)?.filter(|p| !p.is_empty()) else { return Ok(None) };
        let key = Oid::hash_object(git2::ObjectType::Blob, &paths.join(&b'\n'))
            .git(|| format!("hashing the paths of {id}"))?;
        self.paths.insert(id, key);
        Ok(Some(key))
    }

    /// The patch-id of a non-merge commit; `None` for merges and empty
    /// commits. The diff is limited to the changed paths, so unchanged
    /// folders are never read.
    fn patch_id(&mut self, repo: &Repository, id: Oid) -> Result<Option<Oid>> {
        if let Some(p) = self.patch_ids.ids.get(&id) {
            return Ok(Some(*p));
        }
        let Some(paths) = Self::changed(repo, id)?.filter(|p| !p.is_empty()) else { return Ok(None) };
        let commit = repo.find_commit(id).git(|| format!("reading commit {id}"))?;
        let tree = commit.tree().git(|| format!("reading the tree of {id}"))?;
        let parent = match commit.parent(0) {
            Ok(p) => Some(p.tree().git(|| format!("reading the parent tree of {id}"))?),
            Err(_) => None,
        };
        let mut options = git2::DiffOptions::new();
        options.disable_pathspec_match(true);
        for p in &paths {
            options.pathspec(p.as_slice());
        }
        let diff = repo
            .diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut options))
            .git(|| format!("diffing commit {id}"))?;
        let patch = diff.patchid(None).git(|| format!("computing the patch-id of {id}"))?;
        self.patch_ids.insert(id, patch);
        Ok(Some(patch))
    }

    /// The patch-id of `id` computed afresh, correcting the cache.
    fn recompute(&mut self, repo: &Repository, id: Oid) -> Result<Option<Oid>> {
        if self.patch_ids.ids.remove(&id).is_some() {
            self.patch_ids.dirty = true;
        }
        self.patch_id(repo, id)
    }

    fn save(&self) {
        self.patch_ids.save();
        self.paths.save();
    }
}

/// The paths of the files that differ between two trees (either may be
/// missing: all its files), under `prefix`: a merge of the two sorted
/// entry lists that skips equal subtrees, much cheaper than libgit2's full
/// diff (which reads every folder of both trees).
fn changed_paths(
    repo: &Repository,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Vec<u8>>,
) -> std::result::Result<(), git2::Error> {
    use std::cmp::Ordering;
    let is_tree = |e: &git2::TreeEntry<'_>| e.kind() == Some(git2::ObjectType::Tree);
    // Git's tree order: a tree's name sorts as if it ended in `/`.
    let order = |a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>| {
        let a_key = a.name_bytes().iter().copied().chain(is_tree(a).then_some(b'/'));
        a_key.cmp(b.name_bytes().iter().copied().chain(is_tree(b).then_some(b'/')))
    };
    let (empty_old, empty_new) = (old.map_or(0, |t| t.len()), new.map_or(0, |t| t.len()));
    let (mut i, mut j) = (0, 0);
    while i < empty_old || j < empty_new {
        let a = old.and_then(|t| t.get(i));
        let b = new.and_then(|t| t.get(j));
        let (only_old, only_new) = match (&a, &b) {
            (Some(a), Some(b)) => match order(a, b) {
                Ordering::Less => (true, false),
                Ordering::Greater => (false, true),
                Ordering::Equal => (true, true),
            },
            (Some(_), None) => (true, false),
            (None, _) => (false, true),
        };
        let a = if only_old { a } else { None };
        let b = if only_new { b } else { None };
        i += usize::from(only_old);
        j += usize::from(only_new);
        if let (Some(a), Some(b)) = (&a, &b) {
            if a.id() == b.id() && a.filemode() == b.filemode() {
                continue;
            }
        }
        let entry = a.as_ref().or(b.as_ref()).expect("one side has an entry");
        let len = prefix.len();
        prefix.extend_from_slice(entry.name_bytes());
        if is_tree(entry) {
            prefix.push(b'/');
            let sub = |e: &Option<git2::TreeEntry<'_>>| -> std::result::Result<Option<git2::Tree<'_>>, git2::Error> {
                e.as_ref().map(|e| repo.find_tree(e.id())).transpose()
            };
            changed_paths(repo, sub(&a)?.as_ref(), sub(&b)?.as_ref(), prefix, out)?;
        } else {
            out.push(prefix.clone());
        }
        prefix.truncate(len);
    }
    Ok(())
}

/// `sha value` lines (40 hex digits each) in a file under the common git
/// dir: for speed only; a line that does not parse is dropped, a sha given
/// two different values is dropped, and the file is rewritten whole.
struct OidCache {
    path: PathBuf,
    ids: HashMap<Oid, Oid>,
    dirty: bool,
}

impl OidCache {
    fn load(repo: &Repository, name: &str) -> OidCache {
        let path = repo.commondir().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut ids = HashMap::new();
        let mut bad = HashSet::new();
        let mut dirty = false;
        for line in text.lines() {
            let mut parts = line.split(' ');
            let parsed = match (parts.next(), parts.next(), parts.next()) {
                (Some(sha), Some(value), None) if is_hex40(sha) && is_hex40(value) => {
                    Oid::from_str(sha).ok().zip(Oid::from_str(value).ok())
                }
                _ => None,
            };
            match parsed {
                // Two different answers for one commit: trust neither.
                Some((sha, value)) => {
                    if ids.insert(sha, value).is_some_and(|old| old != value) {
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
        OidCache { path, ids, dirty }
    }

    fn insert(&mut self, id: Oid, value: Oid) {
        self.ids.insert(id, value);
        self.dirty = true;
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

    fn commit(author: &str, message: &str) -> Commit {
        let who = changelog::Person::new(author, format!("{}@example.com", author.to_lowercase()));
        Commit::new("0".repeat(40), who, Default::default(), message)
    }

    #[test]
    fn summaries_compare_without_a_pull_request_suffix() {
        assert_eq!(summary(&commit("A", "fix: x (#12)")), "fix: x");
        assert_eq!(summary(&commit("A", "fix: x (#12) (#30)")), "fix: x (#12)");
        assert_eq!(summary(&commit("A", "fix: x  (#12)")), "fix: x ");
        for kept in ["fix: x(#12)", "fix: x (#)", "fix: x (#1a)", "fix: x (12)", "(#12)", "fix: é (#)"] {
            assert_eq!(summary(&commit("A", kept)), kept);
        }
    }

    #[test]
    fn summary_rule_is_branch_diffs() {
        let pr = |n: u32| format!("\n\nPR-URL: https://github.com/o/r/pull/{n}\n");
        let mut index = SummaryIndex::default();
        index.insert(&commit("Jane", &format!("fs: a{}", pr(1))));
        index.insert(&commit("Jane", "fs: b (#2)"));
        index.insert(&commit("Jane", "fs: c"));
        index.insert(&commit("Jane", &format!("fs: d{}", pr(4))));
        // Both have a PR-URL: it decides, whoever the author.
        assert!(index.contains(&commit("Bob", &format!("fs: a{}", pr(1)))));
        assert!(index.contains(&commit("Bob", "fs: a\n\nPR-URL: https://github.com/o/r/pull/1/\n")));
        assert!(!index.contains(&commit("Jane", &format!("fs: a{}", pr(9)))));
        assert!(!index.contains(&commit("Bob", &format!("fs: b{}", pr(9)))));
        assert!(index.contains(&commit("Bob", "fs: b (#2)")));
        // One side without: the author decides.
        assert!(index.contains(&commit("Jane", &format!("fs: c{}", pr(3)))));
        assert!(!index.contains(&commit("Bob", &format!("fs: c{}", pr(3)))));
        assert!(index.contains(&commit("Jane", "fs: d")));
        assert!(!index.contains(&commit("Bob", "fs: d")));
        assert!(index.contains(&commit("Jane", "fs: b")));
        assert!(!index.contains(&commit("Jane", "fs: e")));
    }

    /// A file in [`tree`]: its path, mode and contents.
    type File<'a> = (&'a str, i32, &'a str);

    /// A tree of files, folders made as needed.
    fn tree(repo: &Repository, files: &[File<'_>]) -> Oid {
        let mut here = repo.treebuilder(None).unwrap();
        let mut folders: Vec<(&str, Vec<File<'_>>)> = Vec::new();
        for (path, mode, text) in files {
            match path.split_once('/') {
                Some((dir, rest)) => match folders.iter_mut().find(|(d, _)| d == &dir) {
                    Some((_, inner)) => inner.push((rest, *mode, text)),
                    None => folders.push((dir, vec![(rest, *mode, text)])),
                },
                None => {
                    here.insert(path, repo.blob(text.as_bytes()).unwrap(), *mode).unwrap();
                }
            }
        }
        for (dir, inner) in folders {
            here.insert(dir, tree(repo, &inner), 0o040000).unwrap();
        }
        here.write().unwrap()
    }

    #[test]
    fn changed_paths_and_patch_ids_agree_with_a_full_diff() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let sig = git2::Signature::now("A", "a@example.com").unwrap();
        let (f, x) = (0o100644, 0o100755);
        let before = [
            ("a.txt", f, "a\n"),
            ("dir/b.txt", f, "b\n"),
            ("dir/sub/c.txt", f, "c\n"),
            ("dir/same.txt", f, "s\n"),
            ("dir-a", f, "1\n"),
            ("dir.txt", f, "1\n"),
            ("dir0", f, "1\n"),
            ("x", f, "file\n"),
            ("run.sh", f, "echo\n"),
            ("gone/deep/z.txt", f, "z\n"),
        ];
        let after = [
            ("dir/b.txt", f, "b\n"),
            ("dir/sub/c.txt", f, "c changed\n"),
            ("dir/same.txt", f, "s\n"),
            ("dir-a", f, "2\n"),
            ("dir.txt", f, "1\n"),
            ("dir0", f, "2\n"),
            ("x/y.txt", f, "now a folder\n"),
            ("run.sh", x, "echo\n"),
            ("new/d/e.txt", f, "e\n"),
        ];
        let commit = |tree_id: Oid, parents: &[&git2::Commit<'_>]| {
            let t = repo.find_tree(tree_id).unwrap();
            repo.commit(None, &sig, &sig, "m", &t, parents).unwrap()
        };
        let first = commit(tree(&repo, &before), &[]);
        let second = commit(tree(&repo, &after), &[&repo.find_commit(first).unwrap()]);

        for id in [first, second] {
            let c = repo.find_commit(id).unwrap();
            let parent = c.parent(0).ok().map(|p| p.tree().unwrap());
            let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&c.tree().unwrap()), None).unwrap();
            let mut expected: Vec<Vec<u8>> = diff
                .deltas()
                .map(|d| d.new_file().path_bytes().or(d.old_file().path_bytes()).unwrap().to_vec())
                .collect();
            expected.sort();
            assert_eq!(Caches::changed(&repo, id).unwrap(), Some(expected.clone()));
            let mut caches = Caches::load(&repo);
            assert_eq!(caches.patch_id(&repo, id).unwrap(), Some(diff.patchid(None).unwrap()));
        }
        let changed: Vec<String> = Caches::changed(&repo, second)
            .unwrap()
            .unwrap()
            .into_iter()
            .map(|p| String::from_utf8(p).unwrap())
            .collect();
        assert_eq!(
            changed,
            ["a.txt", "dir-a", "dir/sub/c.txt", "dir0", "gone/deep/z.txt", "new/d/e.txt", "run.sh", "x", "x/y.txt"]
        );
    }

    #[test]
    fn defaults_name_the_line() {
        assert!(default_excludes(20).contains(&"backport-requested-v20.x".to_owned()));
    }
}
