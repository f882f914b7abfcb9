import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appealReadCondition } from '../../appeals/appeal-access';
import type { AuthUser } from '../../common/auth/auth-user';

export interface FeedEventRow {
  position: number;
  eventId: number;
  appealId: number;
  appealNumber: string;
  regionCode: string;
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  visibility: 'public' | 'internal';
  actorId: number | null;
  actorRole: string;
  actorName: string | null;
  actorClientId: string | null;
  occurredAt: Date;
}

/** Which events the caller may see: those of the appeals they may read, internal ones only for staff (and clients holding appeals:internal). */
export function seesInternalEvents(user: AuthUser): boolean {
  if (user.role === 'enterprise') return false;
  return !user.client || user.client.scopes.includes('appeals:internal');
}

/** The feed read: a range of positions, narrowed in SQL by the one appeal read rule. */
@Injectable()
export class FeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(user: AuthUser, after: number, upTo: number, limit: number): Promise<FeedEventRow[]> {
    const reach = appealReadCondition(user);
    const rows: FeedEventDbRow[] = await this.dataSource.query(
      `SELECT e.feed_seq, e.id, e.appeal_id, a.number, a.region_code, e.seq, e.action, e.from_status, e.to_status, e.visibility,
              e.actor_id, e.actor_role, u.display_name AS actor_name, c.client_id AS actor_client_id, e.created_at
         FROM appeal_events e
         JOIN appeals a ON a.id = e.appeal_id
         LEFT JOIN users u ON u.id = e.actor_id
         LEFT JOIN api_clients c ON c.user_id = e.actor_id
        WHERE e.feed_seq > ? AND e.feed_seq <= ? AND ${reach.sql}${seesInternalEvents(user) ? '' : " AND e.visibility = 'public'"}
        ORDER BY e.feed_seq
        LIMIT ?`,
      [after, upTo, ...reach.params, limit],
    );
    return rows.map(toFeedRow);
  }
}

/** A feed event as page() reads it: the event, its appeal's number and region, its actor. */
interface FeedEventDbRow {
  feed_seq: number;
  id: number;
  appeal_id: number;
  number: string;
  region_code: string;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  visibility: 'public' | 'internal';
  actor_id: number | null;
  actor_role: string;
  actor_name: string | null;
  actor_client_id: string | null;
  created_at: Date;
}

function toFeedRow(r: FeedEventDbRow): FeedEventRow {
  return {
    position: Number(r.feed_seq),
    eventId: Number(r.id),
    appealId: Number(r.appeal_id),
    appealNumber: String(r.number),
    regionCode: String(r.region_code),
    seq: Number(r.seq),
    action: String(r.action),
    fromStatus: r.from_status ?? null,
    toStatus: String(r.to_status),
    visibility: r.visibility,
    actorId: r.actor_id === null ? null : Number(r.actor_id),
    actorRole: String(r.actor_role),
    actorName: r.actor_name ?? null,
    actorClientId: r.actor_client_id ?? null,
    occurredAt: new Date(r.created_at),
  };
}
