//! Differential tests: every `tests/fixtures/runtime/*.{js,mjs,cjs}` (and
//! every folder there holding a `main.js`, `main.mjs` or `main.cjs`, for
//! trees with their own `package.json`) runs under
//! `nodus` and its output must equal Node 24's, recorded in
//! `tests/fixtures/runtime/expected/<case>.json` (stdout, the first lines of
//! stderr up to the first stack frame, the exit code).
//!
//! Each fixture is its own test, `differential::fixture::<case>` (listed
//! in [`fixtures!`]; [`every_fixture_has_a_test`] fails for a fixture the
//! list forgets), so one case runs alone with
//! `cargo test -p nodus -- <case>`.
//!
//! `tests/fixtures/runtime/record.sh` rewrites the recorded files from
//! the Node 24 oracle (it sets `NODUS_RECORD=1`; the oracle is found as
//! [`nodus_test_support::need_node_oracle`] says). When the oracle is
//! installed, [`recorded_outputs_are_current`] also checks the files still
//! match it, so they cannot go stale.
//!
//! A fixture can start with directive comments:
//! `// @flags: --unhandled-rejections=warn` (runtime options),
//! `// @args: a b` (script arguments), `// @node-flags: --x` (options for
//! node only: how to make Node 24 behave as nodus does by design),
//! `// @stdin: text\n` (standard input,
//! `\n` for newlines), `// @needs: buffer fs` (core modules nodus must
//! have for the case to run; until then it is skipped, and says so),
//! `// @env: UV_THREADPOOL_SIZE=1` (environment variables for both
//! runtimes).
//! Support files live in `support/` (not cases themselves).
//!
//! Output is normalized before comparing (the same way for both runtimes):
//! the fixture folder becomes `<dir>`, `(node:123)`/`(nodus:123)` become
//! `(<runtime>:<pid>)`, `` `node --…` ``/`` `nodus --…` `` hints become
//! `` `<runtime> --…` ``, an arrow into the runtime's own JS source
//! (`node:…` lines, at the start of stderr, or after the empty line Node prints before a
//! thrown non-error) becomes `<internal arrow>`, and the last stderr line naming the runtime
//! version (`Node.js v24…`, `Nodus v0.1.0`) is dropped. These are the
//! documented differences (runtime/README.md); everything else must match.
//!
//! Where nodus does not print what Node 24 does yet (a known gap), an
//! `expected/<case>.nodus.json` holds the fields (`code`, `stdout`,
//! `stderr`) where nodus differs; the case must be named in
//! runtime/README.md's "Deliberate differences".

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use nodus_test_support::Cmd;
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    nodus_test_support::fixtures_dir().join("runtime")
}

/// One fixture program.
struct Case {
    name: String,
    /// The program, relative to the fixtures folder (where it runs).
    file: PathBuf,
    flags: Vec<String>,
    node_flags: Vec<String>,
    args: Vec<String>,
    stdin: Option<String>,
    needs: Vec<String>,
    /// Environment variables for both runtimes (`NAME=value`).
    env: Vec<(String, String)>,
}

/// A fixture program: a script in the fixtures folder, or the `main.*` of
/// a folder there (the folder's name is the case's).
fn case_file(path: &Path) -> Option<(String, PathBuf)> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    if path.is_dir() {
        if name == "support" || name == "expected" {
            return None;
        }
        let main = ["main.js", "main.mjs", "main.cjs"].iter().map(|m| path.join(m)).find(|m| m.is_file())?;
        return Some((name.clone(), PathBuf::from(name).join(main.file_name()?)));
    }
    let ext = path.extension()?.to_str()?;
    if !["js", "mjs", "cjs"].contains(&ext) {
        return None;
    }
    Some((path.file_stem()?.to_string_lossy().into_owned(), PathBuf::from(name)))
}

fn cases() -> Vec<Case> {
    let dir = fixtures();
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/runtime exists")
        .filter_map(|e| case_file(&e.expect("dir entry").path()))
        .collect();
    found.sort();
    for pair in found.windows(2) {
        assert_ne!(pair[0].0, pair[1].0, "two fixtures are named {}: rename one", pair[0].0);
    }
    found
        .into_iter()
        .map(|(name, file)| {
            let text = std::fs::read_to_string(dir.join(&file)).expect("read fixture");
            let directive = |key: &str| {
                text.lines()
                    .take_while(|l| l.starts_with("//") || l.starts_with("#!"))
                    .find_map(|l| l.strip_prefix(&format!("// @{key}:")).map(|v| v.trim().to_owned()))
            };
            let split =
                |v: Option<String>| v.map(|s| s.split_whitespace().map(str::to_owned).collect()).unwrap_or_default();
            Case {
                name,
                flags: split(directive("flags")),
                node_flags: split(directive("node-flags")),
                args: split(directive("args")),
                stdin: directive("stdin").map(|s| s.replace("\\n", "\n")),
                needs: split(directive("needs")),
                env: split(directive("env"))
                    .into_iter()
                    .map(|pair: String| match pair.split_once('=') {
                        Some((name, value)) => (name.to_owned(), value.to_owned()),
                        None => (pair, String::new()),
                    })
                    .collect(),
                file,
            }
        })
        .collect()
}

