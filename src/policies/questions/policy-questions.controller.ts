import { Body, Controller, Headers, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { AppealsService } from '../../appeals/appeals.service';
import { AppealDetailDto } from '../../appeals/dto/appeal-read.dto';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { checkedIdempotencyKey } from '../../common/http/idempotency-key';
import { AskPolicyQuestionDto } from '../dto/question.dto';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { PolicyQuestionsService } from './policy-questions.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/policies')
export class PolicyQuestionsController {
  constructor(
    private readonly questions: PolicyQuestionsService,
    private readonly appeals: AppealsService,
  ) {}

  /**
   * Ask about a policy matched to your firm (an officer: to one of their firms): the question
   * becomes an appeal of category 政策咨询, kind consultation, linked to the policy; routing then
   * proposes the policy's responsible department
   */
  @Post(':id/questions')
  @HttpCode(201)
  @Roles('enterprise', 'officer')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any unique string (≤ 100 chars) per intended question' })
  @ApiCreatedResponse({ type: AppealDetailDto })
  @ApiErrors(400, 403, 404, 409)
  async ask(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AskPolicyQuestionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<AppealDetailDto> {
    const appealId = await this.questions.ask(user, id, dto, checkedIdempotencyKey(idempotencyKey));
    return this.appeals.detail(user, appealId);
  }
}
