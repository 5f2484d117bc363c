// cross-spawn: sync and async child processes.
const spawn = require('cross-spawn');
const r = spawn.sync('sh', ['-c', 'echo out; echo err >&2; exit 3'], { encoding: 'utf8' });
console.log(r.status, JSON.stringify(r.stdout), JSON.stringify(r.stderr));
const r2 = spawn.sync('definitely-not-a-command-xyz', []);
console.log(r2.error && r2.error.code, r2.status);
const child = spawn('sh', ['-c', 'read x; echo "got $x"; exit 2'], { stdio: ['pipe', 'pipe', 'inherit'] });
let out = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d) => { out += d; });
child.on('close', (code, signal) => console.log('close', code, signal, JSON.stringify(out)));
child.stdin.end('hello\n');
