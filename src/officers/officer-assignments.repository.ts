import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import type { Role } from '../common/auth/role';
import { reachCondition } from '../common/scope/sql-reach';
import { type FirmSummaryDbRow, firmSummaryOf } from '../enterprises/enterprise-row';
import { enterpriseVisibleCondition, type FirmAccess } from '../enterprises/enterprise-scope';
import type { OfficerMove } from './open-appeals-handover';

/** Rows per multi-row statement: large enough to be fast, small enough for max_allowed_packet. */
const CHUNK = 1000;

export interface FirmForAssignment {
  id: number;
  name: string;
  regionCode: string;
  active: boolean;
  officerId: number | null;
  version: number;
}

export interface OfficerCandidate {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  active: boolean;
}

export interface AssignmentRow {
  id: number;
  enterpriseId: number;
  officerId: number;
  officerUsername: string;
  officerName: string;
  officerRegionCode: string;
  startedAt: Date;
  endedAt: Date | null;
  assignedById: number;
  assignedByName: string;
  reason: string;
  endedById: number | null;
  endedByName: string | null;
  endReason: string | null;
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** The firm columns an assignment reads (FIRM_COLUMNS). */
type FirmDbRow = FirmSummaryDbRow & { version: number };

const FIRM_COLUMNS = 'id, name, region_code, active, officer_id, version';
const CANDIDATE_COLUMNS = 'id, username, display_name, role, region_code, active';

interface CandidateDbRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  active: number;
}

