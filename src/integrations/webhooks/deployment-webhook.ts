import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { UnitOfWork } from '../../common/database/unit-of-work';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { FeedSequencerRepository } from '../feed/feed-sequencer.repository';
import { deploymentSecret } from './standard-webhooks';
import { DEPLOYMENT_KEY, SubscriptionsRepository } from './subscriptions.repository';

export const WEBHOOK_URL_NOT_SET = 'WEBHOOK_URL is not set';
/** A changed WEBHOOK_SECRET: the old one keeps signing beside the new one this long. */
export const DEPLOYMENT_SECRET_OVERLAP_MS = 86_400_000;

/**
 * The deployment-wide webhook (WEBHOOK_URL) as one subscription: at startup the configuration is
 * written to the subscription with `system_key = 'deployment'` (no client; every event, internal
 * ones included; signed per Standard Webhooks with WEBHOOK_SECRET), so the dispatcher, the
 * outbox, the delivery log and the test event treat it as any other. The configuration wins:
 * unset, the subscription is disabled; set again, it resumes from the feed's head (as before,
 * nothing is queued while no URL is configured); a changed secret overlaps the old one for a day.
 * Every process does this at startup; the unique key (first insert) and then the row lock make
 * concurrent starts agree.
 */
@Injectable()
export class DeploymentWebhook implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeploymentWebhook.name);

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly sequencer: FeedSequencerRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
  }

  async sync(): Promise<void> {
    const url = this.config.WEBHOOK_URL || null;
    const secret = deploymentSecret(this.config.WEBHOOK_SECRET);
    const head = url ? await this.sequencer.sequenceAll() : 0;
    const now = this.clock.now();
    // First start: the unique key lets one process insert it (no lock taken on a missing row,
    // which would deadlock two processes starting at once).
    if (url && (await this.subscriptions.insertSystem(DEPLOYMENT_KEY, url, secret, head, now))) {
      this.logger.log({ msg: 'WEBHOOK_URL materialised as a subscription' });
      return;
    }
    await this.uow.transaction(async (m) => {
      const row = await this.subscriptions.findSystem(m, DEPLOYMENT_KEY);
      if (!row) return;
      const resuming = url !== null && row.status === 'disabled' && row.disabledReason === WEBHOOK_URL_NOT_SET;
      const stopping = url === null && row.status === 'active';
      const secretChanged = url !== null && row.secret !== secret;
      if (!resuming && !stopping && !secretChanged && (url === null || url === row.url)) return;
      await this.subscriptions.updateSystem(
        m,
        row.id,
        {
          url: url ?? row.url,
          secret: url ? secret : row.secret,
          previousSecret: secretChanged ? row.secret : row.previousSecret,
          previousUntil: secretChanged ? new Date(now.getTime() + DEPLOYMENT_SECRET_OVERLAP_MS) : row.previousSecretExpiresAt,
          status: stopping ? 'disabled' : resuming ? 'active' : row.status,
          reason: stopping ? WEBHOOK_URL_NOT_SET : resuming ? null : row.disabledReason,
          lastPosition: resuming ? Math.max(head, row.lastPosition) : row.lastPosition,
        },
        now,
      );
    });
  }
}
