'use strict';
// The primary side of node:cluster: cluster.fork() starts the script
// again as a worker over child_process.fork (NODE_UNIQUE_ID set), follows
// each worker through Node's internal messages, and answers the workers'
// server queries.
//
// Servers: Node's primary opens the listening handle and passes it to the
// workers (or accepts and passes each connection, SCHED_RR). Nodus cannot
// send handles over IPC yet, so every policy is the "shared" one done with
// SO_REUSEPORT: the primary tells each worker the port to bind (for port 0
// one free port per address/port/family/index, the same for every worker)
// and each worker listens on it itself; the kernel spreads connections.

const EventEmitter = require('events');
const Worker = require('internal/cluster/worker');
const { internal, sendHelper } = require('internal/cluster/utils');
const { validateInteger } = require('internal/validators');

const cluster = new EventEmitter();
const intercom = new EventEmitter();
const SCHED_NONE = 1;
const SCHED_RR = 2;

module.exports = cluster;

// The shared ports: key -> { port, workers: Set of worker ids }.
const handles = new Map();
let initialized = false;
let ids = 0;

cluster.isWorker = false;
cluster.isMaster = true; // Deprecated alias (DEP0147 in the docs only).
cluster.isPrimary = true;
cluster.Worker = Worker;
cluster.workers = {};
cluster.settings = {};
cluster.SCHED_NONE = SCHED_NONE;
cluster.SCHED_RR = SCHED_RR;

let schedulingPolicy = process.env.NODE_CLUSTER_SCHED_POLICY;
if (schedulingPolicy === 'rr') schedulingPolicy = SCHED_RR;
else if (schedulingPolicy === 'none') schedulingPolicy = SCHED_NONE;
else schedulingPolicy = process.platform === 'win32' ? SCHED_NONE : SCHED_RR;
cluster.schedulingPolicy = schedulingPolicy;

cluster.setupPrimary = function setupPrimary(options) {
  const settings = {
    args: process.argv.slice(2),
    exec: process.argv[1],
    execArgv: process.execArgv,
    silent: false,
    ...cluster.settings,
    ...options,
  };
  cluster.settings = settings;
  if (initialized === true) {
    process.nextTick(() => cluster.emit('setup', settings));
    return;
  }
  initialized = true;
  schedulingPolicy = cluster.schedulingPolicy; // Freeze the policy.
  if (schedulingPolicy !== SCHED_NONE && schedulingPolicy !== SCHED_RR) {
    throw new Error(`Bad cluster.schedulingPolicy: ${schedulingPolicy}`);
  }
  process.nextTick(() => cluster.emit('setup', settings));
};
cluster.setupMaster = cluster.setupPrimary;

function createWorkerProcess(id, env) {
  const { fork } = require('child_process');
  const workerEnv = { ...process.env, ...env, NODE_UNIQUE_ID: `${id}` };
  const execArgv = [...cluster.settings.execArgv];
  if (cluster.settings.inspectPort !== undefined) {
    const port = typeof cluster.settings.inspectPort === 'function' ?
      cluster.settings.inspectPort() : cluster.settings.inspectPort;
    validateInteger(port, 'inspectPort', 0, 65535);
  }
  return fork(cluster.settings.exec, cluster.settings.args, {
    cwd: cluster.settings.cwd,
    env: workerEnv,
    serialization: cluster.settings.serialization,
    silent: cluster.settings.silent,
    windowsHide: cluster.settings.windowsHide,
    execArgv,
    stdio: cluster.settings.stdio,
    gid: cluster.settings.gid,
    uid: cluster.settings.uid,
  });
}

// Workers whose channel is still open, listed or not: cluster.disconnect's
// callback runs once the last of them has emitted 'disconnect' (Node's order).
const connected = new Set();

function removeWorker(worker) {
  delete cluster.workers[worker.id];
  if (Object.keys(cluster.workers).length === 0) initialized = false;
}

function removeHandlesForWorker(worker) {
  for (const [key, entry] of handles) {
    entry.workers.delete(worker.id);
    if (entry.workers.size === 0) handles.delete(key);
  }
}

