import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { parsePeriodKey } from '../../supervision/domain';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { resolvePeriod } from '../../supervision/shared/period-query';
import { resolveScope } from '../../supervision/shared/supervision-scope';
import { ProblemClusteringService } from '../pool/problem-clustering.service';
import { CommonProblemsRepository, type PeriodProblemRow, type ProblemRow } from './common-problems.repository';
import { CommonProblemsService } from './common-problems.service';
import { changeShare, defaultWindowDays, topicWindows } from './domain/common-problem-rules';
import type { TopicEffectDto, TopicsDto, TopicsQueryDto } from './dto/common-problem.dto';
import { periodDtoOf, problemDto, visibilityOf } from './problem-views';

/** A read clusters at most this many new appeals itself (as the pool does); the job does the rest. */
const CLUSTERED_ON_READ = 5000;

/** A period's named common problems, as the assessment notice prints them. */
export interface PeriodCommonProblem {
  title: string;
  leadDepartmentName: string | null;
  state: PeriodProblemRow['state'];
  linkedAppeals: number;
  /** Chosen as a topic (每月一题) of a period within the asked one. */
  isTopic: boolean;
}

/**
 * Topics (每月一题): the common problems chosen for a period, each with the count of new appeals of
 * its class before and after the answer (the windows: `topicWindows`, src/supervision/METRICS.md
 * "Common problems and topics").
 */
@Injectable()
export class ProblemTopicsService {
  constructor(
    private readonly problems: CommonProblemsRepository,
    private readonly named: CommonProblemsService,
    private readonly clustering: ProblemClusteringService,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  async effect(user: AuthUser, id: number, days?: number): Promise<TopicEffectDto> {
    const row = await this.named.visible(user, id);
    await this.clustering.catchUp(CLUSTERED_ON_READ);
    return this.effectOf(row, days);
  }

  async topics(user: AuthUser, query: TopicsQueryDto): Promise<TopicsDto> {
    const period = resolvePeriod({ period: query.period ?? 'month', key: query.key }, this.clock.now());
    const scope = await resolveScope(this.names, user, query.regionCode);
    await this.clustering.catchUp(CLUSTERED_ON_READ);
    const rows = await this.problems.all(visibilityOf(user), { regionPrefix: scope.prefix, topicFrom: period.fromDate, topicTo: period.toDate }, 500);
    const items = [];
    for (const row of rows) items.push({ problem: problemDto(row), effect: await this.effectOf(row, query.days) });
    return { period: periodDtoOf(period.kind as 'month', period.key), scope: { code: scope.code, name: scope.name }, items };
  }

  /**
   * For the assessment notice (考核通报): the named common problems of a region and below for a
   * period (any kind: month, quarter, …), named for a period starting within it or chosen as a
   * topic of one; topics first, then by linked appeals. Throws RangeError on a malformed key.
   */
  async listForPeriod(regionCode: string, periodKind: string, periodKey: string): Promise<PeriodCommonProblem[]> {
    const period = parsePeriodKey(periodKey);
    if (period === null || period.kind !== periodKind) throw new RangeError(`"${periodKey}" is not a ${periodKind} key`);
    const rows = await this.problems.listForPeriod(subtreePrefix(regionCode), period.fromDate, period.toDate);
    return rows.map(({ title, leadDepartmentName, state, linkedAppeals, isTopic }) => ({ title, leadDepartmentName, state, linkedAppeals, isTopic }));
  }

  private async effectOf(row: ProblemRow, days?: number): Promise<TopicEffectDto> {
    const length = days ?? defaultWindowDays(row.topicKind ?? row.periodKind);
    const answeredAt = row.state === 'open' ? null : row.answeredAt;
    const windows = topicWindows(answeredAt, this.clock.now(), length);
    if (!windows) return { problemId: row.id, answeredAt: null, days: length, afterComplete: false, before: null, after: null, change: null };
    const prefix = subtreePrefix(row.regionCode);
    const before = await this.problems.classCount(row.id, prefix, windows.before.from, windows.before.to);
    const after = await this.problems.classCount(row.id, prefix, windows.after.from, windows.after.to);
    return {
      problemId: row.id,
      answeredAt,
      days: length,
      afterComplete: windows.afterComplete,
      before: { ...windows.before, count: before },
      after: { ...windows.after, count: after },
      change: changeShare(before, after),
    };
  }
}
