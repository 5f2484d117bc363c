//! The release schedule as an SVG Gantt chart, like the one on nodejs.org's
//! release page: one bar per line, newest on top, a colour per phase, a
//! time axis with years and quarters, a "today" marker and a legend.

use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};

use crate::error::{Error, Result};
use crate::schedule::{LineSchedule, Phase, Schedule};

/// What to draw.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    /// The heading above the chart.
    pub title: String,
    /// The date marked "today".
    pub today: NaiveDate,
    /// First day shown (default: the quarter a year before today).
    pub from: Option<NaiveDate>,
    /// Last day shown (default: the latest end of the lines shown, at least
    /// two years after `from`).
    pub to: Option<NaiveDate>,
}

const WIDTH: f64 = 1000.0;
const LABEL_WIDTH: f64 = 150.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 86.0;
const ROW: f64 = 40.0;
const BAR: f64 = 26.0;
const FONT: &str = "Helvetica, Arial, sans-serif";

/// Fill and text colour of a phase's bar.
fn colours(phase: Phase) -> (&'static str, &'static str) {
    match phase {
        Phase::Alpha => ("#e59f3c", "#222222"),
        Phase::Current => ("#5fa04e", "#ffffff"),
        Phase::ActiveLts => ("#2f6f30", "#ffffff"),
        Phase::Maintenance => ("#a9b8c4", "#1d2a33"),
        Phase::Pending | Phase::EndOfLife => ("#dddddd", "#222222"),
    }
}

