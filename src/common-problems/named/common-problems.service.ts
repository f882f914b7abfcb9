import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import type { JsonObject } from '../../common/database/json-column';
import { UnitOfWork } from '../../common/database/unit-of-work';
import type { ColumnChanges } from '../../common/database/versioned-update';
import { AppError } from '../../common/errors/app-error';
import { type ExpectedVersion, staleVersion, versionRequired } from '../../common/http/preconditions';
import { reaches, subtreePrefix } from '../../common/scope/region-reach';
import { resolvePeriod } from '../../supervision/shared/period-query';
import { GroupNamesRepository } from '../../supervision/shared/group-names.repository';
import { resolveScope } from '../../supervision/shared/supervision-scope';
import { ProblemPoolService } from '../pool/problem-pool.service';
import { CommonProblemsRepository, type ProblemColumns, type ProblemRow } from './common-problems.repository';
import { appealsToLink, type ProblemChange, refusalOf, stateAfter } from './domain/common-problem-rules';
import type {
  AnswerProblemDto,
  AssignLeadDto,
  CommonProblemDetailDto,
  CommonProblemDto,
  LinkedAppealsDto,
  ListProblemsQueryDto,
  NameCommonProblemDto,
  ProblemAppealsChangeDto,
  ProblemNoteDto,
  ProblemPageDto,
  SetTopicDto,
} from './dto/common-problem.dto';
import { eventDto, linkedAppealDto, problemDto, visibilityOf } from './problem-views';
import { requireFound } from '../../common/errors/require-found';

const WHAT = 'Common problem';

/** What a change writes once it is allowed: the row's columns, the timeline's entries, the links. */
interface Effects {
  columns: ColumnChanges<ProblemColumns>;
  events: Array<{ action: Parameters<CommonProblemsRepository['addEvent']>[2]; details: JsonObject }>;
  link?: number[];
  unlink?: number[];
}

/**
 * Named common problems (共性问题): a supervisor names a cluster or a set of appeals of their
 * region as one problem, assigns the lead department, links and unlinks appeals, closes it; the
 * lead department's handlers answer it for the whole class. Every change runs in one transaction
 * on the locked row, with the version the caller read (409/412 when stale), and leaves an event.
 */
