//! Floating patches on a vendored engine: the commits that touched it
//! since its last update (`engine floats`), and upstream engine commits
//! cherry-picked into it (`engine backport`), as `git node v8 backport`
//! does for Node's `deps/v8`.
//!
//! A backport is a three-way merge per upstream commit: the base is our
//! tree with the paths the commit changes set to their upstream parent's
//! content, "theirs" the same with the commit's content, "ours" our tree.
//! So only the paths the commit touches are merged, our own floating
//! patches on them are kept, and a path the vendored copy left out is a
//! conflict only if the commit changes it. Every commit is built in
//! memory; the branch is created by one [`Transaction`] after the last one
//! applied, so a conflict leaves every ref and file as it was.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Tree};
use serde::Serialize;

use super::version;
use crate::error::{Error, GitContext, Result};
use crate::project::Project;
use crate::repo::{self, FileEdit, read_text};
use crate::schedule::LineId;
use crate::transaction::Transaction;

/// A commit that touched the vendored engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Float {
    /// Its sha.
    pub sha: String,
    /// Its title.
    pub summary: String,
    /// Its author's name.
    pub author: String,
}

/// What `engine floats` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Floats {
    /// The branch read.
    pub branch: String,
    /// The vendored directory.
    pub dir: String,
    /// The last update (`deps: update V8 to …`), if found.
    pub since: Option<Float>,
    /// The floating patches, oldest first.
    pub patches: Vec<Float>,
}

fn vendored_dir(project: &Project) -> Result<&str> {
    project.config.engine.vendored.as_deref().ok_or_else(|| Error::Config {
        file: project.config.path.clone(),
        line: None,
        message: "engine.vendored: not set; floating patches need a vendored engine directory (`engine: { vendored: deps/v8 }`)"
            .into(),
    })
}

/// The commits on the line's branch (or the main branch) that changed the
/// vendored directory since the newest `deps: update <engine> to` commit,
/// following first parents.
pub fn floats(project: &Project, line: Option<LineId>) -> Result<Floats> {
    let repo = project.repo()?;
    let dir = vendored_dir(project)?;
    let (branch, head) = super::base_branch(project, line)?;
    let update_title = format!("deps: update {} to ", project.config.engine.name);
    let mut walk = repo.revwalk().git(|| "walking history".into())?;
    walk.push(head).git(|| format!("walking from `{branch}`"))?;
    walk.simplify_first_parent().git(|| "walking history".into())?;
    let mut patches = Vec::new();
    let mut since = None;
    for oid in walk {
        let oid = oid.git(|| "walking history".into())?;
        let commit = repo.find_commit(oid).git(|| format!("reading {oid}"))?;
        if !touches(&commit, dir)? {
            continue;
        }
        let summary = commit.summary().ok().flatten().unwrap_or("").to_owned();
        let float = Float { sha: oid.to_string(), summary, author: commit.author().name().unwrap_or("").to_owned() };
        if float.summary.starts_with(&update_title) {
            since = Some(float);
            break;
        }
        patches.push(float);
    }
    patches.reverse();
    Ok(Floats { branch, dir: dir.to_owned(), since, patches })
}

/// Whether `commit` changes anything under `dir` (against its first parent).
fn touches(commit: &git2::Commit<'_>, dir: &str) -> Result<bool> {
    let now = commit.tree().git(|| format!("reading {}", commit.id()))?.get_path(Path::new(dir)).ok().map(|e| e.id());
    let before = match commit.parent(0) {
        Ok(p) => p.tree().git(|| format!("reading {}", p.id()))?.get_path(Path::new(dir)).ok().map(|e| e.id()),
        Err(_) => None,
    };
    Ok(now != before)
}

/// What `engine backport` is asked to do.
#[derive(Debug, Clone)]
pub struct BackportOptions {
    /// Upstream commits, applied in this order.
    pub commits: Vec<String>,
    /// The upstream engine repository.
    pub from: PathBuf,
    /// Upstream paths under this folder map into the vendored directory
    /// (empty: the repository root is the engine).
    pub upstream_prefix: String,
    /// The line to backport to (its staging branch, else release branch);
    /// `None`: the main branch.
    pub line: Option<LineId>,
    /// The new branch (default `backport-<engine>-<sha12>`).
    pub branch: Option<String>,
}

