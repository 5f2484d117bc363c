//! The bridge to the changelog library: the commits of a release and the
//! changelog files it writes. Commits, their labels and semver impact, the
//! Node-format lines and the insertion into `CHANGELOG_V{major}.md` and the
//! root `CHANGELOG.md` all come from the `changelog` crate; this module only
//! decides which files and which range.

use git2::{Oid, Repository};

use crate::error::{Error, Result};
use crate::project::Project;
use crate::release_commit::ReleaseTitle;
use crate::repo::FileEdit;
use crate::schedule::LineSchedule;

/// The commits reachable from `to` and not from `from`, newest first, with
/// labels from the policy's labels file. Empty when there are none.
pub(crate) fn read_commits(
    project: &Project,
    repo: &Repository,
    from: Option<Oid>,
    to: Oid,
) -> Result<Vec<changelog::Commit>> {
    let endpoint = |oid: Oid| changelog::Endpoint { name: oid.to_string(), sha: oid.to_string() };
    let range = changelog::ResolvedRange { from: from.map(endpoint), to: endpoint(to) };
    let options = changelog::ReadOptions { skip_release_commits: false, ..changelog::ReadOptions::default() };
    let mut commits = match changelog::read_range(repo, &range, &options) {
        Ok(commits) => commits,
        Err(changelog::Error::EmptyRange { .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    match project.config.changelog.labels.as_deref() {
        None => {}
        Some("github") => {
            let forge = github_forge(project, repo)?;
            let url = repo_url(project, repo)?;
            let source =
                governance::ForgeLabels::new(&forge, Some(governance::Repo { owner: url.owner, name: url.name }));
            changelog::apply_labels(&mut commits, &source)?;
        }
        Some(labels) => {
            let file = changelog::LabelFile::load(&project.root.join(labels))?;
            changelog::apply_labels(&mut commits, &file)?;
        }
    }
    Ok(commits)
}

/// The repository's web URL for links (and its GitHub owner and name).
fn repo_url(project: &Project, repo: &Repository) -> Result<changelog::RepoUrl> {
    let config = &project.config;
    match &config.changelog.repo_url {
        Some(url) => Ok(changelog::RepoUrl::parse(url)?),
        None => changelog::RepoUrl::from_origin(repo).ok_or_else(|| {
            Error::Release(match changelog::RepoUrl::origin(repo) {
                Some(origin) => format!(
                    "changelog links need the repository's web URL, and the `origin` remote (`{origin}`) is not \
                     one, nor a clone of one: set `changelog.repo_url` in {} (e.g. https://github.com/OWNER/NAME)",
                    config.path.display()
                ),
                None => format!(
                    "changelog links need the repository's URL: set `changelog.repo_url` in {} or add an `origin` \
                     remote",
                    config.path.display()
                ),
            })
        }),
    }
}

/// GitHub, through the governance crate's forge, for `labels: github`.
fn github_forge(project: &Project, repo: &Repository) -> Result<governance::GitHubForge> {
    let url = repo_url(project, repo)?;
    let config = repo.config().ok();
    governance::GitHubForge::discover(
        governance::Repo::of_url(&url),
        project.config.changelog.github_url.as_deref(),
        |key| config.as_ref()?.get_string(key).ok(),
    )
    .map_err(|e| Error::Release(format!("labels from GitHub: {e}")))
}

/// What a release entry says.
pub(crate) struct Entry<'a> {
    pub(crate) title: &'a ReleaseTitle,
    pub(crate) releaser: Option<&'a str>,
    pub(crate) security: bool,
    pub(crate) lts_transition: bool,
    pub(crate) schedule: Option<&'a LineSchedule>,
}

/// The changelog side of a release.
pub(crate) struct Notes {
    /// The changelog files, rewritten.
    pub(crate) edits: Vec<FileEdit>,
    /// The notable commits in plain text, for the release commit's body.
    pub(crate) notable_plain: String,
    /// The LTS-start paragraph, for `--start-lts`.
    pub(crate) start_lts_blurb: Option<String>,
}

/// The changelog entry of a release and the files it changes, from the
/// files in `tree`.
///
/// The changelog crate writes the entry ([`changelog::write_release`]: the
/// section in `CHANGELOG_V{major}.md`, created for a line's first release,
/// and the root index). It writes files, and the release is built in
/// memory from the staging branch, so the two files are copied from `tree`
/// into a temporary folder, written there, and read back.
pub(crate) fn release_notes(
    project: &Project,
    repo: &Repository,
    tree: &git2::Tree<'_>,
    entry: &Entry<'_>,
    commits: &[changelog::Commit],
) -> Result<Notes> {
    let config = &project.config;
    let url = repo_url(project, repo)?;
    let options = changelog::RenderOptions { repo: Some(url), group: true };
    let data = changelog::Changelog::new(commits.to_vec(), None, &options);
    let version = &entry.title.version;
    let release = changelog::ReleaseEntry {
        version: version.clone(),
        date: entry.title.date,
        codename: entry.title.codename.clone(),
        status: if entry.title.codename.is_some() {
            changelog::ReleaseStatus::Lts
        } else {
            changelog::ReleaseStatus::Current
        },
        releaser: entry.releaser.map(str::to_owned),
        security: entry.security,
    };
    let start_lts_blurb = entry.lts_transition.then(|| start_lts_blurb(&config.project, entry));

    let line = crate::LineId::of_version(version);
    let line_file = config.line_changelog(line);
    let index_file = (!config.changelog.index.is_empty()).then(|| config.changelog.index.clone());
    let scratch = tempfile::Builder::new().prefix("nodus-release-").tempdir().map_err(|source| Error::Io {
        action: "cannot make a temporary folder for",
        path: line_file.clone().into(),
        source,
    })?;
    let mut before = Vec::new();
    for path in std::iter::once(&line_file).chain(index_file.as_ref()) {
        let text = crate::repo::read_text(repo, tree, path)?;
        if let Some(text) = &text {
            let file = scratch.path().join(path);
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                    action: "cannot create",
                    path: dir.into(),
                    source,
                })?;
            }
            std::fs::write(&file, text).map_err(|source| Error::Io {
                action: "cannot write",
                path: file.clone(),
                source,
            })?;
        }
        before.push((path.clone(), text));
    }
    changelog::write_release(
        &scratch.path().join(&line_file),
        index_file.as_ref().map(|i| scratch.path().join(i)).as_deref(),
        &release,
        &data,
        &config.project,
    )?;
    let mut edits = Vec::new();
    for (path, old) in before {
        let file = scratch.path().join(&path);
        let mut text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            action: "cannot read",
            path: file.clone(),
            source,
        })?;
        let summary = if path == line_file {
            if let Some(blurb) = &start_lts_blurb {
                text = add_blurb(&text, &release, blurb);
            }
            format!(
                "entry for {version}: {} commit{}, {} notable",
                data.commits.len(),
                if data.commits.len() == 1 { "" } else { "s" },
                data.notable.len()
            )
        } else {
            if entry.lts_transition {
                text = index_to_lts(&text, &line_file, version.major);
            }
            format!("{version} added to the index")
        };
        edits.push(FileEdit { path, created: old.is_none(), content: text.into_bytes(), summary: vec![summary] });
    }
    let notable_plain =
        data.notable_commits().map(|c| format!("{}\n", c.node_plain.as_deref().unwrap_or_default())).collect();
    Ok(Notes { edits, notable_plain, start_lts_blurb })
}

