import { instanceId } from '../../common/lifecycle/instance-id';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { AppealHistory } from '../../appeals/events/appeal-history';
import { Clock } from '../../common/clock/clock';
import { AppealEventNotifier } from '../../notifications/appeal-event-notifier';
import { SettingsService } from '../../settings/settings.service';
import { CalendarService, type CalendarSnapshot } from '../calendar/calendar.service';
import { addWorkingDays } from '../domain/deadline';
import { withBasis } from '../domain/deadline-basis';
import { shanghaiDateOf } from '../domain/shanghai-date';
import { LeaseRepository } from './lease.repository';
import { RedCardEscalation } from './red-card-escalation';
import { CoHandlerTaskSweep } from './task-sweep';
import { type LadderMath, ladderMath, type LadderSettings } from '../domain/escalation-ladder';
import { fallbackPlan, planSweep, type SweepPlan } from './sweep-planner';
import { type LadderOrderInsert, type SweepAppeal, SweepRepository } from './sweep.repository';
import { runTransaction } from '../../common/database/unit-of-work';

/** The escalation ladder's steps: their notes carry the missed deadline. */
const LADDER_ACTIONS: ReadonlySet<string> = new Set(['remind', 'supervise', 'yellow_card', 'red_card']);

/** A batch counts into the run's report as it goes: a deadlock fails the batch (isolated below) rather than counting twice. */
const SWEEP_TRANSACTION = { deadlockRetries: 0 };

export const SWEEP_LEASE = 'sla-sweep';
export const SWEEP_BATCH_SIZE = 1000;
/** Bounds one run; what is left waits for the next tick (a minute later by default). */
export const SWEEP_MAX_BATCHES = 100;
/** Working days a department has to answer a ladder supervision order. */
export const LADDER_ORDER_REPLY_WORKING_DAYS = 2;
/** An appeal whose planning or writing failed is looked at again this much later (its red light is kept). */
export const SWEEP_FAILURE_RETRY_MS = 15 * 60_000;
/** How many failed appeal ids a report lists (the count is always complete). */
const FAILED_IDS_REPORTED = 20;

export interface SweepReport {
  /** Another instance holds the lease: this run did nothing. */
  skipped: boolean;
  holder: string;
  batches: number;
  examined: number;
  turnedYellow: number;
  turnedRed: number;
  ladderSteps: number;
  supervisionOrders: number;
  autoClosed: number;
  /** Appeals whose planning or writing failed in this run: logged with their error, retried later; the rest of their batch is kept. */
  failures: number;
  /** Red cards that moved their appeal one level up (through the state machine). */
  levelRaises: number;
  failedAppealIds: number[];
  /** Appeals judged with provisional days past the calendar's coverage (weekends as the only rest days). */
  provisionalJudgements: number;
  updateStatements: number;
  /** Co-handler tasks (#20) whose next check had come, and what happened to them. */
  tasks: { examined: number; turnedYellow: number; turnedRed: number; reminders: number; failures: number };
  /** False when the lease was lost mid-run (this instance stalled past the expiry). */
  completed: boolean;
  ms: number;
  /** Where the time went, summed over batches (ms). */
  phaseMs: Record<'select' | 'plan' | 'update' | 'events' | 'orders' | 'notify' | 'raise', number>;
}

function emptyReport(holder: string): SweepReport {
  return {
    skipped: false,
    holder,
    batches: 0,
    examined: 0,
    turnedYellow: 0,
    turnedRed: 0,
    ladderSteps: 0,
    supervisionOrders: 0,
    autoClosed: 0,
    failures: 0,
    levelRaises: 0,
    failedAppealIds: [],
    provisionalJudgements: 0,
    updateStatements: 0,
    tasks: { examined: 0, turnedYellow: 0, turnedRed: 0, reminders: 0, failures: 0 },
    completed: true,
    ms: 0,
    phaseMs: { select: 0, plan: 0, update: 0, events: 0, orders: 0, notify: 0, raise: 0 },
  };
}

