'use strict';

// node:readline on non-terminal streams against node's: line splitting
// across chunks and line endings, question/prompt, close, async iteration.

const { PassThrough } = require('stream');

const settle = async () => { for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r)); };

const scenarios = {
  async lines(R, log) {
    const input = new PassThrough();
    const rl = R.createInterface({ input });
    rl.on('line', (l) => log('line', JSON.stringify(l)));
    rl.on('close', () => log('close'));
    input.write('first\nsec');
    input.write('ond\r\nthird\rfourth\r');
    input.write('\nfifth\n\nlast without newline');
    input.end();
    await settle();
  },
  async utf8Split(R, log) {
    const input = new PassThrough();
    const rl = R.createInterface({ input });
    rl.on('line', (l) => log('line', l));
    const bytes = Buffer.from('€uro\nñ\n');
    input.write(bytes.subarray(0, 1));
    input.write(bytes.subarray(1, 5));
    input.end(bytes.subarray(5));
    await settle();
  },
  async question(R, log) {
    const input = new PassThrough();
    const out = [];
    const output = new PassThrough();
    output.on('data', (d) => out.push(d.toString()));
    const rl = R.createInterface({ input, output, terminal: false });
    rl.question('Name? ', (a) => log('answer', a));
    rl.on('line', (l) => log('line after question', l));
    input.write('Ada\nnext\n');
    await settle();
    rl.setPrompt('$ ');
    rl.prompt();
    log('prompt', rl.getPrompt());
    rl.close();
    try { rl.question('again?', () => {}); } catch (e) { log(e.code, e.message); }
    await settle();
    log('output', JSON.stringify(out.join('')));
  },
  async asyncIterator(R, log) {
    const input = new PassThrough();
    const rl = R.createInterface({ input, crlfDelay: Infinity });
    setImmediate(() => input.end('a\nb\nc\n'));
    for await (const line of rl) log('iter', line);
    log('done');
  },
  async promises(R, log) {
    const input = new PassThrough();
    const output = new PassThrough();
    const rl = R.promises.createInterface({ input, output });
    setImmediate(() => input.write('42\n'));
    log('answer', await rl.question('How many? '));
    rl.close();
  },
  async pauseResume(R, log) {
    const input = new PassThrough();
    const rl = R.createInterface({ input });
    rl.on('pause', () => log('pause'));
    rl.on('resume', () => log('resume'));
    rl.on('line', (l) => log('line', l));
    rl.pause();
    input.write('x\n');
    await settle();
    rl.resume();
    await settle();
    rl.close();
    log('closed', rl.closed);
  },
  cursorHelpers(R, log) {
    const chunks = [];
    const stream = { write(d) { chunks.push(d); return true; } };
    R.cursorTo(stream, 3);
    R.cursorTo(stream, 3, 4);
    R.moveCursor(stream, -2, 5);
    R.moveCursor(stream, 1, -1);
    R.clearLine(stream, -1);
    R.clearLine(stream, 1);
    R.clearLine(stream, 0);
    R.clearScreenDown(stream);
    log(JSON.stringify(chunks));
  },
};

module.exports = async function(t, createLoader) {
  const { load } = createLoader();
  const ours = load('readline');
  const theirs = require('readline');
  for (const [name, scenario] of Object.entries(scenarios)) {
    const run = async (R) => {
      const lines = [];
      const log = (...args) => lines.push(args.join(' '));
      try {
        await scenario(R, log);
      } catch (err) {
        lines.push(`scenario threw ${err.stack}`);
      }
      return lines.join('\n');
    };
    t.same(await run(ours), await run(theirs), `scenario ${name}`);
  }
};
