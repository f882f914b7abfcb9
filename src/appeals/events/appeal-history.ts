import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppealEventNotifier, type NotifiedAppeal } from '../../notifications/appeal-event-notifier';

export type { NotifiedAppeal };
import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import type { AppealEventAction } from '../domain';
import { AppealEventsRepository, type AppendedEvent, type EventHead, type NewAppealEvent } from './appeal-events.repository';

/**
 * How the transaction wrote the appeal row itself, which decides whether recording the history
 * must also move the appeal's client-facing version (If-Match / body `version`):
 * - `versioned`: the versioned UPDATE already moved it (an action through the state machine);
 * - `created`: the row was just inserted with its first version (a submission);
 * - `unversioned`: a set-based UPDATE that does not touch the version (sweep, recompute, handover);
 * - `untouched`: only the log and side tables changed (attachments, supervision orders).
 */
export type AppealRowWrite = 'versioned' | 'created' | 'unversioned' | 'untouched';


export interface HistoryEntry {
  appealId: number;
  action: AppealEventAction;
  actor: { id: number | null; role: string };
  onBehalf?: boolean;
  fromStatus: string | null;
  toStatus: string;
  reason?: string | null;
  payload?: Record<string, unknown>;
  visibility: 'public' | 'internal';
  at: Date;
  /** Where an answer or a rating was given from (keyed hashes), for the integrity signals. */
  origin?: { ipHash: string | null; sessionHash: string | null } | null;
  /** Announce the entry (inbox, urgent channels, webhooks) for this appeal; absent: recorded only. */
  notify?: { appeal: NotifiedAppeal; due?: { at: Date; basis: DeadlineBasis } | null };
}

/**
 * Whether an entry moves the client-facing version. Anything another person could have read and
 * acted upon changes it — except internal notes between offices on an untouched row (a supervision
 * order), which the enterprise never sees and which must not turn its next action into a 409.
 */
export function bumpsVersion(rowWrite: AppealRowWrite, visibility: 'public' | 'internal'): boolean {
  switch (rowWrite) {
    case 'versioned':
    case 'created':
      return false;
    case 'unversioned':
      return true;
    case 'untouched':
      return visibility === 'public';
  }
}

/**
 * The one writer of an appeal's history: every call site hands over entries, and this appends
 * them hash-chained in one multi-row insert, decides the version, and queues the notifications
 * for those that announce themselves — all in the caller's transaction, so nothing is announced
 * that did not happen.
 */
@Injectable()
export class AppealHistory {
  constructor(
    private readonly events: AppealEventsRepository,
    private readonly notifier: AppealEventNotifier,
  ) {}

  async record(manager: EntityManager, rowWrite: AppealRowWrite, entries: readonly HistoryEntry[]): Promise<AppendedEvent[]> {
    if (!entries.length) return [];
    const visibilities = new Set(entries.map((e) => e.visibility));
    if (rowWrite === 'untouched' && visibilities.size > 1) {
      // One statement bumps all or none: mixed visibilities on untouched rows would need two.
      throw new Error('AppealHistory.record: untouched rows take entries of one visibility per call');
    }
    const appended = await this.events.appendEvents(manager, entries.map(toNewEvent), {
      bumpVersion: bumpsVersion(rowWrite, entries[0].visibility),
      freshAppeals: rowWrite === 'created',
    });
    await this.announce(manager, entries, appended);
    return appended;
  }

  /**
   * For a set-based writer that holds the appeal rows locked and has read their chain heads
   * (`event_count`, `last_event_hash`): appends the entries on `heads`, moves `heads` to the new
   * last events and queues the notifications — but leaves the appeal rows to the caller, which
   * must write each appeal's new head and, as an `unversioned` write, move its version
   * (`version = version + 1`, `updated_at`) in the UPDATE it makes anyway. One write per row
   * instead of two is what lets the provisional recompute move 200,000 appeals in seconds.
   */
  async recordOnHeads(manager: EntityManager, entries: readonly HistoryEntry[], heads: Map<number, EventHead>): Promise<AppendedEvent[]> {
    if (!entries.length) return [];
    const appended = await this.events.appendOnHeads(manager, entries.map(toNewEvent), heads);
    await this.announce(manager, entries, appended);
    return appended;
  }

  private async announce(manager: EntityManager, entries: readonly HistoryEntry[], appended: readonly AppendedEvent[]): Promise<void> {
    const announced = appended.flatMap((event, i) => {
      const notify = entries[i].notify;
      if (!notify) return [];
      const { appeal, due } = notify;
      return [
        {
          appealId: appeal.id,
          number: appeal.number,
          title: appeal.title,
          action: entries[i].action,
          fromStatus: event.fromStatus,
          toStatus: event.toStatus,
          seq: event.seq,
          enterpriseId: appeal.enterpriseId,
          officerId: appeal.officerId,
          leadDepartmentId: appeal.leadDepartmentId,
          regionCode: appeal.regionCode,
          actorId: event.actorId,
          actorRole: event.actorRole,
          visibility: event.visibility,
          note: event.reason,
          ...(due !== undefined ? { due } : {}),
          ...(appeal.coHandlerDepartmentIds?.length ? { coHandlerDepartmentIds: appeal.coHandlerDepartmentIds } : {}),
        },
      ];
    });
    if (announced.length) await this.notifier.onEvents(manager, announced);
  }
}

function toNewEvent(e: HistoryEntry): NewAppealEvent {
  return {
    appealId: e.appealId,
    action: e.action,
    actorId: e.actor.id,
    actorRole: e.actor.role,
    onBehalf: e.onBehalf ?? false,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    reason: e.reason ?? null,
    payload: e.payload ?? {},
    visibility: e.visibility,
    createdAt: e.at,
    origin: e.origin ?? null,
  };
}
