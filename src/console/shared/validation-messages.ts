import type { ValidationError } from 'class-validator';
import { AppError, type FieldError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { flattenValidationErrors } from '../../common/errors/validation-errors';
import { label } from './labels';

/**
 * The console's Chinese words for every class-validator rule the API's DTOs use. The API keeps
 * its English messages for integrators; a console form validated against the same DTO shows
 * these instead, one message per field (the first rule that failed), next to the field.
 */
type RuleText = (name: string, english: string, value: unknown) => string;

/** The numbers in class-validator's English message ("longer than or equal to 4 characters"). */
function numbersIn(english: string): number[] {
  return [...english.matchAll(/(?:^|[^\w.])(\d+(?:\.\d+)?)(?![\w.])/g)].map((m) => Number(m[1]));
}

function lengthText(name: string, english: string): string {
  const [a, b] = numbersIn(english);
  if (/longer than or equal to/.test(english)) return `${name}至少 ${a} 个字`;
  if (/shorter than or equal to/.test(english)) return `${name}最多 ${a} 个字`;
  if (a !== undefined && b !== undefined) return `${name}应为 ${a}–${b} 个字`;
  return `${name}长度不符合要求`;
}

const RULES: Record<string, RuleText> = {
  isDefined: (name) => `请填写${name}`,
  isNotEmpty: (name) => `请填写${name}`,
  isString: (name) => `请填写${name}`,
  isLength: lengthText,
  minLength: lengthText,
  maxLength: lengthText,
  isInt: (name) => `${name}应为整数`,
  isNumber: (name) => `${name}应为数字`,
  isPositive: (name) => `${name}应大于 0`,
  min: (name, english) => `${name}不能小于 ${numbersIn(english)[0] ?? ''}`.trim(),
  max: (name, english) => `${name}不能大于 ${numbersIn(english)[0] ?? ''}`.trim(),
  isIn: (name) => `请从列表中选择${name}`,
  isEnum: (name) => `请从列表中选择${name}`,
  isBoolean: (name) => `请选择${name}`,
  isArray: (name) => `${name}格式不正确`,
  arrayMinSize: (name, english) => `${name}至少选择 ${numbersIn(english)[0] ?? 1} 项`,
  arrayMaxSize: (name, english) => `${name}最多选择 ${numbersIn(english)[0] ?? ''} 项`,
  arrayUnique: (name) => `${name}不能重复`,
  isDateString: (name) => `${name}应为有效日期`,
  isIso8601: (name) => `${name}应为有效日期`,
  isDateText: (name) => `${name}应为有效日期（年-月-日）`,
  isUrl: (name) => `${name}应为有效网址（http:// 或 https:// 开头）`,
  isEmail: (name) => `${name}应为有效邮箱地址`,
  matches: (name, english) => (/division code/.test(english) ? `${name}应为 6 位行政区划代码` : `${name}格式不正确`),
  whitelistValidation: (name) => `表单含有不应提交的字段“${name}”，请刷新页面后重试`,
  nestedValidation: (name) => `${name}格式不正确`,
};

/** A value the person left out: the one thing to say is "fill it in", not every rule it fails. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** One Chinese message for one failed field; unknown rules fall back to the message catalogue. */
export function fieldMessageZh(field: string, constraints: Record<string, string>, value: unknown): string {
  const name = label('field', field.split('.').pop() ?? field);
  const rules = Object.keys(constraints);
  if (isBlank(value) && rules.some((r) => r === 'isDefined' || r === 'isNotEmpty' || r === 'isString' || r === 'isIn' || r === 'isInt')) {
    return rules.includes('isIn') ? `请选择${name}` : `请填写${name}`;
  }
  for (const rule of rules) {
    const text = RULES[rule];
    if (text) return text(name, constraints[rule], value);
  }
  const first = constraints[rules[0]] ?? '';
  return translateMessage(first) ?? `${name}不符合要求`;
}

function collect(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property || 'body'}` : error.property || 'body';
    const own = error.constraints && Object.keys(error.constraints).length ? [{ field, message: fieldMessageZh(field, error.constraints, error.value) }] : [];
    return [...own, ...collect(error.children ?? [], field)];
  });
}

/** The console pipe's exception: the API's English summary (for the log), Chinese details per field. */
export function consoleValidationFailed(errors: ValidationError[]): AppError {
  const english = flattenValidationErrors(errors)
    .map((d) => d.message)
    .slice(0, 3)
    .join('; ');
  return new AppError(ErrorCode.ValidationFailed, `The request is invalid: ${english}`, collect(errors));
}

/**
 * English messages the services and the import's row checks write (for the API), in Chinese for
 * the console. Patterns, not a copy of every sentence: the numbers and names in them are kept.
 */
const CATALOGUE: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^Unified social credit code must be (\d+) characters long; got (\d+)$/, (m) => `统一社会信用代码应为 ${m[1]} 位，实为 ${m[2]} 位`],
  [/^Unified social credit code check character is wrong: expected (\S+), got (\S+)$/, (m) => `统一社会信用代码校验位错误：应为 ${m[1]}，实为 ${m[2]}`],
  [/^Unified social credit code character (\d+) is "(.+)"; positions 3–8/, (m) => `统一社会信用代码第 ${m[1]} 位“${m[2]}”无效：第 3–8 位为行政区划码，只能是数字`],
  [/^Unified social credit code character (\d+) is "(.+)", which is not allowed/, (m) => `统一社会信用代码第 ${m[1]} 位“${m[2]}”不是有效字符：只能是数字或大写字母（不使用 I、O、Z、S、V）`],
  [/^Unified social credit code is required$/, () => '请填写统一社会信用代码'],
  [/^The credit code is stored as a number and has lost digits/, () => '统一社会信用代码被表格存成了数字，已丢失位数；请把该列设为“文本”格式后重新录入'],
  [/^Duplicate credit code: already on row (\d+)$/, (m) => `统一社会信用代码重复：与第 ${m[1]} 行相同`],
  [/^This credit code belongs to an enterprise outside your reach$/, () => '该统一社会信用代码属于您管辖范围以外的企业'],
  [/^Enterprise name is required$/, () => '请填写企业名称'],
  [/^Enterprise name is longer than (\d+) characters$/, (m) => `企业名称最多 ${m[1]} 个字`],
  [/^Region code is required$/, () => '请填写行政区划代码'],
  [/^Region code must be a 6-digit division code$/, () => '行政区划代码应为 6 位数字'],
  [/^Unknown region code (\d+)$/, (m) => `行政区划代码 ${m[1]} 不存在`],
  [/^An enterprise belongs to a city or county, not to the province$/, () => '企业应属于市州或区县，不能直接属于省'],
  [/^Region (\d+) \((.+)\) is outside your reach$/, (m) => `${m[2]}（${m[1]}）不在您的管辖范围内`],
  [/^Industry is required$/, () => '请填写行业'],
  [/^Unknown industry "(.*)"; use one of (.+)$/, (m) => `行业“${m[1]}”无法识别，请填写：${m[2].split(', ').join('、')}`],
  [/^Scale is required$/, () => '请填写规模'],
  [/^Unknown scale "(.*)"; use (.+)$/, (m) => `规模“${m[1]}”无法识别，请填写：${m[2].split(' or ').join('或')}`],
  [/^Unknown tag (.+); use (.+)$/, (m) => `标签 ${m[1].replace(/"([^"]*)"/g, '“$1”')} 无法识别，可用标签：${m[2].split(', ').join('、')}`],
  [/^(park|contactPerson|address) is longer than (\d+) characters$/, (m) => `${label('field', m[1])}最多 ${m[2]} 个字`],
  [/^Contact phone must be 5–32 digits, spaces, \+ or -$/, () => '联系电话应为 5–32 位数字，可含空格、+ 或 -'],
  [/^Unknown officer account (.+)$/, (m) => `专员账号 ${m[1]} 不存在`],
  [/^User (.+) is not a liaison officer \(role (\w+)\)$/, (m) => `用户 ${m[1]} 不是专员（角色：${label('role', m[2])}）`],
  [/^Officer (.+) is deactivated$/, (m) => `专员 ${m[1]} 已停用`],
  [/^Officer (.+) belongs to region (\d+), which does not cover region (\d+)$/, (m) => `专员 ${m[1]} 属于 ${m[2]}，不负责 ${m[3]} 的企业`],
  [/^The enterprise is inactive; an officer cannot be assigned to it$/, () => '该企业已停用，不能配备专员'],
  [/^(\d+) of (\d+) rows have errors; nothing was imported/, (m) => `${m[2]} 行中有 ${m[1]} 行有误，全部未导入（请改正后重新上传，或选择“只导入正确的行”）`],
  [/^missing column (.+)$/, (m) => `缺少“${m[1]}”列`],
  [/^more than one column means (.+)$/, (m) => `有多列都表示“${m[1]}”，请只保留一列`],
  [/^no heading row$/, () => '文件没有表头行'],
  [/^no data rows$/, () => '文件只有表头，没有数据行'],
  [/^empty file$/, () => '文件是空的'],
  [/^malformed CSV$/, () => 'CSV 文件格式有误，无法读取'],
  [/^required$/, () => '请选择文件'],
  [/^at most (\d+) bytes$/, (m) => `文件不能超过 ${mib(Number(m[1]))}`],
  [/^at most (\d+) bytes unpacked$/, (m) => `文件解压后不能超过 ${mib(Number(m[1]))}`],
  [/^at most (\d+) rows$/, (m) => `一次最多导入 ${m[1]} 行`],
  [/^at most (\d+) files?$/, (m) => `最多 ${m[1]} 个文件`],
  [/^Choose a CSV or XLSX file$/, () => '请选择 CSV 或 XLSX 文件'],
  [/^Choose a file first$/, () => '请先选择文件'],
  [/^The file is empty$/, () => '文件是空的'],
  [/^The file has a heading row but no data rows$/, () => '文件只有表头，没有数据行'],
  [/^The file has (\d+) rows; import at most (\d+) at a time$/, (m) => `文件有 ${m[1]} 行，一次最多导入 ${m[2]} 行`],
  [/^The file is larger than the import limit of ([\d.]+) MiB$/, (m) => `文件超过导入上限 ${m[1]} MB`],
  [/^A file is larger than ([\d.]+) MiB$/, (m) => `文件超过 ${m[1]} MB 的上限`],
  [/^Attachments may be at most (\d+) MB$/, (m) => `附件不能超过 ${m[1]} MB`],
  [/^The form is missing its submission key; reload it$/, () => '表单缺少提交编号，请刷新页面后重新填写'],
  [/^Files of type \.(\S*) are not accepted; allowed: (.+)$/, (m) => `不接受 .${m[1]} 类型的文件，可上传：${m[2]}`],
  [/^The file does not look like a \.(\S+) file$/, (m) => `文件内容与扩展名 .${m[1]} 不符`],
  [/^The enterprise is inactive$/, () => '该企业已停用'],
  [/^Name the enterprise you submit for$/, () => '请选择企业'],
  [/^not a visit to this enterprise$/, () => '所选走访不是对该企业的走访，请从该企业页面的走访记录提交'],
  [/^Visit (\d+) is not a visit to this enterprise$/, () => '所选走访不是对该企业的走访'],
  [/^officers only$/, () => '只有联络专员可以关联走访'],
  [/^Only the liaison officer links an appeal to a visit$/, () => '只有联络专员可以把诉求关联到走访'],
  // The appeal state machine's refusals (appeals/domain): what the person should know now.
  [/^Cannot (\w+) an appeal that is (\w+); only possible when (.+)\.$/, (m) => `诉求当前为“${label('status', m[2])}”，不能${label('action', m[1])}`],
  [/^There is no pending objection to decide on\.$/, () => '没有待审批的退单申请'],
  [/^There is no pending extension request to decide on\.$/, () => '没有待审批的延期申请'],
  [/^The appeal is already at province level and cannot be raised further\.$/, () => '诉求已在省级办理，不能再提级'],
  [/^Cannot (\w+) while the department's objection awaits a supervisor\.$/, (m) => `退单申请待督办审批，暂不能${label('action', m[1])}`],
  [/^An objection is already waiting for a supervisor\.$/, () => '已有退单申请等待督办审批'],
  [/^This department has already objected to this appeal once\.$/, () => '本单位已对该诉求退单过一次，不能再次退单'],
  [/^The objection window \(1 working day after assignment\) has closed\.$/, () => '退单期限（交办后 1 个工作日内）已过'],
  [/^An extension request is already waiting for a supervisor\.$/, () => '已有延期申请等待督办审批'],
  [/^The appeal has no resolution deadline to extend\.$/, () => '该诉求没有可延长的办理时限'],
  [/^An extension must be requested before the resolution deadline, which has passed\.$/, () => '延期须在办理时限届满前申请，现已超过时限'],
  [/^The verification window has not run out yet\.$/, () => '评价期限尚未届满'],
  [/^The lead department cannot also be a co-handling department\.$/, () => '主办单位不能同时作为协办单位'],
  [/^coDepartmentIds must not contain the same department twice\.$/, () => '协办单位不能重复'],
  [/^Transferring up needs a department of the higher level/, () => '提级转办须选择上一级的单位'],
  [/^Cannot approve (\d+) days: only (\d+) were requested\.$/, (m) => `不能批准 ${m[1]} 个工作日：只申请了 ${m[2]} 个`],
  [/^An enterprise can only write public comments\.$/, () => '企业只能发表公开留言'],
  [/^Department (\d+) already objected to this appeal; choose another\.$/, () => '该单位已对本诉求退单，请选择其他单位'],
  [/^As .+ you may not (\w+) this appeal; only (.+) may\.$/, (m) => `您不能对该诉求执行“${label('action', m[1])}”`],
  [/^Unknown department (\d+)$/, () => '所选单位不存在或已停用'],
  // Task forces (专班, src/taskforces): their own refusals and those of bringing one into an appeal.
  [/^Task force (\S+) was not found\.$/, () => '所选专班不存在'],
  [/^Task force .+ is inactive$/, () => '所选专班已停用，不能调入'],
  [/^Task force .+ of region (\d+) does not cover an appeal of region (\d+)$/, () => '所选专班的所属地区不覆盖本诉求所在地区，不能调入'],
  [/^Every member of task force .+ already takes part in this appeal/, () => '该专班的成员单位均已参与本诉求办理（主办或协办），没有可调入的单位'],
  [/^Department (.+) \(region (\d+)\) is neither on the chain above region (\d+) nor inside it$/, (m) => `${m[1]}不是专班所属地区本级、上级或下级的单位，不能选择其他地区的单位`],
  [/^Department (.+) is inactive and cannot be a member$/, (m) => `${m[1]}已停用，不能加入专班`],
  [/^must be the province or a city \(市州\)$/, () => '专班只能属于省或市州，不能属于区县'],
  [/^A task force named .+ already exists in that region$/, () => '该地区已有同名专班'],
  [/^Appeal (\S+) was not found among the appeals you can see\.$/, () => '所选原诉求不存在，或不在您的查看范围内'],
  [/^An appeal cannot be a duplicate of itself\.$/, () => '不能把诉求标记为与自身重复'],
  [/^Appeal (\S+) belongs to another firm;/, (m) => `诉求 ${m[1]} 属于其他企业，重复诉求只能合并到本企业的诉求`],
  [/^Appeal (\S+) was (rejected|withdrawn) and handles nothing;/, (m) => `诉求 ${m[1]} 已${label('status', m[2])}，不在办理中，请选择正在办理或已办结的诉求`],
  [/^Appeal (\S+) is itself a duplicate of appeal (\S+); link to that one\.$/, (m) => `诉求 ${m[1]} 本身是重复诉求，请合并到它的原诉求`],
  [/^This rating was already ruled unreasonable; a rating is ruled once\.$/, () => '该评价已被认定为不合理差评，同一评价只能认定一次'],
  [/^The firm rated this appeal itself; a follow-up call cannot replace its rating/, () => '企业已自行评价，电话回访不能代替企业的评价，请由企业对新的答复进行评价'],
  [/^The appeal has no unsatisfied rating on record to rule on\.$/, () => '该诉求没有可认定的不满意评价'],
  [/^reason must be at most (\d+) characters\.$/, (m) => `理由最多 ${m[1]} 个字`],
  // A co-handler's answer and the files it carries (src/cohandling/domain/task-attachments.ts).
  [/^Attachment (\d+) is not a file of this appeal\.$/, (m) => `附件 ${m[1]} 不是本诉求的附件`],
  [/^Attachment (\d+) was not uploaded by the co-handling department\.$/, (m) => `附件 ${m[1]} 不是本协办单位上传的，不能随本单位的反馈提交`],
  [/^Attachment (\d+) already belongs to another co-handler's answer\.$/, (m) => `附件 ${m[1]} 已随其他协办单位的反馈提交`],
  [/^An answer carries at most (\d+) attachments\.$/, (m) => `一次反馈最多提交 ${m[1]} 个附件`],
  // Machine clients and webhook subscriptions (src/integrations): the field details of their refusals.
  [/^unknown region code (\d+)$/, (m) => `行政区划代码 ${m[1]} 不存在`],
  [/^appeals:submit needs the officer role$/, () => '“代企业提交”权限只能授予专员角色的客户端'],
  [/^required for the handler role: a department in regionCode$/, () => '责任单位角色须选择该区划内的责任单位'],
  [/^only for the handler role$/, () => '只有责任单位角色的客户端才选择所属单位'],
  [/^required for the enterprise role: a firm in regionCode$/, () => '企业角色须填写该区划内企业的ID'],
  [/^only for the enterprise role$/, () => '只有企业角色的客户端才填写企业ID'],
  [/^unknown or revoked client$/, () => '所选客户端不存在或已吊销'],
  [/^required for admins$/, () => '请选择该订阅所属的客户端'],
  [/^outside the client’s reach$/, () => '该区划不在所选客户端的辖区范围内'],
  [/^must be an absolute URL$/, () => '请填写完整的网址（以 https:// 开头）'],
  [/^must be an http or https URL$/, () => '接收地址须为 http:// 或 https:// 开头的网址'],
  [/^must not carry credentials$/, () => '接收地址不能包含用户名或密码'],
  [/^must not have a fragment$/, () => '接收地址不能包含“#”片段'],
  [/^must use https$/, () => '接收地址须使用 https://'],
  [/^must not point at this server or a local name$/, () => '接收地址不能指向本服务器或本地主机名'],
  [/^must not point at this server or a private address$/, () => '接收地址不能指向本服务器或内网地址'],
  [/cannot handle a (\w+)-level appeal from region (\d+)$/, (m) => `所选单位不能办理该地区的${label('level', m[1])}诉求`],
];

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

const HAS_CJK = /[\u3400-\u9fff]/;

/** The Chinese for a known English message; Chinese text passes as it is; null when unknown. */
export function translateMessage(message: string): string | null {
  if (HAS_CJK.test(message) && !/^[A-Za-z]/.test(message)) return message;
  for (const [pattern, text] of CATALOGUE) {
    const match = message.match(pattern);
    if (match) return text(match);
  }
  return null;
}
