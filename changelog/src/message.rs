//! Parsing commit messages: Node-style titles and trailers, Conventional
//! Commits, reverts and release commits. Pure string work, no git.
//!
//! The Node-style rules follow what Node's `changelog-maker` does with the
//! output of `git log --pretty=full`, so that our `node` format lists the same
//! subsystem, summary, pull request and CVE for every commit.

use std::sync::LazyLock;

use regex::Regex;

use chrono::{DateTime, FixedOffset};

use crate::commit::{Commit, Conventional, Person, Revert, Trailer};

macro_rules! regex {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($re).expect("valid built-in regex"));
    };
}

// `Co-authored-by: Name <email>` (and `Author:`), as changelog-maker reads them.
regex!(CO_AUTHOR, r"(?i)^\s*(?:Author|Co[- ]?authored[- ]?by):?\s*([^<]+) <([^>]+)>\s*$");
regex!(REVIEWER, r"(?i)^\s*Reviewed[- ]?By:?\s*([^<]+) <([^>]+)>\s*$");
// changelog-maker wants exactly five digits; CVE ids may have more.
regex!(CVE, r"\bCVE-ID:\s+(CVE-[0-9]{4}-[0-9]{4,})\b");
regex!(PR_LINE, r"^\s*PR(?:[- ]?URL)?:?\s*(.+?)\s*$");
regex!(PR_SUFFIX, r"\(#([0-9]+)\)$");
regex!(TITLE_PR_SUFFIX, r"^(.*)\s\(#[0-9]+\)$");
regex!(REVERT, r#"(?i)^revert\s+"?"#);
regex!(REVERTED_SHA, r"(?i)This reverts commit ([0-9a-f]{7,64})");
regex!(GROUP, r"(?i)^((?::?[A-Za-z0-9_]|-|,|, )+(\([A-Za-z0-9_.,-]+\))?)!?:\s*");
regex!(PERSON, r"^\s*(.*?)\s*<([^>]*)>\s*$");
regex!(PR_NUMBER, r"(?:^#?|/)([0-9]+)/?$");
regex!(WORKING_ON, r"^Working on v?[0-9]{1,2}\.[0-9]{1,3}\.[0-9]{1,3}$");
regex!(
    RELEASE_TITLE,
    r#"^[0-9]{4}-[0-9]{2}-[0-9]{2},? (?:Node\.js|Version) v?[0-9]{1,2}\.[0-9]{1,3}\.[0-9]{1,3} (?:["'][A-Za-z ]+["'] )?\((?:Current|Stable|LTS|Maintenance)\)"#
);
regex!(IOJS_RELEASE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2},? io.js v[0-9]{1,2}\.[0-9]{1,3}\.[0-9]{1,3} Release");
regex!(NPM_VERSION, r"^[0-9]+\.[0-9]+\.[0-9]+$");

/// Trailer keys recognised anywhere in the body; other `Key: value` lines
/// count as trailers only in the last paragraph.
const KNOWN_TRAILERS: &[&str] = &[
    "PR-URL",
    "Backport-PR-URL",
    "Reviewed-By",
    "Fixes",
    "Refs",
    "CVE-ID",
    "Signed-off-by",
    "Co-authored-by",
    "BREAKING CHANGE",
    "BREAKING-CHANGE",
];

/// Whether `title` is a Node release commit, the rule of changelog-maker's
/// `isReleaseCommit`: `Working on v1.2.3`, `2024-01-09, Version 20.11.0
/// 'Iron' (LTS), @releaser`, `2015-01-20, io.js v1.0.3 Release`, or a bare
/// `1.2.3` (`npm version`).
pub fn is_release_commit(title: &str) -> bool {
    WORKING_ON.is_match(title)
        || RELEASE_TITLE.is_match(title)
        || IOJS_RELEASE.is_match(title)
        || NPM_VERSION.is_match(title)
}

/// Whether a title is a revert (`Revert "…"`).
pub(crate) fn is_revert_title(title: &str) -> bool {
    REVERT.is_match(title)
}

/// The number at the end of a pull-request URL or `#123`.
pub(crate) fn pr_number(url: &str) -> Option<u64> {
    PR_NUMBER.captures(url.trim())?.get(1)?.as_str().parse().ok()
}

/// The title without a leading `Revert "` and its closing quote.
fn strip_revert(title: &str) -> &str {
    match REVERT.find(title) {
        Some(m) => {
            let rest = &title[m.end()..];
            rest.strip_suffix('"').unwrap_or(rest)
        }
        None => title,
    }
}

/// Splits a (revert-stripped) title into its subsystem prefix and the rest.
fn split_subsystem(title: &str) -> (Option<String>, String) {
    match GROUP.captures(title) {
        Some(caps) => {
            let whole = caps.get(0).expect("group 0 always matches");
            let prefix = caps.get(1).map(|g| g.as_str().to_owned()).filter(|p| !p.is_empty());
            (prefix, title[whole.end()..].to_owned())
        }
        None => (None, title.to_owned()),
    }
}

fn person(caps: &regex::Captures<'_>) -> Person {
    Person::new(&caps[1], &caps[2])
}

fn parse_person(value: &str) -> Person {
    match PERSON.captures(value) {
        Some(caps) => Person::new(&caps[1], &caps[2]),
        None => Person::new(value.trim(), ""),
    }
}

/// A Conventional Commits title `type(scope)!: description`.
fn conventional(title: &str) -> Option<Conventional> {
    let kind_end = title.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(title.len());
    let kind = &title[..kind_end];
    if !kind.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut rest = &title[kind_end..];
    let mut scope = None;
    if let Some(inner) = rest.strip_prefix('(') {
        let close = inner.find(')')?;
        let s = &inner[..close];
        if s.contains(['(', '\r', '\n']) {
            return None;
        }
        scope = Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        rest = &inner[close + 1..];
    }
    let bang = rest.starts_with('!');
    if bang {
        rest = &rest[1..];
    }
    let description = rest.strip_prefix(": ")?;
    if description.is_empty() {
        return None;
    }
    Some(Conventional { kind: kind.to_ascii_lowercase(), scope, bang, description: description.trim().to_owned() })
}

/// A `Key: value` trailer line: the key (letters, digits and dashes,
/// starting with a letter, or `BREAKING CHANGE`) and the trimmed value.
fn trailer(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    let valid = key == "BREAKING CHANGE"
        || (key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    valid.then(|| (key, value.trim()))
}

/// A message line as `git log` prints it: tabs expanded to the next
/// multiple of 8 display columns (counted from the start of the line).
/// changelog-maker reads `git log` output, so Node's changelog shows them so.
fn expand_tabs(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('\t') {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut segment = 0;
    for part in line.split_inclusive('\t') {
        let (text, tab) = match part.strip_suffix('\t') {
            Some(text) => (text, true),
            None => (part, false),
        };
        out.push_str(text);
        segment += unicode_width::UnicodeWidthStr::width(text);
        if tab {
            let pad = 8 - segment % 8;
            out.extend(std::iter::repeat_n(' ', pad));
            segment = 0;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The commit `sha` that `author` made at `time` with `message`, with
/// everything the message says parsed out of it ([`Commit::new`]).
pub(crate) fn parse(sha: String, author: Person, time: DateTime<FixedOffset>, message: &str) -> Commit {
    let lines: Vec<&str> = message.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();

    // --- changelog-maker's line scan -------------------------------------
    // Each line is tested against these rules in order; the first that
    // matches takes the line.
    let mut cm_summary: Option<String> = None;
    let mut pr_url = None;
    let mut reviewers = Vec::new();
    let mut co_authors = Vec::new();
    let mut cve_ids: Vec<String> = Vec::new();
    for line in &lines {
        if line.trim().is_empty() {
            continue;
        }
        // Cheap tests first: most lines match none of the patterns.
        let has_person = line.contains('<') && line.contains('>');
        let start = line.trim_start();
        let lead = |p: &str| start.len() >= p.len() && start.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        if let Some(caps) = (has_person && (lead("co") || lead("author"))).then(|| CO_AUTHOR.captures(line)).flatten() {
            if !start.to_ascii_lowercase().starts_with("author") {
                co_authors.push(person(&caps));
            }
        } else if let Some(caps) = (has_person && lead("reviewed")).then(|| REVIEWER.captures(line)).flatten() {
            reviewers.push(person(&caps));
        } else if let Some(caps) = line.contains("CVE-ID:").then(|| CVE.captures(line)).flatten() {
            let id = caps[1].to_owned();
            if !cve_ids.contains(&id) {
                cve_ids.push(id);
            }
        } else if (start.starts_with("PR") && PR_LINE.is_match(line))
            || (line.ends_with(')') && PR_SUFFIX.is_match(line))
        {
            pr_url = match start.starts_with("PR").then(|| PR_LINE.captures(line)).flatten() {
                Some(caps) => Some(caps[1].to_owned()),
                None => PR_SUFFIX.captures(line).map(|caps| format!("#{}", &caps[1])),
            };
            if cm_summary.is_none() {
                // Untrimmed, as changelog-maker takes it: `fix it  (#12)`
                // keeps the space left before the author (libuv has these).
                if let Some(caps) = TITLE_PR_SUFFIX.captures(&expand_tabs(line)) {
                    cm_summary = Some(caps[1].to_owned());
                }
            }
        } else if cm_summary.is_none() {
            cm_summary = Some(expand_tabs(line).trim().to_owned());
        }
    }

    let title = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("").to_owned();
    let summary_line = cm_summary.unwrap_or_else(|| title.clone());

    // --- revert, subsystem, summary ----------------------------------------
    let revert = if is_revert_title(&summary_line) {
        let sha = REVERTED_SHA.captures(message).map(|c| c[1].to_ascii_lowercase());
        Some(Revert { title: strip_revert(&summary_line).to_owned(), sha })
    } else {
        None
    };
    let (subsystem_prefix, summary) = split_subsystem(strip_revert(&summary_line));
    let subsystems = subsystem_prefix
        .as_deref()
        .map(|p| p.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();

    // --- trailers ------------------------------------------------------------
    let body_start = lines.iter().position(|l| !l.trim().is_empty()).map_or(lines.len(), |i| i + 1);
    let body = &lines[body_start..];
    let content_end = body.iter().rposition(|l| !l.trim().is_empty()).map_or(0, |i| i + 1);
    let last_paragraph_start = body[..content_end].iter().rposition(|l| l.trim().is_empty()).map_or(0, |i| i + 1);
    let mut trailers = Vec::new();
    let mut breaking_changes = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let line = body[i];
        if let Some((key, value)) = trailer(line) {
            let known = KNOWN_TRAILERS.iter().any(|k| k.eq_ignore_ascii_case(key));
            if known || i >= last_paragraph_start {
                let mut value = value.to_owned();
                if key.eq_ignore_ascii_case("BREAKING CHANGE") || key.eq_ignore_ascii_case("BREAKING-CHANGE") {
                    // The footer runs on to the end of its paragraph.
                    while i + 1 < body.len() && !body[i + 1].trim().is_empty() && trailer(body[i + 1]).is_none() {
                        i += 1;
                        value.push('\n');
                        value.push_str(body[i].trim());
                    }
                    breaking_changes.push(value.clone());
                }
                trailers.push(Trailer { key: key.to_owned(), value });
            }
        }
        i += 1;
    }
    let values = |key: &str| -> Vec<String> {
        trailers.iter().filter(|t| t.key.eq_ignore_ascii_case(key)).map(|t| t.value.clone()).collect()
    };
    let backport_pr_urls = values("Backport-PR-URL");
    let fixes = values("Fixes");
    let refs = values("Refs");
    let signed_off_by = values("Signed-off-by").iter().map(|v| parse_person(v)).collect();

    // --- conventional ----------------------------------------------------------
    let conventional = conventional(&title);

    let release_commit = is_release_commit(&summary_line);
    Commit {
        sha,
        parents: Vec::new(),
        committer: author.clone(),
        author,
        author_time: time,
        commit_time: time,
        message: message.to_owned(),
        title,
        subsystem_prefix,
        subsystems,
        summary,
        conventional,
        breaking_changes,
        trailers,
        pr_url,
        backport_pr_urls,
        reviewers,
        co_authors,
        signed_off_by,
        fixes,
        refs,
        cve_ids,
        revert,
        release_commit,
        labels: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(message: &str) -> Commit {
        super::parse(String::new(), Person::new("A", "a@example.com"), DateTime::default(), message)
    }

    #[test]
    fn node_title_and_trailers() {
        let m = parse(
            "http,net: fix `keepAlive` leak\n\nLonger text.\n\nFixes: https://github.com/nodejs/node/issues/1\n\
             PR-URL: https://github.com/nodejs/node/pull/42\nReviewed-By: Anna <anna@example.com>\n",
        );
        assert_eq!(m.title, "http,net: fix `keepAlive` leak");
        assert_eq!(m.subsystem_prefix.as_deref(), Some("http,net"));
        assert_eq!(m.subsystems, ["http", "net"]);
        assert_eq!(m.summary, "fix `keepAlive` leak");
        assert_eq!(m.pr_url.as_deref(), Some("https://github.com/nodejs/node/pull/42"));
        assert_eq!(m.fixes, ["https://github.com/nodejs/node/issues/1"]);
        assert_eq!(m.reviewers, [Person::new("Anna", "anna@example.com")]);
        assert_eq!(pr_number(m.pr_url.as_deref().unwrap()), Some(42));
    }

    #[test]
    fn tabs_expand_like_git_log() {
        assert_eq!(parse("http: ab\tc").summary, "ab        c");
        assert_eq!(parse("日本\tx").summary, "日本    x");
        assert_eq!(parse("a\tb\tc").summary, "a       b       c");
    }

    #[test]
    fn a_pr_suffix_keeps_the_spaces_before_it() {
        assert_eq!(parse("win: fix it  (#12)").summary, "fix it ");
        assert_eq!(parse("win: fix it (#12)").summary, "fix it");
        assert_eq!(parse("win: fix it  ").summary, "fix it");
    }

    #[test]
    fn release_commits() {
        assert!(is_release_commit("2024-01-09, Version 20.11.0 'Iron' (LTS), @UlisesGascon"));
        assert!(is_release_commit("2023-04-18, Version 20.0.0 (Current), @RafaelGSS"));
        assert!(is_release_commit("Working on v20.1.1"));
        assert!(is_release_commit("1.2.3"));
        assert!(!is_release_commit("doc: release notes for 20.1.0"));
    }
}
