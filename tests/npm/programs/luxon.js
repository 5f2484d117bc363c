// luxon (Intl-heavy): zones, formats, durations, intervals.
const { DateTime, Duration, Interval, Info, Settings } = require('luxon');
Settings.defaultZone = 'utc';
const dt = DateTime.fromISO('2024-11-05T08:30:00', { zone: 'America/New_York' });
console.log(dt.toISO(), dt.toUTC().toISO(), dt.setZone('Asia/Tokyo').toFormat('yyyy LLL dd HH:mm ZZZZ'));
console.log(dt.toLocaleString(DateTime.DATETIME_FULL), dt.setLocale('fr').toLocaleString(DateTime.DATE_HUGE));
console.log(Duration.fromObject({ hours: 2, minutes: 7 }).toFormat('hh:mm'), Duration.fromISO('P1Y2M3DT4H').toHuman());
console.log(Interval.fromDateTimes(dt, dt.plus({ days: 10 })).length('days'), Info.months('short').join(','), dt.weekNumber, dt.isInDST);
console.log(DateTime.fromFormat('May 25 1982', 'LLLL dd yyyy').toISODate(), DateTime.fromISO('2024-01-01').diff(DateTime.fromISO('2023-01-01'), ['months', 'days']).toObject());
console.log(dt.toRelative({ base: dt.plus({ hours: 3 }) }), DateTime.fromSQL('2017-05-15 09:24:15').toRFC2822());
