import { appealsToLink, changeShare, defaultWindowDays, type ProblemFacts, refusalOf, stateAfter, topicWindows } from './common-problem-rules';

const open: ProblemFacts = { state: 'open', leadDepartmentId: 7, linkedAppealIds: [1, 2], hasTopic: false };
const answered: ProblemFacts = { ...open, state: 'answered' };
const closed: ProblemFacts = { ...open, state: 'closed' };

describe('common problem rules', () => {
  it('lets only the lead department answer, and only while not closed', () => {
    expect(refusalOf({ kind: 'answer', actorDepartmentId: 7 }, open)).toBeNull();
    expect(refusalOf({ kind: 'answer', actorDepartmentId: 7 }, answered)).toBeNull();
    expect(refusalOf({ kind: 'answer', actorDepartmentId: 8 }, open)?.code).toBe('forbidden');
    expect(refusalOf({ kind: 'answer', actorDepartmentId: null }, open)?.code).toBe('forbidden');
    expect(refusalOf({ kind: 'answer', actorDepartmentId: 7 }, { ...open, leadDepartmentId: null })?.code).toBe('conflict');
    expect(refusalOf({ kind: 'answer', actorDepartmentId: 7 }, closed)?.code).toBe('conflict');
  });

  it('closes only an answered problem and reopens only a closed one', () => {
    expect(refusalOf({ kind: 'close' }, open)?.code).toBe('conflict');
    expect(refusalOf({ kind: 'close' }, answered)).toBeNull();
    expect(refusalOf({ kind: 'close' }, closed)?.code).toBe('conflict');
    expect(refusalOf({ kind: 'reopen' }, closed)).toBeNull();
    expect(refusalOf({ kind: 'reopen' }, answered)?.code).toBe('conflict');
    expect(stateAfter({ kind: 'close' }, answered)).toBe('closed');
    expect(stateAfter({ kind: 'reopen' }, closed)).toBe('answered');
  });

  it('links new appeals only, unlinks linked ones only, and keeps at least one', () => {
    expect(refusalOf({ kind: 'link', appealIds: [2, 3] }, open)).toBeNull();
    expect(refusalOf({ kind: 'link', appealIds: [1, 2] }, open)?.code).toBe('conflict');
    expect(refusalOf({ kind: 'link', appealIds: [3] }, closed)?.code).toBe('conflict');
    expect(appealsToLink([1, 2], [3, 2, 3, 4])).toEqual([3, 4]);
    expect(refusalOf({ kind: 'unlink', appealIds: [2] }, open)).toBeNull();
    expect(refusalOf({ kind: 'unlink', appealIds: [3] }, open)).toEqual({ code: 'bad_request', message: expect.stringContaining('3') });
    expect(refusalOf({ kind: 'unlink', appealIds: [1, 2] }, open)?.code).toBe('conflict');
    expect(refusalOf({ kind: 'unlink', appealIds: [2] }, closed)?.code).toBe('conflict');
  });

  it('sends an answered problem back to open when its lead department changes', () => {
    expect(refusalOf({ kind: 'assign_lead', departmentId: 7 }, open)?.code).toBe('conflict');
    expect(refusalOf({ kind: 'assign_lead', departmentId: 8 }, closed)?.code).toBe('conflict');
    expect(stateAfter({ kind: 'assign_lead', departmentId: 8 }, answered)).toBe('open');
    expect(stateAfter({ kind: 'assign_lead', departmentId: 8 }, open)).toBe('open');
  });

  it('clears a topic only when there is one', () => {
    expect(refusalOf({ kind: 'clear_topic' }, open)?.code).toBe('conflict');
    expect(refusalOf({ kind: 'clear_topic' }, { ...open, hasTopic: true })).toBeNull();
    expect(refusalOf({ kind: 'set_topic' }, closed)).toBeNull();
  });
});

describe('topic windows', () => {
  const answer = new Date('2024-04-01T02:00:00Z');

  it('has none before an answer', () => {
    expect(topicWindows(null, answer, 30)).toBeNull();
  });

  it('compares equal lengths while the after-window runs', () => {
    const w = topicWindows(answer, new Date('2024-04-15T02:00:00Z'), 30)!;
    expect(w.after).toEqual({ from: answer, to: new Date('2024-04-15T02:00:00Z') });
    expect(w.before).toEqual({ from: new Date('2024-03-18T02:00:00Z'), to: answer });
    expect(w.afterComplete).toBe(false);
  });

  it('stops at the full length and says so', () => {
    const w = topicWindows(answer, new Date('2024-06-01T00:00:00Z'), 30)!;
    expect(w.after.to).toEqual(new Date('2024-05-01T02:00:00Z'));
    expect(w.before.from).toEqual(new Date('2024-03-02T02:00:00Z'));
    expect(w.afterComplete).toBe(true);
  });

  it('is empty when now is before the answer (a clock set back)', () => {
    const w = topicWindows(answer, new Date('2024-03-01T00:00:00Z'), 30)!;
    expect(w.after.to).toEqual(answer);
    expect(w.before.from).toEqual(answer);
  });

  it('defaults to the period length and computes the change', () => {
    expect([defaultWindowDays('week'), defaultWindowDays('xun'), defaultWindowDays('month')]).toEqual([7, 10, 30]);
    expect(changeShare(3, 1)).toBe(-0.6667);
    expect(changeShare(0, 4)).toBeNull();
    expect(changeShare(2, 2)).toBe(0);
  });
});
