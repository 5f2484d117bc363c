// @args: -x 3 -y4 -abc --name=nodus --no-color --list a --list b -- rest --not-an-opt
const parse = require('minimist');
console.log(parse(process.argv.slice(2)));
console.log(parse(process.argv.slice(2), { string: ['x'], boolean: ['color'], alias: { n: 'name' }, default: { z: 9 }, '--': true }));
