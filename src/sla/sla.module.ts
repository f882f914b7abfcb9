import { Module } from '@nestjs/common';
import { CalendarApiService } from './calendar/calendar-api.service';
import { CalendarController } from './calendar/calendar.controller';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { SlaPoliciesController } from './policies/sla-policies.controller';
import { SlaPoliciesRepository } from './policies/sla-policies.repository';
import { SlaPoliciesService } from './policies/sla-policies.service';
import { SlaTimersService } from './sla-timers.service';
import { YearDeclaredHook } from './calendar/year-declared.hook';
import { CoverageWarningsRepository } from './calendar/coverage-warnings.repository';
import { CoverageWarningsService } from './calendar/coverage-warnings.service';

/** Deadlines, the working-day calendar and the SLA policies, for the appeals module and the sweep. */
@Module({
  controllers: [CalendarController, SlaPoliciesController],
  providers: [
    CalendarRepository,
    CalendarService,
    CalendarApiService,
    SlaPoliciesRepository,
    SlaPoliciesService,
    SlaTimersService,
    YearDeclaredHook,
    CoverageWarningsRepository,
    CoverageWarningsService,
  ],
  exports: [
    CalendarService,
    SlaTimersService,
    CalendarApiService,
    SlaPoliciesService,
    CalendarRepository,
    YearDeclaredHook,
    CoverageWarningsService,
  ],
})
export class SlaModule {}
