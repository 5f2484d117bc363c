//! The named exports of a CommonJS module, found without running it.
//!
//! When an ES module imports CommonJS, Node offers `module.exports` as the
//! default export and, as named exports, the names a static scan of the
//! source finds (the grammar of cjs-module-lexer, which Node uses and whose
//! detection patterns are frozen). This is our own scanner for that
//! grammar:
//!
//! - named exports: `exports.a =`, `exports['a'] =`, `module.exports.a =`,
//!   `Object.defineProperty(exports, 'a', { value: … })` or with a getter
//!   that returns an identifier or member, `module.exports = { a, b: c,
//!   'd': e }`; a `defineProperty` of a name with any other descriptor
//!   removes that name (a getter with side effects is never read);
//! - reexports: the last `module.exports = require('x')` (or the
//!   `...require('x')` spreads of the last `module.exports = {…}`), and at
//!   top level TypeScript's `__export(require('x'))` /
//!   `__exportStar(require('x'))` and Babel's
//!   `var _x = require('x'); Object.keys(_x).forEach(function (k) { … })`.
//!
//! The scanner tokenizes the whole source (strings, templates, comments,
//! regular expressions told apart from division by the token before them,
//! bracket nesting) and tries the patterns at the identifiers that start
//! them. Source that cannot be tokenized (an unterminated string, comment,
//! template or regular expression, unbalanced brackets) is an error, and
//! Node then offers no named exports.

use std::collections::{HashMap, HashSet};
use std::fmt;

/// What a scan found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CjsExports {
    /// Named exports, in the order first found.
    pub exports: Vec<String>,
    /// Specifiers whose exports are re-exported, in order.
    pub reexports: Vec<String>,
}

/// Why a source could not be scanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub what: &'static str,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.what, self.offset)
    }
}

/// Scans `source` for its CommonJS exports.
pub fn parse(source: &str) -> Result<CjsExports, LexError> {
    // A byte order mark is no token (cjs-module-lexer 2.x, Node 24).
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lexer = Lexer::new(source.as_bytes());
    lexer.run()?;
    Ok(lexer.finish())
}

/// An open bracket (or template substitution) and what it tells about the
/// token that follows its closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `{` of a block: a `/` after its `}` starts a regular expression.
    Block,
    /// `{` of an expression (object literal, …): `/` after `}` divides.
    Expression,
    /// `(` after `if`/`while`/`for`/`with`: `/` after `)` starts a regex.
    ConditionParen,
    /// Any other `(`.
    Paren,
    /// `${` of a template literal.
    Template,
}

/// The last significant token, for the regex-or-division decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Start of input.
    Start,
    /// A value: identifier (not a keyword), number, string, template, regex.
    Value,
    /// A keyword after which an expression starts (`return`, `typeof`, …).
    ExpressionKeyword,
    /// A keyword after which `{` opens a block (`else`, `do`, `try`, …).
    BlockKeyword,
    /// `)` closing a plain parenthesis, `]`.
    CloseValue,
    /// `)` closing the condition of `if`/`while`/`for`/`with`.
    CloseCondition,
    /// `}` closing a block.
    CloseBlock,
    /// `}` closing an expression.
    CloseExpression,
    /// `++` / `--`.
    Increment,
    /// `;`.
    Semicolon,
    /// `=>`.
    Arrow,
    /// Any other punctuator.
    Punctuator,
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    stack: Vec<Open>,
    last: Last,
    /// The last punctuator byte (when `last` is `Punctuator`).
    last_punct: u8,
    /// The last identifier read (to tell `if (` from `f (`).
    last_word: &'a [u8],
    exports: Vec<String>,
    /// The names in `exports`, for quick lookups.
    seen: HashSet<String>,
    /// Reexports of the last `module.exports = require()` / `= {…}`.
    assign_reexports: Vec<String>,
    /// Reexports from `__exportStar(require())` and `Object.keys(_x)` forms.
    star_reexports: Vec<String>,
    /// `var _x = require('x')` at top level: `_x` → `x`.
    required: HashMap<String, String>,
}