/// What was made.
#[derive(Debug, Clone)]
pub struct Backported {
    /// The new branch.
    pub branch: String,
    /// The branch it starts from.
    pub base: String,
    /// One commit per upstream commit: ours, the upstream sha, our title.
    pub commits: Vec<(Oid, String, String)>,
    /// The embedder string after.
    pub embedder: String,
}

/// Cherry-picks upstream engine commits into the vendored directory, on a
/// new branch; all or nothing.
pub fn backport(project: &Project, opts: &BackportOptions) -> Result<Backported> {
    let repo = project.repo()?;
    let config = &project.config.engine;
    let dir = vendored_dir(project)?;
    let upstream = Repository::open(&opts.from).map_err(|e| Error::Invalid {
        what: format!("--from {}", opts.from.display()),
        message: format!("not a git repository: {}", e.message()),
    })?;
    if opts.commits.is_empty() {
        return Err(Error::Invalid { what: "commits".into(), message: "name at least one upstream commit".into() });
    }
    let (base_name, base) = super::base_branch(project, opts.line)?;
    let mut resolved = Vec::new();
    for rev in &opts.commits {
        let commit = upstream.revparse_single(rev).and_then(|o| o.peel_to_commit()).map_err(|_| Error::NotFound {
            kind: "upstream commit",
            name: rev.clone(),
            hint: format!(" in {}", opts.from.display()),
        })?;
        if commit.parent_count() != 1 {
            return Err(Error::Invalid {
                what: format!("upstream commit {rev}"),
                message: format!("has {} parents; backport the commits of a merge one by one", commit.parent_count()),
            });
        }
        resolved.push(commit);
    }
    let branch = opts
        .branch
        .clone()
        .unwrap_or_else(|| format!("backport-{}-{}", config.name.to_lowercase(), &resolved[0].id().to_string()[..12]));
    if !git2::Reference::is_valid_name(&format!("refs/heads/{branch}")) {
        return Err(Error::Invalid { what: format!("--branch {branch}"), message: "not a valid branch name".into() });
    }
    if repo::branch_head(repo, &branch)?.is_some() {
        return Err(Error::Exists { kind: "branch", name: branch });
    }
    let (author, committer) = repo::identities(repo)?;
    let mut parent = base;
    let mut commits = Vec::new();
    let mut embedder = String::new();
    for up in &resolved {
        let ours = repo.find_commit(parent).and_then(|c| c.tree()).git(|| format!("reading {parent}"))?;
        let sha12 = &up.id().to_string()[..12];
        let merged = apply_upstream(repo, &upstream, up, &ours, dir, &opts.upstream_prefix).map_err(|e| match e {
            Error::Conflict { paths, .. } => Error::Conflict {
                what: format!(
                    "backport of {sha12} ({}) onto `{base_name}`{}; nothing was changed",
                    up.summary().ok().flatten().unwrap_or(""),
                    if commits.is_empty() { String::new() } else { format!(" after {} clean one(s)", commits.len()) }
                ),
                paths,
            },
            other => other,
        })?;
        let merged = repo.find_tree(merged).git(|| "reading the merged tree".into())?;
        let (bumped, value) = bump_embedder(repo, config, &merged)?;
        embedder = value;
        let title = format!("deps: {}: cherry-pick {sha12}", config.name);
        let message =
            backport_message(&title, up.message().ok().unwrap_or(""), &config.upstream_url, &up.id().to_string());
        let tree = repo.find_tree(bumped).git(|| "reading the new tree".into())?;
        let parent_commit = repo.find_commit(parent).git(|| format!("reading {parent}"))?;
        let oid = repo
            .commit(None, &author, &committer, &message, &tree, &[&parent_commit])
            .git(|| "writing the commit".into())?;
        commits.push((oid, up.id().to_string(), title));
        parent = oid;
    }
    let mut tx = Transaction::new(repo, format!("nodus: engine backport onto {base_name}"));
    tx.create(format!("refs/heads/{branch}"), parent);
    tx.commit()?;
    Ok(Backported { branch, base: base_name, commits, embedder })
}

