import { parseScheduleFile } from './schedule-file';

describe('parseScheduleFile', () => {
  it('reads CSV with the Chinese header, make-up days separated by ; or 、', () => {
    const csv =
      '\uFEFF名称,放假开始,放假结束,调休上班日\n元旦,2027-01-01,2027-01-03,\n春节,2027-02-06,2027-02-14,2027-01-31;2027-02-20\n劳动节,2027-05-01,2027-05-05,2027-04-25、2027-05-08\n';
    expect(parseScheduleFile('2027.csv', Buffer.from(csv))).toEqual({
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

  it('reads JSON in the API body shape', () => {
    const json = JSON.stringify({
      year: 2027,
      note: '通知',
      holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-01', makeupDays: [] }],
    });
    expect(parseScheduleFile('x.json', Buffer.from(json)).content).toEqual({
      year: 2027,
      note: '通知',
      holidays: [{ name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-01', makeupDays: [] }],
    });
  });

  it('names what is wrong with a file, in Chinese', () => {
    expect(parseScheduleFile('x.json', Buffer.from('{oops')).problems).toEqual([{ field: 'file', message: '文件不是有效的 JSON' }]);
    expect(parseScheduleFile('x.csv', Buffer.from('a,b\n1,2')).problems[0].message).toContain('表头');
    expect(parseScheduleFile('x.xls', Buffer.from('binary')).problems[0].message).toBe('请上传 JSON 或 CSV 文件');
  });
});
