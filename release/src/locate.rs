//! Line numbers of keys in block-style YAML and pretty-printed JSON, so that
//! validation errors (found after parsing, when spans are gone) can still
//! name the line at fault.

/// The 1-based line of the key at `path` (`["schedule", "v20", "end"]`),
/// or of the deepest part of the path that exists. `None` when not even the
/// first key is found (flow-style documents, for instance).
///
/// Keys compare equal when they differ only by a leading `v` (`20:` and
/// `v20:` both name line v20) and by surrounding quotes.
pub(crate) fn key_line(text: &str, path: &[&str]) -> Option<usize> {
    let mut found = None;
    let mut depth = 0;
    // Indent of the key matched last (-1: the document root), and the indent
    // children of it use (set by the first key line below it).
    let mut parent_indent: isize = -1;
    let mut child_indent: Option<isize> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('}') {
            continue;
        }
        let indent = (line.len() - trimmed.len()) as isize;
        if depth > 0 && indent <= parent_indent {
            // The block of the last match ended without the next key.
            return found;
        }
        let Some(key) = key_of(trimmed) else { continue };
        let expected = *child_indent.get_or_insert(indent);
        if indent != expected {
            continue;
        }
        if same_key(key, path[depth]) {
            found = Some(i + 1);
            depth += 1;
            if depth == path.len() {
                return found;
            }
            parent_indent = indent;
            child_indent = None;
        }
    }
    found
}

/// The 1-based line of the first line containing `needle`.
pub(crate) fn text_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// The key of a `key: value` (or `"key": value`) line.
fn key_of(trimmed: &str) -> Option<&str> {
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if let Some(rest) = trimmed.strip_prefix('"') {
        let end = rest.find('"')?;
        return rest[end + 1..].trim_start().starts_with(':').then(|| &rest[..end]);
    }
    if let Some(rest) = trimmed.strip_prefix('\'') {
        let end = rest.find('\'')?;
        return rest[end + 1..].trim_start().starts_with(':').then(|| &rest[..end]);
    }
    let colon = trimmed.find(':')?;
    Some(trimmed[..colon].trim_end())
}

fn same_key(a: &str, b: &str) -> bool {
    a == b || a.strip_prefix('v').unwrap_or(a) == b.strip_prefix('v').unwrap_or(b)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn finds_nested_yaml_keys() {
        assert_eq!(key_line(YAML, &["project"]), Some(1));
        assert_eq!(key_line(YAML, &["schedule", "v20", "end"]), Some(6));
        assert_eq!(key_line(YAML, &["schedule", "v22", "codename"]), Some(9));
        assert_eq!(key_line(YAML, &["tag"]), Some(10));
    }

    #[test]
    fn falls_back_to_the_deepest_match() {
        assert_eq!(key_line(YAML, &["schedule", "v20", "lts"]), Some(4));
        assert_eq!(key_line(YAML, &["schedule", "v99", "lts"]), Some(3));
        assert_eq!(key_line(YAML, &["nothing"]), None);
    }

    #[test]
    fn does_not_match_grandchildren_as_children() {
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
