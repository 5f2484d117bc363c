//! The data templates see ([`Changelog`]), built from commits, and the
//! Node-format lines of each commit.

use serde::Serialize;

use crate::commit::Commit;
use crate::error::{Error, Result};
use crate::history::ResolvedRange;
use crate::impact::Impact;
use crate::markdown::{self, Inline};

/// Where links point: a forge repository such as `https://github.com/nodejs/node`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepoUrl {
    /// `https://host/owner/name`, no trailing slash or `.git`.
    pub base: String,
    /// The owner (user or organisation).
    pub owner: String,
    /// The repository name.
    pub name: String,
}

impl RepoUrl {
    /// Reads a remote URL or web URL: `https://github.com/o/r(.git)`,
    /// `git@github.com:o/r.git`, `ssh://git@host/o/r.git`, `git://host/o/r`.
    pub fn parse(url: &str) -> Result<RepoUrl> {
        let invalid = |reason: &str| Error::InvalidValue {
            what: "repository URL",
            value: url.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = url.trim();
        let (host, path) = if let Some(rest) = trimmed.split_once("://").map(|(_, r)| r) {
            let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
            rest.split_once('/').ok_or_else(|| invalid("it has no path"))?
        } else if let Some((userhost, path)) = trimmed.split_once(':') {
            (userhost.rsplit_once('@').map_or(userhost, |(_, h)| h), path)
        } else {
            return Err(invalid("expected https://host/owner/name or git@host:owner/name"));
        };
        let host = host.split_once(':').map_or(host, |(h, _)| h);
        let path = path.trim_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        let (owner, name) = path.rsplit_once('/').ok_or_else(|| invalid("expected owner/name in the path"))?;
        if host.is_empty() || owner.is_empty() || name.is_empty() {
            return Err(invalid("expected https://host/owner/name"));
        }
        Ok(RepoUrl {
            base: format!("https://{host}/{path}"),
            owner: owner.rsplit('/').next().unwrap_or(owner).to_owned(),
            name: name.to_owned(),
        })
    }

    /// The `origin` remote's URL as configured, if there is one.
    pub fn origin(repo: &git2::Repository) -> Option<String> {
        repo.find_remote("origin").ok()?.url().ok().map(str::to_owned)
    }

    /// The URL of `origin` in `repo`, if it has one that parses. When
    /// `origin` is a local clone, its own `origin` is followed (a few hops).
    pub fn from_origin(repo: &git2::Repository) -> Option<RepoUrl> {
        let mut url = repo.find_remote("origin").ok()?.url().ok()?.to_owned();
        for _ in 0..4 {
            if let Ok(parsed) = RepoUrl::parse(&url) {
                return Some(parsed);
            }
            let path = url.strip_prefix("file://").unwrap_or(&url);
            let local = git2::Repository::open(path).ok()?;
            url = local.find_remote("origin").ok()?.url().ok()?.to_owned();
        }
        None
    }

    /// Where links should point for `repo`, first found of: `git config
    /// nodus.repoUrl`, the `origin` remote ([`from_origin`](Self::from_origin)),
    /// the `repository` of the work tree's `package.json` (as
    /// changelog-maker reads it) or `Cargo.toml`.
    pub fn discover(repo: &git2::Repository) -> Option<RepoUrl> {
        if let Some(url) = repo.config().ok().and_then(|c| c.get_string("nodus.repoUrl").ok()) {
            if let Ok(parsed) = RepoUrl::parse(&url) {
                return Some(parsed);
            }
        }
        if let Some(url) = RepoUrl::from_origin(repo) {
            return Some(url);
        }
        let root = repo.workdir()?;
        if let Ok(text) = std::fs::read_to_string(root.join("package.json")) {
            let json: serde_json::Value = serde_json::from_str(&text).ok()?;
            let url = match &json["repository"] {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => o.get("url").and_then(|u| u.as_str()).map(str::to_owned),
                _ => None,
            };
            // npm's shorthand `owner/name` means GitHub.
            let url = url.map(|u| {
                let u = u.strip_prefix("git+").unwrap_or(&u).to_owned();
                let u = u.strip_prefix("github:").map(str::to_owned).unwrap_or(u);
                if !u.contains(':') && u.matches('/').count() == 1 { format!("https://github.com/{u}") } else { u }
            });
            if let Some(parsed) = url.and_then(|u| RepoUrl::parse(&u).ok()) {
                return Some(parsed);
            }
        }
        let cargo = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
        cargo.lines().find_map(|line| {
            let value = line.trim().strip_prefix("repository")?.trim_start().strip_prefix('=')?.trim();
            RepoUrl::parse(value.trim_matches('"')).ok()
        })
    }

    /// `owner/name`.
    pub fn slug(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    /// The web page of commit `sha`.
    pub fn commit_url(&self, sha: &str) -> String {
        format!("{}/commit/{sha}", self.base)
    }

    /// The web page of pull request `number`.
    pub fn pull_url(&self, number: u64) -> String {
        format!("{}/pull/{number}", self.base)
    }
}

/// Settings for building the template data.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Where links point; without it, commit and pull-request links are
    /// left out (the `node` format then fails).
    pub repo: Option<RepoUrl>,
    /// Order commits by subsystem (stable within a subsystem), as
    /// changelog-maker's `--group` does.
    pub group: bool,
}

/// The pull request of a commit, resolved against the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PullRequest {
    /// Its number.
    pub number: u64,
    /// Its web page.
    pub url: String,
    /// How Node's changelog shows it: `#123`, or `owner/repo#123` for
    /// another repository.
    pub label: String,
}