/// What an identifier that is a keyword tells about the next token:
/// after these an expression starts (a `/` begins a regular expression),
/// after `else`, `do`, `try`, `finally` a block or statement.
fn keyword_kind(word: &[u8]) -> Option<Last> {
    // Every keyword here is 2 to 10 lowercase letters.
    if word.len() < 2 || word.len() > 10 || !word[0].is_ascii_lowercase() {
        return None;
    }
    match word {
        b"return" | b"typeof" | b"instanceof" | b"in" | b"of" | b"new" | b"delete" | b"void" | b"throw" | b"case"
        | b"yield" | b"await" | b"extends" => Some(Last::ExpressionKeyword),
        b"else" | b"do" | b"try" | b"finally" => Some(Last::BlockKeyword),
        _ => None,
    }
}

const IDENT_START: u8 = 1;
const IDENT_PART: u8 = 2;
const SPACE: u8 = 4;

/// Character classes of bytes (non-ASCII bytes count as identifier parts,
/// as the lexer needs no finer Unicode classes).
const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphabetic() || b == b'$' || b == b'_' || b >= 0x80 {
            table[c] = IDENT_START | IDENT_PART;
        } else if b.is_ascii_digit() {
            table[c] = IDENT_PART;
        } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            table[c] = SPACE;
        }
        c += 1;
    }
    table
};

fn is_ident_start(c: u8) -> bool {
    CLASSES[c as usize] & IDENT_START != 0
}

