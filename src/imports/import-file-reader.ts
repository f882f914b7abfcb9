import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { checkZipInflation } from './zip-budget';

export type ImportFormat = 'csv' | 'xlsx';

export interface UploadedFile {
  filename: string;
  mimetype: string;
  buffer: Buffer;
}

export interface SheetRow {
  /** The row number a spreadsheet program shows (1-based, blank rows counted). */
  rowNumber: number;
  cells: string[];
  /** Columns whose cell held a number too large to keep every digit (an 18-digit code typed as a number). */
  lossyColumns: number[];
}

export interface SheetTable {
  format: ImportFormat;
  rows: SheetRow[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CSV_MIME = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'text/comma-separated-values'];
/** A guard against a workbook that unzips into millions of rows. */
export const MAX_IMPORT_ROWS = 100_000;

const unsupported = (message: string) => new AppError(ErrorCode.UnsupportedMediaType, message);

/** Decides by content first (an XLSX is a ZIP), then by name and type, and refuses anything else. */
export function detectFormat(file: UploadedFile): ImportFormat {
  const name = file.filename.toLowerCase();
  const head = file.buffer.subarray(0, 4);
  if (head.equals(ZIP_MAGIC)) return 'xlsx';
  if (head.equals(OLE_MAGIC) || name.endsWith('.xls')) {
    throw unsupported('Old Excel .xls workbooks cannot be imported; save the sheet as .xlsx (Excel Workbook) or CSV');
  }
  if (name.endsWith('.xlsx')) throw unsupported(`${file.filename} is not a valid XLSX workbook`);
  const looksCsv = name.endsWith('.csv') || name.endsWith('.txt') || CSV_MIME.includes(file.mimetype.toLowerCase());
  if (!looksCsv || file.buffer.subarray(0, 8192).includes(0)) {
    throw unsupported(`Only CSV and XLSX files can be imported; got ${file.filename || 'a file'} (${file.mimetype || 'unknown type'})`);
  }
  return 'csv';
}

/** Default for how far a workbook may inflate (IMPORT_MAX_UNCOMPRESSED_BYTES). */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

const tooManyRows = (rows: number | string) =>
  new AppError(ErrorCode.PayloadTooLarge, `The file has ${rows} rows; import at most ${MAX_IMPORT_ROWS} at a time`, [
    { field: 'file', message: `at most ${MAX_IMPORT_ROWS} rows` },
  ]);

export async function readImportFile(file: UploadedFile, maxUncompressedBytes = DEFAULT_MAX_UNCOMPRESSED_BYTES): Promise<SheetTable> {
  if (file.buffer.length === 0) throw AppError.badRequest('The file is empty', [{ field: 'file', message: 'empty file' }]);
  const format = detectFormat(file);
  const rows = format === 'xlsx' ? await readXlsx(file, maxUncompressedBytes) : readCsv(file.buffer);
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows(rows.length);
  return { format, rows };
}

/**
 * Excel on a Chinese Windows saves CSV as GB18030 (GBK), everything else as UTF-8 (often with a
 * BOM); a strict UTF-8 decode tells them apart.
 */
export function decodeText(buffer: Buffer): string {
  const body = buffer.subarray(0, 3).equals(UTF8_BOM) ? buffer.subarray(3) : buffer;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

function readCsv(buffer: Buffer): SheetRow[] {
  const text = decodeText(buffer);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    // Parsing stops one record past the cap: a file of a million lines is not read to its end.
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      relax_quotes: true,
      to: MAX_IMPORT_ROWS + 1,
    });
  } catch (error) {
    throw AppError.badRequest(`The CSV file cannot be read: ${(error as Error).message}`, [{ field: 'file', message: 'malformed CSV' }]);
  }
  // One record is one spreadsheet row, even when a quoted cell spans several lines.
  return records.map((cells, index) => ({ rowNumber: index + 1, cells: cells.map((c) => c.trim()), lossyColumns: [] }));
}

async function readXlsx(file: UploadedFile, maxUncompressedBytes: number): Promise<SheetRow[]> {
  // Measured before ExcelJS unpacks anything: a small file that inflates to hundreds of MB is
  // refused after inflating at most the budget, as a stream, one chunk at a time.
  const verdict = await checkZipInflation(file.buffer, maxUncompressedBytes);
  if (!verdict.ok && verdict.reason === 'too-large') {
    throw new AppError(
      ErrorCode.PayloadTooLarge,
      `The workbook is too large once unpacked: ${verdict.message}; import at most ${Math.floor(maxUncompressedBytes / 1024 / 1024)} MiB of sheet data at a time`,
      [{ field: 'file', message: `at most ${maxUncompressedBytes} bytes unpacked` }],
    );
  }
  if (!verdict.ok) throw unsupported(`${file.filename || 'The file'} is not a readable XLSX workbook`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file.buffer as unknown as ArrayBuffer);
  } catch {
    throw unsupported(`${file.filename || 'The file'} is not a readable XLSX workbook`);
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return [];
  if (sheet.actualRowCount > MAX_IMPORT_ROWS) throw tooManyRows(sheet.actualRowCount);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    const lossyColumns: number[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const { text, lossy } = cellText(cell.value);
      cells[column - 1] = text;
      if (lossy) lossyColumns.push(column - 1);
    });
    rows.push({ rowNumber: row.number, cells: Array.from(cells, (c) => c ?? ''), lossyColumns });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): { text: string; lossy: boolean } {
  if (value === null || value === undefined) return { text: '', lossy: false };
  if (typeof value === 'number')
    return { text: Number.isInteger(value) ? value.toFixed(0) : String(value), lossy: Math.abs(value) > Number.MAX_SAFE_INTEGER };
  if (typeof value === 'string') return { text: value.trim(), lossy: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', lossy: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), lossy: false };
  if ('richText' in value)
    return {
      text: value.richText
        .map((r) => r.text)
        .join('')
        .trim(),
      lossy: false,
    };
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return { text: String(value.text ?? '').trim(), lossy: false };
  if ('error' in value) return { text: '', lossy: false };
  return { text: String(value).trim(), lossy: false };
}
