import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/role';
import { type JsonObject, parseJsonColumn } from '../../common/database/json-column';

export const CLIENT_AUDIT_ACTIONS = ['create', 'update', 'rotate_secret', 'revoke_secret', 'revoke'] as const;
export type ClientAuditAction = (typeof CLIENT_AUDIT_ACTIONS)[number];

export interface ClientAuditRow {
  id: number;
  action: ClientAuditAction;
  actorId: number | null;
  actorName: string | null;
  at: Date;
  details: JsonObject;
}

export interface ClientRow {
  id: number;
  clientId: string;
  name: string;
  source: string;
  userId: number;
  role: Role;
  regionCode: string;
  departmentId: number | null;
  enterpriseId: number | null;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface SecretRow {
  id: number;
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface NewClient {
  clientId: string;
  name: string;
  source: string;
  role: Role;
  regionCode: string;
  departmentId: number | null;
  enterpriseId: number | null;
  scopes: string[];
  createdBy: number;
  now: Date;
}

/** A client as CLIENT_COLUMNS reads it (the client row and its backing account's scope). */
interface ClientDbRow {
  id: number;
  client_id: string;
  name: string;
  source: string;
  user_id: number;
  /** Space-separated. */
  scopes: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  role: Role;
  region_code: string;
  department_id: number | null;
  enterprise_id: number | null;
}

interface SecretDbRow {
  id: number;
  hint: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const date = (value: Date | null | undefined): Date | null => (value === null || value === undefined ? null : new Date(value));

function toClient(r: ClientDbRow): ClientRow {
  return {
    id: Number(r.id),
    clientId: String(r.client_id),
    name: String(r.name),
    source: String(r.source),
    userId: Number(r.user_id),
    role: r.role,
    regionCode: String(r.region_code),
    departmentId: r.department_id === null ? null : Number(r.department_id),
    enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
    scopes: String(r.scopes).split(' ').filter(Boolean),
    createdAt: new Date(r.created_at),
    revokedAt: date(r.revoked_at),
    lastUsedAt: date(r.last_used_at),
  };
}

function toSecret(r: SecretDbRow): SecretRow {
  return {
    id: Number(r.id),
    hint: String(r.hint),
    createdAt: new Date(r.created_at),
    expiresAt: date(r.expires_at),
    revokedAt: date(r.revoked_at),
    lastUsedAt: date(r.last_used_at),
  };
}

const CLIENT_COLUMNS = `c.id, c.client_id, c.name, c.source, c.user_id, c.scopes, c.created_at, c.revoked_at, c.last_used_at,
                        u.role, u.region_code, u.department_id, u.enterprise_id`;

/** api_clients, their secrets and their backing accounts: the only SQL about machine clients. */
@Injectable()
export class ClientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The backing account (no usable password: '!' is no argon2 hash) and the client row. */
  async insertClient(m: EntityManager, c: NewClient): Promise<number> {
    const user: { insertId: number } = await m.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code, department_id, enterprise_id, active, created_at, updated_at)
       VALUES (?, '!', ?, ?, ?, ?, ?, 1, ?, ?)`,
      [`client:${c.clientId}`, c.name.slice(0, 64), c.role, c.regionCode, c.departmentId, c.enterpriseId, c.now, c.now],
    );
    const client: { insertId: number } = await m.query(
      `INSERT INTO api_clients (client_id, name, source, user_id, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [c.clientId, c.name, c.source, user.insertId, c.scopes.join(' '), c.createdBy, c.now],
    );
    return Number(client.insertId);
  }

  /** A secret row whose hash is written once the id (part of the secret) is known. */
  async insertSecret(m: EntityManager, clientPk: number, createdBy: number, now: Date): Promise<number> {
    const result: { insertId: number } = await m.query(
      "INSERT INTO api_client_secrets (client_pk, secret_hash, hint, created_by, created_at) VALUES (?, '!', '????', ?, ?)",
      [clientPk, createdBy, now],
    );
    return Number(result.insertId);
  }

  async setSecretHash(m: EntityManager, secretId: number, hash: string, hint: string): Promise<void> {
    await m.query('UPDATE api_client_secrets SET secret_hash = ?, hint = ? WHERE id = ?', [hash, hint, secretId]);
  }

  /** Rotation: every live secret without an expiry now expires at `until` (the overlap). */
  async expireLiveSecrets(m: EntityManager, clientPk: number, until: Date, exceptId: number): Promise<void> {
    await m.query(
      `UPDATE api_client_secrets SET expires_at = IF(expires_at IS NULL OR expires_at > ?, ?, expires_at)
        WHERE client_pk = ? AND id <> ? AND revoked_at IS NULL`,
      [until, until, clientPk, exceptId],
    );
  }

  async revokeClient(m: EntityManager, clientPk: number, by: number, now: Date): Promise<void> {
    await m.query('UPDATE api_clients SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL', [now, by, clientPk]);
    await m.query('UPDATE api_client_secrets SET revoked_at = ? WHERE client_pk = ? AND revoked_at IS NULL', [now, clientPk]);
    await m.query('UPDATE users u JOIN api_clients c ON c.user_id = u.id SET u.active = 0 WHERE c.id = ?', [clientPk]);
  }

  async revokeSecret(m: EntityManager, clientPk: number, secretId: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await m.query(
      'UPDATE api_client_secrets SET revoked_at = ? WHERE id = ? AND client_pk = ? AND revoked_at IS NULL',
      [now, secretId, clientPk],
    );
    return result.affectedRows === 1;
  }

  async updateScopes(m: EntityManager, clientPk: number, scopes: string[], name: string | undefined): Promise<void> {
    await m.query('UPDATE api_clients SET scopes = ?, name = COALESCE(?, name) WHERE id = ?', [scopes.join(' '), name ?? null, clientPk]);
    if (name) await m.query('UPDATE users u JOIN api_clients c ON c.user_id = u.id SET u.display_name = ? WHERE c.id = ?', [name.slice(0, 64), clientPk]);
  }

  async findByPk(clientPk: number, m: EntityManager = this.dataSource.manager, lock = false): Promise<ClientRow | null> {
    const rows: ClientDbRow[] = await m.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_clients c JOIN users u ON u.id = c.user_id WHERE c.id = ?${lock ? ' FOR UPDATE' : ''}`,
      [clientPk],
    );
    return rows[0] ? toClient(rows[0]) : null;
  }

  async findByClientId(clientId: string): Promise<ClientRow | null> {
    const rows: ClientDbRow[] = await this.dataSource.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_clients c JOIN users u ON u.id = c.user_id WHERE c.client_id = ?`,
      [clientId],
    );
    return rows[0] ? toClient(rows[0]) : null;
  }

