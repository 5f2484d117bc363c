//! The conformance gate: the files of Node 24's own test suite that nodus
//! passes (tests/node-suite/passing.txt) must keep passing. The suite is
//! fetched and verified by tests/node-suite/fetch.sh into a cache outside
//! the tree; CI runs that script first. Without the suite the test says so
//! and skips, except under CI (`CI` set), where that is a failure.

use std::path::{Path, PathBuf};
use std::time::Duration;

use nodus_test_support::node_suite::{self, Outcome, RunOptions, Suite};

fn suite_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("NODUS_NODE_SUITE") {
        return Some(PathBuf::from(dir));
    }
    let cache = match std::env::var_os("NODUS_CACHE") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cache/nodus"),
    };
    Some(cache.join("node-src/node-v24.21.0/test"))
}

#[test]
fn listed_files_pass() {
    let list_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/node-suite/passing.txt");
    let names = node_suite::read_list(&list_path).unwrap_or_else(|e| panic!("{e}"));
    assert!(!names.is_empty(), "{} lists no file", list_path.display());
    let Some(dir) = suite_dir().filter(|d| d.join("common/index.js").is_file()) else {
        assert!(std::env::var_os("CI").is_none(), "Node's test suite is not fetched: run tests/node-suite/fetch.sh");
        eprintln!("skipping: Node's test suite is not fetched (tests/node-suite/fetch.sh)");
        return;
    };
    let suite = Suite::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut files = suite.files(node_suite::SUITES).unwrap_or_else(|e| panic!("{e}"));
    for name in &names {
        assert!(files.iter().any(|f| &f.name == name), "{}: `{name}` is not in {}", list_path.display(), dir.display());
    }
    files.retain(|f| names.contains(&f.name));
    let scratch = tempfile::tempdir().expect("temp dir");
    let options = RunOptions {
        runtime: PathBuf::from(env!("CARGO_BIN_EXE_nodus")),
        jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
        timeout: Duration::from_secs(60),
        scratch: scratch.path().to_path_buf(),
    };
    let results = node_suite::run(&files, &options, &|_, _| {});
    // A file that fails while the other test binaries load the machine is
    // run once more, alone; only a second failure counts (Node's own CI
    // retries flaky files too). A regression fails both times.
    let again: Vec<_> = results.iter().filter(|r| r.outcome != Outcome::Pass).map(|r| r.file.clone()).collect();
    let serial = RunOptions { jobs: 1, ..options.clone() };
    let retried = node_suite::run(&again, &serial, &|_, _| {});
    let failed: Vec<String> = retried
        .iter()
        .filter(|r| r.outcome != Outcome::Pass)
        .map(|r| format!("--- {} ({})\n{}", r.file.name, r.outcome, r.output_tail))
        .collect();
    eprintln!(
        "{} of {} listed files of Node's suite pass ({} passed only on a second run)",
        results.len() - failed.len(),
        results.len(),
        again.len() - failed.len()
    );
    assert!(
        failed.is_empty(),
        "{} listed file(s) of Node's suite no longer pass:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
