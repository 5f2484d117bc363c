//! Commit-message rules in the manner of Node's core-validate-commit:
//! `subsystem: lowercase summary` with known subsystems, title and body
//! line lengths, and metadata trailers that are present and well formed.
//!
//! The rules read the [`Commit`] model of the `changelog` crate, so a title
//! is split into subsystems exactly as the changelog splits it. Their
//! settings come from the `commit_lint:` section of `release.yaml`
//! ([`CommitLint`]); every finding names its commit, rule and line.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use changelog::Commit;

/// The subsystems of Node's own commits (core-validate-commit's list):
/// known by default, next to those a project adds in `release.yaml`.
pub const NODE_SUBSYSTEMS: &[&str] = &[
    // Core and tooling.
    "benchmark",
    "bootstrap",
    "build",
    "cli",
    "deps",
    "doc",
    "errors",
    "esm",
    "etw",
    "gyp",
    "inspector",
    "lib",
    "loader",
    "meta",
    "msi",
    "node",
    "node-api",
    "perfctr",
    "permission",
    "policy",
    "sea",
    "src",
    "test",
    "tools",
    "typings",
    "wasm",
    "watch",
    "win",
    // Modules.
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "debugger",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "quic",
    "readline",
    "repl",
    "report",
    "sqlite",
    "stream",
    "string_decoder",
    "sys",
    "test_runner",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "wasi",
    "worker",
    "zlib",
];

/// The trailers `land` requires on every commit it lands.
pub const LAND_TRAILERS: &[&str] = &["PR-URL", "Reviewed-By"];

/// The rules' settings: `release.yaml`'s `commit_lint:` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitLint {
    /// Every known subsystem (Node's, unless the project turned them off,
    /// and the project's own).
    pub subsystems: Vec<String>,
    /// A title longer than this many columns is an error (default 72).
    pub title_max: usize,
    /// A title longer than this many columns is a warning (default 50).
    pub title_warn: usize,
    /// A body line longer than this many columns is an error, unless it
    /// holds a URL or code (default 72).
    pub line_max: usize,
    /// Trailer keys every commit must have (`PR-URL`, `Reviewed-By`);
    /// none by default: commits get them when they land.
    pub require: Vec<String>,
}

impl Default for CommitLint {
    fn default() -> CommitLint {
        CommitLint {
            subsystems: NODE_SUBSYSTEMS.iter().map(|s| (*s).to_owned()).collect(),
            title_max: 72,
            title_warn: 50,
            line_max: 72,
            require: Vec::new(),
        }
    }
}

/// How serious a finding is: errors fail the check, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Reported, but the commit passes.
    Warning,
    /// The commit fails.
    Error,
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub level: Level,
    /// The rule's id (`title-length`, `subsystem`, …).
    pub rule: &'static str,
    /// What is wrong.
    pub message: String,
    /// The 1-based line of the message at fault.
    pub line: usize,
}

/// The findings on one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitReport {
    /// The full sha.
    pub sha: String,
    /// The title as written.
    pub title: String,
    /// Why the commit was not checked (`merge`, `release`), if it was not.
    pub skipped: Option<&'static str>,
    /// What is wrong with it, in line order.
    pub findings: Vec<Finding>,
}

impl CommitReport {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }
}

/// The reports on every commit of `range` in `repo`, oldest first (the
/// order they were written in), merges and release commits included as
/// skipped; an empty range gives none. What `git nodus commit-lint`
/// prints, and what landing checks before it finishes.
pub fn check_range(
    repo: &git2::Repository,
    range: &changelog::Range,
    lint: &CommitLint,
) -> changelog::Result<(String, Vec<CommitReport>)> {
    let read = changelog::ReadOptions { skip_release_commits: false, skip_merges: false, tag_pattern: None };
    match changelog::read_commits(repo, range, &read) {
        Ok((resolved, commits)) => Ok((resolved.to_string(), commits.iter().rev().map(|c| lint.check(c)).collect())),
        Err(changelog::Error::EmptyRange { range, .. }) => Ok((range, Vec::new())),
        Err(e) => Err(e),
    }
}

fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn is_url(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")) else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty() && host.contains('.') && !value.contains(char::is_whitespace)
}

fn has_url(line: &str) -> bool {
    line.split_whitespace().any(|w| {
        let w = w.trim_start_matches(['<', '(', '[', '"', '\'']);
        w.starts_with("http://") || w.starts_with("https://")
    })
}

/// `Name <email>`, with a name and an email that has a local part and a
/// domain.
fn is_person(value: &str) -> bool {
    let Some((name, rest)) = value.split_once('<') else { return false };
    let Some(email) = rest.strip_suffix('>') else { return false };
    let Some((local, domain)) = email.split_once('@') else { return false };
    !name.trim().is_empty()
        && !local.is_empty()
        && !domain.is_empty()
        && !email.contains(['<', '>', ' '])
        && !domain.starts_with('.')
}

