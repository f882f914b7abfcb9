import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { type Page, type PageQueryDto, pageOf } from '../../common/pagination/page-query.dto';
import { subtreePrefix } from '../../common/scope/region-reach';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { RegionsService } from '../../regions/regions.service';
import { FeedSequencerRepository } from '../feed/feed-sequencer.repository';
import {
  DEFAULT_SUBSCRIPTION_OVERLAP_SECONDS,
  type RotateSubscriptionSecretDto,
  type CreateSubscriptionDto,
  type WebhookDeliveryDto,
  type SubscriptionDto,
  type SubscriptionWithSecretDto,
  type TestDeliveryDto,
  type UpdateSubscriptionDto,
} from './dto/subscription.dto';
import { newWebhookSecret, testEventPayload, WEBHOOK_TEST_EVENT } from './standard-webhooks';
import { type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository';
import { webhookUrlProblem } from './url-policy';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../common/database/unit-of-work';
import { requireFound } from '../../common/errors/require-found';

const toDto = (s: SubscriptionRow): SubscriptionDto => ({
  id: s.id,
  kind: s.systemKey ? 'deployment' : 'client',
  clientId: s.clientPk,
  url: s.url,
  eventTypes: s.eventTypes,
  regionCode: s.regionCode,
  status: s.status,
  disabledReason: s.disabledReason,
  consecutiveFailures: s.consecutiveFailures,
  previousSecretExpiresAt: s.previousSecretExpiresAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Webhook subscriptions: admins manage any client's, a client with webhooks:manage its own
 * (another client's answers 404). Everyone else is refused.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly sequencer: FeedSequencerRepository,
    private readonly regions: RegionsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The client whose subscriptions the caller manages; null: all (admin). */
  private scopeOf(user: AuthUser): number | null {
    if (user.client) return user.client.id;
    if (user.role === 'admin') return null;
    throw AppError.forbidden('Only admins and machine clients manage webhook subscriptions', { requiredRoles: ['admin'] });
  }

  async create(user: AuthUser, dto: CreateSubscriptionDto): Promise<SubscriptionWithSecretDto> {
    const own = this.scopeOf(user);
    if (own !== null && dto.clientId !== undefined && dto.clientId !== own) {
      throw AppError.badRequest('A client subscribes for itself', [{ field: 'clientId', message: 'leave it out, or name your own client' }]);
    }
    const clientPk = own ?? dto.clientId;
    if (clientPk === undefined) throw AppError.badRequest('Name the client the subscription is for', [{ field: 'clientId', message: 'required for admins' }]);
    const identity = await this.subscriptions.clientIdentity(clientPk);
    if (!identity) throw AppError.badRequest(`No active client ${clientPk}`, [{ field: 'clientId', message: 'unknown or revoked client' }]);
    this.checkUrl(dto.url);
    if (dto.regionCode !== undefined) {
      await this.regions.requireExisting(dto.regionCode);
      if (!subtreePrefix(dto.regionCode).startsWith(identity.reachPrefix)) {
        throw AppError.badRequest('The region lies outside the client’s reach', [{ field: 'regionCode', message: 'outside the client’s reach' }]);
      }
    }
    const secret = newWebhookSecret();
    const id = await this.subscriptions.insert(
      {
        clientPk,
        url: dto.url,
        eventTypes: dto.eventTypes,
        regionCode: dto.regionCode ?? null,
        secret,
        // From now on: a new subscription is not flooded with the history (the feed has it),
        // however many committed events were still waiting for their feed position.
        lastPosition: await this.sequencer.sequenceAll(),
        createdBy: user.id,
      },
      this.clock.now(),
    );
    return { ...(await this.get(user, id)), secret };
  }

  async list(user: AuthUser, query: PageQueryDto): Promise<Page<SubscriptionDto>> {
    const { rows, total } = await this.subscriptions.list(this.scopeOf(user), (query.page - 1) * query.pageSize, query.pageSize);
    return pageOf(rows.map(toDto), total, query);
  }

  async get(user: AuthUser, id: number): Promise<SubscriptionDto> {
    return toDto(await this.require(user, id));
  }

  async update(user: AuthUser, id: number, dto: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    const row = await this.require(user, id);
    if (row.systemKey && (dto.url !== undefined || dto.eventTypes !== undefined)) {
      throw AppError.conflict('The deployment-wide subscription follows WEBHOOK_URL: change the configuration (only active may be set here)');
    }
    if (dto.url !== undefined) this.checkUrl(dto.url);
    await this.subscriptions.update(id, dto, this.clock.now());
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    const row = await this.require(user, id);
    if (row.systemKey) throw AppError.conflict('The deployment-wide subscription follows WEBHOOK_URL: unset it to stop it');
    await this.subscriptions.delete(id);
  }

  /**
   * A new signing secret (shown once); the current one keeps signing beside it for
   * `overlapSeconds` (default 24 h; 0: it stops at once), so the receiver can switch without
   * refusing a delivery: Standard Webhooks lets `webhook-signature` carry both.
   */
  async rotateSecret(user: AuthUser, id: number, dto: RotateSubscriptionSecretDto): Promise<SubscriptionWithSecretDto> {
    const row = await this.require(user, id);
    if (row.systemKey) throw AppError.conflict('The deployment-wide subscription is signed with WEBHOOK_SECRET: change the configuration');
    const now = this.clock.now();
    const overlap = dto.overlapSeconds ?? DEFAULT_SUBSCRIPTION_OVERLAP_SECONDS;
    const secret = newWebhookSecret();
    await this.subscriptions.rotateSecret(id, secret, overlap > 0 ? new Date(now.getTime() + overlap * 1000) : null, now);
    return { ...(await this.get(user, id)), secret };
  }

  /** Queues a `webhook.test` delivery at once (it goes out with the next outbox run). */
  async sendTest(user: AuthUser, id: number): Promise<TestDeliveryDto> {
    const subscription = await this.require(user, id);
    if (subscription.status !== 'active') throw AppError.conflict('The subscription is disabled; enable it first (PATCH active: true)');
    const deliveryId = `msg_${id}_test_${randomUUID()}`;
    const now = this.clock.now();
    await this.uow.transaction((m) =>
      this.subscriptions.insertDeliveries(
        m,
        id,
        [{ dedupeKey: deliveryId, eventType: WEBHOOK_TEST_EVENT, payload: testEventPayload(id, now) }],
        now,
      ),
    );
    return { deliveryId };
  }

  async deliveries(user: AuthUser, id: number, query: PageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    await this.require(user, id);
    const { rows, attempts, total } = await this.subscriptions.deliveries(id, (query.page - 1) * query.pageSize, query.pageSize);
    const items = rows.map((r) => ({
      id: String(r.dedupe_key),
      eventType: String(r.event_type),
      status: String(r.status),
      attempts: Number(r.attempts),
      createdAt: new Date(r.created_at),
      sentAt: date(r.sent_at),
      nextAttemptAt: new Date(r.next_attempt_at),
      lastError: r.last_error ?? null,
      attemptLog: attempts
        .filter((a) => String(a.outbox_id) === String(r.id))
        .map((a) => ({
          attempt: Number(a.attempt),
          status: String(a.status),
          startedAt: new Date(a.started_at),
          finishedAt: date(a.finished_at),
          durationMs: num(a.duration_ms),
          responseStatus: num(a.response_status),
          error: a.error ?? null,
        })),
    }));
    return pageOf(items, total, query);
  }

  private async require(user: AuthUser, id: number): Promise<SubscriptionRow> {
    return requireFound(this.subscriptions.find(id, this.scopeOf(user)), 'Webhook subscription', id);
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.config.WEBHOOK_ALLOW_PRIVATE_URLS);
    if (problem) throw AppError.badRequest(`The webhook URL ${problem}`, [{ field: 'url', message: problem }]);
  }
}