  async findByUserId(userId: number): Promise<ClientRow | null> {
    const rows: ClientDbRow[] = await this.dataSource.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_clients c JOIN users u ON u.id = c.user_id WHERE c.user_id = ?`,
      [userId],
    );
    return rows[0] ? toClient(rows[0]) : null;
  }

  async list(reachPrefix: string, offset: number, limit: number): Promise<{ rows: ClientRow[]; total: number }> {
    const [rows, count]: [ClientDbRow[], Array<{ n: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT ${CLIENT_COLUMNS} FROM api_clients c JOIN users u ON u.id = c.user_id WHERE u.region_code LIKE ? ORDER BY c.id LIMIT ? OFFSET ?`,
        [`${reachPrefix}%`, limit, offset],
      ),
      this.dataSource.query('SELECT COUNT(*) AS n FROM api_clients c JOIN users u ON u.id = c.user_id WHERE u.region_code LIKE ?', [
        `${reachPrefix}%`,
      ]),
    ]);
    return { rows: rows.map(toClient), total: Number(count[0].n) };
  }

  async secretsOf(clientPk: number, m: EntityManager = this.dataSource.manager): Promise<SecretRow[]> {
    const rows: SecretDbRow[] = await m.query(
      'SELECT id, hint, created_at, expires_at, revoked_at, last_used_at FROM api_client_secrets WHERE client_pk = ? ORDER BY id',
      [clientPk],
    );
    return rows.map(toSecret);
  }

  async secretHash(clientPk: number, secretId: number): Promise<{ hash: string; expiresAt: Date | null; revokedAt: Date | null } | null> {
    const rows: Array<{ secret_hash: string; expires_at: Date | null; revoked_at: Date | null }> = await this.dataSource.query(
      'SELECT secret_hash, expires_at, revoked_at FROM api_client_secrets WHERE id = ? AND client_pk = ?',
      [secretId, clientPk],
    );
    const r = rows[0];
    return r ? { hash: String(r.secret_hash), expiresAt: date(r.expires_at), revokedAt: date(r.revoked_at) } : null;
  }

  async touch(clientPk: number, secretId: number, now: Date): Promise<void> {
    await this.dataSource.query(
      'UPDATE api_clients c JOIN api_client_secrets s ON s.client_pk = c.id SET c.last_used_at = ?, s.last_used_at = ? WHERE c.id = ? AND s.id = ?',
      [now, now, clientPk, secretId],
    );
  }

  /** Per request: the client and the secret its token came from are still live (one indexed read). */
  async isTokenLive(clientPk: number, secretId: number, now: Date): Promise<{ scopes: string[]; clientId: string; name: string; source: string } | null> {
    const rows: Array<Pick<ClientDbRow, 'client_id' | 'name' | 'source' | 'scopes'>> = await this.dataSource.query(
      `SELECT c.client_id, c.name, c.source, c.scopes FROM api_clients c JOIN api_client_secrets s ON s.client_pk = c.id
        WHERE c.id = ? AND s.id = ? AND c.revoked_at IS NULL AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > ?)`,
      [clientPk, secretId, now],
    );
    const r = rows[0];
    return r ? { clientId: String(r.client_id), name: String(r.name), source: String(r.source), scopes: String(r.scopes).split(' ').filter(Boolean) } : null;
  }

  async departmentInRegion(departmentId: number, regionCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM departments WHERE id = ? AND region_code = ?', [departmentId, regionCode]);
    return rows.length > 0;
  }

  async enterpriseInRegion(enterpriseId: number, regionCode: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM enterprises WHERE id = ? AND region_code = ?', [enterpriseId, regionCode]);
    return rows.length > 0;
  }

  /** One lifecycle record, written in the transaction of the change it records. */
  async audit(m: EntityManager, clientPk: number, action: ClientAuditAction, actorId: number | null, at: Date, details: JsonObject): Promise<void> {
    await m.query('INSERT INTO api_client_audit (client_pk, action, actor_id, at, details) VALUES (?, ?, ?, ?, ?)', [
      clientPk,
      action,
      actorId,
      at,
      JSON.stringify(details),
    ]);
  }

  async auditOf(clientPk: number, offset: number, limit: number): Promise<{ rows: ClientAuditRow[]; total: number }> {
    const [rows, count]: [
      Array<{ id: number; action: ClientAuditAction; actor_id: number | null; actor_name: string | null; at: Date; details: string }>,
      Array<{ n: number }>,
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT x.id, x.action, x.actor_id, u.display_name AS actor_name, x.at, x.details
           FROM api_client_audit x LEFT JOIN users u ON u.id = x.actor_id
          WHERE x.client_pk = ? ORDER BY x.id DESC LIMIT ? OFFSET ?`,
        [clientPk, limit, offset],
      ),
      this.dataSource.query('SELECT COUNT(*) AS n FROM api_client_audit WHERE client_pk = ?', [clientPk]),
    ]);
    return {
      rows: rows.map((r) => ({
        id: Number(r.id),
        action: r.action,
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorName: r.actor_name ?? null,
        at: new Date(r.at),
        details: parseJsonColumn<JsonObject>(r.details),
      })),
      total: Number(count[0].n),
    };
  }
}
