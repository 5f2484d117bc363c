'use strict';

// node:console — the Console class and the global console.
//
// A Console writes to any object with `write(string)`; Node's streams, a
// test double or a file stream all work. The global console reads
// process.stdout/stderr when it first writes, so this module can be part of
// the startup snapshot before the streams exist.

const {
  codes: {
    ERR_CONSOLE_WRITABLE_STREAM,
    ERR_INCOMPATIBLE_OPTION_PAIR,
  },
} = require('internal/errors');
const {
  validateArray,
  validateInteger,
  validateObject,
  validateOneOf,
} = require('internal/validators');
const {
  inspect,
  formatWithOptions,
  getStringWidth,
} = require('internal/util/inspect');
const { isMap, isMapIterator, isSet, isSetIterator } = require('internal/util/types');
const { shouldColorize } = require('internal/util/colors');
const { previewEntries } = internalBinding('util');

const kGroupIndent = Symbol('kGroupIndent');
const kGroupIndentationWidth = Symbol('kGroupIndentWidth');
const kCounts = Symbol('counts');
const kTimers = Symbol('timers');
const kColorMode = Symbol('kColorMode');
const kIgnoreErrors = Symbol('kIgnoreErrors');
const kInspectOptions = Symbol('kInspectOptions');
const kWrite = Symbol('kWriteToConsole');
const kGetInspectOptions = Symbol('kGetInspectOptions');
const kUseStdout = true;
const kUseStderr = false;

const kColorInspectOptions = { colors: true };
const kNoColorInspectOptions = {};

function noop() {}

// The write callback: an error reported asynchronously (e.g. EPIPE on a
// closed pipe) also reaches the stream as an 'error' event on a later
// tick; a one-time no-op listener keeps it from becoming uncaught when
// nobody else listens, as Node's console does.
function writeErrorHandler(stream) {
  return (err) => {
    if (err != null && stream && !(stream._writableState && stream._writableState.errorEmitted) &&
        typeof stream.listenerCount === 'function' && stream.listenerCount('error') === 0) {
      stream.once('error', noop);
    }
  };
}

/**
 * new Console(stdout[, stderr][, ignoreErrors]) or
 * new Console({ stdout, stderr, ignoreErrors, colorMode, inspectOptions, groupIndentation })
 */
function Console(options, ...rest) {
  if (!new.target) return Reflect.construct(Console, [options, ...rest]);
  if (!options || typeof options.write === 'function') {
    options = { stdout: options, stderr: rest[0], ignoreErrors: rest[1] };
  }
  const {
    stdout,
    stderr = stdout,
    ignoreErrors = true,
    colorMode = 'auto',
    inspectOptions,
    groupIndentation,
  } = options;

  if (!stdout || typeof stdout.write !== 'function') {
    throw new ERR_CONSOLE_WRITABLE_STREAM('stdout');
  }
  if (!stderr || typeof stderr.write !== 'function') {
    throw new ERR_CONSOLE_WRITABLE_STREAM('stderr');
  }
  validateOneOf(colorMode, 'colorMode', ['auto', true, false]);
  if (groupIndentation !== undefined) validateInteger(groupIndentation, 'groupIndentation', 0, 1000);
  if (inspectOptions !== undefined) {
    validateObject(inspectOptions, 'options.inspectOptions');
    if (inspectOptions.colors !== undefined && options.colorMode !== undefined) {
      throw new ERR_INCOMPATIBLE_OPTION_PAIR('options.inspectOptions.color', 'colorMode');
    }
  }

  defineStreams(this, () => stdout, () => stderr);
  initState(this, { ignoreErrors, colorMode, inspectOptions, groupIndentation });
  bindMethods(this);
}

function defineStreams(target, getStdout, getStderr) {
  const prop = { writable: true, enumerable: false, configurable: true };
  Object.defineProperty(target, '_stdout', { ...prop, value: undefined });
  Object.defineProperty(target, '_stderr', { ...prop, value: undefined });
  // Resolved on first use (the global console exists before the streams).
  Object.defineProperty(target, '_stdout', {
    get() { return getStdout(); },
    set(value) { Object.defineProperty(target, '_stdout', { ...prop, value }); },
    enumerable: false,
    configurable: true,
  });
  Object.defineProperty(target, '_stderr', {
    get() { return getStderr(); },
    set(value) { Object.defineProperty(target, '_stderr', { ...prop, value }); },
    enumerable: false,
    configurable: true,
  });
}

