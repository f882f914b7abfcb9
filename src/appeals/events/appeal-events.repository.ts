import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EventHead, writeChainHeads } from '../../common/database/event-chain';
import { type JsonObject, parseJsonColumn } from '../../common/database/json-column';
import type { AppealEventAction } from '../domain';
import { computeEventHash, HashedEventFields } from './event-hash';

export interface NewAppealEvent {
  appealId: number;
  action: AppealEventAction;
  actorId: number | null;
  actorRole: string;
  onBehalf?: boolean;
  fromStatus: string | null;
  toStatus: string;
  reason?: string | null;
  payload?: JsonObject;
  visibility?: 'public' | 'internal';
  createdAt: Date;
  /** Where an answer or rating was given from (src/appeals/usecases/request-origin.ts). */
  origin?: { ipHash: string | null; sessionHash: string | null } | null;
}

/** An appeal's chain head: how many events it has and the hash of the last one. */
export type { EventHead };

/** Rows per INSERT statement (a statement stays well below max_allowed_packet). */
const INSERT_CHUNK = 5000;

export interface AppendedEvent extends HashedEventFields {
  hash: string;
}

export interface StoredEventRow {
  id: string | number;
  appeal_id: number;
  seq: number;
  action: string;
  actor_id: number | null;
  actor_role: string;
  on_behalf: number;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  payload: unknown;
  visibility: 'public' | 'internal';
  created_at: Date;
  prev_hash: string | null;
  hash: string;
  origin_ip_hash?: string | null;
  origin_session_hash?: string | null;
  actor_name?: string | null;
}


export function toHashedFields(row: StoredEventRow): HashedEventFields & { hash: string } {
  return {
    appealId: Number(row.appeal_id),
    seq: Number(row.seq),
    action: row.action,
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorRole: row.actor_role,
    onBehalf: Number(row.on_behalf) === 1,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reason: row.reason,
    payload: parseJsonColumn(row.payload),
    visibility: row.visibility,
    createdAt: new Date(row.created_at),
    prevHash: row.prev_hash,
    hash: row.hash,
    origin:
      row.origin_ip_hash || row.origin_session_hash
        ? { ipHash: row.origin_ip_hash ?? null, sessionHash: row.origin_session_hash ?? null }
        : null,
  };
}

/**
 * The SQL behind appeal_events, called only by AppealHistory (which decides the version and the
 * notifications). Appends events for one or many appeals in one multi-row INSERT, chaining each
 * to the appeal's last hash, and advances the appeals' counters with one set-based UPDATE. The
 * caller's transaction already holds the appeals' rows (FOR UPDATE): every writer locks before
 * it decides, so the chain head read here cannot move underneath.
 */
@Injectable()
export class AppealEventsRepository {
  async appendEvents(
    manager: EntityManager,
    events: NewAppealEvent[],
    options: { bumpVersion: boolean; freshAppeals?: boolean },
  ): Promise<AppendedEvent[]> {
    if (!events.length) return [];
    const appealIds = [...new Set(events.map((e) => e.appealId))];
    // Appeals this transaction just inserted have no history yet (event_count 0, no hash): no read (#22).
    const heads: Array<{ id: number; event_count: number; last_event_hash: string | null }> = options.freshAppeals
      ? appealIds.map((id) => ({ id, event_count: 0, last_event_hash: null }))
      : await manager.query('SELECT id, event_count, last_event_hash FROM appeals WHERE id IN (?)', [appealIds]);
    const head = new Map<number, EventHead>(heads.map((h) => [Number(h.id), { count: Number(h.event_count), hash: h.last_event_hash }]));
    const appended = await this.insertChained(manager, events, head);

    const finalHeads = [...head.entries()].filter(([id]) => appealIds.includes(id));
    await writeChainHeads(
      manager,
      'appeals',
      finalHeads,
      options.bumpVersion ? { sql: 't.version = t.version + 1, t.updated_at = ?', params: [events[events.length - 1].createdAt] } : undefined,
    );
    return appended;
  }

  /**
   * Appends events chained on heads the caller read from appeal rows it holds locked, and moves
   * `heads` to each appeal's new last event — without writing the appeals: the caller writes
   * `event_count` / `last_event_hash` (and the version) in the UPDATE it makes to those rows
   * anyway, so a bulk writer (the provisional recompute) touches each appeal row once.
   */
  async appendOnHeads(manager: EntityManager, events: NewAppealEvent[], heads: Map<number, EventHead>): Promise<AppendedEvent[]> {
    return events.length ? this.insertChained(manager, events, heads) : [];
  }

  /** Hashes the events onto `head` (moved as it goes) and inserts them, in multi-row INSERTs of at most 5,000 rows. */
  private async insertChained(manager: EntityManager, events: NewAppealEvent[], head: Map<number, EventHead>): Promise<AppendedEvent[]> {
    const appended: AppendedEvent[] = events.map((event) => {
      const current = head.get(event.appealId);
      if (!current) throw new Error(`Appeal ${event.appealId} does not exist`);
      const fields: HashedEventFields = {
        appealId: event.appealId,
        seq: current.count + 1,
        action: event.action,
        actorId: event.actorId,
        actorRole: event.actorRole,
        onBehalf: event.onBehalf ?? false,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        reason: event.reason ?? null,
        payload: event.payload ?? {},
        visibility: event.visibility ?? 'public',
        createdAt: new Date(event.createdAt.getTime()),
        prevHash: current.hash,
        origin: event.origin ?? null,
      };
      const hash = computeEventHash(fields);
      head.set(event.appealId, { count: fields.seq, hash });
      return { ...fields, hash };
    });

    for (let from = 0; from < appended.length; from += INSERT_CHUNK) {
      const chunk = appended.slice(from, from + INSERT_CHUNK);
      await manager.query(
        `INSERT INTO appeal_events (appeal_id, seq, action, actor_id, actor_role, on_behalf, from_status, to_status, reason, payload,
                                    visibility, created_at, prev_hash, hash, origin_ip_hash, origin_session_hash)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((e) => [
          e.appealId,
          e.seq,
          e.action,
          e.actorId,
          e.actorRole,
          e.onBehalf ? 1 : 0,
          e.fromStatus,
          e.toStatus,
          e.reason,
          JSON.stringify(e.payload ?? {}),
          e.visibility,
          e.createdAt,
          e.prevHash,
          e.hash,
          e.origin?.ipHash ?? null,
          e.origin?.sessionHash ?? null,
        ]),
      );
    }
    return appended;
  }

  async listForAppeal(manager: EntityManager, appealId: number, includeInternal: boolean): Promise<StoredEventRow[]> {
    return manager.query(
      `SELECT e.*, u.display_name AS actor_name
         FROM appeal_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.appeal_id = ? ${includeInternal ? '' : "AND e.visibility = 'public'"}
        ORDER BY e.seq`,
      [appealId],
    );
  }
}
