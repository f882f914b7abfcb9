import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { ClientsController } from './clients/clients.controller';
import { ClientsRepository } from './clients/clients.repository';
import { ClientsService } from './clients/clients.service';
import { TokenController } from './clients/token.controller';
import { TokenService } from './clients/token.service';
import { FeedController } from './feed/feed.controller';
import { FeedRepository } from './feed/feed.repository';
import { FeedSequencerRepository } from './feed/feed-sequencer.repository';
import { FeedService } from './feed/feed.service';
import { LeaseRepository } from '../sla/sweep/lease.repository';
import { SubscriptionsController } from './webhooks/subscriptions.controller';
import { SubscriptionsRepository } from './webhooks/subscriptions.repository';
import { SubscriptionsService } from './webhooks/subscriptions.service';
import { DeploymentWebhook } from './webhooks/deployment-webhook';
import { WebhookDispatcherCron } from './webhooks/webhook-dispatcher.cron';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.service';

/** Other systems (issue #14): machine clients, the change feed, webhook subscriptions. */
@Module({
  imports: [
    UsersModule,
    RegionsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [TokenController, ClientsController, FeedController, SubscriptionsController],
  providers: [
    ClientsRepository,
    ClientsService,
    TokenService,
    FeedRepository,
    FeedSequencerRepository,
    FeedService,
    LeaseRepository,
    SubscriptionsRepository,
    SubscriptionsService,
    WebhookDispatcher,
    WebhookDispatcherCron,
    DeploymentWebhook,
  ],
  exports: [WebhookDispatcher, ClientsService, SubscriptionsService],
})
export class IntegrationsModule {}
