import { NO_PROVISIONAL, type ProvisionalFiguresRepository } from './provisional-figures.repository';
import type { AuthUser } from '../../common/auth/auth-user';
import { FixedClock } from '../../common/clock/clock';
import { parsePeriodKey, periodContaining, previousPeriod, type Period } from '../domain';
import type { QueuesRepository } from '../queues/queues.repository';
import type { ReportFigures, ReportFiguresService } from '../reports/report-figures.service';
import type { FrozenSlice, ReportSnapshotsRepository } from '../reports/report-snapshots.repository';
import type { ReportsService } from '../reports/reports.service';
import type { GroupNamesRepository, RegionRow } from '../shared/group-names.repository';
import { periodView } from '../shared/period-query';
import { reportSettingsFrom } from '../shared/report-settings';
import { DashboardService } from './dashboard.service';
import { allSlices, type ProvinceFigures } from './dashboard-slices';
import { FiguresService } from './figures.service';
import { GroupCounts } from './group-figures';
import { sha256Of } from '../reports/report-figures.service';

const NOW = new Date('2026-04-10T02:00:00Z');
const settings = reportSettingsFrom({});
const REGIONS: RegionRow[] = [
  { code: '510000', name: '四川省', level: 'province', parentCode: null },
  { code: '511800', name: '雅安市', level: 'city', parentCode: '510000' },
  { code: '511802', name: '雨城区', level: 'county', parentCode: '511800' },
];
const province = { code: '510000', name: '四川省', level: 'province' as const, prefix: '51' };
const yaanSupervisor = { id: 9, role: 'supervisor', regionCode: '511800', regionLevel: 'city', reachPrefix: '5118' } as AuthUser;

/** A province month in which 雅安 answered `closed` appeals, so each month's figures can be told apart. */
function provinceFigures(month: Period, closed: number): ReportFigures {
  const counts = (key: string, name: string) => {
    const raw = { response: [{ g: key, due: closed, onTime: closed }], dueUnresolved: [], resolved: [], verified: [], assigned: [] };
    return GroupCounts.from({ ...raw, open: [], closed: [] }, { workingDaysBetween: () => 0 } as never).figures(key, name, true);
  };
  return {
    scope: { code: '510000', name: '四川省', level: 'province' },
    period: periodView(month, NOW),
    total: counts('all', '四川省'),
    groups: { city: [counts('511800', '雅安市')], county: [counts('511802', '雨城区')] },
    rankings: {} as ReportFigures['rankings'],
  };
}

const FROZEN_AT = new Date('2026-04-01T00:30:00Z');
const stamp = (snapshotId: number) => ({ snapshotId, status: 'draft' as const, computedAt: FROZEN_AT, publishedAt: null, settings });

