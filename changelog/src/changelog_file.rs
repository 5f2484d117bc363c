//! Release entries in Node's changelog files: a section at the top of
//! `CHANGELOG_V{major}.md`, and the root `CHANGELOG.md` index table.
//!
//! Everything is computed first and checked; only then are the files
//! replaced (each written to a temporary file and renamed), so a bad input
//! leaves both files as they were. Apart from the new section and the new
//! table lines, every byte of the existing files is kept.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::render::{Changelog, ReleaseView};

/// The status of a release line, as Node's headings show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReleaseStatus {
    /// `(Current)`.
    #[default]
    Current,
    /// `(LTS)`: active long-term support.
    Lts,
    /// `(Maintenance)`: maintenance long-term support.
    Maintenance,
}

impl ReleaseStatus {
    /// `Current`, `LTS` or `Maintenance`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseStatus::Current => "Current",
            ReleaseStatus::Lts => "LTS",
            ReleaseStatus::Maintenance => "Maintenance",
        }
    }
}

impl fmt::Display for ReleaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReleaseStatus {
    type Err = Error;

    fn from_str(s: &str) -> Result<ReleaseStatus> {
        match s.to_ascii_lowercase().as_str() {
            "current" => Ok(ReleaseStatus::Current),
            "lts" => Ok(ReleaseStatus::Lts),
            "maintenance" => Ok(ReleaseStatus::Maintenance),
            _ => Err(Error::InvalidValue {
                what: "release status",
                value: s.to_owned(),
                reason: "expected current, lts or maintenance".into(),
            }),
        }
    }
}

/// The release a new changelog entry is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseEntry {
    /// The version released (`20.1.0`).
    pub version: semver::Version,
    /// The release date.
    pub date: NaiveDate,
    /// The LTS codename (`Iron`), shown in quotes after the version.
    pub codename: Option<String>,
    /// Current, LTS or Maintenance.
    pub status: ReleaseStatus,
    /// The releaser's GitHub handle (with or without `@`).
    pub releaser: Option<String>,
    /// A security release: Notable Changes opens with "This is a security release."
    pub security: bool,
}

impl ReleaseEntry {
    /// A Current release of `version` on `date`, no codename or releaser.
    pub fn new(version: semver::Version, date: NaiveDate) -> ReleaseEntry {
        ReleaseEntry { version, date, codename: None, status: ReleaseStatus::Current, releaser: None, security: false }
    }

    /// `## 2024-05-01, Version 20.1.0 'Iron' (LTS), @releaser`.
    pub fn heading(&self) -> String {
        let mut s = format!("## {}, Version {}", self.date.format("%Y-%m-%d"), self.version);
        if let Some(codename) = &self.codename {
            s.push_str(&format!(" '{codename}'"));
        }
        s.push_str(&format!(" ({})", self.status));
        if let Some(releaser) = &self.releaser {
            s.push_str(&format!(", @{}", releaser.trim_start_matches('@')));
        }
        s
    }

    /// The data templates see under `release`.
    pub fn view(&self) -> ReleaseView {
        ReleaseView {
            version: self.version.to_string(),
            date: self.date.format("%Y-%m-%d").to_string(),
            codename: self.codename.clone(),
            status: self.status.to_string(),
            releaser: self.releaser.as_ref().map(|r| r.trim_start_matches('@').to_owned()),
            security: self.security,
        }
    }

