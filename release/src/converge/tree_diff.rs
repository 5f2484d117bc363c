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

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `files` (path, content), built bottom-up.
    fn tree(repo: &Repository, files: &[(&str, &str)]) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, content) in files {
            let blob = repo.blob(content.as_bytes()).unwrap();
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        index.write_tree_to(repo).unwrap()
    }

    fn paths(v: Vec<Vec<u8>>) -> Vec<String> {
        v.into_iter().map(|p| String::from_utf8(p).unwrap()).collect()
    }

    #[test]
    fn changed_paths_match_a_full_diff() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        // `a` a file then a folder, `a.b` and `a-c` around `a/` in git's
        // order, a nested change, a deletion, an addition.
        let old = tree(&repo, &[("a", "1"), ("a.b", "x"), ("a-c", "y"), ("d/e/f", "1"), ("d/g", "1"), ("z", "1")]);
        let new = tree(&repo, &[("a/x", "1"), ("a.b", "x"), ("a-c", "y2"), ("d/e/f", "2"), ("d/g", "1"), ("n/m", "1")]);
        let all = |_: &[u8]| true;
        let got = paths(changed_paths(&repo, Some(old), Some(new), &all).unwrap());
        let (o, n) = (repo.find_tree(old).unwrap(), repo.find_tree(new).unwrap());
        let diff = repo.diff_tree_to_tree(Some(&o), Some(&n), None).unwrap();
        let mut want: Vec<String> = diff
            .deltas()
            .flat_map(|d| [d.old_file().path(), d.new_file().path()])
            .flatten()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        want.sort();
        want.dedup();
        assert_eq!(got, want);
        assert_eq!(got, ["a", "a-c", "a/x", "d/e/f", "n/m", "z"]);
        // Everything added; and only the folders asked for.
        assert_eq!(paths(changed_paths(&repo, None, Some(old), &all).unwrap()).len(), 6);
        let only_d = |dir: &[u8]| dir == b"d" || dir == b"d/e";
        assert_eq!(paths(changed_paths(&repo, Some(old), Some(new), &only_d).unwrap()), ["a", "a-c", "d/e/f", "z"]);
        assert!(changed_paths(&repo, Some(old), Some(old), &all).unwrap().is_empty());
    }
}
