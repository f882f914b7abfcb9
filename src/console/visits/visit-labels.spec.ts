import { mergeRefusal } from '../../visits/domain/visit-planning';
import { decideVisit, VISIT_ACTIONS, VISIT_STATUSES, type VisitCommand, type VisitRelation } from '../../visits/domain/visit-state';
import { budgetWarningZh, visitMessageZh } from './visit-labels';

const NOW = new Date('2026-11-25T02:00:00Z');
const COMMANDS: VisitCommand[] = [
  { action: 'accept' },
  { action: 'propose_date', proposedDate: '2026-11-25', note: null },
  { action: 'propose_date', proposedDate: '2026-11-27', note: null },
  { action: 'decline', reason: '' },
  { action: 'accept_proposal' },
  { action: 'replan', visitDate: '2026-11-20' },
  { action: 'cancel', reason: null },
  { action: 'log', visitDate: '2026-11-30' },
  { action: 'confirm' },
  { action: 'dispute', reason: 'x' },
];

describe('the visit refusals in Chinese', () => {
  it('has Chinese for every refusal the visit rules can give', () => {
    expect(COMMANDS.map((c) => c.action).sort()).toEqual(expect.arrayContaining([...VISIT_ACTIONS].sort()));
    const untranslated = new Set<string>();
    for (const status of VISIT_STATUSES) {
      for (const confirmation of [null, 'pending', 'presumed', 'confirmed', 'legacy', 'disputed'] as const) {
        for (const relation of ['firm', 'planner', 'other'] as VisitRelation[]) {
          for (const command of COMMANDS) {
            const facts = {
              status,
              confirmation,
              visitDate: '2026-11-27',
              proposedDate: '2026-11-24',
              loggedAt: new Date('2026-11-01T00:00:00Z'),
            };
            const decision = decideVisit(facts, command, relation, '2026-11-25', NOW);
            if (!decision.ok && visitMessageZh(decision.message) === null) untranslated.add(decision.message);
          }
        }
      }
    }
    expect([...untranslated]).toEqual([]);
  });

  it('has Chinese for every merge refusal', () => {
    const a = { id: '1', enterpriseId: 'e', unitId: 'u1', plannedOn: '2026-11-26', active: true };
    const refusals = [
      mergeRefusal(a, a, '2026-11-27', '2026-11-25'),
      mergeRefusal(a, { ...a, id: '2', active: false }, '2026-11-27', '2026-11-25'),
      mergeRefusal(a, { ...a, id: '2', enterpriseId: 'f', unitId: 'u2' }, '2026-11-27', '2026-11-25'),
      mergeRefusal(a, { ...a, id: '2' }, '2026-11-27', '2026-11-25'),
      mergeRefusal(a, { ...a, id: '2', unitId: 'u2', plannedOn: '2026-11-30' }, '2026-11-27', '2026-11-25'),
      mergeRefusal(a, { ...a, id: '2', unitId: 'u2' }, '2026-11-24', '2026-11-25'),
    ];
    expect(refusals.every((r) => r !== null && visitMessageZh(r) !== null)).toBe(true);
  });

  it('explains the budget warning with the month and the counts', () => {
    expect(budgetWarningZh({ month: '2026-12', planned: 3, budget: 2 })).toBe(
      '该企业 2026 年 12 月已安排或已完成 2 次走访，再安排将达到 3 次，超出每企每月 2 次的走访上限。确需走访请勾选“仍要安排”后再提交。',
    );
  });
});
