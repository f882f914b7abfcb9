import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { type ExpectedVersion, staleVersion, versionRequired } from '../../common/http/preconditions';
import { ancestorCodes, levelOfCode } from '../../common/scope/region-reach';
import { DepartmentsRepository } from '../../departments/departments.repository';
import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import { SlaTimersService } from '../../sla/sla-timers.service';
import { appealColumns, withChanges } from '../appeal-columns';
import { actorFor, toSnapshot } from '../appeal-mapping';
import { AppealRow } from '../appeal-row';
import { AppealsRepository } from '../appeals.repository';
import {
  allowedActions,
  AppealCommand,
  type AppealSnapshot,
  type AppealStatus,
  type CommandOf,
  decide,
  type Decision,
  type DecisionSuccess,
  type DuplicateOriginal,
  nextLevel,
} from '../domain';
import { AppealHistory } from '../events/appeal-history';
import { currentDueChanges, timerChanges } from './appeal-timers';
import { decisionError } from './decision-errors';
import { metricFactsOf } from '../events/metric-facts';
import { actionChanges, snapshotChanges } from '../changes/action-changes';
import type { AppealChanges } from '../changes/appeal-changes';
import { UnitOfWork } from '../../common/database/unit-of-work';
import { CoHandlerTaskRouting, type TaskRoutingSummary } from '../../cohandling/co-handler-task-routing';
import type { RequestOrigin } from './request-origin';
import { TaskForcesRepository } from '../../taskforces/task-forces.repository';
import { activeMemberIds, refuseForAppeal } from '../../taskforces/domain';

/** The actions whose event records where the request came from: the answer and the ratings. */
const ORIGIN_RECORDED: ReadonlySet<string> = new Set(['resolve', 'verify', 'follow_up_call']);

/** The deadline that matters after the action, for the notification (暂定 when provisional). */
function dueAfter(row: AppealRow, changes: AppealChanges): { at: Date; basis: DeadlineBasis } | null {
  const at = changes.currentDueAt !== undefined ? changes.currentDueAt : row.current_due_at;
  if (!at) return null;
  return { at: new Date(at), basis: changes.currentDueBasis ?? row.current_due_basis };
}

/**
 * Every case action, in one transaction: lock the appeal, check the version the client saw,
 * let the pure state machine decide, compute timers, write the change and its hash-chained
 * event, and queue notifications. Two people acting at once: the row lock serialises them and
 * the version check turns the slower one into a 409 — never a silent double apply.
 */
