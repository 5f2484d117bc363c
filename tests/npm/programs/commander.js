// @args: deploy staging --force -t 30 --tag a --tag b
const { Command, Option, InvalidArgumentError } = require('commander');
const program = new Command();
program.name('ship').description('ships things').version('1.2.3').configureOutput({ writeOut: (s) => process.stdout.write('[out] ' + s) });
program.command('deploy')
  .description('deploy to an environment')
  .argument('<env>', 'target environment')
  .option('-f, --force', 'skip checks')
  .option('-t, --timeout <secs>', 'timeout', (v) => { const n = parseInt(v, 10); if (isNaN(n)) throw new InvalidArgumentError('Not a number.'); return n; }, 10)
  .addOption(new Option('--tag <name...>', 'tags').default([]))
  .addOption(new Option('--mode <m>').choices(['fast', 'slow']).default('fast'))
  .action((env, opts, cmd) => { console.log('deploy', env, opts, cmd.name()); });
program.parse();
const help = new Command('tool').option('-d, --debug', 'output extra debugging').option('-s, --small', 'small pizza size').helpInformation();
console.log(help);
const p2 = new Command().exitOverride().configureOutput({ writeErr: (s) => console.log('err:', s.trim()) }).option('-n <n>');
try { p2.parse(['node', 'x', '--bogus'], { from: 'node' }); } catch (e) { console.log(e.code, e.exitCode); }
