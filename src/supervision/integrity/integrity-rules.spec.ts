import { isQuickRating, judgeOfficer, judgeRedoJump, ratesAnAnswerAfterRedo, share } from './integrity-rules';

describe('integrity rules', () => {
  it('flags an officer whose recorded ratings are 25 points more favourable than the firms’ own, with enough of both', () => {
    expect(judgeOfficer({ rated: 5, satisfied: 5 }, { rated: 5, satisfied: 3 })).toEqual({
      flagged: true,
      shares: { a: 1, b: 0.6, gap: 0.4 },
    });
    // Exactly 25 points is enough; 20 is not.
    expect(judgeOfficer({ rated: 8, satisfied: 8 }, { rated: 8, satisfied: 6 }).flagged).toBe(true);
    expect(judgeOfficer({ rated: 5, satisfied: 5 }, { rated: 5, satisfied: 4 }).flagged).toBe(false);
    // Too few on either side.
    expect(judgeOfficer({ rated: 4, satisfied: 4 }, { rated: 10, satisfied: 0 }).flagged).toBe(false);
    expect(judgeOfficer({ rated: 10, satisfied: 10 }, { rated: 4, satisfied: 0 }).flagged).toBe(false);
    // Less favourable is no signal.
    expect(judgeOfficer({ rated: 6, satisfied: 0 }, { rated: 6, satisfied: 6 }).flagged).toBe(false);
    expect(judgeOfficer({ rated: 0, satisfied: 0 }, { rated: 6, satisfied: 6 }).shares).toEqual({ a: null, b: 1, gap: null });
  });

  it('flags a department whose ratings after a redo jump 25 points above its first answers', () => {
    expect(judgeRedoJump({ rated: 5, satisfied: 5 }, { rated: 6, satisfied: 3 })).toMatchObject({ flagged: true, shares: { gap: 0.5 } });
    expect(judgeRedoJump({ rated: 5, satisfied: 4 }, { rated: 5, satisfied: 4 }).flagged).toBe(false);
    expect(judgeRedoJump({ rated: 3, satisfied: 3 }, { rated: 6, satisfied: 0 }).flagged).toBe(false);
  });

  it('tells a rating of an answer after a redo by the redo count written with it', () => {
    // First answer: closed satisfied with no redo, or rated unsatisfied (which made the first redo).
    expect(ratesAnAnswerAfterRedo('satisfied', 0)).toBe(false);
    expect(ratesAnAnswerAfterRedo('dissatisfied', 1)).toBe(false);
    // After a redo: closed with a redo behind it, or unsatisfied again (the second redo).
    expect(ratesAnAnswerAfterRedo('very_satisfied', 1)).toBe(true);
    expect(ratesAnAnswerAfterRedo('basically_satisfied', 2)).toBe(true);
    expect(ratesAnAnswerAfterRedo('very_dissatisfied', 2)).toBe(true);
  });

  it('counts a rating quick within 30 minutes of the answer, never before it', () => {
    const answered = new Date('2025-04-08T02:00:00Z');
    expect(isQuickRating(answered, new Date('2025-04-08T02:30:00Z'))).toBe(true);
    expect(isQuickRating(answered, new Date('2025-04-08T02:30:01Z'))).toBe(false);
    expect(isQuickRating(answered, new Date('2025-04-08T01:59:00Z'))).toBe(false);
  });

  it('rounds shares to 4 decimals and has none without ratings', () => {
    expect(share({ rated: 3, satisfied: 2 })).toBe(0.6667);
    expect(share({ rated: 0, satisfied: 0 })).toBeNull();
  });
});
