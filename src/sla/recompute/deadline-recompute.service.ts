import { instanceId } from '../../common/lifecycle/instance-id';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventHead } from '../../appeals/events/appeal-events.repository';
import { AppealHistory } from '../../appeals/events/appeal-history';
import { metricFactsOf } from '../../appeals/events/metric-facts';
import { Clock } from '../../common/clock/clock';
import { SettingsService } from '../../settings/settings.service';
import { CalendarService, type CalendarSnapshot } from '../calendar/calendar.service';
import { recomputeProvisional, provisionalAnchor, shiftInDays } from '../domain/provisional-recompute';
import { LeaseRepository } from '../sweep/lease.repository';
import type { DeadlineBasis } from '../domain/deadline-basis';
import {
  DeadlineRecomputeRepository,
  type ProvisionalAppeal,
  type RecomputeJob,
  type RecomputeProgress,
} from './deadline-recompute.repository';
import { type AppealRecompute, planAppealRecompute } from './recompute-plan';
import { UnitOfWork } from '../../common/database/unit-of-work';

/** The batch counts into the run's report as it goes: a deadlock fails the run rather than counting twice. */
const NO_RETRY = { deadlockRetries: 0 };

export const RECOMPUTE_LEASE = 'calendar-recompute';
const RECOMPUTE_LEASE_MS = 5 * 60_000;
export const RECOMPUTE_BATCH_SIZE = 5000;

/** The event each appeal gets when a deadline moved. */
export const RECOMPUTE_ACTION = 'recompute_deadlines';

export interface RecomputeRunReport {
  year: number;
  batches: number;
  examined: number;
  moved: number;
  statements: number;
  ms: number;
}

/** The deadline that matters after the recompute, for the handler's note. */
function currentDueAfter(row: ProvisionalAppeal, plan: AppealRecompute | undefined): { at: Date; basis: DeadlineBasis } | null {
  const at = (plan?.set.current_due_at as Date | undefined) ?? row.currentDueAt;
  if (!at) return null;
  return { at, basis: (plan?.set.current_due_basis as DeadlineBasis | undefined) ?? row.currentDueBasis };
}

/**
 * Once a year is declared complete, every provisional deadline is recomputed on the calendar as
 * now known: in batches of appeals locked by id, each batch one transaction that writes the new
 * values set-based, one hash-chained event per appeal whose deadline moved (old → new, why), an
 * inbox note to the handler when the deadline that matters moved earlier, and the job's progress.
 * The job row is locked first in every batch, so several instances never apply a batch twice; a
 * timer that is no longer provisional is not selected again, so running it again changes nothing.
 */
