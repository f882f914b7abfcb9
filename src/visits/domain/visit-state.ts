import { assertNever } from '../../common/domain/assert-never';
import type { IsoDate } from '../../sla/domain/shanghai-date';

/**
 * A visit's life (#20). A plan names a date; the firm answers it; the planner logs it once made.
 *
 *   planned ──accept──▶ accepted ──log──▶ done (presumed: the firm agreed beforehand)
 *     │ propose_date        │ propose_date / decline
 *     ▼                     ▼
 *   reschedule_proposed ──accept_proposal──▶ accepted (on the firm's date)
 *     │ replan (planner, a new date) ──▶ planned
 *   planned ──log──▶ done (pending: the firm never answered)
 *   planned / accepted / reschedule_proposed ──cancel──▶ cancelled; ──decline (firm)──▶ declined
 *   (merge: a planned visit absorbed into a joint one becomes `merged`, see visit-merge.ts)
 *
 * A done visit counts for coverage once the firm confirmed it: `confirmed` (the firm said so),
 * `presumed` (logged from a plan the firm accepted; the firm may still dispute it within
 * DISPUTE_WINDOW_DAYS of the log), or `legacy` (logged before #20, counted as it always was).
 * `pending` (logged without the firm's prior acceptance) and `disputed` do not count.
 */
