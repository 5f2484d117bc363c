// chalk 4 (CommonJS): levels, nesting, templates.
process.env.FORCE_COLOR = '1';
const chalk = require('chalk');
console.log(JSON.stringify(chalk.red('red') + chalk.bold.blue('bold blue') + chalk.bgGreen.black(' ok ')));
console.log(JSON.stringify(chalk.hex('#ff8800')('hex') + chalk.rgb(10, 20, 30).underline('rgb')), chalk.level);
const c256 = new chalk.Instance({ level: 2 });
console.log(JSON.stringify(c256.hex('#ff8800')('256') + c256.keyword('orange')('kw')));
const plain = new chalk.Instance({ level: 0 });
console.log(plain.red('no colour'), JSON.stringify(chalk`{bold.red Hello} {green world}`));
console.log(JSON.stringify(chalk.red(`a ${chalk.blue('b')} c`)), chalk.supportsColor);
