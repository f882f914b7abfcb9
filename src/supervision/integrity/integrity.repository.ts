import { Injectable } from '@nestjs/common';
import { madeVisitSql } from '../../visits/visit-sql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { appealScope, type Window } from '../metrics/metric-counts.repository';
import { NO_CONTACT_LIST_LIMIT, QUICK_RATING_MINUTES } from './integrity-rules';
import { ANSWERED_APPEAL_STATUSES } from '../../appeals/domain/appeal-status';
import { sqlValues } from '../../common/database/sql-literals';

const ANSWERED = sqlValues(ANSWERED_APPEAL_STATUSES);

export interface OfficerTallyRow {
  officerId: number;
  officerName: string | null;
  recordedRated: number;
  recordedSatisfied: number;
  ownRated: number;
  ownSatisfied: number;
}

export interface DepartmentRedoRow {
  departmentId: number;
  departmentName: string | null;
  afterRedoRated: number;
  afterRedoSatisfied: number;
  firstRated: number;
  firstSatisfied: number;
}

export interface QuickRatingRow {
  appealId: number;
  number: string;
  action: string;
  ratedAt: Date;
  answeredAt: Date;
  handlerId: number | null;
  sameSession: boolean;
  sameAddress: boolean;
}

export interface NoContactRow {
  appealId: number;
  number: string;
  title: string;
  departmentId: number | null;
  departmentName: string | null;
  submittedAt: Date;
  resolvedAt: Date;
  status: string;
}

const SATISFIED = "a.satisfaction IN ('very_satisfied','satisfied')";
/** See ratesAnAnswerAfterRedo in integrity-rules.ts: the same predicate. */
const AFTER_REDO = "(CASE WHEN a.satisfaction IN ('dissatisfied','very_dissatisfied') THEN a.redo_count >= 2 ELSE a.redo_count >= 1 END)";

/**
 * The counting half of the integrity signals: one set-based query per signal over the period, in
 * the caller's reach and the scope's subtree, each driven by an index (migration 1763800004610).
 */
