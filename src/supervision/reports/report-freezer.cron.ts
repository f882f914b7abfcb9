import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { instanceId } from '../../common/lifecycle/instance-id';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { LeaseRepository } from '../../sla/sweep/lease.repository';
import { periodContaining, previousPeriod, type CalendarPeriodKind } from '../domain';
import { DashboardService, FROZEN_MONTHS_KEPT } from '../metrics/dashboard.service';
import { QueuesRepository } from '../queues/queues.repository';
import { GroupNamesRepository } from '../shared/group-names.repository';
import type { SupervisionScope } from '../shared/supervision-scope';
import { ReportsService } from './reports.service';

const INTERVAL_NAME = 'supervision-report-freezer';
const LIVE_INTERVAL_NAME = 'supervision-live-figures';
const OPEN_COUNTS_INTERVAL_NAME = 'supervision-open-counts';
const LEASE = 'supervision-reports';
const LIVE_LEASE = 'supervision-live';
const OPEN_COUNTS_LEASE = 'supervision-open-counts';
const LIVE_EVERY_MS = 5 * 60 * 1000;
/** The dashboards use the counts for two minutes (OPEN_COUNTS_MAX_AGE_MS), so one missed run is no gap. */
const OPEN_COUNTS_EVERY_MS = 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;
/** 周监测、旬调度、月盘点, plus the quarter and the year. */
const FROZEN_KINDS: readonly CalendarPeriodKind[] = ['week', 'xun', 'month', 'quarter', 'year'];

/**
 * Freezes each province's report for the period that just ended (as a draft, for a supervisor
 * to review and publish), and the months the dashboard's trend shows. Checks hourly, so a report
 * exists within an hour of its period's end; the check is idempotent (an existing snapshot is
 * left alone) and one instance does it at a time under a lease. It keeps the last
 * FROZEN_MONTHS_KEPT months frozen, so a dashboard or a default trend never finds one missing.
 * Every five minutes it also refreshes each province's running-month figures, and every minute
 * every region's open-case counts, which the dashboards read. Switched off with the SLA sweep
 * (SWEEP_ENABLED=false), as on API-only nodes.
 */
@Injectable()
export class ReportFreezerCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportFreezerCron.name);
  private readonly holder = instanceId('reports');
  /** Set on shutdown: runs stop after the step they are in (one report, one province) and release their leases. */
  private stopping = false;
  private readonly freezing: PeriodicJob;
  private readonly refreshing: PeriodicJob;
  private readonly counting: PeriodicJob;

  constructor(
    private readonly reports: ReportsService,
    private readonly dashboards: DashboardService,
    private readonly queues: QueuesRepository,
    private readonly names: GroupNamesRepository,
    private readonly leases: LeaseRepository,
    scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.freezing = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'report freezer failed',
      run: () => this.runOnce(),
    });
    this.refreshing = new PeriodicJob(scheduler, this.logger, {
      name: LIVE_INTERVAL_NAME,
      failure: 'live figures refresh failed',
      run: () => this.refreshLive(),
    });
    this.counting = new PeriodicJob(scheduler, this.logger, {
      name: OPEN_COUNTS_INTERVAL_NAME,
      failure: 'open case counts refresh failed',
      run: () => this.refreshOpenCounts(),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) return;
    this.freezing.every(CHECK_EVERY_MS);
    this.refreshing.every(LIVE_EVERY_MS);
    this.counting.every(OPEN_COUNTS_EVERY_MS);
    this.counting.tick();
    this.freezing.tick();
    this.refreshing.tick();
  }

  /** Recounts every region's open cases (see QueuesRepository.refreshOpenCounts); returns the regions written, 0 without the lease. */
  async refreshOpenCounts(): Promise<number> {
    const written = await this.leases.hold(OPEN_COUNTS_LEASE, this.holder, () => this.queues.refreshOpenCounts(this.clock.now()));
    return written ?? 0;
  }

  /** Recomputes every province's running-month figures; returns the provinces refreshed. */
  async refreshLive(): Promise<string[]> {
    const now = this.clock.now();
    const done = await this.leases.hold(LIVE_LEASE, this.holder, async (lease) => {
      const refreshed: string[] = [];
      for (const province of await this.provinces()) {
        if (this.stopping || !lease.stillHeld()) break;
        await this.dashboards.refreshLive(province, now);
        refreshed.push(province.code);
      }
      return refreshed;
    });
    return done ?? [];
  }

  /** Freezes whatever ended and is not frozen yet; returns the keys it froze. */
  async runOnce(): Promise<string[]> {
    const now = this.clock.now();
    const frozen = await this.leases.hold(LEASE, this.holder, async (lease) => {
      const keys: string[] = [];
      for (const scope of await this.provinces()) {
        const periods = FROZEN_KINDS.map((kind) => previousPeriod(periodContaining(kind, now)));
        // Dashboards and month trends read the frozen months, so the months before the last one
        // are kept frozen too, as far back as a default trend or a dashboard reaches.
        for (let month = periods[2], i = 1; i < FROZEN_MONTHS_KEPT; i += 1) {
          month = previousPeriod(month);
          periods.push(month);
        }
        for (const period of periods) {
          // A safe point: what is not frozen yet is frozen by the next run, on any instance.
          if (this.stopping || !lease.stillHeld()) return keys;
          if (!(await this.reports.freezeIfMissing(scope, period))) continue;
          keys.push(`${scope.code}/${period.key}`);
          // Cut for the dashboards now, so no supervisor's request has to.
          if (period.kind === 'month') await this.dashboards.storeFrozenSlices(scope, period);
        }
      }
      return keys;
    });
    if (frozen?.length) this.logger.log({ msg: 'froze period reports', reports: frozen });
    return frozen ?? [];
  }

  private async provinces(): Promise<SupervisionScope[]> {
    const provinces = await this.names.regionsOfLevel('province', '');
    return provinces.map((p) => ({ code: p.code, name: p.name, level: p.level, prefix: subtreePrefix(p.code) }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.freezing.stop(), this.refreshing.stop(), this.counting.stop(), this.dashboards.settled()]);
  }
}
