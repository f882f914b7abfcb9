import { attachRefusal, mayOfferAttach } from './appeal-attach';
import type { Actor } from './appeal-actor';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { APPEAL_STATUSES, isOpenStatus } from './appeal-status';

const base = initialAppealSnapshot({ enterpriseId: '7', level: 'county' });
const inStatus = (status: AppealSnapshot['status']): AppealSnapshot => ({ ...base, status, leadDepartmentId: '3' });

const firm: Actor = { role: 'enterprise', userId: '1', enterpriseId: '7' };
const otherFirm: Actor = { role: 'enterprise', userId: '2', enterpriseId: '8' };
const officer: Actor = { role: 'officer', userId: '3', isFirmOfficer: true };
const handler: Actor = { role: 'handler', userId: '4', departmentId: '3' };
const supervisor: Actor = { role: 'supervisor', userId: '5', inRegionReach: true };

describe('attaching a file (one rule for the API and the console)', () => {
  it.each(APPEAL_STATUSES)('in %s: allowed to the firm, its officer and the lead handler exactly while the appeal is open', (status) => {
    for (const actor of [firm, officer, handler]) {
      const refusal = attachRefusal(inStatus(status), actor);
      expect(refusal === null).toBe(isOpenStatus(status));
      if (refusal) expect(refusal.error).toBe('finished');
      expect(mayOfferAttach(status, actor.role)).toBe(isOpenStatus(status));
    }
  });

  it('refuses supervisors and admins, and tells a stranger the appeal is not there', () => {
    expect(attachRefusal(inStatus('in_progress'), supervisor)?.error).toBe('forbidden');
    expect(attachRefusal(inStatus('in_progress'), { role: 'admin', userId: '9' })?.error).toBe('forbidden');
    expect(mayOfferAttach('in_progress', 'supervisor')).toBe(false);
    expect(mayOfferAttach('in_progress', 'admin')).toBe(false);
    expect(attachRefusal(inStatus('in_progress'), otherFirm)?.error).toBe('not_found');
  });
});