/**
 * The SLA timer sweep: warning lights, overdue marks, auto-closing, and the escalation ladder.
 * One instance at a time (lease row); each batch of due appeals is planned in TypeScript with the
 * calendar and written with a handful of set-based statements in one transaction, so it is
 * idempotent and the ladder's steps happen exactly once per appeal and cycle.
 */
@Injectable()
export class SlaSweepService {
  private readonly logger = new Logger(SlaSweepService.name);
  readonly holder = instanceId();
  /** The lease admits its holder again (to renew), so two runs on this instance are kept apart here. */
  private inProgress = false;
  /** Set on shutdown: the run stops after the batch it is in (a safe point) and releases the lease. */
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sweep: SweepRepository,
    private readonly leases: LeaseRepository,
    private readonly history: AppealHistory,
    private readonly notifier: AppealEventNotifier,
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly redCards: RedCardEscalation,
    private readonly taskSweep: CoHandlerTaskSweep,
  ) {}

  /** No new run starts; a run in progress ends after its current batch, releasing the lease. */
  stop(): void {
    this.stopping = true;
  }

  async runOnce(options: { batchSize?: number } = {}): Promise<SweepReport> {
    if (this.stopping) return { ...emptyReport(this.holder), skipped: true };
    if (this.inProgress) return { ...emptyReport(this.holder), skipped: true };
    this.inProgress = true;
    try {
      return await this.run(options);
    } finally {
      this.inProgress = false;
    }
  }

  private async run(options: { batchSize?: number }): Promise<SweepReport> {
    const started = performance.now();
    const batchSize = options.batchSize ?? SWEEP_BATCH_SIZE;
    const now = this.clock.now();
    const report = emptyReport(this.holder);
    // Renewed after every batch (JOB_LEASE_SECONDS): a crashed holder is replaced that long after its last renewal.
    if (!(await this.leases.claim(SWEEP_LEASE, this.holder, now))) {
      return { ...report, skipped: true, ms: performance.now() - started };
    }
    try {
      const snapshot = await this.calendar.snapshot();
      const ladder = await this.settings.ladder();
      // One `now` for the whole run: every next_check_at written is after it, so the loop ends.
      for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch += 1) {
        const examined = await this.sweepBatchIsolated(now, batchSize, snapshot, ladder, report);
        report.batches += 1;
        report.examined += examined;
        if (examined < batchSize || this.stopping) break;
        if (!(await this.leases.renew(SWEEP_LEASE, this.holder, this.clock.now()))) {
          report.completed = false;
          this.logger.warn({ msg: 'sla sweep lost its lease mid-run; stopping', holder: this.holder });
          break;
        }
      }
      if (report.completed && !this.stopping) await this.sweepTasks(now, batchSize, snapshot, report);
    } finally {
      if (report.completed) await this.leases.release(SWEEP_LEASE, this.holder);
    }
    report.ms = Math.round(performance.now() - started);
    if (report.failures) {
      this.logger.error({
        msg: 'sla sweep: some appeals failed and will be retried',
        ...report,
        retryInMinutes: SWEEP_FAILURE_RETRY_MS / 60_000,
      });
    }
    const changed =
      report.turnedYellow + report.turnedRed + report.ladderSteps + report.autoClosed + report.tasks.turnedYellow + report.tasks.turnedRed + report.tasks.reminders;
    if (report.failures) return report;
    if (changed) this.logger.log({ msg: 'sla sweep', ...report });
    else this.logger.debug({ msg: 'sla sweep: nothing due', ...report });
    return report;
  }

  /**
   * One batch in one transaction. When that transaction fails, its appeals are redone one per
   * transaction, so one bad appeal costs only itself: the others' lights, ladder steps and events
   * are written, and the bad one is counted, logged, kept red when overdue, and retried later.
   */
  private async sweepBatchIsolated(
    now: Date,
    batchSize: number,
    snapshot: CalendarSnapshot,
    ladder: LadderSettings,
    report: SweepReport,
  ): Promise<number> {
    const ids: number[] = [];
    // The failed attempt's tallies are discarded with its transaction; the one-by-one redo counts again.
    const before = structuredClone(report);
    try {
      return await runTransaction(
        this.dataSource,
        (m) => this.sweepBatch(m, now, batchSize, snapshot, ladder, report, null, ids),
        SWEEP_TRANSACTION,
      );
    } catch (error) {
      if (!ids.length) throw error; // Not even the batch could be read: nothing to isolate.
      Object.assign(report, before);
      this.logger.warn({ msg: 'sla sweep batch failed; redoing its appeals one by one', appeals: ids.length, err: error });
    }
    for (const id of ids) {
      try {
        await runTransaction(this.dataSource, (m) => this.sweepBatch(m, now, 1, snapshot, ladder, report, id, []), SWEEP_TRANSACTION);
      } catch (error) {
        this.recordFailure(report, id, error);
        await this.sweep.markFailed(this.dataSource.manager, id, now, new Date(now.getTime() + SWEEP_FAILURE_RETRY_MS));
      }
    }
    return ids.length;
  }

  /**
   * The co-handler tasks, after the appeals, under the same lease and `now`: a batch per
   * transaction. A failed batch is logged and counted; its tasks keep their next check and are
   * looked at again by the next run (nothing of the batch was written).
   */
  private async sweepTasks(now: Date, batchSize: number, snapshot: CalendarSnapshot, report: SweepReport): Promise<void> {
    const yellowShare = await this.settings.yellowShare();
    for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch += 1) {
      let examined = 0;
      try {
        const tally = await runTransaction(
          this.dataSource,
          (m) => this.taskSweep.sweepBatch(m, now, batchSize, snapshot, yellowShare),
          SWEEP_TRANSACTION,
        );
        examined = tally.examined;
        report.tasks.examined += tally.examined;
        report.tasks.turnedYellow += tally.turnedYellow;
        report.tasks.turnedRed += tally.turnedRed;
        report.tasks.reminders += tally.reminders;
      } catch (error) {
        report.tasks.failures += 1;
        report.failures += 1;
        this.logger.error({ msg: 'sla sweep: co-handler task batch failed; retried by the next run', err: error });
        return;
      }
      if (examined < batchSize || this.stopping) return;
      if (!(await this.leases.renew(SWEEP_LEASE, this.holder, this.clock.now()))) {
        report.completed = false;
        return;
      }
    }
  }

  private recordFailure(report: SweepReport, appealId: number, error: unknown): void {
    report.failures += 1;
    if (report.failedAppealIds.length < FAILED_IDS_REPORTED) report.failedAppealIds.push(appealId);
    this.logger.error({ msg: 'sla sweep: appeal failed', appealId, err: error }, error instanceof Error ? error.stack : undefined);
  }

  private async sweepBatch(
    m: EntityManager,
    now: Date,
    batchSize: number,
    snapshot: CalendarSnapshot,
    ladder: LadderSettings,
    report: SweepReport,
    onlyId: number | null,
    lockedIds: number[],
  ): Promise<number> {
    // Past the published schedule the sweep judges with weekends as the only rest days: an overdue appeal is overdue whatever the calendar knows.
    const calendar = snapshot.calendar.provisional();
    const { hours } = snapshot;
    let mark = performance.now();
    const lap = (phase: keyof SweepReport['phaseMs']) => {
      const t = performance.now();
      report.phaseMs[phase] += Math.round(t - mark);
      mark = t;
    };
    const rows = onlyId === null ? await this.sweep.lockDueBatch(m, now, batchSize) : await this.sweep.lockDueById(m, now, onlyId);
    lockedIds.push(...rows.map((r) => r.id));
    lap('select');
    if (!rows.length) return 0;
    const math = ladderMath(calendar, hours, now);
    const planned: Array<{ row: SweepAppeal; plan: SweepPlan }> = rows.map((row) => ({
      row,
      plan: this.plan(row, now, { calendar, hours }, ladder, math, report),
    }));
    for (const { row } of planned) {
      if (row.currentDueAt && snapshot.calendar.isPastLastDay(shanghaiDateOf(row.currentDueAt < now ? now : row.currentDueAt))) {
        report.provisionalJudgements += 1;
      }
    }
    // Red cards that raise the level are written through the state machine after the batch's other steps.
    const redCards = this.redCards.take(planned);
    lap('plan');

    report.updateStatements += await this.sweep.applyGrouped(
      m,
      planned.map(({ row, plan }) => ({ id: row.id, set: plan.set })),
    );
    lap('update');

    await this.writeEvents(m, planned, now);
    lap('events');

    const orders: LadderOrderInsert[] = [];
    const withOrders = planned.filter(({ plan }) => plan.supervisionOrder);
    if (withOrders.length) {
      const replyDue = withBasis(snapshot.calendar, (c) => addWorkingDays(now, LADDER_ORDER_REPLY_WORKING_DAYS, c, hours));
      for (const { row } of withOrders) {
        orders.push({
          appealId: row.id,
          departmentId: row.leadDepartmentId,
          note: `诉求 ${row.number} 超期未办结，系统自动督办，请部门负责人督促办理并回复。`,
          replyDueAt: replyDue.value,
          replyDueBasis: replyDue.basis,
          createdAt: now,
        });
      }
      await this.sweep.insertLadderOrders(m, orders);
    }
    lap('orders');

    await this.notifier.onDueSoon(
      m,
      planned
        .filter(({ plan }) => plan.dueSoon)
        .map(({ row }) => ({ ...row, dueAt: row.currentDueAt as Date, dueBasis: row.currentDueBasis })),
    );
    lap('notify');

    const { raised, fallback } = await this.redCards.raise(m, redCards, now);
    await this.writeEvents(m, fallback.map((card) => ({ row: card.row, plan: { events: [card.event] } })), now);
    report.levelRaises += raised;
    report.ladderSteps += redCards.length;
    lap('raise');

    for (const { plan } of planned) {
      if (plan.changes.includes('yellow')) report.turnedYellow += 1;
      if (plan.changes.includes('red')) report.turnedRed += 1;
      if (plan.changes.includes('auto_close')) report.autoClosed += 1;
      report.ladderSteps += plan.events.filter((e) => e.action !== 'auto_close').length;
    }
    report.supervisionOrders += orders.length;
    return rows.length;
  }

  /** The planned events as the system's history entries: hash-chained in one multi-row insert, each announced. */
  private async writeEvents(
    m: EntityManager,
    planned: ReadonlyArray<{ row: SweepAppeal; plan: Pick<SweepPlan, 'events'> }>,
    now: Date,
  ): Promise<void> {
    await this.history.record(
      m,
      'unversioned',
      planned.flatMap(({ row, plan }) =>
        plan.events.map((e) => ({
          appealId: row.id,
          action: e.action,
          actor: { id: null, role: 'system' },
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          reason: e.reason,
          payload: e.payload,
          visibility: e.visibility,
          at: now,
          // A ladder step is about the deadline the appeal missed: the note names it (暂定 when provisional).
          notify: {
            appeal: row,
            ...(LADDER_ACTIONS.has(e.action) && row.currentDueAt ? { due: { at: row.currentDueAt, basis: row.currentDueBasis } } : {}),
          },
        })),
      ),
    );
  }

  /**
   * One appeal's plan. A planning failure (bad data, a calendar question before the first covered
   * day) costs only this appeal: it is counted and logged, still turned red when overdue, and
   * looked at again later; the rest of the batch goes ahead.
   */
  private plan(
    row: SweepAppeal,
    now: Date,
    { calendar, hours }: CalendarSnapshot,
    ladder: LadderSettings,
    math: LadderMath,
    report: SweepReport,
  ): SweepPlan {
    try {
      const plan = planSweep(row, now, calendar, hours, ladder, math);
      const next = plan.set.nextCheckAt;
      if (next instanceof Date && next.getTime() <= now.getTime()) {
        // Defensive: a due time in the past would make this run pick the appeal again.
        plan.set.nextCheckAt = new Date(now.getTime() + 60_000);
      }
      return plan;
    } catch (error) {
      this.recordFailure(report, row.id, error);
      return fallbackPlan(row, now, new Date(now.getTime() + SWEEP_FAILURE_RETRY_MS));
    }
  }
}
