import { warningLight } from './warning-light';

describe('warningLight', () => {
  it.each([
    [0, false, 'green'],
    [0.6999, false, 'green'],
    [0.7, false, 'yellow'],
    [0.95, false, 'yellow'],
    [1, false, 'yellow'],
    [1.2, true, 'red'],
    [0.1, true, 'red'],
  ] as const)('share %p overdue %p → %s', (share, overdue, light) => {
    expect(warningLight(share, overdue)).toBe(light);
  });

  it('honours a custom yellow threshold', () => {
    expect(warningLight(0.75, false, 0.8)).toBe('green');
    expect(warningLight(0.8, false, 0.8)).toBe('yellow');
  });

  it.each([0, -0.1, 1.5, Number.NaN])('rejects yellowAt %p', (yellowAt) => {
    expect(() => warningLight(0.5, false, yellowAt)).toThrow(RangeError);
  });

  it('rejects a NaN share rather than showing green', () => {
    expect(() => warningLight(Number.NaN, false)).toThrow(RangeError);
  });
});
