//! `release.yaml`: a project's release policy — version files, tag and
//! branch names, changelog files, and the schedule of its lines.
//!
//! Every section is optional; an absent file means all defaults and an
//! empty schedule. Unknown keys are errors, and every error names the file
//! and line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::commit_lint::{CommitLint, NODE_SUBSYSTEMS};
use crate::error::{Error, Result};
use crate::schedule::{LineId, Origin, RawSchedule, Schedule, phase_wording};
use crate::version_file::Pattern;
use changelog::locate;

/// The file name of the policy at the repository root.
pub const FILE_NAME: &str = "release.yaml";

/// A project's release policy.
#[derive(Debug, Clone)]
pub struct ReleaseConfig {
    /// Where it was read from (`release.yaml` when defaulted).
    pub path: PathBuf,
    /// The project's name, used in tag messages
    /// (`2024-01-01 Nodus v1.2.3 (Current) Release`).
    pub project: String,
    /// Tag name of a release: default `v{version}`.
    pub tag: String,
    /// Branch names.
    pub branches: Branches,
    /// Changelog files.
    pub changelog: ChangelogFiles,
    /// Files that spell the version out.
    pub version_files: Vec<VersionFile>,
    /// Tokens in files replaced by the version at release (Node's
    /// `REPLACEME` in `doc/api/*.md`).
    pub replace: Vec<Replacement>,
    /// The lines and their dates.
    pub schedule: Schedule,
    /// The commit-message rules of `git nodus commit-lint`.
    pub commit_lint: CommitLint,
    /// The engine the project ships (`git nodus engine`).
    pub engine: crate::engine::EngineConfig,
}

/// Branch names. `{major}` is the line (`20`); `{version}` a full version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Branches {
    /// The line's release branch, moved at each release: `v{major}.x`.
    pub release: String,
    /// Where fixes for the line land between releases: `v{major}.x-staging`.
    pub staging: String,
    /// A release proposal: `v{version}-proposal`.
    pub proposal: String,
    /// The development branch that gets every release's changelog: `main`.
    pub main: String,
}

impl Default for Branches {
    fn default() -> Branches {
        Branches {
            release: "v{major}.x".into(),
            staging: "v{major}.x-staging".into(),
            proposal: "v{version}-proposal".into(),
            main: "main".into(),
        }
    }
}

/// Changelog files and where labels come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChangelogFiles {
    /// The root index of every release: `CHANGELOG.md`.
    pub index: String,
    /// One file per line: `doc/changelogs/CHANGELOG_V{major}.md`.
    pub line: String,
    /// Where pull-request labels (`semver-minor`, `notable-change`, …) come
    /// from: a YAML file mapping PR numbers and commit SHAs to labels, or
    /// `github` to ask GitHub (token from `GITHUB_TOKEN` or
    /// `git config nodus.githubToken`).
    pub labels: Option<String>,
    /// Repository URL for commit and PR links (default: the `origin` remote).
    pub repo_url: Option<String>,
    /// GitHub's API URL when `labels: github` (default
    /// `https://api.github.com`; GitHub Enterprise: `https://HOST/api/v3`).
    pub github_url: Option<String>,
}

impl Default for ChangelogFiles {
    fn default() -> ChangelogFiles {
        ChangelogFiles {
            index: "CHANGELOG.md".into(),
            line: "doc/changelogs/CHANGELOG_V{major}.md".into(),
            labels: None,
            repo_url: None,
            github_url: None,
        }
    }
}

/// A file that spells the version out, and how to find it there.
#[derive(Debug, Clone)]
pub struct VersionFile {
    /// Path relative to the repository root.
    pub path: String,
    /// The patterns, each of which must match.
    pub patterns: Vec<Pattern>,
    /// Rewrite every match of each pattern, not only the first.
    pub all: bool,
    /// Whether the "Working on" commit after a release bumps it too
    /// (default: yes).
    pub working: bool,
}

