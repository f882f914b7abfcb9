import { neutraliseFormula } from './spreadsheet-text';

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+86 138', '-3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","点我")'])('quotes %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['成都市', '川经信发〔2026〕1号', '', 'a=b', '1-2'])('keeps %j', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});
