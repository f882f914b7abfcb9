import { computeMetrics, emptyMetricCounts, type MetricCounts, type Metrics, roundTo } from '../domain';
import type { WorkingTimeIndex } from '../calendar/working-time-index';
import type { RawGroupCounts } from './metric-counts.repository';

/** How the appeals resolved in the period were closed; shown beside the rates, never mixed in. */
export interface ClosureTypeCounts {
  resolved: number;
  partlyResolved: number;
  explained: number;
}

/** One group's figures for one period: the metrics with their working, plus the breakdowns. */
export interface GroupFigures {
  key: string;
  name: string;
  metrics: Metrics;
  closureTypes: ClosureTypeCounts;
  /** Of the verified appeals, those whose answer an officer recorded on a follow-up call (回访). */
  verifiedOnBehalf: number;
  /**
   * Appeals closed in the period as duplicates (重复) of the firm's own appeal: apart from every
   * rate, from the closed count and from handling time. Absent when none, so a report frozen
   * before duplicates existed recomputes to the same JSON.
   */
  duplicates?: number;
  /**
   * Unsatisfied ratings (verified in the period) that a supervisor ruled unreasonable (不合理差评):
   * out of the satisfaction rate's denominator and of their level, counted here apart. Absent
   * when none, so a report frozen before rulings existed recomputes to the same JSON.
   */
  unreasonableRatings?: number;
}

interface Accumulator {
  counts: MetricCounts & { handlingDays: number[] };
  closureTypes: ClosureTypeCounts;
  verifiedOnBehalf: number;
  duplicates: number;
  unreasonableRatings: number;
}

function emptyAccumulator(): Accumulator {
  return {
    counts: { ...emptyMetricCounts(), handlingDays: [] },
    closureTypes: { resolved: 0, partlyResolved: 0, explained: 0 },
    verifiedOnBehalf: 0,
    duplicates: 0,
    unreasonableRatings: 0,
  };
}

/** Counts per group key, merged from the per-family query rows; handling time measured in working days. */
export class GroupCounts {
  private readonly groups = new Map<string, Accumulator>();

  /**
   * `handlingDays`, when given, keeps each closed appeal's handling time by appeal id, so the
   * groupings of one report measure each appeal once.
   */
  static from(raw: RawGroupCounts, workingTime: WorkingTimeIndex, handlingDays = new Map<number, number>()): GroupCounts {
    const result = new GroupCounts();
    for (const row of raw.response) {
      const c = result.at(row.g).counts;
      c.dueForResponse += row.due;
      c.respondedOnTime += row.onTime;
    }
    for (const row of raw.dueUnresolved) result.at(row.g).counts.dueForResolution += row.n;
    for (const row of raw.resolved) {
      const group = result.at(row.g);
      group.counts.dueForResolution += row.resolved;
      group.counts.resolvedOnTime += row.onTime;
      group.counts.resolvedTotal += row.resolved;
      group.counts.redoAppeals += row.redo;
      group.closureTypes.resolved += row.closureResolved;
      group.closureTypes.partlyResolved += row.closurePartly;
      group.closureTypes.explained += row.closureExplained;
    }
    for (const row of raw.verified) {
      const group = result.at(row.g);
      const c = group.counts;
      c.verified += row.verified;
      c.solvedYes += row.solvedYes;
      c.solvedPartly += row.solvedPartly;
      c.rated += row.rated;
      c.verySatisfied += row.verySatisfied;
      c.satisfied += row.satisfied;
      c.basicallySatisfied += row.basicallySatisfied;
      c.dissatisfied += row.dissatisfied;
      c.veryDissatisfied += row.veryDissatisfied;
      group.verifiedOnBehalf += row.onBehalf;
      group.unreasonableRatings += row.unreasonable;
    }
    for (const row of raw.assigned) {
      const c = result.at(row.g).counts;
      c.handledTotal += row.handled;
      c.objectionAppeals += row.objection;
      c.extensionAppeals += row.extension;
    }
    for (const row of raw.open) {
      const c = result.at(row.g).counts;
      c.openCount += row.open;
      c.overdueCount += row.overdue;
    }
    for (const row of raw.closed) {
      const group = result.at(row.g);
      if (row.duplicate) {
        group.duplicates += 1;
        continue;
      }
      const c = group.counts;
      c.closedCount += 1;
      let days = handlingDays.get(row.id);
      if (days === undefined) {
        // Rounded so a frozen report and its recomputation compare equal as JSON.
        days = roundTo(workingTime.workingDaysBetween(row.submittedAt, row.resolvedAt, row.pauses), 4);
        handlingDays.set(row.id, days);
      }
      c.handlingDays.push(days);
    }
    return result;
  }

  keys(): string[] {
    return [...this.groups.keys()];
  }

  /** Every group's figures under one name lookup; groups without activity come out all zero. */
  figures(key: string, name: string, basicallySatisfiedCounts: boolean): GroupFigures {
    const group = this.groups.get(key) ?? emptyAccumulator();
    // Sorted so the JSON of a snapshot does not depend on the order rows came back in.
    const counts = { ...group.counts, handlingDays: [...group.counts.handlingDays].sort((a, b) => a - b) };
    return {
      key,
      name,
      metrics: computeMetrics(counts, { basicallySatisfiedCounts }),
      closureTypes: { ...group.closureTypes },
      verifiedOnBehalf: group.verifiedOnBehalf,
      ...(group.duplicates > 0 ? { duplicates: group.duplicates } : {}),
      ...(group.unreasonableRatings > 0 ? { unreasonableRatings: group.unreasonableRatings } : {}),
    };
  }

  /** All groups added together: every appeal belongs to exactly one group, so the sum is the scope's total. */
  total(): GroupCounts {
    const total = new GroupCounts();
    const sum = total.at('all');
    for (const group of this.groups.values()) {
      for (const [field, value] of Object.entries(group.counts) as Array<[keyof MetricCounts, number | number[]]>) {
        if (Array.isArray(value)) sum.counts.handlingDays.push(...value);
        else (sum.counts as unknown as Record<string, number>)[field] += value;
      }
      sum.closureTypes.resolved += group.closureTypes.resolved;
      sum.closureTypes.partlyResolved += group.closureTypes.partlyResolved;
      sum.closureTypes.explained += group.closureTypes.explained;
      sum.verifiedOnBehalf += group.verifiedOnBehalf;
      sum.duplicates += group.duplicates;
      sum.unreasonableRatings += group.unreasonableRatings;
    }
    return total;
  }

  private at(key: string): Accumulator {
    let group = this.groups.get(key);
    if (!group) {
      group = emptyAccumulator();
      this.groups.set(key, group);
    }
    return group;
  }
}