@Injectable()
export class DeadlineRecomputeService {
  private readonly logger = new Logger(DeadlineRecomputeService.name);
  readonly holder = instanceId();
  private running: Promise<RecomputeRunReport[]> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: DeadlineRecomputeRepository,
    private readonly history: AppealHistory,
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
    private readonly leases: LeaseRepository,
    private readonly clock: Clock,
  ) {}

  list(): Promise<RecomputeJob[]> {
    return this.repository.list();
  }

  /** Runs every pending year's recompute to the end (one run per instance at a time). */
  runPending(options: { batchSize?: number } = {}): Promise<RecomputeRunReport[]> {
    this.running ??= this.runAll(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runAll(options: { batchSize?: number }): Promise<RecomputeRunReport[]> {
    const years = await this.repository.pendingYears();
    if (!years.length) return [];
    if (!(await this.leases.claim(RECOMPUTE_LEASE, this.holder, this.clock.now(), RECOMPUTE_LEASE_MS))) return [];
    const reports: RecomputeRunReport[] = [];
    try {
      for (const year of years) reports.push(await this.runYear(year, options.batchSize ?? RECOMPUTE_BATCH_SIZE));
    } finally {
      await this.leases.release(RECOMPUTE_LEASE, this.holder);
    }
    return reports;
  }

  private async runYear(year: number, batchSize: number): Promise<RecomputeRunReport> {
    const started = performance.now();
    this.calendar.invalidate(); // The year was just declared: compute with it, not with a cached calendar.
    const snapshot = await this.calendar.snapshot();
    const yellowShare = await this.settings.yellowShare();
    const report: RecomputeRunReport = { year, batches: 0, examined: 0, moved: 0, statements: 0, ms: 0 };
    const job = (await this.repository.list()).find((j) => j.year === year);
    // Counted into the job's summary with the first batch of this run.
    const orders = { moved: job ? await this.recomputeOrders(job.previousLastDay, snapshot, batchSize, report) : 0 };
    for (;;) {
      const done = await this.uow.transaction((m) => this.batch(m, year, snapshot, yellowShare, batchSize, orders, report), NO_RETRY);
      if (done) break;
      await this.leases.renew(RECOMPUTE_LEASE, this.holder, this.clock.now(), RECOMPUTE_LEASE_MS);
    }
    report.ms = Math.round(performance.now() - started);
    const summary = (await this.repository.list()).find((j) => j.year === year);
    this.logger.log({ msg: 'provisional deadlines recomputed', ...report, summary });
    return report;
  }

  /** One batch; true when the job is finished. */
  private async batch(
    m: EntityManager,
    year: number,
    { calendar, hours }: CalendarSnapshot,
    yellowShare: number,
    batchSize: number,
    orders: { moved: number },
    report: RecomputeRunReport,
  ): Promise<boolean> {
    const job = await this.repository.lockJob(m, year);
    report.statements += 1;
    if (!job || job.status === 'done') return true;
    const now = this.clock.now();
    const rows = await this.repository.lockProvisionalBatch(m, job.lastId, batchSize);
    report.statements += 1;
    const progress: RecomputeProgress = {
      lastId: rows.length ? rows[rows.length - 1].id : job.lastId,
      examined: job.examined + rows.length,
      moved: job.moved,
      movedEarlier: job.movedEarlier,
      movedLater: job.movedLater,
      stillProvisional: job.stillProvisional,
      ordersMoved: job.ordersMoved + orders.moved,
      notified: job.notified,
      shiftDays: { ...job.shiftDays },
    };
    const planned = rows.map((row) => ({ row, plan: planAppealRecompute(row, job.previousLastDay, calendar, hours, now, yellowShare) }));
    const moved = planned.filter(({ plan }) => plan.moves.length);

    // Events first, chained on the heads read under the row locks; each moved appeal's new head
    // (and version) is then written by the same UPDATE that moves its deadlines: one write per row.
    const heads = new Map<number, EventHead>(moved.map(({ row }) => [row.id, { count: row.eventCount, hash: row.lastEventHash }]));
    // Only a deadline that moved earlier is announced: whoever handles the appeal now must know.
    const appended = await this.history.recordOnHeads(
      m,
      moved.map(({ row, plan }) => ({
        appealId: row.id,
        action: RECOMPUTE_ACTION,
        actor: { id: null, role: 'system' },
        fromStatus: row.status,
        toStatus: row.status,
        reason: `${year}年节假日安排已确定，暂定时限按法定工作日重算`,
        payload: {
          year,
          changes: plan.moves.map((mv) => ({
            timer: mv.timer,
            from: mv.from.toISOString(),
            to: mv.to.toISOString(),
            basis: mv.basis,
            shiftDays: shiftInDays(mv),
          })),
          ...(metricFactsOf(plan.set) ? { facts: metricFactsOf(plan.set) } : {}),
        },
        visibility: 'public' as const,
        at: now,
        notify: plan.currentMovedEarlier ? { appeal: row, due: currentDueAfter(row, plan) } : undefined,
      })),
      heads,
    );
    report.statements += Math.ceil(appended.length / 5000) + (moved.some(({ plan }) => plan.currentMovedEarlier) ? 1 : 0);
    report.statements += await this.repository.applyBatch(
      m,
      planned.map(({ row, plan }) => {
        const head = plan.moves.length ? heads.get(row.id) : undefined;
        return { id: row.id, set: head ? { ...plan.set, event_count: head.count, last_event_hash: head.hash } : plan.set };
      }),
    );
    const notified = moved.filter(({ plan }) => plan.currentMovedEarlier).length;

    for (const { plan } of planned) {
      if (plan.stillProvisional) progress.stillProvisional += 1;
      if (!plan.moves.length) continue;
      progress.moved += 1;
      for (const mv of plan.moves) {
        const days = shiftInDays(mv);
        progress.shiftDays[String(days)] = (progress.shiftDays[String(days)] ?? 0) + 1;
        if (mv.to < mv.from) progress.movedEarlier += 1;
        else progress.movedLater += 1;
      }
    }
    progress.notified += notified;
    const done = rows.length < batchSize;
    await this.repository.saveProgress(m, year, progress, done, now);
    orders.moved = 0;
    report.statements += 1;
    report.batches += 1;
    report.examined += rows.length;
    report.moved += moved.length;
    return done;
  }

  /** Supervision orders still waiting for a reply with a provisional deadline: moved the same way. */
  private async recomputeOrders(
    previousLastDay: string,
    { calendar }: CalendarSnapshot,
    batchSize: number,
    report: RecomputeRunReport,
  ): Promise<number> {
    let afterId = 0;
    let moved = 0;
    for (;;) {
      const count = await this.uow.transaction(async (m) => {
        const orders = await this.repository.lockProvisionalOrders(m, afterId, batchSize);
        report.statements += 1;
        if (!orders.length) return 0;
        afterId = orders[orders.length - 1].id;
        const next = orders.map((o) => {
          const due = recomputeProvisional(o.replyDueAt, provisionalAnchor(previousLastDay, o.createdAt), calendar);
          if (due.value.getTime() !== o.replyDueAt.getTime()) moved += 1;
          return { id: o.id, replyDueAt: due.value, basis: due.basis };
        });
        await this.repository.applyOrders(m, next);
        report.statements += 1;
        return orders.length;
      }, NO_RETRY);
      if (count < batchSize) return moved;
    }
  }
}
