import type { Metrics } from '../domain';
import type { FiguresSource } from '../frozen/figures-source';
import type { OpenCounts } from '../queues/queues.repository';
import type { PeriodView } from '../shared/period-query';
import type { ScopeView } from '../shared/supervision-scope';
import type { ProvisionalCounts, RankingWithProvisional } from './provisional-figures.repository';

export interface TrendPoint {
  period: PeriodView;
  metrics: Metrics;
  /** Where the figures came from; every trend point says it. */
  source?: FiguresSource;
}

export interface Dashboard {
  scope: ScopeView;
  generatedAt: string;
  counts: OpenCounts;
  /** When `counts` were taken: by the job (at most two minutes ago), or `generatedAt` when counted for this request. */
  queuesAsOf: string;
  month: PeriodView;
  monthMetrics: Metrics;
  /** This month's ratings ruled unreasonable (不合理差评), apart from the satisfaction rate. */
  monthUnreasonableRatings: number;
  /** Appeals in this month's deadline-dependent figures judged on a provisional deadline (暂定). */
  monthProvisional: ProvisionalCounts;
  trend: TrendPoint[];
  ranking?: RankingWithProvisional & { scope: ScopeView };
}
