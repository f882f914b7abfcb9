import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { nextLevel, type AppealLevel } from '../../appeals/domain';
import { PerformActionUseCase } from '../../appeals/usecases/perform-action.usecase';
import { levelOfCode } from '../../common/scope/region-reach';
import { DepartmentsRepository } from '../../departments/departments.repository';
import { RoutingService } from '../../routing/routing.service';
import type { PlannedEvent, SweepPlan } from './sweep-planner';
import type { SweepAppeal } from './sweep.repository';

/** A red card the planner decided for an appeal that can still go one level up. */
export interface RedCard {
  row: SweepAppeal;
  event: PlannedEvent;
}

/**
 * The red card (红牌) raises the appeal one level (DOMAIN: "the appeal itself moves to the next
 * level"). The planner decides *that* the step is due, set-based like every ladder step; the raise
 * itself goes through the appeal state machine (`decide`, action `red_card`) and the appeal use
 * case's one writing path, so it is one hash-chained event with the level, the routing and the
 * timers reset exactly as a transfer resets them. Red cards are rare (ten overdue working days), so
 * they are done one appeal at a time inside the sweep's batch transaction.
 */
@Injectable()
export class RedCardEscalation {
  private readonly logger = new Logger(RedCardEscalation.name);

  constructor(
    private readonly perform: PerformActionUseCase,
    private readonly routing: RoutingService,
    private readonly departments: DepartmentsRepository,
  ) {}

  /**
   * Takes the red cards that raise a level out of the plans, so the batch does not write them as
   * plain ladder events; at province there is nowhere to go and the red card stays a ladder step.
   */
  take(planned: ReadonlyArray<{ row: SweepAppeal; plan: SweepPlan }>): RedCard[] {
    const cards: RedCard[] = [];
    for (const { row, plan } of planned) {
      const index = plan.events.findIndex((e) => e.action === 'red_card');
      if (index < 0 || nextLevel(row.level as AppealLevel) === null) continue;
      cards.push({ row, event: plan.events[index] });
      plan.events.splice(index, 1);
    }
    return cards;
  }

  /**
   * Raises each appeal after the batch wrote its other steps. Returns the events it could not write
   * through the state machine (e.g. a department that objected is the only rule's), for the batch to
   * write as before, so the step still happens exactly once.
   */
  async raise(m: EntityManager, cards: readonly RedCard[], now: Date): Promise<{ raised: number; fallback: RedCard[] }> {
    let raised = 0;
    const fallback: RedCard[] = [];
    for (const card of cards) {
      const to = nextLevel(card.row.level as AppealLevel) as AppealLevel;
      const target = await this.departmentAt(m, card.row, to);
      const event = { payload: card.event.payload as Record<string, unknown>, visibility: card.event.visibility };
      let decision = await this.perform.executeAsSystem(
        m,
        card.row.id,
        { action: 'red_card', targetDepartmentId: target, reason: card.event.reason },
        now,
        event,
      );
      if (!decision.ok && target !== null) {
        // The rule's department cannot take it (it objected before): the next level's supervisors route it.
        decision = await this.perform.executeAsSystem(
          m,
          card.row.id,
          { action: 'red_card', targetDepartmentId: null, reason: card.event.reason },
          now,
          event,
        );
      }
      if (decision.ok) raised += 1;
      else {
        this.logger.warn({
          msg: 'red card could not raise the level; recorded as a ladder step',
          appealId: card.row.id,
          error: decision.error,
        });
        fallback.push(card);
      }
    }
    return { raised, fallback };
  }

  /** The department the routing rules name at the new level, if it is one of that level. */
  private async departmentAt(m: EntityManager, row: SweepAppeal, level: AppealLevel): Promise<string | null> {
    const proposal = await this.routing.propose(m, {
      id: row.id,
      categoryId: row.categoryId,
      regionCode: row.regionCode,
      regionLevel: levelOfCode(row.regionCode),
      level,
    });
    if (!proposal) return null;
    const department = await this.departments.findById(proposal.departmentId);
    return department && department.active && department.level === level ? String(department.id) : null;
  }
}
