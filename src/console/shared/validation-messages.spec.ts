import { SubmitAppealDto } from '../../appeals/dto/submit-appeal.dto';
import { RequestExtensionDto } from '../../appeals/dto/appeal-actions.dto';
import { AppError } from '../../common/errors/app-error';
import { generateCreditCode } from '../../enterprises/domain/credit-code';
import { mapColumns } from '../../imports/domain/import-columns';
import { planRows, type RegionInfo } from '../../imports/domain/import-row';
import { validateAs } from '../http/form-fields';
import { describeError } from './error-messages';
import { translateMessage } from './validation-messages';

const ASCII_WORDS = /[A-Za-z]{3,}/;

async function problems<T extends object>(type: new () => T, plain: Record<string, unknown>): Promise<AppError> {
  try {
    await validateAs(type, plain);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('console validation messages', () => {
  it('gives one Chinese message per field, naming the field and the limit', async () => {
    const error = await problems(SubmitAppealDto, { categoryId: 3, kind: 'help', title: '停电', description: undefined });
    expect(error.details).toEqual([
      { field: 'title', message: '标题至少 4 个字' },
      { field: 'description', message: '请填写诉求描述' },
    ]);
    // The API's English stays in the message for the log.
    expect(error.message).toContain('title must be longer than or equal to 4 characters');
    const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
    expect(described.fields).toEqual({ title: '标题至少 4 个字', description: '请填写诉求描述' });
    expect(described.details).toEqual(['标题至少 4 个字', '请填写诉求描述']);
  });

  it('says which choice is missing, and the bounds of numbers', async () => {
    const missing = await problems(SubmitAppealDto, { title: '园区线路停电', description: '近两周每天停电两到三次。', kind: 'nonsense' });
    expect(missing.details).toEqual(
      expect.arrayContaining([
        { field: 'categoryId', message: '请填写诉求类别' },
        { field: 'kind', message: '请从列表中选择诉求类型' },
      ]),
    );
    const days = await problems(RequestExtensionDto, { version: 1, days: 0, reason: '需要协调' });
    expect(days.details).toEqual([{ field: 'days', message: '天数不能小于 1' }]);
    const unknownField = await problems(RequestExtensionDto, { version: 1, days: 2, reason: '需要协调', extra: 'x' });
    expect(unknownField.details?.[0].message).toContain('不应提交的字段');
  });

  it('translates every problem the import reports, leaving no English words', () => {
    const { columns } = mapColumns(['统一社会信用代码', '企业名称', '行政区划代码', '行业', '规模', '标签', '联系电话', '专员账号']);
    const regions = new Map<string, RegionInfo>([
      ['510000', { code: '510000', name: '四川省', level: 'province' }],
      ['510104', { code: '510104', name: '锦江区', level: 'county' }],
    ]);
    const good = generateCreditCode('510104', 5);
    const rows = [
      ['91510100MA00000000', '校验位错误', '510104', '装备制造', '规上', '', '', ''],
      ['12345', '', '999999', '', '', '奇怪标签', 'abc', 'u9'],
      [good, '企业', '510000', '不存在的行业', '中型', '', '', 'u3'],
      [good, '重复的企业', '51010', '食品饮料', '规上', '', '', 'u4'],
      ['9151010IMA00000000', '字符错误', '510104', '食品饮料', '规上', '', '', ''],
    ].map((cells, i) => ({ rowNumber: i + 2, cells, lossyColumns: [] }));
    const officers = new Map([
      ['u3', { id: 3, username: 'u3', role: 'supervisor' as const, regionCode: '510104', active: true }],
      ['u4', { id: 4, username: 'u4', role: 'officer' as const, regionCode: '510104', active: false }],
    ]);
    const { errors } = planRows(rows, columns, { regions, reachPrefix: '', existing: new Map(), officers });
    expect(errors.length).toBeGreaterThan(10);
    for (const e of errors) {
      const zh = translateMessage(e.message);
      expect({ message: e.message, zh }).toEqual({ message: e.message, zh: expect.not.stringMatching(ASCII_WORDS) });
    }
  });

  it('translates the state machine’s refusals and passes Chinese through', () => {
    expect(translateMessage('The objection window (1 working day after assignment) has closed.')).toBe('退单期限（交办后 1 个工作日内）已过');
    expect(translateMessage('Cannot resolve an appeal that is assigned; only possible when in_progress.')).toBe('诉求当前为“已交办”，不能办结答复');
    expect(translateMessage('统一社会信用代码应为 18 位')).toBe('统一社会信用代码应为 18 位');
    expect(translateMessage('Something nobody catalogued')).toBeNull();
  });
});
