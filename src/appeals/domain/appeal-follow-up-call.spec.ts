import type { Actor } from './appeal-actor';
import type { Decision } from './appeal-decision';
import { initialAppealSnapshot, type AppealSnapshot, type RatingOnRecord } from './appeal-snapshot';
import { allowedActions, decide } from './appeal-state-machine';

const NOW = new Date('2026-03-19T02:00:00Z');
const officer: Actor = { role: 'officer', userId: 'u-off', isFirmOfficer: true };
const enterprise: Actor = { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' };

const answered = (rating: RatingOnRecord | null): AppealSnapshot => ({
  ...initialAppealSnapshot({ enterpriseId: 'e-1', level: 'county' }),
  status: 'resolved',
  leadDepartmentId: 'd-1',
  redoCount: rating ? 1 : 0,
  rating,
});
const call = { action: 'follow_up_call', solved: 'yes', satisfaction: 'very_satisfied' } as const;
const outcome = (decision: Decision) => (decision.ok ? `ok → ${decision.to}` : decision.error);

/** 回访 (#16): an officer's follow-up call records the firm's verdict, never in place of one the firm gave itself. */
describe('an officer’s follow-up call and the firm’s own rating', () => {
  it('records the verdict of a firm that has not rated, marked as on its behalf', () => {
    const decision = decide(answered(null), call, officer, NOW);
    expect(decision).toMatchObject({ ok: true, to: 'closed', eventPayload: { onBehalf: true, satisfaction: 'very_satisfied' } });
  });

  it('cannot follow a rating the firm gave itself: after the redo the firm rates the new answer', () => {
    for (const satisfaction of ['dissatisfied', 'very_dissatisfied'] as const) {
      const redone = answered({ satisfaction, onBehalf: false, ruling: null });
      const refused = decide(redone, call, officer, NOW);
      expect(refused).toMatchObject({ ok: false, error: 'rated_by_firm', message: expect.stringContaining('cannot replace its rating') });
      expect(allowedActions(redone, officer, NOW)).not.toContain('follow_up_call');
      // The firm itself still may.
      expect(outcome(decide(redone, { action: 'verify', solved: 'yes', satisfaction: 'satisfied' }, enterprise, NOW))).toBe('ok → closed');
    }
    // A ruling on the firm's rating changes nothing here: it is still the firm's own.
    const ruled = answered({ satisfaction: 'dissatisfied', onBehalf: false, ruling: { at: NOW, reason: '不合理' } });
    expect(outcome(decide(ruled, call, officer, NOW))).toBe('rated_by_firm');
  });

  it('may follow a rating an officer recorded, and the firm may always replace one', () => {
    // Its second redo (the first followed the officer's record) raises it a level.
    const recorded = answered({ satisfaction: 'dissatisfied', onBehalf: true, ruling: null });
    expect(outcome(decide(recorded, call, officer, NOW))).toBe('ok → closed');
    expect(outcome(decide(recorded, { action: 'verify', solved: 'no', satisfaction: 'dissatisfied' }, enterprise, NOW))).toBe('ok → accepted');
  });

  it('is never possible once the firm’s rating moved the appeal on (same answer)', () => {
    for (const status of ['closed', 'in_progress', 'accepted'] as const) {
      const rated: AppealSnapshot = { ...answered({ satisfaction: 'satisfied', onBehalf: false, ruling: null }), status };
      expect(outcome(decide(rated, call, officer, NOW))).toBe('illegal_state');
    }
  });
});