function initState(target, { ignoreErrors = true, colorMode = 'auto', inspectOptions, groupIndentation = 2 }) {
  const hidden = (value) => ({ value, writable: true, enumerable: false, configurable: true });
  Object.defineProperties(target, {
    [kIgnoreErrors]: hidden(Boolean(ignoreErrors)),
    [kColorMode]: hidden(colorMode),
    [kInspectOptions]: hidden(inspectOptions ? { ...inspectOptions } : undefined),
    [kGroupIndent]: hidden(''),
    [kGroupIndentationWidth]: hidden(groupIndentation),
    [kCounts]: hidden(new Map()),
    [kTimers]: hidden(new Map()),
  });
}

// Methods are bound to the instance so `const { log } = console` works.
function bindMethods(target) {
  for (const key of Object.getOwnPropertyNames(Console.prototype)) {
    if (key === 'constructor') continue;
    const desc = Object.getOwnPropertyDescriptor(Console.prototype, key);
    if (typeof desc.value === 'function') {
      const bound = desc.value.bind(target);
      Object.defineProperty(bound, 'name', { value: key });
      Object.defineProperty(target, key, { ...desc, value: bound });
    }
  }
}

Object.defineProperties(Console.prototype, {
  [kWrite]: {
    value(useStdout, string) {
      const ignoreErrors = this[kIgnoreErrors];
      const groupIndent = this[kGroupIndent];
      const stream = useStdout ? this._stdout : this._stderr;
      if (groupIndent.length !== 0) {
        if (string.includes('\n')) string = string.replace(/\n/g, `\n${groupIndent}`);
        string = groupIndent + string;
      }
      string += '\n';
      if (ignoreErrors === false) return stream.write(string);
      // Errors while writing are swallowed: both the ones thrown now and
      // the ones a stream reports later through 'error'.
      const canListen = typeof stream.listenerCount === 'function' && typeof stream.once === 'function';
      let added = false;
      try {
        if (canListen && stream.listenerCount('error') === 0) {
          stream.once('error', noop);
          added = true;
        }
        stream.write(string, writeErrorHandler(stream));
      } catch (e) {
        if (e instanceof RangeError && /call stack/.test(e.message)) throw e;
      } finally {
        if (added) stream.removeListener('error', noop);
      }
    },
    enumerable: false,
    writable: true,
    configurable: true,
  },
  [kGetInspectOptions]: {
    value(stream) {
      let color = this[kColorMode];
      if (color === 'auto') color = shouldColorize(stream);
      const options = this[kInspectOptions];
      if (options) {
        if (options.colors === undefined) return { ...options, colors: color };
        return options;
      }
      return color ? kColorInspectOptions : kNoColorInspectOptions;
    },
    enumerable: false,
    writable: true,
    configurable: true,
  },
});

function inspectOptionsFor(console, stream) {
  return console[kGetInspectOptions](stream);
}

function formatFor(console, useStdout, args) {
  const stream = useStdout ? console._stdout : console._stderr;
  return formatWithOptions(inspectOptionsFor(console, stream), ...args);
}

// h:mm:ss.mmm, m:ss.mmm, s.mmm or ms, as Node prints durations.
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, fraction] = seconds.toFixed(3).split('.');
    const pad = (n) => String(n).padStart(2, '0');
    const res = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${res}:${pad(whole)}.${fraction} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

function elapsedMs(start) {
  const [s, ns] = process.hrtime(start);
  return s * 1000 + ns / 1e6;
}