/// A token replaced in every matching file by the release's version.
#[derive(Debug, Clone)]
pub struct Replacement {
    /// Which files, as a glob over paths from the repository root
    /// (`doc/api/*.md`).
    pub files: globset::GlobMatcher,
    /// The glob as written.
    pub files_source: String,
    /// The text to replace (`REPLACEME`).
    pub token: String,
    /// What replaces it: a template with `{version}`, `{major}`,
    /// `{minor}`, `{patch}` (default `v{version}`).
    pub with: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReplacement {
    files: String,
    token: String,
    #[serde(default = "v_version", rename = "with")]
    with_: String,
}

fn v_version() -> String {
    "v{version}".into()
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    project: Option<String>,
    tag: Option<String>,
    branches: Branches,
    changelog: ChangelogFiles,
    version_files: Vec<RawVersionFile>,
    replace: Vec<RawReplacement>,
    schedule: RawSchedule,
    commit_lint: RawCommitLint,
    engine: crate::engine::EngineConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawCommitLint {
    subsystems: Vec<String>,
    node_subsystems: bool,
    title_max: usize,
    title_warn: usize,
    line_max: usize,
    require: Vec<String>,
}

impl Default for RawCommitLint {
    fn default() -> RawCommitLint {
        let d = CommitLint::default();
        RawCommitLint {
            subsystems: Vec::new(),
            node_subsystems: true,
            title_max: d.title_max,
            title_warn: d.title_warn,
            line_max: d.line_max,
            require: d.require,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersionFile {
    path: String,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    all: bool,
    #[serde(default = "yes")]
    working: bool,
}

fn yes() -> bool {
    true
}

/// The values a branch, tag or file template is expanded with.
#[derive(Debug, Clone, Copy)]
pub struct TemplateVars<'a> {
    /// The line.
    pub line: LineId,
    /// A full version, for `{version}`, `{minor}`, `{patch}`.
    pub version: Option<&'a semver::Version>,
}

/// Expands `{major}`, `{version}`, `{minor}`, `{patch}` in `template`.
pub fn expand(template: &str, vars: TemplateVars<'_>) -> String {
    let mut out = template.replace("{major}", &vars.line.number());
    if let Some(v) = vars.version {
        out = out
            .replace("{version}", &v.to_string())
            .replace("{minor}", &v.minor.to_string())
            .replace("{patch}", &v.patch.to_string());
    }
    out
}

impl ReleaseConfig {
    /// All defaults and no schedule (`path` names it in messages).
    pub fn default_at(path: &Path) -> ReleaseConfig {
        ReleaseConfig::parse("", path).expect("the empty policy is valid")
    }

    /// Reads `path`.
    ///
    /// A file whose last line has no newline is refused: a policy cut off
    /// in the middle of a value (`codename: Ir`) would otherwise read as a
    /// valid, different policy.
    pub fn load(path: &Path) -> Result<ReleaseConfig> {
        let text = crate::input::read(path)?;
        if !text.is_empty() && !text.ends_with('\n') {
            return Err(Error::Config {
                file: path.to_owned(),
                line: Some(text.lines().count()),
                message: "the file ends in the middle of a line, as if cut off; \
                          if it is complete, end its last line with a newline"
                    .into(),
            });
        }
        ReleaseConfig::parse(&text, path)
    }

    /// Reads `release.yaml` in `root`, or the defaults when it is absent.
    pub fn load_or_default(root: &Path) -> Result<ReleaseConfig> {
        let path = root.join(FILE_NAME);
        if path.exists() { ReleaseConfig::load(&path) } else { Ok(ReleaseConfig::default_at(&path)) }
    }

    /// Parses the text of a policy read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<ReleaseConfig> {
        crate::input::check_yaml(text, path)?;
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| {
                let message = e.to_string();
                // serde_yaml appends " at line L column C"; we say the line up front.
                let message = match message.find(" at line ") {
                    Some(i) => message[..i].to_owned(),
                    None => message,
                };
                let message = if message.starts_with("schedule.") { phase_wording(&message) } else { message };
                Error::Config { file: path.to_owned(), line: e.location().map(|l| l.line()), message }
            })?
        };
        let error = |keys: &[&str], message: String| Error::Config {
            file: path.to_owned(),
            line: locate::key_line(text, keys),
            message: format!("{}: {message}", keys.join(".")),
        };
        let tag = raw.tag.unwrap_or_else(|| "v{version}".into());
        check_template(&tag, &["version"], &["version", "major", "minor", "patch"]).map_err(|m| error(&["tag"], m))?;
        let b = &raw.branches;
        for (key, value, required, allowed) in [
            ("release", &b.release, &["major"][..], &["major"][..]),
            ("staging", &b.staging, &["major"], &["major"]),
            ("proposal", &b.proposal, &["version"], &["version", "major", "minor", "patch"]),
            ("main", &b.main, &[], &[]),
        ] {
            check_template(value, required, allowed).map_err(|m| error(&["branches", key], m))?;
            let sample =
                expand(value, TemplateVars { line: LineId::major(20), version: Some(&semver::Version::new(20, 1, 0)) });
            if !git2::Reference::is_valid_name(&format!("refs/heads/{sample}")) {
                return Err(error(&["branches", key], format!("`{value}` does not make a valid branch name")));
            }
        }
        if b.release == b.staging {
            return Err(error(&["branches", "staging"], "the staging and release branches must differ".into()));
        }
        check_template(&raw.changelog.line, &[], &["major"]).map_err(|m| error(&["changelog", "line"], m))?;
        check_template(&raw.changelog.index, &[], &[]).map_err(|m| error(&["changelog", "index"], m))?;
        let mut version_files = Vec::new();
        for raw_file in raw.version_files {
            let mut sources = raw_file.patterns;
            sources.extend(raw_file.pattern);
            let at =
                |needle: &str| locate::text_line(text, needle).or_else(|| locate::key_line(text, &["version_files"]));
            let file_error = |needle: &str, message: String| Error::Config {
                file: path.to_owned(),
                line: at(needle),
                message: format!("version_files: `{}`: {message}", raw_file.path),
            };
            if sources.is_empty() {
                return Err(file_error(&raw_file.path, "give a `pattern` or `patterns`".into()));
            }
            if raw_file.path.is_empty() || Path::new(&raw_file.path).is_absolute() || raw_file.path.contains("..") {
                return Err(file_error(&raw_file.path, "the path must be relative to the repository root".into()));
            }
            let mut patterns = Vec::new();
            for source in &sources {
                patterns
                    .push(Pattern::new(source).map_err(|m| file_error(source, format!("pattern `{source}`: {m}")))?);
            }
            version_files.push(VersionFile {
                path: raw_file.path,
                patterns,
                all: raw_file.all,
                working: raw_file.working,
            });
        }
        let mut replace = Vec::new();
        for r in raw.replace {
            let bad = |message: String| Error::Config {
                file: path.to_owned(),
                line: locate::text_line(text, &r.files).or_else(|| locate::key_line(text, &["replace"])),
                message: format!("replace: `{}`: {message}", r.files),
            };
            let glob = globset::GlobBuilder::new(&r.files)
                .literal_separator(true)
                .build()
                .map_err(|e| bad(format!("not a glob: {e}")))?;
            if r.token.trim().is_empty() {
                return Err(bad("`token` must not be empty".into()));
            }
            check_template(&r.with_, &[], &["version", "major", "minor", "patch"])
                .map_err(|m| bad(format!("with: {m}")))?;
            replace.push(Replacement {
                files: glob.compile_matcher(),
                files_source: r.files,
                token: r.token,
                with: r.with_,
            });
        }
        let commit_lint = commit_lint(raw.commit_lint, &error)?;
        if let Some((keys, message)) = raw.engine.check() {
            return Err(error(&keys, message));
        }
        let schedule = raw.schedule.validate(&Origin { file: path, text, prefix: &["schedule"] })?;
        let project = raw.project.unwrap_or_else(|| {
            path.parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Project".into())
        });
        Ok(ReleaseConfig {
            path: path.to_owned(),
            project,
            tag,
            branches: raw.branches,
            changelog: raw.changelog,
            version_files,
            replace,
            schedule,
            commit_lint,
            engine: raw.engine,
        })
    }

    /// The release branch of `line` (a per-line override, or the template).
    pub fn release_branch(&self, line: LineId) -> String {
        self.schedule
            .line(line)
            .and_then(|l| l.branch.clone())
            .unwrap_or_else(|| expand(&self.branches.release, TemplateVars { line, version: None }))
    }

    /// The staging branch of `line`.
    pub fn staging_branch(&self, line: LineId) -> String {
        self.schedule
            .line(line)
            .and_then(|l| l.staging.clone())
            .unwrap_or_else(|| expand(&self.branches.staging, TemplateVars { line, version: None }))
    }

    /// The proposal branch of `version`.
    pub fn proposal_branch(&self, version: &semver::Version) -> String {
        expand(&self.branches.proposal, TemplateVars { line: LineId::of_version(version), version: Some(version) })
    }

    /// The tag of `version`.
    pub fn tag_name(&self, version: &semver::Version) -> String {
        expand(&self.tag, TemplateVars { line: LineId::of_version(version), version: Some(version) })
    }

    /// The version a tag name stands for, if it has the tag format.
    pub fn version_of_tag(&self, tag: &str) -> Option<semver::Version> {
        // `{version}` is the usual form; templates spelling out the parts
        // are matched by trying the parsed version back through the template.
        let (prefix, suffix) = self.tag.split_once("{version}")?;
        let body = tag.strip_prefix(prefix)?.strip_suffix(suffix)?;
        let version: semver::Version = body.parse().ok()?;
        (self.tag_name(&version) == tag).then_some(version)
    }

    /// The changelog file of `line`.
    pub fn line_changelog(&self, line: LineId) -> String {
        expand(&self.changelog.line, TemplateVars { line, version: None })
    }

    /// The line a branch name belongs to, if it is a release or staging
    /// branch.
    pub fn line_of_branch(&self, branch: &str) -> Option<LineId> {
        for template in [&self.branches.staging, &self.branches.release] {
            let (prefix, suffix) = template.split_once("{major}")?;
            if let Some(number) = branch.strip_prefix(prefix).and_then(|b| b.strip_suffix(suffix))
                && let Ok(line) = number.parse::<LineId>()
                && number.starts_with(|c: char| c.is_ascii_digit())
            {
                return Some(line);
            }
        }
        self.schedule
            .lines()
            .iter()
            .find(|l| l.branch.as_deref() == Some(branch) || l.staging.as_deref() == Some(branch))
            .map(|l| l.line)
    }
}

/// The `commit_lint:` section, checked: sensible lengths, subsystem names
/// and trailer keys of one word.
fn commit_lint(raw: RawCommitLint, error: &dyn Fn(&[&str], String) -> Error) -> Result<CommitLint> {
    let key = |k: &'static str| ["commit_lint", k];
    for (name, value) in [("title_max", raw.title_max), ("title_warn", raw.title_warn), ("line_max", raw.line_max)] {
        if value == 0 {
            return Err(error(&key(name), "must be at least 1".into()));
        }
    }
    if raw.title_warn > raw.title_max {
        return Err(error(
            &key("title_warn"),
            format!("{} is more than title_max ({})", raw.title_warn, raw.title_max),
        ));
    }
    let mut subsystems: Vec<String> =
        if raw.node_subsystems { NODE_SUBSYSTEMS.iter().map(|s| (*s).to_owned()).collect() } else { Vec::new() };
    for s in raw.subsystems {
        let valid = !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.'));
        if !valid {
            return Err(error(
                &key("subsystems"),
                format!("`{s}` is not a subsystem name (lowercase letters, digits, `_`, `-`, `.`)"),
            ));
        }
        if !subsystems.contains(&s) {
            subsystems.push(s);
        }
    }
    if subsystems.is_empty() {
        return Err(error(&key("subsystems"), "no subsystem is known: list some or keep node_subsystems".into()));
    }
    for k in &raw.require {
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(error(&key("require"), format!("`{k}` is not a trailer key (like PR-URL or Reviewed-By)")));
        }
    }
    Ok(CommitLint {
        subsystems,
        title_max: raw.title_max,
        title_warn: raw.title_warn,
        line_max: raw.line_max,
        require: raw.require,
    })
}