/// Node's message: the title, the original message indented by four
/// spaces, and a `Refs:` link.
pub fn backport_message(title: &str, original: &str, upstream_url: &str, sha: &str) -> String {
    let mut out = format!("{title}\n\nOriginal commit message:\n\n");
    for line in original.trim_end().lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str("    ");
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str(&format!("\nRefs: {}/commit/{sha}\n", upstream_url.trim_end_matches('/')));
    out
}

/// The embedder string's count plus one.
fn bump_embedder(repo: &Repository, config: &super::EngineConfig, tree: &Tree<'_>) -> Result<(Oid, String)> {
    let file = &config.embedder_file;
    let text = read_text(repo, tree, file)?.ok_or_else(|| Error::NotFound {
        kind: "file",
        name: file.clone(),
        hint: " (it holds the embedder string)".into(),
    })?;
    let (value, range) = version::find_embedder(&text, &config.embedder_key).ok_or_else(|| Error::Invalid {
        what: file.clone(),
        message: format!("no `'{}': '…'`", config.embedder_key),
    })?;
    let count = version::embedder_count(&value, &config.embedder_prefix).ok_or_else(|| Error::Invalid {
        what: file.clone(),
        message: format!("the embedder string `{value}` is not `{}<number>`", config.embedder_prefix),
    })?;
    let new = format!("{}{}", config.embedder_prefix, count + 1);
    let content = format!("{}{new}{}", &text[..range.start], &text[range.end..]);
    let edit = FileEdit { path: file.clone(), created: false, content: content.into_bytes(), summary: Vec::new() };
    Ok((repo::write_tree(repo, tree, &[edit])?, new))
}

/// The three-way merge of one upstream commit into `ours` (see the module
/// documentation); the merged tree, or [`Error::Conflict`].
fn apply_upstream(
    repo: &Repository,
    upstream: &Repository,
    commit: &git2::Commit<'_>,
    ours: &Tree<'_>,
    dir: &str,
    prefix: &str,
) -> Result<Oid> {
    let sha = commit.id();
    let parent = commit.parent(0).git(|| format!("reading the parent of {sha}"))?;
    let old_tree = parent.tree().git(|| format!("reading {}", parent.id()))?;
    let new_tree = commit.tree().git(|| format!("reading {sha}"))?;
    let diff = upstream.diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None).git(|| format!("diffing {sha}"))?;
    let prefix = prefix.trim_matches('/');
    let mut base_edits = Vec::new();
    let mut their_edits = Vec::new();
    let mut outside = Vec::new();
    for delta in diff.deltas() {
        for (file, edits) in [(delta.old_file(), &mut base_edits), (delta.new_file(), &mut their_edits)] {
            let Some(path) = file.path().and_then(|p| p.to_str()) else {
                return Err(Error::Invalid {
                    what: format!("upstream commit {sha}"),
                    message: "a path is not UTF-8".into(),
                });
            };
            let rel = if prefix.is_empty() {
                Some(path)
            } else {
                path.strip_prefix(prefix).and_then(|p| p.strip_prefix('/'))
            };
            let Some(rel) = rel else {
                outside.push(path.to_owned());
                continue;
            };
            let ours_path = format!("{dir}/{rel}");
            let content = if file.exists() && !file.id().is_zero() {
                if u32::from(file.mode()) == 0o160000 {
                    return Err(Error::Invalid {
                        what: format!("upstream commit {sha}"),
                        message: format!("changes the submodule `{path}`, which cannot be vendored"),
                    });
                }
                let blob = upstream.find_blob(file.id()).git(|| format!("reading `{path}` of {sha}"))?;
                Some((repo.blob(blob.content()).git(|| format!("storing `{path}`"))?, u32::from(file.mode())))
            } else {
                None
            };
            edits.push((ours_path, content));
        }
    }
    outside.sort();
    outside.dedup();
    if !outside.is_empty() {
        return Err(Error::Invalid {
            what: format!("upstream commit {sha}"),
            message: format!("changes paths outside `{prefix}/`: {}", outside.join(", ")),
        });
    }
    let ancestor = edited(repo, ours, &base_edits)?;
    let theirs = edited(repo, ours, &their_edits)?;
    let ancestor = repo.find_tree(ancestor).git(|| "reading the merge base".into())?;
    let theirs = repo.find_tree(theirs).git(|| "reading the upstream side".into())?;
    let mut index = repo.merge_trees(&ancestor, ours, &theirs, None).git(|| format!("merging {sha}"))?;
    if index.has_conflicts() {
        let mut paths = Vec::new();
        for conflict in index.conflicts().git(|| "reading conflicts".into())? {
            let conflict = conflict.git(|| "reading conflicts".into())?;
            let entry = conflict.our.or(conflict.their).or(conflict.ancestor);
            if let Some(e) = entry {
                paths.push(String::from_utf8_lossy(&e.path).into_owned());
            }
        }
        paths.sort();
        paths.dedup();
        return Err(Error::Conflict { what: format!("cherry-pick of {sha}"), paths });
    }
    index.write_tree_to(repo).git(|| format!("writing the tree of {sha}"))
}

