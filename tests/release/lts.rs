//! `git nodus lts`: status, import/export of Node's schedule.json, chart,
//! check.

use nodus_test_support::{Cmd, GitRepo, fixtures_dir};

fn git_nodus(repo: &GitRepo) -> Cmd {
    Cmd::new(env!("CARGO_BIN_EXE_git-nodus")).current_dir(repo.path())
}

fn node_schedule() -> String {
    std::fs::read_to_string(fixtures_dir().join("release/node-schedule.json")).expect("fixture")
}

/// A repository whose release.yaml holds Node's real schedule, imported.
fn node_project() -> GitRepo {
    let mut repo = GitRepo::new();
    repo.write("README.md", "demo\n");
    repo.write("release.yaml", "# Demo policy\nproject: Demo\n\ntag: v{version}\n");
    repo.commit("initial");
    repo.write("schedule.json", node_schedule());
    git_nodus(&repo).args(["lts", "import", "schedule.json"]).run_ok();
    repo
}

fn phase_of(repo: &GitRepo, date: &str, line: &str) -> (String, Option<String>) {
    let out = git_nodus(repo).args(["lts", "status", "--all", "--json", "--date", date]).run_ok();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let entry = json["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["line"] == line)
        .unwrap_or_else(|| panic!("{line} missing\n{out}"));
    (entry["phase"].as_str().unwrap().to_owned(), entry["next"]["date"].as_str().map(str::to_owned))
}

#[test]
fn node_schedule_phases_on_fixed_dates() {
    let repo = node_project();
    let cases = [
        // v20 'Iron': Current 2023-04-18, LTS 2023-10-24, Maintenance 2024-10-22, EOL 2026-04-30.
        ("2023-04-17", "v20", "pending"),
        ("2023-06-01", "v20", "current"),
        ("2023-10-24", "v20", "active_lts"),
        ("2024-10-21", "v20", "active_lts"),
        ("2024-10-22", "v20", "maintenance"),
        ("2026-04-29", "v20", "maintenance"),
        ("2026-04-30", "v20", "end_of_life"),
        // v22 'Jod': Current 2024-04-24, LTS 2024-10-29, Maintenance 2025-10-21, EOL 2027-04-30.
        ("2024-06-01", "v22", "current"),
        ("2025-01-15", "v22", "active_lts"),
        ("2025-10-21", "v22", "maintenance"),
        ("2027-05-01", "v22", "end_of_life"),
        // v24 'Krypton': Current 2025-05-06, LTS 2025-10-28, Maintenance 2026-10-20, EOL 2028-04-30.
        ("2025-05-05", "v24", "pending"),
        ("2025-05-06", "v24", "current"),
        ("2025-10-28", "v24", "active_lts"),
        ("2026-10-20", "v24", "maintenance"),
        ("2028-04-30", "v24", "end_of_life"),
        // Odd lines are never LTS: v23 goes from Current straight to Maintenance.
        ("2025-01-15", "v23", "current"),
        ("2025-04-01", "v23", "maintenance"),
    ];
    for (date, line, phase) in cases {
        assert_eq!(phase_of(&repo, date, line).0, phase, "{line} on {date}");
    }
    assert_eq!(phase_of(&repo, "2025-01-15", "v22").1.as_deref(), Some("2025-10-21"));
}

#[test]
fn status_table_shows_supported_lines_and_days_to_next_change() {
    let repo = node_project();
    let out = git_nodus(&repo).args(["lts", "status", "--date", "2025-01-15"]).run_ok();
    let lines = out.stdout_lines();
    assert!(lines[0].starts_with("Release lines on 2025-01-15 ("), "{out}");
    assert_eq!(
        &lines[2..],
        [
            "LINE  CODENAME  PHASE        SINCE       NEXT                       IN",
            "v18   Hydrogen  Maintenance  2023-10-18  End-of-Life on 2025-04-30  105 days",
            "v20   Iron      Maintenance  2024-10-22  End-of-Life on 2026-04-30  470 days",
            "v22   Jod       Active LTS   2024-10-29  Maintenance on 2025-10-21  279 days",
            "v23   -         Current      2024-10-16  Maintenance on 2025-04-01  76 days",
            "v24   Krypton   Pending      -           Current on 2025-05-06      111 days",
            "v25   -         Pending      -           Current on 2025-10-15      273 days",
            "v26   (LTS)     Pending      -           Current on 2026-04-22      462 days",
        ],
        "{out}"
    );
}

#[test]
fn import_keeps_the_rest_of_release_yaml_and_export_gives_nodes_bytes_back() {
    let repo = node_project();
    let yaml = repo.read("release.yaml");
    assert!(
        yaml.starts_with(
            "# Demo policy\nproject: Demo\n\ntag: v{version}\n\nschedule:\n  v0.8:\n    start: 2012-06-25\n"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("  v20:\n    start: 2023-04-18\n    lts: 2023-10-24\n    maintenance: 2024-10-22\n    end: 2026-04-30\n    codename: Iron\n"));
    assert!(yaml.contains("  v26:\n    start: 2026-04-22\n    lts: 2026-10-28\n    maintenance: 2027-10-20\n    end: 2029-04-30\n    codename: \"\"\n"));
    let out = git_nodus(&repo).args(["lts", "export"]).run_ok();
    assert_eq!(out.stdout, node_schedule());
    git_nodus(&repo).args(["lts", "export", "again.json"]).run_ok();
    assert_eq!(repo.read("again.json"), node_schedule());
    // Importing again replaces the section instead of adding a second one.
    git_nodus(&repo).args(["lts", "import", "again.json"]).run_ok();
    assert_eq!(repo.read("release.yaml"), yaml);
}

#[test]
fn bad_schedules_name_file_line_and_field() {
    let repo = GitRepo::new();
    repo.write(
        "bad.json",
        "{\n  \"v20\": {\n    \"start\": \"2023-04-18\",\n    \"lts\": \"2023-10-24\",\n    \"end\": \"2023-09-01\"\n  }\n}\n",
    );
    let out = git_nodus(&repo).args(["lts", "import", "bad.json"]).run_code(1);
    assert_eq!(
        out.stderr,
        "error: bad.json:5: v20.end: end (2023-09-01) is before lts (2023-10-24): the Active LTS and End-of-Life phases overlap\n"
    );
    assert!(!repo.join("release.yaml").exists(), "a failed import writes nothing");

    repo.write("release.yaml", "schedule:\n  v20:\n    start: 2023-04-18\n    lts: 2023-10-24\n    codename: Iron\n  v22:\n    start: 2024-04-24\n    lts: 2024-10-29\n    codename: Iron\n");
    let out = git_nodus(&repo).args(["lts", "status"]).run_code(1);
    assert!(
        out.stderr.contains("release.yaml:9: schedule.v22.codename: codename `Iron` is already used by v20"),
        "{out}"
    );

    repo.write("release.yaml", "schedule:\n  v20:\n    start: 2023-04-18\n    active: 2023-10-24\n");
    let out = git_nodus(&repo).args(["lts", "status"]).run_code(1);
    assert!(out.stderr.contains("release.yaml:4: schedule.v20: unknown phase or field `active`"), "{out}");

    repo.write("release.yaml", "project: x\n");
    let out = git_nodus(&repo).args(["lts", "status"]).run_code(1);
    assert!(out.stderr.contains("release.yaml: no release schedule: add a `schedule:` section"), "{out}");

    std::fs::remove_file(repo.join("release.yaml")).expect("remove release.yaml");
    let out = git_nodus(&repo).args(["lts", "status"]).run_code(1);
    assert!(out.stderr.contains("release.yaml: no such file, so no release schedule: copy"), "{out}");

    let out = git_nodus(&repo).args(["lts", "status", "--date", "2024-13-01"]).run_code(2);
    assert!(out.stderr.contains("`2024-13-01` is not a date YYYY-MM-DD"), "{out}");
}

#[test]
fn check_requires_branches_for_supported_lines() {
    let mut repo = GitRepo::new();
    repo.write(
        "release.yaml",
        "schedule:\n  v20:\n    start: 2023-04-18\n    end: 2026-04-30\n  v22:\n    start: 2024-04-24\n",
    );
    repo.commit("policy");
    repo.branch("v20.x");
    let out = git_nodus(&repo).args(["lts", "check", "--date", "2025-01-01"]).run_code(1);
    assert!(
        out.stderr
            .contains("release.yaml:5: schedule.v22: line v22 is Current on 2025-01-01 but has no branch `v22.x`"),
        "{out}"
    );
    // Before v22 starts it needs no branch yet.
    git_nodus(&repo).args(["lts", "check", "--date", "2024-01-01"]).run_ok();
}

#[test]
fn chart_writes_an_svg_of_the_lines_in_range() {
    let repo = node_project();
    git_nodus(&repo)
        .args([
            "lts",
            "chart",
            "--svg",
            "chart.svg",
            "--date",
            "2025-01-15",
            "--from",
            "2024-01-01",
            "--to",
            "2027-12-31",
        ])
        .run_ok();
    let svg = repo.read("chart.svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title>Demo release schedule</title>"));
    for line in ["v18", "v20", "v21", "v22", "v23", "v24", "v25", "v26"] {
        assert!(svg.contains(&format!("id=\"line-{line}\"")), "{line} missing");
    }
    assert!(!svg.contains("id=\"line-v16\""), "v16 ended before 2024");
    assert!(svg.contains("today 2025-01-15"));
    let out =
        git_nodus(&repo).args(["lts", "chart", "--svg", "-", "--from", "2027-01-01", "--to", "2026-01-01"]).run_code(1);
    assert!(out.stderr.contains("must start before it ends"), "{out}");
}

#[test]
fn status_reads_a_schedule_json_outside_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixtures_dir().join("release/node-schedule.json");
    let out = Cmd::new(env!("CARGO_BIN_EXE_git-nodus"))
        .current_dir(dir.path())
        .args(["lts", "status", "--date", "2026-06-01", "--schedule"])
        .arg(&file)
        .run_ok();
    assert!(
        out.stdout.contains("v24   Krypton   Active LTS   2025-10-28  Maintenance on 2026-10-20  141 days"),
        "{out}"
    );
    assert!(!out.stdout.contains("v20 "), "v20 is End-of-Life by then\n{out}");
}

#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    use std::process::{Command, Stdio};
    let file = fixtures_dir().join("release/node-schedule.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_git-nodus"))
        .args(["lts", "status", "--all", "--json", "--schedule"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head` exiting at once
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}
