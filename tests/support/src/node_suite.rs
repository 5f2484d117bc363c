//! Runs Node's own test files against a runtime, the way Node's
//! `tools/test.py` does: one process per file, the file's `// Flags:` line
//! as runtime options, the suite's `*.status` skips, a timeout, and as many
//! files at once as there are jobs.
//!
//! Node's tests are not part of this repository: `tests/node-suite/fetch.sh`
//! downloads Debian's source package of Node 24, checks its sha256 and
//! unpacks `test/` into a cache folder; [`Suite::open`] reads that folder.
//!
//! A file's [`Outcome`]:
//! - `pass`: exit code 0;
//! - `skip`: exit code 0 after printing `1..0 # Skipped: …` (what
//!   `common.skip()` does), or listed as `SKIP` in the status file;
//! - `crash`: killed by a signal;
//! - `timeout`: still running after the timeout (its process group is
//!   killed);
//! - `fail`: anything else.
//!
//! Files that reach into Node's internals (`--expose-internals`,
//! `internalBinding`, `require('internal/…')`) are counted apart: they test
//! Node's implementation, not its public API.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The folders of Node's `test/` that hold self-checking test files
/// (tools/test.py's "default" suites that run one file per process).
pub const SUITES: &[&str] = &["parallel", "es-module", "sequential"];

/// How one test file ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Exit code 0.
    Pass,
    /// A non-zero exit code.
    Fail,
    /// `common.skip()`, or `SKIP` in the status file.
    Skip,
    /// Killed by a signal.
    Crash,
    /// Still running at the timeout.
    Timeout,
}

impl Outcome {
    /// The outcome's name in reports and lists.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Skip => "skip",
            Outcome::Crash => "crash",
            Outcome::Timeout => "timeout",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One test file of the suite.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// The name as Node's status files and our lists give it:
    /// `parallel/test-fs-read.js`.
    pub name: String,
    /// Its path on disk.
    pub path: PathBuf,
    /// The module it exercises (`fs`, `child_process`, …), from its name.
    pub module: String,
    /// Runtime options from its `// Flags:` line.
    pub flags: Vec<String>,
    /// Environment variables from its `// Env:` line (`NAME=value`).
    pub envs: Vec<(String, String)>,
    /// Whether it uses Node's internals rather than its public API.
    pub internals: bool,
    /// `SKIP` in the status file (for this platform).
    pub status_skip: bool,
    /// `FLAKY` in the status file (for this platform).
    pub flaky: bool,
}

/// The unpacked test folder of Node's source (`…/test`).
#[derive(Debug)]
pub struct Suite {
    root: PathBuf,
}

/// The result of running one file.
#[derive(Clone, Debug)]
pub struct FileResult {
    /// The file.
    pub file: TestFile,
    /// How it ended.
    pub outcome: Outcome,
    /// Wall time in milliseconds.
    pub millis: u128,
    /// The last lines of stdout and stderr, for files that did not pass.
    pub output_tail: String,
}

/// How to run the files.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The runtime binary (`nodus`, or `node` for the oracle's figures).
    pub runtime: PathBuf,
    /// Files run at once.
    pub jobs: usize,
    /// Per-file timeout.
    pub timeout: Duration,
    /// Where the files' temporary folders go (`NODE_TEST_DIR`).
    pub scratch: PathBuf,
}

/// Why the suite could not be read.
#[derive(Debug)]
pub struct SuiteError(
    /// The message, naming the file (and line) at fault.
    pub String,
);

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SuiteError {}

