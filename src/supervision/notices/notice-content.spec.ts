import { computeMetrics, emptyMetricCounts, type MetricCounts } from '../domain';
import type { Ranking, RankingRow } from '../metrics/figures.service';
import type { GroupFigures } from '../metrics/group-figures';
import type { ReportFigures } from '../reports/report-figures.service';
import {
  buildNoticeContent,
  chineseDateOf,
  formatNoticeNumber,
  noticeNumberPrefix,
  noticeYear,
  percent,
  pointsChange,
  pointsText,
  rankChangeText,
  separatedLists,
  type NoticeInput,
} from './notice-content';

const ZERO: MetricCounts = emptyMetricCounts();

function group(key: string, name: string, counts: Partial<MetricCounts>, extra: Partial<GroupFigures> = {}): GroupFigures {
  return {
    key,
    name,
    metrics: computeMetrics({ ...ZERO, ...counts }, { basicallySatisfiedCounts: false }),
    closureTypes: { resolved: 0, partlyResolved: 0, explained: 0 },
    verifiedOnBehalf: 0,
    ...extra,
  };
}

function row(g: GroupFigures, rank: number, previousRank: number | null, score: number): RankingRow {
  return { ...g, rank, score, previousRank, change: previousRank === null ? null : previousRank - rank, scoreParts: [] };
}

const PERIOD = {
  kind: 'month' as const,
  key: '2022-03',
  label: '2022年3月',
  fromDate: '2022-03-01',
  toDate: '2022-03-31',
  startsAt: '2022-02-28T16:00:00.000Z',
  endsAt: '2022-03-31T16:00:00.000Z',
  asOf: '2022-03-31T16:00:00.000Z',
  complete: true,
};

// 巴州 answers everything on time and pleases its firms; 南江 is late and displeases; 恩阳 between.
const bazhou = group('511902', '巴州区', { dueForResolution: 4, resolvedOnTime: 4, rated: 4, verySatisfied: 3, satisfied: 1 });
const enyang = group('511903', '恩阳区', { dueForResolution: 4, resolvedOnTime: 3, rated: 2, satisfied: 1, basicallySatisfied: 1 });
const nanjiang = group('511922', '南江县', { dueForResolution: 4, resolvedOnTime: 1, rated: 2, dissatisfied: 2, openCount: 3, overdueCount: 2 });
const deptA = group('7', '市经信局', { dueForResolution: 2, resolvedOnTime: 2, openCount: 1, overdueCount: 1 });

function ranking(kind: 'region' | 'department', rows: RankingRow[], groupBy: 'county' | 'department'): Ranking {
  const ranked = [...rows].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  return {
    kind,
    groupBy,
    period: PERIOD,
    previousPeriod: { ...PERIOD, key: '2022-02', label: '2022年2月' },
    weights: {},
    rows: ranked,
    redList: ranked.slice(0, 1),
    blackList: [...ranked].reverse().slice(0, 1),
  };
}

const total = group(
  '511900',
  '巴中市',
  {
    dueForResponse: 12,
    respondedOnTime: 10,
    dueForResolution: 12,
    resolvedOnTime: 8,
    rated: 8,
    verySatisfied: 3,
    satisfied: 2,
    basicallySatisfied: 1,
    dissatisfied: 2,
    handledTotal: 13,
    closedCount: 9,
    handlingDays: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    openCount: 4,
    overdueCount: 3,
  },
  { duplicates: 2, unreasonableRatings: 1, closureTypes: { resolved: 7, partlyResolved: 1, explained: 1 } },
);

const FIGURES: ReportFigures = {
  scope: { code: '511900', name: '巴中市', level: 'city' },
  period: PERIOD,
  total,
  groups: { county: [bazhou, enyang, nanjiang], department: [deptA] },
  rankings: {
    region: ranking('region', [row(bazhou, 1, 2, 95), row(enyang, 2, 1, 80), row(nanjiang, 3, null, 40)], 'county'),
    department: ranking('department', [row(deptA, 1, 1, 90)], 'department'),
  },
};

// February: 巴州 at 50 % on time, 恩阳 at 100 %; 南江 had no report row.
const PREVIOUS: ReportFigures = {
  ...FIGURES,
  period: { ...PERIOD, key: '2022-02', label: '2022年2月' },
  groups: {
    county: [
      group('511902', '巴州区', { dueForResolution: 2, resolvedOnTime: 1, rated: 1, satisfied: 1 }),
      group('511903', '恩阳区', { dueForResolution: 2, resolvedOnTime: 2, rated: 1, dissatisfied: 1 }),
    ],
    department: [deptA],
  },
};

