//! `git nodus land`: a pull request's commits onto the target branch,
//! with Node's metadata trailers, through the [sequencer](crate::sequencer).
//!
//! - [`pr_commits`] and [`verify_commits`]: the commits to land, checked
//!   against the forge's list (a branch pushed since the forge was asked,
//!   or a stale local copy, is refused).
//! - [`Metadata`] and [`rewrite_message`]: the trailers in Node's order
//!   (`PR-URL`, `Fixes`, `Refs`, `Reviewed-By`; for a backport `PR-URL`,
//!   `Backport-PR-URL`, `Fixes`, `Refs`), other trailers kept above them,
//!   none twice.
//! - [`plan`]: the sequencer's steps for `--rebase`, `--fixup-all` or
//!   `--autosquash`.

use git2::{Oid, Repository, Sort};
use governance::{Governance, PrCommit, PullRequest, ReviewState};

use crate::error::{Error, GitContext, Result};
use crate::sequencer::{Step, is_trailer_line};

/// How the commits land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Each commit as it is (`--rebase`).
    Rebase,
    /// All of them squashed into the first (`--fixup-all`).
    FixupAll,
    /// `fixup!` and `squash!` commits folded into the commit they name
    /// (`--autosquash`).
    Autosquash,
}

/// The trailers a landed commit gets.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    /// The pull request's URL.
    pub pr_url: String,
    /// Issues it fixes (URLs).
    pub fixes: Vec<String>,
    /// Related links (URLs).
    pub refs: Vec<String>,
    /// `Name <email>` of each approver.
    pub reviewed_by: Vec<String>,
    /// A backport: `pr_url` becomes `Backport-PR-URL`, the commit's own
    /// `PR-URL` (the original pull request) stays, and the backport's
    /// reviewers are not added (Node's rule).
    pub backport: bool,
}

/// The trailer keys [`rewrite_message`] manages.
const MANAGED: &[&str] = &["PR-URL", "Backport-PR-URL", "Fixes", "Refs", "Reviewed-By"];

/// The `Fixes:` and `Refs:` links of a pull request's description: lines
/// `Fixes: <link>` (also `Fix:`, `Closes:`, `Close:`, `Resolves:`) and
/// `Refs: <link>` (also `Ref:`). `#123` and `owner/name#123` become issue
/// URLs of `repo_web` (`https://github.com/owner/name`) or that repository.
pub fn links_from_description(body: &str, repo_web: &str) -> (Vec<String>, Vec<String>) {
    let mut fixes = Vec::new();
    let mut refs = Vec::new();
    for line in body.lines() {
        let line = line.trim().trim_start_matches(['-', '*']).trim();
        let Some((key, value)) = line.split_once(':') else { continue };
        let list = match key.trim().to_ascii_lowercase().as_str() {
            "fixes" | "fix" | "closes" | "close" | "resolves" | "resolve" => &mut fixes,
            "refs" | "ref" => &mut refs,
            _ => continue,
        };
        for word in value.split([' ', ',']).map(str::trim).filter(|w| !w.is_empty()) {
            let link = if word.starts_with("https://") || word.starts_with("http://") {
                Some(word.trim_end_matches(['.', ')']).to_owned())
            } else if let Some(n) = word.strip_prefix('#').filter(|n| n.bytes().all(|b| b.is_ascii_digit())) {
                (!n.is_empty()).then(|| format!("{repo_web}/issues/{n}"))
            } else if let Some((repo, n)) = word.split_once('#') {
                (repo.contains('/') && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| format!("https://github.com/{repo}/issues/{n}"))
            } else {
                None
            };
            if let Some(link) = link
                && !list.contains(&link)
            {
                list.push(link);
            }
        }
    }
    (fixes, refs)
}

