import type { Actor } from './appeal-actor';
import { nextLevel } from './appeal-level';
import { isSatisfied, SATISFACTION_LEVELS } from './appeal-outcome';
import { canReadAppeal, canReadInternalComments } from './appeal-permissions';
import { initialAppealSnapshot } from './appeal-snapshot';
import { APPEAL_STATUSES, isAppealStatus, isOpenStatus, OPEN_APPEAL_STATUSES, TERMINAL_APPEAL_STATUSES } from './appeal-status';

describe('statuses', () => {
  it('closed, rejected and withdrawn are the only ones not open', () => {
    expect(APPEAL_STATUSES.filter((s) => !isOpenStatus(s))).toEqual(['closed', 'rejected', 'withdrawn']);
    expect(TERMINAL_APPEAL_STATUSES).toEqual(['closed', 'rejected', 'withdrawn']);
    expect(OPEN_APPEAL_STATUSES).toHaveLength(6);
  });

  it('recognises stored values', () => {
    expect(isAppealStatus('in_progress')).toBe(true);
    expect(isAppealStatus('IN_PROGRESS')).toBe(false);
  });
});

describe('levels', () => {
  it('rise county → city → province and stop there', () => {
    expect(nextLevel('county')).toBe('city');
    expect(nextLevel('city')).toBe('province');
    expect(nextLevel('province')).toBeNull();
  });
});

describe('satisfaction', () => {
  it('only the two unsatisfied answers are unsatisfied', () => {
    expect(SATISFACTION_LEVELS.filter((s) => !isSatisfied(s))).toEqual(['dissatisfied', 'very_dissatisfied']);
  });
});

describe('reading an appeal', () => {
  const appeal = { ...initialAppealSnapshot({ enterpriseId: 'e-1', level: 'city' }), leadDepartmentId: 'd-1', coDepartmentIds: ['d-2'] };
  it.each<[string, Actor, boolean, boolean]>([
    ['own enterprise', { role: 'enterprise', userId: 'u', enterpriseId: 'e-1' }, true, false],
    ['other enterprise', { role: 'enterprise', userId: 'u', enterpriseId: 'e-9' }, false, false],
    ["firm's officer", { role: 'officer', userId: 'u', isFirmOfficer: true }, true, true],
    ['other officer', { role: 'officer', userId: 'u', isFirmOfficer: false }, false, false],
    ['lead handler', { role: 'handler', userId: 'u', departmentId: 'd-1' }, true, true],
    ['co handler', { role: 'handler', userId: 'u', departmentId: 'd-2' }, true, true],
    ['other handler', { role: 'handler', userId: 'u', departmentId: 'd-3' }, false, false],
    ['supervisor in reach', { role: 'supervisor', userId: 'u', inRegionReach: true }, true, true],
    ['supervisor out of reach', { role: 'supervisor', userId: 'u', inRegionReach: false }, false, false],
    ['admin', { role: 'admin', userId: 'u' }, true, true],
    ['system', { role: 'system' }, false, false],
  ])('%s', (_name, actor, reads, readsInternal) => {
    expect(canReadAppeal(appeal, actor)).toBe(reads);
    expect(canReadInternalComments(appeal, actor)).toBe(readsInternal);
  });
});
