import { Module } from '@nestjs/common';
import { VisitEventsRepository } from './visit-events.repository';
import { VisitNotifier } from './visit-notifier';
import { VisitPlansController } from './visit-plans.controller';
import { VisitPlansService } from './visit-plans.service';
import { VisitPresenter } from './visit-presenter';
import { VisitsController } from './visits.controller';
import { VisitsRepository } from './visits.repository';
import { VisitsService } from './visits.service';

@Module({
  controllers: [VisitsController, VisitPlansController],
  providers: [VisitsRepository, VisitEventsRepository, VisitsService, VisitPresenter, VisitNotifier, VisitPlansService],
  exports: [VisitsService, VisitPlansService],
})
export class VisitsModule {}
