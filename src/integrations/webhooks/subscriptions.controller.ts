import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { ApiErrors, ApiPagedResponse } from '../../common/http/openapi/api-docs.decorators';
import { type Page, PageQueryDto } from '../../common/pagination/page-query.dto';
import {
  CreateSubscriptionDto,
  RotateSubscriptionSecretDto,
  WebhookDeliveryDto,
  SubscriptionDto,
  SubscriptionWithSecretDto,
  TestDeliveryDto,
  UpdateSubscriptionDto,
} from './dto/subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/webhook-subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  /** Subscribe a client's URL to appeal events (admins for any client; a client with webhooks:manage for itself); the answer holds the signing secret, shown once */
  @Post()
  @HttpCode(201)
  @ApiErrors(403)
  @ApiCreatedResponse({ type: SubscriptionWithSecretDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSubscriptionDto): Promise<SubscriptionWithSecretDto> {
    return this.subscriptions.create(user, dto);
  }

  /** The subscriptions you manage */
  @Get()
  @ApiErrors(403)
  @ApiPagedResponse(SubscriptionDto)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<SubscriptionDto>> {
    return this.subscriptions.list(user, query);
  }

  /** One subscription (never its secret) */
  @Get(':id')
  @ApiErrors(403)
  @ApiOkResponse({ type: SubscriptionDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<SubscriptionDto> {
    return this.subscriptions.get(user, id);
  }

  /** Change the URL or event types, or disable / re-enable it (the deployment-wide one: active only) */
  @Patch(':id')
  @ApiErrors(403, 409)
  @ApiOkResponse({ type: SubscriptionDto })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    return this.subscriptions.update(user, id, dto);
  }

  /** Delete it; deliveries not yet made are given up (the deployment-wide one: unset WEBHOOK_URL instead, 409) */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(403, 409)
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    await this.subscriptions.remove(user, id);
  }

  /** Rotate the signing secret (the new one shown once); the current one keeps signing beside it for overlapSeconds */
  @Post(':id/secrets')
  @HttpCode(201)
  @ApiErrors(403, 409)
  @ApiCreatedResponse({ type: SubscriptionWithSecretDto })
  rotateSecret(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: RotateSubscriptionSecretDto,
  ): Promise<SubscriptionWithSecretDto> {
    return this.subscriptions.rotateSecret(user, id, dto);
  }

  /** Send a `webhook.test` event now (queued; see the delivery log for how it went) */
  @Post(':id/test')
  @HttpCode(202)
  @ApiErrors(403, 409)
  @ApiAcceptedResponse({ type: TestDeliveryDto })
  sendTest(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<TestDeliveryDto> {
    return this.subscriptions.sendTest(user, id);
  }

  /** The delivery log, newest first: each delivery's status and every attempt (status, duration, receiver's answer, error) */
  @Get(':id/deliveries')
  @ApiErrors(403)
  @ApiPagedResponse(WebhookDeliveryDto)
  deliveries(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Query() query: PageQueryDto): Promise<Page<WebhookDeliveryDto>> {
    return this.subscriptions.deliveries(user, id, query);
  }
}
