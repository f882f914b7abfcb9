import { fileSize, formatDate, formatDateTime, percent, timeLeft, withQuery } from './view-helpers';
import { label } from './labels';
import { safeNextPath } from '../http/console-request';
import { tokensMatch } from '../session/console-session.service';

describe('console view helpers', () => {
  it('shows instants in Asia/Shanghai whatever the server zone', () => {
    expect(formatDateTime(new Date('2026-03-02T02:00:00Z'))).toBe('2026-03-02 10:00');
    expect(formatDateTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
    expect(formatDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('says how long is left, or how long overdue', () => {
    const now = new Date('2026-03-02T02:00:00Z');
    expect(timeLeft(new Date('2026-03-04T05:00:00Z'), now)).toBe('剩余 2天3小时');
    expect(timeLeft(new Date('2026-03-02T03:30:00Z'), now)).toBe('剩余 1小时30分');
    expect(timeLeft(new Date('2026-03-02T01:55:00Z'), now)).toBe('已超期 5分钟');
    expect(timeLeft(null, now)).toBe('');
  });

  it('formats rates, sizes and query strings', () => {
    expect(percent(0.95312)).toBe('95.3%');
    expect(percent(null)).toBe('—');
    expect(fileSize(56)).toBe('56 B');
    expect(fileSize(2048)).toBe('2.0 KB');
    expect(withQuery({ q: '停电', status: '', light: 'red', page: '2' }, { page: 3 })).toBe('?q=%E5%81%9C%E7%94%B5&light=red&page=3');
    expect(withQuery({}, {})).toBe('');
  });

  it('labels stored keys in Chinese and shows unknown keys as themselves', () => {
    expect(label('status', 'suspended')).toBe('已中止(等待企业补充)');
    expect(label('light', 'red')).toBe('红灯');
    expect(label('action', 'route')).toBe('交办');
    expect(label('status', 'brand_new')).toBe('brand_new');
    expect(label('status', null)).toBe('—');
  });
});

describe('console security helpers', () => {
  it('follows only same-site relative paths after sign-in', () => {
    expect(safeNextPath('/appeals/12?x=1')).toBe('/appeals/12?x=1');
    for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', '/api/appeals', '/login?next=/', undefined, 42]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });

  it('refuses every target a browser would read as another site, and CR/LF', () => {
    const bad = [
      '/\t/evil.example/phish',
      '/\n/evil.example',
      '/\r\nSet-Cookie: x=1',
      '/appeals\r\nLocation: https://evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      ' /appeals',
      '/ /evil.example',
      '/\u0000/evil.example',
      'javascript:alert(1)',
      'https:evil.example',
      '/./\t/evil.example',
      '',
      'appeals',
    ];
    for (const target of bad) expect(safeNextPath(target)).toBe('/');
  });

  it('keeps same-site paths with their query and fragment, normalised', () => {
    expect(safeNextPath('/appeals?status=open#top')).toBe('/appeals?status=open#top');
    expect(safeNextPath('/firms/../appeals/3')).toBe('/appeals/3');
    expect(safeNextPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });

  it('compares tokens exactly', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'ab')).toBe(false);
    expect(tokensMatch('abc', undefined)).toBe(false);
    expect(tokensMatch('abc', ['abc'])).toBe(false);
  });
});
