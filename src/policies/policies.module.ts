import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { PolicyMatchingModule } from './matching/policy-matching.module';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

/** Support policies and their reach (应知尽知、应享尽享): library, matching, delivery, questions, supervision. */
@Module({
  imports: [RegionsModule, PolicyMatchingModule],
  controllers: [PoliciesController, DeliveriesController],
  providers: [PoliciesRepository, PoliciesService, DeliveriesRepository, DeliveriesService],
  exports: [PoliciesService, DeliveriesService],
})
export class PoliciesModule {}
