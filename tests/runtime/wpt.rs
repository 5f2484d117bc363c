//! The WPT streams tests that Node vendors, run under `nodus` with WPT's
//! own testharness.js (`tests/wpt/streams.js`, `tests/wpt/harness.js`),
//! and WPT's data: URL tables run through `fetch` (`tests/wpt/data_urls.js`).
//! Nothing of WPT is in this repository: the files are read from the Node
//! source that `tests/node-suite/fetch.sh` unpacks into the cache, and the
//! test is skipped (and says so) when they are not there.
//!
//! The subtests known to fail are listed in `tests/wpt/streams-failures.txt`;
//! a new failure fails the test, and so does a listed one that now passes
//! (take it off the list in the same commit).

use std::path::{Path, PathBuf};

use nodus_test_support::Cmd;

fn wpt_root() -> PathBuf {
    if let Some(root) = std::env::var_os("NODUS_WPT_ROOT") {
        return PathBuf::from(root);
    }
    let cache = std::env::var_os("NODUS_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/nodus"));
    cache.join("node-src/node-v24.21.0/test/fixtures/wpt")
}

#[test]
fn wpt_streams_fail_only_the_listed_subtests() {
    let root = wpt_root();
    if !root.join("streams").is_dir() || !root.join("resources/testharness.js").is_file() {
        // CI fetches Node's source first (.ci/run): there a missing suite
        // is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "no WPT streams tests under {}: run tests/node-suite/fetch.sh",
            root.display()
        );
        eprintln!("skipped: no WPT streams tests under {} (run tests/node-suite/fetch.sh)", root.display());
        return;
    }
    let nodus = env!("CARGO_BIN_EXE_nodus");
    let wpt = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wpt");
    // nodus drives the run too: each file runs in its own process group,
    // killed after 30 s (see streams.js).
    Cmd::new(nodus)
        .arg(wpt.join("streams.js"))
        .arg("--expected")
        .arg(wpt.join("streams-failures.txt"))
        .arg(nodus)
        .env("NODUS_WPT_ROOT", &root)
        .run_ok();
}

#[test]
fn wpt_data_urls_all_pass() {
    let root = wpt_root();
    if !root.join("fetch/data-urls/resources/data-urls.json").is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no WPT data: URL tables under {}: run tests/node-suite/fetch.sh",
            root.display()
        );
        eprintln!("skipped: no WPT data: URL tables under {} (run tests/node-suite/fetch.sh)", root.display());
        return;
    }
    let wpt = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/wpt");
    Cmd::new(env!("CARGO_BIN_EXE_nodus")).arg(wpt.join("data_urls.js")).env("NODUS_WPT_ROOT", &root).run_ok();
}