/// What a run printed, normalized.
#[derive(Debug, PartialEq)]
struct Observed {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Observed {
    fn to_json(&self) -> Value {
        json!({ "code": self.code, "stdout": self.stdout, "stderr": self.stderr })
    }

    fn from_json(value: &Value) -> Observed {
        Observed {
            code: value["code"].as_i64().map(|c| c as i32),
            stdout: value["stdout"].as_str().unwrap_or_default().to_owned(),
            stderr: value["stderr"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

/// Which runtime runs a case: nodus, or the Node 24 oracle at this path.
#[derive(Clone, Copy)]
enum Runtime<'a> {
    Nodus,
    Node(&'a Path),
}

fn run(runtime: Runtime, case: &Case) -> Observed {
    let (program, node_flags): (&OsStr, &[String]) = match runtime {
        Runtime::Nodus => (OsStr::new(env!("CARGO_BIN_EXE_nodus")), &[]),
        Runtime::Node(path) => (path.as_os_str(), &case.node_flags),
    };
    let mut cmd = Cmd::new(program)
        .args(node_flags)
        .args(&case.flags)
        .arg(&case.file)
        .args(&case.args)
        .current_dir(fixtures())
        .env_remove("NODE_OPTIONS")
        .env("NO_COLOR", "1");
    for (name, value) in &case.env {
        cmd = cmd.env(name, value);
    }
    if let Some(input) = &case.stdin {
        cmd = cmd.stdin(input.as_bytes().to_vec());
    }
    let out = cmd.run();
    let dir = fixtures().canonicalize().expect("fixtures dir");
    Observed {
        code: out.code,
        stdout: normalize(&out.stdout, &dir),
        stderr: stderr_head(&normalize(&out.stderr, &dir)),
    }
}

/// The documented normalizations (see the module docs).
fn normalize(text: &str, dir: &Path) -> String {
    let mut out = text.replace(&dir.to_string_lossy().into_owned(), "<dir>");
    for runtime in ["node", "nodus"] {
        out = out.replace(&format!("`{runtime} --"), "`<runtime> --");
        let prefix = format!("({runtime}:");
        while let Some(start) = out.find(&prefix) {
            let digits_start = start + prefix.len();
            let digits = out[digits_start..].chars().take_while(char::is_ascii_digit).count();
            if digits == 0 || !out[digits_start + digits..].starts_with(')') {
                break;
            }
            out.replace_range(start..digits_start + digits + 1, "(<runtime>:<pid>)");
        }
    }
    out
}

/// Stderr up to the first stack frame, without the runtime-version line;
/// an arrow into the runtime's own source (`node:events:line`,
/// `node:internal/…:line`, the line, the caret) becomes `<internal arrow>`.
fn stderr_head(stderr: &str) -> String {
    let mut lines: Vec<&str> = stderr.lines().take_while(|l| !l.starts_with("    at ")).collect();
    let arrow_at = usize::from(lines.first().is_some_and(|l| l.is_empty()));
    if lines.len() >= arrow_at + 3
        && lines[arrow_at].starts_with("node:")
        && lines[arrow_at + 2].trim_start().starts_with('^')
    {
        lines.splice(arrow_at..arrow_at + 3, ["<internal arrow>"]);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.last().is_some_and(|l| l.starts_with("Node.js v") || l.starts_with("Nodus v")) {
        lines.pop();
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

fn expected_path(case: &Case) -> PathBuf {
    fixtures().join("expected").join(format!("{}.json", case.name))
}

fn diff_report(name: &str, expected: &Observed, actual: &Observed, who: &str) -> String {
    let mut report = format!("--- {name}: {who} differs from the recorded Node 24 output\n");
    if expected.code != actual.code {
        report.push_str(&format!("exit code: expected {:?}, got {:?}\n", expected.code, actual.code));
    }
    if expected.stdout != actual.stdout {
        report.push_str(&format!("stdout expected:\n{}\nstdout got:\n{}\n", expected.stdout, actual.stdout));
    }
    if expected.stderr != actual.stderr {
        report.push_str(&format!("stderr expected:\n{}\nstderr got:\n{}\n", expected.stderr, actual.stderr));
    }
    report
}

/// The core modules this nodus has.
fn nodus_builtins() -> Vec<String> {
    let out = Cmd::new(env!("CARGO_BIN_EXE_nodus")).args(["-p", "require('module').builtinModules.join(' ')"]).run_ok();
    out.stdout.split_whitespace().map(str::to_owned).collect()
}

/// Runs `f` over `items` on a few threads (the cases spend most of their
/// time waiting for child processes); results keep the items' order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> = items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let result = f(item);
                    *results[i].lock().expect("result slot") = Some(result);
                }
            });
        }
    });
    results.into_iter().map(|r| r.into_inner().expect("result slot").expect("every item ran")).collect()
}

/// What checking one fixture found.
enum Outcome {
    /// Compared with the recorded output: `Some(report)` when it differs.
    Checked(Option<String>),
    /// Could not be compared (no recording, an undocumented override).
    Broken(String),
    /// Needs core modules nodus does not have yet.
    Skipped,
}

fn check_case(case: &Case, builtins: &[String], record: bool) -> Outcome {
    let path = expected_path(case);
    if record {
        let node = nodus_test_support::node_oracle()
            .expect("NODUS_RECORD needs the Node 24 oracle: run bench/peers.sh node or set NODUS_NODE_ORACLE");
        let observed = run(Runtime::Node(node), case);
        std::fs::create_dir_all(path.parent().expect("expected dir")).expect("create expected dir");
        let text = serde_json::to_string_pretty(&observed.to_json()).expect("json") + "\n";
        std::fs::write(&path, text).expect("write expected file");
    }
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Outcome::Broken(format!(
            "--- {}: no recorded output at {} (run tests/fixtures/runtime/record.sh)",
            case.name,
            path.display()
        ));
    };
    let mut recorded: Value = serde_json::from_str(&text).expect("recorded output is JSON");
    let override_path = fixtures().join("expected").join(format!("{}.nodus.json", case.name));
    if let Ok(text) = std::fs::read_to_string(&override_path) {
        let fields: Value = serde_json::from_str(&text).expect("override is JSON");
        for (key, value) in fields.as_object().expect("override is an object") {
            recorded[key] = value.clone();
        }
        let readme =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap_or_default();
        let documented = readme
            .split("## Deliberate differences")
            .nth(1)
            .is_some_and(|section| section.contains(&format!("`{}`", case.name)));
        if !documented {
            return Outcome::Broken(format!(
                "--- {}: {} is not documented in runtime/README.md",
                case.name,
                override_path.display()
            ));
        }
    }
    let missing: Vec<&String> = case.needs.iter().filter(|m| !builtins.contains(m)).collect();
    if !missing.is_empty() {
        eprintln!("skipped {}: nodus has no {missing:?} yet", case.name);
        return Outcome::Skipped;
    }
    let expected = Observed::from_json(&recorded);
    let actual = run(Runtime::Nodus, case);
    Outcome::Checked((actual != expected).then(|| diff_report(&case.name, &expected, &actual, "nodus")))
}

