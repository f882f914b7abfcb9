import { Global, Module } from '@nestjs/common';
import { OPEN_APPEALS_HANDOVER } from '../../officers/open-appeals-handover';
import { NotificationsModule } from '../../notifications/notifications.module';
import { AppealsRepository } from '../appeals.repository';
import { AppealEventsRepository } from '../events/appeal-events.repository';
import { AppealHistory } from '../events/appeal-history';
import { AppealsOfficerHandover } from './appeals-officer-handover';

/** Global so the officers module receives the real hand-over without importing the appeals module. */
@Global()
@Module({
  imports: [NotificationsModule],
  providers: [AppealsRepository, AppealEventsRepository, AppealHistory, { provide: OPEN_APPEALS_HANDOVER, useClass: AppealsOfficerHandover }],
  exports: [OPEN_APPEALS_HANDOVER],
})
export class AppealsHandoverModule {}
