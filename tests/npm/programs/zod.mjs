// zod 4 (ESM): schemas, parse errors, transforms, JSON schema.
import { z } from 'zod';
const User = z.object({
  name: z.string().min(2),
  email: z.email(),
  age: z.number().int().positive().optional(),
  tags: z.array(z.string()).default([]),
  role: z.enum(['admin', 'user']),
});
console.log(User.parse({ name: 'Ada', email: 'ada@example.com', role: 'admin' }));
const r = User.safeParse({ name: 'A', email: 'nope', age: -1, role: 'root' });
console.log(r.success, JSON.stringify(r.error.issues.map((i) => [i.path.join('.'), i.code, i.message])));
console.log(z.prettifyError(r.error));
const Num = z.string().transform((s) => parseInt(s, 10)).pipe(z.number().max(100));
console.log(Num.parse('42'), Num.safeParse('420').success);
const U = z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), a: z.number() }), z.object({ kind: z.literal('b'), b: z.string() })]);
console.log(U.parse({ kind: 'b', b: 'x' }), JSON.stringify(z.toJSONSchema(User)));
console.log(await z.string().refine(async (s) => s.length > 3, 'too short').safeParseAsync('ab').then((x) => x.error.issues[0].message));