/// A commit as templates see it: every [`Commit`] field plus what is
/// worked out from it.
#[derive(Debug, Clone)]
pub struct CommitView {
    /// The commit (its fields appear at the top level for templates).
    pub commit: Commit,
    /// The first 10 hex digits of the sha.
    pub short_sha: String,
    /// The commit's web page, when the repository URL is known.
    pub commit_url: Option<String>,
    /// The pull request, when `PR-URL` names one (and for `#123`, the
    /// repository URL is known).
    pub pull_request: Option<PullRequest>,
    /// The semver impact.
    pub impact: Impact,
    /// Whether it belongs in Notable Changes.
    pub notable: bool,
    /// Whether it is breaking (major impact).
    pub breaking: bool,
    /// The labels containing `semver`, upper-cased (`SEMVER-MINOR`), as
    /// Node's changelog shows them.
    pub semver_labels: Vec<String>,
    /// What a conventional changelog shows: the conventional description,
    /// or the whole title for git reverts and types outside the known sections.
    pub description: String,
    /// The conventional scope shown before [`description`](Self::description)
    /// (none when the whole title is shown).
    pub scope: Option<String>,
    /// The line of changelog-maker's `--markdown` output (worked out when
    /// the template uses it; not in the `json` format).
    pub node_markdown: Option<String>,
    /// The line of changelog-maker's default (plain) output (as above).
    pub node_plain: Option<String>,
}

/// Commits that share a subsystem (or a conventional section). Templates
/// see `name` and `commits` (the commit objects themselves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The subsystem prefix or section title (empty for commits without one).
    pub name: String,
    /// Its commits, in output order, as indices into [`Changelog::commits`].
    pub commits: Vec<usize>,
}

/// The range the data was read from.
#[derive(Debug, Clone, Serialize)]
pub struct RangeView {
    /// The excluded end (`v20.0.0`), if any.
    pub from: Option<String>,
    /// Its sha.
    pub from_sha: Option<String>,
    /// The included end (`HEAD`).
    pub to: String,
    /// Its sha.
    pub to_sha: String,
}

/// A release being written (`--write`), for templates that head a section.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    /// `20.1.0`.
    pub version: String,
    /// `2024-05-01`.
    pub date: String,
    /// `Iron`, for LTS lines.
    pub codename: Option<String>,
    /// `Current`, `LTS` or `Maintenance`.
    pub status: String,
    /// The GitHub handle of the releaser, without `@`.
    pub releaser: Option<String>,
    /// Whether this is a security release.
    pub security: bool,
}

