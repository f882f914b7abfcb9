import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody } from '../../errors/error-body';
import { SCOPE_DESCRIPTIONS, requiredScope } from '../../../integrations/clients/client-scopes';
import { CLIENT_CREDENTIALS, operationIdOf, refineDocument } from './openapi-refine';
import { API_SERVERS, API_TAGS, resourceOf } from './openapi-tags';
import { addWebhooks } from '../../../integrations/webhooks/webhook-openapi';

export const OPENAPI_JSON_PATH = 'api/docs-json';

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Qiyuan (企援) API')
    .setDescription(
      'Enterprise-assistance case management: enterprises, liaison officers, appeals and their closed loop, ' +
        'time limits, supervision.\n\n' +
        '- Every error answers with the body `ErrorBody` (a stable `code`, a message, field `details`).\n' +
        '- Times are ISO-8601 in UTC (`date-time`); calendar days are `date` (a day in Asia/Shanghai).\n' +
        '- Lists are paged: `page` (from 1) and `pageSize` (≤ 200) in, `{ items, total, page, pageSize }` out.\n' +
        '- Appeal actions take the version you read as `If-Match` (the `ETag` of the appeal) and answer 412 when it is stale ' +
        'and 428 when it is missing; forms may send `version` in the body instead (409 when stale).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/auth/login' })
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'Machine clients (another system): the client credentials grant at POST /api/oauth/token; the token is sent as ' +
          '`Authorization: Bearer`. An operation lists this scheme only when it is open to clients, with the scope it needs.',
        flows: { clientCredentials: { tokenUrl: '/api/oauth/token', scopes: SCOPE_DESCRIPTIONS } },
      },
      CLIENT_CREDENTIALS,
    )
    .build();
  // Not open source: an SPDX LicenseRef names the licence without pretending to be one of the list.
  config.info.license = { name: 'Proprietary', identifier: 'LicenseRef-Qiyuan-Proprietary' } as typeof config.info.license;
  const raw = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorBody],
    operationIdFactory: operationIdOf(resourceOf),
  });
  const document = addWebhooks(refineDocument(raw, {
    tags: API_TAGS,
    servers: API_SERVERS,
    clientAccess: (operationId, tags) => requiredScope(operationId, tags.includes('appeal actions') ? 'AppealActionsController' : ''),
  }));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, yamlDocumentUrl: 'api/docs-yaml' });
}
