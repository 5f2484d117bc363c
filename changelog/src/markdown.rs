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
}

/// changelog-maker's `cleanMarkdown`: escapes `_~*\[]<>` outside code spans
/// (and every backtick when they do not pair), then remark's parse of the
/// result. Returns the nodes of `raw`.
///
/// `prev` is the character of the line just before `raw` (autolink
/// literals look at it).
pub(crate) fn inline(raw: &str, prev: Option<char>) -> Vec<Inline> {
    let escape_all = |s: &str| escape_chars(s, "_~*\\[]<>`");
    if raw.contains("``") || raw.contains("\\`") {
        return parse_escaped(&escape_all(raw), prev);
    }
    let parts: Vec<&str> = raw.split('`').collect();
    if parts.len() % 2 == 0 {
        return parse_escaped(&escape_all(raw), prev);
    }
    // The escaped source, backticks of the pairs kept; parsing it finds the
    // code spans again (unless an autolink literal runs through them, as
    // it does in remark).
    let mut source = String::with_capacity(raw.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            source.push('`');
            source.push_str(part);
            source.push('`');
        } else {
            source.push_str(&escape_chars(part, "_~*\\[]<>"));
        }
    }
    parse_escaped(&source, prev)
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

/// Parses markdown text: backslash escapes, code spans, character
/// references and GFM autolink literals; everything else is literal.
pub(crate) fn parse_escaped(src: &str, prev: Option<char>) -> Vec<Inline> {
    // `prev` goes in front so that autolink literals see it.
    let chars: Vec<char> = prev.into_iter().chain(src.chars()).collect();
    let first = usize::from(prev.is_some());
    let mut nodes = Vec::new();
    let mut text = String::new();
    let mut i = first;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            // A CommonMark autolink `<scheme:…>`: possible only where a
            // literal link took the backslash that escaped the `<`.
            if let Some((url, len)) = angle_autolink(&chars[i..]) {
                if !text.is_empty() {
                    nodes.push(Inline::Text(std::mem::take(&mut text)));
                }
                nodes.push(Inline::Link { label: vec![Inline::Text(url.clone())], url });
                i += len;
                continue;
            }
        }
        if c == '\\' && i + 1 < chars.len() && is_ascii_punct(chars[i + 1]) {
            text.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&b| b == '`').count();
            // The closing run: exactly as long.
            let mut j = i + run;
            let mut close = None;
            while j < chars.len() {
                if chars[j] == '`' {
                    let n = chars[j..].iter().take_while(|&&b| b == '`').count();
                    if n == run {
                        close = Some(j);
                        break;
                    }
                    j += n;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(j) => {
                    if !text.is_empty() {
                        nodes.push(Inline::Text(std::mem::take(&mut text)));
                    }
                    let content: String = chars[i + run..j].iter().collect();
                    nodes.push(Inline::Code(code_content(&content)));
                    i = j + run;
                }
                None => {
                    text.extend(std::iter::repeat_n('`', run));
                    i += run;
                }
            }
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

/// `<scheme:chars>` at the start of `chars`: the URI and the length.
fn angle_autolink(chars: &[char]) -> Option<(String, usize)> {
    let mut i = 1;
    while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "+.-".contains(chars[i])) {
        i += 1;
    }
    let scheme_len = i - 1;
    if !(2..=32).contains(&scheme_len) || !chars[1].is_ascii_alphabetic() || chars.get(i) != Some(&':') {
        return None;
    }
    while i < chars.len() && chars[i] != '>' {
        if chars[i] <= ' ' || chars[i] == '<' || chars[i] == '\u{7f}' {
            return None;
        }
        i += 1;
    }
    (i < chars.len()).then(|| (chars[1..i].iter().collect(), i + 1))
}

