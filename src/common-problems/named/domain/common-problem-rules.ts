import { assertNever } from '../../../common/domain/assert-never';

/**
 * The rules of a named common problem (共性问题), pure: which change is possible in which state,
 * what it leaves behind, and the before/after windows of a topic. No Nest or TypeORM here.
 *
 *   open ──answer──▶ answered ──close──▶ closed
 *     ▲                 │  ▲                │
 *     └─lead changed────┘  └────reopen──────┘
 *
 * A problem is named open (with or without a lead department); only the lead department answers,
 * for the whole class; the supervisor closes (办结) an answered problem and may reopen it. A new
 * lead department while answered sends the problem back to open: the answer was the former lead's.
 */

export const COMMON_PROBLEM_STATES = ['open', 'answered', 'closed'] as const;
export type CommonProblemState = (typeof COMMON_PROBLEM_STATES)[number];

/** The periods a problem is named for and a topic chosen for (周监测、旬调度、月盘点). */
export const PROBLEM_PERIOD_KINDS = ['week', 'xun', 'month'] as const;
export type ProblemPeriodKind = (typeof PROBLEM_PERIOD_KINDS)[number];

export const PROBLEM_EVENT_ACTIONS = [
  'named',
  'lead_assigned',
  'lead_changed',
  'appeals_linked',
  'appeals_unlinked',
  'answered',
  'answer_revised',
  'closed',
  'reopened',
  'topic_set',
  'topic_cleared',
] as const;
export type ProblemEventAction = (typeof PROBLEM_EVENT_ACTIONS)[number];

export type ProblemChange =
  | { kind: 'assign_lead'; departmentId: number }
  | { kind: 'link'; appealIds: readonly number[] }
  | { kind: 'unlink'; appealIds: readonly number[] }
  | { kind: 'answer'; actorDepartmentId: number | null }
  | { kind: 'close' }
  | { kind: 'reopen' }
  | { kind: 'set_topic' }
  | { kind: 'clear_topic' };

export interface ProblemFacts {
  state: CommonProblemState;
  leadDepartmentId: number | null;
  linkedAppealIds: readonly number[];
  hasTopic: boolean;
}

export type Refusal = { code: 'conflict' | 'forbidden' | 'bad_request'; message: string };

/** Why a change cannot be made now, or null when it can. */
export function refusalOf(change: ProblemChange, problem: ProblemFacts): Refusal | null {
  switch (change.kind) {
    case 'assign_lead':
      if (problem.state === 'closed') return closed('change the lead department');
      if (problem.leadDepartmentId === change.departmentId) return { code: 'conflict', message: 'That department already leads this problem' };
      return null;
    case 'link': {
      if (problem.state === 'closed') return closed('link appeals');
      const fresh = change.appealIds.filter((id) => !problem.linkedAppealIds.includes(id));
      if (fresh.length === 0) return { code: 'conflict', message: 'Every appeal given is linked already' };
      return null;
    }
    case 'unlink': {
      if (problem.state === 'closed') return closed('unlink appeals');
      const missing = change.appealIds.filter((id) => !problem.linkedAppealIds.includes(id));
      if (missing.length) return { code: 'bad_request', message: `Appeals ${missing.join(', ')} are not linked to this problem` };
      const left = problem.linkedAppealIds.filter((id) => !change.appealIds.includes(id));
      if (left.length === 0) return { code: 'conflict', message: 'A common problem keeps at least one appeal; close it instead' };
      return null;
    }
    case 'answer':
      if (problem.state === 'closed') return closed('answer');
      if (problem.leadDepartmentId === null) return { code: 'conflict', message: 'No lead department is assigned yet' };
      if (change.actorDepartmentId !== problem.leadDepartmentId) return { code: 'forbidden', message: 'Only the lead department answers this problem' };
      return null;
    case 'close':
      if (problem.state === 'closed') return { code: 'conflict', message: 'The problem is closed already' };
      if (problem.state === 'open') return { code: 'conflict', message: 'The lead department has not answered yet: a problem is closed on its answer' };
      return null;
    case 'reopen':
      if (problem.state !== 'closed') return { code: 'conflict', message: 'Only a closed problem is reopened' };
      return null;
    case 'set_topic':
      return null;
    case 'clear_topic':
      if (!problem.hasTopic) return { code: 'conflict', message: 'The problem is not a topic' };
      return null;
    default:
      return assertNever(change, 'problem change');
  }
}

function closed(what: string): Refusal {
  return { code: 'conflict', message: `The problem is closed: reopen it to ${what}` };
}

/** The state after a change that was allowed. */
export function stateAfter(change: ProblemChange, problem: ProblemFacts): CommonProblemState {
  switch (change.kind) {
    case 'assign_lead':
      return problem.state === 'answered' ? 'open' : problem.state;
    case 'answer':
      return 'answered';
    case 'close':
      return 'closed';
    case 'reopen':
      return 'answered';
    case 'link':
    case 'unlink':
    case 'set_topic':
    case 'clear_topic':
      return problem.state;
    default:
      return assertNever(change, 'problem change');
  }
}

/** The appeals a link request adds (those not linked yet), in the order given, once each. */
export function appealsToLink(linked: readonly number[], requested: readonly number[]): number[] {
  return [...new Set(requested)].filter((id) => !linked.includes(id));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How many days a topic's after-window runs by default: the length of the period kind. */
export function defaultWindowDays(kind: ProblemPeriodKind): number {
  switch (kind) {
    case 'week':
      return 7;
    case 'xun':
      return 10;
    case 'month':
      return 30;
    default:
      return assertNever(kind, 'period kind');
  }
}

export interface CountWindow {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface TopicWindows {
  before: CountWindow;
  after: CountWindow;
  /** Days the after-window runs when complete. */
  days: number;
  /** Whether the after-window has run its full length by now. */
  afterComplete: boolean;
}

/**
 * The windows a topic's effect is measured on, around the answer in force (T = answeredAt):
 * after = [T, min(now, T + days)), before = the same length just before T. While the after
 * window is still running, the before window is as short as it is, so the two counts always
 * compare equal lengths of time. Null while there is no answer.
 */
export function topicWindows(answeredAt: Date | null, now: Date, days: number): TopicWindows | null {
  if (answeredAt === null) return null;
  const start = answeredAt.getTime();
  const fullEnd = start + days * DAY_MS;
  const end = Math.max(start, Math.min(now.getTime(), fullEnd));
  const length = end - start;
  return {
    before: { from: new Date(start - length), to: new Date(start) },
    after: { from: new Date(start), to: new Date(end) },
    days,
    afterComplete: end === fullEnd,
  };
}

/** The change of the count after against before: null when there was none before. */
export function changeShare(before: number, after: number): number | null {
  if (before === 0) return null;
  return Math.round(((after - before) / before) * 10000) / 10000;
}