impl Suite {
    /// Opens Node's `test/` folder (it must hold `common/index.js`).
    pub fn open(root: &Path) -> Result<Suite, SuiteError> {
        if !root.join("common/index.js").is_file() {
            return Err(SuiteError(format!(
                "{}: not Node's test folder (no common/index.js); run tests/node-suite/fetch.sh",
                root.display()
            )));
        }
        Ok(Suite { root: root.to_path_buf() })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every test file of the given suite folders (`parallel`, …), sorted by
    /// name, with the status files of those folders applied.
    pub fn files(&self, suites: &[&str]) -> Result<Vec<TestFile>, SuiteError> {
        let mut out = Vec::new();
        for suite in suites {
            let dir = self.root.join(suite);
            let status_path = dir.join(format!("{suite}.status"));
            let status = match fs::read_to_string(&status_path) {
                Ok(text) => Status::parse(&text, &Platform::host())
                    .map_err(|e| SuiteError(format!("{}:{e}", status_path.display())))?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => Status::default(),
                Err(e) => return Err(SuiteError(format!("{}: {e}", status_path.display()))),
            };
            let entries = fs::read_dir(&dir).map_err(|e| SuiteError(format!("{}: {e}", dir.display())))?;
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n.starts_with("test-") && (n.ends_with(".js") || n.ends_with(".mjs") || n.ends_with(".cjs"))
                })
                .collect();
            names.sort();
            for name in names {
                let path = dir.join(&name);
                let source = fs::read_to_string(&path).map_err(|e| SuiteError(format!("{}: {e}", path.display())))?;
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                let marks = status.marks(stem);
                out.push(TestFile {
                    name: format!("{suite}/{name}"),
                    module: module_of(stem),
                    flags: flags_of(&source),
                    envs: envs_of(&source),
                    internals: uses_internals(&source),
                    status_skip: marks.contains("SKIP"),
                    flaky: marks.contains("FLAKY"),
                    path,
                });
            }
        }
        Ok(out)
    }
}

/// The module a test file exercises, from its name: `test-fs-read` → `fs`,
/// `test-child-process-fork` → `child_process`, `test-event-emitter-once`
/// → `events`. Names no rule knows give their first word.
pub fn module_of(stem: &str) -> String {
    // Longest prefixes first where one is a prefix of another.
    const RULES: &[(&str, &str)] = &[
        ("child-process", "child_process"),
        ("string-decoder", "string_decoder"),
        ("event-emitter", "events"),
        ("eventemitter", "events"),
        ("events", "events"),
        ("event-target", "events"),
        ("eventtarget", "events"),
        ("whatwg-url", "url"),
        ("url", "url"),
        ("whatwg-encoding", "encoding"),
        ("whatwg-events", "events"),
        ("whatwg-readablestream", "webstreams"),
        ("whatwg-webstreams", "webstreams"),
        ("whatwg-writablestream", "webstreams"),
        ("whatwg-transformstream", "webstreams"),
        ("webstream", "webstreams"),
        ("webstreams", "webstreams"),
        ("stream", "stream"),
        ("stream2", "stream"),
        ("stream3", "stream"),
        ("streams", "stream"),
        ("readable", "stream"),
        ("module", "module"),
        ("require", "module"),
        ("worker", "worker"),
        ("timers", "timers"),
        ("timer", "timers"),
        ("next-tick", "process"),
        ("process", "process"),
        ("fs", "fs"),
        ("file", "fs"),
        ("http2", "http2"),
        ("https", "https"),
        ("http", "http"),
        ("net", "net"),
        ("tls", "tls"),
        ("dgram", "dgram"),
        ("dns", "dns"),
        ("cluster", "cluster"),
        ("crypto", "crypto"),
        ("webcrypto", "crypto"),
        ("buffer", "buffer"),
        ("path", "path"),
        ("util", "util"),
        ("assert", "assert"),
        ("querystring", "querystring"),
        ("os", "os"),
        ("zlib", "zlib"),
        ("readline", "readline"),
        ("console", "console"),
        ("vm", "vm"),
    ];
    let rest = stem.strip_prefix("test-").unwrap_or(stem);
    let mut best: Option<(&str, &str)> = None;
    for &(prefix, module) in RULES {
        let matches = rest == prefix || rest.starts_with(&format!("{prefix}-"));
        if matches && best.is_none_or(|(p, _)| prefix.len() > p.len()) {
            best = Some((prefix, module));
        }
    }
    match best {
        Some((_, module)) => module.to_string(),
        None => rest.split('-').next().unwrap_or(rest).to_string(),
    }
}