/// The common named character references; others stay literal.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("times", "×"),
    ("divide", "÷"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("middot", "·"),
    ("bull", "•"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("micro", "µ"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("harr", "↔"),
    ("le", "≤"),
    ("ge", "≥"),
    ("ne", "≠"),
    ("infin", "∞"),
    ("check", "✓"),
    ("star", "☆"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("auml", "ä"),
    ("szlig", "ß"),
    ("ccedil", "ç"),
    ("ntilde", "ñ"),
    ("shy", "\u{ad}"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
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

// --- Autolink literals, first pass: micromark's tokenizer -----------------------
//
// GFM autolink literals are found twice. First while tokenizing the (escaped)
// source, by micromark-extension-gfm-autolink-literal's rules, ported here;
// then in the text nodes that result, by mdast-util-gfm-autolink-literal's
// regular expressions ([`transform_autolinks`]).

fn is_unicode_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && UNICODE_PUNCT.is_match(c.encode_utf8(&mut [0; 4])))
}

fn gfm_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_')
}

/// Whether a trail (punctuation that ends a link rather than belonging to
/// it) starts at `i`: trail characters, `&name;`, `]`, up to the end,
/// whitespace or `<`.
fn is_trail(chars: &[char], mut i: usize) -> bool {
    loop {
        let Some(&c) = chars.get(i) else { return true };
        match c {
            '!' | '"' | '\'' | ')' | '*' | ',' | '.' | ':' | ';' | '?' | '_' | '~' => i += 1,
            '&' => {
                i += 1;
                if !chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
                    return false;
                }
                while chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
                    i += 1;
                }
                if chars.get(i) != Some(&';') {
                    return false;
                }
                i += 1;
            }
            ']' => {
                i += 1;
                match chars.get(i) {
                    None => return true,
                    Some(&n) if n == '(' || n == '[' || n.is_whitespace() => return true,
                    _ => {}
                }
            }
            '<' => return true,
            c if c.is_whitespace() => return true,
            _ => return false,
        }
    }
}

/// A domain from `i`: its end, or `None` when invalid.
fn domain(chars: &[char], mut i: usize) -> Option<usize> {
    let (mut underscore_last, mut underscore_last_last, mut seen) = (false, false, false);
    loop {
        let c = chars.get(i).copied();
        match c {
            Some('.') | Some('_') if !is_trail(chars, i) => {
                if c == Some('_') {
                    underscore_last = true;
                } else {
                    underscore_last_last = underscore_last;
                    underscore_last = false;
                }
                i += 1;
            }
            Some('.') | Some('_') | None => break,
            Some(c) if c.is_whitespace() || (c != '-' && is_unicode_punct(c)) => break,
            Some(_) => {
                seen = true;
                i += 1;
            }
        }
    }
    (!underscore_last && !underscore_last_last && seen).then_some(i)
}

/// A path from `i` (possibly empty): its end.
fn path(chars: &[char], mut i: usize) -> usize {
    let (mut open, mut close) = (0, 0);
    while let Some(&c) = chars.get(i) {
        if c == '(' {
            open += 1;
        } else if c == ')' && close < open {
            close += 1;
        } else if "!\"&')*,.:;<?]_~".contains(c) {
            if is_trail(chars, i) {
                return i;
            }
            if c == ')' {
                close += 1;
            }
        } else if c.is_whitespace() {
            return i;
        }
        i += 1;
    }
    i
}

/// An autolink literal starting at `i` of the escaped source: the link and
/// how many characters it takes.
fn autolink_literal(chars: &[char], i: usize) -> Option<(Inline, usize)> {
    let prev = if i == 0 { None } else { Some(chars[i - 1]) };
    let c = chars[i];
    let text = |end: usize| -> String { chars[i..end].iter().collect() };
    // Email first, as micromark tries it first.
    if gfm_atext(c) && !prev.is_some_and(|p| p == '/' || gfm_atext(p)) {
        let mut j = i;
        while j < chars.len() && gfm_atext(chars[j]) {
            j += 1;
        }
        if chars.get(j) == Some(&'@') {
            j += 1;
            let (mut data, mut dot) = (false, false);
            loop {
                match chars.get(j) {
                    Some('.') if chars.get(j + 1).is_some_and(|n| n.is_ascii_alphanumeric()) => {
                        dot = true;
                        j += 1;
                    }
                    Some(&d) if d == '-' || d == '_' || d.is_ascii_alphanumeric() => {
                        data = true;
                        j += 1;
                    }
                    _ => break,
                }
            }
            if data && dot && chars[j - 1].is_ascii_alphabetic() {
                let src = text(j);
                return Some((
                    Inline::Link { label: vec![Inline::Text(src.clone())], url: format!("mailto:{src}") },
                    j - i,
                ));
            }
        }
    }
    if (c == 'w' || c == 'W') && prev.is_none_or(|p| "(*_[]~".contains(p) || p.is_whitespace()) {
        let prefix =
            chars.len() > i + 4 && chars[i..i + 3].iter().all(|c| *c == 'w' || *c == 'W') && chars[i + 3] == '.';
        if prefix {
            let end = path(chars, domain(chars, i)?);
            let src = text(end);
            return Some((
                Inline::Link { label: vec![Inline::Text(src.clone())], url: format!("http://{src}") },
                end - i,
            ));
        }
    }
    if (c == 'h' || c == 'H') && !prev.is_some_and(|p| p.is_ascii_alphabetic()) {
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_alphabetic() && j - i < 5 {
            j += 1;
        }
        let scheme: String = chars[i..j].iter().collect::<String>().to_ascii_lowercase();
        if (scheme == "http" || scheme == "https")
            && chars.get(j) == Some(&':')
            && chars.get(j + 1) == Some(&'/')
            && chars.get(j + 2) == Some(&'/')
        {
            let after = chars.get(j + 3).copied()?;
            if after.is_control() || after.is_whitespace() || is_unicode_punct(after) {
                return None;
            }
            let end = path(chars, domain(chars, j + 3)?);
            let src = text(end);
            return Some((Inline::Link { label: vec![Inline::Text(src.clone())], url: src }, end - i));
        }
    }
    None
}

