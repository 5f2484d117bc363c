//! Markdown for Node's changelog lines, escaped exactly as Node's
//! `changelog-maker --markdown` prints them.
//!
//! changelog-maker escapes `_~*\[]<>` (and backticks unless they pair into
//! code spans) and then runs each line through remark (parse, then
//! stringify with Node's lint preset and GFM). That round trip decodes
//! character references, turns bare URLs and emails into autolinks,
//! normalises code spans, and re-escapes text by remark's own rules
//! (intraword `_` left alone, `\&` before letters, `\(` after `]`…). This
//! module reproduces the result directly: [`Inline`] is the small phrasing
//! tree that remark would see, [`parse_escaped`] builds it and
//! [`serialize`] writes it back the way remark-stringify does.

use std::sync::LazyLock;

use regex::Regex;

/// A phrasing node of a changelog line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline {
    /// Literal text (unescaped).
    Text(String),
    /// A code span's content.
    Code(String),
    /// `**…**`.
    Strong(Vec<Inline>),
    /// `_…_`.
    Emphasis(Vec<Inline>),
    /// `[label](url)`.
    Link { label: Vec<Inline>, url: String },
    /// `<…>`: an autolink (URL or email) shown as written.
    Autolink(String),
}

/// changelog-maker's `cleanMarkdown`: escapes `_~*\[]<>` outside code spans
/// (and every backtick when they do not pair), then remark's parse of the
/// result. Returns the nodes of `raw`.
pub(crate) fn inline(raw: &str) -> Vec<Inline> {
    let escape_all = |s: &str| escape_chars(s, "_~*\\[]<>`");
    if raw.contains("``") || raw.contains("\\`") {
        return parse_escaped(&escape_all(raw));
    }
    let parts: Vec<&str> = raw.split('`').collect();
    if parts.len() % 2 == 0 {
        return parse_escaped(&escape_all(raw));
    }
    let mut nodes = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            nodes.push(Inline::Code(code_content(part)));
        } else {
            nodes.extend(parse_escaped(&escape_chars(part, "_~*\\[]<>")));
        }
    }
    nodes
}

/// What a code span holds: one leading and trailing space is stripped when
/// both are there and the content is not all spaces.
fn code_content(raw: &str) -> String {
    if raw.len() >= 2 && raw.starts_with(' ') && raw.ends_with(' ') && raw.bytes().any(|b| b != b' ') {
        raw[1..raw.len() - 1].to_owned()
    } else {
        raw.to_owned()
    }
}

fn escape_chars(s: &str, chars: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if chars.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_ascii_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// Parses markdown text with no code spans: backslash escapes, character
/// references and GFM autolink literals; everything else is literal.
pub(crate) fn parse_escaped(src: &str) -> Vec<Inline> {
    let chars: Vec<char> = src.chars().collect();
    let mut nodes = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && is_ascii_punct(chars[i + 1]) {
            text.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '&' {
            if let Some((decoded, len)) = char_reference(&chars[i..]) {
                text.push_str(&decoded);
                i += len;
                continue;
            }
        }
        if let Some((node, len)) = autolink_literal(&chars, i) {
            if !text.is_empty() {
                nodes.push(Inline::Text(std::mem::take(&mut text)));
            }
            nodes.push(node);
            i += len;
            continue;
        }
        text.push(c);
        i += 1;
    }
    if !text.is_empty() {
        nodes.push(Inline::Text(text));
    }
    nodes
}

/// The common named character references; others stay literal.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"), ("lt", "<"), ("gt", ">"), ("quot", "\""), ("apos", "'"), ("nbsp", "\u{a0}"),
    ("copy", "©"), ("reg", "®"), ("trade", "™"), ("hellip", "…"), ("mdash", "—"), ("ndash", "–"),
    ("lsquo", "‘"), ("rsquo", "’"), ("ldquo", "“"), ("rdquo", "”"), ("laquo", "«"), ("raquo", "»"),
    ("times", "×"), ("divide", "÷"), ("deg", "°"), ("plusmn", "±"), ("middot", "·"), ("bull", "•"),
    ("euro", "€"), ("pound", "£"), ("yen", "¥"), ("cent", "¢"), ("sect", "§"), ("para", "¶"),
    ("micro", "µ"), ("larr", "←"), ("rarr", "→"), ("uarr", "↑"), ("darr", "↓"), ("harr", "↔"),
    ("le", "≤"), ("ge", "≥"), ("ne", "≠"), ("infin", "∞"), ("check", "✓"), ("star", "☆"),
    ("eacute", "é"), ("egrave", "è"), ("aacute", "á"), ("agrave", "à"), ("ouml", "ö"), ("uuml", "ü"),
    ("auml", "ä"), ("szlig", "ß"), ("ccedil", "ç"), ("ntilde", "ñ"), ("shy", "\u{ad}"), ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"), ("ensp", "\u{2002}"), ("emsp", "\u{2003}"), ("thinsp", "\u{2009}"),
];

