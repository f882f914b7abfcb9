import { Module } from '@nestjs/common';
import { AppealEventsRepository } from '../../appeals/events/appeal-events.repository';
import { AppealHistory } from '../../appeals/events/appeal-history';
import { NotificationsModule } from '../../notifications/notifications.module';
import { SlaModule } from '../sla.module';
import { LeaseRepository } from '../sweep/lease.repository';
import { CalendarJobsCron } from './calendar-jobs.cron';
import { DeadlineRecomputeRepository } from './deadline-recompute.repository';
import { DeadlineRecomputeService } from './deadline-recompute.service';
import { RecomputeController } from './recompute.controller';
import { CalendarYearService } from './calendar-year.service';
import { SchedulesController } from './schedules.controller';

/** Recomputing provisional deadlines when a year is declared, and the calendar's scheduled work. */
@Module({
  imports: [SlaModule, NotificationsModule],
  controllers: [RecomputeController, SchedulesController],
  providers: [
    CalendarYearService,
    DeadlineRecomputeService,
    DeadlineRecomputeRepository,
    CalendarJobsCron,
    LeaseRepository,
    AppealEventsRepository, AppealHistory,
  ],
  exports: [DeadlineRecomputeService, CalendarYearService],
})
export class RecomputeModule {}
