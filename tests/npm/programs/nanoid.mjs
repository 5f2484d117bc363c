// nanoid (ESM-only, uses node:crypto webcrypto/getRandomValues).
import { nanoid, customAlphabet, urlAlphabet, customRandom } from 'nanoid';
const id = nanoid();
console.log(id.length, /^[A-Za-z0-9_-]+$/.test(id), nanoid(10).length, urlAlphabet.length);
const hex = customAlphabet('0123456789abcdef', 12);
console.log(/^[0-9a-f]{12}$/.test(hex()));
let seed = 1;
const rnd = customRandom('abcdef', 10, (size) => new Uint8Array(size).map(() => (seed = (seed * 7 + 3) % 256)));
console.log(rnd());
console.log(new Set(Array.from({ length: 2000 }, () => nanoid())).size);