/// A character reference at the start of `chars` (`&amp;`, `&#123;`,
/// `&#x1F600;`): its text and length.
fn char_reference(chars: &[char]) -> Option<(String, usize)> {
    let end = chars.iter().take(40).position(|&c| c == ';')?;
    let body: String = chars[1..end].iter().collect();
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, max) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (num, 10, 7),
        };
        if digits.is_empty() || digits.len() > max || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let n = u32::from_str_radix(digits, radix).ok()?;
        let c = match n {
            0 => '\u{fffd}',
            _ => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        c.to_string()
    } else {
        let valid = body.len() >= 2
            && body.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && body.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid {
            return None;
        }
        ENTITIES.iter().find(|(name, _)| *name == body)?.1.to_owned()
    };
    Some((decoded, end + 1))
}

fn is_domain_char(c: char) -> bool {
    !c.is_whitespace() && (!c.is_ascii_punctuation() || c == '-' || c == '_' || c == '.')
}

/// The end of the domain starting at `start` and whether it is valid (no
/// underscore in its last two labels).
fn domain_end(chars: &[char], start: usize) -> (usize, bool) {
    let mut end = start;
    while end < chars.len() && is_domain_char(chars[end]) {
        end += 1;
    }
    let domain: String = chars[start..end].iter().collect();
    let labels: Vec<&str> = domain.trim_end_matches('.').split('.').collect();
    let valid = !domain.is_empty() && labels.iter().rev().take(2).all(|l| !l.contains('_'));
    (end, valid)
}

/// How far a link literal's path runs from `start`, trailing punctuation
/// left out as GFM says.
fn path_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && chars[end] != '<' {
        end += 1;
    }
    loop {
        if end == start {
            return end;
        }
        let last = chars[end - 1];
        if "!\"'*,.:;?_~]".contains(last) {
            if last == ';' {
                // `&name;` at the end is a reference, not part of the link.
                let mut j = end - 1;
                while j > start && chars[j - 1].is_ascii_alphanumeric() {
                    j -= 1;
                }
                if j > start && chars[j - 1] == '&' && j < end - 1 {
                    end = j - 1;
                    continue;
                }
            }
            end -= 1;
            continue;
        }
        if last == ')' {
            let opens = chars[..end].iter().filter(|&&c| c == '(').count();
            let closes = chars[..end].iter().filter(|&&c| c == ')').count();
            if closes > opens {
                end -= 1;
                continue;
            }
        }
        return end;
    }
}

