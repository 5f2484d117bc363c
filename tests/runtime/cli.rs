//! The command line: options, V8 flags, entry kinds, exit codes.

use nodus_test_support::Cmd;

fn nodus() -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_nodus")).env_remove("NODE_OPTIONS")
}

#[test]
fn versions_prints_json_with_engine_and_abi() {
    let out = nodus().arg("--versions").run_ok();
    let versions: serde_json::Value = serde_json::from_str(&out.stdout).expect("--versions prints JSON");
    assert_eq!(versions["nodus"], env!("CARGO_PKG_VERSION"));
    let v8 = versions["v8"].as_str().expect("v8 version");
    let mut parts = v8.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    assert!(major >= 15, "V8 is the pinned 15.x: {v8}");
    // The ABI number is the registry's entry for this V8 (runtime/build.rs).
    let registry: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/abi_version_registry.json"))
            .expect("runtime/abi_version_registry.json"),
    )
    .expect("the registry is JSON");
    let variant = format!("v8_{major}.{minor}");
    let entry = registry["NODE_MODULE_VERSION"]
        .as_array()
        .expect("a list of entries")
        .iter()
        .find(|e| e["runtime"] == "nodus" && e["variant"] == variant.as_str())
        .expect("an entry for the V8 nodus embeds");
    assert_eq!(versions["modules"], entry["modules"].to_string(), "ABI number from the registry");
    // The same facts from JS.
    let js = nodus().args(["-p", "JSON.stringify([process.versions.modules, process.versions.v8, process.release.name, process.release.lts])"]).run_ok();
    assert_eq!(
        js.stdout.trim(),
        format!("[\"{}\",\"{v8}\",\"node\",false]", versions["modules"].as_str().unwrap_or_default())
    );
}

#[test]
fn help_and_bad_options() {
    let help = nodus().arg("-h").run_ok();
    assert!(help.stdout.starts_with("Usage: nodus [options]"), "{help}");
    let bad = nodus().args(["--definitely-not-an-option", "-e", "0"]).run_code(9);
    // Node names the program as it was run (argv[0]).
    assert_eq!(bad.stderr.trim(), format!("{}: bad option: --definitely-not-an-option", env!("CARGO_BIN_EXE_nodus")));
    let missing = nodus().arg("-e").run_code(9);
    assert!(missing.stderr.contains("-e requires an argument"), "{missing}");
    let input_type = nodus().args(["--input-type=json", "-e", "0"]).run_code(9);
    assert!(input_type.stderr.contains("--input-type"), "{input_type}");
}

#[test]
fn v8_flags_pass_through() {
    let out = nodus()
        .args(["--expose-gc", "--stack-trace-limit=3", "-p", "typeof gc + ' ' + Error.stackTraceLimit"])
        .run_ok();
    assert_eq!(out.stdout, "function 3\n");
    let options = nodus().arg("--v8-options").run_ok();
    assert!(options.stdout.contains("--max-old-space-size"), "V8 lists its options");
}

#[test]
fn heap_limit_ends_with_node_message() {
    let out = nodus()
        .args([
            "--max-old-space-size=16",
            "-e",
            "const keep = []; for (;;) keep.push(new Array(100000).fill(keep.length));",
        ])
        .run();
    assert_eq!(out.code, Some(134), "{out}");
    assert!(
        out.stderr.contains("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"),
        "{out}"
    );
}

#[test]
fn eval_print_and_arguments() {
    let out =
        nodus().args(["-e", "console.log(process.argv.slice(1), __filename, typeof require)", "a", "-b"]).run_ok();
    assert_eq!(out.stdout, "[ 'a', '-b' ] [eval] function\n");
    let printed = nodus().args(["-p", "({ n: [1, 'two'] })"]).run_ok();
    assert_eq!(printed.stdout, "{ n: [ 1, 'two' ] }\n");
    let syntax = nodus().args(["-e", "let = ;"]).run_code(1);
    assert!(syntax.stderr.starts_with("[eval]:1\nlet = ;\n"), "{syntax}");
    assert!(syntax.stderr.contains("SyntaxError:"), "{syntax}");
}

