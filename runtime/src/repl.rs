//! The REPL on a terminal: a line editor on its own thread, so the event
//! loop keeps running (timers fire, I/O completes) while the user types.
//!
//! - **Editor thread.** `rustyline` owns the terminal. JS asks for one line
//!   at a time ([`Editor::read`], with the prompt); the thread reads it and
//!   sends an [`Event`] that the loop delivers to the REPL's JS callback as
//!   a completion of the editor's handle (`op_repl_editor_open_async`).
//!   Ctrl+C is `interrupt` (with whether the line had text), Ctrl+D on an
//!   empty line `eof`; in `.editor` mode Ctrl+D also ends a line with text.
//! - **Completion.** Tab runs rustyline's completer on the editor thread,
//!   which sends `complete` with the text before the cursor to JS and waits
//!   (at most [`COMPLETION_WAIT`]) for `op_repl_editor_complete_sync`'s
//!   answer: the text to replace and the candidates.
//! - **History.** Node's file format (one entry per line, newest first),
//!   loaded at start, rewritten after every line (mode 0600);
//!   `NODE_REPL_HISTORY` names the file (`~/.nodus_repl_history` when unset,
//!   none when empty), `NODE_REPL_HISTORY_SIZE` bounds it.
//! - **Output while editing.** Writes to the terminal's stdout/stderr go
//!   through rustyline's external printer while the editor exists, so text
//!   printed by timers appears above the prompt and the line being typed is
//!   redrawn below it.
//! - **Ctrl+C while code runs.** Between lines the terminal does not turn
//!   Ctrl+C into a signal (it waits as a key for the next line, which it
//!   cancels); while an input runs or is awaited it does (`ISIG`,
//!   [`terminal_mode`]), and a watcher thread stops the running input
//!   (`IsolateHandle::terminate_execution`; `op_repl_run_sync` turns that
//!   into `ERR_SCRIPT_EXECUTION_INTERRUPTED`), or sends `sigint` to the
//!   REPL, which rejects the await.
//! - The terminal's settings are restored at exit even when the process
//!   ends in the middle of a line.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, EventContext, EventHandler, KeyEvent, RepeatCount,
};
use tokio::sync::mpsc::error::TrySendError;

/// How long Tab waits for the REPL's completions before giving up (the
/// main thread may be busy running code).
const COMPLETION_WAIT: Duration = Duration::from_secs(5);

/// What the editor thread reports to the REPL.
pub(crate) enum Event {
    /// A line (without its newline); `true` when Ctrl+D ended it in
    /// `.editor` mode (the REPL then runs what it buffered).
    Line(String, bool),
    /// Ctrl+D on an empty line, or the terminal's input ended.
    Eof,
    /// Ctrl+C while editing; `true` when the line had text.
    Interrupt(bool),
    /// Tab: `(request id, text before the cursor)`.
    Complete(u32, String),
    /// SIGINT while no line is being edited (an input is awaited).
    Sigint,
    /// The terminal failed.
    Error(String),
}

/// A request from the REPL to the editor thread.
enum Request {
    Read { prompt: String, initial: String, editor_mode: bool },
}

/// The answer to a completion request: `(id, length in bytes of the text
/// replaced, candidates)`.
type Reply = (u32, usize, Vec<String>);

/// Where the history lives and how much of it to keep.
pub(crate) struct HistoryOptions {
    /// The file, or `None` for no persistent history.
    pub path: Option<PathBuf>,
    /// The most entries kept.
    pub size: usize,
}

impl HistoryOptions {
    /// From `NODE_REPL_HISTORY`'s value (`None`: unset) and the size.
    pub(crate) fn new(setting: Option<&str>, size: usize) -> HistoryOptions {
        let path = match setting.map(str::trim) {
            Some("") => None,
            Some(path) => Some(PathBuf::from(path)),
            None => {
                std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".nodus_repl_history"))
            }
        };
        HistoryOptions { path, size: size.max(1) }
    }
}

/// The REPL side of a running editor.
pub(crate) struct Editor {
    requests: mpsc::Sender<Request>,
    replies: mpsc::Sender<Reply>,
    printer: Mutex<Option<Box<dyn rustyline::ExternalPrinter + Send>>>,
    /// Whether stderr is the terminal too (its writes go through the printer).
    stderr_is_terminal: bool,
}

