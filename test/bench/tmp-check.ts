import { createChineseDaysCalendar } from '../../src/sla/calendar-seed/chinese-days-source';
import { instantOverdueDaysReach } from '../../src/sla/sweep/sweep-planner';
import { DEFAULT_WORKING_HOURS } from '../../src/sla/domain/working-hours';
import { addWorkingDays } from '../../src/sla/domain/deadline';
import { CalendarMath } from './dataset/calendar-math';
const cal = createChineseDaysCalendar(); const m = new CalendarMath(cal);
let bad = 0;
for (let i = 0; i < 200000; i++) {
  const t = Date.parse('2024-11-01T00:00:00Z') + Math.floor(Math.random() * 700 * 86400000 / 60000) * 60000 + (i % 7 === 0 ? 3600000 : 0);
  const d = [1, 2, 5, 10][i % 4];
  if (m.overdueDaysReached(t, d) !== instantOverdueDaysReach(new Date(t), d, cal, DEFAULT_WORKING_HOURS).getTime()) bad++;
  if (m.addWorkingDays(t, d) !== addWorkingDays(new Date(t), d, cal, DEFAULT_WORKING_HOURS).getTime()) bad++;
}
// exact openings
for (let day = 0; day < 700; day++) { const t = Date.parse('2024-11-01T01:00:00Z') + day * 86400000; for (const d of [2,5]) if (m.overdueDaysReached(t, d) !== instantOverdueDaysReach(new Date(t), d, cal, DEFAULT_WORKING_HOURS).getTime()) bad++; }
console.log('mismatches', bad);
