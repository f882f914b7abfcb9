import { Module } from '@nestjs/common';
import { RegionsModule } from '../regions/regions.module';
import { TaskForcesController } from './task-forces.controller';
import { TaskForcesCoreModule } from './task-forces-core.module';
import { TaskForcesService } from './task-forces.service';

/** Task forces (专班, #20): the admin API and what the console reads. */
@Module({
  imports: [TaskForcesCoreModule, RegionsModule],
  controllers: [TaskForcesController],
  providers: [TaskForcesService],
  exports: [TaskForcesService],
})
export class TaskForcesModule {}
