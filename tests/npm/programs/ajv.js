// ajv 8: compiled validators (generated code via new Function), formats off, errors.
const Ajv = require('ajv');
const ajv = new Ajv({ allErrors: true });
const schema = {
  type: 'object',
  properties: { foo: { type: 'integer', minimum: 1 }, bar: { type: 'string', pattern: '^[a-z]+$' }, list: { type: 'array', items: { enum: ['x', 'y'] }, uniqueItems: true } },
  required: ['foo'],
  additionalProperties: false,
};
const validate = ajv.compile(schema);
console.log(validate({ foo: 1, bar: 'abc', list: ['x', 'y'] }), validate.errors);
console.log(validate({ foo: 0, bar: 'ABC', list: ['x', 'x', 'z'], extra: 1 }));
console.log(validate.errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message}`));
console.log(ajv.errorsText(validate.errors));
const ajv2 = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: 'all' });
const data = { n: '12', extra: true };
console.log(ajv2.validate({ type: 'object', properties: { n: { type: 'number' }, d: { type: 'string', default: 'dflt' } } }, data), data);
const standalone = require('ajv/dist/standalone').default;
const aj3 = new Ajv({ code: { source: true } });
console.log(standalone(aj3, aj3.compile({ type: 'string', maxLength: 3 })).length > 100);
