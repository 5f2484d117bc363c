// debug: namespaces from DEBUG, enable/disable, custom formatters, output to stderr.
process.env.DEBUG = 'app:*,-app:secret';
process.env.DEBUG_HIDE_DATE = '1';
process.env.DEBUG_COLORS = 'no';
const createDebug = require('debug');
createDebug.log = (...args) => console.log(...args);
const log = createDebug('app:server');
const secret = createDebug('app:secret');
const other = createDebug('lib');
createDebug.formatters.h = (v) => v.toString('hex');
log('listening on %d (%s) %o', 8080, 'http', { a: [1, 2] });
log('buffer %h', Buffer.from('hi'));
secret('hidden');
other('hidden too');
console.log(log.enabled, secret.enabled, other.enabled, createDebug.enabled('app:x'));
const ext = log.extend('db');
ext('extended %j', { q: 1 });
createDebug.enable('lib');
console.log(createDebug.enabled('lib'), createDebug.enabled('app:server'));
