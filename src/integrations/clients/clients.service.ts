import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { UnitOfWork } from '../../common/database/unit-of-work';
import { AppError } from '../../common/errors/app-error';
import { type Page, type PageQueryDto, pageOf } from '../../common/pagination/page-query.dto';
import { RegionsService } from '../../regions/regions.service';
import { PasswordHasher } from '../../users/password-hasher';
import { formatSecret, newClientId, newSecretMaterial } from './client-secret';
import { type ClientRow, ClientsRepository, type SecretRow } from './clients.repository';
import {
  type ClientAuditEntryDto,
  type ClientDto,
  type ClientSecretDto,
  type ClientWithSecretDto,
  type CreateClientDto,
  DEFAULT_OVERLAP_SECONDS,
  type RotateSecretDto,
  type UpdateClientDto,
} from './dto/client.dto';

const secretIdOf = (secret: string): number => Number(/^qcs_(\d+)_/.exec(secret)?.[1]);

function secretState(s: SecretRow, now: Date): ClientSecretDto['state'] {
  if (s.revokedAt) return 'revoked';
  if (s.expiresAt && s.expiresAt <= now) return 'expired';
  return s.expiresAt ? 'expiring' : 'active';
}

/**
 * `appeals:submit` (submit for any firm in the client's reach) is for intake systems acting as
 * officers: a hotline passes cases on; an enterprise client submits for its own firm with
 * appeals:write, and handlers and supervisors never submit.
 */
function checkScopesForRole(role: string, scopes: readonly string[]): void {
  if (scopes.includes('appeals:submit') && role !== 'officer') {
    throw AppError.badRequest('The scope appeals:submit is for clients of the officer role', [
      { field: 'scopes', message: 'appeals:submit needs the officer role' },
    ]);
  }
}

