import { Injectable } from '@nestjs/common';
import { createChineseDaysCalendar } from '../../sla/calendar-seed/chinese-days-source';
import { parseWorkingHours, type WorkingCalendar, type WorkingHoursSettings } from '../../sla/domain';
import { WorkingTimeIndex } from './working-time-index';

/**
 * The working-time index reports measure handling time with, rebuilt only when the working
 * hours change.
 *
 * The calendar is the statutory one shipped by chinese-days until the SLA module's
 * CalendarService (with administrators' corrections) is available; switching is a change to
 * `loadCalendar` only.
 */
@Injectable()
export class SupervisionCalendar {
  private calendar: WorkingCalendar | undefined;
  private cached: { key: string; index: WorkingTimeIndex } | undefined;

  indexFor(hours: WorkingHoursSettings): WorkingTimeIndex {
    const key = JSON.stringify(hours);
    if (this.cached?.key !== key) {
      this.cached = { key, index: new WorkingTimeIndex(this.loadCalendar(), parseWorkingHours(hours)) };
    }
    return this.cached.index;
  }

  private loadCalendar(): WorkingCalendar {
    this.calendar ??= createChineseDaysCalendar();
    return this.calendar;
  }
}
