import { ANSWERED_APPEAL_STATUSES, CLOCK_RUNNING_STATUSES, OPEN_APPEAL_STATUSES, TERMINAL_APPEAL_STATUSES, UNANSWERED_END_STATUSES } from './appeal-status';

describe('appeal status groups (the lists SQL reads through sqlValues)', () => {
  it('splits the statuses into open and terminal without overlap', () => {
    expect(OPEN_APPEAL_STATUSES).toEqual(['submitted', 'accepted', 'assigned', 'in_progress', 'suspended', 'resolved']);
    expect(TERMINAL_APPEAL_STATUSES).toEqual(['closed', 'rejected', 'withdrawn']);
  });

  it('counts resolved and closed as answered; rejected and withdrawn ended unanswered', () => {
    expect(ANSWERED_APPEAL_STATUSES).toEqual(['resolved', 'closed']);
    expect(UNANSWERED_END_STATUSES).toEqual(['rejected', 'withdrawn']);
  });

  it('runs the clock only while open, unanswered and not suspended', () => {
    expect(CLOCK_RUNNING_STATUSES).toEqual(['submitted', 'accepted', 'assigned', 'in_progress']);
  });
});
