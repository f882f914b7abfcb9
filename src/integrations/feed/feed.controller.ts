import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { FeedPageDto, FeedQuery } from './dto/feed.dto';
import { FeedService } from './feed.service';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/events')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  /**
   * The change feed: appeal events you may see (the appeals you may read; internal notes only for
   * staff, and for machine clients holding appeals:internal), in the order they committed. Start
   * without `after`, then send each answer's `nextCursor`; an empty page means nothing new yet.
   * Events are thin (what happened to which appeal, by whom): read the appeal for its state. A
   * cursor is opaque and signed: an altered one answers 400.
   */
  @Get()
  @ApiOkResponse({ type: FeedPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: FeedQuery): Promise<FeedPageDto> {
    return this.feed.read(user, query);
  }
}
