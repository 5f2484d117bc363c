'use strict';
// The REPL's terminal input: the native line editor (src/repl.rs,
// rustyline on its own thread). The REPL asks for one line at a time with
// its prompt; events come back through the editor's handle:
//   line (text, endedByCtrlD)  a line was entered
//   eof                        Ctrl+D on an empty line
//   interrupt (hadText)        Ctrl+C while editing
//   complete (id, before)      Tab: completions for the text before the cursor
//   sigint                     SIGINT while no line is edited (an input awaits)
//   error (message)            the terminal failed
// While the editor is open, what the program writes to the terminal is
// printed above the line being typed.

const {
  op_repl_editor_open_async: openEditor,
  op_repl_editor_read_sync: readLine,
  op_repl_editor_complete_sync: answerCompletion,
  op_repl_editor_close_sync: closeEditor,
  op_repl_editor_signals_sync: terminalSignals,
} = internalBinding('repl');

let openCount = 0;

// The editor takes the process's own terminal: only for process.stdin and
// process.stdout, both terminals, and one REPL at a time.
function canEdit(input, output) {
  return openCount === 0 && input === process.stdin && output === process.stdout &&
    process.stdin.isTTY === true && process.stdout.isTTY === true;
}

class NativeEditor {
  constructor(repl, { historySize, onLine, onEof, onInterrupt, onComplete }) {
    this.repl = repl;
    this.hadText = false;
    this._historySize = historySize;
    this._onLine = onLine;
    this._onEof = onEof;
    this._onInterrupt = onInterrupt;
    this._onComplete = onComplete;
    this._id = null;
    this._reading = false;
    this._closed = false;
    this._pendingPrompt = null;
    this._indent = '';
  }

  // Opens the editor with the history settings (NODE_REPL_HISTORY's value:
  // undefined for the default file, '' for none).
  setupHistory(historySetting, cb) {
    if (this._id === null && !this._closed) this._open(historySetting);
    if (typeof cb === 'function') process.nextTick(cb, null);
  }

  _open(historySetting) {
    const [id, warning] = openEditor(historySetting, this._historySize, (kind, a, b) => this._event(kind, a, b));
    this._id = id;
    openCount++;
    if (warning !== undefined) this.repl.output.write(warning);
    if (this._pendingPrompt !== null) {
      const [text, editorMode] = this._pendingPrompt;
      this._pendingPrompt = null;
      this.prompt(text, editorMode);
    }
  }

  _event(kind, a, b) {
    switch (kind) {
      case 'line':
        this._reading = false;
        this._indent = this.repl.editorMode ? (/^\s*/.exec(a) || [''])[0] : '';
        // Ctrl+D in `.editor` mode: the line ends the buffered input.
        if (b === true) this._onEof(a);
        else this._onLine(a);
        break;
      case 'eof':
        this._reading = false;
        this._onEof();
        break;
      case 'interrupt':
        this._reading = false;
        this.hadText = a === true;
        this._onInterrupt();
        this.hadText = false;
        break;
      case 'sigint':
        this._onInterrupt();
        break;
      case 'complete':
        this._complete(a, b);
        break;
      case 'error':
        this._reading = false;
        this.repl.output.write(`${a}\n`);
        this._onEof();
        break;
      default:
        break;
    }
  }

  _complete(id, before) {
    let answered = false;
    const answer = (completions, completeOn) => {
      if (answered || this._closed) return;
      answered = true;
      answerCompletion(id, completeOn, completions);
    };
    try {
      this._onComplete(before, (err, result) => {
        if (err || !Array.isArray(result)) return answer([], '');
        const [completions, completeOn] = result;
        answer(Array.isArray(completions) ? completions.filter((c) => typeof c === 'string') : [],
          typeof completeOn === 'string' ? completeOn : '');
      });
    } catch {
      answer([], '');
    }
  }

  prompt(text, editorMode) {
    if (this._closed || this._reading) return;
    if (this._id === null) {
      // setupHistory opens the editor; until then remember the prompt.
      this._pendingPrompt = [text, editorMode];
      return;
    }
    this._reading = true;
    readLine(text, editorMode ? this._indent : '', !!editorMode);
  }

  pause() {}

  resume() {}

  // While an input's promise is awaited, Ctrl+C raises SIGINT (the REPL
  // then stops waiting).
  awaiting(on) {
    if (this._id !== null && !this._closed) terminalSignals(!!on);
  }

  close() {
    if (this._closed) return;
    this._closed = true;
    if (this._id !== null) {
      closeEditor(this._id);
      openCount--;
    }
  }
}

function open(repl, options) {
  const editor = new NativeEditor(repl, options);
  // A REPL made by repl.start() has no setupHistory call: no history file.
  process.nextTick(() => {
    if (editor._id === null && !editor._closed) editor._open('');
  });
  return editor;
}

module.exports = { canEdit, open };
