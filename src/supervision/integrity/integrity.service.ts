import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { periodView, resolvePeriod } from '../shared/period-query';
import { resolveScope, scopeView } from '../shared/supervision-scope';
import type { IntegrityQueryDto, IntegritySignalsDto } from './dto/integrity.dto';
import {
  CONTACT_DEFINITION,
  judgeOfficer,
  judgeRedoJump,
  OFFICER_RECORDED,
  QUICK_RATING_MINUTES,
  REDO_JUMP,
  share,
  type RatingTally,
} from './integrity-rules';
import { IntegrityRepository } from './integrity.repository';

const tally = (rated: number, satisfied: number): RatingTally & { share: number | null } => ({ rated, satisfied, share: share({ rated, satisfied }) });
const flaggedFirst = <T extends { flagged: boolean }>(items: T[]): T[] => [...items].sort((a, b) => Number(b.flagged) - Number(a.flagged));

/** The four integrity signals of a period and region (#16), each with its rule, its explanation and its numbers. */
@Injectable()
export class IntegrityService {
  constructor(
    private readonly repository: IntegrityRepository,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  async signals(user: AuthUser, query: IntegrityQueryDto): Promise<IntegritySignalsDto> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const window = { from: period.startsAt, to: period.endsAt.getTime() < now.getTime() ? period.endsAt : now };
    const [officers, departments, quick, noContact] = await Promise.all([
      this.repository.officerTallies(user, scope.code, window),
      this.repository.departmentRedoTallies(user, scope.code, window),
      this.repository.quickRatings(user, scope.code, window),
      this.repository.answeredWithoutContact(user, scope.code, window),
    ]);
    const officerItems = officers.map((o) => {
      const recorded = { rated: o.recordedRated, satisfied: o.recordedSatisfied };
      const own = { rated: o.ownRated, satisfied: o.ownSatisfied };
      const judged = judgeOfficer(recorded, own);
      return {
        officerId: o.officerId,
        officerName: o.officerName,
        recorded: tally(recorded.rated, recorded.satisfied),
        own: tally(own.rated, own.satisfied),
        gap: judged.shares.gap,
        flagged: judged.flagged,
      };
    });
    const departmentItems = departments.map((d) => {
      const after = { rated: d.afterRedoRated, satisfied: d.afterRedoSatisfied };
      const first = { rated: d.firstRated, satisfied: d.firstSatisfied };
      const judged = judgeRedoJump(after, first);
      return {
        departmentId: d.departmentId,
        departmentName: d.departmentName,
        afterRedo: tally(after.rated, after.satisfied),
        firstAnswer: tally(first.rated, first.satisfied),
        gap: judged.shares.gap,
        flagged: judged.flagged,
      };
    });
    return {
      scope: scopeView(scope),
      period: periodView(period, now),
      generatedAt: now.toISOString(),
      officerRecorded: {
        explanation:
          `Officers whose follow-up calls (ratings recorded on the firm's behalf) are far more favourable than the ratings their firms gave ` +
          `themselves in the period: at least ${OFFICER_RECORDED.minRecorded} recorded and ${OFFICER_RECORDED.minOwn} own ratings, and a ` +
          `satisfied share (非常满意 + 满意) higher by ${OFFICER_RECORDED.minGap * 100} percentage points or more.`,
        rule: { ...OFFICER_RECORDED },
        flaggedCount: officerItems.filter((i) => i.flagged).length,
        items: flaggedFirst(officerItems),
      },
      quickRatings: {
        explanation:
          `Ratings given within ${QUICK_RATING_MINUTES} minutes of the answer they rate, from the same session or the same IP address as ` +
          `the handler's answer (both recorded as keyed hashes on the answer and rating events since migration 1763800004610; earlier ` +
          `events carry none and are never flagged).`,
        rule: { minutes: QUICK_RATING_MINUTES },
        flaggedCount: quick.length,
        items: quick.map((q) => ({
          ...q,
          minutesAfterAnswer: Math.round(((q.ratedAt.getTime() - q.answeredAt.getTime()) / 60_000) * 100) / 100,
        })),
      },
      redoJumps: {
        explanation:
          `Lead departments whose ratings of answers given after a redo (退回重办) are far more favourable than the ratings of their first ` +
          `answers in the period: at least ${REDO_JUMP.minAfterRedo} and ${REDO_JUMP.minFirst} ratings, and a satisfied share higher by ` +
          `${REDO_JUMP.minGap * 100} percentage points or more. A redone appeal was rated unsatisfied once; a much better second rating ` +
          `may mean the firm was pressed rather than the problem solved.`,
        rule: { ...REDO_JUMP },
        flaggedCount: departmentItems.filter((i) => i.flagged).length,
        items: flaggedFirst(departmentItems),
      },
      answeredWithoutContact: {
        explanation:
          'Appeals answered in the period (resolved, or closed since) with no contact with the firm recorded between its submission and ' +
          'the answer. Contact: ' + CONTACT_DEFINITION + '.',
        contact: CONTACT_DEFINITION,
        answered: noContact.answered,
        flaggedCount: noContact.total,
        byDepartment: noContact.byDepartment,
        items: noContact.rows,
      },
    };
  }
}
