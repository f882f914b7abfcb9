import { Module } from '@nestjs/common';
import { PolicyMatchingRepository } from './policy-matching.repository';
import { PolicyMatchingService } from './policy-matching.service';

/**
 * The matching alone, with no other dependency, so the enterprise update and the import can
 * re-match the firms they changed without depending on the whole policies feature.
 */
@Module({
  providers: [PolicyMatchingRepository, PolicyMatchingService],
  exports: [PolicyMatchingService],
})
export class PolicyMatchingModule {}