fn check_template(value: &str, required: &[&str], allowed: &[&str]) -> std::result::Result<(), String> {
    if value.is_empty() {
        return Err("must not be empty".into());
    }
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("`{value}` has an unclosed `{{`"));
        };
        let name = &rest[open + 1..open + close];
        if !allowed.contains(&name) {
            let expected = if allowed.is_empty() {
                "no placeholders".to_owned()
            } else {
                allowed.iter().map(|a| format!("{{{a}}}")).collect::<Vec<_>>().join(", ")
            };
            return Err(format!("unknown placeholder `{{{name}}}` in `{value}` (allowed: {expected})"));
        }
        rest = &rest[open + close + 1..];
    }
    for r in required {
        if !value.contains(&format!("{{{r}}}")) {
            return Err(format!("`{value}` must contain {{{r}}}"));
        }
    }
    Ok(())
}

/// `text` (a `release.yaml`) with its top-level `schedule:` section replaced
/// by `section` (or `section` appended when there is none); every other
/// byte, comments included, stays as it was.
pub fn replace_schedule_section(text: &str, section: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("schedule:"));
    let Some(start) = start else {
        let mut out = text.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(section);
        return out;
    };
    // The section runs over indented, blank and comment lines, and ends
    // with its last indented line.
    let mut end = start + 1;
    let mut last_content = start + 1;
    while end < lines.len() {
        let l = lines[end];
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            end += 1;
            continue;
        }
        if l.starts_with(' ') || l.starts_with('\t') || l.starts_with('-') {
            end += 1;
            last_content = end;
            continue;
        }
        break;
    }
    let mut out: String = lines[..start].concat();
    out.push_str(section);
    out.push_str(&lines[last_content..].concat());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ReleaseConfig> {
        ReleaseConfig::parse(text, Path::new("/repo/release.yaml"))
    }

    const FULL: &str = "\
project: Demo
tag: v{version}
branches:
  main: trunk