    /// The whole section: anchor, heading, Notable Changes and Commits, in
    /// Node's shape, ending with a blank line.
    pub fn render(&self, changelog: &Changelog) -> Result<String> {
        let lines = |commits: &[crate::render::CommitView]| -> String {
            commits
                .iter()
                .map(|c| match &c.node_markdown {
                    Some(line) => format!("{line}\n"),
                    None => format!(
                        "{}\n",
                        crate::render::CommitView::new(c.commit.clone(), changelog.repository.as_ref())
                            .node_markdown
                            .unwrap_or_default()
                    ),
                })
                .collect()
        };
        // The node lines need links: fail like the `node` format does.
        if changelog.repository.is_none() {
            return Err(Error::NoRepoUrl);
        }
        let mut s = format!("<a id=\"{}\"></a>\n\n{}\n\n### Notable Changes\n\n", self.version, self.heading());
        if self.security {
            s.push_str("This is a security release.\n\n");
        }
        let notable: Vec<crate::render::CommitView> = changelog.commits.iter().filter(|c| c.notable).cloned().collect();
        let notable = notable.as_slice();
        if notable.is_empty() {
            s.push_str(
                "No commits in this release are labelled `notable-change`, `semver-minor` or `semver-major`.\n\n",
            );
        } else {
            s.push_str(&lines(notable));
            s.push('\n');
        }
        s.push_str("### Commits\n\n");
        s.push_str(&lines(&changelog.commits));
        s.push('\n');
        Ok(s)
    }
}

/// What [`write_release`] changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The major-version changelog file.
    pub changelog: PathBuf,
    /// The root index, when it was updated.
    pub index: Option<PathBuf>,
}

/// The major version a file is for, from its name `CHANGELOG_V20.md`.
fn file_major(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix("CHANGELOG_V")?.strip_suffix(".md")?.parse().ok()
}

/// Inserts `section` (from [`ReleaseEntry::render`]) into the text of a
/// major-version changelog: before the newest entry (the first
/// `<a id="…">`), and a link in the version table when the file has one.
/// `path` is for errors and the file-name check.
pub fn insert_entry(path: &Path, existing: &str, entry: &ReleaseEntry, section: &str) -> Result<String> {
    let bad = |message: String| Error::ChangelogFile { path: path.to_owned(), message };
    let version = entry.version.to_string();
    if let Some(major) = file_major(path) {
        if major != entry.version.major {
            return Err(bad(format!("is for {major}.x, not for version {version}")));
        }
    }
    let anchor = format!("<a id=\"{version}\"></a>");
    if existing.contains(&anchor) {
        return Err(bad(format!("already has an entry for {version}")));
    }
    let mut text = existing.to_owned();
    // The version table (`<table>` … `</table>` before the first entry).
    let first_entry = text.find("<a id=\"").unwrap_or(text.len());
    if let Some(table_start) = text[..first_entry].find("<table>") {
        let table_end = text[table_start..first_entry]
            .find("</table>")
            .map(|i| table_start + i)
            .ok_or_else(|| bad("its version table has no `</table>`".into()))?;
        let table = text[table_start..table_end].to_owned();
        let new_table = add_to_version_table(&table, entry).map_err(bad)?;
        text.replace_range(table_start..table_end, &new_table);
    }
    let at = text.find("<a id=\"").unwrap_or(text.len());
    let mut insert = section.to_owned();
    if at == text.len() {
        // No entries yet: append, one blank line after what is there.
        let trimmed = text.trim_end_matches('\n').len();
        text.truncate(trimmed);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        insert = section.trim_end_matches('\n').to_owned() + "\n";
    }
    text.insert_str(at, &insert);
    Ok(text)
}

