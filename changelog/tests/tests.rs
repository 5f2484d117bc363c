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
