import { Module } from '@nestjs/common';
import { AppealEventsRepository } from '../../appeals/events/appeal-events.repository';
import { NotificationsModule } from '../../notifications/notifications.module';
import { SlaModule } from '../sla.module';
import { LeaseRepository } from './lease.repository';
import { SlaSweepController } from './sla-sweep.controller';
import { SlaSweepCron } from './sla-sweep.cron';
import { SlaSweepService } from './sla-sweep.service';
import { SweepRepository } from './sweep.repository';

/**
 * The timer sweep. AppealEventsRepository is stateless and the only writer of appeal_events,
 * provided here directly so this module does not depend on the whole appeals module.
 */
@Module({
  imports: [SlaModule, NotificationsModule],
  controllers: [SlaSweepController],
  providers: [SlaSweepService, SlaSweepCron, SweepRepository, LeaseRepository, AppealEventsRepository],
  exports: [SlaSweepService],
})
export class SlaSweepModule {}
