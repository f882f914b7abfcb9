import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { safeCells } from '../../common/domain/spreadsheet-text';
import { subtreePrefix } from '../../common/scope/region-reach';
import { labelOf, STATUS_LABELS } from '../../supervision/labels/appeal-labels';
import { addHeadedSheet, shanghaiDateTime, streamWorkbook } from '../../supervision/exports/xlsx-stream';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { resolvePeriod } from '../../supervision/shared/period-query';
import { resolveScope } from '../../supervision/shared/supervision-scope';
import type { PoolQueryDto } from '../pool/dto/problem-pool.dto';
import { ProblemPoolService } from '../pool/problem-pool.service';
import { CommonProblemsRepository, type ProblemRow } from './common-problems.repository';
import type { ListProblemsQueryDto } from './dto/common-problem.dto';
import { visibilityOf } from './problem-views';

/** At most this many clusters or problems in one workbook (a period and a region never come near it). */
const EXPORT_LIMIT = 5000;
const JOINER = '、';

export const POOL_COLUMNS = [
  { header: '序号', key: 'rank', width: 6 },
  { header: '代表诉求编号', key: 'sampleNumber', width: 14 },
  { header: '代表诉求', key: 'sampleTitle', width: 40 },
  { header: '诉求数', key: 'appeals', width: 8 },
  { header: '企业数', key: 'firms', width: 8 },
  { header: '区县数', key: 'counties', width: 8 },
  { header: '部门数', key: 'departments', width: 8 },
  { header: '涉及企业', key: 'firmNames', width: 40 },
  { header: '涉及区县', key: 'countyNames', width: 24 },
  { header: '涉及部门', key: 'departmentNames', width: 30 },
  { header: '首次提交', key: 'first', width: 17 },
  { header: '最近提交', key: 'last', width: 17 },
] as const;

export const PROBLEM_COLUMNS = [
  { header: '编号', key: 'id', width: 8 },
  { header: '共性问题', key: 'title', width: 36 },
  { header: '所属地区', key: 'region', width: 14 },
  { header: '期间', key: 'period', width: 14 },
  { header: '牵头部门', key: 'lead', width: 24 },
  { header: '状态', key: 'state', width: 10 },
  { header: '关联诉求数', key: 'linked', width: 10 },
  { header: '关联诉求编号', key: 'numbers', width: 40 },
  { header: '答复', key: 'answer', width: 50 },
  { header: '依据政策', key: 'policy', width: 30 },
  { header: '答复时间', key: 'answeredAt', width: 17 },
  { header: '办结时间', key: 'closedAt', width: 17 },
  { header: '每期一题', key: 'topic', width: 14 },
  { header: '命名人', key: 'createdBy', width: 12 },
  { header: '命名时间', key: 'createdAt', width: 17 },
] as const;

export const PROBLEM_APPEAL_COLUMNS = [
  { header: '共性问题编号', key: 'problemId', width: 10 },
  { header: '共性问题', key: 'problem', width: 30 },
  { header: '诉求编号', key: 'number', width: 14 },
  { header: '诉求摘要', key: 'title', width: 40 },
  { header: '企业名称', key: 'enterprise', width: 30 },
  { header: '所属地区', key: 'region', width: 14 },
  { header: '主办单位', key: 'lead', width: 24 },
  { header: '状态', key: 'status', width: 12 },
  { header: '提交时间', key: 'submittedAt', width: 17 },
  { header: '关联时间', key: 'linkedAt', width: 17 },
] as const;

/** One row's cells, keyed as the sheet's columns are. */
type CellsOf<Columns extends ReadonlyArray<{ key: string }>> = Record<Columns[number]['key'], string | number>;

const STATE_LABELS: Record<string, string> = { open: '办理中', answered: '已答复', closed: '已办结' };

/**
 * The pool of a period and the named common problems as XLSX, in the ledger's style (a frozen
 * bold header row, Chinese column names, Shanghai times, cells that cannot run as formulas).
 * Both read through the same scoped reads as the API: the caller's region and below only.
 */
@Injectable()
export class ProblemExportsService {
  private readonly logger = new Logger(ProblemExportsService.name);