// --- Autolink literals, second pass: mdast's find-and-replace ---------------------

/// The second pass over text nodes (not inside links): URLs and `www.`
/// after punctuation, and emails the tokenizer did not take. Each pattern
/// runs over every text node in turn.
pub(crate) fn transform_autolinks(nodes: &mut Vec<Inline>) {
    for pass in [Pass::Url, Pass::Mailto, Pass::Email] {
        replace_in(nodes, pass);
    }
}

#[derive(Clone, Copy)]
enum Pass {
    Url,
    Mailto,
    Email,
}

fn replace_in(nodes: &mut Vec<Inline>, pass: Pass) {
    let mut out = Vec::with_capacity(nodes.len());
    for node in std::mem::take(nodes) {
        match node {
            Inline::Text(text) if may_link(&text, pass) => out.extend(find_links(&text, pass)),
            Inline::Strong(mut children) => {
                replace_in(&mut children, pass);
                out.push(Inline::Strong(children));
            }
            Inline::Emphasis(mut children) => {
                replace_in(&mut children, pass);
                out.push(Inline::Emphasis(children));
            }
            other => out.push(other),
        }
    }
    *nodes = out;
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether `pass` could find anything in `text` (most text has no link).
fn may_link(text: &str, pass: Pass) -> bool {
    match pass {
        Pass::Url => {
            text.contains("://")
                || text.contains("ww.")
                || text.contains("WW.")
                || text.contains("wW.")
                || text.contains("Ww.")
        }
        Pass::Mailto | Pass::Email => text.contains('@'),
    }
}

/// Splits one text node by `pass`'s pattern, like `findAndReplace` does.
fn find_links(text: &str, pass: Pass) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Inline> = Vec::new();
    let push_text = |out: &mut Vec<Inline>, s: String| {
        if s.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Inline::Text(prev)) => prev.push_str(&s),
            _ => out.push(Inline::Text(s)),
        }
    };
    let (mut start, mut i) = (0, 0);
    while i < chars.len() {
        let found = match pass {
            Pass::Url => find_url(&chars, i),
            Pass::Mailto => find_mailto(&chars, i),
            Pass::Email => find_email(&chars, i),
        };
        match found {
            Some((replacement, len)) => {
                push_text(&mut out, chars[start..i].iter().collect());
                for node in replacement {
                    match node {
                        Inline::Text(t) => push_text(&mut out, t),
                        other => out.push(other),
                    }
                }
                i += len;
                start = i;
            }
            None => i += 1,
        }
    }
    if start == 0 {
        return vec![Inline::Text(text.to_owned())];
    }
    push_text(&mut out, chars[start..].iter().collect());
    out
}

