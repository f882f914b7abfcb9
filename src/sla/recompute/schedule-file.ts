import { parse } from 'csv-parse/sync';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { readImportFile } from '../../imports/import-file-reader';

/** A year's schedule as read from an uploaded file, in the shape of the API body (year and note optional). */
export interface ScheduleFileContent {
  year?: number;
  note?: string;
  holidays: Array<{ name: string; firstDay: string; lastDay: string; makeupDays: string[] }>;
}

export interface ScheduleFileProblem {
  field: string;
  message: string;
}

const CSV_HEADERS: Record<string, 'name' | 'firstDay' | 'lastDay' | 'makeupDays'> = {
  名称: 'name',
  节日: 'name',
  name: 'name',
  放假开始: 'firstDay',
  firstday: 'firstDay',
  放假结束: 'lastDay',
  lastday: 'lastDay',
  调休上班日: 'makeupDays',
  makeupdays: 'makeupDays',
};

/** Make-up days in one cell: separated by ; 、 , or spaces. */
export function splitDays(cell: string): string[] {
  return cell
    .split(/[;；、,，\s]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

function fromJson(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { content: null, problems: [{ field: 'file', message: '文件不是有效的 JSON' }] };
  }
  const body = value as { year?: unknown; note?: unknown; holidays?: unknown };
  if (!body || typeof body !== 'object' || !Array.isArray(body.holidays)) {
    return {
      content: null,
      problems: [{ field: 'file', message: 'JSON 须为 {"year": 2027, "holidays": [{"name", "firstDay", "lastDay", "makeupDays": []}]}' }],
    };
  }
  const problems: ScheduleFileProblem[] = [];
  const holidays = (body.holidays as unknown[]).map((h, i) => {
    const item = (h ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof item[key] === 'string' ? (item[key] as string).trim() : '');
    const makeup = Array.isArray(item.makeupDays) ? item.makeupDays.filter((d): d is string => typeof d === 'string') : [];
    if (item.makeupDays !== undefined && !Array.isArray(item.makeupDays))
      problems.push({ field: `holidays[${i}].makeupDays`, message: 'makeupDays 须为日期数组' });
    return { name: text('name'), firstDay: text('firstDay'), lastDay: text('lastDay'), makeupDays: makeup };
  });
  return {
    content: {
      ...(typeof body.year === 'number' ? { year: body.year } : {}),
      ...(typeof body.note === 'string' ? { note: body.note } : {}),
      holidays,
    },
    problems,
  };
}

type Parsed = { content: ScheduleFileContent | null; problems: ScheduleFileProblem[] };

function fromCsv(text: string): Parsed {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch {
    return { content: null, problems: [{ field: 'file', message: '文件不是有效的 CSV' }] };
  }
  return fromTable(rows, 'CSV');
}

/** A table of one holiday a row under the header 名称,放假开始,放假结束,调休上班日 (CSV or the first sheet of an XLSX). */
function fromTable(rows: string[][], kind: 'CSV' | 'XLSX'): Parsed {
  const [header, ...data] = rows;
  const columns = (header ?? []).map((h) => CSV_HEADERS[h.replace(/\s/g, '').toLowerCase()] ?? CSV_HEADERS[h.trim()]);
  const missing = (['name', 'firstDay', 'lastDay'] as const).filter((c) => !columns.includes(c));
  if (missing.length) {
    return { content: null, problems: [{ field: 'file', message: `${kind} 第一行须为表头：名称,放假开始,放假结束,调休上班日` }] };
  }
  const holidays = data
    .filter((row) => row.some((cell) => cell.trim()))
    .map((row) => {
      const cell = (key: string) => row[columns.indexOf(key as never)] ?? '';
      return { name: cell('name'), firstDay: cell('firstDay'), lastDay: cell('lastDay'), makeupDays: splitDays(cell('makeupDays')) };
    });
  return { content: { holidays }, problems: [] };
}

/** Tells a workbook (a ZIP) from text by its first bytes, whatever the file is called. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** A year's schedule is a dozen rows: a workbook that unpacks past this is not one. */
export const SCHEDULE_XLSX_MAX_UNPACKED_BYTES = 5 * 1024 * 1024;

/**
 * The first sheet of a workbook, read by the enterprise import's reader: its inflation budget
 * refuses a zip bomb before ExcelJS unpacks anything, and date cells come out as YYYY-MM-DD.
 */
async function fromXlsx(filename: string, buffer: Buffer): Promise<Parsed> {
  let rows: string[][];
  try {
    const table = await readImportFile(
      { filename: /\.xlsx$/i.test(filename) ? filename : `${filename}.xlsx`, mimetype: 'application/octet-stream', buffer },
      SCHEDULE_XLSX_MAX_UNPACKED_BYTES,
    );
    rows = table.rows.map((r) => r.cells);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message =
      error.code === ErrorCode.PayloadTooLarge
        ? `XLSX 文件解压后过大（最多 ${SCHEDULE_XLSX_MAX_UNPACKED_BYTES / 1024 / 1024} MB），不是节假日安排表`
        : '文件不是有效的 XLSX 工作簿';
    return { content: null, problems: [{ field: 'file', message }] };
  }
  return fromTable(rows, 'XLSX');
}

/**
 * Reads an uploaded schedule: JSON in the API's shape ({year, note, holidays: [{name, firstDay,
 * lastDay, makeupDays}]}), or CSV or XLSX (first sheet) with the header 名称,放假开始,放假结束,调休上班日
 * (one holiday a row, make-up days separated by ; or 、). Checking the dates is left to expandYearSchedule.
 */
export async function parseScheduleFile(filename: string, buffer: Buffer): Promise<Parsed> {
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC) || /\.xlsx$/i.test(filename)) return fromXlsx(filename, buffer);
  const text = buffer.toString('utf8');
  if (/\.json$/i.test(filename) || /^\s*\{/.test(text)) return fromJson(text);
  if (/\.csv$/i.test(filename) || /\.txt$/i.test(filename)) return fromCsv(text);
  return { content: null, problems: [{ field: 'file', message: '请上传 JSON、CSV 或 XLSX 文件' }] };
}
