// joi: object schemas, conversion, error details.
const Joi = require('joi');
const schema = Joi.object({
  username: Joi.string().alphanum().min(3).max(30).required(),
  password: Joi.string().pattern(/^[a-zA-Z0-9]{3,30}$/),
  repeat: Joi.ref('password'),
  birth: Joi.number().integer().min(1900).max(2013),
  email: Joi.string().email({ tlds: { allow: false } }),
  created: Joi.date().iso(),
}).with('username', 'birth').xor('password', 'email');
console.log(schema.validate({ username: 'abc', birth: 1994, email: 'a@b.co', created: '2020-01-01T00:00:00Z' }));
const { error } = schema.validate({ username: 'a!', birth: '19x' }, { abortEarly: false });
console.log(error.name, error.details.map((d) => [d.message, d.type, d.path]));
console.log(Joi.attempt('  42 ', Joi.number()), Joi.string().trim().lowercase().validate(' HI ').value);
try { Joi.assert(5, Joi.string(), 'bad value'); } catch (e) { console.log(e.message); }
console.log(JSON.stringify(schema.describe().keys.username));
