// xml2js (sax, events, timers) and csv-parse/papaparse (sync, callback and stream APIs).
const xml2js = require('xml2js');
const { parse: csvParse } = require('csv-parse/sync');
const csvStream = require('csv-parse');
const Papa = require('papaparse');
const xml = '<catalog><book id="b1" lang="en"><title>Node</title><price>29.99</price></book><book id="b2"><title>Rust &amp; V8</title><tags><tag>a</tag><tag>b</tag></tags></book></catalog>';
xml2js.parseString(xml, (err, result) => {
  console.log(err, JSON.stringify(result));
  const builder = new xml2js.Builder({ headless: true });
  console.log(builder.buildObject({ root: { $: { v: '1' }, item: ['x', 'y'] } }));
  xml2js.parseStringPromise('<a><b>1</b></a>', { explicitArray: false }).then((r) => console.log('promise', r));
  xml2js.parseString('<broken', (e) => console.log('xml error', e && e.message.split('\n')[0]));
});
const csv = 'name,age,city\nada,36,London\n"linus, jr",28,"Helsinki"\n';
console.log(csvParse(csv, { columns: true, cast: true }));
const rows = [];
csvStream.parse(csv, { from_line: 2 }).on('data', (r) => rows.push(r)).on('end', () => console.log('stream rows', rows));
console.log(JSON.stringify(Papa.parse(csv, { header: true, dynamicTyping: true }).data), Papa.unparse([{ a: 1, b: 'x,y' }]));