fn starts_with_ci(chars: &[char], at: usize, prefix: &str) -> bool {
    let n = prefix.chars().count();
    at + n <= chars.len() && chars[at..at + n].iter().zip(prefix.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// A GFM autolink literal (`https://…`, `www.…`, an email) starting at `i`.
fn autolink_literal(chars: &[char], i: usize) -> Option<(Inline, usize)> {
    let prev = if i == 0 { None } else { Some(chars[i - 1]) };
    let c = chars[i];
    if c == 'h' || c == 'H' {
        if prev.is_some_and(|p| p.is_ascii_alphabetic()) {
            return None;
        }
        let scheme = if starts_with_ci(chars, i, "https://") {
            8
        } else if starts_with_ci(chars, i, "http://") {
            7
        } else {
            return None;
        };
        let (dend, valid) = domain_end(chars, i + scheme);
        if !valid || dend == i + scheme {
            return None;
        }
        let end = path_end(chars, i);
        if end <= i + scheme {
            return None;
        }
        let src: String = chars[i..end].iter().collect();
        return Some((Inline::Autolink(src), end - i));
    }
    if (c == 'w' || c == 'W') && starts_with_ci(chars, i, "www.") {
        if prev.is_some_and(|p| !(p.is_whitespace() || "*_~(".contains(p))) {
            return None;
        }
        let (_, valid) = domain_end(chars, i);
        if !valid {
            return None;
        }
        let end = path_end(chars, i);
        if end <= i + 4 {
            return None;
        }
        let src: String = chars[i..end].iter().collect();
        return Some((Inline::Link { label: vec![Inline::Text(src.clone())], url: format!("http://{src}") }, end - i));
    }
    let atext = |c: char| c.is_ascii_alphanumeric() || "+-._".contains(c);
    if atext(c) && !prev.is_some_and(|p| atext(p) || p == '/') {
        let mut j = i;
        while j < chars.len() && atext(chars[j]) {
            j += 1;
        }
        if j >= chars.len() || chars[j] != '@' || j == i {
            return None;
        }
        let mut end = j + 1;
        let mut dots = 0;
        let mut label_len = 0;
        while end < chars.len() {
            let d = chars[end];
            if d.is_ascii_alphanumeric() || d == '-' || d == '_' {
                label_len += 1;
            } else if d == '.' && label_len > 0 && end + 1 < chars.len() && (chars[end + 1].is_ascii_alphanumeric() || chars[end + 1] == '-' || chars[end + 1] == '_') {
                dots += 1;
                label_len = 0;
            } else {
                break;
            }
            end += 1;
        }
        if dots == 0 || label_len == 0 || matches!(chars[end - 1], '-' | '_') {
            return None;
        }
        let src: String = chars[i..end].iter().collect();
        return Some((Inline::Autolink(src), end - i));
    }
    None
}

// --- Serializing ------------------------------------------------------------

/// Where text is written: running phrasing, or a link's label.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Phrasing,
    Label,
}

/// Serializes a paragraph's phrasing as remark-stringify would.
pub(crate) fn serialize(nodes: &[Inline]) -> String {
    let merged = merge_text(nodes);
    container(&merged, Context::Phrasing, "", "")
}

fn merge_text(nodes: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let node = match node {
            Inline::Strong(c) => Inline::Strong(merge_text(c)),
            Inline::Emphasis(c) => Inline::Emphasis(merge_text(c)),
            Inline::Link { label, url } => Inline::Link { label: merge_text(label), url: url.clone() },
            other => other.clone(),
        };
        match (out.last_mut(), &node) {
            (Some(Inline::Text(prev)), Inline::Text(next)) => prev.push_str(next),
            _ => {
                if !matches!(&node, Inline::Text(t) if t.is_empty()) {
                    out.push(node);
                }
            }
        }
    }
    out
}

fn peek(node: &Inline, ctx: Context) -> String {
    match node {
        Inline::Text(t) => match t.chars().next() {
            // Only these can come out escaped (as `\`).
            Some(c) if "!&(*<[_`~@.:]".contains(c) => safe(t, ctx, "", "").chars().next().map(String::from).unwrap_or_default(),
            Some(c) => c.to_string(),
            None => String::new(),
        },
        Inline::Code(_) => "`".into(),
        Inline::Strong(_) => "*".into(),
        Inline::Emphasis(_) => "_".into(),
        Inline::Link { .. } => "[".into(),
        Inline::Autolink(_) => "<".into(),
    }
}

