// date-fns (ESM, deep imports): formatting and arithmetic on fixed dates (TZ=UTC).
import { format, addDays, differenceInCalendarDays, parseISO, formatDistance, isWeekend, eachDayOfInterval, startOfWeek, formatISO, intervalToDuration, formatDuration } from 'date-fns';
import { enUS, de } from 'date-fns/locale';
import { addMonths } from 'date-fns/addMonths';
const d = parseISO('2024-02-27T13:45:00Z');
console.log(format(d, "yyyy-MM-dd'T'HH:mm 'week' I, EEEE do MMMM"), format(addDays(d, 3), 'PPpp'));
console.log(format(d, 'PPPP', { locale: de }), formatDistance(d, addMonths(d, 3), { addSuffix: true, locale: enUS }));
console.log(differenceInCalendarDays(new Date(2025, 0, 1), d), isWeekend(d), formatISO(startOfWeek(d)));
console.log(eachDayOfInterval({ start: d, end: addDays(d, 3) }).map((x) => format(x, 'EEE d')));
console.log(formatDuration(intervalToDuration({ start: 0, end: 93784000 })));
