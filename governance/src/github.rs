//! The GitHub forge: pull requests, reviews, commits, check runs, comments,
//! reactions, files, labels and team members through octocrab.
//!
//! Octocrab carries the requests (base URL, token, TLS with rustls and
//! ring); the replies are read into the few fields the rules need, so a
//! field GitHub adds or leaves out elsewhere does not break a check. Lists
//! follow the `Link: <…>; rel="next"` header page by page (100 items a
//! page). A rate-limit reply (403 or 429 with `x-ratelimit-remaining: 0`
//! or `retry-after`) ends the call with [`Error::RateLimited`], saying when
//! the limit resets; nothing is retried behind the user's back.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use http::{HeaderMap, StatusCode};
use octocrab::Octocrab;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::facts::{CheckConclusion, CheckRun, Comment, PrCommit, PrState, PullRequest, Review, ReviewState};
use crate::forge::{Forge, Repo, Team};

/// GitHub's public API.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// Items per page asked for (GitHub's maximum).
const PER_PAGE: u32 = 100;

/// Requests in flight at once when asking about many pull requests.
const CONCURRENT: usize = 8;

/// Pages followed at most for one list (GitHub caps PR commits at 250 and
/// files at 3000 anyway); guards against a server that links in circles.
const MAX_PAGES: usize = 100;

/// A GitHub access token. It is never printed: `Debug` shows `Token(***)`
/// and there is no `Display`.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// Wraps a token string (surrounding whitespace is dropped).
    pub fn new(token: impl Into<String>) -> Option<Token> {
        let t = token.into().trim().to_owned();
        (!t.is_empty()).then_some(Token(t))
    }

    /// The token in `GITHUB_TOKEN`, if set and not empty.
    pub fn from_env() -> Option<Token> {
        std::env::var("GITHUB_TOKEN").ok().and_then(Token::new)
    }

    /// The token every `git nodus` command uses: `GITHUB_TOKEN`, else git
    /// config `nodus.githubToken`, else `github.token`. `git_config` looks a
    /// key up in the caller's git configuration.
    pub fn discover(git_config: impl Fn(&str) -> Option<String>) -> Option<Token> {
        Token::from_env()
            .or_else(|| git_config("nodus.githubToken").and_then(Token::new))
            .or_else(|| git_config("github.token").and_then(Token::new))
    }
}

impl Token {
    /// `text` with this token masked wherever it appears, and everything
    /// [`redact`] masks.
    pub fn redact(&self, text: &str) -> String {
        redact(&text.replace(self.0.as_str(), "***"))
    }
}

/// `text` with anything shaped like a credential masked: GitHub tokens
/// (`ghp_…`, `gho_…`, `ghu_…`, `ghs_…`, `ghr_…`, `github_pat_…`) and the
/// word after `Bearer`, `token` or `Basic` in an `Authorization` header,
/// and the user and password in a URL (`https://x:TOKEN@github.com/…`).
/// For text a server sends back, which may echo the request's headers.
pub fn redact(text: &str) -> String {
    const PREFIXES: [&str; 6] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"];
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // Byte ranges to mask.
    let mut masks: Vec<(usize, usize)> = Vec::new();
    let word_end = |mut i: usize| {
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'"' | b'\'' | b',' | b'}') {
            i += 1;
        }
        i
    };
    for prefix in PREFIXES {
        let mut from = 0;
        while let Some(at) = lower[from..].find(prefix) {
            let start = from + at;
            let mut end = start + prefix.len();
            while end < bytes.len() && is_word(bytes[end]) {
                end += 1;
            }
            if (start == 0 || !is_word(bytes[start - 1])) && end > start + prefix.len() {
                masks.push((start + prefix.len(), end));
            }
            from = end.max(start + 1);
        }
    }
    // `https://user:secret@host/…`: the credentials in a URL.
    let mut from = 0;
    while let Some(at) = lower[from..].find("://") {
        let start = from + at + 3;
        let end = word_end(start);
        // Only before the path: `/o/r/@x` is no password.
        let authority = text[start..end].split('/').next().unwrap_or("");
        if let Some(amp) = authority.rfind('@') {
            masks.push((start, start + amp));
        }
        from = start;
    }
    for scheme in ["bearer ", "token ", "basic "] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(scheme) {
            let start = from + at;
            let after = start + scheme.len();
            let before = lower[..start].trim_end_matches([' ', '\t', '"', '\'']);
            // `Bearer x` anywhere; `token x` and `Basic x` only as a header value.
            if scheme == "bearer " || before.ends_with("authorization:") || before.ends_with("authorization\":") {
                let mut s = after;
                while s < bytes.len() && bytes[s] == b' ' {
                    s += 1;
                }
                let e = word_end(s);
                if e > s {
                    masks.push((s, e));
                }
            }
            from = after;
        }
    }
    if masks.is_empty() {
        return text.to_owned();
    }
    masks.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in masks {
        if end <= at {
            continue;
        }
        let start = start.max(at);
        out.push_str(&text[at..start]);
        out.push_str("***");
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// The GitHub (or GitHub Enterprise, or stand-in) forge for one repository.
pub struct GitHubForge {
    rt: tokio::runtime::Runtime,
    client: Octocrab,
    api_url: String,
    repo: Repo,
    authenticated: bool,
    /// The token, kept only to mask it in what servers send back.
    secret: Option<Token>,
}

impl fmt::Debug for GitHubForge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitHubForge").field("api_url", &self.api_url).field("repo", &self.repo).finish_non_exhaustive()
    }
}

