// iconv-lite: legacy encodings over Buffer, streaming decode.
const iconv = require('iconv-lite');
const buf = iconv.encode('Grüße, Привет, 日本', 'win1251');
console.log(buf, iconv.decode(buf, 'win1251'));
console.log(iconv.encode('€ and ü', 'latin1'), iconv.encode('€ and ü', 'cp1252'), iconv.decode(Buffer.from([0x80, 0xfc]), 'cp1252'));
console.log(iconv.encode('日本語', 'shift_jis'), iconv.decode(iconv.encode('日本語', 'gbk'), 'gbk'), iconv.encode('hé', 'utf16le'), iconv.encode('hé', 'utf-16be'));
console.log(iconv.encodingExists('koi8-r'), iconv.encodingExists('nope'), iconv.decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), 'utf8'));
const dec = iconv.getDecoder('utf8');
console.log(JSON.stringify(dec.write(Buffer.from([0xe2, 0x82]))), JSON.stringify(dec.write(Buffer.from([0xac]))), JSON.stringify(dec.end()));
const s = iconv.decodeStream('cp866');
let text = '';
s.on('data', (d) => { text += d; });
s.on('end', () => console.log('stream', text));
s.write(Buffer.from([0x8f, 0xe0, 0xa8]));
s.end(Buffer.from([0xa2, 0xa5, 0xe2]));
