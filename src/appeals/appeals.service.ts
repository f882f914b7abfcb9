import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { Page, pageOf, pageFrom } from '../common/pagination/page-query.dto';
import { levelOfCode } from '../common/scope/region-reach';
import { RoutingService } from '../routing/routing.service';
import { actorFor, toSnapshot } from './appeal-mapping';
import { detailFields, toListItem, toTimelineEvent } from './appeal-dto.assembler';
import { AppealsRepository } from './appeals.repository';
import { CoHandlerTasksRepository } from '../cohandling/co-handler-tasks.repository';
import { allowedActions, canReadInternalComments } from './domain';
import { AppealDetailDto, AppealListItemDto, ChainVerificationDto, ListAppealsQuery } from './dto/appeal-read.dto';
import { AppealEventsRepository, toHashedFields } from './events/appeal-events.repository';
import { verifyChain } from './events/event-hash';

export type PendingDecisionItem = AppealListItemDto & Pick<AppealDetailDto, 'pendingExtension' | 'pendingObjection'>;

@Injectable()
export class AppealsService {
  constructor(
    private readonly appeals: AppealsRepository,
    private readonly events: AppealEventsRepository,
    private readonly routing: RoutingService,
    private readonly coHandlerTasks: CoHandlerTasksRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: ListAppealsQuery): Promise<Page<AppealListItemDto>> {
    return pageFrom(this.appeals.list(user, query), query, toListItem);
  }

  /**
   * The supervisors' approval inbox: appeals in reach with an extension or objection waiting for
   * a decision, each with what is asked (days, reason) and since when — the same scoped list
   * query as every other list, narrowed by `pending`.
   */
  async pendingDecisions(user: AuthUser, query: ListAppealsQuery): Promise<Page<PendingDecisionItem>> {
    const [rows, total] = await this.appeals.list(user, { ...query, pending: query.pending ?? 'any' } as ListAppealsQuery);
    return pageOf(
      rows.map((row) => {
        const { pendingExtension, pendingObjection } = detailFields(row);
        return { ...toListItem(row), pendingExtension, pendingObjection };
      }),
      total,
      query,
    );
  }

  /**
   * "My work" per role: an officer's firms' open appeals, a department's open queue, a
   * supervisor's open cases in reach — all soonest deadline first; an enterprise's own appeals,
   * newest first.
   */
  async caseload(user: AuthUser, query: ListAppealsQuery): Promise<Page<AppealListItemDto>> {
    const mine = { ...query } as ListAppealsQuery;
    if (user.role === 'enterprise') {
      mine.sort = query.sort ?? '-submitted';
      return pageFrom(this.appeals.list(user, mine), query, toListItem);
    }
    mine.open = query.open ?? true;
    mine.sort = query.sort ?? 'due';
    const extra = user.role === 'handler' ? { sql: 'a.lead_department_id = ?', params: [user.departmentId] } : undefined;
    return pageFrom(this.appeals.list(user, mine, extra), query, toListItem);
  }

  async detail(user: AuthUser, id: number): Promise<AppealDetailDto> {
    const m = this.appeals.manager;
    const row = await this.appeals.findReadable(user, id);
    if (!row) throw AppError.notFound('Appeal', id);
    // The timeline is read with the rest, internal events included, and cut to what the caller
    // may read once the co-departments are known: one round trip fewer per detail (#22).
    const duplicateOfId = row.duplicate_of_id === null ? null : Number(row.duplicate_of_id);
    const [{ coDepartments, openTasks }, pauses, attachments, events, duplicateOfNumber] = await Promise.all([
      // Open co-handler tasks exist only for the current co-handling departments (a routing that
      // drops one withdraws its task), so an appeal without them needs no count: no statement more
      // for the common detail (#22).
      this.appeals
        .coDepartments(m, id)
        .then(async (co) => ({ coDepartments: co, openTasks: co.length ? await this.coHandlerTasks.openCount(m, id) : 0 })),
      this.appeals.pauses(m, id),
      this.appeals.attachments(m, id),
      this.events.listForAppeal(m, id, true),
      duplicateOfId === null ? Promise.resolve(null) : this.appeals.numberOf(m, duplicateOfId),
    ]);
    const snapshot = toSnapshot(
      row,
      coDepartments.map((d) => d.id),
      openTasks,
    );
    const actor = actorFor(user, row);
    const now = this.clock.now();
    const actions = allowedActions(snapshot, actor, now);
    const timeline = canReadInternalComments(snapshot, actor) ? events : events.filter((e) => e.visibility === 'public');
    const proposedDepartment = actions.includes('route')
      ? await this.routing.propose(m, { id, categoryId: Number(row.category_id), regionCode: row.region_code, regionLevel: levelOfCode(row.region_code), level: row.level })
      : undefined;
    const fields = detailFields(row);
    // A ruling on the firm's rating is staff business, like the internal event that records it.
    if (!canReadInternalComments(snapshot, actor)) fields.verification.ruling = null;
    return {
      ...toListItem(row),
      ...fields,
      coDepartments,
      pauses: pauses.map((p) => ({ startedAt: p.started_at, endedAt: p.ended_at, reason: p.reason })),
      allowedActions: [...actions],
      proposedDepartment,
      attachments,
      timeline: timeline.map(toTimelineEvent),
      // The original is the same firm's appeal, so whoever reads this one may read its number.
      duplicateOf: duplicateOfId === null ? null : { id: duplicateOfId, number: duplicateOfNumber ?? '' },
    };
  }

  /** The appeal another system submitted under its reference; 404 when there is none or it is outside your reach. */
  async detailByReference(user: AuthUser, source: string, externalId: string): Promise<AppealDetailDto> {
    const found = await this.appeals.findByExternalReference(this.appeals.manager, source, externalId);
    const notFound = AppError.notFound('Appeal with reference', `${source}/${externalId}`);
    if (!found) throw notFound;
    return this.detail(user, found.id).catch((error: unknown) => {
      throw error instanceof AppError && error.code === ErrorCode.NotFound ? notFound : error;
    });
  }

  /** Recomputes the hash chain of an appeal's events (staff only: the enterprise never sees internal events). */
  async verifyChain(user: AuthUser, id: number): Promise<ChainVerificationDto> {
    const row = await this.appeals.findReadable(user, id);
    if (!row) throw AppError.notFound('Appeal', id);
    if (user.role === 'enterprise') throw AppError.forbidden('Only staff may audit the event chain');
    const events = await this.events.listForAppeal(this.appeals.manager, id, true);
    const result = verifyChain(events.map(toHashedFields));
    if (result.valid && result.checkedEvents !== Number(row.event_count)) {
      return { valid: false, checkedEvents: result.checkedEvents, firstBrokenSeq: result.checkedEvents + 1, problem: `the appeal records ${row.event_count} events but ${result.checkedEvents} are stored` };
    }
    if (result.valid && events.length && events[events.length - 1].hash !== row.last_event_hash) {
      return { valid: false, checkedEvents: result.checkedEvents, firstBrokenSeq: events.length, problem: 'the last event does not match the hash recorded on the appeal' };
    }
    return result;
  }
}