impl Editor {
    /// Starts the editor thread over the process's terminal. `events`
    /// receives what happens; the returned warning (if any) is Node's text
    /// for a history file that cannot be used.
    pub(crate) fn start(
        history: HistoryOptions,
        events: tokio::sync::mpsc::Sender<Event>,
    ) -> Result<(Editor, Option<String>), String> {
        let (requests_tx, requests_rx) = mpsc::channel::<Request>();
        let (replies_tx, replies_rx) = mpsc::channel::<Reply>();
        let (ready_tx, ready_rx) = mpsc::channel();
        remember_terminal();
        terminal_mode(false, false);
        std::thread::Builder::new()
            .name("repl-editor".to_owned())
            .spawn(move || editor_thread(history, events, requests_rx, replies_rx, ready_tx))
            .map_err(|e| format!("cannot start the line editor: {e}"))?;
        let (printer, warning) = ready_rx.recv().map_err(|_| "the line editor stopped".to_owned())??;
        // SAFETY: isatty accepts any fd.
        let stderr_is_terminal = unsafe { libc::isatty(2) } == 1;
        let editor =
            Editor { requests: requests_tx, replies: replies_tx, printer: Mutex::new(printer), stderr_is_terminal };
        Ok((editor, warning))
    }

    /// Reads the next line behind `prompt`, starting with `initial`.
    pub(crate) fn read(&self, prompt: String, initial: String, editor_mode: bool) {
        let _ = self.requests.send(Request::Read { prompt, initial, editor_mode });
    }

    /// Answers completion request `id`.
    pub(crate) fn complete(&self, id: u32, replaced: usize, candidates: Vec<String>) {
        let _ = self.replies.send((id, replaced, candidates));
    }

    /// Prints what is written to `fd` on the terminal above the line being
    /// edited (or straight out when none is). False when that is not the
    /// editor's job (another fd, or no printer): write it as usual.
    pub(crate) fn print(&self, fd: i32, text: &[u8]) -> bool {
        if fd != 1 && !(fd == 2 && self.stderr_is_terminal) {
            return false;
        }
        let Ok(mut printer) = self.printer.lock() else { return false };
        let Some(printer) = printer.as_mut() else { return false };
        // Without a final newline the printer adds one while a line is edited.
        let text = String::from_utf8_lossy(text).into_owned();
        printer.print(text).is_ok()
    }
}

/// The helper rustyline calls for Tab.
struct ReplHelper {
    events: tokio::sync::mpsc::Sender<Event>,
    replies: Mutex<mpsc::Receiver<Reply>>,
    next_id: AtomicU32,
}

impl Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let before = line.get(..pos).unwrap_or(line).to_owned();
        if self.events.blocking_send(Event::Complete(id, before)).is_err() {
            return Ok((pos, Vec::new()));
        }
        let Ok(replies) = self.replies.lock() else { return Ok((pos, Vec::new())) };
        let deadline = std::time::Instant::now() + COMPLETION_WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match replies.recv_timeout(left) {
                // Answers to earlier requests that came too late.
                Ok((reply_id, _, _)) if reply_id != id => continue,
                Ok((_, replaced, candidates)) => {
                    let start = pos.saturating_sub(replaced);
                    let start = if line.is_char_boundary(start) { start } else { pos };
                    return Ok((start, candidates));
                }
                Err(_) => return Ok((pos, Vec::new())),
            }
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}
impl Highlighter for ReplHelper {}
impl Validator for ReplHelper {}
impl rustyline::Helper for ReplHelper {}

/// Ctrl+C: remember whether the line had text, then interrupt.
struct CtrlC(Arc<AtomicBool>);

impl ConditionalEventHandler for CtrlC {
    fn handle(&self, _evt: &rustyline::Event, _n: RepeatCount, _positive: bool, ctx: &EventContext) -> Option<Cmd> {
        self.0.store(!ctx.line().is_empty(), Ordering::SeqCst);
        Some(Cmd::Interrupt)
    }
}

/// Ctrl+D in `.editor` mode ends editing even on a line with text.
struct CtrlD {
    editor_mode: Arc<AtomicBool>,
    ended: Arc<AtomicBool>,
}

impl ConditionalEventHandler for CtrlD {
    fn handle(&self, _evt: &rustyline::Event, _n: RepeatCount, _positive: bool, ctx: &EventContext) -> Option<Cmd> {
        if self.editor_mode.load(Ordering::SeqCst) && !ctx.line().is_empty() {
            self.ended.store(true, Ordering::SeqCst);
            return Some(Cmd::AcceptLine);
        }
        None
    }
}

type Ready = Result<(Option<Box<dyn rustyline::ExternalPrinter + Send>>, Option<String>), String>;

