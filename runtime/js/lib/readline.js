'use strict';

// node:readline — Interface reading lines from a stream: 'line' events,
// question(), prompt(), async iteration, and the cursor helpers. Terminal
// line editing (raw mode, history, completion) is not implemented: an
// interface on a TTY behaves like the non-terminal one.

const EventEmitter = require('events');
const {
  codes: { ERR_INVALID_ARG_VALUE, ERR_USE_AFTER_CLOSE },
  AbortError,
} = require('internal/errors');
const { validateAbortSignal, validateFunction, validateString, validateUint32 } = require('internal/validators');

const lineEnding = /\r?\n|\r(?!\n)/g;
const kQuestionCallback = Symbol('kQuestionCallback');
const kSawReturnAt = Symbol('kSawReturnAt');
const kDecoder = Symbol('kDecoder');
const kLineBuffer = Symbol('kLineBuffer');
const kOnData = Symbol('kOnData');
const kOnEnd = Symbol('kOnEnd');
const kPrompt = Symbol('kPrompt');
const kIterator = Symbol('kIterator');

function Interface(input, output, completer, terminal) {
  if (!(this instanceof Interface)) return new Interface(input, output, completer, terminal);
  EventEmitter.call(this);
  let crlfDelay;
  let prompt = '> ';
  let signal;
  if (input?.input) {
    // An options object.
    output = input.output;
    completer = input.completer;
    terminal = input.terminal;
    signal = input.signal;
    if (input.tabSize !== undefined) validateUint32(input.tabSize, 'tabSize', true);
    if (input.prompt !== undefined) prompt = input.prompt;
    crlfDelay = input.crlfDelay;
    if (input.historySize !== undefined &&
        (typeof input.historySize !== 'number' || Number.isNaN(input.historySize) || input.historySize < 0)) {
      throw new ERR_INVALID_ARG_VALUE.RangeError('historySize', input.historySize);
    }
    input = input.input;
  }
  if (completer !== undefined && typeof completer !== 'function') {
    throw new ERR_INVALID_ARG_VALUE('completer', completer);
  }
  if (signal) validateAbortSignal(signal, 'options.signal');
  this.input = input;
  this.output = output;
  this.completer = completer;
  this.terminal = !!(terminal === undefined ? output && output.isTTY : terminal);
  this.crlfDelay = crlfDelay ? Math.max(100, crlfDelay) : 100;
  this.line = '';
  this.cursor = 0;
  this.history = [];
  this.historySize = 30;
  this.closed = false;
  this.paused = false;
  this[kPrompt] = prompt;
  this[kQuestionCallback] = null;
  this[kSawReturnAt] = 0;
  this[kDecoder] = null;
  this[kLineBuffer] = '';

  this[kOnData] = (data) => this._normalWrite(data);
  this[kOnEnd] = () => {
    if (typeof this[kLineBuffer] === 'string' && this[kLineBuffer].length > 0) {
      this.emit('line', this[kLineBuffer]);
    }
    this.close();
  };
  input.on('data', this[kOnData]);
  input.on('end', this[kOnEnd]);
  this.once('close', () => {
    input.removeListener('data', this[kOnData]);
    input.removeListener('end', this[kOnEnd]);
  });

  if (signal) {
    const onAborted = () => this.close();
    if (signal.aborted) {
      process.nextTick(onAborted);
    } else {
      signal.addEventListener('abort', onAborted, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAborted));
    }
  }
  // The input has to flow for lines to arrive.
  if (typeof input.resume === 'function') input.resume();
}
Object.setPrototypeOf(Interface.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Interface, EventEmitter);

Object.defineProperty(Interface.prototype, 'columns', {
  configurable: true,
  enumerable: true,
  get() {
    return this.output && this.output.columns ? this.output.columns : Infinity;
  },
});

Interface.prototype.setPrompt = function setPrompt(prompt) {
  this[kPrompt] = prompt;
};

Interface.prototype.getPrompt = function getPrompt() {
  return this[kPrompt];
};

Interface.prototype.prompt = function prompt(preserveCursor) {
  if (this.paused) this.resume();
  if (this.closed) throw new ERR_USE_AFTER_CLOSE('readline');
  if (this.output !== null && this.output !== undefined) this.output.write(this[kPrompt]);
  void preserveCursor;
};

