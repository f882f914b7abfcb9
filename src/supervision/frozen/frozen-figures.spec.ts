import type { RegionLevel } from '../../common/auth/role';
import { subtreePrefix } from '../../common/scope/region-reach';
import { parsePeriodKey, previousPeriod, type Period } from '../domain';
import { allSlices } from '../metrics/dashboard-slices';
import type { DashboardService, RegionMonth } from '../metrics/dashboard.service';
import { FiguresService } from '../metrics/figures.service';
import { GroupCounts, type GroupFigures } from '../metrics/group-figures';
import type { ReportFigures } from '../reports/report-figures.service';
import type { ReportSnapshotsRepository, StoredFigures } from '../reports/report-snapshots.repository';
import { periodView } from '../shared/period-query';
import { reportSettingsFrom } from '../shared/report-settings';
import type { SupervisionScope } from '../shared/supervision-scope';
import { FrozenFigures, groupingOfReport, groupingOfSlice, withListSize } from './frozen-figures';
import { sha256Of } from '../reports/report-figures.service';

const NOW = new Date('2026-04-10T02:00:00Z');
const MARCH = parsePeriodKey('2026-03') as Period;
const FEBRUARY = previousPeriod(MARCH);
const FROZEN_AT = new Date('2026-04-01T00:30:00Z');
const current = reportSettingsFrom({});
const scope = (code: string, level: RegionLevel, name = code): SupervisionScope => ({ code, name, level, prefix: subtreePrefix(code) });
const PROVINCE = scope('510000', 'province', '四川省');
const YAAN = scope('511800', 'city', '雅安市');
const YUCHENG = scope('511802', 'county', '雨城区');

/** A group whose response rate is `onTime` of `due`, so groups and months can be told apart. */
function group(key: string, name: string, due: number, onTime = due): GroupFigures {
  const raw = { response: [{ g: key, due, onTime }], dueUnresolved: [], resolved: [], verified: [], assigned: [], open: [], closed: [] };
  return GroupCounts.from(raw, { workingDaysBetween: () => 0 } as never).figures(key, name, true);
}

function provinceReport(month: Period): ReportFigures {
  const yucheng = group('511802', '雨城区', 4, 3);
  const mingshan = group('511803', '名山区', 2, 2);
  return {
    scope: { code: '510000', name: '四川省', level: 'province' },
    period: periodView(month, NOW),
    total: group('all', '四川省', 6, 5),
    groups: {
      city: [group('511800', '雅安市', 6, 5)],
      county: [yucheng, mingshan, group('511900', '巴中市（本级）', 0)],
      department: [group('7', '某局', 6, 5)],
      category: [group('1', '其他', 6, 5)],
    },
    rankings: {} as ReportFigures['rankings'],
  };
}

const stored = (id: number, figures: ReportFigures, settings: unknown = current): StoredFigures => ({
  snapshotId: id,
  status: 'draft',
  computedAt: FROZEN_AT,
  publishedAt: null,
  settings,
  figuresText: JSON.stringify(figures),
  figuresSha256: sha256Of(JSON.stringify(figures)),
  provisional: null,
});

