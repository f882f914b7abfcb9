import type { EntityManager } from 'typeorm';

/** One firm changing hands. `fromOfficerId` is null when the firm had no officer before. */
export interface OfficerMove {
  enterpriseId: number;
  fromOfficerId: number | null;
  toOfficerId: number;
}

/**
 * The hook through which open appeals follow their firm to its new officer. Every assignment
 * path (one firm, a leaving officer's bulk handover, an import's officer column) calls it inside
 * the transaction that writes the assignment, with that transaction's EntityManager: if it throws,
 * the reassignment rolls back with it, so a firm and its open appeals never disagree.
 *
 * Implementations should move every open appeal of each `enterpriseId` to `toOfficerId` (not only
 * those held by `fromOfficerId`: a firm may have been without an officer for a while) and write
 * their own events. Moves arrive in batches of any size; use set-based statements.
 *
 * To plug one in, provide it from a global module, which the officers module then sees:
 *   @Global() @Module({ providers: [{ provide: OPEN_APPEALS_HANDOVER, useClass: AppealsHandover }],
 *                        exports: [OPEN_APPEALS_HANDOVER] })
 * When nothing provides it, assignments use NoOpenAppealsHandover.
 */
export interface OpenAppealsHandover {
  handOver(manager: EntityManager, moves: OfficerMove[], actorId: number, reason: string, now: Date): Promise<void>;
}

export const OPEN_APPEALS_HANDOVER = Symbol('OPEN_APPEALS_HANDOVER');

/** Used until the appeals module provides the real hand-over. */
export class NoOpenAppealsHandover implements OpenAppealsHandover {
  async handOver(): Promise<void> {
    // No appeals to move yet.
  }
}
