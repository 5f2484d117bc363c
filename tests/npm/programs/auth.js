// jsonwebtoken (HMAC with node:crypto), bcryptjs (pure JS, crypto random for salts), ini and dotenv.
const jwt = require('jsonwebtoken');
const bcrypt = require('bcryptjs');
const ini = require('ini');
const dotenv = require('dotenv');
const token = jwt.sign({ sub: 'ada', admin: true, iat: 1700000000 }, 'secret', { algorithm: 'HS256', expiresIn: '1h' });
console.log(token);
console.log(jwt.verify(token, 'secret', { clockTimestamp: 1700000100 }));
try { jwt.verify(token, 'wrong'); } catch (e) { console.log(e.name, e.message); }
try { jwt.verify(token, 'secret', { clockTimestamp: 1800000000 }); } catch (e) { console.log(e.name, e.message, e.expiredAt); }
console.log(jwt.decode(token, { complete: true }).header, jwt.sign({ a: 1, iat: 1 }, 'k', { algorithm: 'HS512' }).length);
const hash = bcrypt.hashSync('hunter2', '$2a$04$abcdefghijklmnopqrstuu');
console.log(hash, bcrypt.compareSync('hunter2', hash), bcrypt.compareSync('nope', hash), bcrypt.getRounds(hash));
const salt = bcrypt.genSaltSync(4);
console.log(salt.length, bcrypt.compareSync('x', bcrypt.hashSync('x', salt)));
console.log(ini.parse('[db]\nhost=localhost\nport=5432\n[flags]\nfast=true\nlist[]=a\nlist[]=b\n'), ini.stringify({ a: { b: 1 }, top: 'x' }));
console.log(dotenv.parse('A=1\nB="two words"\n# comment\nC=\'single\'\nMULTI="line1\\nline2"\n'));