@Injectable()
export class CommonProblemsService {
  constructor(
    private readonly problems: CommonProblemsRepository,
    private readonly pool: ProblemPoolService,
    private readonly names: GroupNamesRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async name(user: AuthUser, dto: NameCommonProblemDto): Promise<CommonProblemDetailDto> {
    const title = dto.title.trim();
    if (title.length < 2) throw AppError.badRequest('The title is empty', [{ field: 'title', message: 'must not be empty' }]);
    const period = resolvePeriod({ period: dto.period ?? 'month', key: dto.key }, this.clock.now());
    const scope = await resolveScope(this.names, user, dto.regionCode);
    const fromCluster = dto.clusterKey
      ? (await this.pool.appeals(user, dto.clusterKey, { period: period.kind as 'month', key: period.key, regionCode: scope.code })).items.map((a) => a.id)
      : [];
    const given = await this.appealsForRegion(user, dto.appealIds ?? [], scope.code);
    const appealIds = [...new Set([...fromCluster, ...given])];
    if (appealIds.length === 0) {
      throw AppError.badRequest('Name a cluster or at least one appeal', [{ field: 'appealIds', message: 'name a cluster (clusterKey) or at least one appeal' }]);
    }
    const lead = dto.leadDepartmentId === undefined ? null : await this.leadDepartment(user, dto.leadDepartmentId);
    const now = this.clock.now();
    const id = await this.uow.transaction(async (m) => {
      const problemId = await this.problems.insert(m, {
        title,
        description: dto.description?.trim() || null,
        regionCode: scope.code,
        periodKind: period.kind as 'month',
        periodKey: period.key,
        periodFrom: period.fromDate,
        periodTo: period.toDate,
        sourceClusterKey: dto.clusterKey ?? null,
        leadDepartmentId: lead?.id ?? null,
        createdBy: user.id,
        createdAt: now,
      });
      await this.problems.link(m, problemId, appealIds, user.id, now);
      await this.problems.addEvent(m, problemId, 'named', user.id, now, {
        periodKey: period.key,
        periodLabel: period.label,
        clusterKey: dto.clusterKey,
        appealIds,
      });
      if (lead) await this.problems.addEvent(m, problemId, 'lead_assigned', user.id, now, { departmentId: lead.id, departmentName: lead.name });
      return problemId;
    });
    return this.detail(user, id);
  }

  async list(user: AuthUser, query: ListProblemsQueryDto): Promise<ProblemPageDto> {
    const period = query.period || query.key ? resolvePeriod({ period: query.period ?? 'month', key: query.key }, this.clock.now()) : null;
    const regionPrefix = query.regionCode ? subtreePrefix((await resolveScope(this.names, user, query.regionCode)).code) : undefined;
    const { rows, total } = await this.problems.list(
      visibilityOf(user),
      { state: query.state, periodFrom: period?.fromDate, periodTo: period?.toDate, regionPrefix, topic: query.topic },
      { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
    );
    return { items: rows.map(problemDto), total, page: query.page, pageSize: query.pageSize };
  }

  async get(user: AuthUser, id: number): Promise<CommonProblemDto> {
    return problemDto(await this.visible(user, id));
  }

  async detail(user: AuthUser, id: number): Promise<CommonProblemDetailDto> {
    const row = await this.visible(user, id);
    return { ...problemDto(row), events: (await this.problems.events(id)).map(eventDto) };
  }

  async appeals(user: AuthUser, id: number): Promise<LinkedAppealsDto> {
    await this.visible(user, id);
    return { items: (await this.problems.linkedAppeals(id)).map((a) => linkedAppealDto(a, user)) };
  }

  async link(user: AuthUser, id: number, dto: ProblemAppealsChangeDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    return this.change(user, id, expected, async (row, linked) => {
      const inRegion = await this.appealsForRegion(user, dto.appealIds, row.regionCode);
      const fresh = appealsToLink(linked, inRegion);
      this.refuse({ kind: 'link', appealIds: inRegion }, row, linked);
      return { columns: {}, link: fresh, events: [{ action: 'appeals_linked', details: { appealIds: fresh } }] };
    });
  }

  async unlink(user: AuthUser, id: number, dto: ProblemAppealsChangeDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    return this.change(user, id, expected, async (row, linked) => {
      const ids = [...new Set(dto.appealIds)];
      this.refuse({ kind: 'unlink', appealIds: ids }, row, linked);
      return { columns: {}, unlink: ids, events: [{ action: 'appeals_unlinked', details: { appealIds: ids } }] };
    });
  }

  async assignLead(user: AuthUser, id: number, dto: AssignLeadDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    const lead = await this.leadDepartment(user, dto.leadDepartmentId);
    return this.change(user, id, expected, async (row, linked) => {
      const change: ProblemChange = { kind: 'assign_lead', departmentId: lead.id };
      this.refuse(change, row, linked);
      const reopensAnswer = row.state === 'answered';
      const columns: ColumnChanges<ProblemColumns> = { lead_department_id: lead.id, state: stateAfter(change, facts(row, linked)) };
      // The answer was the former lead's: the new lead answers afresh (the timeline keeps the old text).
      if (reopensAnswer) Object.assign(columns, { answer_text: null, answer_policy_id: null, answered_at: null, answered_by: null });
      const action = row.leadDepartmentId === null ? 'lead_assigned' : 'lead_changed';
      return { columns, events: [{ action, details: { departmentId: lead.id, departmentName: lead.name } }] };
    });
  }

  async answer(user: AuthUser, id: number, dto: AnswerProblemDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    const text = dto.text.trim();
    if (text.length < 5) throw AppError.badRequest('The answer is too short', [{ field: 'text', message: 'at least 5 characters' }]);
    if (dto.policyId !== undefined && (await this.problems.policyTitle(dto.policyId)) === null) {
      throw AppError.badRequest(`Policy ${dto.policyId} does not exist`, [{ field: 'policyId', message: 'no such policy' }]);
    }
    return this.change(user, id, expected, async (row, linked) => {
      const change: ProblemChange = { kind: 'answer', actorDepartmentId: user.departmentId };
      this.refuse(change, row, linked);
      const now = this.clock.now();
      return {
        columns: { state: stateAfter(change, facts(row, linked)), answer_text: text, answer_policy_id: dto.policyId ?? null, answered_at: now, answered_by: user.id },
        events: [{ action: row.state === 'answered' ? 'answer_revised' : 'answered', details: { text, policyId: dto.policyId } }],
      };
    });
  }

  async close(user: AuthUser, id: number, dto: ProblemNoteDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    return this.change(user, id, expected, async (row, linked) => {
      this.refuse({ kind: 'close' }, row, linked);
      return { columns: { state: 'closed', closed_at: this.clock.now(), closed_by: user.id }, events: [{ action: 'closed', details: { note: dto.note?.trim() || undefined } }] };
    });
  }

  async reopen(user: AuthUser, id: number, dto: ProblemNoteDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    return this.change(user, id, expected, async (row, linked) => {
      this.refuse({ kind: 'reopen' }, row, linked);
      return { columns: { state: 'answered', closed_at: null, closed_by: null }, events: [{ action: 'reopened', details: { note: dto.note?.trim() || undefined } }] };
    });
  }

  async setTopic(user: AuthUser, id: number, dto: SetTopicDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    const kind = dto.period ?? 'month';
    const period = resolvePeriod({ period: kind, key: dto.key }, this.clock.now());
    return this.change(user, id, expected, async (row, linked) => {
      this.refuse({ kind: 'set_topic' }, row, linked);
      if (row.topicKey === period.key) throw AppError.conflict(`The problem is the topic of ${period.key} already`);
      return {
        columns: { topic_kind: kind, topic_key: period.key, topic_from: period.fromDate, topic_to: period.toDate },
        events: [{ action: 'topic_set', details: { periodKey: period.key, periodLabel: period.label } }],
      };
    });
  }

  async clearTopic(user: AuthUser, id: number, dto: ProblemNoteDto, expected?: ExpectedVersion): Promise<CommonProblemDetailDto> {
    return this.change(user, id, expected, async (row, linked) => {
      this.refuse({ kind: 'clear_topic' }, row, linked);
      return {
        columns: { topic_kind: null, topic_key: null, topic_from: null, topic_to: null },
        events: [{ action: 'topic_cleared', details: { periodKey: row.topicKey, note: dto.note?.trim() || undefined } }],
      };
    });
  }

  /** The departments a caller may make lead: active ones in their reach. */
  leadChoices(user: AuthUser): Promise<Array<{ id: number; name: string; regionName: string }>> {
    return this.problems.departmentsIn(user.reachPrefix);
  }

  /**
   * Appeal ids for readable numbers (2026-000123) typed in a form, within the caller's reach; a
   * number not found answers 400 on `appealNumbers` (the same for one outside the reach).
   */
  async appealIdsFor(user: AuthUser, numbers: readonly string[]): Promise<number[]> {
    const unique = [...new Set(numbers.map((n) => n.trim()).filter(Boolean))];
    if (unique.length === 0) throw AppError.badRequest('Give at least one appeal number', [{ field: 'appealNumbers', message: 'required' }]);
    const found = await this.problems.appealIdsByNumber(unique, user.reachPrefix);
    const missing = unique.filter((n) => !found.has(n));
    if (missing.length) {
      throw AppError.badRequest(`No appeal ${missing.join(', ')} in your region`, [{ field: 'appealNumbers', message: `not found: ${missing.join(', ')}` }]);
    }
    return unique.map((n) => found.get(n) as number);
  }

  /** The problem as the caller sees it, or 404 exactly like a missing one. */
  async visible(user: AuthUser, id: number, m?: EntityManager): Promise<ProblemRow> {
    return requireFound(this.problems.find(id, visibilityOf(user), m), WHAT, id);
  }

  /**
   * One change: lock the row in the caller's sight (404), compare versions (409 in the body,
   * 412 by If-Match), decide, write the row, the links and the events in the same transaction.
   */
  private async change(
    user: AuthUser,
    id: number,
    expected: ExpectedVersion | undefined,
    decide: (row: ProblemRow, linked: number[]) => Promise<Effects>,
  ): Promise<CommonProblemDetailDto> {
    if (!expected) throw versionRequired();
    const visibility = visibilityOf(user);
    await this.uow.transaction(async (m) => {
      const locked = await this.problems.lockVisible(m, id, visibility);
      if (!locked) throw AppError.notFound(WHAT, id);
      if (locked.version !== expected.version) throw staleVersion(WHAT, expected, { version: locked.version });
      const row = await this.visible(user, id, m);
      const linked = await this.problems.linkedIds(m, id);
      const effects = await decide(row, linked);
      const now = this.clock.now();
      if (!(await this.problems.updateVersioned(m, id, expected.version, effects.columns, now))) {
        throw staleVersion(WHAT, expected, { version: locked.version });
      }
      await this.problems.link(m, id, effects.link ?? [], user.id, now);
      await this.problems.unlink(m, id, effects.unlink ?? []);
      for (const event of effects.events) await this.problems.addEvent(m, id, event.action, user.id, now, event.details);
    });
    return this.detail(user, id);
  }

  private refuse(change: ProblemChange, row: ProblemRow, linked: readonly number[]): void {
    const refusal = refusalOf(change, facts(row, linked));
    if (!refusal) return;
    if (refusal.code === 'forbidden') throw AppError.forbidden(refusal.message);
    if (refusal.code === 'bad_request') throw AppError.badRequest(refusal.message, [{ field: 'appealIds', message: refusal.message }]);
    throw AppError.conflict(refusal.message, { state: row.state });
  }

  /**
   * The given appeals, each within the caller's reach (404 otherwise, as for any id they may not
   * see) and within the problem's region (400: a problem of 锦江 does not hold an appeal of 青羊).
   */
  private async appealsForRegion(user: AuthUser, ids: readonly number[], regionCode: string): Promise<number[]> {
    const unique = [...new Set(ids)];
    const found = await this.problems.appealsIn(this.uow.manager, unique, user.reachPrefix);
    const missing = unique.find((id) => !found.has(id));
    if (missing !== undefined) throw AppError.notFound('Appeal', missing);
    const prefix = subtreePrefix(regionCode);
    const outside = unique.filter((id) => !(found.get(id) as string).startsWith(prefix));
    if (outside.length) {
      throw AppError.badRequest(`Appeals ${outside.join(', ')} lie outside the problem’s region ${regionCode}`, [
        { field: 'appealIds', message: `outside the problem’s region: ${outside.join(', ')}` },
      ]);
    }
    return unique;
  }

  /** An active department within the caller's reach (the same 400 for one that does not exist, so none is probed). */
  private async leadDepartment(user: AuthUser, id: number): Promise<{ id: number; name: string }> {
    const department = await this.problems.department(id);
    if (!department || !department.active || !reaches(user.reachPrefix, department.regionCode)) {
      throw AppError.badRequest(`Department ${id} is not an active department of your region`, [
        { field: 'leadDepartmentId', message: 'not an active department of your region' },
      ]);
    }
    return { id: department.id, name: department.name };
  }
}

function facts(row: ProblemRow, linked: readonly number[]) {
  return { state: row.state, leadDepartmentId: row.leadDepartmentId, linkedAppealIds: linked, hasTopic: row.topicKey !== null };
}
