import type { AppealCommand, DuplicateOriginal } from './appeal-action';
import type { Actor } from './appeal-actor';
import type { Decision } from './appeal-decision';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { allowedActions, decide } from './appeal-state-machine';

const NOW = new Date('2026-03-10T03:00:00Z');
const officer: Actor = { role: 'officer', userId: 'u-off', isFirmOfficer: true };
const supervisor: Actor = { role: 'supervisor', userId: 'u-sup', inRegionReach: true };
const enterprise: Actor = { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' };

const submitted: AppealSnapshot = initialAppealSnapshot({ enterpriseId: 'e-1', level: 'county' });
const original: DuplicateOriginal = {
  id: 'a-7',
  number: '2026-000007',
  enterpriseId: 'e-1',
  status: 'in_progress',
  duplicateOfId: null,
  isSameAppeal: false,
};
const mark = (found: Partial<DuplicateOriginal> | null, note?: string): AppealCommand => ({
  action: 'mark_duplicate',
  originalAppealId: found?.id ?? 'a-7',
  original: found === null ? null : { ...original, ...found },
  note,
});
const refusal = (decision: Decision) =>
  decision.ok ? 'ok' : `${decision.error}${decision.field ? ` at ${decision.field}` : ''}: ${decision.message}`;

/**
 * Duplicates (重复, #16): an intake decision of the firm's officer or a supervisor that closes the
 * appeal with a link to the firm's own appeal where the problem is handled.
 */
describe('marking an appeal as a duplicate', () => {
  it('closes it, linked to the original, for the firm’s officer and a supervisor', () => {
    for (const actor of [officer, supervisor]) {
      const decision = decide(submitted, mark({}, '与上月诉求相同'), actor, NOW);
      expect(decision).toMatchObject({
        ok: true,
        from: 'submitted',
        to: 'closed',
        changes: { status: 'closed' },
        effects: [],
        eventPayload: { originalAppealId: 'a-7', originalNumber: '2026-000007', note: '与上月诉求相同' },
      });
    }
    expect(decide({ ...submitted, status: 'accepted' }, mark({}), officer, NOW)).toMatchObject({ ok: true, to: 'closed' });
  });

  it('is offered at intake only, and never to the firm itself', () => {
    expect(allowedActions(submitted, officer, NOW)).toContain('mark_duplicate');
    expect(allowedActions({ ...submitted, status: 'accepted' }, supervisor, NOW)).toContain('mark_duplicate');
    expect(allowedActions(submitted, enterprise, NOW)).not.toContain('mark_duplicate');
    const assigned: AppealSnapshot = { ...submitted, status: 'assigned', leadDepartmentId: 'd-1' };
    expect(refusal(decide(assigned, mark({}), officer, NOW))).toMatch(/^illegal_state/);
    expect(refusal(decide(submitted, mark({}), enterprise, NOW))).toMatch(/^forbidden/);
  });

  it.each([
    ['an appeal the actor cannot see', null, /not found among the appeals you can see/],
    ['itself', { isSameAppeal: true }, /cannot be a duplicate of itself/],
    ['another firm’s appeal', { enterpriseId: 'e-2' }, /belongs to another firm/],
    ['a rejected appeal', { status: 'rejected' as const }, /was rejected and handles nothing/],
    ['a withdrawn appeal', { status: 'withdrawn' as const }, /was withdrawn and handles nothing/],
    ['another duplicate', { status: 'closed' as const, duplicateOfId: 'a-3' }, /itself a duplicate of appeal a-3; link to that one/],
  ])('refuses to link to %s, naming the field', (_case, found, message) => {
    const decision = decide(submitted, mark(found), officer, NOW);
    expect(refusal(decision)).toMatch(/^invalid_input at originalAppealId: /);
    expect(refusal(decision)).toMatch(message);
  });

  it('links to a closed original (the problem was handled there) and refuses a blank id', () => {
    expect(decide(submitted, mark({ status: 'closed' }), officer, NOW)).toMatchObject({ ok: true });
    const blank = { action: 'mark_duplicate', originalAppealId: ' ', original } as AppealCommand;
    expect(refusal(decide(submitted, blank, officer, NOW))).toMatch(/^invalid_input: originalAppealId is required/);
  });
});
