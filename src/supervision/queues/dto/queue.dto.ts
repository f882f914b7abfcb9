import { DEADLINE_BASES, type DeadlineBasis } from '../../../sla/domain/deadline-basis';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { QUEUES } from '../queues.repository';
import { APPEAL_STATUSES } from '../../../appeals/domain/appeal-status';
import { SUPERVISION_LEVELS } from '../../../sla/domain/escalation-ladder';
import { IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../../common/validation/query-fields';

export class QueueQueryDto extends PageQueryDto {
  /** This region and below (must lie in your reach) */
  @ApiPropertyOptional({ example: '510104' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** The lead department (for supervision orders: the department the order went to) */
  @IsOptionalPositiveInt()
  departmentId?: number;

  /** The firm's liaison officer */
  @IsOptionalPositiveInt()
  officerId?: number;
}

export class QueueItemDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-000123' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: APPEAL_STATUSES }) status: string;
  @ApiProperty({ enum: ['normal', 'urgent'] }) urgency: string;
  @ApiProperty({ enum: ['county', 'city', 'province'] }) level: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() categoryId: number;
  @ApiProperty() categoryName: string;
  @ApiProperty({ nullable: true, type: Number }) leadDepartmentId: number | null;
  @ApiProperty({ nullable: true, type: String }) leadDepartmentName: string | null;
  @ApiProperty({ nullable: true, type: Number }) officerId: number | null;
  @ApiProperty({ nullable: true, type: String }) officerName: string | null;
  /** The deadline this queue is sorted by: current deadline, response limit, verification window or order reply */
  @ApiProperty({ nullable: true, type: Date }) dueAt: Date | null;
  /** statutory, or provisional (暂定): counted past the published holiday schedule with weekends as the only rest days */
  @ApiProperty({ enum: DEADLINE_BASES }) dueBasis: DeadlineBasis;
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) warningLight: string;
  @ApiProperty({ enum: SUPERVISION_LEVELS }) supervisionLevel: string;
  @ApiProperty() submittedAt: Date;
  /** Set in the orders-awaiting-reply queue */
  @ApiProperty({ nullable: true, type: Number }) orderId: number | null;
  @ApiProperty({ nullable: true, type: Number }) orderDepartmentId: number | null;
  @ApiProperty({ nullable: true, type: String }) orderDepartmentName: string | null;
  @ApiProperty({ nullable: true, type: Date }) orderIssuedAt: Date | null;
}

export class QueuePageDto {
  @ApiProperty({ enum: QUEUES }) queue: string;
  @ApiProperty({ type: [QueueItemDto] }) items: QueueItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
