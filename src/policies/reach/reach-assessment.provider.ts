import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { subtreePrefix } from '../../common/scope/region-reach';
import { SettingsService } from '../../settings/settings.service';
import type { ReachRates } from '../domain/reach-assessment';
import { reachFigures } from '../domain/reach-figures';

export interface PolicyReachForRanking {
  weights: { awarenessWeight: number; benefitWeight: number };
  /** Per ranked region (city or county code): its firms' reach over every published policy, as it stands. */
  byGroup: Map<string, ReachRates>;
}

/**
 * The policies' reach as the regions' ranking counts it, when the setting
 * policies.reach_in_assessment says so: one grouped pass over the scope's eligible delivery
 * records (the same counting as the reach figures: not-applicable firms are out of both rates).
 */
@Injectable()
export class PolicyReachAssessmentProvider {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async forRanking(scopeRegionCode: string, grouping: 'city' | 'county'): Promise<PolicyReachForRanking | null> {
    const setting = await this.settings.get('policies.reach_in_assessment');
    if (!setting.enabled) return null;
    const key = grouping === 'city' ? "CONCAT(LEFT(e.region_code, 4), '00')" : 'e.region_code';
    const rows: Array<{ k: string; eligible: number; not_applicable: number; informed: number; benefited: number }> = await this.db.query(
      `SELECT ${key} AS k, COUNT(*) AS eligible, SUM(pf.state = 'not_applicable') AS not_applicable,
              SUM(pf.state IN ('informed', 'applied', 'exempt', 'benefited')) AS informed, SUM(pf.state = 'benefited') AS benefited
         FROM policy_firms pf
         JOIN policies p ON p.id = pf.policy_id
         JOIN enterprises e ON e.id = pf.enterprise_id
        WHERE pf.eligible = 1 AND p.status <> 'draft' AND e.region_code LIKE ?
        GROUP BY k`,
      [`${subtreePrefix(scopeRegionCode)}%`],
    );
    const byGroup = new Map<string, ReachRates>();
    for (const r of rows) {
      const figures = reachFigures({
        eligible: Number(r.eligible),
        notApplicable: Number(r.not_applicable),
        informed: Number(r.informed),
        applied: 0,
        benefited: Number(r.benefited),
        secondsToInformSum: 0,
        timedInformed: 0,
      });
      byGroup.set(String(r.k), { awarenessRate: figures.awarenessRate, benefitRate: figures.benefitRate });
    }
    return { weights: { awarenessWeight: setting.awarenessWeight, benefitWeight: setting.benefitWeight }, byGroup };
  }
}