/// The options on a file's `// Flags:` lines (tools/test.py reads every
/// such line and joins them).
pub fn flags_of(source: &str) -> Vec<String> {
    let mut flags = Vec::new();
    for line in source.lines() {
        if let Some(rest) = line.trim_start().strip_prefix("// Flags:") {
            flags.extend(rest.split_whitespace().map(str::to_string));
        }
    }
    flags
}

/// The variables of a file's `// Env:` line (`NAME=value` words), which
/// `test/common` would otherwise re-spawn the file to set.
pub fn envs_of(source: &str) -> Vec<(String, String)> {
    source
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("// Env:"))
        .map(|rest| {
            rest.split_whitespace()
                .filter_map(|word| word.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a file reaches into Node's internals.
pub fn uses_internals(source: &str) -> bool {
    source.contains("--expose-internals")
        || source.contains("--expose_internals")
        || source.contains("internalBinding(")
        || source.contains("require('internal/")
}

/// The platform the status files' conditions are evaluated for.
#[derive(Debug)]
pub struct Platform {
    vars: BTreeMap<&'static str, &'static str>,
}

impl Platform {
    /// This machine, as tools/test.py names it (`$system==linux`,
    /// `$arch==x64`, `$mode==release`).
    pub fn host() -> Platform {
        let arch = match std::env::consts::ARCH {
            "x86_64" => "x64",
            "aarch64" => "arm64",
            other => other,
        };
        // Rust's OS names are tools/test.py's on the platforms we run on
        // (linux, macos, freebsd).
        let system = std::env::consts::OS;
        let vars = BTreeMap::from([("system", system), ("arch", arch), ("mode", "release"), ("type", "simple")]);
        Platform { vars }
    }

    fn eval(&self, condition: &str) -> Result<bool, String> {
        // `true`, or `$a==b` terms joined by `&&` and `||` (no parentheses
        // in Node's status files; `&&` binds tighter).
        let condition = condition.trim();
        if condition == "true" {
            return Ok(true);
        }
        let mut any = false;
        for alternative in condition.split("||") {
            let mut all = true;
            for term in alternative.split("&&") {
                let term = term.trim();
                let (var, value, equal) = if let Some((v, val)) = term.split_once("!=") {
                    (v, val, false)
                } else if let Some((v, val)) = term.split_once("==") {
                    (v, val, true)
                } else {
                    return Err(format!("condition term `{term}` is not `$var==value`"));
                };
                let var = var.trim().strip_prefix('$').ok_or_else(|| format!("`{term}`: expected `$variable`"))?;
                let holds = self.vars.get(var).is_some_and(|v| *v == value.trim());
                all &= holds == equal;
            }
            any |= all;
        }
        Ok(any)
    }
}

/// A status file (`parallel.status`): which tests are `SKIP`, `FLAKY`, …
/// on this platform.
#[derive(Debug, Default)]
pub struct Status {
    marks: BTreeMap<String, BTreeSet<String>>,
}

impl Status {
    /// Parses a status file; the error names the line.
    pub fn parse(text: &str, platform: &Platform) -> Result<Status, String> {
        let mut status = Status::default();
        let mut active = false;
        for (number, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with("prefix ") {
                continue;
            }
            if let Some(inner) = line.strip_prefix('[') {
                let inner =
                    inner.strip_suffix(']').ok_or_else(|| format!("{}: unclosed section `{line}`", number + 1))?;
                active = platform.eval(inner).map_err(|e| format!("{}: {e}", number + 1))?;
                continue;
            }
            let (name, outcomes) = line
                .split_once(':')
                .ok_or_else(|| format!("{}: expected `test-name: OUTCOME`, found `{line}`", number + 1))?;
            if active {
                let set = status.marks.entry(name.trim().to_string()).or_default();
                set.extend(outcomes.split(',').map(|o| o.trim().to_uppercase()).filter(|o| !o.is_empty()));
            }
        }
        Ok(status)
    }

    /// The marks of one test (by its name without extension).
    pub fn marks(&self, stem: &str) -> BTreeSet<String> {
        self.marks.get(stem).cloned().unwrap_or_default()
    }
}

/// Runs `files`, `options.jobs` at a time, calling `progress` after each
/// one; returns the results in the files' order.
pub fn run(
    files: &[TestFile],
    options: &RunOptions,
    progress: &(dyn Fn(&FileResult, usize) + Sync),
) -> Vec<FileResult> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; files.len()]);
    std::thread::scope(|scope| {
        for job in 0..options.jobs.max(1) {
            let (next, done, results) = (&next, &done, &results);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(file) = files.get(i) else { break };
                    let result = run_one(file, options, job);
                    let finished = done.fetch_add(1, Ordering::SeqCst) + 1;
                    progress(&result, finished);
                    results.lock().unwrap()[i] = Some(result);
                }
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|r| r.expect("every file ran")).collect()
}

/// Runs one file in its own process group with its own temporary folder.
fn run_one(file: &TestFile, options: &RunOptions, job: usize) -> FileResult {
    let started = Instant::now();
    if file.status_skip {
        return FileResult {
            file: file.clone(),
            outcome: Outcome::Skip,
            millis: 0,
            output_tail: "SKIP in status file".into(),
        };
    }
    let job_dir = options.scratch.join(format!("job{job}"));
    let _ = fs::remove_dir_all(&job_dir);
    let made = fs::create_dir_all(&job_dir);
    let (out_path, err_path) = (job_dir.join("stdout"), job_dir.join("stderr"));
    let spawned = made.and_then(|()| {
        let stdout = fs::File::create(&out_path)?;
        let stderr = fs::File::create(&err_path)?;
        // The suite's root (the parent of test/) is the working folder, as
        // under tools/test.py.
        let cwd = file.path.ancestors().nth(3).unwrap_or(Path::new("/")).to_path_buf();
        Command::new(&options.runtime)
            .args(&file.flags)
            .arg(&file.path)
            .current_dir(cwd)
            .env("NODE_TEST_DIR", &job_dir)
            .env("TEST_THREAD_ID", job.to_string())
            // The file's `// Flags:` and `// Env:` are applied here, so
            // test/common need not re-spawn it to apply them (its check
            // would also load `cluster` in every test).
            .env("NODE_SKIP_FLAG_CHECK", "1")
            .envs(file.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env_remove("NODE_OPTIONS")
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .process_group(0)
            .spawn()
    });
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            return FileResult {
                file: file.clone(),
                outcome: Outcome::Crash,
                millis: started.elapsed().as_millis(),
                output_tail: format!("cannot start {}: {e}", options.runtime.display()),
            };
        }
    };
    let pgid = child.id() as i32;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= options.timeout => break None,
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    // Whatever happened, nothing the file started outlives it.
    kill_group(pgid);
    if status.is_none() {
        let _ = child.wait();
    }
    let stdout = fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = fs::read_to_string(&err_path).unwrap_or_default();
    let outcome = match status {
        None => Outcome::Timeout,
        Some(s) if s.signal().is_some() => Outcome::Crash,
        Some(s) if s.code() == Some(0) && stdout.lines().any(|l| l.starts_with("1..0 # Skipped")) => Outcome::Skip,
        Some(s) if s.code() == Some(0) => Outcome::Pass,
        Some(_) => Outcome::Fail,
    };
    let output_tail = if outcome == Outcome::Pass { String::new() } else { tail(&stdout, &stderr) };
    let _ = fs::remove_dir_all(&job_dir);
    FileResult { file: file.clone(), outcome, millis: started.elapsed().as_millis(), output_tail }
}

