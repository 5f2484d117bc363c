//! `node-suite`: runs Node's own test files against `nodus` (or any
//! runtime) and prints pass, fail, skip, crash and timeout counts per
//! module. See tests/node-suite/README.md.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, Command, value_parser};
use nodus_test_support::node_suite::{self, Outcome, RunOptions, Suite};

fn cli() -> Command {
    Command::new("node-suite")
        .about("Run Node's own test files against a runtime, as Node's tools/test.py does")
        .arg(
            Arg::new("patterns")
                .num_args(0..)
                .help("Run only files whose name contains one of these (e.g. test-fs- or parallel/test-os.js)"),
        )
        .arg(
            Arg::new("runtime")
                .long("runtime")
                .value_parser(value_parser!(PathBuf))
                .help("The runtime binary [default: nodus next to this program]"),
        )
        .arg(
            Arg::new("suite")
                .long("suite")
                .value_parser(value_parser!(PathBuf))
                .env("NODUS_NODE_SUITE")
                .help("Node's unpacked test/ folder [default: ~/.cache/nodus/node-src/node-v24.21.0/test]"),
        )
        .arg(
            Arg::new("dirs")
                .long("dirs")
                .default_value("parallel,es-module")
                .help("The suite folders to run, comma-separated (parallel, es-module, sequential)"),
        )
        .arg(
            Arg::new("jobs")
                .short('j')
                .long("jobs")
                .value_parser(value_parser!(usize))
                .help("Files run at once [default: the number of cores]"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_parser(value_parser!(u64))
                .default_value("60")
                .help("Seconds before a file is killed"),
        )
        .arg(
            Arg::new("list")
                .long("list")
                .value_parser(value_parser!(PathBuf))
                .help("Run the files named in this list; exit 1 unless all of them pass"),
        )
        .arg(Arg::new("json").long("json").value_parser(value_parser!(PathBuf)).help("Write the JSON report here"))
        .arg(
            Arg::new("write-passing")
                .long("write-passing")
                .value_parser(value_parser!(PathBuf))
                .help("Write the names of the files that passed (not flaky) here, one per line"),
        )
        .arg(
            Arg::new("verbose")
                .short('v')
                .long("verbose")
                .action(ArgAction::SetTrue)
                .help("Print each file's outcome, and the output of those that did not pass"),
        )
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("node-suite: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let matches = cli().get_matches();
    let suite_dir = match matches.get_one::<PathBuf>("suite") {
        Some(dir) => dir.clone(),
        None => {
            let home = std::env::var_os("HOME").ok_or("HOME is not set; pass --suite")?;
            PathBuf::from(home).join(".cache/nodus/node-src/node-v24.21.0/test")
        }
    };
    let runtime = match matches.get_one::<PathBuf>("runtime") {
        Some(path) => path.clone(),
        None => {
            let me = std::env::current_exe().map_err(|e| format!("cannot find this program's path: {e}"))?;
            me.with_file_name("nodus")
        }
    };
    if !runtime.is_file() {
        return Err(format!("{}: no such runtime binary (build nodus first, or pass --runtime)", runtime.display()));
    }
    let suite = Suite::open(&suite_dir).map_err(|e| e.to_string())?;
    let dirs: Vec<&str> =
        matches.get_one::<String>("dirs").map(|d| d.split(',').map(str::trim).collect()).unwrap_or_default();
    for dir in &dirs {
        if !node_suite::SUITES.contains(dir) {
            return Err(format!("--dirs: unknown suite folder `{dir}` (known: {})", node_suite::SUITES.join(", ")));
        }
    }
    let mut files = suite.files(&dirs).map_err(|e| e.to_string())?;

    let list = matches.get_one::<PathBuf>("list");
    if let Some(list) = list {
        let names = node_suite::read_list(list).map_err(|e| e.to_string())?;
        for name in &names {
            if !files.iter().any(|f| &f.name == name) {
                return Err(format!(
                    "{}: `{name}` is not a test file of {} (folders: {})",
                    list.display(),
                    suite_dir.display(),
                    dirs.join(",")
                ));
            }
        }
        files.retain(|f| names.contains(&f.name));
    }
    let patterns: Vec<&String> = matches.get_many::<String>("patterns").map(|p| p.collect()).unwrap_or_default();
    if !patterns.is_empty() {
        files.retain(|f| patterns.iter().any(|p| f.name.contains(p.as_str())));
    }
    if files.is_empty() {
        return Err("no test file matches".into());
    }

    let jobs = matches
        .get_one::<usize>("jobs")
        .copied()
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let scratch = std::env::temp_dir().join(format!("nodus-node-suite-{}", std::process::id()));
    let options = RunOptions {
        runtime: runtime.clone(),
        jobs,
        timeout: Duration::from_secs(*matches.get_one::<u64>("timeout").expect("has a default")),
        scratch: scratch.clone(),
    };
    let verbose = matches.get_flag("verbose");
    let total = files.len();
    eprintln!("running {total} files of {} with {} ({jobs} at once)", suite_dir.display(), runtime.display());
    let results = node_suite::run(&files, &options, &|result, done| {
        let mut err = std::io::stderr().lock();
        if verbose || (list.is_some() && result.outcome != Outcome::Pass) {
            let _ = writeln!(err, "[{done}/{total}] {} {} ({} ms)", result.outcome, result.file.name, result.millis);
            if result.outcome != Outcome::Pass && result.outcome != Outcome::Skip && !result.output_tail.is_empty() {
                let _ = writeln!(err, "{}", result.output_tail);
            }
        } else if done % 100 == 0 || done == total {
            let _ = writeln!(err, "[{done}/{total}]");
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);

    let report = node_suite::Report::new(&results);
    print!("{}", report.table());
    if let Some(path) = matches.get_one::<PathBuf>("json") {
        std::fs::write(path, node_suite::json_report(&runtime.display().to_string(), &results))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = matches.get_one::<PathBuf>("write-passing") {
        let mut names: Vec<&str> = results
            .iter()
            .filter(|r| r.outcome == Outcome::Pass && !r.file.flaky)
            .map(|r| r.file.name.as_str())
            .collect();
        names.sort();
        let mut text = String::from("# Node 24 test files nodus passes (tests/node-suite/README.md).\n");
        for name in names {
            text.push_str(name);
            text.push('\n');
        }
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if list.is_some() {
        let failed: Vec<&str> =
            results.iter().filter(|r| r.outcome != Outcome::Pass).map(|r| r.file.name.as_str()).collect();
        if !failed.is_empty() {
            eprintln!("{} listed file(s) did not pass: {}", failed.len(), failed.join(" "));
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
