import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { affectedRows } from '../../common/database/affected-rows';
import { parseJsonColumn } from '../../common/database/json-column';
import { subtreePrefix } from '../../common/scope/region-reach';
import { reachCondition } from '../../common/scope/sql-reach';
import type { PeriodKind } from '../domain';
import type { ReportProvisional } from '../metrics/provisional-figures.repository';
import { SqlConditions } from '../../common/database/sql-conditions';

export type SnapshotStatus = 'draft' | 'published';

export interface SnapshotSummary {
  id: number;
  periodKind: PeriodKind;
  periodKey: string;
  scopeRegionCode: string;
  status: SnapshotStatus;
  computedAt: Date;
  computedBy: number | null;
  publishedAt: Date | null;
  publishedBy: number | null;
  figuresSha256: string;
}

export interface SnapshotRecord extends SnapshotSummary {
  settings: unknown;
  policyVersions: unknown;
  /** The figures exactly as stored (text), so their hash can be checked. */
  figuresText: string;
  /** The rankings' provisional counts at freeze time; null for a report frozen before they were stored. */
  provisional: ReportProvisional | null;
}

export interface SnapshotContent {
  settings: unknown;
  policyVersions: unknown;
  figuresText: string;
  figuresSha256: string;
  provisional: ReportProvisional;
  computedAt: Date;
  computedBy: number | null;
}

/** Which report figures were read from, and under which settings they were computed. */
export interface ReportStamp {
  snapshotId: number;
  status: SnapshotStatus;
  /** When the figures were computed (frozen, or recomputed as a draft). */
  computedAt: Date;
  publishedAt: Date | null;
  /** The settings stored with the report (a ReportSettings), parsed. */
  settings: unknown;
}

export interface StoredFigures extends ReportStamp {
  figuresText: string;
  figuresSha256: string;
  provisional: ReportProvisional | null;
}

/** One frozen report and, if cut already from its current figures, one region's dashboard slice of it. */
export interface FrozenSlice extends ReportStamp {
  periodKey: string;
  figuresSha256: string;
  slice: string | null;
}

export interface PolicyVersionRow {
  id: number;
  categoryId: number | null;
  urgency: string;
  level: string | null;
  policyVersion: number;
  responseAmount: number;
  responseUnit: string;
  resolutionDays: number;
  resolutionDaysCohandled: number;
  verificationDays: number;
}

/** A report_snapshots row as SUMMARY_COLUMNS reads it. */
interface SummaryDbRow {
  id: number;
  period_kind: PeriodKind;
  period_key: string;
  scope_region_code: string;
  status: SnapshotStatus;
  computed_at: Date;
  computed_by: number | null;
  published_at: Date | null;
  published_by: number | null;
  figures_sha256: string;
}

/** What a report's stamp is read from; settings, policy_versions and provisional are JSON columns. */
type StampDbRow = Pick<SummaryDbRow, 'id' | 'status' | 'computed_at' | 'published_at'> & { settings: unknown };

interface ContentDbColumns {
  settings: unknown;
  policy_versions: unknown;
  figures: string;
  provisional: unknown;
}

const SUMMARY_COLUMNS = `s.id, s.period_kind, s.period_key, s.scope_region_code, s.status, s.computed_at, s.computed_by,
  s.published_at, s.published_by, s.figures_sha256`;

/**
 * Frozen period reports. A published snapshot is never written again: every UPDATE here is
 * guarded by `status = 'draft'`.
 */
