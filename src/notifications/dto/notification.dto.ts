import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsOptionalBooleanQuery } from '../../common/validation/query-fields';

export class NotificationDto {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: Number }) appealId: number | null;
  /** e.g. appeal.route, appeal.remind, appeal.due_soon */
  @ApiProperty({ example: 'appeal.route' }) kind: string;
  @ApiProperty({ example: '【2026-000123】新诉求已交办本单位，请及时签收' }) title: string;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class ListNotificationsQuery extends PageQueryDto {
  /** Only unread ones */
  @IsOptionalBooleanQuery()
  unread?: boolean;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3 }) count: number;
}

export class ReadAllDto {
  @ApiProperty({ example: 3, description: 'How many were marked read' }) updated: number;
}
