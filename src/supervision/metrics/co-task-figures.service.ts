import { Injectable } from '@nestjs/common';
import { coTaskFigures, type CoTaskRankedRow, type Period, rankCoTasks } from '../domain';
import { countingEnd } from '../shared/period-query';
import type { SupervisionScope } from '../shared/supervision-scope';
import { CoTaskCountsRepository } from './co-task-counts.repository';

/** The co-handling departments' task figures of a period, ranked (协办单位排名); absent from an answer when there are none. */
export interface CoTaskRanking {
  rows: CoTaskRankedRow[];
}

/**
 * Per-department co-handler task figures for a period and a region's appeals. Counted from the
 * task table alone, live or for a frozen report alike: the table is its own history (METRICS.md).
 */
@Injectable()
export class CoTaskFiguresService {
  constructor(private readonly counts: CoTaskCountsRepository) {}

  async ranking(scope: SupervisionScope, period: Period, now: Date): Promise<CoTaskRanking | null> {
    const rows = await this.counts.count(scope.prefix, { from: period.startsAt, to: countingEnd(period, now) });
    if (!rows.length) return null;
    return { rows: rankCoTasks(rows.map((r) => coTaskFigures(String(r.departmentId), r.departmentName, r))) };
  }
}
