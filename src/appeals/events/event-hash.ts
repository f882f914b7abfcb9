import { createHash } from 'node:crypto';

/** The fields of an event that its hash covers: everything a reader of the timeline relies on. */
export interface HashedEventFields {
  appealId: number;
  seq: number;
  action: string;
  actorId: number | null;
  actorRole: string;
  onBehalf: boolean;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  payload: unknown;
  visibility: 'public' | 'internal';
  createdAt: Date;
  prevHash: string | null;
  /** Where an answer or rating was given from (keyed hashes); covered only when recorded, so older events hash as before. */
  origin?: { ipHash: string | null; sessionHash: string | null } | null;
}

/** JSON with keys sorted at every depth, so the database's re-serialisation of a JSON column cannot change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Each event's hash covers its own fields and the previous event's hash, so editing, deleting or
 * reordering any stored event breaks every hash after it (tamper evidence for the audit trail).
 */
export function computeEventHash(event: HashedEventFields): string {
  const material = canonicalJson({
    appealId: event.appealId,
    seq: event.seq,
    action: event.action,
    actorId: event.actorId,
    actorRole: event.actorRole,
    onBehalf: event.onBehalf,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason,
    payload: event.payload ?? {},
    visibility: event.visibility,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
    ...(event.origin ? { origin: { ipHash: event.origin.ipHash, sessionHash: event.origin.sessionHash } } : {}),
  });
  return createHash('sha256').update(material).digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  checkedEvents: number;
  /** The first event whose stored hash or link does not match, if any. */
  firstBrokenSeq: number | null;
  problem: string | null;
}

/** Walks a chain in seq order and reports the first event that does not match. */
export function verifyChain(events: Array<HashedEventFields & { hash: string }>): ChainVerification {
  let previous: string | null = null;
  let expectedSeq = 1;
  for (const event of events) {
    const broken = (problem: string): ChainVerification => ({ valid: false, checkedEvents: events.length, firstBrokenSeq: event.seq, problem });
    if (event.seq !== expectedSeq) return broken(`expected event #${expectedSeq}, found #${event.seq} (an event is missing)`);
    if (event.prevHash !== previous) return broken(`event #${event.seq} does not link to the hash of the event before it`);
    if (computeEventHash(event) !== event.hash) return broken(`event #${event.seq} was altered after it was written`);
    previous = event.hash;
    expectedSeq += 1;
  }
  return { valid: true, checkedEvents: events.length, firstBrokenSeq: null, problem: null };
}
