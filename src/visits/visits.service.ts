import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../common/database/unit-of-work';
import { AppError } from '../common/errors/app-error';
import { Page, pageOf } from '../common/pagination/page-query.dto';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { parseIsoDate } from '../supervision/domain/local-date';
import { officerUnit } from './domain/visit-planning';
import { CreateVisitDto, ListVisitsQuery, VisitDto } from './dto/visit.dto';
import type { VisitEventDto } from './dto/visit-plan.dto';
import { VisitNotifier } from './visit-notifier';
import { VisitPresenter } from './visit-presenter';
import { VisitEventsRepository } from './visit-events.repository';
import { VisitsRepository } from './visits.repository';

@Injectable()
export class VisitsService {
  constructor(
    private readonly visits: VisitsRepository,
    private readonly history: VisitEventsRepository,
    private readonly presenter: VisitPresenter,
    private readonly notifier: VisitNotifier,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * An officer logs a visit made without a plan to a firm currently assigned to them. It is done at
   * once, and counts for coverage once the firm confirms it (confirmation pending until then).
   */
  async create(actor: AuthUser, dto: CreateVisitDto): Promise<VisitDto> {
    // An officer sees only their own firms, so any other firm is a 404 like a missing one.
    const firm = await this.visits.findVisibleFirm(actor, dto.enterpriseId);
    if (!firm || firm.officerId !== actor.id) throw AppError.notFound('Enterprise', dto.enterpriseId);
    if (!firm.active) throw AppError.conflict(`Enterprise ${firm.name} is inactive`);
    if (parseIsoDate(dto.visitDate) === null) {
      throw AppError.badRequest(`visitDate is not a calendar date: ${dto.visitDate}`, [
        { field: 'visitDate', message: 'not a calendar date' },
      ]);
    }
    const now = this.clock.now();
    const today = shanghaiDateOf(now);
    if (dto.visitDate > today) {
      throw AppError.badRequest(`A visit cannot be logged before it happens (today is ${today})`, [
        { field: 'visitDate', message: `must not be after ${today}` },
      ]);
    }
    const unit = officerUnit(await this.visits.officerFacts(actor.id));
    const id = await this.uow.transaction(async (m) => {
      const visitId = await this.visits.insert(m, {
        enterpriseId: firm.id,
        officerId: actor.id,
        groupId: null,
        unit,
        regionCode: firm.regionCode,
        status: 'done',
        visitDate: dto.visitDate,
        form: dto.form,
        purpose: null,
        participants: dto.participants ?? null,
        notes: dto.notes ?? null,
        problemsFound: dto.problemsFound,
        confirmation: 'pending',
        overBudget: false,
        at: now,
      });
      await this.notifier.record(m, actor, {
        visitId,
        action: 'log_direct',
        fromStatus: null,
        toStatus: 'done',
        visitDate: dto.visitDate,
        proposedDate: null,
        confirmation: 'pending',
        note: null,
        relatedVisitId: null,
        firm: { id: firm.id, name: firm.name },
        unitName: unit.name,
        plannerId: actor.id,
        at: now,
      });
      return visitId;
    });
    return this.get(actor, id);
  }

  async get(actor: AuthUser, id: number): Promise<VisitDto> {
    const visit = await this.visits.findVisible(actor, id);
    if (!visit) throw AppError.notFound('Visit', id);
    return (await this.presenter.present(actor, [visit]))[0];
  }

  async list(actor: AuthUser, query: ListVisitsQuery): Promise<Page<VisitDto>> {
    const [rows, total] = await this.visits.listVisible(actor, query);
    return pageOf(await this.presenter.present(actor, rows), total, query);
  }

  /** The visit's history, oldest first, for whoever may read the visit. */
  async events(actor: AuthUser, id: number): Promise<VisitEventDto[]> {
    if (!(await this.visits.isVisible(actor, id))) throw AppError.notFound('Visit', id);
    return this.history.listEvents(id);
  }
}