/// The LTS-start paragraph at the top of the new entry's Notable Changes
/// (after the security note, if any).
fn add_blurb(text: &str, release: &changelog::ReleaseEntry, blurb: &str) -> String {
    let mut marker = format!("{}\n\n### Notable Changes\n\n", release.heading());
    if release.security {
        marker.push_str("This is a security release.\n\n");
    }
    match text.find(&marker) {
        Some(at) => {
            let at = at + marker.len();
            format!("{}{}\n\n{}", &text[..at], crate::release_commit::wrap(blurb, 80), &text[at..])
        }
        None => text.to_owned(),
    }
}

/// The index's column header of a line that enters LTS: `(Current)` becomes
/// `(LTS)`.
fn index_to_lts(text: &str, line_file: &str, major: u64) -> String {
    let header = format!("<a href=\"{line_file}\">{major}</a>");
    text.split_inclusive('\n')
        .map(|l| {
            if l.starts_with("<th") && l.contains(&header) {
                l.replace("title=\"Current\"", "title=\"LTS\"").replace("(Current)", "(LTS)")
            } else {
                l.to_owned()
            }
        })
        .collect()
}

/// The paragraph a release that starts LTS opens its notable changes with,
/// with the dates from the schedule.
fn start_lts_blurb(project: &str, entry: &Entry<'_>) -> String {
    let version = &entry.title.version;
    let line = format!("{}.x", crate::LineId::of_version(version).number());
    let codename = entry.title.codename.as_deref().unwrap_or("");
    let month = |d: chrono::NaiveDate| d.format("%B %Y").to_string();
    let mut text =
        format!("This release moves {project} {line} into Long Term Support (LTS) with the codename '{codename}'.");
    if let Some(s) = entry.schedule {
        match (s.maintenance, s.end) {
            (Some(m), Some(e)) => text.push_str(&format!(
                " The {line} line is \"Active LTS\" until {}, then \"Maintenance\" until its end of life in {}.",
                month(m),
                month(e)
            )),
            (None, Some(e)) => text.push_str(&format!(" The {line} line is supported until {}.", month(e))),
            _ => {}
        }
    }
    text
}

impl From<changelog::Error> for Error {
    fn from(e: changelog::Error) -> Error {
        Error::Changelog(e)
    }
}
