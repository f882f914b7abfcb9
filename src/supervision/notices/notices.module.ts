import { Module } from '@nestjs/common';
import { ProblemPoolModule } from '../../common-problems/pool/problem-pool.module';
import { CommonProblemsNamedModule } from '../../common-problems/named/common-problems-named.module';
import { ProblemPoolRepository } from '../../common-problems/pool/problem-pool.repository';
import { ReportSnapshotsRepository } from '../reports/report-snapshots.repository';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { NoticesController } from './notices.controller';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';

/**
 * Assessment notices (考核通报, #16) of published period reports. The repositories it reads
 * (reports, region names, the pool's clusters) are stateless and provided here; the named
 * common problems of the period come from ProblemTopicsService.listForPeriod.
 */
@Module({
  imports: [ProblemPoolModule, CommonProblemsNamedModule],
  controllers: [NoticesController],
  providers: [NoticesService, NoticesRepository, ReportSnapshotsRepository, GroupNamesRepository, ProblemPoolRepository],
  exports: [NoticesService],
})
export class NoticesModule {}
