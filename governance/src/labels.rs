//! Pull-request labels for the changelog: any [`Forge`] as a
//! [`changelog::LabelSource`], so `git nodus changelog --labels github`
//! reads `semver-minor`, `notable-change`… from GitHub the way the offline
//! label file gives them.

use std::cell::RefCell;
use std::collections::HashMap;

use changelog::{Commit, LabelSource};

use crate::forge::{Forge, PullRef, Repo};

/// Labels of commits' pull requests (from their `PR-URL` trailers), asked
/// of a forge once per pull request.
///
/// A commit whose `PR-URL` names another repository than `repo` (a
/// backport from upstream, say) gets no labels rather than the labels of
/// an unrelated pull request with the same number.
pub struct ForgeLabels<'a> {
    forge: &'a dyn Forge,
    repo: Option<Repo>,
    cache: RefCell<HashMap<u64, Vec<String>>>,
}

impl<'a> ForgeLabels<'a> {
    /// Labels from `forge`, whose pull requests live in `repo` (when known).
    pub fn new(forge: &'a dyn Forge, repo: Option<Repo>) -> ForgeLabels<'a> {
        ForgeLabels { forge, repo, cache: RefCell::new(HashMap::new()) }
    }

    fn number(&self, commit: &Commit) -> Option<u64> {
        let url = commit.pr_url.as_deref()?;
        let pr = PullRef::parse(url)?;
        match (&pr.repo, &self.repo) {
            (Some(theirs), Some(ours))
                if !theirs.owner.eq_ignore_ascii_case(&ours.owner) || !theirs.name.eq_ignore_ascii_case(&ours.name) =>
            {
                None
            }
            _ => Some(pr.number),
        }
    }
}

impl LabelSource for ForgeLabels<'_> {
    fn labels(&self, commit: &Commit) -> changelog::Result<Vec<String>> {
        let Some(n) = self.number(commit) else { return Ok(Vec::new()) };
        if let Some(hit) = self.cache.borrow().get(&n) {
            return Ok(hit.clone());
        }
        let labels = self.forge.labels(n).map_err(|e| changelog::Error::label_source(self.forge.describe(), e))?;
        self.cache.borrow_mut().insert(n, labels.clone());
        Ok(labels)
    }

    fn labels_batch(&self, commits: &[Commit]) -> changelog::Result<Vec<Vec<String>>> {
        let mut wanted: Vec<u64> = commits.iter().filter_map(|c| self.number(c)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        wanted.retain(|n| !self.cache.borrow().contains_key(n));
        let fetched =
            self.forge.labels_many(&wanted).map_err(|e| changelog::Error::label_source(self.forge.describe(), e))?;
        self.cache.borrow_mut().extend(wanted.into_iter().zip(fetched));
        commits.iter().map(|c| self.labels(c)).collect()
    }
}
