import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OfficersModule } from '../officers/officers.module';
import { PolicyMatchingModule } from '../policies/matching/policy-matching.module';
import { RegionsModule } from '../regions/regions.module';
import { Enterprise } from './enterprise.entity';
import { EnterprisesController } from './enterprises.controller';
import { EnterprisesRepository } from './enterprises.repository';
import { EnterprisesService } from './enterprises.service';

@Module({
  imports: [TypeOrmModule.forFeature([Enterprise]), RegionsModule, OfficersModule, PolicyMatchingModule],
  controllers: [EnterprisesController],
  providers: [EnterprisesRepository, EnterprisesService],
  exports: [EnterprisesService, EnterprisesRepository],
})
export class EnterprisesModule {}