/// `(?<![\da-z])(https?:\/\/|www(?=\.))([\w-]*\.[\w\-.]*)([^\t\n\r ]*)`/i
/// at `i`, with findUrl's checks.
fn find_url(chars: &[char], i: usize) -> Option<(Vec<Inline>, usize)> {
    let prev = if i == 0 { None } else { Some(chars[i - 1]) };
    // The lookbehind, then findUrl's `previous`: start, whitespace or punctuation.
    if prev.is_some_and(|p| p.is_ascii_alphanumeric() || !(p.is_whitespace() || is_unicode_punct(p))) {
        return None;
    }
    let (protocol_len, www) = if starts_with_ci(chars, i, "https://") {
        (8, false)
    } else if starts_with_ci(chars, i, "http://") {
        (7, false)
    } else if starts_with_ci(chars, i, "www.") {
        (3, true)
    } else {
        return None;
    };
    let domain_start = i + protocol_len;
    let mut j = domain_start;
    while j < chars.len() && (is_word_char(chars[j]) || chars[j] == '-') {
        j += 1;
    }
    if chars.get(j) != Some(&'.') {
        return None;
    }
    j += 1;
    while j < chars.len() && (is_word_char(chars[j]) || chars[j] == '-' || chars[j] == '.') {
        j += 1;
    }
    let domain_end = j;
    while j < chars.len() && !matches!(chars[j], '\t' | '\n' | '\r' | ' ') {
        j += 1;
    }
    let protocol: String = if www { String::new() } else { chars[i..domain_start].iter().collect() };
    let domain: String = chars[if www { i } else { domain_start }..domain_end].iter().collect();
    let path: String = chars[domain_end..j].iter().collect();
    if domain.chars().next().is_some_and(is_unicode_punct) || !correct_domain(&domain) {
        return None;
    }
    let (url, trail) = split_url(&(domain + &path));
    let prefix = if www { "http://" } else { "" };
    let mut nodes = vec![Inline::Link {
        label: vec![Inline::Text(format!("{protocol}{url}"))],
        url: format!("{prefix}{protocol}{url}"),
    }];
    if !trail.is_empty() {
        nodes.push(Inline::Text(trail));
    }
    Some((nodes, j - i))
}

fn correct_domain(domain: &str) -> bool {
    let parts: Vec<&str> = domain.split('.').collect();
    if parts.len() < 2 {
        return false;
    }
    let bad = |p: &str| !p.is_empty() && (p.contains('_') || !p.chars().any(|c| c.is_ascii_alphanumeric()));
    !(bad(parts[parts.len() - 1]) || bad(parts[parts.len() - 2]))
}

fn split_url(url: &str) -> (String, String) {
    let chars: Vec<char> = url.chars().collect();
    let mut index = chars.len();
    while index > 0 && "!\"&'),.:;<>?]}".contains(chars[index - 1]) {
        index -= 1;
    }
    let mut url: String = chars[..index].iter().collect();
    let mut trail: String = chars[index..].iter().collect();
    let opening = url.matches('(').count();
    let mut closing = url.matches(')').count();
    while let Some(at) = trail.find(')') {
        if opening <= closing {
            break;
        }
        url.push_str(&trail[..=at]);
        trail = trail[at + 1..].to_owned();
        closing += 1;
    }
    (url, trail)
}

/// `[\w+\-.]+@[\w-]+(?:\.[\w-]+)+` at `i`: (atext, label, length). The
/// atext must not follow `[\w+\-.]`.
fn email_at(chars: &[char], i: usize) -> Option<(String, String, usize)> {
    let atext = |c: char| is_word_char(c) || matches!(c, '+' | '-' | '.');
    if i > 0 && atext(chars[i - 1]) {
        return None;
    }
    let mut j = i;
    while j < chars.len() && atext(chars[j]) {
        j += 1;
    }
    if j == i || chars.get(j) != Some(&'@') {
        return None;
    }
    let label_start = j + 1;
    let label_char = |c: char| is_word_char(c) || c == '-';
    let mut k = label_start;
    while k < chars.len() && label_char(chars[k]) {
        k += 1;
    }
    if k == label_start {
        return None;
    }
    let mut dots = 0;
    while chars.get(k) == Some(&'.') && chars.get(k + 1).is_some_and(|&c| label_char(c)) {
        k += 2;
        while k < chars.len() && label_char(chars[k]) {
            k += 1;
        }
        dots += 1;
    }
    if dots == 0 {
        return None;
    }
    Some((chars[i..j].iter().collect(), chars[label_start..k].iter().collect(), k - i))
}

fn label_ok(label: &str) -> bool {
    !label.ends_with(|c: char| c.is_ascii_digit() || c == '-' || c == '_')
}

