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

/** How verifiedTallies groups and splits the period's ratings. */
interface VerifiedTally {
  /** The appeal column grouped by. */
  by: 'officer_id' | 'lead_department_id';
  /** The join to the group's name (aliased n, on t.grp) and the name column. */
  names: string;
  nameColumn: string;
  /** The two kinds of rating told apart (SQL predicates over appeals a). */
  split: string;
  rest: string;
}

interface VerifiedTallyDbRow {
  grp: number;
  name: string | null;
  split_rated: number;
  split_satisfied: number;
  rest_rated: number;
  rest_satisfied: number;
}

/**
 * The counting half of the integrity signals: one set-based query per signal over the period, in
 * the caller's reach and the scope's subtree, each driven by an index (migration 1763800004610).
 */
@Injectable()
export class IntegrityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** (a) Per liaison officer: ratings verified in the period that the officer recorded, and those the firms gave. */
  async officerTallies(user: AuthUser, regionCode: string, window: Window): Promise<OfficerTallyRow[]> {
    const rows = await this.verifiedTallies(user, regionCode, window, {
      by: 'officer_id',
      names: 'users n ON n.id = t.grp',
      nameColumn: 'n.display_name',
      split: 'a.verified_on_behalf = 1',
      rest: 'a.verified_on_behalf = 0',
    });
    return rows.map((r) => ({
      officerId: Number(r.grp),
      officerName: r.name ?? null,
      recordedRated: Number(r.split_rated),
      recordedSatisfied: Number(r.split_satisfied),
      ownRated: Number(r.rest_rated),
      ownSatisfied: Number(r.rest_satisfied),
    }));
  }

  /** (c) Per lead department: ratings of answers after a redo, and of first answers, verified in the period. */
  async departmentRedoTallies(user: AuthUser, regionCode: string, window: Window): Promise<DepartmentRedoRow[]> {
    const rows = await this.verifiedTallies(user, regionCode, window, {
      by: 'lead_department_id',
      names: 'departments n ON n.id = t.grp',
      nameColumn: 'n.name',
      split: AFTER_REDO,
      rest: `NOT ${AFTER_REDO}`,
    });
    return rows.map((r) => ({
      departmentId: Number(r.grp),
      departmentName: r.name ?? null,
      afterRedoRated: Number(r.split_rated),
      afterRedoSatisfied: Number(r.split_satisfied),
      firstRated: Number(r.rest_rated),
      firstSatisfied: Number(r.rest_satisfied),
    }));
  }

  /**
   * The ratings verified in the period per appeal column `by` (one index scan, grouped), split
   * into two kinds (`split`, `rest`), each counted and counted satisfied, with the group's name.
   */
  private verifiedTallies(user: AuthUser, regionCode: string, window: Window, tally: VerifiedTally): Promise<VerifiedTallyDbRow[]> {
    const scope = appealScope(user, { regionCode });
    return this.db.query(
      `SELECT t.grp, ${tally.nameColumn} AS name, t.split_rated, t.split_satisfied, t.rest_rated, t.rest_satisfied
         FROM (SELECT a.${tally.by} AS grp,
                      SUM(${tally.split}) AS split_rated,
                      SUM(${tally.split} AND ${SATISFIED}) AS split_satisfied,
                      SUM(${tally.rest}) AS rest_rated,
                      SUM(${tally.rest} AND ${SATISFIED}) AS rest_satisfied
                 FROM appeals a FORCE INDEX (ix_appeals_verified_integrity)
                WHERE a.verified_at >= ? AND a.verified_at < ? AND a.satisfaction IS NOT NULL AND a.${tally.by} IS NOT NULL
                  AND ${scope.sql}
                GROUP BY a.${tally.by}) t
         LEFT JOIN ${tally.names}
        ORDER BY t.grp`,
      [window.from, window.to, ...scope.params],
    ) as Promise<VerifiedTallyDbRow[]>;
  }

  /**
   * (b) Ratings given in the period within QUICK_RATING_MINUTES of the answer they rate (the last
   * resolve event before them), from the answering request's session or address. The period's
   * ratings come from the events index by action and time, the answer by the appeal's (appeal_id, seq).
   */
  async quickRatings(user: AuthUser, regionCode: string, window: Window): Promise<QuickRatingRow[]> {
    const scope = appealScope(user, { regionCode });
    const rows: Array<{
      appeal_id: number;
      number: string;
      action: string;
      rated_at: Date;
      answered_at: Date;
      handler_id: number | null;
      same_session: number;
      same_address: number;
    }> = await this.db.query(
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
      ratedAt: r.rated_at,
      answeredAt: r.answered_at,
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
      ) as Promise<Array<{ lead_department_id: number | null; department_name: string | null; n: number }>>,
      this.db.query(
        `SELECT a.id, a.number, a.title, a.lead_department_id, d.name AS department_name, a.submitted_at, a.resolved_at, a.status
           FROM appeals a FORCE INDEX (ix_appeals_resolved_cover) LEFT JOIN departments d ON d.id = a.lead_department_id
          WHERE ${noContact}
          ORDER BY a.resolved_at, a.id LIMIT ${NO_CONTACT_LIST_LIMIT}`,
        params,
      ) as Promise<
        Array<{
          id: number;
          number: string;
          title: string;
          lead_department_id: number | null;
          department_name: string | null;
          submitted_at: Date;
          resolved_at: Date;
          status: string;
        }>
      >,
      this.db.query(
        `SELECT COUNT(*) AS n FROM appeals a FORCE INDEX (ix_appeals_resolved_cover)
          WHERE a.resolved_at >= ? AND a.resolved_at < ? AND a.status IN (${ANSWERED}) AND ${scope.sql}`,
        params,
      ) as Promise<Array<{ n: number }>>,
    ]);
    const departments = byDepartment.map((r) => ({
      departmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
      departmentName: r.department_name ?? null,
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
        departmentName: r.department_name ?? null,
        submittedAt: r.submitted_at,
        resolvedAt: r.resolved_at,
        status: String(r.status),
      })),
    };
  }
}
