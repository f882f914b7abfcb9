import { Global, Module } from '@nestjs/common';
import { OPEN_APPEALS_HANDOVER } from '../../officers/open-appeals-handover';
import { AppealEventsRepository } from '../events/appeal-events.repository';
import { AppealsOfficerHandover } from './appeals-officer-handover';

/** Global so the officers module receives the real hand-over without importing the appeals module. */
@Global()
@Module({
  providers: [AppealEventsRepository, { provide: OPEN_APPEALS_HANDOVER, useClass: AppealsOfficerHandover }],
  exports: [OPEN_APPEALS_HANDOVER],
})
export class AppealsHandoverModule {}
