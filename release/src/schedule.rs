//! The release schedule: when each line starts, enters LTS and maintenance,
//! and ends; the phase of a line on a date; Node's `schedule.json` format.
//!
//! Each date in a line's schedule is the first day of the phase it names:
//! on its `lts` date a line is in Active LTS, on its `end` date it is
//! End-of-Life. Whether a line is LTS at all is decided by the schedule
//! alone (an `lts` date), never by whether its major is even.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use changelog::locate;

/// A release line's name: `v20`, or `v0.10` for the pre-io.js lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineId {
    /// The major version (`20`; `0` for `v0.10`).
    pub major: u64,
    /// The minor version of a `0.x` line (`10` for `v0.10`).
    pub minor: Option<u64>,
}

impl LineId {
    /// Line `vN`.
    pub fn major(major: u64) -> LineId {
        LineId { major, minor: None }
    }

    /// The line a version belongs to (`20.1.0` → `v20`, `0.10.3` → `v0.10`).
    pub fn of_version(version: &semver::Version) -> LineId {
        if version.major == 0 { LineId { major: 0, minor: Some(version.minor) } } else { LineId::major(version.major) }
    }

    /// What `{major}` stands for in branch and file templates: `20`, `0.10`.
    pub fn number(&self) -> String {
        match self.minor {
            Some(minor) => format!("{}.{minor}", self.major),
            None => self.major.to_string(),
        }
    }

    /// Whether `version` belongs to this line.
    pub fn contains(&self, version: &semver::Version) -> bool {
        LineId::of_version(version) == *self
    }
}

impl fmt::Display for LineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.number())
    }
}

impl FromStr for LineId {
    type Err = String;

    /// Accepts `v20`, `20`, `v0.10`, `0.10` (and `v20.x`).
    fn from_str(s: &str) -> std::result::Result<LineId, String> {
        let body = s.strip_prefix('v').unwrap_or(s);
        let body = body.strip_suffix(".x").unwrap_or(body);
        let bad = || format!("`{s}` is not a release line (expected `v20`, `20` or `v0.10`)");
        let (major, minor) = match body.split_once('.') {
            Some((major, minor)) => (major, Some(minor)),
            None => (body, None),
        };
        let major: u64 = parse_number(major).ok_or_else(bad)?;
        let minor = match minor {
            Some(m) => Some(parse_number(m).ok_or_else(bad)?),
            None => None,
        };
        if minor.is_some() && major != 0 {
            return Err(format!("`{s}` is not a release line: only 0.x lines have a minor part"));
        }
        Ok(LineId { major, minor })
    }
}

fn parse_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

impl Serialize for LineId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The phase a release line is in on some date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not started yet.
    Pending,
    /// Pre-releases only (lines with an `alpha` date).
    Alpha,
    /// The newest features; releases may be semver-minor.
    Current,
    /// Long-term support: fixes and backported features.
    ActiveLts,
    /// Critical fixes and security releases only.
    Maintenance,
    /// No more releases.
    EndOfLife,
}

impl Phase {
    /// Every phase, in life order.
    pub const ALL: [Phase; 6] =
        [Phase::Pending, Phase::Alpha, Phase::Current, Phase::ActiveLts, Phase::Maintenance, Phase::EndOfLife];

