'use strict';
// Node's cluster protocol over the IPC channel: internal messages
// `{ cmd: 'NODE_CLUSTER', act, seq, ... }`; an answer carries `ack: seq`
// and goes to the callback the request was sent with.

const callbacks = new Map();
let seq = 0;

function sendHelper(proc, message, handle, cb) {
  if (!proc.connected) return false;
  message = { cmd: 'NODE_CLUSTER', ...message, seq };
  if (typeof cb === 'function') callbacks.set(seq, cb);
  seq += 1;
  return proc.send(message, handle);
}

// An 'internalMessage' listener calling `cb` (or the callback waiting for
// the answer) with `this` the worker.
function internal(worker, cb) {
  return function onInternalMessage(message, handle) {
    if (message.cmd !== 'NODE_CLUSTER') return;
    let fn = cb;
    if (message.ack !== undefined) {
      const callback = callbacks.get(message.ack);
      if (callback !== undefined) {
        fn = callback;
        callbacks.delete(message.ack);
      }
    }
    fn.call(worker, message, handle);
  };
}

module.exports = { sendHelper, internal };
