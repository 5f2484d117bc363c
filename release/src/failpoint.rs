//! Fault injection for the crash tests: named points in the transaction
//! code where a test can make the process die.
//!
//! Inactive unless the environment asks for it:
//!
//! - `NODUS_FAILPOINT=<name>:<n>` kills the process with SIGKILL (no
//!   destructor, no cleanup, exactly like `kill -9`) at the `n`-th time it
//!   reaches the point `name` (1-based);
//! - `NODUS_FAILPOINT_LOG=<file>` appends every point reached to `file`,
//!   one a line: its name and the time (microseconds since the Unix
//!   epoch), so a test can count them and time its kills.
//!
//! The points: `journal-written`, `ref-locked`, `ref-rename`,
//! `checkout-write` (after each file a checkout writes), `head-write`, `journal-remove`, and the same in recovery with a
//! `recover-` prefix (`recover-ref`, `recover-file`, `recover-index`,
//! `recover-head`); and the sequencer's: `sequence-saved` (after each
//! session write), `sequence-worktree` (the conflict work tree added),
//! `sequence-conflict` (the conflict written into it), `sequence-remove`
//! (before the session file is removed); and the merge queue's:
//! `queue-saved` (after each state write), `queue-test-started`,
//! `queue-ff` (before the fast-forward's transaction), `queue-eject`.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

struct Setting {
    kill_at: Option<(String, usize)>,
    log: Option<Mutex<std::fs::File>>,
}

static SETTING: OnceLock<Setting> = OnceLock::new();
static HITS: AtomicUsize = AtomicUsize::new(0);

fn setting() -> &'static Setting {
    SETTING.get_or_init(|| {
        let kill_at = std::env::var("NODUS_FAILPOINT").ok().and_then(|v| {
            let (name, n) = v.rsplit_once(':')?;
            Some((name.to_owned(), n.parse().ok()?))
        });
        let log = std::env::var_os("NODUS_FAILPOINT_LOG")
            .and_then(|path| std::fs::OpenOptions::new().create(true).append(true).open(path).ok())
            .map(Mutex::new);
        Setting { kill_at, log }
    })
}

/// The process reached the point `name`: log it, and die here if this is
/// the hit the environment asked for.
pub fn hit(name: &str) {
    let setting = setting();
    if let Some(log) = &setting.log
        && let Ok(mut file) = log.lock()
    {
        let micros =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
        let _ = writeln!(file, "{name} {micros}");
    }
    if let Some((point, at)) = &setting.kill_at
        && point == name
        && HITS.fetch_add(1, Ordering::SeqCst) + 1 == *at
    {
        die();
    }
}

#[cfg(unix)]
fn die() {
    // SIGKILL from outside, as a power cut or the OOM killer would end us:
    // no destructor, no buffered write, no atexit handler runs. `kill`
    // does not return before the signal is delivered.
    let _ = std::process::Command::new("kill").args(["-KILL", &std::process::id().to_string()]).status();
    std::process::abort();
}

#[cfg(not(unix))]
fn die() {
    std::process::abort();
}