    /// The name people use: `Active LTS`, `End-of-Life`.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Alpha => "Alpha",
            Phase::Current => "Current",
            Phase::ActiveLts => "Active LTS",
            Phase::Maintenance => "Maintenance",
            Phase::EndOfLife => "End-of-Life",
        }
    }

    /// The schedule field whose date starts this phase (`lts` for Active LTS).
    pub fn field(self) -> &'static str {
        match self {
            Phase::Pending => "-",
            Phase::Alpha => "alpha",
            Phase::Current => "start",
            Phase::ActiveLts => "lts",
            Phase::Maintenance => "maintenance",
            Phase::EndOfLife => "end",
        }
    }

    /// Whether the line still gets releases in this phase.
    pub fn is_supported(self) -> bool {
        matches!(self, Phase::Current | Phase::ActiveLts | Phase::Maintenance)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One line's dates and codename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSchedule {
    /// The line.
    pub line: LineId,
    /// First alpha (pre-)release, for lines that have an alpha phase.
    pub alpha: Option<NaiveDate>,
    /// First release: the line becomes Current.
    pub start: NaiveDate,
    /// Start of Active LTS; `None` for lines that never become LTS.
    pub lts: Option<NaiveDate>,
    /// Start of Maintenance.
    pub maintenance: Option<NaiveDate>,
    /// End-of-Life (the first day without support).
    pub end: Option<NaiveDate>,
    /// The LTS codename. `Some("")` keeps Node's "not chosen yet".
    pub codename: Option<String>,
    /// Release branch, when it differs from the policy's template.
    pub branch: Option<String>,
    /// Staging branch, when it differs from the policy's template.
    pub staging: Option<String>,
}

/// A change of phase on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The phase entered.
    pub phase: Phase,
    /// Its first day.
    pub date: NaiveDate,
}

impl LineSchedule {
    /// A line starting on `start` with no other dates.
    pub fn new(line: LineId, start: NaiveDate) -> LineSchedule {
        LineSchedule {
            line,
            alpha: None,
            start,
            lts: None,
            maintenance: None,
            end: None,
            codename: None,
            branch: None,
            staging: None,
        }
    }

    /// Whether the schedule makes this line LTS.
    pub fn is_lts(&self) -> bool {
        self.lts.is_some()
    }

    /// The codename, if one has been chosen (empty means not yet).
    pub fn codename(&self) -> Option<&str> {
        self.codename.as_deref().filter(|c| !c.is_empty())
    }

    /// The phase changes of this line in date order.
    pub fn transitions(&self) -> Vec<Transition> {
        let mut out = Vec::with_capacity(5);
        let mut push = |phase, date: Option<NaiveDate>| {
            if let Some(date) = date {
                out.push(Transition { phase, date });
            }
        };
        push(Phase::Alpha, self.alpha);
        push(Phase::Current, Some(self.start));
        push(Phase::ActiveLts, self.lts);
        push(Phase::Maintenance, self.maintenance);
        push(Phase::EndOfLife, self.end);
        out
    }

    /// The phase on `date`.
    pub fn phase_on(&self, date: NaiveDate) -> Phase {
        self.transitions().iter().rev().find(|t| t.date <= date).map(|t| t.phase).unwrap_or(Phase::Pending)
    }

    /// Where the line stands on `date`.
    pub fn status_on(&self, date: NaiveDate) -> LineStatus {
        let transitions = self.transitions();
        let current = transitions.iter().rev().find(|t| t.date <= date);
        let next = transitions.iter().find(|t| t.date > date).copied();
        LineStatus {
            line: self.line,
            codename: self.codename().map(str::to_owned),
            lts: self.is_lts(),
            phase: current.map(|t| t.phase).unwrap_or(Phase::Pending),
            since: current.map(|t| t.date),
            next,
            days_to_next: next.map(|t| (t.date - date).num_days()),
        }
    }
}

/// A line's phase on a date, and what comes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineStatus {
    /// The line.
    pub line: LineId,
    /// Its codename, if chosen.
    pub codename: Option<String>,
    /// Whether the schedule makes it LTS (now or later).
    pub lts: bool,
    /// Its phase on the date.
    pub phase: Phase,
    /// The first day of that phase (`None` while Pending).
    pub since: Option<NaiveDate>,
    /// The next phase change, if any.
    pub next: Option<Transition>,
    /// Days from the date to the next change.
    pub days_to_next: Option<i64>,
}

/// Every line's schedule, ordered by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    lines: Vec<LineSchedule>,
}

impl Schedule {
    /// A schedule of `lines`, checked like a file would be (`origin` names
    /// it in errors).
    pub fn new(lines: Vec<LineSchedule>, origin: &Path) -> Result<Schedule> {
        let raw = RawSchedule(
            lines
                .into_iter()
                .map(|l| {
                    (
                        l.line,
                        RawLine {
                            alpha: l.alpha,
                            start: Some(l.start),
                            lts: l.lts,
                            maintenance: l.maintenance,
                            end: l.end,
                            codename: l.codename,
                            branch: l.branch,
                            staging: l.staging,
                        },
                    )
                })
                .collect(),
        );
        raw.validate(&Origin { file: origin, text: "", prefix: &[] })
    }