fn editor_thread(
    history: HistoryOptions,
    events: tokio::sync::mpsc::Sender<Event>,
    requests: mpsc::Receiver<Request>,
    replies: mpsc::Receiver<Reply>,
    ready: mpsc::Sender<Ready>,
) {
    let config = Config::builder().max_history_size(history.size).and_then(|c| c.history_ignore_dups(true)).map(|c| {
        c.history_ignore_space(false)
            .auto_add_history(false)
            .completion_type(CompletionType::List)
            // No cursor-position query before each prompt: its answer
            // would be mixed with keys typed ahead, which would be lost.
            .check_cursor_position(false)
            .build()
    });
    let config = match config {
        Ok(config) => config,
        Err(e) => {
            let _ = ready.send(Err(format!("cannot configure the line editor: {e}")));
            return;
        }
    };
    let mut editor = match rustyline::Editor::<ReplHelper, DefaultHistory>::with_config(config) {
        Ok(editor) => editor,
        Err(e) => {
            let _ = ready.send(Err(format!("cannot open the terminal: {e}")));
            return;
        }
    };
    editor.set_helper(Some(ReplHelper {
        events: events.clone(),
        replies: Mutex::new(replies),
        next_id: AtomicU32::new(1),
    }));
    let had_text = Arc::new(AtomicBool::new(false));
    let editor_mode = Arc::new(AtomicBool::new(false));
    let ended = Arc::new(AtomicBool::new(false));
    editor.bind_sequence(KeyEvent::ctrl('C'), EventHandler::Conditional(Box::new(CtrlC(had_text.clone()))));
    editor.bind_sequence(
        KeyEvent::ctrl('D'),
        EventHandler::Conditional(Box::new(CtrlD { editor_mode: editor_mode.clone(), ended: ended.clone() })),
    );

    let mut entries = Vec::new();
    let warning = match &history.path {
        Some(path) => match load_history(path, history.size) {
            Ok(loaded) => {
                entries = loaded;
                None
            }
            Err(_) => {
                Some("\nError: Could not open history file.\nREPL session history will not be persisted.\n".to_owned())
            }
        },
        None => None,
    };
    let history_path = if warning.is_some() { None } else { history.path.clone() };
    for entry in entries.iter().rev() {
        let _ = editor.add_history_entry(entry.as_str());
    }
    let printer =
        editor.create_external_printer().ok().map(|p| Box::new(p) as Box<dyn rustyline::ExternalPrinter + Send>);
    if ready.send(Ok((printer, warning))).is_err() {
        return;
    }

    while let Ok(Request::Read { prompt, initial, editor_mode: in_editor }) = requests.recv() {
        editor_mode.store(in_editor, Ordering::SeqCst);
        ended.store(false, Ordering::SeqCst);
        READING.store(true, Ordering::SeqCst);
        let result = editor.readline_with_initial(&prompt, (&initial, ""));
        READING.store(false, Ordering::SeqCst);
        // Until the next line, Ctrl+C stays a key for the editor (it cancels
        // that line), except while an input runs or is awaited.
        terminal_mode(false, false);
        let event = match result {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                    if let Some(path) = &history_path {
                        let _ = save_history(path, editor.history());
                    }
                }
                Event::Line(line, ended.load(Ordering::SeqCst))
            }
            Err(ReadlineError::Interrupted) => Event::Interrupt(had_text.load(Ordering::SeqCst)),
            Err(ReadlineError::Eof) => Event::Eof,
            Err(e) => Event::Error(e.to_string()),
        };
        let stop = matches!(event, Event::Error(_));
        // Waits while the loop is behind (the channel is bounded).
        if events.blocking_send(event).is_err() || stop {
            break;
        }
    }
}

/// Node's history file: one entry per line, newest first.
fn load_history(path: &std::path::Path, size: usize) -> std::io::Result<Vec<String>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(path)?);
    let text = std::fs::read_to_string(path)?;
    Ok(text.split(['\n', '\r']).filter(|l| !l.is_empty()).take(size).map(str::to_owned).collect())
}

fn save_history(path: &std::path::Path, history: &DefaultHistory) -> std::io::Result<()> {
    let entries: Vec<&str> = history.into_iter().rev().map(String::as_str).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).truncate(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(entries.join("\n").as_bytes())
}

// ---------------------------------------------------------------------------
// The terminal's settings at exit
// ---------------------------------------------------------------------------

/// Whether rustyline has the terminal in raw mode (reading a line).
static READING: AtomicBool = AtomicBool::new(false);
static SAVED_TERMIOS: OnceLock<libc::termios> = OnceLock::new();

fn remember_terminal() {
    if SAVED_TERMIOS.get().is_some() {
        return;
    }
    // SAFETY: tcgetattr fills a termios for a valid fd; atexit takes a
    // plain function.
    unsafe {
        let mut termios: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut termios) == 0 {
            let _ = SAVED_TERMIOS.set(termios);
            libc::atexit(restore_terminal);
        }
    }
}

