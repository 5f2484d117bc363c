'use strict';
// node:repl — the read-eval-print loop, as `nodus` runs it with no script
// on a terminal (or with `-i`) and as `repl.start()` gives it to programs.
//
// A REPLServer reads lines from one of two sources:
// - a terminal: the native line editor (internal/repl/editor, rustyline on
//   its own thread: editing, history, completion, Ctrl+C / Ctrl+D), used
//   when the input is process.stdin on a terminal and `terminal` is on;
// - any readable stream (pipes, files, sockets): lines split as
//   readline does without a terminal, the prompt written to the output.
//
// Each line is added to the buffered command; the whole is evaluated as a
// script named `REPL<n>` in the main context (so `let`/`const`/`class`
// declarations persist). An unfinished input (see internal/repl/utils)
// waits for more lines behind the `| ` prompt; top-level `await` is
// rewritten by internal/repl/await. Results are printed with `writer`
// (util.inspect with the REPL's options), errors as `Uncaught …` with the
// REPL's own stack frames cut off, the way Node's REPL prints them.

const EventEmitter = require('events');
const pathUtil = require('internal/modules/path');
const { inspect } = require('internal/util/inspect');
const { shouldColorize } = require('internal/util/colors');
const {
  codes: {
    ERR_INVALID_REPL_EVAL_CONFIG,
    ERR_MISSING_ARGS,
  },
} = require('internal/errors');
const { validateFunction, validateObject } = require('internal/validators');
const { isRecoverableError, isObjectLiteral, isValidSyntax } = require('internal/repl/utils');
const { processTopLevelAwait, lexicalNames } = require('internal/repl/await');
const { complete: completeLine } = require('internal/repl/completion');
const { StreamLines } = require('internal/repl/stream_lines');
const editor = require('internal/repl/editor');
const cjs = require('internal/modules/cjs/loader');

const {
  op_repl_compile_sync: compileScript,
  op_repl_run_sync: runScript,
  op_repl_write_file_sync: writeFile,
} = internalBinding('repl');
const {
  op_fs_read_file_utf8_sync: readFileUtf8,
  op_fs_stat_kind_sync: statKind,
} = internalBinding('fs');

const REPL_MODE_SLOPPY = Symbol('repl-sloppy');
const REPL_MODE_STRICT = Symbol('repl-strict');

const kBufferedCommand = Symbol('bufferedCommand');
const kInput = Symbol('input');
const kHandleError = Symbol('handleError');
const kLoading = Symbol('loading');
const kStandaloneREPL = Symbol.for('nodus.repl.standalone');

let nextResourceNumber = 1;
// Each input is its own script; distinct names keep V8's code cache apart.
function resourceName() {
  return `REPL${nextResourceNumber++}`;
}

let builtinLibs = null;
function getBuiltinLibs() {
  if (builtinLibs === null) builtinLibs = cjs.Module.builtinModules.filter((id) => id[0] !== '_');
  return builtinLibs;
}

// The default writer: util.inspect with the REPL's options (shown as
// util.inspect.replDefaults in the standalone REPL).
const writer = (obj) => inspect(obj, writer.options);
writer.options = { ...inspect.defaultOptions, showProxy: true };

// An input that is not finished yet (the REPL waits for more lines).
function Recoverable(err) {
  this.err = err;
}
Object.setPrototypeOf(Recoverable.prototype, SyntaxError.prototype);
Object.setPrototypeOf(Recoverable, SyntaxError);

function isError(e) {
  return e instanceof Error || Object.prototype.toString.call(e) === '[object Error]';
}

// V8's default stack text for `frames`.
function formatStack(error, frames) {
  let header;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = '<error>';
  }
  let text = header;
  for (const frame of frames) text += `\n    at ${frame}`;
  return text;
}