function input(overrides: Partial<NoticeInput> = {}): NoticeInput {
  return {
    reportId: 42,
    figuresSha256: 'abcdef0123456789'.repeat(4),
    figures: FIGURES,
    previous: PREVIOUS,
    number: { prefix: '巴中企援督', year: 2022, sequence: 3 },
    frozenAt: new Date('2022-04-01T17:30:00Z'), // 2 April in Beijing
    orders: [
      { appealNumber: 'SQ2022030001', title: '线路停电', departmentName: '市经信局', source: 'ladder', repliedByEnd: true },
      { appealNumber: 'SQ2022030002', title: '贷款续贷', departmentName: null, source: 'manual', repliedByEnd: false },
    ],
    problems: [{ title: '园区线路频繁停电影响生产', appeals: 6, firms: 4, counties: 2, departments: 1 }],
    ...overrides,
  };
}

describe('assessment notice numbers', () => {
  it('reads 文号 as prefix〔year〕sequence号', () => {
    expect(formatNoticeNumber({ prefix: '川企援督', year: 2026, sequence: 3 })).toBe('川企援督〔2026〕3号');
  });

  it('abbreviates the province as 川 and other regions by their name without the suffix', () => {
    expect(noticeNumberPrefix({ name: '四川省', level: 'province' })).toBe('川企援督');
    expect(noticeNumberPrefix({ name: '巴中市', level: 'city' })).toBe('巴中企援督');
    expect(noticeNumberPrefix({ name: '恩阳区', level: 'county' })).toBe('恩阳企援督');
    expect(noticeNumberPrefix({ name: '凉山彝族自治州', level: 'city' })).toBe('凉山企援督');
  });

  it('numbers and dates in Beijing time, whatever the instant is in UTC', () => {
    expect(noticeYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026);
    expect(chineseDateOf(new Date('2025-12-31T16:30:00Z'))).toBe('2026年1月1日');
    expect(noticeYear(new Date('2025-12-31T15:59:00Z'))).toBe(2025);
  });
});

describe('rates and changes', () => {
  it('shows a rate with one decimal and — when nothing was due', () => {
    expect(percent({ numerator: 7, denominator: 8, value: 0.875 })).toBe('87.5%');
    expect(percent({ numerator: 0, denominator: 0, value: null })).toBe('—');
  });

  it('gives the change in percentage points, or nothing without both rates', () => {
    expect(pointsChange({ numerator: 3, denominator: 4, value: 0.75 }, { numerator: 1, denominator: 2, value: 0.5 })).toBe(25);
    expect(pointsText(25)).toBe('+25.0个百分点');
    expect(pointsText(-12.5)).toBe('−12.5个百分点');
    expect(pointsText(0)).toBe('持平');
    expect(pointsText(pointsChange({ numerator: 1, denominator: 1, value: 1 }, undefined))).toBe('—');
  });

  it('words the place change', () => {
    expect(rankChangeText({ rank: 1, previousRank: 3, change: 2 })).toBe('上升2位');
    expect(rankChangeText({ rank: 3, previousRank: 1, change: -2 })).toBe('下降2位');
    expect(rankChangeText({ rank: 2, previousRank: 2, change: 0 })).toBe('持平');
    expect(rankChangeText({ rank: 2, previousRank: null, change: null })).toBe('上期未排名');
  });
});

describe('separatedLists', () => {
  const rows = [row(bazhou, 1, 2, 95), row(enyang, 2, 1, 80), row(nanjiang, 3, null, 40)];
  it('keeps the report’s lists when no unit stands on both', () => {
    const lists = separatedLists({ rows, redList: rows.slice(0, 1), blackList: [rows[2]] });
    expect(lists.red.map((r) => r.name)).toEqual(['巴州区']);
    expect(lists.black.map((r) => r.name)).toEqual(['南江县']);
  });

  it('splits too few units into a better and a worse half, worst first', () => {
    const lists = separatedLists({ rows, redList: rows, blackList: [...rows].reverse() });
    expect(lists.red.map((r) => r.name)).toEqual(['巴州区', '恩阳区']);
    expect(lists.black.map((r) => r.name)).toEqual(['南江县']);
    const two = separatedLists({ rows: rows.slice(0, 2), redList: rows.slice(0, 2), blackList: [rows[1], rows[0]] });
    expect(two.red.map((r) => r.name)).toEqual(['巴州区']);
    expect(two.black.map((r) => r.name)).toEqual(['恩阳区']);
  });
});

