import { APPEAL_STATUSES } from '../../appeals/domain';
import { labelOf, SATISFACTION_LABELS, STATUS_LABELS } from './appeal-labels';

describe('appeal labels', () => {
  it('has a Chinese label for every appeal status', () => {
    for (const status of APPEAL_STATUSES) expect(labelOf(STATUS_LABELS, status)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows nothing for a missing value and the raw value for an unknown one', () => {
    expect(labelOf(SATISFACTION_LABELS, null)).toBe('');
    expect(labelOf(SATISFACTION_LABELS, 'basically_satisfied')).toBe('基本满意');
    expect(labelOf(SATISFACTION_LABELS, 'new_level')).toBe('new_level');
  });
});
