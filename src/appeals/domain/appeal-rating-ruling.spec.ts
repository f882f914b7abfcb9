import { RATING_RULING_REASON_MAX, type AppealCommand } from './appeal-action';
import type { Actor } from './appeal-actor';
import type { Decision } from './appeal-decision';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { allowedActions, decide } from './appeal-state-machine';

const NOW = new Date('2026-03-10T03:00:00Z');
const supervisor: Actor = { role: 'supervisor', userId: 'u-sup', inRegionReach: true };
const outsider: Actor = { role: 'supervisor', userId: 'u-sup2', inRegionReach: false };
const leadHandler: Actor = { role: 'handler', userId: 'u-h1', departmentId: 'd-1' };
const coHandler: Actor = { role: 'handler', userId: 'u-h2', departmentId: 'd-2' };
const officer: Actor = { role: 'officer', userId: 'u-off', isFirmOfficer: true };
const enterprise: Actor = { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' };

/** Sent back for redo after the firm answered 不满意: in progress again at department d-1. */
const redone: AppealSnapshot = {
  ...initialAppealSnapshot({ enterpriseId: 'e-1', level: 'county' }),
  status: 'in_progress',
  leadDepartmentId: 'd-1',
  coDepartmentIds: ['d-2'],
  redoCount: 1,
  rating: { satisfaction: 'dissatisfied', onBehalf: false, ruling: null },
};
const rule = (...reason: unknown[]): AppealCommand =>
  ({ action: 'rule_unreasonable_rating', reason: reason.length ? reason[0] : '企业要求的补贴超出政策规定范围' }) as AppealCommand;
const outcome = (decision: Decision) => (decision.ok ? `ok → ${decision.to}` : decision.error);

/** 不合理差评 (#16): a supervisor's ruling on the rating on record, once, with a reason; the case itself is untouched. */
describe('ruling an unsatisfied rating unreasonable', () => {
  it('marks the rating with the reason and keeps the status, the handling and every counter', () => {
    const decision = decide(redone, rule(' 企业要求的补贴超出政策规定范围 '), supervisor, NOW);
    expect(decision).toEqual({
      ok: true,
      action: 'rule_unreasonable_rating',
      from: 'in_progress',
      to: 'in_progress',
      changes: {
        status: 'in_progress',
        rating: { satisfaction: 'dissatisfied', onBehalf: false, ruling: { at: NOW, reason: '企业要求的补贴超出政策规定范围' } },
      },
      effects: [],
      eventPayload: { reason: '企业要求的补贴超出政策规定范围', satisfaction: 'dissatisfied', ratingOnBehalf: false },
    });
  });

  it('is for a supervisor in reach only: never the handling department, the officer or the firm', () => {
    expect(outcome(decide(redone, rule(), leadHandler, NOW))).toBe('forbidden');
    expect(outcome(decide(redone, rule(), coHandler, NOW))).toBe('forbidden');
    expect(outcome(decide(redone, rule(), officer, NOW))).toBe('forbidden');
    expect(outcome(decide(redone, rule(), enterprise, NOW))).toBe('forbidden');
    expect(outcome(decide(redone, rule(), outsider, NOW))).toBe('forbidden');
    expect(allowedActions(redone, supervisor, NOW)).toContain('rule_unreasonable_rating');
    expect(allowedActions(redone, leadHandler, NOW)).not.toContain('rule_unreasonable_rating');
  });

  it('is made once per rating: a ruled rating answers already_ruled', () => {
    const first = decide(redone, rule(), supervisor, NOW);
    if (!first.ok) throw new Error('expected the first ruling to pass');
    const ruled: AppealSnapshot = { ...redone, ...first.changes };
    expect(outcome(decide(ruled, rule('再次认定'), supervisor, NOW))).toBe('already_ruled');
    expect(allowedActions(ruled, supervisor, NOW)).not.toContain('rule_unreasonable_rating');
  });

  it('needs an unsatisfied rating on record', () => {
    const unrated: AppealSnapshot = { ...redone, rating: null };
    expect(outcome(decide(unrated, rule(), supervisor, NOW))).toBe('no_unsatisfied_rating');
    for (const satisfaction of ['very_satisfied', 'satisfied', 'basically_satisfied'] as const) {
      const closed: AppealSnapshot = { ...redone, status: 'closed', rating: { satisfaction, onBehalf: false, ruling: null } };
      expect(outcome(decide(closed, rule(), supervisor, NOW))).toBe('no_unsatisfied_rating');
    }
    // A redo's rating stays on record through a withdrawal or an auto-close, and may still be ruled on.
    for (const status of ['withdrawn', 'closed', 'resolved', 'accepted'] as const) {
      expect(outcome(decide({ ...redone, status }, rule(), supervisor, NOW))).toBe(`ok → ${status}`);
    }
    const onBehalf: AppealSnapshot = { ...redone, rating: { satisfaction: 'very_dissatisfied', onBehalf: true, ruling: null } };
    expect(outcome(decide(onBehalf, rule(), supervisor, NOW))).toBe('ok → in_progress');
  });

  it.each([
    ['missing', undefined],
    ['blank', '   '],
    ['not text', 42],
    ['too long', '理'.repeat(RATING_RULING_REASON_MAX + 1)],
  ])('refuses a reason that is %s', (_, reason) => {
    const decision = decide(redone, rule(reason), supervisor, NOW);
    expect(decision).toMatchObject({ ok: false, error: 'invalid_input', message: expect.stringContaining('reason') });
  });

  it('accepts a reason of exactly the maximum length', () => {
    expect(outcome(decide(redone, rule('理'.repeat(RATING_RULING_REASON_MAX)), supervisor, NOW))).toBe('ok → in_progress');
  });

  it('does not carry over to the next rating: a new verification clears the ruling', () => {
    const ruled: AppealSnapshot = {
      ...redone,
      status: 'resolved',
      rating: { satisfaction: 'dissatisfied', onBehalf: false, ruling: { at: NOW, reason: 'x' } },
    };
    const again = decide(ruled, { action: 'verify', solved: 'no', satisfaction: 'very_dissatisfied' }, enterprise, NOW);
    expect(again).toMatchObject({ ok: true, changes: { rating: { satisfaction: 'very_dissatisfied', onBehalf: false, ruling: null } } });
    // (A call may follow only a rating an officer recorded: the firm's own is never replaced by one.)
    const recordedByOfficer: AppealSnapshot = { ...ruled, rating: { satisfaction: 'dissatisfied', onBehalf: true, ruling: { at: NOW, reason: 'x' } } };
    const call = decide(recordedByOfficer, { action: 'follow_up_call', solved: 'yes', satisfaction: 'satisfied' }, officer, NOW);
    expect(call).toMatchObject({ ok: true, to: 'closed', changes: { rating: { satisfaction: 'satisfied', onBehalf: true, ruling: null } } });
    // Without a ruling on record, a verification leaves the rating to actionChanges (no snapshot change).
    const plain = decide({ ...redone, status: 'resolved' }, { action: 'verify', solved: 'yes', satisfaction: 'satisfied' }, enterprise, NOW);
    expect(plain.ok && 'rating' in plain.changes).toBe(false);
  });
});