describe('buildNoticeContent', () => {
  const content = buildNoticeContent(input());

  it('titles, numbers and dates the notice from its report', () => {
    expect(content.title).toBe('关于2022年3月“一企一专员”诉求办理情况的通报');
    expect(content.number).toBe('巴中企援督〔2022〕3号');
    expect(content.issuer).toBe('巴中市“一企一专员”工作专班办公室');
    expect(content.date).toBe('2022年4月2日');
    expect(content.addressee).toContain('各县（市、区）');
    expect(content.footnote).toContain('编号42');
    expect(content.footnote).toContain('abcdef012345');
  });

  it('states the overall figures as the report holds them, 基本满意 and duplicates apart', () => {
    const text = content.overview.join('');
    expect(text).toContain('本期交办诉求13件');
    expect(text).toContain('应响应12件，按时响应10件，响应率83.3%');
    expect(text).toContain('应办结12件，按时办结8件，按时办结率66.7%');
    expect(text).toContain('本期办结9件，其中已解决7件、部分解决1件、解释说明1件');
    expect(text).toContain('企业评价8件，满意率62.5%（非常满意和满意5件）');
    expect(text).toContain('基本满意1件（占12.5%）单列，不计入满意率');
    expect(text).toContain('重复诉求2件');
    expect(text).toContain('经督导认定的不合理差评1件，单列，不计入满意率。');
  });

  it('lists 红榜 and 黑榜 of each ranking with rates and changes against the previous frozen report', () => {
    const [region, department] = content.rankings;
    expect(region.unit).toBe('地区');
    expect(region.red).toEqual([
      expect.objectContaining({ rank: 1, name: '巴州区', onTimeRate: '100.0%', onTimeChange: '+50.0个百分点', satisfactionRate: '100.0%', satisfactionChange: '持平', rankChange: '上升1位' }),
    ]);
    expect(region.black).toEqual([
      expect.objectContaining({ rank: 3, name: '南江县', onTimeRate: '25.0%', onTimeChange: '—', satisfactionRate: '0.0%', rankChange: '上期未排名' }),
    ]);
    expect(region.comparedWithPrevious).toBe(true);
    expect(department.unit).toBe('部门');
    expect(department.red[0]).toMatchObject({ name: '市经信局', rankChange: '持平' });
  });

  it('says so when there is no previous frozen report to compare with', () => {
    const alone = buildNoticeContent(input({ previous: null }));
    expect(alone.rankings[0].comparedWithPrevious).toBe(false);
    expect(alone.rankings[0].red[0].onTimeChange).toBe('—');
    expect(alone.rankings[0].red[0].rankChange).toBe('上升1位'); // the ranking's own change stays
  });

  it('counts overdue appeals and names the units with the most', () => {
    expect(content.overdue[0]).toBe('截至2022-03-31，未办结诉求4件，其中超期3件。');
    expect(content.overdue[1]).toBe('超期较多的单位：市经信局1件。');
  });

  it('summarises and lists the supervision orders of the period', () => {
    expect(content.orders.summary).toBe('2022年3月共发出督办单2件（超期自动督办1件，人工督办1件），期末已回复1件，未回复1件。');
    expect(content.orders.rows[1]).toEqual({ appealNumber: 'SQ2022030002', title: '贷款续贷', department: '—', source: '人工督办', state: '未回复' });
  });

  it('lists the largest common problems, and says when there is none', () => {
    expect(content.problems.rows).toEqual(['（一）园区线路频繁停电影响生产：涉及企业4家、诉求6件、2个县（市、区）、1个承办部门。']);
    const none = buildNoticeContent(input({ problems: [], orders: [] }));
    expect(none.problems.summary).toBe('2022年3月共性问题池中未发现多家企业反映的问题。');
    expect(none.problems.named).toEqual([]);
    expect(none.orders.summary).toBe('2022年3月未发出督办单。');
  });

  it('lists the named common problems with their lead department and state, topics marked', () => {
    const named = buildNoticeContent(
      input({
        named: [
          { title: '园区供电可靠性不足', leadDepartmentName: '市经信局', state: 'answered', linkedAppeals: 6, isTopic: true },
          { title: '中小企业续贷难', leadDepartmentName: null, state: 'open', linkedAppeals: 2, isTopic: false },
        ],
      }),
    );
    expect(named.problems.named).toEqual([
      '1.园区供电可靠性不足（本期专题）：牵头部门市经信局，已答复，关联诉求6件。',
      '2.中小企业续贷难：牵头部门未确定，办理中，关联诉求2件。',
    ]);
  });

  it('is the same for the same input', () => {
    expect(JSON.stringify(buildNoticeContent(input()))).toBe(JSON.stringify(content));
  });
});
