//! Running the queue's test command on a staging commit: in a detached
//! work tree of its own (`.git/nodus/queue/test-worktree`), never the
//! user's, as the leader of a new process group, so a timeout (or the
//! next `queue run`, after a crash) ends the command and everything it
//! started.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use git2::{Oid, Repository};

use crate::error::{Error, Result};

/// The work tree tests run in, under the common git folder.
const WORKTREE_DIR: &str = "nodus/queue/test-worktree";

/// The log of the last test run, under the common git folder.
const LOG_FILE: &str = "nodus/queue/test.log";

/// What a test run came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The command exited with 0.
    Passed,
    /// It exited otherwise, or was killed; the last lines it printed.
    Failed(String),
}

/// The test command and its limits.
#[derive(Debug, Clone)]
pub struct TestCommand {
    /// A shell command line (`sh -c`).
    pub command: String,
    /// How long one run may take before its process group is killed.
    pub timeout: Duration,
    /// How often a progress line is printed while it runs.
    pub heartbeat: Duration,
}

/// The work tree the tests run in.
pub fn worktree_path(repo: &Repository) -> PathBuf {
    repo.commondir().join(WORKTREE_DIR)
}

/// The log of the last run.
pub fn log_path(repo: &Repository) -> PathBuf {
    repo.commondir().join(LOG_FILE)
}

/// Runs `test` on the tree of `commit`; `started(pid)` is told the
/// process group before the command runs on (so a crash can be cleaned
/// up), `progress` gets a line every heartbeat. `env` is added to the
/// command's environment.
pub fn run(
    repo: &Repository,
    commit: Oid,
    test: &TestCommand,
    env: &[(String, String)],
    started: &mut dyn FnMut(u32) -> Result<()>,
    progress: &mut dyn FnMut(&str),
) -> Result<Verdict> {
    let dir = worktree_path(repo);
    remove_worktree(repo)?;
    git(repo, &["worktree", "add", "--detach", "--force", &dir.to_string_lossy(), &commit.to_string()])?;
    let log = log_path(repo);
    let out =
        fs::File::create(&log).map_err(|source| Error::Io { action: "cannot create", path: log.clone(), source })?;
    let err = out.try_clone().map_err(|source| Error::Io { action: "cannot open", path: log.clone(), source })?;
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(&test.command)
        .current_dir(&dir)
        .env("NODUS_QUEUE_COMMIT", commit.to_string())
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("NODUS_FAILPOINT")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    for (k, v) in env {
        cmd.env(k, v);
    }
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child =
        cmd.spawn().map_err(|source| Error::Io { action: "cannot run", path: PathBuf::from("sh"), source })?;
    let pid = child.id();
    if let Err(e) = started(pid) {
        kill_group(pid);
        let _ = child.wait();
        return Err(e);
    }
    let begun = Instant::now();
    let mut beat = begun;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) => {}
            Err(source) => {
                kill_group(pid);
                let _ = child.wait();
                return Err(Error::Io { action: "cannot wait for", path: PathBuf::from("sh"), source });
            }
        }
        if begun.elapsed() >= test.timeout {
            kill_group(pid);
            let _ = child.wait();
            break None;
        }
        if beat.elapsed() >= test.heartbeat {
            beat = Instant::now();
            progress(&format!("still testing ({}s)", begun.elapsed().as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Whatever the command left running in its group goes too.
    kill_group(pid);
    remove_worktree(repo)?;
    let tail = tail(&log, 20);
    Ok(match status {
        Some(s) if s.success() => Verdict::Passed,
        Some(s) => Verdict::Failed(format!(
            "`{}` {}{}",
            test.command,
            match s.code() {
                Some(c) => format!("exited with {c}"),
                None => "was killed by a signal".to_owned(),
            },
            tail
        )),
        None => Verdict::Failed(format!("`{}` timed out after {}s{tail}", test.command, test.timeout.as_secs())),
    })
}

/// The last `n` lines of `log`, indented, after a newline (or nothing).
fn tail(log: &Path, n: usize) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(n);
    lines[from..].iter().map(|l| format!("\n    {l}")).collect()
}

/// Kills process group `pgid` (SIGKILL; nothing if it is gone).
pub fn kill_group(pgid: u32) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    #[cfg(not(unix))]
    let _ = pgid;
}

/// Removes the test work tree and git's record of it (what a killed run
/// left, too).
pub fn remove_worktree(repo: &Repository) -> Result<()> {
    let path = worktree_path(repo);
    let existed = path.exists();
    match fs::remove_dir_all(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(Error::Io { action: "cannot remove", path, source }),
    }
    if existed || repo.commondir().join("worktrees").exists() {
        let _ = git(repo, &["worktree", "prune"]);
    }
    Ok(())
}

/// Runs git on the repository's common folder.
fn git(repo: &Repository, args: &[&str]) -> Result<()> {
    let out = Command::new("git")
        .arg("--git-dir")
        .arg(repo.commondir())
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Io { action: "cannot run", path: PathBuf::from("git"), source })?;
    if !out.status.success() {
        return Err(Error::Command {
            command: format!("git {}", args.join(" ")),
            status: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(())
}