/// Adds `<a href="#V">V</a><br/>` at the top of the table column for the
/// entry's status (`LTS …` or `Current`), creating the column if needed.
fn add_to_version_table(table: &str, entry: &ReleaseEntry) -> std::result::Result<String, String> {
    let version = entry.version.to_string();
    let link = format!("<a href=\"#{version}\">{version}</a><br/>\n");
    let lts = entry.status != ReleaseStatus::Current;
    let headers: Vec<(usize, &str)> = table.match_indices("<th>").map(|(i, _)| (i, &table[i..])).collect();
    let column =
        headers.iter().position(|(_, h)| if lts { h.starts_with("<th>LTS") } else { h.starts_with("<th>Current") });
    let tds: Vec<usize> = table.match_indices("<td>").map(|(i, _)| i).collect();
    let mut out = table.to_owned();
    match column {
        Some(k) => {
            let td = *tds.get(k).ok_or_else(|| format!("its version table has no cell for column {}", k + 1))?;
            let after = td + "<td>".len();
            let after = if out[after..].starts_with('\n') { after + 1 } else { after };
            out.insert_str(after, &link);
        }
        None => {
            // A new first column.
            let th = match (&entry.codename, lts) {
                (Some(c), true) => format!("<th>LTS '{c}'</th>\n"),
                (None, true) => "<th>LTS</th>\n".to_owned(),
                _ => "<th>Current</th>\n".to_owned(),
            };
            let first_td = tds.first().copied();
            let first_th = headers.first().map(|(i, _)| *i);
            match (first_th, first_td) {
                (Some(th_at), Some(td_at)) => {
                    out.insert_str(td_at, &format!("<td>\n{link}</td>\n"));
                    out.insert_str(th_at, &th);
                }
                _ => return Err("its version table has no `<th>` and `<td>` cells".into()),
            }
        }
    }
    Ok(out)
}

/// A new major-version file holding just this entry.
fn new_major_file(entry: &ReleaseEntry, title: &str, section: &str) -> String {
    let version = entry.version.to_string();
    let th = match (&entry.codename, entry.status) {
        (_, ReleaseStatus::Current) => "Current".to_owned(),
        (Some(c), _) => format!("LTS '{c}'"),
        (None, _) => "LTS".to_owned(),
    };
    format!(
        "# {title} {major} ChangeLog\n\n<table>\n<tr>\n<th>{th}</th>\n</tr>\n<tr>\n<td>\n<a href=\"#{version}\">{version}</a><br/>\n</td>\n</tr>\n</table>\n\n{section}",
        major = entry.version.major,
        section = section.trim_end_matches('\n').to_owned() + "\n",
    )
}

/// Updates the root index: the new version, bold, at the top of its
/// major's column (the previous bold one loses its bold); a new column
/// (first) for a new major. `rel` is the major file's path relative to the
/// index (`doc/changelogs/CHANGELOG_V20.md`).
pub fn update_index(
    path: &Path,
    existing: Option<&str>,
    entry: &ReleaseEntry,
    rel: &str,
    title: &str,
) -> Result<String> {
    let bad = |message: String| Error::ChangelogFile { path: path.to_owned(), message };
    let version = entry.version.to_string();
    let major = entry.version.major;
    let line = format!("<b><a href=\"{rel}#{version}\">{version}</a></b><br/>\n");
    let th = format!("<th title=\"{status}\"><a href=\"{rel}\">{major}</a> ({status})</th>\n", status = entry.status);
    let Some(existing) = existing else {
        return Ok(format!(
            "# {title} ChangeLog\n\nSelect a version below to view its changelog history:\n\n* [{title} {major}]({rel})\n\n<table>\n<tr>\n{th}</tr>\n<tr>\n<td valign=\"top\">\n{line}</td>\n</tr>\n</table>\n"
        ));
    };
    if existing.contains(&format!("{rel}#{version}\"")) {
        return Err(bad(format!("already lists {version}")));
    }
    let table_start = existing.find("<table>").ok_or_else(|| bad("has no `<table>` of versions".into()))?;
    let table_end = existing[table_start..]
        .find("</table>")
        .map(|i| table_start + i)
        .ok_or_else(|| bad("its table has no `</table>`".into()))?;
    let mut table = existing[table_start..table_end].to_owned();
    let ths: Vec<usize> =
        table.match_indices("<th").filter(|(i, _)| !table[*i..].starts_with("<thead")).map(|(i, _)| i).collect();
    let tds: Vec<usize> = table.match_indices("<td").map(|(i, _)| i).collect();
    let header = format!("<a href=\"{rel}\">{major}</a>");
    let column = ths.iter().position(|&i| table[i..].split('\n').next().is_some_and(|l| l.contains(&header)));
    match column {
        Some(k) => {
            let td = *tds.get(k).ok_or_else(|| bad(format!("its table has no cell for {major}")))?;
            let open_end = td + table[td..].find('>').ok_or_else(|| bad("has a broken `<td`".into()))? + 1;
            let open_end = if table[open_end..].starts_with('\n') { open_end + 1 } else { open_end };
            let close =
                open_end + table[open_end..].find("</td>").ok_or_else(|| bad("has a `<td>` without `</td>`".into()))?;
            let cell = &table[open_end..close];
            let unbolded: String = cell
                .split_inclusive('\n')
                .map(|l| match l.strip_prefix("<b>").and_then(|r| r.split_once("</b>")) {
                    Some((inner, rest)) => format!("{inner}{rest}"),
                    None => l.to_owned(),
                })
                .collect();
            table.replace_range(open_end..close, &format!("{line}{unbolded}"));
        }
        None => {
            let (Some(&th_at), Some(&td_at)) = (ths.first(), tds.first()) else {
                return Err(bad("its table has no `<th>` and `<td>` cells".into()));
            };
            table.insert_str(td_at, &format!("<td valign=\"top\">\n{line}</td>\n"));
            table.insert_str(th_at, &th);
        }
    }
    let mut out = existing.to_owned();
    out.replace_range(table_start..table_end, &table);
    Ok(out)
}

