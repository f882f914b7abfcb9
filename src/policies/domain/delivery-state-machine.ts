import { assertNever } from '../../common/domain/assert-never';
import type { DeliverySource, DeliveryState, ObtainMode, PolicyStatus } from './policy-vocabulary';

/**
 * Who is changing a firm's delivery record, as far as the rules care: the firm's own liaison
 * officer, a user of the firm itself, or a supervisor/admin whose reach covers the firm. Anyone
 * else never gets this far (the record is invisible to them: 404).
 */
export type DeliveryActor = 'officer' | 'firm' | 'supervisor';

export interface DeliveryRecord {
  state: DeliveryState;
  eligible: boolean;
  policyStatus: PolicyStatus;
  obtainMode: ObtainMode;
}

export interface DeliveryChange {
  to: DeliveryState;
  source: DeliverySource;
  reason: string | null;
}

export type DeliveryDecision =
  | { ok: true; stamps: Array<'informed_at' | 'applied_at' | 'benefited_at'> }
  | { ok: false; kind: 'forbidden' | 'illegal' | 'invalid'; message: string };

/** The forward path; 不适用 is reachable from every state before 已兑现, and only a supervisor reopens it. */
export function nextStates(state: DeliveryState, obtainMode: ObtainMode): DeliveryState[] {
  switch (state) {
    case 'pending':
      return ['informed', 'not_applicable'];
    case 'informed':
      return [obtainMode === 'automatic' ? 'exempt' : 'applied', 'not_applicable'];
    case 'applied':
    case 'exempt':
      return ['benefited', 'not_applicable'];
    case 'benefited':
      return [];
    case 'not_applicable':
      return ['pending'];
    default:
      return assertNever(state, 'delivery state');
  }
}

/** Which moves each actor may record, and from which sources. */
function actorMay(actor: DeliveryActor, from: DeliveryState, to: DeliveryState, source: DeliverySource): string | null {
  switch (actor) {
    case 'officer':
      if (source !== 'visit' && source !== 'call') return 'An officer records what was learnt on a visit or a call';
      if (from === 'not_applicable') return 'Only a supervisor may reopen a firm marked not applicable';
      return null;
    case 'firm':
      if (source !== 'confirmation') return 'A firm records its own confirmation';
      if (to === 'not_applicable' || from === 'not_applicable') return 'Whether a policy applies is decided by the officer or a supervisor';
      return null;
    case 'supervisor':
      if (source === 'confirmation') return 'A firm’s confirmation is recorded by the firm itself';
      return null;
    default:
      return assertNever(actor, 'delivery actor');
  }
}

function stampsFor(to: DeliveryState): Array<'informed_at' | 'applied_at' | 'benefited_at'> {
  switch (to) {
    case 'informed':
      return ['informed_at'];
    case 'applied':
    case 'exempt':
      return ['applied_at'];
    case 'benefited':
      return ['benefited_at'];
    case 'pending':
    case 'not_applicable':
      return [];
    default:
      return assertNever(to, 'delivery state');
  }
}

/** Whether `actor` may move `record` as asked, and which milestone columns the move stamps. */
export function decideDelivery(record: DeliveryRecord, actor: DeliveryActor, change: DeliveryChange): DeliveryDecision {
  if (record.policyStatus !== 'published') return { ok: false, kind: 'illegal', message: `The policy is ${record.policyStatus}; its delivery records are closed` };
  if (!record.eligible) return { ok: false, kind: 'illegal', message: 'The firm no longer meets the policy’s rules; its record is kept but closed' };
  if (!nextStates(record.state, record.obtainMode).includes(change.to)) {
    const allowed = nextStates(record.state, record.obtainMode);
    return {
      ok: false,
      kind: 'illegal',
      message: `A firm in state ${record.state} cannot move to ${change.to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
    };
  }
  const refusal = actorMay(actor, record.state, change.to, change.source);
  if (refusal) return { ok: false, kind: 'forbidden', message: refusal };
  const needsReason = change.to === 'not_applicable' || record.state === 'not_applicable';
  if (needsReason && !change.reason?.trim()) return { ok: false, kind: 'invalid', message: 'Give the reason why the policy does not apply (or no longer not applies)' };
  return { ok: true, stamps: stampsFor(change.to) };
}

const SOURCES_OF: Record<DeliveryActor, DeliverySource[]> = {
  officer: ['visit', 'call'],
  firm: ['confirmation'],
  supervisor: ['visit', 'call', 'supervision'],
};

/** The states `actor` may move the record to now (what a page offers as buttons). */
export function allowedMoves(record: DeliveryRecord, actor: DeliveryActor): DeliveryState[] {
  return nextStates(record.state, record.obtainMode).filter((to) =>
    SOURCES_OF[actor].some((source) => decideDelivery(record, actor, { to, source, reason: 'x' }).ok),
  );
}

/** The sources an actor records from. */
export function sourcesOf(actor: DeliveryActor): DeliverySource[] {
  return SOURCES_OF[actor];
}
