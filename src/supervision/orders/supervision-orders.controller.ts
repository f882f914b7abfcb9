import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/page-query.dto';
import {
  IssueSupervisionOrderDto,
  ListSupervisionOrdersQuery,
  ReplySupervisionOrderDto,
  SupervisionOrderDto,
} from './dto/supervision-order.dto';
import { SupervisionOrdersService } from './supervision-orders.service';
import { ApiErrors, ApiPagedResponse } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('supervision-orders')
@ApiBearerAuth()
@Controller('api')
export class SupervisionOrdersController {
  constructor(private readonly orders: SupervisionOrdersService) {}

  /** Issue a supervision order (督办单) to the appeal's lead department, with a reply deadline in working days */
  @Post('appeals/:id/supervision-orders')
  @ApiErrors(409)
  @Roles('supervisor')
  issue(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) appealId: number,
    @Body() dto: IssueSupervisionOrderDto,
  ): Promise<SupervisionOrderDto> {
    return this.orders.issue(user, appealId, dto);
  }

  /** The ordered department's reply (its handlers or head), recorded once */
  @Post('supervision-orders/:id/reply')
  @ApiErrors(409)
  @Roles('handler')
  reply(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ReplySupervisionOrderDto,
  ): Promise<SupervisionOrderDto> {
    return this.orders.reply(user, id, dto);
  }

  /** Orders in your sight: supervisors by region, handlers their department's, officers their firms' */
  @Get('supervision-orders')
  @Roles('supervisor', 'admin', 'handler', 'officer')
  @ApiPagedResponse(SupervisionOrderDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListSupervisionOrdersQuery): Promise<Page<SupervisionOrderDto>> {
    return this.orders.list(user, query);
  }
}
