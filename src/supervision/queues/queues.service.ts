import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { resolveScope } from '../shared/supervision-scope';
import { QueueQueryDto, QueuePageDto } from './dto/queue.dto';
import { QUEUES, QueuesRepository, type OpenDistributionRow, type QueueName } from './queues.repository';

@Injectable()
export class QueuesService {
  constructor(
    private readonly queues: QueuesRepository,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, queue: string, query: QueueQueryDto): Promise<QueuePageDto> {
    if (!isQueue(queue)) {
      throw AppError.badRequest(`Unknown queue "${queue}"`, [{ field: 'queue', message: `one of ${QUEUES.join(', ')}` }]);
    }
    if (query.regionCode) await resolveScope(this.names, user, query.regionCode);
    const [items, total] = await this.queues.page(user, queue, query, this.clock.now(), query.page, query.pageSize);
    return { queue, items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The open appeals of a region in reach (default: the user's own) by warning light and ladder step. */
  async openDistribution(user: AuthUser, regionCode?: string): Promise<OpenDistributionRow[]> {
    const scope = await resolveScope(this.names, user, regionCode);
    return this.queues.openDistribution(user, scope.code);
  }
}

function isQueue(value: string): value is QueueName {
  return (QUEUES as readonly string[]).includes(value);
}