fn kill_group(pgid: i32) {
    // SAFETY: killpg only sends a signal; a group that is gone gives ESRCH.
    unsafe {
        libc::killpg(pgid, libc::SIGKILL);
    }
}

fn tail(stdout: &str, stderr: &str) -> String {
    let last = |s: &str, n: usize| {
        let lines: Vec<&str> = s.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    };
    let mut text = String::new();
    if !stdout.trim().is_empty() {
        text.push_str("stdout:\n");
        text.push_str(&last(stdout, 10));
        text.push('\n');
    }
    if !stderr.trim().is_empty() {
        // The first lines name the error; the last ones hold its details.
        text.push_str("stderr:\n");
        let lines: Vec<&str> = stderr.lines().collect();
        if lines.len() > 30 {
            text.push_str(&lines[..10].join("\n"));
            text.push_str("\n…\n");
        }
        text.push_str(&last(stderr, 20));
    }
    text
}

/// Counts of outcomes, for one module or in all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files that passed.
    pub pass: usize,
    /// Files that failed.
    pub fail: usize,
    /// Files skipped.
    pub skip: usize,
    /// Files killed by a signal.
    pub crash: usize,
    /// Files that timed out.
    pub timeout: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.pass += 1,
            Outcome::Fail => self.fail += 1,
            Outcome::Skip => self.skip += 1,
            Outcome::Crash => self.crash += 1,
            Outcome::Timeout => self.timeout += 1,
        }
    }

    /// Files counted.
    pub fn total(&self) -> usize {
        self.pass + self.fail + self.skip + self.crash + self.timeout
    }
}

