// chalk 5 (ESM-only, subpath imports '#ansi-styles', supports-color via node:tty/os/process).
import chalk, { Chalk, supportsColor, chalkStderr } from 'chalk5';
console.log('level', chalk.level, 'supportsColor', supportsColor, 'stderr', chalkStderr.level);
const c = new Chalk({ level: 3 });
console.log(JSON.stringify(c.red.bold('x') + c.hex('#123456')('y') + c.bgAnsi256(200)('z') + c.visible('v')));
const c0 = new Chalk({ level: 0 });
console.log(c0.green('plain'), JSON.stringify(new Chalk({ level: 1 }).rgb(255, 0, 0)('ansi16')));
