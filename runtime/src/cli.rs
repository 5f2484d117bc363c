//! The command line: `nodus [options] [script.js | -e "code" | -] [--] [arguments]`.
//!
//! Parsed by hand rather than with clap because Node's rules are its own:
//! options stop at the script, everything after it belongs to the script,
//! and any `--flag` Nodus does not know is handed to V8 (an error only if V8
//! does not know it either).

use std::fmt;

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
// Made once per process; boxing the options would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Action {
    /// Run JavaScript.
    Run(Options),
    /// `-v`, `--version`: print the version.
    Version,
    /// `--versions`: print `process.versions` as JSON.
    Versions,
    /// `-h`, `--help`: print usage.
    Help,
    /// `--v8-options`: print V8's own options.
    V8Options,
}

/// Where the main code comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A script file (as given; resolved like `require` resolves it).
    File(String),
    /// `-e` / `-p`: code from the command line.
    Eval {
        /// The code.
        source: String,
        /// `-p`: print the result.
        print: bool,
    },
    /// `-` or no script with standard input not a terminal (`-p` without
    /// code prints the result of standard input's script).
    Stdin,
    /// No script on a terminal: the REPL.
    Repl,
}

/// `--input-type`: how `-e` code and standard input are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    /// CommonJS (the default).
    CommonJs,
    /// ES module.
    Module,
}

/// Options for running JavaScript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The main code.
    pub entry: Entry,
    /// `-p` / `--print`: print the result of the `-e` code or of standard
    /// input's script.
    pub print: bool,
    /// `-r` / `--require`: modules preloaded before the entry.
    pub requires: Vec<String>,
    /// `--input-type`.
    pub input_type: Option<InputType>,
    /// `-C` / `--conditions`: extra `exports`/`imports` conditions.
    pub conditions: Vec<String>,
    /// `--preserve-symlinks`.
    pub preserve_symlinks: bool,
    /// `--[no-]experimental-require-module`: whether `require()` loads ES
    /// modules (Node 20.19+'s default) or throws `ERR_REQUIRE_ESM`; `None`
    /// when not given.
    pub require_module: Option<bool>,
    /// `--no-warnings`.
    pub no_warnings: bool,
    /// `--no-deprecation`.
    pub no_deprecation: bool,
    /// `--throw-deprecation`.
    pub throw_deprecation: bool,
    /// `--trace-deprecation`.
    pub trace_deprecation: bool,
    /// `--trace-warnings`.
    pub trace_warnings: bool,
    /// `--trace-uncaught`.
    pub trace_uncaught: bool,
    /// `--zero-fill-buffers`: `Buffer.allocUnsafe` and its kin return
    /// zeroed memory.
    pub zero_fill_buffers: bool,
    /// `--expose-internals`: `require('internal/…')` works (for tests).
    pub expose_internals: bool,
    /// `-c`, `--check`: check the script's syntax without running it.
    pub check: bool,
    /// `--env-file`: files of `KEY=value` lines loaded into the environment.
    pub env_files: Vec<String>,
    /// `--unhandled-rejections=<mode>` (`throw` by default).
    pub unhandled_rejections: String,
    /// `-i` / `--interactive`: the REPL even when standard input is not a terminal.
    pub interactive: bool,
    /// Flags for V8 (`--max-old-space-size=…`, `--expose-gc`, …).
    pub v8_flags: Vec<String>,
    /// The options as given, for `process.execArgv`.
    pub exec_argv: Vec<String>,
    /// The arguments after the script (or after the options with `-e`).
    pub args: Vec<String>,
}

/// A command line Nodus cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// An option that needs a value got none.
    MissingValue(String),
    /// A value that is not allowed for the option.
    BadValue {
        /// The option.
        option: String,
        /// The value given.
        value: String,
        /// What is allowed, when Node's message says it.
        expected: Option<&'static str>,
    },
    /// An option neither Nodus nor V8 knows.
    BadOption(String),
    /// `NODE_OPTIONS` holds something only the command line may hold
    /// (a script, `-e`, `-p`, `-v`, …).
    NotAllowedInNodeOptions(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::MissingValue(option) => write!(f, "{option} requires an argument"),
            // Node's wording, which does not repeat the value.
            CliError::BadValue { option, expected: Some(expected), .. } => write!(f, "{option} must be {expected}"),
            CliError::BadValue { option, .. } => write!(f, "invalid value for {option}"),
            CliError::BadOption(option) => write!(f, "bad option: {option}"),
            CliError::NotAllowedInNodeOptions(option) => write!(f, "{option} is not allowed in NODE_OPTIONS"),
        }
    }
}

