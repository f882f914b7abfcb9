import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { hostname } from 'node:os';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { LeaseRepository } from '../../sla/sweep/lease.repository';
import { periodContaining, previousPeriod, type CalendarPeriodKind } from '../domain';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { ReportsService } from './reports.service';

const INTERVAL_NAME = 'supervision-report-freezer';
const LEASE = 'supervision-reports';
const CHECK_EVERY_MS = 60 * 60 * 1000;
const LEASE_TTL_MS = 30 * 60 * 1000;
/** 周监测、旬调度、月盘点, plus the quarter and the year. */
const FROZEN_KINDS: readonly CalendarPeriodKind[] = ['week', 'xun', 'month', 'quarter', 'year'];

/**
 * Freezes each province's report for the period that just ended (as a draft, for a supervisor
 * to review and publish). Checks hourly, so a report exists within an hour of its period's end;
 * the check is idempotent (an existing snapshot is left alone) and one instance does it at a
 * time under a lease. Switched off with the SLA sweep (SWEEP_ENABLED=false), as on API-only nodes.
 */
@Injectable()
export class ReportFreezerCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportFreezerCron.name);
  private readonly holder = `${hostname()}:${process.pid}:reports`;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly reports: ReportsService,
    private readonly names: GroupNamesRepository,
    private readonly leases: LeaseRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) return;
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => this.tick(), CHECK_EVERY_MS),
    );
    this.tick();
  }

  tick(): void {
    if (this.running) return;
    this.running = this.runOnce()
      .catch((error: unknown) =>
        this.logger.error({ msg: 'report freezer failed', err: error }, error instanceof Error ? error.stack : undefined),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Freezes whatever ended and is not frozen yet; returns the keys it froze. */
  async runOnce(): Promise<string[]> {
    const now = this.clock.now();
    if (!(await this.leases.claim(LEASE, this.holder, now, LEASE_TTL_MS))) return [];
    const frozen: string[] = [];
    try {
      for (const province of await this.names.regionsOfLevel('province', '')) {
        const scope = { code: province.code, name: province.name, level: province.level, prefix: subtreePrefix(province.code) };
        for (const kind of FROZEN_KINDS) {
          const period = previousPeriod(periodContaining(kind, now));
          if (await this.reports.freezeIfMissing(scope, period)) frozen.push(`${province.code}/${period.key}`);
        }
      }
      if (frozen.length) this.logger.log({ msg: 'froze period reports', reports: frozen });
      return frozen;
    } finally {
      await this.leases.release(LEASE, this.holder);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running;
  }
}
