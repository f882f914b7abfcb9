import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { BooleanQuery } from '../../common/query/boolean-query';
import { DEADLINE_BASES, type DeadlineBasis } from '../../sla/domain/deadline-basis';
import { CO_HANDLER_TASK_STATUSES, type CoHandlerTaskStatus, MAX_ANSWER_ATTACHMENTS, MAX_TASK_TEXT } from '../domain';
import { PageOf } from '../../common/dto/page.dto';

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

  @ApiPropertyOptional({
    type: [Number],
    maxItems: MAX_ANSWER_ATTACHMENTS,
    description: "Files of the appeal your department's handlers uploaded (POST /api/appeals/{id}/attachments) that this answer carries; each belongs to one answer",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ANSWER_ATTACHMENTS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  attachmentIds?: number[];
}

/** A file the co-handler's answer carries (download it through the appeal's attachments). */
export class TaskAttachmentDto {
  @ApiProperty() id: number;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() createdAt: Date;
}

export class TaskReasonDto extends TaskActionDto {
  @ApiProperty({ description: 'Why; required', maxLength: MAX_TASK_TEXT }) @IsString() @Length(2, MAX_TASK_TEXT)
  reason: string;
}

export const TASK_LIGHTS = ['green', 'yellow', 'red'] as const;

/** Which tasks a department's list shows: `owing` (open or signed, the default), `all`, or one status. */
export const TASK_LIST_STATUSES = ['owing', 'all', ...CO_HANDLER_TASK_STATUSES] as const;
export type TaskListStatus = (typeof TASK_LIST_STATUSES)[number];

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
  @ApiProperty({
    enum: TASK_LIGHTS,
    nullable: true,
    description: 'While the part is owed (open or signed): green, yellow from the same share of its time as appeals (sla.yellow_share), red once overdue, as the SLA sweep last judged it; null once answered, objected, waived or withdrawn',
  })
  warningLight: (typeof TASK_LIGHTS)[number] | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the SLA sweep reminded the department of the overdue task (催办, once per task)' })
  remindedAt: Date | null;
  @ApiProperty({ description: 'The department may object until then (one working day)' })
  objectionDeadlineAt: Date;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) signedByName: string | null;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ nullable: true, type: Date }) answeredAt: Date | null;
  @ApiProperty({ type: [TaskAttachmentDto], description: 'The files the answer carries (GET /api/appeals/{appealId}/attachments/{id})' })
  attachments: TaskAttachmentDto[];
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

export class DepartmentTasksQueryDto extends PageQueryDto {
  /** owing: open or signed (default); all; or one status */
  @ApiPropertyOptional({ enum: TASK_LIST_STATUSES, default: 'owing' })
  @IsOptional()
  @IsIn(TASK_LIST_STATUSES)
  status: TaskListStatus = 'owing';

  /** The warning light of owed tasks (a light filter shows owed tasks only) */
  @ApiPropertyOptional({ enum: TASK_LIGHTS })
  @IsOptional()
  @IsIn(TASK_LIGHTS)
  light?: (typeof TASK_LIGHTS)[number];

  /** Owed and past the deadline (true), or not (false) */
  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  overdue?: boolean;
}

/** A task in the department's list: the task with the appeal it belongs to. */
export class DepartmentCoHandlerTaskDto extends CoHandlerTaskDto {
  @ApiProperty({ example: '2026-000123' }) appealNumber: string;
  @ApiProperty() appealTitle: string;
  @ApiProperty({ nullable: true, type: String, description: 'The lead department (主办)' }) leadDepartmentName: string | null;
}

export class DepartmentTaskPageDto extends PageOf(DepartmentCoHandlerTaskDto) {}