const methods = {
  log(...args) {
    this[kWrite](kUseStdout, formatFor(this, kUseStdout, args));
  },

  warn(...args) {
    this[kWrite](kUseStderr, formatFor(this, kUseStderr, args));
  },

  dir(object, options) {
    this[kWrite](kUseStdout, inspect(object, {
      customInspect: false,
      ...inspectOptionsFor(this, this._stdout),
      ...options,
    }));
  },

  time(label = 'default') {
    label = `${label}`;
    if (this[kTimers].has(label)) {
      process.emitWarning(`Label '${label}' already exists for console.time()`);
      return;
    }
    this[kTimers].set(label, process.hrtime());
  },

  timeEnd(label = 'default') {
    label = `${label}`;
    if (printTime(this, label, 'console.timeEnd()', [])) this[kTimers].delete(label);
  },

  timeLog(label = 'default', ...data) {
    label = `${label}`;
    printTime(this, label, 'console.timeLog()', data);
  },

  trace(...args) {
    const err = { name: 'Trace', message: formatFor(this, kUseStderr, args) };
    // The stack starts where trace() was called (this method, not the
    // bound copy the global console has, is the frame to cut).
    Error.captureStackTrace(err, methods.trace);
    this.error(err.stack);
  },

  assert(expression, ...args) {
    if (!expression) {
      // Node 24: a string first argument joins the label (it may be a
      // format); anything else is printed after it as a value.
      if (typeof args[0] === 'string') args[0] = `Assertion failed: ${args[0]}`;
      else args.unshift('Assertion failed');
      Reflect.apply(this.warn, this, args);
    }
  },

  // Clears a terminal; does nothing when stdout is not one.
  clear() {
    const stdout = this._stdout;
    if (stdout.isTTY && process.env.TERM !== 'dumb') {
      stdout.write('\u001b[1;1H');
      stdout.write('\u001b[0J');
    }
  },

  count(label = 'default') {
    label = `${label}`;
    const counts = this[kCounts];
    let count = counts.get(label);
    count = count === undefined ? 1 : count + 1;
    counts.set(label, count);
    this.log(`${label}: ${count}`);
  },

  countReset(label = 'default') {
    const counts = this[kCounts];
    if (!counts.has(label)) {
      process.emitWarning(`Count for '${label}' does not exist`);
      return;
    }
    counts.delete(`${label}`);
  },

  group(...data) {
    if (data.length > 0) Reflect.apply(this.log, this, data);
    this[kGroupIndent] += ' '.repeat(this[kGroupIndentationWidth]);
  },

  groupEnd() {
    this[kGroupIndent] = this[kGroupIndent].slice(0, this[kGroupIndent].length - this[kGroupIndentationWidth]);
  },

  table(tabularData, properties) {
    if (properties !== undefined) validateArray(properties, 'properties');
    if (tabularData === null || typeof tabularData !== 'object') return this.log(tabularData);
    const final = (head, columns) => this.log(renderTable(head, columns));
    const show = (v) => {
      const depth = v !== null && typeof v === 'object' && !Array.isArray(v) &&
        Object.keys(v).length > 2 ? -1 : 0;
      return inspect(v, {
        depth,
        maxArrayLength: 3,
        breakLength: Infinity,
        ...inspectOptionsFor(this, this._stdout),
      });
    };
    const indexes = (length) => Array.from({ length }, (_, i) => show(i));

    const mapIter = isMapIterator(tabularData);
    let isKeyValue = false;
    if (mapIter) {
      const res = previewEntries(tabularData, true);
      tabularData = res[0];
      isKeyValue = res[1];
    }
    if (isKeyValue || isMap(tabularData)) {
      const keys = [];
      const values = [];
      if (mapIter) {
        for (let i = 0; i < tabularData.length / 2; ++i) {
          keys.push(show(tabularData[i * 2]));
          values.push(show(tabularData[i * 2 + 1]));
        }
      } else {
        for (const [k, v] of tabularData) {
          keys.push(show(k));
          values.push(show(v));
        }
      }
      return final(['(iteration index)', 'Key', 'Values'], [indexes(keys.length), keys, values]);
    }

    const setIter = isSetIterator(tabularData);
    if (setIter) tabularData = previewEntries(tabularData);
    if (setIter || mapIter || isSet(tabularData)) {
      const values = [];
      for (const v of tabularData) values.push(show(v));
      return final(['(iteration index)', 'Values'], [indexes(values.length), values]);
    }

    const map = { __proto__: null };
    let hasPrimitives = false;
    const primitiveValues = [];
    const indexKeys = Object.keys(tabularData);
    for (let i = 0; i < indexKeys.length; i++) {
      const item = tabularData[indexKeys[i]];
      const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
      if (properties === undefined && primitive) {
        hasPrimitives = true;
        primitiveValues[i] = show(item);
      } else {
        const keys = properties || Object.keys(item);
        for (const key of keys) {
          map[key] ??= [];
          if ((primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key)) {
            map[key][i] = '';
          } else {
            map[key][i] = show(item[key]);
          }
        }
      }
    }
    const head = Object.keys(map);
    const columns = Object.values(map);
    if (hasPrimitives) {
      head.push('Values');
      columns.push(primitiveValues);
    }
    head.unshift('(index)');
    columns.unshift(indexKeys);
    return final(head, columns);
  },
};

