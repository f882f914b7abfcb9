import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { FixedClock } from '../../../common/clock/clock';
import type { UnitOfWork } from '../../../common/database/unit-of-work';
import type { DepartmentsRepository } from '../../../departments/departments.repository';
import type { CalendarService } from '../../../sla/calendar/calendar.service';
import { createChineseDaysCalendar } from '../../../sla/calendar-seed/chinese-days-source';
import { withBasis } from '../../../sla/domain/deadline-basis';
import { DEFAULT_WORKING_HOURS } from '../../../sla/domain/working-hours';
import type { SlaPoliciesRepository } from '../../../sla/policies/sla-policies.repository';
import type { SlaPolicyRecord } from '../../../sla/policies/sla-policy';
import { SlaTimersService } from '../../../sla/sla-timers.service';
import type { SettingsService } from '../../../settings/settings.service';
import { appealColumns } from '../../appeal-columns';
import type { AppealRow } from '../../appeal-row';
import type { AppealChanges } from '../../changes/appeal-changes';
import type { AppealsRepository } from '../../appeals.repository';
import type { AppealHistory, AppealRowWrite, HistoryEntry } from '../../events/appeal-history';
import { PerformActionUseCase } from '../perform-action.usecase';
import { CoHandlerTaskRouting } from '../../../cohandling/co-handler-task-routing';
import type { DeadlineBasis } from '../../../sla/domain/deadline-basis';
import type { CoHandlerTaskRow, CoHandlerTasksRepository, NewCoHandlerTask } from '../../../cohandling/co-handler-tasks.repository';
import { OPEN_TASK_STATUSES } from '../../../cohandling/domain';
import type { Step } from './appeal-scenarios';
import type { TaskForceFacts } from '../../../taskforces/domain';
import type { TaskForcesRepository } from '../../../taskforces/task-forces.repository';

/**
 * A use-case test harness in the spirit of immich's `newTestService`: the real use case and the
 * real SLA maths (statutory calendar from chinese-days, default working hours), with in-memory
 * repositories that record what would be written. Fast enough for the unit run, so breaking one
 * column an action writes fails there rather than in one e2e file.
 */

export const POLICY: SlaPolicyRecord = {
  id: 11,
  categoryId: null,
  urgency: 'normal',
  level: null,
  policyVersion: 1,
  responseAmount: 24,
  responseUnit: 'natural_hours',
  resolutionDays: 7,
  resolutionDaysCohandled: 15,
  verificationDays: 5,
  createdBy: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  supersededAt: null,
};

/** The policy a raised appeal works under at its new level. */
export const CITY_POLICY: SlaPolicyRecord = { ...POLICY, id: 12, level: 'city', resolutionDays: 10 };

export interface Department {
  id: number;
  name: string;
  regionCode: string;
  level: 'county' | 'city' | 'province';
  active: boolean;
}

export const DEPARTMENTS: readonly Department[] = [
  { id: 3, name: '区经信局', regionCode: '510104', level: 'county', active: true },
  { id: 4, name: '区发改局', regionCode: '510104', level: 'county', active: true },
  { id: 5, name: '区人社局', regionCode: '510104', level: 'county', active: true },
  { id: 8, name: '市经信局', regionCode: '510100', level: 'city', active: true },
];

export interface Harness {
  perform: PerformActionUseCase;
  clock: FixedClock;
  /** The appeal as stored now (every write applied). */
  row(): AppealRow;
  coDepartments(): number[];
  /** The task force each co-handling department came through (null: named by the routing itself). */
  coDepartmentSources(): Record<number, number | null>;
  /** The column sets passed to the versioned UPDATE, in order. */
  writes: Array<Record<string, unknown>>;
  /** Every history entry recorded, and those announced. */
  events: HistoryEntry[];
  notified: HistoryEntry[];
  pauses: Array<{ kind: 'open' | 'close'; at: Date; reason?: string | null }>;
  /** The appeal's co-handler tasks as stored (created by routing, withdrawn when replaced). */
  tasks: CoHandlerTaskRow[];
}

