import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { SubmitAppealUseCase } from '../../appeals/usecases/submit-appeal.usecase';
import { AskPolicyQuestionDto } from '../dto/question.dto';
import { PolicyQuestionsRepository } from './policy-questions.repository';

/**
 * A firm's question about a policy is an ordinary appeal of category 政策咨询 (kind consultation),
 * submitted through the one submission use case — numbering, deadlines, notifications and the
 * event chain included — and linked to the policy, so routing proposes the policy's responsible
 * department (routing.service.ts).
 */
@Injectable()
export class PolicyQuestionsService {
  constructor(
    private readonly questions: PolicyQuestionsRepository,
    private readonly submitAppeal: SubmitAppealUseCase,
  ) {}

  async ask(user: AuthUser, policyId: number, dto: AskPolicyQuestionDto, idempotencyKey?: string): Promise<number> {
    const enterpriseId = user.role === 'enterprise' ? user.enterpriseId : dto.enterpriseId;
    if (!enterpriseId) throw AppError.badRequest('Name the enterprise you ask for', [{ field: 'enterpriseId', message: 'required' }]);
    if (user.role === 'enterprise' && dto.enterpriseId && dto.enterpriseId !== user.enterpriseId) throw AppError.forbidden('Enterprise users ask for their own firm only');
    const policy = await this.questions.askable(user, policyId, enterpriseId);
    if (!policy) throw AppError.notFound('Policy', policyId);
    if (policy.status !== 'published') throw AppError.conflict(`The policy is ${policy.status}; ask its responsible department directly`, { status: policy.status });
    const categoryId = await this.questions.inquiryCategoryId();
    const title = `政策咨询：${dto.title?.trim() || policy.title}`.slice(0, 200);
    const result = await this.submitAppeal.execute(
      user,
      { enterpriseId, categoryId, kind: 'consultation', title, description: dto.question },
      idempotencyKey,
      (m, appealId) => this.questions.link(m, appealId, policyId),
    );
    return result.appealId;
  }
}
