import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { PlannedNotification } from './notification-recipients.sql';
import type { DeadlineBasis } from '../sla/domain/deadline-basis';
import { type AppealEventForNotification, deadlineLine, inboxBody, inboxTitle, planFor, regionChain } from './notification-rules';
import { NotificationsRepository } from './notifications.repository';

export type { AppealEventForNotification } from './notification-rules';

/** What notifications need to know of the appeal an entry belongs to. */
export interface NotifiedAppeal {
  id: number;
  number: string;
  title: string;
  enterpriseId: number;
  officerId: number | null;
  leadDepartmentId: number | null;
  regionCode: string;
  /** Co-handling departments this entry addresses (new co-handler tasks, a task waived). */
  coHandlerDepartmentIds?: readonly number[];
}

/** An open appeal whose light just turned yellow: its handlers hear it is due soon. */
export interface DueSoonAppeal extends Omit<NotifiedAppeal, 'coHandlerDepartmentIds'> {
  dueAt: Date;
  dueBasis: DeadlineBasis;
}

/**
 * Turns appeal events into inbox entries for the people who must act next, and into outbox rows
 * for the outgoing channels (WeCom, SMS; webhooks follow the change feed instead: the deployment-wide
 * WEBHOOK_URL is a subscription, src/integrations/webhooks/deployment-webhook.ts), in the caller's transaction: if the event commits, so do they, and
 * if it rolls back nothing is announced. Set-based: a batch of events costs a handful of
 * statements whatever its size.
 */
@Injectable()
export class AppealEventNotifier {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  async onEvents(manager: EntityManager, events: AppealEventForNotification[]): Promise<void> {
    if (!events.length) return;
    const now = this.clock.now();
    const comments = await this.commentFacts(manager, events);
    const planned: PlannedNotification[] = [];
    for (const event of events) {
      const stored = comments.get(`${event.appealId}:${event.seq}`);
      const plan = planFor({
        ...event,
        actorRole: event.actorRole ?? stored?.actorRole ?? null,
        // An internal note must never be announced to the enterprise: unknown counts as internal.
        visibility: event.visibility ?? stored?.visibility ?? (event.action === 'comment' ? 'internal' : 'public'),
      });
      if (!plan) continue;
      planned.push({
        appealId: event.appealId,
        number: event.number,
        seq: event.seq,
        kind: `appeal.${event.action}`,
        title: inboxTitle(event, plan),
        body: inboxBody(event),
        createdAt: now,
        actorId: event.actorId,
        audiences: plan.audiences,
        leadDepartmentId: event.leadDepartmentId,
        enterpriseId: event.enterpriseId,
        officerId: event.officerId,
        regionChain: regionChain(event.regionCode),
        urgent: plan.urgent,
        coHandlerDepartmentIds: event.coHandlerDepartmentIds,
      });
    }
    await this.repository.insertInbox(manager, planned);
    const urgent = planned.filter((p) => p.urgent);
    if (urgent.length) {
      await this.repository.insertUserChannelOutbox(manager, ['wecom', 'sms'], urgent);
    }
  }

  /**
   * Who wrote a comment, and whether it is internal, decide who hears of it; for callers that did
   * not say, both are read from the stored event in one query.
   */
  private async commentFacts(
    manager: EntityManager,
    events: AppealEventForNotification[],
  ): Promise<Map<string, { visibility: 'public' | 'internal'; actorRole: string | null }>> {
    const missing = events.filter((e) => e.action === 'comment' && (e.visibility === undefined || e.actorRole === undefined));
    return missing.length ? this.repository.eventFacts(manager, missing) : new Map();
  }

  /**
   * In-app only, one line per person per call: a yellow light is a nudge, not something to page
   * anyone about, and a department whose 40 cases turn yellow at once wants one line, not 40.
   */
  async onDueSoon(manager: EntityManager, appeals: DueSoonAppeal[]): Promise<void> {
    if (!appeals.length) return;
    const now = this.clock.now();
    await this.repository.insertDigest(
      manager,
      'appeal.due_soon',
      appeals.map((a) => ({
        appealId: a.id,
        number: a.number,
        seq: 0,
        kind: 'appeal.due_soon',
        title: '',
        body: `${a.title}\n${deadlineLine(a.dueAt, a.dueBasis)}`.slice(0, 1000),
        createdAt: now,
        actorId: null,
        audiences: a.leadDepartmentId === null ? ['officer'] : ['lead_handlers'],
        leadDepartmentId: a.leadDepartmentId,
        enterpriseId: a.enterpriseId,
        officerId: a.officerId,
        regionChain: regionChain(a.regionCode),
        urgent: false,
      })),
      { single: '诉求即将到期，请抓紧办理', many: '您有 {n} 件诉求即将到期，请抓紧办理' },
      now,
    );
  }
}
