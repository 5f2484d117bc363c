// semver: parsing, comparisons, ranges, sorting, coercion.
const semver = require('semver');
const Range = require('semver/classes/range');
const satisfies = require('semver/functions/satisfies');
console.log(semver.valid('1.2.3'), semver.valid('a.b.c'), semver.clean('  =v1.2.3   '));
console.log(satisfies('1.2.3', '1.x || >=2.5.0 || 5.0.0 - 7.2.3'), semver.gt('1.2.3', '9.8.7'));
console.log(semver.minVersion('>=1.0.0'), semver.valid(semver.coerce('v2')), semver.coerce('42.6.7.9.3-alpha').version);
const versions = ['1.2.10', '1.2.9', '1.10.0', '2.0.0-rc.1', '2.0.0', '0.9.9'];
console.log(semver.sort([...versions]), semver.rsort([...versions]));
console.log(semver.maxSatisfying(versions, '^1.2.0'), semver.inc('1.2.3', 'prerelease', 'beta'));
console.log(new Range('>=1.2 <3 || ~4.1').toString(), semver.intersects('^1.2', '~1.5'));
console.log(semver.diff('1.2.3', '1.3.0'), semver.parse('3.4.5-alpha.1+build.7'));
try { new semver.SemVer('nope'); } catch (e) { console.log(e.name, e.message); }
