//! The paths a commit changes, by walking its tree and its parent's side
//! by side and skipping every subtree whose id is the same on both — no
//! path strings built for unchanged entries, no blob read. It answers
//! the two questions `converge` asks of every commit on large histories
//! faster than a full diff: which paths it changes (two commits with
//! different path sets cannot have the same patch-id) and whether it
//! touched a given path (the conflict forecast).

use std::cmp::Ordering;

use git2::{ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::error::{GitContext, Result};

/// The paths changed between `old` (none: everything is added) and
/// `new`, sorted; only under the folders `enter` accepts (given the
/// folder's path, without a trailing slash).
pub(crate) fn changed_paths(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
    enter: &dyn Fn(&[u8]) -> bool,
) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut prefix = Vec::new();
    walk(repo, old, new, &mut prefix, enter, &mut out)?;
    out.sort();
    Ok(out)
}

/// The parent's tree (none for a root commit) and the commit's.
pub(crate) fn commit_trees(repo: &Repository, id: Oid) -> Result<(Option<Oid>, Oid)> {
    let commit = repo.find_commit(id).git(|| format!("reading {id}"))?;
    let parent = match commit.parent_ids().next() {
        Some(p) => Some(repo.find_commit(p).git(|| format!("reading {p}"))?.tree_id()),
        None => None,
    };
    Ok((parent, commit.tree_id()))
}

fn load(repo: &Repository, id: Option<Oid>) -> Result<Option<Tree<'_>>> {
    id.map(|id| repo.find_tree(id).git(|| format!("reading tree {id}"))).transpose()
}

/// Git's order of tree entries: by name, a folder's name read with a
/// trailing `/`.
fn order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |s: &[u8], tree: bool| s.get(n).copied().or(if tree { Some(b'/') } else { None });
    next(a, a_tree).cmp(&next(b, b_tree))
}

fn is_tree(e: &TreeEntry<'_>) -> bool {
    e.kind() == Some(ObjectType::Tree)
}

fn walk(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &mut Vec<u8>,
    enter: &dyn Fn(&[u8]) -> bool,
    out: &mut Vec<Vec<u8>>,
) -> Result<()> {
    if old == new {
        return Ok(());
    }
    let (old_tree, new_tree) = (load(repo, old)?, load(repo, new)?);
    // Entries borrowed from the trees: no name is copied.
    let a: Vec<TreeEntry<'_>> = old_tree.as_ref().map(|t| t.iter().collect()).unwrap_or_default();
    let b: Vec<TreeEntry<'_>> = new_tree.as_ref().map(|t| t.iter().collect()).unwrap_or_default();
    let base = prefix.len();
    let mut visit = |x: Option<&TreeEntry<'_>>, y: Option<&TreeEntry<'_>>, prefix: &mut Vec<u8>| -> Result<()> {
        let name = x.or(y).expect("one side").name_bytes();
        if base > 0 {
            prefix.push(b'/');
        }
        prefix.extend_from_slice(name);
        let tree_of = |e: Option<&TreeEntry<'_>>| e.filter(|e| is_tree(e)).map(|e| e.id());
        let blob_of = |e: Option<&TreeEntry<'_>>| e.filter(|e| !is_tree(e)).map(|e| (e.id(), e.filemode()));
        let (old_sub, new_sub) = (tree_of(x), tree_of(y));
        if (old_sub.is_some() || new_sub.is_some()) && old_sub != new_sub && enter(prefix) {
            walk(repo, old_sub, new_sub, prefix, enter, out)?;
        }
        if blob_of(x) != blob_of(y) {
            out.push(prefix.clone());
        }
        prefix.truncate(base);
        Ok(())
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let step = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => order(x.name_bytes(), is_tree(x), y.name_bytes(), is_tree(y)),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match step {
            Ordering::Less => {
                visit(Some(&a[i]), None, prefix)?;
                i += 1;
            }
            Ordering::Greater => {
                visit(None, Some(&b[j]), prefix)?;
                j += 1;
            }
            Ordering::Equal => {
                if a[i].id() != b[j].id() || a[i].filemode() != b[j].filemode() {
                    visit(Some(&a[i]), Some(&b[j]), prefix)?;
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}
