import { createChineseDaysCalendar } from './src/sla/calendar-seed/chinese-days-source';
import { DEFAULT_WORKING_HOURS } from './src/sla/domain';
import { WorkingTimeIndex } from './src/supervision/calendar/working-time-index';
const cal = createChineseDaysCalendar();
const idx = new WorkingTimeIndex(cal, DEFAULT_WORKING_HOURS);
for (const d of ['2026-02-25','2026-02-26','2026-02-27','2026-02-28','2026-03-01','2026-03-02']) console.log(d, cal.isWorkingDay(d));
console.log('A5', idx.workingDaysBetween(new Date('2026-02-25T01:00:00Z'), new Date('2026-03-03T08:30:00Z')));
console.log('A2', idx.workingDaysBetween(new Date('2026-03-09T01:00:00Z'), new Date('2026-03-20T01:00:00Z'), [{from:new Date('2026-03-12T01:00:00Z'),to:new Date('2026-03-13T01:00:00Z')}]));
console.log('A1', idx.workingDaysBetween(new Date('2026-03-02T01:00:00Z'), new Date('2026-03-05T01:00:00Z')));