    /// The lines, oldest first.
    pub fn lines(&self) -> &[LineSchedule] {
        &self.lines
    }

    /// Whether there are no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The schedule of `line`.
    pub fn line(&self, line: LineId) -> Option<&LineSchedule> {
        // Lines are sorted and unique (checked when the schedule is made).
        self.lines.binary_search_by_key(&line, |l| l.line).ok().map(|i| &self.lines[i])
    }

    /// Every line's status on `date`, oldest line first.
    pub fn status_on(&self, date: NaiveDate) -> Vec<LineStatus> {
        self.lines.iter().map(|l| l.status_on(date)).collect()
    }

    /// Reads Node's `schedule.json` (nodejs/Release) as is.
    pub fn from_node_json(text: &str, file: &Path) -> Result<Schedule> {
        crate::input::check_json(text, file)?;
        let raw: RawSchedule = serde_json::from_str(text).map_err(|e| Error::Config {
            file: file.to_owned(),
            line: Some(e.line()),
            message: phase_wording(&e.to_string()),
        })?;
        raw.validate(&Origin { file, text, prefix: &[] })
    }

    /// Writes Node's `schedule.json` format: two-space indentation, lines in
    /// order, fields in Node's order (`start`, `lts`, `maintenance`, `end`,
    /// `codename`), a final newline. Reading Node's file and writing it
    /// back gives the same bytes. Per-line branch overrides are not part of
    /// that format and are left out.
    pub fn to_node_json(&self) -> String {
        let mut out = String::from("{\n");
        for (i, line) in self.lines.iter().enumerate() {
            out.push_str(&format!("  {}: {{\n", json_string(&line.line.to_string())));
            let fields = fields_of(line);
            for (j, (name, value)) in fields.iter().enumerate() {
                let comma = if j + 1 < fields.len() { "," } else { "" };
                out.push_str(&format!("    \"{name}\": {}{comma}\n", json_string(value)));
            }
            out.push_str(if i + 1 < self.lines.len() { "  },\n" } else { "  }\n" });
        }
        out.push_str("}\n");
        out
    }

    /// The `schedule:` section of a `release.yaml` holding these lines.
    pub fn to_yaml_section(&self) -> String {
        let mut out = String::from("schedule:\n");
        for line in &self.lines {
            out.push_str(&format!("  {}:\n", line.line));
            for (name, value) in fields_of(line) {
                out.push_str(&format!("    {name}: {}\n", yaml_scalar(&value)));
            }
            if let Some(branch) = &line.branch {
                out.push_str(&format!("    branch: {}\n", yaml_scalar(branch)));
            }
            if let Some(staging) = &line.staging {
                out.push_str(&format!("    staging: {}\n", yaml_scalar(staging)));
            }
        }
        out
    }
}

fn fields_of(line: &LineSchedule) -> Vec<(&'static str, String)> {
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut fields = Vec::new();
    if let Some(d) = line.alpha {
        fields.push(("alpha", date(d)));
    }
    fields.push(("start", date(line.start)));
    if let Some(d) = line.lts {
        fields.push(("lts", date(d)));
    }
    if let Some(d) = line.maintenance {
        fields.push(("maintenance", date(d)));
    }
    if let Some(d) = line.end {
        fields.push(("end", date(d)));
    }
    if let Some(c) = &line.codename {
        fields.push(("codename", c.clone()));
    }
    fields
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings always serialize")
}

/// A plain YAML scalar where that reads back as the same string, otherwise
/// a double-quoted one (JSON string syntax is valid YAML).
fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || " ._-{}/".contains(c))
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && !s.ends_with(' ')
        && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(&s.to_ascii_lowercase().as_str())
        && !s.contains('{');
    if plain { s.to_owned() } else { json_string(s) }
}