export function newPerformActionHarness(
  start: AppealRow,
  options: { coDepartments?: number[]; now: Date; otherAppeals?: readonly AppealRow[]; taskForces?: readonly TaskForceFacts[] },
): Harness {
  let row: AppealRow = { ...start };
  let coDepartments = [...(options.coDepartments ?? [])];
  let sources: Record<number, number | null> = Object.fromEntries(coDepartments.map((d) => [d, null]));
  const writes: Array<Record<string, unknown>> = [];
  const events: HistoryEntry[] = [];
  const notified: HistoryEntry[] = [];
  const pauses: Harness['pauses'] = [];
  const manager = {} as EntityManager;
  const clock = new FixedClock(options.now);

  const uow = { transaction: <T>(work: (m: EntityManager) => Promise<T>) => work(manager) } as unknown as UnitOfWork;
  const appeals = {
    regionAndLevelForCheck: async () => ({ region_code: row.region_code, level: row.level }),
    lockReadable: async () => ({ ...row }),
    lockForSystem: async () => ({ ...row }),
    findDuplicateOriginal: async (_m: EntityManager, _user: AuthUser, id: number) =>
      [row, ...(options.otherAppeals ?? [])].find((other) => Number(other.id) === id) ?? null,
    coDepartments: async () => coDepartments.map((id) => ({ id, name: `d${id}` })),
    replaceCoDepartments: async (_m: EntityManager, _id: number, ids: number[], via: { taskForceId: number; departmentIds: number[] } | null) => {
      coDepartments = [...ids];
      sources = Object.fromEntries(ids.map((d) => [d, d in sources ? sources[d] : via?.departmentIds.includes(d) ? via.taskForceId : null]));
    },
    openPause: async (_m: EntityManager, _id: number, at: Date, reason: string | null) => void pauses.push({ kind: 'open', at, reason }),
    closePause: async (_m: EntityManager, _id: number, at: Date) => void pauses.push({ kind: 'close', at }),
    updateIfVersion: async (_m: EntityManager, _id: number, version: number, changes: AppealChanges) => {
      if (version !== Number(row.version)) return false;
      // Recorded as the columns the real repository writes, so the specs pin the stored result.
      const columns = appealColumns(changes);
      writes.push(columns);
      row = { ...row, ...columns, version: Number(row.version) + 1 } as AppealRow;
      return true;
    },
  } as unknown as AppealsRepository;

  const history = {
    record: async (_m: EntityManager, _rowWrite: AppealRowWrite, entries: HistoryEntry[]) => {
      for (const entry of entries) {
        events.push(entry);
        row = { ...row, event_count: Number(row.event_count) + 1 };
        if (entry.notify) notified.push(entry);
      }
      return [];
    },
  } as unknown as AppealHistory;

  const departments = {
    findById: async (id: number) => DEPARTMENTS.find((d) => d.id === id) ?? null,
  } as unknown as DepartmentsRepository;

  const tasks: CoHandlerTaskRow[] = [];
  const taskStore = {
    forAppeal: async () => tasks.map((t) => ({ ...t })),
    openCount: async () => tasks.filter((t) => OPEN_TASK_STATUSES.includes(t.status)).length,
    insertMany: async (_m: EntityManager, created: readonly NewCoHandlerTask[]) => {
      for (const t of created) tasks.push(storedTask(tasks.length + 1, t));
    },
    withdraw: async (_m: EntityManager, ids: readonly number[], at: Date) => {
      for (const t of tasks) if (ids.includes(t.id) && OPEN_TASK_STATUSES.includes(t.status)) Object.assign(t, { status: 'withdrawn', withdrawnAt: at });
    },
    // The sweep's next look is not modelled here; a resumption's moved deadlines and paused time are.
    stopClocks: async () => undefined,
    restartClocks: async (_m: EntityManager, clocks: ReadonlyArray<{ id: number; fromDueAt: Date; dueAt: Date; dueBasis: DeadlineBasis }>, pausedMs: number) => {
      for (const c of clocks) {
        const t = tasks.find((task) => task.id === c.id);
        if (t) Object.assign(t, { dueAt: c.dueAt, dueBasis: c.dueBasis, pausedMs: t.pausedMs + pausedMs });
      }
    },
  } as unknown as CoHandlerTasksRepository;
  const timers = newSlaTimers();
  const taskRouting = new CoHandlerTaskRouting(taskStore, newCalendarService(), newSettings());

  const taskForces = {
    factsFor: async (id: number) => options.taskForces?.find((f) => Number(f.id) === id) ?? null,
  } as unknown as TaskForcesRepository;

  const perform = new PerformActionUseCase(uow, appeals, history, departments, timers, taskRouting, taskForces, clock);
  return {
    perform,
    clock,
    row: () => ({ ...row }),
    coDepartments: () => [...coDepartments],
    coDepartmentSources: () => ({ ...sources }),
    writes,
    events,
    notified,
    pauses,
    tasks,
  };
}