changelog:
  labels: labels.yaml
version_files:
  - path: Cargo.toml
    pattern: 'version = \"{version}\"'
  - path: include/version.h
    patterns:
      - '#define DEMO_MAJOR {major}'
      - '#define DEMO_MINOR {minor}'
schedule:
  v20:
    start: 2023-04-18
    lts: 2023-10-24
    end: 2026-04-30
    codename: Iron
  21:
    start: 2023-10-17
    end: 2024-06-01
    branch: release-21
";

    #[test]
    fn reads_a_full_policy() {
        let c = parse(FULL).unwrap();
        assert_eq!(c.project, "Demo");
        assert_eq!(c.branches.main, "trunk");
        assert_eq!(c.branches.staging, "v{major}.x-staging");
        assert_eq!(c.changelog.labels.as_deref(), Some("labels.yaml"));
        assert_eq!(c.version_files.len(), 2);
        assert_eq!(c.version_files[1].patterns.len(), 2);
        assert_eq!(c.schedule.lines().len(), 2);
        assert_eq!(c.release_branch(LineId::major(20)), "v20.x");
        assert_eq!(c.release_branch(LineId::major(21)), "release-21");
        assert_eq!(c.staging_branch(LineId::major(21)), "v21.x-staging");
        assert_eq!(c.line_of_branch("v20.x-staging"), Some(LineId::major(20)));
        assert_eq!(c.line_of_branch("release-21"), Some(LineId::major(21)));
        assert_eq!(c.line_of_branch("main"), None);
        assert_eq!(c.line_changelog(LineId::major(20)), "doc/changelogs/CHANGELOG_V20.md");
    }

    #[test]
    fn the_example_policy_is_valid() {
        let c = parse(include_str!("../examples/release.yaml")).unwrap();
        assert_eq!(c.project, "Demo");
        assert_eq!(c.version_files.len(), 3);
        assert_eq!(c.version_files[2].patterns.len(), 6);
        assert_eq!(c.schedule.lines().len(), 4);
        assert_eq!(c.replace.len(), 1);
        assert!(c.commit_lint.knows("packaging") && c.commit_lint.knows("http"));
        assert_eq!(c.commit_lint.title_warn, 50);
        assert_eq!(c.branches, Branches::default());
        assert_eq!(c.changelog.index, ChangelogFiles::default().index);
        assert_eq!(c.changelog.line, ChangelogFiles::default().line);
    }

    #[test]
    fn replacements() {
        let c = parse("replace:\n  - files: 'doc/api/*.md'\n    token: REPLACEME\n").unwrap();
        assert_eq!(c.replace[0].with, "v{version}");
        assert!(c.replace[0].files.is_match("doc/api/fs.md"));
        assert!(!c.replace[0].files.is_match("doc/api/deep/fs.md"));
        let err = parse("replace:\n  - files: 'doc/[api'\n    token: X\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/release.yaml:2: replace: `doc/[api`: not a glob"), "{err}");
        let err = parse("replace:\n  - files: '*.md'\n    token: X\n    with: '{codename}'\n").unwrap_err().to_string();
        assert!(err.contains("with: unknown placeholder `{codename}`"), "{err}");
    }

    #[test]
    fn defaults_and_tags() {
        let c = parse("").unwrap();
        assert_eq!(c.project, "repo");
        let v: semver::Version = "20.1.0".parse().unwrap();
        assert_eq!(c.tag_name(&v), "v20.1.0");
        assert_eq!(c.proposal_branch(&v), "v20.1.0-proposal");
        assert_eq!(c.version_of_tag("v20.1.0"), Some(v));
        assert_eq!(c.version_of_tag("20.1.0"), None);
        assert_eq!(c.version_of_tag("v20.1"), None);
        let c = parse("tag: release-{version}\n").unwrap();
        assert_eq!(c.version_of_tag("release-1.2.3"), Some("1.2.3".parse().unwrap()));
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let err = parse("project: x\nbranches:\n  release: v{mjaor}.x\n").unwrap_err().to_string();
        assert_eq!(
            err,
            "/repo/release.yaml:3: branches.release: unknown placeholder `{mjaor}` in `v{mjaor}.x` (allowed: {major})"
        );
        let err = parse("tag: release\n").unwrap_err().to_string();
        assert_eq!(err, "/repo/release.yaml:1: tag: `release` must contain {version}");
        let err = parse("project: x\nbranchs: {}\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/release.yaml:2: unknown field `branchs`"), "{err}");
        let err =
            parse("schedule:\n  v20:\n    start: 2023-04-18\n    maintainance: 2024-01-01\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/release.yaml:4: schedule.v20: unknown phase or field `maintainance`"), "{err}");
        let err = parse("schedule:\n  v20:\n    start: 2023-04-18\n    lts: 2023-10-24\n    end: 2023-05-01\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/repo/release.yaml:5: schedule.v20.end: end (2023-05-01) is before lts"), "{err}");
        let err = parse("version_files:\n  - path: a.h\n    pattern: 'X {vers}'\n").unwrap_err().to_string();
        assert!(
            err.starts_with("/repo/release.yaml:3: version_files: `a.h`: pattern `X {vers}`: unknown placeholder"),
            "{err}"
        );
        let err = parse("version_files:\n  - path: a.h\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/release.yaml:2: version_files: `a.h`: give a `pattern`"), "{err}");
        let err = parse("schedule:\n  v20:\n    start: 2023-04-18\n    branch: 'a..b'\n").unwrap_err().to_string();
        assert!(
            err.starts_with("/repo/release.yaml:4: schedule.v20.branch: `a..b` is not a valid branch name"),
            "{err}"
        );
    }

    #[test]
    fn commit_lint_section() {
        let c = parse("").unwrap();
        assert_eq!(c.commit_lint, CommitLint::default());
        let c =
            parse("commit_lint:\n  subsystems: [runtime, release]\n  title_warn: 60\n  require: [PR-URL]\n").unwrap();
        assert!(c.commit_lint.knows("runtime") && c.commit_lint.knows("http"));
        assert_eq!(c.commit_lint.title_warn, 60);
        assert_eq!(c.commit_lint.require, ["PR-URL"]);
        let c = parse("commit_lint:\n  node_subsystems: false\n  subsystems: [runtime]\n").unwrap();
        assert!(!c.commit_lint.knows("http"));
        let err = parse("project: x\ncommit_lint:\n  title_max: 40\n  title_warn: 50\n").unwrap_err().to_string();
        assert_eq!(err, "/repo/release.yaml:4: commit_lint.title_warn: 50 is more than title_max (40)");
        let err = parse("commit_lint:\n  subsystems:\n    - Runtime\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/release.yaml:2: commit_lint.subsystems: `Runtime` is not"), "{err}");
        let err = parse("commit_lint:\n  titel_max: 40\n").unwrap_err().to_string();
        assert!(err.starts_with("/repo/release.yaml:2: commit_lint: unknown field `titel_max`"), "{err}");
    }

    #[test]
    fn schedule_section_is_replaced_in_place() {
        let text =
            "# policy\nproject: x\nschedule:\n  v1:\n    start: 2020-01-01\n\n# trailing comment\ntag: v{version}\n";
        let out = replace_schedule_section(text, "schedule:\n  v2:\n    start: 2021-01-01\n");
        assert_eq!(
            out,
            "# policy\nproject: x\nschedule:\n  v2:\n    start: 2021-01-01\n\n# trailing comment\ntag: v{version}\n"
        );
        let out = replace_schedule_section("project: x", "schedule: {}\n");
        assert_eq!(out, "project: x\n\nschedule: {}\n");
    }
}
