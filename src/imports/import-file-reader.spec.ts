import ExcelJS from 'exceljs';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { decodeText, detectFormat, readImportFile } from './import-file-reader';

const file = (buffer: Buffer, filename = 'list.csv', mimetype = 'text/csv') => ({ buffer, filename, mimetype });

describe('detectFormat', () => {
  it('recognises an XLSX by its ZIP signature, whatever it is called', () => {
    expect(detectFormat(file(Buffer.from('504b030414000000', 'hex'), 'upload.bin', 'application/octet-stream'))).toBe('xlsx');
  });

  it('accepts CSV by name or type (browsers on Windows send application/vnd.ms-excel)', () => {
    expect(detectFormat(file(Buffer.from('a,b'), 'list.csv', 'application/octet-stream'))).toBe('csv');
    expect(detectFormat(file(Buffer.from('a,b'), 'blob', 'application/vnd.ms-excel'))).toBe('csv');
  });

  it.each([
    ['a PNG', Buffer.from('89504e470d0a1a0a', 'hex'), 'logo.png', 'image/png', 'Only CSV and XLSX'],
    ['a legacy .xls', Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'old.xls', 'application/vnd.ms-excel', 'save the sheet as .xlsx'],
    ['a binary file called .csv', Buffer.from([0x41, 0x00, 0x42]), 'list.csv', 'text/csv', 'Only CSV and XLSX'],
    ['text called .xlsx', Buffer.from('a,b'), 'list.xlsx', 'text/plain', 'not a valid XLSX'],
  ])('refuses %s with 415', (_what, buffer, name, type, message) => {
    let error: unknown;
    try {
      detectFormat(file(buffer, name, type));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.UnsupportedMediaType);
    expect((error as AppError).message).toContain(message);
  });
});

describe('decodeText', () => {
  it('strips a UTF-8 byte order mark', () => {
    expect(decodeText(Buffer.from('\ufeff企业名称', 'utf8'))).toBe('企业名称');
  });

  it('falls back to GB18030 for what is not UTF-8', () => {
    expect(decodeText(Buffer.from('c6f3d2b5c3fbb3c6', 'hex'))).toBe('企业名称');
  });
});

describe('readImportFile', () => {
  it('numbers CSV rows as a spreadsheet does, counting blank lines and multi-line cells as one row', async () => {
    const table = await readImportFile(file(Buffer.from('a,b\n"x\ny",1\n\nz,2\n')));
    expect(table.rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\ny', '1']],
      [3, ['']],
      [4, ['z', '2']],
    ]);
  });

  it('reads tab-separated text', async () => {
    const table = await readImportFile(file(Buffer.from('a\tb\n1\t2\n'), 'list.txt', 'text/plain'));
    expect(table.rows[1].cells).toEqual(['1', '2']);
  });

  it('refuses an empty file with 400', async () => {
    await expect(readImportFile(file(Buffer.alloc(0)))).rejects.toMatchObject({ code: ErrorCode.BadRequest, message: 'The file is empty' });
  });

  it('reads XLSX cells of every kind and keeps sheet row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('s');
    sheet.getRow(1).values = ['text', 510104, { richText: [{ text: 'ri' }, { text: 'ch' }] }];
    sheet.getRow(3).values = [{ formula: '1+1', result: 2 }, Number('914403001922038216'), true];
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const table = await readImportFile(file(buffer, 'x.xlsx', 'application/octet-stream'));
    expect(table.format).toBe('xlsx');
    expect(table.rows).toEqual([
      { rowNumber: 1, cells: ['text', '510104', 'rich'], lossyColumns: [] },
      { rowNumber: 3, cells: ['2', '914403001922038272', 'TRUE'], lossyColumns: [1] },
    ]);
  });
});
