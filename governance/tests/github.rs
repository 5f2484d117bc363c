//! The GitHub forge (octocrab) against the stand-in server on 127.0.0.1,
//! answering from fixtures shaped like GitHub's documented replies.

use std::path::PathBuf;

use governance::{CheckConclusion, PrState, ReviewState};
use governance::{Error, Forge, GitHubForge, Repo, StandIn, Team, Token, Verdict};

fn fixtures() -> PathBuf {
    nodus_test_support::fixtures_dir().join("governance/github")
}

fn forge(stand_in: &StandIn, token: Option<&str>) -> GitHubForge {
    GitHubForge::new(Repo::parse("nodejs/node").unwrap(), &stand_in.url(), token.and_then(Token::new)).unwrap()
}

#[test]
fn reads_a_pull_request_across_pages() {
    let server = StandIn::start(&fixtures(), 0, Some("ghp_test_token".into())).unwrap();
    let pr = forge(&server, Some("ghp_test_token")).pull_request(101).unwrap();

    assert_eq!(pr.number, 101);
    assert_eq!(pr.title, "fs: add recursive option to rm");
    assert_eq!(pr.author, "alice");
    assert_eq!(pr.state, PrState::Open);
    assert_eq!(pr.url.as_deref(), Some("https://github.com/nodejs/node/pull/101"));
    assert_eq!(pr.labels, vec!["fs", "fast-track"]);
    assert_eq!(pr.commits.len(), 2);
    assert_eq!(pr.head().unwrap().sha, "a3f1c5e9d2b7480c6e1f9a0b3c5d7e9f1a2b4c6d");
    assert_eq!(pr.head().unwrap().date.to_rfc3339(), "2024-01-01T05:00:00+00:00");
    // Five reviews over three pages of two.
    let reviews: Vec<(&str, ReviewState)> = pr.reviews.iter().map(|r| (r.user.as_str(), r.state)).collect();
    assert_eq!(
        reviews,
        vec![
            ("bob", ReviewState::Commented),
            ("bob", ReviewState::Dismissed),
            ("carol", ReviewState::Approved),
            ("outsider", ReviewState::Approved),
            ("dave", ReviewState::Approved),
        ]
    );
    assert_eq!(pr.checks.len(), 3, "check runs span two pages");
    assert!(pr.checks.iter().all(|c| c.conclusion == Some(CheckConclusion::Success)));
    assert_eq!(pr.files, vec!["lib/fs.js", "doc/api/fs.md", "test/parallel/test-fs-rm-recursive.js"]);
    assert_eq!(pr.comments.len(), 2);
    assert_eq!(pr.comments[0].thumbs_up, vec!["dave"], "only 👍 reactions, not ❤");
    assert!(pr.comments[1].thumbs_up.is_empty());

    let requests = server.requests();
    for page in ["reviews?per_page=2&page=2", "reviews?per_page=2&page=3", "check-runs?per_page=2&page=2"] {
        assert!(requests.iter().any(|r| r.ends_with(page)), "no request for {page}: {requests:#?}");
    }
}

#[test]
fn teams_and_labels() {
    let server = StandIn::start(&fixtures(), 0, None).unwrap();
    let f = forge(&server, None);
    let members = f.team_members(&Team::parse("nodejs/collaborators").unwrap()).unwrap();
    assert_eq!(members, vec!["alice", "bob", "carol", "dave"]);
    assert_eq!(f.labels(101).unwrap(), vec!["fs", "fast-track"]);
}

#[test]
fn checks_a_pull_request_from_github() {
    let server = StandIn::start(&fixtures(), 0, None).unwrap();
    let gov = governance::Governance::parse(
        std::path::Path::new("governance.yaml"),
        "github:\n  role_teams:\n    collaborator: nodejs/collaborators\nsubsystems:\n  - { name: fs, paths: [lib/fs.js], owners: [\"@nodejs/fs\"] }\n  - { name: doc }\n",
    )
    .unwrap();
    let now = "2024-01-01T12:00:00Z".parse().unwrap();
    let report = governance::check_pull_request(&gov, &forge(&server, None), 101, now).unwrap();
    // Fast-tracked by carol (requester) and dave (👍); approved by carol and
    // dave (outsider does not count); bob's dismissed review does not block.
    assert_eq!(report.verdict, Verdict::Ready, "{report}");
    assert_eq!(report.owners_to_review, vec!["@nodejs/fs"]);
}

