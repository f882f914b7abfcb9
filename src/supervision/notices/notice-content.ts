import type { Metrics, Ratio } from '../domain';
import type { Ranking, RankingRow } from '../metrics/figures.service';
import type { GroupFigures } from '../metrics/group-figures';
import type { ReportFigures } from '../reports/report-figures.service';

/**
 * The assessment notice (考核通报) of a frozen report, as a plain content model: every word and
 * figure the .docx shows, built from the report (and the period's supervision orders and common
 * problems) by pure functions, so the same inputs give the same notice, and a test can read the
 * notice's content without unzipping anything.
 */

/** How a notice's number (文号) reads: 川企援督〔2026〕3号. */
export interface NoticeNumber {
  prefix: string;
  year: number;
  sequence: number;
}

export function formatNoticeNumber(number: NoticeNumber): string {
  return `${number.prefix}〔${number.year}〕${number.sequence}号`;
}

/**
 * The issuing office's abbreviation in the number: 川 for the province (Sichuan's 简称), otherwise
 * the region's name without its administrative suffix (巴中市 → 巴中, 恩阳区 → 恩阳).
 */
export function noticeNumberPrefix(region: { name: string; level: string }): string {
  const short =
    region.level === 'province'
      ? region.name.startsWith('四川')
        ? '川'
        : region.name.replace(/(省|自治区|市)$/u, '')
      : shortRegionName(region.name);
  return `${short}企援督`;
}

function shortRegionName(name: string): string {
  const stripped = name.replace(/(藏族羌族自治州|彝族自治州|藏族自治州|自治州|自治县|市|区|县)$/u, '');
  return stripped.length >= 1 ? stripped : name;
}

/** The year a notice is numbered in: its report's freeze year in Asia/Shanghai. */
export function noticeYear(frozenAt: Date): number {
  return Number(shanghaiParts(frozenAt).year);
}

/** 2026年3月5日 in Asia/Shanghai. */
export function chineseDateOf(at: Date): string {
  const { year, month, day } = shanghaiParts(at);
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}

function shanghaiParts(at: Date): { year: string; month: string; day: string } {
  // A fixed +08:00 offset: China has kept no daylight saving time since 1991.
  const local = new Date(at.getTime() + 8 * 3600 * 1000).toISOString();
  return { year: local.slice(0, 4), month: local.slice(5, 7), day: local.slice(8, 10) };
}

/** 87.5% (one decimal); — when nothing was due. */
export function percent(rate: Ratio | null | undefined): string {
  if (!rate || rate.value === null) return '—';
  return `${(Math.round(rate.value * 1000) / 10).toFixed(1)}%`;
}

/** Percentage points between two rates (one decimal, signed); null when either is missing. */
export function pointsChange(current: Ratio | null | undefined, previous: Ratio | null | undefined): number | null {
  if (!current || !previous || current.value === null || previous.value === null) return null;
  return Math.round((current.value - previous.value) * 1000) / 10;
}