/// Everything a template sees; also the `json` format (schema version 1).
///
/// Serialized for templates as an object with these fields; `notable`,
/// `groups` and `sections` hold whole commit objects there (here, indices
/// into `commits`), and are left out when empty.
#[derive(Debug, Clone)]
pub struct Changelog {
    /// Version of this data's shape; bumped on incompatible changes.
    pub schema_version: u32,
    /// The range read, if known.
    pub range: Option<RangeView>,
    /// The repository links point to.
    pub repository: Option<RepoUrl>,
    /// The highest impact of all commits.
    pub impact: Impact,
    /// The release being written, if any.
    pub release: Option<ReleaseView>,
    /// Every commit, in output order (newest first, or by subsystem with
    /// `group`).
    pub commits: Vec<CommitView>,
    /// The notable commits (labelled `notable-change`, or minor/major), in
    /// output order. Filled when the template uses it (not in `json`,
    /// where each commit says whether it is `notable`).
    pub notable: Vec<usize>,
    /// Commits by subsystem, subsystems sorted (commits without one under
    /// `""` first). Filled when the template uses it.
    pub groups: Vec<Group>,
    /// Commits by Conventional Commits section, in the order of
    /// [`CONVENTIONAL_SECTIONS`], oldest commit first; breaking changes
    /// also appear under `BREAKING CHANGES`. Filled when the template uses it.
    pub sections: Vec<Group>,
}

/// Conventional sections in output order, and the types that go in them.
/// Commits of other types go under `Other`.
pub const CONVENTIONAL_SECTIONS: &[(&str, &[&str])] = &[
    ("Features", &["feat"]),
    ("Bug Fixes", &["fix"]),
    ("Performance", &["perf"]),
    ("Refactor", &["refactor"]),
    ("Documentation", &["doc", "docs"]),
    ("Styling", &["style"]),
    ("Testing", &["test", "tests"]),
    ("Build System", &["build"]),
    ("Continuous Integration", &["ci"]),
    ("Miscellaneous Tasks", &["chore"]),
    ("Reverts", &["revert"]),
    ("Other", &[]),
];

/// The conventional section a commit belongs in (`None` for titles that
/// are not conventional).
pub fn conventional_section(commit: &Commit) -> Option<&'static str> {
    if commit.revert.is_some() {
        return Some("Reverts");
    }
    let kind = commit.conventional.as_ref()?.kind.as_str();
    CONVENTIONAL_SECTIONS.iter().find(|(_, kinds)| kinds.contains(&kind)).map(|(name, _)| *name).or(Some("Other"))
}

/// Which derived parts of a [`Changelog`] to work out: a template that
/// does not use them saves the time (see [`crate::Template::needs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// [`CommitView::node_markdown`] and [`CommitView::node_plain`].
    pub node_lines: bool,
    /// [`Changelog::notable`].
    pub notable: bool,
    /// [`Changelog::groups`].
    pub groups: bool,
    /// [`Changelog::sections`].
    pub sections: bool,
}

impl Parts {
    /// Everything.
    pub const ALL: Parts = Parts { node_lines: true, notable: true, groups: true, sections: true };
    /// Nothing derived: the commits alone (the `json` format).
    pub const NONE: Parts = Parts { node_lines: false, notable: false, groups: false, sections: false };
}

impl Changelog {
    /// Builds the data for `commits` (in git log order, newest first), with
    /// every part worked out.
    pub fn new(commits: Vec<Commit>, range: Option<&ResolvedRange>, options: &RenderOptions) -> Changelog {
        Changelog::with_parts(commits, range, options, Parts::ALL)
    }