cluster.fork = function fork(env) {
  cluster.setupPrimary();
  const id = ++ids;
  const workerProcess = createWorkerProcess(id, env);
  const worker = new Worker({ id, process: workerProcess });

  worker.on('message', function(message, handle) {
    cluster.emit('message', this, message, handle);
  });

  worker.process.once('exit', (exitCode, signalCode) => {
    // A worker that exits without disconnecting first is removed here.
    if (!worker.isConnected()) {
      removeHandlesForWorker(worker);
      removeWorker(worker);
    }
    worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;
    worker.state = 'dead';
    worker.emit('exit', exitCode, signalCode);
    cluster.emit('exit', worker, exitCode, signalCode);
  });

  worker.process.once('disconnect', () => {
    removeHandlesForWorker(worker);
    if (worker.isDead()) removeWorker(worker);
    worker.exitedAfterDisconnect = !!worker.exitedAfterDisconnect;
    worker.state = 'disconnected';
    worker.emit('disconnect');
    cluster.emit('disconnect', worker);
    connected.delete(worker);
    if (connected.size === 0) intercom.emit('disconnect');
  });

  worker.process.on('internalMessage', internal(worker, onmessage));
  process.nextTick(() => cluster.emit('fork', worker));
  cluster.workers[worker.id] = worker;
  connected.add(worker);
  return worker;
};

cluster.disconnect = function disconnect(cb) {
  if (typeof cb === 'function') intercom.once('disconnect', cb);
  const workers = Object.values(cluster.workers);
  if (connected.size === 0) {
    process.nextTick(() => intercom.emit('disconnect'));
    return;
  }
  for (const worker of workers) {
    if (worker.isConnected()) worker.disconnect();
  }
};

function send(worker, message, handle, cb) {
  return sendHelper(worker.process, message, handle, cb);
}

function onmessage(message, handle) {
  const worker = this;
  switch (message.act) {
    case 'online': return online(worker);
    case 'queryServer': return queryServer(worker, message);
    case 'listening': return listening(worker, message);
    case 'exitedAfterDisconnect': return exitedAfterDisconnect(worker, message);
    case 'close': return close(worker, message);
  }
}

function online(worker) {
  worker.state = 'online';
  worker.emit('online');
  cluster.emit('online', worker);
}

function exitedAfterDisconnect(worker, message) {
  worker.exitedAfterDisconnect = true;
  send(worker, { ack: message.seq });
}

// The port a worker binds (with SO_REUSEPORT) for its server. Port 0 is
// resolved once per key: the primary binds a port-0 listener the way the
// worker will (`::`, or 0.0.0.0 without IPv6), reads the port the kernel
// gave and closes it again, so the port is free for the workers.
function queryServer(worker, message) {
  if (worker.exitedAfterDisconnect) return; // Stops a race with disconnect.
  const key = `${message.address}:${message.port}:${message.addressType}:${message.fd}:${message.index}`;
  let entry = handles.get(key);
  if (entry === undefined) {
    let port = message.port;
    if (port === 0) {
      const picked = pickPort(message.address, message.addressType, message.flags);
      if (picked < 0) {
        send(worker, { errno: picked, key, ack: message.seq, data: null });
        return;
      }
      port = picked;
    }
    entry = { port, workers: new Set() };
    handles.set(key, entry);
  }
  entry.workers.add(worker.id);
  send(worker, { errno: 0, key, ack: message.seq, data: null, sharedPort: entry.port });
}

function pickPort(address, addressType, flags) {
  const { ServerHandle } = require('internal/net/handles');
  const tryListen = (ip) => {
    const handle = new ServerHandle('tcp');
    const err = handle.listenTcp(ip, 0, 1, (flags | 0) | 2);
    if (err) return err;
    const out = {};
    handle.getsockname(out);
    handle.close();
    return out.port;
  };
  if (!address) {
    const port = tryListen('::');
    return typeof port === 'number' && port > 0 ? port : tryListen('0.0.0.0');
  }
  return tryListen(address);
}

function listening(worker, message) {
  const info = {
    addressType: message.addressType,
    address: message.address,
    port: message.port,
    fd: message.fd,
  };
  worker.state = 'listening';
  worker.emit('listening', info);
  cluster.emit('listening', worker, info);
}

function close(worker, message) {
  const entry = handles.get(message.key);
  if (entry === undefined) return;
  entry.workers.delete(worker.id);
  if (entry.workers.size === 0) handles.delete(message.key);
}

Worker.prototype.disconnect = function disconnect() {
  this.exitedAfterDisconnect = true;
  send(this, { act: 'disconnect' });
  removeHandlesForWorker(this);
  removeWorker(this);
  return this;
};

Worker.prototype.destroy = function destroy(signo) {
  const proc = this.process;
  const signal = signo || 'SIGTERM';
  // Only the channel is closed first: unlike disconnect(), kill() leaves
  // exitedAfterDisconnect false (Node 24).
  if (this.isConnected()) {
    this.once('disconnect', () => proc.kill(signal));
    proc.disconnect();
    return;
  }
  proc.kill(signal);
};