function storedTask(id: number, t: NewCoHandlerTask): CoHandlerTaskRow {
  return {
    ...t,
    id,
    departmentName: `d${t.departmentId}`,
    status: 'open',
    pausedMs: 0,
    warningLight: 'green',
    remindedAt: null,
    signedBy: null,
    signedByName: null,
    signedAt: null,
    answer: null,
    answeredAt: null,
    objectionReason: null,
    objectedAt: null,
    waiveReason: null,
    waivedBy: null,
    waivedAt: null,
    withdrawnAt: null,
    version: 1,
  };
}

/** The real timer service over the statutory calendar, the default settings and the two policies above. */
export function newSlaTimers(): SlaTimersService {
  const policies = {
    findById: async (_m: EntityManager, id: number) => [POLICY, CITY_POLICY].find((p) => p.id === id) ?? null,
    findCurrentFor: async (_m: EntityManager, q: { level: string }) => (q.level === 'city' ? CITY_POLICY : POLICY),
  } as unknown as SlaPoliciesRepository;
  return new SlaTimersService(newCalendarService(), newSettings(), policies);
}

/** The statutory calendar from chinese-days with the default working hours, as the calendar service answers. */
function newCalendarService(): CalendarService {
  const calendar = createChineseDaysCalendar();
  const snapshot = { calendar, hours: DEFAULT_WORKING_HOURS };
  return {
    snapshot: async () => snapshot,
    computeWithBasis: async <T>(_purpose: string, fn: (s: typeof snapshot) => T) => withBasis(calendar, (c) => fn({ calendar: c, hours: snapshot.hours })),
    compute: async <T>(_purpose: string, fn: (s: typeof snapshot) => T) => withBasis(calendar, (c) => fn({ calendar: c, hours: snapshot.hours })).value,
  } as unknown as CalendarService;
}

/** The default settings the use cases read. */
function newSettings(): SettingsService {
  return {
    objectionWindowWorkingDays: async () => 1,
    yellowShare: async () => 0.7,
    get: async (key: string) => {
      if (key === 'cohandling.task_working_days') return 3;
      throw new Error(`The harness has no setting ${key}`);
    },
  } as unknown as SettingsService;
}

/** Signed-in users around the appeal below (Chengdu, Jinjiang district 510104). */
export const USERS = {
  enterprise: user({ id: 21, role: 'enterprise', enterpriseId: 7 }),
  officer: user({ id: 22, role: 'officer' }),
  handler: user({ id: 23, role: 'handler', departmentId: 3 }),
  supervisor: user({ id: 24, role: 'supervisor', regionCode: '510100', regionLevel: 'city', reachPrefix: '5101' }),
} as const;

