import { Module } from '@nestjs/common';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { SlaPoliciesRepository } from './policies/sla-policies.repository';
import { SlaTimersService } from './sla-timers.service';

/** Deadlines and the working-day calendar, for the appeals module and the sweep. */
@Module({
  providers: [CalendarRepository, CalendarService, SlaPoliciesRepository, SlaTimersService],
  exports: [CalendarService, SlaTimersService],
})
export class SlaModule {}
