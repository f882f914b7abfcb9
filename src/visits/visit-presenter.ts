import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { addDays } from '../sla/domain/shanghai-date';
import { clashesWith, weekOf } from './domain/visit-planning';
import { ACTIVE_PLAN_STATUSES, allowedVisitActions, countsForCoverage, type VisitRelation, type VisitStatus } from './domain/visit-state';
import type { VisitClashDto, VisitDto } from './dto/visit.dto';
import { type ActivePlan, type VisitRow, VisitsRepository } from './visits.repository';

const isActive = (status: VisitStatus) => (ACTIVE_PLAN_STATUSES as readonly VisitStatus[]).includes(status);

/**
 * Turns stored visits into what a caller reads: the joint visit's units, the week's clashes (for
 * a plan still on), the appeals raised from it and the actions this caller may take — a few
 * set-based reads per page, never one per visit.
 */
@Injectable()
export class VisitPresenter {
  constructor(
    private readonly visits: VisitsRepository,
    private readonly clock: Clock,
  ) {}

  /** Who the caller is to this visit: the planner (officer, or a member of the planning group), the firm, or neither. */
  async relationOf(user: AuthUser, row: Pick<VisitRow, 'enterpriseId' | 'officerId' | 'groupId'>): Promise<VisitRelation> {
    if (user.role === 'enterprise') return user.enterpriseId === row.enterpriseId ? 'firm' : 'other';
    if (row.groupId !== null) return (await this.visits.isGroupMember(user.id, row.groupId)) ? 'planner' : 'other';
    return user.role === 'officer' && row.officerId === user.id ? 'planner' : 'other';
  }

  async present(user: AuthUser, rows: VisitRow[]): Promise<VisitDto[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const active = rows.filter((r) => isActive(r.status));
    const [appeals, merged, plans] = await Promise.all([
      this.visits.appealsOf(ids),
      this.visits.mergedUnits(ids),
      active.length ? this.weekPlans(active) : Promise.resolve([] as ActivePlan[]),
    ]);
    const now = this.clock.now();
    const relations = await Promise.all(rows.map((r) => this.relationOf(user, r)));
    return rows.map((row, i) => ({
      id: row.id,
      enterpriseId: row.enterpriseId,
      enterpriseName: row.enterpriseName,
      officerId: row.officerId,
      officerName: row.officerName,
      regionCode: row.regionCode,
      status: row.status,
      visitDate: row.visitDate,
      proposedDate: row.proposedDate,
      form: row.form,
      purpose: row.purpose,
      participants: row.participants,
      notes: row.notes,
      problemsFound: row.problemsFound,
      firmNote: row.firmNote,
      groupId: row.groupId,
      unit: row.unit,
      units: [row.unit, ...(merged.get(row.id) ?? [])],
      mergedIntoId: row.mergedIntoId,
      confirmation: row.confirmation,
      countsForCoverage: countsForCoverage(row.status, row.confirmation),
      overBudget: row.overBudget,
      loggedAt: row.loggedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
      clashes: isActive(row.status) ? clashesOf(row.id, row.enterpriseId, plans) : [],
      allowedActions: allowedVisitActions(row, relations[i], now),
      appeals: appeals.get(row.id) ?? [],
    }));
  }

  /** The plans still on in the weeks of these visits, for their firms. */
  private weekPlans(rows: VisitRow[]): Promise<ActivePlan[]> {
    const mondays = rows.map((r) => weekOf(r.visitDate)).sort();
    return this.visits.activePlans(
      null,
      [...new Set(rows.map((r) => r.enterpriseId))],
      mondays[0],
      addDays(mondays[mondays.length - 1], 6),
    );
  }
}

/** The clashes of one visit among a firm's active plans (pure, over what was read). */
export function clashesOf(visitId: number, enterpriseId: number, plans: readonly ActivePlan[]): VisitClashDto[] {
  const firmPlans = plans.filter((p) => p.enterpriseId === enterpriseId);
  const byId = new Map(firmPlans.map((p) => [String(p.id), p]));
  return clashesWith(
    String(visitId),
    firmPlans.map((p) => ({ id: String(p.id), enterpriseId: String(p.enterpriseId), unitId: p.unit.key, plannedOn: p.visitDate })),
  ).map((id) => {
    const p = byId.get(id) as ActivePlan;
    return { visitId: p.id, visitDate: p.visitDate, status: p.status, unit: p.unit, version: p.version };
  });
}