fn container(nodes: &[Inline], ctx: Context, before: &str, after: &str) -> String {
    let mut out = String::new();
    let mut prev = before.to_owned();
    for (i, node) in nodes.iter().enumerate() {
        let next = match nodes.get(i + 1) {
            Some(n) => peek(n, ctx),
            None => after.to_owned(),
        };
        let value = match node {
            Inline::Text(t) => safe(t, ctx, &prev, &next),
            Inline::Code(c) => inline_code(c),
            Inline::Strong(children) => format!("**{}**", container(children, ctx, "*", "*")),
            Inline::Emphasis(children) => format!("_{}_", container(children, ctx, "_", "_")),
            Inline::Link { label, url } => {
                format!("[{}]({})", container(label, Context::Label, "[", "]"), destination(url))
            }
            Inline::Autolink(src) => format!("<{src}>"),
        };
        if let Some(last) = value.chars().last() {
            prev = last.to_string();
        }
        out.push_str(&value);
    }
    out
}

fn inline_code(value: &str) -> String {
    let mut fence = String::from("`");
    while contains_run(value, fence.len()) {
        fence.push('`');
    }
    let pad = value.chars().any(|c| !matches!(c, ' ' | '\r' | '\n'))
        && ((value.starts_with([' ', '\r', '\n']) && value.ends_with([' ', '\r', '\n'])) || value.starts_with('`') || value.ends_with('`'));
    if pad { format!("{fence} {value} {fence}") } else { format!("{fence}{value}{fence}") }
}

/// Whether `value` has a run of exactly `n` backticks.
fn contains_run(value: &str, n: usize) -> bool {
    value.split(|c| c != '`').any(|run| run.len() == n)
}

/// A link destination written raw (`(url)`), escaping as remark does.
fn destination(url: &str) -> String {
    if url.is_empty() || url.chars().any(|c| c <= ' ' || c == '\u{7f}') {
        return format!("<{}>", url.replace('<', "\\<").replace('>', "\\>"));
    }
    let chars: Vec<char> = url.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        if c == '\\' && next.is_none_or(is_ascii_punct) {
            out.push('\\');
        }
        if c == '(' || c == ')' || (c == '&' && next.is_some_and(|n| n == '#' || n.is_ascii_alphabetic())) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

static UNICODE_PUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{P}\p{S}]$").expect("valid regex"));

/// micromark's `classifyCharacter`: 1 whitespace (or none), 2 punctuation,
/// 0 anything else.
fn classify(c: Option<char>) -> u8 {
    match c {
        None => 1,
        Some(c) if c.is_whitespace() => 1,
        Some(c) if c.is_ascii_punctuation() => 2,
        Some(c) if !c.is_ascii() && UNICODE_PUNCT.is_match(c.encode_utf8(&mut [0; 4])) => 2,
        Some(_) => 0,
    }
}

