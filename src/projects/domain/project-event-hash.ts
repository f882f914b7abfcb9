import { createHash } from 'node:crypto';
import { canonicalJson } from '../../appeals/events/event-hash';

/**
 * Project events are chained exactly like appeal events: each event's SHA-256 covers its own
 * fields (in canonical JSON, so the database's re-serialisation of the payload cannot change it)
 * and the previous event's hash, so editing, deleting or reordering any event breaks the chain.
 */
export interface ProjectEventFields {
  projectId: number;
  seq: number;
  action: string;
  actorId: number | null;
  actorRole: string;
  fromStage: string | null;
  toStage: string;
  reason: string | null;
  payload: unknown;
  createdAt: Date;
  prevHash: string | null;
}

export function computeProjectEventHash(event: ProjectEventFields): string {
  const material = canonicalJson({
    projectId: event.projectId,
    seq: event.seq,
    action: event.action,
    actorId: event.actorId,
    actorRole: event.actorRole,
    fromStage: event.fromStage,
    toStage: event.toStage,
    reason: event.reason,
    payload: event.payload ?? {},
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(material).digest('hex');
}

export interface ProjectChainVerification {
  valid: boolean;
  checkedEvents: number;
  firstBrokenSeq: number | null;
  problem: string | null;
}

export function verifyProjectChain(events: ReadonlyArray<ProjectEventFields & { hash: string }>): ProjectChainVerification {
  let previous: string | null = null;
  for (const [i, event] of events.entries()) {
    const broken = (problem: string) => ({ valid: false, checkedEvents: events.length, firstBrokenSeq: event.seq, problem });
    if (event.seq !== i + 1) return broken(`expected event #${i + 1}, found #${event.seq} (an event is missing)`);
    if (event.prevHash !== previous) return broken(`event #${event.seq} does not link to the hash of the event before it`);
    if (computeProjectEventHash(event) !== event.hash) return broken(`event #${event.seq} was altered after it was written`);
    previous = event.hash;
  }
  return { valid: true, checkedEvents: events.length, firstBrokenSeq: null, problem: null };
}
