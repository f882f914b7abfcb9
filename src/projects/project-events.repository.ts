import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type EventHead, writeChainHeads } from '../common/database/event-chain';
import { type JsonObject, parseJsonColumn } from '../common/database/json-column';
import { computeProjectEventHash, type ProjectEventFields } from './domain/project-event-hash';

export interface NewProjectEvent {
  projectId: number;
  action: string;
  actorId: number | null;
  actorRole: string;
  fromStage: string | null;
  toStage: string;
  reason?: string | null;
  payload?: JsonObject;
  createdAt: Date;
}

export type StoredProjectEvent = ProjectEventFields & { hash: string; actorName: string | null };

/**
 * The only writer of project_events. Appends events for one or many projects in one INSERT,
 * each chained to its project's last hash. The caller's transaction must hold the projects' rows
 * (FOR UPDATE) or let this method lock them.
 */
@Injectable()
export class ProjectEventsRepository {
  async append(manager: EntityManager, events: NewProjectEvent[], options: { lock: boolean } = { lock: true }): Promise<void> {
    if (!events.length) return;
    const ids = [...new Set(events.map((e) => e.projectId))];
    const heads: Array<{ id: number; event_count: number; last_event_hash: string | null }> = await manager.query(
      `SELECT id, event_count, last_event_hash FROM projects WHERE id IN (?)${options.lock ? ' FOR UPDATE' : ''}`,
      [ids],
    );
    const head = new Map<number, EventHead>(heads.map((h) => [Number(h.id), { count: Number(h.event_count), hash: h.last_event_hash }]));
    const rows = events.map((event) => {
      const current = head.get(event.projectId);
      if (!current) throw new Error(`Project ${event.projectId} does not exist`);
      const fields: ProjectEventFields = {
        projectId: event.projectId,
        seq: current.count + 1,
        action: event.action,
        actorId: event.actorId,
        actorRole: event.actorRole,
        fromStage: event.fromStage,
        toStage: event.toStage,
        reason: event.reason ?? null,
        payload: event.payload ?? {},
        createdAt: new Date(event.createdAt.getTime()),
        prevHash: current.hash,
      };
      const hash = computeProjectEventHash(fields);
      head.set(event.projectId, { count: fields.seq, hash });
      return { ...fields, hash };
    });
    await manager.query(
      `INSERT INTO project_events (project_id, seq, action, actor_id, actor_role, from_stage, to_stage, reason, payload, created_at, prev_hash, hash)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((e) => [
        e.projectId,
        e.seq,
        e.action,
        e.actorId,
        e.actorRole,
        e.fromStage,
        e.toStage,
        e.reason,
        JSON.stringify(e.payload),
        e.createdAt,
        e.prevHash,
        e.hash,
      ]),
    );
    await writeChainHeads(manager, 'projects', [...head]);
  }

  async listForProject(manager: EntityManager, projectId: number): Promise<StoredProjectEvent[]> {
    const rows: Array<{
      project_id: number;
      seq: number;
      action: string;
      actor_id: number | null;
      actor_name: string | null;
      actor_role: string;
      from_stage: string | null;
      to_stage: string;
      reason: string | null;
      /** JSON. */
      payload: unknown;
      created_at: Date;
      prev_hash: string | null;
      hash: string;
    }> = await manager.query(
      `SELECT e.*, u.display_name AS actor_name FROM project_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.project_id = ? ORDER BY e.seq`,
      [projectId],
    );
    return rows.map((r) => ({
      projectId: Number(r.project_id),
      seq: Number(r.seq),
      action: String(r.action),
      actorId: r.actor_id === null ? null : Number(r.actor_id),
      actorName: r.actor_name ?? null,
      actorRole: String(r.actor_role),
      fromStage: r.from_stage ?? null,
      toStage: String(r.to_stage),
      reason: r.reason ?? null,
      payload: parseJsonColumn(r.payload),
      createdAt: new Date(r.created_at),
      prevHash: r.prev_hash ?? null,
      hash: String(r.hash),
    }));
  }
}