impl std::error::Error for CliError {}

/// The usage text of `-h`.
pub const USAGE: &str = "\
Usage: nodus [options] [ script.js ] [arguments]
       nodus [options] -e \"script\" [arguments]
       nodus [options] -p \"script\" [arguments]
       nodus [options] - [arguments]         (script from standard input)
       nodus                                 (the REPL, on a terminal)

Options:
  -                            script read from standard input
  --                           end of options; the next argument is the script
  -e, --eval=...               evaluate the script
  -p, --print=...              evaluate the script and print the result
  -r, --require=...            module to preload (repeatable)
  -i, --interactive            start the REPL even if stdin is not a terminal
  -C, --conditions=...         additional condition for package exports/imports
  --input-type=...             how -e code and stdin are read: commonjs or module
  --preserve-symlinks          keep symlinked paths of modules as they are
  --no-experimental-require-module
                               require() of an ES module throws ERR_REQUIRE_ESM
  --unhandled-rejections=...   throw (default), strict, warn, none or warn-with-error-code
  --no-warnings                silence process warnings
  --no-deprecation             silence deprecation warnings
  --throw-deprecation          throw on deprecations
  --trace-deprecation          stack traces for deprecations
  --trace-warnings             stack traces for warnings
  --trace-uncaught             where uncaught non-error values were thrown
  --zero-fill-buffers          Buffer.allocUnsafe and its kin return zeroed memory
  -c, --check                  check the script's syntax without running it
  --env-file=...               load KEY=value lines into process.env (repeatable)
  --expose-internals           require('internal/…') works, for tests
  --max-old-space-size=...     V8's old space limit in MiB (any V8 flag is accepted)
  --v8-options                 print V8's command-line options
  -v, --version                print the Nodus version
  --versions                   print the versions of Nodus and its parts as JSON
  -h, --help                   print this help

Environment variables:
  NODE_OPTIONS                 options read before the command line's
";

