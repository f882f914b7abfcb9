import { safeCellText } from './safe-cell';

describe('safeCellText', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1+2', "'+1+2"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
  ])('neutralises %s', (input, output) => {
    expect(safeCellText(input)).toBe(output);
  });

  it('leaves ordinary text and empty values alone', () => {
    expect(safeCellText('年产10万吨锂电材料项目')).toBe('年产10万吨锂电材料项目');
    expect(safeCellText('a=b')).toBe('a=b');
    expect(safeCellText(null)).toBe('');
    expect(safeCellText(undefined)).toBe('');
  });
});