/// serde's "unknown field" means an unknown phase inside a schedule line.
pub(crate) fn phase_wording(message: &str) -> String {
    message.replacen("unknown field", "unknown phase or field", 1)
}

/// Where a schedule came from, to name it in errors.
pub(crate) struct Origin<'a> {
    pub(crate) file: &'a Path,
    /// The file's text, to find line numbers (empty: none).
    pub(crate) text: &'a str,
    /// The keys above the schedule (`["schedule"]` in release.yaml).
    pub(crate) prefix: &'a [&'a str],
}

impl Origin<'_> {
    fn error(&self, line: LineId, field: Option<&str>, message: String) -> Error {
        let line_key = line.to_string();
        let mut path: Vec<&str> = self.prefix.to_vec();
        path.push(&line_key);
        if let Some(field) = field {
            path.push(field);
        }
        let shown = path.join(".");
        Error::Config {
            file: self.file.to_owned(),
            line: locate::key_line(self.text, &path),
            message: format!("{shown}: {message}"),
        }
    }
}

/// A schedule as written, before its checks.
#[derive(Debug, Default)]
pub(crate) struct RawSchedule(pub(crate) Vec<(LineId, RawLine)>);

/// One line as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLine {
    #[serde(default, deserialize_with = "date")]
    alpha: Option<NaiveDate>,
    #[serde(default, deserialize_with = "date")]
    start: Option<NaiveDate>,
    #[serde(default, deserialize_with = "date")]
    lts: Option<NaiveDate>,
    #[serde(default, deserialize_with = "date")]
    maintenance: Option<NaiveDate>,
    #[serde(default, deserialize_with = "date")]
    end: Option<NaiveDate>,
    #[serde(default)]
    codename: Option<String>,
    #[serde(default)]
    branch: Option<String>,
    #[serde(default)]
    staging: Option<String>,
}

impl RawSchedule {
    /// Checks every rule and returns the first problem, naming line and field.
    pub(crate) fn validate(self, origin: &Origin<'_>) -> Result<Schedule> {
        let mut lines: Vec<LineSchedule> = Vec::with_capacity(self.0.len());
        let mut seen = std::collections::HashSet::with_capacity(self.0.len());
        for (id, raw) in self.0 {
            if !seen.insert(id) {
                return Err(origin.error(id, None, "this line appears twice".into()));
            }
            let Some(start) = raw.start else {
                return Err(origin.error(id, None, "missing `start` (the date of its first release)".into()));
            };
            let line = LineSchedule {
                line: id,
                alpha: raw.alpha,
                start,
                lts: raw.lts,
                maintenance: raw.maintenance,
                end: raw.end,
                codename: raw.codename,
                branch: raw.branch,
                staging: raw.staging,
            };
            check_line(&line, origin)?;
            lines.push(line);
        }
        lines.sort_by_key(|l| l.line);
        for pair in lines.windows(2) {
            let (older, newer) = (&pair[0], &pair[1]);
            if newer.start < older.start {
                return Err(origin.error(
                    newer.line,
                    Some("start"),
                    format!(
                        "{} starts ({}) before the older line {} ({}): lines must start in order",
                        newer.line, newer.start, older.line, older.start
                    ),
                ));
            }
        }
        let mut codenames: std::collections::HashMap<String, LineId> = std::collections::HashMap::new();
        for line in &lines {
            let Some(codename) = line.codename() else { continue };
            if let Some(other) = codenames.insert(codename.to_ascii_lowercase(), line.line) {
                return Err(origin.error(
                    line.line,
                    Some("codename"),
                    format!("codename `{codename}` is already used by {other}"),
                ));
            }
        }
        Ok(Schedule { lines })
    }
}

