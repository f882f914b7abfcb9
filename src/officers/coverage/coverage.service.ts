import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { Page } from '../../common/pagination/page-query.dto';
import { reaches, regionPrefix } from '../../common/scope/region-reach';
import { coverageSight } from '../../enterprises/enterprise-scope';
import { RegionsService } from '../../regions/regions.service';
import { Region } from '../../regions/region.entity';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { parseIsoDate } from '../../supervision/domain/local-date';
import { breakdownKey, coverageFigures } from '../domain/coverage';
import { CoverageDto, CoveragePageQuery, CoverageQuery, CoverageRowDto, OfficerLoadDto, UnassignedFirmDto } from './coverage.dto';
import { CoverageRepository, Period } from './coverage.repository';

@Injectable()
export class CoverageService {
  constructor(
    private readonly coverage: CoverageRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
  ) {}

  async summary(actor: AuthUser, query: CoverageQuery): Promise<CoverageDto> {
    const region = await this.regionFiguresInReach(actor, query.regionCode);
    const period = this.period(query);
    const prefix = regionPrefix(region.code, region.level);
    const [groups, visits, officers, children] = await Promise.all([
      this.coverage.countByGroup(prefix, region.level, period),
      this.coverage.countVisits(prefix, period),
      this.coverage.countActiveOfficers(prefix),
      region.level === 'county' ? Promise.resolve([]) : this.regions.list({ parentCode: region.code }),
    ]);
    const rowRegions = [...(region.level === 'province' ? [] : [region]), ...children];
    const byKey = new Map(groups.map((g) => [g.key, g]));
    const byRegion: CoverageRowDto[] = rowRegions
      .map((r) => {
        const group = byKey.get(breakdownKey(region.level, r.code));
        const counts = { firms: group?.firms ?? 0, firmsWithOfficer: group?.firmsWithOfficer ?? 0, firmsVisited: group?.firmsVisited ?? 0 };
        return { regionCode: r.code, regionName: r.name, ...coverageFigures(counts) };
      })
      // The city's own row only when firms are registered at city level.
      .filter((row) => row.regionCode !== region.code || row.firms > 0 || region.level === 'county');
    const total = groups.reduce(
      (sum, g) => ({
        firms: sum.firms + g.firms,
        firmsWithOfficer: sum.firmsWithOfficer + g.firmsWithOfficer,
        firmsVisited: sum.firmsVisited + g.firmsVisited,
      }),
      { firms: 0, firmsWithOfficer: 0, firmsVisited: 0 },
    );
    return {
      regionCode: region.code,
      regionName: region.name,
      level: region.level,
      from: period.from,
      to: period.to,
      ...coverageFigures(total),
      visits: visits.visits,
      visitsWithProblems: visits.withProblems,
      officers,
      byRegion,
    };
  }

  /** Supervisors and admins: every officer of the subtree; an officer: their own row only. */
  async officerLoads(actor: AuthUser, query: CoveragePageQuery): Promise<Page<OfficerLoadDto>> {
    const sight = coverageSight(actor);
    if (sight.kind === 'none') throw AppError.notFound('Coverage of region', query.regionCode ?? actor.regionCode);
    const region = await this.regionInReach(actor, query.regionCode);
    const [items, total] = await this.coverage.officerLoads(
      regionPrefix(region.code, region.level),
      this.period(query),
      query.page,
      query.pageSize,
      sight.kind === 'own-load' ? sight.officerId : null,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async unassigned(actor: AuthUser, query: CoveragePageQuery): Promise<Page<UnassignedFirmDto>> {
    const region = await this.regionFiguresInReach(actor, query.regionCode);
    const [items, total] = await this.coverage.unassignedFirms(regionPrefix(region.code, region.level), query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** A region outside the caller's reach answers 404 like an unknown code, never naming it. */
  private async regionInReach(actor: AuthUser, code?: string): Promise<Region> {
    const wanted = code ?? actor.regionCode;
    if (!reaches(actor.reachPrefix, wanted)) throw AppError.notFound('Region', wanted);
    return this.regions.requireExisting(wanted);
  }

  /** Region-wide figures (summary, unassigned firms) are the supervisors' and admins' only. */
  private async regionFiguresInReach(actor: AuthUser, code?: string): Promise<Region> {
    if (coverageSight(actor).kind !== 'region') throw AppError.notFound('Coverage of region', code ?? actor.regionCode);
    return this.regionInReach(actor, code);
  }

  /** Defaults to this month so far, in Asia/Shanghai dates. */
  private period(query: CoverageQuery): Period {
    const today = shanghaiDateOf(this.clock.now());
    const from = query.from ?? `${today.slice(0, 8)}01`;
    const to = query.to ?? today;
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (parseIsoDate(value) === null) {
        throw AppError.badRequest(`${field} is not a calendar date: ${value}`, [{ field, message: 'not a calendar date' }]);
      }
    }
    if (from > to) throw AppError.badRequest('from must not be after to', [{ field: 'from', message: `after ${to}` }]);
    return { from, to };
  }
}
