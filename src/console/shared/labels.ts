import type { Role } from '../../common/auth/role';
import { INDUSTRY_LABELS, SCALE_LABELS, TAG_LABELS } from '../../enterprises/domain/enterprise-vocabulary';

/**
 * The console's Chinese words for the stored vocabularies. Stored keys never change with the
 * wording; a key without a label shows as itself, so a new value is visible rather than blank.
 */
export const STATUS_LABELS: Record<string, string> = {
  submitted: '已提交',
  accepted: '已受理',
  assigned: '已交办',
  in_progress: '办理中',
  suspended: '已中止(等待企业补充)',
  resolved: '已办结待评价',
  closed: '已关闭',
  rejected: '不予受理',
  withdrawn: '已撤回',
};

export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  officer: '专员',
  handler: '责任单位',
  supervisor: '督办人员',
  admin: '系统管理员',
};

export const LIGHT_LABELS: Record<string, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** Names of case actions as buttons and as timeline entries (the sweep's ladder steps included). */
export const ACTION_LABELS: Record<string, string> = {
  submit: '提交诉求',
  accept: '受理',
  reject: '不予受理',
  mark_duplicate: '合并为重复诉求',
  route: '交办',
  bring_task_force: '调入专班协办',
  sign: '签收',
  object: '退单',
  approve_objection: '同意退单',
  deny_objection: '驳回退单',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  deny_extension: '驳回延期',
  suspend: '中止办理',
  supplement: '补充材料',
  resume: '恢复办理',
  transfer_up: '提级转办',
  resolve: '办结答复',
  verify: '验证评价',
  follow_up_call: '电话回访',
  rule_unreasonable_rating: '认定不合理差评',
  withdraw: '撤回',
  comment: '留言',
  auto_close: '逾期未评价自动关闭',
  attach: '上传附件',
  officer_handover: '专员变更',
  remind: '催办',
  supervise: '督办',
  yellow_card: '黄牌警示',
  red_card: '红牌警示',
  supervision_order: '下发督办单',
  supervision_reply: '督办回复',
  recompute_deadlines: '按法定节假日重算时限',
  demo_stage_deadline: '演示数据调整时限',
  co_task_create: '下达协办任务',
  co_task_sign: '协办签收',
  co_task_answer: '协办反馈',
  co_task_object: '协办异议',
  co_task_waive: '免除协办任务',
  co_task_remind: '协办催办',
};

export const KIND_LABELS: Record<string, string> = { consultation: '咨询', help: '求助', complaint: '投诉', suggestion: '建议' };
export const CHANNEL_LABELS: Record<string, string> = { portal: '企业自助', visit: '专员走访', hotline: '热线', api: '系统接口' };
export const URGENCY_LABELS: Record<string, string> = { normal: '一般', urgent: '紧急' };
export const LEVEL_LABELS: Record<string, string> = { county: '县级', city: '市级', province: '省级' };
export const CLOSURE_LABELS: Record<string, string> = {
  resolved: '实质解决',
  partly_resolved: '阶段性解决',
  explained: '程序办结/政策解释',
};
export const SOLVED_LABELS: Record<string, string> = { yes: '已解决', partly: '部分解决', no: '未解决' };
export const SATISFACTION_LABELS: Record<string, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};
export const SUPERVISION_LABELS: Record<string, string> = {
  none: '—',
  reminder: '已催办',
  supervision: '已督办',
  yellow_card: '黄牌',
  red_card: '红牌',
};
export const VISIT_FORM_LABELS: Record<string, string> = { on_site: '实地走访', phone: '电话走访', online: '线上走访' };
export const VISIBILITY_LABELS: Record<string, string> = { public: '企业可见', internal: '内部备注' };
export const RESPONSE_UNIT_LABELS: Record<string, string> = {
  natural_hours: '自然小时',
  working_hours: '工作小时',
  working_days: '工作日',
};
export const DAY_KIND_LABELS: Record<string, string> = { holiday: '休息日(节假日)', workday: '工作日(调休上班)' };

