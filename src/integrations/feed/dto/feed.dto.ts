import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOptionalPositiveInt } from '../../../common/validation/query-fields';
import { Max } from 'class-validator';

export const FEED_MAX_LIMIT = 500;

export class FeedQuery {
  /** The `nextCursor` of the previous page; absent: from the beginning of the feed */
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: FEED_MAX_LIMIT })
  @IsOptionalPositiveInt()
  @Max(FEED_MAX_LIMIT)
  limit = 100;
}

export class FeedActorDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null for the system (the time-limit sweep)' }) id: number | null;
  @ApiProperty({ example: 'officer' }) role: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The machine client that acted, when one did' }) clientId: string | null;
}

export class FeedEventDto {
  @ApiProperty({ description: 'Stable id of the event; deduplicate on it' }) id: number;
  @ApiProperty({ example: 'appeal.accept', description: '`appeal.` and the timeline action' }) type: string;
  @ApiProperty() appealId: number;
  @ApiProperty({ example: '2026-000123' }) appealNumber: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty({ description: 'The event’s number within its appeal (1, 2, …)' }) seq: number;
  @ApiProperty({ example: 'accept', description: 'The timeline action' }) action: string;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty() toStatus: string;
  @ApiProperty({ enum: ['public', 'internal'] }) visibility: string;
  @ApiProperty({ type: FeedActorDto }) actor: FeedActorDto;
  @ApiProperty() occurredAt: Date;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedEventDto], description: 'In feed order (the order events committed)' }) items: FeedEventDto[];
  @ApiProperty({ description: 'Send it as `after` for the next page; keep it to resume later' }) nextCursor: string;
  @ApiProperty({ description: 'More events are available right now: ask again at once; otherwise poll later' }) hasMore: boolean;
}