export function pointsText(points: number | null): string {
  if (points === null) return '—';
  if (points === 0) return '持平';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)}个百分点`;
}

/** The ranking's place change since the previous period: 上升2位, 下降1位, 持平, 新进 (no previous rank). */
export function rankChangeText(row: Pick<RankingRow, 'change' | 'previousRank' | 'rank'>): string {
  if (row.rank === null) return '未排名';
  if (row.previousRank === null || row.change === null) return '上期未排名';
  if (row.change > 0) return `上升${row.change}位`;
  if (row.change < 0) return `下降${-row.change}位`;
  return '持平';
}

export interface NoticeListRow {
  rank: number | null;
  name: string;
  score: number | null;
  responseRate: string;
  onTimeRate: string;
  onTimeChange: string;
  satisfactionRate: string;
  satisfactionChange: string;
  rankChange: string;
}

export interface NoticeRankingSection {
  /** 地区 or 部门. */
  unit: string;
  red: NoticeListRow[];
  black: NoticeListRow[];
  /** Whether a previous period's frozen report was there to compare rates with. */
  comparedWithPrevious: boolean;
}

export interface NoticeOrderRow {
  appealNumber: string;
  title: string;
  department: string;
  source: string;
  state: string;
}

export interface NoticeOrderInput {
  appealNumber: string;
  title: string;
  departmentName: string | null;
  source: 'ladder' | 'manual';
  /** Whether the order had been replied to by the period's end. */
  repliedByEnd: boolean;
}

export interface NoticeProblemInput {
  title: string;
  appeals: number;
  firms: number;
  counties: number;
  departments: number;
}

/** A named common problem of the period (from the pool's named problems), as it stands when the notice is generated. */
export interface NoticeNamedProblemInput {
  title: string;
  leadDepartmentName: string | null;
  state: 'open' | 'answered' | 'closed';
  linkedAppeals: number;
  isTopic: boolean;
}

const PROBLEM_STATE_LABELS: Record<NoticeNamedProblemInput['state'], string> = { open: '办理中', answered: '已答复', closed: '已办结' };

export interface NoticeContent {
  number: string;
  issuer: string;
  title: string;
  addressee: string;
  date: string;
  intro: string;
  overview: string[];
  rankings: NoticeRankingSection[];
  overdue: string[];
  orders: { summary: string; rows: NoticeOrderRow[] };
  problems: { summary: string; rows: string[]; named: string[] };
  requirements: string[];
  footnote: string;
}

export interface NoticeInput {
  reportId: number;
  figuresSha256: string;
  figures: ReportFigures;
  /** The previous period's frozen report of the same region, when there is one. */
  previous: ReportFigures | null;
  number: NoticeNumber;
  /** When the report was frozen for good (its publication): the notice's date. */
  frozenAt: Date;
  orders: NoticeOrderInput[];
  problems: NoticeProblemInput[];
  /** Named common problems of the period (topics first). */
  named?: NoticeNamedProblemInput[];
}

/** At most this many rows of orders and problems are listed (all are counted). */
export const LISTED_ORDERS = 10;
export const LISTED_PROBLEMS = 5;
const LISTED_OVERDUE_UNITS = 5;

const ADDRESSEES: Record<string, string> = {
  province: '各市（州）“一企一专员”工作专班，省级有关部门：',
  city: '各县（市、区）“一企一专员”工作专班，市级有关部门：',
  county: '各乡镇（街道），县级有关部门：',
};

export function buildNoticeContent(input: NoticeInput): NoticeContent {
  const { figures } = input;
  const scopeName = figures.scope.name;
  const label = figures.period.label;
  const total = figures.total;
  const m = total.metrics;
  const issuer = `${scopeName}“一企一专员”工作专班办公室`;
  const number = formatNoticeNumber(input.number);
  const rankings: NoticeRankingSection[] = [];
  if (figures.rankings.region) rankings.push(rankingSection('地区', figures.rankings.region, input.previous, regionColumn(figures.rankings.region)));
  rankings.push(rankingSection('部门', figures.rankings.department, input.previous, 'department'));
  return {
    number,
    issuer,
    title: `关于${label}“一企一专员”诉求办理情况的通报`,
    addressee: ADDRESSEES[figures.scope.level] ?? '各有关单位：',
    date: chineseDateOf(input.frozenAt),
    intro: `为推动“一企一专员”诉求办理提质增效，现将${label}（${figures.period.fromDate}至${figures.period.toDate}）${scopeName}企业诉求办理情况通报如下。`,
    overview: overviewLines(total, m),
    rankings,
    overdue: overdueLines(figures, m),
    orders: ordersSection(input.orders, label),
    problems: { ...problemsSection(input.problems, label), named: namedLines(input.named ?? []) },
    requirements: [
      '各地各部门要对照本通报，逐项核查超期和督办诉求，明确责任人和办结时限，按时反馈办理结果。',
      '黑榜单位要深入分析原因，于通报印发后10个工作日内向本专班书面报告整改措施。',
      '对共性问题，牵头部门要从“解决一个问题”向“解决一类问题”延伸，研究出台针对性政策措施。',
      '严禁诱导、代替企业评价，严禁以解释说明代替实际解决，确保诉求办理数据真实。',
    ],
    footnote: `本通报数据取自${label}冻结报表（编号${input.reportId}，SHA-256 ${input.figuresSha256.slice(0, 12)}），可据此复核。`,
  };
}

function overviewLines(total: GroupFigures, m: Metrics): string[] {
  const duplicates = total.duplicates ?? 0;
  const lines = [
    `本期交办诉求${m.objectionRate.denominator}件；应响应${m.responseRate.denominator}件，按时响应${m.responseRate.numerator}件，响应率${percent(m.responseRate)}。`,
    `应办结${m.onTimeResolutionRate.denominator}件，按时办结${m.onTimeResolutionRate.numerator}件，按时办结率${percent(m.onTimeResolutionRate)}；本期办结${m.closedCount}件，其中已解决${total.closureTypes.resolved}件、部分解决${total.closureTypes.partlyResolved}件、解释说明${total.closureTypes.explained}件。`,
    `企业核验${m.solutionRate.denominator}件，认为已解决${m.solutionRate.numerator}件，解决率${percent(m.solutionRate)}。`,
    `企业评价${m.satisfactionRate.denominator}件，满意率${percent(m.satisfactionRate)}（${m.basicallySatisfiedCounts ? '非常满意、满意和基本满意' : '非常满意和满意'}${m.satisfactionRate.numerator}件）；基本满意${m.basicallySatisfiedShare.numerator}件（占${percent(m.basicallySatisfiedShare)}）单列${m.basicallySatisfiedCounts ? '，按设置计入满意率' : '，不计入满意率'}。`,
  ];
  const unreasonable = total.unreasonableRatings ?? 0;
  if (unreasonable > 0) lines.push(`经督导认定的不合理差评${unreasonable}件，单列，不计入满意率。`);
  lines.push(
    duplicates > 0
      ? `重复诉求${duplicates}件，已并入原诉求办理，单独统计，不计入办结数和满意率。`
      : '本期无重复诉求。',
  );
  return lines;
}

function overdueLines(figures: ReportFigures, m: Metrics): string[] {
  const lines = [`截至${figures.period.toDate}，未办结诉求${m.openCount}件，其中超期${m.overdueCount}件。`];
  const departments = [...(figures.groups.department ?? [])]
    .filter((g) => g.metrics.overdueCount > 0)
    .sort((a, b) => b.metrics.overdueCount - a.metrics.overdueCount || a.key.localeCompare(b.key))
    .slice(0, LISTED_OVERDUE_UNITS);
  if (departments.length > 0) {
    lines.push(`超期较多的单位：${departments.map((g) => `${g.name}${g.metrics.overdueCount}件`).join('，')}。`);
  }
  return lines;
}

function ordersSection(orders: NoticeOrderInput[], label: string): NoticeContent['orders'] {
  const replied = orders.filter((o) => o.repliedByEnd).length;
  const ladder = orders.filter((o) => o.source === 'ladder').length;
  const summary =
    orders.length === 0
      ? `${label}未发出督办单。`
      : `${label}共发出督办单${orders.length}件（超期自动督办${ladder}件，人工督办${orders.length - ladder}件），期末已回复${replied}件，未回复${orders.length - replied}件。`;
  return {
    summary,
    rows: orders.slice(0, LISTED_ORDERS).map((o) => ({
      appealNumber: o.appealNumber,
      title: o.title,
      department: o.departmentName ?? '—',
      source: o.source === 'ladder' ? '超期自动督办' : '人工督办',
      state: o.repliedByEnd ? '已回复' : '未回复',
    })),
  };
}

function problemsSection(problems: NoticeProblemInput[], label: string): Omit<NoticeContent['problems'], 'named'> {
  if (problems.length === 0) return { summary: `${label}共性问题池中未发现多家企业反映的问题。`, rows: [] };
  const listed = problems.slice(0, LISTED_PROBLEMS);
  return {
    summary: `${label}共性问题池中，多家企业反映的问题共${problems.length}类，按涉及诉求数列前${listed.length}类如下：`,
    rows: listed.map(
      (p, i) => `（${CHINESE_ORDINALS[i] ?? i + 1}）${p.title}：涉及企业${p.firms}家、诉求${p.appeals}件、${p.counties}个县（市、区）、${p.departments}个承办部门。`,
    ),
  };
}

/** 共性问题 named by supervisors: title, topic mark, lead department, state, linked appeals. */
function namedLines(named: NoticeNamedProblemInput[]): string[] {
  return named.map(
    (p, i) =>
      `${i + 1}.${p.title}${p.isTopic ? '（本期专题）' : ''}：牵头部门${p.leadDepartmentName ?? '未确定'}，${PROBLEM_STATE_LABELS[p.state] ?? p.state}，关联诉求${p.linkedAppeals}件。`,
  );
}

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function regionColumn(ranking: Ranking): 'city' | 'county' {
  return ranking.groupBy === 'city' ? 'city' : 'county';
}

/** 红榜 and 黑榜 of one ranking, with each row's rates and their change against the previous frozen report. */
export function rankingSection(
  unit: string,
  ranking: Ranking,
  previous: ReportFigures | null,
  column: 'city' | 'county' | 'department',
): NoticeRankingSection {
  const before = new Map((previous?.groups[column] ?? []).map((g) => [g.key, g.metrics]));
  const row = (r: RankingRow): NoticeListRow => {
    const was = before.get(r.key);
    return {
      rank: r.rank,
      name: r.name,
      score: r.score,
      responseRate: percent(r.metrics.responseRate),
      onTimeRate: percent(r.metrics.onTimeResolutionRate),
      onTimeChange: pointsText(pointsChange(r.metrics.onTimeResolutionRate, was?.onTimeResolutionRate)),
      satisfactionRate: percent(r.metrics.satisfactionRate),
      satisfactionChange: pointsText(pointsChange(r.metrics.satisfactionRate, was?.satisfactionRate)),
      rankChange: rankChangeText(r),
    };
  };
  const { red, black } = separatedLists(ranking);
  return { unit, red: red.map(row), black: black.map(row), comparedWithPrevious: previous !== null };
}

/**
 * The report's 红榜 and 黑榜, or, when there are too few ranked units for both (a unit would
 * stand on both lists), the better half on the red list and the worse half on the black one,
 * worst first: a unit is never praised and criticised in the same notice.
 */
export function separatedLists(ranking: Pick<Ranking, 'rows' | 'redList' | 'blackList'>): { red: RankingRow[]; black: RankingRow[] } {
  const onRed = new Set(ranking.redList.map((r) => r.key));
  if (!ranking.blackList.some((r) => onRed.has(r.key))) return { red: ranking.redList, black: ranking.blackList };
  const ranked = ranking.rows.filter((r) => r.rank !== null).sort((a, b) => (a.rank as number) - (b.rank as number) || a.key.localeCompare(b.key));
  const half = Math.ceil(ranked.length / 2);
  return { red: ranked.slice(0, half), black: ranked.slice(half).reverse() };
}