#[test]
fn rate_limit_replies_say_when_to_come_back() {
    let server = StandIn::start(&fixtures(), 0, None).unwrap();
    let f = forge(&server, None);
    let err = f.pull_request(102).unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(
            "GitHub rate limit reached on GET /repos/nodejs/node/pulls/102 (resets at 2024-01-01 01:00:00 UTC)"
        ),
        "{msg}"
    );
    assert!(msg.contains("set GITHUB_TOKEN"), "{msg}");

    let msg = f.pull_request(103).unwrap_err().to_string();
    assert!(msg.contains("GitHub asks to wait 60s before retrying"), "{msg}");
    assert!(msg.contains("secondary rate limit"), "{msg}");
    // Nothing was retried behind our back.
    assert_eq!(server.requests().iter().filter(|r| r.contains("/pulls/103")).count(), 1);
}

#[test]
fn errors_name_the_request() {
    let server = StandIn::start(&fixtures(), 0, Some("right".into())).unwrap();
    let msg = forge(&server, Some("wrong")).pull_request(101).unwrap_err().to_string();
    assert!(msg.starts_with("GitHub answered 401 to GET /repos/nodejs/node/pulls/101: Bad credentials"), "{msg}");
    assert!(!msg.contains("wrong"), "the token is never shown: {msg}");
    let msg = forge(&server, Some("right")).pull_request(999).unwrap_err().to_string();
    assert_eq!(msg, "GitHub answered 404 to GET /repos/nodejs/node/pulls/999: Not Found");

    // Nothing listens on the port of a server that has stopped.
    let url = server.url();
    drop(server);
    let f = GitHubForge::new(Repo::parse("nodejs/node").unwrap(), &url, None).unwrap();
    let msg = f.pull_request(101).unwrap_err().to_string();
    assert_eq!(msg, format!("cannot reach {url} for GET /repos/nodejs/node/pulls/101"));
}

#[test]
fn labels_for_the_changelog() {
    use changelog::{Commit, LabelSource, Person, apply_labels};
    let server = StandIn::start(&fixtures(), 0, None).unwrap();
    let f = forge(&server, None);
    let source = governance::ForgeLabels::new(&f, Some(Repo::parse("nodejs/node").unwrap()));
    let time = "2024-01-02T00:00:00+00:00".parse().unwrap();
    let commit = |sha: &str, msg: &str| Commit::new(sha, Person::new("A", "a@example.com"), time, msg);
    let mut commits = vec![
        commit("a1", "fs: add rm option\n\nPR-URL: https://github.com/nodejs/node/pull/104\n"),
        commit("a2", "fs: break things\n\nPR-URL: https://github.com/nodejs/node/pull/105\n"),
        commit("a3", "fs: follow-up\n\nPR-URL: https://github.com/nodejs/node/pull/104\n"),
        commit("a4", "deps: from a fork\n\nPR-URL: https://github.com/someone/else/pull/104\n"),
        commit("a5", "doc: no pull request\n"),
    ];
    apply_labels(&mut commits, &source).unwrap();
    assert_eq!(commits[0].labels, vec!["semver-minor", "notable-change", "fs"]);
    assert_eq!(commits[1].labels, vec!["semver-major"]);
    assert!(commits[1].is_breaking());
    assert_eq!(commits[2].labels, commits[0].labels);
    assert!(commits[3].labels.is_empty() && commits[4].labels.is_empty());
    // One list per pull request, however many commits name it (104 has two pages).
    let asked: Vec<String> = server.requests().into_iter().filter(|r| r.contains("/labels")).collect();
    assert_eq!(asked.len(), 3, "{asked:#?}");
    assert_eq!(asked.iter().filter(|r| r.contains("/105/")).count(), 1, "{asked:#?}");
    // A pull request GitHub does not know is an error naming the source.
    let err = source.labels(&commit("a6", "x: y\n\nPR-URL: https://github.com/nodejs/node/pull/999\n")).unwrap_err();
    assert!(err.to_string().contains("GitHub nodejs/node at http://127.0.0.1"), "{err}");
}

#[test]
fn a_server_echoing_the_authorization_header_does_not_leak_the_token() {
    let secret = "ghp_echoedSecret0123456789";
    let server = StandIn::start(&fixtures(), 0, Some(secret.into())).unwrap();
    let f = forge(&server, Some(secret));
    for err in [f.pull_request(109).unwrap_err(), f.labels(109).unwrap_err()] {
        let text = err.to_string();
        // The reply really quoted the header, masked.
        assert!(text.contains("GitHub answered 500"), "{text}");
        assert!(text.contains("authorization: Bearer ***"), "{text}");
        assert!(!text.contains(secret) && !text.contains("echoedSecret"), "{text}");
    }
}
