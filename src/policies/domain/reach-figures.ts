import { ratio, type Ratio } from '../../supervision/domain/metrics';

/** Counts of one policy's delivery records in one region (eligible records only). */
export interface ReachCounts {
  /** Firms that currently meet the rules. */
  eligible: number;
  /** Of them, found not applicable by the officer or a supervisor (with a reason). */
  notApplicable: number;
  /** Told of the policy: 已告知 or any later state. */
  informed: number;
  /** 已申请 or 免申, or already 已兑现. */
  applied: number;
  benefited: number;
  /** Sum of seconds from publication (or from becoming eligible, if later) to being informed, over `timedInformed` records. */
  secondsToInformSum: number;
  timedInformed: number;
}

export interface ReachFigures {
  eligible: number;
  notApplicable: number;
  informed: number;
  applied: number;
  benefited: number;
  /** 应知尽知: informed / (eligible − not applicable). */
  awarenessRate: Ratio;
  /** 应享尽享: benefited / (eligible − not applicable). */
  benefitRate: Ratio;
  /** Mean days from publication to informed, 2 decimals; null when nobody was informed yet. */
  meanDaysToInform: number | null;
}

/**
 * A firm the officer found not entitled (不适用) is out of both denominators: 应知 and 应享 are
 * about the firms that should know and should enjoy the policy. The ratios keep their working.
 */
export function reachFigures(c: ReachCounts): ReachFigures {
  const entitled = c.eligible - c.notApplicable;
  return {
    eligible: c.eligible,
    notApplicable: c.notApplicable,
    informed: c.informed,
    applied: c.applied,
    benefited: c.benefited,
    awarenessRate: ratio(c.informed, entitled),
    benefitRate: ratio(c.benefited, entitled),
    meanDaysToInform: c.timedInformed === 0 ? null : Math.round((c.secondsToInformSum / c.timedInformed / 86_400) * 100) / 100,
  };
}