/// `tree` with each path set to a blob and mode, or removed.
fn edited(repo: &Repository, tree: &Tree<'_>, edits: &[(String, Option<(Oid, u32)>)]) -> Result<Oid> {
    let mut index = git2::Index::new().git(|| "making an in-memory index".into())?;
    index.read_tree(tree).git(|| "reading a tree".into())?;
    for (path, content) in edits {
        match content {
            Some((id, mode)) => {
                let entry = git2::IndexEntry {
                    ctime: git2::IndexTime::new(0, 0),
                    mtime: git2::IndexTime::new(0, 0),
                    dev: 0,
                    ino: 0,
                    mode: *mode,
                    uid: 0,
                    gid: 0,
                    file_size: 0,
                    id: *id,
                    flags: (path.len().min(0xfff)) as u16,
                    flags_extended: 0,
                    path: path.as_bytes().to_vec(),
                };
                index.add(&entry).git(|| format!("adding `{path}`"))?;
            }
            None => {
                let _ = index.remove_path(Path::new(path));
            }
        }
    }
    index.write_tree_to(repo).git(|| "writing a tree".into())
}

/// `base` with the folder `dir` replaced by `subtree`.
pub(crate) fn replace_subtree(repo: &Repository, base: &Tree<'_>, dir: &str, subtree: Oid) -> Result<Oid> {
    fn go(repo: &Repository, tree: Option<&Tree<'_>>, parts: &[&str], subtree: Oid) -> Result<Oid> {
        let mut builder = repo.treebuilder(tree).git(|| "building a tree".into())?;
        let (first, rest) = parts.split_first().expect("a folder path has a part");
        if rest.is_empty() {
            builder.insert(first, subtree, 0o040000).git(|| format!("adding `{first}`"))?;
        } else {
            let child = tree.and_then(|t| t.get_name(first)).filter(|e| e.kind() == Some(git2::ObjectType::Tree));
            let child = child.map(|e| repo.find_tree(e.id())).transpose().git(|| format!("reading `{first}`"))?;
            let id = go(repo, child.as_ref(), rest, subtree)?;
            builder.insert(first, id, 0o040000).git(|| format!("adding `{first}`"))?;
        }
        builder.write().git(|| "writing a tree".into())
    }
    let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    go(repo, Some(base), &parts, subtree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_style_backport_message() {
        let m = backport_message(
            "deps: V8: cherry-pick 0123456789ab",
            "[wasm] Fix a thing\n\nLonger text.\n\nBug: 123\n",
            "https://github.com/v8/v8/",
            "0123456789abcdef",
        );
        assert_eq!(
            m,
            "deps: V8: cherry-pick 0123456789ab\n\nOriginal commit message:\n\n    [wasm] Fix a thing\n\n    Longer text.\n\n    Bug: 123\n\nRefs: https://github.com/v8/v8/commit/0123456789abcdef\n"
        );
    }
}