fn is_ident_char(c: u8) -> bool {
    CLASSES[c as usize] & IDENT_PART != 0
}

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8]) -> Lexer<'a> {
        Lexer {
            src,
            pos: 0,
            stack: Vec::new(),
            last: Last::Start,
            last_punct: 0,
            last_word: b"",
            exports: Vec::new(),
            seen: HashSet::new(),
            assign_reexports: Vec::new(),
            star_reexports: Vec::new(),
            required: HashMap::new(),
        }
    }

    fn finish(self) -> CjsExports {
        let exports = self.exports;
        let mut reexports = self.assign_reexports;
        reexports.extend(self.star_reexports);
        CjsExports { exports, reexports }
    }

    fn add_export(&mut self, name: String) {
        if !self.seen.contains(&name) {
            self.seen.insert(name.clone());
            self.exports.push(name);
        }
    }

    fn punctuator(&mut self, c: u8) {
        self.last = Last::Punctuator;
        self.last_punct = c;
    }

    fn error(&self, offset: usize, what: &'static str) -> LexError {
        LexError { offset, what }
    }

    fn byte(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    // -----------------------------------------------------------------
    // The token stream
    // -----------------------------------------------------------------

    fn run(&mut self) -> Result<(), LexError> {
        if self.src.starts_with(b"#!") {
            while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                self.pos += 1;
            }
        }
        loop {
            self.pos = self.skip_space(self.pos)?;
            if self.pos >= self.src.len() {
                break;
            }
            let start = self.pos;
            let c = self.src[start];
            match c {
                b'"' | b'\'' => {
                    self.pos = self.skip_string(start)?;
                    self.last = Last::Value;
                }
                b'`' => {
                    self.pos = start + 1;
                    self.template_chars()?;
                }
                b'{' => {
                    let open = if self.brace_opens_block() { Open::Block } else { Open::Expression };
                    self.stack.push(open);
                    self.pos += 1;
                    self.punctuator(b'{');
                }
                // Like cjs-module-lexer, a closing `}` or `)` closes whatever
                // is open, and `[`/`]` are not counted.
                b'}' => match self.stack.pop() {
                    Some(Open::Template) => {
                        self.pos += 1;
                        self.template_chars()?;
                    }
                    Some(Open::Block) => {
                        self.pos += 1;
                        self.last = Last::CloseBlock;
                    }
                    Some(_) => {
                        self.pos += 1;
                        self.last = Last::CloseExpression;
                    }
                    None => return Err(self.error(start, "unexpected '}'")),
                },
                b'(' => {
                    let condition =
                        self.last == Last::Value && matches!(self.last_word, b"if" | b"while" | b"for" | b"with");
                    self.stack.push(if condition { Open::ConditionParen } else { Open::Paren });
                    self.pos += 1;
                    self.punctuator(b'(');
                }
                b')' => match self.stack.pop() {
                    Some(Open::ConditionParen) => {
                        self.pos += 1;
                        self.last = Last::CloseCondition;
                    }
                    Some(_) => {
                        self.pos += 1;
                        self.last = Last::CloseValue;
                    }
                    None => return Err(self.error(start, "unexpected ')'")),
                },
                b'[' => {
                    self.pos += 1;
                    self.punctuator(b'[');
                }
                b']' => {
                    self.pos += 1;
                    self.last = Last::CloseValue;
                }
                b'/' => {
                    if self.regex_allowed() {
                        self.pos = self.skip_regex(start)?;
                        self.last = Last::Value;
                    } else {
                        self.pos += if self.byte(start + 1) == b'=' { 2 } else { 1 };
                        self.punctuator(b'/');
                    }
                }
                b'0'..=b'9' => {
                    self.pos = self.skip_number(start);
                    self.last = Last::Value;
                }
                b'.' if self.byte(start + 1).is_ascii_digit() => {
                    self.pos = self.skip_number(start);
                    self.last = Last::Value;
                }
                b';' => {
                    self.pos += 1;
                    self.last = Last::Semicolon;
                }
                b'+' | b'-' if self.byte(start + 1) == c => {
                    self.pos += 2;
                    self.last = Last::Increment;
                }
                c if is_ident_start(c) || c == b'\\' => {
                    let end = self.ident_end(start);
                    let end = if end == start { start + 1 } else { end };
                    let word = &self.src[start..end];
                    self.pos = end;
                    if self.keyword_start(start) {
                        self.try_patterns(word, start, end)?;
                    } else if matches!(word, b"__export" | b"__exportStar") {
                        // `tslib.__exportStar(require('x'), exports)`.
                        self.try_export_star_call(end);
                    }
                    self.last_word = word;
                    self.last = match keyword_kind(word) {
                        Some(Last::ExpressionKeyword) if self.byte(start.wrapping_sub(1)) == b'.' => Last::Value,
                        Some(kind) => kind,
                        None => Last::Value,
                    };
                }
                b'=' if self.byte(start + 1) == b'>' => {
                    self.pos += 2;
                    self.last = Last::Arrow;
                }
                _ => {
                    self.pos += 1;
                    self.punctuator(c);
                }
            }
        }
        if !self.stack.is_empty() {
            return Err(self.error(self.src.len(), "unexpected end of input"));
        }
        Ok(())
    }

    /// Whether a `{` here opens a block (else an object literal or other
    /// expression).
    fn brace_opens_block(&self) -> bool {
        match self.last {
            Last::Start
            | Last::Semicolon
            | Last::CloseBlock
            | Last::CloseCondition
            | Last::BlockKeyword
            | Last::CloseValue
            | Last::CloseExpression
            | Last::Value
            | Last::Arrow => true,
            // `{ {` nests a block; `({`, `= {`, `: {`, `, {` start objects.
            Last::Punctuator => self.last_punct == b'{' && self.stack.last() != Some(&Open::Expression),
            Last::ExpressionKeyword | Last::Increment => false,
        }
    }

    fn regex_allowed(&self) -> bool {
        match self.last {
            Last::Start
            | Last::ExpressionKeyword
            | Last::BlockKeyword
            | Last::Semicolon
            | Last::Punctuator
            | Last::CloseCondition
            | Last::CloseBlock
            | Last::Arrow => true,
            Last::Value | Last::CloseValue | Last::CloseExpression | Last::Increment => false,
        }
    }

    /// Whether an identifier at `start` begins a pattern: not the end of a
    /// longer name and not a property (`x.exports`).
    fn keyword_start(&self, start: usize) -> bool {
        if start == 0 {
            return true;
        }
        let before = self.src[start - 1];
        !(is_ident_char(before) || before == b'.')
    }

    fn ident_end(&self, start: usize) -> usize {
        let mut i = start;
        while i < self.src.len() && is_ident_char(self.src[i]) {
            i += 1;
        }
        i
    }

    /// Skips whitespace and comments from `p`.
    fn skip_space(&self, mut p: usize) -> Result<usize, LexError> {
        loop {
            let c = self.byte(p);
            if p >= self.src.len() {
                return Ok(p);
            }
            if CLASSES[c as usize] & SPACE != 0 {
                p += 1;
            } else if c == 0xc2 && self.byte(p + 1) == 0xa0 {
                p += 2;
            } else if (c == 0xe2 && self.byte(p + 1) == 0x80 && matches!(self.byte(p + 2), 0xa8 | 0xa9))
                || (c == 0xef && self.byte(p + 1) == 0xbb && self.byte(p + 2) == 0xbf)
            {
                // U+2028, U+2029, U+FEFF.
                p += 3;
            } else if c == b'/' && self.byte(p + 1) == b'/' {
                p = self.src[p..].iter().position(|&b| b == b'\n' || b == b'\r').map_or(self.src.len(), |i| p + i);
            } else if c == b'/' && self.byte(p + 1) == b'*' {
                p += 2;
                loop {
                    // An unterminated comment runs to the end.
                    if p + 1 >= self.src.len() {
                        return Ok(self.src.len());
                    }
                    if self.src[p] == b'*' && self.src[p + 1] == b'/' {
                        p += 2;
                        break;
                    }
                    p += 1;
                }
            } else {
                return Ok(p);
            }
        }
    }

    /// Skips a string literal starting at its quote; returns the end.
    fn skip_string(&self, start: usize) -> Result<usize, LexError> {
        let quote = self.src[start];
        let mut p = start + 1;
        while p < self.src.len() {
            match self.src[p] {
                c if c == quote => return Ok(p + 1),
                b'\\' => p += 2,
                b'\n' | b'\r' => return Err(self.error(start, "unterminated string")),
                _ => p += 1,
            }
        }
        Err(self.error(start, "unterminated string"))
    }

    /// Scans template characters from `self.pos` to the closing backtick
    /// or a `${` (which opens a substitution).
    fn template_chars(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        let mut p = self.pos;
        while p < self.src.len() {
            match self.src[p] {
                b'`' => {
                    self.pos = p + 1;
                    self.last = Last::Value;
                    return Ok(());
                }
                b'\\' => p += 2,
                b'$' if self.byte(p + 1) == b'{' => {
                    self.stack.push(Open::Template);
                    self.pos = p + 2;
                    self.punctuator(b'{');
                    return Ok(());
                }
                _ => p += 1,
            }
        }
        Err(self.error(start, "unterminated template"))
    }

    fn skip_regex(&self, start: usize) -> Result<usize, LexError> {
        let mut p = start + 1;
        let mut in_class = false;
        while p < self.src.len() {
            match self.src[p] {
                b'\\' => p += 2,
                b'[' => {
                    in_class = true;
                    p += 1;
                }
                b']' => {
                    in_class = false;
                    p += 1;
                }
                b'/' if !in_class => {
                    p += 1;
                    while p < self.src.len() && is_ident_char(self.src[p]) {
                        p += 1;
                    }
                    return Ok(p);
                }
                b'\n' | b'\r' => return Err(self.error(start, "unterminated regular expression")),
                _ => p += 1,
            }
        }
        Err(self.error(start, "unterminated regular expression"))
    }

    fn skip_number(&self, start: usize) -> usize {
        let mut p = start;
        while p < self.src.len() {
            let c = self.src[p];
            let exponent_sign =
                (c == b'+' || c == b'-') && matches!(self.byte(p - 1), b'e' | b'E') && !self.is_hex(start);
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                p += 1;
            } else {
                break;
            }
        }
        p
    }

    fn is_hex(&self, start: usize) -> bool {
        self.byte(start) == b'0' && matches!(self.byte(start + 1), b'x' | b'X')
    }

    // -----------------------------------------------------------------
    // Lookahead helpers for the patterns: each takes a position and
    // returns the position after what it matched (after spaces too).
    // -----------------------------------------------------------------

    fn ws(&self, p: usize) -> usize {
        self.skip_space(p).unwrap_or(self.src.len())
    }

    /// `text` (a punctuator) at `p`; returns the position after it and spaces.
    fn punct(&self, p: usize, text: &str) -> Option<usize> {
        self.src[p.min(self.src.len())..].starts_with(text.as_bytes()).then(|| self.ws(p + text.len()))
    }

    /// An identifier at `p`.
    fn ident(&self, p: usize) -> Option<(&'a [u8], usize)> {
        if p >= self.src.len() || !is_ident_start(self.src[p]) {
            return None;
        }
        let end = self.ident_end(p);
        Some((&self.src[p..end], self.ws(end)))
    }

    /// The identifier `word` at `p`.
    fn word(&self, p: usize, word: &str) -> Option<usize> {
        let (found, next) = self.ident(p)?;
        (found == word.as_bytes()).then_some(next)
    }

    /// An `=` (cjs-module-lexer looks at that one character only, so
    /// `==` and `=>` match too).
    fn assign(&self, p: usize) -> Option<usize> {
        (self.byte(p) == b'=').then(|| self.ws(p + 1))
    }

    /// A string literal at `p`, decoded.
    fn string(&self, p: usize) -> Option<(String, usize)> {
        let quote = self.byte(p);
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let end = self.skip_string(p).ok()?;
        let value = decode_string(&self.src[p + 1..end - 1])?;
        Some((value, self.ws(end)))
    }

    /// `exports` or `module.exports` at `p`.
    fn exports_ident(&self, p: usize) -> Option<usize> {
        if let Some(next) = self.word(p, "exports") {
            return Some(next);
        }
        let p = self.word(p, "module")?;
        let p = self.punct(p, ".")?;
        self.word(p, "exports")
    }

    /// `require('x')` at `p`: the specifier.
    fn require_call(&self, p: usize) -> Option<(String, usize)> {
        let p = self.word(p, "require")?;
        let p = self.punct(p, "(")?;
        let (specifier, p) = self.string(p)?;
        let p = self.punct(p, ")")?;
        Some((specifier, p))
    }

    // -----------------------------------------------------------------
    // The patterns
    // -----------------------------------------------------------------

    fn try_patterns(&mut self, word: &'a [u8], _start: usize, end: usize) -> Result<(), LexError> {
        let top_level = self.stack.is_empty();
        match word {
            b"exports" => {
                let p = self.ws(end);
                self.try_exports_member(p);
            }
            b"module" => {
                let p = self.ws(end);
                if let Some(p) = self.punct(p, ".").and_then(|p| self.word(p, "exports")) {
                    if !self.try_exports_member(p) {
                        self.try_module_exports_assign(p);
                    }
                }
            }
            b"Object" => {
                let p = self.ws(end);
                if let Some(p) = self.punct(p, ".") {
                    if let Some(p) = self.word(p, "defineProperty") {
                        self.try_define_property(p);
                    } else if top_level {
                        if let Some(p) = self.word(p, "keys") {
                            self.try_export_star_lib(p);
                        }
                    }
                }
            }
            b"__export" | b"__exportStar" if top_level => self.try_export_star_call(end),
            // ES module syntax makes the source unreadable as CommonJS, as
            // cjs-module-lexer decides it: `import(…)` is fine, a top-level
            // `import.meta` or import statement is not, and neither is
            // `export` followed by anything.
            b"import" if top_level => {
                let c = self.byte(end);
                let mut p = end;
                let comment = c == b'/' && matches!(self.byte(end + 1), b'/' | b'*');
                if comment || matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'{' | b'*' | b'"' | b'\'') {
                    p = self.ws(end);
                    match self.byte(p) {
                        b'(' if p < self.src.len() => {}
                        b'.' => return Err(self.error(p, "unexpected import.meta in a CommonJS module")),
                        _ => return Err(self.error(p, "unexpected import statement in a CommonJS module")),
                    }
                } else if c == b'.' {
                    return Err(self.error(p, "unexpected import.meta in a CommonJS module"));
                }
            }
            b"export" if top_level && end < self.src.len() && self.byte(end) != b'\\' => {
                return Err(self.error(end, "unexpected export statement in a CommonJS module"));
            }
            b"var" | b"let" | b"const" if top_level => self.try_required_binding(self.ws(end)),
            _ => {}
        }
        Ok(())
    }

    /// EXPORTS_DOT_ASSIGN / EXPORTS_LITERAL_COMPUTED_ASSIGN after an
    /// exports identifier.
    fn try_exports_member(&mut self, p: usize) -> bool {
        if let Some(p) = self.punct(p, ".") {
            if let Some((name, p)) = self.ident(p) {
                if self.assign(p).is_some() {
                    self.add_export(String::from_utf8_lossy(name).into_owned());
                    return true;
                }
            }
            return false;
        }
        if let Some(p) = self.punct(p, "[") {
            if let Some((name, p)) = self.string(p) {
                if let Some(p) = self.punct(p, "]") {
                    if self.assign(p).is_some() {
                        self.add_export(name);
                        return true;
                    }
                }
            }
        }
        false
    }

    /// `module.exports = require('x')` or `module.exports = { … }`: any
    /// `=` after `module.exports` forgets the reexports found so far.
    fn try_module_exports_assign(&mut self, p: usize) {
        if self.byte(p) != b'=' {
            return;
        }
        self.assign_reexports.clear();
        let p = self.ws(p + 1);
        if let Some((specifier, _)) = self.require_call(p) {
            self.assign_reexports.push(specifier);
            return;
        }
        if let Some(p) = self.punct(p, "{") {
            self.try_exports_literal(p);
        }
    }

    /// The properties of `module.exports = { … }`: names are taken until
    /// something is not an identifier or string property; the spreads of
    /// `require()` met on the way are reexports.
    fn try_exports_literal(&mut self, mut p: usize) {
        loop {
            if let Some(next) = self.punct(p, "...") {
                if let Some((specifier, next)) = self.require_call(next) {
                    self.assign_reexports.push(specifier);
                    p = next;
                } else if let Some((_, next)) = self.ident(next) {
                    p = next;
                } else {
                    return;
                }
            } else if let Some((name, next)) = self.ident(p) {
                p = next;
                if let Some(next) = self.punct(p, ":") {
                    match self.ident(next) {
                        Some((_, next)) => p = next,
                        None => return,
                    }
                }
                self.add_export(String::from_utf8_lossy(name).into_owned());
            } else if let Some((name, next)) = self.string(p) {
                match self.punct(next, ":").and_then(|n| self.ident(n)) {
                    Some((_, next)) => p = next,
                    None => return,
                }
                self.add_export(name);
            } else {
                return;
            }
            match self.punct(p, ",") {
                Some(next) => p = next,
                None => return,
            }
        }
    }

    /// `Object.defineProperty(exports, 'name', { … })`.
    fn try_define_property(&mut self, p: usize) {
        let Some(p) = self.punct(p, "(") else { return };
        let Some(p) = self.exports_ident(p) else { return };
        let Some(p) = self.punct(p, ",") else { return };
        let Some((name, p)) = self.string(p) else { return };
        // A getter of another form does not make the name an export, but
        // no longer hides one assigned elsewhere (cjs-module-lexer 2.x, as
        // Node 24 uses).
        if self.define_value(p) {
            self.add_export(name);
        }
    }

    /// EXPORTS_DEFINE_VALUE after the name: `, { value: …` or a getter
    /// returning an identifier or member.
    fn define_value(&self, p: usize) -> bool {
        let Some(p) = self.punct(p, ",") else { return false };
        let Some(mut p) = self.punct(p, "{") else { return false };
        if let Some(next) = self.word(p, "enumerable") {
            let Some(next) = self.punct(next, ":") else { return false };
            let Some(next) = self.word(next, "true") else { return false };
            let Some(next) = self.punct(next, ",") else { return false };
            p = next;
        }
        if let Some(next) = self.word(p, "value") {
            return self.punct(next, ":").is_some();
        }
        let Some(p) = self.getter_prefix(p) else { return false };
        let Some(p) = self.word(p, "return") else { return false };
        let Some((_, mut p)) = self.ident(p) else { return false };
        if let Some(next) = self.punct(p, ".") {
            match self.ident(next) {
                Some((_, next)) => p = next,
                None => return false,
            }
        } else if let Some(next) = self.punct(p, "[") {
            match self.string(next).and_then(|(_, n)| self.punct(n, "]")) {
                Some(next) => p = next,
                None => return false,
            }
        }
        if let Some(next) = self.punct(p, ";") {
            p = next;
        }
        let Some(mut p) = self.punct(p, "}") else { return false };
        if let Some(next) = self.punct(p, ",") {
            p = next;
        }
        self.punct(p, "}").and_then(|p| self.punct(p, ")")).is_some()
    }

    /// `get () {`, `get: function () {` or `get: function name () {`;
    /// returns the position after the `{`.
    fn getter_prefix(&self, p: usize) -> Option<usize> {
        let mut p = self.word(p, "get")?;
        if let Some(next) = self.punct(p, ":") {
            p = self.word(next, "function")?;
            if let Some((_, next)) = self.ident(p) {
                p = next;
            }
        }
        let p = self.punct(p, "(")?;
        let p = self.punct(p, ")")?;
        self.punct(p, "{")
    }

    /// `__export(require('x'))` / `__exportStar(require('x'), …)`.
    fn try_export_star_call(&mut self, end: usize) {
        let p = self.ws(end);
        if let Some((specifier, _)) = self.punct(p, "(").and_then(|p| self.require_call(p)) {
            self.star_reexports.push(specifier);
        }
    }

    /// `var _x = require('x')` or `var _x = _interopRequireWildcard(require('x'))`.
    fn try_required_binding(&mut self, p: usize) {
        let Some((name, p)) = self.ident(p) else { return };
        let Some(p) = self.assign(p) else { return };
        let found = match self.require_call(p) {
            Some(found) => Some(found),
            None => self
                .word(p, "_interopRequireWildcard")
                .and_then(|p| self.punct(p, "("))
                .and_then(|p| self.require_call(p)),
        };
        if let Some((specifier, _)) = found {
            self.required.insert(String::from_utf8_lossy(name).into_owned(), specifier);
        }
    }

    /// Babel's `Object.keys(_x).forEach(function (key) { … })` star
    /// reexport (EXPORT_STAR_LIB).
    fn try_export_star_lib(&mut self, p: usize) {
        let Some(p) = self.punct(p, "(") else { return };
        let Some((source, p)) = self.ident(p) else { return };
        let Some(p) = self.punct(p, ")") else { return };
        let Some(p) = self.punct(p, ".") else { return };
        let Some(p) = self.word(p, "forEach") else { return };
        let Some(p) = self.punct(p, "(") else { return };
        let Some(p) = self.word(p, "function") else { return };
        let Some(p) = self.punct(p, "(") else { return };
        let Some((key, p)) = self.ident(p) else { return };
        let Some(p) = self.punct(p, ")") else { return };
        let Some(p) = self.punct(p, "{") else { return };
        let Some(p) = self.star_lib_guard(p, source, key) else { return };
        let Some(p) = self.star_lib_copy(p, source, key) else { return };
        if self.punct(p, "}").and_then(|p| self.punct(p, ")")).is_none() {
            return;
        }
        let source = String::from_utf8_lossy(source).into_owned();
        if let Some(specifier) = self.required.get(&source) {
            let specifier = specifier.clone();
            self.star_reexports.push(specifier);
        }
    }

    fn ident_is(&self, p: usize, expected: &[u8]) -> Option<usize> {
        let (found, next) = self.ident(p)?;
        (found == expected).then_some(next)
    }

    fn string_is(&self, p: usize, expected: &str) -> Option<usize> {
        let (found, next) = self.string(p)?;
        (found == expected).then_some(next)
    }

    /// `Object.prototype.hasOwnProperty.call(x, key)` or
    /// `Object.hasOwnProperty.call(x, key)`.
    fn has_own_call(&self, p: usize, key: &[u8]) -> Option<usize> {
        let mut p = self.word(p, "Object")?;
        p = self.punct(p, ".")?;
        if let Some(next) = self.word(p, "prototype") {
            p = self.punct(next, ".")?;
        }
        p = self.word(p, "hasOwnProperty")?;
        p = self.punct(p, ".")?;
        p = self.word(p, "call")?;
        p = self.punct(p, "(")?;
        let (_, p) = self.ident(p)?;
        let p = self.punct(p, ",")?;
        let p = self.ident_is(p, key)?;
        self.punct(p, ")")
    }

    /// The `if (…) return;` guards (or the `if (key !== 'default' …)`
    /// condition) before the copy.
    fn star_lib_guard(&self, p: usize, source: &[u8], key: &[u8]) -> Option<usize> {
        let p = self.word(p, "if")?;
        let p = self.punct(p, "(")?;
        let p = self.ident_is(p, key)?;
        if let Some(p) = self.punct(p, "===") {
            let p = self.string_is(p, "default")?;
            let p = self.punct(p, "||")?;
            let p = self.ident_is(p, key)?;
            let p = self.punct(p, "===")?;
            let p = self.string_is(p, "__esModule")?;
            let p = self.punct(p, ")")?;
            let mut p = self.word(p, "return")?;
            if let Some(next) = self.punct(p, ";") {
                p = next;
            }
            // Optional: if (Object.prototype.hasOwnProperty.call(_exportNames, key)) return;
            if let Some(next) = self
                .word(p, "if")
                .and_then(|n| self.punct(n, "("))
                .and_then(|n| self.has_own_call(n, key))
                .and_then(|n| self.punct(n, ")"))
                .and_then(|n| self.word(n, "return"))
            {
                p = self.punct(next, ";").unwrap_or(next);
            }
            // Optional: if (key in exports && exports[key] === _x[key]) return;
            if let Some(next) = self.in_exports_guard(p, source, key) {
                p = next;
            }
            return Some(p);
        }
        let p = self.punct(p, "!==")?;
        let mut p = self.string_is(p, "default")?;
        if let Some(next) = self.punct(p, "&&") {
            let next = self.punct(next, "!")?;
            p = match self.has_own_call(next, key) {
                Some(after) => after,
                None => {
                    let (_, n) = self.ident(next)?;
                    let n = self.punct(n, ".")?;
                    let n = self.word(n, "hasOwnProperty")?;
                    let n = self.punct(n, "(")?;
                    let n = self.ident_is(n, key)?;
                    self.punct(n, ")")?
                }
            };
        }
        self.punct(p, ")")
    }

    fn in_exports_guard(&self, p: usize, source: &[u8], key: &[u8]) -> Option<usize> {
        let p = self.word(p, "if")?;
        let p = self.punct(p, "(")?;
        let p = self.ident_is(p, key)?;
        let p = self.word(p, "in")?;
        let p = self.exports_ident(p)?;
        let p = self.punct(p, "&&")?;
        let p = self.exports_ident(p)?;
        let p = self.punct(p, "[")?;
        let p = self.ident_is(p, key)?;
        let p = self.punct(p, "]")?;
        let p = self.punct(p, "===")?;
        let p = self.ident_is(p, source)?;
        let p = self.punct(p, "[")?;
        let p = self.ident_is(p, key)?;
        let p = self.punct(p, "]")?;
        let p = self.punct(p, ")")?;
        let p = self.word(p, "return")?;
        self.punct(p, ";")
    }

    /// `exports[key] = _x[key];` or the `Object.defineProperty(exports, key,
    /// { enumerable: true, get: function () { return _x[key]; } });` copy.
    fn star_lib_copy(&self, p: usize, source: &[u8], key: &[u8]) -> Option<usize> {
        let member = |p: usize| -> Option<usize> {
            let p = self.ident_is(p, source)?;
            let p = self.punct(p, "[")?;
            let p = self.ident_is(p, key)?;
            self.punct(p, "]")
        };
        if let Some(p) = self.exports_ident(p) {
            let p = self.punct(p, "[")?;
            let p = self.ident_is(p, key)?;
            let p = self.punct(p, "]")?;
            let p = self.assign(p)?;
            let p = member(p)?;
            return Some(self.punct(p, ";").unwrap_or(p));
        }
        let p = self.word(p, "Object")?;
        let p = self.punct(p, ".")?;
        let p = self.word(p, "defineProperty")?;
        let p = self.punct(p, "(")?;
        let p = self.exports_ident(p)?;
        let p = self.punct(p, ",")?;
        let p = self.ident_is(p, key)?;
        let p = self.punct(p, ",")?;
        let p = self.punct(p, "{")?;
        let p = self.word(p, "enumerable")?;
        let p = self.punct(p, ":")?;
        let p = self.word(p, "true")?;
        let p = self.punct(p, ",")?;
        let p = self.getter_prefix(p)?;
        let p = self.word(p, "return")?;
        let mut p = member(p)?;
        if let Some(next) = self.punct(p, ";") {
            p = next;
        }
        let mut p = self.punct(p, "}")?;
        if let Some(next) = self.punct(p, ",") {
            p = next;
        }
        let p = self.punct(p, "}")?;
        let p = self.punct(p, ")")?;
        Some(self.punct(p, ";").unwrap_or(p))
    }
}