    /// Builds the data, working out only `parts`.
    pub fn with_parts(
        commits: Vec<Commit>,
        range: Option<&ResolvedRange>,
        options: &RenderOptions,
        parts: Parts,
    ) -> Changelog {
        let mut views: Vec<CommitView> =
            commits.into_iter().map(|c| CommitView::with_lines(c, options.repo.as_ref(), parts.node_lines)).collect();
        if options.group {
            let order: Vec<usize> = group_by_subsystem(&views).into_iter().flat_map(|g| g.commits).collect();
            let mut slots: Vec<Option<CommitView>> = views.into_iter().map(Some).collect();
            views = order.into_iter().map(|i| slots[i].take().expect("each commit is in one group")).collect();
        }
        let groups = if parts.groups { group_by_subsystem(&views) } else { Vec::new() };
        let notable = if parts.notable { (0..views.len()).filter(|&i| views[i].notable).collect() } else { Vec::new() };
        let mut sections = Vec::new();
        if parts.sections {
            let breaking: Vec<usize> = (0..views.len()).rev().filter(|&i| views[i].breaking).collect();
            if !breaking.is_empty() {
                sections.push(Group { name: "BREAKING CHANGES".into(), commits: breaking });
            }
            let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); CONVENTIONAL_SECTIONS.len()];
            for i in (0..views.len()).rev() {
                if let Some(section) = conventional_section(&views[i].commit) {
                    let k = CONVENTIONAL_SECTIONS.iter().position(|(n, _)| *n == section).expect("sections are listed");
                    by_section[k].push(i);
                }
            }
            for ((name, _), commits) in CONVENTIONAL_SECTIONS.iter().zip(by_section) {
                if !commits.is_empty() {
                    sections.push(Group { name: (*name).to_owned(), commits });
                }
            }
        }
        Changelog {
            schema_version: 1,
            range: range.map(|r| RangeView {
                from: r.from.as_ref().map(|f| f.name.clone()),
                from_sha: r.from.as_ref().map(|f| f.sha.clone()),
                to: r.to.name.clone(),
                to_sha: r.to.sha.clone(),
            }),
            repository: options.repo.clone(),
            impact: views.iter().map(|v| v.impact).max().unwrap_or(Impact::Patch),
            release: None,
            commits: views,
            notable,
            groups,
            sections,
        }
    }
}

impl Changelog {
    /// The notable commits themselves (see [`notable`](Self::notable)).
    pub fn notable_commits(&self) -> impl Iterator<Item = &CommitView> + '_ {
        self.notable.iter().map(|&i| &self.commits[i])
    }

    /// The commits of a group or section, in its order.
    pub fn group_commits<'a>(&'a self, group: &'a Group) -> impl Iterator<Item = &'a CommitView> + 'a {
        group.commits.iter().map(|&i| &self.commits[i])
    }
}

fn group_by_subsystem(views: &[CommitView]) -> Vec<Group> {
    // changelog-maker sorts group names as JavaScript strings (UTF-16 code
    // units), commits without a subsystem under `*`.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, v) in views.iter().enumerate() {
        let key = v.commit.subsystem_prefix.clone().unwrap_or_default();
        match index.get(&key) {
            Some(&g) => groups[g].1.push(i),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![i]));
            }
        }
    }
    let sort_key =
        |k: &str| -> Vec<u16> { if k.is_empty() { "*".encode_utf16().collect() } else { k.encode_utf16().collect() } };
    groups.sort_by_key(|g| sort_key(&g.0));
    groups.into_iter().map(|(name, commits)| Group { name, commits }).collect()
}

impl CommitView {
    /// Works out links, impact and the Node lines of `commit`.
    pub fn new(commit: Commit, repo: Option<&RepoUrl>) -> CommitView {
        CommitView::with_lines(commit, repo, true)
    }