@Injectable()
export class ReportSnapshotsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findByPeriod(kind: PeriodKind, key: string, scopeRegionCode: string): Promise<SnapshotSummary | null> {
    const rows: SummaryDbRow[] = await this.db.query(
      `SELECT ${SUMMARY_COLUMNS} FROM report_snapshots s WHERE s.period_kind = ? AND s.period_key = ? AND s.scope_region_code = ?`,
      [kind, key, scopeRegionCode],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  /** A snapshot whose scope lies in the caller's reach; others do not exist for them. */
  async findVisible(user: AuthUser, id: number): Promise<SnapshotRecord | null> {
    const reach = reachCondition('s.scope_region_code', user);
    const rows: Array<SummaryDbRow & ContentDbColumns> = await this.db.query(
      `SELECT ${SUMMARY_COLUMNS}, s.settings, s.policy_versions, s.figures, s.provisional FROM report_snapshots s WHERE s.id = ? AND ${reach.sql}`,
      [id, ...reach.params],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      ...toSummary(row),
      settings: parseJsonColumn<unknown>(row.settings),
      policyVersions: parseJsonColumn<unknown>(row.policy_versions),
      figuresText: String(row.figures),
      provisional: parseJsonColumn<ReportProvisional | null>(row.provisional) ?? null,
    };
  }

  async listVisible(
    user: AuthUser,
    filter: { periodKind?: PeriodKind; status?: SnapshotStatus; regionCode?: string },
    page: number,
    pageSize: number,
  ): Promise<[SnapshotSummary[], number]> {
    const conditions = new SqlConditions(reachCondition('s.scope_region_code', user));
    if (filter.periodKind) conditions.add('s.period_kind = ?', filter.periodKind);
    if (filter.status) conditions.add('s.status = ?', filter.status);
    if (filter.regionCode) conditions.add('s.scope_region_code LIKE ?', `${subtreePrefix(filter.regionCode)}%`);
    const where = conditions.sql;
    const params = conditions.params;
    const [rows, count] = await Promise.all([
      this.db.query(
        `SELECT ${SUMMARY_COLUMNS} FROM report_snapshots s WHERE ${where}
          ORDER BY s.period_key DESC, s.period_kind, s.scope_region_code LIMIT ? OFFSET ?`,
        [...params, pageSize, (page - 1) * pageSize],
      ) as Promise<SummaryDbRow[]>,
      this.db.query(`SELECT COUNT(*) AS total FROM report_snapshots s WHERE ${where}`, params) as Promise<Array<{ total: number }>>,
    ]);
    return [rows.map(toSummary), Number(count[0]?.total ?? 0)];
  }

  /** Throws the driver's duplicate-key error when another caller froze the same period first. */
  async insertDraft(kind: PeriodKind, key: string, scopeRegionCode: string, content: SnapshotContent): Promise<number> {
    const result = await this.db.query(
      `INSERT INTO report_snapshots (period_kind, period_key, scope_region_code, status, ${CONTENT_COLUMNS.join(', ')})
       VALUES (?, ?, ?, 'draft', ${CONTENT_COLUMNS.map(() => '?').join(', ')})`,
      [kind, key, scopeRegionCode, ...contentValues(content)],
    );
    return Number(result.insertId);
  }

  /** Recomputes a draft in place; false when it was published in the meantime. */
  async replaceDraft(id: number, content: SnapshotContent): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE report_snapshots SET ${CONTENT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, version = version + 1
        WHERE id = ? AND status = 'draft'`,
      [...contentValues(content), id],
    );
    return affectedRows(result) === 1;
  }

  /** False when it was already published (by someone else a moment ago, or long since). */
  async publish(id: number, userId: number | null, at: Date): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE report_snapshots SET status = 'published', published_at = ?, published_by = ?, version = version + 1
        WHERE id = ? AND status = 'draft'`,
      [at, userId, id],
    );
    return affectedRows(result) === 1;
  }

  /** The stored figures (text) of a period's report, draft or published; null when none was frozen. */
  async findFigures(kind: PeriodKind, key: string, scopeRegionCode: string): Promise<StoredFigures | null> {
    const rows: Array<StampDbRow & Pick<SummaryDbRow, 'figures_sha256'> & Pick<ContentDbColumns, 'figures' | 'provisional'>> = await this.db.query(
      `SELECT id, status, computed_at, published_at, settings, figures, figures_sha256, provisional
         FROM report_snapshots WHERE period_kind = ? AND period_key = ? AND scope_region_code = ?`,
      [kind, key, scopeRegionCode],
    );
    const row = rows[0];
    return row
      ? {
          ...toStamp(row),
          figuresText: String(row.figures),
          figuresSha256: String(row.figures_sha256),
          provisional: parseJsonColumn<ReportProvisional | null>(row.provisional) ?? null,
        }
      : null;
  }

  /**
   * For each frozen report of the given periods, one region's dashboard slice as cut from it
   * (null when none was cut yet). Reads neither the reports' figures nor other regions' slices.
   */
  async frozenSlices(kind: PeriodKind, keys: string[], scopeRegionCode: string, regionCode: string): Promise<FrozenSlice[]> {
    if (keys.length === 0) return [];
    const rows: Array<
      StampDbRow & Pick<SummaryDbRow, 'period_key' | 'figures_sha256'> & { slice_sha256: string | null; slice: string | null }
    > = await this.db.query(
      `SELECT s.id, s.status, s.computed_at, s.published_at, s.settings, s.period_key, s.figures_sha256,
              r.figures_sha256 AS slice_sha256, r.slice
         FROM report_snapshots s LEFT JOIN report_slices r ON r.snapshot_id = s.id AND r.region_code = ?
        WHERE s.period_kind = ? AND s.scope_region_code = ? AND s.period_key IN (${keys.map(() => '?').join(',')})`,
      [regionCode, kind, scopeRegionCode, ...keys],
    );
    return rows.map((r) => ({
      ...toStamp(r),
      periodKey: String(r.period_key),
      figuresSha256: String(r.figures_sha256),
      // A slice cut from an earlier version of a draft is stale.
      slice: r.slice !== null && r.slice_sha256 === r.figures_sha256 ? String(r.slice) : null,
    }));
  }