describe('DashboardService', () => {
  const months: Period[] = [periodContaining('month', NOW)];
  while (months.length < 6) months.unshift(previousPeriod(months[0]));
  const figuresOf = new Map(months.map((month, i) => [month.key, provinceFigures(month, i + 1)]));
  const sliceText = (month: Period, region = '511800') =>
    JSON.stringify(allSlices(figuresOf.get(month.key) as ProvinceFigures, province).get(region));

  let snapshots: Record<'frozenSlices' | 'liveSlice' | 'findFigures' | 'saveSlices' | 'saveLiveSlices', jest.Mock>;
  let reportFigures: Record<'compute' | 'computeRegions', jest.Mock>;
  let reports: Record<'freezeIfMissing', jest.Mock>;
  let queues: Record<'openCounts' | 'countedOpenCounts', jest.Mock>;
  let computeMany: jest.Mock;
  let service: DashboardService;
  const LIVE_COUNTS = { open: 4, overdue: 2, dueSoon: 1, unaccepted: 1, awaitingVerification: 1, ordersAwaitingReply: 1 };

  beforeEach(() => {
    const finished = months.slice(0, 5);
    snapshots = {
      frozenSlices: jest.fn(async () =>
        finished.map((month, i): FrozenSlice => ({ ...stamp(i + 1), periodKey: month.key, figuresSha256: 'h', slice: sliceText(month) })),
      ),
      liveSlice: jest.fn(async () => ({ text: sliceText(months[5]), computedAt: new Date(NOW.getTime() - 60_000) })),
      findFigures: jest.fn(async (_kind: string, key: string) => {
        // As stored: the SHA-256 of the text (parsed reports are kept by it).
        const figuresText = JSON.stringify(figuresOf.get(key));
        return { ...stamp(1), figuresText, figuresSha256: sha256Of(figuresText) };
      }),
      saveSlices: jest.fn(async () => undefined),
      saveLiveSlices: jest.fn(async () => undefined),
    };
    reportFigures = {
      compute: jest.fn(),
      computeRegions: jest.fn(async () => figuresOf.get(months[5].key) as ProvinceFigures),
    };
    reports = { freezeIfMissing: jest.fn(async () => true) };
    // Only its pure methods (rank) and the settings are used.
    // A month counted for 雅安 alone: its figures in the province's month, with its counties.
    computeMany = jest.fn(async (_user: AuthUser, _scope: unknown, _filter: unknown, month: Period, groupings: string[]) => {
      const figures = figuresOf.get(month.key) as ReportFigures;
      return [
        {
          period: figures.period,
          groupBy: groupings[0],
          total: { ...figures.groups.city?.[0], key: 'all' },
          groups: figures.groups.county,
        },
      ];
    });
    const figures = Object.assign(Object.create(FiguresService.prototype) as FiguresService, {
      currentSettings: async () => settings,
      computeMany,
    });
    const names = { region: async (code: string) => REGIONS.find((r) => r.code === code) ?? null } as GroupNamesRepository;
    queues = {
      openCounts: jest.fn(async () => LIVE_COUNTS),
      countedOpenCounts: jest.fn(async () => null),
    };
    service = new DashboardService(
      reportFigures as unknown as ReportFiguresService,
      reports as unknown as ReportsService,
      figures,
      snapshots as unknown as ReportSnapshotsRepository,
      queues as unknown as QueuesRepository,
      names,
      new FixedClock(NOW),
      { total: async () => NO_PROVISIONAL, count: async () => [] } as unknown as ProvisionalFiguresRepository,
    );
  });

  it("reads the caller's six stored slices and nothing else", async () => {
    const dashboard = await service.dashboard(yaanSupervisor, {});
    expect(snapshots.frozenSlices).toHaveBeenCalledWith(
      'month',
      months.slice(0, 5).map((m) => m.key),
      '510000',
      '511800',
    );
    expect(dashboard.trend.map((p) => [p.period.key, p.metrics.responseRate.denominator])).toEqual(
      months.map((month, i) => [month.key, i + 1]),
    );
    expect(dashboard.monthMetrics.responseRate.denominator).toBe(6);
    expect(dashboard.ranking?.rows.map((r) => [r.key, r.rank])).toEqual([['511802', 1]]);
    expect(snapshots.findFigures).not.toHaveBeenCalled();
    expect(reportFigures.computeRegions).not.toHaveBeenCalled();
  });

  it('says where each month came from: the frozen report, or the live figures and when they were counted', async () => {
    const dashboard = await service.dashboard(yaanSupervisor, {});
    expect(dashboard.trend[0].source).toEqual({
      kind: 'frozen',
      reportId: 1,
      reportRegionCode: '510000',
      reportStatus: 'draft',
      frozenAt: FROZEN_AT.toISOString(),
      publishedAt: null,
    });
    expect(dashboard.trend[5].source).toEqual({ kind: 'live', countedAt: new Date(NOW.getTime() - 60_000).toISOString() });
  });

  it('refuses a month that has neither ended nor is the running one', async () => {
    const may = parsePeriodKey('2026-05') as Period;
    await expect(service.regionMonths(province, province, [months[5], may], settings, NOW)).rejects.toThrow(RangeError);
  });

  it('cuts and stores every region of a report that has no current slices yet, once', async () => {
    snapshots.frozenSlices.mockImplementation(async () =>
      months
        .slice(0, 5)
        .map((month, i) => ({ ...stamp(i + 1), periodKey: month.key, figuresSha256: 'h', slice: i === 2 ? null : sliceText(month) })),
    );
    const dashboard = await service.dashboard(yaanSupervisor, {});
    expect(dashboard.trend[2].metrics.responseRate.denominator).toBe(3);
    expect(snapshots.findFigures).toHaveBeenCalledTimes(1);
    expect(snapshots.findFigures).toHaveBeenCalledWith('month', months[2].key, '510000');
    const [[, sha, stored]] = snapshots.saveSlices.mock.calls;
    expect(sha).toBe(sha256Of(JSON.stringify(figuresOf.get(months[2].key))));
    expect(stored.map((s: { regionCode: string }) => s.regionCode).sort()).toEqual(['510000', '511800', '511802']);
    expect(reports.freezeIfMissing).not.toHaveBeenCalled();
  });

  it('counts a finished month nobody froze yet for the region alone, as it stood at its end, and freezes it in the background', async () => {
    snapshots.frozenSlices.mockImplementation(async () => []);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    reports.freezeIfMissing.mockImplementation(() => gate.then(() => true));
    const dashboard = await service.dashboard(yaanSupervisor, {});
    // Answered before any report was frozen.
    expect(reports.freezeIfMissing).toHaveBeenCalledTimes(1);
    expect(snapshots.saveSlices).not.toHaveBeenCalled();
    expect(computeMany).toHaveBeenCalledTimes(5);
    for (const [, scope, , month, groupings, , , source] of computeMany.mock.calls) {
      expect([scope.code, groupings, source]).toEqual(['511800', ['county'], 'history']);
      expect(months.slice(0, 5)).toContainEqual(month);
    }
    expect(dashboard.trend.map((p) => [p.period.key, p.metrics.responseRate.denominator, p.source?.kind])).toEqual(
      months.map((month, i) => [month.key, i + 1, 'live']),
    );
    expect(dashboard.trend[0].source).toEqual({ kind: 'live', countedAt: NOW.toISOString() });
    expect(dashboard.ranking?.rows.map((r) => [r.key, r.rank, r.previousRank])).toEqual([['511802', 1, 1]]);
    // A second request while they are being frozen starts nothing new.
    await service.dashboard(yaanSupervisor, {});
    release();
    await service.settled();
    expect(reports.freezeIfMissing).toHaveBeenCalledTimes(5);
    expect(reports.freezeIfMissing.mock.calls.map(([root, month]) => [root.code, month.key])).toEqual(
      months.slice(0, 5).map((month) => ['510000', month.key]),
    );
    expect(snapshots.saveSlices).toHaveBeenCalledTimes(5);
  });

  it('logs a failed background freeze and goes on', async () => {
    snapshots.frozenSlices.mockImplementation(async () => []);
    reports.freezeIfMissing.mockImplementation(async () => {
      throw new Error('lock wait timeout');
    });
    const logged = jest
      .spyOn((service as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation(() => undefined);
    await service.dashboard(yaanSupervisor, {});
    await service.settled();
    expect(logged).toHaveBeenCalledTimes(5);
    expect(snapshots.saveSlices).not.toHaveBeenCalled();
  });

  it("uses the job's open-case counts while fresh, and counts them itself otherwise", async () => {
    const countedAt = new Date(NOW.getTime() - 90_000);
    const counted = { ...LIVE_COUNTS, open: 40 };
    queues.countedOpenCounts.mockImplementation(async () => ({ counts: counted, countedAt }));
    const fresh = await service.dashboard(yaanSupervisor, {});
    expect(queues.countedOpenCounts).toHaveBeenCalledWith(yaanSupervisor, '511800', NOW, 2 * 60 * 1000);
    expect(fresh).toMatchObject({ counts: counted, queuesAsOf: countedAt.toISOString() });
    expect(queues.openCounts).not.toHaveBeenCalled();
    queues.countedOpenCounts.mockImplementation(async () => null);
    const live = await service.dashboard(yaanSupervisor, {});
    expect(live).toMatchObject({ counts: LIVE_COUNTS, queuesAsOf: NOW.toISOString(), generatedAt: NOW.toISOString() });
    expect(queues.openCounts).toHaveBeenCalledWith(yaanSupervisor, '511800', NOW);
  });

  it('does not serve a slice cut for a region of another level', async () => {
    snapshots.frozenSlices.mockImplementation(async () =>
      months
        .slice(0, 5)
        .map((month, i) => ({ ...stamp(i + 1), periodKey: month.key, figuresSha256: 'h', slice: sliceText(month, '511802') })),
    );
    const dashboard = await service.dashboard(yaanSupervisor, {});
    expect(snapshots.findFigures).toHaveBeenCalledTimes(5);
    expect(dashboard.trend[0].metrics.responseRate.denominator).toBe(1);
  });

  it('recounts the running month when its live figures are older than ten minutes, and stores every region', async () => {
    snapshots.liveSlice.mockImplementation(async () => ({ text: sliceText(months[5]), computedAt: new Date(NOW.getTime() - 11 * 60_000) }));
    const dashboard = await service.dashboard(yaanSupervisor, {});
    expect(reportFigures.computeRegions).toHaveBeenCalledTimes(1);
    const [[kind, key, stored, at]] = snapshots.saveLiveSlices.mock.calls;
    expect([kind, key, at]).toEqual(['month', months[5].key, NOW]);
    expect(stored.map((s: { regionCode: string }) => s.regionCode).sort()).toEqual(['510000', '511800', '511802']);
    expect(dashboard.monthMetrics.responseRate.denominator).toBe(6);
  });
});