impl CommitLint {
    /// These settings with [`LAND_TRAILERS`] required, as `land` checks.
    pub fn for_landing(&self) -> CommitLint {
        let mut lint = self.clone();
        for key in LAND_TRAILERS {
            if !lint.require.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                lint.require.push((*key).to_owned());
            }
        }
        lint
    }

    /// Whether `name` (`deps`, or `deps(v8)`) is a known subsystem.
    pub fn knows(&self, name: &str) -> bool {
        let base = name.split('(').next().unwrap_or(name);
        self.subsystems.iter().any(|s| s == base)
    }

    /// Checks one commit. Merges and release commits are skipped, as
    /// core-validate-commit skips them.
    pub fn check(&self, commit: &Commit) -> CommitReport {
        let mut report =
            CommitReport { sha: commit.sha.clone(), title: commit.title.clone(), skipped: None, findings: Vec::new() };
        if commit.is_merge() {
            report.skipped = Some("merge");
            return report;
        }
        if commit.release_commit {
            report.skipped = Some("release");
            return report;
        }
        let lines: Vec<&str> = commit.message.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
        let Some(title_index) = lines.iter().position(|l| !l.trim().is_empty()) else {
            report.findings.push(Finding {
                level: Level::Error,
                rule: "title-format",
                message: "the message is empty".into(),
                line: 1,
            });
            return report;
        };
        let mut push =
            |level, rule, message: String, line| report.findings.push(Finding { level, rule, message, line });
        let title_line = title_index + 1;
        let title = lines[title_index].trim_end();

        // --- title-format, subsystem -------------------------------------
        // A revert is checked by the title it reverts.
        let checked = commit.revert.as_ref().map_or(title, |r| r.title.as_str());
        match &commit.subsystem_prefix {
            None => push(
                Level::Error,
                "title-format",
                format!("the title must start with `subsystem: ` (known: {})", self.sample()),
                title_line,
            ),
            Some(prefix) => {
                let after = checked.strip_prefix(prefix.as_str()).unwrap_or("");
                if !after.starts_with(": ") || after.starts_with(":  ") {
                    push(
                        Level::Error,
                        "title-format",
                        "the subsystem must be followed by `: ` (a colon and one space)".into(),
                        title_line,
                    );
                }
                let first_word = commit.summary.split_whitespace().next().unwrap_or("");
                if first_word.is_empty() {
                    push(
                        Level::Error,
                        "title-format",
                        "the title has no summary after the subsystem".into(),
                        title_line,
                    );
                } else if first_word.starts_with(char::is_uppercase) && first_word.chars().any(char::is_lowercase) {
                    push(
                        Level::Error,
                        "title-format",
                        format!("the summary must start in lowercase, not `{first_word}`"),
                        title_line,
                    );
                }
                for name in &commit.subsystems {
                    if !self.knows(name) {
                        push(
                            Level::Error,
                            "subsystem",
                            format!(
                                "unknown subsystem `{name}` (add it to commit_lint.subsystems in release.yaml if it is one)"
                            ),
                            title_line,
                        );
                    }
                }
            }
        }

        // --- title-length -------------------------------------------------
        let columns = width(title);
        if columns > self.title_max {
            push(
                Level::Error,
                "title-length",
                format!("the title is {columns} columns; at most {}", self.title_max),
                title_line,
            );
        } else if columns > self.title_warn {
            push(
                Level::Warning,
                "title-length",
                format!("the title is {columns} columns; {} or fewer reads best", self.title_warn),
                title_line,
            );
        }

        // --- line-after-title -----------------------------------------------
        let body_start = title_index + 1;
        if lines.get(body_start).is_some_and(|l| !l.trim().is_empty()) {
            push(Level::Error, "line-after-title", "a blank line must follow the title".into(), body_start + 1);
        }

        // --- line-length ----------------------------------------------------
        // URLs cannot be wrapped, and neither can code: fenced blocks and
        // lines indented by four spaces or a tab are left alone.
        let mut fenced = false;
        for (i, line) in lines.iter().enumerate().skip(body_start) {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced || line.starts_with("    ") || line.starts_with('\t') || has_url(line) {
                continue;
            }
            let columns = width(line);
            if columns > self.line_max {
                push(
                    Level::Error,
                    "line-length",
                    format!("the line is {columns} columns; at most {}", self.line_max),
                    i + 1,
                );
            }
        }

        // --- metadata -------------------------------------------------------
        let mut present: Vec<&str> = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(body_start) {
            let Some((key, value)) = line.split_once(':') else { continue };
            let key = key.trim();
            let value = value.trim();
            if key.contains(char::is_whitespace) || key.is_empty() {
                continue;
            }
            present.push(key);
            if key.eq_ignore_ascii_case("PR-URL") && !is_url(value) {
                push(Level::Error, "pr-url", format!("PR-URL must be a URL, not `{value}`"), i + 1);
            } else if key.eq_ignore_ascii_case("Reviewed-By") && !is_person(value) {
                push(Level::Error, "reviewers", format!("Reviewed-By must be `Name <email>`, not `{value}`"), i + 1);
            } else if key.eq_ignore_ascii_case("Fixes") && !is_url(value) {
                push(Level::Error, "fixes-url", format!("Fixes must be a URL, not `{value}`"), i + 1);
            }
        }
        let last_line = lines.iter().rposition(|l| !l.trim().is_empty()).map_or(1, |i| i + 1);
        for key in &self.require {
            if !present.iter().any(|p| p.eq_ignore_ascii_case(key)) {
                push(Level::Error, "metadata", format!("the `{key}:` trailer is missing"), last_line);
            }
        }
        report.findings.sort_by_key(|f| f.line);
        report
    }

    /// A few known subsystems, for messages.
    fn sample(&self) -> String {
        let mut names: Vec<&str> = self.subsystems.iter().map(String::as_str).take(6).collect();
        if self.subsystems.len() > names.len() {
            names.push("…");
        }
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use changelog::Person;

    fn check(message: &str) -> Vec<(Level, &'static str, usize)> {
        let commit = Commit::new("0123456789abcdef", Person::new("A", "a@example.com"), Default::default(), message);
        CommitLint::default().for_landing().check(&commit).findings.iter().map(|f| (f.level, f.rule, f.line)).collect()
    }

    const TRAILERS: &str = "PR-URL: https://github.com/nodejs/node/pull/1\nReviewed-By: Anna <anna@example.com>\n";

    #[test]
    fn a_good_message_passes() {
        assert_eq!(check(&format!("http: fix a leak\n\nWhy it leaked.\n\n{TRAILERS}")), []);
        assert_eq!(check(&format!("http,net: fix a leak\n\n{TRAILERS}")), []);
        assert_eq!(check(&format!("deps(v8): update to 12\n\n{TRAILERS}")), []);
        assert_eq!(check(&format!("Revert \"http: fix a leak\"\n\n{TRAILERS}")), []);
        assert_eq!(check(&format!("http: URL parsing on Windows\n\n{TRAILERS}")), []);
    }

    #[test]
    fn each_rule_fires() {
        use Level::*;
        assert_eq!(check(&format!("fix a leak\n\n{TRAILERS}")), [(Error, "title-format", 1)]);
        assert_eq!(check(&format!("http: Fix a leak\n\n{TRAILERS}")), [(Error, "title-format", 1)]);
        assert_eq!(check(&format!("htttp: fix a leak\n\n{TRAILERS}")), [(Error, "subsystem", 1)]);
        let long = format!("http: {}\n\n{TRAILERS}", "word ".repeat(10));
        assert_eq!(check(&long), [(Warning, "title-length", 1)]);
        let longer = format!("http: {}\n\n{TRAILERS}", "word ".repeat(14));
        assert_eq!(check(&longer), [(Error, "title-length", 1)]);
        assert_eq!(check(&format!("http: fix\nmore\n\n{TRAILERS}")), [(Error, "line-after-title", 2)]);
        let body = format!("http: fix\n\n{}\n\n{TRAILERS}", "x".repeat(73));
        assert_eq!(check(&body), [(Error, "line-length", 3)]);
        let url = format!("http: fix\n\nSee https://example.com/{}\n\n{TRAILERS}", "x".repeat(80));
        assert_eq!(check(&url), []);
        assert_eq!(
            check("http: fix\n\nPR-URL: 42\nReviewed-By: Anna\nFixes: #3\n"),
            [(Error, "pr-url", 3), (Error, "reviewers", 4), (Error, "fixes-url", 5)]
        );
        assert_eq!(check("http: fix\n\nWhy.\n"), [(Error, "metadata", 3), (Error, "metadata", 3)]);
    }

    #[test]
    fn merges_and_release_commits_are_skipped() {
        let mut c = Commit::new("1", Person::new("A", "a@x.org"), Default::default(), "Merge branch 'x'");
        c.parents = vec!["a".into(), "b".into()];
        assert_eq!(CommitLint::default().check(&c).skipped, Some("merge"));
        let c = Commit::new("1", Person::new("A", "a@x.org"), Default::default(), "Working on v20.1.1");
        assert_eq!(CommitLint::default().check(&c).skipped, Some("release"));
    }
}
