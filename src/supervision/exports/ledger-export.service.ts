import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { CalendarService } from '../../sla/calendar/calendar.service';
import { overdueWorkingDays, withBasis, type WorkingCalendar, type WorkingHours } from '../../sla/domain';
import {
  CLOSURE_TYPE_LABELS,
  labelOf,
  SATISFACTION_LABELS,
  SOLVED_LABELS,
  STATUS_LABELS,
  SUPERVISION_LEVEL_LABELS,
} from '../labels/appeal-labels';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { resolveScope } from '../shared/supervision-scope';
import type { LedgerQueryDto } from './dto/export-query.dto';
import { LedgerRepository, type LedgerRow } from './ledger.repository';
import { addHeadedSheet, shanghaiDateTime, streamWorkbook } from './xlsx-stream';
import { safeCells } from '../../common/domain/spreadsheet-text';

/** The ledger's columns, in order; the header row is what offices know them by. */
export const LEDGER_COLUMNS = [
  { header: '编号', key: 'number', width: 14 },
  { header: '企业名称', key: 'enterprise', width: 30 },
  { header: '统一社会信用代码', key: 'creditCode', width: 22 },
  { header: '所属地区', key: 'region', width: 18 },
  { header: '诉求类别', key: 'category', width: 16 },
  { header: '诉求摘要', key: 'title', width: 40 },
  { header: '主办单位', key: 'lead', width: 24 },
  { header: '协办单位', key: 'co', width: 30 },
  { header: '联络专员', key: 'officer', width: 10 },
  { header: '提交时间', key: 'submittedAt', width: 17 },
  { header: '受理时间', key: 'acceptedAt', width: 17 },
  { header: '办结时限', key: 'resolutionDueAt', width: 17 },
  { header: '办结时间', key: 'resolvedAt', width: 17 },
  { header: '状态', key: 'status', width: 14 },
  { header: '办结类型', key: 'closureType', width: 18 },
  { header: '是否解决', key: 'solved', width: 10 },
  { header: '满意度', key: 'satisfaction', width: 10 },
  { header: '超期工作日', key: 'overdueDays', width: 10 },
  { header: '督办等级', key: 'supervisionLevel', width: 10 },
] as const;

@Injectable()
export class LedgerExportService {
  private readonly logger = new Logger(LedgerExportService.name);

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly names: GroupNamesRepository,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** Checks the request before the response starts (a bad region is a 404, not a broken file), then streams. */
  async export(user: AuthUser, query: LedgerQueryDto): Promise<Readable> {
    if (query.regionCode) await resolveScope(this.names, user, query.regionCode);
    const { calendar, hours } = await this.calendars.snapshot();
    const now = this.clock.now();
    return streamWorkbook(this.logger, 'ledger', async (xlsx) => {
      const sheet = addHeadedSheet(xlsx.workbook, '问题台账', LEDGER_COLUMNS);
      for await (const batch of this.ledger.batches(user, query)) {
        for (const row of batch) sheet.addRow(safeCells(ledgerCells(row, overdueDays(row, now, calendar, hours)))).commit();
        await xlsx.backpressure();
      }
      sheet.commit();
    });
  }
}

/** What the ledger marks on a deadline, and on a figure counted from one, past the published holiday schedule. */
export const PROVISIONAL_MARK = '（暂定）';

export function ledgerCells(
  row: LedgerRow,
  overdue: OverdueFigure | null,
): Record<(typeof LEDGER_COLUMNS)[number]['key'], string | number> {
  return {
    number: row.number,
    enterprise: row.enterpriseName,
    creditCode: row.creditCode,
    region: row.cityName && row.cityName !== row.regionName ? `${row.cityName}${row.regionName}` : row.regionName,
    category: row.categoryName,
    title: row.title,
    lead: row.leadDepartmentName ?? '',
    co: row.coDepartmentNames.join('、'),
    officer: row.officerName ?? '',
    submittedAt: shanghaiDateTime(row.submittedAt),
    acceptedAt: shanghaiDateTime(row.acceptedAt),
    resolutionDueAt:
      row.resolutionDueAt && row.resolutionDueBasis === 'provisional'
        ? `${shanghaiDateTime(row.resolutionDueAt)}${PROVISIONAL_MARK}`
        : shanghaiDateTime(row.resolutionDueAt),
    resolvedAt: shanghaiDateTime(row.resolvedAt),
    status: labelOf(STATUS_LABELS, row.status),
    // A duplicate has no closure of its own: the ledger says where its problem is handled.
    closureType: row.duplicateOfNumber ? `重复（并入 ${row.duplicateOfNumber}）` : labelOf(CLOSURE_TYPE_LABELS, row.closureType),
    solved: labelOf(SOLVED_LABELS, row.solved),
    // A rating ruled unreasonable stays visible as given, marked as left out of the rate.
    satisfaction: `${labelOf(SATISFACTION_LABELS, row.satisfaction)}${row.ratingRuledUnreasonable ? '（不合理差评，不计入满意率）' : ''}`,
    overdueDays: overdue === null ? '' : overdue.provisional ? `${overdue.days}${PROVISIONAL_MARK}` : overdue.days,
    supervisionLevel: labelOf(SUPERVISION_LEVEL_LABELS, row.supervisionLevel),
  };
}

export interface OverdueFigure {
  days: number;
  /** Counted from a provisional deadline, or over days past the published schedule. */
  provisional: boolean;
}

/**
 * Whole working days past the resolution deadline: up to the answer for an answered appeal, up
 * to now for one still being handled; blank when there is no deadline or for a rejected or
 * withdrawn case. Past the calendar's coverage the days are counted provisionally and marked so.
 */
function overdueDays(row: LedgerRow, now: Date, calendar: WorkingCalendar, hours: WorkingHours): OverdueFigure | null {
  if (!row.resolutionDueAt) return null;
  const answered = row.status === 'resolved' || row.status === 'closed';
  if (!answered && (row.status === 'rejected' || row.status === 'withdrawn')) return null;
  const end = answered ? row.resolvedAt : now;
  if (!end) return null;
  const due = row.resolutionDueAt;
  try {
    const counted = withBasis(calendar, (c) => overdueWorkingDays(due, end, c, hours));
    return { days: counted.value, provisional: counted.basis === 'provisional' || row.resolutionDueBasis === 'provisional' };
  } catch {
    return null; // A deadline before the first covered day: nothing to count on.
  }
}