    /// As [`new`](Self::new), the Node lines only when `node_lines`.
    pub fn with_lines(commit: Commit, repo: Option<&RepoUrl>, node_lines: bool) -> CommitView {
        let pull_request = pull_request(&commit, repo);
        let semver_labels: Vec<String> =
            commit.labels.iter().filter(|l| l.contains("semver")).map(|l| l.to_uppercase()).collect();
        let impact = commit.impact();
        let node_markdown = node_lines.then(|| node_markdown(&commit, repo, pull_request.as_ref(), &semver_labels));
        let node_plain = node_lines.then(|| node_plain(&commit, pull_request.as_ref(), &semver_labels));
        let (description, scope) = match (&commit.conventional, conventional_section(&commit)) {
            (Some(conv), Some(section)) if section != "Other" && commit.revert.is_none() => {
                (conv.description.clone(), conv.scope.clone())
            }
            _ => (commit.title.clone(), None),
        };
        CommitView {
            description,
            scope,
            short_sha: commit.short_sha().to_owned(),
            commit_url: repo.map(|r| r.commit_url(commit.short_sha())),
            notable: commit.is_notable(),
            breaking: impact == Impact::Major,
            impact,
            semver_labels,
            pull_request,
            node_markdown,
            node_plain,
            commit,
        }
    }
}

/// The pull request as changelog-maker links it: `PR-URL` must be a URL
/// ending in `/<kind>/<number>` (a bare `#123` means this repository).
fn pull_request(commit: &Commit, repo: Option<&RepoUrl>) -> Option<PullRequest> {
    let raw = commit.pr_url.as_deref()?.trim();
    let digits = raw.strip_prefix('#').unwrap_or(raw);
    let url = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        repo?.pull_url(digits.parse().ok()?)
    } else {
        raw.to_owned()
    };
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    let mut parts = url.rsplitn(5, '/');
    let number = parts.next()?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u64 = number.parse().ok()?;
    let kind = parts.next()?;
    let name = parts.next()?;
    let owner = parts.next()?;
    let rest = parts.next()?;
    if kind.is_empty()
        || !kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        || name.is_empty()
        || owner.is_empty()
    {
        return None;
    }
    // `https://` followed by at least one character before the owner.
    let scheme = if lower.starts_with("https://") { "https://".len() } else { "http://".len() };
    if rest.len() <= scheme {
        return None;
    }
    let slug = format!("{owner}/{name}");
    let label = match repo {
        Some(r) if r.slug() == slug => format!("#{number}"),
        _ => format!("{slug}#{number}"),
    };
    Some(PullRequest { number, url, label })
}

/// changelog-maker's `--markdown` line, after its remark round trip.
fn node_markdown(commit: &Commit, repo: Option<&RepoUrl>, pr: Option<&PullRequest>, semver: &[String]) -> String {
    let sha = commit.short_sha();
    let mut nodes = vec![
        Inline::Text("[".into()),
        Inline::Link {
            label: vec![Inline::Code(sha.to_owned())],
            url: repo.map(|r| r.commit_url(sha)).unwrap_or_default(),
        },
        Inline::Text("] - ".into()),
    ];
    if !semver.is_empty() {
        nodes.push(Inline::Strong(vec![Inline::Text(format!("({})", semver.join(", ")))]));
        nodes.push(Inline::Text(" ".into()));
    }
    if let Some(cve) = commit.cve_ids.last() {
        nodes.push(Inline::Strong(vec![Inline::Text(format!("({cve})"))]));
        nodes.push(Inline::Text(" ".into()));
    }
    let revert = commit.revert.is_some();
    // The character before the summary, as autolink literals see it.
    let mut before_summary = '-';
    if revert {
        before_summary = '"';
        nodes.push(Inline::Emphasis(vec![Inline::Strong(vec![Inline::Text("Revert".into())])]));
        nodes.push(Inline::Text(" \"".into()));
    }
    if let Some(group) = &commit.subsystem_prefix {
        nodes.push(Inline::Strong(markdown::inline(group, Some('*'))));
        nodes.push(Inline::Text(": ".into()));
        before_summary = ' ';
    }
    if !revert && commit.subsystem_prefix.is_none() {
        before_summary = ' ';
    }
    nodes.extend(markdown::inline(&commit.summary, Some(before_summary)));
    // changelog-maker trims the line, so trailing spaces of the summary go
    // when nothing follows it.
    let author = &commit.author.name;
    let tail_empty = !revert && author.is_empty() && pr.is_none();
    if tail_empty {
        trim_end(&mut nodes);
    }
    if revert {
        nodes.push(Inline::Text("\"".into()));
    }
    if !author.is_empty() {
        nodes.push(Inline::Text(" (".into()));
        nodes.extend(markdown::inline(author, Some('(')));
        nodes.push(Inline::Text(")".into()));
    }
    if let Some(pr) = pr {
        nodes.push(Inline::Text(" ".into()));
        nodes.push(Inline::Link { label: vec![Inline::Text(pr.label.clone())], url: pr.url.clone() });
    }
    format!("* {}", markdown::serialize(&nodes))
}

