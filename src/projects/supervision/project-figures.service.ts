import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { countingEnd, resolvePeriod } from '../../supervision/shared/period-query';
import { resolveScope } from '../../supervision/shared/supervision-scope';
import { rankByProgress, rate } from '../domain/project-progress';
import { orderedStages } from '../domain/stage-pipeline';
import { ProjectsRepository } from '../projects.repository';
import type { ProjectFiguresDto, ProjectFiguresQuery, ProjectRankingDto, ProjectRegionFiguresDto } from './project-figures.dto';
import { ProjectFiguresRepository } from './project-figures.repository';

/** Supervision of projects per region and period, and the ranking of regions on project progress. */
@Injectable()
export class ProjectFiguresService {
  constructor(
    private readonly figures: ProjectFiguresRepository,
    private readonly names: GroupNamesRepository,
    private readonly projects: ProjectsRepository,
    private readonly clock: Clock,
  ) {}

  async figuresFor(user: AuthUser, query: ProjectFiguresQuery): Promise<ProjectFiguresDto> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const stages = orderedStages(await this.projects.stages());
    const childLevel = scope.level === 'province' ? 'city' : 'county';
    const [stock, flows, children] = await Promise.all([
      this.figures.stock(user, scope.prefix, scope.level, now),
      this.figures.flows(
        user,
        scope.prefix,
        scope.level,
        period.startsAt,
        countingEnd(period, now),
        stages[Math.max(0, stages.length - 2)].position,
        stages[stages.length - 1].position,
      ),
      scope.level === 'county' ? Promise.resolve([]) : this.names.regionsOfLevel(childLevel, scope.prefix),
    ]);
    // Projects registered at the scope region itself (a city-level project) get the region's own row.
    const codes = new Map<string, string>(children.map((c) => [c.code, c.name]));
    for (const row of [...stock, ...flows])
      if (!codes.has(row.child)) codes.set(row.child, row.child === scope.code ? scope.name : row.child);
    const build = (code: string, name: string, pick: (child: string) => boolean): ProjectRegionFiguresDto => {
      const own = stock.filter((s) => pick(s.child));
      const flow = flows.filter((f) => pick(f.child));
      const projects = own.reduce((n, s) => n + s.projects, 0);
      const plannedWan = own.reduce((n, s) => n + s.plannedWan, 0);
      const investedWan = own.reduce((n, s) => n + s.investedWan, 0);
      const advanced = flow.reduce((n, f) => n + f.advanced, 0);
      return {
        code,
        name,
        projects,
        byStage: stages.map((s) => ({
          stageCode: s.code,
          stageName: s.name,
          projects: own.filter((x) => x.stageCode === s.code).reduce((n, x) => n + x.projects, 0),
        })),
        advanced,
        reachedProduction: flow.reduce((n, f) => n + f.reachedProduction, 0),
        reachedCapacity: flow.reduce((n, f) => n + f.reachedCapacity, 0),
        plannedWan: Math.round(plannedWan * 100) / 100,
        investedWan: Math.round(investedWan * 100) / 100,
        investmentCompletion: rate(Math.round(investedWan), Math.round(plannedWan)),
        advancedRate: rate(advanced, projects),
        overdueMilestones: own.reduce((n, s) => n + s.overdueMilestones, 0),
      };
    };
    return {
      regionCode: scope.code,
      regionName: scope.name,
      period: { key: period.key, label: period.label, fromDate: period.fromDate, toDate: period.toDate },
      total: build(scope.code, scope.name, () => true),
      regions: [...codes.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, name]) => build(code, name, (child) => child === code)),
    };
  }

  async ranking(user: AuthUser, query: ProjectFiguresQuery): Promise<ProjectRankingDto> {
    const figures = await this.figuresFor(user, query);
    const ranked = rankByProgress(figures.regions);
    return {
      regionCode: figures.regionCode,
      regionName: figures.regionName,
      period: figures.period,
      rows: ranked.map((r) => ({ rank: r.rank, score: r.score, region: r.item })),
    };
  }
}
