'use strict';
// node:cluster. A process started by cluster.fork() has NODE_UNIQUE_ID in
// its environment and gets the worker side; every other process is a
// primary (Node's choice, made once when the module loads).

const side = Object.prototype.hasOwnProperty.call(process.env, 'NODE_UNIQUE_ID') ? 'child' : 'primary';
module.exports = require(`internal/cluster/${side}`);
