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

/// The work tree test slot `slot` runs in.
pub fn worktree_path(repo: &Repository, slot: usize) -> PathBuf {
    match slot {
        0 => repo.commondir().join(WORKTREE_DIR),
        n => repo.commondir().join(format!("{WORKTREE_DIR}-{n}")),
    }
}

/// The log of slot `slot`'s last run.
pub fn log_path(repo: &Repository, slot: usize) -> PathBuf {
    match slot {
        0 => repo.commondir().join(LOG_FILE),
        n => repo.commondir().join(format!("{LOG_FILE}.{n}")),
    }
}

/// A test command running.
pub struct Running {
    child: std::process::Child,
    slot: usize,
    command: String,
    timeout: Duration,
    begun: Instant,
    log: PathBuf,
}

impl Running {
    /// Starts `test` on the tree of `commit` in slot `slot`'s work tree,
    /// as the leader of a new process group; `env` is added to its
    /// environment.
    pub fn start(
        repo: &Repository,
        slot: usize,
        commit: Oid,
        test: &TestCommand,
        env: &[(String, String)],
    ) -> Result<Running> {
        let dir = worktree_path(repo, slot);
        remove_one(repo, &dir)?;
        git(repo, &["worktree", "add", "--detach", "--force", &dir.to_string_lossy(), &commit.to_string()])?;
        let log = log_path(repo, slot);
        let out = fs::File::create(&log).map_err(|source| Error::Io {
            action: "cannot create",
            path: log.clone(),
            source,
        })?;
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
        let child =
            cmd.spawn().map_err(|source| Error::Io { action: "cannot run", path: PathBuf::from("sh"), source })?;
        Ok(Running { child, slot, command: test.command.clone(), timeout: test.timeout, begun: Instant::now(), log })
    }

    /// The process group (the command's pid).
    pub fn pgid(&self) -> u32 {
        self.child.id()
    }

    /// How long it has run.
    pub fn elapsed(&self) -> Duration {
        self.begun.elapsed()
    }

    /// The verdict once it has ended (or timed out: then its group is
    /// killed); `None` while it runs. Its work tree is removed at the end.
    pub fn poll(&mut self, repo: &Repository) -> Result<Option<Verdict>> {
        let pid = self.pgid();
        let status = match self.child.try_wait() {
            Ok(Some(status)) => Some(status),
            Ok(None) if self.begun.elapsed() >= self.timeout => {
                kill_group(pid);
                let _ = self.child.wait();
                None
            }
            Ok(None) => return Ok(None),
            Err(source) => {
                self.kill(repo);
                return Err(Error::Io { action: "cannot wait for", path: PathBuf::from("sh"), source });
            }
        };
        // Whatever the command left running in its group goes too.
        kill_group(pid);
        remove_one(repo, &worktree_path(repo, self.slot))?;
        let tail = tail(&self.log, 20);
        Ok(Some(match status {
            Some(s) if s.success() => Verdict::Passed,
            Some(s) => Verdict::Failed(format!(
                "`{}` {}{}",
                self.command,
                match s.code() {
                    Some(c) => format!("exited with {c}"),
                    None => "was killed by a signal".to_owned(),
                },
                tail
            )),
            None => Verdict::Failed(format!("`{}` timed out after {}s{tail}", self.command, self.timeout.as_secs())),
        }))
    }

    /// Stops it (its whole group) and removes its work tree.
    pub fn kill(&mut self, repo: &Repository) {
        kill_group(self.pgid());
        let _ = self.child.wait();
        let _ = remove_one(repo, &worktree_path(repo, self.slot));
    }
}

/// Runs `test` on the tree of `commit` (slot 0); `started(pgid)` is told
/// the process group before the command runs on (so a crash can be
/// cleaned up), `progress` gets a line every heartbeat.
pub fn run(
    repo: &Repository,
    commit: Oid,
    test: &TestCommand,
    env: &[(String, String)],
    started: &mut dyn FnMut(u32) -> Result<()>,
    progress: &mut dyn FnMut(&str),
) -> Result<Verdict> {
    let mut running = Running::start(repo, 0, commit, test, env)?;
    if let Err(e) = started(running.pgid()) {
        running.kill(repo);
        return Err(e);
    }
    let mut beat = Instant::now();
    loop {
        if let Some(verdict) = running.poll(repo)? {
            return Ok(verdict);
        }
        if beat.elapsed() >= test.heartbeat {
            beat = Instant::now();
            progress(&format!("still testing ({}s)", running.elapsed().as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
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

/// Removes every test work tree and git's record of them (what a killed
/// run left, too).
pub fn remove_worktree(repo: &Repository) -> Result<()> {
    let dir = repo.commondir().join("nodus/queue");
    let prefix = WORKTREE_DIR.rsplit('/').next().expect("has a name");
    if let Ok(entries) = fs::read_dir(&dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(prefix) {
                remove_one(repo, &e.path())?;
            }
        }
    }
    if repo.commondir().join("worktrees").exists() {
        let _ = git(repo, &["worktree", "prune"]);
    }
    Ok(())
}

fn remove_one(repo: &Repository, path: &Path) -> Result<()> {
    let existed = path.exists();
    match fs::remove_dir_all(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(Error::Io { action: "cannot remove", path: path.to_owned(), source }),
    }
    if existed {
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