fn trim_end(nodes: &mut Vec<Inline>) {
    while let Some(Inline::Text(t)) = nodes.last_mut() {
        let trimmed = t.trim_end().len();
        t.truncate(trimmed);
        if t.is_empty() {
            nodes.pop();
        } else {
            break;
        }
    }
}

/// changelog-maker's default (`simple`) line, without colours.
fn node_plain(commit: &Commit, pr: Option<&PullRequest>, semver: &[String]) -> String {
    let mut s = format!("* [{}] - ", commit.short_sha());
    if !semver.is_empty() {
        s.push_str(&format!("({}) ", semver.join(", ")));
    }
    let revert = commit.revert.is_some();
    if revert {
        s.push_str("Revert \"");
    }
    if let Some(group) = &commit.subsystem_prefix {
        s.push_str(group);
        s.push_str(": ");
    }
    s.push_str(&commit.summary);
    s.push_str(if revert { "\" " } else { " " });
    if !commit.author.name.is_empty() {
        s.push_str(&format!("({}) ", commit.author.name));
    }
    if let Some(pr) = pr {
        s.push_str(&pr.url);
    }
    s.trim().to_owned()
}

/// Reads `range` from `repo`, fills labels from `labels`, and builds the
/// template data with `parts` worked out ([`Parts::ALL`] for a release
/// entry, [`Template::needs`](crate::Template::needs) for a template): the
/// one call behind `git nodus changelog` and release preparation.
pub fn generate(
    repo: &git2::Repository,
    range: &crate::history::Range,
    read: &crate::history::ReadOptions,
    labels: &dyn crate::labels::LabelSource,
    options: &RenderOptions,
    parts: Parts,
) -> Result<Changelog> {
    let (resolved, mut commits) = crate::history::read_commits(repo, range, read)?;
    crate::labels::apply_labels(&mut commits, labels)?;
    Ok(Changelog::with_parts(commits, Some(&resolved), options, parts))
}

// --- Serializing for templates ------------------------------------------------

/// The names a template mentions: fields it does not name are left out of
/// the data it gets, which saves most of the conversion on big ranges.
#[derive(Debug, Clone)]
pub(crate) struct FieldSet(Option<std::collections::HashSet<String>>);

impl FieldSet {
    /// Every field.
    pub(crate) const ALL: FieldSet = FieldSet(None);

    /// The identifiers in a template's source.
    pub(crate) fn from_source(source: &str) -> FieldSet {
        let words = source
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        FieldSet(Some(words))
    }

    fn wants(&self, name: &str) -> bool {
        self.0.as_ref().is_none_or(|set| set.contains(name))
    }
}

/// A [`Changelog`] serialized with only the fields in `fields`.
pub(crate) struct Projected<'a> {
    pub data: &'a Changelog,
    pub fields: &'a FieldSet,
}

struct ProjectedCommit<'a> {
    view: &'a CommitView,
    fields: &'a FieldSet,
}

struct ProjectedCommits<'a> {
    data: &'a Changelog,
    indices: Option<&'a [usize]>,
    fields: &'a FieldSet,
}

struct ProjectedGroups<'a> {
    data: &'a Changelog,
    groups: &'a [Group],
    fields: &'a FieldSet,
}

impl Serialize for Changelog {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        Projected { data: self, fields: &FieldSet::ALL }.serialize(serializer)
    }
}

impl Serialize for CommitView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        ProjectedCommit { view: self, fields: &FieldSet::ALL }.serialize(serializer)
    }
}

