import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import type { RegionLevel, Role } from '../../common/auth/role';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { reachPrefixFor } from '../../common/scope/region-reach';
import type { ClientTokenPayload } from './token.service';

export function isClientToken(payload: object): payload is ClientTokenPayload {
  return 'cid' in payload && 'ksid' in payload;
}

/**
 * The caller behind a client's access token: its backing account (role, region, department or
 * firm: the same reach rules as a person) and the client itself, checked live on every request
 * with one indexed read, so revoking the client or the secret the token came from ends it at
 * once. The token's scopes count only while the client still holds them.
 */
@Injectable()
export class MachineIdentity {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async identify(payload: ClientTokenPayload): Promise<AuthUser> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.department_id, u.enterprise_id, r.level AS region_level,
              c.id AS client_pk, c.client_id, c.name, c.source, c.scopes
         FROM api_clients c
         JOIN api_client_secrets s ON s.client_pk = c.id
         JOIN users u ON u.id = c.user_id
         JOIN regions r ON r.code = u.region_code
        WHERE c.id = ? AND s.id = ? AND u.id = ? AND u.active = 1 AND c.revoked_at IS NULL AND s.revoked_at IS NULL
          AND (s.expires_at IS NULL OR s.expires_at > ?)`,
      [payload.cid, payload.ksid, payload.sub, this.clock.now()],
    );
    const r = rows[0];
    if (!r) throw new AppError(ErrorCode.Unauthenticated, 'The client, or the secret this token was issued for, is no longer valid');
    const held = String(r.scopes).split(' ');
    const role = r.role as Role;
    const regionLevel = r.region_level as RegionLevel;
    return {
      id: Number(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      role,
      regionCode: String(r.region_code),
      regionLevel,
      departmentId: r.department_id === null ? null : Number(r.department_id),
      enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
      isDepartmentHead: false,
      reachPrefix: reachPrefixFor(role, String(r.region_code), regionLevel),
      client: {
        id: Number(r.client_pk),
        clientId: String(r.client_id),
        name: String(r.name),
        source: String(r.source),
        scopes: String(payload.scope ?? '')
          .split(' ')
          .filter((s) => s && held.includes(s)),
      },
    };
  }
}
