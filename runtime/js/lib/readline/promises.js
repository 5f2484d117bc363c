'use strict';

// node:readline/promises — question() returns a promise.

const readline = require('readline');
const { AbortError, codes: { ERR_USE_AFTER_CLOSE } } = require('internal/errors');
const { validateAbortSignal } = require('internal/validators');

class Interface extends readline.Interface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      let cb = resolve;
      if (options?.signal) {
        validateAbortSignal(options.signal, 'options.signal');
        if (options.signal.aborted) {
          reject(new AbortError(undefined, { cause: options.signal.reason }));
          return;
        }
        const onAbort = () => {
          this._questionCancel();
          reject(new AbortError(undefined, { cause: options.signal.reason }));
        };
        options.signal.addEventListener('abort', onAbort, { once: true });
        cb = (answer) => {
          options.signal.removeEventListener('abort', onAbort);
          resolve(answer);
        };
      }
      if (this.closed) {
        reject(new ERR_USE_AFTER_CLOSE('readline'));
        return;
      }
      super.question(query, cb);
    });
  }

  _questionCancel() {
    // Drop the pending question; the next line is a plain 'line' again.
    const kQuestionCallback = Object.getOwnPropertySymbols(this).find((s) => s.description === 'kQuestionCallback');
    if (kQuestionCallback && this[kQuestionCallback]) {
      this[kQuestionCallback] = null;
      this.setPrompt(this._oldPrompt);
    }
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

module.exports = { Interface, createInterface };
