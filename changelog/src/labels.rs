//! Where pull-request labels (`semver-minor`, `notable-change`…) come from:
//! the [`LabelSource`] trait, and [`LabelFile`], its offline implementation.
//!
//! The GitHub implementation lives in the governance crate, behind the same
//! trait.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::commit::Commit;
use crate::error::{Error, Result};

/// Something that knows the labels of a commit's pull request.
///
/// Implement [`labels`](Self::labels); override
/// [`labels_batch`](Self::labels_batch) when one request can answer for many
/// commits (GitHub's GraphQL API). The trait is object-safe: the CLI and the
/// release helper hold a `&dyn LabelSource`.
pub trait LabelSource {
    /// The labels of `commit` (usually of the pull request named by its
    /// `PR-URL`); empty when there are none or the commit has no pull request.
    /// Fail with [`Error::label_source`].
    fn labels(&self, commit: &Commit) -> Result<Vec<String>>;

    /// The labels of each commit, in the same order. The default asks
    /// [`labels`](Self::labels) once per commit.
    fn labels_batch(&self, commits: &[Commit]) -> Result<Vec<Vec<String>>> {
        commits.iter().map(|c| self.labels(c)).collect()
    }
}

/// Fills every commit's `labels` from `source` (one batch call).
pub fn apply_labels(commits: &mut [Commit], source: &dyn LabelSource) -> Result<()> {
    let labels = source.labels_batch(commits)?;
    if labels.len() != commits.len() {
        return Err(Error::label_source(
            "label source",
            format!("answered for {} commits, asked for {}", labels.len(), commits.len()),
        ));
    }
    for (commit, labels) in commits.iter_mut().zip(labels) {
        commit.labels = labels;
    }
    Ok(())
}

/// No labels at all: every commit's impact comes from its message alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoLabels;

impl LabelSource for NoLabels {
    fn labels(&self, _commit: &Commit) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
}

/// Labels from a YAML (or JSON) file, for offline use and tests.
///
/// ```yaml
/// pulls:            # by pull-request number (from PR-URL)
///   123: [semver-minor, notable-change]
/// commits:          # by sha or unique sha prefix (7+ hex digits)
///   4f2a9c1e: [semver-major]
/// ```
///
/// Top-level keys other than `pulls` and `commits` are read the same way:
/// a number (optionally `#123`) is a pull request, hex digits a sha. So
/// changelog-maker's offline JSON (`{"123": ["semver-minor"]}`) works as is.
/// Labels found by sha and by pull request are merged, sha first.
#[derive(Debug, Clone, Default)]
pub struct LabelFile {
    path: PathBuf,
    by_pr: HashMap<u64, Vec<String>>,
    /// Labels by sha prefix, grouped by the prefix's first 7 digits (every
    /// prefix has at least 7), so a commit is looked up in its group only.
    by_sha: HashMap<String, Vec<(String, Vec<String>)>>,
}

impl LabelFile {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<LabelFile> {
        let text = Error::read_input(path, crate::input::MAX_LABELS_BYTES, "cannot read labels file")?;
        LabelFile::parse(path, &text)
    }

    /// Parses `text`; `path` is only for error messages.
    pub fn parse(path: &Path, text: &str) -> Result<LabelFile> {
        let bad = |message: String| Error::LabelsFile { path: path.to_owned(), message };
        crate::input::check_text(text, crate::input::MAX_LABELS_BYTES).map_err(|e| Error::input(path, e))?;
        crate::input::check_yaml_depth(text, crate::input::MAX_DEPTH).map_err(|e| Error::input(path, e))?;
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut file = LabelFile { path: path.to_owned(), ..LabelFile::default() };
        let map = match value {
            serde_yaml::Value::Null => return Ok(file),
            serde_yaml::Value::Mapping(map) => map,
            _ => return Err(bad("expected a mapping of pull requests or shas to label lists".into())),
        };
        for (key, value) in map {
            let key = yaml_key(&key).ok_or_else(|| bad(format!("unsupported key {key:?}")))?;
            match key.as_str() {
                "pulls" | "commits" => {
                    let section = match value {
                        serde_yaml::Value::Mapping(m) => m,
                        serde_yaml::Value::Null => continue,
                        _ => return Err(bad(format!("`{key}` must be a mapping"))),
                    };
                    for (k, v) in section {
                        let k = yaml_key(&k).ok_or_else(|| bad(format!("unsupported key {k:?} in `{key}`")))?;
                        let labels =
                            label_list(&v).ok_or_else(|| bad(format!("labels of `{k}` must be a list of strings")))?;
                        if key == "pulls" {
                            let n = k
                                .trim_start_matches('#')
                                .parse()
                                .map_err(|_| bad(format!("`{k}` in `pulls` is not a pull-request number")))?;
                            file.by_pr.entry(n).or_default().extend(labels);
                        } else {
                            file.add_sha(&k, labels).map_err(bad)?;
                        }
                    }
                }
                _ => {
                    let labels = label_list(&value)
                        .ok_or_else(|| bad(format!("labels of `{key}` must be a list of strings")))?;
                    let pr = key.strip_prefix('#').unwrap_or(&key);
                    if !pr.is_empty()
                        && pr.bytes().all(|b| b.is_ascii_digit())
                        && (key.starts_with('#') || pr.len() < 7)
                    {
                        let n = pr.parse().map_err(|_| bad(format!("`{key}` is not a pull-request number")))?;
                        file.by_pr.entry(n).or_default().extend(labels);
                    } else {
                        file.add_sha(&key, labels).map_err(bad)?;
                    }
                }
            }
        }
        Ok(file)
    }

    fn add_sha(&mut self, sha: &str, labels: Vec<String>) -> std::result::Result<(), String> {
        if sha.len() < 7 || sha.len() > 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("`{sha}` is neither a pull-request number nor a sha of 7+ hex digits"));
        }
        let sha = sha.to_ascii_lowercase();
        self.by_sha.entry(sha[..7].to_owned()).or_default().push((sha, labels));
        Ok(())
    }

    /// The file this was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl LabelSource for LabelFile {
    fn labels(&self, commit: &Commit) -> Result<Vec<String>> {
        let mut labels: Vec<String> = Vec::new();
        let group = commit.sha.get(..7).and_then(|key| self.by_sha.get(&key.to_ascii_lowercase()));
        for (sha, l) in group.into_iter().flatten() {
            if commit.sha.starts_with(sha.as_str()) {
                labels.extend(l.iter().cloned());
            }
        }
        if let Some(l) = commit.pr_number().and_then(|n| self.by_pr.get(&n)) {
            labels.extend(l.iter().cloned());
        }
        let mut seen = std::collections::HashSet::new();
        labels.retain(|l| seen.insert(l.clone()));
        Ok(labels)
    }
}

fn yaml_key(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.trim().to_owned()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn label_list(value: &serde_yaml::Value) -> Option<Vec<String>> {
    match value {
        serde_yaml::Value::Sequence(items) => items.iter().map(|i| i.as_str().map(str::to_owned)).collect(),
        serde_yaml::Value::String(s) => Some(vec![s.clone()]),
        serde_yaml::Value::Null => Some(Vec::new()),
        _ => None,
    }
}
