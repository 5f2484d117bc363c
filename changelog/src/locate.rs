//! Line numbers of entries in a YAML (or JSON) document, for errors found
//! after deserializing: a duplicate handle, a rule naming an unknown role,
//! a schedule date out of order.
//!
//! serde_yaml reports where a value failed to deserialize but keeps no
//! spans, so semantic checks look up the entry they complain about here by
//! its path (`members[2].handle`, `schedule.v20.end`). Every crate of the
//! toolkit finds its lines here.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Lines of every mapping key and sequence item in a document, by path.
#[derive(Debug, Default)]
pub struct Lines {
    lines: HashMap<String, usize>,
}

impl Lines {
    /// Indexes `source`; a document that does not parse gives no lines.
    pub fn of(source: &str) -> Lines {
        let mut recv = Recv { stack: Vec::new(), lines: HashMap::new() };
        let mut parser = Parser::new_from_str(source);
        let _ = parser.load(&mut recv, false);
        Lines { lines: recv.lines }
    }

    /// The 1-based line of the entry at `path`, e.g. `members[1].roles[0]`.
    pub fn line(&self, path: &str) -> Option<usize> {
        self.lines.get(path).copied()
    }
}

/// The 1-based line of the key at `path` (`["schedule", "v20", "end"]`) in
/// `text`, or of the deepest part of the path that exists; `None` when not
/// even the first key is there.
///
/// A key matches with or without a leading `v` (`20:` and `v20:` both
/// name line v20).
pub fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    Lines::of(text).key_line(path)
}

impl Lines {
    /// [`key_line`] on an indexed document.
    pub fn key_line(&self, path: &[&str]) -> Option<usize> {
        let mut prefix = String::new();
        let mut found = None;
        for key in path {
            let bare = key.strip_prefix('v').unwrap_or(key);
            let candidates = [(*key).to_owned(), bare.to_owned(), format!("v{bare}")];
            let next = candidates.iter().find_map(|c| {
                let p = if prefix.is_empty() { c.clone() } else { format!("{prefix}.{c}") };
                self.line(&p).map(|line| (p, line))
            });
            let Some((p, line)) = next else { break };
            prefix = p;
            found = Some(line);
        }
        found
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
pub fn text_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

enum Frame {
    /// A mapping at `path`; `key` is the key whose value comes next.
    Map { path: String, key: Option<String> },
    /// A sequence at `path` with the index of the next item.
    Seq { path: String, next: usize },
}

struct Recv {
    stack: Vec<Frame>,
    lines: HashMap<String, usize>,
}

impl Recv {
    /// The path of the value that starts now, recording its line; `None`
    /// when the event is a mapping key instead.
    fn enter_value(&mut self, mark: Marker) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                self.lines.entry(p.clone()).or_insert(mark.line());
                Some(p)
            }
            Some(Frame::Map { path, key }) => {
                key.take().map(|k| if path.is_empty() { k } else { format!("{path}.{k}") })
            }
        }
    }
}

impl MarkedEventReceiver for Recv {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => match self.enter_value(mark) {
                Some(_) => {}
                None => {
                    if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                        let p = if path.is_empty() { value.clone() } else { format!("{path}.{value}") };
                        self.lines.entry(p).or_insert(mark.line());
                        *key = Some(value);
                    }
                }
            },
            Event::Alias(_) => {
                let _ = self.enter_value(mark);
            }
            Event::SequenceStart(..) => {
                // A collection used as a mapping key has no useful path.
                let path = self.enter_value(mark).unwrap_or_else(|| "?".to_owned());
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingStart(..) => {
                let path = self.enter_value(mark).unwrap_or_else(|| "?".to_owned());
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_items() {
        let src = "a: 1\nmembers:\n  - handle: x\n    roles: [tsc]\n  - handle: y\n    roles:\n      - collaborator\n";
        let lines = Lines::of(src);
        assert_eq!(lines.line("a"), Some(1));
        assert_eq!(lines.line("members"), Some(2));
        assert_eq!(lines.line("members[0].handle"), Some(3));
        assert_eq!(lines.line("members[0].roles[0]"), Some(4));
        assert_eq!(lines.line("members[1].handle"), Some(5));
        assert_eq!(lines.line("members[1].roles[0]"), Some(7));
    }

    const YAML: &str = "\
project: Demo
# comment
schedule:
  v20:
    start: 2023-04-18
    end: 2026-04-30
  22:
    start: 2024-04-24
    codename: Jod
tag: v{version}
";

    #[test]
    fn finds_nested_keys_with_or_without_v() {
        assert_eq!(key_line(YAML, &["project"]), Some(1));
        assert_eq!(key_line(YAML, &["schedule", "v20", "end"]), Some(6));
        assert_eq!(key_line(YAML, &["schedule", "20", "end"]), Some(6));
        assert_eq!(key_line(YAML, &["schedule", "v22", "codename"]), Some(9));
        assert_eq!(key_line(YAML, &["tag"]), Some(10));
    }

    #[test]
    fn falls_back_to_the_deepest_match() {
        assert_eq!(key_line(YAML, &["schedule", "v20", "lts"]), Some(4));
        assert_eq!(key_line(YAML, &["schedule", "v99", "lts"]), Some(3));
        assert_eq!(key_line(YAML, &["nothing"]), None);
        let text = "schedule:\n  v20:\n    start: x\n  start: y\n";
        assert_eq!(key_line(text, &["schedule", "start"]), Some(4));
    }

    #[test]
    fn finds_pretty_json_keys() {
        let json = "{\n  \"v20\": {\n    \"start\": \"2023-04-18\",\n    \"end\": \"2026-04-30\"\n  }\n}\n";
        assert_eq!(key_line(json, &["v20", "end"]), Some(4));
        assert_eq!(key_line(json, &["20"]), Some(2));
    }
}