Interface.prototype.question = function question(query, options, cb) {
  cb = typeof options === 'function' ? options : cb;
  if (options !== null && typeof options === 'object') {
    const { signal } = options;
    if (signal) {
      validateAbortSignal(signal, 'options.signal');
      if (signal.aborted) return;
      const onAbort = () => {
        this[kQuestionCallback] = null;
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const original = cb;
      cb = typeof cb === 'function' ? (answer) => {
        signal.removeEventListener('abort', onAbort);
        return original(answer);
      } : cb;
    }
  }
  if (this.closed) throw new ERR_USE_AFTER_CLOSE('readline');
  if (typeof cb === 'function') {
    if (this[kQuestionCallback]) {
      this.prompt();
    } else {
      this._oldPrompt = this[kPrompt];
      this.setPrompt(query);
      this[kQuestionCallback] = cb;
      this.prompt();
    }
  }
};

Interface.prototype._onLine = function _onLine(line) {
  if (this[kQuestionCallback]) {
    const cb = this[kQuestionCallback];
    this[kQuestionCallback] = null;
    this.setPrompt(this._oldPrompt);
    cb(line);
  } else {
    this.emit('line', line);
  }
};

// Split incoming text into lines. A '\r' at the end of one chunk followed
// by '\n' at the start of the next (within crlfDelay) is one line end.
Interface.prototype._normalWrite = function _normalWrite(b) {
  if (b === undefined) return;
  let string;
  if (typeof b === 'string') {
    string = b;
  } else {
    if (this[kDecoder] === null) {
      const { StringDecoder } = require('string_decoder');
      this[kDecoder] = new StringDecoder('utf8');
    }
    string = this[kDecoder].write(b);
  }
  if (this[kSawReturnAt] && Date.now() - this[kSawReturnAt] <= this.crlfDelay) {
    if (string.charCodeAt(0) === 10) string = string.slice(1);
    this[kSawReturnAt] = 0;
  }
  const newPartContainsEnding = lineEnding.test(string);
  lineEnding.lastIndex = 0;
  if (this[kLineBuffer]) {
    string = this[kLineBuffer] + string;
    this[kLineBuffer] = null;
    lineEnding.lastIndex = 0;
  }
  if (newPartContainsEnding) {
    this[kSawReturnAt] = string.endsWith('\r') ? Date.now() : 0;
    const lines = string.split(lineEnding);
    // The last piece is an incomplete line.
    this[kLineBuffer] = lines.pop();
    for (const line of lines) this._onLine(line);
  } else if (string) {
    this[kLineBuffer] = string;
  }
};

Interface.prototype.write = function write(d, key) {
  if (this.paused) this.resume();
  if (this.closed) throw new ERR_USE_AFTER_CLOSE('readline');
  void key;
  this._normalWrite(d);
};

Interface.prototype.pause = function pause() {
  if (this.paused) return;
  if (typeof this.input.pause === 'function') this.input.pause();
  this.paused = true;
  this.emit('pause');
  return this;
};

Interface.prototype.resume = function resume() {
  if (!this.paused) return;
  if (typeof this.input.resume === 'function') this.input.resume();
  this.paused = false;
  this.emit('resume');
  return this;
};

Interface.prototype.close = function close() {
  if (this.closed) return;
  this.pause();
  this.closed = true;
  this.emit('close');
};

Interface.prototype.getCursorPos = function getCursorPos() {
  return { rows: 0, cols: this.cursor };
};

// for await (const line of rl): lines queue up while the consumer is busy.
Interface.prototype[Symbol.asyncIterator] = function() {
  if (this[kIterator] === undefined) {
    const queue = [];
    const waiting = [];
    let done = false;
    this.on('line', (line) => {
      if (waiting.length) waiting.shift().resolve({ value: line, done: false });
      else queue.push(line);
    });
    this.once('close', () => {
      done = true;
      while (waiting.length) waiting.shift().resolve({ value: undefined, done: true });
    });
    const rl = this;
    this[kIterator] = {
      next() {
        if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        rl.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
  return this[kIterator];
};

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

// ---- Cursor helpers (ANSI escape sequences) ------------------------------------------------

const CSI = (strings, ...args) => {
  let ret = '\x1b[';
  for (let n = 0; n < strings.length; n++) {
    ret += strings[n];
    if (n < args.length) ret += args[n];
  }
  return ret;
};
const kClearToLineBeginning = '\x1b[1K';
const kClearToLineEnd = '\x1b[0K';
const kClearLine = '\x1b[2K';
const kClearScreenDown = '\x1b[0J';

function cursorTo(stream, x, y, callback) {
  if (callback !== undefined) validateFunction(callback, 'callback');
  if (typeof y === 'function') {
    callback = y;
    y = undefined;
  }
  if (Number.isNaN(x)) throw new ERR_INVALID_ARG_VALUE('x', x);
  if (Number.isNaN(y)) throw new ERR_INVALID_ARG_VALUE('y', y);
  if (stream == null || (typeof x !== 'number' && typeof y !== 'number')) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  if (typeof x !== 'number') {
    const { codes: { ERR_INVALID_CURSOR_POS } } = require('internal/errors');
    throw new ERR_INVALID_CURSOR_POS();
  }
  const data = typeof y !== 'number' ? CSI`${x + 1}G` : CSI`${y + 1};${x + 1}H`;
  return stream.write(data, callback);
}

function moveCursor(stream, dx, dy, callback) {
  if (stream == null || !(dx || dy)) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  let data = '';
  if (dx < 0) data += CSI`${-dx}D`;
  else if (dx > 0) data += CSI`${dx}C`;
  if (dy < 0) data += CSI`${-dy}A`;
  else if (dy > 0) data += CSI`${dy}B`;
  return stream.write(data, callback);
}

function clearLine(stream, dir, callback) {
  if (stream === null || stream === undefined) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  const type = dir < 0 ? kClearToLineBeginning : dir > 0 ? kClearToLineEnd : kClearLine;
  return stream.write(type, callback);
}

function clearScreenDown(stream, callback) {
  if (stream === null || stream === undefined) {
    if (typeof callback === 'function') process.nextTick(callback, null);
    return true;
  }
  return stream.write(kClearScreenDown, callback);
}

// Keypress decoding is part of terminal mode, which is not implemented.
function emitKeypressEvents() {}

void validateString;
void AbortError;

module.exports = {
  Interface,
  clearLine,
  clearScreenDown,
  createInterface,
  cursorTo,
  emitKeypressEvents,
  moveCursor,
};

Object.defineProperty(module.exports, 'promises', {
  configurable: true,
  enumerable: true,
  get() {
    return require('readline/promises');
  },
});
