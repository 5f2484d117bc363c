'use strict';

// stream.addAbortSignal(signal, stream): destroy the stream with an
// AbortError when the signal aborts.

const { AbortError, codes: { ERR_INVALID_ARG_TYPE } } = require('internal/errors');
const { isNodeStream } = require('internal/streams/utils');

function validateAbortSignal(signal, name) {
  if (typeof signal !== 'object' || signal === null || !('aborted' in signal)) {
    throw new ERR_INVALID_ARG_TYPE(name, 'AbortSignal', signal);
  }
}

// A web stream is errored with the AbortError instead.
function webStreamKind(stream) {
  if (require('internal/webstreams/readable').isReadableStream(stream)) return 'readable';
  if (require('internal/webstreams/writable').isWritableStream(stream)) return 'writable';
  return null;
}

function addAbortSignal(signal, stream) {
  validateAbortSignal(signal, 'signal');
  const web = webStreamKind(stream);
  if (web !== null) {
    const onAbort = () => {
      const error = new AbortError(undefined, { cause: signal.reason });
      if (web === 'readable') require('internal/webstreams/readable').readableStreamErrorFromNode(stream, error);
      else require('internal/webstreams/writable').writableStreamErrorFromNode(stream, error);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return stream;
  }
  if (!isNodeStream(stream)) {
    throw new ERR_INVALID_ARG_TYPE('stream', ['ReadableStream', 'WritableStream', 'Stream'], stream);
  }
  return addAbortSignalNoValidate(signal, stream);
}

function addAbortSignalNoValidate(signal, stream) {
  if (typeof signal !== 'object' || !('aborted' in signal)) return stream;
  const onAbort = () => {
    stream.destroy(new AbortError(undefined, { cause: signal.reason }));
  };
  if (signal.aborted) {
    onAbort();
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
    require('internal/streams/end-of-stream')(stream, () => signal.removeEventListener('abort', onAbort));
  }
  return stream;
}

module.exports = { addAbortSignal, addAbortSignalNoValidate };