/// `Name <email>` of each reviewer whose standing review approves the
/// pull request (their latest approval, change request or dismissal),
/// other than its author, not stale (given before a force-push), in the
/// order they first reviewed; names and emails from `governance.yaml`.
/// An approver who is not a member is left out (the landing rules do
/// not count them); a member without an email is an error.
pub fn reviewers(gov: &Governance, gov_file: &str, pr: &PullRequest) -> Result<(Vec<String>, Vec<String>)> {
    let mut reviews: Vec<&governance::Review> = pr.reviews.iter().collect();
    reviews.sort_by_key(|r| r.submitted_at);
    let mut standing: Vec<(&str, &governance::Review)> = Vec::new();
    for r in reviews {
        if !matches!(r.state, ReviewState::Approved | ReviewState::ChangesRequested | ReviewState::Dismissed) {
            continue;
        }
        match standing.iter_mut().find(|(u, _)| u.eq_ignore_ascii_case(&r.user)) {
            Some(slot) => slot.1 = r,
            None => standing.push((r.user.as_str(), r)),
        }
    }
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for (user, r) in standing {
        let stale = r.commit.as_ref().is_some_and(|sha| !pr.commits.iter().any(|c| &c.sha == sha));
        if r.state != ReviewState::Approved || user.eq_ignore_ascii_case(&pr.author) || stale {
            continue;
        }
        let Some(member) = gov.member(user) else {
            left_out.push(user.to_owned());
            continue;
        };
        let Some(email) = member.email.as_deref().filter(|e| !e.trim().is_empty()) else {
            return Err(Error::Invalid {
                what: gov_file.to_owned(),
                message: format!(
                    "member `{}` approved pull request #{} but has no `email:`; Reviewed-By needs one",
                    member.handle, pr.number
                ),
            });
        };
        let line = format!("{} <{email}>", member.name);
        if !out.contains(&line) {
            out.push(line);
        }
    }
    Ok((out, left_out))
}

/// The commits from the merge base of `head` and `target` to `head`,
/// oldest first; merges are refused.
pub fn pr_commits(repo: &Repository, head: Oid, target: Oid) -> Result<Vec<Oid>> {
    let mut walk = repo.revwalk().git(|| "walking the pull request".into())?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).git(|| "walking the pull request".into())?;
    walk.push(head).git(|| format!("walking from {head}"))?;
    walk.hide(target).git(|| format!("hiding {target}"))?;
    let mut out = Vec::new();
    for id in walk {
        let id = id.git(|| "walking the pull request".into())?;
        let c = repo.find_commit(id).git(|| format!("reading {id}"))?;
        if c.parent_count() > 1 {
            return Err(Error::Release(format!(
                "{} \"{}\" is a merge commit: land a branch without merges (rebase it first)",
                &id.to_string()[..10],
                c.summary().ok().flatten().unwrap_or("")
            )));
        }
        out.push(id);
    }
    Ok(out)
}

/// The local commits are exactly the forge's, in the same order.
pub fn verify_commits(local: &[Oid], forge: &[PrCommit], number: u64, source: &str) -> Result<()> {
    let ours: Vec<String> = local.iter().map(|o| o.to_string()).collect();
    let theirs: Vec<&str> = forge.iter().map(|c| c.sha.as_str()).collect();
    if ours.iter().map(String::as_str).eq(theirs.iter().copied()) {
        return Ok(());
    }
    let only_here: Vec<&str> =
        ours.iter().map(String::as_str).filter(|s| !theirs.contains(s)).map(|s| &s[..10]).collect();
    let only_there: Vec<&str> =
        theirs.iter().copied().filter(|s| !ours.iter().any(|o| o == s)).map(|s| &s[..10.min(s.len())]).collect();
    let mut why = Vec::new();
    if !only_there.is_empty() {
        why.push(format!("the pull request has {} that {source} lacks", only_there.join(", ")));
    }
    if !only_here.is_empty() {
        why.push(format!("{source} has {} that the pull request lacks", only_here.join(", ")));
    }
    if why.is_empty() {
        why.push("the same commits in another order".into());
    }
    Err(Error::Release(format!(
        "{source} does not match pull request #{number}'s commits: {}; fetch it again \
         (`git fetch origin +refs/pull/{number}/head:refs/pull/{number}/head`)",
        why.join("; ")
    )))
}

