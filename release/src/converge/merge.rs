//! The last step of a convergence (`git nodus converge merge`): the merge
//! commit of the two sides, on a new branch, with a `CONVERGE.md` at the
//! root of its tree that lists what is still conflicted.
//!
//! The trees are merged in memory. A path the merge leaves in conflict
//! gets our side's version (or theirs, when ours deleted it) so that the
//! commit is a tree that builds as far as our side did; `CONVERGE.md`
//! names every such path with the commits of each side that changed it,
//! for the follow-up commits that resolve them. The branch is created
//! through a [`Transaction`]: a kill leaves it absent or complete.

use git2::{Oid, Repository};

use super::{Report, analyze};
use crate::error::{Error, GitContext, Result};
use crate::transaction::Transaction;

/// The report file at the root of the merge commit's tree.
pub const REPORT_FILE: &str = "CONVERGE.md";

/// What [`merge`] made.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The merge commit.
    pub commit: Oid,
    /// The analysis it was made from.
    pub report: Report,
}

/// Merges `theirs` into `ours` on the new branch `branch`.
pub fn merge(repo: &Repository, ours: &str, theirs: &str, branch: &str) -> Result<Merged> {
    let name = format!("refs/heads/{branch}");
    if !git2::Reference::is_valid_name(&name) {
        return Err(Error::Invalid {
            what: "branch".into(),
            message: format!("`{branch}` is not a valid branch name"),
        });
    }
    if crate::journal::current(repo, &name)?.is_some() {
        return Err(Error::Release(format!(
            "the branch `{branch}` exists already: name a new branch, or delete that one first"
        )));
    }
    let report = analyze(repo, ours, theirs)?;
    let id = |s: &str| Oid::from_str(s).git(|| format!("reading {s}"));
    let (base, our_head, their_head) = (id(&report.fork_point)?, id(&report.ours.head)?, id(&report.theirs.head)?);
    let tree = |c: Oid| repo.find_commit(c).and_then(|c| c.tree()).git(|| format!("reading {c}"));
    let mut index = repo
        .merge_trees(&tree(base)?, &tree(our_head)?, &tree(their_head)?, None)
        .git(|| "merging the two sides".into())?;
    // Conflicts: our version stays (theirs where ours is gone).
    let mut keep = Vec::new();
    if index.has_conflicts() {
        for c in index.conflicts().git(|| "reading conflicts".into())? {
            let c = c.git(|| "reading conflicts".into())?;
            let path = [&c.our, &c.their, &c.ancestor]
                .into_iter()
                .flatten()
                .map(|e| e.path.clone())
                .next()
                .expect("a conflict has an entry");
            keep.push((path, c.our.or(c.their)));
        }
    }
    for (path, entry) in keep {
        let p = std::path::PathBuf::from(String::from_utf8_lossy(&path).into_owned());
        index.conflict_remove(&p).git(|| format!("resolving {}", p.display()))?;
        if let Some(mut e) = entry {
            e.flags &= !0x3000; // stage 0
            index.add(&e).git(|| format!("keeping our {}", p.display()))?;
        }
    }
    let text = report_text(&report);
    let blob = repo.blob(text.as_bytes()).git(|| format!("writing {REPORT_FILE}"))?;
    index
        .add(&git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: blob,
            flags: REPORT_FILE.len() as u16,
            flags_extended: 0,
            path: REPORT_FILE.as_bytes().to_vec(),
        })
        .git(|| format!("adding {REPORT_FILE}"))?;
    let tree = index.write_tree_to(repo).git(|| "writing the merged tree".into())?;
    let tree = repo.find_tree(tree).git(|| "reading the merged tree".into())?;
    let (author, committer) = crate::repo::identities(repo)?;
    let parents = [
        repo.find_commit(our_head).git(|| format!("reading {our_head}"))?,
        repo.find_commit(their_head).git(|| format!("reading {their_head}"))?,
    ];
    let message = format!(
        "Merge `{theirs}` into `{ours}`\n\nThe convergence of the two forks since {}. {} path{} still \
         conflicted (our version kept); {REPORT_FILE} lists them with the commits of each side that \
         changed them, and what is left unported.\n",
        &report.fork_point[..10],
        report.conflicts.len(),
        if report.conflicts.len() == 1 { " is" } else { "s are" }
    );
    let commit = repo
        .commit(None, &author, &committer, &message, &tree, &[&parents[0], &parents[1]])
        .git(|| "committing the merge".into())?;
    let mut tx = Transaction::new(repo, format!("nodus: converge merge onto {branch}"));
    tx.create(name, commit);
    tx.commit()?;
    Ok(Merged { commit, report })
}

/// `CONVERGE.md`: the conflicts left first, then the whole report.
pub fn report_text(report: &Report) -> String {
    let short = |s: &str| s[..10.min(s.len())].to_owned();
    let mut out =
        format!("# Convergence of `{}` into `{}`\n\n## Still conflicted\n\n", report.theirs.name, report.ours.name);
    if report.conflicts.is_empty() {
        out.push_str("Nothing: the two trees merged cleanly.\n");
    } else {
        out.push_str(&format!(
            "{} path{} kept our version in this merge; each needs a commit that takes theirs in:\n\n",
            report.conflicts.len(),
            if report.conflicts.len() == 1 { "" } else { "s" }
        ));
        for c in &report.conflicts {
            let list = |v: &[String]| {
                if v.is_empty() {
                    "none".to_owned()
                } else {
                    v.iter().map(|s| format!("`{}`", short(s))).collect::<Vec<_>>().join(", ")
                }
            };
            out.push_str(&format!("- [ ] `{}`: ours {}; theirs {}\n", c.path, list(&c.ours), list(&c.theirs)));
        }
    }
    out.push_str("\n---\n\n");
    // The full report, one heading level down.
    for line in super::markdown(report).lines() {
        if line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
