//! Bounded reading of the files the toolkit takes as input (`release.yaml`,
//! `schedule.json`, `governance.yaml`, label files, templates…).
//!
//! YAML and handlebars parsers take time and memory that grow faster than
//! the input when values nest deeply, and some of them recurse once per
//! level. So every input is checked here first, in one linear pass, and
//! refused with an error naming the limit and the line:
//!
//! - size: at most [`MAX_CONFIG_BYTES`] (label files: [`MAX_LABELS_BYTES`]),
//!   checked before the file is read into memory;
//! - text: valid UTF-8 without NUL bytes (a binary file is named as such);
//! - nesting: at most [`MAX_DEPTH`] levels of YAML or JSON collections
//!   (handlebars blocks: [`MAX_TEMPLATE_DEPTH`]).

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The deepest nesting of YAML or JSON collections accepted. The toolkit's
/// files nest five levels at most; serde's own limit is 128.
pub const MAX_DEPTH: usize = 64;

/// The deepest nesting of handlebars blocks (`{{#each}}`, `{{#if}}`…).
pub const MAX_TEMPLATE_DEPTH: usize = 64;

/// The largest policy, schedule, governance or template file accepted
/// (1 MiB; Node's real files are a few kilobytes).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The largest label file accepted (4 MiB: labels of some 50,000 pull
/// requests).
pub const MAX_LABELS_BYTES: u64 = 4 << 20;

/// Why an input was refused; `line` is 1-based where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The line at fault, if there is one.
    pub line: Option<usize>,
    /// What is wrong, naming the limit.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A failure of [`read_text`].
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is too large or not text.
    Input(InputError),
}

/// `4 MiB`, `10.3 MiB`, `512 KiB`, `100 bytes`.
fn size_text(bytes: u64) -> String {
    let unit = |size: u64, name: &str| {
        if bytes % size == 0 {
            format!("{} {name}", bytes / size)
        } else {
            format!("{:.1} {name}", bytes as f64 / size as f64)
        }
    };
    if bytes >= 1 << 20 {
        unit(1 << 20, "MiB")
    } else if bytes >= 1 << 10 {
        unit(1 << 10, "KiB")
    } else {
        format!("{bytes} bytes")
    }
}

/// A size in words and, when that rounds, in bytes too.
fn exact_size_text(bytes: u64) -> String {
    if bytes < 1 << 10 { size_text(bytes) } else { format!("{} ({bytes} bytes)", size_text(bytes)) }
}

fn too_large(size: Option<u64>, limit: u64) -> InputError {
    let size = match size {
        Some(size) => exact_size_text(size),
        None => format!("more than {limit} bytes"),
    };
    InputError { line: None, message: format!("the file is {size}, over the limit of {}", exact_size_text(limit)) }
}

/// Reads `path` as text of at most `limit` bytes, refusing larger files
/// before reading them, and binary ones (see [`check_text_bytes`]).
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder")));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::Input(too_large(Some(meta.len()), limit)));
    }
    // Pipes and devices have no length: read one byte past the limit.
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Input(too_large(None, limit)));
    }
    check_text_bytes(&bytes).map_err(ReadError::Input)?;
    String::from_utf8(bytes).map_err(|_| ReadError::Input(InputError { line: None, message: "not UTF-8".into() }))
}

/// Refuses bytes that are not text: invalid UTF-8 or a NUL byte, naming
/// the line.
pub fn check_text_bytes(bytes: &[u8]) -> Result<(), InputError> {
    let line_of = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError {
            line: Some(line_of(at)),
            message: "a NUL byte: this is a binary file, not text".into(),
        });
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(InputError {
            line: Some(line_of(e.valid_up_to())),
            message: "bytes that are not UTF-8: this is a binary file, or not in UTF-8".into(),
        });
    }
    Ok(())
}

