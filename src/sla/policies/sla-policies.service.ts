import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { translatingWrites } from '../../common/database/unit-of-work';
import { AppError } from '../../common/errors/app-error';
import { CreateSlaPolicyDto, ListSlaPoliciesQuery, SlaPolicyDto } from './dto/sla-policy.dto';
import { SlaPoliciesRepository } from './sla-policies.repository';
import type { SlaPolicyRecord } from './sla-policy';

function toDto(record: SlaPolicyRecord): SlaPolicyDto {
  return { ...record, current: record.supersededAt === null };
}

/** Policies are versioned data: a change is a new version, and appeals keep the one they started under. */
@Injectable()
export class SlaPoliciesService {
  private readonly logger = new Logger(SlaPoliciesService.name);

  constructor(
    private readonly policies: SlaPoliciesRepository,
    private readonly clock: Clock,
  ) {}

  async list(query: ListSlaPoliciesQuery): Promise<SlaPolicyDto[]> {
    return (await this.policies.listAll({ currentOnly: query.currentOnly ?? false, categoryId: query.categoryId })).map(toDto);
  }

  async create(user: AuthUser, dto: CreateSlaPolicyDto): Promise<SlaPolicyDto> {
    const categoryId = dto.categoryId ?? null;
    if (categoryId !== null && !(await this.policies.categoryExists(categoryId))) {
      throw AppError.badRequest(`Category ${categoryId} does not exist`, [{ field: 'categoryId', message: 'unknown category' }]);
    }
    if (dto.resolutionDaysCohandled < dto.resolutionDays) {
      throw AppError.badRequest('Co-handling cannot shorten the resolution limit', [
        { field: 'resolutionDaysCohandled', message: `must be at least resolutionDays (${dto.resolutionDays})` },
      ]);
    }
    // Two admins saving the same scope at once: the loser retries with the version just made.
    const id = await translatingWrites(
      () =>
        this.policies.insertNextVersion(
          {
            categoryId,
            urgency: dto.urgency,
            level: dto.level ?? null,
            responseAmount: dto.responseAmount,
            responseUnit: dto.responseUnit,
            resolutionDays: dto.resolutionDays,
            resolutionDaysCohandled: dto.resolutionDaysCohandled,
            verificationDays: dto.verificationDays,
          },
          user.id,
          this.clock.now(),
        ),
      { duplicate: () => AppError.conflict('Someone else just saved a new version of this policy; reload and try again') },
    );
    const created = await this.policies.findById(this.policies.manager, id);
    this.logger.log({ msg: 'sla policy version created', id, by: user.id, version: created?.policyVersion });
    return toDto(created as SlaPolicyRecord);
  }
}