/// `message` with its metadata trailers rewritten (see the module
/// documentation). The title and body are kept byte for byte; the last
/// paragraph, when it is a block of trailers, is rebuilt.
pub fn rewrite_message(message: &str, meta: &Metadata) -> String {
    let trimmed = message.trim_end();
    let (body, block) = match trimmed.rsplit_once("\n\n") {
        Some((body, last))
            if last.lines().all(|l| is_trailer_line(l) || l.starts_with("(cherry picked from commit ")) =>
        {
            (body.trim_end(), last)
        }
        _ => (trimmed, ""),
    };
    let mut others: Vec<&str> = Vec::new();
    let mut existing: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        let managed = line
            .split_once(": ")
            .and_then(|(k, v)| MANAGED.iter().find(|m| m.eq_ignore_ascii_case(k)).map(|m| ((*m).to_owned(), v.trim())));
        match managed {
            Some((key, value)) => existing.push((key, value.to_owned())),
            None => {
                if !others.contains(&line) {
                    others.push(line)
                }
            }
        }
    }
    let of = |key: &str| -> Vec<String> { existing.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect() };
    let merge = |mut a: Vec<String>, b: &[String], fold: bool| {
        for v in b {
            let dup = a.iter().any(|x| if fold { x.eq_ignore_ascii_case(v) } else { x == v });
            if !dup {
                a.push(v.clone());
            }
        }
        let mut seen: Vec<String> = Vec::new();
        a.retain(|x| {
            let k = if fold { x.to_ascii_lowercase() } else { x.clone() };
            let new = !seen.contains(&k);
            seen.push(k);
            new
        });
        a
    };
    let mut meta_lines: Vec<String> = Vec::new();
    if meta.backport {
        if let Some(original) = of("PR-URL").into_iter().next() {
            meta_lines.push(format!("PR-URL: {original}"));
        }
        meta_lines.push(format!("Backport-PR-URL: {}", meta.pr_url));
    } else {
        meta_lines.push(format!("PR-URL: {}", meta.pr_url));
    }
    for fix in merge(of("Fixes"), &meta.fixes, false) {
        meta_lines.push(format!("Fixes: {fix}"));
    }
    for r in merge(of("Refs"), &meta.refs, false) {
        meta_lines.push(format!("Refs: {r}"));
    }
    let added: &[String] = if meta.backport { &[] } else { &meta.reviewed_by };
    for r in merge(of("Reviewed-By"), added, true) {
        meta_lines.push(format!("Reviewed-By: {r}"));
    }
    let mut out = body.to_owned();
    out.push_str("\n\n");
    for line in others {
        out.push_str(line);
        out.push('\n');
    }
    for line in meta_lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `fixup! fixup! title` → (`title`, is a squash).
fn fold_target(title: &str) -> Option<(&str, bool)> {
    let mut rest = title;
    let mut squash = false;
    let mut any = false;
    loop {
        if let Some(r) = rest.strip_prefix("fixup! ") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("squash! ") {
            rest = r;
            // The outermost prefix decides, as git's autosquash.
            squash |= !any;
        } else {
            break;
        }
        any = true;
    }
    any.then_some((rest.trim(), squash))
}