function user(fields: Partial<AuthUser> & Pick<AuthUser, 'id' | 'role'>): AuthUser {
  return {
    username: `u${fields.id}`,
    displayName: `user ${fields.id}`,
    regionCode: '510104',
    regionLevel: 'county',
    departmentId: null,
    enterpriseId: null,
    isDepartmentHead: false,
    reachPrefix: '510104',
    ...fields,
  };
}

/** A county appeal of firm 7 (officer 22), submitted on Monday 2026-03-09 10:00 Shanghai time, still waiting to be accepted. */
export function submittedRow(overrides: Partial<AppealRow> = {}): AppealRow {
  const submittedAt = new Date('2026-03-09T02:00:00Z');
  return {
    id: 100,
    number: '2026-000100',
    enterprise_id: 7,
    external_source: null,
    external_id: null,
    region_code: '510104',
    city_code: '510100',
    officer_id: 22,
    submitted_by: 21,
    channel: 'portal',
    submitted_on_behalf: 0,
    category_id: 1,
    kind: 'request_help',
    title: '用电增容',
    description: '需要增容',
    urgency: 'normal',
    level: 'county',
    status: 'submitted',
    is_open: 1,
    lead_department_id: null,
    handler_id: null,
    objected_department_ids: '[]',
    pending_objection: null,
    pending_extension: null,
    sla_policy_id: POLICY.id,
    submitted_at: submittedAt,
    accepted_at: null,
    assigned_at: null,
    signed_at: null,
    resolved_at: null,
    verified_at: null,
    closed_at: null,
    response_due_at: new Date('2026-03-10T02:00:00Z'),
    objection_deadline_at: null,
    resolution_started_at: null,
    resolution_due_at: null,
    verification_due_at: null,
    current_due_at: new Date('2026-03-10T02:00:00Z'),
    response_due_basis: 'statutory',
    objection_deadline_basis: 'statutory',
    resolution_due_basis: 'statutory',
    verification_due_basis: 'statutory',
    current_due_basis: 'statutory',
    suspended_at: null,
    paused_ms: 0,
    warning_light: 'green',
    yellow_at: new Date('2026-03-09T18:48:00Z'),
    next_check_at: new Date('2026-03-09T18:48:00Z'),
    overdue_since: null,
    response_overdue: 0,
    resolution_overdue: 0,
    supervision_level: 'none',
    ladder_cycle: 0,
    closure_type: null,
    answer: null,
    solved: null,
    satisfaction: null,
    verification_comment: null,
    verified_on_behalf: 0,
    rating_ruled_at: null,
    rating_ruling_reason: null,
    auto_closed: 0,
    duplicate_of_id: null,
    redo_count: 0,
    objection_count: 0,
    extension_count: 0,
    extension_days: 0,
    event_count: 1,
    last_event_hash: 'h0',
    version: 1,
    updated_at: submittedAt,
    ...overrides,
  };
}

/** Runs the steps on a fresh appeal, each with the version the previous step left (comments need none). */
export async function replay(steps: readonly Step[]): Promise<Harness> {
  const h = newPerformActionHarness(submittedRow(), { now: new Date(steps[0]?.at ?? '2026-03-09T03:00:00Z') });
  for (const step of steps) {
    const now = new Date(step.at);
    h.clock.set(now);
    if (step.coHandlersAnswerFirst) {
      for (const task of h.tasks) if (task.status === 'open' || task.status === 'signed') Object.assign(task, { status: 'answered', answeredAt: now });
    }
    if (step.user === 'system') {
      const decision = await h.perform.executeAsSystem({} as EntityManager, 100, step.command, now, { payload: {}, visibility: 'internal' });
      if (!decision.ok) throw new Error(`${step.command.action} refused: ${decision.message}`);
      continue;
    }
    const expected = step.command.action === 'comment' ? undefined : { version: Number(h.row().version), via: 'body' as const };
    await h.perform.execute(USERS[step.user], 100, step.command, expected);
  }
  return h;
}
