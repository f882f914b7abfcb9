/*
 * Property test over random action sequences: whatever path an appeal takes, a pause is open
 * exactly while it is suspended. The pause ledger is modelled from the decisions' effects the way
 * the use case applies them (`pause_clock` opens one, `resume_clock` closes it).
 */
import type { AppealCommand, CaseActionName } from './appeal-action';
import type { Actor } from './appeal-actor';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { seededRandom } from '../../../test/helpers/seeded-random';
import { allowedActions, decide } from './appeal-state-machine';

const HOUR = 3_600_000;
const ACTORS: readonly Actor[] = [
  { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' },
  { role: 'officer', userId: 'u-off', isFirmOfficer: true },
  { role: 'handler', userId: 'u-h1', departmentId: 'd-lead' },
  { role: 'handler', userId: 'u-h2', departmentId: 'd-second' },
  { role: 'supervisor', userId: 'u-sup', inRegionReach: true },
  { role: 'system' },
];

function commandFor(action: CaseActionName, appeal: AppealSnapshot): AppealCommand {
  switch (action) {
    case 'route':
      return { action, leadDepartmentId: appeal.objectedDepartmentIds.includes('d-lead') ? 'd-second' : 'd-lead', coDepartmentIds: [] };
    case 'transfer_up':
      return { action, targetDepartmentId: 'd-lead', reason: 'needs the next level' };
    case 'reject':
    case 'object':
    case 'deny_objection':
    case 'deny_extension':
    case 'suspend':
      return { action, reason: 'a reason' } as AppealCommand;
    case 'request_extension':
      return { action, days: 2, reason: 'waiting for a permit' };
    case 'supplement':
      return { action, text: 'documents attached' };
    case 'resolve':
      return { action, closureType: 'resolved', answer: 'done' };
    case 'verify':
    case 'follow_up_call':
      return { action, solved: 'no', satisfaction: 'dissatisfied' };
    case 'comment':
      return { action, text: 'any news?', visibility: 'public' };
    default:
      return { action } as AppealCommand;
  }
}

/** Ending or idle actions are drawn less often, so most sequences get deep into the loop. */
const WEIGHT: Partial<Record<CaseActionName, number>> = { withdraw: 0.15, reject: 0.1, comment: 0.2 };

function pick<T extends { action: CaseActionName }>(choices: readonly T[], next: () => number): T {
  const total = choices.reduce((sum, c) => sum + (WEIGHT[c.action] ?? 1), 0);
  let r = next() * total;
  for (const choice of choices) {
    r -= WEIGHT[choice.action] ?? 1;
    if (r <= 0) return choice;
  }
  return choices[choices.length - 1];
}

/** What the use case computes for the clocks the decision asked for (the state machine only compares them). */
function withClocks(appeal: AppealSnapshot, effects: readonly { type: string }[], now: Date): AppealSnapshot {
  const at = (hours: number) => new Date(now.getTime() + hours * HOUR);
  let next = appeal;
  for (const effect of effects) {
    if (effect.type === 'start_handling_clocks') next = { ...next, objectionDeadlineAt: at(24), resolutionDueAt: at(7 * 24) };
    if (effect.type === 'reset_resolution_clock') next = { ...next, resolutionDueAt: at(7 * 24) };
    if (effect.type === 'start_verification_clock') next = { ...next, verificationDueAt: at(5 * 24) };
  }
  return next;
}

describe('pauses over random action sequences', () => {
  const seen = { suspensionsLeftBy: new Set<string>() };

  it.each(Array.from({ length: 300 }, (_, i) => i + 1))('seed %i: a pause is open exactly while the appeal is suspended', (seed) => {
    const next = seededRandom(seed);
    let appeal = initialAppealSnapshot({ enterpriseId: 'e-1', level: 'county' });
    let now = new Date('2026-03-02T01:00:00Z');
    const pauses: Array<{ open: boolean }> = [];
    for (let step = 0; step < 40; step += 1) {
      now = new Date(now.getTime() + Math.floor(next() * 30) * HOUR);
      const choices = ACTORS.flatMap((actor) => allowedActions(appeal, actor, now).map((action) => ({ actor, action })));
      if (!choices.length) break;
      const { actor, action } = pick(choices, next);
      const decision = decide(appeal, commandFor(action, appeal), actor, now);
      if (!decision.ok) {
        // Listed actions succeed given valid input; only this generator's input can be at fault.
        expect(['invalid_input', 'already_objected']).toContain(decision.error);
        continue;
      }
      for (const effect of decision.effects) {
        if (effect.type === 'pause_clock') pauses.push({ open: true });
        if (effect.type === 'resume_clock') pauses.filter((p) => p.open).forEach((p) => (p.open = false));
      }
      if (decision.from === 'suspended' && decision.to !== 'suspended') seen.suspensionsLeftBy.add(decision.action);
      appeal = withClocks({ ...appeal, ...decision.changes }, decision.effects, now);

      const open = pauses.filter((p) => p.open).length;
      expect({ status: appeal.status, open, suspendedAt: appeal.suspendedAt !== null }).toEqual({
        status: appeal.status,
        open: appeal.status === 'suspended' ? 1 : 0,
        suspendedAt: appeal.status === 'suspended',
      });
    }
  });

  it('covered every way out of a suspension, the withdrawal included', () => {
    expect([...seen.suspensionsLeftBy].sort()).toEqual(['resume', 'supplement', 'withdraw']);
  });
});
