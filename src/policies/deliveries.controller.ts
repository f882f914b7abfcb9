import { Body, Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { DeliveriesService } from './deliveries.service';
import { ChangeDeliveryDto, DeliveryDetailDto, DeliveryPageDto, ListDeliveriesQuery } from './dto/delivery.dto';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { PostCommand } from '../common/http/openapi/command.decorators';

@ApiTags('policies')
@ApiBearerAuth()
@Roles('enterprise', 'officer', 'supervisor', 'admin')
@Controller('api/policy-deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  /**
   * Delivery records you may see, 待告知 first: an officer's "policies to deliver" (their assigned
   * firms), a firm's "my policies", a supervisor's reach
   */
  @Get()
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiErrors(400, 403)
  list(@CurrentUser() user: AuthUser, @Query() query: ListDeliveriesQuery): Promise<DeliveryPageDto> {
    return this.deliveries.list(user, query);
  }

  /** One firm's record of one policy, with its history */
  @Get(':policyId/:enterpriseId')
  @ApiOkResponse({ type: DeliveryDetailDto })
  @ApiErrors(400, 403, 404)
  get(
    @CurrentUser() user: AuthUser,
    @Param('policyId', ParseIntPipe) policyId: number,
    @Param('enterpriseId', ParseIntPipe) enterpriseId: number,
  ): Promise<DeliveryDetailDto> {
    return this.deliveries.get(user, policyId, enterpriseId);
  }

  /**
   * Record a firm's state: the firm's officer from a visit or call, the firm itself as its
   * confirmation (已告知, 已申请, 已兑现), supervisors anything including reopening 不适用
   */
  @PostCommand(':policyId/:enterpriseId/state', { errors: [400, 403, 404, 409] })
  @ApiOkResponse({ type: DeliveryDetailDto })
  change(
    @CurrentUser() user: AuthUser,
    @Param('policyId', ParseIntPipe) policyId: number,
    @Param('enterpriseId', ParseIntPipe) enterpriseId: number,
    @Body() dto: ChangeDeliveryDto,
  ): Promise<DeliveryDetailDto> {
    return this.deliveries.change(user, policyId, enterpriseId, dto);
  }
}
