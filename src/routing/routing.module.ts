import { Module } from '@nestjs/common';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentsModule } from '../departments/departments.module';
import { RegionsModule } from '../regions/regions.module';
import { TaskForcesCoreModule } from '../taskforces/task-forces-core.module';
import { RoutingController } from './routing.controller';
import { RoutingRulesRepository } from './routing-rules.repository';
import { RoutingService } from './routing.service';

@Module({
  imports: [CategoriesModule, DepartmentsModule, RegionsModule, TaskForcesCoreModule],
  controllers: [RoutingController],
  providers: [RoutingRulesRepository, RoutingService],
  exports: [RoutingService],
})
export class RoutingModule {}
