import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsDivisionCode } from '../../../common/validation/query-fields';
import { EXTERNAL_SOURCE } from '../../../appeals/dto/submit-appeal.dto';
import { CLIENT_SCOPES, type ClientScope } from '../client-scopes';
import { CLIENT_AUDIT_ACTIONS } from '../clients.repository';
import { IsOptionalId } from '../../../common/validation/id-fields';

/** A machine acts like a person of one of these roles; never as an admin. */
export const CLIENT_ROLES = ['officer', 'handler', 'supervisor', 'enterprise'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

export const SECRET_STATES = ['active', 'expiring', 'expired', 'revoked'] as const;

/** 24 hours: long enough to roll a new secret out to every instance of the other system. */
export const DEFAULT_OVERLAP_SECONDS = 86_400;
export const MAX_OVERLAP_SECONDS = 30 * 86_400;

export class CreateClientDto {
  @ApiProperty({ example: '四川省12345热线' })
  @IsString()
  @Length(1, 100)
  name: string;

  /** The client's reference namespace: appeals it submits carry this `source` with their own externalId */
  @ApiProperty({ pattern: EXTERNAL_SOURCE.source, example: '12345-sichuan' })
  @Matches(EXTERNAL_SOURCE, { message: 'source must be 2–40 lower-case letters, digits, dots, dashes or underscores' })
  source: string;

  /** The role whose reach and permissions the client acts with */
  @ApiProperty({ enum: CLIENT_ROLES, example: 'officer' })
  @IsIn(CLIENT_ROLES, { message: `role must be one of ${CLIENT_ROLES.join(', ')}` })
  role: ClientRole;

  @ApiProperty({ example: '510100' })
  @IsDivisionCode()
  regionCode: string;

  /** Required for the handler role: the department it acts for (in regionCode) */
  @IsOptionalId()
  departmentId?: number;

  /** Required for the enterprise role: the firm it acts for (in regionCode) */
  @IsOptionalId()
  enterpriseId?: number;

  @ApiProperty({ enum: CLIENT_SCOPES, isArray: true, example: ['appeals:read', 'appeals:write', 'events:read'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLIENT_SCOPES.length)
  @ArrayUnique()
  @IsIn(CLIENT_SCOPES, { each: true, message: `each scope must be one of ${CLIENT_SCOPES.join(', ')}` })
  scopes: ClientScope[];
}

export class UpdateClientDto {
  @ApiPropertyOptional({ example: '四川省12345热线（新）' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: CLIENT_SCOPES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLIENT_SCOPES.length)
  @ArrayUnique()
  @IsIn(CLIENT_SCOPES, { each: true, message: `each scope must be one of ${CLIENT_SCOPES.join(', ')}` })
  scopes?: ClientScope[];
}

export class RotateSecretDto {
  /** How long the current secrets keep working beside the new one (0: stop at once); default 86400 */
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OVERLAP_SECONDS, default: DEFAULT_OVERLAP_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_OVERLAP_SECONDS)
  overlapSeconds?: number;
}

export class ClientSecretDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'The last 4 characters of the secret, to tell secrets apart' }) hint: string;
  @ApiProperty({ enum: SECRET_STATES }) state: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When a rotated secret stops working' }) expiresAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
}

export class ClientDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'qc_k3v9x2m4q8r1t5w7y0zb', description: 'The public client_id for the token endpoint' }) clientId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '12345-sichuan' }) source: string;
  @ApiProperty({ enum: CLIENT_ROLES }) role: string;
  @ApiProperty({ example: '510100' }) regionCode: string;
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiProperty({ nullable: true, type: Number }) enterpriseId: number | null;
  @ApiProperty({ description: 'The account the client acts as: its actions carry this actorId in appeal timelines' }) userId: number;
  @ApiProperty({ enum: CLIENT_SCOPES, isArray: true }) scopes: string[];
  @ApiProperty({ enum: ['active', 'revoked'] }) status: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
  @ApiProperty({ type: [ClientSecretDto] }) secrets: ClientSecretDto[];
}

export class ClientWithSecretDto extends ClientDto {
  @ApiProperty({ example: 'qcs_12_…', description: 'Shown only in this answer; store it now (it is kept hashed)' })
  clientSecret: string;
}

export class ClientAuditEntryDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: CLIENT_AUDIT_ACTIONS, description: 'create, update (name or scopes), rotate_secret, revoke_secret, revoke' })
  action: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The admin who did it' }) actorId: number | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty() at: Date;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What changed: for update `{scopes: {from, to}, name: {from, to}}`; for a secret its `secretId` (and the overlap); `backfilled: true` when reconstructed from the rows at migration',
    example: { scopes: { from: ['appeals:read'], to: ['appeals:read', 'events:read'] } },
  })
  details: Record<string, unknown>;
}
