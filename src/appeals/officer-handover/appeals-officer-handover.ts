import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OfficerMove, OpenAppealsHandover } from '../../officers/open-appeals-handover';
import { AppealsRepository } from '../appeals.repository';
import { AppealHistory } from '../events/appeal-history';

/**
 * When a firm changes officer, its open appeals follow it: one set-based UPDATE per target
 * officer and one multi-row event insert, inside the assignment's own transaction.
 */
@Injectable()
export class AppealsOfficerHandover implements OpenAppealsHandover {
  constructor(
    private readonly appeals: AppealsRepository,
    private readonly history: AppealHistory,
  ) {}

  async handOver(manager: EntityManager, moves: OfficerMove[], actorId: number, reason: string, now: Date): Promise<void> {
    if (!moves.length) return;
    const enterpriseIds = moves.map((m) => m.enterpriseId);
    const open = await this.appeals.lockOpenOfFirms(manager, enterpriseIds);
    const target = new Map(moves.map((m) => [m.enterpriseId, m.toOfficerId]));
    const moving = open.filter((a) => Number(a.officer_id) !== target.get(Number(a.enterprise_id)));
    if (!moving.length) return;

    const byOfficer = new Map<number, number[]>();
    for (const appeal of moving) {
      const to = target.get(Number(appeal.enterprise_id)) as number;
      byOfficer.set(to, [...(byOfficer.get(to) ?? []), Number(appeal.id)]);
    }
    for (const [officerId, ids] of byOfficer) {
      await this.appeals.setOfficer(manager, ids, officerId);
    }
    await this.history.record(
      manager,
      'unversioned',
      moving.map((appeal) => ({
        appealId: Number(appeal.id),
        action: 'officer_handover' as const,
        actor: { id: actorId, role: 'system' },
        fromStatus: appeal.status,
        toStatus: appeal.status,
        reason,
        payload: {
          fromOfficerId: appeal.officer_id === null ? null : Number(appeal.officer_id),
          toOfficerId: target.get(Number(appeal.enterprise_id)) ?? null,
        },
        visibility: 'internal' as const,
        at: now,
      })),
    );
  }
}