/// Refuses text over `limit` bytes or holding a NUL byte (for text that did
/// not come through [`read_text`]).
pub fn check_text(text: &str, limit: u64) -> Result<(), InputError> {
    if text.len() as u64 > limit {
        return Err(too_large(Some(text.len() as u64), limit));
    }
    check_text_bytes(text.as_bytes())
}

fn too_deep(line: usize, max: usize, what: &str) -> InputError {
    InputError {
        line: Some(line),
        message: format!("{what} nested more than {max} levels deep (the limit; this file cannot need that many)"),
    }
}

/// Refuses YAML whose collections nest more than `max` levels, naming the
/// first line past the limit. One pass, no parsing: block collections are
/// counted by indentation and `- ` markers, flow collections by brackets
/// outside quotes and comments; block scalars (`|`, `>`) are skipped. It
/// may count a level or two more than a parser would, never fewer.
pub fn check_yaml_depth(text: &str, max: usize) -> Result<(), InputError> {
    // Columns of the block collections open above the current line.
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    let mut block_scalar: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        let number = i + 1;
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = line[indent..].trim().is_empty();
        if let Some(open) = block_scalar {
            if blank || indent > open {
                continue;
            }
            block_scalar = None;
        }
        let mut pos = 0;
        let mut value_start = quote.is_none();
        if quote.is_none() && flow == 0 {
            if blank || bytes[indent] == b'#' {
                continue;
            }
            if indent == 0 && (line.starts_with("---") || line.starts_with("...") || line.starts_with('%')) {
                indents.clear();
                continue;
            }
            while indents.last().is_some_and(|&c| c > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            pos = indent;
            // `- - x` and `? key`: each marker opens a level on this line.
            while pos < bytes.len()
                && (bytes[pos] == b'-' || bytes[pos] == b'?')
                && bytes.get(pos + 1).is_none_or(|&b| b == b' ' || b == b'\t')
            {
                pos += 1;
                while pos < bytes.len() && (bytes[pos] == b' ' || bytes[pos] == b'\t') {
                    pos += 1;
                }
                indents.push(pos);
            }
            if indents.len() > max {
                return Err(too_deep(number, max, "collections"));
            }
        }
        while pos < bytes.len() {
            let b = bytes[pos];
            if let Some(q) = quote {
                // Inside a quoted scalar: find its end.
                if q == b'"' && b == b'\\' {
                    pos += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && bytes.get(pos + 1) == Some(&b'\'') {
                        pos += 2;
                        continue;
                    }
                    quote = None;
                    value_start = false;
                }
                pos += 1;
                continue;
            }
            match b {
                b' ' | b'\t' => {}
                b'#' if pos == 0 || bytes[pos - 1] == b' ' || bytes[pos - 1] == b'\t' => break,
                b'\'' | b'"' if value_start => {
                    quote = Some(b);
                    value_start = false;
                }
                b'[' | b'{' if value_start || flow > 0 => {
                    flow += 1;
                    if indents.len() + flow > max {
                        return Err(too_deep(number, max, "collections"));
                    }
                    value_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    value_start = false;
                }
                b',' if flow > 0 => value_start = true,
                b':' if flow > 0 || bytes.get(pos + 1).is_none_or(|&n| n == b' ' || n == b'\t') => {
                    value_start = true;
                }
                b'&' | b'!' if value_start => {
                    // An anchor or tag before the value: skip the word.
                    while pos + 1 < bytes.len() && !matches!(bytes[pos + 1], b' ' | b'\t' | b',' | b'[' | b'{') {
                        pos += 1;
                    }
                }
                b'|' | b'>' if value_start && flow == 0 => {
                    block_scalar = Some(indent);
                    break;
                }
                _ => value_start = false,
            }
            pos += 1;
        }
    }
    Ok(())
}

