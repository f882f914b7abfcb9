import { sqlValues } from './sql-literals';

describe('sqlValues', () => {
  it('quotes code values for an IN list', () => {
    expect(sqlValues(['resolved', 'closed'])).toBe("'resolved', 'closed'");
  });

  it('refuses what is not a code value, so user text can never be spliced in', () => {
    expect(() => sqlValues(["x' OR '1'='1"])).toThrow(/not a code value/);
    expect(() => sqlValues(['Closed'])).toThrow(/not a code value/);
    expect(() => sqlValues([])).toThrow(/empty/);
  });
});
