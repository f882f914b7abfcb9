import { APPEAL_EVENT_ACTIONS, type AppealEventAction } from '../appeals/domain';
import { AppealEventForNotification, planFor, regionChain } from './notification-rules';
import { recipientsQuery } from './notification-recipients.sql';

const event = (action: AppealEventAction, extra: Partial<AppealEventForNotification> = {}): AppealEventForNotification => ({
  appealId: 1,
  number: '2026-000001',
  title: '用电增容',
  action,
  fromStatus: 'in_progress',
  toStatus: 'in_progress',
  seq: 3,
  enterpriseId: 5,
  officerId: 7,
  leadDepartmentId: 9,
  regionCode: '510104',
  actorId: 11,
  ...extra,
});

describe('notification plans', () => {
  it('decides for every event action, and refuses an action it does not know instead of notifying nobody', () => {
    for (const action of APPEAL_EVENT_ACTIONS) expect(() => planFor(event(action))).not.toThrow();
    expect(() => planFor(event('renamed_action' as AppealEventAction))).toThrow(/appeal event action/);
  });

  it('tells nobody of what nobody must act on', () => {
    for (const action of ['sign', 'resume', 'attach', 'officer_handover', 'demo_stage_deadline'] as const) expect(planFor(event(action))).toBeNull();
  });

  it('sends each step to whoever must act next', () => {
    expect(planFor(event('submit'))?.audiences).toEqual(['officer']);
    expect(planFor(event('route'))?.audiences).toEqual(['lead_handlers']);
    expect(planFor(event('resolve'))?.audiences).toEqual(['enterprise_users', 'officer']);
    expect(planFor(event('object'))?.audiences).toEqual(['supervisors']);
    expect(planFor(event('request_extension'))?.audiences).toEqual(['supervisors']);
    expect(planFor(event('supervise'))?.audiences).toEqual(['lead_heads']);
    expect(planFor(event('red_card'))?.audiences).toEqual(['lead_heads', 'supervisors', 'officer']);
    expect(planFor(event('sign'))).toBeNull();
  });

  it('reminds the officer when no department holds the appeal yet', () => {
    expect(planFor(event('remind', { leadDepartmentId: null }))?.audiences).toEqual(['officer']);
  });

  it('sends a public comment to the other side and an internal one to staff only', () => {
    expect(planFor(event('comment', { actorRole: 'enterprise' }))?.audiences).toEqual(['lead_handlers', 'officer']);
    expect(planFor(event('comment', { actorRole: 'handler' }))?.audiences).toEqual(['enterprise_users']);
    expect(planFor(event('comment', { actorRole: 'enterprise', visibility: 'internal' }))?.audiences).not.toContain('enterprise_users');
  });

  it('distinguishes redo, raise and close after verification', () => {
    expect(planFor(event('verify', { toStatus: 'closed' }))?.urgent).toBe(false);
    expect(planFor(event('verify', { toStatus: 'in_progress' }))?.audiences).toContain('lead_handlers');
    expect(planFor(event('verify', { toStatus: 'accepted' }))?.audiences).toEqual(['officer', 'supervisors']);
  });

  it('lists the region chain up to the province', () => {
    expect(regionChain('510104')).toEqual(['510104', '510100', '510000']);
    expect(regionChain('510100')).toEqual(['510100', '510000']);
    expect(regionChain('510000')).toEqual(['510000']);
  });
});

describe('recipientsQuery', () => {
  it('builds one indexed join per audience and nothing for an empty plan', () => {
    const base = {
      appealId: 1,
      number: 'n',
      seq: 1,
      kind: 'k',
      title: 't',
      body: 'b',
      createdAt: new Date(0),
      actorId: null,
      leadDepartmentId: 9,
      enterpriseId: 5,
      officerId: null,
      regionChain: ['510104', '510100', '510000'],
      urgent: false,
    };
    expect(recipientsQuery([{ ...base, audiences: [] }])).toBeNull();
    // No officer: the officer audience contributes no rows.
    expect(recipientsQuery([{ ...base, audiences: ['officer'] }])).toBeNull();
    const query = recipientsQuery([{ ...base, audiences: ['lead_handlers', 'supervisors'] }]);
    expect(query?.sql.match(/JOIN users u/g)).toHaveLength(2);
    // One row per region on the chain, three values each.
    expect(query?.params).toHaveLength(3 + 9);
  });
});
