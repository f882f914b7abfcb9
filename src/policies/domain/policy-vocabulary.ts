/** The closed vocabularies of a policy and of a firm's delivery record, with their Chinese labels. */

export const POLICY_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** 免申即享: granted without applying, where scope, criteria and data are clear; otherwise the firm applies. */
export const OBTAIN_MODES = ['automatic', 'apply'] as const;
export type ObtainMode = (typeof OBTAIN_MODES)[number];

/** Numeric facts the programme records about a firm (firm_facts). */
export const FIRM_FACTS = ['employees', 'output_value', 'revenue'] as const;
export type FirmFact = (typeof FIRM_FACTS)[number];

/** 待告知 → 已告知 → 已申请 / 免申 → 已兑现, or 不适用 with a reason. */
export const DELIVERY_STATES = ['pending', 'informed', 'applied', 'exempt', 'benefited', 'not_applicable'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Where a state change was learnt: an officer's visit or call, the firm's own confirmation, or a supervisor's correction. */
export const DELIVERY_SOURCES = ['visit', 'call', 'confirmation', 'supervision'] as const;
export type DeliverySource = (typeof DELIVERY_SOURCES)[number];

export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = { draft: '草稿', published: '已发布', withdrawn: '已撤回' };
export const OBTAIN_MODE_LABELS: Record<ObtainMode, string> = { automatic: '免申即享', apply: '申请兑现' };
export const FIRM_FACT_LABELS: Record<FirmFact, string> = { employees: '从业人数', output_value: '工业总产值（万元）', revenue: '营业收入（万元）' };
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  pending: '待告知',
  informed: '已告知',
  applied: '已申请',
  exempt: '免申',
  benefited: '已兑现',
  not_applicable: '不适用',
};
export const DELIVERY_SOURCE_LABELS: Record<DeliverySource, string> = {
  visit: '走访',
  call: '电话',
  confirmation: '企业确认',
  supervision: '督办核实',
};
