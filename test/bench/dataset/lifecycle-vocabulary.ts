import type { LadderStep } from '../../../src/sla/domain/escalation-ladder';
import { Weighted } from './random';

/** What the generator says appeals look like: delays, shares, and the shapes it produces. */

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** The ladder as the default settings define it: reminder at once, then 2, 5 and 10 overdue working days. */
export const LADDER: Array<[LadderStep, number]> = [
  ['reminder', 0],
  ['supervision', 2],
  ['yellow_card', 5],
  ['red_card', 10],
];
export const STEP_LABEL: Record<LadderStep, string> = {
  reminder: '催办',
  supervision: '督办',
  yellow_card: '黄牌警示',
  red_card: '红牌警示（提级督办）',
};

export interface LifecycleEvent {
  action: string;
  actorId: number | null;
  actorRole: string;
  onBehalf: boolean;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  payload: Record<string, unknown>;
  visibility: 'public' | 'internal';
  at: number;
}

export interface LadderOrder {
  departmentId: number | null;
  note: string;
  replyDueAt: number;
  reply: string | null;
  repliedBy: number | null;
  repliedAt: number | null;
  createdAt: number;
}

/** One appeal as the application would have left it, with everything that hangs off it. */
export interface GeneratedAppeal {
  columns: Record<string, unknown>;
  events: LifecycleEvent[];
  pauses: Array<{ startedAt: number; endedAt: number | null; reason: string }>;
  coDepartmentIds: number[];
  orders: LadderOrder[];
}

export const KINDS = new Weighted([
  ['help', 55],
  ['consultation', 20],
  ['complaint', 15],
  ['suggestion', 10],
] as const);
export const CHANNELS = new Weighted([
  ['portal', 58],
  ['visit', 30],
  ['hotline', 6],
  ['api', 6],
] as const);
export const CATEGORY_WEIGHTS: Record<string, number> = {
  energy: 2, energy_power: 10, energy_coal: 2, energy_gas: 3, labour: 12, financing: 14, logistics: 6, supply_chain_break: 4,
  land_approval: 10, market: 7, policy: 12, arrears: 6, fees: 3, tax: 4, technology: 3, emergency: 1, other: 3,
}; // prettier-ignore
export const STUCK_STAGES = new Weighted([
  ['submitted', 4],
  ['accepted', 3],
  ['assigned', 6],
  ['in_progress', 75],
  ['suspended', 12],
] as const);
export const SOLVED = new Weighted([
  ['yes', 75],
  ['partly', 18],
  ['no', 7],
] as const);
export const SATISFIED = new Weighted([
  ['very_satisfied', 48],
  ['satisfied', 38],
  ['basically_satisfied', 14],
] as const);
/** Share of answered appeals the firm (or the officer's follow-up call) finds unsatisfying: sent back once for a redo. */
export const REDO_SHARE = 0.04;
export const CLOSURES = new Weighted([
  ['resolved', 70],
  ['partly_resolved', 15],
  ['explained', 15],
] as const);

export type Status = 'submitted' | 'accepted' | 'assigned' | 'in_progress' | 'suspended' | 'resolved' | 'closed' | 'rejected' | 'withdrawn';
