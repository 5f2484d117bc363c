// immer (ESM): produce, patches, frozen results.
import { produce, enablePatches, enableMapSet, applyPatches, freeze, current, original } from 'immer';
enablePatches();
enableMapSet();
const base = { todos: [{ id: 1, done: false, title: 'a' }], meta: { n: 1 } };
let patches, inverse;
const next = produce(base, (draft) => {
  draft.todos[0].done = true;
  draft.todos.push({ id: 2, done: false, title: 'b' });
  console.log(current(draft).todos.length, original(draft.todos).length);
}, (p, ip) => { patches = p; inverse = ip; });
console.log(next, base.todos.length, next.meta === base.meta, Object.isFrozen(next.todos));
console.log(patches, inverse);
console.log(applyPatches(next, inverse));
const m = produce(new Map([['a', 1]]), (d) => { d.set('b', 2); });
console.log(m, freeze({ x: [1] }, true));