/// `mailto:` and an email (not after `[\w+\-.@]`).
fn find_mailto(chars: &[char], i: usize) -> Option<(Vec<Inline>, usize)> {
    if chars.len() < i + 7 || chars[i..i + 7].iter().collect::<String>() != "mailto:" {
        return None;
    }
    if i > 0 && (is_word_char(chars[i - 1]) || matches!(chars[i - 1], '+' | '-' | '.' | '@')) {
        return None;
    }
    let (atext, label, len) = email_at(chars, i + 7)?;
    if !label_ok(&label) {
        return None;
    }
    let value = format!("mailto:{atext}@{label}");
    Some((vec![Inline::Link { label: vec![Inline::Text(value.clone())], url: value }], 7 + len))
}

/// A bare email, not right after `mailto:` or `xmpp:`.
fn find_email(chars: &[char], i: usize) -> Option<(Vec<Inline>, usize)> {
    for scheme in ["mailto:", "xmpp:"] {
        let n = scheme.len();
        if i >= n && chars[i - n..i].iter().collect::<String>() == scheme {
            let before = if i > n { Some(chars[i - n - 1]) } else { None };
            if before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '@')) {
                return None;
            }
        }
    }
    let (atext, label, len) = email_at(chars, i)?;
    if !label_ok(&label) {
        return None;
    }
    let text = format!("{atext}@{label}");
    Some((vec![Inline::Link { label: vec![Inline::Text(text.clone())], url: format!("mailto:{text}") }], len))
}

fn starts_with_ci(chars: &[char], at: usize, prefix: &str) -> bool {
    let n = prefix.chars().count();
    at + n <= chars.len() && chars[at..at + n].iter().zip(prefix.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

// --- Serializing ------------------------------------------------------------

/// Where text is written: running phrasing, or a link's label.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Phrasing,
    Label,
}

/// Serializes a paragraph's phrasing as remark-stringify would.
///
/// The second autolink pass runs first: it works on the parsed tree, whose
/// text nodes are merged like these.
pub(crate) fn serialize(nodes: &[Inline]) -> String {
    let mut merged = merge_text(nodes);
    transform_autolinks(&mut merged);
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
            Some(c) if "!&(*<[_`~@.:]".contains(c) => {
                safe(t, ctx, "", "").chars().next().map(String::from).unwrap_or_default()
            }
            Some(c) => c.to_string(),
            None => String::new(),
        },
        Inline::Code(_) => "`".into(),
        Inline::Strong(_) => "*".into(),
        Inline::Emphasis(_) => "_".into(),
        Inline::Link { label, url } => {
            if as_autolink(label, url).is_some() {
                "<".into()
            } else {
                "[".into()
            }
        }
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
            Inline::Link { label, url } => match as_autolink(label, url) {
                Some(text) => format!("<{}>", percent_encode_autolink(text)),
                None => format!("[{}]({})", container(label, Context::Label, "[", "]"), destination(url)),
            },
        };
        if let Some(last) = value.chars().last() {
            prev = last.to_string();
        }
        out.push_str(&value);
    }
    out
}

/// remark's `formatLinkAsAutolink`: a link whose text is its URL (or the
/// URL without `mailto:`) with a scheme and no spaces or `<>` is written
/// `<…>`. Returns the text.
fn as_autolink<'a>(label: &'a [Inline], url: &str) -> Option<&'a str> {
    let [Inline::Text(text)] = label else { return None };
    let same = text == url || url.strip_prefix("mailto:") == Some(text.as_str());
    let scheme_end = url.find(':')?;
    let scheme = &url[..scheme_end];
    let has_scheme = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphabetic() || "+.-".contains(c));
    let clean = !url.chars().any(|c| c <= ' ' || c == '<' || c == '>' || c == '\u{7f}');
    (same && has_scheme && clean).then_some(text.as_str())
}

