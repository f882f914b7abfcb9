import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { RegionsModule } from '../regions/regions.module';
import { PolicyQuestionsController } from './questions/policy-questions.controller';
import { PolicyQuestionsRepository } from './questions/policy-questions.repository';
import { PolicyQuestionsService } from './questions/policy-questions.service';
import { ReachExportService } from './reach/reach-export.service';
import { ReachController } from './reach/reach.controller';
import { ReachRepository } from './reach/reach.repository';
import { ReachService } from './reach/reach.service';
import { DeliveriesController } from './deliveries.controller';
import { FirmFactsController } from './facts/firm-facts.controller';
import { FirmFactsRepository } from './facts/firm-facts.repository';
import { FirmFactsService } from './facts/firm-facts.service';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { PolicyMatchingModule } from './matching/policy-matching.module';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

/** Support policies and their reach (应知尽知、应享尽享): library, matching, delivery, questions, supervision. */
@Module({
  imports: [RegionsModule, PolicyMatchingModule, AppealsModule],
  controllers: [PoliciesController, DeliveriesController, PolicyQuestionsController, ReachController, FirmFactsController],
  providers: [
    PoliciesRepository,
    PoliciesService,
    DeliveriesRepository,
    DeliveriesService,
    PolicyQuestionsRepository,
    PolicyQuestionsService,
    ReachRepository,
    ReachService,
    ReachExportService,
    FirmFactsRepository,
    FirmFactsService,
  ],
  exports: [PoliciesService, DeliveriesService, PolicyQuestionsService, ReachService, ReachExportService],
})
export class PoliciesModule {}
