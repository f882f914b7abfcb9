import { AppError } from '../../common/errors/app-error';
import { newPerformActionHarness, submittedRow, USERS } from './testing/use-case-harness';

const NOW = new Date('2026-03-09T03:00:00Z');

/**
 * Marking a duplicate through the use case (#16): the original is looked up as the actor may read
 * it (never taken from the request), and the write closes the appeal with its link, recorded as a
 * metric fact so a past period can be recounted from the log.
 */
describe('PerformActionUseCase: marking a duplicate', () => {
  const original = submittedRow({ id: 90, number: '2026-000090', status: 'in_progress', lead_department_id: 3 });
  const otherFirms = submittedRow({ id: 91, number: '2026-000091', enterprise_id: 8 });

  it('closes the appeal with the link and tells the firm where its problem is handled', async () => {
    const h = newPerformActionHarness(submittedRow(), { now: NOW, otherAppeals: [original, otherFirms] });
    await h.perform.execute(USERS.officer, 100, { action: 'mark_duplicate', originalAppealId: '90', note: '同一问题' }, { version: 1, via: 'body' });
    expect(h.writes).toHaveLength(1);
    expect(h.writes[0]).toMatchObject({ status: 'closed', duplicate_of_id: 90, closed_at: NOW, current_due_at: null });
    expect(h.row()).toMatchObject({ status: 'closed', duplicate_of_id: 90 });
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      action: 'mark_duplicate',
      fromStatus: 'submitted',
      toStatus: 'closed',
      visibility: 'public',
      payload: { originalAppealId: '90', originalNumber: '2026-000090', note: '同一问题', facts: { duplicate_of_id: 90 } },
    });
  });

  it('judges the original as stored, whatever the request claims about it', async () => {
    const h = newPerformActionHarness(submittedRow(), { now: NOW, otherAppeals: [original, otherFirms] });
    const claimed = { id: '91', number: 'x', enterpriseId: '7', status: 'in_progress' as const, duplicateOfId: null, isSameAppeal: false };
    const attempt = h.perform.execute(
      USERS.officer,
      100,
      { action: 'mark_duplicate', originalAppealId: '91', original: claimed },
      { version: 1, via: 'body' },
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ details: [{ field: 'originalAppealId', message: expect.stringMatching(/another firm/) }] });
    expect(h.writes).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('refuses an original that does not exist for the actor, and the appeal itself', async () => {
    const h = newPerformActionHarness(submittedRow(), { now: NOW, otherAppeals: [original] });
    const mark = (originalAppealId: string) =>
      h.perform.execute(USERS.officer, 100, { action: 'mark_duplicate', originalAppealId }, { version: 1, via: 'body' });
    await expect(mark('404')).rejects.toMatchObject({ details: [{ field: 'originalAppealId', message: expect.stringMatching(/not found/) }] });
    await expect(mark('100')).rejects.toMatchObject({ details: [{ field: 'originalAppealId', message: expect.stringMatching(/itself/) }] });
    expect(h.writes).toEqual([]);
  });
});
