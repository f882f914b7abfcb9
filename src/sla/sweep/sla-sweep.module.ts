import { Module } from '@nestjs/common';
import { AppealsModule } from '../../appeals/appeals.module';
import { AppealEventsRepository } from '../../appeals/events/appeal-events.repository';
import { AppealHistory } from '../../appeals/events/appeal-history';
import { DepartmentsModule } from '../../departments/departments.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { RoutingModule } from '../../routing/routing.module';
import { SlaModule } from '../sla.module';
import { LeaseRepository } from './lease.repository';
import { RedCardEscalation } from './red-card-escalation';
import { SlaSweepController } from './sla-sweep.controller';
import { SlaSweepCron } from './sla-sweep.cron';
import { SlaSweepService } from './sla-sweep.service';
import { SweepRepository } from './sweep.repository';
import { CoHandlerTaskSweep } from './task-sweep';
import { TaskSweepRepository } from './task-sweep.repository';

/**
 * The timer sweep. AppealEventsRepository is stateless and the only writer of appeal_events,
 * provided here directly for the set-based ladder steps; the red card's level raise goes through
 * the appeals module's use case (the state machine), with the routing rules of the next level.
 */
@Module({
  imports: [SlaModule, NotificationsModule, AppealsModule, RoutingModule, DepartmentsModule],
  controllers: [SlaSweepController],
  providers: [SlaSweepService, SlaSweepCron, SweepRepository, LeaseRepository, AppealEventsRepository, AppealHistory, RedCardEscalation, CoHandlerTaskSweep, TaskSweepRepository],
  exports: [SlaSweepService],
})
export class SlaSweepModule {}
