import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { isDuplicateKey } from '../../common/database/mysql-errors';
import { AppError } from '../../common/errors/app-error';
import { levelOfCode } from '../../common/scope/region-reach';
import { CategoriesService } from '../../categories/categories.service';
import { SlaTimersService } from '../../sla/sla-timers.service';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { AppealsRepository, type NewAppealRow } from '../appeals.repository';
import { type SubmissionFirm, SubmissionRepository } from '../submission.repository';
import { decideSubmission } from '../domain';
import { AppealHistory } from '../events/appeal-history';
import { canonicalJson } from '../events/event-hash';
import { Channel, SubmitAppealDto, Urgency } from '../dto/submit-appeal.dto';
import { currentDueChanges } from './appeal-timers';
import { appealColumns } from '../appeal-columns';
import { AppealRow } from '../appeal-row';
import { metricFactsOf } from '../events/metric-facts';
import { submitterOf } from './submitter';
import { UnitOfWork } from '../../common/database/unit-of-work';
import { AppealNumbers } from '../appeal-numbers';
import { AppealTextsRepository } from '../../common-problems/appeal-texts.repository';

interface ExternalReference {
  source: string;
  externalId: string;
}

/** Both parts of another system's reference, or neither. */
function externalReferenceOf(dto: SubmitAppealDto): ExternalReference | null {
  if (dto.source === undefined && dto.externalId === undefined) return null;
  if (dto.source === undefined || dto.externalId === undefined) {
    const missing = dto.source === undefined ? 'source' : 'externalId';
    throw AppError.badRequest('A reference needs both source and externalId', [{ field: missing, message: 'required with the other' }]);
  }
  return { source: dto.source, externalId: dto.externalId };
}

interface PreparedSubmission {
  now: Date;
  firm: SubmissionFirm;
  /** The appeal's columns with its number, drawn from this process's block before the transaction (AppealNumbers). */
  values: NewAppealRow & { number: string };
  eventPayload: Record<string, unknown>;
  /** The visit the appeal was found on, linked in the submission's transaction. */
  visitId: number | null;
}

export interface SubmitResult {
  appealId: number;
  replayed: boolean;
}

