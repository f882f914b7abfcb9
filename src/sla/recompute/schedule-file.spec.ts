import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import { zipOf } from '../../../test/helpers/zip-archive';
import { parseScheduleFile } from './schedule-file';

async function workbook(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('2027');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('parseScheduleFile', () => {
  it('reads CSV with the Chinese header, make-up days separated by ; or 、', async () => {
    const csv =
      '\uFEFF名称,放假开始,放假结束,调休上班日\n元旦,2027-01-01,2027-01-03,\n春节,2027-02-06,2027-02-14,2027-01-31;2027-02-20\n劳动节,2027-05-01,2027-05-05,2027-04-25、2027-05-08\n';
    expect(await parseScheduleFile('2027.csv', Buffer.from(csv))).toEqual({
      problems: [],
      content: {
        holidays: [
          { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03', makeupDays: [] },
          { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-14', makeupDays: ['2027-01-31', '2027-02-20'] },
          { name: '劳动节', firstDay: '2027-05-01', lastDay: '2027-05-05', makeupDays: ['2027-04-25', '2027-05-08'] },
        ],
      },
    });
  });

  it('reads JSON in the API body shape', async () => {
    const json = JSON.stringify({
      year: 2027,
      note: '通知',
      holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-01', makeupDays: [] }],
    });
    expect((await parseScheduleFile('x.json', Buffer.from(json))).content).toEqual({
      year: 2027,
      note: '通知',
      holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-01', makeupDays: [] }],
    });
  });

  it('names what is wrong with a file, in Chinese', async () => {
    expect((await parseScheduleFile('x.json', Buffer.from('{oops'))).problems).toEqual([{ field: 'file', message: '文件不是有效的 JSON' }]);
    expect((await parseScheduleFile('x.csv', Buffer.from('a,b\n1,2'))).problems[0].message).toContain('表头');
    expect((await parseScheduleFile('x.xls', Buffer.from('binary'))).problems[0].message).toBe('请上传 JSON、CSV 或 XLSX 文件');
  });

  it('reads the first sheet of an XLSX like the CSV: date cells or text, make-up days in one cell, blank rows skipped', async () => {
    const file = await workbook([
      ['名称', '放假开始', '放假结束', '调休上班日'],
      ['元旦', new Date(Date.UTC(2027, 0, 1)), new Date(Date.UTC(2027, 0, 3)), null],
      [],
      ['春节', '2027-02-06', '2027-02-14', '2027-01-31、2027-02-20'],
      ['国庆节', new Date(Date.UTC(2027, 9, 1)), new Date(Date.UTC(2027, 9, 7)), new Date(Date.UTC(2027, 8, 26))],
    ]);
    // Told apart by its content, not its name.
    expect(await parseScheduleFile('安排', file)).toEqual({
      problems: [],
      content: {
        holidays: [
          { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03', makeupDays: [] },
          { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-14', makeupDays: ['2027-01-31', '2027-02-20'] },
          { name: '国庆节', firstDay: '2027-10-01', lastDay: '2027-10-07', makeupDays: ['2027-09-26'] },
        ],
      },
    });
  });

  it('names what is wrong with a workbook, in Chinese, and refuses a zip bomb before unpacking it', async () => {
    const noHeader = await workbook([['元旦', '2027-01-01', '2027-01-03']]);
    expect((await parseScheduleFile('2027.xlsx', noHeader)).problems).toEqual([
      { field: 'file', message: 'XLSX 第一行须为表头：名称,放假开始,放假结束,调休上班日' },
    ]);
    expect((await parseScheduleFile('2027.xlsx', Buffer.from('名称,放假开始'))).problems).toEqual([
      { field: 'file', message: '文件不是有效的 XLSX 工作簿' },
    ]);
    // 32 MiB of zeros that claim to be 1 KB: stopped at the 5 MB budget.
    const bomb = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.alloc(32 * 1024 * 1024)), method: 8, declaredSize: 1024 },
    ]);
    expect((await parseScheduleFile('2027.xlsx', bomb)).problems).toEqual([
      { field: 'file', message: 'XLSX 文件解压后过大（最多 5 MB），不是节假日安排表' },
    ]);
  });
});