/// Renders `schedule` as a standalone SVG document.
pub fn render_svg(schedule: &Schedule, opts: &ChartOptions) -> Result<String> {
    let today = opts.today;
    let from = opts.from.unwrap_or_else(|| quarter_start(today - Months::new(12)));
    let shown = |l: &&LineSchedule, to: NaiveDate| {
        let first = l.alpha.unwrap_or(l.start);
        first < to && l.end.is_none_or(|end| end > from)
    };
    let to = match opts.to {
        Some(to) => to,
        None => {
            let far = NaiveDate::MAX;
            let latest = schedule
                .lines()
                .iter()
                .filter(|l| shown(l, far))
                .map(|l| l.end.unwrap_or(l.start + Months::new(36)))
                .max()
                .unwrap_or(today + Months::new(36));
            quarter_start(latest.max(from + Months::new(24)) + Months::new(3))
        }
    };
    if from >= to {
        return Err(Error::Invalid {
            what: format!("--from {from} --to {to}"),
            message: "the chart must start before it ends".into(),
        });
    }
    let lines: Vec<&LineSchedule> = schedule.lines().iter().rev().filter(|l| shown(l, to)).collect();
    if lines.is_empty() {
        return Err(Error::Invalid {
            what: format!("--from {from} --to {to}"),
            message: "no release line of the schedule falls in this period".into(),
        });
    }

    let plot_left = LABEL_WIDTH;
    let plot_right = WIDTH - RIGHT;
    let days = (to - from).num_days() as f64;
    let x =
        |d: NaiveDate| plot_left + ((d - from).num_days() as f64).clamp(0.0, days) / days * (plot_right - plot_left);
    let rows_bottom = TOP + ROW * lines.len() as f64;
    let height = rows_bottom + 70.0;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" font-family="{FONT}">"#
    );
    let _ = writeln!(svg, "  <title>{}</title>", xml(&opts.title));
    let _ = writeln!(svg, r##"  <rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        svg,
        r##"  <text x="20" y="30" font-size="20" font-weight="bold" fill="#1d2a33">{}</text>"##,
        xml(&opts.title)
    );

    // Axis: alternate shading per year, year labels, quarter ticks.
    let _ = writeln!(svg, r#"  <g class="axis">"#);
    let mut year = NaiveDate::from_ymd_opt(from.year(), 1, 1).expect("January 1st exists");
    let mut shade = year.year() % 2 == 0;
    while year < to {
        let next = NaiveDate::from_ymd_opt(year.year() + 1, 1, 1).expect("January 1st exists");
        let (x0, x1) = (x(year.max(from)), x(next.min(to)));
        if shade {
            let _ = writeln!(
                svg,
                r##"    <rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#f4f6f8"/>"##,
                TOP - 8.0,
                x1 - x0,
                rows_bottom - TOP + 8.0
            );
        }
        if x1 - x0 > 36.0 {
            let _ = writeln!(
                svg,
                r##"    <text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" fill="#1d2a33" text-anchor="middle">{}</text>"##,
                (x0 + x1) / 2.0,
                TOP - 30.0,
                year.year()
            );
        }
        shade = !shade;
        year = next;
    }
    let mut quarter = quarter_start(from);
    while quarter <= to {
        if quarter >= from {
            let qx = x(quarter);
            let january = quarter.month() == 1;
            let _ = writeln!(
                svg,
                r##"    <line x1="{qx:.1}" y1="{:.1}" x2="{qx:.1}" y2="{rows_bottom:.1}" stroke="{}" stroke-width="1"/>"##,
                TOP - if january { 22.0 } else { 12.0 },
                if january { "#9aa5ad" } else { "#d5dbe0" }
            );
            let quarter_px = (plot_right - plot_left) * 91.0 / days;
            if quarter_px > 34.0 && quarter + Months::new(1) <= to {
                let _ = writeln!(
                    svg,
                    r##"    <text x="{:.1}" y="{:.1}" font-size="11" fill="#5b6770">{}</text>"##,
                    qx + 3.0,
                    TOP - 12.0,
                    quarter.format("%b")
                );
            }
        }
        quarter = quarter + Months::new(3);
    }
    let _ = writeln!(svg, "  </g>");

    // One row per line.
    for (i, line) in lines.iter().enumerate() {
        let y = TOP + ROW * i as f64 + (ROW - BAR) / 2.0;
        let mid = y + BAR / 2.0;
        let _ = writeln!(svg, r#"  <g class="line" id="line-{}">"#, line.line);
        let _ = writeln!(
            svg,
            r##"    <text x="20" y="{:.1}" font-size="15" font-weight="bold" fill="#1d2a33">{}</text>"##,
            mid + 5.0,
            xml(&line.line.to_string())
        );
        let subtitle = match (line.codename(), line.is_lts()) {
            (Some(c), _) => c.to_owned(),
            (None, true) => "LTS".to_owned(),
            (None, false) => String::new(),
        };
        if !subtitle.is_empty() {
            let _ = writeln!(
                svg,
                r##"    <text x="68" y="{:.1}" font-size="13" fill="#5b6770">{}</text>"##,
                mid + 5.0,
                xml(&subtitle)
            );
        }
        let transitions = line.transitions();
        for (j, t) in transitions.iter().enumerate() {
            if t.phase == Phase::EndOfLife {
                continue;
            }
            let end = transitions.get(j + 1).map(|n| n.date).unwrap_or(to);
            if end <= from || t.date >= to || end <= t.date {
                continue;
            }
            let (x0, x1) = (x(t.date), x(end));
            let (fill, ink) = colours(t.phase);
            let open_end = transitions.get(j + 1).is_none();
            let _ = writeln!(
                svg,
                r#"    <rect class="phase {}" x="{x0:.1}" y="{y:.1}" width="{:.1}" height="{BAR}" rx="3" fill="{fill}"{}><title>{} {}: {} – {}</title></rect>"#,
                class_of(t.phase),
                (x1 - x0).max(1.0),
                if open_end { r#" fill-opacity="0.55""# } else { "" },
                xml(&line.line.to_string()),
                t.phase,
                t.date,
                transitions.get(j + 1).map(|n| n.date.to_string()).unwrap_or_else(|| "…".into()),
            );
            let label =
                [t.phase.label(), short_label(t.phase)].into_iter().find(|l| text_width(l, 12.0) + 10.0 <= x1 - x0);
            if let Some(label) = label {
                let _ = writeln!(
                    svg,
                    r#"    <text x="{:.1}" y="{:.1}" font-size="12" fill="{ink}" text-anchor="middle">{label}</text>"#,
                    (x0 + x1) / 2.0,
                    mid + 4.0
                );
            }
        }
        let _ = writeln!(svg, "  </g>");
    }

    // Today.
    if today >= from && today <= to {
        let tx = x(today);
        let _ = writeln!(svg, r#"  <g class="today">"#);
        let _ = writeln!(
            svg,
            r##"    <line x1="{tx:.1}" y1="{:.1}" x2="{tx:.1}" y2="{:.1}" stroke="#d0342c" stroke-width="2" stroke-dasharray="5 3"/>"##,
            TOP - 8.0,
            rows_bottom + 4.0
        );
        let anchor = if tx > plot_right - 60.0 {
            "end"
        } else if tx < plot_left + 60.0 {
            "start"
        } else {
            "middle"
        };
        let _ = writeln!(
            svg,
            r##"    <text x="{tx:.1}" y="{:.1}" font-size="12" font-weight="bold" fill="#d0342c" text-anchor="{anchor}">today {today}</text>"##,
            rows_bottom + 18.0
        );
        let _ = writeln!(svg, "  </g>");
    }

    // Legend.
    let _ = writeln!(svg, r#"  <g class="legend">"#);
    let mut lx = plot_left;
    let ly = rows_bottom + 38.0;
    let mut phases = vec![Phase::Current, Phase::ActiveLts, Phase::Maintenance];
    if lines.iter().any(|l| l.alpha.is_some()) {
        phases.insert(0, Phase::Alpha);
    }
    for phase in phases {
        let (fill, _) = colours(phase);
        let _ = writeln!(
            svg,
            r#"    <rect x="{lx:.1}" y="{:.1}" width="14" height="14" rx="2" fill="{fill}"/>"#,
            ly - 11.0
        );
        let _ = writeln!(
            svg,
            r##"    <text x="{:.1}" y="{ly:.1}" font-size="13" fill="#1d2a33">{}</text>"##,
            lx + 20.0,
            phase.label()
        );
        lx += 20.0 + text_width(phase.label(), 13.0) + 28.0;
    }
    let _ = writeln!(svg, "  </g>");
    svg.push_str("</svg>\n");
    Ok(svg)
}

fn class_of(phase: Phase) -> &'static str {
    match phase {
        Phase::Pending => "pending",
        Phase::Alpha => "alpha",
        Phase::Current => "current",
        Phase::ActiveLts => "active-lts",
        Phase::Maintenance => "maintenance",
        Phase::EndOfLife => "end-of-life",
    }
}

fn short_label(phase: Phase) -> &'static str {
    match phase {
        Phase::ActiveLts => "LTS",
        Phase::Maintenance => "Maint.",
        Phase::Current => "Cur.",
        other => other.label(),
    }
}

/// A rough width of `s` in pixels at `size` (Helvetica averages ~0.55em).
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.56
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).expect("a quarter starts on a real day")
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn schedule() -> Schedule {
        Schedule::from_node_json(
            r#"{
  "v18": {"start": "2022-04-19", "lts": "2022-10-25", "maintenance": "2023-10-18", "end": "2025-04-30", "codename": "Hydrogen"},
  "v20": {"start": "2023-04-18", "lts": "2023-10-24", "maintenance": "2024-10-22", "end": "2026-04-30", "codename": "Iron"},
  "v21": {"start": "2023-10-17", "maintenance": "2024-04-01", "end": "2024-06-01"},
  "v22": {"start": "2024-04-24", "lts": "2024-10-29", "maintenance": "2025-10-21", "end": "2027-04-30", "codename": "Jod"}
}"#,
            Path::new("s.json"),
        )
        .unwrap()
    }

    fn opts(today: &str) -> ChartOptions {
        ChartOptions { title: "Demo & <Co> schedule".into(), today: date(today), from: None, to: None }
    }

    #[test]
    fn draws_one_row_per_line_in_range_newest_first() {
        let svg = render_svg(&schedule(), &opts("2024-05-01")).unwrap();
        let rows: Vec<&str> =
            svg.match_indices(r#"<g class="line" id="line-"#).map(|(i, _)| &svg[i + 25..i + 28]).collect();
        assert_eq!(rows, ["v22", "v21", "v20", "v18"]);
        // v20: Current, Active LTS, Maintenance; all three coloured segments.
        let v20 = &svg[svg.find("id=\"line-v20\"").unwrap()..];
        let v20 = &v20[..v20.find("</g>").unwrap()];
        assert_eq!(v20.matches("<rect class=\"phase").count(), 3, "{v20}");
        assert!(v20.contains("v20 Active LTS: 2023-10-24 – 2024-10-22"));
        assert!(svg.contains("today 2024-05-01"));
        assert!(svg.contains("<title>Demo &amp; &lt;Co&gt; schedule</title>"));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn a_period_hides_lines_outside_it() {
        let mut o = opts("2026-01-01");
        o.from = Some(date("2025-06-01"));
        o.to = Some(date("2027-12-31"));
        let svg = render_svg(&schedule(), &o).unwrap();
        assert!(!svg.contains("line-v18") && !svg.contains("line-v21"));
        assert!(svg.contains("line-v20") && svg.contains("line-v22"));
        // Years 2025..2027 are labelled.
        for y in ["2025", "2026", "2027"] {
            assert!(svg.contains(&format!(">{y}</text>")), "{y}");
        }
    }

    #[test]
    fn bars_sit_where_their_dates_are() {
        let mut o = opts("2024-01-01");
        o.from = Some(date("2024-01-01"));
        o.to = Some(date("2025-01-01"));
        let svg = render_svg(&schedule(), &o).unwrap();
        // v21's maintenance starts 2024-04-01, day 91 of 366 in the plot.
        let expected = LABEL_WIDTH + 91.0 / 366.0 * (WIDTH - RIGHT - LABEL_WIDTH);
        let v21 = &svg[svg.find("id=\"line-v21\"").unwrap()..];
        let maint = &v21[v21.find("class=\"phase maintenance\"").unwrap()..];
        assert!(maint.contains(&format!("x=\"{expected:.1}\"")), "{maint}");
    }

    #[test]
    fn alpha_phases_get_their_own_colour_and_legend() {
        let s = Schedule::from_node_json(
            r#"{"v27": {"alpha": "2025-10-01", "start": "2026-04-21", "lts": "2026-10-20", "maintenance": "2027-10-20", "end": "2029-04-30"}}"#,
            Path::new("s.json"),
        )
        .unwrap();
        let svg = render_svg(&s, &opts("2026-01-01")).unwrap();
        assert!(svg.contains("class=\"phase alpha\""), "{svg}");
        assert!(svg.contains(">Alpha</text>"));
        // No codename chosen yet: the row says LTS.
        assert!(svg.contains(">LTS</text>"));
    }

    #[test]
    fn rejects_empty_periods() {
        let mut o = opts("2024-01-01");
        o.from = Some(date("2030-01-01"));
        o.to = Some(date("2029-01-01"));
        assert!(render_svg(&schedule(), &o).unwrap_err().to_string().contains("must start before it ends"));
        o.from = Some(date("2040-01-01"));
        o.to = Some(date("2041-01-01"));
        assert!(render_svg(&schedule(), &o).unwrap_err().to_string().contains("no release line"));
    }
}
