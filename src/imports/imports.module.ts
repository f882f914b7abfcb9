import { Module } from '@nestjs/common';
import { OfficersModule } from '../officers/officers.module';
import { PolicyMatchingModule } from '../policies/matching/policy-matching.module';
import { EnterpriseImportController } from './enterprise-import.controller';
import { EnterpriseImportRepository } from './enterprise-import.repository';
import { EnterpriseImportService } from './enterprise-import.service';

/** Bulk import of the enterprise list (CSV / XLSX). */
@Module({
  imports: [OfficersModule, PolicyMatchingModule],
  controllers: [EnterpriseImportController],
  providers: [EnterpriseImportRepository, EnterpriseImportService],
  exports: [EnterpriseImportService],
})
export class ImportsModule {}
