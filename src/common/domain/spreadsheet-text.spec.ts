import { neutraliseFormula, safeCells } from './spreadsheet-text';

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+86 138', '-3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","点我")'])('quotes %j', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it.each(['成都市', '川经信发〔2026〕1号', '', 'a=b', '1-2'])('keeps %j', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('safeCells', () => {
  it('neutralises the text of a row and leaves other values alone', () => {
    const at = new Date('2026-11-02T00:00:00Z');
    expect(safeCells(['=HYPERLINK("x")', 3, -3, '', at, null])).toEqual(["'=HYPERLINK(\"x\")", 3, -3, '', at, null]);
    expect(safeCells({ name: '@cmd', count: 2, region: '成都市' })).toEqual({ name: "'@cmd", count: 2, region: '成都市' });
  });
});
