//! Member lists: rendered as Markdown (Node's README style) or JSON, and
//! kept in step inside a README between markers.
//!
//! A README section looks like this; `gov readme` rewrites what is between
//! the two markers and leaves everything else alone:
//!
//! ```markdown
//! <!-- gov:members role=tsc -->
//! * [alice](https://github.com/alice) - **Alice Liddell** <<alice@example.com>> (she/her)
//! <!-- gov:end -->
//! ```

use std::path::Path;

use crate::config::{Governance, Member};
use crate::error::{Error, Result};

const START: &str = "<!-- gov:members";
const END: &str = "<!-- gov:end -->";

/// One Markdown list line for `m`.
pub fn markdown_line(m: &Member) -> String {
    let mut line = format!("* [{0}](https://github.com/{0}) - **{1}**", m.handle, m.name);
    if let Some(email) = &m.email {
        line.push_str(&format!(" <<{email}>>"));
    }
    if let Some(p) = &m.pronouns {
        line.push_str(&format!(" ({p})"));
    }
    line
}

/// A Markdown list of `members`, sorted by handle (ignoring case).
pub fn markdown(members: &[&Member]) -> String {
    let mut sorted = members.to_vec();
    sorted.sort_by_key(|m| m.handle.to_ascii_lowercase());
    sorted.iter().map(|m| markdown_line(m) + "\n").collect()
}

/// What [`update_readme`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadmeUpdate {
    /// The README with every section brought up to date.
    pub text: String,
    /// The roles of the sections found, in order.
    pub sections: Vec<String>,
    /// Whether anything changed.
    pub changed: bool,
}

/// Rewrites each `<!-- gov:members role=R -->` … `<!-- gov:end -->`
/// section of `readme` (read from `path`, named in errors) with the members
/// holding role R.
pub fn update_readme(gov: &Governance, path: &Path, readme: &str) -> Result<ReadmeUpdate> {
    let err = |line: usize, message: String| Error::Markers {
        path: path.to_owned(),
        message: format!("line {line}: {message}"),
    };
    let mut out = String::with_capacity(readme.len());
    let mut sections = Vec::new();
    let mut inside: Option<usize> = None;
    for (i, line) in readme.split_inclusive('\n').enumerate() {
        let n = i + 1;
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(START) {
            if let Some(open) = inside {
                return Err(err(n, format!("section opened on line {open} is not closed before this one (`{END}`)")));
            }
            let args = rest.trim_end_matches("-->").trim();
            let role = args.strip_prefix("role=").map(str::trim).unwrap_or("");
            if role.is_empty() || args.contains(' ') {
                return Err(err(n, format!("expected `{START} role=ROLE -->`, found `{trimmed}`")));
            }
            if !gov.knows_role(role) {
                return Err(err(n, format!("unknown role `{role}`")));
            }
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&markdown(&gov.members_with(role)));
            sections.push(role.to_owned());
            inside = Some(n);
        } else if trimmed == END {
            if inside.take().is_none() {
                return Err(err(n, format!("`{END}` without a `{START} role=… -->` before it")));
            }
            out.push_str(line);
        } else if inside.is_none() {
            out.push_str(line);
        }
    }
    if let Some(open) = inside {
        return Err(err(open, format!("section is not closed (`{END}`)")));
    }
    if sections.is_empty() {
        return Err(Error::Markers {
            path: path.to_owned(),
            message: format!("no member sections: add `{START} role=tsc -->` and `{END}` lines where the list goes"),
        });
    }
    let changed = out != readme;
    Ok(ReadmeUpdate { text: out, sections, changed })
}

/// Brings the member sections of the README at `path` up to date,
/// replacing the file atomically. Returns what changed.
pub fn write_readme(gov: &Governance, path: &Path) -> Result<ReadmeUpdate> {
    let text = Error::read_text(path)?;
    let update = update_readme(gov, path, &text)?;
    if update.changed {
        let tmp = path.with_extension("gov-tmp");
        std::fs::write(&tmp, &update.text).and_then(|()| std::fs::rename(&tmp, path)).map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            Error::Write { path: path.to_owned(), source }
        })?;
    }
    Ok(update)
}
