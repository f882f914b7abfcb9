import { computeEventHash, type HashedEventFields } from '../events/event-hash';
import { bearerSession, requestOrigin } from './request-origin';

describe('request origins', () => {
  it('hashes the address and the session with the key, never storing either as given', () => {
    const a = requestOrigin('k'.repeat(32), '10.1.2.3', 'family-1');
    expect(a.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.ipHash).not.toContain('10.1.2.3');
    expect(requestOrigin('k'.repeat(32), '10.1.2.3', 'family-2').ipHash).toBe(a.ipHash);
    expect(requestOrigin('k'.repeat(32), '10.1.2.3', 'family-2').sessionHash).not.toBe(a.sessionHash);
    // Another key, other hashes; an address never equals a session of the same text.
    expect(requestOrigin('j'.repeat(32), '10.1.2.3', 'family-1').ipHash).not.toBe(a.ipHash);
    expect(requestOrigin('k'.repeat(32), 'x', 'x').ipHash).not.toBe(requestOrigin('k'.repeat(32), 'x', 'x').sessionHash);
    expect(requestOrigin('k'.repeat(32), undefined, null)).toEqual({ ipHash: null, sessionHash: null });
  });

  it('reads the session (sid) of a bearer token', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 1, sid: 'fam-9' })).toString('base64url');
    expect(bearerSession(`Bearer eyJhbGciOiJIUzI1NiJ9.${payload}.sig`)).toBe('fam-9');
    expect(bearerSession('Bearer not-a-jwt')).toBeNull();
    expect(bearerSession(undefined)).toBeNull();
  });

  it('covers an origin in the event hash only when one is recorded, so older events hash as before', () => {
    const event: HashedEventFields = {
      appealId: 1,
      seq: 2,
      action: 'resolve',
      actorId: 3,
      actorRole: 'handler',
      onBehalf: false,
      fromStatus: 'in_progress',
      toStatus: 'resolved',
      reason: null,
      payload: {},
      visibility: 'public',
      createdAt: new Date('2025-04-08T02:00:00Z'),
      prevHash: null,
    };
    const plain = computeEventHash(event);
    expect(computeEventHash({ ...event, origin: null })).toBe(plain);
    const withOrigin = computeEventHash({ ...event, origin: { ipHash: 'a'.repeat(64), sessionHash: null } });
    expect(withOrigin).not.toBe(plain);
    expect(computeEventHash({ ...event, origin: { ipHash: 'b'.repeat(64), sessionHash: null } })).not.toBe(withOrigin);
  });
});