fn read_optional(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { action: "cannot read", path: path.to_owned(), source }),
    }
}

fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        action: "cannot create folder for",
        path: path.to_owned(),
        source,
    })?;
    let tmp = dir.join(format!(".{}.nodus-tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("changelog")));
    std::fs::write(&tmp, contents).map_err(|source| Error::Io { action: "cannot write", path: tmp.clone(), source })?;
    std::fs::rename(&tmp, path).map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        Error::Io { action: "cannot replace", path: path.to_owned(), source }
    })
}

/// The path of `target` relative to folder `from`, with `/` separators
/// (both are made absolute first).
fn relative(from: &Path, target: &Path) -> String {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_owned()
        } else {
            std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_owned())
        };
        // Resolve `.` and `..` lexically; the files may not exist yet.
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    let (from, target) = (abs(from), abs(target));
    let common = from.components().zip(target.components()).take_while(|(a, b)| a == b).count();
    let ups = from.components().count() - common;
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_owned(), ups).collect();
    parts.extend(target.components().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Writes a release entry for `changelog` into `file` (creating it when
/// missing) and, when `index` is given, the root index table. `title`
/// names the project in new files' headings (`Node.js`).
///
/// Both new texts are computed and checked before either file is touched.
pub fn write_release(
    file: &Path,
    index: Option<&Path>,
    entry: &ReleaseEntry,
    changelog: &Changelog,
    title: &str,
) -> Result<Written> {
    let mut data = changelog.clone();
    data.release = Some(entry.view());
    let section = entry.render(&data)?;
    let new_file = match read_optional(file)? {
        Some(existing) => insert_entry(file, &existing, entry, &section)?,
        None => {
            if let Some(major) = file_major(file) {
                if major != entry.version.major {
                    return Err(Error::ChangelogFile {
                        path: file.to_owned(),
                        message: format!("is for {major}.x, not for version {}", entry.version),
                    });
                }
            }
            new_major_file(entry, title, &section)
        }
    };
    let new_index = match index {
        Some(index) if index != file => {
            let dir = index.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let rel = relative(dir, file);
            Some((index, update_index(index, read_optional(index)?.as_deref(), entry, &rel, title)?))
        }
        _ => None,
    };
    write_atomic(file, &new_file)?;
    if let Some((index, text)) = &new_index {
        write_atomic(index, text)?;
    }
    Ok(Written { changelog: file.to_owned(), index: new_index.map(|(p, _)| p.to_owned()) })
}
