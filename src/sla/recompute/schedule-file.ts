import { parse } from 'csv-parse/sync';

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

function fromJson(text: string): { content: ScheduleFileContent | null; problems: ScheduleFileProblem[] } {
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

function fromCsv(text: string): { content: ScheduleFileContent | null; problems: ScheduleFileProblem[] } {
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch {
    return { content: null, problems: [{ field: 'file', message: '文件不是有效的 CSV' }] };
  }
  const [header, ...data] = rows;
  const columns = (header ?? []).map((h) => CSV_HEADERS[h.replace(/\s/g, '').toLowerCase()] ?? CSV_HEADERS[h.trim()]);
  const missing = (['name', 'firstDay', 'lastDay'] as const).filter((c) => !columns.includes(c));
  if (missing.length) {
    return { content: null, problems: [{ field: 'file', message: 'CSV 第一行须为表头：名称,放假开始,放假结束,调休上班日' }] };
  }
  const holidays = data.map((row) => {
    const cell = (key: string) => row[columns.indexOf(key as never)] ?? '';
    return { name: cell('name'), firstDay: cell('firstDay'), lastDay: cell('lastDay'), makeupDays: splitDays(cell('makeupDays')) };
  });
  return { content: { holidays }, problems: [] };
}

/**
 * Reads an uploaded schedule: JSON in the API's shape ({year, note, holidays: [{name, firstDay,
 * lastDay, makeupDays}]}) or CSV with the header 名称,放假开始,放假结束,调休上班日 (one holiday a
 * row, make-up days separated by ; or 、). Checking the dates is left to expandYearSchedule.
 */
export function parseScheduleFile(
  filename: string,
  buffer: Buffer,
): { content: ScheduleFileContent | null; problems: ScheduleFileProblem[] } {
  const text = buffer.toString('utf8');
  if (/\.json$/i.test(filename) || /^\s*\{/.test(text)) return fromJson(text);
  if (/\.csv$/i.test(filename) || /\.txt$/i.test(filename)) return fromCsv(text);
  return { content: null, problems: [{ field: 'file', message: '请上传 JSON 或 CSV 文件' }] };
}
