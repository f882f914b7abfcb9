import { Module } from '@nestjs/common';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { ProblemPoolModule } from '../pool/problem-pool.module';
import { CommonProblemsController } from './common-problems.controller';
import { CommonProblemsRepository } from './common-problems.repository';
import { CommonProblemsService } from './common-problems.service';
import { ProblemExportsController } from './problem-exports.controller';
import { ProblemExportsService } from './problem-exports.service';
import { ProblemTopicsService } from './problem-topics.service';

/**
 * Named common problems and topics (#16), on top of the pool's clusters. ProblemTopicsService is
 * exported for the assessment notice (`listForPeriod`) and the console.
 */
@Module({
  imports: [ProblemPoolModule],
  controllers: [ProblemExportsController, CommonProblemsController],
  providers: [CommonProblemsRepository, CommonProblemsService, ProblemTopicsService, ProblemExportsService, GroupNamesRepository],
  exports: [CommonProblemsService, ProblemTopicsService, ProblemExportsService, CommonProblemsRepository],
})
export class CommonProblemsNamedModule {}
