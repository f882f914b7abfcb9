import type { AppError } from '../../common/errors/app-error';

/** What each field of the new-project form needs, shown next to it when it is refused. */
export const PROJECT_FORM_HINTS: Record<string, string> = {
  name: '请填写项目名称（2–200 字）',
  regionCode: '请选择项目所在地区（须在您的管辖范围内）',
  industry: '请选择所属产业',
  totalInvestmentWan: '请填写总投资：不小于 0 的数字，最多两位小数',
  enterpriseIds: '请填写至少一家项目业主的统一社会信用代码（最多 20 家，不重复）',
  creditCodes: '请填写至少一家项目业主的统一社会信用代码（最多 20 家，不重复）',
  stageCode: '请选择当前阶段',
  stageSince: '进入阶段日期应为有效日期，且不晚于今天',
  responsibleLeader: '责任领导最多 100 个字',
  leadDepartmentId: '请选择牵头部门',
  liaisonOfficer: '请填写在岗联络专员的账号',
  liaisonOfficerId: '请填写在岗联络专员的账号',
  description: '项目说明最多 5000 个字',
  plannedDates: '计划日期应按阶段先后排列',
};

/** Credit codes as typed: separated by 、 , ; or whitespace, upper-cased, each once. */
export function parseCreditCodes(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[、,，;；\s]+/)
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/** The investment typed in 亿元 or 万元, as 万元 for the API; anything not a number goes through for the DTO to refuse. */
export function investmentWan(raw: string | undefined, unit: string | undefined): number | string | undefined {
  if (raw === undefined || !/^\d+(\.\d+)?$/.test(raw)) return raw;
  const value = Number(raw);
  return unit === 'wan' ? value : Math.round(value * 10000 * 100) / 100;
}

export const PIPELINE_ROW_TEXT = {
  code: '代码须以小写字母开头，为 2–32 位小写字母、数字或下划线',
  name: '名称应为 2–32 个字',
  codeTwice: '阶段代码重复',
  nameTwice: '阶段名称重复',
};

/** A refused pipeline, per row: the problem at the row's code or name, or listed for the whole list. */
export function pipelineRowErrors(
  error: AppError,
  rows: Array<{ code: string; name: string }>,
): { rowErrors: Array<Record<string, string>>; others: string[] } {
  const rowErrors: Array<Record<string, string>> = rows.map(() => ({}));
  const others: string[] = [];
  for (const d of error.details ?? []) {
    const match = /^stages\.(\d+)\.(code|name)$/.exec(d.field);
    if (match && rowErrors[Number(match[1])]) {
      const twice = /appears twice/.test(d.message);
      rowErrors[Number(match[1])][match[2]] =
        match[2] === 'code'
          ? twice
            ? PIPELINE_ROW_TEXT.codeTwice
            : PIPELINE_ROW_TEXT.code
          : twice
            ? PIPELINE_ROW_TEXT.nameTwice
            : PIPELINE_ROW_TEXT.name;
      continue;
    }
    const inUse = /Stage (\S+) still has projects/.exec(d.message);
    if (inUse) others.push(`阶段“${inUse[1]}”仍有项目，不能删除；请先调整这些项目的阶段`);
    else if (/at least two/.test(d.message) || d.field === 'stages') others.push('至少需要两个阶段');
    else others.push(d.message);
  }
  return { rowErrors, others };
}

/** The project import's row problems (projects/domain/project-import-row.ts) in Chinese; unknown ones pass as they are. */
const IMPORT_ROW_TEXT: Array<[RegExp, string]> = [
  [/project name of 2/, '项目名称应为 2–200 个字'],
  [/not a known division code/, '不是有效的行政区划代码'],
  [/outside your region/, '不在您的管辖范围内'],
  [/^must be one of/, '所属产业应为：电子信息、装备制造、食品饮料、先进材料、能源化工、数字经济或其他'],
  [/at least one enterprise credit code/, '至少填写一家企业的统一社会信用代码'],
  [/no enterprise with this credit code/, '未找到该信用代码的企业，或不在您的管辖范围内'],
  [/not a stage of the pipeline/, '不是项目阶段设置中的阶段名称'],
  [/a date as YYYY-MM-DD/, '应为日期（年-月-日）'],
  [/must not be after today/, '不能晚于今天'],
  [/no active officer with this username/, '未找到该账号的在岗专员，或不在您的管辖范围内'],
  [/already listed in this region/, '该地区已有同名项目'],
  [/appears twice in the file/, '文件中重复出现的项目'],
  [/non-negative amount/, '总投资应为不小于 0 的数字（万元或亿元）'],
];

export function importRowText(message: string): string {
  return IMPORT_ROW_TEXT.find(([re]) => re.test(message))?.[1] ?? message;
}

export const GROUP_FORM_HINTS: Record<string, string> = {
  name: '请填写工作组名称（2–100 字）',
  leader: '请填写组长的账号（在岗工作人员）',
  leaderId: '请填写组长的账号（在岗工作人员）',
  cityCodes: '请选择包联的市州（1–5 个）',
  periodStart: '请填写开始日期',
  periodEnd: '结束日期应为有效日期，且不早于开始日期',
  members: '每行一个成员账号，可在账号后写职务（副组长、联络员、成员）；组长不必重复填写',
  description: '说明最多 2000 个字',
};

const DUTY_WORDS: Record<string, 'deputy' | 'liaison' | 'member'> = { 副组长: 'deputy', 联络员: 'liaison', 成员: 'member' };
const DUTY_TEXT: Record<string, string> = { deputy: '副组长', liaison: '联络员', member: '成员' };

/** "zhangsan 副组长" per line → account and duty (成员 when none is given). */
export function parseMemberLines(raw: string): Array<{ username: string; duty: 'deputy' | 'liaison' | 'member' }> {
  return raw
    .split(/\r?\n/)
    .map((line) =>
      line
        .trim()
        .split(/[\s,，、]+/)
        .filter(Boolean),
    )
    .filter((parts) => parts.length > 0)
    .map(([username, duty]) => ({ username, duty: DUTY_WORDS[duty ?? ''] ?? 'member' }));
}

export function membersText(members: Array<{ userId: number; duty: string }>, names: Map<number, string>): string {
  return members.map((m) => `${names.get(m.userId) ?? m.userId} ${DUTY_TEXT[m.duty] ?? '成员'}`).join('\n');
}