@Injectable()
export class SubmitAppealUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly appeals: AppealsRepository,
    private readonly submissions: SubmissionRepository,
    private readonly history: AppealHistory,
    private readonly categories: CategoriesService,
    private readonly timers: SlaTimersService,
    private readonly clock: Clock,
    private readonly numbers: AppealNumbers,
    private readonly texts: AppealTextsRepository,
  ) {}

  /**
   * With an Idempotency-Key, a retried submission returns the first appeal and creates nothing.
   * Two concurrent requests with one key collide on the key's primary key: the loser's
   * transaction rolls back and it answers with the winner's appeal.
   * `within` runs in the submission's transaction once the appeal exists (a feature linking the
   * appeal to its own record, e.g. a policy question), so the appeal and the link commit together.
   */
  async execute(
    user: AuthUser,
    dto: SubmitAppealDto,
    idempotencyKey?: string,
    within?: (manager: EntityManager, appealId: number) => Promise<void>,
  ): Promise<SubmitResult> {
    const requestHash = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    const reference = externalReferenceOf(dto);
    if (reference) {
      const previous = await this.findByReference(user, dto, reference);
      if (previous) return { appealId: previous, replayed: true };
    }
    if (idempotencyKey) {
      const previous = await this.findByKey(this.appeals.manager, user.id, idempotencyKey, requestHash);
      if (previous) return { appealId: previous, replayed: true };
    }
    try {
      // Every read that goes through the connection pool (categories, the cached calendar and
      // settings, the SLA policy) happens before the transaction opens. Issued inside it, such a read
      // needs a second connection while the transaction holds one, and DATABASE_POOL_SIZE concurrent
      // submissions then wait on each other for ever (found by npm run bench at 50 connections).
      const prepared = await this.prepare(this.appeals.manager, user, dto);
      const appealId = await this.uow.transaction(async (m) => {
        const id = await this.submit(m, user, dto, prepared, idempotencyKey, requestHash);
        if (within) await within(m, id);
        return id;
      });
      return { appealId, replayed: false };
    } catch (error) {
      if (idempotencyKey && isDuplicateKey(error)) {
        const previous = await this.findByKey(this.appeals.manager, user.id, idempotencyKey, requestHash);
        if (previous) return { appealId: previous, replayed: true };
      }
      // Two submissions of one reference at once: the loser answers with the winner's appeal.
      if (reference && isDuplicateKey(error)) {
        const previous = await this.findByReference(user, dto, reference);
        if (previous) return { appealId: previous, replayed: true };
      }
      throw error;
    }
  }

  /** Whether this user already submitted under this key (a form posted twice replays, it is not asked again). */
  async alreadySubmitted(user: AuthUser, idempotencyKey: string): Promise<boolean> {
    return (await this.submissions.idempotencyRecord(this.appeals.manager, user.id, idempotencyKey)) !== null;
  }

  private async findByKey(m: EntityManager, userId: number, key: string, requestHash: string): Promise<number | null> {
    const record = await this.submissions.idempotencyRecord(m, userId, key);
    if (!record) return null;
    if (record.requestHash !== requestHash) {
      throw AppError.conflict('This Idempotency-Key was already used for a different submission', { idempotencyKey: key });
    }
    return record.appealId;
  }

  /**
   * The appeal already submitted under this reference, when it is for the same firm; a reference
   * its source used for another firm's appeal is a conflict, never a silent merge.
   */
  private async findByReference(user: AuthUser, dto: SubmitAppealDto, reference: ExternalReference): Promise<number | null> {
    const existing = await this.appeals.findByExternalReference(this.appeals.manager, reference.source, reference.externalId);
    if (!existing) return null;
    const enterpriseId = user.role === 'enterprise' ? user.enterpriseId : dto.enterpriseId;
    // Without a firm named the submission is refused as such (400) by the checks that follow.
    if (enterpriseId === undefined || enterpriseId === null) return null;
    if (Number(enterpriseId) !== existing.enterprise_id) {
      throw AppError.conflict(`The reference ${reference.source}/${reference.externalId} was already used for another enterprise's appeal`, {
        source: reference.source,
        externalId: reference.externalId,
      });
    }
    return existing.id;
  }

  /** Checks and decisions that read but do not write: who may submit for which firm, urgency, policy, deadlines. */
  private async prepare(m: EntityManager, user: AuthUser, dto: SubmitAppealDto): Promise<PreparedSubmission> {
    const now = this.clock.now();
    const enterpriseId = user.role === 'enterprise' ? user.enterpriseId : dto.enterpriseId;
    if (!enterpriseId) throw AppError.badRequest('Name the enterprise you submit for', [{ field: 'enterpriseId', message: 'required' }]);
    if (user.role === 'enterprise' && dto.enterpriseId && dto.enterpriseId !== user.enterpriseId) {
      throw AppError.forbidden('Enterprise users submit for their own firm only');
    }
    const firm = await this.submissions.firm(m, enterpriseId);
    // A firm outside the officer's assignment, or the client's reach, is as invisible as a missing one.
    const { actor, firmVisible } = submitterOf(user, firm);
    if (!firm || !firmVisible) throw AppError.notFound('Enterprise', enterpriseId);
    if (!actor) throw AppError.forbidden('Only the enterprise, its liaison officer or a client with appeals:submit may submit an appeal');
    const decision = decideSubmission(String(firm.id), actor);
    if (!decision.ok) throw AppError.forbidden(decision.message);
    if (Number(firm.active) !== 1) throw AppError.badRequest('The enterprise is inactive', [{ field: 'enterpriseId', message: 'inactive enterprise' }]);

    const visitId = await this.visitOf(m, user, dto, Number(firm.id));
    const category = await this.categories.requireActive(dto.categoryId);
    const parent = category.parentId ? await this.categories.get(category.parentId) : null;
    const whitelisted = firm.tags.split(',').includes('whitelist');
    const urgency: Urgency =
      whitelisted || category.urgentByDefault || parent?.urgentByDefault || (user.role === 'officer' && dto.urgency === 'urgent') ? 'urgent' : 'normal';
    const level = levelOfCode(firm.region_code) === 'county' ? 'county' : 'city';
    const channel: Channel = dto.channel ?? (user.client ? 'api' : user.role === 'officer' ? 'visit' : 'portal');
    const policy = await this.timers.currentPolicy(m, { categoryId: category.id, urgency, level });
    const responseDue = await this.timers.responseDue(now, policy);
    const values: NewAppealRow = {
      enterprise_id: firm.id,
      region_code: firm.region_code,
      city_code: `${firm.region_code.slice(0, 4)}00`,
      officer_id: firm.officer_id,
      submitted_by: user.id,
      channel,
      submitted_on_behalf: decision.eventPayload.onBehalf === true ? 1 : 0,
      category_id: category.id,
      kind: dto.kind,
      title: dto.title,
      description: dto.description,
      urgency,
      level,
      status: 'submitted',
      objected_department_ids: '[]',
      sla_policy_id: policy.id,
      submitted_at: now,
      response_due_at: responseDue.value,
      response_due_basis: responseDue.basis,
      updated_at: now,
      external_source: dto.source ?? null,
      external_id: dto.externalId ?? null,
    };
    Object.assign(values, appealColumns(await currentDueChanges(this.timers, policy, values as unknown as AppealRow, now)));
    // Last, once every check has passed: a refused submission draws no number.
    const number = await this.numbers.next(Number(shanghaiDateOf(now).slice(0, 4)));
    return { now, firm, values: { number, ...values }, visitId, eventPayload: {
        ...decision.eventPayload,
        channel,
        urgency,
        categoryId: category.id,
        slaPolicyId: policy.id,
        facts: metricFactsOf(values),
      },
    };
  }

  /** The visit named by an officer, when it was a visit to this firm; nobody else links visits. */
  private async visitOf(m: EntityManager, user: AuthUser, dto: SubmitAppealDto, enterpriseId: number): Promise<number | null> {
    if (dto.visitId === undefined) return null;
    if (user.role !== 'officer') {
      throw AppError.badRequest('Only the liaison officer links an appeal to a visit', [{ field: 'visitId', message: 'officers only' }]);
    }
    if ((await this.submissions.visitFirm(m, dto.visitId)) !== enterpriseId) {
      throw AppError.badRequest(`Visit ${dto.visitId} is not a visit to this enterprise`, [
        { field: 'visitId', message: 'not a visit to this enterprise' },
      ]);
    }
    return dto.visitId;
  }

  private async submit(
    m: EntityManager,
    user: AuthUser,
    dto: SubmitAppealDto,
    { now, firm, values, eventPayload, visitId }: PreparedSubmission,
    key: string | undefined,
    requestHash: string,
  ): Promise<number> {
    const { number } = values;
    const appealId = await this.appeals.insert(m, values);
    // Title and description are never edited after submission: this is the only write of the text.
    await this.texts.write(m, { id: appealId, enterpriseId: Number(firm.id), title: dto.title, description: dto.description });
    if (visitId !== null) await this.submissions.linkVisit(m, appealId, visitId);
    if (key) {
      await this.submissions.recordIdempotencyKey(m, user.id, key, requestHash, appealId, now);
    }
    await this.history.record(m, 'created', [
      {
        appealId,
        action: 'submit',
        actor: { id: user.id, role: user.role },
        onBehalf: eventPayload.onBehalf === true,
        fromStatus: null,
        toStatus: 'submitted',
        payload: eventPayload,
        visibility: 'public',
        at: now,
        notify: {
          appeal: {
            id: appealId,
            number,
            title: dto.title,
            enterpriseId: firm.id,
            officerId: firm.officer_id === null ? null : Number(firm.officer_id),
            leadDepartmentId: null,
            regionCode: firm.region_code,
          },
        },
      },
    ]);
    return appealId;
  }
}