#[derive(Clone, Copy)]
struct Info {
    before: bool,
    after: bool,
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// remark's `safe()` for a text node: escapes what could otherwise start a
/// construct, given the characters `before` and `after` it.
fn safe(input: &str, ctx: Context, before: &str, after: &str) -> String {
    if !may_need_escapes(input, ctx, before, after) {
        return input.to_owned();
    }
    let value: Vec<char> = before.chars().chain(input.chars()).chain(after.chars()).collect();
    let offset = before.chars().count();
    let end = offset + input.chars().count();
    let mut infos: std::collections::BTreeMap<usize, Info> = std::collections::BTreeMap::new();
    let mut add = |pos: usize, b: bool, a: bool| {
        infos
            .entry(pos)
            .and_modify(|i| {
                i.before &= b;
                i.after &= a;
            })
            .or_insert(Info { before: b, after: a });
    };
    // Each pattern is found like a global regex: matches do not overlap.
    let scan = |ch: char, bef: Option<&dyn Fn(char) -> bool>, aft: Option<&dyn Fn(char) -> bool>, add: &mut dyn FnMut(usize, bool, bool)| {
        let mut i = 0;
        while i < value.len() {
            let start_ok = match bef {
                Some(f) => f(value[i]) && i + 1 < value.len() && value[i + 1] == ch,
                None => value[i] == ch,
            };
            if start_ok {
                let pos = if bef.is_some() { i + 1 } else { i };
                let after_ok = match aft {
                    Some(f) => value.get(pos + 1).is_some_and(|&n| f(n)),
                    None => true,
                };
                if after_ok {
                    add(pos, bef.is_some(), aft.is_some());
                    i = pos + 1 + usize::from(aft.is_some());
                    continue;
                }
            }
            i += 1;
        }
    };
    let letter_or_hash = |c: char| c == '#' || c.is_ascii_alphabetic();
    let html_start = |c: char| "!/?".contains(c) || c.is_ascii_alphabetic();
    let close_bracket = |c: char| c == ']';
    let open_bracket = |c: char| c == '[';
    scan('!', None, Some(&open_bracket), &mut add);
    scan('&', None, Some(&letter_or_hash), &mut add);
    scan('(', Some(&close_bracket), None, &mut add);
    scan('*', None, None, &mut add);
    scan('<', None, Some(&html_start), &mut add);
    scan('[', None, None, &mut add);
    scan('_', None, None, &mut add);
    scan('`', None, None, &mut add);
    scan('~', None, None, &mut add);
    if ctx == Context::Label {
        scan(']', None, None, &mut add);
    } else {
        let at_before = |c: char| "+-.".contains(c) || is_word(c);
        let at_after = |c: char| "-.".contains(c) || is_word(c);
        let w = |c: char| c == 'w' || c == 'W';
        let ps = |c: char| c == 'p' || c == 's';
        let slash = |c: char| c == '/';
        scan('@', Some(&at_before), Some(&at_after), &mut add);
        scan('.', Some(&w), Some(&at_after), &mut add);
        scan(':', Some(&ps), Some(&slash), &mut add);
    }

    let positions: Vec<usize> = infos.keys().copied().collect();
    let mut result = String::new();
    let mut start = offset;
    let mut index = 0;
    while index < positions.len() {
        let position = positions[index];
        if position < start || position >= end {
            index += 1;
            continue;
        }
        // Intraword underscores (`a_b`, `a__b`) stay as they are.
        if value[position] == '_'
            && position > 0
            && classify(Some(value[position - 1])) == 0
            && !infos.contains_key(&(position - 1))
            && !(position - 1 == offset && offset > 0 && matches!(value[offset - 1], '*' | '_'))
        {
            let mut sequence_end = position + 1;
            while sequence_end < end && value[sequence_end] == '_' {
                sequence_end += 1;
            }
            let skip = sequence_end - position - 1;
            if positions.get(index + skip) == Some(&(sequence_end - 1))
                && sequence_end < value.len()
                && classify(Some(value[sequence_end])) == 0
                && !infos.contains_key(&sequence_end)
                && !(sequence_end + 1 == end && value.get(end).is_some_and(|c| matches!(c, '*' | '_')))
            {
                index += skip + 1;
                continue;
            }
        }
        let info = infos[&position];
        let next_definite = position + 1 < end
            && positions.get(index + 1) == Some(&(position + 1))
            && info.after
            && !infos[&(position + 1)].before
            && !infos[&(position + 1)].after;
        let prev_definite = position > offset
            && index > 0
            && positions[index - 1] == position - 1
            && info.before
            && !infos[&(position - 1)].before
            && !infos[&(position - 1)].after;
        if next_definite || prev_definite {
            index += 1;
            continue;
        }
        if start != position {
            let slice: String = value[start..position].iter().collect();
            result.push_str(&escape_backslashes(&slice, "\\"));
        }
        start = position + 1;
        result.push('\\');
        result.push(value[position]);
        index += 1;
    }
    let rest: String = value[start..end].iter().collect();
    result.push_str(&escape_backslashes(&rest, after));
    result
}

/// A quick scan: whether any character of `input` could be escaped by
/// [`safe`] (most text has none, and skips the full pass).
fn may_need_escapes(input: &str, ctx: Context, before: &str, after: &str) -> bool {
    let prev_of_first = before.chars().last();
    let mut prev = prev_of_first;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().or_else(|| after.chars().next());
        let word_like = |x: Option<char>| x.is_some_and(|x| is_word(x) || x == '-' || x == '.');
        let hit = match c {
            '*' | '[' | '_' | '`' | '~' | '\\' => true,
            ']' => ctx == Context::Label,
            '!' => next == Some('['),
            '&' => next.is_some_and(|n| n == '#' || n.is_ascii_alphabetic()),
            '(' => prev == Some(']'),
            '<' => next.is_some_and(|n| "!/?".contains(n) || n.is_ascii_alphabetic()),
            '@' => word_like(prev) || prev == Some('+'),
            '.' => matches!(prev, Some('w' | 'W')) && word_like(next),
            ':' => matches!(prev, Some('p' | 's')) && next == Some('/'),
            _ => false,
        };
        if hit {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Doubles each backslash that is followed by ASCII punctuation (looking
/// into `after` for the last one).
fn escape_backslashes(value: &str, after: &str) -> String {
    let whole: Vec<char> = value.chars().chain(after.chars()).collect();
    let n = value.chars().count();
    let mut out = String::with_capacity(value.len() + 2);
    for (i, &c) in whole.iter().enumerate().take(n) {
        if c == '\\' && whole.get(i + 1).is_some_and(|&d| is_ascii_punct(d)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(raw: &str) -> String {
        let mut nodes = vec![Inline::Text("x ".into())];
        nodes.extend(inline(raw));
        nodes.push(Inline::Text(" (A)".into()));
        let s = serialize(&nodes);
        s[2..s.len() - 4].to_owned()
    }

    #[test]
    fn escapes_like_remark() {
        assert_eq!(md("a & b"), "a & b");
        assert_eq!(md("R&D &amp; &copy; &#123; &lt;"), "R\\&D & © { <");
        assert_eq!(md("see https://example.com/x."), "see <https://example.com/x>.");
        assert_eq!(md("see www.example.com ok"), "see [www.example.com](http://www.example.com) ok");
        assert_eq!(md("mail foo@bar.com now"), "mail <foo@bar.com> now");
        assert_eq!(md("a_b c_ _d e__f_g"), "a_b c\\_ \\_d e__f_g");
        assert_eq!(md("*emph* and `code` and ``x``"), "\\*emph\\* and \\`code\\` and \\`\\`x\\`\\`");
        assert_eq!(md("` spaced `"), "`spaced`");
        assert_eq!(md("<div> and > and a>b"), "\\<div> and > and a>b");
        assert_eq!(md("[x](y) ![img](z)"), "\\[x]\\(y) !\\[img]\\(z)");
        assert_eq!(md("back\\slash and \\` tick"), "back\\slash and \\\\\\` tick");
        assert_eq!(md("a@b node@20 v8.x w.x ws.x https://x dns:/ ps:/x a.b@c.de"), "a\\@b node\\@20 v8.x w\\.x ws.x <https://x> dns\\:/ ps\\:/x <a.b@c.de>");
        assert_eq!(md("url https://example.com/path_(x)) trailing)."), "url <https://example.com/path\\_(x)>) trailing).");
        assert_eq!(md("a_ _b a_b_ __init__ snake_case_name x_1"), "a\\_ \\_b a_b\\_ \\_\\_init\\_\\_ snake_case_name x_1");
        assert_eq!(md("émile_zola x_é"), "émile_zola x_é");
        assert_eq!(md("www.foo_bar.com/x_y here"), "[www.foo\\\\\\_bar.com/x\\\\\\_y](http://www.foo\\\\_bar.com/x\\\\_y) here");
    }
}
