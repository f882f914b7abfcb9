import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsDivisionCode } from '../../../common/validation/query-fields';
import { IsOptionalId } from '../../../common/validation/id-fields';

/** `appeal.<action>` (as in the feed's `type`), `appeal.*` or `*` for every event. */
export const EVENT_TYPE_PATTERN = /^(\*|appeal\.\*|appeal\.[a-z_]{2,32})$/;
const EVENT_TYPE_MESSAGE = 'each event type must be appeal.<action> (e.g. appeal.accept), appeal.* or *';

export class CreateSubscriptionDto {
  /** Required for admins: the client the subscription belongs to (its reach filters the events). A client omits it. */
  @IsOptionalId()
  clientId?: number;

  @ApiProperty({ example: 'https://hotline.example.gov.cn/qiyuan/webhooks', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  url: string;

  @ApiProperty({ type: [String], example: ['appeal.submit', 'appeal.resolve'], description: 'appeal.<action>, appeal.* or *' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ArrayUnique()
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: EVENT_TYPE_MESSAGE })
  eventTypes: string[];

  /** Only appeals in this region and below (within the client's reach); all of its reach when absent */
  @ApiPropertyOptional({ example: '510104' })
  @IsOptional()
  @IsDivisionCode()
  regionCode?: string;
}

export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  url?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ArrayUnique()
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: EVENT_TYPE_MESSAGE })
  eventTypes?: string[];

  /** true re-enables a subscription disabled after repeated failures (its failure count starts over) */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** 24 hours, as for client secrets: long enough to roll the new secret out to every receiver. */
export const DEFAULT_SUBSCRIPTION_OVERLAP_SECONDS = 86_400;
export const MAX_SUBSCRIPTION_OVERLAP_SECONDS = 30 * 86_400;

export class RotateSubscriptionSecretDto {
  /** How long the current secret keeps signing beside the new one (0: it stops at once); default 86400 */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_SUBSCRIPTION_OVERLAP_SECONDS, default: DEFAULT_SUBSCRIPTION_OVERLAP_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SUBSCRIPTION_OVERLAP_SECONDS)
  overlapSeconds?: number;
}

export class SubscriptionDto {
  @ApiProperty() id: number;
  @ApiProperty({
    enum: ['client', 'deployment'],
    description: 'deployment: the deployment-wide subscription materialised from WEBHOOK_URL (no client; every event; listed to admins only)',
  })
  kind: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The owning client (id of /api/clients); null for the deployment-wide subscription' })
  clientId: number | null;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String] }) eventTypes: string[];
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty({ description: 'Failed attempts in a row; the subscription is disabled at 10' }) consecutiveFailures: number;
  @ApiProperty({ nullable: true, type: Date, description: 'While set and in the future, the previous secret signs beside the current one' })
  previousSecretExpiresAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class SubscriptionWithSecretDto extends SubscriptionDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'The signing secret, shown only in this answer' })
  secret: string;
}

export class WebhookDeliveryAttemptDto {
  @ApiProperty() attempt: number;
  @ApiProperty({ enum: ['in_flight', 'delivered', 'failed', 'abandoned'] }) status: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The receiver’s HTTP status' }) responseStatus: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ example: 'msg_3_9812', description: 'The webhook-id header: the same on every attempt' }) id: string;
  @ApiProperty({ example: 'appeal.accept' }) eventType: string;
  @ApiProperty({ enum: ['pending', 'sent', 'dead'], description: 'dead: given up after its attempts' }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
  @ApiProperty({ description: 'When it is tried next (pending)' }) nextAttemptAt: Date;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ type: [WebhookDeliveryAttemptDto] }) attemptLog: WebhookDeliveryAttemptDto[];
}

export class TestDeliveryDto {
  @ApiProperty({ example: 'msg_3_test_1f2e…' }) deliveryId: string;
}