describe('frozen figures', () => {
  describe('the groupings a report or slice holds', () => {
    const report = provinceReport(MARCH);

    it("gives a report's own groupings as stored, its total as the single group of 'total', and nothing for officers", () => {
      expect(groupingOfReport(report, 'city')?.groups).toEqual(report.groups.city);
      expect(groupingOfReport(report, 'total')).toMatchObject({ groupBy: 'total', total: report.total, groups: [report.total] });
      expect(groupingOfReport(report, 'officer')).toBeNull();
      expect(groupingOfReport({ ...report, groups: { department: [] } }, 'county')).toBeNull();
    });

    it("cuts a city's total, itself and its counties from its slice, and nothing the slice does not hold", () => {
      const slice = allSlices(report, PROVINCE).get(YAAN.code)!;
      const counties = groupingOfSlice(slice, YAAN, 'county');
      expect(counties?.groups.map((g) => g.key)).toEqual(['511802', '511803']);
      expect(counties?.total).toEqual({ ...report.groups.city![0], key: 'all', name: '雅安市' });
      expect(groupingOfSlice(slice, YAAN, 'city')?.groups).toEqual(report.groups.city);
      expect(groupingOfSlice(slice, YAAN, 'total')?.groups).toEqual([counties?.total]);
      for (const other of ['department', 'category', 'officer'] as const) expect(groupingOfSlice(slice, YAAN, other)).toBeNull();
      // A slice cut for another level serves no one else.
      expect(groupingOfSlice(slice, YUCHENG, 'county')).toBeNull();
    });

    it('gives a county itself as its region grouping', () => {
      const slice = allSlices(report, PROVINCE).get(YUCHENG.code)!;
      expect(groupingOfSlice(slice, YUCHENG, 'county')?.groups).toEqual([report.groups.county![0]]);
      expect(groupingOfSlice(slice, YUCHENG, 'city')).toBeNull();
    });

    it('re-cuts stored red and black lists to another length, rows untouched', () => {
      const figures = Object.create(FiguresService.prototype) as FiguresService;
      const ranking = figures.rank(
        'region',
        { period: report.period, groupBy: 'county', total: report.total, groups: report.groups.county! },
        { period: report.period, groupBy: 'county', total: report.total, groups: [] },
        { ...current, listSize: 3 },
      );
      expect(withListSize(ranking, undefined)).toBe(ranking);
      const one = withListSize(ranking, 1);
      expect(one.redList.map((r) => r.key)).toEqual(['511803']);
      expect(one.blackList.map((r) => r.key)).toEqual(['511802']);
      expect(one.rows).toBe(ranking.rows);
    });
  });

  describe('which report answers', () => {
    let snapshots: { findFigures: jest.Mock };
    let dashboards: { provinceOf: jest.Mock; regionMonths: jest.Mock; storedMonths: jest.Mock; freezeInBackground: jest.Mock };
    let frozen: FrozenFigures;
    const reportsById = new Map<string, StoredFigures>();
    /** Months whose province report is not frozen yet (storedMonths answers null for them). */
    const unfrozen = new Set<string>();

    beforeEach(() => {
      reportsById.clear();
      unfrozen.clear();
      snapshots = {
        findFigures: jest.fn(async (_kind: string, key: string, region: string) => reportsById.get(`${region}/${key}`) ?? null),
      };
      // The province report's slices, as the dashboard service cuts them.
      const regionMonths = (_root: SupervisionScope, region: SupervisionScope, months: Period[]) =>
        months.map((month, i): RegionMonth => {
          const report = stored(10 + i, provinceReport(month), { ...current, weights: { responseRate: 1 }, listSize: 1 });
          return {
            slice: allSlices(provinceReport(month), PROVINCE).get(region.code)!,
            source: {
              kind: 'frozen',
              reportId: report.snapshotId,
              reportRegionCode: '510000',
              reportStatus: 'draft',
              frozenAt: '',
              publishedAt: null,
            },
            report,
          };
        });
      dashboards = {
        provinceOf: jest.fn(async () => PROVINCE),
        regionMonths: jest.fn(async (root: SupervisionScope, region: SupervisionScope, months: Period[]) =>
          regionMonths(root, region, months),
        ),
        storedMonths: jest.fn(async (root: SupervisionScope, region: SupervisionScope, months: Period[]) =>
          regionMonths(root, region, months).map((month, i) => (unfrozen.has(months[i].key) ? null : month)),
        ),
        freezeInBackground: jest.fn(),
      };
      frozen = new FrozenFigures(
        snapshots as unknown as ReportSnapshotsRepository,
        dashboards as unknown as DashboardService,
        Object.create(FiguresService.prototype) as FiguresService,
      );
    });

    it('applies to ended months only', () => {
      expect(FrozenFigures.applies(MARCH, NOW)).toBe(true);
      expect(FrozenFigures.applies(parsePeriodKey('2026-04') as Period, NOW)).toBe(false);
      expect(FrozenFigures.applies(parsePeriodKey('2026-W10') as Period, NOW)).toBe(false);
    });

    it("answers null for a province's month not frozen yet and freezes it in the background, then reads its grouping, saying which report", async () => {
      expect(await frozen.metrics(PROVINCE, MARCH, 'department', current, NOW)).toBeNull();
      expect(dashboards.freezeInBackground).toHaveBeenCalledWith(PROVINCE, MARCH);
      reportsById.set(`${PROVINCE.code}/${MARCH.key}`, stored(99, provinceReport(MARCH)));
      const result = await frozen.metrics(PROVINCE, MARCH, 'department', current, NOW);
      expect(result?.groups.map((g) => g.key)).toEqual(['7']);
      expect(result?.source).toEqual({
        kind: 'frozen',
        reportId: 99,
        reportRegionCode: '510000',
        reportStatus: 'draft',
        frozenAt: FROZEN_AT.toISOString(),
        publishedAt: null,
      });
      expect(await frozen.metrics(PROVINCE, MARCH, 'officer', current, NOW)).toBeNull();
    });

    it("cuts a city's counties from the province's slice, and leaves its departments to be counted", async () => {
      const counties = await frozen.metrics(YAAN, MARCH, 'county', current, NOW);
      expect(counties?.groups.map((g) => g.key)).toEqual(['511802', '511803']);
      expect(counties?.source).toMatchObject({ reportId: 10 });
      expect(dashboards.freezeInBackground).not.toHaveBeenCalled(); // never a city's own report
      dashboards.storedMonths.mockClear();
      expect(await frozen.metrics(YAAN, MARCH, 'department', current, NOW)).toBeNull();
      expect(dashboards.storedMonths).not.toHaveBeenCalled();
      expect(await frozen.ranking(YAAN, MARCH, 'department', undefined, current, NOW)).toBeNull();
    });

    it("ranks a city's counties from this month's and last month's slices under the settings the month was frozen with", async () => {
      const ranking = await frozen.ranking(YAAN, MARCH, 'region', undefined, current, NOW);
      expect(dashboards.storedMonths).toHaveBeenCalledWith(PROVINCE, YAAN, [MARCH], current, NOW);
      // The month before from its report, or counted when it has none yet.
      expect(dashboards.regionMonths).toHaveBeenCalledWith(PROVINCE, YAAN, [FEBRUARY], current, NOW);
      expect(ranking?.weights).toEqual({ responseRate: 1 });
      expect(ranking?.redList).toHaveLength(1); // the stored list size
      expect(ranking?.rows.map((r) => [r.key, r.rank, r.previousRank, r.change])).toEqual([
        ['511803', 1, 1, 0],
        ['511802', 2, 2, 0],
      ]);
      expect(ranking?.source).toMatchObject({ reportId: 10 });
      expect((await frozen.ranking(YAAN, MARCH, 'region', 2, current, NOW))?.redList).toHaveLength(2);
    });

    it("leaves a city's month to be counted while the province's report of it is missing", async () => {
      unfrozen.add(MARCH.key);
      expect(await frozen.metrics(YAAN, MARCH, 'county', current, NOW)).toBeNull();
      expect(await frozen.ranking(YAAN, MARCH, 'region', undefined, current, NOW)).toBeNull();
      expect(dashboards.regionMonths).not.toHaveBeenCalled(); // nothing counted that the caller counts again
    });

    it("prefers the scope's own report, with the ranking as it stored it", async () => {
      const own = provinceReport(MARCH);
      const storedRanking = {
        kind: 'department',
        rows: [],
        redList: [],
        blackList: [],
      } as unknown as ReportFigures['rankings']['department'];
      reportsById.set('511800/2026-03', stored(5, { ...own, rankings: { department: storedRanking } }));
      const ranking = await frozen.ranking(YAAN, MARCH, 'department', undefined, current, NOW);
      expect(ranking).toMatchObject({ kind: 'department', source: { reportId: 5, reportRegionCode: '511800' } });
      expect(dashboards.regionMonths).not.toHaveBeenCalled();
    });
  });
});