/// Checks the fixture `name` (its own test, see [`fixtures!`]).
fn check(name: &str) {
    static BUILTINS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let builtins = BUILTINS.get_or_init(nodus_builtins);
    let record = std::env::var_os("NODUS_RECORD").is_some();
    let case = cases().into_iter().find(|c| c.name == name);
    let case = case.unwrap_or_else(|| panic!("no fixture {name} in tests/fixtures/runtime: remove it from fixtures!"));
    match check_case(&case, builtins, record) {
        Outcome::Checked(None) | Outcome::Skipped => {}
        Outcome::Checked(Some(report)) | Outcome::Broken(report) => panic!("{report}"),
    }
}

/// One test per fixture, named after it (`differential::fixture::<case>`),
/// so a single case runs with `cargo test -p nodus -- <case>`.
/// [`every_fixture_has_a_test`] fails when a fixture is missing here.
macro_rules! fixtures {
    ($($name:ident)*) => {
        const LISTED: &[&str] = &[$(stringify!($name)),*];

        mod fixture {
            $(
                #[test]
                fn $name() {
                    super::check(stringify!($name));
                }
            )*
        }
    };
}

fixtures! {
    assert_call_tracker assert_messages async_context blob_file_consumers buffer_encodings buffer_zero_fill child_process_async
    child_process_fork child_process_sync cjs_bom_shebang cjs_cycle_warning cjs_modules cjs_resolution
    cli_eval_print cli_node_options cli_options cluster_errors cluster_setup cluster_shared_port
    console_formatting console_methods constants_module core_api_errors core_module_aliases crypto_api
    crypto_ciphers crypto_keys dgram_errors dgram_multicast dgram_ping_pong diagnostics_channel_api dns_lookup
    errors_codes esm_basics esm_builtins esm_cycles esm_detect esm_error_cjs_named
    esm_error_in_import_evaluation esm_error_missing_export esm_error_not_found esm_error_syntax
    esm_error_throw esm_error_throw_primitive esm_error_tla_rejects esm_import_cjs esm_import_from_cjs
    esm_json esm_require_esm esm_resolution_errors esm_tla_process_exit esm_tla_unsettled esm_type_module
    esm_uncaught_listener esm_unhandled_rejection eval_syntax_error event_loop_nested event_loop_order
    events_ordering events_unhandled_error exit_code exit_code_from_listener exit_code_validation
    exit_code_values exit_handler_throws exit_listener_throws_handled fetch_classes fetch_http fetch_https
    fs_api fs_dir_and_more fs_order fs_order_serial fs_readdir_order fs_threadpool fs_watch globals
    immediates_clear inspect_corpus inspect_values io_callback_order io_done_before_check multiple_resolves
    net_backpressure net_echo net_errors net_half_open net_happy_eyeballs net_ipv6_unix net_lifecycle
    net_reuse_port net_tables next_tick_args os_api path_table perf_hooks_api process_args process_basics
    process_exit process_props punycode_deprecation queue_microtask_throw readline_stdin rejection_late_async
    signals stdin_destroy stdin_read stdout_epipe stream_behaviour structured_clone structured_clone_edges
    syntax_error test_runner_mock test_runner_spec test_runner_timers text_decoder_legacy
    text_decoder_windows1252 text_encoding timers_api timers_from_microtasks timers_ordering tls_api
    tls_handshake tls_keys_cas tls_net tls_sni_session tls_starttls tls_verify tty_api uncaught_custom_error
    uncaught_error uncaught_exception_handler uncaught_handler_throws uncaught_in_tick uncaught_in_timer
    uncaught_kinds uncaught_object uncaught_primitive unhandled_rejection unhandled_rejection_listener
    unhandled_rejection_modes unhandled_rejection_primitive unhandled_rejection_reasons
    unhandled_rejection_warn unhandled_rejection_warn_values url_querystring url_whatwg util_get_call_sites
    vm_contexts warnings warnings_flags wasm_async webstreams_backpressure webstreams_bytes webstreams_codecs
    webstreams_errors webstreams_node_adapters webstreams_ordering webstreams_pipe_tee webstreams_surface
    worker_threads_api zlib_api
}

