import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorBody } from '../../../common/errors/error-body';

/** RFC 6749 §4.4.2: the token request (form-encoded, or JSON). Client credentials may come as HTTP Basic instead. */
export class TokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'] }) grant_type: string;
  @ApiPropertyOptional({ description: 'Space-separated subset of the client’s scopes; all of them when absent', example: 'appeals:read events:read' })
  scope?: string;
  @ApiPropertyOptional({ description: 'When not sent as HTTP Basic (RFC 6749 §2.3.1)' }) client_id?: string;
  @ApiPropertyOptional({ description: 'When not sent as HTTP Basic (RFC 6749 §2.3.1)' }) client_secret?: string;
}

/** RFC 6749 §5.1 */
export class TokenResponseDto {
  @ApiProperty({ description: 'A bearer token for the API (a JWT; treat it as opaque)' }) access_token: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type: string;
  @ApiProperty({ description: 'Seconds until it expires; ask for a new one then (there is no refresh token)' }) expires_in: number;
  @ApiProperty({ example: 'appeals:read events:read', description: 'The scopes granted, space-separated' }) scope: string;
}

/**
 * The API's error body plus RFC 6749 §5.2's fields, which OAuth libraries read. They are on every
 * refusal of the grant itself; a request refused before it is read (malformed JSON, a body nested
 * too deep, too large) has the plain error body.
 */
export class OAuthErrorBody extends ErrorBody {
  @ApiPropertyOptional({ enum: ['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope'] }) error?: string;
  @ApiPropertyOptional() error_description?: string;
}
