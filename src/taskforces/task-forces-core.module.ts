import { Module } from '@nestjs/common';
import { TaskForcesRepository } from './task-forces.repository';

/** The task forces' storage, imported by the appeals module (routing and bring_task_force read it). */
@Module({
  providers: [TaskForcesRepository],
  exports: [TaskForcesRepository],
})
export class TaskForcesCoreModule {}
