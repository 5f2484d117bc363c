//! Line numbers of entries in a YAML document, for errors found after
//! deserializing (a duplicate handle, a rule naming an unknown role).
//!
//! serde_yaml reports where a value failed to deserialize but keeps no
//! spans, so semantic checks look up the entry they complain about here by
//! its path (`members[2].handle`).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Lines of every mapping key and sequence item in a document, by path.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    lines: HashMap<String, usize>,
}

impl Lines {
    /// Indexes `source`; a document that does not parse gives no lines.
    pub(crate) fn of(source: &str) -> Lines {
        let mut recv = Recv { stack: Vec::new(), lines: HashMap::new() };
        let mut parser = Parser::new_from_str(source);
        let _ = parser.load(&mut recv, false);
        Lines { lines: recv.lines }
    }

    /// The 1-based line of the entry at `path`, e.g. `members[1].roles[0]`.
    pub(crate) fn line(&self, path: &str) -> Option<usize> {
        self.lines.get(path).copied()
    }
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
}