/// The sequencer's steps for `commits` (oldest first) in `mode`, each
/// message rewritten with `meta`.
pub fn plan(repo: &Repository, commits: &[Oid], mode: Mode, meta: &Metadata) -> Result<Vec<Step>> {
    struct Group {
        head: Oid,
        message: String,
        members: Vec<(Oid, String)>,
    }
    let read = |id: Oid| -> Result<(String, String)> {
        let c = repo.find_commit(id).git(|| format!("reading {id}"))?;
        let message = String::from_utf8_lossy(c.message_bytes()).into_owned();
        let title = message.lines().next().unwrap_or("").to_owned();
        Ok((title, message))
    };
    let mut groups: Vec<Group> = Vec::new();
    for &id in commits {
        let (title, message) = read(id)?;
        match mode {
            Mode::Rebase => groups.push(Group { head: id, message, members: Vec::new() }),
            Mode::FixupAll => match groups.first_mut() {
                Some(g) => g.members.push((id, title)),
                None => groups.push(Group { head: id, message, members: Vec::new() }),
            },
            Mode::Autosquash => match fold_target(&title) {
                Some((target, squash)) => {
                    let found = groups.iter_mut().rev().find(|g| {
                        let head_title = g.message.lines().next().unwrap_or("");
                        head_title == target || (!target.is_empty() && head_title.starts_with(target))
                    });
                    let Some(group) = found else {
                        return Err(Error::Release(format!(
                            "{} \"{title}\": no earlier commit of the pull request is titled \"{target}\"",
                            &id.to_string()[..10]
                        )));
                    };
                    if squash {
                        let rest = message.split_once('\n').map(|(_, r)| r.trim()).unwrap_or("");
                        if !rest.is_empty() {
                            group.message = format!("{}\n\n{rest}\n", group.message.trim_end());
                        }
                    }
                    group.members.push((id, title));
                }
                None => groups.push(Group { head: id, message, members: Vec::new() }),
            },
        }
    }
    let mut steps = Vec::new();
    for g in groups {
        let title = g.message.lines().next().unwrap_or("").to_owned();
        steps.push(Step { source: g.head.to_string(), title, fold: false, message: rewrite_message(&g.message, meta) });
        for (id, title) in g.members {
            steps.push(Step { source: id.to_string(), title, fold: true, message: String::new() });
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        Metadata {
            pr_url: "https://github.com/o/r/pull/12".into(),
            fixes: vec!["https://github.com/o/r/issues/3".into()],
            refs: vec!["https://example.com/spec".into()],
            reviewed_by: vec!["Bob Builder <bob@example.com>".into(), "Carol <carol@example.com>".into()],
            backport: false,
        }
    }

    #[test]
    fn trailers_in_nodes_order_other_trailers_kept_none_twice() {
        let m = "fs: add thing\n\nBody line.\n\nSigned-off-by: Alice <a@example.com>\nReviewed-By: bob builder <BOB@example.com>\nPR-URL: https://old/1\nFixes: https://github.com/o/r/issues/3\n";
        assert_eq!(
            rewrite_message(m, &meta()),
            "fs: add thing\n\nBody line.\n\nSigned-off-by: Alice <a@example.com>\n\
             PR-URL: https://github.com/o/r/pull/12\nFixes: https://github.com/o/r/issues/3\n\
             Refs: https://example.com/spec\nReviewed-By: bob builder <BOB@example.com>\n\
             Reviewed-By: Carol <carol@example.com>\n"
        );
        // Idempotent: rewriting again changes nothing.
        let once = rewrite_message(m, &meta());
        assert_eq!(rewrite_message(&once, &meta()), once);
        // A title alone; a last paragraph that is prose stays prose.
        assert!(rewrite_message("fs: x", &meta()).starts_with("fs: x\n\nPR-URL: "));
        assert!(
            rewrite_message("fs: x\n\nSee: the docs\nfor more", &meta())
                .starts_with("fs: x\n\nSee: the docs\nfor more\n\nPR-URL: ")
        );
    }

    #[test]
    fn backports_keep_the_original_pr_url() {
        let mut m = meta();
        m.backport = true;
        m.pr_url = "https://github.com/o/r/pull/40".into();
        let msg = "fs: add thing\n\nPR-URL: https://github.com/o/r/pull/12\nReviewed-By: Dan <d@example.com>\n";
        assert_eq!(
            rewrite_message(msg, &m),
            "fs: add thing\n\nPR-URL: https://github.com/o/r/pull/12\nBackport-PR-URL: https://github.com/o/r/pull/40\n\
             Fixes: https://github.com/o/r/issues/3\nRefs: https://example.com/spec\nReviewed-By: Dan <d@example.com>\n"
        );
    }

    #[test]
    fn description_links() {
        let body = "Does things.\n\nFixes: #3\nCloses: other/repo#9\nRefs: https://example.com/a, https://example.com/b.\n- Refs: #3\nnot: this";
        let (fixes, refs) = links_from_description(body, "https://github.com/o/r");
        assert_eq!(fixes, ["https://github.com/o/r/issues/3", "https://github.com/other/repo/issues/9"]);
        assert_eq!(refs, ["https://example.com/a", "https://example.com/b", "https://github.com/o/r/issues/3"]);
    }

    #[test]
    fn fold_targets() {
        assert_eq!(fold_target("fixup! fs: a"), Some(("fs: a", false)));
        assert_eq!(fold_target("squash! fs: a"), Some(("fs: a", true)));
        assert_eq!(fold_target("fixup! squash! fs: a"), Some(("fs: a", false)));
        assert_eq!(fold_target("fs: a"), None);
    }
}