/// Per-module tallies, apart for public-API files and internals files.
#[derive(Debug, Default)]
pub struct Report {
    /// Files that use only the public API, by module.
    pub public: BTreeMap<String, Tally>,
    /// Files that use Node's internals, by module.
    pub internals: BTreeMap<String, Tally>,
}

impl Report {
    /// Tallies the results.
    pub fn new(results: &[FileResult]) -> Report {
        let mut report = Report::default();
        for r in results {
            let map = if r.file.internals { &mut report.internals } else { &mut report.public };
            map.entry(r.file.module.clone()).or_default().add(r.outcome);
        }
        report
    }

    /// The sum over modules.
    pub fn sum(map: &BTreeMap<String, Tally>) -> Tally {
        let mut all = Tally::default();
        for t in map.values() {
            all.pass += t.pass;
            all.fail += t.fail;
            all.skip += t.skip;
            all.crash += t.crash;
            all.timeout += t.timeout;
        }
        all
    }

    /// A table, one module per line, for public-API files, then totals.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<18} {:>6} {:>6} {:>6} {:>6} {:>7} {:>6}\n",
            "module", "pass", "fail", "skip", "crash", "timeout", "pass%"
        );
        let row = |name: &str, t: &Tally| {
            let pct = if t.total() == 0 { 0.0 } else { 100.0 * t.pass as f64 / t.total() as f64 };
            format!(
                "{name:<18} {:>6} {:>6} {:>6} {:>6} {:>7} {pct:>5.1}%\n",
                t.pass, t.fail, t.skip, t.crash, t.timeout
            )
        };
        for (module, t) in &self.public {
            s.push_str(&row(module, t));
        }
        s.push_str(&row("all public", &Report::sum(&self.public)));
        s.push_str(&row("internals", &Report::sum(&self.internals)));
        s
    }
}

