//! Lengths of time and shares written the way people write them in YAML:
//! `48h`, `7d`, `1d12h`, `90m`; `1/2`, `2/3`, `50%`.

use std::fmt;

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Words in every error our value parsers raise, so the YAML loader can
/// find the line of the value (see `Error::yaml_in`).
pub(crate) const VALUE_ERROR_MARK: &str = " is not a ";

/// A length of time such as `48h` or `7d` (units `d`, `h`, `m`, `s`,
/// combinable: `1d12h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span(i64);

impl Span {
    /// A span of `hours` hours.
    pub const fn hours(hours: i64) -> Span {
        Span(hours * 3600)
    }

    /// A span of `days` days.
    pub const fn days(days: i64) -> Span {
        Span(days * 86_400)
    }

    /// As a chrono duration.
    pub fn delta(self) -> TimeDelta {
        TimeDelta::seconds(self.0)
    }

    /// Parses `48h`, `7d`, `1d12h`, `30m`, `90s`.
    pub fn parse(text: &str) -> Result<Span, String> {
        let bad = || format!("`{text}` is not a length of time: write e.g. `48h`, `7d` or `1d12h`");
        let mut total: i64 = 0;
        let mut digits = String::new();
        let mut any = false;
        for c in text.trim().chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = match c {
                'd' => 86_400,
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return Err(bad()),
            };
            let n: i64 = digits.parse().map_err(|_| bad())?;
            total = n.checked_mul(unit).and_then(|v| total.checked_add(v)).ok_or_else(bad)?;
            digits.clear();
            any = true;
        }
        if !any || !digits.is_empty() {
            return Err(bad());
        }
        Ok(Span(total))
    }
}

impl fmt::Display for Span {
    /// As configured: `48h` stays `48h`, `7d` stays `7d`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s > 0 && s % 86_400 == 0 && s >= 3 * 86_400 {
            write!(f, "{}d", s / 86_400)
        } else if s > 0 && s % 3600 == 0 {
            write!(f, "{}h", s / 3600)
        } else {
            f.write_str(&human(TimeDelta::seconds(s)).replace(' ', ""))
        }
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        Span::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A duration the way people read it: `1d 2h`, `47h 59m` becomes `1d 23h 59m`,
/// `0s` for nothing. Seconds show only under a minute.
pub fn human(delta: TimeDelta) -> String {
    let mut secs = delta.num_seconds();
    let neg = secs < 0;
    secs = secs.abs();
    let (d, h, m, s) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if s > 0 && d == 0 && h == 0 {
        parts.push(format!("{s}s"));
    }
    if parts.is_empty() {
        parts.push("0s".to_owned());
    }
    let text = parts.join(" ");
    if neg { format!("-{text}") } else { text }
}

/// A share of a whole, such as a quorum or a majority: `1/2`, `2/3`, `50%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    num: u32,
    den: u32,
}

impl Share {
    /// `num/den`.
    pub const fn new(num: u32, den: u32) -> Share {
        Share { num, den }
    }

    /// Parses `1/2`, `2/3` or `50%`.
    pub fn parse(text: &str) -> Result<Share, String> {
        let bad = || format!("`{text}` is not a share: write e.g. `1/2`, `2/3` or `50%`");
        let t = text.trim();
        let share = if let Some(p) = t.strip_suffix('%') {
            Share { num: p.trim().parse().map_err(|_| bad())?, den: 100 }
        } else if let Some((n, d)) = t.split_once('/') {
            Share { num: n.trim().parse().map_err(|_| bad())?, den: d.trim().parse().map_err(|_| bad())? }
        } else {
            return Err(bad());
        };
        if share.den == 0 || share.num > share.den {
            return Err(format!("`{text}` is not a share: it must lie between 0 and 1"));
        }
        Ok(share)
    }

    /// Whether `part` of `whole` is at least this share.
    pub fn reached_by(self, part: u32, whole: u32) -> bool {
        u64::from(part) * u64::from(self.den) >= u64::from(self.num) * u64::from(whole)
    }

    /// Whether `part` of `whole` is more than this share.
    pub fn exceeded_by(self, part: u32, whole: u32) -> bool {
        u64::from(part) * u64::from(self.den) > u64::from(self.num) * u64::from(whole)
    }

    /// The smallest count of `whole` that reaches this share.
    pub fn at_least_of(self, whole: u32) -> u32 {
        let need = u64::from(self.num) * u64::from(whole);
        need.div_ceil(u64::from(self.den)) as u32
    }

    /// The smallest count of `whole` that exceeds this share.
    pub fn more_than_of(self, whole: u32) -> u32 {
        let need = u64::from(self.num) * u64::from(whole);
        (need / u64::from(self.den) + 1) as u32
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 100 { write!(f, "{}%", self.num) } else { write!(f, "{}/{}", self.num, self.den) }
    }
}

impl Serialize for Share {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Share, D::Error> {
        let text = String::deserialize(d)?;
        Share::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        assert_eq!(Span::parse("48h"), Ok(Span::hours(48)));
        assert_eq!(Span::parse("7d"), Ok(Span::days(7)));
        assert_eq!(Span::parse("1d12h"), Ok(Span::hours(36)));
        assert!(Span::parse("48").is_err());
        assert!(Span::parse("2w").is_err());
        assert!(Span::parse("").is_err());
        assert_eq!(Span::hours(48).to_string(), "48h");
        assert_eq!(Span::days(7).to_string(), "7d");
        assert_eq!(Span::parse("90m").unwrap().to_string(), "1h30m");
        assert_eq!(human(TimeDelta::minutes(47 * 60 + 59)), "1d 23h 59m");
        assert_eq!(human(TimeDelta::seconds(59)), "59s");
    }

    #[test]
    fn shares() {
        let half = Share::parse("1/2").unwrap();
        assert!(half.reached_by(5, 10));
        assert!(!half.exceeded_by(5, 10));
        assert!(half.exceeded_by(6, 10));
        assert_eq!(half.at_least_of(9), 5);
        assert_eq!(half.more_than_of(10), 6);
        assert_eq!(Share::parse("50%").unwrap().to_string(), "50%");
        assert!(Share::parse("3/2").is_err());
        assert!(Share::parse("half").is_err());
    }
}
