// strip-ansi, string-width (ESM), cli-table3 (CommonJS).
import stripAnsi from 'strip-ansi';
import stringWidth from 'string-width';
import Table from 'cli-table3';
console.log(stripAnsi('\u001B[4mUnicorn\u001B[0m \u001B]8;;https://x.y\u0007link\u001B]8;;\u0007'));
console.log(stringWidth('abc'), stringWidth('古池や'), stringWidth('\u001B[1m👍🏽\u001B[22m'), stringWidth('é'), stringWidth('a\u0300'));
const t = new Table({ head: ['name', 'ver'], style: { head: [], border: [] }, colWidths: [10, 12] });
t.push(['nodus', '0.1.0'], ['node', 'v20 long text that wraps'], [{ colSpan: 2, content: 'span' }]);
console.log(t.toString());
const v = new Table({ style: { head: [], border: [] } });
v.push({ key: 'value' }, { '日本': 'wide' });
console.log(v.toString());
