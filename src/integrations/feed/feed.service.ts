import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { FeedEventDto, FeedPageDto, FeedQuery } from './dto/feed.dto';
import { FeedCursorCodec } from './feed-cursor';
import { FeedRepository, type FeedEventRow } from './feed.repository';
import { FeedSequencerRepository } from './feed-sequencer.repository';

/**
 * Positions looked at per request at most: a caller who sees few events does not make one
 * request scan the whole history — the page comes back short with `hasMore` and a cursor past
 * the window, and the next request goes on from there.
 */
export const FEED_SCAN_WINDOW = 10_000;

export function toFeedEvent(row: FeedEventRow): FeedEventDto {
  return {
    id: row.eventId,
    type: `appeal.${row.action}`,
    appealId: row.appealId,
    appealNumber: row.appealNumber,
    regionCode: row.regionCode,
    seq: row.seq,
    action: row.action,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    visibility: row.visibility,
    actor: { id: row.actorId, role: row.actorRole, name: row.actorName, clientId: row.actorClientId },
    occurredAt: row.occurredAt,
  };
}

/** GET /api/events: the appeal events the caller may see, in commit order, by signed cursor. */
@Injectable()
export class FeedService {
  readonly cursors: FeedCursorCodec;

  constructor(
    private readonly feed: FeedRepository,
    private readonly sequencer: FeedSequencerRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new FeedCursorCodec(config.JWT_SECRET);
  }

  async read(user: AuthUser, query: FeedQuery): Promise<FeedPageDto> {
    const after = query.after === undefined ? 0 : this.cursors.decode(query.after);
    if (after === null) {
      throw AppError.badRequest('The cursor is not one this server issued (altered or truncated); use a nextCursor as received', [
        { field: 'after', message: 'not a valid cursor' },
      ]);
    }
    const head = await this.sequencer.sequencePending();
    const upTo = Math.max(after, Math.min(head, after + FEED_SCAN_WINDOW));
    const rows = await this.feed.page(user, after, upTo, query.limit);
    const full = rows.length === query.limit;
    const next = full ? rows[rows.length - 1].position : upTo;
    return { items: rows.map(toFeedEvent), nextCursor: this.cursors.encode(next), hasMore: full || upTo < head };
  }
}