export const VISIT_STATUSES = ['planned', 'accepted', 'reschedule_proposed', 'declined', 'cancelled', 'merged', 'done'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** States in which a plan is still on: it may clash, be merged, and counts against the budget. */
export const ACTIVE_PLAN_STATUSES = ['planned', 'accepted', 'reschedule_proposed'] as const satisfies readonly VisitStatus[];
/** States that count against the firm's monthly budget (every visit that is or will be made). */
export const BUDGET_STATUSES = [...ACTIVE_PLAN_STATUSES, 'done'] as const satisfies readonly VisitStatus[];

export const VISIT_CONFIRMATIONS = ['legacy', 'pending', 'presumed', 'confirmed', 'disputed'] as const;
export type VisitConfirmation = (typeof VISIT_CONFIRMATIONS)[number];
/** The confirmations coverage counts (the one rule; visit-sql.ts says it in SQL). */
export const COUNTED_CONFIRMATIONS = ['legacy', 'presumed', 'confirmed'] as const satisfies readonly VisitConfirmation[];

/** Days after the log within which a firm may still dispute a visit it had accepted beforehand. */
export const DISPUTE_WINDOW_DAYS = 7;

export const VISIT_ACTIONS = [
  'accept',
  'propose_date',
  'decline',
  'accept_proposal',
  'replan',
  'cancel',
  'log',
  'confirm',
  'dispute',
] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/** Who the caller is to this visit: its planner (the officer, or a member of the planning group), the firm's own staff, or neither. */
export type VisitRelation = 'planner' | 'firm' | 'other';

export type VisitCommand =
  | { action: 'accept' }
  | { action: 'propose_date'; proposedDate: IsoDate; note: string | null }
  | { action: 'decline'; reason: string }
  | { action: 'accept_proposal' }
  | { action: 'replan'; visitDate: IsoDate }
  | { action: 'cancel'; reason: string | null }
  | { action: 'log'; visitDate: IsoDate }
  | { action: 'confirm' }
  | { action: 'dispute'; reason: string };

export interface VisitFacts {
  status: VisitStatus;
  confirmation: VisitConfirmation | null;
  visitDate: IsoDate;
  proposedDate: IsoDate | null;
  loggedAt: Date | null;
}

export interface VisitChange {
  status: VisitStatus;
  visitDate?: IsoDate;
  proposedDate?: IsoDate | null;
  firmNote?: string | null;
  confirmation?: VisitConfirmation | null;
  /** The note the event keeps (reason, proposal note). */
  note: string | null;
}

export type VisitDecision =
  { ok: true; change: VisitChange } | { ok: false; error: 'forbidden' | 'illegal' | 'invalid_input'; field?: string; message: string };

const WHO: Record<VisitAction, 'planner' | 'firm'> = {
  accept: 'firm',
  propose_date: 'firm',
  decline: 'firm',
  accept_proposal: 'planner',
  replan: 'planner',
  cancel: 'planner',
  log: 'planner',
  confirm: 'firm',
  dispute: 'firm',
};

const FROM: Record<VisitAction, readonly VisitStatus[]> = {
  accept: ['planned'],
  propose_date: ['planned', 'accepted'],
  decline: ['planned', 'accepted', 'reschedule_proposed'],
  accept_proposal: ['reschedule_proposed'],
  replan: ['reschedule_proposed'],
  cancel: ACTIVE_PLAN_STATUSES,
  log: ['planned', 'accepted'],
  confirm: ['done'],
  dispute: ['done'],
};

const DAY_MS = 86_400_000;

/** Whether the firm may still dispute a done visit at `now` (the confirmation rule above). */
export function mayDispute(visit: Pick<VisitFacts, 'status' | 'confirmation' | 'loggedAt'>, now: Date): boolean {
  if (visit.status !== 'done') return false;
  if (visit.confirmation === 'pending') return true;
  if (visit.confirmation !== 'presumed' || !visit.loggedAt) return false;
  return now.getTime() - visit.loggedAt.getTime() <= DISPUTE_WINDOW_DAYS * DAY_MS;
}

function availability(visit: VisitFacts, action: VisitAction, now: Date): string | null {
  if (!FROM[action].includes(visit.status)) return `A ${visit.status} visit cannot be ${PAST[action]}`;
  if (action === 'confirm' && !(visit.confirmation === 'pending' || visit.confirmation === 'presumed')) {
    return `The visit is already ${visit.confirmation}`;
  }
  if (action === 'dispute' && !mayDispute(visit, now)) {
    return visit.confirmation === 'presumed'
      ? `A visit logged from an accepted plan may be disputed within ${DISPUTE_WINDOW_DAYS} days of its log`
      : `The visit is ${visit.confirmation}; it can no longer be disputed`;
  }
  return null;
}

const PAST: Record<VisitAction, string> = {
  accept: 'accepted',
  propose_date: 'given another date',
  decline: 'declined',
  accept_proposal: 'moved to the proposed date',
  replan: 'planned again',
  cancel: 'cancelled',
  log: 'logged',
  confirm: 'confirmed',
  dispute: 'disputed',
};

function reasonOf(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** The actions the caller may take now (the console's buttons; the API's allowedActions). */
export function allowedVisitActions(visit: VisitFacts, relation: VisitRelation, now: Date): VisitAction[] {
  return VISIT_ACTIONS.filter((a) => WHO[a] === relation && availability(visit, a, now) === null);
}

/**
 * Decides one step: who may (by relation), whether the state allows it now, then the command's
 * own input against `today` (Asia/Shanghai). Pure: the service locks, checks the version and writes.
 */
export function decideVisit(visit: VisitFacts, command: VisitCommand, relation: VisitRelation, today: IsoDate, now: Date): VisitDecision {
  const action = command.action;
  if (WHO[action] !== relation) {
    return {
      ok: false,
      error: 'forbidden',
      message:
        WHO[action] === 'firm'
          ? `Only the visited firm may have the visit ${PAST[action]}`
          : `Only the visit's planner may have it ${PAST[action]}`,
    };
  }
  const unavailable = availability(visit, action, now);
  if (unavailable) return { ok: false, error: 'illegal', message: unavailable };
  switch (command.action) {
    case 'accept':
      return { ok: true, change: { status: 'accepted', note: null } };
    case 'propose_date': {
      if (command.proposedDate <= today) return invalid('proposedDate', `The proposed date must be after today (${today})`);
      if (command.proposedDate === visit.visitDate) return invalid('proposedDate', 'The proposed date is the planned date');
      const note = reasonOf(command.note);
      return { ok: true, change: { status: 'reschedule_proposed', proposedDate: command.proposedDate, firmNote: note, note } };
    }
    case 'decline': {
      const reason = reasonOf(command.reason);
      if (!reason || reason.length < 2) return invalid('reason', 'A decline needs its reason (at least 2 characters)');
      return { ok: true, change: { status: 'declined', firmNote: reason, note: reason } };
    }
    case 'accept_proposal':
      if (!visit.proposedDate || visit.proposedDate < today)
        return { ok: false, error: 'illegal', message: 'The proposed date has passed; plan again' };
      return { ok: true, change: { status: 'accepted', visitDate: visit.proposedDate, proposedDate: null, note: null } };
    case 'replan':
      if (command.visitDate < today) return invalid('visitDate', `A visit cannot be planned before today (${today})`);
      return { ok: true, change: { status: 'planned', visitDate: command.visitDate, proposedDate: null, firmNote: null, note: null } };
    case 'cancel':
      return { ok: true, change: { status: 'cancelled', note: reasonOf(command.reason) } };
    case 'log':
      if (command.visitDate > today) return invalid('visitDate', `A visit cannot be logged before it happens (today is ${today})`);
      return {
        ok: true,
        change: {
          status: 'done',
          visitDate: command.visitDate,
          confirmation: visit.status === 'accepted' ? 'presumed' : 'pending',
          note: null,
        },
      };
    case 'confirm':
      return { ok: true, change: { status: 'done', confirmation: 'confirmed', note: null } };
    case 'dispute': {
      const reason = reasonOf(command.reason);
      if (!reason || reason.length < 2) return invalid('reason', 'A dispute needs its reason (at least 2 characters)');
      return { ok: true, change: { status: 'done', confirmation: 'disputed', firmNote: reason, note: reason } };
    }
    default:
      return assertNever(command, 'visit command');
  }
}

function invalid(field: string, message: string): VisitDecision {
  return { ok: false, error: 'invalid_input', field, message };
}

/** Whether a done visit with this confirmation counts for coverage (the one rule). */
export function countsForCoverage(status: VisitStatus, confirmation: VisitConfirmation | null): boolean {
  return status === 'done' && confirmation !== null && (COUNTED_CONFIRMATIONS as readonly string[]).includes(confirmation);
}