function printTime(console, label, name, data) {
  const start = console[kTimers].get(label);
  if (start === undefined) {
    process.emitWarning(`No such label '${label}' for ${name}`);
    return false;
  }
  const formatted = formatTime(elapsedMs(start));
  if (data.length > 0) {
    console.log('%s: %s', label, formatted, ...data);
  } else {
    console.log('%s: %s', label, formatted);
  }
  return true;
}

// Box-drawing table with left-aligned cells, as Node 20 prints it.
function renderTable(head, columns) {
  const rows = [];
  const widths = head.map((h) => getStringWidth(h));
  const longest = Math.max(...columns.map((c) => c.length));
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      if (rows[j] === undefined) rows[j] = [];
      const value = rows[j][i] = Object.prototype.hasOwnProperty.call(column, j) ? column[j] : '';
      widths[i] = Math.max(widths[i] || 0, getStringWidth(value));
    }
  }
  const renderRow = (row) => {
    let out = '│ ';
    for (let i = 0; i < row.length; i++) {
      out += row[i] + ' '.repeat(widths[i] - getStringWidth(row[i]));
      if (i !== row.length - 1) out += ' │ ';
    }
    return `${out} │`;
  };
  const divider = widths.map((w) => '─'.repeat(w + 2));
  let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
  for (const row of rows) result += `${renderRow(row)}\n`;
  result += `└${divider.join('┴')}┘`;
  return result;
}

// The aliases come in Node 24's order: `info` and `debug` after `log`,
// `error` after `warn`.
const aliases = { log: ['info', 'debug'], warn: ['error'] };
for (const [name, fn] of Object.entries(methods)) {
  for (const key of [name, ...(aliases[name] || [])]) {
    Object.defineProperty(Console.prototype, key, {
      value: fn, enumerable: true, writable: true, configurable: true,
    });
  }
}
Console.prototype.dirxml = Console.prototype.log;
Console.prototype.groupCollapsed = Console.prototype.group;

Object.defineProperty(Console, Symbol.hasInstance, {
  value(instance) {
    return instance !== null && typeof instance === 'object' && kGroupIndent in instance;
  },
});

// The global console: Console's methods bound to an object whose streams
// are process.stdout and process.stderr, looked up on each write.
const globalConsole = { __proto__: {} };
defineStreams(globalConsole, () => process.stdout, () => process.stderr);
initState(globalConsole, {});
for (const key of Reflect.ownKeys(Console.prototype)) {
  if (key === 'constructor') continue;
  const desc = Object.getOwnPropertyDescriptor(Console.prototype, key);
  if (typeof desc.value === 'function' && typeof key === 'string') {
    const bound = desc.value.bind(globalConsole);
    Object.defineProperty(bound, 'name', { value: key });
    Object.defineProperty(globalConsole, key, { ...desc, value: bound });
  } else {
    Object.defineProperty(globalConsole, key, desc);
  }
}
globalConsole.Console = Console;
// The methods only V8's own console has (it is the global console until
// the bootstrap replaces it), as Node copies them: inspector-only ones do
// nothing without an inspector; `context()` is V8's.
const consoleFromVM = globalThis.console;
for (const name of ['profile', 'profileEnd', 'timeStamp', 'context']) {
  const fromVM = consoleFromVM !== undefined && consoleFromVM !== globalConsole ? consoleFromVM[name] : undefined;
  globalConsole[name] = typeof fromVM === 'function' ? fromVM : function() {};
}
// V8's createTask needs an inspector (Node always has one): its async
// stack tagging does nothing here, the task runs the function.
globalConsole.createTask = function createTask(name) {
  if (typeof name !== 'string' || name === '') throw new Error('First argument must be a non-empty string.');
  const task = {};
  task.run = function run(fn) {
    if (typeof fn !== 'function') throw new Error('First argument must be a function.');
    return fn();
  };
  return task;
};
Object.defineProperty(globalConsole.createTask, 'length', { value: 0 });

module.exports = globalConsole;
// For tests: the duration format of time/timeEnd/timeLog.
Object.defineProperty(Console, '_formatTime', { value: formatTime, enumerable: false });
