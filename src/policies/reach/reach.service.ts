import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { levelOfCode, reaches } from '../../common/scope/region-reach';
import { RegionsService } from '../../regions/regions.service';
import { reachFigures, type ReachCounts } from '../domain/reach-figures';
import type { PolicyReachDto, ReachDto, ReachQueryDto } from '../dto/reach.dto';
import { ReachRepository, type ReachRow } from './reach.repository';

const ZERO: ReachCounts = { eligible: 0, notApplicable: 0, informed: 0, applied: 0, benefited: 0, secondsToInformSum: 0, timedInformed: 0 };

function add(a: ReachCounts, b: ReachCounts): ReachCounts {
  return {
    eligible: a.eligible + b.eligible,
    notApplicable: a.notApplicable + b.notApplicable,
    informed: a.informed + b.informed,
    applied: a.applied + b.applied,
    benefited: a.benefited + b.benefited,
    secondsToInformSum: a.secondsToInformSum + b.secondsToInformSum,
    timedInformed: a.timedInformed + b.timedInformed,
  };
}

/** Each policy's reach in a region: 应知尽知 and 应享尽享 with their working, per city or county. */
@Injectable()
export class ReachService {
  constructor(
    private readonly reach: ReachRepository,
    private readonly regions: RegionsService,
  ) {}

  async figures(user: AuthUser, query: ReachQueryDto): Promise<ReachDto> {
    const code = query.regionCode ?? (user.role === 'admin' ? '510000' : user.regionCode);
    // A region outside the caller's reach is answered like one that does not exist.
    if (!reaches(user.reachPrefix, code)) throw AppError.notFound('Region', code);
    const region = await this.regions.get(code);
    const rows = await this.reach.counts({ regionCode: region.code, level: levelOfCode(region.code) }, query.policyId);
    return { regionCode: region.code, regionName: region.name, level: region.level, policies: byPolicy(rows) };
  }
}

function byPolicy(rows: ReachRow[]): PolicyReachDto[] {
  const policies = new Map<number, { head: ReachRow; total: ReachCounts; regions: PolicyReachDto['regions'] }>();
  for (const row of rows) {
    const entry = policies.get(row.policyId) ?? { head: row, total: ZERO, regions: [] };
    entry.total = add(entry.total, row);
    entry.regions.push({ regionCode: row.groupCode, regionName: row.groupName, ...reachFigures(row) });
    policies.set(row.policyId, entry);
  }
  return [...policies.values()].map(({ head, total, regions }) => ({
    policyId: head.policyId,
    title: head.title,
    documentNumber: head.documentNumber,
    obtainMode: head.obtainMode,
    status: head.status,
    publishedAt: head.publishedAt,
    total: reachFigures(total),
    regions,
  }));
}
