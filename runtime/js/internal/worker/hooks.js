'use strict';
// What the bootstrap needs from node:worker_threads on a worker thread:
// lib/worker_threads.js fills these in when it loads.

module.exports = {
  // Sets isMainThread, threadId, parentPort, workerData from the thread's facts.
  setupWorkerThread: null,
  // Sends an uncaught error to the parent's Worker 'error' event.
  reportWorkerError: null,
};