fn check_line(line: &LineSchedule, origin: &Origin<'_>) -> Result<()> {
    let transitions = line.transitions();
    for pair in transitions.windows(2) {
        let (earlier, later) = (pair[0], pair[1]);
        if later.date < earlier.date {
            return Err(origin.error(
                line.line,
                Some(later.phase.field()),
                format!(
                    "{} ({}) is before {} ({}): the {} and {} phases overlap",
                    later.phase.field(),
                    later.date,
                    earlier.phase.field(),
                    earlier.date,
                    earlier.phase,
                    later.phase
                ),
            ));
        }
    }
    if line.codename().is_some() && line.lts.is_none() {
        return Err(origin.error(
            line.line,
            Some("codename"),
            "a codename without an `lts` date: add the date the line enters LTS, or remove the codename".into(),
        ));
    }
    if let Some(codename) = line.codename()
        && !codename.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(origin.error(
            line.line,
            Some("codename"),
            format!("codename `{codename}` may hold only letters, digits, spaces and dashes"),
        ));
    }
    for (field, value) in [("branch", &line.branch), ("staging", &line.staging)] {
        if let Some(value) = value
            && !git2::Reference::is_valid_name(&format!("refs/heads/{value}"))
        {
            return Err(origin.error(line.line, Some(field), format!("`{value}` is not a valid branch name")));
        }
    }
    Ok(())
}

impl<'de> Deserialize<'de> for RawSchedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<RawSchedule, D::Error> {
        struct Lines;
        impl<'de> Visitor<'de> for Lines {
            type Value = RawSchedule;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from release lines (`v20`) to their dates")
            }

            fn visit_unit<E: de::Error>(self) -> std::result::Result<RawSchedule, E> {
                Ok(RawSchedule::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<RawSchedule, A::Error> {
                let mut lines = Vec::new();
                while let Some(key) = map.next_key::<LineKey>()? {
                    let raw: RawLine = map.next_value()?;
                    lines.push((key.0, raw));
                }
                Ok(RawSchedule(lines))
            }
        }
        d.deserialize_any(Lines)
    }
}