  /** Stores the slices cut from a report, replacing any cut from an earlier version of it. */
  async saveSlices(snapshotId: number, figuresSha256: string, slices: Array<{ regionCode: string; text: string }>): Promise<void> {
    if (slices.length === 0) return;
    await this.db.query(
      `INSERT INTO report_slices (snapshot_id, region_code, figures_sha256, slice) VALUES ${slices.map(() => '(?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE figures_sha256 = VALUES(figures_sha256), slice = VALUES(slice)`,
      slices.flatMap((s) => [snapshotId, s.regionCode, figuresSha256, s.text]),
    );
  }

  /** A region's slice of the running period's figures (see saveLiveSlices). */
  async liveSlice(regionCode: string, kind: PeriodKind, key: string): Promise<{ text: string; computedAt: Date } | null> {
    const rows: Array<{ figures: string; computed_at: Date }> = await this.db.query(
      'SELECT figures, computed_at FROM live_figures WHERE scope_region_code = ? AND period_kind = ? AND period_key = ?',
      [regionCode, kind, key],
    );
    return rows[0] ? { text: rows[0].figures, computedAt: rows[0].computed_at } : null;
  }

  /** The running period's dashboard slices, one row per region, all stamped with the moment they were counted. */
  async saveLiveSlices(
    kind: PeriodKind,
    key: string,
    slices: Array<{ regionCode: string; text: string }>,
    computedAt: Date,
  ): Promise<void> {
    if (slices.length === 0) return;
    await this.db.query(
      `INSERT INTO live_figures (scope_region_code, period_kind, period_key, figures, computed_at)
       VALUES ${slices.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE figures = VALUES(figures), computed_at = VALUES(computed_at)`,
      slices.flatMap((s) => [s.regionCode, kind, key, s.text, computedAt]),
    );
  }

  /** The SLA policy versions behind the deadlines a report judged. */
  async policyVersionsUsed(regionCode: string, from: Date, to: Date): Promise<PolicyVersionRow[]> {
    const prefix = `${subtreePrefix(regionCode)}%`;
    const used = (column: string) =>
      `SELECT a.sla_policy_id FROM appeals a WHERE a.${column} >= ? AND a.${column} < ? AND a.region_code LIKE ?`;
    const rows: Array<{
      id: number;
      category_id: number | null;
      urgency: string;
      level: string | null;
      policy_version: number;
      response_amount: number;
      response_unit: string;
      resolution_days: number;
      resolution_days_cohandled: number;
      verification_days: number;
    }> = await this.db.query(
      // Joined to the union as a derived table: as `p.id IN (… UNION …)` it ran once per policy.
      `SELECT p.id, p.category_id, p.urgency, p.level, p.policy_version, p.response_amount, p.response_unit,
              p.resolution_days, p.resolution_days_cohandled, p.verification_days
         FROM sla_policies p
         JOIN (${used('response_due_at')} UNION ${used('resolution_due_at')} UNION ${used('resolved_at')}) u ON u.sla_policy_id = p.id
        ORDER BY p.id`,
      [from, to, prefix, from, to, prefix, from, to, prefix],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      categoryId: r.category_id === null ? null : Number(r.category_id),
      urgency: String(r.urgency),
      level: r.level ?? null,
      policyVersion: Number(r.policy_version),
      responseAmount: Number(r.response_amount),
      responseUnit: String(r.response_unit),
      resolutionDays: Number(r.resolution_days),
      resolutionDaysCohandled: Number(r.resolution_days_cohandled),
      verificationDays: Number(r.verification_days),
    }));
  }
}

/** The content columns a freeze writes and a recompute replaces, in the order contentValues gives them. */
const CONTENT_COLUMNS = ['settings', 'policy_versions', 'figures', 'figures_sha256', 'provisional', 'computed_at', 'computed_by'];

function contentValues(content: SnapshotContent): unknown[] {
  return [
    JSON.stringify(content.settings),
    JSON.stringify(content.policyVersions),
    content.figuresText,
    content.figuresSha256,
    JSON.stringify(content.provisional),
    content.computedAt,
    content.computedBy,
  ];
}

function toSummary(r: SummaryDbRow): SnapshotSummary {
  return {
    id: Number(r.id),
    periodKind: r.period_kind,
    periodKey: String(r.period_key),
    scopeRegionCode: String(r.scope_region_code),
    status: r.status,
    computedAt: r.computed_at,
    computedBy: r.computed_by === null ? null : Number(r.computed_by),
    publishedAt: r.published_at ?? null,
    publishedBy: r.published_by === null ? null : Number(r.published_by),
    figuresSha256: String(r.figures_sha256),
  };
}

function toStamp(r: StampDbRow): ReportStamp {
  return {
    snapshotId: Number(r.id),
    status: r.status,
    computedAt: r.computed_at,
    publishedAt: r.published_at ?? null,
    settings: parseJsonColumn<unknown>(r.settings),
  };
}
