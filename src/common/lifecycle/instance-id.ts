import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds a lease or claims a row: host, process and a random part (a restarted process on the
 * same pid is someone else), then what it does, e.g. "web-1:4242:1a2b3c4d:reports". Shows in the
 * lease and outbox rows, so an operator can tell which instance has the work.
 */
export function instanceId(role?: string): string {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return role ? `${id}:${role}` : id;
}