impl Serialize for Projected<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let d = self.data;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("schema_version", &d.schema_version)?;
        map.serialize_entry("range", &d.range)?;
        map.serialize_entry("repository", &d.repository)?;
        map.serialize_entry("impact", &d.impact)?;
        map.serialize_entry("release", &d.release)?;
        map.serialize_entry("commits", &ProjectedCommits { data: d, indices: None, fields: self.fields })?;
        if !d.notable.is_empty() {
            map.serialize_entry(
                "notable",
                &ProjectedCommits { data: d, indices: Some(&d.notable), fields: self.fields },
            )?;
        }
        if !d.groups.is_empty() {
            map.serialize_entry("groups", &ProjectedGroups { data: d, groups: &d.groups, fields: self.fields })?;
        }
        if !d.sections.is_empty() {
            map.serialize_entry("sections", &ProjectedGroups { data: d, groups: &d.sections, fields: self.fields })?;
        }
        map.end()
    }
}

impl Serialize for ProjectedCommits<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let commits = &self.data.commits;
        match self.indices {
            Some(indices) => {
                let mut seq = serializer.serialize_seq(Some(indices.len()))?;
                for &i in indices {
                    seq.serialize_element(&ProjectedCommit { view: &commits[i], fields: self.fields })?;
                }
                seq.end()
            }
            None => {
                let mut seq = serializer.serialize_seq(Some(commits.len()))?;
                for view in commits {
                    seq.serialize_element(&ProjectedCommit { view, fields: self.fields })?;
                }
                seq.end()
            }
        }
    }
}

impl Serialize for ProjectedGroups<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct One<'a>(&'a ProjectedGroups<'a>, &'a Group);
        impl Serialize for One<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("name", &self.1.name)?;
                map.serialize_entry(
                    "commits",
                    &ProjectedCommits { data: self.0.data, indices: Some(&self.1.commits), fields: self.0.fields },
                )?;
                map.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.groups.len()))?;
        for group in self.groups {
            seq.serialize_element(&One(self, group))?;
        }
        seq.end()
    }
}

impl Serialize for ProjectedCommit<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (v, c, f) = (self.view, &self.view.commit, self.fields);
        let mut map = serializer.serialize_map(None)?;
        macro_rules! fields {
            ($($name:literal => $value:expr),* $(,)?) => {
                $( if f.wants($name) { map.serialize_entry($name, $value)?; } )*
            };
        }
        fields! {
            "sha" => &c.sha,
            "parents" => &c.parents,
            "author" => &c.author,
            "author_time" => &c.author_time,
            "committer" => &c.committer,
            "commit_time" => &c.commit_time,
            "message" => &c.message,
            "title" => &c.title,
            "subsystem_prefix" => &c.subsystem_prefix,
            "subsystems" => &c.subsystems,
            "summary" => &c.summary,
            "conventional" => &c.conventional,
            "breaking_changes" => &c.breaking_changes,
            "trailers" => &c.trailers,
            "pr_url" => &c.pr_url,
            "backport_pr_urls" => &c.backport_pr_urls,
            "reviewers" => &c.reviewers,
            "co_authors" => &c.co_authors,
            "signed_off_by" => &c.signed_off_by,
            "fixes" => &c.fixes,
            "refs" => &c.refs,
            "cve_ids" => &c.cve_ids,
            "revert" => &c.revert,
            "release_commit" => &c.release_commit,
            "labels" => &c.labels,
            "short_sha" => &v.short_sha,
            "commit_url" => &v.commit_url,
            "pull_request" => &v.pull_request,
            "impact" => &v.impact,
            "notable" => &v.notable,
            "breaking" => &v.breaking,
            "semver_labels" => &v.semver_labels,
            "description" => &v.description,
            "scope" => &v.scope,
        }
        if let Some(line) = &v.node_markdown {
            fields! { "node_markdown" => line }
        }
        if let Some(line) = &v.node_plain {
            fields! { "node_plain" => line }
        }
        map.end()
    }
}