// Cuts the REPL's frames off an error's stack before it is first shown:
// from the bottom, the first frame without a function name in an input
// (the input's own top level) and everything below it go, as in Node
// (whose own frames below are all named).
function trimReplFrames(error) {
  const descriptor = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  if (descriptor !== undefined && !descriptor.writable && !descriptor.set) return;
  const previous = Error.prepareStackTrace;
  let formatted = false;
  Error.prepareStackTrace = (err, frames) => {
    formatted = true;
    if (Array.isArray(frames)) {
      let index = -1;
      for (let i = frames.length - 1; i >= 0; i--) {
        if (frames[i].getFunctionName() === null && /^REPL\d+$/.test(frames[i].getFileName())) {
          index = i;
          break;
        }
      }
      frames = frames.slice(0, index);
    }
    if (typeof previous === 'function') return previous(err, frames);
    return formatStack(err, frames);
  };
  let stack;
  try {
    // The first read formats the stack (V8 does it lazily).
    stack = error.stack;
  } catch {
    // A throwing `stack` getter is shown as it is.
  } finally {
    Error.prepareStackTrace = previous;
  }
  if (formatted || typeof stack !== 'string') return;
  // Formatted before (V8 does so for some errors of async functions): cut
  // the text the same way, at the last frame of an input's top level.
  const lines = stack.split('\n');
  let cut = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^\s+at REPL\d+:\d+:\d+$/.test(lines[i])) {
      cut = i;
      break;
    }
  }
  if (cut === -1) return;
  try {
    error.stack = lines.slice(0, cut).join('\n');
  } catch {
    // A read-only stack stays as it is.
  }
}

// Node's arrow for a syntax error: the source line and carets under the
// bad token.
function syntaxArrow(info) {
  const sourceLine = info[4];
  const startColumn = info[5];
  const endColumn = Math.max(info[6], startColumn + 1);
  let caret = '';
  for (let i = 0; i < startColumn; i++) caret += sourceLine[i] === '\t' ? '\t' : ' ';
  caret += '^'.repeat(endColumn - startColumn);
  return `${sourceLine}\n${caret}\n`;
}

