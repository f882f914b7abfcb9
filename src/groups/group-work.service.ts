import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { pageOf } from '../common/pagination/page-query.dto';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { parseIsoDate } from '../supervision/domain/local-date';
import type {
  CloseOffDto,
  CreateGroupVisitDto,
  CreateLedgerNoteDto,
  CreateMeasureDto,
  GroupVisitDto,
  LedgerEntryDto,
  LedgerNoteDto,
  LedgerPageDto,
  LedgerQuery,
  MeasureDto,
  UpdateMeasureDto,
} from './dto/group.dto';
import { closeOffRefusal, measureTransitionRefusal } from './domain/group-access';
import { GroupWorkRepository, type MeasureColumns } from './group-work.repository';
import { GroupsService } from './groups.service';
import { UnitOfWork } from '../common/database/unit-of-work';
import type { ColumnChanges } from '../common/database/versioned-update';

function badDate(field: string, value: string | undefined): void {
  if (value !== undefined && parseIsoDate(value) === null)
    throw AppError.badRequest(`${field}: not a calendar date`, [{ field, message: 'not a calendar date' }]);
}

/** A group's problem ledger (问题台账), service measures (服务措施) and visits (走访). */
@Injectable()
export class GroupWorkService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly groups: GroupsService,
    private readonly work: GroupWorkRepository,
    private readonly clock: Clock,
  ) {}

  async ledger(user: AuthUser, groupId: number, query: LedgerQuery): Promise<LedgerPageDto> {
    const { cityCodes } = await this.groups.reach(user, groupId);
    const { items, total } = await this.work.ledger(groupId, cityCodes, query);
    return pageOf<LedgerEntryDto>(items, total, query);
  }

  async notes(user: AuthUser, groupId: number, appealId: number): Promise<LedgerNoteDto[]> {
    const { cityCodes } = await this.groups.reach(user, groupId);
    if (!(await this.work.appealInCities(this.work.manager, appealId, cityCodes))) throw AppError.notFound('Ledger entry', appealId);
    return this.work.notes(groupId, appealId);
  }

  async addNote(user: AuthUser, groupId: number, appealId: number, dto: CreateLedgerNoteDto): Promise<LedgerNoteDto[]> {
    const { cityCodes } = await this.groups.reach(user, groupId, 'write');
    if (!(await this.work.appealInCities(this.work.manager, appealId, cityCodes))) throw AppError.notFound('Ledger entry', appealId);
    await this.work.insertNote(this.work.manager, groupId, appealId, dto.note, user.id, this.clock.now());
    return this.work.notes(groupId, appealId);
  }

  /** 销号: only once the appeal is closed; the appeal row is locked so a reopening (redo) cannot slip in between. */
  async closeOff(user: AuthUser, groupId: number, appealId: number, dto: CloseOffDto): Promise<LedgerNoteDto[]> {
    const { cityCodes } = await this.groups.reach(user, groupId, 'write');
    const now = this.clock.now();
    await this.uow.transaction(async (m) => {
      const appeal = await this.work.appealInCities(m, appealId, cityCodes, true);
      if (!appeal) throw AppError.notFound('Ledger entry', appealId);
      const refusal = closeOffRefusal(appeal.status, await this.work.isClosedOff(m, groupId, appealId));
      if (refusal) throw AppError.conflict(refusal, { status: appeal.status });
      await this.work.closeOff(m, groupId, appealId, user.id, dto.note ?? null, now);
      await this.work.insertNote(m, groupId, appealId, dto.note ? `销号：${dto.note}` : '销号', user.id, now);
    });
    return this.work.notes(groupId, appealId);
  }

  async measures(user: AuthUser, groupId: number): Promise<MeasureDto[]> {
    await this.groups.reach(user, groupId);
    return this.work.measures(groupId, shanghaiDateOf(this.clock.now()));
  }

  async addMeasure(user: AuthUser, groupId: number, dto: CreateMeasureDto): Promise<MeasureDto> {
    await this.groups.reach(user, groupId, 'write');
    badDate('startDate', dto.startDate);
    badDate('dueDate', dto.dueDate);
    if (dto.dueDate && dto.dueDate < dto.startDate)
      throw AppError.badRequest('dueDate: before startDate', [{ field: 'dueDate', message: 'before startDate' }]);
    const now = this.clock.now();
    const id = await this.work.insertMeasure(this.work.manager, {
      groupId,
      title: dto.title,
      detail: dto.detail ?? null,
      owner: dto.owner,
      startDate: dto.startDate,
      dueDate: dto.dueDate ?? null,
      userId: user.id,
      now,
    });
    return (await this.work.measure(this.work.manager, groupId, id, shanghaiDateOf(now))) as MeasureDto;
  }

  async updateMeasure(user: AuthUser, groupId: number, id: number, dto: UpdateMeasureDto): Promise<MeasureDto> {
    await this.groups.reach(user, groupId, 'write');
    badDate('dueDate', dto.dueDate);
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    await this.uow.transaction(async (m) => {
      const current = await this.work.measure(m, groupId, id, today, true);
      if (!current) throw AppError.notFound('Measure', id);
      if (current.version !== dto.version) throw AppError.versionConflict(`Measure ${id}`, { currentVersion: current.version });
      const evidence = dto.evidence ?? current.evidence;
      const refusal = measureTransitionRefusal(current.status, dto.status ?? current.status, evidence);
      if (refusal) throw AppError.conflict(refusal, { status: current.status });
      const changes: ColumnChanges<MeasureColumns> = {};
      if (dto.status) changes.status = dto.status;
      if (dto.evidence !== undefined) changes.evidence = dto.evidence;
      if (dto.dueDate !== undefined) changes.due_date = dto.dueDate;
      await this.work.updateMeasure(m, id, dto.version, changes, now);
    });
    return (await this.work.measure(this.work.manager, groupId, id, today)) as MeasureDto;
  }

  async visits(user: AuthUser, groupId: number): Promise<GroupVisitDto[]> {
    await this.groups.reach(user, groupId);
    return this.work.visits(groupId);
  }

  /** Logged like an officer's visit: a date not in the future, a form, notes, whether problems were found. */
  async addVisit(user: AuthUser, groupId: number, dto: CreateGroupVisitDto): Promise<GroupVisitDto> {
    const { cityCodes } = await this.groups.reach(user, groupId, 'write');
    badDate('visitDate', dto.visitDate);
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    if (dto.visitDate > today) {
      throw AppError.badRequest(`A visit cannot be logged before it happens (today is ${today})`, [
        { field: 'visitDate', message: `must not be after ${today}` },
      ]);
    }
    if (dto.enterpriseId !== undefined && !(await this.work.firmInCities(dto.enterpriseId, cityCodes)))
      throw AppError.notFound('Enterprise', dto.enterpriseId);
    if (dto.projectId !== undefined && !(await this.work.projectInCities(dto.projectId, cityCodes)))
      throw AppError.notFound('Project', dto.projectId);
    const id = await this.work.insertVisit({
      groupId,
      enterpriseId: dto.enterpriseId ?? null,
      projectId: dto.projectId ?? null,
      visitDate: dto.visitDate,
      form: dto.form,
      participants: dto.participants ?? null,
      notes: dto.notes ?? null,
      problemsFound: dto.problemsFound,
      userId: user.id,
      now,
    });
    return (await this.work.visits(groupId)).find((v) => v.id === id) as GroupVisitDto;
  }
}