extern "C" fn restore_terminal() {
    let Some(termios) = SAVED_TERMIOS.get() else { return };
    // SAFETY: restores settings read from the same fd; the write is a plain
    // escape sequence (bracketed paste off) on stdout.
    unsafe {
        libc::tcsetattr(0, libc::TCSANOW, termios);
        if READING.load(Ordering::SeqCst) {
            let off = b"\x1b[?2004l\n";
            libc::write(1, off.as_ptr().cast(), off.len());
        }
    }
}

/// How the terminal treats keys outside the editor: whether Ctrl+C raises
/// SIGINT (`ISIG`), and whether the terminal is in its usual line mode
/// (`ICANON`, `ECHO`). While an input runs both are on, as in Node (Ctrl+C
/// stops it, `^C` shows); while an input is awaited only `ISIG`; between
/// lines neither: keys typed ahead, Ctrl+C and Ctrl+D too, wait silently
/// as keys for the next line, as in Node's raw mode.
pub(crate) fn terminal_mode(signals: bool, line_mode: bool) {
    // While a line is edited the editor owns the terminal (a completion
    // runs code then).
    if SAVED_TERMIOS.get().is_none() || READING.load(Ordering::SeqCst) {
        return;
    }
    // SAFETY: reads and writes the settings of fd 0, a terminal.
    unsafe {
        let mut termios: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut termios) != 0 {
            return;
        }
        let before = termios.c_lflag;
        for (flag, on) in [(libc::ISIG, signals), (libc::ICANON, line_mode), (libc::ECHO, line_mode)] {
            if on {
                termios.c_lflag |= flag;
            } else {
                termios.c_lflag &= !flag;
            }
        }
        if !line_mode {
            termios.c_cc[libc::VMIN] = 1;
            termios.c_cc[libc::VTIME] = 0;
        }
        if termios.c_lflag != before {
            libc::tcsetattr(0, libc::TCSANOW, &termios);
        }
    }
}

// ---------------------------------------------------------------------------
// Ctrl+C while an input runs
// ---------------------------------------------------------------------------

/// Whether an input is running, and how to stop it; shared with the
/// SIGINT watcher thread.
pub(crate) struct Interrupt {
    evaluating: Mutex<bool>,
    isolate: v8::IsolateHandle,
}

impl Interrupt {
    /// Marks the start of an input's run.
    pub(crate) fn begin(&self) {
        if let Ok(mut evaluating) = self.evaluating.lock() {
            *evaluating = true;
        }
        terminal_mode(true, true);
    }

    /// Marks its end; a stop requested too late to hit it is dropped.
    pub(crate) fn end(&self) {
        terminal_mode(false, false);
        if let Ok(mut evaluating) = self.evaluating.lock() {
            *evaluating = false;
            self.isolate.cancel_terminate_execution();
        }
    }
}

/// Watches SIGINT for the REPL: stops a running input, or tells the REPL.
pub(crate) fn watch_sigint(
    isolate: v8::IsolateHandle,
    events: tokio::sync::mpsc::Sender<Event>,
) -> Result<Arc<Interrupt>, String> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills two fds.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(format!("cannot watch SIGINT: {}", std::io::Error::last_os_error()));
    }
    let (read_fd, write_fd) = (fds[0], fds[1]);
    // SAFETY: the action only calls write(2) on a pipe, which is
    // async-signal-safe.
    let registered = unsafe {
        signal_hook_registry::register(libc::SIGINT, move || {
            let byte = 1u8;
            libc::write(write_fd, (&byte as *const u8).cast(), 1);
        })
    };
    if let Err(e) = registered {
        return Err(format!("cannot watch SIGINT: {e}"));
    }
    let interrupt = Arc::new(Interrupt { evaluating: Mutex::new(false), isolate });
    let watcher = interrupt.clone();
    std::thread::Builder::new()
        .name("repl-sigint".to_owned())
        .spawn(move || {
            let mut byte = 0u8;
            loop {
                // SAFETY: reads one byte into a local from our own pipe.
                let n = unsafe { libc::read(read_fd, (&mut byte as *mut u8).cast(), 1) };
                if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                if n <= 0 {
                    break;
                }
                let stopped = match watcher.evaluating.lock() {
                    Ok(evaluating) if *evaluating => watcher.isolate.terminate_execution(),
                    _ => false,
                };
                // Dropped when 64 events already wait unread (the loop is
                // busy and has not seen the ones before it either).
                if !stopped && matches!(events.try_send(Event::Sigint), Err(TrySendError::Closed(_))) {
                    break;
                }
            }
        })
        .map_err(|e| format!("cannot watch SIGINT: {e}"))?;
    Ok(interrupt)
}