function REPLServer(prompt, stream, eval_, useGlobal, ignoreUndefined, replMode) {
  if (!(this instanceof REPLServer)) {
    return new REPLServer(prompt, stream, eval_, useGlobal, ignoreUndefined, replMode);
  }
  EventEmitter.call(this);

  let options;
  if (prompt !== null && typeof prompt === 'object') {
    options = { ...prompt };
    stream = options.stream || options.socket;
    eval_ = options.eval;
    useGlobal = options.useGlobal;
    ignoreUndefined = options.ignoreUndefined;
    prompt = options.prompt;
    replMode = options.replMode;
  } else {
    options = {};
  }
  if (!options.input && !options.output) {
    if (!stream) stream = process;
    options.input = stream.stdin || stream;
    options.output = stream.stdout || stream;
  }
  if (options.terminal === undefined) options.terminal = options.output.isTTY;
  options.terminal = !!options.terminal;
  if (options.terminal && options.useColors === undefined) {
    options.useColors = shouldColorize(options.output);
  }

  this.input = options.input;
  this.output = options.output;
  this.terminal = options.terminal;
  this.useColors = !!options.useColors;
  this.useGlobal = !!useGlobal;
  this.ignoreUndefined = !!ignoreUndefined;
  this.replMode = replMode || REPL_MODE_SLOPPY;
  this.underscoreAssigned = false;
  this.last = undefined;
  this.underscoreErrAssigned = false;
  this.lastError = undefined;
  this.breakEvalOnSigint = !!options.breakEvalOnSigint;
  this.editorMode = false;
  this.allowBlockingCompletions = !!options.allowBlockingCompletions;
  this.historySize = options.historySize === undefined ? 30 : options.historySize;
  this.history = [];
  this.line = '';
  this.cursor = 0;
  this.closed = false;
  this[kStandaloneREPL] = !!options[kStandaloneREPL];
  this[kLoading] = false;

  if (this.breakEvalOnSigint && eval_) {
    throw new ERR_INVALID_REPL_EVAL_CONFIG();
  }
  if (this[kStandaloneREPL]) module.exports.repl = this;

  Object.defineProperty(this, 'inputStream', {
    __proto__: null,
    get: () => this.input,
    set: (value) => { this.input = value; },
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(this, 'outputStream', {
    __proto__: null,
    get: () => this.output,
    set: (value) => { this.output = value; },
    enumerable: false,
    configurable: true,
  });

  this.eval = eval_ || defaultEval;
  this.clearBufferedCommand();
  this._initialPrompt = prompt !== undefined ? prompt : '> ';
  this._prompt = this._initialPrompt;
  this.completer = options.completer || ((text, cb) => this.complete(text, cb));

  this.resetContext();
  this.commands = { __proto__: null };
  defineDefaultCommands(this);

  this.writer = options.writer || module.exports.writer;
  if (this.writer === writer) {
    writer.options.colors = this.useColors;
    if (this[kStandaloneREPL]) {
      Object.defineProperty(inspect, 'replDefaults', {
        __proto__: null,
        get() { return writer.options; },
        set(value) {
          validateObject(value, 'options');
          return Object.assign(writer.options, value);
        },
        enumerable: true,
        configurable: true,
      });
    }
  }

  // Top-level `let`/`const`/`class` names, for Tab completion.
  this._lexicalNames = new Set();
  // Lines wait here while an input is being awaited (top-level await).
  this._queue = [];
  this._busy = false;
  this._sawSIGINT = false;

  const native = this.terminal && editor.canEdit(this.input, this.output);
  if (native) {
    this[kInput] = editor.open(this, {
      historySize: this.historySize,
      onLine: (line) => this._enqueue(line),
      onEof: (line) => this._onEof(line),
      onInterrupt: () => this.emit('SIGINT'),
      onComplete: (line, done) => this.completer(line, done),
    });
  } else {
    this[kInput] = new StreamLines(this.input, this.output, {
      onLine: (line) => this._enqueue(line),
      onEnd: () => this._enqueue(null),
    });
  }

  this.on('SIGINT', () => this._onSigint());
  this.displayPrompt();
}
Object.setPrototypeOf(REPLServer.prototype, EventEmitter.prototype);
Object.setPrototypeOf(REPLServer, EventEmitter);

// --- evaluation ----------------------------------------------------------------

// Node's default eval: (code, context, file, cb(err, result)).
function defaultEval(code, context, file, cb) {
  const self = this;
  let err = null;
  let result;
  let wrapped = false;
  let awaitPromise = false;
  let wrappedError = null;
  const input = code;

  if (isObjectLiteral(code) && isValidSyntax(code)) {
    // `{ a: 1 }` is an object, not a block.
    code = `(${code.trim()})\n`;
    wrapped = true;
  }

  if (code.includes('await')) {
    try {
      const rewritten = processTopLevelAwait(code, Recoverable);
      if (rewritten !== null) {
        code = rewritten;
        wrapped = true;
        awaitPromise = true;
      }
    } catch (e) {
      err = e;
    }
  }

  if (code === '\n') return cb(null);

  if (err === null) {
    for (;;) {
      let source = code;
      if (self.replMode === REPL_MODE_STRICT && !/^\s*$/.test(source)) {
        // "void 0" keeps 'use strict' from being the result of statements.
        source = `'use strict'; void 0;\n${source}`;
      }
      const problem = compileScript(source, file);
      if (problem !== undefined) {
        if (wrapped) {
          wrapped = false;
          awaitPromise = false;
          code = input;
          wrappedError = problem;
          continue;
        }
        const info = wrappedError || problem;
        if (isRecoverableError(info, code)) {
          err = new Recoverable(info[0]);
        } else {
          err = info[0];
          decorateSyntaxError(err, info);
        }
      } else {
        code = source;
      }
      break;
    }
  }

  if (err !== null) return cb(err);

  if (self._lexicalNames !== undefined) {
    for (const name of lexicalNames(input)) self._lexicalNames.add(name);
  }
  try {
    result = runScript(code, file);
  } catch (e) {
    return self[kHandleError](e);
  }

  if (!awaitPromise) return cb(null, result);

  self._busy = true;
  const lines = self[kInput];
  if (typeof lines.awaiting === 'function') lines.awaiting(true);
  let settled = false;
  const interrupt = new Promise((resolve, reject) => {
    self._interruptAwait = () => {
      const { codes: { ERR_SCRIPT_EXECUTION_INTERRUPTED } } = require('internal/errors');
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      const error = new ERR_SCRIPT_EXECUTION_INTERRUPTED();
      Error.stackTraceLimit = limit;
      reject(error);
    };
  });
  const finish = function finishAwait(e, value) {
    if (settled) return;
    settled = true;
    self._interruptAwait = null;
    self._busy = false;
    if (typeof lines.awaiting === 'function') lines.awaiting(false);
    if (e !== null) self[kHandleError](e);
    else cb(null, value);
    self._drain();
  };
  // Named: the REPL cuts stacks at the last anonymous frame.
  Promise.race([result, interrupt]).then(
    function awaited(box) { finish(null, box === undefined || box === null ? undefined : box.value); },
    function rejected(e) { finish(e); });
}

// The `await import()` form of the static imports in `line`, for Node's
// hint when an input uses `import` statements.
function toDynamicImport(line) {
  let text = '';
  const statement = /\bimport\s*(?:([\w$]+)?\s*,?\s*(?:\*\s*as\s+([\w$]+)|\{([^}]*)\})?\s*from\s*)?(['"])([^'"]*)\4/g;
  let match;
  while ((match = statement.exec(line)) !== null) {
    const [, defaultName, namespace, named, , source] = match;
    const load = `await import(${JSON.stringify(source)});`;
    if (defaultName === undefined && namespace === undefined && named === undefined) {
      text += load;
    } else if (namespace !== undefined && defaultName === undefined) {
      text += `const ${namespace} = ${load}`;
    } else {
      const names = [];
      if (defaultName !== undefined) names.push(`default: ${defaultName}`);
      for (const part of (named || '').split(',')) {
        const spec = part.trim();
        if (spec === '') continue;
        const [imported, local] = spec.split(/\s+as\s+/);
        names.push(local === undefined || local === imported ? imported : `${imported}: ${local}`);
      }
      text += `const { ${names.join(', ')} } = ${load}`;
    }
  }
  return text;
}

// The arrow of a compile error goes in front of its stack, as Node's
// decorateErrorStack does (without the `REPLn:line` part, which the REPL
// drops anyway).
function decorateSyntaxError(err, info) {
  if (err === null || typeof err !== 'object') return;
  try {
    const stack = err.stack;
    if (typeof stack === 'string') err.stack = `${syntaxArrow(info)}\n${stack}`;
  } catch {
    // Leave a stack that cannot be changed as it is.
  }
}

REPLServer.prototype[kHandleError] = function handleError(e) {
  let errStack = '';
  if (typeof e === 'object' && e !== null) {
    trimReplFrames(e);
    if (isError(e)) {
      let stack;
      try {
        stack = e.stack;
      } catch {
        stack = undefined;
      }
      if (stack) {
        if (e.name === 'SyntaxError') {
          let text = stack.replace(/^REPL\d+:\d+\r?\n/, '').replace(/^\s+at\s.*\n?/gm, '');
          if (String(e.message).includes('Cannot use import statement outside a module')) {
            e.message = 'Cannot use import statement inside the Node.js REPL, alternatively use dynamic import: ' +
              toDynamicImport(this.lines[this.lines.length - 1] || '');
            text = text.replace(/SyntaxError:.*\n?/, `SyntaxError: ${e.message}\n`);
          }
          e.stack = text;
        } else if (this.replMode === REPL_MODE_STRICT) {
          e.stack = stack.replace(/(\s+at\s+REPL\d+:)(\d+)/, (_, pre, line) => pre + (line - 1));
        }
      }
      errStack = this.writer(e);
      // One-line errors print without inspect's brackets.
      if (errStack[0] === '[' && errStack[errStack.length - 1] === ']') {
        errStack = errStack.slice(1, -1);
      }
    }
  }

  if (!this.underscoreErrAssigned) this.lastError = e;

  if (this[kStandaloneREPL] && process.listenerCount('uncaughtException') !== 0) {
    process.nextTick(() => {
      process.emit('uncaughtException', e);
      this.clearBufferedCommand();
      this.lines.level = [];
      this.displayPrompt();
    });
    return;
  }
  if (errStack === '') errStack = this.writer(e);
  const lines = errStack.split(/(?<=\n)/);
  let matched = false;
  errStack = '';
  for (const line of lines) {
    if (!matched && /^\[?([A-Z][a-z0-9_]*)*Error/.test(line)) {
      errStack += writer.options.breakLength >= line.length ? `Uncaught ${line}` : `Uncaught:\n${line}`;
      matched = true;
    } else {
      errStack += line;
    }
  }
  if (!matched) {
    errStack = `Uncaught${lines.length === 1 ? ' ' : ':\n'}${errStack}`;
  }
  if (!errStack.endsWith('\n')) errStack += '\n';
  this._writeAsync(errStack);
  this.clearBufferedCommand();
  this.lines.level = [];
  this.displayPrompt();
};

// Errors thrown later by work the standalone REPL started (timers,
// rejected promises): printed like input errors, and the REPL goes on.
REPLServer.prototype._reportUncaught = function _reportUncaught(e) {
  this[kHandleError](e);
};

// --- lines -------------------------------------------------------------------

REPLServer.prototype._enqueue = function _enqueue(line) {
  this._queue.push(line);
  this._drain();
};

REPLServer.prototype._drain = function _drain() {
  while (!this._busy && this._queue.length > 0 && !this.closed) {
    const line = this._queue.shift();
    if (line === null) {
      this._onEof();
      return;
    }
    this._onLine(line);
  }
};

// Ctrl+D (or the input's end). In `.editor` mode it ends editing and runs
// what was written, with `lastLine` (the line Ctrl+D was pressed on).
REPLServer.prototype._onEof = function _onEof(lastLine = '') {
  if (this.editorMode) {
    turnOffEditorMode(this);
    this._sawCtrlD = true;
    this._onLine(lastLine);
    return;
  }
  this.close();
};

REPLServer.prototype._onLine = function _onLine(cmd) {
  cmd = cmd || '';
  this._sawSIGINT = false;
  this.emit('line', cmd);

  if (this.editorMode) {
    this[kBufferedCommand] += cmd + '\n';
    memory(this, cmd);
    this.displayPrompt();
    return;
  }

  const trimmed = cmd.trim();
  if (trimmed && trimmed[0] === '.' && trimmed[1] !== '.' && Number.isNaN(Number.parseFloat(trimmed))) {
    const matches = /^\.([^\s]+)\s*(.*)$/.exec(trimmed);
    const keyword = matches && matches[1];
    const rest = matches && matches[2];
    const command = this.commands[keyword];
    if (command) {
      Reflect.apply(command.action, this, [rest]);
      return;
    }
    if (!this[kBufferedCommand]) {
      this.output.write('Invalid REPL keyword\n');
      this._finish(cmd, null);
      return;
    }
  }

  const evalCmd = this[kBufferedCommand] + cmd + '\n';
  this.eval(evalCmd, this.context, resourceName(), (...args) => this._finish(cmd, ...args));
};

// The eval callback: print the result, or keep buffering an unfinished
// input, then prompt again.
REPLServer.prototype._finish = function _finish(cmd, e, ...rest) {
  memory(this, cmd);
  if (e && !this[kBufferedCommand] && cmd.trim().startsWith('npm ') && !(e instanceof Recoverable)) {
    this.output.write('npm should be run outside of the Node.js REPL, in your normal shell.\n' +
      '(Press Ctrl+D to exit.)\n');
    this.displayPrompt();
    return;
  }
  if (e) {
    if (e instanceof Recoverable && !this._sawCtrlD) {
      this[kBufferedCommand] += cmd + '\n';
      this.displayPrompt();
      return;
    }
    this._sawCtrlD = false;
    this[kHandleError](e.err || e);
    return;
  }
  this.clearBufferedCommand();
  this._sawCtrlD = false;
  if (rest.length === 1 && (!this.ignoreUndefined || rest[0] !== undefined)) {
    const ret = rest[0];
    if (!this.underscoreAssigned) this.last = ret;
    this.output.write(this.writer(ret) + '\n');
  }
  this.displayPrompt();
};

// Node keeps every line for `.save`; lines that threw are left out.
function memory(repl, cmd) {
  repl.lines.push(cmd || '');
  if (!cmd) repl.lines.level = [];
}

REPLServer.prototype._onSigint = function _onSigint() {
  if (this._interruptAwait) {
    this._interruptAwait();
    return;
  }
  const empty = this.line.length === 0;
  this.line = '';
  turnOffEditorMode(this);
  const cmd = this[kBufferedCommand];
  if (!(cmd && cmd.length > 0) && empty && !this[kInput].hadText) {
    if (this._sawSIGINT) {
      this._sawSIGINT = false;
      this.close();
      return;
    }
    this.output.write('(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n');
    this._sawSIGINT = true;
  } else {
    this._sawSIGINT = false;
  }
  this.clearBufferedCommand();
  this.lines.level = [];
  this.displayPrompt();
};

// Output that may arrive while the terminal editor shows a prompt.
REPLServer.prototype._writeAsync = function _writeAsync(text) {
  if (typeof this[kInput].print === 'function') this[kInput].print(text);
  else this.output.write(text);
};

// --- the Interface-like surface -------------------------------------------------

REPLServer.prototype.clearBufferedCommand = function clearBufferedCommand() {
  this[kBufferedCommand] = '';
};

REPLServer.prototype.displayPrompt = function displayPrompt(preserveCursor) {
  let prompt = this._initialPrompt;
  // Node 24 shows `| ` for every continuation line, however deep the
  // nesting (older Nodes printed `... `, two dots more per level).
  if (this[kBufferedCommand].length) prompt = '| ';
  if (this.editorMode) prompt = '';
  this._prompt = prompt;
  this.prompt(preserveCursor);
};

REPLServer.prototype.setPrompt = function setPrompt(prompt) {
  this._initialPrompt = prompt;
  this._prompt = prompt;
};

REPLServer.prototype.getPrompt = function getPrompt() {
  return this._prompt;
};

REPLServer.prototype.prompt = function prompt() {
  if (this.closed || this[kLoading] || this._busy) return;
  this[kInput].prompt(this._prompt, this.editorMode);
};

REPLServer.prototype.pause = function pause() {
  this[kInput].pause();
  this.emit('pause');
  return this;
};

REPLServer.prototype.resume = function resume() {
  this[kInput].resume();
  this.emit('resume');
  return this;
};

// Feeds text as input (what `.load` does with a file).
REPLServer.prototype.write = function write(data) {
  if (this.closed || typeof data !== 'string') return;
  const parts = data.split(/\r\n|\n|\r/);
  const last = parts.pop();
  for (const line of parts) this._onLine(line);
  if (last !== '') this._onLine(last);
};

REPLServer.prototype.close = function close() {
  if (this.closed) return;
  process.nextTick(() => {
    if (this.closed) return;
    this.closed = true;
    this[kInput].close();
    this.emit('close');
    this.emit('exit');
  });
};

REPLServer.prototype.setupHistory = function setupHistory(historyPath, cb) {
  if (typeof this[kInput].setupHistory === 'function') {
    this[kInput].setupHistory(historyPath, (err) => cb(err, this));
  } else if (typeof cb === 'function') {
    process.nextTick(cb, null, this);
  }
};

REPLServer.prototype.defineCommand = function defineCommand(keyword, cmd) {
  if (typeof cmd === 'function') {
    cmd = { action: cmd };
  } else {
    validateFunction(cmd.action, 'cmd.action');
  }
  this.commands[keyword] = cmd;
};

REPLServer.prototype.complete = function complete(line, callback) {
  completeLine(this, line, callback);
};

REPLServer.prototype.createContext = function createContext() {
  // Nodus evaluates in the main context (Node's `useGlobal: true`).
  const context = globalThis;
  const replModule = new cjs.Module('<repl>');
  let cwd;
  try {
    cwd = process.cwd();
  } catch {
    cwd = pathUtil.dirname(process.execPath);
  }
  replModule.paths = [...cjs.Module._nodeModulePaths(pathUtil.join(cwd, 'repl')), ...cjs.Module.globalPaths];
  Object.defineProperty(context, 'module', {
    __proto__: null, configurable: true, writable: true, value: replModule,
  });
  Object.defineProperty(context, 'require', {
    __proto__: null, configurable: true, writable: true, value: cjs.makeRequireFunction(replModule),
  });
  addBuiltinLibsToObject(context);
  return context;
};

function addBuiltinLibsToObject(object) {
  require('internal/modules/helpers').addBuiltinLibsToObject(object, getBuiltinLibs());
}

REPLServer.prototype.resetContext = function resetContext() {
  this.context = this.createContext();
  this.underscoreAssigned = false;
  this.underscoreErrAssigned = false;
  this.lines = [];
  this.lines.level = [];
  Object.defineProperty(this.context, '_', {
    __proto__: null,
    configurable: true,
    get: () => this.last,
    set: (value) => {
      this.last = value;
      if (!this.underscoreAssigned) {
        this.underscoreAssigned = true;
        this.output.write('Expression assignment to _ now disabled.\n');
      }
    },
  });
  Object.defineProperty(this.context, '_error', {
    __proto__: null,
    configurable: true,
    get: () => this.lastError,
    set: (value) => {
      this.lastError = value;
      if (!this.underscoreErrAssigned) {
        this.underscoreErrAssigned = true;
        this.output.write('Expression assignment to _error now disabled.\n');
      }
    },
  });
  this.emit('reset', this.context);
};

// --- commands ------------------------------------------------------------------

function turnOnEditorMode(repl) {
  repl.editorMode = true;
}

function turnOffEditorMode(repl) {
  repl.editorMode = false;
}

function defineDefaultCommands(repl) {
  repl.defineCommand('break', {
    help: 'Sometimes you get stuck, this gets you out',
    action() {
      this.clearBufferedCommand();
      this.displayPrompt();
    },
  });
  repl.defineCommand('clear', {
    // Nodus always evaluates in the main context, as Node does with useGlobal.
    help: 'Alias for .break',
    action() {
      this.clearBufferedCommand();
      this.displayPrompt();
    },
  });
  repl.defineCommand('exit', {
    help: 'Exit the REPL',
    action() {
      this.close();
    },
  });
  repl.defineCommand('help', {
    help: 'Print this help message',
    action() {
      const names = Object.keys(this.commands).sort();
      const longest = Math.max(...names.map((name) => name.length));
      for (const name of names) {
        const cmd = this.commands[name];
        const spaces = ' '.repeat(longest - name.length + 3);
        this.output.write(`.${name}${cmd.help ? spaces + cmd.help : ''}\n`);
      }
      this.output.write('\nPress Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n');
      this.displayPrompt();
    },
  });
  repl.defineCommand('save', {
    help: 'Save all evaluated commands in this REPL session to a file',
    action(file) {
      try {
        if (file === '') throw new ERR_MISSING_ARGS('file');
        writeFile(file, this.lines.join('\n'));
        this.output.write(`Session saved to: ${file}\n`);
      } catch (error) {
        if (error instanceof ERR_MISSING_ARGS) {
          this.output.write(`${error.message}\n`);
        } else {
          this.output.write(`Failed to save: ${file}\n`);
        }
      }
      this.displayPrompt();
    },
  });
  repl.defineCommand('load', {
    help: 'Load JS from a file into the REPL session',
    action(file) {
      try {
        if (file === '') throw new ERR_MISSING_ARGS('file');
        const kind = statKind(file);
        if (kind < 0) throw new Error(`cannot stat ${file}`);
        if (kind === 0) {
          turnOnEditorMode(this);
          this[kLoading] = true;
          const data = readFileUtf8(file);
          // On a terminal the file shows as if typed, then the Enter that runs it.
          if (this.terminal) this._writeAsync(`${data}\n`);
          this.write(data);
          this[kLoading] = false;
          turnOffEditorMode(this);
          this.write('\n');
        } else {
          this.output.write(`Failed to load: ${file} is not a valid file\n`);
        }
      } catch (error) {
        this[kLoading] = false;
        turnOffEditorMode(this);
        if (error instanceof ERR_MISSING_ARGS) {
          this.output.write(`${error.message}\n`);
        } else {
          this.output.write(`Failed to load: ${file}\n`);
        }
      }
      this.displayPrompt();
    },
  });
  if (repl.terminal) {
    repl.defineCommand('editor', {
      help: 'Enter editor mode',
      action() {
        turnOnEditorMode(this);
        this.output.write('// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)\n');
        this.displayPrompt();
      },
    });
  }
}

function start(prompt, source, eval_, useGlobal, ignoreUndefined, replMode) {
  return new REPLServer(prompt, source, eval_, useGlobal, ignoreUndefined, replMode);
}

module.exports = {
  start,
  writer,
  REPLServer,
  REPL_MODE_SLOPPY,
  REPL_MODE_STRICT,
  Recoverable,
  isValidSyntax,
};

Object.defineProperty(module.exports, 'builtinModules', {
  __proto__: null,
  get: () => getBuiltinLibs(),
  set: (value) => { builtinLibs = value; },
  enumerable: true,
  configurable: true,
});
Object.defineProperty(module.exports, '_builtinLibs', {
  __proto__: null,
  get: () => getBuiltinLibs(),
  set: (value) => { builtinLibs = value; },
  enumerable: false,
  configurable: true,
});