/** The field names of the API's validation errors, in the words of the forms. */
export const FIELD_LABELS: Record<string, string> = {
  version: '版本',
  note: '备注',
  reason: '理由',
  leadDepartmentId: '主办单位',
  originalAppealId: '原诉求',
  coDepartmentIds: '协办单位',
  coHandlerRequest: '协办要求',
  taskForceId: '专班',
  departmentIds: '成员单位',
  days: '天数',
  text: '内容',
  targetDepartmentId: '上级单位',
  closureType: '办结类型',
  answer: '答复内容',
  solved: '是否解决',
  satisfaction: '满意度',
  comment: '意见',
  visibility: '可见范围',
  categoryId: '诉求类别',
  kind: '诉求类型',
  title: '标题',
  description: '诉求描述',
  enterpriseId: '企业',
  urgency: '紧急程度',
  channel: '来源渠道',
  file: '文件',
  visitDate: '走访日期',
  form: '走访形式',
  participants: '参与人员',
  notes: '走访记录',
  problemsFound: '是否发现问题',
  currentPassword: '当前密码',
  newPassword: '新密码',
  username: '用户名',
  password: '密码',
  displayName: '姓名',
  role: '角色',
  regionCode: '行政区划代码',
  departmentId: '所属单位',
  phone: '手机号',
  name: '名称',
  shortName: '简称',
  code: '编码',
  parentId: '上级类别',
  sortOrder: '排序',
  level: '层级',
  date: '日期',
  creditCode: '统一社会信用代码',
  industry: '行业',
  scale: '规模',
  tags: '标签',
  park: '园区',
  contactPerson: '联系人',
  contactPhone: '联系电话',
  address: '地址',
  officerUsername: '专员账号',
  officerId: '专员',
  row: '整行',
  q: '搜索',
  submittedFrom: '提交起',
  submittedTo: '提交止',
  page: '页码',
  pageSize: '每页条数',
  sort: '排序',
  replyDueDays: '回复期限',
  reply: '回复内容',
  source: '来源标识',
  scopes: '权限范围',
  url: '接收地址',
  eventTypes: '事件类型',
  clientId: '客户端',
  overlapSeconds: '旧密钥保留时长',
  active: '状态',
};

/** States of a co-handler task (协办任务). */
export const CO_TASK_STATUS_LABELS: Record<string, string> = {
  open: '待签收',
  signed: '办理中',
  answered: '已反馈',
  objected: '已提出异议',
  waived: '已免除',
  withdrawn: '已撤销（交办变更）',
  // The department's task list filters (not statuses of their own).
  owing: '待办（待签收和办理中）',
  all: '全部',
};

export const VOCABULARY = {
  status: STATUS_LABELS,
  role: ROLE_LABELS,
  light: LIGHT_LABELS,
  action: ACTION_LABELS,
  kind: KIND_LABELS,
  channel: CHANNEL_LABELS,
  urgency: URGENCY_LABELS,
  level: LEVEL_LABELS,
  closure: CLOSURE_LABELS,
  solved: SOLVED_LABELS,
  satisfaction: SATISFACTION_LABELS,
  supervision: SUPERVISION_LABELS,
  visitForm: VISIT_FORM_LABELS,
  visibility: VISIBILITY_LABELS,
  industry: INDUSTRY_LABELS as Record<string, string>,
  scale: SCALE_LABELS as Record<string, string>,
  tag: TAG_LABELS as Record<string, string>,
  responseUnit: RESPONSE_UNIT_LABELS,
  dayKind: DAY_KIND_LABELS,
  field: FIELD_LABELS,
  coTaskStatus: CO_TASK_STATUS_LABELS,
} as const;

export type Vocabulary = keyof typeof VOCABULARY;

export function label(vocabulary: Vocabulary, key: unknown): string {
  if (key === null || key === undefined || key === '') return '—';
  const table: Record<string, string> = VOCABULARY[vocabulary];
  return table[String(key)] ?? String(key);
}
