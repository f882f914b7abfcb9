import type { AppealCommand } from './appeal-action';
import type { Actor, Submitter } from './appeal-actor';
import type { Decision } from './appeal-decision';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { decide, decideSubmission } from './appeal-state-machine';

const NOW = new Date('2026-03-10T03:00:00Z');
const officer: Actor = { role: 'officer', userId: 'u-off', isFirmOfficer: true };
const lead: Actor = { role: 'handler', userId: 'u-h1', departmentId: 'd-lead' };
const enterprise: Actor = { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' };
const supervisor: Actor = { role: 'supervisor', userId: 'u-sup', inRegionReach: true };

const base = initialAppealSnapshot({ enterpriseId: 'e-1', level: 'county' });
const inStatus = (status: AppealSnapshot['status'], extra: Partial<AppealSnapshot> = {}): AppealSnapshot => ({
  ...base,
  status,
  leadDepartmentId: status === 'submitted' || status === 'accepted' ? null : 'd-lead',
  ...extra,
});

const errorOf = (decision: Decision) => (decision.ok ? 'ok' : decision.error);
/** Commands built from untrusted JSON, deliberately outside the static type. */
const raw = (value: Record<string, unknown>) => value as unknown as AppealCommand;

describe('command input', () => {
  it.each([
    ['reject without reason', inStatus('submitted'), raw({ action: 'reject' }), officer],
    ['reject with a blank reason', inStatus('submitted'), { action: 'reject', reason: '   ' }, officer],
    ['route without lead', inStatus('accepted'), raw({ action: 'route' }), officer],
    [
      'route with duplicate co-departments',
      inStatus('accepted'),
      { action: 'route', leadDepartmentId: 'd-1', coDepartmentIds: ['d-2', 'd-2'] },
      officer,
    ],
    ['route with lead among co', inStatus('accepted'), { action: 'route', leadDepartmentId: 'd-1', coDepartmentIds: ['d-1'] }, officer],
    [
      'route with a non-list of co-departments',
      inStatus('accepted'),
      raw({ action: 'route', leadDepartmentId: 'd-1', coDepartmentIds: 'd-2' }),
      officer,
    ],
    ['object without reason', inStatus('assigned', { objectionDeadlineAt: NOW }), raw({ action: 'object' }), lead],
    [
      'extension days as text',
      inStatus('in_progress', { resolutionDueAt: new Date(NOW.getTime() + 1) }),
      raw({ action: 'request_extension', days: '3', reason: 'x' }),
      lead,
    ],
    ['suspend without reason', inStatus('in_progress'), raw({ action: 'suspend' }), lead],
    ['supplement without text', inStatus('suspended'), raw({ action: 'supplement', text: '' }), enterprise],
    ['resolve with unknown closure type', inStatus('in_progress'), raw({ action: 'resolve', closureType: 'done', answer: 'x' }), lead],
    ['resolve without answer', inStatus('in_progress'), raw({ action: 'resolve', closureType: 'resolved' }), lead],
    ['verify with unknown satisfaction', inStatus('resolved'), raw({ action: 'verify', solved: 'yes', satisfaction: 'meh' }), enterprise],
    ['verify without solved', inStatus('resolved'), raw({ action: 'verify', satisfaction: 'satisfied' }), enterprise],
    ['transfer without target', inStatus('in_progress', { level: 'city' }), raw({ action: 'transfer_up', reason: 'x' }), supervisor],
    [
      'transfer to the current lead',
      inStatus('in_progress', { level: 'city' }),
      { action: 'transfer_up', targetDepartmentId: 'd-lead', reason: 'x' },
      supervisor,
    ],
    ['comment without text', inStatus('closed'), raw({ action: 'comment', visibility: 'public' }), officer],
    ['comment with unknown visibility', inStatus('closed'), raw({ action: 'comment', text: 'x', visibility: 'secret' }), officer],
    ['withdraw with a non-text reason', inStatus('submitted'), raw({ action: 'withdraw', reason: 42 }), enterprise],
  ] as const)('%s → invalid_input', (_name, appeal, command, actor) => {
    const decision = decide(appeal, command, actor, NOW);
    expect(errorOf(decision)).toBe('invalid_input');
    expect(decision.ok ? '' : decision.message).not.toBe('');
  });

  it('names every bad field at once', () => {
    const decision = decide(inStatus('in_progress'), raw({ action: 'resolve', closureType: 'x' }), lead, NOW);
    expect(decision.ok ? '' : decision.message).toMatch(/closureType.*answer/);
  });

  it('trims text and fills defaults', () => {
    const decision = decide(inStatus('accepted'), { action: 'route', leadDepartmentId: ' d-1 ' }, officer, NOW);
    expect(decision.ok && decision.changes).toMatchObject({ leadDepartmentId: 'd-1', coDepartmentIds: [] });
  });

  it('refuses unknown or missing actions as invalid input, with what is allowed instead', () => {
    const decision = decide(inStatus('submitted'), raw({ action: 'delete' }), officer, NOW);
    expect(decision).toMatchObject({ ok: false, error: 'invalid_input', allowedActions: ['accept', 'reject', 'mark_duplicate', 'withdraw', 'comment'] });
    expect(errorOf(decide(inStatus('submitted'), null as unknown as AppealCommand, officer, NOW))).toBe('invalid_input');
  });
});

describe('order of refusals', () => {
  it('forbidden wins over a wrong state and bad input', () => {
    expect(errorOf(decide(inStatus('closed'), raw({ action: 'reject' }), enterprise, NOW))).toBe('forbidden');
  });

  it('a wrong state wins over bad input', () => {
    expect(errorOf(decide(inStatus('closed'), raw({ action: 'reject' }), officer, NOW))).toBe('illegal_state');
  });

  it('forbidden messages say who may act', () => {
    const decision = decide(inStatus('submitted'), { action: 'accept' }, lead, NOW);
    expect(decision.ok ? '' : decision.message).toBe(
      "As someone unrelated to this appeal you may not accept this appeal; only the enterprise's liaison officer or a supervisor whose region covers the appeal may.",
    );
  });

  it('an admin has no case actions at all, not even comments', () => {
    const admin: Actor = { role: 'admin', userId: 'u-adm' };
    const decision = decide(inStatus('in_progress'), { action: 'comment', text: 'x', visibility: 'internal' }, admin, NOW);
    expect(decision).toMatchObject({ ok: false, error: 'forbidden', allowedActions: [] });
  });
});

describe('submission', () => {
  it('the enterprise submits for itself', () => {
    expect(decideSubmission('e-1', enterprise)).toEqual({ ok: true, action: 'submit', to: 'submitted', eventPayload: { onBehalf: false } });
  });

  it("the firm's officer submits on its behalf", () => {
    expect(decideSubmission('e-1', officer)).toMatchObject({ ok: true, eventPayload: { onBehalf: true } });
  });

  it('a client whose reach holds the firm submits on its behalf, named in the event', () => {
    const client: Submitter = { role: 'client', userId: 'u-9', clientId: 'qc_hotline', firmInReach: true };
    expect(decideSubmission('e-1', client)).toEqual({
      ok: true,
      action: 'submit',
      to: 'submitted',
      eventPayload: { onBehalf: true, viaClient: 'qc_hotline' },
    });
  });

  it('a client may not submit for a firm outside its reach', () => {
    const client: Submitter = { role: 'client', userId: 'u-9', clientId: 'qc_hotline', firmInReach: false };
    expect(decideSubmission('e-1', client)).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it.each<[string, Actor]>([
    ['another enterprise', { role: 'enterprise', userId: 'u-2', enterpriseId: 'e-2' }],
    ['another officer', { role: 'officer', userId: 'u-3', isFirmOfficer: false }],
    ['a handler', lead],
    ['a supervisor', supervisor],
    ['the system', { role: 'system' }],
  ])('%s may not', (_name, actor) => {
    expect(decideSubmission('e-1', actor)).toMatchObject({ ok: false, error: 'forbidden' });
  });
});