/// Refuses JSON whose arrays and objects nest more than `max` levels,
/// naming the first line past the limit (one pass, strings skipped).
pub fn check_json_depth(text: &str, max: usize) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut in_string = false;
    let mut escaped = false;
    for &b in text.as_bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Err(too_deep(line, max, "arrays and objects"));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Refuses handlebars source whose blocks (`{{#…}}` or `{{^…}}` … `{{/…}}`) nest more
/// than `max` levels, naming the first line past the limit.
pub fn check_template_depth(text: &str, max: usize) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut rest = text;
    let mut line = 1;
    while let Some(at) = rest.find("{{") {
        line += rest[..at].matches('\n').count();
        let tag = rest[at + 2..].trim_start_matches(['{', '~', ' ']);
        // `{{#each}}`, `{{#> partial}}` and inverse blocks `{{^if}}` open;
        // a bare `{{^}}` is an `else`.
        if tag.starts_with('#') || (tag.starts_with('^') && !tag[1..].trim_start().starts_with(['}', '~'])) {
            depth += 1;
            if depth > max {
                return Err(too_deep(line, max, "blocks"));
            }
        } else if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        }
        rest = &rest[at + 2..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_depth_error(text: &str) -> Option<usize> {
        check_yaml_depth(text, 4).err().and_then(|e| e.line)
    }

    #[test]
    fn ordinary_yaml_passes() {
        let text = "\
project: Demo # a comment with [ and {
version_files:
  - path: Cargo.toml
    pattern: 'version = \"{version}\" [it''s]'
    all: true
schedule:
  v20: {start: 2023-04-18, codename: Iron}
notes: |
  [[[[[[[[[[ literal text, not collections
  {{{{{{{{{{
title: a[b and c{d
name: Rich O'Brien
";
        assert_eq!(check_yaml_depth(text, 4), Ok(()));
    }

    #[test]
    fn deep_yaml_is_refused_at_its_line() {
        assert_eq!(yaml_depth_error("a:\n  b:\n    c:\n      d:\n        e: 1\n"), Some(5));
        assert_eq!(yaml_depth_error("a: 1\nb: [[[[1]]]]\n"), Some(2));
        assert_eq!(yaml_depth_error("- - - - - x\n"), Some(1));
        assert_eq!(yaml_depth_error("a: {\n b: [\n  [\n   [\n"), Some(4));
        assert_eq!(yaml_depth_error("a: &x !!seq [[[[1]]]]\n"), Some(1));
        // Quoted brackets do not count, multi-line quotes included.
        assert_eq!(yaml_depth_error("a: \"[[[[\n[[[[\"\nb: '{{{{'\n"), None);
    }

    #[test]
    fn json_depth() {
        assert_eq!(check_json_depth(r#"{"a": ["[[[[[", {"b": 1}]}"#, 3), Ok(()));
        assert_eq!(check_json_depth("{\n\"a\": [\n[\n[1]]]}", 3).unwrap_err().line, Some(4));
    }

    #[test]
    fn template_depth() {
        assert_eq!(check_template_depth("{{#each a}}{{#if b}}x{{^}}y{{/if}}{{/each}}", 2), Ok(()));
        assert_eq!(check_template_depth("{{^if a}}{{~^each b}}{{#if c}}", 2).unwrap_err().line, Some(1));
        let deep = "{{#if a}}\n".repeat(3);
        assert_eq!(check_template_depth(&deep, 2).unwrap_err().line, Some(3));
    }

    #[test]
    fn binary_text_is_named() {
        assert_eq!(check_text_bytes(b"a: 1\nb: \0\n").unwrap_err().line, Some(2));
        assert_eq!(check_text_bytes(b"a: 1\n\nb: \xff\n").unwrap_err().line, Some(3));
        assert_eq!(check_text("abc", 2).unwrap_err().message, "the file is 3 bytes, over the limit of 2 bytes");
        assert_eq!(
            too_large(Some((1 << 20) + 1), 1 << 20).message,
            "the file is 1.0 MiB (1048577 bytes), over the limit of 1 MiB (1048576 bytes)"
        );
    }
}
