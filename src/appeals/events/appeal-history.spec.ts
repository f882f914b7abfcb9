import type { EntityManager } from 'typeorm';
import type { AppealEventNotifier } from '../../notifications/appeal-event-notifier';
import type { AppealEventsRepository, NewAppealEvent } from './appeal-events.repository';
import { AppealHistory, bumpsVersion, type HistoryEntry } from './appeal-history';

const AT = new Date('2026-03-10T02:00:00Z');
const APPEAL = { id: 5, number: '2026-000005', title: '用电', enterpriseId: 7, officerId: 22, leadDepartmentId: 3, regionCode: '510104' };

function harness() {
  const appended: Array<{ events: NewAppealEvent[]; bumpVersion: boolean }> = [];
  const announced: unknown[] = [];
  const events = {
    appendEvents: async (_m: EntityManager, list: NewAppealEvent[], options: { bumpVersion: boolean }) => {
      appended.push({ events: list, bumpVersion: options.bumpVersion });
      return list.map((e, i) => ({ ...e, seq: 10 + i, onBehalf: e.onBehalf ?? false, reason: e.reason ?? null, payload: e.payload ?? {}, visibility: e.visibility ?? 'public', prevHash: null, hash: 'h' }));
    },
  } as unknown as AppealEventsRepository;
  const notifier = { onEvents: async (_m: EntityManager, list: unknown[]) => void announced.push(...list) } as unknown as AppealEventNotifier;
  return { history: new AppealHistory(events, notifier), appended, announced };
}

const entry = (fields: Partial<HistoryEntry> = {}): HistoryEntry => ({
  appealId: APPEAL.id,
  action: 'remind',
  actor: { id: null, role: 'system' },
  fromStatus: 'in_progress',
  toStatus: 'in_progress',
  reason: '催办',
  visibility: 'internal',
  at: AT,
  ...fields,
});

describe('AppealHistory', () => {
  it('moves the version exactly when nothing else did and someone could have seen the change', () => {
    expect(bumpsVersion('versioned', 'public')).toBe(false);
    expect(bumpsVersion('created', 'public')).toBe(false);
    expect(bumpsVersion('unversioned', 'internal')).toBe(true);
    expect(bumpsVersion('untouched', 'public')).toBe(true);
    expect(bumpsVersion('untouched', 'internal')).toBe(false);
  });

  it('appends every entry in one call and announces only those that ask, with their seq', async () => {
    const { history, appended, announced } = harness();
    await history.record({} as EntityManager, 'unversioned', [entry({ notify: { appeal: APPEAL } }), entry({ action: 'officer_handover' })]);
    expect(appended).toHaveLength(1);
    expect(appended[0].bumpVersion).toBe(true);
    expect(appended[0].events.map((e) => e.action)).toEqual(['remind', 'officer_handover']);
    expect(announced).toEqual([
      expect.objectContaining({ appealId: 5, action: 'remind', seq: 10, actorRole: 'system', visibility: 'internal', note: '催办', leadDepartmentId: 3 }),
    ]);
  });

  it('refuses mixed visibilities on untouched rows, which one version statement cannot honour', async () => {
    const { history } = harness();
    await expect(
      history.record({} as EntityManager, 'untouched', [entry({ action: 'attach', visibility: 'public' }), entry({ action: 'supervision_order' })]),
    ).rejects.toThrow(/one visibility/);
  });
});
