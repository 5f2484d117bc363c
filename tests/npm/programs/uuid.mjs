// uuid (ESM with a CommonJS build, "exports" conditions): v1/v4/v7 shapes, v3/v5 (md5/sha1) exact values.
import { v1, v3, v4, v5, v6, v7, validate, version, parse, stringify, NIL, MAX } from 'uuid';
const re = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
for (const [name, f] of Object.entries({ v1, v4, v6, v7 })) {
  const id = f();
  console.log(name, re.test(id), validate(id), version(id));
}
console.log(v5('hello', v5.DNS), v5('https://nodejs.org', v5.URL), v3('hello', v3.DNS));
const bytes = parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
console.log(bytes, stringify(bytes), NIL, MAX, validate('nope'));
console.log(v4({ random: new Uint8Array(16).fill(7) }), v7({ msecs: 1700000000000, random: new Uint8Array(16).fill(1) }));
const set = new Set(Array.from({ length: 1000 }, () => v4()));
console.log('unique', set.size);
