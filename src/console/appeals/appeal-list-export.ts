import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AppealListItemDto, ListAppealsQuery } from '../../appeals/dto/appeal-read.dto';
import { safeCells } from '../../common/domain/spreadsheet-text';
import type { Page } from '../../common/pagination/page-query.dto';
import { addHeadedSheet, shanghaiDateTime, streamWorkbook } from '../../supervision/exports/xlsx-stream';
import { label } from '../shared/labels';

/** The export's columns: what the list shows, plus what a spreadsheet reader needs beside it. */
const COLUMNS = [
  { header: '编号', key: 'number', width: 14 },
  { header: '标题', key: 'title', width: 40 },
  { header: '企业名称', key: 'enterprise', width: 30 },
  { header: '诉求类别', key: 'category', width: 16 },
  { header: '类型', key: 'kind', width: 8 },
  { header: '紧急程度', key: 'urgency', width: 8 },
  { header: '状态', key: 'status', width: 16 },
  { header: '预警', key: 'light', width: 8 },
  { header: '主办单位', key: 'lead', width: 24 },
  { header: '提交时间', key: 'submittedAt', width: 17 },
  { header: '当前时限', key: 'dueAt', width: 20 },
  { header: '督办', key: 'supervision', width: 10 },
] as const;

/** Rows per read; the list query is read page by page, so memory stays at one batch. */
const BATCH = 200;
/** A list export is a working copy of what is on screen, not the ledger (which streams everything): it stops here and says so. */
export const MAX_EXPORT_ROWS = 10_000;

export type ListReader = (query: ListAppealsQuery) => Promise<Page<AppealListItemDto>>;

/**
 * "Export this list": the rows of exactly the list on screen — the same query DTO, read through
 * the caller's own scoped list (AppealsService.list / caseload), never a query of its own — as
 * an XLSX workbook streamed to the browser.
 */
@Injectable()
export class AppealListExport {
  private readonly logger = new Logger(AppealListExport.name);

  export(read: ListReader, query: ListAppealsQuery): Readable {
    return streamWorkbook(this.logger, 'list', async (xlsx) => {
      const sheet = addHeadedSheet(xlsx.workbook, '诉求清单', COLUMNS);
      let written = 0;
      for (let page = 1; written < MAX_EXPORT_ROWS; page += 1) {
        const batch = await read({ ...query, page, pageSize: BATCH } as ListAppealsQuery);
        for (const item of batch.items) {
          if (written >= MAX_EXPORT_ROWS) break;
          sheet.addRow(safeCells(cells(item))).commit();
          written += 1;
        }
        if (written >= MAX_EXPORT_ROWS && batch.total > MAX_EXPORT_ROWS) {
          sheet.addRow({ number: `仅导出前 ${MAX_EXPORT_ROWS} 条（共 ${batch.total} 条），请缩小筛选范围` }).commit();
        }
        if (page * BATCH >= batch.total) break;
        await xlsx.backpressure();
      }
      sheet.commit();
    });
  }
}

export function cells(item: AppealListItemDto): Record<(typeof COLUMNS)[number]['key'], string> {
  const open = item.currentDueAt !== null;
  return {
    number: item.number,
    title: item.title,
    enterprise: item.enterpriseName,
    category: item.categoryName,
    kind: label('kind', item.kind),
    urgency: label('urgency', item.urgency),
    status: label('status', item.status),
    light: open ? (item.overdue ? '已超期' : label('light', item.warningLight)) : '',
    lead: item.leadDepartmentName ?? '',
    submittedAt: shanghaiDateTime(item.submittedAt),
    dueAt: item.currentDueAt ? `${shanghaiDateTime(item.currentDueAt)}${item.currentDueBasis === 'provisional' ? '（暂定）' : ''}` : '',
    supervision: item.supervisionLevel === 'none' ? '' : label('supervision', item.supervisionLevel),
  };
}
