// chai (ESM) assertions and mocha run programmatically with the TAP reporter.
import { expect, assert, AssertionError } from 'chai';
import Mocha from 'mocha';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
expect([1, 2, 3]).to.have.lengthOf(3).and.include(2);
expect({ a: { b: 1 } }).to.deep.equal({ a: { b: 1 } });
assert.strictEqual(1 + 1, 2);
try { expect('abc').to.match(/^x/); } catch (e) { console.log(e instanceof AssertionError, e.message); }
try { expect({ a: 1 }).to.deep.equal({ a: 2 }); } catch (e) { console.log(e.message, e.showDiff); }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mocha-'));
fs.writeFileSync(path.join(dir, 'math.spec.cjs'), `
const assert = require('assert');
describe('math', () => {
  it('adds', () => assert.strictEqual(1 + 2, 3));
  it('async', async () => { await new Promise((r) => setTimeout(r, 5)); });
  it.skip('skipped', () => {});
  describe('nested', () => { it('done callback', (done) => setImmediate(done)); });
});
`);
const mocha = new Mocha({ reporter: 'tap' });
mocha.addFile(path.join(dir, 'math.spec.cjs'));
mocha.run((failures) => {
  console.log('failures', failures);
  fs.rmSync(dir, { recursive: true });
  process.exitCode = 0;
});
