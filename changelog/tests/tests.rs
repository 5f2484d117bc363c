//! Integration tests of the changelog library on real repositories.

mod compare;
mod entries;
mod history;
mod labels;
mod parse;
mod render;

/// Shared fixture helpers.
mod util {
    use chrono::{DateTime, FixedOffset};

    /// A fixed time for commits parsed from strings.
    pub fn time() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2024-01-01T00:00:00+00:00").unwrap()
    }

    /// The changelog of `v1.0.0..HEAD` in `format`, linking to Node's
    /// repository.
    pub fn render_since_v1(
        r: &nodus_test_support::GitRepo,
        format: changelog::Format,
        group: bool,
        labels: &changelog::LabelFile,
    ) -> String {
        use changelog::{Range, ReadOptions, RenderOptions, RepoUrl, Template, generate};
        let options = RenderOptions { repo: Some(RepoUrl::parse("https://github.com/nodejs/node").unwrap()), group };
        let template = Template::builtin(format);
        let data = generate(
            r.repo(),
            &Range::parse("v1.0.0..HEAD").unwrap(),
            &ReadOptions::default(),
            labels,
            &options,
            template.needs(),
        )
        .unwrap();
        template.render(&data).unwrap()
    }

    /// A commit parsed from a message, with a fake sha.
    pub fn commit(message: &str) -> changelog::Commit {
        changelog::Commit::new(
            "0123456789abcdef0123456789abcdef01234567",
            changelog::Person::new("Jane Doe", "jane@example.com"),
            time(),
            message,
        )
    }
}
