import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: number;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    token: { id: string; familyId: string; userId: number; tokenHash: string; expiresAt: Date; createdAt: Date },
  ): Promise<void> {
    await manager.query(
      'INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [token.id, token.familyId, token.userId, token.tokenHash, token.expiresAt, token.createdAt],
    );
  }

  /** Locks the row so two concurrent refreshes with one token cannot both rotate it. */
  async findForUpdate(manager: EntityManager, id: string): Promise<RefreshTokenRow | null> {
    const rows: RefreshTokenRow[] = await manager.query('SELECT * FROM refresh_tokens WHERE id = ? FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  async markUsed(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET used_at = ? WHERE id = ?', [now, id]);
  }

  async revokeFamily(manager: EntityManager, familyId: string, now: Date): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [now, familyId]);
  }

  /** True once the session (the refresh-token family of one sign-in) was ended: logout, reuse. */
  async isFamilyRevoked(familyId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NOT NULL LIMIT 1',
      [familyId],
    );
    return rows.length > 0;
  }

  async revokeAllForUser(userId: number, now: Date): Promise<void> {
    await this.dataSource.query('UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
  }
}
