import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { VisitConfirmation, VisitStatus } from './domain/visit-state';
import type { VisitEventDto } from './dto/visit-plan.dto';

export interface VisitEventInsert {
  visitId: number;
  action: string;
  fromStatus: VisitStatus | null;
  toStatus: VisitStatus;
  visitDate: string;
  proposedDate: string | null;
  confirmation: VisitConfirmation | null;
  note: string | null;
  relatedVisitId: number | null;
  actorId: number;
  actorRole: string;
  at: Date;
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A visit's history (visit_events, append-only) and the inbox entries its steps write. */
@Injectable()
export class VisitEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertEvent(m: EntityManager, e: VisitEventInsert): Promise<void> {
    await m.query(
      `INSERT INTO visit_events (visit_id, action, from_status, to_status, visit_date, proposed_date, confirmation, note, related_visit_id, actor_id, actor_role, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        e.visitId,
        e.action,
        e.fromStatus,
        e.toStatus,
        e.visitDate,
        e.proposedDate,
        e.confirmation,
        e.note?.slice(0, 500) ?? null,
        e.relatedVisitId,
        e.actorId,
        e.actorRole,
        e.at,
      ],
    );
  }

  async listEvents(visitId: number): Promise<VisitEventDto[]> {
    const rows: Array<{
      id: number;
      action: string;
      from_status: VisitStatus | null;
      to_status: VisitStatus;
      visit_date: string;
      proposed_date: string | null;
      confirmation: string | null;
      note: string | null;
      related_visit_id: number | null;
      actor_id: number;
      actor_name: string;
      actor_role: string;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT ev.id, ev.action, ev.from_status, ev.to_status, DATE_FORMAT(ev.visit_date, '%Y-%m-%d') AS visit_date,
              DATE_FORMAT(ev.proposed_date, '%Y-%m-%d') AS proposed_date, ev.confirmation, ev.note, ev.related_visit_id, ev.actor_id,
              u.display_name AS actor_name, ev.actor_role, ev.created_at
         FROM visit_events ev JOIN users u ON u.id = ev.actor_id WHERE ev.visit_id = ? ORDER BY ev.id`,
      [visitId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      action: String(r.action),
      fromStatus: r.from_status ?? null,
      toStatus: r.to_status,
      visitDate: String(r.visit_date),
      proposedDate: text(r.proposed_date),
      confirmation: text(r.confirmation),
      note: text(r.note),
      relatedVisitId: r.related_visit_id === null ? null : Number(r.related_visit_id),
      actorId: Number(r.actor_id),
      actorName: String(r.actor_name),
      actorRole: String(r.actor_role),
      createdAt: r.created_at,
    }));
  }

  /**
   * Inbox entries for a visit's step, one statement per audience: the firm's active users, or one
   * named user (the planner). No appeal id: the entry names the visit in its text.
   */
  async notify(
    m: EntityManager,
    to: { firmId: number } | { userId: number },
    notice: { kind: string; title: string; body: string | null },
    at: Date,
  ): Promise<void> {
    const values = [notice.kind, notice.title.slice(0, 200), notice.body?.slice(0, 1000) ?? null, at];
    if ('firmId' in to) {
      await m.query(
        `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
         SELECT u.id, NULL, ?, ?, ?, ? FROM users u WHERE u.role = 'enterprise' AND u.enterprise_id = ? AND u.active = 1`,
        [...values, to.firmId],
      );
    } else {
      await m.query('INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at) VALUES (?, NULL, ?, ?, ?, ?)', [
        to.userId,
        ...values,
      ]);
    }
  }
}