impl GitHubForge {
    /// The one way every `git nodus` command reaches GitHub: `repo` at
    /// `api_url` (default [`DEFAULT_API_URL`]), with the token
    /// [`Token::discover`] finds through `git_config`.
    pub fn discover(
        repo: Repo,
        api_url: Option<&str>,
        git_config: impl Fn(&str) -> Option<String>,
    ) -> Result<GitHubForge> {
        GitHubForge::new(repo, api_url.unwrap_or(DEFAULT_API_URL), Token::discover(git_config))
    }

    /// A forge for `repo` at `api_url` (see [`DEFAULT_API_URL`]), with an
    /// optional token (without one, GitHub allows 60 requests an hour).
    pub fn new(repo: Repo, api_url: &str, token: Option<Token>) -> Result<GitHubForge> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|source| Error::Io { what: "cannot start the runtime for GitHub requests".into(), source })?;
        let api_url = api_url.trim_end_matches('/').to_owned();
        let bad_url = |e: octocrab::Error| Error::Unreachable {
            url: api_url.clone(),
            what: "setting up the GitHub client".into(),
            source: Box::new(e),
        };
        let _inside = rt.enter();
        let mut builder = Octocrab::builder()
            .base_uri(api_url.as_str())
            .map_err(&bad_url)?
            .add_retry_config(octocrab::service::middleware::retry::RetryConfig::None)
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .add_header(http::header::ACCEPT, "application/vnd.github+json".to_owned())
            .add_header(http::HeaderName::from_static("x-github-api-version"), "2022-11-28".to_owned());
        let authenticated = token.is_some();
        let secret = token.clone();
        if let Some(Token(t)) = token {
            builder = builder.personal_token(t);
        }
        let client = builder.build().map_err(&bad_url)?;
        drop(_inside);
        Ok(GitHubForge { rt, client, api_url, repo, authenticated, secret })
    }

    /// The repository.
    pub fn repo(&self) -> &Repo {
        &self.repo
    }

    /// One page of `path_and_query` (relative to the API URL) and the
    /// relative address of the next page, if any.
    async fn page<T: DeserializeOwned>(&self, path_and_query: &str) -> Result<(T, Option<String>)> {
        let what = format!("GET {path_and_query}");
        // The transport's error chain, flattened and masked: it may quote
        // what the server sent.
        let unreachable = |e: octocrab::Error| {
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                text.push_str(&format!(": {c}"));
                cause = c.source();
            }
            Error::Unreachable {
                url: self.api_url.clone(),
                what: what.clone(),
                source: Box::new(std::io::Error::other(self.redact(&text))),
            }
        };
        let response = self.client._get(path_and_query).await.map_err(unreachable)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = self.client.body_to_string(response).await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(self.refusal(&what, status, &headers, &self.redact(&body)));
        }
        let value = serde_json::from_str(&body)
            .map_err(|e| Error::BadReply { what: what.clone(), message: self.redact(&e.to_string()) })?;
        Ok((value, next_link(&headers)))
    }

    /// `text` with the token and anything like a credential masked.
    fn redact(&self, text: &str) -> String {
        match &self.secret {
            Some(token) => token.redact(text),
            None => redact(text),
        }
    }

    /// Every item of a paginated list.
    async fn all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>> {
        self.all_in(path, |page: Vec<T>| page).await
    }

    /// Every item of a paginated list whose pages are objects (`pick`
    /// takes the list out of each).
    async fn all_in<P: DeserializeOwned, T>(&self, path: &str, pick: impl Fn(P) -> Vec<T>) -> Result<Vec<T>> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{sep}per_page={PER_PAGE}"));
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(Error::BadReply {
                    what: format!("GET {path}"),
                    message: format!("more than {MAX_PAGES} pages"),
                });
            }
            let (page, after): (P, _) = self.page(&url).await?;
            items.extend(pick(page));
            next = after;
        }
        Ok(items)
    }

    fn refusal(&self, what: &str, status: StatusCode, headers: &HeaderMap, body: &str) -> Error {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let remaining = header("x-ratelimit-remaining").and_then(|v| v.parse::<u64>().ok());
        let retry_after = header("retry-after").and_then(|v| v.parse::<u64>().ok());
        let reset = header("x-ratelimit-reset")
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(|s| Utc.timestamp_opt(s, 0).single());
        let message =
            serde_json::from_str::<GhError>(body).map(|e| e.message).unwrap_or_else(|_| body.trim().to_owned());
        let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
            || (status == StatusCode::FORBIDDEN && (remaining == Some(0) || retry_after.is_some()));
        if rate_limited {
            let mut hint = match (retry_after, reset) {
                (Some(s), _) => format!("GitHub asks to wait {s}s before retrying"),
                (None, Some(_)) => "run again after the reset".to_owned(),
                (None, None) => "wait a few minutes and run again".to_owned(),
            };
            if !self.authenticated {
                hint.push_str(
                    "; unauthenticated requests get 60 an hour: set GITHUB_TOKEN or `git config nodus.githubToken`",
                );
            }
            if !message.is_empty() {
                hint.push_str(&format!(" (GitHub: {message})"));
            }
            return Error::RateLimited { what: what.to_owned(), reset, retry_after, hint };
        }
        let mut message = if message.is_empty() { status.canonical_reason().unwrap_or("").to_owned() } else { message };
        match status {
            StatusCode::UNAUTHORIZED => {
                message.push_str(" (check the token in GITHUB_TOKEN or `git config nodus.githubToken`)")
            }
            StatusCode::NOT_FOUND if !self.authenticated => {
                message.push_str(" (or it is private: set GITHUB_TOKEN)");
            }
            _ => {}
        }
        Error::GitHub { what: what.to_owned(), status: status.as_u16(), message }
    }

    async fn fetch_pull(&self, number: u64) -> Result<PullRequest> {
        let base = format!("/repos/{}/{}", self.repo.owner, self.repo.name);
        let (pull, _): (GhPull, _) = self.page(&format!("{base}/pulls/{number}")).await?;
        let paths = [
            format!("{base}/pulls/{number}/reviews"),
            format!("{base}/pulls/{number}/commits"),
            format!("{base}/issues/{number}/comments"),
            format!("{base}/pulls/{number}/files"),
            format!("{base}/commits/{}/check-runs", pull.head.sha),
        ];
        let (reviews, commits, comments, files, checks) = tokio::try_join!(
            self.all::<GhReview>(&paths[0]),
            self.all::<GhCommit>(&paths[1]),
            self.all::<GhComment>(&paths[2]),
            self.all::<GhFile>(&paths[3]),
            self.all_in(&paths[4], |p: GhCheckRuns| p.check_runs),
        )?;

        let what = |w: &str| format!("GET {base}/pulls/{number}/{w}");
        let mut out_reviews = Vec::new();
        for r in reviews {
            let state = match r.state.as_str() {
                "APPROVED" => ReviewState::Approved,
                "CHANGES_REQUESTED" => ReviewState::ChangesRequested,
                "COMMENTED" => ReviewState::Commented,
                "DISMISSED" => ReviewState::Dismissed,
                "PENDING" => ReviewState::Pending,
                other => {
                    return Err(Error::BadReply {
                        what: what("reviews"),
                        message: format!("unknown review state `{other}`"),
                    });
                }
            };
            // Pending reviews have no submission time and change nothing.
            let Some(submitted_at) = r.submitted_at else { continue };
            out_reviews.push(Review { user: login(r.user), state, submitted_at, commit: r.commit_id });
        }

        let out_commits = commits
            .into_iter()
            .map(|c| PrCommit {
                date: c
                    .commit
                    .committer
                    .and_then(|a| a.date)
                    .or(c.commit.author.and_then(|a| a.date))
                    .unwrap_or(pull.created_at),
                sha: c.sha,
                message: c.commit.message,
                author: c.author.map(|u| u.login),
            })
            .collect();

        let mut out_checks = Vec::new();
        for run in checks {
            let status = enum_from::<crate::facts::CheckStatus>(&run.status).ok_or_else(|| Error::BadReply {
                what: format!("GET {base}/commits/…/check-runs"),
                message: format!("unknown check status `{}`", run.status),
            })?;
            let conclusion = match &run.conclusion {
                None => None,
                Some(c) => Some(enum_from::<CheckConclusion>(c).ok_or_else(|| Error::BadReply {
                    what: format!("GET {base}/commits/…/check-runs"),
                    message: format!("unknown check conclusion `{c}`"),
                })?),
            };
            out_checks.push(CheckRun { name: run.name, status, conclusion });
        }

        let mut out_comments = Vec::new();
        for c in comments {
            let mut comment = Comment {
                id: c.id,
                user: login(c.user),
                created_at: c.created_at,
                body: c.body.unwrap_or_default(),
                thumbs_up: Vec::new(),
            };
            if comment.requests_fast_track() {
                let reactions: Vec<GhReaction> =
                    self.all(&format!("{base}/issues/comments/{}/reactions?content=%2B1", c.id)).await?;
                comment.thumbs_up =
                    reactions.into_iter().filter(|r| r.content == "+1").map(|r| login(r.user)).collect();
            }
            out_comments.push(comment);
        }

        let state = if pull.merged_at.is_some() {
            PrState::Merged
        } else if pull.state == "closed" {
            PrState::Closed
        } else {
            PrState::Open
        };
        Ok(PullRequest {
            number: pull.number,
            title: pull.title,
            url: pull.html_url,
            author: login(pull.user),
            state,
            draft: pull.draft.unwrap_or(false),
            created_at: pull.created_at,
            labels: pull.labels.into_iter().map(|l| l.name).collect(),
            body: pull.body.unwrap_or_default(),
            commits: out_commits,
            reviews: out_reviews,
            checks: out_checks,
            comments: out_comments,
            files: files.into_iter().map(|f| f.filename).collect(),
        })
    }
}

