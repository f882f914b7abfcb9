import { Module } from '@nestjs/common';
import { AppealTextsRepository } from './appeal-texts.repository';
import { LikelyDuplicatesController } from './likely-duplicates.controller';
import { LikelyDuplicatesService } from './likely-duplicates.service';

/** Similar appeals (#16): likely duplicates at intake; the common-problem pool is to come. */
@Module({
  controllers: [LikelyDuplicatesController],
  providers: [AppealTextsRepository, LikelyDuplicatesService],
  exports: [AppealTextsRepository, LikelyDuplicatesService],
})
export class CommonProblemsModule {}
