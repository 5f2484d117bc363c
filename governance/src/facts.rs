//! The facts about a pull request that the landing rules look at, as a
//! forge reports them. The same types are the format of a facts file
//! (`git nodus gov facts` writes one; the file forge reads it).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Team memberships, `org/team-slug` → logins.
pub type Teams = BTreeMap<String, Vec<String>>;

/// A pull request and everything around it that the rules need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullRequest {
    /// Its number.
    pub number: u64,
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// Its web address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Login of whoever opened it.
    pub author: String,
    /// Open, closed or merged.
    #[serde(default)]
    pub state: PrState,
    /// Whether it is a draft.
    #[serde(default)]
    pub draft: bool,
    /// When it was opened: the wait rules count from here.
    pub created_at: DateTime<Utc>,
    /// Label names.
    #[serde(default)]
    pub labels: Vec<String>,
    /// The description (Markdown), where landing finds `Fixes:` and
    /// `Refs:` links.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// Its commits, oldest first; the last one is the head.
    #[serde(default)]
    pub commits: Vec<PrCommit>,
    /// Reviews, in the order they were submitted.
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// CI check runs reported on the head commit.
    #[serde(default)]
    pub checks: Vec<CheckRun>,
    /// Conversation comments (not review comments).
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Paths of the files it changes.
    #[serde(default)]
    pub files: Vec<String>,
}

impl PullRequest {
    /// The head commit, if the pull request has commits.
    pub fn head(&self) -> Option<&PrCommit> {
        self.commits.last()
    }

    /// Whether it carries `label`.
    pub fn has_label(&self, label: &str) -> bool {
        self.labels.iter().any(|l| l == label)
    }
}

/// Whether a pull request is still open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrState {
    /// Open.
    #[default]
    Open,
    /// Closed without merging.
    Closed,
    /// Merged.
    Merged,
}

/// One commit of a pull request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrCommit {
    /// Full hash.
    pub sha: String,
    /// Committer date: when the commit was made (GitHub keeps no push time).
    pub date: DateTime<Utc>,
    /// The commit message (its first line is the title).
    #[serde(default)]
    pub message: String,
    /// GitHub login of the author, when GitHub knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl PrCommit {
    /// The first line of the message.
    pub fn title(&self) -> &str {
        self.message.lines().next().unwrap_or("")
    }

    /// The abbreviated hash.
    pub fn short(&self) -> &str {
        &self.sha[..self.sha.len().min(10)]
    }
}

/// A submitted review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Reviewer's login.
    pub user: String,
    /// What the review said.
    pub state: ReviewState,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// The commit that was head when it was submitted, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// What a review said, as GitHub reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Approved.
    Approved,
    /// Asked for changes.
    ChangesRequested,
    /// Only commented.
    Commented,
    /// Was an approval or a change request, and someone dismissed it.
    Dismissed,
    /// Not yet submitted.
    Pending,
}

/// A CI check run on the head commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRun {
    /// Its name (e.g. `test-linux`).
    pub name: String,
    /// Where it is.
    pub status: CheckStatus,
    /// How it ended, once completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<CheckConclusion>,
}

/// Where a check run is (GitHub's `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// Queued.
    Queued,
    /// Running.
    InProgress,
    /// Done; see the conclusion.
    Completed,
    /// Waiting for a deployment protection rule.
    Waiting,
    /// Requested.
    Requested,
    /// Pending.
    Pending,
}

/// How a completed check run ended (GitHub's `conclusion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckConclusion {
    /// Passed.
    Success,
    /// Failed.
    Failure,
    /// Neither: counts as green.
    Neutral,
    /// Cancelled.
    Cancelled,
    /// Skipped: counts as green.
    Skipped,
    /// Timed out.
    TimedOut,
    /// Needs someone to act.
    ActionRequired,
    /// Superseded.
    Stale,
}

impl CheckConclusion {
    /// Whether this conclusion lets a pull request land.
    pub fn is_green(self) -> bool {
        matches!(self, CheckConclusion::Success | CheckConclusion::Neutral | CheckConclusion::Skipped)
    }
}

/// A conversation comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// GitHub's id of the comment.
    #[serde(default)]
    pub id: u64,
    /// Who wrote it.
    pub user: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// What it says.
    #[serde(default)]
    pub body: String,
    /// Who reacted with 👍 (fetched only for fast-track requests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thumbs_up: Vec<String>,
}

impl Comment {
    /// Whether the comment asks for fast-tracking.
    pub fn requests_fast_track(&self) -> bool {
        let body = self.body.to_ascii_lowercase();
        body.contains("fast-track") || body.contains("fast track") || body.contains("fasttrack")
    }
}