/// Inside `<…>` the characters that would end it are percent-encoded.
fn percent_encode_autolink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c <= ' ' || c == '<' || c == '>' || c == '\u{7f}' {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn inline_code(value: &str) -> String {
    let mut fence = String::from("`");
    while contains_run(value, fence.len()) {
        fence.push('`');
    }
    let pad = value.chars().any(|c| !matches!(c, ' ' | '\r' | '\n'))
        && ((value.starts_with([' ', '\r', '\n']) && value.ends_with([' ', '\r', '\n']))
            || value.starts_with('`')
            || value.ends_with('`'));
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
        // `[` too: GFM footnotes make it unsafe anywhere in phrasing.
        if c == '(' || c == ')' || c == '[' || (c == '&' && next.is_some_and(|n| n == '#' || n.is_ascii_alphabetic())) {
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
    let scan = |ch: char,
                bef: Option<&dyn Fn(char) -> bool>,
                aft: Option<&dyn Fn(char) -> bool>,
                add: &mut dyn FnMut(usize, bool, bool)| {
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
        let ps = |c: char| matches!(c, 'p' | 's' | 'P' | 'S');
        let slash = |c: char| c == '/';
        scan('@', Some(&at_before), Some(&at_after), &mut add);
        // `.` right after `www` (any case), whatever follows: the start of a
        // `www.` literal, not any `w.` (`hw.cpufrequency` stays as it is).
        // A match ends in the `.`, so matches cannot overlap.
        for i in 3..value.len() {
            if value[i] == '.' && value[i - 3..i].iter().all(|&c| c == 'w' || c == 'W') {
                add(i, true, false);
            }
        }
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
    // How many `w`/`W` run up to and including `prev`.
    let mut ws = before.chars().rev().take_while(|c| matches!(c, 'w' | 'W')).count();
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
            '.' => ws >= 3,
            ':' => matches!(prev, Some('p' | 's' | 'P' | 'S')) && next == Some('/'),
            _ => false,
        };
        if hit {
            return true;
        }
        ws = if matches!(c, 'w' | 'W') { ws + 1 } else { 0 };
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
        nodes.extend(inline(raw, Some(' ')));
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
        assert_eq!(
            md("a@b node@20 v8.x w.x ws.x https://x dns:/ ps:/x a.b@c.de"),
            "a\\@b node\\@20 v8.x w.x ws.x <https://x> dns\\:/ ps\\:/x <a.b@c.de>"
        );
        // `.` is escaped after `www` only (changelog-maker, libuv's history):
        // never inside a word like `hw.cpufrequency`.
        assert_eq!(
            md("hw.cpufrequency W.x w.-y w..z foo.w.bar ww.x.y"),
            "hw.cpufrequency W.x w.-y w..z foo.w.bar ww.x.y"
        );
        assert_eq!(md("awww.b xWWW. qwww.b_c"), "awww\\.b xWWW\\. qwww\\.b_c");
        assert_eq!(md("HTTPS:/x S:/y s:x"), "HTTPS\\:/x S\\:/y s:x");
        assert_eq!(
            md("url https://example.com/path_(x)) trailing)."),
            "url <https://example.com/path\\_(x)>) trailing)."
        );
        assert_eq!(
            md("a_ _b a_b_ __init__ snake_case_name x_1"),
            "a\\_ \\_b a_b\\_ \\_\\_init\\_\\_ snake_case_name x_1"
        );
        assert_eq!(md("émile_zola x_é"), "émile_zola x_é");
        // Links found after parsing, in the text (mdast's second pass).
        assert_eq!(md("foo.www.bar.com"), "foo.[www.bar.com](http://www.bar.com)");
        assert_eq!(
            md("x@y.io1. and a@b.cd and a@b.c_ and a@b.c- and a.b@c.de. and /x@y.io"),
            "x\\@y.io1. and <a@b.cd> and <a@b.c>\\_ and a\\@b.c- and <a.b@c.de>. and /<x@y.io>"
        );
        assert_eq!(
            md("é$>www.x.org^1. and (www.a.bc) and x>https://a.b/c. and \"https://q.r/s\""),
            "é$>[www.x.org^1](http://www.x.org^1). and ([www.a.bc](http://www.a.bc)) and x><https://a.b/c>. and \"<https://q.r/s>\""
        );
        assert_eq!(md("`x`www.a.bc and `y`https://a.b"), "`x`[www.a.bc](http://www.a.bc) and `y`<https://a.b>");
        assert_eq!(
            md("https://a.b/c_d_ and www.a_b.c.d"),
            "<https://a.b/c\\_d\\>\\_ and [www.a\\\\\\_b.c.d](http://www.a\\\\_b.c.d)"
        );
        // `[` in a destination, and a literal that runs into a code span.
        assert_eq!(md("x www.x.org[y"), "x [www.x.org\\\\\\[y](http://www.x.org\\\\\\[y)");
        assert_eq!(
            md("www.foo_bar.com/x_y here"),
            "[www.foo\\\\\\_bar.com/x\\\\\\_y](http://www.foo\\\\_bar.com/x\\\\_y) here"
        );
    }
}
