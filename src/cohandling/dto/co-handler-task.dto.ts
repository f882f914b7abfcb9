import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Min } from 'class-validator';
import { DEADLINE_BASES, type DeadlineBasis } from '../../sla/domain/deadline-basis';
import { CO_HANDLER_TASK_STATUSES, type CoHandlerTaskStatus, MAX_TASK_TEXT } from '../domain';

/** Every task command carries the task version the caller saw: two people acting at once get a 409, never a silent overwrite. */
export class TaskActionDto {
  @ApiProperty({ description: 'The task version you saw (from the task list)' }) @IsInt() @Min(1)
  version: number;
}

export class AnswerTaskDto extends TaskActionDto {
  @ApiProperty({ description: "The co-handler's part: its opinion or what it did", maxLength: MAX_TASK_TEXT })
  @IsString()
  @Length(1, MAX_TASK_TEXT)
  answer: string;
}

export class TaskReasonDto extends TaskActionDto {
  @ApiProperty({ description: 'Why; required', maxLength: MAX_TASK_TEXT }) @IsString() @Length(2, MAX_TASK_TEXT)
  reason: string;
}

export class CoHandlerTaskDto {
  @ApiProperty() id: number;
  @ApiProperty() appealId: number;
  @ApiProperty() departmentId: number;
  @ApiProperty() departmentName: string;
  @ApiProperty({ description: 'What the lead department asks of this department' }) request: string;
  @ApiProperty({ enum: CO_HANDLER_TASK_STATUSES, description: 'open and signed still owe the part and block the lead from resolving' })
  status: CoHandlerTaskStatus;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ description: 'Counted on the working-day calendar, shorter than the lead’s limit' })
  dueAt: Date;
  @ApiProperty({ enum: DEADLINE_BASES, description: 'provisional (暂定) when counted past the published holiday schedule' })
  dueBasis: DeadlineBasis;
  @ApiProperty({ description: 'Open or signed and past its deadline' }) overdue: boolean;
  @ApiProperty({ description: 'The department may object until then (one working day)' })
  objectionDeadlineAt: Date;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) signedByName: string | null;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) objectionReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) objectedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) waiveReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) waivedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Set when a later routing no longer asked for it' })
  withdrawnAt: Date | null;
  @ApiProperty({ enum: ['sign', 'answer', 'object', 'waive'], isArray: true, description: 'What you may do with this task now' })
  allowedActions: string[];
  @ApiProperty() version: number;
}
