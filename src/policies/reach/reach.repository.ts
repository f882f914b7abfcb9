import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RegionLevel } from '../../common/auth/role';
import { subtreePrefix } from '../../common/scope/region-reach';
import type { ReachCounts } from '../domain/reach-figures';
import type { ObtainMode, PolicyStatus } from '../domain/policy-vocabulary';

export interface ReachRow extends ReachCounts {
  policyId: number;
  title: string;
  documentNumber: string | null;
  obtainMode: ObtainMode;
  status: PolicyStatus;
  publishedAt: Date | null;
  groupCode: string;
  groupName: string;
}

/** Below a province the figures are grouped by city, below a city by county (and the city itself for firms registered there). */
function groupExpression(scopeLevel: RegionLevel): string {
  return scopeLevel === 'province' ? "CONCAT(LEFT(e.region_code, 4), '00')" : 'e.region_code';
}

@Injectable()
export class ReachRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One grouped pass over the scope's delivery records (firm region = where the firm is now).
   * Only records of firms that currently meet the rules count; the time to inform runs from
   * publication, or from when the firm became eligible if that was later.
   */
  async counts(scope: { regionCode: string; level: RegionLevel }, policyId: number | undefined): Promise<ReachRow[]> {
    const group = groupExpression(scope.level);
    const rows: Array<{
      policy_id: number;
      group_code: string;
      eligible: number;
      not_applicable: number;
      informed: number;
      applied: number;
      benefited: number;
      seconds_to_inform: number;
      timed_informed: number;
      title: string;
      document_number: string | null;
      obtain_mode: ObtainMode;
      status: PolicyStatus;
      published_at: Date | null;
      group_name: string;
    }> = await this.dataSource.query(
      `SELECT t.*, p.title, p.document_number, p.obtain_mode, p.status, p.published_at, g.name AS group_name
         FROM (SELECT pf.policy_id, ${group} AS group_code,
                      COUNT(*) AS eligible,
                      SUM(pf.state = 'not_applicable') AS not_applicable,
                      SUM(pf.state IN ('informed', 'applied', 'exempt', 'benefited')) AS informed,
                      SUM(pf.state IN ('applied', 'exempt', 'benefited')) AS applied,
                      SUM(pf.state = 'benefited') AS benefited,
                      SUM(IF(pf.state IN ('informed', 'applied', 'exempt', 'benefited') AND pf.informed_at IS NOT NULL,
                             GREATEST(TIMESTAMPDIFF(SECOND, GREATEST(pp.published_at, pf.matched_at), pf.informed_at), 0), 0)) AS seconds_to_inform,
                      SUM(pf.state IN ('informed', 'applied', 'exempt', 'benefited') AND pf.informed_at IS NOT NULL) AS timed_informed
                 FROM policy_firms pf
                 JOIN policies pp ON pp.id = pf.policy_id
                 JOIN enterprises e ON e.id = pf.enterprise_id
                WHERE pf.eligible = 1 AND pp.status <> 'draft' AND e.region_code LIKE ?${policyId ? ' AND pf.policy_id = ?' : ''}
                GROUP BY pf.policy_id, group_code) t
         JOIN policies p ON p.id = t.policy_id
         JOIN regions g ON g.code = t.group_code
        ORDER BY p.published_at DESC, p.id DESC, t.group_code`,
      [`${subtreePrefix(scope.regionCode)}%`, ...(policyId ? [policyId] : [])],
    );
    return rows.map((r) => ({
      policyId: Number(r.policy_id),
      title: String(r.title),
      documentNumber: r.document_number ?? null,
      obtainMode: r.obtain_mode,
      status: r.status,
      publishedAt: r.published_at ?? null,
      groupCode: String(r.group_code),
      groupName: String(r.group_name),
      eligible: Number(r.eligible),
      notApplicable: Number(r.not_applicable),
      informed: Number(r.informed),
      applied: Number(r.applied),
      benefited: Number(r.benefited),
      secondsToInformSum: Number(r.seconds_to_inform),
      timedInformed: Number(r.timed_informed),
    }));
  }
}
