import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../common/auth/auth-user';
import { addHeadedSheet, shanghaiDateTime, streamWorkbook } from '../../supervision/exports/xlsx-stream';
import { OBTAIN_MODE_LABELS, POLICY_STATUS_LABELS } from '../domain/policy-vocabulary';
import { neutraliseFormula } from '../../common/domain/spreadsheet-text';
import type { ReachFiguresDto, ReachQueryDto } from '../dto/reach.dto';
import { ReachService } from './reach.service';

/** The columns, in order, as offices read them (the ledger's style: bold frozen header, Chinese headings). */
export const REACH_COLUMNS = [
  { header: '政策名称', key: 'title', width: 40 },
  { header: '文号', key: 'documentNumber', width: 22 },
  { header: '兑现方式', key: 'obtainMode', width: 10 },
  { header: '状态', key: 'status', width: 8 },
  { header: '发布时间', key: 'publishedAt', width: 17 },
  { header: '地区', key: 'region', width: 16 },
  { header: '符合条件企业', key: 'eligible', width: 12 },
  { header: '不适用', key: 'notApplicable', width: 8 },
  { header: '已告知', key: 'informed', width: 8 },
  { header: '已申请/免申', key: 'applied', width: 11 },
  { header: '已兑现', key: 'benefited', width: 8 },
  { header: '应知尽知率', key: 'awareness', width: 11 },
  { header: '应知尽知（分子/分母）', key: 'awarenessWorking', width: 18 },
  { header: '应享尽享率', key: 'benefit', width: 11 },
  { header: '应享尽享（分子/分母）', key: 'benefitWorking', width: 18 },
  { header: '平均告知天数', key: 'meanDays', width: 12 },
] as const;

type ReachCells = Record<(typeof REACH_COLUMNS)[number]['key'], string | number>;

function percent(value: number | null): string {
  return value === null ? '' : `${(value * 100).toFixed(2)}%`;
}

export function reachCells(policy: { title: string; documentNumber: string | null; obtainMode: keyof typeof OBTAIN_MODE_LABELS; status: keyof typeof POLICY_STATUS_LABELS; publishedAt: Date | null }, region: string, f: ReachFiguresDto): ReachCells {
  return {
    title: neutraliseFormula(policy.title),
    documentNumber: neutraliseFormula(policy.documentNumber ?? ''),
    obtainMode: OBTAIN_MODE_LABELS[policy.obtainMode],
    status: POLICY_STATUS_LABELS[policy.status],
    publishedAt: shanghaiDateTime(policy.publishedAt),
    region: neutraliseFormula(region),
    eligible: f.eligible,
    notApplicable: f.notApplicable,
    informed: f.informed,
    applied: f.applied,
    benefited: f.benefited,
    awareness: percent(f.awarenessRate.value),
    awarenessWorking: `${f.awarenessRate.numerator}/${f.awarenessRate.denominator}`,
    benefit: percent(f.benefitRate.value),
    benefitWorking: `${f.benefitRate.numerator}/${f.benefitRate.denominator}`,
    meanDays: f.meanDaysToInform ?? '',
  };
}

@Injectable()
export class ReachExportService {
  private readonly logger = new Logger(ReachExportService.name);

  constructor(private readonly reach: ReachService) {}

  /** The figures are computed (and the region checked) before the response starts: a bad region is a 404, not a broken file. */
  async export(user: AuthUser, query: ReachQueryDto): Promise<{ stream: Readable; regionName: string }> {
    const figures = await this.reach.figures(user, query);
    const stream = streamWorkbook(this.logger, 'policy reach', async (xlsx) => {
      const sheet = addHeadedSheet(xlsx.workbook, '政策触达', REACH_COLUMNS);
      for (const policy of figures.policies) {
        sheet.addRow(reachCells(policy, `${figures.regionName}（合计）`, policy.total)).commit();
        for (const region of policy.regions) sheet.addRow(reachCells(policy, region.regionName, region)).commit();
        await xlsx.backpressure();
      }
      sheet.commit();
    });
    return { stream, regionName: figures.regionName };
  }
}
