'use strict';
// The REPL's input without a terminal: lines from any readable stream,
// split on `\n`, `\r\n` and `\r` as Node's readline does with
// `terminal: false`, the prompt written to the output as it is.

const { StringDecoder } = require('string_decoder');

class StreamLines {
  constructor(input, output, { onLine, onEnd }) {
    this.input = input;
    this.output = output;
    this.hadText = false;
    this._onLine = onLine;
    this._onEnd = onEnd;
    this._decoder = new StringDecoder('utf8');
    this._buffer = '';
    this._sawReturn = false;
    this._closed = false;
    this._onData = (chunk) => this._data(chunk);
    this._onInputEnd = () => this._end();
    input.on('data', this._onData);
    input.on('end', this._onInputEnd);
    if (typeof input.resume === 'function') input.resume();
  }

  _data(chunk) {
    if (this._closed) return;
    let text = typeof chunk === 'string' ? chunk : this._decoder.write(chunk);
    // A `\r\n` split across two chunks is one line end.
    if (this._sawReturn && text.startsWith('\n')) text = text.slice(1);
    this._sawReturn = false;
    this._buffer += text;
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this._buffer);
      if (match === null) break;
      const line = this._buffer.slice(0, match.index);
      this._buffer = this._buffer.slice(match.index + match[0].length);
      if (match[0] === '\r' && this._buffer === '') this._sawReturn = true;
      this._onLine(line);
      if (this._closed) return;
    }
  }

  _end() {
    if (this._closed) return;
    const rest = this._buffer + this._decoder.end();
    this._buffer = '';
    if (rest.length > 0) this._onLine(rest);
    this._onEnd();
  }

  prompt(text) {
    if (!this._closed && text) this.output.write(text);
  }

  pause() {
    if (typeof this.input.pause === 'function') this.input.pause();
  }

  resume() {
    if (typeof this.input.resume === 'function') this.input.resume();
  }

  close() {
    if (this._closed) return;
    this._closed = true;
    this.input.removeListener('data', this._onData);
    this.input.removeListener('end', this._onInputEnd);
    this.pause();
  }
}

module.exports = { StreamLines };
