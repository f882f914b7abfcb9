import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { PolicyMatchingService } from '../matching/policy-matching.service';
import { FirmFactsDto, PutFirmFactsDto } from './firm-facts.dto';
import { FirmFactsRepository } from './firm-facts.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

/** Numeric facts the programme records about a firm, which policy rules can require (employees ≥ 50, …). */
@Injectable()
export class FirmFactsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: FirmFactsRepository,
    private readonly matching: PolicyMatchingService,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, enterpriseId: number): Promise<FirmFactsDto> {
    if (!(await this.facts.visibleFirmRegion(user, enterpriseId))) throw AppError.notFound('Enterprise', enterpriseId);
    return { enterpriseId, facts: await this.facts.list(enterpriseId) };
  }

  /** Admins and supervisors (of firms in their reach) record the facts; the firm is re-matched in the same transaction. */
  async replace(user: AuthUser, enterpriseId: number, dto: PutFirmFactsDto): Promise<FirmFactsDto> {
    if (!(await this.facts.visibleFirmRegion(user, enterpriseId))) throw AppError.notFound('Enterprise', enterpriseId);
    const seen = new Set<string>();
    dto.facts.forEach((f, i) => {
      if (seen.has(f.fact)) throw AppError.badRequest(`${f.fact} is listed twice`, [{ field: `facts[${i}].fact`, message: 'listed twice' }]);
      seen.add(f.fact);
    });
    await this.uow.transaction(async (m) => {
      await this.facts.replace(m, enterpriseId, dto.facts.map((f) => ({ fact: f.fact, value: f.value, asOf: f.asOf ?? null })), this.clock.now());
      await this.matching.rematchFirms(m, [enterpriseId]);
    });
    return this.get(user, enterpriseId);
  }
}