impl Forge for GitHubForge {
    fn describe(&self) -> String {
        format!("GitHub {} at {}", self.repo, self.api_url)
    }

    fn pull_request(&self, number: u64) -> Result<PullRequest> {
        self.rt.block_on(self.fetch_pull(number))
    }

    fn team_members(&self, team: &Team) -> Result<Vec<String>> {
        let users: Vec<GhUser> =
            self.rt.block_on(self.all(&format!("/orgs/{}/teams/{}/members", team.org, team.slug)))?;
        Ok(users.into_iter().map(|u| u.login).collect())
    }

    fn labels(&self, number: u64) -> Result<Vec<String>> {
        self.rt.block_on(self.fetch_labels(number))
    }

    fn labels_many(&self, numbers: &[u64]) -> Result<Vec<Vec<String>>> {
        self.rt.block_on(async {
            let mut out = Vec::with_capacity(numbers.len());
            // A few at a time: fast, and well inside GitHub's concurrency limits.
            for chunk in numbers.chunks(CONCURRENT) {
                out.extend(futures_util::future::try_join_all(chunk.iter().map(|n| self.fetch_labels(*n))).await?);
            }
            Ok(out)
        })
    }
}

impl GitHubForge {
    async fn fetch_labels(&self, number: u64) -> Result<Vec<String>> {
        let labels: Vec<GhLabel> =
            self.all(&format!("/repos/{}/{}/issues/{number}/labels", self.repo.owner, self.repo.name)).await?;
        Ok(labels.into_iter().map(|l| l.name).collect())
    }
}

