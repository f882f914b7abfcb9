import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { CoverageController } from './coverage/coverage.controller';
import { CoverageRepository } from './coverage/coverage.repository';
import { CoverageService } from './coverage/coverage.service';
import { OfficerAssignmentsRepository } from './officer-assignments.repository';
import { OfficerAssignmentsService } from './officer-assignments.service';
import { OfficersController } from './officers.controller';

/**
 * Liaison officers: assignment, history, bulk handover and coverage. Open appeals follow a
 * reassigned firm through OPEN_APPEALS_HANDOVER (see open-appeals-handover.ts), which the
 * appeals module provides from a global module; without it the step is skipped.
 */
@Module({
  imports: [RegionsModule],
  controllers: [OfficersController, CoverageController],
  providers: [OfficerAssignmentsRepository, OfficerAssignmentsService, CoverageRepository, CoverageService],
  exports: [OfficerAssignmentsService, OfficerAssignmentsRepository, CoverageService],
})
export class OfficersModule {}