/// The JSON report: per-module tallies and each file's outcome.
pub fn json_report(runtime: &str, results: &[FileResult]) -> String {
    use serde_json::{Value, json};
    let report = Report::new(results);
    let tally =
        |t: &Tally| json!({"pass": t.pass, "fail": t.fail, "skip": t.skip, "crash": t.crash, "timeout": t.timeout});
    let modules = |map: &BTreeMap<String, Tally>| -> Value {
        map.iter().map(|(m, t)| (m.clone(), tally(t))).collect::<serde_json::Map<_, _>>().into()
    };
    let files: Vec<Value> = results
        .iter()
        .map(|r| {
            json!({
                "file": r.file.name,
                "module": r.file.module,
                "outcome": r.outcome.name(),
                "internals": r.file.internals,
                "flaky": r.file.flaky,
                "ms": r.millis as u64,
                "output": r.output_tail,
            })
        })
        .collect();
    let doc = json!({
        "runtime": runtime,
        "public": {"all": tally(&Report::sum(&report.public)), "modules": modules(&report.public)},
        "internals": {"all": tally(&Report::sum(&report.internals)), "modules": modules(&report.internals)},
        "files": files,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// Reads a list of file names (`parallel/test-x.js`, one per line, `#`
/// comments); the error names the file and line of a bad entry.
pub fn read_list(path: &Path) -> Result<Vec<String>, SuiteError> {
    let text = fs::read_to_string(path).map_err(|e| SuiteError(format!("{}: {e}", path.display())))?;
    let mut names = Vec::new();
    for (number, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if !line.contains('/') || line.contains(char::is_whitespace) {
            return Err(SuiteError(format!(
                "{}:{}: expected a file name like parallel/test-x.js, found `{line}`",
                path.display(),
                number + 1
            )));
        }
        names.push(line.to_string());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_come_from_names() {
        assert_eq!(module_of("test-fs-read"), "fs");
        assert_eq!(module_of("test-child-process-fork"), "child_process");
        assert_eq!(module_of("test-event-emitter-once"), "events");
        assert_eq!(module_of("test-http2-client"), "http2");
        assert_eq!(module_of("test-http-agent"), "http");
        assert_eq!(module_of("test-whatwg-url-custom-parsing"), "url");
        assert_eq!(module_of("test-stream2-basic"), "stream");
        assert_eq!(module_of("test-quic-foo"), "quic");
        assert_eq!(module_of("test-os"), "os");
    }

    #[test]
    fn flags_lines_are_joined() {
        let src = "'use strict';\n// Flags: --expose-gc --no-warnings\n// Flags: --zero-fill-buffers\n";
        assert_eq!(flags_of(src), ["--expose-gc", "--no-warnings", "--zero-fill-buffers"]);
        assert!(flags_of("// no flags here").is_empty());
    }

    #[test]
    fn status_sections_apply_by_platform() {
        let text = "prefix parallel\n[true] # all\ntest-a: SKIP\n[$system==win32]\ntest-b: SKIP\n\
                    [$system==linux && $arch==x64]\ntest-c: PASS, FLAKY\n[$system==aix || $arch==x64]\ntest-d: SKIP\n";
        let mut platform = Platform::host();
        platform.vars.insert("system", "linux");
        platform.vars.insert("arch", "x64");
        let status = Status::parse(text, &platform).unwrap();
        assert!(status.marks("test-a").contains("SKIP"));
        assert!(status.marks("test-b").is_empty());
        assert_eq!(status.marks("test-c"), BTreeSet::from(["PASS".to_string(), "FLAKY".to_string()]));
        assert!(status.marks("test-d").contains("SKIP"));
    }

    #[test]
    fn bad_status_lines_are_named() {
        let err = Status::parse("[true]\nnot a mark\n", &Platform::host()).unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        let err = Status::parse("[$system=linux]\n", &Platform::host()).unwrap_err();
        assert!(err.starts_with("1:"), "{err}");
    }

    #[test]
    fn env_lines_give_variables() {
        let src = "// Flags: --x\n// Env: A=1 B=two=2 junk\n";
        assert_eq!(envs_of(src), [("A".to_string(), "1".to_string()), ("B".to_string(), "two=2".to_string())]);
        assert!(envs_of("'use strict';").is_empty());
    }

    #[test]
    fn internals_are_recognised() {
        assert!(uses_internals("// Flags: --expose-internals\n"));
        assert!(uses_internals("const { internalBinding } = require('internal/test/binding');"));
        assert!(!uses_internals("require('fs')"));
    }
}
