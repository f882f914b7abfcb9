import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { QueuePageDto, QueueQueryDto } from './dto/queue.dto';
import { QUEUES } from './queues.repository';
import { QueuesService } from './queues.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  /**
   * A supervisor's work queue, most urgent deadline first: overdue (red light), due-soon (yellow
   * light), unaccepted (still submitted past the response limit), awaiting-verification
   * (resolved, waiting for the firm) or orders-awaiting-reply (supervision orders without a reply)
   */
  @Get(':queue')
  @ApiParam({ name: 'queue', enum: QUEUES })
  list(@CurrentUser() user: AuthUser, @Param('queue') queue: string, @Query() query: QueueQueryDto): Promise<QueuePageDto> {
    return this.queues.list(user, queue, query);
  }
}
