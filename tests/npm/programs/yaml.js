// js-yaml and yaml: parse, dump, documents, errors.
const jsyaml = require('js-yaml');
const YAML = require('yaml');
const src = `
name: nodus
versions: [1, 2.5, "3"]
nested:
  on: yes
  when: 2024-01-02
  multi: |
    line one
    line two
anchors:
  base: &b { a: 1 }
  ext: { <<: *b, c: 2 }
`;
console.log(jsyaml.load(src));
console.log(jsyaml.dump({ a: [1, { b: 'x y', c: null }], s: 'multi\nline', d: new Date(0) }, { sortKeys: true }));
try { jsyaml.load('a: [1, 2'); } catch (e) { console.log(e.name, e.reason, e.mark.line); }
const doc = YAML.parseDocument(src, { merge: true });
console.log(doc.toJS(), doc.errors.length);
console.log(YAML.stringify({ list: [1, 'two', { three: 3 }], str: 'with: colon' }));
doc.set('name', 'changed');
console.log(String(doc).split('\n').slice(0, 3));
try { YAML.parse('a: b: c'); } catch (e) { console.log(e.name, e.code, e.message.split('\n')[0]); }