  constructor(
    private readonly pool: ProblemPoolService,
    private readonly problems: CommonProblemsRepository,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  /** The period's clusters with their spread; checks the request (period, region) before the file starts. */
  async poolXlsx(user: AuthUser, query: PoolQueryDto): Promise<{ stream: Readable; label: string }> {
    const first = await this.pool.list(user, { ...query, page: 1, pageSize: 200 });
    const clusters = [...first.items];
    for (let page = 2; clusters.length < Math.min(first.total, EXPORT_LIMIT); page++) {
      clusters.push(...(await this.pool.list(user, { ...query, page, pageSize: 200 })).items);
    }
    const rows: Array<CellsOf<typeof POOL_COLUMNS>> = [];
    for (const [i, c] of clusters.entries()) {
      const appeals = (await this.pool.appeals(user, c.clusterKey, { period: query.period, key: first.period.key, regionCode: query.regionCode, categoryId: query.categoryId })).items;
      const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => Boolean(v)))].join(JOINER);
      rows.push({
        rank: i + 1,
        sampleNumber: c.sampleNumber,
        sampleTitle: c.sampleTitle,
        appeals: c.appeals,
        firms: c.firms,
        counties: c.counties,
        departments: c.departments,
        firmNames: distinct(appeals.map((a) => a.enterpriseName)),
        countyNames: distinct(appeals.map((a) => a.regionName)),
        departmentNames: distinct(appeals.map((a) => a.leadDepartmentName)),
        first: shanghaiDateTime(c.firstSubmittedAt),
        last: shanghaiDateTime(c.lastSubmittedAt),
      });
    }
    const label = `${first.scope.name}${first.period.label}`;
    const stream = streamWorkbook(this.logger, 'pool', async (xlsx) => {
      const sheet = addHeadedSheet(xlsx.workbook, '共性问题池', POOL_COLUMNS);
      for (const row of rows) sheet.addRow(safeCells(row)).commit();
      sheet.commit();
    });
    return { stream, label };
  }

  /** The named common problems the caller sees (with the list's filters), and their linked appeals on a second sheet. */
  async problemsXlsx(user: AuthUser, query: ListProblemsQueryDto): Promise<Readable> {
    const period = query.period || query.key ? resolvePeriod({ period: query.period ?? 'month', key: query.key }, this.clock.now()) : null;
    const regionPrefix = query.regionCode ? subtreePrefix((await resolveScope(this.names, user, query.regionCode)).code) : undefined;
    const problems = await this.problems.all(
      visibilityOf(user),
      { state: query.state, periodFrom: period?.fromDate, periodTo: period?.toDate, regionPrefix, topic: query.topic },
      EXPORT_LIMIT,
    );
    const linked = await this.problems.linkedAppealsOf(problems.map((p) => p.id));
    return streamWorkbook(this.logger, 'common problems', async (xlsx) => {
      const sheet = addHeadedSheet(xlsx.workbook, '共性问题', PROBLEM_COLUMNS);
      for (const p of problems) sheet.addRow(safeCells(problemCells(p, linked.get(p.id) ?? []))).commit();
      sheet.commit();
      const appeals = addHeadedSheet(xlsx.workbook, '关联诉求', PROBLEM_APPEAL_COLUMNS);
      for (const p of problems) {
        for (const a of linked.get(p.id) ?? []) {
          appeals
            .addRow(
              safeCells({
                problemId: p.id,
                problem: p.title,
                number: a.number,
                title: a.title,
                enterprise: a.enterpriseName,
                region: a.regionName,
                lead: a.leadDepartmentName ?? '',
                status: labelOf(STATUS_LABELS, a.status),
                submittedAt: shanghaiDateTime(a.submittedAt),
                linkedAt: shanghaiDateTime(a.linkedAt),
              }),
            )
            .commit();
        }
        await xlsx.backpressure();
      }
      appeals.commit();
    });
  }
}

function problemCells(p: ProblemRow, appeals: ReadonlyArray<{ number: string }>): CellsOf<typeof PROBLEM_COLUMNS> {
  const answered = p.state !== 'open' && p.answerText !== null;
  return {
    id: p.id,
    title: p.title,
    region: p.regionName,
    period: p.periodKey,
    lead: p.leadDepartmentName ?? '未指定',
    state: STATE_LABELS[p.state] ?? p.state,
    linked: p.linkedAppeals,
    numbers: appeals.map((a) => a.number).join(JOINER),
    answer: answered ? (p.answerText ?? '') : '',
    policy: answered ? (p.answerPolicyTitle ?? '') : '',
    answeredAt: answered ? shanghaiDateTime(p.answeredAt) : '',
    closedAt: shanghaiDateTime(p.closedAt),
    topic: p.topicKey ?? '',
    createdBy: p.createdByName,
    createdAt: shanghaiDateTime(p.createdAt),
  };
}