#[test]
fn every_fixture_has_a_test() {
    let found: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    let unlisted: Vec<&String> = found.iter().filter(|n| !LISTED.contains(&n.as_str())).collect();
    let gone: Vec<&&str> = LISTED.iter().filter(|n| !found.iter().any(|f| f == *n)).collect();
    assert!(
        unlisted.is_empty() && gone.is_empty(),
        "tests/runtime/differential.rs `fixtures!` must list every fixture: add {unlisted:?}, remove {gone:?}"
    );
}

#[test]
fn recorded_outputs_are_current() {
    let Some(node) = nodus_test_support::need_node_oracle("recorded_outputs_are_current") else { return };
    let stale: Vec<String> = par_map(&cases(), |case| {
        let text = std::fs::read_to_string(expected_path(case)).ok()?;
        let expected = Observed::from_json(&serde_json::from_str(&text).expect("recorded output is JSON"));
        // A few fixtures race timers against each other (timers_ordering,
        // unhandled_rejection_modes); on a loaded machine node itself can
        // print another order now and then. A stale recording differs every
        // time, so a case is stale only when three runs all differ.
        let mut actual = run(Runtime::Node(node), case);
        for _ in 0..2 {
            if actual == expected {
                break;
            }
            actual = run(Runtime::Node(node), case);
        }
        (actual != expected).then(|| diff_report(&case.name, &expected, &actual, "node"))
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        stale.is_empty(),
        "recorded outputs are stale, run tests/fixtures/runtime/record.sh:\n{}",
        stale.join("\n")
    );
}
