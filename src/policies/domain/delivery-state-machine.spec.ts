import { allowedMoves, decideDelivery, nextStates, type DeliveryRecord } from './delivery-state-machine';

const record = (fields: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  state: 'pending',
  eligible: true,
  policyStatus: 'published',
  obtainMode: 'apply',
  ...fields,
});

describe('delivery states', () => {
  it('follows 待告知 → 已告知 → 已申请 (or 免申 for 免申即享) → 已兑现', () => {
    expect(nextStates('pending', 'apply')).toEqual(['informed', 'not_applicable']);
    expect(nextStates('informed', 'apply')).toEqual(['applied', 'not_applicable']);
    expect(nextStates('informed', 'automatic')).toEqual(['exempt', 'not_applicable']);
    expect(nextStates('applied', 'apply')).toEqual(['benefited', 'not_applicable']);
    expect(nextStates('exempt', 'automatic')).toEqual(['benefited', 'not_applicable']);
    expect(nextStates('benefited', 'apply')).toEqual([]);
    expect(nextStates('not_applicable', 'apply')).toEqual(['pending']);
  });

  it('stamps the milestone of the state reached', () => {
    expect(decideDelivery(record(), 'officer', { to: 'informed', source: 'visit', reason: null })).toEqual({ ok: true, stamps: ['informed_at'] });
    expect(decideDelivery(record({ state: 'informed', obtainMode: 'automatic' }), 'officer', { to: 'exempt', source: 'call', reason: null })).toEqual({
      ok: true,
      stamps: ['applied_at'],
    });
    expect(decideDelivery(record({ state: 'applied' }), 'firm', { to: 'benefited', source: 'confirmation', reason: null })).toEqual({ ok: true, stamps: ['benefited_at'] });
  });

  it.each([
    ['skipping a step', record(), 'officer', { to: 'applied', source: 'visit' }, 'illegal'],
    ['免申 for a policy one applies for', record({ state: 'informed' }), 'officer', { to: 'exempt', source: 'visit' }, 'illegal'],
    ['已申请 for a 免申即享 policy', record({ state: 'informed', obtainMode: 'automatic' }), 'firm', { to: 'applied', source: 'confirmation' }, 'illegal'],
    ['anything after 已兑现', record({ state: 'benefited' }), 'supervisor', { to: 'not_applicable', source: 'supervision', reason: '误报' }, 'illegal'],
    ['a withdrawn policy', record({ policyStatus: 'withdrawn' }), 'officer', { to: 'informed', source: 'visit' }, 'illegal'],
    ['a firm no longer eligible', record({ eligible: false }), 'supervisor', { to: 'informed', source: 'supervision' }, 'illegal'],
    ['an officer claiming a confirmation', record(), 'officer', { to: 'informed', source: 'confirmation' }, 'forbidden'],
    ['a firm recording a visit', record(), 'firm', { to: 'informed', source: 'visit' }, 'forbidden'],
    ['a firm deciding 不适用', record(), 'firm', { to: 'not_applicable', source: 'confirmation', reason: '不需要' }, 'forbidden'],
    ['an officer reopening 不适用', record({ state: 'not_applicable' }), 'officer', { to: 'pending', source: 'visit', reason: '复核' }, 'forbidden'],
    ['a supervisor recording a firm confirmation', record(), 'supervisor', { to: 'informed', source: 'confirmation' }, 'forbidden'],
    ['不适用 without a reason', record(), 'officer', { to: 'not_applicable', source: 'visit', reason: '  ' }, 'invalid'],
    ['reopening without a reason', record({ state: 'not_applicable' }), 'supervisor', { to: 'pending', source: 'supervision' }, 'invalid'],
  ] as const)('refuses %s', (_what, rec, actor, change, kind) => {
    const decision = decideDelivery(rec, actor, { reason: null, ...change });
    expect(decision.ok).toBe(false);
    expect(!decision.ok && decision.kind).toBe(kind);
  });

  it('lets a supervisor reopen 不适用 with a reason and an officer set 不适用 with one', () => {
    expect(decideDelivery(record({ state: 'not_applicable' }), 'supervisor', { to: 'pending', source: 'supervision', reason: '复核后符合' }).ok).toBe(true);
    expect(decideDelivery(record({ state: 'informed' }), 'officer', { to: 'not_applicable', source: 'visit', reason: '企业已迁出园区' }).ok).toBe(true);
  });

  it('offers each actor only the moves they may make', () => {
    expect(allowedMoves(record(), 'officer')).toEqual(['informed', 'not_applicable']);
    expect(allowedMoves(record(), 'firm')).toEqual(['informed']);
    expect(allowedMoves(record({ state: 'not_applicable' }), 'officer')).toEqual([]);
    expect(allowedMoves(record({ state: 'not_applicable' }), 'supervisor')).toEqual(['pending']);
    expect(allowedMoves(record({ eligible: false }), 'supervisor')).toEqual([]);
  });
});
