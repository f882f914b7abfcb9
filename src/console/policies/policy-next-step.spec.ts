import { byNextStep, nextStepFor } from './policy-next-step';

describe('nextStepFor (the firm’s home page)', () => {
  const base = { obtainMode: 'apply' as const, eligible: true, reason: null };

  it('asks the firm to act while it must confirm or apply', () => {
    expect(nextStepFor({ ...base, state: 'pending' })).toMatchObject({ kind: 'act', text: expect.stringContaining('确认已知悉') });
    expect(nextStepFor({ ...base, state: 'informed' })).toMatchObject({ kind: 'act', text: expect.stringContaining('提交申请') });
  });

  it('免申即享 needs no application: the firm waits', () => {
    expect(nextStepFor({ ...base, obtainMode: 'automatic', state: 'informed' })).toMatchObject({
      kind: 'wait',
      text: expect.stringContaining('无需申请'),
    });
    expect(nextStepFor({ ...base, obtainMode: 'automatic', state: 'exempt' }).kind).toBe('wait');
    expect(nextStepFor({ ...base, state: 'applied' }).kind).toBe('wait');
  });

  it('done when benefited, not applicable (with the reason) or no longer matching', () => {
    expect(nextStepFor({ ...base, state: 'benefited' })).toEqual({ kind: 'done', text: '已兑现' });
    expect(nextStepFor({ ...base, state: 'not_applicable', reason: '非规上企业' }).text).toBe('经核实不适用：非规上企业');
    expect(nextStepFor({ ...base, state: 'pending', eligible: false }).kind).toBe('done');
  });

  it('orders to-do first, then waiting, then done; newest first within each', () => {
    const item = (kind: 'act' | 'wait' | 'done', day: number) => ({
      next: { kind, text: '' },
      matchedAt: new Date(Date.UTC(2026, 10, day)),
      id: `${kind}${day}`,
    });
    const sorted = byNextStep([item('done', 5), item('wait', 3), item('act', 1), item('act', 4)]);
    expect(sorted.map((i) => i.id)).toEqual(['act4', 'act1', 'wait3', 'done5']);
  });
});
