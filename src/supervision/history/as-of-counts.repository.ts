import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { MetricFacts } from '../../appeals/events/metric-facts';
import type { AuthUser } from '../../common/auth/auth-user';
import type { PauseSpan } from '../calendar/working-time-index';
import {
  appealScope,
  MetricCountsRepository,
  type AppealFilter,
  type RawGroupCounts,
  type Window,
} from '../metrics/metric-counts.repository';
import type { GroupColumn } from '../metrics/metric-group-keys';
import { MetricRowTally, replaceContributions } from './metric-row-counts';
import { foldEvents, metricRowOf, type AppealRowForMetrics, type AppealStatics, type LoggedEvent, type MetricRow } from './metric-row';
import { UNANSWERED_END_STATUSES } from '../../appeals/domain/appeal-status';
import { sqlValues } from '../../common/database/sql-literals';

const UNANSWERED_END = sqlValues(UNANSWERED_END_STATUSES);

/** Changed appeals are read this many at a time: three short queries per batch, bounded memory. */
const BATCH = 2000;

/**
 * The metric counts of a period as the appeals stood at its end, rebuilt from the event history:
 * what a frozen report stores and what its verification recomputes, equal however the appeals
 * changed since (a redo rewriting `resolved_at`, a re-routing, a counter growing).
 *
 * An appeal not changed since the end of the period still stands as it did then, so the table
 * answers for it (the fast, index-only counting of MetricCountsRepository). Only the appeals
 * changed at or after the end (`updated_at`) are corrected: their contribution as they are
 * now is taken out and their contribution as of the end, folded from the facts their events
 * recorded (see src/appeals/events/metric-facts.ts), put in. Everything is read in one
 * REPEATABLE READ transaction, so the table counts and the changed set are the same snapshot.
 */
@Injectable()
export class AsOfCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly counts: MetricCountsRepository,
  ) {}

  async countAsOfEnd(reader: AuthUser, filter: AppealFilter, window: Window, groupings: readonly GroupColumn[]): Promise<RawGroupCounts[]> {
    // Reports count a region's appeals, never one department's or officer's: the department an
    // appeal counted under is the one it had then, which a filter on the current one would miss.
    if (filter.officerId !== undefined || filter.departmentId !== undefined)
      throw new Error('history counts filter by region and category only');
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const table = await this.counts.countByGroups(reader, filter, window, groupings, m);
      const changed = await this.changedSince(m, reader, filter, window.to);
      const now = new MetricRowTally(window, groupings);
      const then = new MetricRowTally(window, groupings);
      for (let i = 0; i < changed.length; i += BATCH) {
        const batch = await this.loadBatch(m, changed.slice(i, i + BATCH), window.to);
        now.add(batch.now);
        then.add(batch.asOfEnd, (id) => batch.pauses.get(id) ?? []);
      }
      const minus = now.counts();
      const plus = then.counts();
      return table.map((counts, g) => replaceContributions(counts, minus[g], plus[g]));
    });
  }

  /**
   * Appeals in scope, submitted before `at`, changed at or after `at`: every change of an
   * appeal's status or metric columns sets `updated_at` with its event, so this is a range over
   * ix_appeals_updated, answered from the index (migration 0800).
   */
  private async changedSince(m: EntityManager, reader: AuthUser, filter: AppealFilter, at: Date): Promise<number[]> {
    const scope = appealScope(reader, filter);
    const rows: Array<{ id: number }> = await m.query(
      `SELECT a.id FROM appeals a FORCE INDEX (ix_appeals_updated)
        WHERE a.updated_at >= ? AND a.submitted_at < ? AND ${scope.sql}`,
      [at, at, ...scope.params],
    );
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }

  /** A batch of changed appeals as they are now and as they stood just before `at` (folded from their events before it), with their pauses. */
  private async loadBatch(
    m: EntityManager,
    ids: number[],
    at: Date,
  ): Promise<{ now: MetricRow[]; asOfEnd: MetricRow[]; pauses: Map<number, PauseSpan[]> }> {
    const [appeals, events, pauseRows] = await Promise.all([
      m.query(
        `SELECT id, region_code, city_code, category_id, status, lead_department_id, submitted_at, response_due_at, resolution_due_at,
                signed_at, resolved_at, verified_at, assigned_at, closed_at, closure_type, solved, satisfaction, verified_on_behalf,
                redo_count, objection_count, extension_count, duplicate_of_id, rating_ruled_at,
                CASE WHEN a.status IN (${UNANSWERED_END})
                     THEN (SELECT MAX(e.created_at) FROM appeal_events e
                            WHERE e.appeal_id = a.id AND e.to_status = a.status AND e.from_status <> e.to_status)
                     WHEN a.status = 'closed' THEN a.closed_at END AS finished_at
           FROM appeals a WHERE a.id IN (?)`,
        [ids],
      ) as Promise<Array<AppealRowForMetrics & { finished_at: Date | null }>>,
      // Only what the state at `at` is folded from: the earlier events that moved the status or wrote facts.
      m.query(
        `SELECT appeal_id, created_at, from_status, to_status, JSON_EXTRACT(payload, '$.facts') AS facts
           FROM appeal_events
          WHERE appeal_id IN (?) AND created_at < ?
            AND (from_status IS NULL OR from_status <> to_status OR JSON_EXTRACT(payload, '$.facts') IS NOT NULL)
          ORDER BY appeal_id, seq`,
        [ids, at],
      ) as Promise<Array<{ appeal_id: number; created_at: Date; from_status: string | null; to_status: string; facts: unknown }>>,
      m.query('SELECT appeal_id, started_at, ended_at FROM appeal_pauses WHERE appeal_id IN (?) ORDER BY appeal_id, started_at', [
        ids,
      ]) as Promise<Array<{ appeal_id: number; started_at: Date; ended_at: Date | null }>>,
    ]);
    const logs = new Map<number, LoggedEvent[]>();
    for (const e of events) {
      const id = Number(e.appeal_id);
      let log = logs.get(id);
      if (!log) logs.set(id, (log = []));
      log.push({ createdAt: e.created_at, fromStatus: e.from_status, toStatus: e.to_status, facts: parseFacts(e.facts) });
    }
    const pauses = new Map<number, PauseSpan[]>();
    for (const p of pauseRows) {
      const id = Number(p.appeal_id);
      let list = pauses.get(id);
      if (!list) pauses.set(id, (list = []));
      list.push({ from: p.started_at, to: p.ended_at });
    }
    const now: MetricRow[] = [];
    const asOfEnd: MetricRow[] = [];
    for (const appeal of appeals) {
      const log = logs.get(Number(appeal.id)) ?? [];
      const current = metricRowOf(appeal, appeal.finished_at);
      now.push(current);
      // An appeal whose log records no facts (written before events carried them) can only be
      // counted as it is now.
      const then = log.some((event) => event.facts !== null) ? foldEvents(staticsOf(current), log, at) : current;
      if (then) asOfEnd.push(then);
    }
    return { now, asOfEnd, pauses };
  }
}

function staticsOf(row: MetricRow): AppealStatics {
  return { id: row.id, regionCode: row.regionCode, cityCode: row.cityCode, categoryId: row.categoryId };
}

/** MariaDB hands JSON_EXTRACT back as text, MySQL 8 as parsed JSON; SQL NULL when the event recorded no facts. */
function parseFacts(value: unknown): MetricFacts | null {
  if (value === null || value === undefined) return null;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed && typeof parsed === 'object' ? (parsed as MetricFacts) : null;
}
