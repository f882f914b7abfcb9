import { Module } from '@nestjs/common';
import { AppealsModule } from '../appeals/appeals.module';
import { CoHandlerTasksController } from './co-handler-tasks.controller';
import { CoHandlerTasksService } from './co-handler-tasks.service';
import { CohandlingCoreModule } from './cohandling-core.module';

/** The co-handler tasks' API: reading them on an appeal and the departments' and supervisors' steps. */
@Module({
  imports: [AppealsModule, CohandlingCoreModule],
  controllers: [CoHandlerTasksController],
  providers: [CoHandlerTasksService],
  exports: [CoHandlerTasksService],
})
export class CoHandlerTasksModule {}
