import { canonicalJson, computeEventHash, HashedEventFields, verifyChain } from './event-hash';

function chain(length: number): Array<HashedEventFields & { hash: string }> {
  const events: Array<HashedEventFields & { hash: string }> = [];
  let prevHash: string | null = null;
  for (let seq = 1; seq <= length; seq += 1) {
    const fields: HashedEventFields = {
      appealId: 7,
      seq,
      action: seq === 1 ? 'submit' : 'comment',
      actorId: 3,
      actorRole: 'officer',
      onBehalf: false,
      fromStatus: seq === 1 ? null : 'submitted',
      toStatus: 'submitted',
      reason: null,
      payload: { text: `note ${seq}`, nested: { b: 2, a: 1 } },
      visibility: 'public',
      createdAt: new Date(Date.UTC(2026, 2, 2, 1, 0, seq)),
      prevHash,
    };
    const hash = computeEventHash(fields);
    events.push({ ...fields, hash });
    prevHash = hash;
  }
  return events;
}

describe('event hash chain', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('does not depend on the key order the database returns', () => {
    const [event] = chain(1);
    expect(computeEventHash({ ...event, payload: { nested: { a: 1, b: 2 }, text: 'note 1' } })).toBe(event.hash);
  });

  it('accepts an intact chain', () => {
    expect(verifyChain(chain(4))).toEqual({ valid: true, checkedEvents: 4, firstBrokenSeq: null, problem: null });
  });

  it('detects an altered field', () => {
    const events = chain(4);
    events[2] = { ...events[2], reason: 'rewritten' };
    expect(verifyChain(events)).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('detects a deleted event', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ valid: false, firstBrokenSeq: 3, problem: expect.stringContaining('missing') });
  });

  it('detects a re-hashed but unlinked event', () => {
    const events = chain(3);
    const forged = { ...events[1], reason: 'forged', prevHash: 'f'.repeat(64) };
    events[1] = { ...forged, hash: computeEventHash(forged) };
    expect(verifyChain(events)).toMatchObject({ valid: false, firstBrokenSeq: 2, problem: expect.stringContaining('link') });
  });
});
