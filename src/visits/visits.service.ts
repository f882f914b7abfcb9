import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { Page, pageOf } from '../common/pagination/page-query.dto';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { parseIsoDate } from '../supervision/domain/local-date';
import { CreateVisitDto, ListVisitsQuery, VisitDto } from './dto/visit.dto';
import { VisitsRepository } from './visits.repository';

@Injectable()
export class VisitsService {
  constructor(
    private readonly visits: VisitsRepository,
    private readonly clock: Clock,
  ) {}

  /** An officer logs a visit to a firm currently assigned to them. */
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
    const id = await this.visits.insert({
      enterpriseId: firm.id,
      officerId: actor.id,
      regionCode: firm.regionCode,
      visitDate: dto.visitDate,
      form: dto.form,
      participants: dto.participants ?? null,
      notes: dto.notes ?? null,
      problemsFound: dto.problemsFound,
      createdAt: now,
    });
    return this.get(actor, id);
  }

  async get(actor: AuthUser, id: number): Promise<VisitDto> {
    const visit = await this.visits.findVisible(actor, id);
    if (!visit) throw AppError.notFound('Visit', id);
    return visit;
  }

  async list(actor: AuthUser, query: ListVisitsQuery): Promise<Page<VisitDto>> {
    const [items, total] = await this.visits.listVisible(actor, query);
    return pageOf(items, total, query);
  }
}
