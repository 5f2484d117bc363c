// eventemitter3 (CommonJS with an ESM wrapper) next to node:events.
const EventEmitter = require('eventemitter3');
const { EventEmitter: NodeEE, once } = require('events');
const e = new EventEmitter();
const ctx = { name: 'ctx' };
e.on('x', function (a, b) { console.log('x', a, b, this.name); }, ctx);
e.once('x', () => console.log('once'));
e.emit('x', 1, 2); e.emit('x', 3, 4);
console.log(e.listenerCount('x'), e.eventNames());
const n = new NodeEE();
once(n, 'ready').then(([v]) => console.log('ready', v));
n.emit('ready', 42);
import('eventemitter3').then((m) => console.log('esm wrapper', typeof m.default, typeof m.EventEmitter));
