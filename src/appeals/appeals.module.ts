import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentsModule } from '../departments/departments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoutingModule } from '../routing/routing.module';
import { SlaModule } from '../sla/sla.module';
import { AppealActionsController } from './appeal-actions.controller';
import { AppealsController } from './appeals.controller';
import { AppealsRepository } from './appeals.repository';
import { AppealsService } from './appeals.service';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentStore } from './attachments/attachment-store';
import { AttachmentsService } from './attachments/attachments.service';
import { AppealEventsRepository } from './events/appeal-events.repository';
import { AppealHistory } from './events/appeal-history';
import { PerformActionUseCase } from './usecases/perform-action.usecase';
import { SubmitAppealUseCase } from './usecases/submit-appeal.usecase';
import { SubmissionRepository } from './submission.repository';
import { AppealAttachmentsRepository } from './attachments/attachments.repository';
import { AppealNumbers } from './appeal-numbers';
import { CommonProblemsModule } from '../common-problems/common-problems.module';
import { CohandlingCoreModule } from '../cohandling/cohandling-core.module';
import { TaskForcesCoreModule } from '../taskforces/task-forces-core.module';

@Module({
  imports: [CategoriesModule, DepartmentsModule, RoutingModule, SlaModule, NotificationsModule, CommonProblemsModule, CohandlingCoreModule, TaskForcesCoreModule],
  controllers: [AppealsController, AppealActionsController, AttachmentsController],
  providers: [AppealsRepository, AppealEventsRepository, AppealHistory, AppealsService, AttachmentsService, AttachmentStore, PerformActionUseCase, SubmitAppealUseCase, SubmissionRepository, AppealAttachmentsRepository, AppealNumbers],
  exports: [AppealsRepository, AppealEventsRepository, AppealHistory, AppealsService, PerformActionUseCase, SubmitAppealUseCase, AttachmentsService, AttachmentStore],
})
export class AppealsModule {}