/// The value of a string literal's body; `None` for an invalid escape or
/// one that makes a lone surrogate.
fn decode_string(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains('\\') {
        return Some(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars.next()?;
        match escaped {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' if !chars.peek().is_some_and(|c| c.is_ascii_digit()) => out.push('\0'),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            'x' => {
                let hex: String = [chars.next()?, chars.next()?].iter().collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            'u' => {
                let code = read_unicode_escape(&mut chars)?;
                if (0xd800..0xdc00).contains(&code) {
                    // A high surrogate must pair with a `\uDC00`-`\uDFFF` escape.
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let low = read_unicode_escape(&mut chars)?;
                    if !(0xdc00..0xe000).contains(&low) {
                        return None;
                    }
                    out.push(char::from_u32(0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00))?);
                } else {
                    out.push(char::from_u32(code)?);
                }
            }
            '1'..='9' => return None,
            other => out.push(other),
        }
    }
    Some(out)
}

fn read_unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<u32> {
    if chars.peek() == Some(&'{') {
        chars.next();
        let mut hex = String::new();
        loop {
            match chars.next()? {
                '}' => break,
                c => hex.push(c),
            }
        }
        return u32::from_str_radix(&hex, 16).ok().filter(|c| *c <= 0x10ffff);
    }
    let hex: String = [chars.next()?, chars.next()?, chars.next()?, chars.next()?].iter().collect();
    u32::from_str_radix(&hex, 16).ok()
}
