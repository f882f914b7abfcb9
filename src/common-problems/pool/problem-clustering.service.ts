import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { instanceId } from '../../common/lifecycle/instance-id';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { LeaseRepository } from '../../sla/sweep/lease.repository';
import { clusterNewAppeals } from '../domain/incremental-clusters';
import { ProblemClustersRepository } from './problem-clusters.repository';

const LEASE = 'problem-clusters';
const INTERVAL_NAME = 'problem-clusters';
const EVERY_MS = 60 * 1000;
/** Appeals per step (one transaction): about 32 band rows and a few representatives each. */
export const CLUSTERING_BATCH = 2000;

export interface ClusteringRun {
  /** False when another instance held the lease: nothing was done here. */
  ran: boolean;
  clustered: number;
  batches: number;
}

/**
 * Keeps the pool's clusters current: every minute (with the SLA sweep, on the instances that run
 * jobs) and before a pool is read, the appeals not clustered yet are clustered in id order, one
 * batch per transaction, under a lease so one instance does it at a time. A run with nothing new
 * reads one index range and writes nothing, so re-running a period changes no cluster.
 */
@Injectable()
export class ProblemClusteringService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProblemClusteringService.name);
  private readonly holder = instanceId('clusters');
  private readonly job: PeriodicJob;
  private stopping = false;

  constructor(
    private readonly clusters: ProblemClustersRepository,
    private readonly leases: LeaseRepository,
    scheduler: SchedulerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'problem clustering failed',
      run: () => this.catchUp(),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.SWEEP_ENABLED) this.job.every(EVERY_MS);
  }

  /** Clusters what is new, at most `maxAppeals` (all by default). */
  async catchUp(maxAppeals = Number.POSITIVE_INFINITY, batch = CLUSTERING_BATCH): Promise<ClusteringRun> {
    const done = await this.leases.hold(LEASE, this.holder, async (lease) => {
      let after = await this.clusters.scanStart();
      let clustered = 0;
      let batches = 0;
      while (clustered < maxAppeals && !this.stopping && lease.stillHeld()) {
        const appeals = await this.clusters.unclustered(after, Math.min(batch, maxAppeals - clustered));
        if (appeals.length === 0) break;
        const step = clusterNewAppeals(appeals, await this.clusters.stateFor(appeals));
        await this.clusters.write(step, this.clock.now());
        clustered += appeals.length;
        batches += 1;
        after = appeals[appeals.length - 1].id;
      }
      return { ran: true, clustered, batches };
    });
    if (done?.clustered) this.logger.log({ msg: 'clustered appeals into the pool', ...done });
    return done ?? { ran: false, clustered: 0, batches: 0 };
  }

  pending(): Promise<number> {
    return this.clusters.pendingCount();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.job.stop();
  }
}