@Injectable()
export class PerformActionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appeals: AppealsRepository,
    private readonly history: AppealHistory,
    private readonly departments: DepartmentsRepository,
    private readonly timers: SlaTimersService,
    private readonly coHandlerTasks: CoHandlerTaskRouting,
    private readonly taskForces: TaskForcesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * `origin`: where the request came from (keyed hashes); recorded on answers and ratings only, for
   * the integrity signal "rated from the handler's own session or address".
   */
  async execute(
    user: AuthUser,
    appealId: number,
    command: AppealCommand,
    expected: ExpectedVersion | undefined,
    origin: RequestOrigin | null = null,
  ): Promise<void> {
    // A comment changes nothing another person could overwrite, so it needs no version.
    if (expected === undefined && command.action !== 'comment') throw versionRequired();
    // Department lookups go through the pool, so they run before the transaction takes its connection.
    const regionOf = await this.appeals.regionAndLevelForCheck(user, appealId);
    if (regionOf) await this.checkDepartments(regionOf, command);
    const withForce = regionOf ? await this.withTaskForce(regionOf, command) : command;
    await this.uow.transaction(async (m) => {
      const now = this.clock.now();
      const row = await this.appeals.lockReadable(m, user, appealId);
      if (!row) throw AppError.notFound('Appeal', appealId);
      const snapshot = await this.snapshotOf(m, row);
      const actor = actorFor(user, row);
      if (expected !== undefined && expected.version !== Number(row.version)) {
        throw staleVersion('The appeal', expected, {
          current: { status: row.status, version: Number(row.version), allowedActions: allowedActions(snapshot, actor, now) },
        });
      }
      const judged = withForce.action === 'mark_duplicate' ? await this.withDuplicateOriginal(m, user, appealId, withForce) : withForce;
      const decision = decide(snapshot, judged, actor, now);
      if (!decision.ok) throw decisionError(decision, { status: row.status, version: Number(row.version) });
      const recorded = ORIGIN_RECORDED.has(command.action) ? origin : null;
      await this.persist(m, row, snapshot, judged, decision, { id: user.id, role: user.role }, now, null, expected, recorded);
    });
  }

  /**
   * A decision the system takes inside the caller's transaction (the sweep's red card): the same
   * state machine and the same writing path as a person's action, with the system as the actor.
   * Returns the refusal instead of throwing, so the sweep can fall back for that one appeal.
   */
  async executeAsSystem(
    m: EntityManager,
    appealId: number,
    command: AppealCommand,
    now: Date,
    event: { payload: Record<string, unknown>; visibility: 'public' | 'internal' },
  ): Promise<Decision> {
    const row = await this.appeals.lockForSystem(m, appealId);
    if (!row) throw AppError.notFound('Appeal', appealId);
    const snapshot = await this.snapshotOf(m, row);
    const decision = decide(snapshot, command, { role: 'system' }, now);
    if (decision.ok) await this.persist(m, row, snapshot, command, decision, { id: null, role: 'system' }, now, event);
    return decision;
  }

  /** Timers, the versioned row update, co-departments, pauses, the hash-chained event and the notifications of one decision. */
  private async persist(
    m: EntityManager,
    row: AppealRow,
    snapshot: AppealSnapshot,
    command: AppealCommand,
    decision: DecisionSuccess,
    actor: { id: number | null; role: AuthUser['role'] | 'system' },
    now: Date,
    event: { payload: Record<string, unknown>; visibility: 'public' | 'internal' } | null = null,
    expected?: ExpectedVersion,
    origin: RequestOrigin | null = null,
  ): Promise<void> {
    const appealId = Number(row.id);
    const { changes, pause } = await this.changesOf(m, row, snapshot, command, decision, actor.id, now);
    const updated = await this.appeals.updateIfVersion(m, appealId, Number(row.version), changes);
    if (!updated) throw staleVersion('The appeal', expected ?? { version: Number(row.version), via: 'body' }, { current: { status: row.status } });

    let tasks: TaskRoutingSummary | null = null;
    const joined = decision.joinedByTaskForce;
    if (decision.changes.coDepartmentIds !== undefined) {
      const coDepartmentIds = decision.changes.coDepartmentIds.map(Number);
      // Which co-departments came through a task force is kept on each: their reach extends to this appeal only.
      await this.appeals.replaceCoDepartments(
        m,
        appealId,
        coDepartmentIds,
        joined ? { taskForceId: Number(joined.taskForceId), departmentIds: joined.departmentIds.map(Number) } : null,
      );
      const policyId = changes.slaPolicyId ?? row.sla_policy_id;
      const context = {
        policy: policyId ? await this.timers.policyById(m, Number(policyId)) : null,
        request: command.action === 'route' || command.action === 'bring_task_force' ? (command.coHandlerRequest ?? null) : null,
        actorId: actor.id,
        now,
      };
      // A task force brought into a case under way asks only its newcomers; routing sets every co-handler's task.
      tasks =
        command.action === 'bring_task_force'
          ? await this.coHandlerTasks.add(m, appealId, (joined?.departmentIds ?? []).map(Number), context)
          : await this.coHandlerTasks.replace(m, appealId, coDepartmentIds, context);
    } else if (decision.to === 'withdrawn' && snapshot.coDepartmentIds.length) {
      // The firm withdrew the case: nothing is owed any more, so what the co-handlers still owed is
      // withdrawn with it (kept on record, the light out, no reminder, out of the task metrics).
      tasks = await this.coHandlerTasks.replace(m, appealId, [], { policy: null, request: null, actorId: actor.id, now });
    }
    // bring_task_force is one event: the tasks it created travel in its own payload and notification.
    const tasksInOwnEvent = command.action === 'bring_task_force' && tasks !== null;
    // The co-handlers' clocks pause and resume with the appeal's (tasks exist only with co-departments).
    if (pause === 'open') {
      await this.appeals.openPause(m, appealId, now, 'reason' in command ? (command.reason ?? null) : null);
      if (snapshot.coDepartmentIds.length) await this.coHandlerTasks.pauseClocks(m, appealId);
    }
    if (pause === 'close') {
      await this.appeals.closePause(m, appealId, now);
      if (snapshot.coDepartmentIds.length && row.suspended_at) await this.coHandlerTasks.resumeClocks(m, appealId, new Date(row.suspended_at), now);
    }

    const payload = { ...decision.eventPayload, ...(event?.payload ?? {}) } as Record<string, unknown>;
    // What this transaction wrote that the metrics read, so a past period can be recounted from the log.
    const facts = metricFactsOf(appealColumns(changes));
    if (facts) payload.facts = facts;
    if (tasks?.withdrawnTaskIds.length) payload.withdrawnCoHandlerTaskIds = tasks.withdrawnTaskIds;
    if (tasksInOwnEvent && tasks) payload.tasks = tasks.created;
    // A ruling on the firm's rating is supervision's judgement, kept among staff (like an internal note);
    // a task force brought in is between offices, like the co-handler tasks it creates (the firm sees the co-departments).
    const internal =
      (command.action === 'comment' && command.visibility === 'internal') ||
      command.action === 'rule_unreasonable_rating' ||
      command.action === 'bring_task_force';
    const visibility = event?.visibility ?? (internal ? 'internal' : 'public');
    const leadDepartmentId = changes.leadDepartmentId !== undefined ? changes.leadDepartmentId : row.lead_department_id;
    const notifiedAppeal = {
      id: appealId,
      number: row.number,
      title: row.title,
      enterpriseId: Number(row.enterprise_id),
      officerId: row.officer_id === null ? null : Number(row.officer_id),
      leadDepartmentId: leadDepartmentId === null ? null : Number(leadDepartmentId),
      regionCode: row.region_code,
    };
    await this.history.record(m, 'versioned', [
      {
        appealId,
        action: command.action,
        actor,
        onBehalf: payload.onBehalf === true,
        fromStatus: decision.from,
        toStatus: decision.to,
        // The validated (trimmed) reason where the decision records one, else the command's.
        reason:
          typeof decision.eventPayload.reason === 'string'
            ? decision.eventPayload.reason
            : 'reason' in command && typeof command.reason === 'string'
              ? command.reason
              : null,
        payload,
        visibility,
        at: now,
        origin,
        notify: {
          appeal: tasksInOwnEvent && tasks ? { ...notifiedAppeal, coHandlerDepartmentIds: tasks.created.map((t) => t.departmentId) } : notifiedAppeal,
          due: dueAfter(row, changes),
        },
      },
      ...(tasks?.created.length && !tasksInOwnEvent
        ? [
            {
              // The tasks the routing asked for: internal (between offices), announced to the co-handlers.
              appealId,
              action: 'co_task_create' as const,
              actor,
              fromStatus: decision.to,
              toStatus: decision.to,
              reason: tasks.request,
              payload: { tasks: tasks.created },
              visibility: 'internal' as const,
              at: now,
              notify: { appeal: { ...notifiedAppeal, coHandlerDepartmentIds: tasks.created.map((t) => t.departmentId) } },
            },
          ]
        : []),
    ]);
  }

  /**
   * Everything one decision writes to the appeal, typed: the state machine's snapshot changes,
   * the timers its effects start or move, the action's own columns, and — when the state or a
   * timer moved — the deadline that matters now with its light and next sweep look.
   */
  private async changesOf(
    m: EntityManager,
    row: AppealRow,
    snapshot: AppealSnapshot,
    command: AppealCommand,
    decision: DecisionSuccess,
    actorId: number | null,
    now: Date,
  ): Promise<{ changes: AppealChanges; pause: 'open' | 'close' | null }> {
    const coHandled = (decision.changes.coDepartmentIds ?? snapshot.coDepartmentIds).length > 0;
    const timers = await timerChanges(m, this.timers, row, decision, coHandled, now);
    const changes: AppealChanges = {
      ...snapshotChanges(decision.changes),
      ...timers.changes,
      ...actionChanges(command, decision, actorId, now),
    };
    if (decision.to !== decision.from || Object.keys(timers.changes).length > 0) {
      const policyId = changes.slaPolicyId ?? row.sla_policy_id;
      const policy = policyId ? await this.timers.policyById(m, Number(policyId)) : null;
      Object.assign(changes, await currentDueChanges(this.timers, policy, withChanges(row, changes), now));
    }
    changes.updatedAt = now;
    return { changes, pause: timers.pause };
  }

  /** The state machine's view of the locked row: its co-handling departments and their open tasks. */
  private async snapshotOf(m: EntityManager, row: AppealRow): Promise<AppealSnapshot> {
    const appealId = Number(row.id);
    const coDepartments = await this.appeals.coDepartments(m, appealId);
    // Open tasks exist only for the current co-handling departments (a routing that drops one withdraws its task).
    const openTasks = coDepartments.length ? await this.coHandlerTasks.openCount(m, appealId) : 0;
    return toSnapshot(
      row,
      coDepartments.map((d) => d.id),
      openTasks,
    );
  }

  /** The facts the rules judge a duplicate's original by: the appeal named, as this actor may read it. */
  private async withDuplicateOriginal(
    m: EntityManager,
    user: AuthUser,
    appealId: number,
    command: CommandOf<'mark_duplicate'>,
  ): Promise<CommandOf<'mark_duplicate'>> {
    const id = Number(command.originalAppealId);
    const row = Number.isSafeInteger(id) && id > 0 ? await this.appeals.findDuplicateOriginal(m, user, id) : null;
    const original: DuplicateOriginal | null = row && {
      id: String(row.id),
      number: row.number,
      enterpriseId: String(row.enterprise_id),
      status: row.status as AppealStatus,
      duplicateOfId: row.duplicate_of_id === null ? null : String(row.duplicate_of_id),
      isSameAppeal: Number(row.id) === appealId,
    };
    return { ...command, original };
  }

  /**
   * The task force a route or bring_task_force names, as the rules judge it: its active members.
   * One that does not cover the appeal's region (or is retired) is refused here, with the field;
   * one that does not exist travels as null and the rules refuse it.
   */
  private async withTaskForce(row: Pick<AppealRow, 'region_code'>, command: AppealCommand): Promise<AppealCommand> {
    if (command.action !== 'route' && command.action !== 'bring_task_force') return command;
    if (command.taskForceId === undefined || command.taskForceId === null) return command;
    const id = Number(command.taskForceId);
    const facts = Number.isSafeInteger(id) && id > 0 ? await this.taskForces.factsFor(id) : null;
    if (!facts) return { ...command, taskForce: null };
    const refusal = refuseForAppeal(facts, row.region_code);
    if (refusal) throw new AppError(ErrorCode.ValidationFailed, refusal.message, [{ field: 'taskForceId', message: refusal.message }]);
    return { ...command, taskForce: { id: facts.id, name: facts.name, memberDepartmentIds: activeMemberIds(facts.members) } };
  }

  /**
   * Routing goes to departments of the appeal's level on its own region chain; a transfer goes
   * to the next level up. The pure rules cannot see departments, so this is checked here.
   */
  private async checkDepartments(row: Pick<AppealRow, 'region_code' | 'level'>, command: AppealCommand): Promise<void> {
    const chain = ancestorCodes(row.region_code, levelOfCode(row.region_code));
    const check = async (id: string, field: string, level: string) => {
      const department = await this.departments.findById(Number(id));
      if (!department || !department.active) throw AppError.badRequest(`Unknown department ${id}`, [{ field, message: 'unknown or inactive department' }]);
      if (!chain.includes(department.regionCode) || department.level !== level) {
        throw new AppError(ErrorCode.ValidationFailed, `${department.name} cannot handle a ${level}-level appeal from region ${row.region_code}`, [
          { field, message: `must be a ${level}-level department of ${chain.join(', ')}` },
        ]);
      }
    };
    if (command.action === 'route') {
      await check(command.leadDepartmentId, 'leadDepartmentId', row.level);
      for (const co of command.coDepartmentIds ?? []) await check(co, 'coDepartmentIds', row.level);
    }
    if (command.action === 'transfer_up') {
      const next = nextLevel(row.level);
      if (next) await check(command.targetDepartmentId, 'targetDepartmentId', next);
    }
  }
}
