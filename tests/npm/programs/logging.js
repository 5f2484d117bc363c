// pino (sonic-boom writes to fd 1) and winston (console transport, formats).
const pino = require('pino');
const winston = require('winston');
const log = pino({ base: null, timestamp: false, level: 'debug' });
log.info('hello pino');
log.debug({ user: 'ada', nested: { a: [1, 2] } }, 'with object');
log.child({ req: 7 }).warn('child logger');
log.error({ err: { type: 'Error', message: 'boom' } }, 'failed');
const logger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.splat(), winston.format.json()),
  transports: [new winston.transports.Console({ forceConsole: true })],
});
logger.info('winston %s', 'splat', { meta: true });
logger.warn({ message: 'object message', code: 42 });
logger.debug('not shown');
const simple = winston.createLogger({ format: winston.format.simple(), transports: [new winston.transports.Console({ forceConsole: true })] });
simple.error('simple format');
