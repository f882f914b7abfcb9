import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import type { AppealStatus } from '../appeals/domain/appeal-status';
import { AppealTextsRepository } from './appeal-texts.repository';
import { LIKELY_SAME_PROBLEM, signatureOf, similarityOf } from './domain';
import type { LikelyDuplicatesDto, LikelyDuplicatesQueryDto } from './dto/likely-duplicates.dto';

const SHOWN = 5;

/**
 * Before a firm or its officer submits: the firm's open appeals that are likely the same problem
 * (LSH candidates re-scored on words). A hint only: the submission is never refused for it.
 */
@Injectable()
export class LikelyDuplicatesService {
  constructor(private readonly texts: AppealTextsRepository) {}

  async find(user: AuthUser, query: LikelyDuplicatesQueryDto): Promise<LikelyDuplicatesDto> {
    const enterpriseId = user.role === 'enterprise' ? user.enterpriseId : query.enterpriseId;
    if (!enterpriseId) throw AppError.badRequest('Name the enterprise you submit for', [{ field: 'enterpriseId', message: 'required' }]);
    if (user.role === 'enterprise' && query.enterpriseId && query.enterpriseId !== user.enterpriseId) {
      throw AppError.forbidden('Enterprise users ask about their own firm only');
    }
    const asked = signatureOf(query.title, query.description);
    // The read condition narrows to what the caller may see: an officer's own firms, a firm's own appeals.
    const candidates = await this.texts.openCandidatesOfFirm(user, Number(enterpriseId), asked.bands);
    const scored = candidates
      .map((c) => ({ candidate: c, similarity: similarityOf(asked.tokens, signatureOf(c.title, c.description).tokens) }))
      .filter((s) => s.similarity >= LIKELY_SAME_PROBLEM)
      .sort((x, y) => y.similarity - x.similarity || y.candidate.id - x.candidate.id)
      .slice(0, SHOWN);
    return {
      items: scored.map(({ candidate, similarity }) => ({
        id: candidate.id,
        number: candidate.number,
        title: candidate.title,
        status: candidate.status as AppealStatus,
        submittedAt: candidate.submitted_at,
        similarity: Math.round(similarity * 1000) / 1000,
      })),
    };
  }
}
