import { instanceId } from '../../common/lifecycle/instance-id';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { SettingsService } from '../../settings/settings.service';
import { CalendarService } from '../../sla/calendar/calendar.service';
import { ladderMath, type LadderSettings } from '../../sla/domain/escalation-ladder';
import { LeaseRepository } from '../../sla/sweep/lease.repository';
import type { MilestoneSweepReportDto } from '../dto/milestone.dto';
import { MILESTONE_STEP_LABEL, planMilestoneCheck } from '../domain/milestone-timer';
import { type NewProjectEvent, ProjectEventsRepository } from '../project-events.repository';
import { dueFromBasis } from './milestone-due';
import { MilestonesRepository } from './milestones.repository';
import type { CalendarSnapshot } from '../../sla/calendar/calendar.service';
import { runTransaction } from '../../common/database/unit-of-work';

/** A batch counts into the run's report as it goes: a deadlock fails the batch (isolated below) rather than counting twice. */
const SWEEP_TRANSACTION = { deadlockRetries: 0 };

export const MILESTONE_SWEEP_LEASE = 'project-milestone-sweep';
const BATCH_SIZE = 500;
const MAX_BATCHES = 50;

/**
 * The milestone timer job: the appeal sweep's machinery applied to another kind of timer. Under
 * its own lease it lights milestones yellow and red and climbs the same escalation ladder with
 * the same thresholds (sla.ladder), each step written together with the milestone's new level in
 * one transaction per batch, so every step happens once per milestone whatever runs twice. It also
 * recomputes provisional deadlines (暂定) once the calendar covers them.
 */
@Injectable()
export class MilestoneSweepService {
  private readonly logger = new Logger(MilestoneSweepService.name);
  readonly holder = instanceId('milestones');
  private inProgress = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly milestones: MilestonesRepository,
    private readonly events: ProjectEventsRepository,
    private readonly leases: LeaseRepository,
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<MilestoneSweepReportDto> {
    const report: MilestoneSweepReportDto = {
      skipped: false,
      examined: 0,
      turnedYellow: 0,
      turnedRed: 0,
      ladderSteps: 0,
      recomputedProvisional: 0,
    };
    if (this.inProgress) return { ...report, skipped: true };
    this.inProgress = true;
    const now = this.clock.now();
    try {
      if (!(await this.leases.claim(MILESTONE_SWEEP_LEASE, this.holder, now))) return { ...report, skipped: true };
      try {
        const snapshot = await this.calendar.snapshot();
        const [ladder, yellowShare] = await Promise.all([this.settings.ladder(), this.settings.yellowShare()]);
        report.recomputedProvisional = await runTransaction(
          this.db,
          (m) => this.recomputeProvisional(m, now, snapshot, yellowShare),
          SWEEP_TRANSACTION,
        );
        for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
          const examined = await runTransaction(this.db, (m) => this.sweepBatch(m, now, snapshot, ladder, report), SWEEP_TRANSACTION);
          report.examined += examined;
          if (examined < BATCH_SIZE) break;
          if (!(await this.leases.renew(MILESTONE_SWEEP_LEASE, this.holder, this.clock.now()))) break;
        }
      } finally {
        await this.leases.release(MILESTONE_SWEEP_LEASE, this.holder);
      }
    } finally {
      this.inProgress = false;
    }
    if (report.turnedRed || report.ladderSteps || report.recomputedProvisional) this.logger.log({ msg: 'milestone sweep', ...report });
    return report;
  }

  private async sweepBatch(
    m: EntityManager,
    now: Date,
    { calendar, hours }: CalendarSnapshot,
    ladder: LadderSettings,
    report: MilestoneSweepReportDto,
  ): Promise<number> {
    const rows = await this.milestones.lockDue(m, now, BATCH_SIZE);
    if (!rows.length) return 0;
    // Overdue days past the calendar's end are counted provisionally (weekends only), like the deadline itself.
    const math = ladderMath(calendar.provisional(), hours, now);
    const events: NewProjectEvent[] = [];
    const updates = rows.map((row) => {
      const plan = planMilestoneCheck(row, now, ladder, math);
      if (plan.warningLight === 'yellow' && row.warningLight === 'green') report.turnedYellow += 1;
      if (plan.warningLight === 'red' && row.warningLight !== 'red') report.turnedRed += 1;
      for (const step of plan.steps) {
        report.ladderSteps += 1;
        events.push({
          projectId: row.projectId,
          action: `milestone_${step.action}`,
          actorId: null,
          actorRole: 'system',
          fromStage: row.stageCode,
          toStage: row.stageCode,
          reason: `节点“${row.title}”已超期 ${step.overdueWorkingDays} 个工作日，${MILESTONE_STEP_LABEL[step.step]}`,
          payload: { milestoneId: row.id, step: step.step, overdueWorkingDays: step.overdueWorkingDays, dueAt: row.dueAt.toISOString() },
          createdAt: now,
        });
      }
      const next = plan.nextCheckAt && plan.nextCheckAt.getTime() <= now.getTime() ? new Date(now.getTime() + 60_000) : plan.nextCheckAt;
      return {
        id: row.id,
        warningLight: plan.warningLight,
        supervisionLevel: plan.supervisionLevel,
        overdueSince: plan.overdueSince,
        nextCheckAt: next,
      };
    });
    await this.milestones.applyTimers(m, updates, now);
    await this.events.append(m, events, { lock: true });
    // Written in the same transaction as the steps: a step is announced exactly when it is taken.
    await this.milestones.notifySteps(
      m,
      events.map((e) => ({
        projectId: e.projectId,
        kind: `project.${e.action}`,
        title: `重点项目节点${MILESTONE_STEP_LABEL[e.payload?.step as keyof typeof MILESTONE_STEP_LABEL]}`,
        body: e.reason ?? '',
      })),
      now,
    );
    return rows.length;
  }

  /** Provisional deadlines the calendar now covers are counted again on the real calendar, with an event each. */
  private async recomputeProvisional(
    m: EntityManager,
    now: Date,
    { calendar, hours }: CalendarSnapshot,
    yellowShare: number,
  ): Promise<number> {
    const rows = await this.milestones.lockProvisional(m, BATCH_SIZE);
    const events: NewProjectEvent[] = [];
    for (const row of rows) {
      const due = dueFromBasis(
        { startedAt: row.startedAt, workingDays: row.basisWorkingDays, date: row.basisDate },
        calendar,
        hours,
        yellowShare,
      );
      if (due.provisional) continue;
      await this.milestones.setDue(m, row.id, due, now);
      events.push({
        projectId: row.projectId,
        action: 'milestone_due_recomputed',
        actorId: null,
        actorRole: 'system',
        fromStage: row.stageCode,
        toStage: row.stageCode,
        reason: '工作日历已更新，暂定期限按正式日历重新计算',
        payload: { milestoneId: row.id, previousDueAt: row.dueAt.toISOString(), dueAt: due.dueAt.toISOString() },
        createdAt: now,
      });
    }
    await this.events.append(m, events, { lock: true });
    return events.length;
  }
}