/// A date field: `YYYY-MM-DD` (or null). Anything else is named with the
/// expected form, where chrono would say "premature end of input" for `12`.
fn date<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<NaiveDate>, D::Error> {
    struct Date;
    fn not_a_date<E: de::Error>(v: impl fmt::Display) -> E {
        E::custom(format!("`{v}` is not a date: write YYYY-MM-DD, e.g. 2024-04-24"))
    }
    impl Visitor<'_> for Date {
        type Value = Option<NaiveDate>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map(Some).map_err(|_| not_a_date(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Self::Value, E> {
            Err(not_a_date(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Self::Value, E> {
            Err(not_a_date(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Self::Value, E> {
            Err(not_a_date(v))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Self::Value, E> {
            Err(not_a_date(v))
        }

        fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Date)
}

/// A line as a map key: `v20`, `"20"` or `20`.
struct LineKey(LineId);

impl<'de> Deserialize<'de> for LineKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<LineKey, D::Error> {
        struct Key;
        impl Visitor<'_> for Key {
            type Value = LineKey;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a release line such as `v20`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<LineKey, E> {
                v.parse().map(LineKey).map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<LineKey, E> {
                Ok(LineKey(LineId::major(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<LineKey, E> {
                u64::try_from(v)
                    .map(|v| LineKey(LineId::major(v)))
                    .map_err(|_| E::custom(format!("`{v}` is not a release line")))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<LineKey, E> {
                Err(E::custom(format!("`{v}` is not a release line; quote 0.x lines as \"v0.10\"")))
            }
        }
        d.deserialize_any(Key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn node_sample() -> Schedule {
        let json = r#"{
  "v0.10": {
    "start": "2013-03-11",
    "end": "2016-10-31"
  },
  "v20": {
    "start": "2023-04-18",
    "lts": "2023-10-24",
    "maintenance": "2024-10-22",
    "end": "2026-04-30",
    "codename": "Iron"
  },
  "v21": {
    "start": "2023-10-17",
    "maintenance": "2024-04-01",
    "end": "2024-06-01"
  }
}
"#;
        Schedule::from_node_json(json, Path::new("schedule.json")).unwrap()
    }

    #[test]
    fn line_ids_parse_and_print() {
        assert_eq!("v20".parse::<LineId>().unwrap(), LineId::major(20));
        assert_eq!("20".parse::<LineId>().unwrap(), LineId::major(20));
        assert_eq!("v20.x".parse::<LineId>().unwrap(), LineId::major(20));
        let old: LineId = "v0.10".parse().unwrap();
        assert_eq!(old.to_string(), "v0.10");
        assert_eq!(old.number(), "0.10");
        assert!("v1.2".parse::<LineId>().is_err());
        assert!("vx".parse::<LineId>().is_err());
        assert!("v020".parse::<LineId>().is_err());
        assert!(LineId::major(0) < old && old < LineId::major(4));
    }

    #[test]
    fn phases_change_on_their_first_day() {
        let s = node_sample();
        let v20 = s.line(LineId::major(20)).unwrap();
        assert_eq!(v20.phase_on(date("2023-04-17")), Phase::Pending);
        assert_eq!(v20.phase_on(date("2023-04-18")), Phase::Current);
        assert_eq!(v20.phase_on(date("2023-10-23")), Phase::Current);
        assert_eq!(v20.phase_on(date("2023-10-24")), Phase::ActiveLts);
        assert_eq!(v20.phase_on(date("2024-10-22")), Phase::Maintenance);
        assert_eq!(v20.phase_on(date("2026-04-29")), Phase::Maintenance);
        assert_eq!(v20.phase_on(date("2026-04-30")), Phase::EndOfLife);
        let v21 = s.line(LineId::major(21)).unwrap();
        assert!(!v21.is_lts());
        assert_eq!(v21.phase_on(date("2024-01-01")), Phase::Current);
        assert_eq!(v21.phase_on(date("2024-04-01")), Phase::Maintenance);
    }

    #[test]
    fn alpha_comes_before_current() {
        let json = r#"{"v27": {"alpha": "2025-10-01", "start": "2026-04-21", "lts": "2026-10-20", "end": "2029-04-30", "codename": ""}}"#;
        let s = Schedule::from_node_json(json, Path::new("s.json")).unwrap();
        let v27 = s.line(LineId::major(27)).unwrap();
        assert_eq!(v27.phase_on(date("2025-09-30")), Phase::Pending);
        assert_eq!(v27.phase_on(date("2025-10-01")), Phase::Alpha);
        assert_eq!(v27.phase_on(date("2026-04-21")), Phase::Current);
        // No maintenance date: Active LTS runs to the end.
        assert_eq!(v27.phase_on(date("2028-01-01")), Phase::ActiveLts);
        assert_eq!(v27.status_on(date("2025-10-02")).next.unwrap().phase, Phase::Current);
        assert!(s.to_node_json().contains("\"v27\": {\n    \"alpha\": \"2025-10-01\",\n    \"start\""));
        let err =
            Schedule::from_node_json(r#"{"v27": {"alpha": "2026-10-01", "start": "2026-04-21"}}"#, Path::new("s.json"));
        assert!(err.unwrap_err().to_string().contains("start (2026-04-21) is before alpha (2026-10-01)"));
    }

    #[test]
    fn status_counts_days_to_the_next_change() {
        let st = node_sample().line(LineId::major(20)).unwrap().status_on(date("2024-10-01"));
        assert_eq!(st.phase, Phase::ActiveLts);
        assert_eq!(st.since, Some(date("2023-10-24")));
        assert_eq!(st.next, Some(Transition { phase: Phase::Maintenance, date: date("2024-10-22") }));
        assert_eq!(st.days_to_next, Some(21));
        let end = node_sample().line(LineId::major(20)).unwrap().status_on(date("2030-01-01"));
        assert_eq!((end.phase, end.next, end.days_to_next), (Phase::EndOfLife, None, None));
    }

    #[test]
    fn node_json_round_trips_byte_for_byte() {
        let s = node_sample();
        let again = Schedule::from_node_json(&s.to_node_json(), Path::new("x")).unwrap();
        assert_eq!(s, again);
        assert!(s.to_node_json().starts_with("{\n  \"v0.10\": {\n    \"start\": \"2013-03-11\",\n"));
    }

    #[test]
    fn empty_codename_is_kept_but_not_a_codename() {
        let json = r#"{"v26": {"start": "2026-04-22", "lts": "2026-10-28", "codename": ""}}"#;
        let s = Schedule::from_node_json(json, Path::new("s.json")).unwrap();
        let v26 = s.line(LineId::major(26)).unwrap();
        assert_eq!(v26.codename(), None);
        assert!(v26.is_lts());
        assert!(s.to_node_json().contains("\"codename\": \"\"\n"));
    }

    fn error_of(json: &str) -> String {
        Schedule::from_node_json(json, Path::new("schedule.json")).unwrap_err().to_string()
    }

    #[test]
    fn inverted_dates_name_line_and_field() {
        let json = "{\n  \"v20\": {\n    \"start\": \"2023-04-18\",\n    \"lts\": \"2023-10-24\",\n    \"maintenance\": \"2023-01-01\"\n  }\n}";
        assert_eq!(
            error_of(json),
            "schedule.json:5: v20.maintenance: maintenance (2023-01-01) is before lts (2023-10-24): \
             the Active LTS and Maintenance phases overlap"
        );
    }

    #[test]
    fn unknown_phase_is_named() {
        let err = error_of(r#"{"v20": {"start": "2023-04-18", "maintainance": "2024-01-01"}}"#);
        assert!(err.contains("unknown phase or field `maintainance`"), "{err}");
        assert!(err.starts_with("schedule.json:1:"), "{err}");
    }

    #[test]
    fn duplicate_codenames_and_lines_are_rejected() {
        let err = error_of(
            r#"{"v20": {"start": "2023-04-18", "lts": "2023-10-24", "codename": "Iron"},
                "v22": {"start": "2024-04-24", "lts": "2024-10-29", "codename": "iron"}}"#,
        );
        assert!(err.contains("v22.codename: codename `iron` is already used by v20"), "{err}");
        let err = error_of(r#"{"v20": {"start": "2023-04-18"}, "20": {"start": "2023-04-18"}}"#);
        assert!(err.contains("v20: this line appears twice"), "{err}");
    }

    #[test]
    fn a_number_is_not_a_date() {
        let err = error_of(r#"{"v20": {"start": 12}}"#);
        assert!(err.contains("`12` is not a date: write YYYY-MM-DD"), "{err}");
        assert!(!err.contains("premature end of input"), "{err}");
        let err = error_of(r#"{"v20": {"start": "2023-04"}}"#);
        assert!(err.contains("`2023-04` is not a date"), "{err}");
    }

    #[test]
    fn many_lines_validate_in_one_pass() {
        // 20,000 lines used to take seconds (each line was compared with
        // every other); the duplicate is still found, named by line.
        let mut json = String::from("{\n");
        for i in 1..=20_000 {
            json.push_str(&format!("  \"v{i}\": {{\"start\": \"2023-04-18\"}},\n"));
        }
        json.push_str("  \"v7\": {\"start\": \"2023-04-18\"}\n}\n");
        let err = error_of(&json);
        assert!(err.starts_with("schedule.json:8: v7: this line appears twice"), "{err}");
    }

    #[test]
    fn deep_json_is_refused_at_its_line() {
        let json = format!("{{\"v20\": {{\"start\":\n{}1{}}}}}", "[".repeat(100), "]".repeat(100));
        let err = error_of(&json);
        assert!(err.starts_with("schedule.json:2: arrays and objects nested more than 64 levels"), "{err}");
    }

    #[test]
    fn other_checks() {
        assert!(error_of(r#"{"v20": {"lts": "2023-10-24"}}"#).contains("v20: missing `start`"));
        assert!(error_of(r#"{"v20": {"start": "2023-04-18", "codename": "Iron"}}"#).contains("without an `lts` date"));
        assert!(
            error_of(r#"{"v20": {"start": "2023-04-18"}, "v21": {"start": "2022-01-01"}}"#)
                .contains("v21.start: v21 starts (2022-01-01) before the older line v20 (2023-04-18)")
        );
        assert!(error_of(r#"{"v20": {"start": "2023-02-30"}}"#).contains("schedule.json:1"));
    }
}
