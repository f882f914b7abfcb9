import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { resolvePeriod } from '../../supervision/shared/period-query';
import { resolveScope, type SupervisionScope } from '../../supervision/shared/supervision-scope';
import type { Period } from '../../supervision/domain';
import type { AppealStatus } from '../../appeals/domain/appeal-status';
import type { ClusterAppealsDto, ClusterAppealsQueryDto, PoolDto, PoolPeriodDto, PoolPeriodKind, PoolQueryDto } from './dto/problem-pool.dto';
import { ProblemClusteringService } from './problem-clustering.service';
import { type PoolFilter, ProblemPoolRepository } from './problem-pool.repository';

/** A read clusters at most this many new appeals itself; more are left to the job (they show as pending). */
const CLUSTERED_ON_READ = 5000;
const CLUSTER_APPEALS_SHOWN = 500;

export interface PoolSelection {
  period: Period;
  scope: SupervisionScope;
  filter: PoolFilter;
}

/**
 * The common-problem pool (共性问题池) of a period and region: the clusters of likely-the-same-problem
 * appeals raised by at least two firms, ranked by size and spread. Counts only the appeals of the
 * caller's region (or the region below it they chose): a city supervisor never sees another
 * city's appeals in a cluster's figures.
 */
@Injectable()
export class ProblemPoolService {
  constructor(
    private readonly pool: ProblemPoolRepository,
    private readonly clustering: ProblemClusteringService,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  async select(user: AuthUser, query: { period?: PoolPeriodKind; key?: string; regionCode?: string; categoryId?: number }): Promise<PoolSelection> {
    const period = resolvePeriod({ period: query.period ?? 'month', key: query.key }, this.clock.now());
    const scope = await resolveScope(this.names, user, query.regionCode);
    const regionPrefix = scope.level === 'province' && user.reachPrefix === '' ? '' : scope.prefix;
    return { period, scope, filter: { regionPrefix, startsAt: period.startsAt, endsAt: period.endsAt, categoryId: query.categoryId } };
  }

  async list(user: AuthUser, query: PoolQueryDto): Promise<PoolDto> {
    const selection = await this.select(user, query);
    const run = await this.clustering.catchUp(CLUSTERED_ON_READ);
    const clusters = await this.pool.clusters(selection.filter);
    const page = clusters.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const samples = await this.pool.numbersAndTitles(page.map((c) => c.firstAppealId));
    return {
      period: periodDto(selection.period),
      scope: { code: selection.scope.code, name: selection.scope.name, level: selection.scope.level },
      clustering: { clusteredNow: run.clustered, pending: await this.clustering.pending() },
      items: page.map((c) => ({
        clusterKey: c.clusterKey,
        appeals: c.appeals,
        firms: c.firms,
        counties: c.counties,
        departments: c.departments,
        sampleNumber: samples.get(c.firstAppealId)?.number ?? '',
        sampleTitle: samples.get(c.firstAppealId)?.title ?? '',
        firstSubmittedAt: c.firstSubmittedAt,
        lastSubmittedAt: c.lastSubmittedAt,
      })),
      total: clusters.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** A cluster's appeals as the pool counts them; 404 when none lies in the caller's selection. */
  async appeals(user: AuthUser, clusterKey: number, query: ClusterAppealsQueryDto): Promise<ClusterAppealsDto> {
    const selection = await this.select(user, query);
    const rows = await this.pool.appealsOf(clusterKey, selection.filter, CLUSTER_APPEALS_SHOWN);
    if (rows.length === 0) throw AppError.notFound('Cluster', clusterKey);
    return {
      clusterKey,
      period: periodDto(selection.period),
      items: rows.map((r) => ({ ...r, status: r.status as AppealStatus })),
    };
  }
}

export function periodDto(period: Period): PoolPeriodDto {
  return { kind: period.kind as PoolPeriodKind, key: period.key, label: period.label, fromDate: period.fromDate, toDate: period.toDate };
}
