// qs, validator, mime (ESM, imported dynamically from CommonJS).
const qs = require('qs');
const validator = require('validator');
console.log(qs.parse('a[b][c]=d&e[]=1&e[]=2&f=%20x&g[0][h]=i'), qs.stringify({ a: { b: [1, 2] }, c: 'x y' }, { encode: false }));
console.log(qs.stringify({ a: ['b', 'c'] }, { arrayFormat: 'brackets' }), qs.parse('?x=1&y=2', { ignoreQueryPrefix: true }), qs.stringify({ d: new Date(0) }));
console.log(validator.isEmail('foo@bar.com'), validator.isEmail('nope'), validator.isURL('https://nodejs.org/x?y'), validator.isUUID('6ba7b810-9dad-11d1-80b4-00c04fd430c8'));
console.log(validator.isIP('::1'), validator.isCreditCard('4111111111111111'), validator.escape('<a href="x">'), validator.normalizeEmail('Foo.Bar+x@GMail.com'), validator.isISO8601('2024-01-01T00:00:00Z'));
console.log(validator.isMobilePhone('+14155552671', 'en-US'), validator.isAlpha('héllo', 'fr-FR'), validator.toDate('2024-01-02').toISOString(), validator.isJWT('a.b.c'));
import('mime').then(({ default: mime }) => {
  console.log(mime.getType('txt'), mime.getType('x/y/file.json'), mime.getExtension('text/html'), mime.getType('weird.nope'), [...mime.getAllExtensions('image/jpeg')]);
});
