import { visitNotices, type VisitEventAction } from './visit-notices';

const FACTS = { firmName: '某某机械', unitName: '岳池县联络专员', visitDate: '2026-11-27', proposedDate: '2026-12-01', note: '生产任务重' };

describe('who hears of a visit’s step', () => {
  it('tells the firm what it should answer or know, and the planner the firm’s answers', () => {
    const audiences = (action: VisitEventAction) => visitNotices(action, FACTS).map((n) => n.audience);
    for (const action of ['plan', 'replan', 'accept_proposal', 'cancel', 'log', 'log_direct'] as const)
      expect(audiences(action)).toEqual(['firm']);
    for (const action of ['accept', 'propose_date', 'decline', 'confirm', 'dispute'] as const)
      expect(audiences(action)).toEqual(['planner']);
    expect(audiences('merge')).toEqual(['firm', 'absorbed_planner']);
    expect(audiences('merged_into')).toEqual([]);
  });

  it('writes Chinese titles that name the date, and passes the firm’s words along', () => {
    expect(visitNotices('plan', FACTS)[0]).toMatchObject({
      kind: 'visit.plan',
      title: '【走访安排】岳池县联络专员拟于 2026-11-27 走访贵企业，请确认',
    });
    expect(visitNotices('propose_date', FACTS)[0]).toEqual({
      audience: 'planner',
      kind: 'visit.propose_date',
      title: '【走访】某某机械希望改到 2026-12-01 走访',
      body: '生产任务重',
    });
  });
});
