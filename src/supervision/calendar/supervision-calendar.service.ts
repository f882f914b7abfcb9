import { Injectable } from '@nestjs/common';
import { CalendarService } from '../../sla/calendar/calendar.service';
import { parseWorkingHours, type WorkingCalendar, type WorkingHoursSettings } from '../../sla/domain';
import { WorkingTimeIndex } from './working-time-index';

/**
 * The working-time index reports measure handling time with: the statutory calendar as the SLA
 * module keeps it (administrators' corrections included) and the working hours a report was
 * computed under. Rebuilt only when either changes.
 */
@Injectable()
export class SupervisionCalendar {
  private cached: { calendar: WorkingCalendar; hoursKey: string; index: WorkingTimeIndex } | undefined;

  constructor(private readonly calendars: CalendarService) {}

  async indexFor(hours: WorkingHoursSettings): Promise<WorkingTimeIndex> {
    const { calendar } = await this.calendars.snapshot();
    const hoursKey = JSON.stringify(hours);
    if (this.cached?.calendar !== calendar || this.cached.hoursKey !== hoursKey) {
      this.cached = { calendar, hoursKey, index: new WorkingTimeIndex(calendar, parseWorkingHours(hours)) };
    }
    return this.cached.index;
  }

  /** A date outside the calendar becomes the API's 422 CALENDAR_NOT_COVERED, with the SLA module's alert. */
  translate(error: unknown, purpose: string): unknown {
    return this.calendars.translate(error, purpose);
  }
}
