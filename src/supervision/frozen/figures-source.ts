import { DEFAULT_LIST_SIZE, reportSettingsFrom, type ReportSettings } from '../shared/report-settings';
import type { ReportStamp, SnapshotStatus } from '../reports/report-snapshots.repository';

/**
 * Where a response's figures came from: a frozen period report (the figures as frozen, exactly
 * what was or will be published), or counted from the appeals table (`countedAt`: now, or when
 * the running month's figures were last refreshed).
 */
export type FiguresSource =
  | {
      kind: 'frozen';
      reportId: number;
      /** The region of the report read: the caller's own, or the province's for a city or county cut from it. */
      reportRegionCode: string;
      reportStatus: SnapshotStatus;
      frozenAt: string;
      publishedAt: string | null;
    }
  | { kind: 'live'; countedAt: string };

export function frozenSource(stamp: ReportStamp, reportRegionCode: string): FiguresSource {
  return {
    kind: 'frozen',
    reportId: stamp.snapshotId,
    reportRegionCode,
    reportStatus: stamp.status,
    frozenAt: stamp.computedAt.toISOString(),
    publishedAt: stamp.publishedAt?.toISOString() ?? null,
  };
}

export function liveSource(countedAt: Date): FiguresSource {
  return { kind: 'live', countedAt: countedAt.toISOString() };
}

/**
 * The settings a report was frozen under, as stored with it. Read back through the same
 * validation as the live settings, so a report frozen before a setting existed gets its default.
 */
export function storedSettings(stamp: ReportStamp): ReportSettings {
  const stored = (stamp.settings ?? {}) as Partial<ReportSettings>;
  const parsed = reportSettingsFrom({
    'metrics.basically_satisfied_counts': stored.basicallySatisfiedCounts,
    'metrics.weights': stored.weights,
    'sla.working_hours': stored.workingHours,
    'policies.reach_in_assessment': stored.policyReach,
  });
  return { ...parsed, listSize: typeof stored.listSize === 'number' ? stored.listSize : DEFAULT_LIST_SIZE };
}