/** Registering, rotating and revoking machine clients (admins). */
@Injectable()
export class ClientsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clients: ClientsRepository,
    private readonly regions: RegionsService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async create(actor: AuthUser, dto: CreateClientDto): Promise<ClientWithSecretDto> {
    await this.regions.requireExisting(dto.regionCode);
    await this.checkAffiliation(dto);
    checkScopesForRole(dto.role, dto.scopes);
    const now = this.clock.now();
    const material = newSecretMaterial();
    const { clientPk, secret } = await this.uow.transaction(
      async (m) => {
        const pk = await this.clients.insertClient(m, {
          clientId: newClientId(),
          name: dto.name,
          source: dto.source,
          role: dto.role,
          regionCode: dto.regionCode,
          departmentId: dto.role === 'handler' ? (dto.departmentId ?? null) : null,
          enterpriseId: dto.role === 'enterprise' ? (dto.enterpriseId ?? null) : null,
          scopes: dto.scopes,
          createdBy: actor.id,
          now,
        });
        const created = await this.newSecret(m, pk, actor.id, now, material);
        await this.clients.audit(m, pk, 'create', actor.id, now, {
          name: dto.name,
          source: dto.source,
          role: dto.role,
          regionCode: dto.regionCode,
          scopes: dto.scopes,
          secretId: secretIdOf(created),
        });
        return { clientPk: pk, secret: created };
      },
      { duplicate: () => AppError.conflict(`A client with the source ${dto.source} exists already`, { source: dto.source }) },
    );
    return { ...(await this.get(clientPk)), clientSecret: secret };
  }

  async list(query: PageQueryDto): Promise<Page<ClientDto>> {
    const { rows, total } = await this.clients.list('', (query.page - 1) * query.pageSize, query.pageSize);
    return pageOf(await Promise.all(rows.map((r) => this.toDto(r))), total, query);
  }

  async get(id: number): Promise<ClientDto> {
    const row = await this.clients.findByPk(id);
    if (!row) throw AppError.notFound('Client', id);
    return this.toDto(row);
  }

  async update(actor: AuthUser, id: number, dto: UpdateClientDto): Promise<ClientDto> {
    await this.uow.transaction(async (m) => {
      const row = await this.clients.findByPk(id, m, true);
      if (!row) throw AppError.notFound('Client', id);
      if (row.revokedAt) throw AppError.conflict('The client was revoked; register a new one');
      if (dto.scopes) checkScopesForRole(row.role, dto.scopes);
      await this.clients.updateScopes(m, id, dto.scopes ?? row.scopes, dto.name);
      const changes: Record<string, unknown> = {};
      if (dto.name !== undefined && dto.name !== row.name) changes.name = { from: row.name, to: dto.name };
      if (dto.scopes && dto.scopes.join(' ') !== row.scopes.join(' ')) changes.scopes = { from: row.scopes, to: dto.scopes };
      if (Object.keys(changes).length) await this.clients.audit(m, id, 'update', actor.id, this.clock.now(), changes);
    });
    return this.get(id);
  }

  /**
   * A new secret; the live ones keep working for `overlapSeconds` more (default 24 h), so the
   * other system can roll the new one out before the old one stops.
   */
  async rotate(actor: AuthUser, id: number, dto: RotateSecretDto): Promise<ClientWithSecretDto> {
    const now = this.clock.now();
    const overlap = dto.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
    const material = newSecretMaterial();
    const secret = await this.uow.transaction(async (m) => {
      const row = await this.clients.findByPk(id, m, true);
      if (!row) throw AppError.notFound('Client', id);
      if (row.revokedAt) throw AppError.conflict('The client was revoked; register a new one');
      const created = await this.newSecret(m, id, actor.id, now, material);
      const secretId = secretIdOf(created);
      const until = new Date(now.getTime() + overlap * 1000);
      await this.clients.expireLiveSecrets(m, id, until, secretId);
      await this.clients.audit(m, id, 'rotate_secret', actor.id, now, { secretId, overlapSeconds: overlap, previousUntil: until.toISOString() });
      return created;
    });
    return { ...(await this.get(id)), clientSecret: secret };
  }

  async revokeSecret(actor: AuthUser, id: number, secretId: number): Promise<void> {
    const now = this.clock.now();
    await this.uow.transaction(async (m) => {
      const row = await this.clients.findByPk(id, m, true);
      if (!row) throw AppError.notFound('Client', id);
      if (!(await this.clients.revokeSecret(m, id, secretId, now))) {
        const known = (await this.clients.secretsOf(id, m)).some((s) => s.id === secretId);
        if (!known) throw AppError.notFound('Secret', secretId);
        throw AppError.conflict(`Secret ${secretId} was revoked already`);
      }
      await this.clients.audit(m, id, 'revoke_secret', actor.id, now, { secretId });
    });
  }

  /** Ends the client for good: its secrets, tokens and backing account stop at once. */
  async revoke(actor: AuthUser, id: number): Promise<ClientDto> {
    await this.uow.transaction(async (m) => {
      const row = await this.clients.findByPk(id, m, true);
      if (!row) throw AppError.notFound('Client', id);
      if (row.revokedAt) throw AppError.conflict('The client was revoked already');
      const now = this.clock.now();
      await this.clients.revokeClient(m, id, actor.id, now);
      await this.clients.audit(m, id, 'revoke', actor.id, now, {});
    });
    return this.get(id);
  }

  /** The client's lifecycle, newest first: who registered, changed, rotated and revoked it. */
  async audit(id: number, query: PageQueryDto): Promise<Page<ClientAuditEntryDto>> {
    if (!(await this.clients.findByPk(id))) throw AppError.notFound('Client', id);
    const { rows, total } = await this.clients.auditOf(id, (query.page - 1) * query.pageSize, query.pageSize);
    return pageOf(rows, total, query);
  }

  private async newSecret(m: EntityManager, clientPk: number, by: number, now: Date, material: string) {
    const secretId = await this.clients.insertSecret(m, clientPk, by, now);
    const secret = formatSecret(secretId, material);
    await this.clients.setSecretHash(m, secretId, await this.hasher.hash(secret), secret.slice(-4));
    return secret;
  }

  private async checkAffiliation(dto: CreateClientDto): Promise<void> {
    if (dto.role === 'handler') {
      if (!dto.departmentId || !(await this.clients.departmentInRegion(dto.departmentId, dto.regionCode))) {
        throw AppError.badRequest('A handler client needs a department of its region', [
          { field: 'departmentId', message: 'required for the handler role: a department in regionCode' },
        ]);
      }
    } else if (dto.departmentId !== undefined) {
      throw AppError.badRequest('Only handler clients belong to a department', [{ field: 'departmentId', message: 'only for the handler role' }]);
    }
    if (dto.role === 'enterprise') {
      if (!dto.enterpriseId || !(await this.clients.enterpriseInRegion(dto.enterpriseId, dto.regionCode))) {
        throw AppError.badRequest('An enterprise client needs a firm of its region', [
          { field: 'enterpriseId', message: 'required for the enterprise role: a firm in regionCode' },
        ]);
      }
    } else if (dto.enterpriseId !== undefined) {
      throw AppError.badRequest('Only enterprise clients act for a firm', [{ field: 'enterpriseId', message: 'only for the enterprise role' }]);
    }
  }

  private async toDto(row: ClientRow): Promise<ClientDto> {
    const now = this.clock.now();
    const secrets = await this.clients.secretsOf(row.id);
    return {
      id: row.id,
      clientId: row.clientId,
      name: row.name,
      source: row.source,
      role: row.role,
      regionCode: row.regionCode,
      departmentId: row.departmentId,
      enterpriseId: row.enterpriseId,
      userId: row.userId,
      scopes: row.scopes,
      status: row.revokedAt ? 'revoked' : 'active',
      createdAt: row.createdAt,
      revokedAt: row.revokedAt,
      lastUsedAt: row.lastUsedAt,
      secrets: secrets.map((s) => ({ ...s, state: secretState(s, now) })),
    };
  }
}
