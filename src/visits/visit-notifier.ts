import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { assertNever } from '../common/domain/assert-never';
import { type VisitEventAction, visitNotices } from './domain/visit-notices';
import type { VisitConfirmation, VisitStatus } from './domain/visit-state';
import { VisitEventsRepository } from './visit-events.repository';

export interface VisitStep {
  visitId: number;
  action: VisitEventAction;
  fromStatus: VisitStatus | null;
  toStatus: VisitStatus;
  visitDate: string;
  proposedDate: string | null;
  confirmation: VisitConfirmation | null;
  note: string | null;
  relatedVisitId: number | null;
  firm: { id: number; name: string };
  /** The units visiting, as the firm is told (a joint visit names them all) */
  unitName: string;
  plannerId: number;
  /** A merge's other planner */
  absorbedPlannerId?: number;
  at: Date;
}

/** Writes a visit step's history entry and its inbox entries, in the caller's transaction. */
@Injectable()
export class VisitNotifier {
  constructor(private readonly visits: VisitEventsRepository) {}

  async record(m: EntityManager, actor: AuthUser, step: VisitStep): Promise<void> {
    await this.visits.insertEvent(m, { ...step, actorId: actor.id, actorRole: actor.role });
    const notices = visitNotices(step.action, {
      firmName: step.firm.name,
      unitName: step.unitName,
      visitDate: step.visitDate,
      proposedDate: step.proposedDate,
      note: step.note,
    });
    for (const notice of notices) {
      switch (notice.audience) {
        case 'firm':
          await this.visits.notify(m, { firmId: step.firm.id }, notice, step.at);
          break;
        case 'planner':
          // A firm's own answer reaches the planner; nobody is told of their own step.
          if (step.plannerId !== actor.id) await this.visits.notify(m, { userId: step.plannerId }, notice, step.at);
          break;
        case 'absorbed_planner':
          if (step.absorbedPlannerId !== undefined && step.absorbedPlannerId !== actor.id) {
            await this.visits.notify(m, { userId: step.absorbedPlannerId }, notice, step.at);
          }
          break;
        default:
          assertNever(notice.audience, 'visit audience');
      }
    }
  }
}