/// A deleted account shows as `null`; GitHub shows it as `ghost`.
fn login(user: Option<GhUser>) -> String {
    user.map(|u| u.login).unwrap_or_else(|| "ghost".to_owned())
}

/// A snake_case GitHub string as one of the facts enums.
fn enum_from<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

/// The path and query of the `rel="next"` link, so the request stays
/// relative to the API URL (and keeps its token).
fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(http::header::LINK)?.to_str().ok()?;
    for part in link.split(',') {
        let mut pieces = part.split(';');
        let target = pieces.next()?.trim().trim_start_matches('<').trim_end_matches('>');
        if pieces.any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        }) {
            let uri: http::Uri = target.parse().ok()?;
            return uri.path_and_query().map(|pq| pq.as_str().to_owned());
        }
    }
    None
}

// The fields of GitHub's documented replies that the rules read.

#[derive(Deserialize)]
struct GhError {
    message: String,
}

#[derive(Deserialize)]
struct GhUser {
    login: String,
}

#[derive(Deserialize)]
struct GhLabel {
    name: String,
}

#[derive(Deserialize)]
struct GhRef {
    sha: String,
}

#[derive(Deserialize)]
struct GhPull {
    number: u64,
    title: String,
    html_url: Option<String>,
    user: Option<GhUser>,
    state: String,
    draft: Option<bool>,
    merged_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    labels: Vec<GhLabel>,
    head: GhRef,
    body: Option<String>,
}