function toCandidate(r: CandidateDbRow): OfficerCandidate {
  return {
    id: Number(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    role: r.role,
    regionCode: String(r.region_code),
    active: Number(r.active) === 1,
  };
}

function toFirm(r: FirmDbRow): FirmForAssignment {
  return { ...firmSummaryOf(r), version: Number(r.version) };
}

/**
 * The officer_assignments table and the officer_id mirror on enterprises. Every write here runs
 * on the caller's EntityManager, inside the caller's transaction.
 */
@Injectable()
export class OfficerAssignmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findVisibleFirm(user: AuthUser, enterpriseId: number, access: FirmAccess = 'details'): Promise<FirmForAssignment | null> {
    const scope = enterpriseVisibleCondition('e', user, access);
    const rows: FirmDbRow[] = await this.dataSource.query(
      `SELECT e.id, e.name, e.region_code, e.active, e.officer_id, e.version FROM enterprises e WHERE e.id = ? AND ${scope.sql}`,
      [enterpriseId, ...scope.params],
    );
    return rows[0] ? toFirm(rows[0]) : null;
  }

  /** Takes the firm's row lock: concurrent assignments of one firm queue here and re-check the version. */
  async lockFirm(manager: EntityManager, enterpriseId: number): Promise<FirmForAssignment | null> {
    const rows: FirmDbRow[] = await manager.query(`SELECT ${FIRM_COLUMNS} FROM enterprises WHERE id = ? FOR UPDATE`, [enterpriseId]);
    return rows[0] ? toFirm(rows[0]) : null;
  }

  /** The active firms an officer holds within the actor's reach, locked, in id order (a stable lock order). */
  async lockFirmsOfOfficer(manager: EntityManager, officerId: number, actor: AuthUser): Promise<FirmForAssignment[]> {
    const scope = reachCondition('region_code', actor);
    const rows: FirmDbRow[] = await manager.query(
      `SELECT ${FIRM_COLUMNS} FROM enterprises
        WHERE officer_id = ? AND active = 1 AND ${scope.sql} ORDER BY id FOR UPDATE`,
      [officerId, ...scope.params],
    );
    return rows.map(toFirm);
  }

  async findUsers(ids: number[]): Promise<OfficerCandidate[]> {
    if (!ids.length) return [];
    const rows: CandidateDbRow[] = await this.dataSource.query(`SELECT ${CANDIDATE_COLUMNS} FROM users WHERE id IN (${placeholders(ids.length)})`, ids);
    return rows.map(toCandidate);
  }

  async findOfficersByUsername(usernames: string[]): Promise<OfficerCandidate[]> {
    const found: OfficerCandidate[] = [];
    for (const part of chunks(usernames)) {
      const rows: CandidateDbRow[] = await this.dataSource.query(
        `SELECT ${CANDIDATE_COLUMNS} FROM users WHERE username IN (${placeholders(part.length)})`,
        part,
      );
      found.push(...rows.map(toCandidate));
    }
    return found;
  }

  /**
   * Ends the open assignments of these firms, opens the new ones and mirrors the officer onto
   * enterprises — three set-based statements per chunk. A concurrent writer that slipped an open
   * row in meanwhile makes the INSERT fail on uq_officer_assignments_active. An assignment never
   * ends before it started (GREATEST), even when instances' clocks disagree by a few milliseconds.
   */
  async applyMoves(manager: EntityManager, moves: OfficerMove[], actorId: number, reason: string, now: Date): Promise<void> {
    for (const part of chunks(moves)) {
      const ids = part.map((m) => m.enterpriseId);
      await manager.query(
        `UPDATE officer_assignments SET ended_at = GREATEST(?, started_at), ended_by = ?, end_reason = ?
          WHERE active_enterprise_id IN (${placeholders(ids.length)})`,
        [now, actorId, reason, ...ids],
      );
      await manager.query(
        `INSERT INTO officer_assignments (enterprise_id, officer_id, started_at, assigned_by, reason)
         VALUES ${part.map(() => '(?,?,?,?,?)').join(',')}`,
        part.flatMap((m) => [m.enterpriseId, m.toOfficerId, now, actorId, reason]),
      );
      await manager.query(
        `UPDATE enterprises e JOIN officer_assignments a ON a.active_enterprise_id = e.id
            SET e.officer_id = a.officer_id, e.version = e.version + 1, e.updated_at = ?
          WHERE e.id IN (${placeholders(ids.length)})`,
        [now, ...ids],
      );
    }
  }

  /** Ends the open assignment of these firms without a successor (deactivation, a move out of reach). */
  async endAssignments(manager: EntityManager, enterpriseIds: number[], actorId: number, reason: string, now: Date): Promise<void> {
    for (const ids of chunks(enterpriseIds)) {
      await manager.query(
        `UPDATE officer_assignments SET ended_at = GREATEST(?, started_at), ended_by = ?, end_reason = ?
          WHERE active_enterprise_id IN (${placeholders(ids.length)})`,
        [now, actorId, reason, ...ids],
      );
      await manager.query(`UPDATE enterprises SET officer_id = NULL WHERE id IN (${placeholders(ids.length)})`, ids);
    }
  }

  /** Newest first. */
  async history(enterpriseId: number): Promise<AssignmentRow[]> {
    const rows: Array<{
      id: number;
      enterprise_id: number;
      officer_id: number;
      officer_username: string;
      officer_name: string;
      officer_region_code: string;
      started_at: Date;
      ended_at: Date | null;
      assigned_by: number;
      assigned_by_name: string;
      reason: string;
      ended_by: number | null;
      ended_by_name: string | null;
      end_reason: string | null;
    }> = await this.dataSource.query(
      `SELECT a.id, a.enterprise_id, a.officer_id, o.username AS officer_username, o.display_name AS officer_name,
              o.region_code AS officer_region_code, a.started_at, a.ended_at, a.assigned_by, ab.display_name AS assigned_by_name,
              a.reason, a.ended_by, eb.display_name AS ended_by_name, a.end_reason
         FROM officer_assignments a
         JOIN users o ON o.id = a.officer_id
         JOIN users ab ON ab.id = a.assigned_by
         LEFT JOIN users eb ON eb.id = a.ended_by
        WHERE a.enterprise_id = ?
        ORDER BY a.started_at DESC, a.id DESC`,
      [enterpriseId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      enterpriseId: Number(r.enterprise_id),
      officerId: Number(r.officer_id),
      officerUsername: String(r.officer_username),
      officerName: String(r.officer_name),
      officerRegionCode: String(r.officer_region_code),
      startedAt: r.started_at,
      endedAt: r.ended_at ?? null,
      assignedById: Number(r.assigned_by),
      assignedByName: String(r.assigned_by_name),
      reason: String(r.reason),
      endedById: r.ended_by === null ? null : Number(r.ended_by),
      endedByName: r.ended_by_name ?? null,
      endReason: r.end_reason ?? null,
    }));
  }
}