@Injectable()
export class IntegrityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** (a) Per liaison officer: ratings verified in the period that the officer recorded, and those the firms gave. */
  async officerTallies(user: AuthUser, regionCode: string, window: Window): Promise<OfficerTallyRow[]> {
    const scope = appealScope(user, { regionCode });
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT t.officer_id, u.display_name AS officer_name, t.recorded_rated, t.recorded_satisfied, t.own_rated, t.own_satisfied
         FROM (SELECT a.officer_id,
                      SUM(a.verified_on_behalf = 1) AS recorded_rated,
                      SUM(a.verified_on_behalf = 1 AND ${SATISFIED}) AS recorded_satisfied,
                      SUM(a.verified_on_behalf = 0) AS own_rated,
                      SUM(a.verified_on_behalf = 0 AND ${SATISFIED}) AS own_satisfied
                 FROM appeals a FORCE INDEX (ix_appeals_verified_integrity)
                WHERE a.verified_at >= ? AND a.verified_at < ? AND a.satisfaction IS NOT NULL AND a.officer_id IS NOT NULL
                  AND ${scope.sql}
                GROUP BY a.officer_id) t
         LEFT JOIN users u ON u.id = t.officer_id
        ORDER BY t.officer_id`,
      [window.from, window.to, ...scope.params],
    );
    return rows.map((r) => ({
      officerId: Number(r.officer_id),
      officerName: (r.officer_name as string | null) ?? null,
      recordedRated: Number(r.recorded_rated),
      recordedSatisfied: Number(r.recorded_satisfied),
      ownRated: Number(r.own_rated),
      ownSatisfied: Number(r.own_satisfied),
    }));
  }

  /** (c) Per lead department: ratings of answers after a redo, and of first answers, verified in the period. */
  async departmentRedoTallies(user: AuthUser, regionCode: string, window: Window): Promise<DepartmentRedoRow[]> {
    const scope = appealScope(user, { regionCode });
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT t.lead_department_id, d.name AS department_name, t.after_rated, t.after_satisfied, t.first_rated, t.first_satisfied
         FROM (SELECT a.lead_department_id,
                      SUM(${AFTER_REDO}) AS after_rated,
                      SUM(${AFTER_REDO} AND ${SATISFIED}) AS after_satisfied,
                      SUM(NOT ${AFTER_REDO}) AS first_rated,
                      SUM(NOT ${AFTER_REDO} AND ${SATISFIED}) AS first_satisfied
                 FROM appeals a FORCE INDEX (ix_appeals_verified_integrity)
                WHERE a.verified_at >= ? AND a.verified_at < ? AND a.satisfaction IS NOT NULL AND a.lead_department_id IS NOT NULL
                  AND ${scope.sql}
                GROUP BY a.lead_department_id) t
         LEFT JOIN departments d ON d.id = t.lead_department_id
        ORDER BY t.lead_department_id`,
      [window.from, window.to, ...scope.params],
    );
    return rows.map((r) => ({
      departmentId: Number(r.lead_department_id),
      departmentName: (r.department_name as string | null) ?? null,
      afterRedoRated: Number(r.after_rated),
      afterRedoSatisfied: Number(r.after_satisfied),
      firstRated: Number(r.first_rated),
      firstSatisfied: Number(r.first_satisfied),
    }));
  }

  /**
   * (b) Ratings given in the period within QUICK_RATING_MINUTES of the answer they rate (the last
   * resolve event before them), from the answering request's session or address. The period's
   * ratings come from the events index by action and time, the answer by the appeal's (appeal_id, seq).
   */
  async quickRatings(user: AuthUser, regionCode: string, window: Window): Promise<QuickRatingRow[]> {
    const scope = appealScope(user, { regionCode });
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT v.appeal_id, a.number, v.action, v.created_at AS rated_at, r.created_at AS answered_at, r.actor_id AS handler_id,
              (v.origin_session_hash IS NOT NULL AND v.origin_session_hash = r.origin_session_hash) AS same_session,
              (v.origin_ip_hash IS NOT NULL AND v.origin_ip_hash = r.origin_ip_hash) AS same_address
         FROM appeal_events v FORCE INDEX (ix_events_action_created_origin)
         JOIN appeals a ON a.id = v.appeal_id
         JOIN appeal_events r ON r.appeal_id = v.appeal_id
          AND r.seq = (SELECT MAX(p.seq) FROM appeal_events p FORCE INDEX (uq_events_appeal_seq) WHERE p.appeal_id = v.appeal_id AND p.seq < v.seq AND p.action = 'resolve')
        WHERE v.action IN ('verify', 'follow_up_call') AND v.created_at >= ? AND v.created_at < ?
          AND v.created_at <= r.created_at + INTERVAL ${QUICK_RATING_MINUTES} MINUTE
          AND ((v.origin_session_hash IS NOT NULL AND v.origin_session_hash = r.origin_session_hash)
               OR (v.origin_ip_hash IS NOT NULL AND v.origin_ip_hash = r.origin_ip_hash))
          AND ${scope.sql}
        ORDER BY v.created_at, v.appeal_id`,
      [window.from, window.to, ...scope.params],
    );
    return rows.map((r) => ({
      appealId: Number(r.appeal_id),
      number: String(r.number),
      action: String(r.action),
      ratedAt: r.rated_at as Date,
      answeredAt: r.answered_at as Date,
      handlerId: r.handler_id === null ? null : Number(r.handler_id),
      sameSession: Number(r.same_session) === 1,
      sameAddress: Number(r.same_address) === 1,
    }));
  }

  /**
   * (d) Appeals answered in the period (resolved or closed since) with no contact with the firm
   * between submission and the answer (CONTACT_DEFINITION): the count per lead department, and
   * the first NO_CONTACT_LIST_LIMIT of them by answer time.
   */
  async answeredWithoutContact(user: AuthUser, regionCode: string, window: Window): Promise<{ total: number; answered: number; rows: NoContactRow[]; byDepartment: Array<{ departmentId: number | null; departmentName: string | null; count: number }> }> {
    const scope = appealScope(user, { regionCode });
    const noContact = `a.resolved_at >= ? AND a.resolved_at < ? AND a.status IN (${ANSWERED}) AND ${scope.sql}
        AND NOT EXISTS (SELECT 1 FROM appeal_events e FORCE INDEX (uq_events_appeal_seq)
                         WHERE e.appeal_id = a.id AND e.seq > 1 AND e.created_at <= a.resolved_at
                           AND (e.actor_role = 'enterprise' OR e.on_behalf = 1))
        AND NOT EXISTS (SELECT 1 FROM visits vi
                         WHERE vi.enterprise_id = a.enterprise_id AND ${madeVisitSql('vi')}
                           AND vi.visit_date BETWEEN DATE(CONVERT_TZ(a.submitted_at, '+00:00', '+08:00'))
                                                 AND DATE(CONVERT_TZ(a.resolved_at, '+00:00', '+08:00')))`;
    const params = [window.from, window.to, ...scope.params];
    const [byDepartment, list, answered] = await Promise.all([
      this.db.query(
        `SELECT a.lead_department_id, d.name AS department_name, COUNT(*) AS n
           FROM appeals a FORCE INDEX (ix_appeals_resolved_cover) LEFT JOIN departments d ON d.id = a.lead_department_id
          WHERE ${noContact}
          GROUP BY a.lead_department_id, d.name ORDER BY n DESC, a.lead_department_id`,
        params,
      ) as Promise<Array<Record<string, unknown>>>,
      this.db.query(
        `SELECT a.id, a.number, a.title, a.lead_department_id, d.name AS department_name, a.submitted_at, a.resolved_at, a.status
           FROM appeals a FORCE INDEX (ix_appeals_resolved_cover) LEFT JOIN departments d ON d.id = a.lead_department_id
          WHERE ${noContact}
          ORDER BY a.resolved_at, a.id LIMIT ${NO_CONTACT_LIST_LIMIT}`,
        params,
      ) as Promise<Array<Record<string, unknown>>>,
      this.db.query(
        `SELECT COUNT(*) AS n FROM appeals a FORCE INDEX (ix_appeals_resolved_cover)
          WHERE a.resolved_at >= ? AND a.resolved_at < ? AND a.status IN (${ANSWERED}) AND ${scope.sql}`,
        params,
      ) as Promise<Array<{ n: number }>>,
    ]);
    const departments = byDepartment.map((r) => ({
      departmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
      departmentName: (r.department_name as string | null) ?? null,
      count: Number(r.n),
    }));
    return {
      total: departments.reduce((sum, d) => sum + d.count, 0),
      answered: Number(answered[0]?.n ?? 0),
      byDepartment: departments,
      rows: list.map((r) => ({
        appealId: Number(r.id),
        number: String(r.number),
        title: String(r.title),
        departmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
        departmentName: (r.department_name as string | null) ?? null,
        submittedAt: r.submitted_at as Date,
        resolvedAt: r.resolved_at as Date,
        status: String(r.status),
      })),
    };
  }
}
