import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { OAuthErrorBody, TokenRequestDto, TokenResponseDto } from './dto/token.dto';
import { OAuthError } from './oauth-error';
import { TokenService } from './token.service';

/** HTTP Basic per RFC 6749 §2.3.1: both parts are form-urlencoded before base64. */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

@ApiTags('integrations')
@ApiExtraModels(TokenRequestDto)
@Controller('api/oauth')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  /**
   * OAuth 2.0 client credentials grant (RFC 6749 §4.4) for machine clients. Authenticate with
   * HTTP Basic (`client_id:client_secret`) or `client_id` and `client_secret` in the body; the body
   * is `application/x-www-form-urlencoded` (JSON is accepted too). Errors carry RFC 6749's `error`
   * (`invalid_request`, `invalid_client`, `unsupported_grant_type`, `invalid_scope`) and
   * `error_description` beside the API's usual fields.
   */
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiResponse({ status: 400, type: OAuthErrorBody, description: 'invalid_request, unsupported_grant_type or invalid_scope (RFC 6749 §5.2)' })
  @ApiResponse({ status: 401, type: OAuthErrorBody, description: 'invalid_client: unknown client, wrong, expired or revoked secret, revoked client' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    schema: { $ref: getSchemaPath(TokenRequestDto) },
    examples: { basic: { value: { grant_type: 'client_credentials', scope: 'appeals:read events:read' } } },
  })
  @ApiOkResponse({ type: TokenResponseDto, headers: { 'Cache-Control': { schema: { type: 'string', enum: ['no-store'] } } } })
  async token(
    // The raw body, not @Body(): the global pipes' refusals would lack RFC 6749's fields; the grant checks every field itself.
    @Req() request: FastifyRequest,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto | Record<string, unknown>> {
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    const body: unknown = request.body;
    const form = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const basic = basicCredentials(authorization);
    try {
      if (authorization && !basic) throw new OAuthError('invalid_client', 'The Authorization header must be HTTP Basic client credentials');
      return await this.tokens.issue({
        grantType: form.grant_type,
        scope: form.scope,
        clientId: basic?.clientId ?? form.client_id,
        clientSecret: basic?.clientSecret ?? form.client_secret,
      });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      void reply.status(error.status);
      if (error.error === 'invalid_client' && authorization) void reply.header('WWW-Authenticate', 'Basic realm="qiyuan"');
      return error.body();
    }
  }
}
