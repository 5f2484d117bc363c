// dayjs with plugins (TZ=UTC).
const dayjs = require('dayjs');
const utc = require('dayjs/plugin/utc');
const relativeTime = require('dayjs/plugin/relativeTime');
const customParseFormat = require('dayjs/plugin/customParseFormat');
require('dayjs/locale/fr');
dayjs.extend(utc); dayjs.extend(relativeTime); dayjs.extend(customParseFormat);
const d = dayjs('2024-03-10T10:20:30Z');
console.log(d.format('YYYY-MM-DD HH:mm:ss dddd'), d.add(1, 'month').endOf('month').format(), d.utc().toISOString());
console.log(d.from(dayjs('2024-05-10T10:20:30Z')), dayjs('05/02/69 1:02:03 PM -05:00', 'MM/DD/YY H:mm:ss A Z').toISOString());
console.log(d.locale('fr').format('dddd D MMMM'), d.diff('2024-01-01', 'day'), d.isBefore('2025-01-01'), d.daysInMonth());
