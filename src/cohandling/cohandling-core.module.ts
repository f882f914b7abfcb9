import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { CoHandlerTaskRouting } from './co-handler-task-routing';
import { CoHandlerTasksRepository } from './co-handler-tasks.repository';

/**
 * The co-handler tasks' storage and their routing rule, imported by the appeals module (its use
 * case keeps tasks in step with the co-handling departments); the task API lives in
 * CoHandlerTasksModule, which builds on the appeals module.
 */
@Module({
  imports: [SlaModule],
  providers: [CoHandlerTasksRepository, CoHandlerTaskRouting],
  exports: [CoHandlerTasksRepository, CoHandlerTaskRouting],
})
export class CohandlingCoreModule {}
