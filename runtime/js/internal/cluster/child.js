'use strict';
// The worker side of node:cluster (NODE_UNIQUE_ID set): `cluster.worker`
// reports 'online' to the primary, servers ask the primary which port to
// bind (see primary.js: SO_REUSEPORT stands in for handle passing), and a
// disconnect from the primary closes those servers, then the channel.

const EventEmitter = require('events');
const Worker = require('internal/cluster/worker');
const { internal, sendHelper } = require('internal/cluster/utils');

const cluster = new EventEmitter();
// The servers listening through the primary: key -> net.Server.
const handles = new Map();
// Which of several servers on the same address/port this is, per key.
const indexes = new Map();

module.exports = cluster;

cluster.isWorker = true;
cluster.isMaster = false; // Deprecated alias.
cluster.isPrimary = false;
cluster.worker = null;
cluster.Worker = Worker;

function send(message, cb) {
  return sendHelper(process, message, null, cb);
}

cluster._setupWorker = function _setupWorker() {
  const worker = new Worker({
    id: +process.env.NODE_UNIQUE_ID | 0,
    process,
    state: 'online',
  });
  cluster.worker = worker;

  process.once('disconnect', () => {
    worker.emit('disconnect');
    // The primary went away without asking: stop at once, as Node does.
    if (!worker.exitedAfterDisconnect) process.exit(0);
  });

  process.on('internalMessage', internal(worker, onmessage));
  send({ act: 'online' });

  function onmessage(message) {
    if (message.act === 'disconnect') disconnectWorker.call(worker, true);
  }
};

// Called by net's listenInCluster for a TCP server in a worker: asks the
// primary for the port and calls `cb(errno, port)`.
cluster._getServer = function _getServer(server, options, cb) {
  const indexesKey = `${options.address}:${options.port}:${options.addressType}:${options.fd}`;
  let index = indexes.get(indexesKey);
  index = index === undefined ? 0 : index + 1;
  indexes.set(indexesKey, index);

  const message = { act: 'queryServer', index, data: null, ...options };
  send(message, (reply) => {
    if (reply.errno) {
      cb(reply.errno, null);
      return;
    }
    const key = reply.key;
    // Listed before it listens: a disconnect that comes before 'listening'
    // must close it too, or the worker would live on without a channel.
    handles.set(key, server);
    server.once('close', () => {
      if (handles.get(key) !== server) return;
      handles.delete(key);
      send({ act: 'close', key });
    });
    server.once('listening', () => {
      if (cluster.worker) cluster.worker.state = 'listening';
      const address = server.address();
      send({
        act: 'listening',
        index,
        data: null,
        ...options,
        port: (address && address.port) || options.port,
      });
    });
    cb(0, reply.sharedPort);
  });
};

// A server the worker opened itself where Node would share the primary's
// (a Unix socket or fd net server, a dgram socket): reported to the
// primary as listening and closed by a disconnect, as Node's are.
let ownServers = 0;
cluster._registerOwnServer = function _registerOwnServer(server, options) {
  const key = `own:${++ownServers}`;
  handles.set(key, server);
  server.once('close', () => {
    if (handles.get(key) === server) handles.delete(key);
  });
  const report = () => {
    if (cluster.worker) cluster.worker.state = 'listening';
    send({ act: 'listening', index: 0, data: null, ...options });
  };
  if (options.listening) report();
  else server.once('listening', report);
};

function disconnectWorker(primaryInitiated) {
  this.exitedAfterDisconnect = true;
  let waitingCount = 1;
  const checkWaitingCount = () => {
    waitingCount--;
    if (waitingCount !== 0) return;
    // Once the servers are closed the channel goes, and with nothing
    // else to do the process exits.
    if (primaryInitiated) process.disconnect();
    else send({ act: 'exitedAfterDisconnect' }, () => process.disconnect());
  };
  for (const server of handles.values()) {
    waitingCount++;
    server.close(checkWaitingCount);
  }
  handles.clear();
  checkWaitingCount();
}

Worker.prototype.disconnect = function disconnect() {
  if (this.state !== 'disconnecting' && this.state !== 'destroying') {
    this.state = 'disconnecting';
    disconnectWorker.call(this);
  }
  return this;
};

Worker.prototype.destroy = function destroy() {
  if (this.state === 'destroying') return;
  this.exitedAfterDisconnect = true;
  if (!this.isConnected()) {
    process.exit(0);
  } else {
    this.state = 'destroying';
    send({ act: 'exitedAfterDisconnect' }, () => process.disconnect());
    process.once('disconnect', () => process.exit(0));
  }
};
