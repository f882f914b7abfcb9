import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { subtreePrefix } from '../../common/scope/region-reach';
import type { ReachGroup } from '../domain/reach-assessment';
import { reachFigures } from '../domain/reach-figures';

/** The regions' reach in both region groupings a ranking uses: cities (of a province) and counties (of a city). */
export interface ReachByRegion {
  city: ReachGroup[];
  county: ReachGroup[];
}

interface RegionCounts {
  eligible: number;
  notApplicable: number;
  informed: number;
  benefited: number;
}

const INFORMED_STATES = "('informed', 'applied', 'exempt', 'benefited')";

/**
 * The policies' reach as the regions' ranking counts it (policies.reach_in_assessment): per
 * region, the 应知尽知 and 应享尽享 rates over every published policy's eligible delivery records
 * (the same counting as the reach figures: not-applicable firms are out of both rates), firms
 * counted where they are registered now.
 *
 * Either as the records stand now (a running period), or as they stood at a moment (an ended
 * period's end, what a frozen report stores): every change of a record — a state, an unmatching,
 * a rematching — moves its `updated_at` and writes a `policy_firm_events` row stamped with the
 * same moment, so a record untouched since the moment is counted from the table as it is, and
 * only a record changed since is folded from its history (its last state and its last
 * (un)matching before the moment; none means the state 待告知 and eligible, as it was matched).
 * A record matched, or a policy published, at or after the moment does not exist then.
 */
@Injectable()
export class PolicyReachAssessmentProvider {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The scope's regions' reach now (`asOf` null) or as of a moment, cities and counties, in one grouped pass. */
  async byRegion(scopeRegionCode: string, asOf: Date | null): Promise<ReachByRegion> {
    const prefix = `${subtreePrefix(scopeRegionCode)}%`;
    const rows: Array<{ k: string; eligible: number; not_applicable: number; informed: number; benefited: number }> =
      asOf === null
        ? await this.db.query(LIVE_SQL, [prefix])
        : await this.db.query(AS_OF_SQL, [asOf, asOf, asOf, asOf, asOf, asOf, prefix]);
    const county = new Map<string, RegionCounts>();
    const city = new Map<string, RegionCounts>();
    const add = (into: Map<string, RegionCounts>, key: string, c: RegionCounts) => {
      const sum = into.get(key) ?? { eligible: 0, notApplicable: 0, informed: 0, benefited: 0 };
      into.set(key, {
        eligible: sum.eligible + c.eligible,
        notApplicable: sum.notApplicable + c.notApplicable,
        informed: sum.informed + c.informed,
        benefited: sum.benefited + c.benefited,
      });
    };
    for (const r of rows) {
      const counts = {
        eligible: Number(r.eligible),
        notApplicable: Number(r.not_applicable),
        informed: Number(r.informed),
        benefited: Number(r.benefited),
      };
      const code = String(r.k);
      add(county, code, counts);
      add(city, `${code.slice(0, 4)}00`, counts);
    }
    return { city: groupsOf(city), county: groupsOf(county) };
  }
}

function groupsOf(counts: Map<string, RegionCounts>): ReachGroup[] {
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, c]) => {
      const figures = reachFigures({ ...c, applied: 0, secondsToInformSum: 0, timedInformed: 0 });
      return { key, awarenessRate: figures.awarenessRate, benefitRate: figures.benefitRate };
    });
}

/** Per firm region: the eligible records of published policies as they are now. */
const LIVE_SQL = `
  SELECT e.region_code AS k, COUNT(*) AS eligible, SUM(pf.state = 'not_applicable') AS not_applicable,
         SUM(pf.state IN ${INFORMED_STATES}) AS informed, SUM(pf.state = 'benefited') AS benefited
    FROM policy_firms pf
    JOIN policies p ON p.id = pf.policy_id
    JOIN enterprises e ON e.id = pf.enterprise_id
   WHERE pf.eligible = 1 AND p.status <> 'draft' AND e.region_code LIKE ?
   GROUP BY e.region_code`;

/** The last history row of the record before the moment (?) that says `what`. */
const lastBefore = (column: string, what: string) => `(SELECT ${column} FROM policy_firm_events h
       WHERE h.policy_id = pf.policy_id AND h.enterprise_id = pf.enterprise_id AND h.created_at < ? AND ${what}
       ORDER BY h.created_at DESC, h.id DESC LIMIT 1)`;

/** Per firm region: the records as they stood at the moment (bound six times, then the region prefix). */
const AS_OF_SQL = `
  SELECT x.k, COUNT(*) AS eligible, SUM(x.st = 'not_applicable') AS not_applicable,
         SUM(x.st IN ${INFORMED_STATES}) AS informed, SUM(x.st = 'benefited') AS benefited
    FROM (SELECT e.region_code AS k,
                 IF(pf.updated_at < ?, pf.state, COALESCE(${lastBefore('h.to_state', 'h.to_state IS NOT NULL')}, 'pending')) AS st,
                 IF(pf.updated_at < ?, pf.eligible, COALESCE(${lastBefore("h.kind <> 'unmatched'", "h.kind <> 'state'")}, 1)) AS el
            FROM policy_firms pf
            JOIN policies p ON p.id = pf.policy_id
            JOIN enterprises e ON e.id = pf.enterprise_id
           WHERE p.status <> 'draft' AND p.published_at < ? AND pf.matched_at < ? AND e.region_code LIKE ?) x
   WHERE x.el = 1
   GROUP BY x.k`;
