import {
  allowedVisitActions,
  countsForCoverage,
  decideVisit,
  DISPUTE_WINDOW_DAYS,
  mayDispute,
  VISIT_ACTIONS,
  type VisitCommand,
  type VisitFacts,
  type VisitRelation,
  VISIT_STATUSES,
} from './visit-state';

const NOW = new Date('2026-11-25T02:00:00Z');
const TODAY = '2026-11-25';
const visit = (over: Partial<VisitFacts> = {}): VisitFacts => ({
  status: 'planned',
  confirmation: null,
  visitDate: '2026-11-27',
  proposedDate: null,
  loggedAt: null,
  ...over,
});
const COMMANDS: Record<(typeof VISIT_ACTIONS)[number], VisitCommand> = {
  accept: { action: 'accept' },
  propose_date: { action: 'propose_date', proposedDate: '2026-12-01', note: null },
  decline: { action: 'decline', reason: '近期已检查' },
  accept_proposal: { action: 'accept_proposal' },
  replan: { action: 'replan', visitDate: '2026-12-02' },
  cancel: { action: 'cancel', reason: null },
  log: { action: 'log', visitDate: TODAY },
  confirm: { action: 'confirm' },
  dispute: { action: 'dispute', reason: '无人来访' },
};

describe('a visit’s life', () => {
  it('lets the firm accept, propose a date or decline a plan, and the planner cancel or log it', () => {
    expect(allowedVisitActions(visit(), 'firm', NOW)).toEqual(['accept', 'propose_date', 'decline']);
    expect(allowedVisitActions(visit(), 'planner', NOW)).toEqual(['cancel', 'log']);
    expect(allowedVisitActions(visit(), 'other', NOW)).toEqual([]);
    expect(allowedVisitActions(visit({ status: 'reschedule_proposed', proposedDate: '2026-12-01' }), 'planner', NOW)).toEqual([
      'accept_proposal',
      'replan',
      'cancel',
    ]);
    expect(allowedVisitActions(visit({ status: 'accepted' }), 'planner', NOW)).toEqual(['cancel', 'log']);
    for (const status of ['declined', 'cancelled', 'merged'] as const) {
      expect(allowedVisitActions(visit({ status }), 'firm', NOW)).toEqual([]);
      expect(allowedVisitActions(visit({ status }), 'planner', NOW)).toEqual([]);
    }
  });

  it('refuses every action to the wrong side, whatever the state', () => {
    for (const action of VISIT_ACTIONS) {
      for (const status of VISIT_STATUSES) {
        const relations: VisitRelation[] = ['firm', 'planner', 'other'];
        const allowed = relations.filter(
          (r) => decideVisit(visit({ status, confirmation: status === 'done' ? 'pending' : null }), COMMANDS[action], r, TODAY, NOW).ok,
        );
        expect(allowed.length).toBeLessThanOrEqual(1);
        expect(allowed).not.toContain('other');
      }
    }
  });

  it('moves an accepted proposal to the firm’s date and clears it; a replan clears the firm’s note', () => {
    const proposed = visit({ status: 'reschedule_proposed', proposedDate: '2026-12-01' });
    expect(decideVisit(proposed, COMMANDS.accept_proposal, 'planner', TODAY, NOW)).toEqual({
      ok: true,
      change: { status: 'accepted', visitDate: '2026-12-01', proposedDate: null, note: null },
    });
    expect(decideVisit(proposed, COMMANDS.replan, 'planner', TODAY, NOW)).toMatchObject({
      ok: true,
      change: { status: 'planned', visitDate: '2026-12-02', proposedDate: null, firmNote: null },
    });
    expect(
      decideVisit(visit({ status: 'reschedule_proposed', proposedDate: '2026-11-24' }), COMMANDS.accept_proposal, 'planner', TODAY, NOW),
    ).toMatchObject({
      ok: false,
      error: 'illegal',
    });
  });

  it('checks the input: a proposal after today and not the planned day, reasons of two characters, logs not in the future', () => {
    const propose = (proposedDate: string) => decideVisit(visit(), { action: 'propose_date', proposedDate, note: ' ' }, 'firm', TODAY, NOW);
    expect(propose(TODAY)).toMatchObject({ ok: false, error: 'invalid_input', field: 'proposedDate' });
    expect(propose('2026-11-27')).toMatchObject({ ok: false, error: 'invalid_input', field: 'proposedDate' });
    expect(propose('2026-11-26')).toEqual({
      ok: true,
      change: { status: 'reschedule_proposed', proposedDate: '2026-11-26', firmNote: null, note: null },
    });
    expect(decideVisit(visit(), { action: 'decline', reason: ' 不 ' }, 'firm', TODAY, NOW)).toMatchObject({ ok: false, field: 'reason' });
    expect(decideVisit(visit(), { action: 'log', visitDate: '2026-11-26' }, 'planner', TODAY, NOW)).toMatchObject({
      ok: false,
      field: 'visitDate',
    });
    expect(
      decideVisit(
        visit({ status: 'reschedule_proposed', proposedDate: '2026-12-01' }),
        { action: 'replan', visitDate: '2026-11-24' },
        'planner',
        TODAY,
        NOW,
      ),
    ).toMatchObject({
      ok: false,
      field: 'visitDate',
    });
  });

  it('presumes a visit logged from an accepted plan, and leaves one logged without the firm’s answer pending', () => {
    expect(decideVisit(visit({ status: 'accepted' }), COMMANDS.log, 'planner', TODAY, NOW)).toMatchObject({
      ok: true,
      change: { status: 'done', confirmation: 'presumed' },
    });
    expect(decideVisit(visit(), COMMANDS.log, 'planner', TODAY, NOW)).toMatchObject({
      ok: true,
      change: { status: 'done', confirmation: 'pending' },
    });
  });

  it('lets the firm confirm or dispute a pending visit, dispute a presumed one within the window, and nothing once settled', () => {
    const logged = new Date('2026-11-20T02:00:00Z');
    const presumed = visit({ status: 'done', confirmation: 'presumed', loggedAt: logged });
    expect(allowedVisitActions(visit({ status: 'done', confirmation: 'pending', loggedAt: logged }), 'firm', NOW)).toEqual([
      'confirm',
      'dispute',
    ]);
    expect(allowedVisitActions(presumed, 'firm', NOW)).toEqual(['confirm', 'dispute']);
    const edge = new Date(logged.getTime() + DISPUTE_WINDOW_DAYS * 86_400_000);
    expect(mayDispute(presumed, edge)).toBe(true);
    expect(mayDispute(presumed, new Date(edge.getTime() + 1))).toBe(false);
    expect(allowedVisitActions(presumed, 'firm', new Date(edge.getTime() + 1))).toEqual(['confirm']);
    for (const confirmation of ['legacy', 'confirmed', 'disputed'] as const) {
      expect(allowedVisitActions(visit({ status: 'done', confirmation, loggedAt: logged }), 'firm', NOW)).toEqual([]);
    }
    expect(decideVisit(presumed, COMMANDS.dispute, 'firm', TODAY, NOW)).toMatchObject({
      ok: true,
      change: { confirmation: 'disputed', firmNote: '无人来访' },
    });
  });

  it('counts for coverage the done visits that are legacy, presumed or confirmed', () => {
    expect(countsForCoverage('done', 'legacy')).toBe(true);
    expect(countsForCoverage('done', 'presumed')).toBe(true);
    expect(countsForCoverage('done', 'confirmed')).toBe(true);
    expect(countsForCoverage('done', 'pending')).toBe(false);
    expect(countsForCoverage('done', 'disputed')).toBe(false);
    expect(countsForCoverage('accepted', null)).toBe(false);
  });
});
