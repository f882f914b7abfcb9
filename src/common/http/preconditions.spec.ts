import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { etagOf, expectedVersionOf, staleVersion, versionFromIfMatch } from './preconditions';

describe('preconditions', () => {
  it('reads a strong entity tag, or a bare number, as the version', () => {
    expect(versionFromIfMatch('"7"')).toEqual({ version: 7, via: 'if-match' });
    expect(versionFromIfMatch(' "12" ')).toEqual({ version: 12, via: 'if-match' });
    expect(versionFromIfMatch('7')).toEqual({ version: 7, via: 'if-match' });
    expect(versionFromIfMatch(undefined)).toBeUndefined();
    expect(etagOf(7)).toBe('"7"');
  });

  it('answers a weak tag 412 and anything else 400', () => {
    expect(() => versionFromIfMatch('W/"7"')).toThrow(expect.objectContaining({ code: ErrorCode.PreconditionFailed }));
    for (const bad of ['*', '"7", "8"', 'seven', '"-1"', '']) {
      expect(() => versionFromIfMatch(bad)).toThrow(expect.objectContaining({ code: ErrorCode.BadRequest }));
    }
  });

  it('prefers the header over the body version', () => {
    expect(expectedVersionOf('"3"', 5)).toEqual({ version: 3, via: 'if-match' });
    expect(expectedVersionOf(undefined, 5)).toEqual({ version: 5, via: 'body' });
    expect(expectedVersionOf(undefined, undefined)).toBeUndefined();
  });

  it('refuses a stale If-Match with 412 and a stale body version with 409', () => {
    const viaHeader = staleVersion('The appeal', { version: 3, via: 'if-match' }, {});
    const viaBody = staleVersion('The appeal', { version: 3, via: 'body' }, {});
    expect(viaHeader).toBeInstanceOf(AppError);
    expect([viaHeader.code, viaBody.code]).toEqual([ErrorCode.PreconditionFailed, ErrorCode.VersionConflict]);
  });
});