/// Parses the arguments after the program name.
///
/// `v8_knows` says whether V8 accepts a flag; it is called for each option
/// Nodus does not know (the binary asks V8, tests can pass a stub).
pub fn parse(args: &[String], v8_knows: &mut dyn FnMut(&str) -> bool) -> Result<Action, CliError> {
    let mut o = Options {
        entry: Entry::Repl,
        print: false,
        requires: Vec::new(),
        input_type: None,
        conditions: Vec::new(),
        preserve_symlinks: false,
        require_module: None,
        no_warnings: false,
        no_deprecation: false,
        throw_deprecation: false,
        trace_deprecation: false,
        trace_warnings: false,
        trace_uncaught: false,
        zero_fill_buffers: false,
        expose_internals: false,
        check: false,
        env_files: Vec::new(),
        unhandled_rejections: "throw".to_owned(),
        interactive: false,
        v8_flags: Vec::new(),
        exec_argv: Vec::new(),
        args: Vec::new(),
    };
    let mut eval: Option<String> = None;
    let mut i = 0;
    let mut script: Option<Entry> = None;

    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            if eval.is_none() && i < args.len() {
                if args[i] == "-" {
                    // `process.argv[1]` is `-`, as in Node.
                    script = Some(Entry::Stdin);
                } else {
                    script = Some(Entry::File(args[i].clone()));
                    i += 1;
                }
            }
            break;
        }
        if arg == "-" {
            script = Some(Entry::Stdin);
            i -= 1;
            break;
        }
        if !arg.starts_with('-') || arg.len() == 1 {
            if eval.is_some() {
                // With -e, non-options are the script's arguments.
                i -= 1;
            } else {
                script = Some(Entry::File(arg.clone()));
            }
            break;
        }
        let start = o.exec_argv.len();
        o.exec_argv.push(arg.clone());
        // `--name=value` or `--name value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if arg.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        // A separate value may not look like an option (Node: `-e -1` is
        // "-e requires an argument").
        let value = |o: &mut Options, i: &mut usize| -> Result<String, CliError> {
            if let Some(v) = &inline {
                if v.is_empty() {
                    return Err(CliError::MissingValue(format!("{name}=")));
                }
                return Ok(v.clone());
            }
            match args.get(*i) {
                Some(v) if !v.starts_with('-') => {
                    *i += 1;
                    o.exec_argv.push(v.clone());
                    Ok(v.clone())
                }
                _ => Err(CliError::MissingValue(name.clone())),
            }
        };
        match name.as_str() {
            "-v" | "--version" => return Ok(Action::Version),
            "--versions" => return Ok(Action::Versions),
            "-h" | "--help" => return Ok(Action::Help),
            "--v8-options" => return Ok(Action::V8Options),
            "-e" | "--eval" => eval = Some(value(&mut o, &mut i)?),
            "-p" | "--print" => {
                // A flag that takes the next argument as the code unless it
                // looks like an option (`-p -e code`, `-p --no-warnings x.js`);
                // without code, standard input's script is printed. Node
                // ignores a value given as `--print=…`.
                o.print = true;
                if inline.is_none() && args.get(i).is_some_and(|v| !v.starts_with('-')) {
                    eval = Some(value(&mut o, &mut i)?);
                }
            }
            "-pe" => {
                o.print = true;
                eval = Some(value(&mut o, &mut i)?);
            }
            "-r" | "--require" => {
                let v = value(&mut o, &mut i)?;
                o.requires.push(v);
            }
            "-C" | "--conditions" => {
                let v = value(&mut o, &mut i)?;
                o.conditions.push(v);
            }
            "--input-type" => {
                let v = value(&mut o, &mut i)?;
                o.input_type = Some(match v.as_str() {
                    "commonjs" => InputType::CommonJs,
                    "module" => InputType::Module,
                    _ => {
                        return Err(CliError::BadValue {
                            option: name,
                            value: v,
                            expected: Some("\"module\" or \"commonjs\""),
                        });
                    }
                });
            }
            "--unhandled-rejections" => {
                let v = value(&mut o, &mut i)?;
                if !["throw", "strict", "warn", "none", "warn-with-error-code"].contains(&v.as_str()) {
                    return Err(CliError::BadValue { option: name, value: v, expected: None });
                }
                o.unhandled_rejections = v;
            }
            "-i" | "--interactive" => o.interactive = true,
            "--preserve-symlinks" => o.preserve_symlinks = true,
            "--experimental-require-module" => o.require_module = Some(true),
            "--no-experimental-require-module" => o.require_module = Some(false),
            "--no-warnings" => o.no_warnings = true,
            "--no-deprecation" => o.no_deprecation = true,
            "--throw-deprecation" => o.throw_deprecation = true,
            "--trace-deprecation" => o.trace_deprecation = true,
            "--trace-warnings" => o.trace_warnings = true,
            "--trace-uncaught" => o.trace_uncaught = true,
            "--zero-fill-buffers" => o.zero_fill_buffers = true,
            "--expose-internals" | "--expose_internals" => o.expose_internals = true,
            "-c" | "--check" => o.check = true,
            "--env-file" => {
                // Node takes the next argument whatever it looks like
                // (`--env-file -e` names a file `-e`), and an empty one.
                let v = match &inline {
                    Some(v) => v.clone(),
                    None => {
                        let v = args.get(i).cloned().ok_or_else(|| CliError::MissingValue(name.clone()))?;
                        i += 1;
                        o.exec_argv.push(v.clone());
                        v
                    }
                };
                o.env_files.push(v);
            }
            // Accepted for compatibility; these change nothing here.
            "--enable-source-maps"
            | "--experimental-modules"
            | "--no-experimental-fetch"
            | "--experimental-vm-modules"
            | "--experimental-specifier-resolution" => {}
            _ if arg.starts_with("--")
                // Node spells V8 flags with `-` or `_`; V8 accepts both.
                && v8_knows(arg) =>
            {
                o.v8_flags.push(arg.clone());
            }
            _ => return Err(CliError::BadOption(arg.clone())),
        }
        debug_assert!(o.exec_argv.len() > start);
    }
    o.args = args[i..].to_vec();
    o.entry = match (eval, script) {
        (Some(source), _) => Entry::Eval { source, print: o.print },
        (None, Some(entry)) => entry,
        (None, None) => Entry::Repl,
    };
    Ok(Action::Run(o))
}

/// The options `NODE_OPTIONS` may hold: Node's list, as far as Nodus has
/// the option (`process.allowedNodeEnvironmentFlags`), V8's included.
pub const NODE_OPTIONS_ALLOWED: &[&str] = &[
    "-r",
    "--require",
    "-C",
    "--conditions",
    "--input-type",
    "--preserve-symlinks",
    "--experimental-require-module",
    "--no-experimental-require-module",
    "--unhandled-rejections",
    "--no-warnings",
    "--no-deprecation",
    "--throw-deprecation",
    "--trace-deprecation",
    "--trace-warnings",
    "--trace-uncaught",
    "--zero-fill-buffers",
    "--enable-source-maps",
    "--experimental-vm-modules",
    "--experimental-modules",
    "--experimental-specifier-resolution",
    "--no-experimental-fetch",
    "--abort-on-uncaught-exception",
    "--disallow-code-generation-from-strings",
    "--enable-etw-stack-walking",
    "--expose-gc",
    "--huge-max-old-generation-size",
    "--interpreted-frames-native-stack",
    "--jitless",
    "--max-old-space-size",
    "--max-semi-space-size",
    "--perf-basic-prof",
    "--perf-basic-prof-only-functions",
    "--perf-prof",
    "--perf-prof-unwinding-info",
    "--stack-trace-limit",
];

