import { closeOffRefusal, groupAccess, measureTransitionRefusal } from './group-access';

describe('groupAccess', () => {
  const facts = { role: 'officer' as const, isMember: false, reachPrefix: '5101', cityCodes: ['510100'] };
  it('lets members write whatever their role', () => {
    expect(groupAccess({ ...facts, isMember: true })).toBe('write');
    expect(groupAccess({ ...facts, role: 'handler', isMember: true, reachPrefix: '510104' })).toBe('write');
  });
  it('lets admins write and covering supervisors read', () => {
    expect(groupAccess({ ...facts, role: 'admin', reachPrefix: '' })).toBe('write');
    expect(groupAccess({ ...facts, role: 'supervisor', reachPrefix: '51' })).toBe('read');
    expect(groupAccess({ ...facts, role: 'supervisor', reachPrefix: '5101', cityCodes: ['510100', '510700'] })).toBe('none');
  });
  it('hides the group from everyone else, officers of the city included', () => {
    expect(groupAccess(facts)).toBe('none');
    expect(groupAccess({ ...facts, role: 'enterprise' })).toBe('none');
    expect(groupAccess({ ...facts, role: 'supervisor', reachPrefix: '5107' })).toBe('none');
  });
});

describe('closeOffRefusal', () => {
  it('needs the appeal closed first, and only once', () => {
    expect(closeOffRefusal('closed', false)).toBeNull();
    expect(closeOffRefusal('resolved', false)).toMatch(/must be closed/);
    expect(closeOffRefusal('in_progress', false)).toMatch(/in_progress/);
    expect(closeOffRefusal('closed', true)).toMatch(/already/);
  });
});

describe('measureTransitionRefusal', () => {
  it('moves forward, needs evidence to be done, and keeps final states', () => {
    expect(measureTransitionRefusal('planned', 'in_progress', null)).toBeNull();
    expect(measureTransitionRefusal('in_progress', 'done', '已协调供电公司完成接电')).toBeNull();
    expect(measureTransitionRefusal('in_progress', 'done', null)).toMatch(/evidence/);
    expect(measureTransitionRefusal('in_progress', 'planned', null)).toMatch(/back/);
    expect(measureTransitionRefusal('done', 'cancelled', null)).toMatch(/cannot/);
    expect(measureTransitionRefusal('planned', 'cancelled', null)).toBeNull();
    expect(measureTransitionRefusal('done', 'done', 'x')).toBeNull();
  });
});
