import { Module } from '@nestjs/common';
import { LeaseRepository } from '../../sla/sweep/lease.repository';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { ProblemClusteringService } from './problem-clustering.service';
import { ProblemClustersRepository } from './problem-clusters.repository';
import { ProblemPoolController } from './problem-pool.controller';
import { ProblemPoolRepository } from './problem-pool.repository';
import { ProblemPoolService } from './problem-pool.service';

/**
 * The common-problem pool (#16): clusters kept current by ProblemClusteringService, read per
 * period and region. LeaseRepository and GroupNamesRepository are stateless and provided here.
 */
@Module({
  controllers: [ProblemPoolController],
  providers: [ProblemClustersRepository, ProblemClusteringService, ProblemPoolRepository, ProblemPoolService, LeaseRepository, GroupNamesRepository],
  exports: [ProblemPoolService, ProblemClusteringService],
})
export class ProblemPoolModule {}
