// @args: serve --port 8080 -v -v --host=localhost extra
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

const argv = yargs(hideBin(process.argv))
  .scriptName('app')
  .command('serve [dir]', 'start the server', (y) => y.positional('dir', { default: '.', describe: 'root' }))
  .option('port', { alias: 'p', type: 'number', default: 3000, describe: 'port to bind' })
  .option('verbose', { alias: 'v', type: 'count' })
  .option('host', { type: 'string' })
  .strict(false)
  .wrap(80)
  .parse();
console.log(argv._, argv.dir, argv.port, argv.verbose, argv.host);

const out = await yargs(['--help']).scriptName('app')
  .usage('$0 <cmd> [args]')
  .command('build <target>', 'build a target')
  .option('watch', { type: 'boolean', describe: 'rebuild on change' })
  .wrap(80).exitProcess(false)
  .getHelp();
console.log(out);
try {
  yargs(['--num', 'x']).option('num', { type: 'number', demandOption: true }).check((a) => { if (Number.isNaN(a.num)) throw new Error('num must be a number'); return true; }).fail((msg) => { throw new Error('failed: ' + msg); }).exitProcess(false).parse();
} catch (e) { console.log(e.message); }
