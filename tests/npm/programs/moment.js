// moment (TZ=UTC): parsing, formats, locales, durations.
const moment = require('moment');
require('moment/locale/es');
const m = moment.utc('2024-07-04T12:00:00Z');
console.log(m.format('dddd, MMMM Do YYYY, h:mm:ss a'), m.clone().add(7, 'days').format('L LT'), m.toISOString());
console.log(m.clone().locale('es').format('LLLL'), moment.duration(3725, 'seconds').humanize(), moment.duration({ h: 1, m: 2 }).asMinutes());
console.log(moment.utc('2024-01-31').add(1, 'month').format('YYYY-MM-DD'), m.from(moment.utc('2024-07-01T12:00:00Z')), moment('not a date', 'YYYY-MM-DD', true).isValid());
console.log(m.startOf('isoWeek').format(), m.week(), moment.utc([2020, 1, 29]).isLeapYear(), moment.version);
