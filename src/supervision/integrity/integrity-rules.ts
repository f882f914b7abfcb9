/**
 * Integrity signals (#16): patterns that suggest rates are being gamed, each with the test that
 * raises it and the numbers behind it. Pure: the repository counts, this judges. A signal is a
 * reason to look, never a verdict — the page and the API say so.
 */

/** Satisfied as the default satisfaction rate counts it: 非常满意 + 满意. */
export interface RatingTally {
  rated: number;
  satisfied: number;
}

export function share(t: RatingTally): number | null {
  return t.rated === 0 ? null : Math.round((t.satisfied / t.rated) * 10_000) / 10_000;
}

/**
 * (a) An officer's follow-up calls (回访, ratings recorded on the firm's behalf) far more favourable
 * than the ratings the same officer's firms gave themselves in the same period and scope.
 */
export const OFFICER_RECORDED = {
  /** At least this many ratings the officer recorded … */
  minRecorded: 5,
  /** … and this many the firms gave themselves, so the comparison means something. */
  minOwn: 5,
  /** The recorded satisfied share exceeds the firms' own by at least this (25 percentage points). */
  minGap: 0.25,
} as const;

/** (b) A rating given within this many minutes of the answer, from the answering handler's session or address. */
export const QUICK_RATING_MINUTES = 30;

/**
 * (c) A department whose ratings after a redo (退回重办) are far more favourable than its first
 * answers' ratings: a redone appeal was rated unsatisfied once, so a much better share the second
 * time suggests the firm was pressed rather than the problem solved.
 */
export const REDO_JUMP = { minAfterRedo: 5, minFirst: 5, minGap: 0.25 } as const;

/** (d) How many appeals answered without contact the answer lists (the count is always complete). */
export const NO_CONTACT_LIST_LIMIT = 50;

export interface PairJudgement {
  flagged: boolean;
  /** Satisfied share of each side and their difference (null where a side has no ratings). */
  shares: { a: number | null; b: number | null; gap: number | null };
}

/** Side `a` more favourable than side `b` by at least `minGap`, both with enough ratings. */
export function judgeGap(a: RatingTally, b: RatingTally, rule: { minA: number; minB: number; minGap: number }): PairJudgement {
  const sa = share(a);
  const sb = share(b);
  const gap = sa === null || sb === null ? null : Math.round((sa - sb) * 10_000) / 10_000;
  return { flagged: a.rated >= rule.minA && b.rated >= rule.minB && gap !== null && gap >= rule.minGap, shares: { a: sa, b: sb, gap } };
}

export function judgeOfficer(recorded: RatingTally, own: RatingTally): PairJudgement {
  return judgeGap(recorded, own, { minA: OFFICER_RECORDED.minRecorded, minB: OFFICER_RECORDED.minOwn, minGap: OFFICER_RECORDED.minGap });
}

export function judgeRedoJump(afterRedo: RatingTally, first: RatingTally): PairJudgement {
  return judgeGap(afterRedo, first, { minA: REDO_JUMP.minAfterRedo, minB: REDO_JUMP.minFirst, minGap: REDO_JUMP.minGap });
}

/** Unsatisfied ratings send the appeal back and count the redo in the same transaction. */
const UNSATISFIED = new Set(['dissatisfied', 'very_dissatisfied']);

/**
 * Whether the rating on record rates an answer given after a redo. The redo count is written with
 * the rating that caused it: an unsatisfied rating with redo count k rated answer k (the k-1'th
 * redo), a closing rating with redo count k rated the answer after the k'th redo.
 */
export function ratesAnAnswerAfterRedo(satisfaction: string, redoCount: number): boolean {
  return UNSATISFIED.has(satisfaction) ? redoCount >= 2 : redoCount >= 1;
}

/** Within the quick-rating window: rated at most QUICK_RATING_MINUTES after the answer. */
export function isQuickRating(answeredAt: Date, ratedAt: Date): boolean {
  const minutes = (ratedAt.getTime() - answeredAt.getTime()) / 60_000;
  return minutes >= 0 && minutes <= QUICK_RATING_MINUTES;
}

/**
 * What counts as contact with the firm between its appeal and the answer (d): anything the firm
 * itself did on the appeal after submitting it (a supplement, a comment), what its officer
 * recorded on its behalf (a supplement passed on), and any visit to the firm logged in that time
 * (on site, by phone or online — a visit is how calls are recorded). Staff's own notes and
 * messages to the firm do not count: they show no answer from it.
 */
export const CONTACT_DEFINITION =
  'firm actions on the appeal after submitting it (supplement, comment), officer actions on its behalf, and visits to the firm ' +
  '(on site, phone, online) between submission and answer; staff notes and messages to the firm do not count';