#[derive(Deserialize)]
struct GhReview {
    user: Option<GhUser>,
    state: String,
    submitted_at: Option<DateTime<Utc>>,
    commit_id: Option<String>,
}

#[derive(Deserialize)]
struct GhCommit {
    sha: String,
    commit: GhCommitDetail,
    author: Option<GhUser>,
}

#[derive(Deserialize)]
struct GhCommitDetail {
    message: String,
    author: Option<GhGitActor>,
    committer: Option<GhGitActor>,
}

#[derive(Deserialize)]
struct GhGitActor {
    date: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct GhCheckRuns {
    check_runs: Vec<GhCheckRun>,
}

#[derive(Deserialize)]
struct GhCheckRun {
    name: String,
    status: String,
    conclusion: Option<String>,
}

#[derive(Deserialize)]
struct GhComment {
    id: u64,
    user: Option<GhUser>,
    created_at: DateTime<Utc>,
    body: Option<String>,
}

#[derive(Deserialize)]
struct GhReaction {
    user: Option<GhUser>,
    content: String,
}

#[derive(Deserialize)]
struct GhFile {
    filename: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::LINK,
            "<https://api.github.com/repositories/1/pulls/2/reviews?per_page=100&page=2>; rel=\"next\", <https://api.github.com/repositories/1/pulls/2/reviews?per_page=100&page=3>; rel=\"last\""
                .parse()
                .unwrap(),
        );
        assert_eq!(next_link(&h).as_deref(), Some("/repositories/1/pulls/2/reviews?per_page=100&page=2"));
        h.insert(http::header::LINK, "<https://x/a?page=1>; rel=\"prev\"".parse().unwrap());
        assert_eq!(next_link(&h), None);
    }

    #[test]
    fn credentials_are_masked() {
        let t = Token::new("s3cr3t-value").unwrap();
        assert_eq!(t.redact("a s3cr3t-value b"), "a *** b");
        assert_eq!(redact("echo: Authorization: Bearer ghp_abc123XYZ, x"), "echo: Authorization: Bearer ***, x");
        assert_eq!(redact("{\"authorization\": \"token abc.def\"}"), "{\"authorization\": \"token ***\"}");
        assert_eq!(redact("key github_pat_11AB_cd and gho_Zz9"), "key github_pat_*** and gho_***");
        assert_eq!(redact("a token of thanks; ghp_ alone"), "a token of thanks; ghp_ alone");
        assert_eq!(
            redact("fatal: unable to access 'https://x-access:s3cr3t@github.com/o/r.git/': 403"),
            "fatal: unable to access 'https://***@github.com/o/r.git/': 403"
        );
        assert_eq!(redact("see https://github.com/o/r/@x/1"), "see https://github.com/o/r/@x/1");
    }

    #[test]
    fn token_is_not_shown() {
        let t = Token::new("ghp_secret").unwrap();
        assert_eq!(format!("{t:?}"), "Token(***)");
        assert!(Token::new("  ").is_none());
    }
}