#[test]
fn script_from_stdin_and_preloads() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("pre.js"), "globalThis.preloaded = 'yes';").expect("write");
    let out = nodus()
        .args(["-r", "./pre.js", "-", "x"])
        .current_dir(dir.path())
        .stdin("console.log(preloaded, __filename, process.argv.slice(1))")
        .run_ok();
    assert_eq!(out.stdout, "yes [stdin] [ '-', 'x' ]\n");
    let missing = nodus().args(["-r", "./nope", "-e", "0"]).current_dir(dir.path()).run_code(1);
    assert!(missing.stderr.contains("Cannot find module './nope'"), "{missing}");
}

#[test]
fn shebang_lines_and_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("tool.js");
    std::fs::write(&script, "#!/usr/bin/env node\nconsole.log('ran', new Error().stack.split('\\n')[1].trim().endsWith('tool.js:2:20)'));\nprocess.exitCode = 4;\n").expect("write");
    let out = nodus().arg(&script).run_code(4);
    assert_eq!(out.stdout, "ran true\n");
}

#[test]
fn node_options_apply_before_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("pre.js"), "globalThis.preloaded = 'yes';").expect("write");
    let out = nodus()
        .env("NODE_OPTIONS", "-r ./pre.js --stack-trace-limit=4")
        .args(["-p", "[preloaded, Error.stackTraceLimit, process.execArgv.length]"])
        .current_dir(dir.path())
        .run_ok();
    assert_eq!(out.stdout, "[ 'yes', 4, 2 ]\n");
    let refused = nodus().env("NODE_OPTIONS", "-e 1").args(["-e", "0"]).run_code(9);
    assert_eq!(refused.stderr.trim(), format!("{}: -e is not allowed in NODE_OPTIONS", env!("CARGO_BIN_EXE_nodus")));
}

#[test]
fn heap_limit_follows_machine_memory_and_the_flag() {
    let script = "const s = require('v8').getHeapStatistics(); console.log(Math.round(s.heap_size_limit / 1048576))";
    let default = nodus().args(["-e", script]).run_ok();
    let limited = nodus().args(["--max-old-space-size=100", "-e", script]).run_ok();
    let default: u64 = default.stdout.trim().parse().expect("a number of MiB");
    let limited: u64 = limited.stdout.trim().parse().expect("a number of MiB");
    assert!(default > 1024, "heap limit scales with memory like node's (>1 GiB here): {default}");
    assert!((100..300).contains(&limited), "--max-old-space-size=100 sets the old space: {limited}");
    let v8 = nodus()
        .args(["-p", "const v8 = require('v8'); [v8.deserialize(v8.serialize(new Map([[1, 'x']]))), v8.getHeapSpaceStatistics().some((s) => s.space_name === 'old_space')]"])
        .run_ok();
    assert_eq!(v8.stdout, "[ Map(1) { 1 => 'x' }, true ]\n");
}

#[test]
fn env_files_and_syntax_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join(".env"),
        "A=1\n# comment\nB=\"two words\"\nexport C=3 # trailing comment\nD='single'\nE=\"multi\\nline\"\nKEEP=from-file\n",
    )
    .expect("write");
    let out = nodus()
        .env("KEEP", "from-environment")
        .args(["--env-file=.env", "-p", "JSON.stringify(['A', 'B', 'C', 'D', 'E', 'KEEP'].map((k) => process.env[k]))"])
        .current_dir(dir.path())
        .run_ok();
    assert_eq!(out.stdout, "[\"1\",\"two words\",\"3\",\"single\",\"multi\\nline\",\"from-environment\"]\n");
    let missing = nodus().args(["--env-file=nope.env", "-e", "0"]).current_dir(dir.path()).run_code(9);
    assert_eq!(missing.stderr.trim(), format!("{}: nope.env: not found", env!("CARGO_BIN_EXE_nodus")));

    std::fs::write(dir.path().join("ok.js"), "console.log('must not run');").expect("write");
    std::fs::write(dir.path().join("bad.js"), "let x = ;\n").expect("write");
    let ok = nodus().args(["-c", "ok.js"]).current_dir(dir.path()).run_ok();
    assert_eq!(ok.stdout, "");
    let bad = nodus().args(["--check", "bad.js"]).current_dir(dir.path()).run_code(1);
    assert!(bad.stderr.contains("bad.js:1\nlet x = ;\n        ^\n\nSyntaxError: Unexpected token ';'"), "{bad}");
}