/// Whether `NODE_OPTIONS` may hold the option `name` (`_` and `-` alike).
fn allowed_in_node_options(name: &str) -> bool {
    let dashes = name.len() - name.trim_start_matches('-').len();
    let normalized = format!("{}{}", &name[..dashes], name[dashes..].replace('_', "-"));
    NODE_OPTIONS_ALLOWED.contains(&normalized.as_str())
}

/// Reads `NODE_OPTIONS` (options applied before the command line's, not
/// shown in `process.execArgv`) and merges it into `action`. An option not
/// in [`NODE_OPTIONS_ALLOWED`] is refused (named with its `=` when it has
/// a value, as Node names it); other words (a script name) are ignored,
/// as Node ignores them.
///
/// Values are split at spaces; `"…"` quotes keep spaces, `\` escapes the
/// next character, as Node does.
pub fn apply_node_options(
    action: Action,
    node_options: &str,
    v8_knows: &mut dyn FnMut(&str) -> bool,
) -> Result<Action, CliError> {
    let Action::Run(cli) = action else { return Ok(action) };
    let words = split_node_options(node_options);
    if words.is_empty() {
        return Ok(Action::Run(cli));
    }
    for word in words.iter().filter(|w| w.starts_with('-') && w.len() > 1) {
        let (name, shown) = match word.split_once('=') {
            Some((name, _)) => (name, format!("{name}=")),
            None => (word.as_str(), word.clone()),
        };
        if !allowed_in_node_options(name) {
            return Err(CliError::NotAllowedInNodeOptions(shown));
        }
    }
    let env = match parse(&words, v8_knows)? {
        Action::Run(o) => o,
        _ => return Err(CliError::NotAllowedInNodeOptions(words[0].clone())),
    };
    let mut merged = cli;
    let mut requires = env.requires;
    requires.append(&mut merged.requires);
    merged.requires = requires;
    let mut conditions = env.conditions;
    conditions.append(&mut merged.conditions);
    merged.conditions = conditions;
    let mut v8_flags = env.v8_flags;
    v8_flags.append(&mut merged.v8_flags);
    merged.v8_flags = v8_flags;
    merged.input_type = merged.input_type.or(env.input_type);
    merged.preserve_symlinks |= env.preserve_symlinks;
    merged.require_module = merged.require_module.or(env.require_module);
    merged.no_warnings |= env.no_warnings;
    merged.no_deprecation |= env.no_deprecation;
    merged.throw_deprecation |= env.throw_deprecation;
    merged.trace_deprecation |= env.trace_deprecation;
    merged.trace_warnings |= env.trace_warnings;
    merged.trace_uncaught |= env.trace_uncaught;
    merged.zero_fill_buffers |= env.zero_fill_buffers;
    merged.expose_internals |= env.expose_internals;
    let mut env_files = env.env_files;
    env_files.append(&mut merged.env_files);
    merged.env_files = env_files;
    if !merged.exec_argv.iter().any(|a| a.starts_with("--unhandled-rejections")) {
        merged.unhandled_rejections = env.unhandled_rejections;
    }
    Ok(Action::Run(merged))
}

fn split_node_options(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                    in_word = true;
                }
            }
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

/// Reads a `.env` file for `--env-file`: `KEY=value` lines, `#` comments,
/// an optional `export `, values in `"…"` (with `\n` escapes), `'…'` or
/// `` `…` `` quotes, or bare (trimmed, up to a ` #` comment).
pub fn parse_env_file(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, rest)) = line.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'' | '`')) => {
                // A quoted value may span lines until its closing quote.
                let mut body = rest[1..].to_owned();
                while !body.contains(q) {
                    match lines.next() {
                        Some(next) => {
                            body.push('\n');
                            body.push_str(next);
                        }
                        None => break,
                    }
                }
                let end = body.find(q).unwrap_or(body.len());
                let inner = body[..end].to_owned();
                if q == '"' { inner.replace("\\n", "\n") } else { inner }
            }
            _ => {
                let bare = rest.split(" #").next().unwrap_or(rest);
                bare.trim().to_owned()
            }
        };
        out.push((key.to_owned(), value));
    }
    out
}
